"""The README's Embedding section, example by example, against a running `cqbudget serve --cors`
(python -m cqbudget_db.serve --cors): the Python API, curl, JavaScript fetch from a page on a
second origin (docs/examples/embed.html, served on another local port, in Chromium), and the
MCP client configurations and client code.

The examples name http://127.0.0.1:8001; the tests put the test server's address in its place.
"""

import functools
import hashlib
import http.server
import json
import os
import pathlib
import re
import subprocess
import sys
import threading

import jsonschema
import pytest
from mcp import Client, StdioServerParameters

from cqbudget_db.resources import ASK_SCHEMA
from cqbudget_db.serve import running_server

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = pathlib.Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
README_BASE = "http://127.0.0.1:8001"


def section():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Embedding\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", section(), re.S)


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(json.loads(ASK_SCHEMA.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def server(db_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(db_path, log_path=ARTIFACTS / "embedding-server.log", cors=True) as base:
        yield base


def run_python(code, **env):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env}, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_section_has_every_kind_of_example():
    assert len(blocks("python")) == 2 and len(blocks("bash")) == 2 and len(blocks("js")) == 1
    assert len(blocks("json")) == 2


def test_python_api_example(db_path, sql):
    output = run_python(blocks("python")[0], CQBUDGET_DB=str(db_path))
    largest = sql("select name, total from funds where total > 100000 order by seq limit 1")[0]
    assert "预算超过10亿元的专项共14个" in output and f"{largest[0]} {largest[1]} 万元" in output
    city = sql("select name from funds where total > 100000 order by city_spend desc limit 1")[0][0]
    follow_up = next(line for line in output.splitlines() if line.startswith("（其中 → "))
    assert city in follow_up and "Phrase(text='其中'" in follow_up
    assert "refused 本文件只包含2024年" in output and output.splitlines()[-1] == "2"


def test_curl_examples(server, validator, sql):
    lines = [line for line in blocks("bash")[0].splitlines() if line.startswith("curl ")]
    assert len(lines) == 4
    outputs = []
    for line in lines:
        done = subprocess.run(["bash", "-c", line.replace(README_BASE, server)], capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    answer, funds, counted, schema = outputs
    validator.validate(answer)
    assert answer["rows"] and answer["answer"].startswith("预算超过10亿元的专项共14个")
    assert [row["seq"] for row in funds] == [s for (s,) in sql("select seq from funds where total > 300000 "
                                                               "order by total desc, seq")]
    assert counted == [{"n": 82}]
    assert schema == validator.schema


def test_follow_up_curl_examples(server, validator, sql):
    commands = [line for line in re.sub(r"\\\n\s*", " ", blocks("bash")[1]).splitlines() if line.startswith("curl ")]
    assert len(commands) == 3
    outputs = []
    for command in commands:
        done = subprocess.run(["bash", "-c", command.replace(README_BASE, server)], capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
        validator.validate(outputs[-1])
    indicators, contact, refused = outputs
    assert indicators["resolved"] == [{"text": "它", "meaning": "社会救助专项"}]
    assert [row[indicators["columns"].index("indicator")] for row in indicators["rows"]] == [
        name for (name,) in sql("select i.name from indicators i join funds f on f.seq = i.fund_seq "
                                "where f.name = '社会救助专项' and i.is_core = 1 order by i.id")]
    name, person = sql("select name, contact from funds where department = '重庆市教育委员会' "
                       "order by city_spend desc limit 1")[0]
    assert contact["resolved"] == [{"text": "它的", "meaning": name}] and person in contact["answer"]
    assert refused["status"] == "invalid" and '"question" must be a string' in refused["error"]


async def test_mcp_client_configurations(server, db_path):
    stdio, http_config = (json.loads(block)["mcpServers"]["cqbudget"] for block in blocks("json"))
    assert stdio["command"] == "cqbudget"
    command = pathlib.Path(sys.executable).parent / stdio["command"]   # the installed command
    connections = [StdioServerParameters(command=str(command), args=[*stdio["args"], "--db", str(db_path)]),
                   http_config["url"].replace(README_BASE, server)]
    assert http_config["type"] == "http" and http_config["url"] == README_BASE + "/-/mcp"
    for connection in connections:
        async with Client(connection) as client:
            assert "ask_budget" in [tool.name for tool in (await client.list_tools()).tools]
            answer = await client.call_tool("ask_budget", {"question": "教委有几个专项？"})
            assert answer.structured_content["rows"][0][0] == 4


def test_mcp_python_client_example(server, sql):
    output = run_python(blocks("python")[1].replace(README_BASE, server)).splitlines()
    assert "ask_budget" in output[0] and "funds_over_yi" in output[0]
    assert output[1].startswith("市教委的专项共4个")
    assert [row["seq"] for row in eval(output[2])] == [
        s for (s,) in sql("select seq from funds where total > 300000 order by total desc, seq")]


# ----------------------------------------------------------------------------- in a browser, from another origin

@pytest.fixture(scope="module")
def other_origin():
    """docs/examples/ on a second local port: another origin than the Datasette server's."""
    handler = functools.partial(QuietHandler, directory=str(EXAMPLES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (run scripts/install-browser)", pytrace=False)
        pytest.skip(f"{CHROMIUM} is missing (run scripts/install-browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-embed")), executable_path=str(CHROMIUM), headless=True,
            args=ARGS, locale="zh-CN")
        blocked = []

        def only_loopback(route):
            if route.request.url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", only_loopback)
        context.set_default_timeout(15_000)
        yield context
        context.close()
        assert blocked == [], f"requests that tried to leave loopback: {blocked}"


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()


def test_the_example_page_reads_a_canned_query_and_an_answer_from_another_origin(page, server, other_origin, sql):
    from playwright.sync_api import expect

    assert other_origin != server
    page.goto(f"{other_origin}/embed.html?base={server}")
    expect(page.locator("#status")).to_have_text(f"read from {server}")
    expect(page.locator("#answer")).to_contain_text("预算超过10亿元的专项共14个")
    assert page.locator("#answer-rows tr").count() == 1 + 14
    names = page.locator("#funds tr td:nth-child(2)").all_inner_texts()
    assert names == [n for (n,) in sql("select name from funds where total > 300000 order by total desc, seq")]
    page.locator("#yi").fill("20")
    page.locator("#yi").dispatch_event("change")
    expect(page.locator("#funds tr")).to_have_count(1 + sql("select count(*) from funds where total > 200000")[0][0])
    page.locator("#question").fill("2019年的预算是多少？")
    page.locator("#ask-form button").click()
    expect(page.locator("#answer.error")).to_contain_text("2024")
    page.screenshot(path=str(ARTIFACTS / "embed-other-origin.png"), full_page=True)


def test_the_readme_fetch_example_runs_on_another_origin(page, server, other_origin, validator):
    page.goto(f"{other_origin}/embed.html?base={server}")
    code = blocks("js")[0].replace(README_BASE, server)
    result = page.evaluate(f"async () => {{ {code}\n return {{ answer, followUp, funds }}; }}")
    validator.validate(result["answer"])
    assert result["answer"]["answer"].startswith("预算超过10亿元的专项共14个") and len(result["funds"]) == 3
    validator.validate(result["followUp"])   # a JSON POST from another origin, after its preflight
    assert [item["text"] for item in result["followUp"]["resolved"]] == ["其中"]
    assert len(result["followUp"]["rows"]) == 1


def test_without_cors_the_page_cannot_read_datasette_json(page, db_path, other_origin):
    with running_server(db_path, log_path=ARTIFACTS / "embedding-nocors.log") as plain:
        page.goto(f"{other_origin}/embed.html?base={plain}")
        page.wait_for_selector("body[data-ready=yes]")
        assert page.locator("#status").inner_text().startswith(f"could not read {plain}")
        # ask.json allows every origin either way
        answered = page.evaluate(f"async () => (await (await fetch('{plain}/-/ask.json?q=' + "
                                 f"encodeURIComponent('教委有几个专项？'))).json()).rows")
        assert answered[0][0] == 4


def test_cors_never_extends_to_anything_that_writes(page, server, other_origin, db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    page.goto(f"{other_origin}/embed.html?base={server}")
    outcomes = page.evaluate("""async (base) => {
      const attempt = async (url, options) => {
        try { const r = await fetch(url, options); return `status ${r.status}`; }
        catch (error) { return `blocked`; }
      };
      const sql = (statement) => `${base}/cqbudget.json?sql=${encodeURIComponent(statement)}`;
      return {
        mcp: await attempt(`${base}/-/mcp`, {method: "POST", headers: {"content-type": "application/json"},
             body: JSON.stringify({jsonrpc: "2.0", id: 1, method: "tools/call",
                                   params: {name: "execute_sql", arguments: {database: "cqbudget", sql: "delete from funds"}}})}),
        form: await attempt(`${base}/cqbudget`, {method: "POST", body: new URLSearchParams({sql: "delete from funds"})}),
        delete: await attempt(sql("delete from funds")),
        drop: await attempt(sql("drop table funds")),
        put: await attempt(`${base}/cqbudget/funds/1.json`, {method: "DELETE"}),
      };
    }""", server)
    assert outcomes["mcp"] == "blocked"  # no CORS preflight answer: the browser never sends it
    assert outcomes["put"] == "blocked"
    assert outcomes["form"] in ("blocked", "status 403", "status 405")
    assert outcomes["delete"] == outcomes["drop"] == "status 400"
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
