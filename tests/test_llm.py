"""Any model through llm: the prompt, SQL extraction, the guard, retries, number checks,
the `cqbudget` llm model and the CqbudgetSQL toolbox — all with scripted fake models."""

import hashlib
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cqbudget_db import llm_prompt, llm_sql
from cqbudget_db.guard import GuardError
from cqbudget_db.llm_checks import extract_sql, unsupported_numbers
from cqbudget_db.llm_prompt import select_examples, system_prompt, worked_examples
from cqbudget_db.llm_sql import answer_with_model, run_model_sql, template_answer


TOP_SQL = "```sql\nselect seq, name, total from funds order by total desc limit 1\n```"


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- SQL extraction

@pytest.mark.parametrize("reply, expected", [
    ("```sql\nselect 1\n```", "select 1"),
    ("Here you go:\n```SQL\nselect name from funds;\n```\nDone.", "select name from funds;"),
    ("```\nselect 2\n```", "select 2"),
    ("```sqlite\nwith t as (select 1) select * from t\n```", "with t as (select 1) select * from t"),
    ("```python\nprint(1)\n```\n```sql\nselect 3\n```", "select 3"),
    ("The query is:\nSELECT count(*) FROM funds;\nIt counts the funds.", "SELECT count(*) FROM funds;"),
    ("SELECT name\nFROM funds\nWHERE total > 100000\n\nThis lists the big ones.",
     "SELECT name\nFROM funds\nWHERE total > 100000"),
    ("I would run select name from funds where seq = 1; to find it.",
     "select name from funds where seq = 1;"),
    ("<think>maybe select nothing from nowhere</think>\n```sql\nselect 4\n```", "select 4"),
    ("DELETE FROM funds;", "DELETE FROM funds;"),
    ("select 1; drop table funds;", "select 1; drop table funds;"),
    ("```sql\nselect ';' as semi\n```", "select ';' as semi"),
    ("I cannot answer that with this database.", None),
    ("", None),
])
def test_extract_sql(reply, expected):
    assert extract_sql(reply) == expected


# ---------------------------------------------------------------- the guard for model SQL

def test_model_sql_runs_read_only_and_refuses_the_rest(db_path):
    before = sha256(db_path)
    assert run_model_sql(db_path, "select count(*) from funds").rows == [[82]]
    fts = run_model_sql(db_path, "select distinct fund_seq from search_index_fts "
                                 "where search_index_fts match '职业教育'")
    assert [11] in fts.rows
    for hostile, message in [
        ("delete from funds", "only a read-only SELECT"),
        ("drop table funds", "only a read-only SELECT"),
        ("select 1; delete from funds", "only one SQL statement"),
        ("with x as (select 1) delete from funds", "refused"),
        ("with x as (select 1) insert into departments values ('a', 'b', 'c')", "refused"),
        ("select name from sqlite_master", "not one of the database's tables"),
        ("select load_extension('x')", "refused"),
        ("attach database ':memory:' as m", "only a read-only SELECT"),
    ]:
        with pytest.raises(GuardError, match=message):
            run_model_sql(db_path, hostile)
    with pytest.raises(GuardError, match="longer than"):
        run_model_sql(db_path, "with recursive r(n) as (select 1 union all select n + 1 from r) "
                               "select count(*) from r", time_limit=0.2)
    assert sha256(db_path) == before


def test_row_cap(db_path):
    result = run_model_sql(db_path, "select * from indicators", max_rows=10)
    assert len(result.rows) == 10 and result.truncated


# ---------------------------------------------------------------- numbers

ROWS = [[32, "城市提升专项", 369379.0, 36.9379, 13.29]]
COLUMNS = ["seq", "name", "total", "total_yi", "district_share_pct"]


@pytest.mark.parametrize("sentence", [
    "城市提升专项预算 369,379 万元。",
    "城市提升专项预算369379万元（约36.94亿元）。",
    "City improvement: 36.9 亿元, about 37 亿元.",
    "It is 3.69 billion yuan, or 3,693.79 million yuan.",
    "The fund (seq 32) sends 13.29% to districts.",
    "第1名是城市提升专项，2024年预算36.94亿元。",
    "The largest fund gets ３６.９４亿元.",
])
def test_numbers_that_the_rows_support(sentence):
    assert unsupported_numbers(sentence, COLUMNS, ROWS) == []


@pytest.mark.parametrize("sentence, bad", [
    ("城市提升专项预算 36.95 亿元。", ["36.95亿元"]),
    ("It is 4.2 billion yuan.", ["4.2billion"]),
    ("There are 7 such funds.", ["7"]),
    ("The fund sends 13.3% to districts and got 12 亿元.", ["12亿元"]),
])
def test_numbers_that_the_rows_do_not_support(sentence, bad):
    assert unsupported_numbers(sentence, COLUMNS, ROWS) == bad


def test_numbers_from_the_query_and_counts_are_allowed_but_not_the_questions():
    rows = [[1, "a", 150000.0], [2, "b", 120000.0]]
    sql = "select seq, name, total from funds where total > 100000 order by total desc limit 5"
    columns = ["seq", "name", "total"]
    assert unsupported_numbers("超过10亿元的专项有2个。", columns, rows, sql) == []
    assert unsupported_numbers("Over 100,000 万元: 2 funds; the top 5 are shown.", columns, rows, sql) == []
    # "Are there 83 funds?" → count(*) = 82: the question's 83 proves nothing
    assert unsupported_numbers("Yes, there are 83 funds.", ["n"], [[82]],
                               "select count(*) as n from funds") == ["83"]


def test_template_answers():
    assert template_answer("一共有多少个专项？", ["n"], [[82]]) == "查询结果：n 为 82。"
    assert "0 rows" in template_answer("Which funds exceed 1000 亿元?", ["name"], [])
    text = template_answer("Top funds", ["seq", "name", "total"], [[32, "城市提升专项", 369379.0]])
    assert "城市提升专项" in text and "369,379 万元" in text and "36.94 亿元" in text
    cut = template_answer("all indicators", ["name"], [["x"]] * 10, truncated=True, max_rows=10)
    assert "cut at the row limit of 10 rows" in cut
    # the template's own numbers always pass the check
    assert unsupported_numbers(text, ["seq", "name", "total"], [[32, "城市提升专项", 369379.0]]) == []


# ---------------------------------------------------------------- the prompt

def test_system_prompt_has_schema_units_aliases_and_examples(db_path):
    text = system_prompt(db_path)
    for needle in ["TABLE funds", "district_subsidy REAL", "万元", "1 亿元 = 10,000 万元",
                   "department_aliases", "VIEW fund_summary", "search_index_fts",
                   "重庆市教育委员会 (市教委; Education Commission)", "教委", "```sql",
                   "Worked examples", "is_core INTEGER"]:
        assert needle in text, needle
    assert text.count("Question: ") == len(worked_examples())


def test_worked_examples_are_diverse_and_deterministic():
    examples = worked_examples()
    assert 8 <= len(examples) <= 12
    assert examples == worked_examples()
    categories = {e["category"] for e in examples}
    assert len(categories) >= min(len(examples), 6)
    assert {e["lang"] for e in examples} >= {"zh", "en"}
    assert all(e["sql"].strip() and e["question"] for e in examples)


def test_builtin_examples_run(db_path):
    for example in llm_prompt.BUILTIN_EXAMPLES:
        assert run_model_sql(db_path, example["sql"]).rows, example["id"]


def test_example_choice_round_robins_categories():
    entries = [{"id": f"q{i}", "category": c, "lang": lang, "question": f"{c}{i}", "sql": "select 1"}
               for i, (c, lang) in enumerate([("a", "zh"), ("a", "zh"), ("a", "en"), ("b", "zh"),
                                               ("c", "en"), ("c", "zh")])]
    chosen = select_examples(entries, 5)
    # languages alternate over the categories: a starts in English, b in Chinese, c in English
    assert [e["id"] for e in chosen] == ["q2", "q3", "q4", "q0", "q5"]


def test_examples_fall_back_to_the_builtin_list(tmp_path):
    assert worked_examples(tmp_path / "missing.yaml") == select_examples(llm_prompt.BUILTIN_EXAMPLES)
    broken = tmp_path / "broken.yaml"
    broken.write_text("questions: [", encoding="utf-8")
    assert worked_examples(broken) == select_examples(llm_prompt.BUILTIN_EXAMPLES)


# ---------------------------------------------------------------- the pipeline with fake models

def test_model_sql_and_sentence(db_path, fake_models):
    result = answer_with_model("How many funds are there?", db_path, "fake-sql")
    assert result["status"] == "ok"
    assert result["model"] == "fake-sql"
    assert result["sql"] == "select count(*) as fund_count from funds"
    assert result["columns"] == ["fund_count"] and result["rows"] == [[82]]
    assert result["answer"] == "There are 82 funds."
    assert result["url"].startswith("/cqbudget?sql=select")
    assert result["truncated"] is False and result["notes"] == []
    assert set(result) >= {"question", "model", "sql", "columns", "rows", "answer", "sources",
                           "url", "truncated", "notes"}
    first, second = fake_models["fake-sql"].prompts
    assert "TABLE funds" in first.system and first.prompt == "How many funds are there?"
    assert '[[82]]' in second.prompt and "English" in second.prompt
    json.dumps(result, ensure_ascii=False)


def test_model_retries_with_the_error_in_the_same_conversation(db_path, fake_models):
    result = answer_with_model("Which fund is the largest?", db_path, "fake-retry")
    assert result["status"] == "ok"
    assert result["rows"] == [[32, "城市提升专项", 369379.0]]
    assert result["answer"].startswith("The largest fund is 城市提升专项")
    assert result["sources"] and result["sources"][0]["seq"] == 32 and result["sources"][0]["line"]
    prompts = fake_models["fake-retry"].prompts
    assert len(prompts) == 3
    assert "no such column: nme" in prompts[1].prompt
    # the retry is a turn of the same conversation: the model sees its broken query
    history = json.dumps([m.to_dict() if hasattr(m, "to_dict") else str(m)
                          for m in prompts[1].messages], ensure_ascii=False, default=str)
    assert "select nme from funds" in history
    assert not prompts[1].system
    assert any("no such column" in note for note in result["notes"])
    assert any("attempt 2" in note for note in result["notes"])


def test_hostile_model_is_refused_and_the_database_is_unchanged(db_path, fake_models):
    before = sha256(db_path)
    result = answer_with_model("Delete everything", db_path, "fake-delete")
    assert result["status"] == "failed"
    assert result["rows"] == [] and result["columns"] == []
    assert result["answer"].startswith("The query failed")
    assert "does not mean the document lacks" in result["answer"]
    notes = " ".join(result["notes"])
    assert "only a read-only SELECT" in notes and "only one SQL statement" in notes and "refused" in notes
    assert len(fake_models["fake-delete"].prompts) == 3  # first try + two retries
    assert sha256(db_path) == before


def test_reply_without_sql(db_path, fake_models):
    result = answer_with_model("预算最多的专项是哪个？", db_path, "fake-nosql")
    assert result["status"] == "failed" and result["sql"] is None
    assert result["answer"].startswith("查询失败")
    assert "no SQL" in " ".join(result["notes"])
    assert "```sql" in fake_models["fake-nosql"].prompts[1].prompt


def test_wrong_number_is_replaced_by_the_template(db_path, fake_models):
    result = answer_with_model("How many funds are there?", db_path, "fake-wrong-number")
    assert result["status"] == "ok"
    assert "83" not in result["answer"]
    assert result["answer"] == "The result: fund_count is 82."
    assert any("83" in note and "12.5亿元" in note for note in result["notes"])


def test_query_that_runs_forever_is_stopped(db_path, fake_models):
    before = sha256(db_path)
    result = answer_with_model("Count forever", db_path, "fake-forever", time_limit=0.2)
    assert result["status"] == "failed"
    assert "took longer than 0.2 seconds" in result["answer"]
    assert sha256(db_path) == before


def test_empty_result_is_not_a_failure(db_path, fake_models):
    result = answer_with_model("Which funds exceed 10,000 亿元?", db_path, "fake-empty")
    assert result["status"] == "empty"
    assert result["rows"] == [] and result["columns"] == ["seq", "name"]
    assert "no matching rows" in result["answer"]
    assert any("does not contain" in note for note in result["notes"])
    assert len(fake_models["fake-empty"].prompts) == 1  # no sentence asked for


def test_bare_select_and_chinese_sentence_with_unit_conversion(db_path, fake_models):
    result = answer_with_model("哪些专项超过30亿元？", db_path, "fake-bare")
    assert result["status"] == "ok" and len(result["rows"]) == 3
    assert result["answer"] == "超过30亿元的专项有3个，最大的是城市提升专项，36.94亿元。"
    assert "Chinese" in fake_models["fake-bare"].prompts[1].prompt
    assert [s["seq"] for s in result["sources"]] == [32, 18, 69]


def test_truncated_result_says_so(db_path, fake_models):
    fake_models.add("fake-many", "```sql\nselect name, weight from indicators\n```",
                    "Here are the indicators.")
    result = answer_with_model("List all indicators", db_path, "fake-many", max_rows=50)
    assert result["truncated"] is True and len(result["rows"]) == 50
    assert "cut at the row limit of 50 rows" in result["answer"]
    assert any("row limit" in note for note in result["notes"])


def test_sentence_with_sql_or_nothing_falls_back_to_the_template(db_path, fake_models):
    fake_models.add("fake-sql-twice", "```sql\nselect count(*) as n from funds\n```",
                    "```sql\nselect 82\n```")
    result = answer_with_model("How many funds?", db_path, "fake-sql-twice")
    assert result["answer"] == "The result: n is 82."
    assert any("no usable answer sentence" in note for note in result["notes"])


def test_conversation_carries_over_questions(db_path, fake_models):
    import llm

    def reply(prompt):
        if prompt.prompt.startswith("The query returned"):
            return "Done."
        if "department" in prompt.prompt:
            return "```sql\nselect department, total from department_totals order by total desc limit 1\n```"
        return TOP_SQL

    model = fake_models.add("fake-chat", reply)
    conversation = llm_sql.start_conversation("fake-chat")
    first = answer_with_model("Largest fund?", db_path, None, conversation=conversation)
    second = answer_with_model("And the largest department?", db_path, None, conversation=conversation)
    assert first["rows"][0][0] == 32
    assert second["rows"][0][0] == "重庆市教育委员会"
    assert len(conversation.responses) == 4
    assert model.prompts[0].system and not model.prompts[2].system
    history = " ".join(str(m) for m in model.prompts[2].messages)
    assert "Largest fund?" in history
    assert isinstance(conversation, llm.Conversation)


def test_unknown_model_and_failing_model(db_path, fake_models):
    with pytest.raises(llm_sql.ModelCallError, match="unknown model"):
        answer_with_model("How many funds?", db_path, "no-such-model-anywhere")

    def boom(prompt):
        raise ConnectionError("network is unreachable")

    fake_models.add("fake-offline", boom)
    with pytest.raises(llm_sql.ModelCallError, match="network is unreachable"):
        answer_with_model("How many funds?", db_path, "fake-offline")


# ---------------------------------------------------------------- through ask() and the cqbudget CLI

def test_ask_hands_a_model_question_to_llm_sql(db_path, fake_models):
    from cqbudget_db.ask import ask

    result = ask("How many funds are there?", db_path, model="fake-sql")
    assert result["model"] == "fake-sql" and result["answer"] == "There are 82 funds."


def test_fallback_model_answers_what_the_offline_engine_cannot(db_path, fake_models, monkeypatch):
    from cqbudget_db.ask import Unanswerable, ask

    question = "What is the weather like on Mars?"
    with pytest.raises(Unanswerable):
        ask(question, db_path)
    result = ask(question, db_path, fallback_model="fake-sql")
    assert result["model"] == "fake-sql" and result["rows"] == [[82]]
    assert any("offline engine could not read" in note for note in result["notes"])
    monkeypatch.setenv("CQBUDGET_FALLBACK_MODEL", "fake-sql")
    assert ask(question, db_path)["model"] == "fake-sql"


def test_cqbudget_ask_cli_with_a_model(db_path, fake_models):
    from cqbudget_db.cli import cli

    result = CliRunner().invoke(cli, ["ask", "--db", str(db_path), "-m", "fake-sql", "--json",
                                      "How many funds are there?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["model"] == "fake-sql" and data["rows"] == [[82]]


def test_ask_does_not_import_llm():
    code = ("import sys, cqbudget_db.cli, cqbudget_db.ask; "
            "print('llm' in sys.modules, 'cqbudget_db.llm_sql' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------- the llm plugin: model cqbudget

def test_cqbudget_is_an_llm_model(db_path, llm_user_path, monkeypatch):
    import llm
    from cqbudget_db.llm_plugin import Cqbudget

    monkeypatch.setenv("CQBUDGET_DB", str(db_path))
    model = llm.get_model("cqbudget")
    assert isinstance(model, Cqbudget)
    response = model.prompt("哪些专项超过30亿元？")
    text = response.text()
    assert "城市提升专项" in text and "| seq | name |" in text and "SQL:\nselect" in text
    assert response.json()["model"] == "cqbudget"


def test_llm_cli_with_cqbudget(db_path, llm_user_path, monkeypatch):
    from llm.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["-m", "cqbudget", "-o", "db", str(db_path), "Which funds exceed 3 billion yuan?"])
    assert result.exit_code == 0, result.output
    assert "城市提升专项" in result.output and "f.total > :min_total" in result.output

    from cqbudget_db.ask import Unanswerable, ask

    question = "What is the weather like on Mars?"
    with pytest.raises(Unanswerable) as refusal:
        ask(question, db_path)
    monkeypatch.setenv("CQBUDGET_DB", str(db_path))
    result = runner.invoke(cli, ["-m", "cqbudget", question])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(refusal.value).strip()

    result = runner.invoke(cli, ["models", "list"])
    assert "cqbudget" in result.output


def test_cqbudget_model_builds_a_missing_database(tmp_path, llm_user_path, monkeypatch):
    import llm

    path = tmp_path / "new.db"
    monkeypatch.setenv("CQBUDGET_DB", str(path))
    text = llm.get_model("cqbudget").prompt("一共有多少个专项？").text()
    assert path.exists() and "82" in text


# ---------------------------------------------------------------- the llm plugin: tools

def test_toolbox_is_registered(llm_user_path):
    import llm
    from cqbudget_db.llm_plugin import CqbudgetSQL

    tools = llm.get_tools()
    assert tools["CqbudgetSQL"] is CqbudgetSQL
    assert sorted(t.name for t in CqbudgetSQL("x.db").tools()) == ["CqbudgetSQL_query", "CqbudgetSQL_schema"]


def test_toolbox_schema_and_query(db_path):
    from cqbudget_db.llm_plugin import CqbudgetSQL

    box = CqbudgetSQL(str(db_path))
    schema = box.schema()
    assert "TABLE funds" in schema and "万元" in schema and "市教委" in schema
    data = json.loads(box.query("select count(*) as n from funds"))
    assert data == {"columns": ["n"], "rows": [[82]], "row_count": 1, "truncated": False}
    assert json.loads(box.query("select * from indicators"))["truncated"] is True
    assert "matched no rows" in box.query("select name from funds where total < 0")
    before = sha256(db_path)
    assert box.query("delete from funds").startswith("Error: only a read-only SELECT")
    assert box.query("select 1; drop table funds").startswith("Error: only one SQL statement")
    assert box.query("with x as (select 1) delete from funds").startswith("Error:")
    assert sha256(db_path) == before


def test_tool_calling_model_uses_the_toolbox(db_path, fake_models):
    from cqbudget_db.llm_plugin import CqbudgetSQL

    model = fake_models["fake-tools"]
    chain = model.chain("How many funds?", tools=[CqbudgetSQL(str(db_path))])
    text = chain.text()
    assert '"rows": [[82]]' in text


def test_hostile_tool_calls_change_nothing(db_path, fake_models):
    from cqbudget_db.llm_plugin import CqbudgetSQL

    before = sha256(db_path)
    text = fake_models["fake-hostile-tools"].chain("Wreck it", tools=[CqbudgetSQL(str(db_path))]).text()
    assert text.count("Error:") == 3
    assert sha256(db_path) == before


def test_llm_cli_with_tools(db_path, fake_models):
    from llm.cli import cli

    result = CliRunner().invoke(cli, ["-m", "fake-tools", "-T", f'CqbudgetSQL("{db_path}")',
                                      "How many funds?"])
    assert result.exit_code == 0, result.output
    assert '"rows": [[82]]' in result.output
    listing = CliRunner().invoke(cli, ["tools", "list"])
    assert "CqbudgetSQL_query" in listing.output


def test_sources_by_seq_or_by_fund_name(db_path):
    by_seq = llm_sql.sources_for(db_path, ["seq", "total"], [[32, 1.0], [18, 2.0], [32, 3.0]])
    assert [s["seq"] for s in by_seq] == [32, 18] and by_seq[0]["name"] == "城市提升专项"
    by_name = llm_sql.sources_for(db_path, ["name"], [["社会救助专项"], ["not a fund"]])
    assert [s["seq"] for s in by_name] == [18] and by_name[0]["line"]
    assert llm_sql.sources_for(db_path, ["n"], [[82]]) == []


def test_worked_examples_in_use_run(db_path):
    for example in worked_examples():
        run_model_sql(db_path, example["sql"])


def test_cqbudget_model_follows_up_in_an_llm_conversation(db_path, llm_user_path, monkeypatch):
    import llm

    monkeypatch.setenv("CQBUDGET_DB", str(db_path))
    conversation = llm.get_model("cqbudget").conversation()
    first = conversation.prompt("教委有哪些专项？")
    first.text()
    second = conversation.prompt("其中预算最多的是哪个？")
    second.text()
    assert first.json()["rows"] and second.json()["rows"]
    names = {row[first.json()["columns"].index("name")] for row in first.json()["rows"]}
    top = second.json()["rows"][0][second.json()["columns"].index("name")]
    assert top in names


def test_exchanges_can_be_logged_to_llm(db_path, fake_models):
    from llm.cli import cli

    answer_with_model("How many funds are there?", db_path, "fake-sql", log=True)
    result = CliRunner().invoke(cli, ["logs", "-n", "5"])
    assert result.exit_code == 0, result.output
    assert "How many funds are there?" in result.output and "There are 82 funds." in result.output


def test_cqbudget_chat_goes_through_an_llm_conversation(db_path, fake_models):
    from cqbudget_db.chat import run_chat

    def reply(prompt):
        if prompt.prompt.startswith("The query returned"):
            return "Done."
        return TOP_SQL

    model = fake_models.add("fake-chat-loop", reply)
    lines = iter(["Largest fund?", "And again?", "exit"])
    output = []
    run_chat(db_path, model="fake-chat-loop", echo=output.append, prompt=lambda: next(lines))
    assert output.count("Done.") == 2
    assert len(model.prompts) == 4
    assert "Largest fund?" in " ".join(str(m) for m in model.prompts[2].messages)


def test_the_offline_engine_is_not_an_sql_writing_model(db_path, fake_models):
    with pytest.raises(llm_sql.ModelCallError, match="offline engine"):
        answer_with_model("How many funds?", db_path, "cqbudget")
