"""Embedding: the contract at /-/ask.schema.json.
"""

from datasette.utils.asgi import Response

from ..resources import ASK_SCHEMA

# ----------------------------------------------------------------------------- /-/ask.schema.json

async def ask_schema(datasette, request):
    return Response(ASK_SCHEMA.read_text(encoding="utf-8"), status=200,
                    content_type="application/schema+json; charset=utf-8",
                    headers={"access-control-allow-origin": "*", "cache-control": "max-age=3600"})


ROUTES = [(r"^/-/ask\.schema\.json$", ask_schema)]
