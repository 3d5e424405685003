"""Rules for conditions between columns: one metric against another (补助区县多于市级支出 / 比…多10亿以上),
a multiple or a half of it (三倍以上 / 不到总额一半), or the average (高于平均水平)."""

from .query import Condition
from .reader import first
from .rules_conditions import SHARE_OF, _add, _say

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
        if k is None or r.spans[k].text not in r.vocab.lists["more"] + r.vocab.lists["less"] or \
                _asks_how_much(r, k):
            continue
        more = r.spans[k].text in r.vocab.lists["more"]
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


def _counted_indicators(r, at):
    """指标个数 / 指标数 just before the comparison: the number of indicators is compared (not the budget)."""
    j = r.before(at, "noun", reach=2)
    if j is None or not r.spans[j].has("noun", "indicators"):
        return []
    counted = j + 1 if j + 1 < at and r.spans[j + 1].has("aggregate", "count") and r.free(j + 1) else None
    if counted is None and not r.spans[j].text.endswith("数"):
        return []
    return [j] + ([counted] if counted is not None else [])


BETWEEN_THAN_AND_AVERAGE = ("scope_all", "noun", "function")


def _than_before_average(r, i):
    """比 [全部专项 / 本局专项的] 平均…: the 比 a few words before the average."""
    j = i - 1
    while j >= 0 and (r.spans[j].kind in BETWEEN_THAN_AND_AVERAGE + ("department",)
                      or r.spans[j].has("pronoun", "department")):
        j -= 1
    return j if j >= 0 and r.spans[j].kind == "than" and j < i - 1 else None


def _word_after_average(r, i):
    """平均[预算][还]高: the comparison word after the average, past its metric and 还."""
    j = r.neighbour(i, 1)
    while j is not None and (r.spans[j].kind in ("metric", "noun") or r.spans[j].text == "还"):
        j = r.neighbour(j, 1)
    return j


def _own_department_before(r, i):
    """比本局专项的平均规模: the department's own average."""
    j = r.before(i, "pronoun", reach=3, free=False)
    return j if j is not None and r.spans[j].text in r.vocab.lists["own_department_words"] else None


def _whose_average(r, department, i):
    """the Transport Bureau's average fund / 交通局的平均水平: another department's average, when the
    question also names the departments whose funds it asks about."""
    if department is None or len(set(r.query.departments)) < 2:
        return False
    between = [s.text for s in r.spans[department + 1:i]]
    return all(t in ("'s", "’s", "的", "the", "平均", "专项", "funds", "fund") for t in between)


def _measured_by_department(r, condition, department):
    condition.ref_department = department
    r.query.departments = [d for d in r.query.departments if d != department]


def averages(r):
    """高于平均水平的专项 / 预算低于平均值的专项 / funds above the average / funds larger than the average of
    their own department → a comparison with an average."""
    than_averages = [i for i in r.all("aggregate", "avg") if _than_before_average(r, i) is not None]
    for i in sorted(set(r.all("reference", "average") + than_averages)):   # 比卫健委专项平均规模还大
        op_i = first(r.before(i, ("compare_before",), reach=3), r.after(i, "compare_after", reach=1))
        than, op = r.neighbour(i, -1), None
        if op_i is None and than is not None and r.spans[than].kind != "than":
            than = _than_before_average(r, i)   # 比全部专项平均预算还高 / 比本局专项的平均规模大
        if op_i is None and than is not None and r.spans[than].kind == "than":     # 比平均值高 / 比平均水平低
            after = _word_after_average(r, i)
            word = r.spans[after].text if after is not None else ""
            op = ">" if word in r.vocab.lists["more"] else "<" if word in r.vocab.lists["less"] else None
            op_i = after if op else None
        if op_i is None:
            continue
        metric = first(r.before(op_i, "metric", reach=3), r.after(i, "metric", reach=2),
                       r.before(i, "metric", reach=2))
        counted = _counted_indicators(r, min(op_i, i)) if metric is None else []
        name = r.spans[metric].sense("metric") if metric is not None else "indicator_count" if counted else "total"
        own = first(r.before(i, "own", reach=3), r.after(i, "own", reach=2), _own_department_before(r, i))
        department = r.before(i, "department", free=False, reach=3)
        scope = "department" if own is not None else "all"
        condition = Condition(name, op or r.spans[op_i].value, reference="average", ref_scope=scope, level="auto",
                              text=r.phrase(min(op_i, i), max(op_i, i)))
        _add(r, condition)
        extra = [k for k in (metric, own, than if op else None, *counted) if k is not None]
        after = r.neighbour(i, 1)
        if counted and after is not None and r.free(after) and r.spans[after].has("noun", "indicators"):
            extra.append(after)     # 少于平均指标数: the average of that count
        for k in (r.neighbour(i, -1), r.neighbour(i, 1)):
            if k is not None and r.free(k) and r.spans[k].sense("metric") == name:
                extra.append(k)
        scope = r.before(i, "scope_all", reach=2)
        r.take(i, op_i, *extra, scope, meaning=f"{name} {_say(condition.op)} 平均值" + ("（本部门）" if own else ""))
        if department is not None and own is not None:
            condition.ref_scope = "department"
        elif _whose_average(r, department, i):
            _measured_by_department(r, condition, r.spans[department].value)
