"""Run untrusted SQL safely: the one guard for ask, sql, the llm tools and the ask page.

The defence is in the engine, not in regexes: a read-only connection
(mode=ro), an authorizer that allows reading only, a progress-handler time
limit and a row cap.  check_sql() is a courtesy that gives better messages.

Bounded work: the progress handler cannot interrupt one function call, so
apply_limits() caps any one string or blob at MAX_VALUE_BYTES
(SQLITE_LIMIT_LENGTH: randomblob(999999999) fails at once instead of
allocating a GB, and the quadratic functions instr(), replace() and trim(X, Y)
stay well under a second), LIKE/GLOB patterns at MAX_LIKE_PATTERN, the text and
blobs one query returns at MAX_RESULT_CHARS, and replaces printf()/format(),
whose %c loops once per character of the precision even after the length
limit is hit (printf('%.*c', 2000000000, 'x') runs 13 s in SQLite 3.40).
Datasette's connections to the cqbudget database get the same limits through
the plugin's prepare_connection hook (cqbudget_db/web/serving.py).
"""

import pathlib
import re
import sqlite3
import threading
import time
import weakref
from dataclasses import dataclass, field

from .errors import CqbudgetError

DEFAULT_TIME_LIMIT = 2.0  # seconds
DEFAULT_MAX_ROWS = 1000
MAX_SQL_LENGTH = 20_000
MAX_VALUE_BYTES = 32_768        # any one string, blob or row; the largest in the database is 4 KB
MAX_LIKE_PATTERN = 1_000        # bytes of a LIKE or GLOB pattern
MAX_RESULT_CHARS = 5_000_000    # characters and bytes of text and blobs one query returns
RESULT_TOO_LARGE = (f"the result is larger than {MAX_RESULT_CHARS:,} characters; "
                    f"select fewer rows or columns")


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
    """A read-only connection with the reading-only authorizer and the limits installed."""
    path = pathlib.Path(db_path)
    if not path.exists():
        raise GuardError(f"{path}: no such database")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.set_authorizer(_authorizer)
    apply_limits(conn)
    return conn


class ResultTooLarge(sqlite3.OperationalError):
    """Raised while fetching, by the row factory apply_limits() installs."""


def apply_limits(conn):
    """Cap one value at MAX_VALUE_BYTES and the text and blobs one cursor returns at
    MAX_RESULT_CHARS.  Keeps the connection's row factory (Datasette's sqlite3.Row)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN)
    conn.row_factory = _counting_row_factory(conn.row_factory)
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)
    return conn


# One printf conversion: flags, width (digits or *), precision (.digits or .*), size, type.
_PRINTF_SPEC = re.compile(r"%([-+ #0,!]{0,8})(\*|\d{1,20})?(\.(?:\*|\d{0,20}))?(ll|l)?(.)?", re.S)
_printf_connections = threading.local()


def bounded_printf(format_, *args):
    """SQLite's printf() with every width and precision above MAX_VALUE_BYTES lowered to
    MAX_VALUE_BYTES + 1: the result is the same (too big either way) but computed at once."""
    if not isinstance(format_, str):
        return _builtin_printf(format_, args)
    args, used = list(args), 0

    def bound(match):
        nonlocal used
        flags, width, precision, size, kind = match.groups()
        parts = []
        for part in (width or "", precision or ""):
            dot = "." if part.startswith(".") else ""
            digits = part[len(dot):]
            if digits == "*":
                if used < len(args):
                    args[used] = _clamp(args[used])
                used += 1
            elif digits and int(digits) > MAX_VALUE_BYTES:
                digits = str(MAX_VALUE_BYTES + 1)
            parts.append(dot + digits)
        if kind not in (None, "%", "n"):  # %% and %n take no argument
            used += 1
        return "%" + flags + "".join(parts) + (size or "") + (kind or "")

    return _builtin_printf(_PRINTF_SPEC.sub(bound, format_), args)


def _clamp(value):
    try:
        number = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return value
    return max(-MAX_VALUE_BYTES - 1, min(MAX_VALUE_BYTES + 1, number))


def _builtin_printf(format_, args):
    """SQLite's own printf(), from a private in-memory connection with the same length limit."""
    conn = getattr(_printf_connections, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        _printf_connections.conn = conn
    placeholders = ", ".join("?" * (len(args) + 1))
    return conn.execute(f"select printf({placeholders})", [format_, *args]).fetchone()[0]


def _counting_row_factory(make_row):
    # Counted per cursor (each query gets a new one), not per statement: FTS5 runs
    # statements of its own in the middle of a query.
    state = [None, 0]  # weak reference to the cursor being counted, characters so far

    def row_factory(cursor, row):
        if state[0] is None or state[0]() is not cursor:
            state[0], state[1] = weakref.ref(cursor), 0
        size = state[1]
        for value in row:
            if value.__class__ is str or value.__class__ is bytes:
                size += len(value)
        state[1] = size
        if size > MAX_RESULT_CHARS:
            raise ResultTooLarge(RESULT_TOO_LARGE)
        return make_row(cursor, row) if make_row is not None else row

    return row_factory


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
        if "too big" in str(error):
            raise GuardError(f"SQL error: {error} (one value may have at most {MAX_VALUE_BYTES:,} bytes)")
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
