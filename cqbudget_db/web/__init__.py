"""The Datasette plugin: the ask page, the dashboard, amount rendering, menu links, metadata.

Registered by the package's entry point (pyproject.toml)::

    [project.entry-points.datasette]
    cqbudget = "cqbudget_db.web"

so wherever cqbudget is installed, plain Datasette has it::

    datasette -i cqbudget.db        # titles, canned queries, /-/ask, /-/dashboard, 亿元 amounts

Datasette serves this package's static/ directory at /-/static-plugins/cqbudget/
and finds the page templates in templates/ by name.  Every hook acts only on
the database named "cqbudget"; another database served beside it is left alone.
"""

from datasette import hookimpl
from datasette.utils.asgi import Response

from . import amounts, ask_page, dashboard, embed, site_metadata

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
def render_cell(row, value, column, table, database, datasette):
    return amounts.render_cell(row, value, column, table, database, datasette)


@hookimpl
def extra_css_urls(database, datasette):
    if _has_database(datasette) and database in (None, DATABASE):
        return [datasette.urls.static_plugins(PLUGIN, "cqbudget.css")]
    return []


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
