"""The dashboard: /-/dashboard (Vega-Lite charts) and /-/dashboard.json (their data).

Filters: department (full name, short name or any alias) and the fund's total
in 亿元 (min_yi, max_yi).  The page works without JavaScript as a form; the
charts are drawn by static/cqbudget-dashboard.js with the vendored Vega
scripts, so nothing is fetched from a CDN.  Amounts reach the page already written
by cqbudget_db.amounts (the summary sentence, each bar's *_text), so the charts say
them the way the rest of the site does.
"""

import json
import math

from datasette.utils.asgi import Response
from markupsafe import Markup

from .. import amounts

TOP_N = 15

RESOLVE_SQL = """
select department from department_aliases where alias = :d collate nocase
union select name from departments where :d in (name, short_name) or english_name = :d collate nocase
"""
FUNDS = "from funds f join departments d on d.name = f.department\n"
WHERE = """where (:department is null or f.department = :department)
  and f.total >= :min_wan and (:max_wan is null or f.total <= :max_wan)
"""
AMOUNTS = ("total", "city_spend", "district_subsidy")
QUERIES = {
    "departments": """select d.short_name as department_short, f.department, count(*) as fund_count,
  round(sum(f.total) / 10000.0, 4) as total_yi, round(sum(f.city_spend) / 10000.0, 4) as city_spend_yi,
  round(sum(f.district_subsidy) / 10000.0, 4) as district_subsidy_yi,
  sum(f.total) as total, sum(f.city_spend) as city_spend, sum(f.district_subsidy) as district_subsidy
""" + FUNDS + WHERE + "group by f.department order by sum(f.total) desc",
    "largest_funds": """select f.seq, f.name, d.short_name as department_short,
  round(f.total / 10000.0, 4) as total_yi, round(f.city_spend / 10000.0, 4) as city_spend_yi,
  round(f.district_subsidy / 10000.0, 4) as district_subsidy_yi,
  f.total, f.city_spend, f.district_subsidy
""" + FUNDS + WHERE + f"order by f.total desc, f.seq limit {TOP_N}",
    "indicator_types": """select i.op, case when i.is_core then '核心 core' else '非核心 other' end as core,
  count(*) as count
from indicators i join funds f on f.seq = i.fund_seq
""" + WHERE + "group by i.op, i.is_core order by i.op, i.is_core desc",
    "summary": """select count(*) as fund_count, round(coalesce(sum(f.total), 0) / 10000.0, 4) as total_yi,
  round(coalesce(sum(f.city_spend), 0) / 10000.0, 4) as city_spend_yi,
  round(coalesce(sum(f.district_subsidy), 0) / 10000.0, 4) as district_subsidy_yi,
  coalesce(sum(f.total), 0) as total, coalesce(sum(f.city_spend), 0) as city_spend,
  coalesce(sum(f.district_subsidy), 0) as district_subsidy
""" + FUNDS + WHERE,
}


def _with_text(row):
    """The row with each amount also written for a reader (total_text: 36.94 亿元), by cqbudget_db.amounts;
    the 万元 amounts rounded to the document's two decimals."""
    for column in AMOUNTS:
        if column in row:
            row[column] = amounts.number(row[column])
            row[column + "_text"] = f"{amounts.yi(row[column])} 亿元"
    return row


def summary_text(summary):
    """82 个专项，合计 396.88 亿元：市级支出 228.93 亿元，补助区县 167.94 亿元。"""
    if not summary["fund_count"]:
        return "没有符合筛选条件的专项。No funds match the filters."
    return (f"{summary['fund_count']} 个专项，合计 {amounts.yi(summary['total'])} 亿元："
            f"市级支出 {amounts.yi(summary['city_spend'])} 亿元，补助区县 {amounts.yi(summary['district_subsidy'])} 亿元。")


class FilterError(ValueError):
    pass


def _amount(args, name):
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # also nan and inf, which float() accepts
        raise FilterError(f"{name} must be a number of 亿元, not {text!r}")
    if value < 0 or value > 1e6:
        raise FilterError(f"{name} must be between 0 and 1000000 亿元")
    return value


async def dashboard_data(datasette, args):
    """The charts' data for the given filters; FilterError for unusable filters."""
    db = datasette.get_database("cqbudget")
    wanted = (args.get("department") or "").strip()
    department = None
    if wanted:
        found = [row[0] for row in (await db.execute(RESOLVE_SQL, {"d": wanted})).rows]
        if len(set(found)) != 1:
            raise FilterError(f"unknown department: {wanted}")
        department = found[0]
    min_yi, max_yi = _amount(args, "min_yi"), _amount(args, "max_yi")
    params = {"department": department, "min_wan": (min_yi or 0) * 10000,
              "max_wan": None if max_yi is None else max_yi * 10000}
    data = {"filters": {"department": department, "min_yi": min_yi, "max_yi": max_yi}}
    for name, sql in QUERIES.items():
        result = await db.execute(sql, params)
        data[name] = [_with_text(dict(row)) for row in result.rows]
    data["summary"] = data["summary"][0]
    data["summary"]["text"] = summary_text(data["summary"])
    options = await db.execute(
        "select d.name, d.short_name from departments d join department_totals t on t.department = d.name "
        "order by t.total desc")
    data["department_options"] = [{"name": row[0], "short_name": row[1]} for row in options.rows]
    return data


def _script_json(data):
    return Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))


async def dashboard_page(datasette, request):
    try:
        data, error = await dashboard_data(datasette, request.args), None
    except FilterError as problem:
        data, error = await dashboard_data(datasette, {}), str(problem)
    html = await datasette.render_template("cqbudget_dashboard.html", {
        "data": data, "data_json": _script_json(data), "error": error,
        "args": {name: request.args.get(name, "") for name in ("department", "min_yi", "max_yi")},
    }, request=request)
    return Response.html(html, status=400 if error else 200)


async def dashboard_json(datasette, request):
    try:
        data, status = await dashboard_data(datasette, request.args), 200
    except FilterError as problem:
        data, status = {"error": str(problem)}, 400
    return Response(json.dumps(data, ensure_ascii=False), status=status,
                    content_type="application/json; charset=utf-8")


ROUTES = [(r"^/-/dashboard$", dashboard_page), (r"^/-/dashboard\.json$", dashboard_json)]
