"""The ask page: /-/ask (HTML) and /-/ask.json?q=… (the dict cqbudget_db.ask.ask() returns).

Empty, hostile or unanswerable questions get a friendly message on the page
(status 200, so the form stays usable) and a 400 with {"error", …} in JSON.
"""

import asyncio
import json
import logging
import urllib.parse

from datasette.utils.asgi import Response


AMOUNT_COLUMNS = {"total", "city_spend", "district_subsidy", "amount"}
FALLBACK_EXAMPLES = ["哪些专项超过10亿元？", "教委有几个专项？", "各部门预算合计排名"]
log = logging.getLogger("cqbudget.ask_page")


def _engine():
    """cqbudget_db.ask, imported on the first question (it loads the engine's vocabulary)."""
    from .. import ask as module

    return module


def examples(module):
    found = getattr(module, "EXAMPLES", None)
    if isinstance(found, dict):
        return [q for lang in ("zh", "en") for q in found.get(lang, [])]
    return list(found or FALLBACK_EXAMPLES)


async def run_ask(datasette, question):
    """(status, payload): 200 and the answered shape, or 400 and the unanswered shape of the
    contract (cqbudget_db/ask.schema.json, through cqbudget_db.api.respond), or 500 and {"error"}."""
    from ..api import Refusal, respond

    db = datasette.get_database("cqbudget")
    try:
        result = await asyncio.to_thread(respond, question, db.path)
        return (400 if isinstance(result, Refusal) else 200), result.to_dict()
    except Exception:  # a bug, not the user's fault: say so without a traceback
        log.exception("ask failed for %r", question)
        return 500, {"error": "internal error while answering the question"}


def display(value, column):
    if column in AMOUNT_COLUMNS and isinstance(value, (int, float)) and not isinstance(value, bool):
        wan = f"{value:,.2f}".removesuffix(".00")
        yi = f"{value / 10000:,.4f}".rstrip("0").rstrip(".")
        return f"{wan} 万元（{yi} 亿元）"
    return "" if value is None else str(value)


def view_model(datasette, question, status, payload, module):
    context = {"q": question, "examples": examples(module), "result": None, "error": None}
    if question is None:
        return context
    if status != 200:
        context["error"] = payload
        return context
    columns = payload.get("columns") or []
    seq_index = columns.index("seq") if "seq" in columns else None
    rows = []
    for row in payload.get("rows") or []:
        cells = []
        for column, value in zip(columns, row):
            href = None
            if column == "name" and seq_index is not None and isinstance(row[seq_index], int):
                href = datasette.urls.path(f"/cqbudget/fund_card?fund={row[seq_index]}")
            cells.append({"text": display(value, column), "href": href,
                          "numeric": isinstance(value, (int, float))})
        rows.append(cells)
    sources = [{**source, "href": datasette.urls.path(f"/cqbudget/funds/{source.get('seq')}")}
               for source in payload.get("sources") or []]
    context["result"] = {**payload, "display_rows": rows, "sources": sources,
                         "sql_href": datasette.urls.path(payload.get("url") or "/cqbudget"),
                         "json_href": datasette.urls.path("/-/ask.json?" + urllib.parse.urlencode(
                             {"q": question}))}
    return context


async def ask_page(datasette, request):
    question = request.args.get("q")
    module = _engine()
    status, payload = (None, None) if question is None else await run_ask(datasette, question)
    html = await datasette.render_template(
        "cqbudget_ask.html", view_model(datasette, question, status, payload, module), request=request)
    return Response.html(html, status=500 if status == 500 else 200)


async def ask_json(datasette, request):
    status, payload = await run_ask(datasette, request.args.get("q", ""))
    return Response(json.dumps(payload, ensure_ascii=False, default=str), status=status,
                    content_type="application/json; charset=utf-8",
                    headers={"access-control-allow-origin": "*"})


ROUTES = [(r"^/-/ask$", ask_page), (r"^/-/ask\.json$", ask_json)]
