"""Measure follow-up questions: conversations whose every turn has an expected answer.

evaluation/conversations.yaml holds conversations of two to five turns; each turn
has a question, a kind (first, pronoun, ellipsis, refinement, aggregation, fresh,
refuse) and either the SQL of its expected answer or ``expect: unanswerable``.
Each conversation starts afresh; the state returned by one turn is passed to the
next (after a refusal, the state the refusal kept, if any).  Turns are matched
like single questions (evaluate.match_result).
"""

import pathlib
import sqlite3
import time
from collections import OrderedDict

import yaml

from .evaluate import UNANSWERABLE, QuestionFileError, _open_read_only, match_result

KINDS = ("first", "pronoun", "ellipsis", "refinement", "aggregation", "fresh", "refuse")


def load_conversations(path):
    path = pathlib.Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    conversations = data.get("conversations") if isinstance(data, dict) else None
    if not isinstance(conversations, list):
        raise QuestionFileError(f"{path}: expected a 'conversations' list")
    for conversation in conversations:
        for n, turn in enumerate(conversation.get("turns") or [], 1):
            where = f"{path}: {conversation.get('id')} turn {n}"
            if not turn.get("question") or turn.get("kind") not in KINDS:
                raise QuestionFileError(f"{where}: needs a question and a kind in {KINDS}")
            if bool(turn.get("sql")) == (turn.get("expect") == UNANSWERABLE):
                raise QuestionFileError(f"{where}: needs exactly one of sql or 'expect: unanswerable'")
    return conversations


def evaluate_conversations(db_path, conversations, answer=None, refusals=None):
    """Run every conversation; the report counts turns, overall and per kind."""
    if answer is None:
        from .ask import QuestionError, Unanswerable, answer as ask_answer

        answer, refusals = ask_answer, (Unanswerable, QuestionError)
    started = time.perf_counter()
    connection = _open_read_only(db_path)
    outcomes = []
    try:
        for conversation in conversations:
            state = None
            for n, turn in enumerate(conversation["turns"], 1):
                outcome, state = _turn(connection, db_path, conversation["id"], n, turn, state, answer, refusals)
                outcomes.append(outcome)
    finally:
        connection.close()
    by_kind = OrderedDict((kind, _rate([o for o in outcomes if o["kind"] == kind]))
                          for kind in KINDS if any(o["kind"] == kind for o in outcomes))
    report = _rate(outcomes)
    report.update({"conversations": len(conversations), "by_kind": by_kind,
                   "failures": [o for o in outcomes if not o["passed"]],
                   "passed_ids": [o["id"] for o in outcomes if o["passed"]],
                   "seconds": round(time.perf_counter() - started, 3)})
    return report


def _turn(connection, db_path, conversation_id, n, turn, state, answer, refusals):
    outcome = {"id": f"{conversation_id}#{n}", "kind": turn["kind"], "question": turn["question"],
               "passed": False, "outcome": "wrong", "reason": "", "answer": None}
    try:
        result, new_state = answer(turn["question"], db_path, state=state)
    except refusals as error:
        expected = turn.get("expect") == UNANSWERABLE
        outcome.update(passed=expected, outcome="passed" if expected else "refused",
                       reason="refused as expected" if expected else f"refused: {str(error).splitlines()[0]}")
        return outcome, getattr(error, "state", None) or state
    except Exception as error:  # noqa: BLE001 — a crash is a recorded failure
        outcome.update(outcome="error", reason=f"error: {type(error).__name__}: {error}")
        return outcome, state
    outcome["answer"] = result.get("answer")
    if turn.get("expect") == UNANSWERABLE:
        outcome["reason"] = "answered a turn it should refuse"
        return outcome, new_state
    try:
        cursor = connection.execute(turn["sql"])
    except sqlite3.Error as error:
        outcome["reason"] = f"expected SQL failed: {error}"
        return outcome, new_state
    columns = [d[0] for d in cursor.description]
    passed, reason = match_result(columns, [list(r) for r in cursor.fetchall()], result.get("columns"),
                                  result.get("rows"), ordered=turn.get("ordered", False))
    outcome.update(passed=passed, outcome="passed" if passed else "wrong", reason=reason)
    return outcome, new_state


def _rate(outcomes):
    total = len(outcomes)
    passed = sum(o["passed"] for o in outcomes)
    wrong = sum(o["outcome"] in ("wrong", "error") for o in outcomes)
    return {"passed": passed, "total": total, "accuracy": passed / total if total else 0.0,
            "wrong": wrong, "wrong_rate": wrong / total if total else 0.0}


def format_conversation_report(report, failures=False):
    lines = [f"{'kind':<14} {'passed':>7} {'turns':>6} {'accuracy':>9} {'wrong':>6}"]
    for kind, row in report["by_kind"].items():
        lines.append(f"{kind:<14} {row['passed']:>7} {row['total']:>6} {row['accuracy']:>8.1%} {row['wrong']:>6}")
    lines.append(f"{'all turns':<14} {report['passed']:>7} {report['total']:>6} {report['accuracy']:>8.1%} "
                 f"{report['wrong']:>6}   ({report['conversations']} conversations; "
                 f"wrong answers {report['wrong_rate']:.1%})")
    if failures:
        for failure in report["failures"]:
            lines.append(f"  {failure['id']:<10} [{failure['kind']}] {failure['question']}")
            lines.append(f"             {failure['reason']}")
    return "\n".join(lines)
