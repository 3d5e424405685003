"""The `llm` plugin: the offline engine as the model `cqbudget`, and the `CqbudgetSQL` toolbox.

    llm -m cqbudget "哪些专项超过10亿元？"
    llm -m cqbudget -o db path/to/cqbudget.db "Which department has the most money?"
    llm -m gpt-4o-mini -T CqbudgetSQL "市教委的专项一共多少亿元？"
    llm -m gpt-4o-mini -T 'CqbudgetSQL("path/to/cqbudget.db")' "…"

The database is the `db` option or argument, else $CQBUDGET_DB, else
./cqbudget.db where there is one, else the per-user copy built from the
packaged document (cqbudget_db.database says how).  Declared in pyproject.toml
as [project.entry-points.llm] cqbudget = "cqbudget_db.llm_plugin"; installed
with `llm install cqbudget` (or `llm install -e .` in a checkout).
"""

import inspect
import json
from typing import Optional

import llm
from pydantic import Field

from .errors import CqbudgetError

TOOL_MAX_ROWS = 200
TABLE_ROWS = 10


def resolve_db_path(db_path=None):
    """The checked database (see cqbudget_db.database); DatabaseError when it is unusable."""
    from .database import locate

    return locate(db_path)


# ---------------------------------------------------------------- the offline model

def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        from .llm_sql import format_number

        return format_number(value)
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "…"


def markdown_table(columns, rows, limit=TABLE_ROWS):
    if not columns:
        return ""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows[:limit]:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    if len(rows) > limit:
        lines.append(f"({limit} of {len(rows)} rows shown)")
    return "\n".join(lines)


def format_result(result):
    """The answer sentence, the rows as a small table, the notes and the SQL."""
    blocks = [result.get("answer") or ""]
    table = markdown_table(result.get("columns") or [], result.get("rows") or [])
    if table and result.get("rows"):
        blocks.append(table)
    notes = result.get("notes") or []
    if isinstance(notes, str):
        notes = [notes]
    if result.get("truncated") and not any("row limit" in note or "cut" in note for note in notes):
        notes = [*notes, "The result was cut at the row limit."]
    if notes:
        blocks.append("\n".join(f"Note: {note}" for note in notes))
    if result.get("sql"):
        blocks.append("SQL:\n" + result["sql"].strip())
    return "\n\n".join(block for block in blocks if block)


class Cqbudget(llm.Model):
    """The offline question engine: no network, no key, deterministic SQL."""

    model_id = "cqbudget"
    can_stream = False
    supports_conversation = True

    class Options(llm.Options):
        db: Optional[str] = Field(
            description="Path to the cqbudget SQLite database (default: $CQBUDGET_DB, else "
                        "./cqbudget.db if there is one, else the per-user copy)",
            default=None,
        )

    def execute(self, prompt, stream, response, conversation=None):
        """Answer the prompt; a follow-up (llm -c, llm chat) is read in the light of the dialogue
        state the previous response stored in its response_json.  When llm reloads a conversation
        from its logs without those responses (llm -c in a new process), the earlier questions
        of the conversation are asked again to rebuild the state."""
        from .ask import answer, ask_in_conversation

        question = (prompt.prompt or "").strip()
        if not question:
            raise llm.ModelError("cqbudget: the question is empty")
        try:
            db_path = resolve_db_path(prompt.options.db)
            state = previous_state(conversation)
            history = [] if state else previous_questions(conversation)
            if history:
                result = ask_in_conversation(question, history[-20:], db_path)
            else:
                result, state = answer(question, db_path, state=state)
        except CqbudgetError as error:
            if hasattr(error, "to_dict"):
                # Unanswerable: the message and its suggestions are the reply
                response.response_json = _jsonable({**error.to_dict(), "state": getattr(error, "state", None)})
                yield str(error)
                return
            raise llm.ModelError(f"cqbudget: {error}")
        response.response_json = _jsonable(result)
        yield format_result(result)


def previous_questions(conversation):
    """The user's earlier questions in a conversation llm reloaded from its logs."""
    questions = []
    for message in getattr(conversation, "loaded_messages", None) or []:
        if getattr(message, "role", None) != "user":
            continue
        text = "".join(getattr(part, "text", "") or "" for part in getattr(message, "parts", []))
        if text.strip():
            questions.append(text.strip())
    return questions


def previous_state(conversation):
    """The dialogue state of the conversation's last answer, from its logged response_json."""
    for earlier in reversed(getattr(conversation, "responses", None) or []):
        data = getattr(earlier, "response_json", None)
        if isinstance(data, dict) and data.get("state"):
            return data["state"]
    return None


def _jsonable(value):
    try:
        return json.loads(json.dumps(value, ensure_ascii=False, default=str))
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- the toolbox

class CqbudgetSQL(llm.Toolbox):
    """Read-only SQL over cqbudget.db: Chongqing's 2024 municipal key special funds (重庆市 2024 年
    市级重点专项预算绩效). Call schema() first, then query(sql)."""

    def __init__(self, db_path: Optional[str] = None):
        self._db_path = db_path
        self._resolved = None

    def _db(self):
        if self._resolved is None:
            self._resolved = resolve_db_path(self._db_path)
        return self._resolved

    def schema(self) -> str:
        """The database: tables and columns with descriptions and units (amounts are in 万元,
        1 亿元 = 10,000 万元), views, the departments with their aliases, and example queries.
        Call this before writing SQL."""
        from .llm_prompt import BUILTIN_EXAMPLES, _RULES, schema_text, select_examples

        try:
            text = schema_text(self._db())
        except CqbudgetError as error:
            return f"Error: {error}"
        examples = select_examples(BUILTIN_EXAMPLES, 6)
        lines = [text, _RULES.replace("inside one ```sql fenced block", "passed to query()"), "",
                 "Example queries:"]
        for example in examples:
            lines += [f"-- {example['question']}", example["sql"] + ";", ""]
        return "\n".join(lines)

    def query(self, sql: str) -> str:
        """Run one read-only SQLite SELECT statement on the database and return JSON:
        {"columns": [...], "rows": [[...], ...], "row_count": n, "truncated": bool}.
        Amounts are in 万元. Only SELECT (or WITH … SELECT) on the known tables is allowed; the
        query is stopped after a time limit and at most 200 rows are returned. On a problem the
        reply starts with "Error:" and says what to fix."""
        from .guard import GuardError
        from .llm_sql import run_model_sql

        try:
            result = run_model_sql(self._db(), sql, max_rows=TOOL_MAX_ROWS)
        except (GuardError, CqbudgetError) as error:
            return f"Error: {error}"
        data = {"columns": result.columns, "rows": result.rows, "row_count": len(result.rows),
                "truncated": result.truncated}
        if result.truncated:
            data["note"] = f"cut at the row limit of {TOOL_MAX_ROWS} rows; narrow the query"
        if not result.rows:
            data["note"] = "the query ran and matched no rows"
        return json.dumps(data, ensure_ascii=False, default=str)


# llm sends docstrings to the model as the tools' descriptions: without the source's indentation
for _method in (CqbudgetSQL.schema, CqbudgetSQL.query):
    _method.__doc__ = inspect.cleandoc(_method.__doc__)


# ---------------------------------------------------------------- hooks

@llm.hookimpl
def register_models(register):
    register(Cqbudget())


@llm.hookimpl
def register_tools(register):
    register(CqbudgetSQL)
