"""Building the database: rows, checks, views, search, atomic failure and the command line.

Expected numbers are computed by hand from the document's catalog (lines 30-121).
"""

import os
import pathlib
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cqbudget_db.build import build
from cqbudget_db.cli import cli
from cqbudget_db.errors import BuildError

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHA256 = "82ee9b6dc8b2e619ea76a71e4a4b1b2c16fce75bf821a9aae944fdcec8cbb837"


def connect(path):
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def query(path, sql, params=()):
    with connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def mutate(text, lineno, old, new):
    """The document with old replaced by new on one line; old must occur there exactly once."""
    lines = text.split("\n")
    assert lines[lineno - 1].count(old) == 1, (lineno, old, lines[lineno - 1])
    lines[lineno - 1] = lines[lineno - 1].replace(old, new)
    return "\n".join(lines)


def write_source(tmp_path, text, name="doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def failed_checks(path):
    return query(path, "select check_name, subject, source_line from data_checks "
                       "where status = 'fail' order by id")


# --- the real document ---------------------------------------------------------------------

def test_row_counts(db_path):
    counts = {table: query(db_path, f"select count(*) from [{table}]")[0][0]
              for table in ("document", "departments", "funds", "indicators", "data_checks",
                            "search_index", "search_index_fts")}
    # search_index: name, overview and goal of 82 funds, fund 30's table name, 769 indicators.
    assert counts == {"document": 1, "departments": 35, "funds": 82, "indicators": 769,
                      "data_checks": 3 + 4 + 6 * 82, "search_index": 82 * 3 + 1 + 769,
                      "search_index_fts": 1016}
    assert query(db_path, "select count(*) from department_aliases")[0][0] > 0


def test_every_check_passes_on_the_document(db_path):
    assert query(db_path, "select status, count(*) from data_checks group by status") == \
        [("pass", 499)]
    assert query(db_path, "select check_name, count(*) from data_checks group by check_name "
                          "order by check_name") == [
        ("catalog_sum_city_spend", 1), ("catalog_sum_district_subsidy", 1),
        ("catalog_sum_total", 1), ("catalog_total_equals_parts", 82),
        ("indicator_weights_sum_100", 82), ("statement_city_spend_yi", 1),
        ("statement_district_subsidy_yi", 1), ("statement_fund_count", 1),
        ("statement_total_yi", 1), ("table_amounts_match_catalog", 82),
        ("table_department_matches_catalog", 82), ("table_name_matches_catalog", 82),
        ("table_total_equals_parts", 82),
    ]


def test_document_table(db_path):
    with connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("select * from document").fetchone())
    assert row == {
        "id": 1, "title": "重庆市 2024 年市级重点专项预算绩效", "year": 2024, "date": "2024-01",
        "source_file": "chongqing-2024-key-funds-performance.txt", "sha256": SHA256,
        "line_count": 2306, "fund_count": 82, "indicator_count": 769, "department_count": 35,
        "stated_fund_count": 82, "stated_total_yi": 396.87, "stated_city_spend_yi": 228.93,
        "stated_district_subsidy_yi": 167.94, "checks_passed": 499, "checks_failed": 0,
    }


def test_amounts_are_real(db_path):
    assert query(db_path, "select typeof(total), typeof(city_spend), typeof(district_subsidy), "
                          "count(*) from funds group by 1, 2, 3") == [("real", "real", "real", 82)]
    assert query(db_path, "select typeof(weight), count(*) from indicators group by 1") == \
        [("real", 769)]
    assert query(db_path, "select typeof(target_value), count(*) from indicators "
                          "group by 1 order by 1") == [("null", 32), ("real", 737)]
    assert query(db_path, "select total, city_spend, district_subsidy from funds where seq = 3") \
        == [(3000.0, 0.0, 3000.0)]


def test_catalog_sums_in_the_database(db_path):
    assert query(db_path, "select round(sum(total), 2), round(sum(city_spend), 2), "
                          "round(sum(district_subsidy), 2) from funds") == \
        [(3968753.93, 2289333.30, 1679420.63)]


def test_foreign_keys_hold(db_path):
    assert query(db_path, "pragma foreign_key_check") == []
    assert query(db_path, "select count(*) from pragma_foreign_key_list('indicators')") == [(1,)]


def test_fund_30_and_79_keep_both_spellings(db_path):
    assert query(db_path, "select seq, name, table_name, department, table_department, seq_basis "
                          "from funds where seq in (30, 79) order by seq") == [
        (30, "环境污染防治专项", "污染防治专项", "重庆市生态环境局", "重庆市生态环境局",
         "order, name overlaps catalog"),
        (79, "青少年事业发展专项", "青少年事业发展专项", "中国共产主义青年团重庆市委委员会",
         "中国共产主义青年团重庆市委", "printed 序号"),
    ]


def test_department_totals_view(db_path):
    rows = query(db_path, "select department, fund_count, total, city_spend, district_subsidy, "
                          "total_yi, district_share_pct from department_totals where department in "
                          "('中共重庆市委组织部', '重庆市交通局', '重庆市残疾人联合会') "
                          "order by department")
    assert rows == [
        # funds 1-4: 10066 + 1690 + 3000 + 1800; 10066 + 1690 + 0 + 611; 0 + 0 + 3000 + 1189
        ("中共重庆市委组织部", 4, 16556.0, 12367.0, 4189.0, 1.6556, 25.3),
        # funds 39-44
        ("重庆市交通局", 6, 92117.61, 58423.61, 33694.0, 9.2118, 36.58),
        # funds 81-82
        ("重庆市残疾人联合会", 2, 29682.22, 4893.7, 24788.52, 2.9682, 83.51),
    ]
    assert query(db_path, "select count(*), sum(fund_count) from department_totals") == [(35, 82)]


def test_fund_summary_view(db_path):
    assert query(db_path, "select seq, department, total, city_spend, district_subsidy, total_yi, "
                          "district_share_pct, indicator_count, core_indicator_count, "
                          "qualitative_indicator_count, contact, phone, source_line "
                          "from fund_summary where seq in (3, 13, 68) order by seq") == [
        (3, "中共重庆市委组织部", 3000.0, 0.0, 3000.0, 0.3, 100.0, 6, 3, 0, "李佳", "63896471", 171),
        (13, "重庆市经济和信息化委员会", 182029.0, 128929.0, 53100.0, 18.2029, 29.17, 15, 4, 1,
         "仲勇", "63897239", 458),
        (68, "重庆市乡村振兴局", 78740.01, 6441.43, 72298.58, 7.874, 91.82, 6, 4, 2,
         "兰江东", "13500318425", 1904),
    ]


def test_full_text_search_of_three_or_more_characters(db_path):
    assert query(db_path, "select fund_seq, text from search_index_fts "
                          "where search_index_fts match ? and kind = 'name' order by rowid",
                 ("污染防治",)) == [(30, "环境污染防治专项"), (30, "污染防治专项")]
    assert query(db_path, "select distinct fund_seq from search_index_fts "
                          "where search_index_fts match ? and kind = 'indicator'",
                 ("文物保护",)) == [(72,)]


@pytest.mark.parametrize("term, seqs", [("教育", [2, 8, 9, 11]), ("公路", [41])])
def test_two_character_terms_via_like(db_path, term, seqs):
    assert query(db_path, "select fund_seq from search_index where kind = 'name' "
                          "and text like ? order by fund_seq", (f"%{term}%",)) == \
        [(seq,) for seq in seqs]


def dump(path):
    with connect(path) as conn:
        schema = conn.execute("select type, name, tbl_name, sql from sqlite_master "
                              "order by type, name").fetchall()
        tables = [name for kind, name, _, _ in schema if kind == "table"]
        rows = {table: sorted(conn.execute(f"select * from [{table}]").fetchall(), key=repr)
                for table in tables}
    return schema, rows


def test_building_twice_gives_the_same_database(db_path, source_path, tmp_path):
    second = tmp_path / "again.db"
    build(source_path, second)
    schema, rows = dump(second)
    assert (schema, rows) == dump(db_path)
    assert {"funds", "indicators", "search_index_fts"} <= set(rows)
    assert {name for kind, name, _, _ in schema if kind == "view"} == \
        {"fund_summary", "department_totals"}


# --- corrupted copies: the checks catch them -----------------------------------------------

def test_catalog_amount_changed(source_text, tmp_path):
    source = write_source(tmp_path, mutate(source_text, 31, "\t10066.00\t", "\t10067.00\t"))
    with pytest.raises(BuildError) as caught:
        build(source, tmp_path / "out.db")
    assert str(caught.value) == (
        f"{source}, line 30: check catalog_sum_total failed for catalog: expected 3,968,753.93, "
        f"found 3,968,754.93 (2 more failed checks: catalog_total_equals_parts line 31, "
        f"table_amounts_match_catalog line 130)")
    assert not (tmp_path / "out.db").exists()
    build(source, tmp_path / "out.db", allow_failed_checks=True)
    assert failed_checks(tmp_path / "out.db") == [
        ("catalog_sum_total", "catalog", 30),
        ("catalog_total_equals_parts", "1 市级人才开发专项", 31),
        ("table_amounts_match_catalog", "1 市级人才开发专项", 130),
    ]
    assert query(tmp_path / "out.db", "select checks_passed, checks_failed from document") == \
        [(496, 3)]


def test_table_amount_changed(source_text, tmp_path):
    text = mutate(source_text, 201, "1,800.00\t市级支出\t611.00", "1,900.00\t市级支出\t711.00")
    build(write_source(tmp_path, text), tmp_path / "out.db", allow_failed_checks=True)
    assert query(tmp_path / "out.db", "select check_name, subject, expected, actual, detail, "
                                      "source_line from data_checks where status = 'fail'") == [
        ("table_amounts_match_catalog", "4 基层非公党建专项", "1,800.00 / 611.00 / 1,189.00",
         "1,900.00 / 711.00 / 1,189.00", "differs in 小计/当年预算, 市级支出", 201)]
    # The database keeps the catalog's amounts.
    assert query(tmp_path / "out.db", "select total, city_spend from funds where seq = 4") == \
        [(1800.0, 611.0)]


def test_indicator_weight_changed(source_text, tmp_path):
    text = mutate(source_text, 135, "\t名\t20\t是", "\t名\t25\t是")
    build(write_source(tmp_path, text), tmp_path / "out.db", allow_failed_checks=True)
    assert query(tmp_path / "out.db", "select check_name, subject, expected, actual, source_line "
                                      "from data_checks where status = 'fail'") == [
        ("indicator_weights_sum_100", "1 市级人才开发专项", "100", "105", 135)]


def test_table_printing_another_funds_name(source_text, tmp_path):
    text = mutate(source_text, 129, "项目名称\t市级人才开发专项", "项目名称\t老党员生活补助专项")
    build(write_source(tmp_path, text), tmp_path / "out.db", allow_failed_checks=True)
    assert failed_checks(tmp_path / "out.db") == [("table_name_matches_catalog", "1 市级人才开发专项", 123)]


def test_statement_total_changed(source_text, tmp_path):
    source = write_source(tmp_path, mutate(source_text, 14, "396.87 亿元", "396.97 亿元"))
    with pytest.raises(BuildError) as caught:
        build(source, tmp_path / "out.db")
    assert str(caught.value) == (f"{source}, line 14: check statement_total_yi failed for 编制说明: "
                                 f"expected 396.97 亿元, found 396.875393 亿元")
    build(source, tmp_path / "out.db", allow_failed_checks=True)
    assert failed_checks(tmp_path / "out.db") == [("statement_total_yi", "编制说明", 14)]


# --- bad input through the command line: one line, non-zero exit, old database untouched ----

@pytest.fixture
def previous_db(db_path, tmp_path):
    """A copy of a good database at the output path, and its bytes."""
    path = tmp_path / "out" / "cqbudget.db"
    path.parent.mkdir()
    shutil.copyfile(db_path, path)
    return path, path.read_bytes()


def cut_after(text, lineno):
    return "\n".join(text.split("\n")[:lineno])


def without_lines(text, first, last):
    lines = text.split("\n")
    del lines[first - 1:last]
    return "\n".join(lines)


BAD_TEXT = {  # name: (make the file's text from the document, expected message after the path)
    "truncated": (lambda t: cut_after(t, 2015),
                  ", line 2001: the table that starts here has no contact "
                  "(truncated or damaged table?)"),
    "no-indicators": (lambda t: without_lines(t, 205, 211),
                      ", line 194: the table that starts here has no indicator rows"),
    "unknown-operator": (lambda t: mutate(t, 206, "\t≥\t", "\t≈\t"),
                         ", line 206: unknown operator '≈' in indicator row"),
    "amount-disagrees": (lambda t: mutate(t, 201, "1,800.00\t市级支出\t611.00",
                                          "1,900.00\t市级支出\t711.00"),
                         ", line 201: check table_amounts_match_catalog failed for 4 基层非公党建专项: "
                         "expected 1,800.00 / 611.00 / 1,189.00, found 1,900.00 / 711.00 / 1,189.00"),
}


def run_build(source, output):
    return CliRunner().invoke(cli, ["build", "--source", str(source), "--output", str(output)])


def assert_refused(result, message, previous_db):
    path, before = previous_db
    assert result.exit_code == 1, result.output
    assert result.output == f"Error: {message}\n"
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["cqbudget.db"]


@pytest.mark.parametrize("name", sorted(BAD_TEXT))
def test_bad_document_is_refused(name, source_text, tmp_path, previous_db):
    make, message = BAD_TEXT[name]
    source = write_source(tmp_path, make(source_text), f"{name}.txt")
    assert_refused(run_build(source, previous_db[0]), f"{source}{message}", previous_db)


def test_file_cut_inside_a_character_is_refused(source_path, tmp_path, previous_db):
    data = source_path.read_bytes()
    source = tmp_path / "cut.txt"
    source.write_bytes(data[:data.index("联系人：刘静".encode()) + 4])  # inside 系 (3 bytes)
    assert_refused(run_build(source, previous_db[0]),
                   f"{source}, line 213: the file ends in the middle of a character "
                   f"(truncated document?)", previous_db)


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", ": the file is empty"),
    ("blank.txt", b"\n \n", ": the file is empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     ", line 3: a NUL byte: binary file, not the text of the document"),
    ("latin1.txt", "预算报告\n\n".encode() + "Budget café\n".encode("latin-1"),
     ", line 3: not UTF-8 text"),
])
def test_unreadable_file_is_refused(name, content, message, tmp_path, previous_db):
    source = tmp_path / name
    source.write_bytes(content)
    assert_refused(run_build(source, previous_db[0]), f"{source}{message}", previous_db)


def test_gbk_document_is_refused(source_text, tmp_path, previous_db):
    source = tmp_path / "gbk.txt"
    source.write_bytes(source_text.encode("gbk"))
    assert_refused(run_build(source, previous_db[0]), f"{source}, line 3: not UTF-8 text",
                   previous_db)


def test_missing_file_is_refused(tmp_path, previous_db):
    source = tmp_path / "missing.txt"
    assert_refused(run_build(source, previous_db[0]), f"{source}: no such file", previous_db)


def test_directory_is_refused(tmp_path, previous_db):
    assert_refused(run_build(tmp_path, previous_db[0]),
                   f"{tmp_path}: is a directory, not the document", previous_db)


def test_cli_builds_and_summarises(source_path, tmp_path):
    output = tmp_path / "cli.db"
    result = run_build(source_path, output)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        f"Built {output}: 82 funds, 769 indicators, 35 departments.",
        "合计 396.88 亿元 = 市级支出 228.93 亿元 + 补助区县 167.94 亿元 (3,968,753.93 万元).",
        "Checks: 499 of 499 passed (see the data_checks table).",
    ]
    assert query(output, "select count(*) from indicators") == [(769,)]


def test_cli_allow_failed_checks_records_them(source_text, tmp_path):
    source = write_source(tmp_path, mutate(source_text, 135, "\t名\t20\t是", "\t名\t25\t是"))
    output = tmp_path / "allowed.db"
    result = CliRunner().invoke(cli, ["build", "--source", str(source), "--output", str(output),
                                      "--allow-failed-checks"])
    assert result.exit_code == 0, result.output
    assert "  FAILED indicator_weights_sum_100 1 市级人才开发专项 (line 135): expected 100, " \
           "found 105" in result.output.splitlines()
    assert failed_checks(output) == [("indicator_weights_sum_100", "1 市级人才开发专项", 135)]


def test_build_db_script(source_path, tmp_path):
    output = tmp_path / "script.db"
    done = subprocess.run([sys.executable, "build_db.py", "--source", str(source_path),
                           "--output", str(output)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Built {output}: 82 funds, 769 indicators, 35 departments.\n")
    assert query(output, "select fund_count, indicator_count, checks_failed from document") == \
        [(82, 769, 0)]

    bad = write_source(tmp_path, "", "empty.txt")
    done = subprocess.run([sys.executable, "build_db.py", "--source", str(bad),
                           "--output", str(output)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {bad}: the file is empty\n")


# --- the output file, the source file, signals ------------------------------------------------

def test_new_database_gets_the_mode_of_a_normal_file(source_path, tmp_path):
    previous = os.umask(0o022)
    try:
        build(source_path, tmp_path / "new.db")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.db").stat().st_mode) == 0o644


def test_rebuild_keeps_the_mode_of_the_replaced_file(source_path, tmp_path):
    output = tmp_path / "kept.db"
    build(source_path, output)
    output.chmod(0o640)
    build(source_path, output)
    assert stat.S_IMODE(output.stat().st_mode) == 0o640


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link"])
def test_output_that_is_the_source_is_refused(how, source_text, tmp_path):
    source = write_source(tmp_path, source_text)
    output = {"same path": source, "symlink": tmp_path / "link.db", "hard link": tmp_path / "hard.db"}[how]
    if how == "symlink":
        output.symlink_to(source)
    elif how == "hard link":
        os.link(source, output)
    before = source.read_bytes()
    result = run_build(source, output)
    assert (result.exit_code, result.output) == (
        1, f"Error: {output}: is the source document; refusing to overwrite it with the database\n")
    assert source.read_bytes() == before


def test_symlinked_output_replaces_its_target(source_path, tmp_path, previous_db):
    link = tmp_path / "link.db"
    link.symlink_to(previous_db[0])
    assert run_build(source_path, link).exit_code == 0
    assert link.is_symlink()
    assert sorted(p.name for p in previous_db[0].parent.iterdir()) == ["cqbudget.db"]


@pytest.mark.parametrize("name, make, message", [
    ("fifo", os.mkfifo, "is a FIFO (named pipe), not a regular file; refusing to read it"),
    ("huge.txt", lambda p: p.write_bytes(b"x" * (4 * 1024 * 1024 + 1)),
     "the file is 4,194,305 bytes; the document is about 192 KB and no more than 4,194,304 bytes are read"),
])
def test_special_or_huge_source_is_refused(name, make, message, tmp_path, previous_db):
    source = tmp_path / name
    make(source)
    assert_refused(run_build(source, previous_db[0]), f"{source}: {message}", previous_db)


def test_device_source_is_refused(previous_db):
    assert_refused(run_build("/dev/zero", previous_db[0]),
                   "/dev/zero: is a character device, not a regular file; refusing to read it", previous_db)


def test_unwritable_directory_is_one_line(source_path, tmp_path, monkeypatch):
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    result = run_build(source_path, tmp_path / "out.db")
    assert (result.exit_code, result.output) == (
        1, f"Error: {tmp_path / 'out.db'}: cannot create the database in {tmp_path} (Permission denied)\n")


def test_output_under_a_file_is_one_line(source_path, tmp_path):
    (tmp_path / "doc.txt").write_text("x")
    result = run_build(source_path, tmp_path / "doc.txt" / "x.db")
    assert (result.exit_code, result.output) == (
        1, f"Error: {tmp_path / 'doc.txt' / 'x.db'}: cannot create the database: a part of "
           f"{tmp_path / 'doc.txt'} is a file, not a directory\n")


def test_failure_while_writing_leaves_no_temporary_files(source_path, tmp_path, previous_db, monkeypatch):
    import cqbudget_db.build as build_module

    def full_disk(db, *args):
        db["funds"].insert({"seq": 1})
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(build_module, "write", full_disk)
    assert_refused(run_build(source_path, previous_db[0]),
                   f"writing {previous_db[0]} failed: database or disk is full", previous_db)


SIGTERM_SCRIPT = """
import sys, time
import cqbudget_db.build as build
from cqbudget_db.cli import cli

def slow_write(db, *args):
    build.create_tables(db)
    db.conn.execute("begin")  # an open transaction: the journal exists now
    db.conn.execute("insert into departments (name) values ('x')")
    print("writing", flush=True)
    time.sleep(30)

build.write = slow_write
cli.main(["build", "--source", sys.argv[1], "--output", sys.argv[2]])
"""


@pytest.mark.parametrize("signum, code, message", [
    (signal.SIGTERM, 143, "Error: stopped by SIGTERM; {output} was not changed\n"),
    (signal.SIGINT, 1, "\nAborted!\n"),
])
def test_signal_during_build_removes_the_temporary_files(signum, code, message, source_path, previous_db):
    output, before = previous_db
    process = subprocess.Popen([sys.executable, "-c", SIGTERM_SCRIPT, str(source_path), str(output)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "writing\n"
        assert any(p.name.endswith(".tmp-journal") for p in output.parent.iterdir())
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert (process.returncode, stderr) == (code, message.format(output=output))
    assert output.read_bytes() == before
    assert sorted(p.name for p in output.parent.iterdir()) == ["cqbudget.db"]


def test_sigterm_during_a_first_run_build_is_one_line(tmp_path):
    """`cqbudget ask --db NEW.db` builds NEW.db first; SIGTERM then leaves nothing behind."""
    output = tmp_path / "new.db"
    script = SIGTERM_SCRIPT.replace('["build", "--source", sys.argv[1], "--output", sys.argv[2]]',
                                    '["ask", "--db", sys.argv[2], "教委有几个专项？"]')
    process = subprocess.Popen([sys.executable, "-c", script, "unused", str(output)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "writing\n"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert (process.returncode, stderr.splitlines()[-1]) == (143, f"Error: stopped by SIGTERM; {output} was not built")
    assert list(tmp_path.iterdir()) == []
