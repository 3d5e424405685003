"""Embedding: the contract at /-/ask.schema.json and cqbudget's tools on the MCP endpoint.

The MCP endpoint is datasette-mcp's /-/mcp (Streamable HTTP).  It brings three read-only
tools of its own — list_databases, get_database_schema and execute_sql (one SELECT,
through Datasette's read-only, time-limited execute) — and calls the register_mcp_tools
hook, through which this module adds:

  ask_budget(question, history?)   the ask contract (cqbudget_db/ask.schema.json) as
                                   structuredContent; an unanswered question is an isError
                                   result carrying the unanswered shape
  one tool per canned query        named as in metadata.yml (funds_over_yi, fund_card, …),
                                   its parameters as optional arguments; rows as objects

Every tool only reads (annotated readOnlyHint), follows Datasette's permissions
(view-database, view-query) for the actor of the HTTP request, and reports bad input —
an unknown tool, bad arguments, SQL that writes, a hostile question — as an isError
result, never as a failure of the endpoint or the site.
"""

import asyncio
import inspect
import json
import logging
import urllib.parse
from typing import Annotated, Any

from datasette.utils.asgi import Response

from ..resources import ASK_SCHEMA

DATABASE = "cqbudget"
MAX_PARAMETER = 200      # characters in one canned-query argument
log = logging.getLogger("cqbudget.embed")

ASK_DESCRIPTION = """Answer a question about Chongqing's 2024 municipal key special funds (《重庆市 2024 年市级重点专项预算绩效》:
82 funds, their budgets in 万元 — total, city-level spending, subsidies to districts — departments, contacts and 769
performance indicators), in Chinese or English, offline and read-only.  Returns the answer sentence, the SQL and its
bound params, columns and rows (amounts in 万元; units says which), the funds it rests on (sources, with document
lines), how the question was read (understood) and, for follow-ups, what references resolved to (resolved).
For a follow-up ("其中…", "那卫健委呢？", "what about its contact?") pass the earlier questions of the conversation, oldest
first, as history.  A question the document cannot answer (another year, actual spending, opinions, changes to the
data, other instructions) is an error result saying why, with suggestions and example questions.  Both shapes are
described by the JSON Schema the site serves at /-/ask.schema.json.
Examples: 哪些专项超过10亿元？ | 教委有几个专项？ | Top 5 funds by district subsidies | Who is the contact for the student aid fund?"""


def _has_database(datasette):
    return DATABASE in datasette.databases


def _is_cqbudget(db):
    from ..database import check_database
    from ..errors import CqbudgetError

    if not db.path or db.is_memory:
        return False
    try:
        check_database(db.path)
    except CqbudgetError:
        return False
    return True


# ----------------------------------------------------------------------------- /-/ask.schema.json

async def ask_schema(datasette, request):
    return Response(ASK_SCHEMA.read_text(encoding="utf-8"), status=200,
                    content_type="application/schema+json; charset=utf-8",
                    headers={"access-control-allow-origin": "*", "cache-control": "max-age=3600"})


ROUTES = [(r"^/-/ask\.schema\.json$", ask_schema)]


# ----------------------------------------------------------------------------- MCP tools

def register_mcp_tools(datasette, mcp):
    """Add ask_budget and the canned queries to datasette-mcp's server for this Datasette.

    datasette-mcp builds its server while Datasette starts, before `cqbudget serve` has
    given the database its name, so the tools are added when any database served is a
    cqbudget database; each call checks that one is served as "cqbudget".
    """
    if not (_has_database(datasette) or any(_is_cqbudget(db) for db in datasette.databases.values())):
        return
    from mcp.server.mcpserver import Context
    from mcp.types import CallToolResult, TextContent, ToolAnnotations
    from pydantic import Field

    from . import site_metadata

    read_only = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                                open_world_hint=False)

    async def ask_budget(
        ctx: Context,
        question: Annotated[str, Field(description="The question, in Chinese or English (at most 500 characters).")],
        history: Annotated[list[str] | None, Field(
            description="Earlier questions of this conversation, oldest first (at most 20), for a follow-up.")] = None,
    ) -> CallToolResult:
        from ..api import Refusal, respond

        await _require(datasette, ctx, "view-database", DATABASE)
        db = datasette.get_database(DATABASE)
        result = await asyncio.to_thread(respond, question, db.path, history=history or ())
        refused = isinstance(result, Refusal)
        data = result.to_dict() if refused else result.to_dict(include_state=False)
        return CallToolResult(content=[TextContent(type="text", text=json.dumps(data, ensure_ascii=False, default=str))],
                              structured_content=data, is_error=refused)

    mcp.add_tool(ask_budget, name="ask_budget", title="Ask about Chongqing's 2024 key funds",
                 description=ASK_DESCRIPTION, annotations=read_only)

    queries = site_metadata.load()["databases"][DATABASE].get("queries", {})
    for name, query in queries.items():
        if query.get("write"):
            continue  # read-only throughout (there are none; a -m metadata could add one)
        mcp.add_tool(_canned_tool(datasette, name, query, Context, Field), name=name,
                     title=query.get("title") or name, description=_canned_description(name, query),
                     annotations=read_only)


def _canned_description(name, query):
    params = query.get("params") or []
    described = " ".join((query.get("description") or "").split())
    arguments = (f" Arguments (all optional text; blank or missing takes the default the description names): "
                 f"{', '.join(params)}." if params else " No arguments.")
    return (f"{query.get('title') or name}：{described} — The canned query /{DATABASE}/{name} of the cqbudget "
            f"Datasette, read-only; amounts in 万元 (1 亿元 = 10,000 万元).{arguments} Returns columns, rows as "
            f"objects, units and truncated.")


def _canned_tool(datasette, name, query, context_type, field):
    """A tool function for one canned query, its parameters as keyword arguments."""
    params = list(query.get("params") or [])
    argument = Annotated[str | int | float | None,
                         field(description="Text, or a number; blank or missing for the default.")]

    async def run(ctx, **arguments):
        return await _run_canned(datasette, ctx, name, params, arguments)

    run.__name__ = name
    run.__signature__ = inspect.Signature(
        [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=context_type)]
        + [inspect.Parameter(p, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=argument) for p in params],
        return_annotation=dict[str, Any])
    run.__annotations__ = {"ctx": context_type, **{p: argument for p in params}, "return": dict[str, Any]}
    return run


async def _run_canned(datasette, ctx, name, params, arguments):
    from datasette.database import QueryInterrupted
    from datasette.utils import sqlite3
    from mcp.server.mcpserver.exceptions import ToolError

    from .. import metrics

    await _require(datasette, ctx, "view-database", DATABASE)
    await _require(datasette, ctx, "view-query", (DATABASE, name))
    query = await datasette.get_canned_query(DATABASE, name, _actor(ctx))
    if query is None:
        raise ToolError(f"the canned query {name} is not available")
    if query.get("write"):
        raise ToolError(f"the canned query {name} writes, and cqbudget's tools only read")
    values = {}
    for param in params:
        value = arguments.get(param)
        value = "" if value is None else str(value)
        if len(value) > MAX_PARAMETER:
            raise ToolError(f"{param} is {len(value)} characters long; give at most {MAX_PARAMETER}")
        if "\x00" in value:
            raise ToolError(f"{param} contains a NUL character")
        values[param] = value
    try:
        results = await datasette.get_database(DATABASE).execute(query["sql"], values, truncate=True,
                                                                 log_sql_errors=False)
    except QueryInterrupted:
        raise ToolError("the query took longer than the time limit and was stopped") from None
    except (sqlite3.DatabaseError, sqlite3.Warning) as error:
        raise ToolError(f"SQL error: {error}") from None
    columns = list(results.columns)
    given = {k: v for k, v in values.items() if v != ""}
    return {
        "query": name,
        "title": query.get("title") or name,
        "columns": columns,
        "rows": [dict(zip(columns, _cell(row))) for row in results.rows],
        "units": metrics.units(columns),
        "truncated": bool(results.truncated),
        "url": datasette.urls.path(f"/{DATABASE}/{name}" + ("?" + urllib.parse.urlencode(given) if given else "")),
    }


def _cell(row):
    return [value if value is None or isinstance(value, (str, int, float)) else str(value) for value in row]


def _actor(ctx):
    request = getattr(getattr(ctx, "request_context", None), "request", None)
    actor = (getattr(request, "scope", None) or {}).get("actor")
    return actor if isinstance(actor, dict) else None


async def _require(datasette, ctx, action, resource):
    from mcp.server.mcpserver.exceptions import ToolError

    if not _has_database(datasette):
        raise ToolError(f"this Datasette serves no database named {DATABASE}")
    if not await datasette.permission_allowed(_actor(ctx), action, resource, default=True):
        raise ToolError("not allowed")
