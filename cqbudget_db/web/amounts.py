"""Amount cells: 万元 figures also show 亿元, and link to the fund's card.

Applies to the total, city_spend, district_subsidy (and top_funds' amount) columns of any table,
view, canned query or SQL result.  A row that is a fund (it has seq, or
fund_seq) links to the fund_card canned query, from its amounts and its
name; a department row (department_totals) links to department_funds; and a
seq in a query result links to the fund's row page (overview, goal, indicators).
"""

import urllib.parse

from markupsafe import Markup, escape

AMOUNT_COLUMNS = {"total", "city_spend", "district_subsidy", "amount"}
FUND_TABLES = {None, "funds", "fund_summary"}  # None: canned queries and SQL results


def wan(value):
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def yi(value):
    return f"{value / 10000:,.4f}".rstrip("0").rstrip(".")


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


def render_cell(row, value, column, table, database, datasette):
    if database != "cqbudget":
        return None
    if column == "seq" and table is None and isinstance(value, int) and not isinstance(value, bool):
        href = datasette.urls.path(f"/{database}/funds/{value}")
        return Markup(f'<a href="{escape(href)}" title="专项详情 / fund row">{value}</a>')
    if column in ("name", "fund") and isinstance(value, str) and table in FUND_TABLES:
        href = card_link(datasette, database, table, row) if _get(row, "seq") is not None else None
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>') if href else None
    if column not in AMOUNT_COLUMNS or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    html = (f'<span class="cq-wan">{wan(value)} 万元</span> '
            f'<span class="cq-yi">({yi(value)} 亿元)</span>')
    href = card_link(datasette, database, table, row)
    if href:
        html = f'<a class="cq-card" href="{escape(href)}" title="专项卡片 / fund card">{html}</a>'
    return Markup(html)
