"""Write the parsed document into SQLite: a Database and rows in, nothing parsed here.

The build is atomic: it writes a temporary file beside the output and
replaces the output only when parsing, checks and writing all succeeded.
Whatever stops it (an error, Ctrl-C, SIGTERM) removes the temporary file and
its journal, so the previous database is left exactly as it was.  The new
file gets the mode of the file it replaces, or 0666 less the umask.
"""

import contextlib
import hashlib
import os
import pathlib
import secrets
import signal
import stat
import threading

import sqlite_utils

from .checks import run_checks
from .departments import aliases_for, canonical
from .errors import BuildError, CqbudgetError, ParseError, Terminated
from .parse import parse_document
from .resources import DOCUMENT as DEFAULT_SOURCE
from .schema import FTS_SQL, INDEXES, TABLES, VIEWS

DEFAULT_DB = pathlib.Path("cqbudget.db")
MAX_SOURCE_BYTES = 4 * 1024 * 1024  # the document is 192 KB
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def read_source(path):
    """The document's text and its sha256; BuildError for a missing or non-text file.

    Only a regular file is read (a FIFO, device or socket is refused without
    reading it), and at most MAX_SOURCE_BYTES of it.
    """
    path = pathlib.Path(path)
    data = _read_regular_file(path)
    if not data.strip():
        raise BuildError(f"{path}: the file is empty")
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise BuildError(f"{path}, line {line}: a NUL byte: binary file, not the text of the document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if error.reason == "unexpected end of data":
            raise BuildError(f"{path}, line {line}: the file ends in the middle of a character "
                             f"(truncated document?)")
        raise BuildError(f"{path}, line {line}: not UTF-8 text")
    return text, hashlib.sha256(data).hexdigest()


_KINDS = [(stat.S_ISDIR, "is a directory"), (stat.S_ISFIFO, "is a FIFO (named pipe)"),
          (stat.S_ISCHR, "is a character device"), (stat.S_ISBLK, "is a block device"),
          (stat.S_ISSOCK, "is a socket")]


class _FD:
    def __init__(self, fd):
        self.fd = fd

    def close(self):
        os.close(self.fd)


def _read_at_most(fd, limit):
    chunks, size = [], 0
    while size < limit and (chunk := os.read(fd, min(1 << 20, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _read_regular_file(path):
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; no effect on regular files.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise BuildError(f"{path}: no such file")
    except OSError as error:
        raise BuildError(f"{path}: cannot be read ({error.strerror})")
    with contextlib.closing(_FD(fd)):
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                raise BuildError(f"{path}: {kind}, not the document" if kind == "is a directory" else
                                 f"{path}: {kind}, not a regular file; refusing to read it")
        if info.st_size > MAX_SOURCE_BYTES:
            raise BuildError(f"{path}: the file is {info.st_size:,} bytes; the document is about 192 KB "
                             f"and no more than {MAX_SOURCE_BYTES:,} bytes are read")
        try:
            data = _read_at_most(fd, MAX_SOURCE_BYTES + 1)
        except OSError as error:
            raise BuildError(f"{path}: cannot be read ({error.strerror})")
    if len(data) > MAX_SOURCE_BYTES:  # it grew while being read
        raise BuildError(f"{path}: the file is larger than {MAX_SOURCE_BYTES:,} bytes")
    return data


def load(source=DEFAULT_SOURCE):
    """Parse and check a document; returns (parsed, checks, sha256)."""
    text, sha256 = read_source(source)
    try:
        parsed = parse_document(text)
    except ParseError as error:
        error.source = str(source)
        raise
    return parsed, run_checks(parsed), sha256


def build(source=DEFAULT_SOURCE, output=DEFAULT_DB, allow_failed_checks=False):
    """Build the database at output from the document at source; returns a summary dict.

    Failed checks raise BuildError naming the first failing line, unless
    allow_failed_checks, in which case they are recorded and the build goes on.
    """
    target = resolve_output(source, output)
    with sigterm_as_exception():
        parsed, checks, sha256 = load(source)
        failed = [row for row in checks if row["status"] == "fail"]
        if failed and not allow_failed_checks:
            raise BuildError(failed_checks_message(source, failed))
        write_atomically(target, output, lambda db: write(db, parsed, checks, sha256, pathlib.Path(source).name))
    return summary(parsed, checks, output)


def failed_checks_message(source, failed):
    first = failed[0]
    more = ", ".join(f"{row['check_name']} line {row['source_line']}" for row in failed[1:6])
    more += ", …" if len(failed) > 6 else ""
    return (f"{source}, line {first['source_line']}: check {first['check_name']} failed for "
            f"{first['subject']}: expected {first['expected']}, found {first['actual']}"
            + (f" ({len(failed) - 1} more failed checks: {more})" if len(failed) > 1 else ""))


def resolve_output(source, output):
    """The real path to replace (a symlink's target); BuildError if it is the document itself
    or a directory."""
    output = pathlib.Path(output)
    target = pathlib.Path(os.path.realpath(output))
    if target.is_dir():
        raise BuildError(f"{output}: is a directory; give the database file's path")
    source_real = pathlib.Path(os.path.realpath(source))
    if target == source_real or (target.exists() and source_real.exists()
                                 and os.path.samefile(target, source_real)):
        raise BuildError(f"{output}: is the source document; refusing to overwrite it with the database")
    return target


@contextlib.contextmanager
def sigterm_as_exception():
    """While building, SIGTERM raises Terminated (as Ctrl-C raises KeyboardInterrupt),
    so the temporary file is removed; only possible in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomically(target, shown, fill):
    """Create a temporary database beside target, fill(db) it, and rename it over target."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = _create_temporary(target)
    except (FileExistsError, NotADirectoryError):
        raise BuildError(f"{shown}: cannot create the database: a part of {target.parent} is a file, "
                         f"not a directory")
    except OSError as error:
        raise BuildError(f"{shown}: cannot create the database in {target.parent} ({error.strerror})")
    try:
        db = sqlite_utils.Database(str(temporary))
        try:
            fill(db)
        finally:
            db.close()
        os.replace(temporary, target)
        _sync_directory(target.parent)
    except BaseException as error:
        _remove_temporary(temporary)
        if isinstance(error, (CqbudgetError, KeyboardInterrupt, Terminated)):
            raise
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise BuildError(f"writing {shown} failed: {reason}") from error


def _create_temporary(target):
    """An empty file beside target, mode 0666 less the umask, or the mode of the file it replaces."""
    for _ in range(100):
        path = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))
        finally:
            os.close(fd)
        return path
    raise BuildError(f"{target}: cannot find a free temporary name in {target.parent}")


def _remove_temporary(path):
    for suffix in ("",) + SQLITE_SIDE_FILES:
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def _sync_directory(directory):
    """Make the rename durable; not every file system can fsync a directory."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write(db, parsed, checks, sha256, source_name):
    """Create the declared tables in db and insert the parsed rows."""
    create_tables(db)
    catalog = {entry["seq"]: entry for entry in parsed["catalog"]}
    departments = list(dict.fromkeys(entry["department"] for entry in parsed["catalog"]))
    db["departments"].insert_all(department_row(name) for name in departments)
    aliases = {}
    for name in departments:
        for alias in aliases_for(name)[1:]:
            aliases.setdefault(alias, name)
    db["department_aliases"].insert_all(
        {"alias": alias, "department": name} for alias, name in aliases.items())
    db["funds"].insert_all(fund_row(catalog[fund["seq"]], fund) for fund in parsed["funds"])
    db["indicators"].insert_all(
        {"id": index, **{k: row[k] for k in TABLES["indicators"]["columns"] if k != "id"}}
        for index, row in enumerate(parsed["indicators"], 1))
    db["data_checks"].insert_all({"id": index, **row} for index, row in enumerate(checks, 1))
    db["search_index"].insert_all(search_rows(parsed))
    db["document"].insert(document_row(parsed, checks, sha256, source_name, len(departments)))
    ensure_shape(db)


def create_tables(db):
    for name, spec in TABLES.items():
        db[name].create(spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"),
                        not_null=spec.get("not_null"))


def ensure_shape(db):
    """Indexes, views and full-text search: everything derived from the tables."""
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
    if "search_index_fts" in db.table_names():
        db["search_index_fts"].drop()
    db.executescript(FTS_SQL)


def department_row(name):
    entry = canonical(name)
    if entry is None:
        return {"name": name, "short_name": name.replace("重庆市", "市"), "english_name": None}
    return {"name": name, "short_name": entry[1], "english_name": entry[2]}


def fund_row(entry, fund):
    return {
        "seq": entry["seq"], "name": entry["name"], "table_name": fund["table_name"],
        "department": entry["department"], "table_department": fund["table_department"],
        "total": entry["total"], "city_spend": entry["city_spend"],
        "district_subsidy": entry["district_subsidy"], "overview": fund["overview"],
        "goal": fund["goal"], "contact": fund["contact"], "phone": fund["phone"],
        "source_line": fund["source_line"], "catalog_line": entry["source_line"],
        "seq_basis": fund["seq_basis"],
    }


def search_rows(parsed):
    names = {entry["seq"]: entry["name"] for entry in parsed["catalog"]}
    rows = []
    for fund in parsed["funds"]:
        seq = fund["seq"]
        for kind, text in (("name", names[seq]), ("overview", fund["overview"]), ("goal", fund["goal"])):
            rows.append({"fund_seq": seq, "kind": kind, "indicator_id": None, "text": text})
        if fund["table_name"] != names[seq]:
            rows.append({"fund_seq": seq, "kind": "name", "indicator_id": None,
                         "text": fund["table_name"]})
    for index, row in enumerate(parsed["indicators"], 1):
        rows.append({"fund_seq": row["fund_seq"], "kind": "indicator", "indicator_id": index,
                     "text": row["name"]})
    return [{"id": index, **row} for index, row in enumerate(rows, 1)]


def document_row(parsed, checks, sha256, source_name, department_count):
    document, statement = parsed["document"], parsed["document"]["statement"]
    return {
        "id": 1, "title": document["title"], "year": document["year"], "date": document["date"],
        "source_file": source_name, "sha256": sha256, "line_count": document.get("line_count"),
        "fund_count": len(parsed["funds"]), "indicator_count": len(parsed["indicators"]),
        "department_count": department_count, "stated_fund_count": statement["fund_count"],
        "stated_total_yi": statement["total_yi"], "stated_city_spend_yi": statement["city_spend_yi"],
        "stated_district_subsidy_yi": statement["district_subsidy_yi"],
        "checks_passed": sum(row["status"] == "pass" for row in checks),
        "checks_failed": sum(row["status"] == "fail" for row in checks),
    }


def summary(parsed, checks, output):
    total = parsed["catalog_total"]
    failed = [row for row in checks if row["status"] == "fail"]
    renamed = [f for f, e in zip(parsed["funds"], parsed["catalog"]) if f["table_name"] != e["name"]]
    inferred = [f for f in parsed["funds"] if f["seq_basis"] != "printed 序号"]
    return {
        "output": str(output),
        "funds": len(parsed["funds"]),
        "indicators": len(parsed["indicators"]),
        "departments": len({e["department"] for e in parsed["catalog"]}),
        "total": total["total"], "city_spend": total["city_spend"],
        "district_subsidy": total["district_subsidy"],
        "checks": len(checks), "checks_failed": len(failed),
        "failed": failed,
        "inferred_seq": [(f["seq"], f["seq_basis"]) for f in inferred],
        "renamed": [(f["seq"], f["table_name"]) for f in renamed],
    }


def format_summary(result):
    lines = [
        f"Built {result['output']}: {result['funds']} funds, {result['indicators']} indicators, "
        f"{result['departments']} departments.",
        f"合计 {result['total'] / 10000:,.2f} 亿元 = 市级支出 {result['city_spend'] / 10000:,.2f} 亿元 "
        f"+ 补助区县 {result['district_subsidy'] / 10000:,.2f} 亿元 ({result['total']:,.2f} 万元).",
        f"Checks: {result['checks'] - result['checks_failed']} of {result['checks']} passed "
        f"(see the data_checks table).",
    ]
    for seq, basis in result["inferred_seq"]:
        lines.append(f"  fund {seq}: no 序号 line; matched by {basis}")
    for seq, name in result["renamed"]:
        lines.append(f"  fund {seq}: its table prints the name {name}")
    for row in result["failed"][:10]:
        lines.append(f"  FAILED {row['check_name']} {row['subject']} (line {row['source_line']}): "
                     f"expected {row['expected']}, found {row['actual']}")
    return "\n".join(lines)
