"""The evaluation: its matching rule, its question file, and the accuracy gate."""

import collections
import json
import pathlib
import sqlite3

import pytest
from click.testing import CliRunner

from cqbudget_db import evaluate as ev
from cqbudget_db.cli import cli
from cqbudget_db.evaluate import (DEFAULT_QUESTIONS, evaluate, format_report, load_questions,
                                  match_result, values_equal)

CATEGORIES = {"amount_threshold", "share", "ranking", "aggregate", "fund_lookup", "department",
              "indicator", "contact", "topic", "combination", "unanswerable"}


class Refused(Exception):
    pass


# ------------------------------------------------------------- matching rule

def test_values_equal_numbers_and_strings():
    assert values_equal(82, 82.0)
    assert values_equal(3968753.93, 3968753.9300000006)
    assert values_equal(42.9598, 42.96)              # within 0.005
    assert values_equal(42.955, 42.96)               # exactly 0.005 apart
    assert not values_equal(42.94, 42.96)
    assert values_equal(1e9, 1e9 + 500)              # relative 1e-6
    assert not values_equal(1e9, 1e9 + 5000)
    assert values_equal(113356.75, "113,356.75")     # a string that parses to the number
    assert values_equal(42.96, "42.96%")
    assert values_equal("100", 100.0)
    assert not values_equal(12, "12万人")             # not a number
    assert not values_equal(0, None)
    assert values_equal(None, None)
    assert values_equal("黄皇", " 黄皇 ")
    assert not values_equal("黄皇", "王光清")


def test_match_same_rows_in_another_order():
    ok, _ = match_result(["name"], [["甲"], ["乙"]], ["name"], [["乙"], ["甲"]])
    assert ok


def test_wrong_row_count_fails():
    ok, reason = match_result(["name"], [["甲"], ["乙"]], ["name"], [["甲"]])
    assert not ok and "2 rows" in reason
    ok, _ = match_result(["name"], [["甲"]], ["name"], [["甲"], ["乙"]])
    assert not ok


def test_wrong_values_fail():
    ok, reason = match_result(["name"], [["甲"], ["乙"]], ["name"], [["甲"], ["丙"]])
    assert not ok and "name" in reason
    # a multiset: duplicates count
    ok, _ = match_result(["name"], [["甲"], ["甲"]], ["name"], [["甲"], ["乙"]])
    assert not ok


def test_extra_engine_columns_are_fine():
    expected = [["学生资助专项", 113356.75], ["公租房专项", 14000.0]]
    engine = [[34, "重庆市住房和城乡建设委员会", "公租房专项", 14000, 14000.0, 0.0],
              [10, "重庆市教育委员会", "学生资助专项", 113356.75, 64660.75, 48696.0]]
    ok, _ = match_result(["name", "total"], expected, ["seq", "department", "name", "total", "city", "district"],
                         engine)
    assert ok


def test_each_expected_column_needs_a_distinct_engine_column():
    # both expected columns hold the same values, the engine has one such column
    ok, _ = match_result(["total", "city_spend"], [[10.0, 10.0], [20.0, 20.0]],
                         ["name", "total"], [["a", 10.0], ["b", 20.0]])
    assert not ok
    ok, _ = match_result(["total", "city_spend"], [[10.0, 10.0], [20.0, 20.0]],
                         ["total", "city_spend"], [[10.0, 10.0], [20.0, 20.0]])
    assert ok


def test_ordered_versus_unordered():
    expected = [["城市提升专项"], ["社会救助专项"], ["医疗保障人群补助专项"]]
    shuffled = [["社会救助专项"], ["城市提升专项"], ["医疗保障人群补助专项"]]
    assert match_result(["name"], expected, ["name"], shuffled, ordered=False)[0]
    ok, reason = match_result(["name"], expected, ["name"], shuffled, ordered=True)
    assert not ok and "sequence" in reason
    assert match_result(["name"], expected, ["name"], expected, ordered=True)[0]


def test_numeric_tolerance_in_columns():
    expected = [["教委", 13.36], ["卫健委", 3.76]]
    engine = [["卫健委", 3.755396], ["教委", 13.364638]]
    assert match_result(["d", "pct"], expected, ["d", "pct"], engine)[0]
    engine = [["卫健委", 3.7], ["教委", 13.4]]
    assert not match_result(["d", "pct"], expected, ["d", "pct"], engine)[0]


def test_single_value_appears_in_the_single_row():
    assert match_result(["count(*)"], [[14]], ["fund_count", "total"], [[14, 2701758.48]])[0]
    assert match_result(["sum(total)"], [[2701758.48]], ["fund_count", "total"], [[14, 2701758.48]])[0]
    assert not match_result(["count(*)"], [[14]], ["fund_count", "total"], [[15, 2701758.48]])[0]
    # the engine must give a single row for a single value
    assert not match_result(["count(*)"], [[2]], ["name"], [["a"], ["b"]])[0]


def test_evaluate_with_a_fake_engine(db_path):
    questions = [
        {"id": "q1", "category": "aggregate", "lang": "zh", "question": "一共多少专项", "ordered": False,
         "sql": "select count(*) from funds"},
        {"id": "q2", "category": "aggregate", "lang": "en", "question": "wrong", "ordered": False,
         "sql": "select count(*) from funds"},
        {"id": "q3", "category": "unanswerable", "lang": "zh", "question": "天气", "expect": "unanswerable"},
        {"id": "q4", "category": "unanswerable", "lang": "en", "question": "answered anyway",
         "expect": "unanswerable"},
        {"id": "q5", "category": "aggregate", "lang": "en", "question": "crash", "ordered": False,
         "sql": "select count(*) from funds"},
        {"id": "q6", "category": "aggregate", "lang": "zh", "question": "refused", "ordered": False,
         "sql": "select count(*) from funds"},
    ]

    def fake(question, db):
        if question == "一共多少专项":
            return {"columns": ["n"], "rows": [[82]], "sql": "select 82"}
        if question in ("wrong", "answered anyway"):
            return {"columns": ["n"], "rows": [[81]], "sql": "select 81"}
        if question in ("天气", "refused"):
            raise Refused("no")
        raise RuntimeError("boom")

    report = evaluate(db_path, questions, answer=fake, refusals=(Refused,))
    assert (report["passed"], report["total"]) == (2, 6)
    assert report["by_category"]["unanswerable"] == {"passed": 1, "total": 2, "accuracy": 0.5, "wrong": 1,
                                                     "wrong_rate": 0.5}
    assert (report["wrong"], report["wrong_rate"]) == (3, 0.5)      # q2, q4 and q5; q6 was only refused
    assert report["by_lang"]["zh"]["passed"] == 2 and report["by_lang"]["en"]["passed"] == 0
    reasons = {failure["id"]: failure["reason"] for failure in report["failures"]}
    assert set(reasons) == {"q2", "q4", "q5", "q6"}
    assert "should refuse" in reasons["q4"]
    assert "RuntimeError" in reasons["q5"] and "boom" in reasons["q5"]
    assert reasons["q6"].startswith("refused")
    text = format_report(report, failures=True)
    assert "overall" in text and "q5" in text and "33.3%" in text


# ------------------------------------------------------------- question file

EVALUATION_DIR = pathlib.Path(__file__).resolve().parent.parent / "evaluation"
QUESTION_FILES = sorted(p for p in EVALUATION_DIR.glob("*.yaml") if not p.name.startswith("conversations"))
CONVERSATION_FILES = sorted(EVALUATION_DIR.glob("conversations*.yaml"))
SNAPSHOT = EVALUATION_DIR / "passing.json"


@pytest.fixture(scope="module")
def questions():
    return load_questions(DEFAULT_QUESTIONS)


@pytest.fixture(scope="module", params=QUESTION_FILES, ids=lambda path: path.name)
def any_questions(request):
    return load_questions(request.param)


def test_question_file_shape(questions):
    assert len(questions) >= 250
    by_category = collections.Counter(q["category"] for q in questions)
    assert set(by_category) == CATEGORIES
    for category, count in by_category.items():
        assert count >= 10, category
    for category in CATEGORIES - {"unanswerable"}:
        langs = {q["lang"] for q in questions if q["category"] == category}
        assert langs == {"zh", "en"}, category
    langs = collections.Counter(q["lang"] for q in questions)
    assert 0.2 <= langs["en"] / len(questions) <= 0.45
    unanswerable = [q for q in questions if q.get("expect") == "unanswerable"]
    assert len(unanswerable) >= 10
    assert all(q["category"] == "unanswerable" for q in unanswerable)


def test_every_expected_sql_runs_and_returns_something(any_questions, db_path):
    questions = any_questions
    connection = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    problems = []
    try:
        for question in questions:
            if question.get("expect") == "unanswerable":
                continue
            try:
                rows = connection.execute(question["sql"]).fetchall()
            except sqlite3.Error as error:
                problems.append(f"{question['id']}: {error}")
                continue
            if question.get("empty"):       # "are there any … ?" whose answer is: none
                if rows:
                    problems.append(f"{question['id']}: marked empty, but returns rows")
                continue
            if not rows:
                problems.append(f"{question['id']}: no rows")
            elif all(value is None for value in rows[0]):
                problems.append(f"{question['id']}: only nulls")
    finally:
        connection.close()
    assert not problems, "\n".join(problems)


def test_load_questions_rejects_bad_entries(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n- {id: a, category: x, lang: zh, question: q}\n", encoding="utf-8")
    with pytest.raises(ev.QuestionFileError):
        load_questions(bad)
    bad.write_text("questions:\n- {id: a, category: x, lang: fr, question: q, sql: select 1}\n",
                   encoding="utf-8")
    with pytest.raises(ev.QuestionFileError):
        load_questions(bad)


# ------------------------------------------------------------- CLI

def test_eval_command_exit_status(db_path, monkeypatch):
    fake_report = {"passed": 1, "total": 2, "accuracy": 0.5,
                   "by_category": {"share": {"passed": 1, "total": 2, "accuracy": 0.5}},
                   "by_lang": {"zh": {"passed": 1, "total": 2, "accuracy": 0.5}},
                   "failures": [{"id": "x", "category": "share", "lang": "zh", "question": "q",
                                 "reason": "r", "engine_sql": None}],
                   "outcomes": [], "seconds": 0.0}
    monkeypatch.setattr(ev, "evaluate", lambda db, questions: fake_report)
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "50.0%" in result.output
    result = runner.invoke(cli, ["eval", "--db", str(db_path), "--min-accuracy", "0.9"])
    assert result.exit_code == 1
    result = runner.invoke(cli, ["eval", "--db", str(db_path), "--json", "--failures", "--category", "share"])
    assert result.exit_code == 0
    assert json.loads(result.output)["accuracy"] == 0.5
    result = runner.invoke(cli, ["eval", "--db", str(db_path), "--category", "no_such_category"])
    assert result.exit_code != 0


# ------------------------------------------------------------- the gate

def test_snapshot_lists_every_gated_file():
    passing = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    gated = {p.name for p in QUESTION_FILES + CONVERSATION_FILES if "sealed" not in p.name}
    assert set(passing) == gated
    assert "sealed.yaml" not in passing        # the sealed set is measured, never used as a gate


@pytest.mark.parametrize("path", [p for p in QUESTION_FILES if "sealed" not in p.name], ids=lambda p: p.name)
def test_no_question_that_passed_fails_now(path, db_path):
    """The gate is a snapshot: any question that passed when the snapshot was taken must still pass."""
    expected = set(json.loads(SNAPSHOT.read_text(encoding="utf-8"))[path.name])
    report = evaluate(db_path, load_questions(path))
    regressed = [f for f in report["failures"] if f["id"] in expected]
    assert not regressed, "\n".join(f"{f['id']} {f['question']}: {f['reason']}" for f in regressed)


@pytest.mark.parametrize("path", [p for p in CONVERSATION_FILES if "sealed" not in p.name], ids=lambda p: p.name)
def test_no_conversation_turn_that_passed_fails_now(path, db_path):
    from cqbudget_db.conversations import evaluate_conversations, load_conversations

    expected = set(json.loads(SNAPSHOT.read_text(encoding="utf-8"))[path.name])
    report = evaluate_conversations(db_path, load_conversations(path))
    regressed = [f for f in report["failures"] if f["id"] in expected]
    assert not regressed, "\n".join(f"{f['id']} {f['question']}: {f['reason']}" for f in regressed)
