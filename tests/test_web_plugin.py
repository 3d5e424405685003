"""The Datasette plugin as the package registers it: entry point, metadata hook, static files.

`datasette cqbudget.db` alone gets the titles, the canned queries, the ask page, the
dashboard and the amount rendering; another database beside it is left alone; and the
checkout's `-m metadata.yml --plugins-dir plugins` still works without running a hook twice.
"""

import json
import pathlib
import subprocess
import sys

import pytest
import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from cqbudget_db import __version__, web
from cqbudget_db.web import site_metadata

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOOKS = ["asgi_wrapper", "extra_body_script", "extra_css_urls", "extra_js_urls", "extra_template_vars", "get_metadata",
         "handle_exception", "menu_links", "prepare_connection", "register_mcp_tools", "register_routes", "render_cell",
         "skip_csrf", "startup"]
MCP_HOOKS = ["asgi_wrapper", "register_mcp_tools", "register_routes", "skip_csrf"]  # datasette-mcp, a dependency
CSS = 'href="/-/static-plugins/cqbudget/cqbudget.css"'


@pytest.fixture(scope="module")
def other_db(tmp_path_factory):
    """A database that is not cqbudget's, with an amount-like column."""
    import sqlite3

    path = tmp_path_factory.mktemp("other") / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table items (name text, total real)")
        conn.execute("insert into items values ('甲', 50000)")
    conn.close()
    return path


async def get(ds, path, status=200):
    response = await ds.client.get(path)
    assert response.status_code == status, (path, response.text[:300])
    return response


async def test_plain_datasette_gets_everything_from_the_entry_point(db_path, sql):
    assert db_path.name == "cqbudget.db"
    ds = Datasette([str(db_path)])
    plugins = (await get(ds, "/-/plugins.json")).json()
    assert [p for p in plugins if p["name"] == "cqbudget"] == [
        {"name": "cqbudget", "static": True, "templates": True, "version": __version__, "hooks": HOOKS}]
    assert (await get(ds, "/-/metadata.json")).json() == site_metadata.load()
    rows = (await get(ds, "/cqbudget/funds_over_yi.json?yi=30&_shape=array")).json()
    assert [row["name"] for row in rows] == [
        name for (name,) in sql("select name from funds where total > 300000 order by total desc")]
    answer = (await get(ds, "/-/ask.json?q=%E6%95%99%E5%A7%94%E6%9C%89%E5%87%A0%E4%B8%AA%E4%B8%93%E9%A1%B9")).json()
    assert answer["rows"][0][0] == sql("select count(*) from funds where department = '重庆市教育委员会'")[0][0] == 4
    assert "(36.94 亿元)" in (await get(ds, "/cqbudget/funds")).text
    home = (await get(ds, "/")).text
    assert CSS in home and 'href="/-/ask"' in home and "<title>重庆市 2024 年市级重点专项预算绩效" in home
    assert (await get(ds, "/-/static-plugins/cqbudget/cqbudget.css")).text.startswith("/* cqbudget:")


async def test_another_database_is_left_alone(db_path, other_db):
    ds = Datasette([str(db_path), str(other_db)])
    metadata = (await get(ds, "/-/metadata.json")).json()  # before pages add inherited keys to it
    assert metadata == {"databases": {"cqbudget": site_metadata.load()["databases"]["cqbudget"]}}
    items = (await get(ds, "/other/items")).text
    assert "50000.0" in items and "亿元" not in items and CSS not in items
    assert "(36.94 亿元)" in (await get(ds, "/cqbudget/funds")).text
    assert "<title>Datasette: cqbudget, other</title>" in (await get(ds, "/")).text


async def test_without_a_cqbudget_database_the_plugin_does_nothing(other_db):
    ds = Datasette([str(other_db)])
    for path in ["/-/ask", "/-/ask.json?q=x", "/-/dashboard", "/-/dashboard.json"]:
        response = await get(ds, path, status=404)
        assert response.text == "Not found: this Datasette serves no database named cqbudget"
    assert (await get(ds, "/-/metadata.json")).json() == {}
    home = (await get(ds, "/")).text
    assert 'href="/-/ask"' not in home and CSS not in home


async def test_metadata_given_with_m_wins_and_stays_with_its_instance(db_path):
    mine = Datasette([str(db_path)], metadata={
        "title": "Mine", "databases": {"cqbudget": {"tables": {"funds": {"title": "Our funds"}}}}})
    assert mine.metadata("title") == "Mine"
    assert mine.metadata("title", database="cqbudget", table="funds") == "Our funds"
    assert mine.metadata("sort_desc", database="cqbudget", table="funds") == "total"
    plain = Datasette([str(db_path)])
    assert plain.metadata("title") == site_metadata.load()["title"]
    assert plain.metadata("title", database="cqbudget", table="funds") == "专项资金 funds"


async def test_the_checkout_command_registers_nothing_twice(db_path):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    checkout = Datasette([str(db_path)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))
    plain = Datasette([str(db_path)])
    assert [plugin for plugin in pm.get_plugins() if plugin is web] == [web]
    for path in ["/", "/cqbudget/funds", "/-/ask?q=%E6%95%99%E5%A7%94%E6%9C%89%E5%87%A0%E4%B8%AA%E4%B8%93%E9%A1%B9"]:
        html, reference = (await get(checkout, path)).text, (await get(plain, path)).text
        menu_link = 'href="/-/ask">问答 Ask a question</a>'   # (the ask page also links to a new conversation)
        assert html.count(menu_link) == reference.count(menu_link) == 1, path
        assert html.count("亿元)") == reference.count("亿元)"), path
        assert html.count(CSS) == 1, path


def test_the_datasette_command_from_a_checkout(db_path):
    datasette = pathlib.Path(sys.executable).parent / "datasette"
    done = subprocess.run([str(datasette), "serve", "-i", str(db_path), "-m", "metadata.yml",
                           "--plugins-dir", "plugins", "--get", "/-/plugins.json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [(p["name"], p["hooks"]) for p in json.loads(done.stdout)] == [
        ("cqbudget", HOOKS), ("cqbudget.py", []), ("datasette-mcp", MCP_HOOKS)]


def test_the_shim_stops_datasette_when_the_package_is_not_registered():
    code = ("import sys; sys._called_from_test = True\n"  # Datasette then loads no entry points
            "from datasette.app import Datasette; Datasette([], plugins_dir='plugins')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (1, (
        "plugins/cqbudget.py: the cqbudget package is not installed where this Datasette runs; install it "
        "there (pip install -e . in the checkout), then plain `datasette -i cqbudget.db` is enough\n"))
