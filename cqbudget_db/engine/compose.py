"""Query → Plan: one SQL statement with named parameters, the metric it reports, and the
SQL of the funds the answer rests on.  Pure: reads only the Query."""

from dataclasses import dataclass, field

from ..metrics import AMOUNTS, METRICS
from .honoured import describe_parts, dropped
from .query import Query
from .sql import (FUNDS, INDICATORS, Params, clause, condition, department_average, fund_where, group,
                  indicator_where, row, tidy)

BASE = ["f.seq", "f.name", "d.short_name as department_short", "f.total", "f.city_spend", "f.district_subsidy"]
FIELD_SQL = {"contact": ["f.contact", "f.phone"], "phone": ["f.phone", "f.contact"], "overview": ["f.overview"],
             "goal": ["f.goal"], "department": ["f.department"], "line": ["f.source_line"]}
SUMS = ["sum(f.total) as total", "sum(f.city_spend) as city_spend", "sum(f.district_subsidy) as district_subsidy"]
COUNTS = ("indicator_count", "core_count", "qualitative_count")


@dataclass
class Plan:
    kind: str
    sql: str
    params: dict
    metric: str
    query: Query
    sources_sql: str = ""
    sources_params: dict = field(default_factory=dict)


class ComposeError(ValueError):
    """The query asks for something no SQL of this engine answers (a metric at the wrong level), or
    parts its plan would drop (honoured.py)."""

    def __init__(self, message, parts=()):
        super().__init__(message)
        self.parts = list(parts)

    def say(self, lang):
        if self.parts:
            what = describe_parts(self.parts, lang)
            return f"无法与问题其余部分一起回答：{what}" if lang == "zh" else \
                f"cannot be answered together with the rest of the question: {what}"
        return "这几个条件无法组合回答" if lang == "zh" else str(self)


def check(q):
    for c in q.conditions:
        if METRICS[c.metric].level == "indicator" and c.aggregate != "sum":
            raise ComposeError(f"{c.metric} is a property of an indicator, not of a fund")
        if not METRICS[c.metric].row_sql:
            raise ComposeError(f"{c.metric} is not a property of one fund")
    for c in q.group_conditions:
        if not (METRICS[c.metric].group_sql or METRICS[c.metric].row_sql):
            raise ComposeError(f"{c.metric} cannot be summed over a department")
    ranked = q.ranking.metric if q.ranking else None
    if ranked and q.target == "funds" and not q.compare and (not METRICS[ranked].row_sql or
                                                              METRICS[ranked].level == "indicator"):
        raise ComposeError(f"funds cannot be ranked by {ranked}", ["ranking"])     # 核心指标权重合计最高的专项
    if q.aggregate == "sum" and q.metric in ("district_share", "city_share"):
        raise ComposeError(f"a sum of {q.metric}, a percentage", ["aggregate:sum"])    # shares do not add up
    if q.compare and len(q.compare.entities) > 2 and q.compare.kind in ("difference", "ratio", "percent"):
        raise ComposeError("a difference of more than two things", ["compare"])


def compose(q):
    check(q)
    p = Params()
    if q.compare:
        plan = _comparison(q, p)
    elif q.target == "departments":
        plan = _departments(q, p)
    elif q.target == "indicators":
        plan = _indicators(q, p)
    elif q.target in ("contacts", "phones"):
        plan = _contacts(q, p)
    elif q.aggregate == "rank":
        plan = _fund_rank(q, p)
    elif q.aggregate or q.share:
        plan = _fund_totals(q, p)
    else:
        plan = _funds(q, p)
    missing = dropped(q, plan.kind)
    if missing:
        raise ComposeError(f"a {plan.kind} plan cannot express {', '.join(missing)}", missing)
    plan.sql = tidy(plan.sql)
    sp = Params()
    sp.values = dict(p.values)
    plan.sources_sql, plan.sources_params = _sources(q, sp)
    return plan


def _sources(q, p):
    if q.compare:
        names = [v for kind, v in q.compare.entities if kind == "department"]
        seqs = [v for kind, v in q.compare.entities if kind == "fund"]
        where = [f"f.department in ({p.many('dept', names)})"] if names else [f"f.seq in ({p.many('fund', seqs)})"]
    else:
        where = fund_where(q, p)
    return tidy(f"select f.seq, f.name, f.source_line {FUNDS}\n{clause(where)}\norder by f.seq"), p.values


def _yi(q, aggregate):
    columns = []
    for metric in AMOUNTS:
        expression = f"sum(f.{metric})" if aggregate else f"f.{metric}"
        if "yi" in q.display_units:
            columns.append(f"{expression} / 10000.0 as {metric}_yi")
        if "million" in q.display_units:
            columns.append(f"{expression} / 100.0 as {metric}_million")
        if "billion" in q.display_units:
            columns.append(f"{expression} / 100000.0 as {metric}_billion")
    return columns


def _extra_metrics(q):
    wanted = [c.metric for c in q.conditions] + [q.ranking.metric if q.ranking else None] + q.show + [q.share] + \
        [c.other for c in q.conditions]
    return [m for m in dict.fromkeys(wanted) if m and m not in AMOUNTS and m in METRICS and METRICS[m].row_sql
            and METRICS[m].level == "fund"]


def _funds(q, p):
    columns = BASE + [c for f in q.fields for c in FIELD_SQL.get(f, [])]
    columns += [f"{row(m)} as {m}" for m in _extra_metrics(q)] + _yi(q, False)
    if q.texts:
        columns.append(_mentioned_in(q.texts[0], p))
    if not q.indicators.empty() and q.has_indicator is not False:
        inner = " and ".join(["i.fund_seq = f.seq"] + indicator_where(q.indicators, p))
        columns.append(f"(select group_concat(i.name, '；') from indicators i where {inner}) as matching_indicators")
    columns = list(dict.fromkeys(columns))
    where = fund_where(q, p)
    metric = (q.ranking.metric if q.ranking else None) or (q.show[0] if q.show else "total")
    sql = f"select {', '.join(columns)}\n{FUNDS}\n{clause(where)}"
    return Plan("funds", _ranked(q, sql, where, p, columns), p.values, metric, q)


def _fund_rank(q, p):
    """Each named fund's place by the metric, counted from the largest (ties share a place), among all funds
    or, when a department is named, among that department's."""
    m = q.metric or "total"
    same = "x.department = f.department" if q.departments else None
    ahead = " and ".join(c for c in (f"{row(m, 'x')} > {row(m)}", same) if c)
    columns = BASE + [f"(select count(*) from funds x where {ahead}) + 1 as rank",
                      f"(select count(*) from funds x{' where ' + same if same else ''}) as out_of"]
    sql = f"select {', '.join(columns)}\n{FUNDS}\n{clause(fund_where(q, p))}\norder by f.seq"
    return Plan("fund_rank", sql, p.values, m, q)


def _mentioned_in(t, p):
    """Where the searched term occurs: 名称 / 概况 / 目标 / 指标."""
    term = p.add("term", "%" + t.term.replace(" ", "") + "%")
    places = [("name", "名称"), ("overview", "概况"), ("goal", "目标")]
    parts = [f"case when replace(f.{column}, ' ', '') like {term} then '{word} ' else '' end"
             for column, word in places if column in t.scopes]
    if "indicator" in t.scopes:
        parts.append(f"case when exists (select 1 from indicators t where t.fund_seq = f.seq and "
                     f"replace(t.name, ' ', '') like {term}) then '指标' else '' end")
    return f"trim({' || '.join(parts)}) as mentioned_in"


def _ranked(q, sql, where, p, columns):
    ranking = q.ranking
    if not ranking:
        return sql + "\norder by f.seq"
    expression = row(ranking.metric or "total")
    direction = ranking.direction
    if ranking.per_group or q.group_by == "department" and not ranking.sort_only:
        keep = f"<= {ranking.limit}" if ranking.limit else "= 1"
        window = "row_number()" if ranking.limit else "rank()"
        return _per_department(sql, columns, expression, direction, keep, window)
    if ranking.sort_only:
        return f"{sql}\norder by {expression} {direction}, f.seq"
    if ranking.limit is None:
        best = "max" if direction == "desc" else "min"
        inner = f"select {best}({expression}) {FUNDS} {clause(where)}".replace("\n", " ")
        joined = " and ".join(where + [f"{expression} = ({inner})"])
        return sql.split("\nwhere")[0].split(f"\n{FUNDS}")[0] + f"\n{FUNDS}\nwhere {joined}\norder by f.seq"
    if ranking.offset and ranking.limit == 1:     # 排第三的: every fund with the third value (ties kept)
        inner = (f"select {expression} {FUNDS} {clause(where)} order by {expression} {direction} "
                 f"limit 1 offset {ranking.offset}").replace("\n", " ")
        joined = " and ".join(where + [f"{expression} = ({inner})"])
        return sql.split("\nwhere")[0].split(f"\n{FUNDS}")[0] + f"\n{FUNDS}\nwhere {joined}\norder by f.seq"
    if not ranking.offset and ranking.limit:      # 前三: the first three, and any fund tied with the third
        inner = (f"select {expression} {FUNDS} {clause(where)} order by {expression} {direction} "
                 f"limit 1 offset {ranking.limit - 1}").replace("\n", " ")
        bound = ">=" if direction == "desc" else "<="
        joined = " and ".join(where + [f"{expression} {bound} coalesce(({inner}), {'-1e300' if bound == '>=' else '1e300'})"])
        return (sql.split("\nwhere")[0].split(f"\n{FUNDS}")[0] + f"\n{FUNDS}\nwhere {joined}\n"
                f"order by {expression} {direction}, f.seq")
    offset = f" offset {ranking.offset}" if ranking.offset else ""
    return f"{sql}\norder by {expression} {direction}, f.seq\nlimit {ranking.limit}{offset}"


def _per_department(sql, columns, expression, direction, keep, window):
    names = [c.split(" as ")[-1].split(".")[-1] for c in columns]
    inner = sql.replace(f"select {', '.join(columns)}",
                        f"select {', '.join(columns)}, f.department,\n"
                        f"  {window} over (partition by f.department order by {expression} {direction}) as rank", 1)
    return f"select {', '.join(names)}, department from (\n{inner}\n) where rank {keep}\norder by department, rank"


def _aggregate_columns(q, metric):
    columns = ["count(*) as fund_count"] + SUMS
    if q.aggregate == "avg":
        columns.insert(1, f"avg({row(metric)}) as average_{metric}")
    elif q.aggregate == "median":
        columns.insert(1, f"{_median(metric)} as median_{metric}")
    elif q.aggregate == "spread":
        columns[1:1] = [f"max({row(metric)}) - min({row(metric)}) as difference_{metric}",
                        f"max({row(metric)}) as max_{metric}", f"min({row(metric)}) as min_{metric}"]
    elif q.aggregate == "sum" and metric not in AMOUNTS:
        columns.insert(1, f"sum({row(metric)}) as sum_{metric}")
    return columns


def _median(metric):
    expression = row(metric)
    return (f"(select avg(v) from (select v from (select {expression} as v from ranked f) order by v "
            f"limit 2 - (select count(*) from ranked) % 2 offset ((select count(*) from ranked) - 1) / 2))")


def _share_column(q):
    if q.share_other:
        return f"100.0 * {group(q.share)} / {group(q.share_other)} as share_{q.share}_of_{q.share_other}"
    if q.share.startswith("share_of_department"):
        column = q.share[len("share_of_department_"):] or "total"
        return (f"100.0 * sum(f.{column}) / (select sum(x.{column}) from funds x where x.department in "
                f"(select y.department from funds y where y.seq in (select seq from ranked))) as {q.share}")
    if q.share in METRICS and METRICS[q.share].group_sql:
        return f"{group(q.share)} as {q.share}"
    return None


def _fund_totals(q, p):
    """count / sum / average / median / spread / share over the selected funds."""
    metric = q.metric if q.metric in METRICS and METRICS[q.metric].row_sql else \
        next((m for m in q.show if METRICS[m].row_sql), "total")
    where = fund_where(q, p)
    ranked = f"select f.* {FUNDS}\n{clause(where)}"
    if q.ranking and not q.ranking.sort_only:
        expression = row(q.ranking.metric or "total")
        if q.ranking.limit:
            ranked += f"\norder by {expression} {q.ranking.direction}, f.seq limit {q.ranking.limit}"
        else:
            best = "max" if q.ranking.direction == "desc" else "min"
            inner = f"select {best}({expression}) {FUNDS} {clause(where)}".replace("\n", " ")
            ranked = f"select f.* {FUNDS}\nwhere " + " and ".join(where + [f"{expression} = ({inner})"])
    columns = _aggregate_columns(q, metric) + _yi(q, True)
    share = _share_column(q) if q.share else None
    if share:
        columns.insert(1, share)
    sql = f"with ranked as (\n{ranked}\n)\nselect {', '.join(columns)}\nfrom ranked f"
    reported = q.share if q.share else metric
    return Plan("fund_total", sql, p.values, reported, q)


def _departments(q, p):
    """One row per department: its funds' count and sums, conditions on the sums, rankings."""
    where = fund_where(q, p, with_conditions=True)
    having = [condition(c, p, f"{c.aggregate}({row(c.metric)})" if c.aggregate in ("avg", "min", "max")
                        else _group_expression(c.metric), department_average) for c in q.group_conditions]
    metric = _department_metric(q)
    averaged = q.ranking and q.ranking.aggregate == "avg"
    expression = f"avg({row(metric)})" if averaged else _group_expression(metric)
    columns = ["f.department", "d.short_name as department_short", "count(*) as fund_count"] + SUMS
    if q.subset or q.funds or len(q.departments) >= 2 or q.conditions or q.texts:
        # which departments run them / 团市委和妇联的专项 / 哪些部门有超过10亿的专项: and which funds each runs
        columns.append("group_concat(f.name, '、') as funds")
    if averaged:
        columns.append(f"{expression} as average_{metric}")
        metric = f"average_{metric}"
    elif metric not in ("fund_count",) + AMOUNTS:
        columns.append(f"{expression} as {metric}")
    if q.share in METRICS and metric != q.share:
        columns.append(f"{_group_expression(q.share)} as {q.share}")
    listed_average = q.aggregate == "avg" and metric in AMOUNTS and q.group_by == "department" and not q.ranking
    if q.aggregate == "avg" and metric in AMOUNTS:
        columns.append(f"avg({row(metric)}) as average_{metric}")
    grouped = f"select {', '.join(columns)}\n{FUNDS}\n{clause(where)}\ngroup by f.department" + \
        (f"\nhaving {' and '.join(having)}" if having else "")
    listing = q.group_by == "department"
    if q.aggregate == "count" and not q.ranking and not listing:
        sql = f"select count(*) as department_count, sum(fund_count) as fund_count, sum(total) as total\nfrom (\n{grouped}\n)"
        return Plan("department_count", sql, p.values, "department_count", q)
    if q.aggregate == "avg" and not q.ranking and metric == "fund_count" and not having:
        sql = (f"select avg(fund_count) as average_fund_count, count(*) as department_count, sum(fund_count) as fund_count"
               f"\nfrom (\n{grouped}\n)")
        return Plan("department_average", sql, p.values, "average_fund_count", q)
    ranking = q.ranking
    direction = ranking.direction if ranking else "desc"
    if ranking and ranking.limit is None and not ranking.sort_only:
        best = "max" if direction == "desc" else "min"
        sql = (f"select * from (\n{grouped}\n)\nwhere {metric} = (select {best}(v) from (select {expression} as v "
               f"{FUNDS} {clause(where)} group by f.department" + (f" having {' and '.join(having)}" if having else "")
               + "))\norder by department")
        return Plan("departments", sql, p.values, metric, q)
    order = f"\norder by {f'avg({row(metric)})' if listed_average else expression} {direction}, f.department"
    if ranking and ranking.offset and ranking.limit == 1 and not ranking.sort_only and not q.combined:
        sql = (f"select * from (\n{grouped}\n)\nwhere {metric} = (select {metric} from (\n{grouped}\n)"
               f"\norder by {metric} {direction} limit 1 offset {ranking.offset})\norder by department")
        return Plan("departments", sql, p.values, metric, q)   # 第二高的部门: every department with that value
    limit = f"\nlimit {ranking.limit}" + (f" offset {ranking.offset}" if ranking.offset else "") \
        if ranking and ranking.limit and not ranking.sort_only else ""
    if q.combined and q.share in METRICS and limit:
        sql = (f"select group_concat(department, '|') as departments, count(*) as department_count, "
               f"sum(fund_count) as fund_count, sum(total) as total, sum({q.share}) as {q.share}"
               f"\nfrom (\n{grouped + order + limit}\n)")
        return Plan("department_set", sql, p.values, q.share, q)
    if listed_average:      # 教委和卫健委各自平均每个专项多少钱: each department's average, said as such
        return Plan("departments", grouped + order + limit, p.values, f"average_{metric}", q)
    return Plan("departments", grouped + order + limit, p.values, metric, q)


def _department_metric(q):
    """What a department answer is about: the ranked metric, the share, the counted or shown metric."""
    if q.ranking and q.ranking.metric:
        return q.ranking.metric
    if q.share and q.share in METRICS:
        return q.share
    if q.metric == "count" or q.aggregate == "count":
        return "fund_count"
    if q.metric in METRICS:
        return q.metric
    return q.show[0] if q.show and q.show[0] in METRICS else "total"


def _group_expression(metric):
    if METRICS[metric].group_sql:
        return group(metric)
    return f"sum({row(metric)})"


def _indicators(q, p):
    where = fund_where(q, p) + indicator_where(q.indicators, p)
    if q.aggregate in ("max", "min") and q.ranking:
        return _indicator_best(q, p, where)
    if q.aggregate in ("count", "sum", "avg", "share") or q.share:
        return _indicator_totals(q, p, where)
    columns = ["f.seq", "f.name as fund", "i.name as indicator", "i.op", "i.target_text", "i.unit", "i.weight",
               "i.is_core", "i.target_value", "i.source_line"]
    sql = f"select {', '.join(columns)}\n{INDICATORS}\n{clause(where)}"
    ranking = q.ranking
    metric = (ranking.metric if ranking else None) or "weight"
    if metric not in ("weight", "target_value"):
        raise ComposeError(f"indicators cannot be ranked by {metric}", ["ranking"])
    if ranking and ranking.limit is None and not ranking.sort_only:
        best = "max" if ranking.direction == "desc" else "min"
        joined = " and ".join(where + [f"i.{metric} = (select {best}(i.{metric}) {INDICATORS} {clause(where)})"])
        sql = f"select {', '.join(columns)}\n{INDICATORS}\nwhere {joined}\norder by i.fund_seq, i.position"
    elif ranking:
        limit = f"\nlimit {ranking.limit}" + (f" offset {ranking.offset}" if ranking.offset else "") \
            if ranking.limit and not ranking.sort_only else ""
        sql += f"\norder by i.{metric} {ranking.direction}, i.id{limit}"
    else:
        sql += "\norder by i.fund_seq, i.position"
    return Plan("indicators", sql, p.values, metric, q)


def _indicators_per_fund(q, p):
    """这两个各有几个定性指标: each of the funds pointed at, 0 for one with none (a left join); asked of all funds, or of
    those meeting a condition, only the funds that have some are listed."""
    on = " and ".join(["i.fund_seq = f.seq"] + indicator_where(q.indicators, p))
    sql = (f"select f.seq, f.name, count(i.id) as indicator_count, coalesce(sum(i.is_core), 0) as core_count, "
           f"coalesce(sum(1 - i.is_core), 0) as non_core_count\n{FUNDS}\nleft join indicators i on {on}\n"
           f"{clause(fund_where(q, p))}\ngroup by f.seq, f.name\norder by indicator_count desc, f.seq")
    return Plan("indicator_groups", sql, p.values, "indicator_count", q)


def _indicator_best(q, p, where):
    """The highest (lowest) weight once, with how many indicators share it and their names: one row."""
    metric = q.ranking.metric
    best = f"i.{metric} = (select {q.aggregate}(i.{metric}) {INDICATORS} {clause(where)})".replace("\n", " ")
    sql = (f"select i.{metric} as {q.aggregate}_{metric}, count(*) as indicator_count, "
           f"count(distinct i.fund_seq) as fund_count, group_concat(i.name, '、') as indicators\n"
           f"{INDICATORS}\nwhere {' and '.join(where + [best])}")
    return Plan("indicator_total", sql, p.values, f"{q.aggregate}_{metric}", q)


def _indicator_totals(q, p, where):
    if q.group_by == "fund" and (q.funds or q.subset):
        return _indicators_per_fund(q, p)
    if q.group_by == "fund" or q.group_by == "department":
        key = "f.department" if q.group_by == "department" else "f.seq, f.name"
        sql = (f"select {key}, count(*) as indicator_count, sum(i.is_core) as core_count, "
               f"sum(1 - i.is_core) as non_core_count\n{INDICATORS}\n"
               f"{clause(where)}\ngroup by {key}\norder by indicator_count desc, {key.split(',')[0]}")
        return Plan("indicator_groups", sql, p.values, "indicator_count", q)
    columns = ["count(*) as indicator_count", "count(distinct i.fund_seq) as fund_count", "sum(i.is_core) as core_count",
               "sum(1 - i.is_core) as non_core_count"]
    metric = "indicator_count"
    if q.aggregate == "avg" and "weight" in q.show:
        columns.insert(0, "avg(i.weight) as average_weight")
        metric = "average_weight"
    elif q.aggregate == "avg" and "target_value" in q.show:
        columns.insert(0, "avg(i.target_value) as average_target_value")
        metric = "average_target_value"
    elif q.aggregate == "avg":
        funds = f"(select count(*) {FUNDS} {clause(fund_where(q, p))})".replace("\n", " ")
        columns.insert(0, f"1.0 * count(*) / {funds} as average_indicator_count")
        metric = "average_indicator_count"
    elif q.aggregate == "sum" and "weight" in q.show:
        columns.insert(0, "sum(i.weight) as sum_weight")
        metric = "sum_weight"
    if q.share == "indicator_share":
        everything = fund_where(q, p)
        cond = " and ".join(indicator_where(q.indicators, p))
        sql = (f"select 100.0 * sum(case when {cond} then 1 else 0 end) / count(*) as indicator_share, "
               f"sum(case when {cond} then 1 else 0 end) as indicator_count, count(*) as all_indicators\n"
               f"{INDICATORS}\n{clause(everything)}")
        return Plan("indicator_total", sql, p.values, "indicator_share", q)
    sql = f"select {', '.join(columns)}\n{INDICATORS}\n{clause(where)}"
    return Plan("indicator_total", sql, p.values, metric, q)


def _contacts(q, p):
    """One row per contact (or phone): the funds they answer for and their sums; ranked by the number of
    funds or by a summed amount (哪位联系人负责的专项预算合计最多)."""
    where = fund_where(q, p)
    having = [condition(c, p, "count(*)" if c.metric == "fund_count" else _group_expression(c.metric),
                        department_average) for c in q.group_conditions]
    if q.aggregate == "count" and not q.ranking:
        sql = (f"select count(distinct f.contact) as contact_count, count(distinct f.phone) as phone_count, "
               f"count(*) as fund_count\n{FUNDS}\n{clause(where)}")
        return Plan("contact_count", sql, p.values, "contact_count", q)
    key = "f.phone" if q.target == "phones" else "f.contact, f.phone"
    grouped = (f"select {key}{', group_concat(distinct f.contact) as contact' if q.target == 'phones' else ''}, "
               f"count(*) as fund_count, group_concat(f.name, '、') as funds, {', '.join(SUMS)}\n{FUNDS}\n"
               f"{clause(where)}\ngroup by {key}" + (f"\nhaving {' and '.join(having)}" if having else ""))
    metric = q.ranking.metric if q.ranking and q.ranking.metric in AMOUNTS else "fund_count"
    if q.ranking and not q.ranking.sort_only:
        best = "max" if q.ranking.direction == "desc" else "min"
        measure = "count(*)" if metric == "fund_count" else f"sum(f.{metric})"
        sql = (f"select * from (\n{grouped}\n) where {metric} = (select {best}(n) from (select {measure} as n "
               f"{FUNDS} {clause(where)} group by {key}))\norder by {metric} desc")
        return Plan("contacts", sql, p.values, metric, q)
    if q.ranking:
        return Plan("contacts", grouped + f"\norder by {metric} {q.ranking.direction}, min(f.seq)", p.values, metric, q)
    reported = q.metric if q.aggregate == "sum" and q.metric in AMOUNTS else "fund_count"
    return Plan("contacts", grouped + "\norder by min(f.seq)", p.values, reported, q)


def _comparison(q, p):
    c = q.compare
    metric = c.metric if c.metric in METRICS else "total"
    expression = _group_expression(metric)
    values = []
    for n, (kind, value) in enumerate(c.entities[:2], 1):
        test = f"f.department = {p.add('dept', value)}" if kind == "department" else f"f.seq = {p.add('fund', value)}"
        measured = _group_expression(c.other) if c.other and n == 2 else expression
        values.append(f"(select {measured} {FUNDS} where {test})")   # with other: A's metric, B's other
        if c.other and len(c.entities) == 1:     # one entity, two of its columns
            values.append(f"(select {_group_expression(c.other)} {FUNDS} where {test})")
    first, second = values[:2]
    if c.kind in ("larger", "smaller"):
        where = (f"f.department in ({p.many('dept', [v for _, v in c.entities])})" if c.entities[0][0] == "department"
                 else f"f.seq in ({p.many('fund', [v for _, v in c.entities])})")
        where = " and ".join([where] + fund_where(q, p))
        key = "f.department, d.short_name as department_short" if c.entities[0][0] == "department" else "f.seq, f.name"
        group_by = "group by f.department" if c.entities[0][0] == "department" else "group by f.seq"
        best = "max" if c.kind == "larger" else "min"      # both rows when they are equal
        sql = (f"select {key}, {expression} as {metric}\n{FUNDS}\nwhere {where}\n{group_by}\n"
               f"having {expression} = (select {best}(v) from (select {expression} as v {FUNDS} where {where} "
               f"{group_by}))\norder by {group_by.split()[-1]}")
        return Plan("comparison_pick", sql, p.values, metric, q)
    if c.kind == "difference":
        value = f"abs({first} - {second})" if c.absolute else f"{first} - {second}"
        column = f"difference_{metric}"
    elif c.kind == "ratio":
        value, column = f"1.0 * {first} / {second}", f"ratio_{metric}"
    else:
        value, column = f"100.0 * {first} / {second}", f"percent_{metric}"
    sql = f"select {value} as {column},\n  {first} as first_{metric},\n  {second} as second_{metric}"
    return Plan("comparison", sql, p.values, metric, q)
