"""What a model said, checked: the SQL taken out of its reply, and every figure in its
sentence found in the result rows (万元 ↔ 亿元, rounding and counts allowed).
"""

import math
import re


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


