"""Every table cqbudget prints, in one place: tabulate lays it out, wcwidth measures it.

CJK characters take two terminal columns (wcwidth), so Chinese lines up.  A
result table (lang "zh" or "en") has its columns labelled from the metric
registry in the question's language, with the unit in the header, and its
amounts written by cqbudget_db.amounts; a raw SQL table (lang None) keeps the
column names the SQL gave.

    >>> print(table(["name", "total"], [["城市提升专项", 369379.0]], lang="zh"))
    专项            预算（万元）
    ------------  --------------
    城市提升专项      369,379.00
"""

import re

import tabulate as _tabulate
from wcwidth import wcswidth, wcwidth

from . import amounts, metrics

_tabulate.WIDE_CHARS_MODE = True  # wcwidth, not len(), measures every cell
_tabulate.PRESERVE_WHITESPACE = False

MAX_CELL = 40
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def display_width(text):
    """Terminal columns text takes (CJK two each); control characters count as one."""
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(ch), 1) for ch in text)


def truncate(text, width=MAX_CELL):
    """text cut to at most width terminal columns, ending in … when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def language(result):
    """The language a result should be labelled in: the question's (zh when it has Chinese)."""
    lang = (result.get("state") or {}).get("lang") if isinstance(result.get("state"), dict) else None
    if lang in ("zh", "en"):
        return lang
    return "zh" if _CJK.search(str(result.get("question") or "")) else "en"


def header(column, lang):
    """预算（万元） / budget (万元): the registry's label with the unit; the name itself when lang is None."""
    if lang is None:
        return column
    text, unit = metrics.label(column, lang), metrics.unit(column)
    if not unit:
        return text
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def cell(value, column=None, lang=None, width=MAX_CELL):
    """One value as text: amounts in 万元 as printed, percentages with %, long text cut."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and lang is not None and metrics.unit(column) == "万元":
        return amounts.wan(value)
    if isinstance(value, float):
        return amounts.decimals(amounts.number(value))
    if isinstance(value, int):
        return amounts.wan(value) if lang is not None and metrics.unit(column) == "万元" else str(value)
    return truncate(str(value).replace("\n", " "), width)


def _numeric(rows, index):
    values = [row[index] for row in rows if row[index] is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def table(columns, rows, lang=None, markdown=False, width=MAX_CELL):
    """Columns and rows as an aligned text table (numbers right-aligned), or a Markdown one.

    lang "zh"/"en" labels the columns from the registry and writes amounts as 万元;
    lang None keeps the columns' own names (the `cqbudget sql` command)."""
    headers = [header(column, lang) for column in columns]
    cells = [[cell(value, column, lang, width) for value, column in zip(row, columns)] for row in rows]
    if markdown:
        headers = [text.replace("|", "\\|") for text in headers]
        cells = [[text.replace("|", "\\|") for text in row] for row in cells]
    align = ["right" if _numeric(rows, i) else "left" for i in range(len(columns))]
    return _tabulate.tabulate(cells, headers=headers, tablefmt="github" if markdown else "simple",
                              colalign=align, disable_numparse=True)


def result_table(result, limit=None, markdown=False):
    """An ask() result's rows as a table labelled in the question's language; with limit, the
    first rows and a line saying how many more there are."""
    rows = result.get("rows") or []
    shown = rows if limit is None else rows[:limit]
    text = table(result.get("columns") or [], shown, lang=language(result), markdown=markdown)
    if len(shown) < len(rows):
        more = len(rows) - len(shown)
        text += (f"\n… 另有 {more} 行" if language(result) == "zh" else f"\n… {more} more rows")
    return text


def report(headers, rows, align=None):
    """A plain report table (the evaluation's): rows may include SEPARATOR lines."""
    return _tabulate.tabulate(rows, headers=headers, tablefmt="simple", colalign=align, disable_numparse=True)


SEPARATOR = _tabulate.SEPARATING_LINE
