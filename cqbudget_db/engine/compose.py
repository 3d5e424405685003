"""Slots → one SQL query.  Values are inlined as quoted literals so that the
SQL is a self-contained permalink; every literal goes through quote().
"""

import re
from dataclasses import dataclass

from . import lexicon as L
from .question import AMOUNT_METRICS

METRIC_SQL = {
    "total": "f.total",
    "city_spend": "f.city_spend",
    "district_subsidy": "f.district_subsidy",
    "district_share": "100.0 * f.district_subsidy / f.total",
    "city_share": "100.0 * f.city_spend / f.total",
    "grand_share": "100.0 * f.total / (select sum(total) from funds)",
    "grand_city_share": "100.0 * f.city_spend / (select sum(city_spend) from funds)",
    "grand_district_share": "100.0 * f.district_subsidy / (select sum(district_subsidy) from funds)",
    "department_share": "100.0 * f.total / (select sum(x.total) from funds x where x.department = f.department)",
}
SHARE_COLUMN = {"district_share": "district_share_pct", "city_share": "city_share_pct",
                "grand_share": "share_of_all_funds_pct", "grand_city_share": "share_of_all_city_spend_pct",
                "grand_district_share": "share_of_all_district_subsidy_pct",
                "department_share": "share_of_department_pct", "count_share": "share_of_fund_count_pct"}
AGG_METRIC_SQL = {
    "total": "sum(f.total)", "city_spend": "sum(f.city_spend)", "district_subsidy": "sum(f.district_subsidy)",
    "district_share": "100.0 * sum(f.district_subsidy) / sum(f.total)",
    "city_share": "100.0 * sum(f.city_spend) / sum(f.total)",
    "grand_share": "100.0 * sum(f.total) / (select sum(total) from funds)",
    "grand_city_share": "100.0 * sum(f.city_spend) / (select sum(city_spend) from funds)",
    "grand_district_share": "100.0 * sum(f.district_subsidy) / (select sum(district_subsidy) from funds)",
    "count_share": "100.0 * count(*) / (select count(*) from funds)",
    "fund_count": "count(*)",
}
OPS = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "=": "="}
FIELD_COLUMNS = {
    "contact": ["f.contact", "f.phone"],
    "phone": ["f.phone", "f.contact"],
    "overview": ["f.overview"],
    "goal": ["f.goal"],
    "department": ["f.department", "d.short_name as department_short"],
    "line": ["f.source_line", "f.catalog_line"],
}
FUND_FROM = "from funds f join departments d on d.name = f.department"


@dataclass
class Plan:
    kind: str          # funds, fund_aggregate, departments, indicators, indicator_aggregate
    sql: str
    sources_sql: str   # the funds the answer rests on: seq, name, source_line
    question: object


def quote(value):
    return "'" + str(value).replace("'", "''") + "'"


def number(value):
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def condition_sql(expression, condition):
    if condition.op == "between":
        return f"{expression} between {number(condition.value)} and {number(condition.value2)}"
    return f"{expression} {OPS[condition.op]} {number(condition.value)}"


def topic_sql(term):
    """Funds whose name, overview, goal or indicators mention term.

    Three characters or more use the trigram index; shorter terms (教育) are
    matched with LIKE, which the trigram tokenizer cannot serve.
    """
    if len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        return f"f.seq in (select fund_seq from search_index_fts where search_index_fts match {quote(phrase)})"
    return f"f.seq in (select fund_seq from search_index where text like {quote('%' + term + '%')})"


def indicator_filters(q, alias="i"):
    where = []
    if q.core is not None:
        where.append(f"{alias}.is_core = {1 if q.core else 0}")
    if q.qualitative is True:
        where.append(f"{alias}.op = '定性'")
    elif q.qualitative is False:
        where.append(f"{alias}.op <> '定性'")
    if q.unit:
        where.append(f"{alias}.unit = {quote(q.unit)}")
    if len(q.operators) > 1:
        where.append(f"{alias}.op in ({', '.join(quote(op) for op in q.operators)})")
    elif q.operator:
        where.append(f"{alias}.op = {quote(q.operator)}")
    for term in q.indicator_terms:
        where.append(f"{alias}.name like {quote('%' + term + '%')}")
    if q.indicator_names:
        where.append(f"{alias}.name in ({', '.join(quote(n) for n in q.indicator_names)})")
    for text in q.target_texts:
        where.append(f"{alias}.target_text like {quote('%' + text + '%')}")
    for condition in q.conditions:
        if condition.metric == "weight":
            where.append(condition_sql(f"{alias}.weight", condition))
        elif condition.metric == "target_value":
            where.append(condition_sql(f"{alias}.target_value", condition))
    return where


def fund_filters(q, with_amounts=True):
    where = []
    if q.departments:
        where.append(f"f.department in ({', '.join(quote(d) for d in q.departments)})")
    if q.exclude_departments:
        where.append(f"f.department not in ({', '.join(quote(d) for d in q.exclude_departments)})")
    for kind in q.lacks:
        condition = "i.op = '定性'" if kind == "定性" else "i.is_core = 1"
        where.append(f"not exists (select 1 from indicators i where i.fund_seq = f.seq and {condition})")
    if q.funds:
        where.append(f"f.seq in ({', '.join(str(s) for s in q.funds)})")
    if q.person:
        where.append(f"f.contact = {quote(q.person)}")
    if q.phone:
        where.append(f"f.phone = {quote(q.phone)}")
    for term in q.topics:
        where.append(topic_sql(term))
    for term in q.name_terms:
        where.append(f"f.name like {quote('%' + term + '%')}")
    for condition in q.conditions:
        if condition.metric == "indicator_count":
            inner = " and ".join(["i.fund_seq = f.seq"] + indicator_filters(q))
            where.append(condition_sql(f"(select count(*) from indicators i where {inner})", condition))
    for column, is_zero in q.zero.items():
        where.append(f"f.{column} {'=' if is_zero else '>'} 0")
    for column, op, other in q.column_comparisons:
        where.append(f"f.{column} {op} f.{other}")
    if q.mobile:
        where.append("length(f.phone) = 11 and f.phone like '1%'")
    if with_amounts:
        for condition in q.conditions:
            if condition.metric in METRIC_SQL:
                where.append(condition_sql(METRIC_SQL[condition.metric], condition))
    return where


def output_names(columns):
    """The names a select list produces: 'f.total' → total, '… as share_pct' → share_pct."""
    return [c.rsplit(" as ", 1)[1] if " as " in c else c.split(".", 1)[-1] for c in columns]


def where_clause(parts):
    return ("where " + "\n  and ".join(parts)) if parts else ""


def sources_for(where):
    return f"select f.seq, f.name, f.source_line {FUND_FROM} {where_clause(where)} order by f.seq"


def compose(q):
    if q.target == "indicators":
        return _indicators(q)
    if q.target == "contacts" or q.field in ("contact", "phone") and not q.funds and not q.phone and \
            q.target != "funds" and (q.person or q.aggregate == "count"):
        return _contacts(q)
    if q.target == "departments" or q.per_department and q.aggregate or \
            q.per_department and not q.order and not q.listing:
        return _departments(q)
    explicit_sum = re.search(r"合计|总计|总共|一共|共计|加起来|总和|combined|together|altogether|in total|\bsum\b", q.text, re.I)
    subset = q.order and q.limit and not q.ties and not q.nth and not q.sort_only and (explicit_sum or q.share)
    share_filter = any(c.metric in SHARE_COLUMN for c in q.conditions)
    wants_total = q.aggregate in ("count", "sum", "avg", "median", "spread") or \
        (q.share and not q.funds and not share_filter and q.share != "department_share")
    if wants_total and not q.listing and q.field is None and not (q.funds and q.aggregate == "sum") \
            and not (q.funds and q.share == "department_share") \
            and (not q.order or subset and q.aggregate in ("sum", "avg", None)):
        return _fund_aggregate(q)
    return _funds(q)


def effective_metric(q):
    """What a ranking of funds is by: an amount, a share, or the number of indicators."""
    if q.metric == "indicator_count" or (q.metric is None and q.indicators_mentioned and q.order):
        return "indicator_count"
    own_column = {"district_share": "district_subsidy", "city_share": "city_spend", "grand_share": "total",
                  "grand_city_share": "city_spend", "grand_district_share": "district_subsidy"}
    if q.share and q.metric in (None, "total", own_column.get(q.share)):
        return q.share
    return q.metric or "total"


def indicator_count_sql(q):
    inner = " and ".join(["i.fund_seq = f.seq"] + indicator_filters(q))
    return f"(select count(*) from indicators i where {inner})"


def _order_expression(q):
    metric = effective_metric(q)
    return indicator_count_sql(q) if metric == "indicator_count" else METRIC_SQL.get(metric, "f.total")


def _funds(q):
    columns = ["f.seq", "f.name", "f.department", "f.total", "f.city_spend", "f.district_subsidy"]
    if q.field:
        columns = ["f.seq", "f.name"] + FIELD_COLUMNS[q.field] + ["f.total"]
    if q.share and q.share in METRIC_SQL:
        columns.append(f"{METRIC_SQL[q.share]} as {SHARE_COLUMN[q.share]}")
    if q.funds and not q.field:
        columns += _yi_columns(q, False)
    for condition in q.conditions:
        if condition.metric in SHARE_COLUMN and condition.metric != q.share:
            columns.append(f"{METRIC_SQL[condition.metric]} as {SHARE_COLUMN[condition.metric]}")
    if q.person and q.field != "contact":
        columns.append("f.contact")
    where = fund_filters(q)
    indicator_where = indicator_filters(q)
    counted = any(c.metric == "indicator_count" for c in q.conditions)
    if indicator_where or counted or (q.indicators_mentioned and q.order):
        inner = " and ".join(["i.fund_seq = f.seq"] + indicator_where)
        columns.append(f"(select count(*) from indicators i where {inner}) as indicator_count")
        if indicator_where:
            columns.append(f"(select group_concat(i.name, '；') from indicators i where {inner}) as matching_indicators")
            if not counted:
                where.append(f"exists (select 1 from indicators i where {inner})")
    if q.topics:
        likes = " or ".join(f"s.text like {quote('%' + t + '%')}" for t in q.topics)
        columns.append(f"(select group_concat(distinct s.kind) from search_index s "
                       f"where s.fund_seq = f.seq and ({likes})) as mentioned_in")
    order = "f.seq"
    limit = ""
    if q.order:
        expression = _order_expression(q)
        order = f"{expression} {'desc' if q.order == 'desc' else 'asc'}, f.seq"
        if q.nth:
            limit = f"limit 1 offset {q.nth - 1}"
        elif q.limit and not q.sort_only:
            limit = f"limit {q.limit}"
    if q.per_department and q.order and not q.sort_only:
        expression = _order_expression(q)
        direction = "desc" if q.order == "desc" else "asc"
        rank = q.nth or 1
        keep = f"= {rank}" if q.nth else f"<= {q.limit or 1}"
        sql = (f"select * from (\n  select {', '.join(columns)},\n"
               f"    row_number() over (partition by f.department order by {expression} {direction}) as rank_in_department\n"
               f"  {FUND_FROM}\n  {where_clause(where)}\n) where rank_in_department {keep}\n"
               f"order by department, rank_in_department")
        return Plan("funds", sql, sources_for(where), q)
    if q.ties and q.order:
        expression = _order_expression(q)
        direction = "desc" if q.order == "desc" else "asc"
        sql = (f"select {', '.join(output_names(columns))} from (\n  select {', '.join(columns)},\n"
               f"    rank() over (order by {expression} {direction}) as rank\n  {FUND_FROM}\n  {where_clause(where)}\n)"
               f" where rank = 1\norder by seq")
        return Plan("funds", _tidy(sql), sources_for(where), q)
    sql = f"select {', '.join(columns)}\n{FUND_FROM}\n{where_clause(where)}\norder by {order}\n{limit}".strip()
    return Plan("funds", _tidy(sql), sources_for(where), q)


def _yi_columns(q, aggregate):
    """The question asks in 亿元: add the 亿元 figures (rounded to 2 decimals) beside the 万元 ones."""
    columns = []
    if re.search(r"亿|100 million|hundred million", q.text, re.I):
        template = "round(sum(f.{0}) / 10000.0, 2) as {0}_yi" if aggregate else "round(f.{0} / 10000.0, 2) as {0}_yi"
        columns += [template.format(c) for c in AMOUNT_METRICS]
    if re.search(r"\b(bn|billions?)\b", q.text, re.I):
        template = "sum(f.{0}) / 100000.0 as {0}_billion_yuan" if aggregate else "f.{0} / 100000.0 as {0}_billion_yuan"
        columns += [template.format(c) for c in AMOUNT_METRICS]
    return columns


def _fund_aggregate(q):
    where = fund_filters(q)
    indicator_where = indicator_filters(q)
    if indicator_where:
        inner = " and ".join(["i.fund_seq = f.seq"] + indicator_where)
        where.append(f"exists (select 1 from indicators i where {inner})")
    columns = ["count(*) as fund_count", "sum(f.total) as total", "sum(f.city_spend) as city_spend",
               "sum(f.district_subsidy) as district_subsidy"] + _yi_columns(q, True)
    metric = q.metric if q.metric in AMOUNT_METRICS else "total"
    if q.aggregate == "avg":
        columns.insert(1, f"avg(f.{metric}) as average_{metric}")
    if q.aggregate == "spread":
        columns[1:1] = [f"max(f.{metric}) - min(f.{metric}) as difference_{metric}",
                        f"max(f.{metric}) as largest_{metric}", f"min(f.{metric}) as smallest_{metric}"]
    if q.aggregate == "median":
        count = f"(select count(*) {FUND_FROM} {where_clause(where)})"
        columns.insert(1, f"(select avg(m.{metric}) from (select f.{metric} {FUND_FROM} {where_clause(where)} "
                          f"order by f.{metric} limit 2 - {count} % 2 offset ({count} - 1) / 2) m) as median_{metric}")
    if q.share:
        if q.share in AGG_METRIC_SQL:
            columns.append(f"{AGG_METRIC_SQL[q.share]} as {SHARE_COLUMN[q.share]}")
    if q.order and q.limit:
        direction = "desc" if q.order == "desc" else "asc"
        metric = q.metric if q.metric in AMOUNT_METRICS else "total"
        inner = (f"select f.* {FUND_FROM} {where_clause(where)} order by f.{metric} {direction}, f.seq "
                 f"limit {q.limit}")
        sql = f"select {', '.join(columns)}\nfrom ({inner}) f"
        ranked = f"select f.seq, f.name, f.source_line from ({inner}) f order by f.seq"
        return Plan("fund_aggregate", _tidy(sql), ranked, q)
    sql = f"select {', '.join(columns)}\n{FUND_FROM}\n{where_clause(where)}"
    return Plan("fund_aggregate", _tidy(sql), sources_for(where), q)


def _contacts(q):
    """Who the contacts are, for a set of funds: one row per person and phone."""
    where = fund_filters(q)
    if q.aggregate == "count" and not q.person:
        sql = (f"select count(distinct f.contact) as contact_count, count(distinct f.phone) as phone_count, "
               f"count(*) as fund_count\n{FUND_FROM}\n{where_clause(where)}")
        return Plan("contact_count", _tidy(sql), sources_for(where), q)
    having = [condition_sql("count(*)", c) for c in q.conditions if c.metric == "fund_count"]
    if q.field == "phone" and not q.person:
        sql = (f"select f.phone, group_concat(distinct f.contact) as contact, count(*) as fund_count, "
               f"group_concat(f.name, '、') as funds\n{FUND_FROM}\n{where_clause(where)}\ngroup by f.phone\n"
               f"{('having ' + ' and '.join(having)) if having else ''}\norder by fund_count desc, min(f.seq)")
        return Plan("contacts", _tidy(sql), sources_for(where), q)
    grouped = (f"select f.contact, f.phone, count(*) as fund_count, group_concat(f.name, '、') as funds\n"
               f"{FUND_FROM}\n{where_clause(where)}\ngroup by f.contact, f.phone"
               f"{(chr(10) + 'having ' + ' and '.join(having)) if having else ''}")
    if q.order:
        direction = "desc" if q.order == "desc" else "asc"
        people = (f"select f.contact, count(*) as fund_count, group_concat(distinct f.phone) as phone, "
                  f"group_concat(f.name, '、') as funds,\n  rank() over (order by count(*) {direction}) as rank\n"
                  f"{FUND_FROM}\n{where_clause(where)}\ngroup by f.contact")
        keep = "rank = 1" if q.ties or not q.limit else f"rank <= {q.limit}"
        sql = f"select * from (\n{people}\n) where {keep}\norder by rank, contact"
        return Plan("contacts", _tidy(sql), sources_for(where), q)
    return Plan("contacts", _tidy(grouped + "\norder by min(f.seq)"), sources_for(where), q)


def _departments(q):
    zero = dict(q.zero)
    q.zero = {}
    where = fund_filters(q, with_amounts=False)
    q.zero = zero
    every = re.search(r"每一?个专项都|所有专项都|全部专项都|\b(every|each|all)( of (their|its))? funds?\b|in any of their funds",
                      q.text, re.I)
    having = [(f"max(f.{column}) = 0" if is_zero else
               f"{'min' if every else 'sum'}(f.{column}) > 0") for column, is_zero in zero.items()]
    comparisons, zero = q.column_comparisons, q.zero
    q.column_comparisons, q.zero = [], {}
    where = fund_filters(q, with_amounts=False)
    q.column_comparisons, q.zero = comparisons, zero
    having += [f"sum(f.{a}) {op} sum(f.{b})" for a, op, b in comparisons]
    if re.search(r"same contact|同一(个|位)?联系人|联系人(都)?(相同|一样)", q.text, re.I):
        having.append("count(distinct f.contact) = 1")
    for condition in q.conditions:
        if condition.per_fund and condition.metric in METRIC_SQL and not condition.average:
            where.append(condition_sql(METRIC_SQL[condition.metric], condition))
        elif condition.average and condition.metric in AMOUNT_METRICS:
            having.append(condition_sql(f"avg(f.{condition.metric})", condition))
        elif condition.metric in AGG_METRIC_SQL:
            having.append(condition_sql(AGG_METRIC_SQL[condition.metric], condition))
    if having and q.aggregate == "count" and not q.order:
        sql = (f"select count(*) as department_count, sum(fund_count) as fund_count, sum(total) as total from (\n"
               f"  select f.department, count(*) as fund_count, sum(f.total) as total\n  {FUND_FROM}\n"
               f"  {where_clause(where)}\n  group by f.department\n  having {' and '.join(having)}\n)")
        return Plan("department_count", _tidy(sql), sources_for(where), q)
    if not q.per_department and not q.order and not having and q.aggregate in ("count", "avg") and _counts_funds(q) \
            or not q.per_department and not q.order and not having and q.aggregate == "count":
        sql = (f"select count(distinct f.department) as department_count, count(*) as fund_count,\n"
               f"  1.0 * count(*) / count(distinct f.department) as average_funds_per_department,\n"
               f"  sum(f.total) as total\n{FUND_FROM}\n{where_clause(where)}")
        return Plan("department_count", _tidy(sql), sources_for(where), q)
    columns = ["f.department", "d.short_name as department_short", "count(*) as fund_count",
               "sum(f.total) as total", "sum(f.city_spend) as city_spend", "sum(f.district_subsidy) as district_subsidy"]
    if q.aggregate == "avg":
        metric = q.metric if q.metric in AMOUNT_METRICS else "total"
        columns.append(f"avg(f.{metric}) as average_{metric}")
    metric = q.metric
    if q.share in AGG_METRIC_SQL:
        columns.append(f"{AGG_METRIC_SQL[q.share]} as {SHARE_COLUMN[q.share]}")
        if effective_metric(q) == q.share:
            metric = q.share
    if metric is None:
        metric = "fund_count" if (q.aggregate == "count" or q.order and not q.share) and \
            _counts_funds(q) else (q.share or "total")
    order_sql = AGG_METRIC_SQL.get(metric, "sum(f.total)")
    if q.aggregate == "avg" and metric in AMOUNT_METRICS:
        order_sql = f"avg(f.{metric})"
    if q.order or q.share or q.aggregate:
        direction = "asc" if q.order == "asc" else "desc"
        order = f"{order_sql} {direction}, f.department"
    else:
        order = "sum(f.total) desc, f.department"
    limit = ""
    if q.nth:
        limit = f"limit 1 offset {q.nth - 1}"
    elif q.limit and not q.sort_only:
        limit = f"limit {q.limit}"
    if q.ties and q.order:
        direction = "asc" if q.order == "asc" else "desc"
        sql = (f"select {', '.join(output_names(columns))} from (\n  select {', '.join(columns)},\n"
               f"    rank() over (order by {order_sql} {direction}) as rank\n"
               f"  {FUND_FROM}\n  {where_clause(where)}\n  group by f.department\n"
               f"  {('having ' + ' and '.join(having)) if having else ''}\n) where rank = 1\norder by department")
        return Plan("departments", _tidy(sql), sources_for(where), q)
    sql = (f"select {', '.join(columns)}\n{FUND_FROM}\n{where_clause(where)}\ngroup by f.department\n"
           f"{('having ' + ' and '.join(having)) if having else ''}\norder by {order}\n{limit}")
    return Plan("departments", _tidy(sql), sources_for(where), q)


def _counts_funds(q):
    return bool(re.search(r"专项(数|最多|最少|个数)|最多专项|最少专项|几个专项|多少个专项|most funds|fewest funds|"
                          r"number of funds|how many funds|专项.{0,3}(多|少)", q.text, re.I)) or q.aggregate == "count"


def _indicators(q):
    where = fund_filters(q) + indicator_filters(q)
    sources = sources_for(fund_filters(q) + ([
        "exists (select 1 from indicators i where " + " and ".join(["i.fund_seq = f.seq"] + indicator_filters(q)) + ")"]
        if indicator_filters(q) else []))
    base = "from indicators i join funds f on f.seq = i.fund_seq join departments d on d.name = f.department"
    if q.aggregate == "avg" and re.search(L.WEIGHT_WORDS + "|" + L.TARGET_VALUE_WORDS, q.text, re.I):
        column = "weight" if re.search(L.WEIGHT_WORDS, q.text, re.I) else "target_value"
        sql = (f"select avg(i.{column}) as average_{column}, count(*) as indicator_count, "
               f"count(distinct i.fund_seq) as fund_count\n{base}\n{where_clause(where)}")
        return Plan("indicator_aggregate", _tidy(sql), sources, q)
    if q.aggregate == "avg":
        sql = (f"select 1.0 * count(*) / count(distinct i.fund_seq) as average_per_fund, count(*) as indicator_count, "
               f"count(distinct i.fund_seq) as fund_count\n{base}\n{where_clause(where)}")
        return Plan("indicator_aggregate", _tidy(sql), sources, q)
    if q.split_core:
        sql = (f"select sum(i.is_core) as core_count, sum(1 - i.is_core) as non_core_count, count(*) as indicator_count\n"
               f"{base}\n{where_clause(where)}")
        return Plan("indicator_aggregate", _tidy(sql), sources, q)
    if q.aggregate == "count" and not q.listing and not q.order:
        if q.per_department or (len(q.funds) != 1 and re.search(
                r"每个专项|各专项|每个资金|各有|各自|分别|per fund|each fund|each of|for each", q.text, re.I)):
            key = "f.department" if q.per_department else "f.seq, f.name"
            sql = (f"select {key}, count(*) as indicator_count, sum(i.is_core) as core_count\n{base}\n"
                   f"{where_clause(where)}\ngroup by {key}\norder by indicator_count desc, {key.split(',')[0]}")
            return Plan("indicators", _tidy(sql), sources, q)
        sql = (f"select count(*) as indicator_count, count(distinct i.fund_seq) as fund_count, "
               f"sum(i.is_core) as core_count\n{base}\n{where_clause(where)}")
        return Plan("indicator_aggregate", _tidy(sql), sources, q)
    columns = ["f.seq", "f.name as fund", "i.name as indicator", "i.op", "i.target_text", "i.unit",
               "i.weight", "i.is_core", "i.target_value", "i.source_line"]
    order = "i.fund_seq, i.position"
    limit = ""
    if q.order:
        key = "i.target_value" if q.metric == "target_value" or any(
            c.metric == "target_value" for c in q.conditions) else "i.weight"
        direction = "desc" if q.order == "desc" else "asc"
        order = f"{key} {direction}, i.id"
        if q.ties:
            sql = (f"select {', '.join(output_names(columns))} from (\n  select {', '.join(columns)},\n"
                   f"    rank() over (order by {key} {direction}) as rank\n"
                   f"  {base}\n  {where_clause(where)}\n) where rank = 1\norder by seq")
            return Plan("indicators", _tidy(sql), sources, q)
        if q.limit and not q.sort_only:
            limit = f"limit {q.limit}"
    sql = f"select {', '.join(columns)}\n{base}\n{where_clause(where)}\norder by {order}\n{limit}"
    return Plan("indicators", _tidy(sql), sources, q)


def _tidy(sql):
    return "\n".join(line.rstrip() for line in sql.splitlines() if line.strip())

