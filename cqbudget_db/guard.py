"""Run untrusted SQL safely: the one guard for ask, sql, the llm tools and the ask page.

The defence is in the engine, not in regexes: a read-only connection
(mode=ro), an authorizer that allows reading only, a progress-handler time
limit and a row cap.  check_sql() is a courtesy that gives better messages.
"""

import pathlib
import re
import sqlite3
import time
from dataclasses import dataclass, field

from .errors import CqbudgetError

DEFAULT_TIME_LIMIT = 2.0  # seconds
DEFAULT_MAX_ROWS = 1000
MAX_SQL_LENGTH = 20_000


class GuardError(CqbudgetError):
    """SQL that was refused or failed; the message is meant for the user or the model."""


@dataclass
class QueryResult:
    sql: str
    columns: list
    rows: list
    truncated: bool = False
    params: dict = field(default_factory=dict)


_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
# PRAGMAs that only read and that Datasette-style introspection needs.
_SAFE_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list",
                 "data_version"}
_FORBIDDEN_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


def _authorizer(action, arg1, arg2, db_name, trigger):
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _FORBIDDEN_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action in _READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _SAFE_PRAGMAS:
        return sqlite3.SQLITE_OK
    # FTS5 declares its virtual table by parsing a CREATE statement, which the
    # authorizer sees as an UPDATE of sqlite_master; the mode=ro connection
    # could not write it anyway.
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def connect_readonly(db_path):
    """A read-only connection with the reading-only authorizer installed."""
    path = pathlib.Path(db_path)
    if not path.exists():
        raise GuardError(f"{path}: no such database")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.set_authorizer(_authorizer)
    return conn


_LEADING = re.compile(r"^\s*(--[^\n]*\n\s*|/\*.*?\*/\s*)*", re.S)


def check_sql(sql):
    """Refuse, with a helpful message, SQL that is not one SELECT statement."""
    if not sql or not sql.strip():
        raise GuardError("no SQL was given")
    if len(sql) > MAX_SQL_LENGTH:
        raise GuardError(f"the SQL is longer than {MAX_SQL_LENGTH} characters")
    body = _LEADING.sub("", sql).strip().rstrip(";").strip()
    first = body.split(None, 1)[0].lower() if body else ""
    if first not in ("select", "with", "values"):
        raise GuardError(f"only a read-only SELECT query is allowed, not {first.upper() or 'nothing'}")
    if not sqlite3.complete_statement(body + ";") or _has_second_statement(body):
        raise GuardError("only one SQL statement is allowed")
    return body


def _has_second_statement(body):
    # Semicolons outside string literals mean a second statement.
    stripped = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "", body)
    return ";" in stripped


def run_query(db_path, sql, params=None, time_limit=DEFAULT_TIME_LIMIT, max_rows=DEFAULT_MAX_ROWS,
              conn=None):
    """Run one read-only query; returns a QueryResult or raises GuardError."""
    body = check_sql(sql)
    own = conn is None
    conn = conn or connect_readonly(db_path)
    deadline = time.monotonic() + time_limit
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1000)
    try:
        cursor = conn.execute(body, params or {})
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(max_rows + 1)
    except sqlite3.OperationalError as error:
        message = str(error)
        if "interrupted" in message:
            raise GuardError(f"the query took longer than {time_limit:g} seconds and was stopped")
        if "not authorized" in message or "prohibited" in message:
            raise GuardError("the query tried to do something other than read, and was refused")
        raise GuardError(f"SQL error: {message}")
    except sqlite3.DatabaseError as error:
        if "not authorized" in str(error):
            raise GuardError("the query tried to do something other than read, and was refused")
        raise GuardError(f"SQL error: {error}")
    except (sqlite3.Warning, sqlite3.ProgrammingError) as error:
        raise GuardError(f"SQL error: {error}")
    finally:
        conn.set_progress_handler(None, 0)
        if own:
            conn.close()
    truncated = len(rows) > max_rows
    return QueryResult(sql=body, columns=columns, rows=[list(r) for r in rows[:max_rows]],
                       truncated=truncated, params=dict(params or {}))
