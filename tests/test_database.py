"""Which database a command uses, `cqbudget info`, and bad database files.

Every command that reads the database (ask, chat, sql, eval, serve, info and the llm
model) goes through cqbudget_db.database.locate(): --db, then $CQBUDGET_DB, then
./cqbudget.db, then the per-user copy.  A file that is not a cqbudget database gets
one line and exit status 1, and is left exactly as it was.
"""

import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cqbudget_db import __version__, database
from cqbudget_db.build import build
from cqbudget_db.cli import cli
from cqbudget_db.errors import DatabaseError

SHA256 = "82ee9b6dc8b2e619ea76a71e4a4b1b2c16fce75bf821a9aae944fdcec8cbb837"


@pytest.fixture
def empty_cwd(tmp_path, monkeypatch):
    """An empty current directory and an empty user data directory."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return cwd


def user_db(tmp_path):
    return tmp_path / "xdg" / "cqbudget" / __version__ / "cqbudget.db"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


# ----------------------------------------------------------------------------- where it lives

def test_the_order_is_option_environment_current_directory_user_copy(empty_cwd, tmp_path, monkeypatch):
    assert database.choose() == (user_db(tmp_path), database.USER_DATA)
    (empty_cwd / "cqbudget.db").touch()
    assert database.choose() == (pathlib.Path("cqbudget.db"), database.CURRENT_DIRECTORY)
    monkeypatch.setenv("CQBUDGET_DB", "/srv/env.db")
    assert database.choose() == (pathlib.Path("/srv/env.db"), database.ENVIRONMENT)
    assert database.choose("given.db") == (pathlib.Path("given.db"), database.GIVEN)


def test_first_use_builds_the_user_copy_and_nothing_in_the_current_directory(empty_cwd, tmp_path):
    result = run("ask", "--json", "教委有几个专项？")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Building {user_db(tmp_path)} from the packaged document (first use) …\n"
    assert list(empty_cwd.iterdir()) == []
    assert database.check_database(user_db(tmp_path))["sha256"] == SHA256
    again = run("sql", "select count(*) as n from funds")
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.output.split() == ["n", "---", "82"]


def test_the_user_copy_is_rebuilt_when_the_packaged_document_changes(empty_cwd, tmp_path, monkeypatch,
                                                                      source_path):
    database.locate(announce=lambda message: None)
    changed = tmp_path / "changed.txt"
    changed.write_bytes(source_path.read_bytes() + b"\n")
    monkeypatch.setattr(database, "DOCUMENT", changed)
    said = []
    assert database.locate(announce=said.append) == user_db(tmp_path)
    assert said == [f"Building {user_db(tmp_path)} from the packaged document "
                    f"(the packaged document has changed) …"]
    assert database.check_database(user_db(tmp_path))["sha256"] == database.packaged_sha256() != SHA256
    said.clear()
    database.locate(announce=said.append)
    assert said == []


def test_an_unusable_user_copy_is_rebuilt(empty_cwd, tmp_path):
    user_db(tmp_path).parent.mkdir(parents=True)
    user_db(tmp_path).write_bytes(b"junk")
    said = []
    database.locate(announce=said.append)
    assert said == [f"Building {user_db(tmp_path)} from the packaged document (the previous copy is unusable) …"]
    assert database.check_database(user_db(tmp_path))["fund_count"] == 82


def test_a_given_path_is_used_as_it_is(empty_cwd, db_path, tmp_path, monkeypatch):
    said = []
    assert database.locate(db_path, announce=said.append) == db_path
    monkeypatch.setenv("CQBUDGET_DB", str(db_path))
    assert database.locate(announce=said.append) == db_path
    (empty_cwd / "cqbudget.db").write_bytes(db_path.read_bytes())
    monkeypatch.delenv("CQBUDGET_DB")
    assert database.locate(announce=said.append) == pathlib.Path("cqbudget.db")
    assert said == [] and not user_db(tmp_path).exists()


def test_a_missing_given_path_is_built_there_and_said(empty_cwd):
    said = []
    assert database.locate("new.db", announce=said.append) == pathlib.Path("new.db")
    assert said == ["No database at new.db: building it from the packaged document …"]
    assert database.check_database(empty_cwd / "new.db")["indicator_count"] == 769
    with pytest.raises(DatabaseError) as error:
        database.locate("no/such/dir/x.db")
    assert str(error.value) == "no/such/dir/x.db: no such file, and no directory no/such/dir to build it in"
    assert sorted(path.name for path in empty_cwd.iterdir()) == ["new.db"]


# ----------------------------------------------------------------------------- cqbudget info, --version

def test_info(db_path):
    result = run("info", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"cqbudget {__version__}",
        f"database:  {db_path.resolve()} (from --db)",
        "document:  重庆市 2024 年市级重点专项预算绩效, 2024-01 (chongqing-2024-key-funds-performance.txt)",
        f"sha256:    {SHA256} (the packaged document)",
        "contents:  82 funds, 769 indicators, 35 departments",
        "checks:    499 of 499 passed",
    ]


def test_info_names_failed_checks_and_another_document(tmp_path, source_text, monkeypatch):
    lines = source_text.split("\n")
    assert lines[134].count("\t名\t20\t是") == 1
    lines[134] = lines[134].replace("\t名\t20\t是", "\t名\t25\t是")
    source = tmp_path / "doc.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    output = tmp_path / "failed.db"
    build(source, output, allow_failed_checks=True)
    monkeypatch.setenv("CQBUDGET_DB", str(output))
    result = run("info")
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"database:  {output} (from $CQBUDGET_DB)",
        "document:  重庆市 2024 年市级重点专项预算绩效, 2024-01 (doc.txt)",
        f"sha256:    {database.check_database(output)['sha256']} (NOT the packaged document)",
        "contents:  82 funds, 769 indicators, 35 departments",
        "checks:    498 of 499 passed",
        "  FAILED indicator_weights_sum_100 1 市级人才开发专项 (line 135)",
    ]


def test_version_and_python_dash_m():
    assert run("--version").output == f"cqbudget, version {__version__}\n"
    done = subprocess.run([sys.executable, "-m", "cqbudget_db", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout) == (0, f"cqbudget, version {__version__}\n")


# ----------------------------------------------------------------------------- bad database files

def _not_sqlite(path, good):
    path.write_text("funds,total\n城市提升专项,369379\n", encoding="utf-8")
    return f"{path}: is not an SQLite database (not a cqbudget database)"


def _empty(path, good):
    path.touch()
    return f"{path}: is an empty file, not a cqbudget database"


def _truncated(path, good):
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return (f"{path}: is a truncated SQLite database ({len(data) // 2:,} bytes); "
            f"rebuild it with: cqbudget build --output {path}")


def _header_only(path, good):
    path.write_bytes(good.read_bytes()[:60])
    return f"{path}: is a truncated SQLite database (60 bytes); rebuild it with: cqbudget build --output {path}"


def _corrupt(path, good):
    data = bytearray(good.read_bytes())
    data[100:4096] = bytes(3996)  # the rest of page 1: the schema table's root
    path.write_bytes(bytes(data))
    return f"{path}: is not a readable SQLite database (database disk image is malformed)"


def _damaged(path, good):
    data = bytearray(good.read_bytes())
    page = len(data) // 4096 // 2
    data[page * 4096:(page + 1) * 4096] = bytes(4096)  # a page in the middle: the header is intact
    path.write_bytes(bytes(data))
    return (f"{path}: is a damaged SQLite database (Page {page + 1}: btreeInitPage() returns error code 11); "
            f"rebuild it with: cqbudget build --output {path}")


def _another_schema(path, good):
    with sqlite3.connect(path) as conn:
        conn.execute("create table funds (name text, total real)")
    conn.close()
    return (f"{path}: is an SQLite database but not a cqbudget database (it has no document, departments, "
            f"department_aliases, indicators, data_checks, search_index, fund_summary, department_totals, "
            f"search_index_fts)")


def _unfinished(path, good):
    shutil.copyfile(good, path)
    with sqlite3.connect(path) as conn:
        conn.execute("delete from document")
    conn.close()
    return f"{path}: is an unfinished cqbudget database (its document table is empty)"


def _directory(path, good):
    path.mkdir()
    return f"{path}: is a directory, not a cqbudget database"


def _through_a_file(path, good):
    path.parent.write_text("a file, not a directory")
    return f"{path}: cannot be read (Not a directory)"


def _unreadable(path, good):
    shutil.copyfile(good, path)
    path.chmod(0)
    return f"{path}: cannot be read (Permission denied)"


BAD = {"not-sqlite": _not_sqlite, "empty": _empty, "truncated": _truncated, "header-only": _header_only,
       "corrupt": _corrupt, "damaged": _damaged, "another-schema": _another_schema, "unfinished": _unfinished,
       "directory": _directory, "through-a-file": _through_a_file, "unreadable": _unreadable}


@pytest.fixture(params=sorted(BAD))
def bad_db(request, tmp_path, db_path, monkeypatch):
    """(path, the expected message, a snapshot function): one kind of bad file per parameter."""
    name = "plain.txt/cqbudget.db" if request.param == "through-a-file" else "bad.db"
    path = tmp_path / name
    expected = BAD[request.param](path, db_path)
    if request.param == "unreadable" and os.geteuid() == 0:  # root reads a mode-000 file: fake the refusal
        real_open = pathlib.Path.open

        def refusing_open(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(self, *args, **kwargs)
        monkeypatch.setattr(pathlib.Path, "open", refusing_open)

    def snapshot():
        target = path if os.path.lexists(path) else path.parent
        if target.is_dir():
            return sorted(p.name for p in target.iterdir())
        stat = os.lstat(target)
        with open(target, "rb") as handle:  # the builtin: root reads even a mode-000 file
            return stat.st_mode, stat.st_mtime_ns, handle.read()
    return path, expected, snapshot


def test_check_database_says_what_the_file_is(bad_db):
    path, expected, _ = bad_db
    with pytest.raises(DatabaseError) as error:
        database.check_database(path)
    assert str(error.value) == expected


COMMANDS = {
    "ask": ["ask", "教委有几个专项？"],
    "ask-json": ["ask", "--json", "教委有几个专项？"],
    "chat": ["chat"],
    "sql": ["sql", "select count(*) from funds"],
    "eval": ["eval"],
    "serve": ["serve"],
    "info": ["info"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_a_bad_db_option(command, bad_db, monkeypatch):
    from cqbudget_db import serve

    monkeypatch.setattr(serve, "serve", lambda *args, **kwargs: pytest.fail("serve() was reached"))
    path, expected, snapshot = bad_db
    before = snapshot()
    result = run(*COMMANDS[command], "--db", str(path), input="教委有几个专项？\n")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {expected}\n")
    assert snapshot() == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_a_bad_environment_variable(command, tmp_path, monkeypatch):
    path = tmp_path / "bad.db"
    path.write_bytes(b"SQLite format 2\x00" + bytes(200))
    monkeypatch.setenv("CQBUDGET_DB", str(path))
    result = run(*COMMANDS[command], input="exit\n")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: {path}: is not an SQLite database (not a cqbudget database)\n")
    assert path.read_bytes() == b"SQLite format 2\x00" + bytes(200)


def test_a_bad_cqbudget_db_in_the_current_directory_is_refused_not_replaced(empty_cwd, tmp_path):
    (empty_cwd / "cqbudget.db").write_text("not a database")
    result = run("ask", "教委有几个专项？")
    assert (result.exit_code, result.stderr) == (
        1, "Error: cqbudget.db: is not an SQLite database (not a cqbudget database)\n")
    assert (empty_cwd / "cqbudget.db").read_text() == "not a database"
    assert not user_db(tmp_path).exists()


def test_the_llm_model_refuses_a_bad_database(bad_db, llm_user_path, monkeypatch):
    from llm.cli import cli as llm_cli

    path, expected, snapshot = bad_db
    before = snapshot()
    runner = CliRunner()
    result = runner.invoke(llm_cli, ["-m", "cqbudget", "-o", "db", str(path), "教委有几个专项？"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: cqbudget: {expected}\n")
    monkeypatch.setenv("CQBUDGET_DB", str(path))
    result = runner.invoke(llm_cli, ["-m", "cqbudget", "教委有几个专项？"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: cqbudget: {expected}\n")
    assert snapshot() == before


def test_the_llm_toolbox_reports_a_bad_database_to_the_model(tmp_path):
    from cqbudget_db.llm_plugin import CqbudgetSQL

    path = tmp_path / "bad.db"
    path.touch()
    expected = f"Error: {path}: is an empty file, not a cqbudget database"
    tools = CqbudgetSQL(str(path))
    assert (tools.query("select 1"), tools.schema()) == (expected, expected)


def test_python_dash_m_serve_refuses_a_bad_database(tmp_path):
    path = tmp_path / "bad.db"
    path.mkdir()
    done = subprocess.run([sys.executable, "-m", "cqbudget_db.serve", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", f"Error: {path}: is a directory, not a cqbudget database\n")
