"""The ask page: /-/ask (HTML) and /-/ask.json?q=… (the dict cqbudget_db.ask.ask() returns).

Empty, hostile or unanswerable questions get a friendly message on the page
(status 200, so the form stays usable) and a 400 with {"error", …} in JSON.
"""

import json
import logging
import pathlib
import urllib.parse

from datasette import hookimpl
from datasette.utils.asgi import Response

TEMPLATE = pathlib.Path(__file__).resolve().parent / "templates" / "cqbudget_ask.html"
AMOUNT_COLUMNS = {"total", "city_spend", "district_subsidy", "amount"}
FALLBACK_EXAMPLES = ["哪些专项超过10亿元？", "教委有几个专项？", "各部门预算合计排名"]
log = logging.getLogger("cqbudget.ask_page")
_templates = {}


def _engine():
    """cqbudget_db.ask, or None where only the database and plugins were deployed."""
    try:
        from cqbudget_db import ask as module
    except ImportError:
        return None
    return module


def examples(module):
    found = getattr(module, "EXAMPLES", None) if module else None
    if isinstance(found, dict):
        return [q for lang in ("zh", "en") for q in found.get(lang, [])]
    return list(found or FALLBACK_EXAMPLES)


async def run_ask(datasette, question):
    """(status, payload): 200 and ask()'s dict, or 400/500/503 and {"error", …}."""
    module = _engine()
    if module is None:
        return 503, {"error": "the question engine (cqbudget_db.ask) is not available"}
    from cqbudget_db.errors import CqbudgetError

    db = datasette.get_database("cqbudget")
    answers = getattr(db, "answers", None)  # cached per version of the file (cqbudget_db.served)
    if answers is not None and (outcome := answers.get(question)) is not None:
        return outcome
    try:
        outcome = 200, await db.execute_fn(lambda conn: _ask_on(db, conn, module, question))
    except module.Unanswerable as error:
        outcome = 400, error.to_dict()
    except CqbudgetError as error:  # QuestionError, GuardError, …
        outcome = 400, {"error": str(error), "recognized": [], "suggestions": [],
                        "examples": examples(module)[:4]}
    except Exception as error:  # a bug, not the user's fault: say so without a traceback
        if type(error).__name__ == "DatabaseReplaced":
            return 503, {"error": "the database was rebuilt while answering; ask again"}
        log.exception("ask failed for %r", question)
        return 500, {"error": "internal error while answering the question"}
    if answers is not None:
        answers.put(question, outcome)
    return outcome


def _ask_on(db, conn, module, question):
    """ask() on Datasette's own connection; the engine also reads its vocabulary from
    db.path, so the file must be the connection's version before and after."""
    check = getattr(db, "check_unchanged", lambda: None)
    check()
    result = module.ask(question, db.path, conn=conn)
    check()
    return result


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
    key = id(datasette.jinja_env)
    if key not in _templates:
        _templates[key] = datasette.jinja_env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    html = await datasette.render_template(
        _templates[key], view_model(datasette, question, status, payload, module), request=request)
    return Response.html(html, status=500 if status == 500 else 200)


async def ask_json(datasette, request):
    status, payload = await run_ask(datasette, request.args.get("q", ""))
    return Response(json.dumps(payload, ensure_ascii=False, default=str), status=status,
                    content_type="application/json; charset=utf-8",
                    headers={"access-control-allow-origin": "*"})


@hookimpl
def register_routes():
    return [(r"^/-/ask$", ask_page), (r"^/-/ask\.json$", ask_json)]
