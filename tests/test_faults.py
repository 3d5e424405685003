"""Fault injection: damaged copies of the real document, built over a good database.

Every mutation has one of four expected outcomes:

  refused      the build stops with the exact one-line message (it names the line and
               what is wrong) and the previous database is byte-identical, with no
               temporary file left beside it;
  identical    a benign change (BOM, CRLF, trailing spaces, …): the database holds
               the same data as the original's (only document.sha256 differs);
  layout       blank lines added or removed: the same data, citing shifted line numbers;
  undetectable a value the document states only once; the build succeeds.  Every such
               class is listed in docs/damage.md, and the test checks that it is.

Each run must finish within 2 s: a guard against hangs (super-linear regexes, reading
a device), not a speed measurement; benchmarks/bench_build.py measures speed.
"""

import pathlib
import re
import sqlite3
import time

import pytest
from click.testing import CliRunner

from cqbudget_db.build import DEFAULT_SOURCE
from cqbudget_db.cli import cli

ROOT = pathlib.Path(__file__).resolve().parent.parent
DAMAGE_DOC = ROOT / "docs" / "damage.md"
DATA = DEFAULT_SOURCE.read_bytes()
TEXT = DATA.decode("utf-8")
LINES = TEXT.split("\n")
HANG_GUARD_SECONDS = 2.0


def line_of(prefix, after=0):
    """1-based number of the first line after line `after` that starts with prefix."""
    return next(n for n, line in enumerate(LINES, 1) if n > after and line.startswith(prefix))


def table_start(seq):
    return line_of(f"序号：{seq}")


def in_table(seq, prefix):
    return line_of(prefix, after=table_start(seq))


def first_indicator(seq):
    return in_table(seq, "绩效指标") + 1


def catalog_line(seq):
    return line_of(f"{seq}\t")


def text_of(lines):
    return "\n".join(lines)


def edit(lineno, old, new):
    lines = list(LINES)
    assert lines[lineno - 1].count(old) == 1, (lineno, old, lines[lineno - 1])
    lines[lineno - 1] = lines[lineno - 1].replace(old, new)
    return text_of(lines)


def delete(first, last=None):
    lines = list(LINES)
    del lines[first - 1:(last or first)]
    return text_of(lines)


def duplicate(first, last=None):
    lines = list(LINES)
    block = lines[first - 1:(last or first)]
    lines[(last or first):(last or first)] = block
    return text_of(lines)


def swap(a, b):
    lines = list(LINES)
    lines[a - 1], lines[b - 1] = lines[b - 1], lines[a - 1]
    return text_of(lines)


def swap_blocks(first_a, last_a, first_b, last_b):
    lines = list(LINES)
    a, between, b = lines[first_a - 1:last_a], lines[last_a:first_b - 1], lines[first_b - 1:last_b]
    lines[first_a - 1:last_b] = b + between + a
    return text_of(lines)


def insert(lineno, *new):
    """The document with lines inserted before line lineno."""
    lines = list(LINES)
    lines[lineno - 1:lineno - 1] = list(new)
    return text_of(lines)


def utf8(text):
    return text.encode("utf-8")


T1, T5, T6, T10, T82 = (table_start(n) for n in (1, 5, 6, 10, 82))
LAST = len(LINES)
PHONE_82 = in_table(82, "联系电话")
assert PHONE_82 == LAST and LINES[-1] == "联系电话：67116926"

# name: (bytes of the damaged file, expected outcome)
MUTATIONS = {
    # --- truncations -----------------------------------------------------------------------
    "cut-2-bytes": (DATA[:-2], ("refused", f"line {LAST}: 联系电话 '671169' is neither an 8-digit landline "
                                          f"nor an 11-digit mobile number (truncated document?)")),
    "cut-after-last-colon": (utf8(TEXT[:TEXT.rindex("：") + 1]),
                             ("refused", f"line {LAST}: phone line without a value")),
    "cut-before-last-phone": (utf8(text_of(LINES[:PHONE_82 - 2])),
                              ("refused", f"line {T82}: the table that starts here has no phone "
                                          f"(truncated or damaged table?)")),
    "cut-inside-last-contact": (utf8(TEXT[:TEXT.rindex("杨皓博") + 1]),
                                ("refused", f"line {LAST - 2}: 联系人 '杨' is not a name of two to four "
                                            f"Chinese characters")),
    "cut-inside-a-character": (DATA[:DATA.rindex("杨皓博".encode()) + 1],
                               ("refused", f"line {LAST - 2}: the file ends in the middle of a character "
                                           f"(truncated document?)")),
    "cut-after-fund-81": (utf8(text_of(LINES[:T82 - 1])),
                          ("refused", f"line {catalog_line(82)}: catalog fund 82 (残疾人事业发展专项) has no "
                                      f"performance-goal table (truncated document?)")),
    "cut-in-the-catalog": (utf8(text_of(LINES[:catalog_line(40)])),
                           ("refused", f"line {catalog_line(40)}: the first performance-goal table was not "
                                       f"found: is this the key-funds document?")),
    "cut-in-the-front-matter": (utf8(text_of(LINES[:10])),
                                ("refused", "line 10: no 编制说明 statement of the fund count and totals ('共提交 … 亿元') "
                                            "before the fund catalog (truncated or damaged document?)")),
    # --- deleted lines and tables ------------------------------------------------------------
    "no-date-line": (utf8(delete(8)), ("refused", "line 23: no date line such as '2024 年 1 月' before the "
                                                  "fund catalog (truncated or damaged document?)")),
    "no-title-line": (utf8(delete(6)), ("refused", "line 23: no title line '重庆市 2024 年市级重点专项预算绩效' "
                                                   "before the fund catalog (truncated or damaged document?)")),
    "no-catalog-row": (utf8(delete(catalog_line(40))),
                       ("refused", f"line {catalog_line(41) - 1}: catalog 序号 41 is out of order")),
    "no-total-row": (utf8(delete(30)), ("refused", "line 24: the catalog has no 合计 row")),
    "no-district-line": (utf8(delete(in_table(5, "\t\t补助区县"))),
                         ("refused", f"line {T5}: the table that starts here has no district_subsidy "
                                     f"(truncated or damaged table?)")),
    "no-indicator-row": (utf8(delete(first_indicator(1))),
                         ("refused", f"line {first_indicator(1)}: check indicator_weights_sum_100 failed for "
                                     f"1 市级人才开发专项: expected 100, found 80")),
    "no-indicator-header": (utf8(delete(first_indicator(1) - 1)),
                            ("refused", f"line {first_indicator(1) - 1}: unexpected line in the table that "
                                        f"starts at line {T1}: '认定渝跃行动顶尖人才数量\\t≥\\t20\\t名\\t20\\t是'")),
    "no-contact-line": (utf8(delete(in_table(5, "联系人"))),
                        ("refused", f"line {in_table(5, '联系电话') - 1}: 联系电话 line before the 联系人 line "
                                    f"of the table that starts at line {T5}")),
    "no-phone-line": (utf8(delete(in_table(5, "联系电话"))),
                      ("refused", f"line {T5}: the table that starts here has no phone "
                                  f"(truncated or damaged table?)")),
    "no-table-10": (utf8(delete(T10, in_table(10, "联系电话") + 1)),
                    ("refused", f"line {catalog_line(10)}: catalog fund 10 (学生资助专项) has no "
                                f"performance-goal table (truncated document?)")),
    "no-name-line": (utf8(delete(in_table(5, "项目名称"))),
                     ("refused", f"line {T5}: the table that starts here has no table_name "
                                 f"(truncated or damaged table?)")),
    # --- duplicated lines and tables ---------------------------------------------------------
    "catalog-row-twice": (utf8(duplicate(catalog_line(40))),
                          ("refused", f"line {catalog_line(40) + 1}: catalog 序号 40 is out of order")),
    "total-row-twice": (utf8(duplicate(30)), ("refused", "line 31: a second 合计 row (the first is line 30)")),
    "statement-twice": (utf8(duplicate(14)), ("refused", "line 15: a second statement line (the first is line 14)")),
    "date-twice": (utf8(duplicate(8)), ("refused", "line 9: a second date line (the first is line 8)")),
    "indicator-row-twice": (utf8(duplicate(first_indicator(1))),
                            ("refused", f"line {first_indicator(1)}: check indicator_weights_sum_100 failed for "
                                        f"1 市级人才开发专项: expected 100, found 120")),
    "overview-twice": (utf8(duplicate(in_table(5, "项目概况"))),
                       ("refused", f"line {in_table(5, '项目概况') + 1}: second overview in the table that "
                                   f"starts at line {T5}")),
    "phone-twice": (utf8(duplicate(in_table(5, "联系电话"))),
                    ("refused", f"line {in_table(5, '联系电话') + 1}: line after the 联系电话 line of the table "
                                f"that starts at line {T5}: '联系电话：63899705'")),
    "table-5-twice": (utf8(duplicate(T5, T6 - 1)),
                      ("refused", f"line {T6}: second table for fund 5")),
    # --- swapped lines and tables ------------------------------------------------------------
    "catalog-rows-swapped": (utf8(swap(catalog_line(40), catalog_line(41))),
                             ("refused", f"line {catalog_line(40)}: catalog 序号 41 is out of order")),
    "tables-5-6-swapped": (utf8(swap_blocks(T5, T6 - 2, T6, table_start(7) - 2)),
                           ("refused", f"line {T5 + table_start(7) - T6}: the table for fund 5 comes after "
                                       f"the table for fund 6: the tables are out of catalog order")),
    "contact-phone-swapped": (utf8(swap(in_table(5, "联系人"), in_table(5, "联系电话"))),
                              ("refused", f"line {in_table(5, '联系人')}: 联系电话 line before the 联系人 line "
                                          f"of the table that starts at line {T5}")),
    "overview-goal-swapped": (utf8(swap(in_table(5, "项目概况"), in_table(5, "当年绩效目标"))), ("identical",)),
    "amount-lines-swapped": (utf8(swap(in_table(5, "当年预算"), in_table(5, "\t\t补助区县"))), ("layout",)),
    "indicator-rows-swapped": (utf8(swap(first_indicator(1), first_indicator(1) + 3)),
                               ("undetectable", "the order of indicator rows")),
    # --- changed numbers -----------------------------------------------------------------------
    "catalog-amount": (utf8(edit(catalog_line(1), "\t10066.00\t", "\t10067.00\t")),
                       ("refused", "line 30: check catalog_sum_total failed for catalog: expected 3,968,753.93, "
                                   "found 3,968,754.93 (2 more failed checks: catalog_total_equals_parts line 31, "
                                   f"table_amounts_match_catalog line {in_table(1, '当年预算')})")),
    "table-amount": (utf8(edit(in_table(4, "当年预算"), "1,800.00\t市级支出\t611.00", "1,800.00\t市级支出\t612.00")),
                     ("refused", f"line {in_table(4, '当年预算')}: check table_total_equals_parts failed for "
                                 f"4 基层非公党建专项: expected 1,800.00, found 1,801.00 (1 more failed checks: "
                                 f"table_amounts_match_catalog line {in_table(4, '当年预算')})")),
    "statement-count": (utf8(edit(14, "共提交 82 个", "共提交 83 个")),
                        ("refused", "line 14: check statement_fund_count failed for 编制说明: expected 83, "
                                    "found 82")),
    "weight-changed": (utf8(edit(first_indicator(1), "\t名\t20\t是", "\t名\t25\t是")),
                       ("refused", f"line {first_indicator(1)}: check indicator_weights_sum_100 failed for "
                                   f"1 市级人才开发专项: expected 100, found 105")),
    "weight-zero": (utf8(edit(first_indicator(1), "\t名\t20\t是", "\t名\t0\t是")),
                    ("refused", f"line {first_indicator(1)}: 指标权重 0 is not a percentage in (0, 100]")),
    "weight-negative-balanced": (
        utf8(text_of([line.replace("\t名\t20\t是", "\t名\t-10\t是") if n == first_indicator(1) else
                      line.replace("\t名\t20\t是", "\t名\t50\t是") if n == first_indicator(1) + 1 else line
                      for n, line in enumerate(LINES, 1)])),
        ("refused", f"line {first_indicator(1)}: 指标权重 -10 is not a percentage in (0, 100]")),
    "weight-over-100": (utf8(edit(first_indicator(1), "\t名\t20\t是", "\t名\t120\t是")),
                        ("refused", f"line {first_indicator(1)}: 指标权重 120 is not a percentage in (0, 100]")),
    "weights-moved": (utf8(text_of([line.replace("\t名\t20\t是", "\t名\t10\t是") if n == first_indicator(1) else
                                    line.replace("\t人\t10\t否", "\t人\t20\t否") if n == first_indicator(1) + 4
                                    else line for n, line in enumerate(LINES, 1)])),
                      ("undetectable", "weights moved between the indicators of one fund")),
    "phone-short": (utf8(edit(in_table(5, "联系电话"), "63899705", "6389970")),
                    ("refused", f"line {in_table(5, '联系电话')}: 联系电话 '6389970' is neither an 8-digit "
                                f"landline nor an 11-digit mobile number (truncated document?)")),
    "phone-digit-changed": (utf8(edit(in_table(5, "联系电话"), "63899705", "63899706")),
                            ("undetectable", "a contact's name or phone number")),
    "contact-changed": (utf8(edit(in_table(1, "联系人"), "段沁", "段新")),
                        ("undetectable", "a contact's name or phone number")),
    "target-changed": (utf8(edit(first_indicator(1), "\t≥\t20\t", "\t≥\t25\t")),
                       ("undetectable", "an indicator's name, operator, target, unit or 是否核心 flag")),
    "operator-changed": (utf8(edit(first_indicator(1), "\t≥\t20\t", "\t≤\t20\t")),
                         ("undetectable", "an indicator's name, operator, target, unit or 是否核心 flag")),
    "overview-word-changed": (utf8(edit(in_table(1, "项目概况"), "大力引进", "大力吸引")),
                              ("undetectable", "the wording of an overview or goal")),
    "date-month-changed": (utf8(edit(8, "1 月", "2 月")), ("undetectable", "the month of the date line")),
    "title-year-changed": (utf8(edit(6, "2024", "2025")),
                           ("refused", "line 6: the title names 2025, but the catalog and tables are for 2024")),
    "table-names-another-fund": (utf8(edit(in_table(1, "项目名称"), "市级人才开发专项", "老党员生活补助专项")),
                                 ("refused", f"line {T1}: check table_name_matches_catalog failed for "
                                             f"1 市级人才开发专项: expected 市级人才开发专项, found 老党员生活补助专项")),
    # --- junk ---------------------------------------------------------------------------------
    "junk-in-catalog": (utf8(insert(catalog_line(40), "xyz 随便")),
                        ("refused", f"line {catalog_line(40)}: unexpected line in the fund catalog: 'xyz 随便'")),
    "junk-in-a-table": (utf8(insert(in_table(5, "项目概况"), "随便写点什么")),
                        ("refused", f"line {in_table(5, '项目概况')}: unexpected line in the table that starts "
                                    f"at line {T5}: '随便写点什么'")),
    "junk-at-the-end": (utf8(TEXT + "\n附件：其他"),
                        ("refused", f"line {LAST + 1}: line after the 联系电话 line of the table that starts at "
                                    f"line {T82}: '附件：其他'")),
    "control-character": (utf8(edit(catalog_line(5), "文化产业", "文化\x07产业")),
                          ("refused", f"line {catalog_line(5)}: character U+0007 at column 5: the document has no "
                                      f"control or invisible characters (damaged file?)")),
    "zero-width-space": (utf8(edit(catalog_line(5), "文化产业", "文化\u200b产业")),
                         ("refused", f"line {catalog_line(5)}: character U+200B at column 5: the document has no "
                                     f"control or invisible characters (damaged file?)")),
    "lone-cr-in-a-line": (utf8(edit(catalog_line(5), "文化产业", "文化\r产业")),
                          ("refused", f"line {catalog_line(5)}: character U+000D at column 5: the document has no "
                                      f"control or invisible characters (damaged file?)")),
    "nul-byte": (utf8(edit(20, "五、", "五\x00、")),
                 ("refused", "line 20: a NUL byte: binary file, not the text of the document")),
    "binary": (bytes(range(256)) * 64,
               ("refused", "line 1: a NUL byte: binary file, not the text of the document")),
    "huge-line": (utf8(insert(10, "x" * 1_000_000)),
                  ("refused", "line 10: the line is 1,000,000 characters long; no line of the document is longer "
                              "than 10,000 (damaged file?)")),
    "statement-phrase-repeated": (utf8(edit(14, "涉及市级预算资金 396.87 亿元", "资金" * 4_900)),
                                  ("refused", "line 14: the 编制说明 statement must give '资金 N 亿元' after the "
                                              "fund count (资金, then 市级支出, then 补助区县)")),
    # --- encodings and line ends -------------------------------------------------------------
    "gbk": (TEXT.encode("gbk"), ("refused", "line 3: not UTF-8 text")),
    "utf-16": (TEXT.encode("utf-16"), ("refused", "line 2: a NUL byte: binary file, not the text of the document")),
    "double-encoded": (TEXT.encode("utf-8").decode("latin-1").encode("utf-8"),
                       ("refused", "line 3: character U+0084 at column 3: the document has no control or invisible "
                                   "characters (damaged file?)")),
    "bom": (b"\xef\xbb\xbf" + DATA, ("identical",)),
    "two-boms": (b"\xef\xbb\xbf\xef\xbb\xbf" + DATA,
                 ("refused", "line 1: character U+FEFF at column 1: the document has no control or invisible "
                             "characters (damaged file?)")),
    "crlf": (DATA.replace(b"\n", b"\r\n"), ("identical",)),
    "cr-only": (DATA.replace(b"\n", b"\r"), ("identical",)),
    "final-newline": (DATA + b"\n", ("identical",)),
    "trailing-spaces": (utf8(text_of(line + "  " if line else line for line in LINES)), ("identical",)),
    "empty": (b"", ("refused-file", "the file is empty")),
    "blank": (b"\n\n  \n", ("refused-file", "the file is empty")),
    # --- layout --------------------------------------------------------------------------------
    "blank-lines-added": (utf8(insert(T10, "", "")), ("layout",)),
    "lost-seq-line": (utf8(delete(T10)), ("layout",)),
}



def char_boundary(offset):
    while DATA[offset] & 0xC0 == 0x80:  # a UTF-8 continuation byte
        offset -= 1
    return offset


# Truncations at many points, each refused naming a line of the cut file: 20 anywhere
# (often inside a character), 20 at a character boundary, 20 at the end of a line.
CUT_POINTS = sorted({len(DATA) * k // 21 for k in range(1, 21)}
                    | {char_boundary(len(DATA) * k // 21 + 7) for k in range(1, 21)}
                    | {DATA.index(b"\n", len(DATA) * k // 21 + 13) for k in range(1, 21)})


@pytest.fixture(scope="module")
def original(db_path):
    return dump(db_path)


@pytest.fixture
def previous(db_path, tmp_path):
    output = tmp_path / "out" / "cqbudget.db"
    output.parent.mkdir()
    output.write_bytes(db_path.read_bytes())
    return output, output.read_bytes()


# What a change of layout may change: the line numbers the database cites, and how a table
# whose 序号 line was lost was matched to the catalog (funds.seq_basis).
LAYOUT_COLUMNS = {("funds", "source_line"), ("funds", "catalog_line"), ("indicators", "source_line"),
                  ("data_checks", "source_line"), ("document", "line_count"), ("funds", "seq_basis"),
                  ("document", "sha256")}


def dump(path, ignore=frozenset({("document", "sha256")})):
    """Every table's rows, sorted, without the ignored (table, column) pairs."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [row[0] for row in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'search_index_fts%' "
            "order by name")]
        result = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f"pragma table_info([{table}])")
                       if (table, row[1]) not in ignore]
            rows = conn.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{table}]").fetchall()
            result[table] = (columns, sorted(rows, key=repr))
    return result


def run_build(source, output):
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["build", "--source", str(source), "--output", str(output)])
    elapsed = time.monotonic() - started
    assert elapsed < HANG_GUARD_SECONDS, f"build took {elapsed:.1f} s"
    return result


def assert_refused(result, message, previous):
    output, before = previous
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert output.read_bytes() == before
    assert sorted(p.name for p in output.parent.iterdir()) == ["cqbudget.db"]


def undetectable_classes():
    """The bullet points under '## Cannot be detected' in docs/damage.md."""
    text = DAMAGE_DOC.read_text(encoding="utf-8")
    section = text.split("## Cannot be detected", 1)[1].split("\n## ", 1)[0]
    return {m.group(1) for m in re.finditer(r"^- \*\*(.+?)\*\*", section, re.M)}


def test_there_are_enough_mutations():
    assert len(MUTATIONS) >= 40 and len(CUT_POINTS) >= 40
    assert {"identical", "layout", "undetectable", "refused"} <= {e[0] for _, e in MUTATIONS.values()}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutation(name, tmp_path, previous, original, db_path):
    data, expected = MUTATIONS[name]
    source = tmp_path / DEFAULT_SOURCE.name
    source.write_bytes(data)
    result = run_build(source, previous[0])
    kind = expected[0]
    if kind == "refused":
        assert_refused(result, f"{source}, {expected[1]}", previous)
    elif kind == "refused-file":
        assert_refused(result, f"{source}: {expected[1]}", previous)
    else:
        assert result.exit_code == 0, result.output
        if kind == "identical":
            assert dump(previous[0]) == original
        elif kind == "layout":
            assert dump(previous[0], LAYOUT_COLUMNS) == dump(db_path, LAYOUT_COLUMNS)
            assert dump(previous[0]) != original
        else:
            assert kind == "undetectable" and expected[1] in undetectable_classes()
            assert dump(previous[0]) != original


@pytest.mark.parametrize("cut", CUT_POINTS)
def test_truncation(cut, tmp_path, previous):
    source = tmp_path / DEFAULT_SOURCE.name
    source.write_bytes(DATA[:cut])
    result = run_build(source, previous[0])
    cut_lines = DATA[:cut].count(b"\n") + 1
    m = re.fullmatch(rf"Error: {re.escape(str(source))}, line (\d+): (.+)\n", result.output)
    assert m, result.output
    assert 1 <= int(m.group(1)) <= cut_lines
    assert_refused(result, result.output[len("Error: "):-1], previous)


def test_every_documented_class_is_exercised():
    exercised = {e[1] for _, e in MUTATIONS.values() if e[0] == "undetectable"}
    assert exercised <= undetectable_classes()
