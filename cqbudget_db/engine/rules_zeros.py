"""Rules for zeros and wholes: 没有市级支出 / 补助区县为零 / 一分钱…都没有 / 全部补助区县 / 每个专项都…"""

from .query import Condition
from .reader import first
from .rules_conditions import _add, _adjacent

def every_fund(r):
    """哪些部门的每一个专项都安排了补助区县资金 / 所有专项都不补助区县的部门 → a condition on each of a
    department's funds (the smallest above zero, or the largest zero)."""
    for i in r.all("every") + r.all("group", "fund"):
        if r.spans[i].has("group", "fund") and not r.after(i, "every", reach=1) is not None:
            continue
        metric = r.after(i, "metric", reach=4)
        if metric is None or r.spans[metric].sense("metric") not in ("city_spend", "district_subsidy"):
            continue
        negation = r.before(metric, "negation", reach=2)
        name = r.spans[metric].sense("metric")
        condition = Condition(name, "=" if negation is not None else ">", 0.0, level="group",
                              aggregate="max" if negation is not None else "min", text=r.phrase(i, metric))
        _add(r, condition)
        every = r.after(i, "every", reach=1) if r.spans[i].has("group", "fund") else None
        r.take(i, metric, negation, every, meaning=f"每个专项的{name}{'都为0' if negation is not None else '都大于0'}")


def zero_markers(r):
    """补助区县资金大于零但不超过1000万: a zero marker beside a metric another condition already uses."""
    for i in r.all("zero"):
        metric = r.before(i, "metric", reach=1, free=False)
        name = r.spans[metric].sense("metric") if metric is not None else _continued(r, i)
        if name not in ("city_spend", "district_subsidy"):
            continue
        op = "=" if r.spans[i].sense("zero") == "zero" else ">"
        _add(r, Condition(name, op, 0.0, text=r.phrase(metric if metric is not None else i, i)))
        r.take(i, metric, meaning=f"{name} {'= 0' if op == '=' else '> 0'}")


def _continued(r, i):
    """补助区县不到1000万元、但又不是零: the metric of the condition the clause continues."""
    j = i - 1
    while j >= 0 and r.spans[j].kind in ("conj", "function"):
        j -= 1
    if j >= 0 and r.spans[j].kind in ("superlative", "compare_before") and j > 0 and \
            r.spans[j - 1].has("metric") and j < i - 1:
        return r.spans[j - 1].sense("metric")    # 补助区县金额最少（但不为零）的: the ranked column, not zero
    if j < 0 or j == i - 1 or r.free(j) or not r.query.conditions:
        return None
    return r.query.conditions[-1].metric


def none_at_all(r):
    """一分钱市级支出都没有 / 一个核心指标都没有 / 一个指标也没有 → none of it: the amount is 0, or no such
    indicator."""
    for i in r.all("negation"):
        j = i - 1
        if j < 1 or not (r.spans[j].has("every") or r.spans[j].text in ("也", "都")):
            continue
        k = j - 1
        if r.spans[k].has("metric") and r.free(k) and r.spans[k].sense("metric") in ("city_spend", "district_subsidy"):
            metric = r.spans[k].sense("metric")
            _add(r, Condition(metric, "=", 0.0, text=r.phrase(k, i)))
            r.take(k, j, i, *_one(r, k), meaning=f"{metric} = 0")
        elif r.spans[k].has("noun", "indicators"):
            one = _one(r, k)
            if not one:
                continue
            r.query.has_indicator = False
            r.take(j, i, *one, meaning="没有这类指标")


def _one(r, k):
    """一个 / 一分钱 / a single before the thing counted (past its properties: 一个核心指标)."""
    m = k - 1
    while m >= 0 and r.spans[m].kind in ("indicator_attr", "function") and r.spans[m].text not in ("一分钱", "一分"):
        m -= 1
    if m >= 0 and (r.spans[m].text in ("一分钱", "一分", "一个", "一项", "一条") or
                   r.spans[m].kind == "number" and r.spans[m].value.value == 1 and r.spans[m].value.unit == "count"):
        return [m]
    return []


def zeros(r):
    """没有市级支出 / 不补助区县 / 市级支出为零 / 补助区县不为0 / no district subsidy → = 0 or > 0."""
    for i in r.all("metric"):
        name = r.spans[i].sense("metric")
        zero = _adjacent(r, i, 1, "zero")
        before_zero = _adjacent(r, i, -1, "zero")
        reach = 3 if before_zero is not None else 2     # don't give any money to districts
        negation = first(r.before(i, "negation", reach=reach), _adjacent(r, i, 1, "negation"))
        if zero is not None:
            op = "=" if r.spans[zero].value == "zero" else ">"
            marker = zero
        elif before_zero is not None:
            op, marker = ("=" if r.spans[before_zero].value == "zero" else ">"), before_zero
        elif negation is not None and name != "total":
            op, marker = "=", negation
        else:
            continue
        if name == "total" and op == "=":
            continue
        if negation is not None and (zero is not None or before_zero is not None and negation < before_zero):
            op = "=" if op == ">" else ">"
            r.take(negation)
        every = negation is not None and r.spans[negation].text in ("全都不", "都不", "均不", "一律不", "全不")
        level = "group" if every and op == "=" else "auto"
        metric = name
        if level == "group":
            op = "="
        _add(r, Condition(metric, op, 0.0, level=level, text=r.phrase(min(i, marker), max(i, marker))))
        r.take(i, marker, meaning=f"{name} {'= 0' if op == '=' else '> 0'}" + ("（每个专项）" if level == "group" else ""))


def _amount_asked(r, i):
    """计划生育专项给区县补助了多少 / how much does it give to districts: the amount is asked, not a condition
    (谁给区县的补助更多 / who gives the districts most: the amount compared)."""
    compared = r.neighbour(i, 1)
    if compared is not None and r.spans[compared].kind in ("comparative", "superlative"):
        return True
    j = r.after(i, ("ask", "aggregate"), reach=2)
    asks_amount = j is not None and (r.spans[j].has("ask", "howmuch") or r.spans[j].has("ask", "howmany")
                                     or r.spans[j].text in ("多少", "how much"))
    how_much = [k for k in r.all("ask", free=False) if r.spans[k].text == "how much" and k < i]
    if r.lang == "en" and how_much and not r.all("compare_before", free=False):
        return True     # How much does the Health Commission give to districts (across all its funds)?
    return asks_amount and not r.all("noun", "funds", free=False) and not r.all("ask", "which", free=False)


def positive_amounts(r):
    """有补助区县资金但不足1000万 / funds that actually give money to districts → the column is not zero."""
    _positive_after(r)
    for i, span in enumerate(r.spans):
        metric = span.sense("metric")
        if metric not in ("city_spend", "district_subsidy") or i == 0:
            continue
        j = i - 1
        while j > 0 and r.spans[j].text in r.vocab.lists["positive_fillers"]:
            j -= 1
        said = r.spans[j].text
        if not (said in r.vocab.lists["positive_markers"] or said.endswith("有")) or \
                r.before(i, "negation", reach=2) is not None:
            continue
        if any(c.metric == metric and c.op in (">", ">=") for c in r.query.conditions) or _amount_asked(r, i):
            continue
        but = i + 1 < len(r.spans) and r.spans[i + 1].text in ("但", "但是", "可是", "却", "but")
        if not r.free(i) and not but:
            continue
        said_again = i + 1 if i + 1 < len(r.spans) and r.free(i + 1) and r.spans[i + 1].sense("metric") == metric \
            else None       # a subsidy + to the districts and counties: one column, said in two pieces
        _add(r, Condition(metric, ">", 0.0, text=r.phrase(j, first(said_again, i))))
        r.take(j, i, said_again, meaning=f"{metric} > 0")


def _positive_after(r):
    """市级支出有安排但不到1000万元: the column, then 有安排 — it is not zero."""
    spans = r.spans
    for i, span in enumerate(spans[:-2]):
        metric = span.sense("metric")
        if metric not in ("city_spend", "district_subsidy") or spans[i + 1].text != "有" or not r.free(i + 1) \
                or spans[i + 2].text not in r.vocab.lists["positive_after"]:
            continue
        if any(c.metric == metric and c.op in (">", ">=") for c in r.query.conditions):
            continue
        _add(r, Condition(metric, ">", 0.0, text=r.phrase(i, i + 2)))
        r.take(i, i + 1, i + 2, meaning=f"{metric} > 0")


def _all_is(r, i):
    """全部用于补助区县 / 全部是市级支出 / entirely district subsidies → the other column is zero."""
    if r.spans[i].text not in ("全部", "全都", "全部是", "全都是", "entirely", "wholly", "purely", "all of it"):
        return
    j = i + 1
    while j < len(r.spans) and r.spans[j].text in r.vocab.lists["whole_connectors"]:
        j += 1
    if j < len(r.spans) and r.free(j) and j == i + 1 and _restates(r, j):
        r.take(i, j)        # 市级支出都没有，全部补给区县: the same condition said the other way round
        return
    if j >= len(r.spans) or not r.free(j) or j == i + 1 and r.spans[i].text not in ("全部是", "全都是", "entirely",
                                                                                  "wholly", "purely"):
        return
    metric = r.spans[j].sense("metric")
    other = {"district_subsidy": "city_spend", "city_spend": "district_subsidy"}.get(metric)
    if other is None or r.spans[j].sense("share") or r.after(j, ("compare_before", "number"), reach=1) is not None:
        return
    _add(r, Condition(other, "=", 0.0, text=r.phrase(i, j)))
    money = r.neighbour(i, -1)      # 资金全部用于补助区县: the money that is all of it
    money = money if money is not None and r.free(money) and r.spans[money].has("metric", "total") else None
    r.take(i, *range(i + 1, j + 1), money, meaning=f"{other} = 0（全部是{metric}）")


def _restates(r, j):
    metric = r.spans[j].sense("metric")
    other = {"district_subsidy": "city_spend", "city_spend": "district_subsidy"}.get(metric)
    return other is not None and any(c.metric == other and c.op == "=" and c.value == 0 for c in r.query.conditions)


def _money_then_districts(r, i):
    """资金都给了区县: the money, 都, then a verb phrase naming the districts."""
    j = i + 1
    while j < len(r.spans) and r.spans[j].text in ("都", "全", "全都", "均", "all"):
        j += 1
    if j >= len(r.spans) or not r.free(j) or r.spans[j].sense("metric") != "district_subsidy":
        return
    if j == i + 1 and not r.spans[j].text.startswith(("都", "全")):
        return
    _add(r, Condition("city_spend", "=", 0.0, text=r.phrase(i, j)))
    r.take(i, j, meaning="city_spend = 0（全部补助区县）")



def all_to_districts(r):
    """钱全部补助给区县的专项 / 资金都给了区县的专项 / funds that give their entire budget to the districts
    → no city-level spending.

    Only with the money named before 全部: 全部补助区县资金 names a column, it is no condition.
    """
    for i in r.all("metric", "total") + r.all("scope_all", free=False):
        if r.spans[i].kind == "metric":
            _money_then_districts(r, i)
            continue
        _all_is(r, i)
        money = i if r.spans[i].text.endswith(MONEY) else r.neighbour(i, -1)     # 全部资金都用于补助区县
        metric = r.neighbour(i, 1)
        while metric is not None and r.spans[metric].text in r.vocab.lists["whole_connectors"]:
            metric = r.neighbour(metric, 1)
        if metric is not None and r.spans[metric].has("metric", "total") and r.neighbour(metric, 1) is not None:
            money, metric = metric, r.neighbour(metric, 1)
        if money is None or metric is None or not r.free(metric) or not r.free(money):
            continue
        if not (money == i or r.spans[money].has("metric", "total")) or \
                r.spans[metric].sense("metric") != "district_subsidy":
            continue
        _add(r, Condition("city_spend", "=", 0.0, text=r.phrase(money, metric)))
        r.take(money, i, *range(i + 1, metric + 1), meaning="city_spend = 0（全部补助区县）")


MONEY = ("资金", "钱", "经费", "预算")
OTHER_COLUMN = {"district_subsidy": "city_spend", "city_spend": "district_subsidy"}


def wholly_one_column(r):
    """100% district subsidy / 百分之百都是补助区县 → all of it is that column: the other column is zero."""
    for i in r.all("number"):
        number = r.spans[i].value
        if number.unit != "percent" or number.value != 100:
            continue
        j = r.neighbour(i, 1)
        while j is not None and r.spans[j].text in r.vocab.lists["whole_connectors"] + ("全",):
            j = r.neighbour(j, 1)
        column = r.spans[j].sense("metric") if j is not None and r.free(j) else None
        if column not in OTHER_COLUMN or r.before(i, ("compare_before", "compare_after"), reach=1) is not None:
            continue
        money = r.neighbour(i, -1)       # 钱百分之百都是补助区县: the money, all of it
        money = money if money is not None and r.free(money) and r.spans[money].has("metric", "total") else None
        _add(r, Condition(OTHER_COLUMN[column], "=", 0.0, text=r.phrase(i, j)))
        r.take(i, *range(i + 1, j + 1), money, meaning=f"{OTHER_COLUMN[column]} = 0")


def restated_wholes(r):
    """没有市级支出、全部补助区县 / 完全是市级支出、不补助区县 → the second half says the first again."""
    zero = {c.metric for c in r.query.conditions if c.op == "=" and c.value == 0 and not c.other}
    for i in r.all("metric"):
        column = r.spans[i].sense("metric")
        if OTHER_COLUMN.get(column) not in zero:
            continue
        before = [j for j in (i - 1, i - 2) if j >= 0 and r.spans[j].text in r.vocab.lists["whole_words"]]
        if before:
            r.take(i, *before, meaning=f"{OTHER_COLUMN[column]} = 0（即全部为{column}）")
