"""What each kind of plan can express.

Filters (names, conditions, text, indicator properties) always reach the SQL through
sql.fund_where.  The other parts of a query change the shape of the answer, and each plan
expresses only some of them: a count has no contact column, a list of contacts no budget
ranking.  compose() refuses a query that asks for a part its plan would silently drop, so the
engine never answers a smaller question than the one it was asked.
"""

from .query import Query

# part → (zh, en) for the refusal: what could not be combined with the rest
PARTS = {
    "fields": ("显示联系人、概况等字段", "showing contacts, overviews or other fields"),
    "show": ("显示指定的金额或指标属性", "showing the named amount"),
    "ranking": ("排名或最大最小", "a ranking or a largest/smallest"),
    "ranking:offset": ("第几名", "the nth place"),
    "ranking:per_group": ("各组内排名", "a ranking within each group"),
    "ranking:avg": ("按平均值排名", "a ranking by average"),
    "ranking:sort": ("排序", "sorting"),
    "group_conditions": ("按部门合计的条件", "a condition on a department's total"),
    "share": ("占比", "a share"),
    "group_by:department": ("按部门分组", "grouping by department"),
    "group_by:fund": ("按专项分组", "grouping by fund"),
    "group_by:contact": ("按联系人分组", "grouping by contact"),
    "filters": ("附加条件", "an extra condition"),
    "show:other": ("比较另一项金额", "comparing another amount"),
    "show:counts": ("逐项计数", "a count for each"),
    "compare": ("两者以上的比较", "a comparison of more than two things"),
}
AGGREGATES = {"count": ("计数", "a count"), "sum": ("合计", "a total"), "avg": ("平均", "an average"),
              "median": ("中位数", "a median"), "spread": ("差距", "a spread"), "share": ("占比", "a share"),
              "rank": ("名次", "a place in the order"), "max": ("最大值", "the highest value"),
              "min": ("最小值", "the lowest value")}

_RANKINGS = {"ranking", "ranking:sort", "ranking:offset"}
COUNTS = {"indicator_count", "core_count", "qualitative_count", "non_core_count"}
HONOURS = {
    "funds": {"fields", "show", "group_by:fund", "group_by:department", "ranking:per_group", "group_conditions"}
    | _RANKINGS,
    "fund_total": {"show", "share", "ranking", "ranking:sort", "group_by:fund",
                   "aggregate:count", "aggregate:sum", "aggregate:avg", "aggregate:median", "aggregate:spread",
                   "aggregate:share"},
    "departments": {"show", "share", "group_conditions", "group_by:department", "group_by:fund", "ranking:avg",
                    "aggregate:count", "aggregate:sum", "aggregate:avg", "aggregate:share"} | _RANKINGS,
    "department_count": {"show", "group_conditions", "group_by:department", "aggregate:count"},
    "department_average": {"group_by:department", "aggregate:avg"},
    "department_set": {"share", "ranking", "aggregate:share", "aggregate:sum"},
    "indicators": {"show", "group_by:fund", "group_conditions"} | _RANKINGS,
    "indicator_groups": {"group_by:fund", "group_by:department", "aggregate:count", "group_conditions"},
    "indicator_total": {"show", "share", "aggregate:count", "aggregate:sum", "aggregate:avg", "aggregate:share",
                        "aggregate:max", "aggregate:min", "group_conditions"},
    "contact_count": {"aggregate:count", "group_by:fund"},
    "contacts": {"fields", "group_by:fund", "ranking", "ranking:sort", "group_conditions", "group_by:contact", "aggregate:sum"},
    "comparison_pick": {"show", "ranking", "aggregate:sum"},
    "fund_rank": {"show", "aggregate:rank"},
    "comparison": {"show", "aggregate:sum"},
}
WHOLE_FIELDS = {"departments": {"department"}, "department_count": {"department"}, "contacts": {"contact", "phone"},
                "contact_count": {"contact", "phone"}, "indicators": {"goal"}}


def asked(q: Query, kind: str):
    """The parts of q that shape its answer (beyond which rows count)."""
    parts = set()
    implied = {"contact", "phone"} if q.people or q.phones else set()     # 周佩雯负责几个专项: 联系人 names her
    if set(q.fields) - {"name"} - implied - WHOLE_FIELDS.get(kind, set()):
        parts.add("fields")
    if q.aggregate:
        parts.add(f"aggregate:{q.aggregate}")
    if q.ranking and q.aggregate not in ("max", "min"):     # the highest value: the ranking is the aggregate
        parts.add("ranking:sort" if q.ranking.sort_only else "ranking")
        if q.ranking.offset:
            parts.add("ranking:offset")
        if q.ranking.per_group:
            parts.add("ranking:per_group")
        if q.ranking.aggregate:
            parts.add(f"ranking:{q.ranking.aggregate}")
    if q.group_by:
        parts.add(f"group_by:{q.group_by}")
    if q.group_conditions:
        parts.add("group_conditions")
    if q.share:
        parts.add("share")
    if q.show:
        parts.add("show")
    compared = {v for k, v in q.compare.entities if k == "fund"} if q.compare else set()
    if kind == "comparison" and (q.conditions or q.texts or not q.indicators.empty() or q.people
                                 or set(q.funds) - compared):
        parts.add("filters")
    if kind == "indicators" and set(q.show) & COUNTS:
        parts.add("show:counts")        # 各有几个核心指标 asked of a listing: the counts would be left out
    if kind.startswith("comparison") and q.compare and set(q.show) - {q.compare.metric, q.compare.other}:
        parts.add("show:other")         # A的市级支出比B的预算多多少, read as budgets: the other amount is not compared
    return parts


def dropped(q: Query, kind: str):
    """The parts of q a plan of this kind would leave out."""
    return sorted(asked(q, kind) - HONOURS[kind])


def describe_parts(parts, lang):
    index = 0 if lang == "zh" else 1
    words = [(AGGREGATES[p.split(":")[1]] if p.startswith("aggregate:") else PARTS[p])[index] for p in parts]
    return ("、" if lang == "zh" else ", ").join(words)
