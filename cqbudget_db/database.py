"""Which database a command uses, and whether a file is a cqbudget database.

The database is, in this order:

1. the path given (``--db``, or the llm model's ``db`` option);
2. ``$CQBUDGET_DB``;
3. ``./cqbudget.db`` when the current directory has one (a checkout, or where
   ``cqbudget build`` or ``python build_db.py`` wrote it);
4. ``cqbudget.db`` in the per-user data directory (platformdirs, one directory
   per version), built there on first use from the packaged document and
   rebuilt whenever that document's sha256 differs from the one recorded in
   the database's ``document`` table.

A path from 1 or 2 that does not exist yet is built there, and said so; one that
exists is checked and used as it is, never rebuilt or overwritten.  Nothing is
ever created in the current directory unasked.
"""

import os
import pathlib
import sqlite3
import sys

from . import __version__
from .errors import DatabaseError
from .resources import DOCUMENT
from .schema import TABLES, VIEWS

ENV_VAR = "CQBUDGET_DB"
FILE_NAME = "cqbudget.db"
REQUIRED = (*TABLES, *VIEWS, "search_index_fts")
SQLITE_MAGIC = b"SQLite format 3\x00"


class NoSuchDatabase(DatabaseError):
    """There is no file at the path."""


# where the database came from: the second value of choose()
GIVEN, ENVIRONMENT, CURRENT_DIRECTORY, USER_DATA = "given", "environment", "current directory", "user data"


def user_database():
    """The per-user copy, e.g. ~/.local/share/cqbudget/0.1.0/cqbudget.db on Linux."""
    import platformdirs  # here, not at the top: a command given --db starts sooner

    return platformdirs.user_data_path("cqbudget", appauthor=False, version=__version__) / FILE_NAME


def choose(db_path=None):
    """(path, origin): the database to use, by the order above, without touching it."""
    if db_path:
        return pathlib.Path(db_path), GIVEN
    if os.environ.get(ENV_VAR):
        return pathlib.Path(os.environ[ENV_VAR]), ENVIRONMENT
    if os.path.lexists(FILE_NAME):
        return pathlib.Path(FILE_NAME), CURRENT_DIRECTORY
    return user_database(), USER_DATA


def locate(db_path=None, announce=None):
    """The checked database path for a command; builds only what the module docstring says.

    announce(message) is told before any build (default: print it on stderr).
    DatabaseError (or BuildError) when there is no usable database.
    """
    announce = announce or _to_stderr
    path, origin = choose(db_path)
    if origin == USER_DATA:
        return _current_user_database(path, announce)
    try:
        check_database(path)
    except NoSuchDatabase:
        if not path.parent.is_dir():
            raise DatabaseError(f"{path}: no such file, and no directory {path.parent} to build it in")
        _build(path, f"No database at {path}: building it from the packaged document …", announce)
    return path


def _to_stderr(message):
    print(message, file=sys.stderr, flush=True)


def _current_user_database(path, announce):
    try:
        if check_database(path)["sha256"] == packaged_sha256():
            return path
        reason = "the packaged document has changed"
    except NoSuchDatabase:
        reason = "first use"
    except DatabaseError:
        reason = "the previous copy is unusable"
    _build(path, f"Building {path} from the packaged document ({reason}) …", announce)
    return path


def _build(path, message, announce):
    from .build import build

    announce(message)
    build(DOCUMENT, path)


def packaged_sha256():
    """The sha256 of the document shipped in the package."""
    import hashlib

    return hashlib.sha256(DOCUMENT.read_bytes()).hexdigest()


def check_database(path):
    """The `document` row (a dict) of the cqbudget database at path.

    DatabaseError, with one sentence saying what the file is instead, for a
    missing or unreadable path, a directory, an empty, non-SQLite or truncated
    file, a damaged one (SQLite's quick_check, about a millisecond), and an
    SQLite database without cqbudget's tables.  Opens read-only.
    """
    path = pathlib.Path(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise NoSuchDatabase(f"{path}: no such file")
    except IsADirectoryError:
        raise DatabaseError(f"{path}: is a directory, not a cqbudget database")
    except OSError as error:
        raise DatabaseError(f"{path}: cannot be read ({error.strerror or error})")
    if not header:
        raise DatabaseError(f"{path}: is an empty file, not a cqbudget database")
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseError(f"{path}: is not an SQLite database (not a cqbudget database)")
    if len(header) < 100 or size < _size_from_header(header):
        raise DatabaseError(f"{path}: is a truncated SQLite database ({size:,} bytes); "
                            f"rebuild it with: cqbudget build --output {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {row[0] for row in conn.execute("select name from sqlite_master")}
            missing = [name for name in REQUIRED if name not in names]
            if missing:
                raise DatabaseError(f"{path}: is an SQLite database but not a cqbudget database "
                                    f"(it has no {', '.join(missing)})")
            problems = [row[0] for row in conn.execute("pragma quick_check(1)")]
            if problems != ["ok"]:
                problem = " ".join(str(problems[0]).replace("*** in database main ***", "").split())
                raise DatabaseError(f"{path}: is a damaged SQLite database ({problem}); "
                                    f"rebuild it with: cqbudget build --output {path}")
            conn.row_factory = sqlite3.Row
            row = conn.execute("select * from document").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise DatabaseError(f"{path}: is not a readable SQLite database ({error})")
    if row is None:
        raise DatabaseError(f"{path}: is an unfinished cqbudget database (its document table is empty)")
    return dict(row)


def _size_from_header(header):
    """The file size a 100-byte SQLite header promises (0 when it does not say)."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[92:96] == header[24:28]  # "version-valid-for" equals the change counter
    return page_size * pages if valid else 0


def failed_checks(path):
    """(number of checks, [(check_name, subject, source_line) of each failed one])."""
    conn = sqlite3.connect(f"{pathlib.Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        total = conn.execute("select count(*) from data_checks").fetchone()[0]
        failed = conn.execute("select check_name, subject, source_line from data_checks "
                              "where status != 'pass' order by id").fetchall()
    finally:
        conn.close()
    return total, failed
