"""Serving under abuse and rebuilds: methods, bad input, bounded queries, one database for all pages.

Expected statuses are exact; the only timing is a hang guard (a request must not take
longer than the 2 s SQL time limit plus 1 s).
"""

import asyncio
import json
import shutil
import sqlite3
import time
import urllib.parse

import pytest

from cqbudget_db import guard
from cqbudget_db.web import serving as served_module
from cqbudget_db.build import DEFAULT_SOURCE, build
from cqbudget_db.serve import make_datasette

HANG_GUARD = 3.0  # seconds: the SQL time limit plus one


async def get(ds, path, method="get", **params):
    url = path + ("?" + urllib.parse.urlencode(params) if params else "")
    started = time.monotonic()
    response = await getattr(ds.client, method)(url)
    assert time.monotonic() - started < HANG_GUARD, url
    return response


# ----------------------------------------------------------------------------- methods

READ_ONLY_PAGES = ["/-/ask", "/-/ask.schema.json", "/-/dashboard", "/-/dashboard.json", "/cqbudget",
                   "/cqbudget/funds", "/cqbudget/funds.json", "/cqbudget/funds/1", "/cqbudget/funds_over_yi",
                   "/cqbudget/funds_over_yi.json", "/-/static-plugins/cqbudget/cqbudget.css"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", READ_ONLY_PAGES)
async def test_only_get_and_head_are_allowed(ds, path, method):
    response = await get(ds, path, method)
    assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD")
    message = f"{method.upper()} is not allowed here: this site is read-only (use GET)"
    if path.endswith(".json"):
        assert response.json() == {"ok": False, "error": message, "status": 405, "title": None}
    else:
        assert response.text == message


@pytest.mark.parametrize("method, allowed", [("put", 405), ("delete", 405), ("options", 204), ("post", 200)])
async def test_ask_json_says_its_own_methods(ds, method, allowed):
    """/-/ask.json also takes a POST of a question and its history, and answers a CORS preflight."""
    kwargs = {"json": {"question": "教委有几个专项？"}} if method == "post" else {}
    response = await getattr(ds.client, method)("/-/ask.json", **kwargs)
    assert response.status_code == allowed
    if allowed == 405:
        assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize("path", ["/-/ask?q=教委有几个专项", "/-/ask.json?q=教委有几个专项", "/-/dashboard",
                                  "/cqbudget/funds_over_yi.json", "/-/static-plugins/cqbudget/cqbudget.css"])
async def test_get_and_head_still_work(ds, path):
    assert (await ds.client.get(path)).status_code == 200
    assert (await ds.client.head(path)).status_code == 200


# ----------------------------------------------------------------------------- bad input → 4xx

@pytest.mark.parametrize("params, message", [
    ({"min_yi": "nan"}, "min_yi must be a number of 亿元, not 'nan'"),
    ({"max_yi": "inf"}, "max_yi must be a number of 亿元, not 'inf'"),
    ({"min_yi": "-Infinity"}, "min_yi must be a number of 亿元, not '-Infinity'"),
])
async def test_dashboard_refuses_non_finite_numbers(ds, params, message):
    response = await get(ds, "/-/dashboard.json", **params)
    assert (response.status_code, response.json()) == (400, {"error": message})


@pytest.mark.parametrize("path, params, message", [
    ("/cqbudget/funds.json", {"_sort": "nosuchcol"}, "Cannot sort table by nosuchcol"),
    ("/cqbudget/funds.json", {"_sort_desc": "rowid"}, "Cannot sort table by rowid"),
    ("/cqbudget/funds.json", {"_sort": "name", "_sort_desc": "total"},
     "Cannot use _sort and _sort_desc at the same time"),
    ("/cqbudget/funds.json", {"_timelimit": "abc"}, "_timelimit must be a whole number of milliseconds, not 'abc'"),
    ("/cqbudget/funds.csv", {"_timelimit": "-1"}, "_timelimit must be a whole number of milliseconds, not '-1'"),
    ("/cqbudget/funds.json", {"_timelimit": "²"}, "_timelimit must be a whole number of milliseconds, not '²'"),
    ("/cqbudget/funds.json", {"_through": ""}, '_through must be JSON like {"table": …, "column": …, "value": …}'),
    ("/cqbudget/funds.json", {"_facet": "{}"}, '_facet must be a column name or JSON like {"simple": column}'),
    ("/cqbudget/funds.json", {"_json_infinity": "x"}, "_json_infinity must be on or off"),
    ("/cqbudget/fund_summary.json", {"_next": "abc"}, "_next must be a whole number on a view"),
    ("/cqbudget/funds.json", {"name__in": "["}, "name__in must be a JSON list or comma-separated values"),
    ("/cqbudget/funds.json", {"total__gt": "99999999999999999999"},
     "total__gt: 99999999999999999999 is beyond SQLite's integers"),
    ("/cqbudget/indicators.json", {"_where": "x\x00"}, "query-string parameters must not contain NUL characters"),
])
async def test_input_datasette_065_answers_with_500_is_a_400(ds, path, params, message):
    response = await get(ds, path, **params)
    assert response.status_code == 400
    if path.endswith(".json"):
        assert response.json()["error"] == message
    else:
        assert message in response.text


async def test_unknown_sort_column_on_an_html_page_is_a_400_page(ds):
    response = await get(ds, "/cqbudget/funds", _sort="nosuchcol")
    assert response.status_code == 400
    assert "<title>Error 400</title>" in response.text and "Cannot sort table by nosuchcol" in response.text


# ----------------------------------------------------------------------------- bounded queries

async def sql(ds, query):
    return await get(ds, "/cqbudget.json", sql=query, _shape="array")


@pytest.mark.parametrize("query, message", [
    ("select length(randomblob(999999999))", "string or blob too big"),
    ("select zeroblob(100000)", "string or blob too big"),
    ("select printf('%.*c', 30000, 'x') from indicators",
     "the result is larger than 5,000,000 characters; select fewer rows or columns"),
])
async def test_queries_that_would_allocate_too_much_fail_at_once(ds, query, message):
    response = await sql(ds, query)
    assert (response.status_code, response.json()["error"]) == (400, message)


@pytest.mark.parametrize("query", ["select printf('%.*c', 2000000000, 'x') as v",
                                   "select format('%.*c', 100000000, 'x') as v"])
async def test_printf_attack_is_null_at_once(ds, query):
    response = await sql(ds, query)
    assert (response.status_code, response.json()) == (200, [{"v": None}])


async def test_six_attacks_in_flight_do_not_stall_other_pages(ds):
    attacks = [sql(ds, "select length(randomblob(999999999))") for _ in range(3)]
    attacks += [sql(ds, "select printf('%.*c', 2000000000, 'x') as v") for _ in range(3)]
    responses = await asyncio.gather(*attacks, get(ds, "/cqbudget/funds_over_yi.json", _shape="array"))
    assert [r.status_code for r in responses] == [400] * 3 + [200] * 4


def test_datasette_settings_waste_no_work(ds):
    assert ds.setting("suggest_facets") is False


async def test_table_page_suggests_no_facets(ds):
    data = (await get(ds, "/cqbudget/funds.json")).json()
    assert data["suggested_facets"] == [] and list(data["facet_results"]) == ["department"]


def test_table_permission_checks_are_remembered(ds):
    assert ds._table_permission_allows("cqbudget", "funds") == []
    assert ds._table_permission_allows.cache_info().hits >= 1


# ----------------------------------------------------------------------------- the ask page on Datasette's connection

async def test_ask_runs_on_datasettes_connection(ds, monkeypatch):
    from cqbudget_db import ask as ask_module

    seen = []
    real_ask = ask_module.ask

    def spy(question, db_path, model=None, conn=None):
        seen.append(conn)
        return real_ask(question, db_path, conn=conn)

    monkeypatch.setattr(ask_module, "ask", spy)
    response = await get(ds, "/-/ask.json", q="交通局有几个专项？")
    assert response.status_code == 200
    assert len(seen) == 1 and isinstance(seen[0], sqlite3.Connection)


async def test_ask_opens_no_connection_per_request(ds, monkeypatch):
    await get(ds, "/-/ask.json", q="哪些专项超过20亿元？")  # the vocabulary is loaded once per file
    opened = []
    real = guard.connect_readonly
    monkeypatch.setattr(guard, "connect_readonly", lambda path: opened.append(path) or real(path))
    for n in (21, 22, 23):
        assert (await get(ds, "/-/ask.json", q=f"哪些专项超过{n}亿元？")).status_code == 200
    assert opened == []


async def test_a_repeated_question_is_answered_from_memory(ds, monkeypatch):
    from cqbudget_db import ask as ask_module

    first = (await get(ds, "/-/ask.json", q="市级人才开发专项的联系人是谁？")).json()
    monkeypatch.setattr(ask_module, "ask", lambda *args, **kwargs: pytest.fail("asked again"))
    assert (await get(ds, "/-/ask.json", q="市级人才开发专项的联系人是谁？")).json() == first


async def test_a_follow_up_is_remembered_with_its_history(ds, monkeypatch):
    from cqbudget_db import ask as ask_module

    body = {"question": "它的联系人是谁？", "history": ["社会救助专项的预算是多少？"]}
    first = await ds.client.post("/-/ask.json", json=body)
    alone = await ds.client.post("/-/ask.json", json={"question": "它的联系人是谁？"})
    assert first.status_code == 200 and alone.status_code == 400  # the history is part of the question
    monkeypatch.setattr(ask_module, "ask_in_conversation", lambda *args, **kwargs: pytest.fail("asked again"))
    again = await ds.client.get("/-/ask.json?" + urllib.parse.urlencode(
        [("history", "社会救助专项的预算是多少？"), ("q", "它的联系人是谁？")]))
    assert again.json() == first.json()


async def test_a_conversation_on_the_page_runs_on_datasettes_connection(ds, monkeypatch):
    from cqbudget_db import api

    seen = []
    real = api.respond

    def spy(*args, conn=None, **kwargs):
        seen.append(conn)
        return real(*args, conn=conn, **kwargs)

    monkeypatch.setattr(api, "respond", spy)
    page = await get(ds, "/-/ask?" + urllib.parse.urlencode(
        [("history", "教委有哪些专项？"), ("q", "合计多少")]))
    assert page.status_code == 200
    assert len(seen) == 2 and all(isinstance(conn, sqlite3.Connection) for conn in seen)


# ----------------------------------------------------------------------------- rebuilds while serving

CONTACT_PAGES = {
    "row": "/cqbudget/funds/1.json?_shape=array",
    "table": "/cqbudget/funds.json?seq=1&_shape=array&_col=contact",
    "sql": "/cqbudget.json?" + urllib.parse.urlencode({"sql": "select contact from funds where seq = 1"}),
    "canned": "/cqbudget/fund_card.json?fund=1&_shape=array",
    "ask": "/-/ask.json?" + urllib.parse.urlencode({"q": "市级人才开发专项的联系人是谁？"}),
    "ask page": "/-/ask?" + urllib.parse.urlencode({"q": "市级人才开发专项的联系人是谁？"}),
}
OLD, NEW = "段沁", "段新"  # fund 1's contact before and after the rebuild


def version(text):
    versions = {name for name, contact in (("old", OLD), ("new", NEW))
                if contact in text or json.dumps(contact)[1:-1] in text}  # Datasette's JSON is ASCII
    assert len(versions) == 1, text[:300]
    return versions.pop()


@pytest.fixture
def served(db_path, tmp_path):
    """A copy of the database, served; and a document that builds the next version of it."""
    path = tmp_path / "served" / "cqbudget.db"
    path.parent.mkdir()
    shutil.copyfile(db_path, path)
    source = tmp_path / DEFAULT_SOURCE.name
    source.write_text(DEFAULT_SOURCE.read_text(encoding="utf-8").replace(f"联系人：{OLD}", f"联系人：{NEW}"),
                      encoding="utf-8")
    return path, source


async def started(path):
    ds = make_datasette(path)
    await ds.invoke_startup()  # as `cqbudget serve` does before the first request
    return ds


async def versions(ds):
    responses = await asyncio.gather(*(ds.client.get(path) for path in CONTACT_PAGES.values()))
    assert [r.status_code for r in responses] == [200] * len(CONTACT_PAGES)
    return {name: version(r.text) for name, r in zip(CONTACT_PAGES, responses)}


def after_the_next_check():
    time.sleep(served_module.CHECK_INTERVAL)  # the server looks at the file this often


async def test_a_rebuild_is_served_by_every_page_at_once(served):
    path, source = served
    ds = await started(path)
    assert set((await versions(ds)).values()) == {"old"}
    build(source, path)
    after_the_next_check()
    assert set((await versions(ds)).values()) == {"new"}


async def test_rebuild_during_requests_never_mixes_versions(served):
    """Requests run without pause while the file is rebuilt in place: each response is all-old or
    all-new, no response is old once a new one has finished or once the server has looked at
    the file after the build, and every page is new after that."""
    path, source = served
    ds = await started(path)
    await versions(ds)
    log, built_at = [], []  # log: (started, finished, page, version or status)

    def checked_since_build():
        return bool(built_at) and time.monotonic() > built_at[0] + served_module.CHECK_INTERVAL

    async def keep_asking(page):
        after_check = 0
        while after_check < 3:  # until three responses have begun after the server looked again
            after_check += checked_since_build()
            started = time.monotonic()
            response = await ds.client.get(CONTACT_PAGES[page])
            finished = time.monotonic()
            if response.status_code == 200:
                log.append((started, finished, page, version(response.text)))
            else:  # a page begun on the old file that would have to read the new one
                assert (response.status_code, "reload" in response.text) == (503, True), response.text
                log.append((started, finished, page, 503))

    def rebuild():
        try:
            build(source, path)
        finally:
            built_at.append(time.monotonic())

    await asyncio.gather(asyncio.to_thread(rebuild), *(keep_asking(page) for page in CONTACT_PAGES))
    answered = [entry for entry in log if entry[3] != 503]
    assert {entry[3] for entry in answered} == {"old", "new"}
    first_new_finished = min((f for _, f, _, v in answered if v == "new"), default=float("inf"))
    assert [entry for entry in answered if entry[3] == "old" and entry[0] > first_new_finished] == []
    checked = built_at[0] + served_module.CHECK_INTERVAL
    assert [entry for entry in answered if entry[3] == "old" and entry[0] > checked] == []
    after_the_next_check()
    assert set((await versions(ds)).values()) == {"new"}


async def test_a_damaged_replacement_is_not_served(served, tmp_path):
    path, source = served
    ds = await started(path)
    await versions(ds)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    junk.replace(path)
    after_the_next_check()
    for page in ("/", "/cqbudget/funds.json", "/-/ask.json?q=x"):
        response = await ds.client.get(page)
        assert response.status_code == 503
        assert "the database file changed and cannot be served" in response.text
        assert "is not an SQLite database (not a cqbudget database)" in response.text
    build(source, path)
    after_the_next_check()
    assert set((await versions(ds)).values()) == {"new"}


async def test_a_deleted_file_is_a_503_until_it_is_rebuilt(served):
    path, source = served
    ds = await started(path)
    await versions(ds)
    path.unlink()
    after_the_next_check()
    response = await ds.client.get("/cqbudget/funds.json")
    assert (response.status_code, response.json()["error"]) == (
        503, "the database file of cqbudget cannot be read (No such file or directory)")
    build(source, path)
    after_the_next_check()
    assert set((await versions(ds)).values()) == {"new"}


# ----------------------------------------------------------------------------- other databases

async def test_the_serving_hooks_leave_another_database_alone(db_path, tmp_path):
    """Limits, 405s, 400s and the file watch are for the cqbudget database only."""
    from datasette.app import Datasette

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table items (name text, total real)")
        conn.execute("insert into items values ('甲', 50000)")
    conn.close()
    ds = Datasette([str(db_path)], immutables=[str(other)])
    big = await get(ds, "/other.json", sql="select length(zeroblob(100000)) as n", _shape="array")
    assert (big.status_code, big.json()) == (200, [{"n": 100000}])  # no 32 KB value limit there
    assert (await get(ds, "/cqbudget.json", sql="select zeroblob(100000)")).status_code == 400
    assert (await get(ds, "/other/items", "post")).headers.get("allow") != "GET, HEAD"
    assert (await get(ds, "/cqbudget/funds", "post")).status_code == 405
    assert (await get(ds, "/other/items.json", _timelimit="abc")).status_code != 400
    replacement = tmp_path / "replacement.db"  # another file replaced: not a cqbudget database, and not checked
    with sqlite3.connect(replacement) as conn:
        conn.execute("create table things (name text)")
    conn.close()
    replacement.replace(other)
    time.sleep(served_module.CHECK_INTERVAL)
    assert (await get(ds, "/cqbudget/funds.json")).status_code == 200
    assert type(ds.databases["other"]) is not served_module.ServedDatabase
