"""Question → SQL → rows → a short answer with its sources: the one pipeline behind the
CLI, the llm model, the ask page, the MCP tool and the evaluation.

The offline engine (model id "cqbudget") reads the question (engine.understand),
composes SQL with bound parameters (engine.compose), runs it read-only
(guard.run_query) and writes the sentence from the rows (engine.answer).  Any
other model id goes to llm_sql, imported only then.  A conversation passes the
previous turn's state (engine.dialogue.State, or its dict) and gets the next one.
"""

import os
import urllib.parse

from . import amounts, metrics
from .engine.compose import ComposeError, compose
from .engine.dialogue import (State, remember, state_after, state_after_partial, state_of_refused,
                              state_of_unresolved)
from .engine.explain import humane
from .engine.answer import sentence
from .engine.refusals import EXAMPLES, QuestionError, Unanswerable, refuse_partial, refuse_topic
from .engine.understand import understand
from .engine.vocab import load_vocabulary
from .guard import run_query

OFFLINE_MODEL = "cqbudget"
DATABASE_NAME = "cqbudget"
FALLBACK_ENV = "CQBUDGET_FALLBACK_MODEL"
MAX_QUESTION = 500
MAX_HISTORY_TURNS = 20
MAX_HISTORY_CHARS = 5000
RESULT_VERSION = "2"

__all__ = ["ask", "answer", "ask_in_conversation", "explain", "permalink", "Unanswerable", "QuestionError", "EXAMPLES",
           "OFFLINE_MODEL"]


def ask(question, db_path, model=None, fallback_model=None, state=None, conn=None):
    """Answer one question; returns the JSON-able result dict (with "state" for a follow-up)."""
    return answer(question, db_path, model=model, fallback_model=fallback_model, state=state, conn=conn)[0]


def answer(question, db_path, model=None, fallback_model=None, state=None, conn=None):
    """(result, next State): like ask(), for conversations."""
    text = validate(question)
    if model and model != OFFLINE_MODEL:
        from .llm_sql import answer_with_model
        return answer_with_model(text, db_path, model), None
    state = State.from_dict(state)
    try:
        return offline(text, db_path, state, conn)
    except Unanswerable:
        fallback = fallback_model or os.environ.get(FALLBACK_ENV)
        if not fallback or fallback == OFFLINE_MODEL:
            raise
        from .llm_sql import answer_with_model
        result = answer_with_model(text, db_path, fallback)
        result.setdefault("notes", []).append(
            f"the offline engine could not read this question; answered by {fallback}")
        return result, None


def ask_in_conversation(question, history, db_path, conn=None):
    """Answer question as the next turn after the previous questions in history.

    The state is rebuilt by asking the previous questions again, in order (a
    refused turn keeps what it named), so a URL or a request that lists the
    questions reproduces the whole conversation without any server-side session.
    """
    history = list(history or [])
    if len(history) > MAX_HISTORY_TURNS:
        raise QuestionError(f"The conversation has {len(history)} earlier questions; at most {MAX_HISTORY_TURNS} are kept.")
    if sum(len(h) for h in history if isinstance(h, str)) > MAX_HISTORY_CHARS:
        raise QuestionError(f"The earlier questions are longer than {MAX_HISTORY_CHARS} characters in all.")
    state = None
    for earlier in history:
        try:
            state = answer(earlier, db_path, state=state, conn=conn)[1]
        except Unanswerable as error:
            state = State.from_dict(error.state) or state
    return ask(question, db_path, state=state, conn=conn)


def validate(question):
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("The question is empty. Ask something like: " + EXAMPLES["zh"][0])
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"The question is {len(question)} characters long; ask in at most {MAX_QUESTION}.")
    if "\x00" in question:
        raise QuestionError("The question contains a NUL character.")
    return question.strip()


def read(text, db_path, state=None):
    """(Reading, Plan) or Unanswerable: the engine's reading of the question and the SQL it leads to."""
    vocab = load_vocabulary(db_path)
    reading = understand(text, vocab, state)
    if reading.refusal:
        error = refuse_topic(reading, vocab)
        kept = state_of_refused(reading) if reading.refusal.reason not in ("reference", "empty") else \
            state_of_unresolved(reading) if reading.refusal.reason == "reference" and state is None else None
        error.state = kept.to_dict() if kept else (state.to_dict() if state else None)
        raise error
    if reading.unread:
        error = refuse_partial(reading, vocab)
        kept = state_after_partial(reading, state)
        error.state = kept.to_dict() if kept else None
        raise error
    try:
        plan = compose(reading.query)
    except ComposeError as error:
        refused = refuse_partial(reading, vocab, reason=error.say(reading.lang))
        kept = state_after_partial(reading, state)
        refused.state = kept.to_dict() if kept else None
        raise refused from None
    return reading, plan, vocab


def offline(text, db_path, state=None, conn=None):
    reading, plan, vocab = read(text, db_path, state)
    result = run_query(db_path, plan.sql, plan.params, conn=conn)
    sources = _sources(db_path, plan, result, vocab, conn)
    said = sentence(plan, result.columns, result.rows, reading, vocab)
    if reading.resolved:
        said = ("（" + "；".join(f"{r['text']} → {r['meaning']}" for r in reading.resolved) + "）" + said
                if reading.lang == "zh" else
                "(" + "; ".join(f"{r['text']} → {r['meaning']}" for r in reading.resolved) + ") " + said)
    if result.truncated:
        said += "（结果超过行数上限，已截断）" if reading.lang == "zh" else " (the result was cut at the row limit)"
    notes = list(reading.notes)
    if plan.query.ambiguous:
        names = "、".join(vocab.fund_name(s) for s in plan.query.funds[:8])
        notes.append(f"“{plan.query.fund_term}”可指多个专项：{names}" if reading.lang == "zh"
                     else f"“{plan.query.fund_term}” matches several funds: {names}")
    next_state = remember(state_after(text, reading.lang, plan.query, result.columns, result.rows, sources, vocab),
                          state)
    if state is not None and len(next_state.order) < 2 and len(state.order) >= 2:
        next_state.order = state.order      # 前者 / 后者 still mean the pair named before
        next_state.list_query = state.list_query
    return {
        "version": RESULT_VERSION,
        "question": text,
        "model": OFFLINE_MODEL,
        "sql": result.sql,
        "params": plan.params,
        "columns": result.columns,
        "rows": amounts.round_rows(result.columns, result.rows),
        "units": metrics.units(result.columns),
        "answer": said,
        "sources": sources,
        "url": permalink(result.sql, plan.params),
        "truncated": result.truncated,
        "notes": notes,
        "status": "ok" if result.rows else "empty",
        "understood": [{"text": t, "meaning": humane(m, reading.lang, vocab)} for t, m in reading.understood],
        "resolved": reading.resolved,
        "state": next_state.to_dict(),
    }, next_state


def explain(question, db_path, state=None):
    """How the question is read, span by span, whether or not it can be answered."""
    from .engine.explain import explain as explain_reading

    vocab = load_vocabulary(db_path)
    return explain_reading(understand(validate(question), vocab, State.from_dict(state)), vocab)


def permalink(sql, params=None):
    """The Datasette path that reruns the SQL, with its named parameters in the query string."""
    query = {"sql": sql}
    query.update({name: _param(value) for name, value in (params or {}).items()})
    return f"/{DATABASE_NAME}?" + urllib.parse.urlencode(query)


def _param(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_GROUP_KEYS = ("department", "contact", "phone")   # result columns that name a group of funds


def _sources(db_path, plan, result, vocab, conn=None):
    """The funds an answer rests on, with their catalog lines: the rows' own funds when the rows name them,
    a department's (contact's, phone's) funds when they name those, else every fund the filters select."""
    if "seq" in result.columns and result.rows:
        return _funds_as_sources(vocab, {r[result.columns.index("seq")] for r in result.rows})
    if result.rows and plan.kind == "department_set":
        named = set((result.rows[0][result.columns.index("departments")] or "").split("|"))
        return _funds_as_sources(vocab, {s for s, f in vocab.funds.items() if f.department in named})
    rows = run_query(db_path, plan.sources_sql, plan.sources_params, max_rows=200, conn=conn).rows
    if result.rows and plan.kind in ("departments", "contacts"):
        # a ranked or filtered list of departments (contacts, phones) rests on their own funds only
        keys = [k for k in _GROUP_KEYS if k in result.columns]
        if keys and not (plan.query.target == "phones" and "phone" not in keys):
            key = "phone" if plan.query.target == "phones" else keys[0]
            named = {r[result.columns.index(key)] for r in result.rows}
            funds = run_query(db_path, f"select seq, {key} from funds", max_rows=1000, conn=conn).rows
            wanted = {seq for seq, value in funds if value in named}
            rows = [r for r in rows if r[0] in wanted]
    return [{"seq": seq, "name": name, "line": line} for seq, name, line in rows]


def _funds_as_sources(vocab, seqs):
    return [{"seq": s, "name": vocab.funds[s].name, "line": vocab.funds[s].source_line}
            for s in sorted(seqs & set(vocab.funds))[:200]]
