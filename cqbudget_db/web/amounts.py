"""Datasette cells of the cqbudget database: amounts written the one way, long text folded.

Amounts (the total, city_spend, district_subsidy columns, top_funds' amount and any
aggregate of them such as average_total) show 万元 as the document prints them and 亿元
beside them (cqbudget_db.amounts; no 亿元 for zero); *_yi columns show 亿元 and *_pct
columns a percentage.  A row that is a fund (it has seq, or fund_seq) links to the
fund_card canned query from its amounts and its name; a department row
(department_totals) links to department_funds; a seq in a query result links to the
fund's row page.  Long text (a fund's overview and goal, …) is wrapped so that table
pages show its first lines (cqbudget.css) and the row page shows all of it.
"""

import urllib.parse

from markupsafe import Markup, escape

from .. import amounts, metrics

FUND_TABLES = {None, "funds", "fund_summary"}  # None: canned queries and SQL results
LONG_TEXT = 60  # characters; longer text is folded on table and query pages


def is_amount(column):
    return column == "amount" or metrics.unit(column) == "万元"


def is_percent(column):
    """*_pct columns and the registry's shares (a weight stays the plain number printed)."""
    return column.endswith("_pct") or (metrics.unit(column) == "%" and metrics.split_column(column)[1] != "weight")


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _get(row, key):
    try:
        return row[key] if key in row.keys() else None
    except (AttributeError, IndexError, KeyError, TypeError):
        return None


def card_link(datasette, database, table, row):
    seq = _get(row, "seq") if table in FUND_TABLES else None
    if seq is None and table in (None, "indicators"):
        seq = _get(row, "fund_seq")
    if isinstance(seq, int):
        return datasette.urls.path(f"/{database}/fund_card?" + urllib.parse.urlencode({"fund": seq}))
    department = _get(row, "department")
    if table in (None, "department_totals") and isinstance(department, str):
        return datasette.urls.path(
            f"/{database}/department_funds?" + urllib.parse.urlencode({"department": department}))
    return None


def amount_html(value):
    """<span class="cq-wan">369,379.00 万元</span> <span class="cq-yi">(36.94 亿元)</span>."""
    html = f'<span class="cq-wan">{amounts.wan(value)} 万元</span>'
    aside = amounts.reading(value, "zh")
    if aside:
        html += f' <span class="cq-yi">({aside})</span>'
    return html


def long_text_html(value, href=None):
    more = f' <a class="cq-more" href="{escape(href)}">全文 ›</a>' if href else ""
    return f'<div class="cq-long" tabindex="0">{escape(value)}</div>{more}'


def render_cell(row, value, column, table, database, datasette):
    if database != "cqbudget":
        return None
    if column == "seq" and table is None and isinstance(value, int) and not isinstance(value, bool):
        href = datasette.urls.path(f"/{database}/funds/{value}")
        return Markup(f'<a href="{escape(href)}" title="专项详情 / fund row">{value}</a>')
    if column in ("name", "fund") and isinstance(value, str) and table in FUND_TABLES:
        href = card_link(datasette, database, table, row) if _get(row, "seq") is not None else None
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>') if href else None
    if isinstance(value, str) and len(value) > LONG_TEXT:
        seq = _get(row, "seq")
        href = (datasette.urls.path(f"/{database}/funds/{seq}")
                if table == "funds" and isinstance(seq, int) else None)
        return Markup(long_text_html(value, href))
    if not _number(value):
        return None
    if column.endswith("_yi"):
        return Markup(f'<span class="cq-wan">{amounts.decimals(value)} 亿元</span>')
    if is_percent(column):
        return Markup(f'<span class="cq-pct">{amounts.percent(value)}</span>')
    if not is_amount(column):
        return None
    html = amount_html(value)
    href = card_link(datasette, database, table, row)
    if href:
        html = f'<a class="cq-card" href="{escape(href)}" title="专项卡片 / fund card">{html}</a>'
    return Markup(html)
