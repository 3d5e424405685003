"""Rules for conditions: a metric compared with a number, a range, another metric
(times a multiplier), the average, or zero.

Each rule names the metric it compares from the spans around the comparison;
when it cannot tell which metric is meant it consumes nothing, and the
question is refused as not understood rather than read against the wrong column.
"""

from .reader import first
from .query import Condition

AMOUNT_METRICS = ("total", "city_spend", "district_subsidy")
SHARE_OF = {"district_subsidy": "district_share", "city_spend": "city_share", "total": "share_of_all"}
FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "="}
NEAR = ("metric", "share", "indicator_attr", "noun", "aggregate")


def _add(r, condition):
    q = r.query
    if condition in q.conditions + q.group_conditions + q.indicators.conditions:
        return
    if condition.metric in ("weight", "target_value") and condition.aggregate != "sum":
        q.indicators.conditions.append(condition)
    elif condition.level == "group":
        q.group_conditions.append(condition)
    else:
        q.conditions.append(condition)


def _say(op):
    return {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "=", "!=": "≠"}[op]


class Subject:
    """What a comparison is about: the metric, and the spans that named it."""

    def __init__(self, metric, spans=(), level="auto"):
        self.metric, self.spans, self.level = metric, [s for s in spans if s is not None], level
        self.aggregate = None


def subject(r, i, number=None, reach=4, number_at=None):
    """The metric compared at span i: a noun right after a count (10个指标, 3 funds), else the
    metric named before it in the clause, else just after it."""
    if number is not None and number.unit in ("count", "plain"):
        counted = _counted_noun(r, number_at if number_at is not None else i)
        if counted:
            return counted
    if number is not None and number.unit == "percent":
        share = _share_in_clause(r, i)
        if share:
            return share
    previous = i - 1
    if number is not None and number.unit == "money" and previous >= 0 and r.spans[previous].has("noun", "funds"):
        return Subject("total", [], "fund")         # funds over 1 billion: each fund's budget
    found = _subject_at(r, i, -1, number, reach)
    if found:
        return found
    after = _subject_after(r, number_at if number_at is not None else i, number)
    if after:
        return after
    chained = _chained_subject(r, i)
    if chained:
        return chained
    if number is not None and number.unit == "money":
        return Subject("total", [], "auto")
    return None


def _chained_subject(r, i):
    """district subsidy above 300 million but below 500 million / 补助区县超过3亿但不到5亿: a bound joined to
    the condition before it measures the same thing."""
    j = i - 1
    while j >= 0 and (r.spans[j].kind in ("function", "conj", "compare_before") or r.spans[j].has("followup", "again")):
        j -= 1
    if j >= 0 and r.spans[j].kind == "number" and r.used[j] and r.query.conditions:
        last = r.query.conditions[-1]
        if not last.other and last.reference is None:
            return Subject(last.metric, [], last.level)
    return None


def _subject_after(r, i, number):
    """… more than 500 million yuan in subsidies: a metric right after the number (past in / of / to)."""
    j = i + 1
    while j < len(r.spans) and (r.spans[j].kind in ("function", "text_weak") or r.spans[j].has("compare_after")):
        j += 1
    if j < len(r.spans) and r.spans[j].has("metric") and r.free(j):
        return _subject_of(r, j, 1, number)
    return None


def _share_in_clause(r, i):
    """80% of their budget to districts: a percentage of the total, the part named anywhere in the clause."""
    lo, hi = r.clause_of(i)
    parts = [j for j in range(lo, hi + 1) if r.free(j) and r.spans[j].sense("metric") in ("city_spend", "district_subsidy")]
    totals = [j for j in range(lo, hi + 1) if r.free(j) and r.spans[j].sense("metric") == "total"]
    names = {r.spans[j].sense("metric") for j in parts}
    if len(names) == 1 and totals and not any(r.spans[j].sense("share") for j in range(lo, hi + 1)):
        return Subject(SHARE_OF[names.pop()], parts + totals)
    return None


def _subject_at(r, i, step, number, reach):
    """The first span in direction step that names what is compared (a sum word is skipped)."""
    j = i
    for _ in range(3):
        j = r.before(j, NEAR, reach=reach) if step < 0 else r.after(j, NEAR, reach=reach)
        if j is None:
            return None
        if r.spans[j].has("aggregate", "sum") or r.spans[j].has("aggregate", "avg"):
            continue
        return _subject_of(r, j, step, number)
    return None


def _subject_of(r, j, step, number):
    span = r.spans[j]
    unit = number.unit if number else None
    if span.has("indicator_attr", "weight"):
        summed = first(_adjacent(r, j, 1, "aggregate"), _adjacent(r, j, -1, "aggregate"))
        if summed is not None and r.spans[summed].has("aggregate", "sum"):
            subject = Subject("weight", [j, summed], "fund")
            subject.aggregate = "sum"           # 核心指标的权重合计超过70%: per fund, summed
            return subject
        return Subject("weight", [j], "indicator")
    if span.has("indicator_attr", "target"):
        return Subject("target_value", [j], "indicator")
    if span.has("metric") and span.sense("share"):
        return Subject(span.sense("share"), [j]) if unit in ("percent", "plain", None) else None
    if span.has("metric"):
        metric = span.sense("metric")
        share = r.after(j, "share", reach=2) if step < 0 else None
        if unit == "percent" or share is not None:
            return Subject(SHARE_OF[metric] if not _of_all(r, j) or metric != "total" else "share_of_all", [j, share])
        if unit in ("count", "times"):
            return None
        subject = Subject(metric, [j], _level_word(r, j))
        average = r.before(j, ("aggregate", "reference"), reach=2, free=False)
        if average is not None and (r.spans[average].has("aggregate", "avg") or r.spans[average].has("reference")):
            subject.level, subject.aggregate = "group", "avg"
            subject.spans.append(average)
        return subject
    if span.has("share") and unit == "percent":
        metric = r.before(j, "metric", reach=2, free=False)
        named = r.spans[metric].sense("metric") if metric is not None else "district_subsidy"
        return Subject(SHARE_OF[named], [j])
    if span.has("noun") and unit in ("count", "plain", None):
        return _count_subject(r, j, span.sense("noun"))
    if span.has("aggregate", "count") and unit in ("count", "plain"):
        noun = r.before(j, "noun", reach=2, free=False)
        if noun is not None:
            return _count_subject(r, noun, r.spans[noun].sense("noun"), extra=[j])
    return None


def _counted_noun(r, i):
    """至少一个定性指标 / more than 10 indicators / 3个以上专项: the noun the number counts."""
    j = r.neighbour(i, 1)
    while j is not None and (r.spans[j].has("compare_after") or r.spans[j].has("indicator_attr")
                             or r.spans[j].has("operator_symbol")):
        j = r.neighbour(j, 1)
    if j is None or not r.spans[j].has("noun"):
        return None
    if r.spans[j].has("noun", "funds"):
        earlier = r.before(i, "noun", reach=3)
        if earlier is not None and r.spans[earlier].has("noun", "indicators"):
            return _count_subject(r, earlier, "indicators")
    return _count_subject(r, j, r.spans[j].sense("noun"))


def _count_subject(r, j, noun, extra=()):
    counted = _adjacent(r, j, 1, "aggregate") if r.free(j + 1) else None
    if counted is not None and r.spans[counted].has("aggregate", "count"):
        extra = [*extra, counted]
    r.metric_parts.update([j, *[e for e in extra if e is not None]])
    if noun == "indicators":
        attr = r.before(j, "indicator_attr", reach=1)
        kind = r.spans[attr].value if attr is not None else None
        metric = {"core": "core_count", "qualitative": "qualitative_count"}.get(kind, "indicator_count")
        return Subject(metric, [j, attr if kind in ("core", "qualitative") else None, *extra])
    if noun == "funds":
        return Subject("fund_count", [j, *extra], "group")
    return None


def _of_all(r, j):
    return r.before(j, "scope_all", reach=2, free=False) is not None


def _level_word(r, j):
    """合计 / 总额 / combined before the metric: the department's funds taken together."""
    summed = first(r.before(j, "aggregate", reach=1, free=False), r.after(j, "aggregate", reach=1, free=False))
    if summed is not None and r.spans[summed].has("aggregate", "sum"):
        return "group"
    if r.spans[j].text in ("总额", "总预算", "预算总额", "资金总额", "总金额"):
        return "group"
    return "auto"


def _value(r, number, metric, i):
    """The number in the metric's unit: 万元 for amounts (a bare number below 1,000 read as 亿元)."""
    value = number.value
    if metric in AMOUNT_METRICS and number.unit == "plain":
        if value < 1000:
            r.note(f"“{number.raw}”没有单位，按亿元理解")
            return value * 10000
        r.note(f"“{number.raw}”没有单位，按万元理解")
    if metric in AMOUNT_METRICS and number.unit not in ("money", "plain"):
        return None
    if metric not in AMOUNT_METRICS and number.unit == "money":
        return None
    return value


def _per_fund(r, i):
    """超过10亿的专项 / departments with funds over 2 billion: a condition on each fund."""
    nxt = r.neighbour(i, 1)
    if nxt is not None and r.spans[nxt].has("noun", "funds"):
        return True
    before = r.before(i, "noun", reach=3, free=False)
    return r.lang == "en" and before is not None and r.spans[before].has("noun", "funds")


def ranges(r):
    """在1亿元到5亿元之间 / 1亿至5亿 / between 50 and 100 million yuan → between (both ends included)."""
    numbers = r.all("number")
    for a, b in zip(numbers, numbers[1:]):
        joiner = [j for j in range(a + 1, b) if r.spans[j].kind != "function"]
        lead = r.before(a, "between", reach=1)
        tail = r.after(b, "between", reach=1)
        marked = lead is not None or tail is not None
        if len(joiner) != 1 or not (r.spans[joiner[0]].has("between", "to")
                                    or marked and r.spans[joiner[0]].text in ("and", "和", "与", "及", "-")):
            continue
        low, high = r.spans[a].value, r.spans[b].value
        if low.unit == "plain" and high.unit in ("money", "percent"):
            low.value, low.unit, low.scale = low.value * high.scale, high.unit, high.scale
        if not marked and low.unit != high.unit and "plain" not in (low.unit, high.unit):
            continue
        found = subject(r, lead if lead is not None else a, high) or subject(r, b, high)
        if not found:
            continue
        lo, hi = _value(r, low, found.metric, a), _value(r, high, found.metric, b)
        if lo is None or hi is None:
            continue
        _add(r, Condition(found.metric, "between", min(lo, hi), max(lo, hi), level=found.level,
                          text=r.phrase(a, b)))
        r.take(a, b, joiner[0], lead, tail, *found.spans, meaning=f"{found.metric} 在 {r.phrase(a, b)} 之间")
        r.take(*_restated_bounds(r, max(a, b, tail or 0), (low.value, high.value)))


def _restated_bounds(r, j, bounds):
    """（含5亿和10亿） / (inclusive of both): the bounds said again, as included."""
    k = j + 1
    found = []
    while k < len(r.spans) and (r.spans[k].kind in ("function", "conj", "text_weak") or
                                r.spans[k].kind == "number" and r.spans[k].value.value in bounds):
        if r.spans[k].kind == "number" or r.spans[k].text in ("含", "包括", "包含", "including", "inclusive"):
            found.append(k)
        k += 1
    return found if any(r.spans[m].kind == "number" for m in found) else []


def comparisons(r):
    """超过10亿 / 10亿以上 / 不少于4个指标 / at least 2 billion / 权重为25% → metric op value."""
    for i in r.all("number"):
        number = r.spans[i].value
        if number.unit in ("year", "ordinal", "times") or r.before(i, "rank_nth", reach=1) is not None \
                or r.before(i, "rank_top", reach=1) is not None:
            continue
        before = r.before(i, ("compare_before",), reach=1)
        after = r.after(i, ("compare_after",), reach=1)
        if before is not None:
            op, anchor = r.spans[before].value, before
        elif after is not None:
            op, anchor = r.spans[after].value, i
        elif _equals_position(r, i):
            op, anchor = "=", i
        elif i > 0 and r.spans[i - 1].text in ("only", "just", "exactly"):
            op, anchor, before = "=", i, i - 1       # departments with only one fund
        else:
            continue
        found = subject(r, anchor, number, number_at=i)
        if found is None:
            continue
        value = _value(r, number, found.metric, i)
        if value is None:
            continue
        level = "fund" if found.level == "auto" and _per_fund(r, after if after is not None else i) else found.level
        _add(r, Condition(found.metric, op, value, level=level, aggregate=found.aggregate,
                          text=r.phrase(*[k for k in (before, i, after) if k is not None])))
        for other in _joined_metrics(r, found):
            _add(r, Condition(r.spans[other].sense("metric"), op, value, level=level, text=r.spans[other].text))
            found.spans.append(other)
        if found.metric == "target_value" and number.unit == "percent" and "%" not in r.query.indicators.units:
            r.query.indicators.units.append("%")
        r.take(i, before, after, *found.spans,
               meaning=f"{ {'avg': '平均', 'sum': '合计'}.get(found.aggregate, '')}{found.metric} {_say(op)} {number.raw}")


def _joined_metrics(r, found):
    """补助区县和市级支出都超过1亿: the other metric joined to the subject shares its condition."""
    if not found.spans or r.spans[found.spans[0]].sense("metric") not in AMOUNT_METRICS:
        return []
    j = found.spans[0] - 1
    while j > 0 and r.spans[j].kind == "function":
        j -= 1
    if j > 0 and r.spans[j].kind == "conj" and r.spans[j].text in ("和", "与", "及", "、", "and"):
        k = r.neighbour(j, -1)
        both = any(r.spans[m].text in ("都", "均", "都是", "both", "each") for m in range(max(0, (k or 0) - 1), found.spans[0] + 4)
                   if m < len(r.spans))
        if k is not None and r.free(k) and r.spans[k].sense("metric") in AMOUNT_METRICS and both:
            r.take(j)
            return [k]
    return []


def _equals_position(r, i):
    """权重为25% / 预算2亿元的专项: a number right after what it measures, with no comparator."""
    previous = r.neighbour(i, -1)
    if previous is None:
        return False
    span = r.spans[previous]
    number = r.spans[i].value
    return (span.has("indicator_attr", "weight") or span.has("indicator_attr", "target")
            or (span.has("metric") and number.unit == "money"))


def multiples(r):
    """补助区县是市级支出的三倍以上的专项 / 补助区县达到市级支出两倍以上的专项 → one column against a
    multiple of another."""
    for i in r.all("multiplier"):
        span = r.spans[i]
        factor = _factor(r, i)
        if factor is None:
            continue
        if span.value == "half":
            _half(r, i)
            continue
        second = r.before(i, "metric", reach=3)
        earlier = r.before(second, "metric", reach=4) if second is not None else None
        if earlier is None:
            continue
        op_i = first(r.after(i, "compare_after", reach=1), r.before(second, "compare_before", reach=2),
                     r.before(i, "compare_before", reach=1))
        op = r.spans[op_i].value if op_i is not None else ">="
        verb = r.before(second, "compare_before", reach=2)
        if verb is not None and verb != op_i and r.spans[verb].value in (">=", ">"):
            r.take(verb)
        a, b = r.spans[earlier].sense("metric"), r.spans[second].sense("metric")
        _add(r, Condition(a, op, other=b, factor=factor, text=r.phrase(earlier, i)))
        number = r.before(i, "number", reach=1)
        r.take(earlier, second, i, op_i, number, meaning=f"{a} {_say(op)} {factor:g} × {b}")


def _factor(r, i):
    span = r.spans[i]
    fixed = {"twice": 2.0, "thrice": 3.0, "half": 0.5}.get(span.value)
    if fixed:
        return fixed
    number = r.before(i, "number", reach=1)
    return r.spans[number].value.value if number is not None else None


def _half(r, i):
    """补助区县超过一半 / more than half of the budget to districts → share > 50%."""
    op_i = first(r.before(i, ("compare_before",), reach=2), r.after(i, "compare_after", reach=1))
    metric = first(r.before(i, "metric", reach=4), r.after(i, "metric", reach=4))
    if op_i is None or metric is None:
        return
    named = r.spans[metric].sense("metric")
    part = r.before(metric, "metric", reach=3) if named == "total" else None
    if part is not None and r.spans[part].sense("metric") in SHARE_OF and r.spans[part].sense("metric") != "total":
        named, metric = r.spans[part].sense("metric"), [part, metric]     # 补助区县不到总额一半
    elif named == "total":
        other = r.after(i, "metric", reach=4)
        if other is None or other == metric or r.spans[other].sense("metric") == "total":
            return
        named, metric = r.spans[other].sense("metric"), [metric, other]
    else:
        metric = [metric]
    share = SHARE_OF.get(named)
    if share is None:
        return
    _add(r, Condition(share, r.spans[op_i].value, 50.0, text=r.phrase(op_i, i)))
    r.take(i, op_i, *metric, meaning=f"{share} {_say(r.spans[op_i].value)} 50%")


def halves(r):
    """补助区县占比过半的专项 / 补助区县超过一半的专项 / funds giving more than half of the budget to districts
    → share > 50%."""
    for i in r.all("half"):
        metric = first(r.before(i, "metric", reach=4), r.after(i, "metric", reach=4))
        if metric is None:
            continue
        span = r.spans[metric]
        named = span.sense("metric")
        share = named if span.kind == "share" else SHARE_OF.get(named)
        if named == "total":
            other = r.after(metric, "metric", reach=4)
            if other is None:
                continue
            share, metric = SHARE_OF.get(r.spans[other].sense("metric")), [metric, other]
        else:
            metric = [metric]
        if share in (None, "share_of_all"):
            continue
        op = r.spans[i].value
        _add(r, Condition(share, op, 50.0, text=r.phrase(i, i)))
        r.take(i, *metric, meaning=f"{share} {_say(op)} 50%")


def columns(r):
    """补助区县多于市级支出 / district subsidies exceed city spending → one column against another."""
    for i in r.all("compare_before"):
        if r.after(i, "number", reach=1) is not None:
            continue
        earlier = r.before(i, "metric", reach=2)
        later = r.after(i, "metric", reach=2)
        if earlier is None or later is None:
            continue
        a, b = r.spans[earlier].sense("metric"), r.spans[later].sense("metric")
        if a == b:
            continue
        op = r.spans[i].value
        summed = [k for k in range(earlier, later + 3) if k < len(r.spans) and r.spans[k].has("aggregate", "sum")]
        own = [k for k in range(earlier, later) if r.spans[k].has("own")]
        gap = _gap_after(r, later)
        if gap:
            op, value, spans = gap[0] or op, gap[1], gap[2]
        else:
            value, spans = None, []
        _add(r, Condition(a, op, value=value, other=b, level="group" if summed else "auto",
                          text=r.phrase(earlier, max([later] + spans))))
        r.take(earlier, i, later, *summed, *own, *spans, meaning=f"{a} {_say(op)} {b}" + (f" + {value:g}" if value else ""))


MORE, LESS = ("多", "高", "大", "多出", "高出", "超过", "超出", "多于", "高于", "大于"), ("少", "低", "小", "少于", "低于", "小于")


def than_columns(r):
    """补助区县比市级支出多的专项 / 市级支出比补助区县多10亿以上的专项 → one column against the other
    (补助区县比市级支出多多少 asks a gap: left to the comparison rules)."""
    for t in r.all("than"):
        a, b = r.before(t, "metric", reach=1), r.after(t, "metric", reach=1)
        if a is None or b is None or r.spans[a].sense("metric") == r.spans[b].sense("metric"):
            continue
        k = r.neighbour(b, 1)
        if k is not None and r.spans[k].has("followup", "again"):
            k = r.neighbour(k, 1)       # 比市级支出还多
        if k is None or r.spans[k].text not in MORE + LESS or _asks_how_much(r, k):
            continue
        more = r.spans[k].text in MORE
        op, value, extra = (">" if more else "<"), None, []
        n = r.neighbour(k, 1)
        if n is not None and r.spans[n].kind == "number" and r.spans[n].value.unit == "money":
            value, extra = r.spans[n].value.value * (1 if more else -1), [n]
            after = r.neighbour(n, 1)
            if after is not None and r.spans[after].has("compare_after"):
                op = (">=" if more else "<=") if r.spans[after].value in (">=", "<=") else op
                extra.append(after)
        ma, mb = r.spans[a].sense("metric"), r.spans[b].sense("metric")
        _add(r, Condition(ma, op, value=value, other=mb, text=r.phrase(a, max([k] + extra))))
        r.take(a, t, b, k, *extra, meaning=f"{ma} {_say(op)} {mb}" + (f" + {value:g}" if value else ""))


def _asks_how_much(r, k):
    nxt = k + 1 < len(r.spans) and r.spans[k + 1]
    return bool(nxt) and nxt.text.startswith(("多少", "几"))


def _gap_after(r, j):
    """… exceeding their district subsidy by at least 1 billion yuan: (op, amount in 万元, spans) or None."""
    k = j + 1
    if k >= len(r.spans) or r.spans[k].text != "by":
        return None
    spans, op = [k], None
    if k + 1 < len(r.spans) and r.spans[k + 1].kind == "compare_before":
        op, k = r.spans[k + 1].value, k + 1
        spans.append(k)
    if k + 1 < len(r.spans) and r.spans[k + 1].kind == "number" and r.spans[k + 1].value.unit == "money":
        spans.append(k + 1)
        return op, r.spans[k + 1].value.value, spans
    return None


def averages(r):
    """高于平均水平的专项 / 预算低于平均值的专项 / funds above the average / funds larger than the average of
    their own department → a comparison with an average."""
    for i in r.all("reference", "average"):
        op_i = first(r.before(i, ("compare_before",), reach=3), r.after(i, "compare_after", reach=1))
        if op_i is None:
            continue
        metric = first(r.before(op_i, "metric", reach=3), r.after(i, "metric", reach=2),
                       r.before(i, "metric", reach=2))
        name = r.spans[metric].sense("metric") if metric is not None else "total"
        own = first(r.before(i, "own", reach=3), r.after(i, "own", reach=2))
        department = r.before(i, "department", free=False, reach=3)
        scope = "department" if own is not None else "all"
        condition = Condition(name, r.spans[op_i].value, reference="average", ref_scope=scope, level="auto",
                              text=r.phrase(op_i, i))
        _add(r, condition)
        extra = [k for k in (metric, own) if k is not None]
        for k in (r.neighbour(i, -1), r.neighbour(i, 1)):
            if k is not None and r.free(k) and r.spans[k].sense("metric") == name:
                extra.append(k)
        scope = r.before(i, "scope_all", reach=2)
        r.take(i, op_i, *extra, scope, meaning=f"{name} {_say(condition.op)} 平均值" + ("（本部门）" if own else ""))
        if department is not None and own is not None:
            condition.ref_scope = "department"


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
        if metric is None or r.spans[metric].sense("metric") not in ("city_spend", "district_subsidy"):
            continue
        op = "=" if r.spans[i].sense("zero") == "zero" else ">"
        _add(r, Condition(r.spans[metric].sense("metric"), op, 0.0, text=r.phrase(metric, i)))
        r.take(i, metric, meaning=f"{r.spans[metric].sense('metric')} {'= 0' if op == '=' else '> 0'}")


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
        negation = first(r.before(i, "negation", reach=2), _adjacent(r, i, 1, "negation"))
        zero = _adjacent(r, i, 1, "zero")
        before_zero = _adjacent(r, i, -1, "zero")
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
        if negation is not None and zero is not None:
            op, marker = ("=" if op == ">" else ">"), zero
            r.take(negation)
        every = negation is not None and r.spans[negation].text in ("全都不", "都不", "均不", "一律不", "全不")
        level = "group" if every and op == "=" else "auto"
        metric = name
        if level == "group":
            op = "="
        _add(r, Condition(metric, op, 0.0, level=level, text=r.phrase(min(i, marker), max(i, marker))))
        r.take(i, marker, meaning=f"{name} {'= 0' if op == '=' else '> 0'}" + ("（每个专项）" if level == "group" else ""))


POSITIVE = {"有", "给", "give", "gives", "giving", "pay", "pays", "send", "sends", "have", "has", "with", "do", "does",
            "provide", "provides", "receive", "receives", "subsidize", "subsidise", "有钱"}


def positive_amounts(r):
    """有补助区县资金但不足1000万 / funds that actually give money to districts → the column is not zero."""
    for i, span in enumerate(r.spans):
        metric = span.sense("metric")
        if metric not in ("city_spend", "district_subsidy") or i == 0:
            continue
        j = i - 1
        while j > 0 and r.spans[j].text in ("actually", "do", "does", "really", "at least some", "some", "any"):
            j -= 1
        said = r.spans[j].text
        if not (said in POSITIVE or said.endswith("有")) or r.before(i, "negation", reach=2) is not None:
            continue
        if any(c.metric == metric and c.op in (">", ">=") for c in r.query.conditions):
            continue
        but = i + 1 < len(r.spans) and r.spans[i + 1].text in ("但", "但是", "可是", "却", "but")
        if not r.free(i) and not but:
            continue
        _add(r, Condition(metric, ">", 0.0, text=r.phrase(j, i)))
        r.take(j, i, meaning=f"{metric} > 0")


def _all_is(r, i):
    """全部用于补助区县 / 全部是市级支出 / entirely district subsidies → the other column is zero."""
    if r.spans[i].text not in ("全部", "全都", "全部是", "全都是", "entirely", "wholly", "purely", "all of it"):
        return
    j = i + 1
    while j < len(r.spans) and r.spans[j].text in ("用于", "是", "都是", "给", "都", "用在", "由", "为", "都由", "来自", "属于"):
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
    r.take(i, *range(i + 1, j + 1), meaning=f"{other} = 0（全部是{metric}）")


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


def _adjacent(r, i, step, kind):
    j = r.neighbour(i, step)
    return j if j is not None and r.free(j) and r.spans[j].has(kind) else None


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
        money = r.neighbour(i, -1)
        metric = r.neighbour(i, 1)
        if metric is not None and r.spans[metric].has("metric", "total") and r.neighbour(metric, 1) is not None:
            money, metric = metric, r.neighbour(metric, 1)
        if money is None or metric is None or not r.free(metric) or not r.free(money):
            continue
        if not r.spans[money].has("metric", "total") or r.spans[metric].sense("metric") != "district_subsidy":
            continue
        _add(r, Condition("city_spend", "=", 0.0, text=r.phrase(money, metric)))
        r.take(money, i, metric, meaning="city_spend = 0（全部补助区县）")
