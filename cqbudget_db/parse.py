"""Parse the performance-targets document: text in, plain dicts out.

Pure: no sqlite, no click.  Every line of the document is either placed
(catalog row, table field, indicator row, contact, known boilerplate, blank)
or rejected with a ParseError that names it.

Damage is refused, not guessed around: lines longer than any line of the
document, control characters, a statement, title or date line missing or
given twice, tables out of catalog order, anything after a table's 联系电话
line, phone numbers that are not 8-digit landlines or 11-digit mobiles, and
weights outside (0, 100].  Every regular expression here is anchored or starts
with a literal and has bounded repetition, and lines are capped at
MAX_LINE_CHARS, so parsing time is linear in the size of the file.
docs/damage.md lists the damage that cannot be detected.
"""

import html
import re

from .errors import ParseError

TABLE_TITLE = "2024 年市级重点专项资金绩效目标表（一级项目）"
CATALOG_TITLE = "2024 年市级重点专项资金目录"

# Operators as printed, including the LaTeX and ASCII scars of the PDF conversion.
OPERATORS = {
    "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<", "定性": "定性",
    "＝": "=", "＞": ">", "＜": "<", ">=": "≥", "<=": "≤", "==": "=",
    "\\geq": "≥", "\\leq": "≤", "\\ge": "≥", "\\le": "≤", "\\gt": ">", "\\lt": "<",
}
CORE_FLAGS = {"是": 1, "否": 0}

DOCUMENT_YEAR = 2024  # the year TABLE_TITLE and CATALOG_TITLE name
MAX_LINE_CHARS = 10_000  # the document's longest line has 1,166 characters

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SEQ_LINE = re.compile(r"^序号[:：]\s*(\d+)\s*$")
# The 编制说明 statement, read piece by piece (each piece starts with a literal
# and is searched from the end of the previous one, so the work is linear).
_STATEMENT_COUNT = re.compile(r"共提交\s*(\d{1,4})\s*个重点专项")
_STATEMENT_AMOUNTS = [(label, re.compile(label + r"\s*(\d{1,6}(?:\.\d{1,4})?)\s*亿元"))
                      for label in ("资金", "市级支出", "补助区县")]
_TITLE = re.compile(r"^重庆市\s*(\d{4})\s*年市级重点专项预算绩效\s*$")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$")
_TAG = re.compile(r"<[^<>]*>")
_FUNDS_HEADER = re.compile(r"^序号\t专项资金名称\t主管部门名称")
# Characters no line of the document has: C0/C1 controls other than tab, a BOM or
# zero-width mark inside the text, U+FFFD (text that was mis-decoded), line separators.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff\ufffd]")
# The shapes of the document's phone numbers: 8-digit landlines, 11-digit mobiles.
_PHONE = re.compile(r"^(\d{8}|1[3-9]\d{9})$")
# Contact people: two to four Han characters (a middle dot for some minority names).
_CONTACT = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}$")


def parse_number(text, lineno, what):
    """'10,066.00' -> 10066.0; raise ParseError naming the line otherwise."""
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.match(cleaned):
        raise ParseError(lineno, f"{what}: {text!r} is not a number")
    return float(cleaned.replace(",", ""))


def number_or_none(text):
    cleaned = text.strip().replace(" ", "").replace(",", "")
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", cleaned):
        return float(cleaned)
    return None


def normalize_operator(text, lineno):
    key = text.strip().replace("$", "").replace(" ", "")
    if key not in OPERATORS:
        raise ParseError(lineno, f"unknown operator {text!r} in indicator row")
    return OPERATORS[key]


def clean_text(text):
    """Strip HTML (closed or not), keep paragraphs as lines, collapse spaces."""
    text = re.sub(r"</p>\s*<p>", "\n", text)
    text = re.sub(r"<li[^<>]*>", "\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def cells(line):
    return [c.strip() for c in line.split("\t")]


def parse_document(text):
    """Parse the whole document.

    Returns {"document": {...}, "catalog": [...], "catalog_total": {...},
    "funds": [...], "indicators": [...]}; funds carry their catalog seq.
    """
    if "\x00" in text:
        raise ParseError(text[:text.index("\x00")].count("\n") + 1,
                         "a NUL byte: the file is binary, not the text of the document")
    if not text.strip():
        raise ParseError(1, "the document is empty")
    text = normalize_newlines(text)
    lines = text.split("\n")
    check_lines(lines)
    document = _parse_front_matter(lines)
    document["line_count"] = text.count("\n") + (0 if text.endswith("\n") else 1)
    catalog_start = _find(lines, lambda l: l.strip() == CATALOG_TITLE, "the fund catalog title")
    first_table = _find(lines, lambda l: l.strip() == TABLE_TITLE or _SEQ_LINE.match(l.strip()),
                        "the first performance-goal table")
    catalog, catalog_total = _parse_catalog(lines, catalog_start + 1, first_table)
    tables = _parse_tables(lines, first_table)
    funds, indicators = _match_tables(tables, catalog)
    return {
        "document": document,
        "catalog": catalog,
        "catalog_total": catalog_total,
        "funds": funds,
        "indicators": indicators,
    }


def normalize_newlines(text):
    """CRLF (Windows) and lone CR (old Mac) line ends become LF; a CR left inside
    a line of an LF file is refused by check_lines as a control character."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if "\n" not in text:
        text = text.replace("\r", "\n")
    return text


def check_lines(lines):
    """Refuse over-long lines and characters the document never has, before any
    regular expression looks at the text."""
    for lineno, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise ParseError(lineno, f"the line is {len(line):,} characters long; no line of the "
                                     f"document is longer than {MAX_LINE_CHARS:,} (damaged file?)")
        if m := _FORBIDDEN_CHARACTER.search(line):
            raise ParseError(lineno, f"character U+{ord(m.group()):04X} at column {m.start() + 1}: "
                                     f"the document has no control or invisible characters (damaged file?)")


def _find(lines, predicate, what):
    for index, line in enumerate(lines):
        if predicate(line):
            return index
    raise ParseError(len(lines), f"{what} was not found: is this the key-funds document?")


def _parse_front_matter(lines):
    """Title, date and 编制说明 statement: each exactly once before the catalog title."""
    document = {"title": None, "year": None, "date": None, "statement": None}
    seen = {}
    catalog_line = len(lines)
    for lineno, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped == CATALOG_TITLE:
            catalog_line = lineno
            break
        if m := _TITLE.match(stripped):
            _once(seen, "title", lineno)
            document["title"] = re.sub(r"\s+", " ", stripped)
            document["year"] = int(m.group(1))
            if document["year"] != DOCUMENT_YEAR:
                raise ParseError(lineno, f"the title names {document['year']}, but the catalog and "
                                         f"tables are for {DOCUMENT_YEAR}")
        elif m := _DATE.match(stripped):
            _once(seen, "date", lineno)
            year, month = int(m.group(1)), int(m.group(2))
            if year != DOCUMENT_YEAR or not 1 <= month <= 12:
                raise ParseError(lineno, f"the date line {stripped!r} is not a month of {DOCUMENT_YEAR}")
            document["date"] = f"{year:04d}-{month:02d}"
        elif "共提交" in stripped:
            _once(seen, "statement", lineno)
            document["statement"] = parse_statement(stripped, lineno)
    for key, what in (("title", "no title line '重庆市 2024 年市级重点专项预算绩效'"),
                      ("date", "no date line such as '2024 年 1 月'"),
                      ("statement", "no 编制说明 statement of the fund count and totals ('共提交 … 亿元')")):
        if document[key] is None:
            raise ParseError(catalog_line, f"{what} before the fund catalog (truncated or damaged document?)")
    return document


def _once(seen, key, lineno):
    if key in seen:
        raise ParseError(lineno, f"a second {key} line (the first is line {seen[key]})")
    seen[key] = lineno


def parse_statement(line, lineno):
    """'… 共提交 82 个重点专项 … 资金 396.87 亿元，其中，市级支出 228.93 亿元，补助区县 167.94 亿元。'"""
    m = _STATEMENT_COUNT.search(line)
    if not m:
        raise ParseError(lineno, "the 编制说明 statement must say '共提交 N 个重点专项'")
    statement = {"fund_count": int(m.group(1)), "line": lineno}
    position = m.end()
    for (label, pattern), key in zip(_STATEMENT_AMOUNTS, ("total_yi", "city_spend_yi", "district_subsidy_yi")):
        m = pattern.search(line, position)
        if not m:
            raise ParseError(lineno, f"the 编制说明 statement must give '{label} N 亿元' after the fund count "
                                     f"(资金, then 市级支出, then 补助区县)")
        statement[key] = float(m.group(1))
        position = m.end()
    return statement


def _parse_catalog(lines, start, end):
    catalog, total = [], None
    for index in range(start, end):
        lineno, line = index + 1, lines[index]
        row = cells(line)
        filled = [c for c in row if c]
        if not filled or line.strip() == "单位：万元" or _FUNDS_HEADER.match(line):
            continue
        if filled[:1] == ["小 计"] or filled == ["小 计", "市级支出", "补助区县"] or \
                (filled and filled[0].replace(" ", "") == "小计"):
            continue
        if filled[0].replace(" ", "") == "合计":
            if total is not None:
                raise ParseError(lineno, f"a second 合计 row (the first is line {total['source_line']})")
            amounts = [c for c in row[1:] if c]
            if len(amounts) != 3:
                raise ParseError(lineno, "the 合计 row must have three amounts")
            total = dict(zip(("total", "city_spend", "district_subsidy"),
                             (parse_number(a, lineno, "合计") for a in amounts)))
            total["source_line"] = lineno
            continue
        if row[0].isdigit():
            if len(row) < 4 or not row[1] or not row[2]:
                raise ParseError(lineno, "catalog row needs 序号, name, department and amounts")
            amounts = (row[3:6] + ["", "", ""])[:3]
            if any(c for c in row[6:]):
                raise ParseError(lineno, "catalog row has more than three amounts")
            if not amounts[0]:
                raise ParseError(lineno, "catalog row has no 小计 amount")
            total_, city, district = (
                parse_number(a, lineno, "catalog amount") if a else 0.0 for a in amounts)
            catalog.append({
                "seq": int(row[0]), "name": row[1], "department": row[2],
                "total": total_, "city_spend": city, "district_subsidy": district,
                "source_line": lineno,
            })
            continue
        raise ParseError(lineno, f"unexpected line in the fund catalog: {line.strip()[:40]!r}")
    if total is None:
        raise ParseError(start, "the catalog has no 合计 row")
    if not catalog:
        raise ParseError(start, "the catalog lists no funds")
    seqs = [row["seq"] for row in catalog]
    if seqs != list(range(1, len(seqs) + 1)):
        bad = next(r for i, r in enumerate(catalog, 1) if r["seq"] != i)
        raise ParseError(bad["source_line"], f"catalog 序号 {bad['seq']} is out of order")
    return catalog, total


class _Table:
    def __init__(self, start_line, printed_seq):
        self.start_line = start_line
        self.printed_seq = printed_seq
        self.fields = {}
        self.indicators = []

    def set(self, key, value, lineno):
        if key in self.fields:
            raise ParseError(lineno, f"second {key} in the table that starts at line {self.start_line}")
        self.fields[key] = value


def _parse_tables(lines, start):
    tables, current, pending_seq = [], None, None
    for index in range(start, len(lines)):
        lineno, raw = index + 1, lines[index]
        line = raw.strip()
        if not line or line == "单位：万元":
            continue
        if m := _SEQ_LINE.match(line):
            pending_seq = (int(m.group(1)), lineno)
            continue
        if line == TABLE_TITLE:
            seq, seq_line = pending_seq or (None, lineno)
            current = _Table(seq_line, seq)
            tables.append(current)
            pending_seq = None
            continue
        if current is None or pending_seq is not None:
            raise ParseError(lineno, f"line outside a performance-goal table: {line[:40]!r}")
        _parse_table_line(current, raw, lineno)
    if pending_seq is not None:
        raise ParseError(pending_seq[1], "序号 line with no table after it (truncated document?)")
    for table in tables:
        _check_complete(table)
    return tables


def _amount_after(row, label, lineno):
    position = row.index(label)
    values = [c for c in row[position + 1:] if c]
    # A 市级支出 cell on the 当年预算 line has nothing to its right but its own value.
    if len(values) > 1:
        raise ParseError(lineno, f"more than one amount after {label}")
    return parse_number(values[0], lineno, label) if values else 0.0


def _parse_table_line(table, raw, lineno):
    row = cells(raw)
    filled = [c for c in row if c]
    head = filled[0].replace(" ", "")
    if "phone" in table.fields:  # 联系电话 closes a table: a damaged or cut file shows here
        raise ParseError(lineno, f"line after the 联系电话 line of the table that starts at line "
                                 f"{table.start_line}: {raw.strip()[:40]!r}")
    if head == "项目名称":
        if len(filled) != 4 or filled[2] != "主管部门":
            raise ParseError(lineno, "项目名称 line must read 项目名称, name, 主管部门, department")
        table.set("table_name", filled[1], lineno)
        table.set("table_department", filled[3], lineno)
        table.set("name_line", lineno, lineno)
    elif head == "当年预算":
        if "市级支出" not in row or not filled[1:2] or filled[1] == "市级支出":
            raise ParseError(lineno, "当年预算 line must give the budget and a 市级支出 cell")
        table.set("total", parse_number(filled[1], lineno, "当年预算"), lineno)
        table.set("city_spend", _amount_after(row, "市级支出", lineno), lineno)
        table.set("amount_line", lineno, lineno)
    elif filled[0] == "补助区县" and row[0] == "":
        table.set("district_subsidy", _amount_after(row, "补助区县", lineno), lineno)
    elif head in ("项目概况", "当年绩效目标"):
        key = "overview" if head == "项目概况" else "goal"
        text = clean_text(" ".join(filled[1:]))
        if not text:
            raise ParseError(lineno, f"{head} is empty")
        table.set(key, text, lineno)
    elif line_is_indicator_header(filled):
        table.fields["in_indicators"] = True
    elif head.startswith("联系人") or head.startswith("联系电话"):
        key = "contact" if head.startswith("联系人") else "phone"
        value = re.split(r"[:：]", raw.strip(), maxsplit=1)
        if len(value) != 2 or not value[1].strip():
            raise ParseError(lineno, f"{key} line without a value")
        table.set(key, _contact_value(key, value[1].strip(), table, lineno), lineno)
    else:
        if not table.fields.get("in_indicators"):
            raise ParseError(lineno, f"unexpected line in the table that starts at line "
                                     f"{table.start_line}: {raw.strip()[:40]!r}")
        if "contact" in table.fields:
            raise ParseError(lineno, f"unexpected line after the 联系人 line of the table that starts at "
                                     f"line {table.start_line}: {raw.strip()[:40]!r}")
        table.indicators.append(_parse_indicator(filled, lineno))


def _contact_value(key, value, table, lineno):
    """The 联系人 (a name) then the 联系电话 (a phone number of the document's shapes)."""
    if key == "contact":
        if not _CONTACT.match(value):
            raise ParseError(lineno, f"联系人 {value!r} is not a name of two to four Chinese characters")
        return value
    if "contact" not in table.fields:
        raise ParseError(lineno, f"联系电话 line before the 联系人 line of the table that starts at line "
                                 f"{table.start_line}")
    if not _PHONE.match(value):
        raise ParseError(lineno, f"联系电话 {value!r} is neither an 8-digit landline nor an 11-digit mobile "
                                 f"number (truncated document?)")
    return value


def line_is_indicator_header(filled):
    values = [c for c in filled if c != "绩效指标"]
    return values[:2] == ["指标名称", "指标性质"]


def _parse_indicator(filled, lineno):
    if filled and filled[0] == "绩效指标":
        filled = filled[1:]
    if len(filled) != 6:
        raise ParseError(lineno, f"indicator row needs 6 cells (name, 指标性质, 指标值, 计量单位, "
                                 f"权重, 是否核心), found {len(filled)}")
    name, op_text, value_text, unit, weight_text, core_text = filled
    op = normalize_operator(op_text, lineno)
    if core_text not in CORE_FLAGS:
        raise ParseError(lineno, f"是否核心 must be 是 or 否, found {core_text!r}")
    value = None if op == "定性" else number_or_none(value_text)
    if op != "定性" and value is None:
        raise ParseError(lineno, f"指标值 {value_text!r} is not a number for operator {op}")
    weight = parse_number(weight_text, lineno, "指标权重")
    if not 0 < weight <= 100:
        raise ParseError(lineno, f"指标权重 {weight_text} is not a percentage in (0, 100]")
    return {
        "name": name,
        "op": op,
        "op_printed": op_text,
        "target_value": value,
        "target_text": value_text,
        "unit": unit,
        "weight": weight,
        "is_core": CORE_FLAGS[core_text],
        "source_line": lineno,
    }


REQUIRED_FIELDS = ("table_name", "total", "district_subsidy", "overview", "goal", "contact", "phone")


def _check_complete(table):
    for key in REQUIRED_FIELDS:
        if key not in table.fields:
            raise ParseError(table.start_line, f"the table that starts here has no {key} "
                                               f"(truncated or damaged table?)")
    if not table.indicators:
        raise ParseError(table.start_line, "the table that starts here has no indicator rows")


def names_overlap(a, b):
    """Same name, or one contains the other (污染防治专项 in 环境污染防治专项)."""
    return a == b or (len(a) >= 4 and len(b) >= 4 and (a in b or b in a))


def _same_amounts(table, entry):
    return all(abs(table.fields[k] - entry[k]) < 0.005
               for k in ("total", "city_spend", "district_subsidy"))


def _match_tables(tables, catalog):
    """Give every table its catalog seq.

    A printed 序号 is taken as is.  A table whose 序号 line was lost gets the
    seq after the previous table's, accepted only if that catalog entry has the
    same or an overlapping name or the same three amounts (seq_basis says which).
    """
    by_seq = {entry["seq"]: entry for entry in catalog}
    funds, indicators, used, previous = [], [], set(), 0
    for table in tables:
        if table.printed_seq is not None:
            seq, basis = table.printed_seq, "printed 序号"
            if seq not in by_seq:
                raise ParseError(table.start_line, f"序号 {seq} is not in the catalog")
            if seq <= previous and seq not in used:
                raise ParseError(table.start_line, f"the table for fund {seq} comes after the table for "
                                                   f"fund {previous}: the tables are out of catalog order")
        else:
            seq = previous + 1
            entry = by_seq.get(seq)
            if entry is None:
                raise ParseError(table.start_line, "table without 序号 after the last catalog fund")
            if table.fields["table_name"] == entry["name"]:
                basis = "order, same name as catalog"
            elif names_overlap(table.fields["table_name"], entry["name"]):
                basis = "order, name overlaps catalog"
            elif _same_amounts(table, entry):
                basis = "order, same amounts as catalog"
            else:
                raise ParseError(table.start_line, f"table without 序号 ({table.fields['table_name']}) "
                                                   f"does not match catalog fund {seq} ({entry['name']})")
        if seq in used:
            raise ParseError(table.start_line, f"second table for fund {seq}")
        used.add(seq)
        previous = seq
        fields = table.fields
        funds.append({
            "seq": seq,
            "seq_basis": basis,
            "table_name": fields["table_name"],
            "table_department": fields["table_department"],
            "table_total": fields["total"],
            "table_city_spend": fields["city_spend"],
            "table_district_subsidy": fields["district_subsidy"],
            "overview": fields["overview"],
            "goal": fields["goal"],
            "contact": fields["contact"],
            "phone": fields["phone"],
            "source_line": table.start_line,
            "amount_line": fields["amount_line"],
        })
        for position, row in enumerate(table.indicators, 1):
            indicators.append({"fund_seq": seq, "position": position, **row})
    missing = sorted(set(by_seq) - used)
    if missing:
        entry = by_seq[missing[0]]
        raise ParseError(entry["source_line"], f"catalog fund {entry['seq']} ({entry['name']}) has "
                                               f"no performance-goal table (truncated document?)")
    funds.sort(key=lambda f: f["seq"])
    return funds, indicators
