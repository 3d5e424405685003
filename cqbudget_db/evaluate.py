"""Measure the question engine against hand-written expected answers.

The questions live in ``evaluation/questions.yaml`` (shipped in the package): each has an ``id``, a
``category``, a ``lang`` (zh/en), the ``question``, and either ``sql`` — a
hand-written query over the database giving the expected answer — or
``expect: unanswerable``. ``ordered: true`` marks answers whose row order
matters (rankings, top N).

Matching rule
-------------
The expected SQL is run on a read-only connection to the same database.

* An answerable question matches when the engine returns a result and

  (a) the engine returned as many rows as the expected SQL, and
  (b) every expected column is matched by some *distinct* engine column whose
      values are equal — compared as multisets, or as sequences when the
      question is ``ordered: true``. Columns are compared independently of
      one another; extra engine columns are ignored, and so are column names.

  A single-row, single-value expected result (a count, a sum, a name) matches
  when the engine returned exactly one row and that value appears in any of
  its columns. An empty expected result matches an empty engine result.

* Two values are equal when
    - both are null;
    - both are numbers and ``|a - b| <= max(1e-6 * max(|a|, |b|), 0.005)``
      (relative tolerance 1e-6, absolute tolerance 0.005, so a figure rounded
      to two decimals matches the unrounded one);
    - one is a number and the other a string that parses to a number equal in
      that sense (surrounding spaces, thousands separators ``,`` and one
      trailing ``%`` are ignored when parsing);
    - both are strings that are equal after stripping surrounding whitespace,
      or both parse to numbers equal in the sense above.
  Nothing else is equal (a number never matches a non-numeric string).

* A question with ``expect: unanswerable`` matches only when the engine raises
  ``Unanswerable`` or ``QuestionError``. For an answerable question those
  exceptions are failures ("refused"); any other exception is a failure with
  the error recorded.

The report gives the overall accuracy, the accuracy per category and per
language, and every failure with its id, question and reason.
"""

import math
import pathlib
import re
import sqlite3
import time
from collections import OrderedDict

import yaml

from .resources import QUESTIONS as DEFAULT_QUESTIONS

REL_TOL = 1e-6
ABS_TOL = 0.005
_ABS_SLACK = 1e-9  # float noise: 42.955 - 42.96 is not exactly 0.005

LANGS = ("zh", "en")
UNANSWERABLE = "unanswerable"


class QuestionFileError(ValueError):
    """The question file is malformed."""


# --------------------------------------------------------------------- loading

def load_questions(path=DEFAULT_QUESTIONS):
    """Read and validate the question file; return a list of dicts."""
    path = pathlib.Path(path)
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    items = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise QuestionFileError(f"{path}: expected a list of questions (or a 'questions' key)")
    seen = set()
    questions = []
    for number, item in enumerate(items, 1):
        where = f"{path}: entry {number}"
        if not isinstance(item, dict):
            raise QuestionFileError(f"{where}: not a mapping")
        for key in ("id", "category", "lang", "question"):
            if not item.get(key):
                raise QuestionFileError(f"{where}: missing {key}")
        qid = str(item["id"])
        where = f"{path}: {qid}"
        if qid in seen:
            raise QuestionFileError(f"{where}: duplicate id")
        seen.add(qid)
        if item["lang"] not in LANGS:
            raise QuestionFileError(f"{where}: lang must be one of {LANGS}")
        has_sql = bool(item.get("sql"))
        expect = item.get("expect")
        if has_sql == (expect == UNANSWERABLE):
            raise QuestionFileError(f"{where}: needs exactly one of sql or 'expect: unanswerable'")
        if expect not in (None, UNANSWERABLE):
            raise QuestionFileError(f"{where}: unknown expect {expect!r}")
        question = dict(item)
        question["id"] = qid
        question["question"] = str(item["question"])
        question["ordered"] = bool(item.get("ordered", False))
        questions.append(question)
    return questions


# -------------------------------------------------------------------- matching

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _as_number(value):
    """The value as a float, or None when it is not a number or numeric string."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.endswith("%"):
            text = text[:-1].rstrip()
        if _NUMBER.fullmatch(text):
            return float(text)
    return None


def numbers_close(a, b):
    """Relative tolerance 1e-6 or absolute tolerance 0.005."""
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= max(REL_TOL * max(abs(a), abs(b)), ABS_TOL + _ABS_SLACK)


def values_equal(expected, actual):
    """Whether an engine value equals an expected value (see the module docstring)."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, str) and isinstance(actual, str):
        if expected.strip() == actual.strip():
            return True
    x, y = _as_number(expected), _as_number(actual)
    if x is None or y is None:
        return False
    return numbers_close(x, y)


def column_matches(expected_values, actual_values, ordered=False):
    """Whether two equally long columns hold equal values (sequence or multiset)."""
    if len(expected_values) != len(actual_values):
        return False
    if ordered:
        return all(values_equal(e, a) for e, a in zip(expected_values, actual_values))
    unused = list(actual_values)
    for value in expected_values:
        for index, candidate in enumerate(unused):
            if values_equal(value, candidate):
                del unused[index]
                break
        else:
            return False
    return True


def _assign(candidates, count):
    """A distinct engine column for each expected column (bipartite matching), or None."""
    owner = {}

    def place(column, visited):
        for engine_column in candidates[column]:
            if engine_column in visited:
                continue
            visited.add(engine_column)
            if engine_column not in owner or place(owner[engine_column], visited):
                owner[engine_column] = column
                return True
        return False

    for column in range(count):
        if not place(column, set()):
            return None
    return {column: engine_column for engine_column, column in owner.items()}


def match_result(expected_columns, expected_rows, engine_columns, engine_rows, ordered=False):
    """Compare an engine result with the expected one; return (matched, reason)."""
    expected_rows = [list(row) for row in expected_rows]
    engine_rows = [list(row) for row in (engine_rows or [])]
    if not expected_rows:
        if engine_rows:
            return False, f"expected no rows, engine returned {len(engine_rows)}"
        return True, "ok"
    if len(expected_rows) != len(engine_rows):
        return False, f"expected {len(expected_rows)} rows, engine returned {len(engine_rows)}"
    width = len(expected_rows[0])
    engine_width = max((len(row) for row in engine_rows), default=0)
    if len(expected_rows) == 1 and width == 1:
        value = expected_rows[0][0]
        if any(values_equal(value, actual) for actual in engine_rows[0]):
            return True, "ok"
        return False, f"expected value {_short(value)} not in the engine's row {_short(engine_rows[0])}"
    expected_by_column = [[row[i] for row in expected_rows] for i in range(width)]
    engine_by_column = [[row[j] if j < len(row) else None for row in engine_rows]
                        for j in range(engine_width)]
    candidates = {
        i: [j for j in range(engine_width) if column_matches(expected_by_column[i], engine_by_column[j], ordered)]
        for i in range(width)
    }
    assignment = _assign(candidates, width)
    if assignment is not None:
        return True, "ok"
    names = list(expected_columns or [])
    missing = [names[i] if i < len(names) else f"column {i + 1}" for i in range(width) if not candidates[i]]
    how = "sequence" if ordered else "values"
    if missing:
        return False, f"no engine column has the expected {how} of {', '.join(missing)}"
    return False, "expected columns cannot be matched to distinct engine columns"


def _short(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ evaluation

def expected_result(connection, question):
    """Run a question's expected SQL; return (columns, rows)."""
    cursor = connection.execute(question["sql"])
    columns = [description[0] for description in cursor.description or []]
    return columns, [list(row) for row in cursor.fetchall()]


def _open_read_only(db_path):
    uri = pathlib.Path(db_path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True)


def _default_engine():
    from .ask import QuestionError, Unanswerable, ask

    return ask, (Unanswerable, QuestionError)


def check_question(connection, db_path, question, answer, refusals):
    """Evaluate one question; return a dict with passed, reason and the engine's SQL."""
    outcome = {"id": question["id"], "category": question["category"], "lang": question["lang"],
               "question": question["question"], "passed": False, "reason": "", "engine_sql": None,
               "outcome": "wrong"}
    unanswerable = question.get("expect") == UNANSWERABLE
    expected = None
    if not unanswerable:
        try:
            expected = expected_result(connection, question)
        except sqlite3.Error as error:
            outcome["reason"] = f"expected SQL failed: {error}"
            return outcome
    try:
        result = answer(question["question"], db_path)
    except refusals as error:
        if unanswerable:
            outcome["passed"], outcome["outcome"] = True, "passed"
            outcome["reason"] = "refused as expected"
        else:
            outcome["outcome"] = "partial" if getattr(error, "status", None) == "partial" else "refused"
            outcome["reason"] = f"refused: {type(error).__name__}: {error}"
        return outcome
    except Exception as error:  # noqa: BLE001 — any engine crash is a recorded failure
        outcome["reason"] = f"error: {type(error).__name__}: {error}"
        outcome["outcome"] = "error"
        return outcome
    result = result or {}
    outcome["engine_sql"] = result.get("sql")
    if unanswerable:
        outcome["reason"] = "answered a question it should refuse"
        return outcome
    columns, rows = expected
    passed, reason = match_result(columns, rows, result.get("columns"), result.get("rows"),
                                  ordered=question.get("ordered", False))
    outcome["passed"], outcome["reason"] = passed, reason
    outcome["outcome"] = "passed" if passed else "wrong"
    return outcome


def _accuracy(outcomes):
    """Accuracy, and the wrong-answer rate: answered (not refused) but wrong."""
    total = len(outcomes)
    passed = sum(1 for outcome in outcomes if outcome["passed"])
    wrong = sum(1 for outcome in outcomes if outcome.get("outcome") in ("wrong", "error"))
    return {"passed": passed, "total": total, "accuracy": passed / total if total else 0.0,
            "wrong": wrong, "wrong_rate": wrong / total if total else 0.0}


def evaluate(db_path, questions, answer=None, refusals=None):
    """Ask every question and compare; return the report (a dict).

    ``answer(question, db_path) -> dict`` defaults to ``cqbudget_db.ask.ask``;
    ``refusals`` (the exceptions that mean "cannot answer") defaults to
    ``(Unanswerable, QuestionError)`` from the same module.
    """
    if answer is None or refusals is None:
        default_answer, default_refusals = _default_engine()
        answer = answer or default_answer
        refusals = refusals or default_refusals
    refusals = tuple(refusals) if isinstance(refusals, (list, tuple)) else (refusals,)
    started = time.perf_counter()
    connection = _open_read_only(db_path)
    try:
        outcomes = [check_question(connection, db_path, question, answer, refusals)
                    for question in questions]
    finally:
        connection.close()
    by_category = OrderedDict()
    for category in sorted({outcome["category"] for outcome in outcomes}):
        by_category[category] = _accuracy([o for o in outcomes if o["category"] == category])
    by_lang = OrderedDict()
    for lang in [lang for lang in LANGS if any(o["lang"] == lang for o in outcomes)]:
        by_lang[lang] = _accuracy([o for o in outcomes if o["lang"] == lang])
    report = _accuracy(outcomes)
    report.update({
        "by_category": by_category,
        "by_lang": by_lang,
        "failures": [{key: outcome[key] for key in ("id", "category", "lang", "question", "reason", "engine_sql",
                                                    "outcome")}
                     for outcome in outcomes if not outcome["passed"]],
        "partial": [{"id": o["id"], "question": o["question"]} for o in outcomes if o.get("outcome") == "partial"],
        "outcomes": outcomes,
        "seconds": round(time.perf_counter() - started, 3),
    })
    return report


# ------------------------------------------------------------------ formatting

def _width(text):
    """Display width: CJK and full-width characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text, width):
    return text + " " * max(0, width - _width(text))


def format_report(report, failures=False):
    """The report as text: per-category and per-language tables, overall accuracy,
    and (with failures=True) every failure."""
    lines = []
    header = f"{'category':<18} {'passed':>7} {'total':>6} {'accuracy':>9}"
    lines.append(header)
    lines.append("-" * len(header))
    for name, row in report["by_category"].items():
        lines.append(f"{name:<18} {row['passed']:>7} {row['total']:>6} {row['accuracy']:>8.1%}")
    lines.append("-" * len(header))
    for name, row in report["by_lang"].items():
        lines.append(f"{'lang ' + name:<18} {row['passed']:>7} {row['total']:>6} {row['accuracy']:>8.1%}")
    lines.append("-" * len(header))
    lines.append(f"{'overall':<18} {report['passed']:>7} {report['total']:>6} {report['accuracy']:>8.1%}")
    if "wrong" in report:
        lines.append(f"{'wrong answers':<18} {report['wrong']:>7} {report['total']:>6} {report['wrong_rate']:>8.1%}"
                     "   (answered, but wrong)")
    if report.get("partial"):
        shown = [p["id"] + (f" {p['question']}" if failures else "") for p in report["partial"]]
        lines.append(f"Refused as partly understood ({len(shown)}): " + "; ".join(shown))
    if failures and report["failures"]:
        lines.append("")
        lines.append(f"Failures ({len(report['failures'])}):")
        for failure in report["failures"]:
            lines.append(f"  {_pad(failure['id'], 8)} {failure['question']}")
            for text in str(failure["reason"]).splitlines() or [""]:
                lines.append(f"           {text}")
            if failure.get("engine_sql"):
                lines.append(f"           engine sql: {' '.join(str(failure['engine_sql']).split())}")
    return "\n".join(lines)


def report_as_json(report, include_outcomes=False):
    """A JSON-ready copy of the report (without per-question outcomes unless asked)."""
    data = {key: value for key, value in report.items() if include_outcomes or key != "outcomes"}
    data["by_category"] = dict(report["by_category"])
    data["by_lang"] = dict(report["by_lang"])
    return data
