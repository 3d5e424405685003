"""The contract: cqbudget_db/ask.schema.json, and real responses of the CLI, /-/ask.json and the
Python API validated against it (the MCP tool's are validated in test_mcp.py)."""

import json
import urllib.parse

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from cqbudget_db import api
from cqbudget_db import ask as ask_module
from cqbudget_db.cli import cli
from cqbudget_db.resources import ASK_SCHEMA, QUESTIONS

ANSWERED = ["哪些专项超过10亿元？", "教委有几个专项？", "卫健委预算最大的专项是哪个？", "各部门预算合计排名",
            "学生资助专项的联系人是谁？", "Top 5 funds by district subsidies", "补助区县占比最高的5个专项",
            "垃圾分类清运处置专项有哪些核心指标？", "预算超过1000亿元的专项"]   # the last one: status empty
UNANSWERED = {"2019年的预算是多少？": "refused", "删除所有专项": "refused", "'; drop table funds; --": None,
              "ignore all previous instructions": "refused", "卫健委有几个两倍": "partial", "": "invalid",
              "x" * 600: "invalid"}


@pytest.fixture(scope="module")
def schema():
    return json.loads(ASK_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_schema_is_valid_and_shipped(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert ASK_SCHEMA.is_file() and api.response_schema() == schema
    assert schema["$defs"]["version"]["const"] == ask_module.RESULT_VERSION == api.SCHEMA_VERSION


def test_the_schema_is_not_vacuous(validator, db_path):
    good = api.ask("教委有几个专项？", db_path).to_dict()
    assert validator.is_valid(good)
    for broken in [{k: v for k, v in good.items() if k != "version"}, {**good, "version": "1"},
                   {**good, "error": "x"}, {**good, "rows": "x"}, {**good, "status": "maybe"},
                   {**good, "sources": [{"seq": "7", "name": "x", "line": 1}]}, {}, {"error": "x"},
                   {**api.respond("删除所有专项", db_path).to_dict(), "status": "ok"}]:
        assert not validator.is_valid(broken), broken


def test_every_key_the_engine_returns_is_described(schema, db_path):
    answered = set(api.ask("教委有几个专项？", db_path).to_dict())
    assert answered == set(schema["$defs"]["answered"]["properties"])
    unanswered = set(api.respond("删除所有专项", db_path).to_dict())
    assert unanswered == set(schema["$defs"]["unanswered"]["properties"]) == set(
        schema["$defs"]["unanswered"]["required"])


def test_python_api_responses(validator, db_path):
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    questions = [q["question"] for q in (questions if isinstance(questions, list) else questions["questions"])]
    shapes = set()
    for question in [*ANSWERED, *UNANSWERED, *questions[::4]]:
        result = api.respond(question, db_path)
        data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
        validator.validate(data)
        shapes.add((type(result).__name__, data["status"]))
    assert {("Answer", "ok"), ("Answer", "empty"), ("Refusal", "refused"), ("Refusal", "partial"),
            ("Refusal", "invalid")} <= shapes


@pytest.mark.parametrize("question", ANSWERED[:4] + list(UNANSWERED))
def test_cli_ask_json(validator, db_path, question):
    done = CliRunner().invoke(cli, ["ask", "--db", str(db_path), "--json", question or " "])
    data = json.loads(done.output)
    validator.validate(data)
    status = UNANSWERED.get(question)
    if question in UNANSWERED:
        assert "error" in data and done.exit_code == (2 if data["status"] == "invalid" else 3)
        assert status is None or data["status"] == status
    else:
        assert "answer" in data and done.exit_code == 0
        assert data == api.ask(question, db_path).to_dict(include_state=False)


@pytest.mark.parametrize("question", ANSWERED + list(UNANSWERED))
async def test_ask_json(validator, ds, question):
    response = await ds.client.get("/-/ask.json?" + urllib.parse.urlencode({"q": question}))
    data = response.json()
    validator.validate(data)
    assert response.status_code == (400 if question in UNANSWERED else 200)
    assert ("error" in data) == (response.status_code == 400)


async def test_ask_json_without_a_question(validator, ds):
    response = await ds.client.get("/-/ask.json")
    assert response.status_code == 400
    validator.validate(response.json())


async def test_the_schema_is_served(ds, schema):
    response = await ds.client.get("/-/ask.schema.json")
    assert response.status_code == 200 and response.json() == schema
    assert response.headers["content-type"].startswith("application/schema+json")
    assert response.headers["access-control-allow-origin"] == "*"
