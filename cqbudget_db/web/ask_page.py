"""The ask page: /-/ask (HTML) and /-/ask.json (the contract, cqbudget_db/ask.schema.json).

Empty, hostile or unanswerable questions get a friendly message on the page
(status 200, so the form stays usable) and a 400 with the unanswered shape in JSON.

A conversation lives in the request, never on the server: the earlier questions,
oldest first, as repeated ``history`` parameters (/-/ask?history=…&history=…&q=…,
or a POST to /-/ask.json of {"question": …, "history": […]}).  Each request replays
them through the engine (cqbudget_db.ask.ask_in_conversation rebuilds the state the
same way), so a link reproduces the whole conversation.  At most 20 earlier
questions and 5,000 characters: more is a 400 (JSON) or a message (page).

The page (templates/cqbudget_ask.html) puts the answer first, then the rows with
every column labelled in the question's language (cqbudget_db.metrics) and every
amount written by cqbudget_db.amounts, then how the question was read (the
result's understood and resolved lists, the SQL and its parameters), the
sources, and the example questions, folded once a question has been asked.

Questions are answered on Datasette's own connection to the database (db.execute_fn, in
Datasette's thread pool, with the guard's limits: serving.py), not on one opened per
query.  /-/ask.json and the page without earlier questions keep each answer per version
of the file (ServedDatabase.answers, keyed by the question and its history), so a
repeated request is not asked again until the database is rebuilt.  A file replaced
while a question is being answered gives a 503 (“ask again”), never a mix of versions.
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


MAX_BODY = 64 * 1024          # bytes in a POST to /-/ask.json: far above 20 questions of 500 characters
BODY_KEYS = {"question", "history"}   # the contract's $defs/request
JSON_HEADERS = {"access-control-allow-origin": "*"}
PREFLIGHT_HEADERS = {**JSON_HEADERS, "access-control-allow-methods": "GET, POST, OPTIONS",
                     "access-control-allow-headers": "content-type", "access-control-max-age": "3600"}
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"


def _engine():
    """cqbudget_db.ask, imported on the first question (it loads the engine's vocabulary)."""
    from .. import ask as module

    return module


def examples(module):
    found = getattr(module, "EXAMPLES", None)
    if isinstance(found, dict):
        return [q for lang in ("zh", "en") for q in found.get(lang, [])]
    return list(found or FALLBACK_EXAMPLES)


REPLACED = {"error": "the database was rebuilt while answering; ask again"}


async def run_ask(datasette, question, history=()):
    """(status, payload): 200 and the answered shape, or 400 and the unanswered shape of the
    contract (cqbudget_db/ask.schema.json, through cqbudget_db.api.respond), 503 when the
    database was rebuilt while answering, or 500 and {"error"}.

    history: the earlier questions of the conversation, oldest first."""
    from ..api import Refusal, respond

    db = datasette.get_database("cqbudget")
    history = list(history)
    key = (question, tuple(history))
    answers = getattr(db, "answers", None)  # per version of the file (serving.ServedDatabase)
    if answers is not None and (outcome := answers.get(key)) is not None:
        return outcome
    try:
        result = await on_connection(db, lambda conn: respond(question, db.path, history=history, conn=conn))
    except serving.DatabaseReplaced:
        return 503, REPLACED
    except Exception:  # a bug, not the user's fault: say so without a traceback
        log.exception("ask failed for %r (history %r)", question, history)
        return 500, {"error": "internal error while answering the question"}
    refused = isinstance(result, Refusal)
    outcome = (400 if refused else 200), result.to_dict()
    if answers is not None and not (refused and result.status == "failed"):  # a failure may not recur
        answers.put(key, outcome)
    return outcome


async def on_connection(db, fn):
    """fn(conn) on one of Datasette's connections to db, in its thread pool.  The engine also
    reads its vocabulary from db.path, so the file must be the connection's version before
    and after (serving.DatabaseReplaced if not)."""
    check = getattr(db, "check_unchanged", lambda: None)

    def run(conn):
        check()
        result = fn(conn)
        check()
        return result

    return await db.execute_fn(run)


# ----------------------------------------------------------------------------- a conversation

def limits(module):
    """(turns, characters): how many earlier questions a request may carry, and how long in all."""
    from ..api import MAX_HISTORY

    return getattr(module, "MAX_HISTORY_TURNS", MAX_HISTORY), getattr(module, "MAX_HISTORY_CHARS", 5000)


def within_limits(history, module):
    turns, characters = limits(module)
    return len(history) <= turns and sum(len(h) for h in history) <= characters


def converse(db_path, history, question, module, conn=None):
    """(turns, current): each earlier question answered in the light of the ones before it
    (an Answer or a Refusal each), and the current question's, as /-/ask.json answers it.

    The state is carried from turn to turn as cqbudget_db.ask.ask_in_conversation carries it
    (after a refusal, what the refusal kept, else what came before), so one pass gives every
    turn.  A history /-/ask.json would refuse (too long, an unusable question in it) gives
    turns None and that refusal.  question None: only the earlier turns.
    conn: a connection to db_path for the engine's queries (Datasette's, from the page).
    """
    from ..api import Refusal, respond

    if not within_limits(history, module):
        return None, respond(question or "", db_path, history=history, conn=conn)
    results, state = [], None
    for text in [*history, *([] if question is None else [question])]:
        result = respond(text, db_path, state=state, conn=conn)
        results.append(result)
        if result.state is not None:
            state = result.state
    earlier = results[:len(history)]
    if any(isinstance(result, Refusal) and result.status == "invalid" for result in earlier):
        return None, respond(question or "", db_path, history=history, conn=conn)
    return earlier, (results[-1] if question is not None else None)


def without_resolution(answer, resolved):
    """The sentence without the engine's leading “（它 → 社会救助专项）”: the page shows it apart."""
    if not resolved:
        return answer
    prefix = "（" + "；".join(f"{item['text']} → {item['meaning']}" for item in resolved) + "）"
    return answer[len(prefix):] if answer.startswith(prefix) and len(answer) > len(prefix) else answer


def turn_view(result):
    """An earlier turn as the page lists it: the question, what its references stood for and its
    answer sentence (or why it was not answered)."""
    data = result.to_dict()
    if "error" in data:
        return {"question": data["question"], "refused": True, "error": data["error"], "resolved": []}
    resolved = data.get("resolved") or []
    return {"question": data["question"], "refused": False, "resolved": resolved,
            "answer": without_resolution(data.get("answer") or "", resolved)}


def ask_href(datasette, history, question, path="/-/ask"):
    """/-/ask?history=…&history=…&q=…: the page (or the JSON) of a conversation at this turn."""
    query = [("history", h) for h in history] + ([] if question is None else [("q", question)])
    return datasette.urls.path(path + ("?" + urllib.parse.urlencode(query) if query else ""))


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


def view_model(datasette, question, status, payload, module, history=(), turns=()):
    """The template's context.  history: the earlier questions; turns: their turn_view()s, or
    None when the history itself was refused (payload says why)."""
    history = list(history)
    turns_shown = None if turns is None else [
        {**turn, "href": ask_href(datasette, history[:number], history[number])} for number, turn in enumerate(turns)]
    context = {"q": question, "examples": examples(module), "result": None, "error": None, "lang": "zh",
               "history": history, "turns": turns_shown or [], "history_error": None,
               "asked": question is not None or bool(history), "new_href": datasette.urls.path("/-/ask")}
    if turns is None:  # the conversation itself cannot go on: say why, offer a new one
        context.update(history_error=payload, turns=[], q=None, asked=True)
        return context
    context.update(_follow_up(datasette, history, question, status, payload, module))
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
    resolved = payload.get("resolved") or []
    context["result"] = {**payload, "headers": headers, "display_rows": rows, "params_shown": params,
                         "answer_shown": without_resolution(payload.get("answer") or "", resolved),
                         "sources_shown": sources[:SOURCES_SHOWN], "sources_more": sources[SOURCES_SHOWN:],
                         "sql_href": datasette.urls.path(payload.get("url") or "/cqbudget"),
                         "json_href": ask_href(datasette, history, question, "/-/ask.json")}
    return context


def _follow_up(datasette, history, question, status, payload, module):
    """The follow-up box's earlier questions (this one too, unless it was unusable), the link that
    reproduces the conversation, and whether one more question still fits the limits."""
    usable = question is not None and question.strip() and not (
        status == 400 and payload.get("status") == "invalid")
    carried = [*history, question.strip()] if usable else list(history)
    turns, characters = limits(module)
    return {"follow_up_history": carried if within_limits(carried, module) else [],
            "conversation_full": not within_limits(carried, module),
            "max_turns": turns, "max_chars": characters,
            "conversation_href": ask_href(datasette, carried[:-1], carried[-1]) if carried else None,
            "turn_count": len(carried)}


async def ask_page(datasette, request):
    question = request.args.get("q")
    history = request.args.getlist("history")
    module = _engine()
    if question is None and not history:
        status, payload, turns = None, None, []
    elif not history:  # one question: as /-/ask.json answers it (and remembers it)
        status, payload = await run_ask(datasette, question)
        turns = []
    else:
        db = datasette.get_database("cqbudget")
        try:
            turns, current = await on_connection(db, lambda conn: converse(db.path, history, question, module, conn))
        except serving.DatabaseReplaced:
            turns, current = [], None
            status, payload = 503, REPLACED
        except Exception:  # a bug, not the user's fault: say so without a traceback
            log.exception("ask page failed for %r (history %r)", question, history)
            turns, current = [], None
            status, payload = 500, {"error": "internal error while answering the question"}
        else:
            status, payload = (None, None) if current is None else (
                400 if "error" in (data := current.to_dict()) else 200, data)
            turns = None if turns is None else [turn_view(result) for result in turns]
    html = await datasette.render_template(
        "cqbudget_ask.html", view_model(datasette, question, status, payload, module, history, turns),
        request=request)
    return Response.html(html, status=500 if status == 500 else 200)


# ----------------------------------------------------------------------------- /-/ask.json

class BadRequest(Exception):
    """A request to /-/ask.json that cannot be read; the message says what to send instead."""


def _json_response(payload, status, headers=None):
    return Response(json.dumps(payload, ensure_ascii=False, default=str), status=status,
                    content_type="application/json; charset=utf-8", headers={**JSON_HEADERS, **(headers or {})})


def _invalid(question, message, module):
    """The unanswered shape (status "invalid") for a request that could not be read."""
    from ..api import Refusal

    return Refusal.from_error(module.QuestionError(message), question if isinstance(question, str) else "").to_dict()


async def _read_body(request, limit=MAX_BODY):
    body = b""
    while True:
        message = await request.receive()
        if message.get("type") == "http.disconnect":
            break
        body += message.get("body", b"")
        if len(body) > limit:
            raise BadRequest(f"The request body is larger than {limit // 1024} KB; send at most "
                             "the question and 20 earlier questions.")
        if not message.get("more_body"):
            break
    return body


def _from_form(body):
    try:
        fields = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("The form is not UTF-8.") from None
    unknown = sorted({name for name, _ in fields} - {"q", "history", "csrftoken"})
    if unknown:
        raise BadRequest(f"Unknown form field {unknown[0]!r}: send q (the question) and history "
                         "(each earlier question, oldest first).")
    questions = [value for name, value in fields if name == "q"]
    if len(questions) > 1:
        raise BadRequest("The form has more than one question: send one q and the earlier ones as history.")
    return (questions[0] if questions else ""), [value for name, value in fields if name == "history"]


EXAMPLE_BODY = '{"question": "它有哪些核心指标？", "history": ["社会救助专项的预算是多少？"]}'


def _from_json(body):
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest("The request body is not UTF-8 JSON.") from None
    except ValueError as error:
        raise BadRequest(f"The request body is not JSON ({error}); send {EXAMPLE_BODY} "
                         "with Content-Type: application/json.") from None
    if not isinstance(data, dict):
        raise BadRequest(f"The request body must be a JSON object such as {EXAMPLE_BODY}.")
    unknown = sorted(set(data) - BODY_KEYS)
    if unknown:
        raise BadRequest(f"Unknown key {unknown[0]!r} in the request body: send \"question\" and, for a "
                         "follow-up, \"history\" (the earlier questions, oldest first).")
    question = data.get("question")
    if question is None:
        raise BadRequest(f'The request body has no "question": send {EXAMPLE_BODY}.')
    if not isinstance(question, str):
        raise BadRequest(f'"question" must be a string, not {_json_type(question)}.')
    history = data.get("history")
    if history is None:
        history = []
    if not isinstance(history, list):
        raise BadRequest(f'"history" must be a list of the earlier questions (strings), oldest first, '
                         f"not {_json_type(history)}.")
    for number, item in enumerate(history, 1):
        if not isinstance(item, str):
            raise BadRequest(f'"history" item {number} must be a string (a question), not {_json_type(item)}.')
    return question, history


def _json_type(value):
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


async def read_request(request):
    """(question, history) from a GET's q and repeated history parameters, or from a POST's
    JSON object {"question", "history"} (or a form with the GET's fields); BadRequest if not."""
    if request.method in ("GET", "HEAD"):
        return request.args.get("q", ""), request.args.getlist("history")
    body = await _read_body(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        raise BadRequest("Send the question as JSON (Content-Type: application/json) or as a form "
                         "(application/x-www-form-urlencoded), not multipart/form-data.")
    if content_type == "application/x-www-form-urlencoded" and not body.lstrip().startswith(b"{"):
        return _from_form(body)   # (curl -d '{…}' says form-urlencoded: such a body is read as JSON)
    return _from_json(body)


async def ask_json(datasette, request):
    if request.method == "OPTIONS":   # a CORS preflight for a POST with a JSON body
        return Response("", status=204, headers=PREFLIGHT_HEADERS)
    if request.method not in ("GET", "HEAD", "POST"):
        module = _engine()
        return _json_response(_invalid("", f"{request.method} is not allowed: use GET or POST.", module), 405,
                              {"allow": ALLOWED_METHODS})
    try:
        question, history = await read_request(request)
    except BadRequest as error:
        return _json_response(_invalid("", str(error), _engine()), 400)
    status, payload = await run_ask(datasette, question, history)
    return _json_response(payload, status)


ROUTES = [(r"^/-/ask$", ask_page), (r"^/-/ask\.json$", ask_json)]
