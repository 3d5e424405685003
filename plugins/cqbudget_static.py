"""Serve plugins/static/ at /-/cqbudget-static/ and add its stylesheet to every page.

The dashboard's Vega scripts are vendored there, so no page loads anything
from a CDN and `datasette --plugins-dir plugins` needs no --static option.
"""

import pathlib

from datasette import hookimpl
from datasette.utils.asgi import Response, asgi_send_file

STATIC_DIR = pathlib.Path(__file__).resolve().parent / "static"
PREFIX = "/-/cqbudget-static/"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


async def static_file(request, send):
    name = request.url_vars["name"]
    path = STATIC_DIR / name
    if path.suffix not in TYPES or not path.is_file():
        await Response.text("Not found", status=404).asgi_send(send)
        return
    await asgi_send_file(send, path, content_type=TYPES[path.suffix],
                         headers={"cache-control": "public, max-age=3600"})


@hookimpl
def register_routes():
    return [(r"^/-/cqbudget-static/(?P<name>[A-Za-z0-9_-]+(\.min)?\.(js|css))$", static_file)]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(PREFIX + "cqbudget.css")]
