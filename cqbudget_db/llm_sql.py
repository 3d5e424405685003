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
import math
import pathlib
import re
import sqlite3
import urllib.parse

from .errors import CqbudgetError
from .guard import DEFAULT_MAX_ROWS, DEFAULT_TIME_LIMIT, GuardError, _authorizer, check_sql, \
    connect_readonly, run_query
from .schema import COLUMN_DOCS, TABLES, VIEWS

PROJECT_ROOT = pathlib.Path(__file__).resolve().parent.parent
QUESTIONS_FILE = PROJECT_ROOT / "evaluation" / "questions.yaml"
MAX_RETRIES = 2
EXAMPLE_COUNT = 12
ROWS_SHOWN_TO_MODEL = 30
ROWS_IN_TEMPLATE = 5


class ModelCallError(CqbudgetError):
    """The model could not be found or called (unknown id, missing key, network)."""


# ---------------------------------------------------------------- the prompt

KNOWN_TABLES = set(TABLES) | set(VIEWS) | {"search_index_fts"}

_TABLE_DOCS = {
    "document": "one row describing the source document: title, year (2024), counts, the totals it "
                "states in 亿元 (stated_total_yi, stated_city_spend_yi, stated_district_subsidy_yi), "
                "and how many reconciliation checks passed/failed",
    "departments": "the 35 主管部门: name (the full catalog name, as in funds.department), "
                   "short_name (e.g. 市教委), english_name",
    "department_aliases": "every other way to write a department (short names, abbreviations, "
                          "English) → departments.name; join it to resolve what a user wrote",
    "funds": "one row per key special fund (专项资金), 82 rows; amounts in 万元",
    "indicators": "the performance indicators (绩效指标) of each fund's table, 769 rows",
    "data_checks": "reconciliation checks run at build time (status 'pass' or 'fail')",
    "search_index": "every searchable text: kind is 'name', 'overview', 'goal' or 'indicator'; "
                    "fund_seq → funds.seq; indicator_id → indicators.id for kind 'indicator'",
}

_EXTRA_COLUMN_DOCS = {
    "document": {"stated_total_yi": "合计 as stated in the document, 亿元",
                 "checks_failed": "number of failed checks (0 for a good build)"},
    "data_checks": {"status": "'pass' or 'fail'", "expected": "value the document states",
                    "actual": "value computed from the rows"},
    "search_index": {"kind": "'name', 'overview', 'goal' or 'indicator'",
                     "text": "the searchable text"},
}

_TYPE_NAMES = {int: "INTEGER", float: "REAL", str: "TEXT"}

_RULES = """\
Rules for the SQL you write:
- Write exactly one SQLite SELECT statement (a WITH … SELECT is fine) inside one ```sql fenced block.
  Never write INSERT, UPDATE, DELETE, DROP, CREATE, ATTACH or PRAGMA: the database is read-only.
- Use only the tables and views listed above (not sqlite_master).
- Amounts are REAL in 万元 (ten thousand yuan); 1 亿元 = 10,000 万元. Convert a user's 亿元
  to 万元 in the WHERE clause (10亿元 → 100000), and add round(x / 10000.0, 2) columns for 亿元.
- funds.department holds the full catalog name (e.g. 重庆市教育委员会). For a department the user
  names in another way (教委, 市教委, Education Commission), join department_aliases
  (alias → department) or use the full name from the department list above.
- When the rows are funds, return funds.seq and funds.name too, so the answer can cite them.
- Return only the columns the question needs, and at most 50 rows unless the question asks for all.
- Full-text search: search_index_fts MATCH '职业教育' for terms of 3 or more characters;
  for shorter terms use search_index_fts.text LIKE '%教育%' (or LIKE on funds/indicators columns)."""


def _departments_text(db_path):
    """One line per department: full name (short; English): aliases."""
    try:
        conn = connect_readonly(db_path)
    except GuardError:
        return ""
    try:
        rows = conn.execute(
            "select d.name, d.short_name, d.english_name, "
            "(select group_concat(a.alias, ' | ') from department_aliases a "
            " where a.department = d.name and a.alias not in (d.name, d.short_name, d.english_name)) "
            "from departments d order by d.name").fetchall()
    except sqlite3.Error:
        return ""
    finally:
        conn.close()
    lines = [f"- {name} ({short}; {english}): {aliases or ''}".rstrip(": ")
             for name, short, english, aliases in rows]
    return "\n".join(lines)


def schema_text(db_path=None):
    """The database described for a model: tables, columns with descriptions and units, views,
    and (when a database is given) the departments with their aliases."""
    parts = ["SQLite database of 重庆市 2024 年市级重点专项预算绩效 — Chongqing's 2024 municipal key "
             "special funds and their performance targets. All amounts are REAL in 万元 "
             "(10,000 yuan); 1 亿元 = 10,000 万元.", ""]
    for table, spec in TABLES.items():
        pk = spec.get("pk")
        parts.append(f"TABLE {table} — {_TABLE_DOCS.get(table, '')}")
        docs = {**_EXTRA_COLUMN_DOCS.get(table, {}), **COLUMN_DOCS.get(table, {})}
        for column, kind in spec["columns"].items():
            line = f"  {column} {_TYPE_NAMES.get(kind, 'TEXT')}"
            if column == pk:
                line += " PRIMARY KEY"
            for fk_column, other, other_column in spec.get("foreign_keys", []):
                if fk_column == column:
                    line += f" → {other}.{other_column}"
            if column in docs:
                line += f" — {docs[column]}"
            parts.append(line)
        parts.append("")
    parts.append("TABLE search_index_fts — FTS5 full-text index (tokenize='trigram') over "
                 "search_index(text); columns text, kind, fund_seq, indicator_id; "
                 "rowid = search_index.id")
    parts.append("")
    for view, sql in VIEWS.items():
        parts.append(f"VIEW {view} AS {' '.join(sql.split())}")
        parts.append("")
    if db_path is not None:
        departments = _departments_text(db_path)
        if departments:
            parts.append("Departments (funds.department = the full name; short name; English name: "
                         "other aliases):")
            parts.append(departments)
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


# Used when evaluation/questions.yaml is missing; every one runs on the built database.
BUILTIN_EXAMPLES = [
    {"id": "builtin-1", "category": "ranking", "lang": "zh", "question": "预算最多的三个专项是哪些？",
     "sql": "select seq, name, department, total, round(total / 10000.0, 2) as total_yi\n"
            "from funds order by total desc limit 3"},
    {"id": "builtin-2", "category": "threshold", "lang": "en",
     "question": "Which funds have a budget over 2 billion yuan (20亿元)?",
     "sql": "select seq, name, total, round(total / 10000.0, 2) as total_yi\n"
            "from funds where total > 200000 order by total desc"},
    {"id": "builtin-3", "category": "department", "lang": "zh", "question": "市教委有哪些专项，各多少钱？",
     "sql": "select f.seq, f.name, f.total\nfrom funds f\n"
            "join department_aliases a on a.department = f.department\n"
            "where a.alias = '市教委' order by f.total desc"},
    {"id": "builtin-4", "category": "aggregate", "lang": "en",
     "question": "What is the total of all funds, and how much goes to district subsidies?",
     "sql": "select count(*) as fund_count, round(sum(total), 2) as total,\n"
            "  round(sum(district_subsidy), 2) as district_subsidy,\n"
            "  round(sum(total) / 10000.0, 2) as total_yi from funds"},
    {"id": "builtin-5", "category": "department", "lang": "en",
     "question": "Which department has the largest total budget?",
     "sql": "select department, department_short, fund_count, total, total_yi\n"
            "from department_totals order by total desc limit 1"},
    {"id": "builtin-6", "category": "indicator", "lang": "zh", "question": "城市提升专项有哪些核心指标？",
     "sql": "select i.name, i.op, i.target_text, i.unit, i.weight\nfrom indicators i\n"
            "join funds f on f.seq = i.fund_seq\n"
            "where f.name = '城市提升专项' and i.is_core = 1 order by i.position"},
    {"id": "builtin-7", "category": "search", "lang": "zh", "question": "哪些专项提到职业教育？",
     "sql": "select distinct f.seq, f.name\nfrom search_index_fts s\n"
            "join funds f on f.seq = s.fund_seq\n"
            "where search_index_fts match '职业教育' order by f.seq"},
    {"id": "builtin-8", "category": "share", "lang": "en",
     "question": "Which funds give more than 90% of their money to districts?",
     "sql": "select seq, name, total, district_subsidy, district_share_pct\n"
            "from fund_summary where district_share_pct > 90 order by district_share_pct desc"},
    {"id": "builtin-9", "category": "count", "lang": "zh", "question": "一共有多少个定性指标？",
     "sql": "select count(*) as qualitative_indicators from indicators where op = '定性'"},
    {"id": "builtin-10", "category": "lookup", "lang": "en",
     "question": "Who is the contact for the social assistance fund (社会救助专项)?",
     "sql": "select seq, name, contact, phone from funds where name like '%社会救助%'"},
]

_PARAM = re.compile(r"(?<![:\w]):[A-Za-z_]\w*")


def _load_yaml_examples(path):
    try:
        import yaml
        data = yaml.safe_load(pathlib.Path(path).read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - a broken file must not break `ask -m`: use the built-ins
        return []
    if isinstance(data, dict):
        data = data.get("questions") or data.get("items") or []
    if not isinstance(data, list):
        return []
    examples = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        sql, question = entry.get("sql"), entry.get("question")
        if not isinstance(sql, str) or not isinstance(question, str) or not sql.strip():
            continue
        if _PARAM.search(sql):  # parameterised SQL is no example for a model
            continue
        examples.append({"id": str(entry.get("id", "")), "category": str(entry.get("category") or ""),
                         "lang": str(entry.get("lang") or ""), "question": question.strip(),
                         "sql": sql.strip()})
    return examples


def select_examples(examples, count=EXAMPLE_COUNT):
    """A diverse, deterministic handful: round-robin over the categories (sorted); within a
    category the first entry (by id) in the category's turn of language (alternating over the
    sorted categories), then the first in another language, then the rest."""
    by_category = {}
    for example in sorted(examples, key=lambda e: (e["category"], _id_key(e["id"]))):
        by_category.setdefault(example["category"], []).append(example)
    languages = sorted({e["lang"] for e in examples}) or [""]
    queues = []
    for index, category in enumerate(sorted(by_category)):
        entries = by_category[category]
        preferred = languages[index % len(languages)]
        first = next((e for e in entries if e["lang"] == preferred), entries[0])
        other = next((e for e in entries if e["lang"] != first["lang"]), None)
        ordered = [first] + ([other] if other is not None else [])
        ordered += [e for e in entries if e is not first and e is not other]
        queues.append(ordered)
    chosen = []
    depth = 0
    while len(chosen) < count and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth < len(queue) and len(chosen) < count:
                chosen.append(queue[depth])
        depth += 1
    return chosen


def _id_key(value):
    # "q2" before "q10"
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(value))]


def worked_examples(path=None, count=EXAMPLE_COUNT):
    path = QUESTIONS_FILE if path is None else pathlib.Path(path)
    examples = _load_yaml_examples(path) if path.exists() else []
    return select_examples(examples or BUILTIN_EXAMPLES, count)


def system_prompt(db_path, examples=None):
    """The system prompt: role, schema, rules, departments and worked examples."""
    examples = worked_examples() if examples is None else examples
    lines = ["You answer questions about a Chongqing budget document by writing SQLite SQL. "
             "Questions come in Chinese or English.", "", schema_text(db_path), _RULES, "",
             "Worked examples (they show only the essential columns; when the rows are funds, "
             "also return seq and name):"]
    for example in examples:
        lines += ["", f"Question: {example['question']}", "```sql", example["sql"], "```"]
    lines += ["", "Reply with the SQL only, in one ```sql block. After the query has run you will be "
                  "shown its rows and asked for a one-sentence answer."]
    return "\n".join(lines)


# ---------------------------------------------------------------- extracting SQL

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)(?:```|\Z)", re.S)
_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.S | re.I)
_STATEMENT_START = re.compile(
    r"(?im)^[ \t]*(?:with\s+(?:recursive\s+)?[\w\"]+\s*(?:\([^)]*\))?\s+as\s*\(|"
    r"(?:select|values|insert|update|delete|drop|create|alter|attach|detach|pragma|replace|"
    r"vacuum|reindex)\b)")
_INLINE_SELECT = re.compile(r"(?is)\bselect\b.+?\bfrom\b")
_SQL_START_WORDS = re.compile(r"(?is)^\s*(--[^\n]*\n\s*)*(with|select|values|insert|update|delete|"
                              r"drop|create|alter|attach|pragma|replace)\b")


def strip_reasoning(text):
    return _THINK.sub("", text or "")


def extract_sql(text):
    """The SQL in a model's reply: the first ```sql block, else the first fenced block that
    starts like SQL, else a bare statement (up to its semicolon or a blank line); None if none."""
    text = strip_reasoning(text)
    fences = _FENCE.findall(text)
    for language, body in fences:
        if language.lower() in ("sql", "sqlite", "sqlite3") and body.strip():
            return body.strip()
    for _language, body in fences:
        if _SQL_START_WORDS.match(body):
            return body.strip()
    match = _STATEMENT_START.search(text) or _INLINE_SELECT.search(text)
    if not match:
        return None
    return _statement_from(text[match.start():]) or None


def _statement_from(text):
    """From the start of a statement to its end: the first ; outside quotes, else a blank line."""
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"`":
            quote = char
        elif char == ";":
            # keep what follows only if it is another statement (so it is refused, not dropped)
            rest = text[index + 1:]
            follow = _SQL_START_WORDS.match(rest.split("\n\n", 1)[0])
            return (text[:index + 1] + (rest.split("\n\n", 1)[0] if follow else "")).strip()
    return re.split(r"\n[ \t]*\n", text, 1)[0].strip().rstrip("`").strip()


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


# ---------------------------------------------------------------- checking numbers

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![0-9])"
    r"\s*(亿元|亿|千万元|千万|百万元|百万|万元|万|元|%|percent|billion|million|bn|yuan)?",
    re.I)
_UNIT_IN_WAN = {"亿元": 10000.0, "亿": 10000.0, "千万元": 1000.0, "千万": 1000.0,
                "百万元": 100.0, "百万": 100.0, "万元": 1.0, "万": 1.0, "元": 0.0001,
                "billion": 100000.0, "bn": 100000.0, "million": 100.0, "yuan": 0.0001}
ALWAYS_ALLOWED = (0.0, 1.0, 2024.0)


def numbers_in(text):
    """(value, decimals, unit) for every Arabic number in text; thousands separators allowed."""
    text = (text or "").translate(_FULLWIDTH)
    found = []
    for match in _NUMBER.finditer(text):
        whole, fraction, unit = match.group(1), match.group(2), match.group(3)
        value = float(whole.replace(",", "") + ("." + fraction if fraction else ""))
        found.append((value, len(fraction or ""), (unit or "").lower() or None))
    return found


def allowed_numbers(columns, rows, sql=""):
    """Every number an answer may quote: the cells, numbers inside text cells, the row count,
    the numeric literals of the query that produced the rows (a threshold, a LIMIT), and a few
    constants. Not the question's numbers: "Are there 83 funds?" must not license "83"."""
    allowed = set(ALWAYS_ALLOWED) | {float(len(rows))}
    for row in rows:
        for cell in row:
            if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                if not (isinstance(cell, float) and math.isnan(cell)):
                    allowed.add(abs(float(cell)))
            elif isinstance(cell, str):
                allowed.update(value for value, _d, _u in numbers_in(cell))
    allowed.update(value for value, _d, _u in numbers_in(sql or ""))
    return allowed


def _number_ok(value, decimals, unit, allowed):
    tolerance = 0.5 * 10 ** -decimals + 1e-9
    scale = _UNIT_IN_WAN.get(unit)
    for a in allowed:
        candidates = [a, a / 10000.0, a * 10000.0]
        if unit in ("%", "percent"):
            candidates.append(a * 100.0)
        if scale:
            candidates.append(a / scale)            # a in 万元, written in the sentence's unit
            candidates.append(a * 10000.0 / scale)  # a in 亿元 (the *_yi columns)
        for candidate in candidates:
            if abs(value - candidate) <= tolerance:
                return True
    return False


def unsupported_numbers(sentence, columns, rows, sql=""):
    """The figures in sentence that the rows (and the query's own literals) do not support;
    an empty list means the sentence is fine."""
    allowed = allowed_numbers(columns, rows, sql)
    bad = []
    for value, decimals, unit in numbers_in(sentence):
        if not _number_ok(value, decimals, unit, allowed):
            bad.append(_format_plain(value, decimals) + (unit or ""))
    return bad


def _format_plain(value, decimals):
    return f"{value:.{decimals}f}"


# ---------------------------------------------------------------- templated answers

def is_chinese(text):
    """Chinese unless English words outnumber the Chinese characters (names and 亿元 aside)."""
    text = text or ""
    chinese = len(re.findall(r"[\u3400-\u9fff]", text))
    english = len(re.findall(r"[A-Za-z]{2,}", text))
    return chinese > 0 and chinese >= 2 * english


def format_number(value):
    """Up to 2 decimals, thousands separators, no trailing zeros."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


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
        text = format_number(value)
        if unit == "万元":
            text += " 万元"
            if abs(value) >= 10000:
                text += f" ({format_number(round(value / 10000.0, 2))} 亿元)"
        elif unit == "亿元":
            text += " 亿元"
        elif unit == "%":
            text += "%"
        return text
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
    return "/cqbudget?" + urllib.parse.urlencode({"sql": sql})


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
