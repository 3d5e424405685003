"""The ask page: /-/ask (HTML) and /-/ask.json?q=… (the dict cqbudget_db.ask.ask() returns).

Empty, hostile or unanswerable questions get a friendly message on the page
(status 200, so the form stays usable) and a 400 with {"error", …} in JSON.

The page (templates/cqbudget_ask.html) puts the answer first, then the rows with
every column labelled in the question's language (cqbudget_db.metrics) and every
amount written by cqbudget_db.amounts, then how the question was read (the
result's understood and resolved lists, the SQL and its parameters), the
sources, and the example questions, folded once a question has been asked.

Questions are answered on Datasette's own connection to the database (db.execute_fn, in
Datasette's thread pool, with the guard's limits: serving.py), not on one opened per
query, and each answer is kept per version of the file (ServedDatabase.answers), so a
repeated question is not asked again until the database is rebuilt.
"""

import json
import logging
import urllib.parse

from datasette.utils.asgi import Response

from .. import amounts, metrics
from ..errors import CqbudgetError
from ..render import language
from . import amounts as web_amounts
from . import serving

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
    contract (cqbudget_db/ask.schema.json, through cqbudget_db.api.respond), 503 when the
    database was rebuilt while answering, or 500 and {"error"}."""
    from ..api import Refusal, respond

    db = datasette.get_database("cqbudget")
    answers = getattr(db, "answers", None)  # per version of the file (serving.ServedDatabase)
    if answers is not None and (outcome := answers.get(question)) is not None:
        return outcome
    try:
        result = await db.execute_fn(lambda conn: _respond_on(db, conn, respond, question))
    except serving.DatabaseReplaced:
        return 503, {"error": "the database was rebuilt while answering; ask again"}
    except Exception:  # a bug, not the user's fault: say so without a traceback
        log.exception("ask failed for %r", question)
        return 500, {"error": "internal error while answering the question"}
    refused = isinstance(result, Refusal)
    outcome = (400 if refused else 200), result.to_dict()
    if answers is not None and not (refused and result.status == "failed"):  # a failure may not recur
        answers.put(question, outcome)
    return outcome


def _respond_on(db, conn, respond, question):
    """respond() on Datasette's connection; the engine also reads its vocabulary from db.path,
    so the file must be the connection's version before and after."""
    check = getattr(db, "check_unchanged", lambda: None)
    check()
    result = respond(question, db.path, conn=conn)
    check()
    return result


def display(value, column, lang="zh"):
    """A result cell as text, written by cqbudget_db.amounts: 43,837.00 万元（4.38 亿元）, 42.50%."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if web_amounts.is_amount(column):
        return amounts.both(value, lang)
    if web_amounts.is_percent(column):
        return amounts.percent(value)
    if isinstance(value, float):
        return amounts.decimals(value)
    return str(value)


def _param(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


SOURCES_SHOWN = 10  # the rest are folded


def view_model(datasette, question, status, payload, module):
    context = {"q": question, "examples": examples(module), "result": None, "error": None, "lang": "zh"}
    if question is None:
        return context
    if status != 200:
        context["error"] = {**payload, "understood": [
            item for item in payload.get("understood") or [] if item.get("meaning") not in (None, "", "—")]}
        return context
    lang = context["lang"] = language(payload)
    columns = payload.get("columns") or []
    seq_index = columns.index("seq") if "seq" in columns else None
    headers = [{"column": column, "label": metrics.label(column, lang),
                "numeric": any(isinstance(row[i], (int, float)) and not isinstance(row[i], bool)
                               for row in payload.get("rows") or [])}
               for i, column in enumerate(columns)]
    rows = []
    for row in payload.get("rows") or []:
        cells = []
        for header, value in zip(headers, row):
            href = None
            if header["column"] == "name" and seq_index is not None and isinstance(row[seq_index], int):
                href = datasette.urls.path(f"/cqbudget/fund_card?fund={row[seq_index]}")
            cells.append({"text": display(value, header["column"], lang), "href": href, "label": header["label"],
                          "column": header["column"], "numeric": header["numeric"]})
        rows.append(cells)
    sources = [{**source, "href": datasette.urls.path(f"/cqbudget/funds/{source.get('seq')}")}
               for source in payload.get("sources") or []]
    params = [{"name": name, "value": _param(value)} for name, value in (payload.get("params") or {}).items()]
    context["result"] = {**payload, "headers": headers, "display_rows": rows, "params_shown": params,
                         "sources_shown": sources[:SOURCES_SHOWN], "sources_more": sources[SOURCES_SHOWN:],
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
