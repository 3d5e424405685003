"""The Datasette plugin: the ask page, the dashboard, amount rendering, menu links, metadata.

Registered by the package's entry point (pyproject.toml)::

    [project.entry-points.datasette]
    cqbudget = "cqbudget_db.web"

so wherever cqbudget is installed, plain Datasette has it::

    datasette -i cqbudget.db        # titles, canned queries, /-/ask, /-/dashboard, 亿元 amounts

The cqbudget database's own pages get cqbudget.css and cqbudget-pages.js (folded column
descriptions and facets, Chinese column labels, parameter boxes labelled in words) and
templates/: a row page titled by the row's name (cqbudget_row.html), canned query pages
titled by the query's title (query-cqbudget.html).

Datasette serves this package's static/ directory at /-/static-plugins/cqbudget/
and finds the page templates in templates/ by name.  Every hook acts only on
the database named "cqbudget"; another database served beside it is left alone.

One module per concern: amounts.py (cells in 万元 and 亿元), ask_page.py, dashboard.py,
embed.py (the schema and the MCP tools), site_metadata.py, and serving.py (limits on
every connection, 405 for methods other than GET/HEAD, 400 instead of Datasette 0.65's
500s for bad query strings, and a rebuilt database file picked up for every page at once).
"""

import functools

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from . import amounts, ask_page, dashboard, embed, serving, site_metadata

PLUGIN = "cqbudget"  # the distribution's name: Datasette mounts static/ under it
DATABASE = "cqbudget"


def _has_database(datasette):
    return DATABASE in datasette.databases


@hookimpl
def get_metadata(datasette):
    return site_metadata.for_datasette(datasette, DATABASE)


@hookimpl
def register_routes():
    routes = [*ask_page.ROUTES, *dashboard.ROUTES, *embed.ROUTES]
    return [(pattern, _needs_database(view)) for pattern, view in routes]


def _needs_database(view):
    async def route(datasette, request):
        if not _has_database(datasette):
            return Response.text(f"Not found: this Datasette serves no database named {DATABASE}", status=404)
        return await view(datasette, request)
    return route


@hookimpl
def skip_csrf(datasette, scope):
    """/-/ask.json takes a POST (a question and its history) and only reads: no CSRF token, so a
    browser that has Datasette's cookies, or a page on another origin, can POST JSON to it."""
    return scope.get("type") == "http" and scope.get("path") == datasette.urls.path("/-/ask.json")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return amounts.render_cell(row, value, column, table, database, datasette)


@hookimpl
def extra_css_urls(database, datasette):
    if _has_database(datasette) and database in (None, DATABASE):
        return [datasette.urls.static_plugins(PLUGIN, "cqbudget.css")]
    return []


@hookimpl
def extra_js_urls(database, datasette):
    if _has_database(datasette) and database == DATABASE:
        return [datasette.urls.static_plugins(PLUGIN, "cqbudget-pages.js")]
    return []


@hookimpl
def extra_template_vars(view_name, database, table, datasette):
    """On a row page: cq_foreign_key(column, value) → {label, href} of the row a foreign key
    points to (an indicator's fund by name), as table pages show it; None for other columns."""
    if view_name != "row" or database != DATABASE or not table or not _has_database(datasette):
        return None

    async def foreign_key(column, value):
        if value is None:
            return None
        keys = await datasette.get_database(database).foreign_keys_for_table(table)
        for key in keys:
            if key["column"] == column:
                labels = await datasette.expand_foreign_keys(database, table, column, [value])
                label = labels.get((column, value))
                href = datasette.urls.row(database, key["other_table"], tilde_encode(str(value)))
                return {"label": label, "href": href} if label else None
        return None

    return {"cq_foreign_key": foreign_key}


@hookimpl
def extra_body_script(database, datasette):
    """The metric registry's Chinese labels, for cqbudget-pages.js to label query results."""
    if _has_database(datasette) and database == DATABASE:
        return "window.cqbudgetLabels = " + _labels_json() + ";"
    return None


@functools.cache
def _labels_json():
    import json

    from .. import metrics

    labels = {column: metrics.label(column, "zh") for column in [*metrics.METRICS, *metrics.FIELDS]}
    labels["amount"] = "金额"
    return json.dumps(labels, ensure_ascii=True)


@hookimpl
def menu_links(datasette):
    if not _has_database(datasette):
        return []
    return [
        {"href": datasette.urls.path("/-/ask"), "label": "问答 Ask a question"},
        {"href": datasette.urls.path("/-/dashboard"), "label": "图表 Dashboard"},
        {"href": datasette.urls.path(f"/{DATABASE}#queries"), "label": "常用查询 Canned queries"},
    ]


@hookimpl
def register_mcp_tools(datasette, mcp):
    """datasette-mcp's hook: ask_budget and the canned queries on /-/mcp (see embed.py)."""
    embed.register_mcp_tools(datasette, mcp)


@hookimpl
def prepare_connection(conn, database):
    """The guard's limits (cqbudget_db.guard.apply_limits) on every connection to the database."""
    serving.prepare_connection(conn, database)


@hookimpl
def asgi_wrapper(datasette):
    """405 for methods that are not GET/HEAD, 400 for bad query strings, 503 while the file
    cannot be served, and every request on the file's current version (see serving.py)."""
    return serving.asgi_wrapper(datasette)


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    return serving.handle_exception(datasette, request, exception)


@hookimpl
def startup(datasette):
    serving.cache_table_permissions(datasette)
