"""CORS: `cqbudget serve --cors` (Datasette's own option) lets pages on other origins read the
JSON — tables, SQL, canned queries, ask.json — and opens nothing that writes.

The browser's side of it (a page on a second origin calling fetch) is in test_embedding.py.
"""

import hashlib
import urllib.parse

import pytest
from click.testing import CliRunner

from cqbudget_db import cli as cli_module
from cqbudget_db import serve as serve_module
from cqbudget_db.serve import datasette_command, make_datasette

ORIGIN = {"origin": "http://example.invalid:9000"}
READS = ["/cqbudget/funds.json?_shape=array&_size=3", "/cqbudget.json?sql=select+count(*)+as+n+from+funds",
         "/cqbudget/funds_over_yi.json?yi=30&_shape=array", "/cqbudget/department_totals.json",
         "/cqbudget/fund_card.json?fund=10", "/-/ask.json?" + urllib.parse.urlencode({"q": "教委有几个专项？"}),
         "/-/ask.schema.json", "/cqbudget/funds/10.json", "/-/versions.json"]


@pytest.fixture(scope="module")
def cors(db_path):
    return make_datasette(db_path, cors=True)


@pytest.fixture(scope="module")
def plain(db_path):
    return make_datasette(db_path)


@pytest.mark.parametrize("path", READS)
async def test_with_cors_every_json_read_is_open_to_other_origins(cors, path):
    response = await cors.client.get(path, headers=ORIGIN)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", READS[:5])
async def test_without_cors_datasette_json_is_not(plain, path):
    response = await plain.client.get(path, headers=ORIGIN)
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


async def test_ask_json_and_the_schema_are_open_either_way(plain):
    for path in READS[5:7]:
        assert (await plain.client.get(path, headers=ORIGIN)).headers["access-control-allow-origin"] == "*"


async def test_cors_opens_nothing_that_writes(cors, db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    # the SQL endpoint refuses anything but SELECT, CORS or not
    for sql in ["delete from funds", "update funds set total = 0", "drop table funds",
                "insert into funds (seq) values (999)"]:
        response = await cors.client.get("/cqbudget.json?" + urllib.parse.urlencode({"sql": sql}), headers=ORIGIN)
        assert response.status_code == 400 and not response.json()["ok"], sql
    # a POST (a cross-origin form carries no CSRF token either) is refused
    response = await cors.client.post("/cqbudget", data={"sql": "delete from funds"}, headers=ORIGIN)
    assert response.status_code in (403, 405)
    # the database is immutable and no canned query writes
    database = cors.get_database("cqbudget")
    assert not database.is_mutable
    assert not [name for name, query in (await cors.get_canned_queries("cqbudget", None)).items()
                if query.get("write")]
    # preflights allow no header a write would need, and MCP's endpoint answers no preflight at all
    preflight = await cors.client.options("/cqbudget/funds.json", headers={
        **ORIGIN, "access-control-request-method": "DELETE"})
    assert "DELETE" not in preflight.headers.get("access-control-allow-methods", "")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_cqbudget_serve_cors_passes_the_option_to_datasette(db_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(serve_module, "serve", lambda db, **options: seen.update(options, db=db))
    done = CliRunner().invoke(cli_module.cli, ["serve", "--db", str(db_path), "--cors", "--port", "0"])
    assert done.exit_code == 0, done.output
    assert seen["cors"] is True and seen["db"] == db_path
    done = CliRunner().invoke(cli_module.cli, ["serve", "--db", str(db_path)])
    assert seen["cors"] is False
    assert "--cors" in CliRunner().invoke(cli_module.cli, ["serve", "--help"]).output


def test_the_plain_datasette_command_line_has_cors_too(db_path):
    assert datasette_command(db_path, cors=True)[-1] == "--cors"
    assert "--cors" not in datasette_command(db_path)


def test_make_datasette_sets_cors(db_path):
    assert make_datasette(db_path, cors=True).cors and not make_datasette(db_path).cors
