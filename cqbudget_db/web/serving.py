"""Serving one consistent, bounded cqbudget database with Datasette 0.65.

The plugin's hooks (cqbudget_db/web/__init__.py) call these; like every hook of the
plugin they act on the database named "cqbudget" only, and leave any other database
served beside it alone:

* every connection Datasette opens to it gets guard.apply_limits() (prepare_connection);
* only GET and HEAD reach its pages and the cqbudget pages (/-/ask, /-/dashboard and its
  JSON, the schema, the plugin's static files): anything else is 405 (Datasette 0.65
  answers a POST to a table or canned query with a 500).  /-/ask.json, which also takes
  a POST of a question and its history and answers a CORS preflight, says its methods
  itself (ask_page.py).  With --cors, an OPTIONS preflight on the database's pages is
  left to Datasette, which answers it without allowing any method that writes;
* input Datasette 0.65 answers with a 500 (an unknown or doubled _sort column, a
  _timelimit that is not an integer, a _through that is not JSON) is a 400;
* a rebuild while serving is picked up consistently.  `cqbudget build --output <served
  file>` renames a new file over the served one.  A ServedDatabase is pinned to one
  version of its file (device, inode, size, mtime), opens its connections only while the
  file is still that version, and keeps them per object (Datasette 0.65 keeps them per
  database *name*, so a new object alone would reuse the old file's connections).
  Before a request the server compares the file with the pinned version (at most every
  CHECK_INTERVAL seconds: a stat in the event loop releases the GIL, and under load
  waiting to get it back cost more than a canned query); when it changed, one new
  ServedDatabase takes the name for every page at once.  Requests
  already running finish on the old version; a connection an old ServedDatabase would
  have to open on the new file is refused (503, "reload") rather than mixing versions.
  A replacement that is not an intact cqbudget database is not served: every request
  is a 503 that says why until the file is fixed.
"""

import asyncio
import collections
import functools
import json
import os
import threading
import time
import urllib.parse
import weakref

from datasette.database import Database
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError

from ..database import check_database
from ..errors import CqbudgetError
from ..guard import apply_limits, connect_readonly

DATABASE = "cqbudget"
READ_METHODS = ("GET", "HEAD")
PLUGIN_PAGES = ("/-/ask", "/-/ask.schema.json", "/-/dashboard", "/-/dashboard.json")  # GET and HEAD only
PLUGIN_PREFIXES = ("/-/static-plugins/cqbudget/",)
ANSWER_CACHE_SIZE = 512
# Messages of the DatasetteErrors that 0.65 raises with status 500 for a bad query string.
BAD_INPUT_MESSAGES = ("Cannot sort table by ", "Cannot use _sort and _sort_desc at the same time")


class DatabaseReplaced(Exception):
    """The served file changed while a page was being made from it."""


class Unavailable(Exception):
    """The served file is missing or is not an intact cqbudget database."""


def file_identity(path):
    info = os.stat(path)
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


class LRU(collections.OrderedDict):
    """A small least-recently-used cache; used only from the event loop's thread."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        if key not in self:
            return default
        self.move_to_end(key)
        return self[key]

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class ServedDatabase(Database):
    """An immutable Datasette database pinned to one version of its file."""

    def __init__(self, ds, path, identity, names=None):
        super().__init__(ds, path=path, is_mutable=False)
        self.identity = identity
        self.tables, self.views = names or (set(), set())
        self.answers = LRU(ANSWER_CACHE_SIZE)  # ask page answers from this version of the file
        self._local = threading.local()

    def check_unchanged(self):
        """DatabaseReplaced unless the file is still the version this object serves."""
        try:
            current = file_identity(self.path)
        except OSError:
            current = None
        if current != self.identity:
            raise DatabaseReplaced(f"{self.path} was replaced while being read")

    def connect(self, write=False):
        conn = super().connect(write=write)
        try:
            self.check_unchanged()  # what was just opened is the pinned version
        except DatabaseReplaced:
            conn.close()
            raise
        return conn

    async def execute_fn(self, fn):
        if self.ds.executor is None:
            return await super().execute_fn(fn)

        def in_thread():
            conn = getattr(self._local, "conn", None)
            if conn is None:
                conn = self.connect()
                self.ds._prepare_connection(conn, self.name)
                self._local.conn = conn
            return fn(conn)

        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)


CHECK_INTERVAL = 0.1  # seconds between two looks at the served files
_refused = weakref.WeakKeyDictionary()  # Datasette → {name: (identity, message)} of files not served
_last_check = weakref.WeakKeyDictionary()  # Datasette → (time, the Unavailable message or None)


def refresh(ds):
    """Pin the cqbudget database to its file's current version, swapping in a new
    ServedDatabase when the file changed; Unavailable if the file cannot be served.  Looks
    at the file at most every CHECK_INTERVAL seconds and repeats the outcome in between."""
    checked_at, problem = _last_check.get(ds, (None, None))
    now = time.monotonic()
    if checked_at is not None and now - checked_at < CHECK_INTERVAL:
        if problem:
            raise Unavailable(problem)
        return
    try:
        _refresh(ds)
    except Unavailable as error:
        _last_check[ds] = (now, str(error))
        raise
    _last_check[ds] = (now, None)


def _refresh(ds):
    db = ds.databases.get(DATABASE)
    if db is None or db.is_memory or db.is_mutable or not db.path:
        return
    try:
        identity = file_identity(db.path)
    except OSError as error:
        raise Unavailable(f"the database file of {DATABASE} cannot be read ({error.strerror})")
    if getattr(db, "identity", None) == identity:
        return
    refused = _refused.setdefault(ds, {}).get(DATABASE)
    if refused and refused[0] == identity:
        raise Unavailable(refused[1])
    try:
        check_database(db.path)
        names = table_and_view_names(db.path)
    except CqbudgetError as error:
        message = f"the database file changed and cannot be served: {error}"
        _refused[ds][DATABASE] = (identity, message)
        raise Unavailable(message)
    _replace(ds, DATABASE, db, ServedDatabase(ds, db.path, identity, names))


def table_and_view_names(path):
    conn = connect_readonly(path)
    try:
        rows = conn.execute("select type, name from sqlite_master where type in ('table', 'view')").fetchall()
    finally:
        conn.close()
    return ({name for kind, name in rows if kind == "table"}, {name for kind, name in rows if kind == "view"})


def _replace(ds, name, old, new):
    new.name, new.route = old.name, old.route
    databases = dict(ds.databases)
    databases[name] = new
    ds.databases = databases  # one assignment: every later request sees the new file


def method_refusal(ds, scope):
    """A 405 for any method but GET or HEAD on a cqbudget database page or a cqbudget page
    (with --cors, an OPTIONS preflight on a database page is Datasette's to answer)."""
    if scope["method"] in READ_METHODS or DATABASE not in ds.databases:
        return None
    path = _route_path(ds, scope["path"])
    if path in PLUGIN_PAGES or path.startswith(PLUGIN_PREFIXES):
        return 405, f"{scope['method']} is not allowed here: this site is read-only (use GET)"
    if _is_database_page(ds, path) and not (scope["method"] == "OPTIONS" and ds.cors):
        return 405, f"{scope['method']} is not allowed here: this site is read-only (use GET)"
    return None


def _route_path(ds, path):
    base = ds.setting("base_url") or "/"
    if base != "/" and path.startswith(base):
        path = "/" + path[len(base):]
    return path


def _database_named_by(ds, part):
    """The name of the database whose route is part (or part without .json/.csv)."""
    routes = {db.route: name for name, db in ds.databases.items() if not name.startswith("_")}
    return routes.get(part.split(".")[0]) if part else None


def _is_database_page(ds, path):
    """Whether path is a page of the cqbudget database (its own, a table's, a row's, a query's)."""
    parts = path.strip("/").split("/")
    database = _database_named_by(ds, parts[0])
    if database != DATABASE:
        return False
    if len(parts) == 2:  # a writable canned query takes POST
        query = (ds.metadata("queries", database=database) or {}).get(parts[1].split(".")[0])
        return not (isinstance(query, dict) and query.get("write"))
    return True


SQLITE_INTEGER = range(-2 ** 63, 2 ** 63)
BOOLEANS = ("on", "off", "true", "false", "1", "0")


def parameter_refusal(ds, scope):
    """A 400 for query-string input that Datasette 0.65 turns into a 500 on a cqbudget database page."""
    query_string = scope.get("query_string", b"")
    if not query_string:
        return None
    parts = _route_path(ds, scope["path"]).strip("/").split("/")
    database = _database_named_by(ds, parts[0])
    if database != DATABASE:
        return None
    db = ds.databases[database]
    name = parts[1].rsplit(".", 1)[0] if len(parts) >= 2 and "." in parts[1] else parts[-1]
    is_view = len(parts) >= 2 and name in getattr(db, "views", ())
    is_relation = is_view or (len(parts) >= 2 and name in getattr(db, "tables", ()))
    for key, value in urllib.parse.parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        problem = _parameter_problem(key, value, is_relation, is_view)
        if problem:
            return 400, problem
    return None


def _parameter_problem(key, value, is_relation, is_view):
    if "\x00" in key or "\x00" in value:
        return "query-string parameters must not contain NUL characters"
    if key == "_timelimit" and not value.isdecimal():
        return f"_timelimit must be a whole number of milliseconds, not {value!r}"
    if key == "_through" and not _json_with(value, dict, {"table", "column", "value"}):
        return '_through must be JSON like {"table": …, "column": …, "value": …}'
    if key.startswith("_facet") and value.startswith("{") and not _json_with(value, dict, {"simple"}):
        return f'{key} must be a column name or JSON like {{"simple": column}}'
    if key == "_json_infinity" and value.lower() not in BOOLEANS:
        return "_json_infinity must be on or off"
    if key == "_next" and is_view and not (value.isdecimal() and int(value) in SQLITE_INTEGER):
        return "_next must be a whole number on a view"
    if is_relation and not key.startswith("_"):  # a filter on a table or view
        in_list = key.endswith(("__in", "__notin"))
        if in_list and value.startswith("[") and not _json_with(value, list):
            return f"{key} must be a JSON list or comma-separated values"
        for item in value.split(",") if in_list else [value]:
            if item.strip().lstrip("-").isdecimal() and int(item) not in SQLITE_INTEGER:
                return f"{key}: {item} is beyond SQLite's integers"
    return None


def _json_with(text, kind, keys=()):
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, kind) and (kind is not dict or set(keys) <= set(value))


def error_response(scope, status, message):
    path = scope["path"]
    headers = {"allow": ", ".join(READ_METHODS)} if status == 405 else {}
    if path.endswith(".json") or ".json?" in path:
        return Response.json({"ok": False, "error": message, "status": status, "title": None},
                             status=status, headers=headers)
    return Response.text(message, status=status, headers=headers)


def asgi_wrapper(ds):
    """Refuse other methods and bad parameters, then serve every request from the current file."""

    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            refusal = method_refusal(ds, scope)
            if refusal is None:
                try:
                    refresh(ds)
                except Unavailable as problem:
                    refusal = 503, str(problem)
            refusal = refusal or parameter_refusal(ds, scope)
            if refusal is not None:
                return await error_response(scope, *refusal).asgi_send(send)
            return await app(scope, receive, send)

        return wrapped

    return wrap


def handle_exception(ds, request, exception):
    """A 400 for Datasette 0.65's bad-input 500s on a cqbudget database page, a 503 for a
    file replaced mid-page; None lets Datasette render everything else."""
    if isinstance(exception, DatabaseReplaced):
        return error_response(request.scope, 503, "the database was rebuilt while this page was being "
                                                  "made; reload the page")
    if isinstance(exception, DatasetteError) and exception.status == 500 and \
            str(exception.message).startswith(BAD_INPUT_MESSAGES) and \
            _is_database_page(ds, _route_path(ds, request.scope["path"])):
        exception.status = 400  # Datasette's own handler renders it, with this status
    return None


def prepare_connection(conn, database):
    if database == DATABASE:
        apply_limits(conn)


def cache_table_permissions(ds):
    """Datasette 0.65.5 deep-copies the whole metadata for every table permission check
    (about 30 per home page, a millisecond each with our metadata).  The answer depends
    only on the metadata, which is fixed once the server runs, so remember it."""
    original = getattr(ds, "_table_permission_allows", None)
    if original is None or hasattr(original, "cache_info"):
        return
    ds._table_permission_allows = functools.lru_cache(maxsize=4096)(original)
