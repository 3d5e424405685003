"""Answer a question with any model that `llm` knows: the model writes the SQL, the code owns the numbers.

The pipeline, for `cqbudget ask -m gpt-4o-mini …` and for the fallback model:

1. prompt: the schema with descriptions and units, the departments and
   their aliases, and worked examples (from evaluation/questions.yaml when
   it exists) go in the system prompt; the question is the first turn;
2. the model's SQL is taken from a fenced ```sql block (or a bare SELECT),
   checked (one read-only SELECT on the known tables) and run through
   cqbudget_db.guard on a read-only connection with a time limit and a row
   cap; an error goes back to the model, in the same llm conversation, for
   up to two retries;
3. the model may write the answer sentence, but every figure in it must
   appear in the result rows (allowing 万元 ↔ 亿元, rounding and counts);
   otherwise the templated sentence is used;
4. the result says which of three things happened: rows ("ok"), the query
   ran and matched nothing ("empty": the document does not contain it), or
   no query could be run ("failed").

`llm` itself is imported only inside the functions that talk to a model,
so importing this module stays cheap.
"""

import json
import pathlib
import sqlite3

from . import amounts
from .engine.understand import language
from .errors import CqbudgetError
from .guard import DEFAULT_MAX_ROWS, DEFAULT_TIME_LIMIT, GuardError, _authorizer, check_sql, \
    connect_readonly, run_query
from .llm_checks import extract_sql, strip_reasoning, unsupported_numbers
from .llm_prompt import KNOWN_TABLES, system_prompt

MAX_RETRIES = 2
ROWS_SHOWN_TO_MODEL = 30
ROWS_IN_TEMPLATE = 5


class ModelCallError(CqbudgetError):
    """The model could not be found or called (unknown id, missing key, network)."""


# ---------------------------------------------------------------- running SQL

def _schema_names(conn):
    """The names in the schema; and the FTS5 table constructed once, before the stricter
    authorizer below goes on (constructing it reads sqlite_master, which that one refuses)."""
    conn.execute("select rowid from search_index_fts where search_index_fts match 'zzz' limit 0")
    return {name.lower() for (name,) in conn.execute("select name from sqlite_master")}


def connect_for_model(db_path, denied=None):
    """A read-only connection whose authorizer also refuses the tables outside the known schema
    (sqlite_master and friends); CTE names and the FTS5 index's own tables stay readable."""
    conn = connect_readonly(db_path)
    hidden = _schema_names(conn) - KNOWN_TABLES
    denied = [] if denied is None else denied

    def authorizer(action, arg1, arg2, db_name, trigger):
        if action == sqlite3.SQLITE_READ and trigger is None and arg1:
            name = arg1.lower()
            if name.startswith("sqlite_") or (name in hidden and not name.startswith("search_index_fts")):
                denied.append(arg1)
                return sqlite3.SQLITE_DENY
        return _authorizer(action, arg1, arg2, db_name, trigger)

    conn.set_authorizer(authorizer)
    return conn


def run_model_sql(db_path, sql, time_limit=DEFAULT_TIME_LIMIT, max_rows=DEFAULT_MAX_ROWS):
    """Check and run SQL a model wrote; QueryResult, or GuardError with a message for the model."""
    check_sql(sql)
    denied = []
    conn = connect_for_model(db_path, denied)
    try:
        return run_query(db_path, sql, time_limit=time_limit, max_rows=max_rows, conn=conn)
    except GuardError as error:
        if denied:
            raise GuardError(f"the query reads {denied[0]}, which is not one of the database's "
                             f"tables; use only: {', '.join(sorted(KNOWN_TABLES))}")
        if "not authorized" in str(error):
            raise GuardError("the query tried to do something other than read, and was refused")
        raise
    finally:
        conn.close()


# ---------------------------------------------------------------- templated answers

def is_chinese(text):
    """The question's language, decided the same way as the offline engine decides it."""
    return language(text or "") == "zh"


def format_number(value):
    """Up to 2 decimals, thousands separators, no trailing zeros (cqbudget_db.amounts.count)."""
    if isinstance(value, bool):
        return str(int(value))
    return amounts.count(value)


def _column_unit(column):
    name = column.lower()
    if name.endswith("_yi") or "亿" in name:
        return "亿元"
    if name.endswith("pct") or "share" in name or "percent" in name or name == "weight":
        return "%"
    if "count" in name or name in ("seq", "fund_seq", "id", "position", "is_core", "source_line",
                                    "catalog_line", "line", "year"):
        return ""
    if any(word in name for word in ("total", "spend", "subsidy", "amount", "budget", "sum",
                                     "万元", "money")):
        return "万元"
    return ""


def _format_cell(column, value):
    if value is None:
        return "—"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        unit = _column_unit(column)
        if unit == "万元":
            aside = amounts.reading(value)
            return f"{amounts.wan(value)} 万元" + (f" ({aside})" if aside else "")
        if unit == "亿元":
            return f"{amounts.decimals(value)} 亿元"
        if unit == "%":
            return amounts.percent(value)
        return format_number(value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _label_index(columns, rows):
    for preferred in ("name", "department", "department_short"):
        if preferred in columns:
            return columns.index(preferred)
    for index, _column in enumerate(columns):
        if rows and isinstance(rows[0][index], str):
            return index
    return None


def template_answer(question, columns, rows, truncated=False, max_rows=DEFAULT_MAX_ROWS):
    """A plain sentence built from the rows only, in the question's language."""
    zh = is_chinese(question)
    if not rows:
        return ("查询已运行，但文件中没有符合条件的记录（0 行）。" if zh else
                "The query ran, but the document has no matching rows (0 rows).")
    label = _label_index(columns, rows)

    def describe(row):
        cells = [f"{column} {_format_cell(column, value)}" for i, (column, value)
                 in enumerate(zip(columns, row)) if i != label]
        if label is None:
            return ("，" if zh else ", ").join(cells)
        head = _format_cell(columns[label], row[label])
        if not cells:
            return head
        return f"{head}（{'，'.join(cells)}）" if zh else f"{head} ({', '.join(cells)})"

    if len(rows) == 1 and len(columns) == 1:
        value = _format_cell(columns[0], rows[0][0])
        sentence = f"查询结果：{columns[0]} 为 {value}。" if zh else f"The result: {columns[0]} is {value}."
    else:
        shown = "；".join(describe(r) for r in rows[:ROWS_IN_TEMPLATE]) if zh else \
            "; ".join(describe(r) for r in rows[:ROWS_IN_TEMPLATE])
        count = f"{len(rows)}+" if truncated else str(len(rows))
        if zh:
            sentence = f"查询返回 {count} 行：{shown}"
            sentence += f"；等（共 {count} 行）。" if len(rows) > ROWS_IN_TEMPLATE else "。"
        else:
            sentence = f"The query returned {count} row{'s' if len(rows) != 1 else ''}: {shown}"
            sentence += f"; … ({count} rows in all)." if len(rows) > ROWS_IN_TEMPLATE else "."
    if truncated:
        sentence += (f" 结果超过 {max_rows} 行，只保留了前 {max_rows} 行。" if zh else
                     f" The result was cut at the row limit of {max_rows} rows.")
    return sentence


def failed_answer(question, error):
    if is_chinese(question):
        return f"查询失败：{error}。这不说明文件中没有相关内容，只是没能运行出有效的查询。"
    return (f"The query failed: {error}. This does not mean the document lacks the answer; "
            "no working query could be run.")


# ---------------------------------------------------------------- the pipeline

def datasette_url(sql):
    from .ask import permalink

    return permalink(sql)


def sources_for(db_path, columns, rows, limit=20):
    """{"seq", "name", "line"} for the funds the rows mention: by a seq or fund_seq column,
    else by a name column holding fund names."""
    key = next((c for c in ("seq", "fund_seq", "name") if c in columns), None)
    if key is None:
        return []
    index = columns.index(key)
    wanted = []
    for row in rows:
        value = row[index]
        if isinstance(value, (int, str)) and not isinstance(value, bool) and value not in wanted:
            wanted.append(value)
        if len(wanted) >= limit:
            break
    if not wanted:
        return []
    try:
        conn = connect_readonly(db_path)
    except GuardError:
        return []
    column = "name" if key == "name" else "seq"
    try:
        marks = ",".join("?" * len(wanted))
        found = {row[0 if column == "seq" else 1]: row for row in conn.execute(
            f"select seq, name, source_line from funds where {column} in ({marks})", wanted)}
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return [{"seq": found[v][0], "name": found[v][1], "line": found[v][2]} for v in wanted if v in found]


def _rows_for_prompt(columns, rows, truncated, max_rows):
    shown = rows[:ROWS_SHOWN_TO_MODEL]
    lines = [f"The query returned {len(rows)}{'+' if truncated else ''} row(s)."]
    if truncated:
        lines.append(f"The result was cut at the row limit of {max_rows} rows.")
    lines.append("Columns: " + ", ".join(columns))
    lines.append("Rows (JSON" + (f", the first {len(shown)}" if len(shown) < len(rows) else "") + "):")
    lines.append(json.dumps(shown, ensure_ascii=False, default=str))
    return "\n".join(lines)


def _sentence_request(question, columns, rows, truncated, max_rows):
    language = "Chinese" if is_chinese(question) else "English"
    return (_rows_for_prompt(columns, rows, truncated, max_rows) + "\n\n"
            f"Now answer the question in one or two sentences, in {language}, using only numbers "
            "that appear in these rows (amounts are in 万元; you may give them in 亿元, dividing by "
            "10000, rounded to 2 decimals). Do not compute new totals. Reply with the sentence only, "
            "no SQL.")


def _clean_sentence(text):
    text = strip_reasoning(text).strip()
    if not text or "```" in text:
        return None
    return text


def start_conversation(model_id):
    """An llm conversation with the model, for `cqbudget chat` (pass it to answer_with_model)."""
    return _get_model(model_id).conversation()


def _get_model(model_id):
    import llm

    try:
        return llm.get_model(model_id)
    except llm.UnknownModelError as error:
        raise ModelCallError(f"unknown model {model_id!r} ({error.args[0] if error.args else error}); "
                             "`llm models` lists the models, and `llm install llm-ollama` (for "
                             "example) adds more")


def _ask_model(conversation, text, system=None, log=False):
    import llm

    try:
        response = conversation.prompt(text, system=system)
        reply = response.text()
        if log:
            _log_response(response)
        return reply
    except llm.NeedsKeyException as error:
        raise ModelCallError(f"model {conversation.model.model_id} needs an API key: {error} "
                             "(set one with `llm keys set …` or its environment variable)")
    except CqbudgetError:
        raise
    except Exception as error:  # network, quota, plugin bugs: all the user can act on
        raise ModelCallError(f"model {conversation.model.model_id} failed: {error}")


def _log_response(response):
    """Record a response in llm's logs.db (`llm logs` shows it), unless `llm logs off`."""
    import llm
    import sqlite_utils
    from llm.migrations import migrate

    if (llm.user_dir() / "logs-off").exists():
        return
    db = sqlite_utils.Database(llm.user_dir() / "logs.db")
    try:
        migrate(db)
        response.log_to_db(db)
    finally:
        db.close()


def answer_with_model(question, db_path, model_id=None, *, conversation=None,
                      time_limit=DEFAULT_TIME_LIMIT, max_rows=DEFAULT_MAX_ROWS,
                      max_retries=MAX_RETRIES, examples=None, model_sentence=True, log=False):
    """Answer question with an llm model writing the SQL; the dict has the shape of ask()'s.

    Keys: question, model, sql, columns, rows, answer, sources, url, truncated, notes (a list
    of sentences), and status: "ok" (rows), "empty" (the query ran and matched nothing: the
    document does not contain it) or "failed" (no query could be run; answer says why).
    conversation: an llm Conversation (start_conversation()) to carry a chat's history;
    log=True records every exchange in llm's logs.db. Raises ModelCallError when the model
    cannot be found or called.
    """
    question = (question or "").strip()
    if not question:
        raise CqbudgetError("the question is empty")
    if conversation is None and model_id in (None, "cqbudget"):
        raise ModelCallError("cqbudget is the offline engine, not a model that writes SQL: "
                             "choose an llm model (`llm models` lists them)")
    if conversation is None:
        conversation = _get_model(model_id).conversation()
    model = conversation.model
    db_path = pathlib.Path(db_path)
    if not db_path.exists():
        raise CqbudgetError(f"{db_path}: no such database (run `cqbudget build` first)")

    system = None if conversation.responses else system_prompt(db_path, examples)
    notes = []
    reply = _ask_model(conversation, question, system=system, log=log)
    sql, result, error = None, None, None
    for attempt in range(max_retries + 1):
        sql = extract_sql(reply)
        if sql is None:
            error = "the reply contained no SQL query"
            feedback = ("I could not find a SQL query in your reply. Reply with exactly one SQLite "
                        "SELECT statement in a ```sql fenced block.")
        else:
            try:
                result = run_model_sql(db_path, sql, time_limit=time_limit, max_rows=max_rows)
                break
            except GuardError as guard_error:
                error = str(guard_error)
                feedback = (f"That query failed: {error}\nReply with a corrected query: one "
                            "read-only SQLite SELECT statement in a ```sql fenced block.")
        notes.append(f"Attempt {attempt + 1}: {error}.")
        if attempt < max_retries:
            reply = _ask_model(conversation, feedback, log=log)

    answer_data = {"question": question, "model": model.model_id, "sql": sql, "columns": [],
                   "rows": [], "answer": None, "sources": [], "url": None, "truncated": False,
                   "notes": notes, "status": None}
    if result is None:
        answer_data.update(status="failed", answer=failed_answer(question, error),
                           url=datasette_url(sql) if sql else None)
        notes.append(f"The query failed after {max_retries + 1} attempts; this is not the same as "
                     "the document not containing the answer.")
        return answer_data

    if notes:
        notes.append(f"The model corrected its query on attempt {len(notes) + 1}.")
    columns, rows = result.columns, result.rows
    answer_data.update(sql=result.sql, columns=columns, rows=rows, truncated=result.truncated,
                       url=datasette_url(result.sql),
                       sources=sources_for(db_path, columns, rows))
    if result.truncated:
        notes.append(f"The result was cut at the row limit of {max_rows} rows.")
    if not rows:
        answer_data.update(status="empty", answer=template_answer(question, columns, rows))
        notes.append("The query ran and matched no rows: the document does not contain this.")
        return answer_data

    answer = template_answer(question, columns, rows, result.truncated, max_rows)
    if model_sentence:
        sentence = _clean_sentence(_ask_model(
            conversation, _sentence_request(question, columns, rows, result.truncated, max_rows),
            log=log))
        if sentence is None:
            notes.append("The model gave no usable answer sentence; the templated answer is used.")
        else:
            bad = unsupported_numbers(sentence, columns, rows, result.sql)
            if bad:
                notes.append("The model's sentence had numbers that are not in the result ("
                             + ", ".join(bad) + "); the templated answer is used instead.")
            else:
                answer = sentence
                if result.truncated and str(max_rows) not in sentence:
                    answer += (f"（结果超过 {max_rows} 行，只保留了前 {max_rows} 行。）"
                               if is_chinese(question) else
                               f" (The result was cut at the row limit of {max_rows} rows.)")
    answer_data.update(status="ok", answer=answer)
    return answer_data
