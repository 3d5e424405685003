"""The Python API: ask a question, get a typed answer.

    from cqbudget_db import ask

    result = ask("哪些专项超过10亿元？")     # an Answer
    result.answer                            # '预算超过10亿元的专项共14个，…'
    result.records()                         # the rows as dicts: [{'seq': 7, 'name': …, 'total': 127974.4, …}, …]
    result.to_dict()                         # the JSON contract (cqbudget_db/ask.schema.json)

    follow_up = ask("其中市级支出最多的是哪个？", state=result.state)
    same = ask("其中市级支出最多的是哪个？", history=["哪些专项超过10亿元？"])

The database is the one the `cqbudget` commands use when none is given ($CQBUDGET_DB,
./cqbudget.db, else the per-user copy, built on first use: see cqbudget_db.database);
pass ``db=`` to choose.

Questions it will not answer raise, all subclasses of cqbudget_db.errors.CqbudgetError:

  Unanswerable   the document does not cover it (status "refused": another year, actual
                 spending, opinions, changing the data, …) or only part of it was understood
                 ("partial"); it has .message, .understood, .unread, .suggestions, .examples
                 and .to_dict()
  QuestionError  the question itself is unusable: empty, over 500 characters, a NUL
                 character, or a history that is not a list of at most 20 questions
  CqbudgetError  anything else that went wrong and is not a bug (no usable database, a
                 model's query that failed the guard, …)

respond() never raises for these: it returns an Answer or a Refusal, whose to_dict() are
the contract's two shapes.  The CLI's `ask --json`, the ask page's /-/ask.json and the MCP
tool ask_budget all go through respond().

This is a thin, typed layer over cqbudget_db.ask.ask(), which returns the same contract as
a plain dict (and stays the engine's entry point).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import CqbudgetError

__all__ = ["Answer", "Refusal", "Source", "Phrase", "ask", "respond", "response_schema", "SCHEMA_VERSION",
           "MAX_HISTORY", "Unanswerable", "QuestionError", "CqbudgetError"]

MAX_HISTORY = 20            # earlier questions replayed for a follow-up (the engine's MAX_HISTORY_TURNS)
OFFLINE_MODEL = "cqbudget"
SCHEMA_VERSION = "2"        # the contract's "version"; equals cqbudget_db.ask.RESULT_VERSION


def _engine():
    """cqbudget_db.ask, imported on first use (it loads the engine)."""
    import importlib

    return importlib.import_module(".ask", __package__)


def __getattr__(name):
    # Unanswerable and QuestionError live in the engine; importing them here would make
    # `import cqbudget_db.api` load it.
    if name in ("Unanswerable", "QuestionError"):
        return getattr(_engine(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ----------------------------------------------------------------------------- the shapes

@dataclass(frozen=True)
class Source:
    """A fund the answer rests on: its 序号, its name and the document line of its table."""

    seq: int
    name: str
    line: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "name": self.name, "line": self.line}


@dataclass(frozen=True)
class Phrase:
    """A piece of the question and what it was read as (understood), or a reference to an
    earlier turn and what it stands for (resolved)."""

    text: str
    meaning: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "meaning": self.meaning}


@dataclass
class Answer:
    """An answered question: the sentence, the SQL that produced it and its rows, sources.

    Amounts in rows are 万元 (see units); url is the Datasette path that reruns the SQL with
    its params.  status is "ok" (rows), "empty" (the query ran and matched nothing: the
    document does not contain it) or "failed" (an llm model's query could not be run).
    state is what a follow-up question may refer to: pass it back as ask(…, state=…).
    """

    question: str
    model: str
    answer: str
    sql: str | None
    params: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]
    units: dict[str, str]
    sources: list[Source]
    url: str | None
    truncated: bool = False
    notes: list[str] = field(default_factory=list)
    status: Literal["ok", "empty", "failed"] = "ok"
    understood: list[Phrase] = field(default_factory=list)
    resolved: list[Phrase] = field(default_factory=list)
    state: dict[str, Any] | None = field(default=None, repr=False)
    version: str = SCHEMA_VERSION

    answered = True

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts, column name → value."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_dict(self, *, include_state: bool = True) -> dict[str, Any]:
        """The answered shape of the JSON contract (the dict cqbudget_db.ask.ask() returns).

        include_state=False leaves out "state", which only a follow-up question needs.
        """
        data = {
            "version": self.version,
            "question": self.question,
            "model": self.model,
            "sql": self.sql,
            "params": dict(self.params),
            "columns": list(self.columns),
            "rows": [list(row) for row in self.rows],
            "units": dict(self.units),
            "answer": self.answer,
            "sources": [source.to_dict() for source in self.sources],
            "url": self.url,
            "truncated": self.truncated,
            "notes": list(self.notes),
            "status": self.status,
            "understood": [phrase.to_dict() for phrase in self.understood],
            "resolved": [phrase.to_dict() for phrase in self.resolved],
        }
        if include_state:
            data["state"] = self.state
        return data

    def to_json(self, **options) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, default=str, **options)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Answer:
        """From ask()'s dict; keys an older engine or an llm model leave out get their defaults."""
        columns = list(data.get("columns") or [])
        units = data.get("units")
        if units is None:
            from . import metrics

            units = metrics.units(columns)
        return cls(
            version=str(data.get("version") or SCHEMA_VERSION),
            question=data.get("question") or "",
            model=data.get("model") or OFFLINE_MODEL,
            answer=data.get("answer") or "",
            sql=data.get("sql"),
            params=dict(data.get("params") or {}),
            columns=columns,
            rows=[list(row) for row in data.get("rows") or []],
            units=dict(units),
            sources=[Source(s.get("seq"), s.get("name"), s.get("line")) for s in data.get("sources") or []],
            url=data.get("url"),
            truncated=bool(data.get("truncated")),
            notes=list(data.get("notes") or []),
            status=data.get("status") or ("ok" if data.get("rows") else "empty"),
            understood=[Phrase(p["text"], p["meaning"]) for p in data.get("understood") or []],
            resolved=[Phrase(p["text"], p["meaning"]) for p in data.get("resolved") or []],
            state=data.get("state"),
        )


@dataclass
class Refusal:
    """A question that was not answered, and why: the unanswered shape of the contract.

    status: "refused" (the document does not cover it), "partial" (only part of it was
    understood: understood and unread say which), "invalid" (the question itself is
    unusable) or "failed" (something else went wrong; error says what).
    """

    question: str
    model: str
    error: str
    status: Literal["refused", "partial", "invalid", "failed"]
    understood: list[Phrase] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    recognized: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    version: str = SCHEMA_VERSION
    state: dict[str, Any] | None = field(default=None, repr=False)   # what a follow-up may still refer to
    exception: CqbudgetError | None = field(default=None, repr=False, compare=False)

    answered = False

    def to_dict(self) -> dict[str, Any]:
        """Unanswerable.to_dict() with the question, the model and the version."""
        return {
            "version": self.version,
            "question": self.question,
            "model": self.model,
            "error": self.error,
            "status": self.status,
            "understood": [phrase.to_dict() for phrase in self.understood],
            "unread": list(self.unread),
            "recognized": list(self.recognized),
            "suggestions": list(self.suggestions),
            "examples": list(self.examples),
        }

    def to_json(self, **options) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, default=str, **options)

    @classmethod
    def from_error(cls, error: CqbudgetError, question: str = "", model: str | None = None) -> Refusal:
        """The Refusal for an exception ask() raised."""
        engine = _engine()
        question = question if isinstance(question, str) else ""
        model = model or OFFLINE_MODEL
        if isinstance(error, engine.Unanswerable):
            data = error.to_dict()
            return cls(question=question, model=model, error=data["error"], status=data["status"],
                       understood=[Phrase(p["text"], p["meaning"]) for p in data.get("understood") or []],
                       unread=[str(u) for u in data.get("unread") or []],
                       recognized=[str(r) for r in data.get("recognized") or []],
                       suggestions=list(data.get("suggestions") or []), examples=list(data.get("examples") or []),
                       state=getattr(error, "state", None), exception=error)
        status = "invalid" if isinstance(error, engine.QuestionError) else "failed"
        return cls(question=question, model=model, error=str(error), status=status,
                   examples=list(engine.EXAMPLES["zh"][:4]), exception=error)


# ----------------------------------------------------------------------------- asking

def ask(question: str, db: str | os.PathLike[str] | None = None, *, model: str | None = None,
        fallback_model: str | None = None, state: Mapping[str, Any] | None = None,
        history: Sequence[str] = (), conn: sqlite3.Connection | None = None) -> Answer:
    """Answer one question about the 2024 key funds, in Chinese or English.

    db: the database (default: found as the cqbudget commands find it, built on first use);
        a path given must be a cqbudget database (DatabaseError otherwise).
    model: an llm model id to write the SQL instead of the offline engine ("cqbudget").
    fallback_model: an llm model for questions the offline engine cannot read
        (default: $CQBUDGET_FALLBACK_MODEL).
    state: the previous Answer's (or Refusal's) .state, for a follow-up question.
    history: the earlier questions of the conversation, oldest first, instead of state:
        each is asked again (at most MAX_HISTORY, 5,000 characters in all), passing its
        state to the next, and the question is read in their light
        (cqbudget_db.ask.ask_in_conversation).  Used by the offline engine only.
    conn: an open read-only connection to db for the offline engine's queries (the ask page
        passes Datasette's own) instead of one opened per query; db, which must then be
        given, is taken as it is, not checked again.

    Raises Unanswerable, QuestionError or another CqbudgetError (see the module's doc).
    """
    engine = _engine()
    db_path = db if conn is not None and db is not None else _database(db)
    if history and (not model or model == OFFLINE_MODEL):
        _check_history(engine, history)
        extra = {"conn": conn} if conn is not None else {}
        return Answer.from_dict(engine.ask_in_conversation(question, list(history), db_path, **extra))
    options = {"model": model, "fallback_model": fallback_model, "state": state, "conn": conn}
    # Only what was given: callers (and tests) may stand a simpler function in for the engine's ask().
    result = engine.ask(question, db_path, **{k: v for k, v in options.items() if v is not None})
    return Answer.from_dict(result)


def respond(question: str, db: str | os.PathLike[str] | None = None, *, model: str | None = None,
            fallback_model: str | None = None, state: Mapping[str, Any] | None = None,
            history: Sequence[str] = (), conn: sqlite3.Connection | None = None) -> Answer | Refusal:
    """Like ask(), but a question that is not answered gives a Refusal instead of raising.

    Only bugs raise (anything that is not a CqbudgetError).
    """
    try:
        return ask(question, db, model=model, fallback_model=fallback_model, state=state, history=history,
                   conn=conn)
    except CqbudgetError as error:
        return Refusal.from_error(error, question, model)


def _database(db):
    """db checked (DatabaseError when it is not a cqbudget database), or the one the commands use."""
    from .database import check_database, locate

    if db is None:
        return locate(None)
    try:
        stat = os.stat(db)
        version = (os.path.abspath(db), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError:
        version = None
    if version is None or version not in _CHECKED:    # quick_check costs ~2 ms: once per file version
        check_database(db)
        if version is not None:
            _CHECKED.add(version)
    return db


_CHECKED = set()    # (path, inode, size, mtime) of database files that passed check_database


def _check_history(engine, history):
    """A list of questions (the engine limits how many and how long, and replays them)."""
    if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
        raise engine.QuestionError("history must be a list of the earlier questions, oldest first")
    for number, earlier in enumerate(history, 1):
        if not isinstance(earlier, str) or not earlier.strip():
            raise engine.QuestionError(f"history item {number} is not a question")


# ----------------------------------------------------------------------------- the contract

def response_schema() -> dict[str, Any]:
    """The JSON Schema of the ask response (both shapes), as shipped in the package."""
    from .resources import ASK_SCHEMA

    return json.loads(ASK_SCHEMA.read_text(encoding="utf-8"))
