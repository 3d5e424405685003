"""Links to the ask page and the dashboard in every page's navigation menu."""

from datasette import hookimpl


@hookimpl
def menu_links(datasette):
    return [
        {"href": datasette.urls.path("/-/ask"), "label": "问答 Ask a question"},
        {"href": datasette.urls.path("/-/dashboard"), "label": "图表 Dashboard"},
        {"href": datasette.urls.path("/cqbudget#queries"), "label": "常用查询 Canned queries"},
    ]
