"""Rules for conditions: a metric compared with a number or a range (other metrics, multipliers and
averages are in rules_columns, zeros and wholes in rules_zeros).

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
    add_condition(r.query, condition)


def add_condition(q, condition):
    """A condition in its place: on indicators, on a department's funds together, or on each fund."""
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
        attr = r.before(i, "indicator_attr", reach=2)      # 目标值不低于1000的指标: the target, not 1000 indicators
        if attr is not None and (r.spans[attr].has("indicator_attr", "target") or r.spans[attr].has("indicator_attr", "weight")):
            found = _subject_at(r, i, -1, number, reach)
            if found:
                return found
        counted = _counted_noun(r, number_at if number_at is not None else i)
        if counted:
            return counted
    if number is not None and number.unit == "percent":
        share = _share_in_clause(r, i) or _percent_of(r, number_at if number_at is not None else i)
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
    while j >= 0 and (r.spans[j].kind in ("function", "conj", "compare_before", "compare_after")
                      or r.spans[j].has("followup", "again")):      # 1亿元以上、2亿元以下
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
    own = [j for j in range(lo, hi + 1) if r.free(j) and r.spans[j].kind == "own"]     # of their own budget
    if len(names) == 1 and totals and not any(r.spans[j].sense("share") for j in range(lo, hi + 1)):
        return Subject(SHARE_OF[names.pop()], parts + totals + own)
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


def _percent_of(r, i):
    """more than 90% of their money to districts / 80% of its budget to districts → the share of that column."""
    spans, j = [], r.neighbour(i, 1)
    while j is not None and j < len(r.spans) and r.spans[j].kind in ("function", "pronoun", "own") and len(spans) < 3:
        spans.append(j)
        j = r.neighbour(j, 1) if r.spans[j].kind == "function" else j + 1
    if j is None or j >= len(r.spans) or not spans or not r.spans[j].has("metric"):
        return None
    metric = r.spans[j].sense("metric")
    nxt = r.neighbour(j, 1)
    if metric == "total" and nxt is not None and r.spans[nxt].sense("metric") in ("district_subsidy", "city_spend"):
        metric, j = r.spans[nxt].sense("metric"), nxt       # of their budget to districts
    if metric not in ("district_subsidy", "city_spend"):
        return None
    return Subject(SHARE_OF[metric], [k for k in spans if r.spans[k].kind != "function"] + [j])


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
        if number.unit_text in ("万", "亿"):        # 目标值超过1万: a count of ten thousand, not 1万元
            return value * 10000
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
        found = subject(r, lead if lead is not None else a, high)
        if found is None or not found.spans:    # send between 200 and 500 million yuan to the districts
            found = _subject_after(r, b, high) or found or subject(r, b, high)
        if not found:
            continue
        lo, hi = _value(r, low, found.metric, a), _value(r, high, found.metric, b)
        if lo is None or hi is None:
            continue
        _add(r, Condition(found.metric, "between", min(lo, hi), max(lo, hi), level=found.level,
                          text=r.phrase(a, b)))
        r.take(a, b, joiner[0], lead, tail, *found.spans, meaning=f"{found.metric} 在 {r.phrase(a, b)} 之间")
        r.take(*_restated_bounds(r, max(a, b, tail or 0), (low.value, high.value)))


INCLUDED = ("含", "包括", "包含", "including", "inclusive", "inclusive of", "both included", "含两端", "包括两端")
BOTH_ENDS = ("两端", "both ends", "both")


def _restated_bounds(r, j, bounds):
    """（含5亿和10亿） / (inclusive of both), anywhere after the range: the bounds said again, as included."""
    mark = next((k for k in range(j + 1, len(r.spans)) if r.spans[k].text in INCLUDED and r.free(k)), None)
    if mark is None:
        return []
    found, k = [mark], mark + 1
    while k < len(r.spans) and (r.spans[k].kind in ("function", "conj", "text_weak") or
                                r.spans[k].kind == "number" and r.spans[k].value.value in bounds):
        if r.spans[k].kind in ("number", "conj") or r.spans[k].text in BOTH_ENDS:
            found.append(k)
        k += 1
    restated = any(r.spans[m].kind == "number" or r.spans[m].text.endswith(BOTH_ENDS) for m in found)
    return found if restated else []


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
        together = r.neighbour(before, -1) if before is not None else None
        if found.level == "auto" and together is not None and r.spans[together].has("aggregate", "sum"):
            level = "group"             # funds that together exceed 1 billion: their sum, not each one
            found.spans.append(together)
        _add(r, Condition(found.metric, op, value, level=level, aggregate=found.aggregate,
                          text=r.phrase(*[k for k in (before, i, after) if k is not None]),
                          implicit=not found.spans and number.unit == "money"))
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
            or (span.has("metric") and number.unit == "money")
            or (span.sense("share") and number.unit == "percent"))      # 补助区县占比100%


def _adjacent(r, i, step, kind):
    j = r.neighbour(i, step)
    return j if j is not None and r.free(j) and r.spans[j].has(kind) else None
