"""Terminal and Markdown tables (cqbudget_db.render): labels, amounts, CJK alignment."""

import re

from click.testing import CliRunner

from cqbudget_db.cli import cli
from cqbudget_db.evaluate import format_report
from cqbudget_db.llm_plugin import markdown_table
from cqbudget_db.render import display_width, result_table, table, truncate

COLUMNS = ["seq", "name", "department_short", "total", "city_spend", "district_subsidy"]
ROWS = [[32, "城市提升专项", "市住房城乡建委", 369379.0, 320305.0, 49074.0],
        [57, "计划生育专项", "市卫生健康委", 52331.0, 0.0, 52331.0],
        [99, "abc", "x", 12345.6, 12345.6, 0.0]]


def test_result_table_is_labelled_in_the_questions_language():
    zh = table(COLUMNS, ROWS, lang="zh").splitlines()
    assert zh[0].split() == ["序号", "专项", "部门", "预算（万元）", "市级支出（万元）", "补助区县（万元）"]
    en = table(COLUMNS, ROWS, lang="en").splitlines()[0]
    for label in ("fund", "budget (万元)", "city-level spending (万元)", "subsidies to districts (万元)"):
        assert label in en
    assert table(COLUMNS, ROWS).splitlines()[0].split() == COLUMNS  # raw SQL keeps its names


def test_amounts_as_printed_in_the_document_and_aligned():
    lines = table(COLUMNS, ROWS, lang="zh").splitlines()
    assert "369,379.00" in lines[2] and "12,345.60" in lines[4] and "0.00" in lines[3]
    assert len({display_width(line) for line in lines}) == 1  # CJK takes two columns
    # numbers right-aligned: every amount ends in the same display column
    ends = {display_width(line[:line.index(amount) + len(amount)])
            for line, amount in zip(lines[2:], ["369,379.00", "52,331.00", "12,345.60"])}
    assert len(ends) == 1


def test_result_table_language_and_limit():
    result = {"question": "卫健委有哪些专项", "columns": COLUMNS, "rows": ROWS}
    text = result_table(result, limit=2)
    assert text.splitlines()[0].startswith("  序号") and text.endswith("… 另有 1 行")
    english = {"question": "Which funds?", "columns": COLUMNS, "rows": ROWS, "state": {"lang": "en"}}
    assert "budget (万元)" in result_table(english) and "more rows" in result_table(english, limit=1)


def test_long_cells_are_cut_by_display_width():
    assert truncate("重" * 30, 10) == "重" * 4 + "…"
    assert display_width(truncate("重" * 30, 10)) <= 10
    assert table(["overview"], [["重" * 60]]).splitlines()[2].endswith("…")


def test_markdown_table():
    text = markdown_table(COLUMNS, ROWS, limit=2, lang="zh")
    lines = text.splitlines()
    assert lines[0].startswith("|") and "预算（万元）" in lines[0] and set(lines[1]) <= set("|-: ")
    assert lines[-1] == "(2 of 3 rows shown)"
    assert "a\\|b" in markdown_table(["name"], [["a|b"]])
    assert markdown_table([], []) == ""


def test_help_examples_line_up_in_a_terminal():
    output = CliRunner().invoke(cli, ["--help"]).output
    examples = [re.match(r"(\s*cqbudget .*?\s{2,})\S", line) for line in output.splitlines()
                if line.strip().startswith("cqbudget ")]
    assert len(examples) == 5 and all(examples)
    # where each description starts, counting a Chinese character as two columns
    assert len({display_width(match.group(1)) for match in examples}) == 1


def test_evaluation_report_table():
    report = {"passed": 11, "total": 12, "accuracy": 11 / 12,
              "by_category": {"share": {"passed": 1, "total": 2, "accuracy": 0.5},
                              "amount_threshold": {"passed": 10, "total": 10, "accuracy": 1.0}},
              "by_lang": {"zh": {"passed": 11, "total": 12, "accuracy": 11 / 12}},
              "failures": [{"id": "q5", "question": "教委？", "reason": "wrong rows", "engine_sql": "select 1"}]}
    text = format_report(report, failures=True)
    lines = text.splitlines()
    assert lines[0].split() == ["category", "passed", "total", "accuracy"]
    assert re.search(r"^overall\s+11\s+12\s+91\.7%$", text, re.M)
    assert re.search(r"^amount_threshold\s+10\s+10\s+100\.0%$", text, re.M)
    assert "  q5       教委？" in text and "           wrong rows" in text
