"""Shared fixtures: the document, its parse, and one built database per test session."""

import contextlib
import pathlib
import sqlite3
import urllib.parse

import pytest

from cqbudget_db.build import DEFAULT_SOURCE, build
from cqbudget_db.parse import parse_document

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def user_data_home(tmp_path_factory):
    """XDG_DATA_HOME in a temporary directory and no $CQBUDGET_DB: no test reads or writes the
    real per-user database."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
        patch.setenv("CQBUDGET_CACHE_DIR", str(tmp_path_factory.mktemp("cqbudget-cache")))
        patch.delenv("CQBUDGET_DB", raising=False)
        yield


@pytest.fixture(scope="session")
def source_path():
    return DEFAULT_SOURCE


@pytest.fixture(scope="session")
def source_text(source_path):
    return source_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def parsed(source_text):
    return parse_document(source_text)


@pytest.fixture(scope="session")
def sql(db_path):
    """Run plain SQL on the session database: the independent check on what the app shows."""
    def run(query, params=()):
        with contextlib.closing(sqlite3.connect(db_path)) as conn:
            return conn.execute(query, params).fetchall()
    return run


@pytest.fixture(scope="session")
def db_path(tmp_path_factory):
    """A database built from data/ once per session; tests must not write to it."""
    path = tmp_path_factory.mktemp("db") / "cqbudget.db"
    build(DEFAULT_SOURCE, path)
    return path


# ---------------------------------------------------------------- datasette: the served pages

@pytest.fixture(scope="module")
def ds(db_path):
    """The Datasette app over the session database, one per test module."""
    from cqbudget_db.serve import make_datasette

    return make_datasette(db_path)


async def page(ds, path, **params):
    """The HTML of a page that must answer 200 (tests import it: from conftest import page)."""
    response = await ds.client.get(path + ("?" + urllib.parse.urlencode(params) if params else ""))
    assert response.status_code == 200, path
    return response.text


# ---------------------------------------------------------------- llm: scripted fake models
# (llm is imported inside the fixtures, so collecting tests that do not use them stays cheap
# and does not put llm into sys.modules.)

FAKE_SQL_COUNT = "```sql\nselect count(*) as fund_count from funds\n```"
FAKE_SQL_TOP = "```sql\nselect seq, name, total from funds order by total desc limit 1\n```"
FAKE_SQL_FOREVER = ("```sql\nwith recursive r(n) as (select 1 union all select n + 1 from r)\n"
                    "select count(*) from r\n```")

# model id → the replies, one per turn of the conversation (the last one repeats); a reply
# may be a callable taking the llm.Prompt, and may return {"tool_calls": [...], "text": "…"}.
FAKE_SCRIPTS = {
    "fake-sql": [FAKE_SQL_COUNT, "There are 82 funds."],
    "fake-retry": ["```sql\nselect nme from funds\n```",
                   "Sorry, corrected:\n" + FAKE_SQL_TOP,
                   "The largest fund is 城市提升专项 (seq 32), with 369,379 万元, about 36.94 亿元."],
    "fake-delete": ["```sql\nDELETE FROM funds\n```",
                    "```sql\nselect 1; drop table funds\n```",
                    "```sql\nwith x as (select 1) delete from funds\n```"],
    "fake-nosql": ["I am not sure how to answer that."],
    "fake-wrong-number": [FAKE_SQL_COUNT, "There are 83 funds, worth 12.5 亿元."],
    "fake-forever": [FAKE_SQL_FOREVER],
    "fake-empty": ["```sql\nselect seq, name from funds where total > 99999999\n```",
                   "This reply must never be asked for."],
    "fake-bare": ["SELECT seq, name, total FROM funds WHERE total > 300000 ORDER BY total DESC;",
                  "超过30亿元的专项有3个，最大的是城市提升专项，36.94亿元。"],
}


def _tool_script(prompt):
    if prompt.tool_results:
        return "The tool said: " + prompt.tool_results[0].output
    return {"tool_calls": [{"name": "CqbudgetSQL_query",
                            "arguments": {"sql": "select count(*) as n from funds"}}]}


def _hostile_tool_script(prompt):
    if prompt.tool_results:
        return "The tool said: " + " / ".join(r.output for r in prompt.tool_results)
    return {"tool_calls": [
        {"name": "CqbudgetSQL_query", "arguments": {"sql": "delete from funds"}},
        {"name": "CqbudgetSQL_query", "arguments": {"sql": "with x as (select 1) update funds set total = 0"}},
        {"name": "CqbudgetSQL_query", "arguments": {"sql": "select name from sqlite_master"}},
    ]}


@pytest.fixture
def llm_user_path(tmp_path, monkeypatch):
    """LLM_USER_PATH in a temporary directory: no keys, logs or aliases of the real user."""
    path = tmp_path / "llm-user"
    path.mkdir()
    monkeypatch.setenv("LLM_USER_PATH", str(path))
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CQBUDGET_FALLBACK_MODEL"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def fake_models(llm_user_path):
    """Scripted fake llm models, registered with llm's plugin manager for one test.

    Yields a dict model id → model; each model records the llm.Prompt objects it was sent
    in .prompts. fake_models.add(model_id, *replies) registers one more for the test.
    """
    import llm
    from llm.plugins import pm

    class ScriptedModel(llm.Model):
        can_stream = False
        supports_tools = True

        def __init__(self, model_id, script):
            self.model_id = model_id
            self.script = list(script)
            self.prompts = []

        def execute(self, prompt, stream, response, conversation=None):
            self.prompts.append(prompt)
            turn = len(conversation.responses) if conversation is not None else 0
            reply = self.script[min(turn, len(self.script) - 1)]
            if callable(reply):
                reply = reply(prompt)
            if isinstance(reply, dict):
                for call in reply.get("tool_calls", []):
                    response.add_tool_call(llm.ToolCall(name=call["name"], arguments=call["arguments"]))
                reply = reply.get("text", "")
            yield reply

    class FakeModels(dict):
        def add(self, model_id, *script):
            self[model_id] = ScriptedModel(model_id, script)
            return self[model_id]

    class FakeModelsPlugin:
        def __init__(self, models):
            self.models = models

        @llm.hookimpl
        def register_models(self, register):
            for model in self.models.values():
                register(model)

    models = FakeModels()
    for model_id, script in FAKE_SCRIPTS.items():
        models.add(model_id, *script)
    models.add("fake-tools", _tool_script)
    models.add("fake-hostile-tools", _hostile_tool_script)
    name = "cqbudget-test-fake-models"
    pm.register(FakeModelsPlugin(models), name=name)
    try:
        yield models
    finally:
        pm.unregister(name=name)
