"""The prompt for a model that writes SQL: the schema with descriptions and units, the
departments and their aliases, the rules, and worked examples from the evaluation set.
"""

import pathlib
import re
import sqlite3

from .guard import GuardError, connect_readonly
from .resources import QUESTIONS
from .schema import COLUMN_DOCS, TABLES, VIEWS

EXAMPLE_COUNT = 12


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


# Used when the packaged questions.yaml is missing; every one runs on the built database.
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
    path = QUESTIONS if path is None else pathlib.Path(path)
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


