"""The command line: output shapes, exit codes, JSON, chat, first-run build."""

import json

import pytest
from click.testing import CliRunner

from cqbudget_db.cli import cli
from cqbudget_db.render import display_width, table


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_ask_prints_answer_table_sources_and_sql(db_path):
    result = run("ask", "哪些专项超过10亿元？", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("预算超过10亿元的专项共14个")
    assert any("城市提升专项" in line and "369,379.00" in line for line in lines)
    assert "Sources:" in result.output and "SQL:" in result.output


def test_ask_json_is_one_stable_object(db_path):
    result = run("ask", "--json", "教委有几个专项？", "--db", str(db_path))
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert tuple(payload) == ("version", "question", "model", "sql", "params", "columns", "rows", "units", "answer",
                              "sources", "url", "truncated", "notes", "status", "understood", "resolved")
    assert payload["rows"][0][payload["columns"].index("fund_count")] == 4
    assert payload["params"] == {"dept": "重庆市教育委员会"}
    assert payload["units"]["total"] == "万元"
    assert payload["sources"][0] == {"seq": 8, "name": "高等教育突破跃升专项", "line": 325}


def test_ask_sql_only(db_path):
    result = run("ask", "--sql", "which funds exceed 1 billion yuan", "--db", str(db_path))
    assert result.exit_code == 0
    assert result.output.strip().startswith("select") and "100000" in result.output


def test_unanswerable_exits_3_with_help(db_path):
    result = run("ask", "重庆的人口是多少", "--db", str(db_path))
    assert result.exit_code == 3
    assert "Questions I can answer" in result.output
    result = run("ask", "--json", "今天天气怎么样", "--db", str(db_path))
    assert result.exit_code == 3
    assert json.loads(result.output)["examples"]


def test_empty_question_exits_2(db_path):
    assert run("ask", "   ", "--db", str(db_path)).exit_code == 2


def test_sql_command(db_path):
    result = run("sql", "select seq, name from funds where seq = 30", "--db", str(db_path))
    assert result.exit_code == 0
    assert "环境污染防治专项" in result.output
    result = run("sql", "delete from funds", "--db", str(db_path))
    assert result.exit_code == 1 and "only a read-only SELECT" in result.output


def test_chat_follow_ups(db_path):
    result = run("chat", "--db", str(db_path),
                 input="教委有哪些专项？\n其中市级支出最多的是哪个？\n那卫健委呢？\n重庆的人口是多少\nexit\n")
    assert result.exit_code == 0
    assert "职业教育提质领跑专项" in result.output
    assert "能力建设专项" in result.output
    assert "人口" in result.output


def test_first_run_builds_the_database(tmp_path):
    target = tmp_path / "fresh.db"
    result = CliRunner().invoke(cli, ["ask", "教委有几个专项", "--db", str(target)])
    assert result.exit_code == 0
    assert "building it from" in result.output
    assert target.exists()


def test_help_has_examples():
    for command in ("build", "ask", "sql", "chat"):
        assert "Example" in run(command, "--help").output


def test_table_aligns_chinese():
    text = table(["name", "total"], [["城市提升专项", 369379.0], ["abc", 1.5]])
    widths = {display_width(line) for line in text.splitlines()}
    assert len(widths) == 1


@pytest.mark.parametrize("option, value, message", [
    ("--time-limit", "-1", "Invalid value for '--time-limit': -1.0 is not in the range 0<x<=600."),
    ("--time-limit", "0", "Invalid value for '--time-limit': 0.0 is not in the range 0<x<=600."),
    ("--time-limit", "nan", "Invalid value for '--time-limit': nan is not a number of seconds"),
    ("--max-rows", "-5", "Invalid value for '--max-rows': -5 is not in the range 1<=x<=1000000."),
    ("--max-rows", "0", "Invalid value for '--max-rows': 0 is not in the range 1<=x<=1000000."),
])
def test_sql_limits_must_be_positive(db_path, option, value, message):
    result = run("sql", "select 1", "--db", str(db_path), option, value)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: {message}"

