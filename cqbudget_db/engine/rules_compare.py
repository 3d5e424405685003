"""Rules for comparisons between named things: two departments or funds against each other, two
columns of one fund, and the spread between the largest and the smallest."""

from ..metrics import AMOUNTS, METRICS
from .query import Comparison
from .reader import first
from .references import pair_named


def named_comparisons(r):
    """教委和卫健委相差多少 / 经信委的专项总额比科技局多多少 / 城市提升专项的预算是质量提升专项的几倍 /
    which is bigger, the 社会救助专项 or the 医疗保障人群补助专项 → a comparison."""
    q = r.query
    departments, funds = list(dict.fromkeys(q.departments)), _funds_in_order(r)
    entities = [("department", d) for d in departments] if len(departments) >= 2 else \
        [("fund", s) for s in funds] if len(funds) >= 2 and not q.ambiguous else []
    mixed = _named_in_order(r)
    if len(mixed) == 2 and mixed[0][0] != mixed[1][0] and r.all("than", free=False) and \
            r.all("aggregate", "difference", free=False) + r.all("aggregate", "ratio", free=False):
        entities = mixed                # 住建委的城市提升专项比卫健委四个专项加起来多多少: a fund against a department
    bare = not (q.departments or q.funds or q.people)      # 差了多少？ after 住建委和城管局哪个大
    last = r.state.last_query() if r.state else None
    each = any(s.has("group", "fund") or s.has("group", "department") for s in r.spans)   # 它们的比例各是多少
    if len(entities) < 2 and r.state and len(r.state.order) == 2 and not each and \
            (r.reading.carry or bare and last is not None and last.compare is not None):
        entities = [tuple(e) for e in r.state.order]
    one = [("department", d) for d in q.departments] + [("fund", s) for s in q.funds]
    if len(one) == 1 and r.state and r.all("aggregate", "difference") + r.all("aggregate", "ratio"):
        pair = [tuple(e) for e in pair_named(r.state)]      # how much more does the latter get
        if one[0] in pair and len(pair) == 2:
            entities = one + [e for e in pair if e != one[0]]
            if r.reading.text.lstrip().startswith(("是", "为", "相当于")):
                entities.reverse()      # (前者)是后者的几倍: the one named is the base
    if len(entities) == 2 and last is not None and last.aggregate in ("avg", "median") and \
            not (r.all("aggregate", "sum", free=False) or q.aggregate == "sum") and (r.reading.carry or len(one) <= 1):
        for j in r.all("aggregate", "difference") + r.all("aggregate", "ratio") + r.all("comparative"):
            r.spans[j].kind, r.spans[j].senses = "unsupported", []     # left unread: the refusal names it
        return      # how much higher is the former? after two averages: a comparison of sums would answer another question
    if len(entities) < 2:
        _compared_with(r)
        return
    carried_pair = bare and last is not None and last.compare is not None and \
        entities == [tuple(e) for e in r.state.order]
    if carried_pair and _compared_by_share(r, entities, last):
        return
    together = r.all("aggregate", "sum", free=False) and not (r.all("aggregate", "difference", free=False) +
                                                               r.all("aggregate", "ratio", free=False))
    by_how_much = [j for j in r.all("ask", "howmany") if j and r.spans[j - 1].text == "by" and not q.conditions]
    words = r.all("aggregate", "difference") + by_how_much + r.all("aggregate", "ratio") + r.all("comparative") + \
        ([] if together else r.all("share")) + r.all("superlative") + [j for j in range(len(r.spans)) if r.free(j)
                                                 and r.spans[j].text in ("多", "大", "高", "少", "小", "低")]
    if not words:
        return
    i = words[0]
    span = r.spans[i]
    metric = _metric_near(r, i) or _noun_metric(r) or _sole_metric(r) or _last_metric(r)
    than = r.all("than")
    if span.has("aggregate", "difference") or i in by_how_much:
        kind = "difference"
        bare = [j for j in r.all("compare_before") if r.spans[j].value in (">", "<") and
                not (j + 1 < len(r.spans) and r.spans[j + 1].kind == "number")]
        if bare:                        # by how much does A exceed B / A比B超出多少
            than = than + bare[:1]
            if r.spans[bare[0]].value == "<":
                entities = list(reversed(entities))
        nxt = i + 1 < len(r.spans) and r.spans[i + 1]
        if nxt and (nxt.has("ask", "howmany") or nxt.has("aggregate", "count")) and nxt.text.startswith("多少"):
            than = than + [i + 1]       # 多出 | 多少
        if r.spans[i].text in ("少多少", "低多少", "小多少", "how much less", "how much smaller", "how many fewer"):
            entities = list(reversed(entities))
    elif span.has("aggregate", "ratio"):
        kind = "ratio"
    elif span.has("share"):
        kind = "percent"
    elif span.text in ("多", "大", "高", "少", "小", "低") and _how_much_after(r, i):
        kind, than = "difference", than + [i + 1]      # 比…多多少万元: by how much
        if span.text in ("少", "小", "低"):
            entities = list(reversed(entities))
    elif span.text in ("多", "大", "高", "少", "小", "低"):
        kind = "larger" if span.text in ("多", "大", "高") else "smaller"
    else:
        kind = "larger" if (span.sense("comparative") or span.sense("superlative")) in ("larger", "max") else "smaller"
    undirected = span.text in ("相差", "差距", "差额", "差值", "差", "相差多少", "差多少", "difference", "gap", "differ",
                               "differs")
    if kind in ("percent", "ratio"):
        metric = PLAIN.get(metric, metric)      # 水利局的预算相当于交通局的百分之几: budgets compared
    if kind == "percent" and r.lang == "en" and r.spans[i].kind == "share" and i < _first_entity(r):
        entities = list(reversed(entities))     # what percentage of A's budget is B's: B / A
    own = _own_metrics(r, entities)
    other = None
    if len(own) == 2 and own[0][1] != own[1][1] and kind == "difference":
        (first_at, metric), (second_at, other) = own     # A的市级支出比B的预算多多少: each its own column
        r.take(first_at, second_at)
    picked = last is not None and last.compare is not None and last.compare.kind in ("larger", "smaller") and \
        set(map(tuple, entities)) == set(map(tuple, last.compare.entities))     # 哪个更多？— 多出多少？: the gap
    q.compare = Comparison(kind, entities, metric or "total", other=other,
                           absolute=kind == "difference" and (not than and undirected or picked))
    r.take(i, *than, meaning={"difference": "差额", "ratio": "倍数", "percent": "百分比",
                              "larger": "哪个更大", "smaller": "哪个更小"}[kind])
    r.take(*[j for j in r.all("metric") if r.spans[j].sense("metric") == (metric or "total")])


SHARE_OF = {"district_subsidy": "district_share", "city_spend": "city_share"}


def _compared_by_share(r, entities, last):
    """住建委和城管局谁的总额更高 → 那要是比补助区县占比呢: the same pair, compared on the share of their budget
    (not one's budget as a percentage of the other's)."""
    shares = [j for j in r.all("share") if j and r.spans[j - 1].has("metric") and
              r.spans[j - 1].sense("metric") in SHARE_OF]
    if not shares:
        return False
    j = shares[0]
    metric = SHARE_OF[r.spans[j - 1].sense("metric")]
    kind = last.compare.kind if last.compare.kind in ("larger", "smaller") else "larger"
    comparative = r.all("comparative") + r.all("superlative")
    if comparative:
        kind = "larger" if (r.spans[comparative[0]].sense("comparative") or
                            r.spans[comparative[0]].sense("superlative")) in ("larger", "max") else "smaller"
    r.query.compare = Comparison(kind, list(entities), metric)
    r.take(j - 1, j, *comparative, *r.all("than"), meaning=f"{'哪个更大' if kind == 'larger' else '哪个更小'}：{metric}")
    return True


def side_by_side(r):
    """比较一下公共卫生专项和计划生育专项的预算 / compare the public health fund and the family planning fund by
    total / 比较一下教委和卫健委的预算 → both shown, one row each.

    A comparison verb with fewer than two things named is left unread."""
    q = r.query
    verbs = r.all("compare_verb")
    if verbs and len(set(q.departments)) >= 2 and not q.funds and q.compare is None and not q.group_by:
        q.group_by = "department"       # 比较一下教委和卫健委的预算: each department's own figures
    elif verbs and len(set(q.funds)) >= 2 and q.compare is None and not q.group_by:
        q.group_by = "fund"             # compare the number of indicators in A and B: each fund's own
    if len(set(q.funds)) >= 2 or len(set(q.departments)) >= 2 or q.compare is not None:
        r.take(*verbs)


def _own_metrics(r, entities):
    """[(span, metric)] of an amount said right after each compared thing (A的市级支出 … B的预算), in order."""
    found = []
    for i, span in enumerate(r.spans):
        entity = ("fund", next(iter(span.value))) if span.kind == "fund" and len(span.value) == 1 else \
            ("department", span.value) if span.kind == "department" else None
        if entity not in entities:
            continue
        j = r.neighbour(i, 1)
        if j is not None and r.spans[j].sense("metric") in ("total", "city_spend", "district_subsidy"):
            found.append((j, r.spans[j].sense("metric")))
    return found if len(found) == 2 else []


def _funds_in_order(r):
    """The funds named, in the order the question names them (医保专项 is said before 学生资助专项 in
    医保专项的总额是学生资助专项的几倍, whichever rule read it first)."""
    at = dict(r.reading.named_at)
    for i, span in enumerate(r.spans):
        if span.kind == "fund" and len(span.value) == 1:
            at.setdefault(next(iter(span.value)), i)
    for i, (kind, value) in r.reading.referents.items():
        if kind == "fund":
            at.setdefault(value, i)
    funds = list(dict.fromkeys(r.query.funds))
    return sorted(funds, key=lambda s: at.get(s, len(r.spans)))


def _named_in_order(r):
    """The departments and single funds named, in order; a department right before one of its own funds
    (住建委的城市提升专项) only says whose fund it is."""
    named = []
    for i, span in enumerate(r.spans):
        if span.kind == "fund" and len(span.value) == 1:
            named.append(("fund", next(iter(span.value))))
        elif span.kind == "department":
            j = r.neighbour(i, 1)
            fund = r.spans[j].value if j is not None and r.spans[j].kind == "fund" else ()
            if not (len(fund) == 1 and r.vocab.funds[next(iter(fund))].department == span.value):
                named.append(("department", span.value))
    return list(dict.fromkeys(named))


PLAIN = {"share_of_all": "total", "district_share": "district_subsidy", "city_share": "city_spend",
         "share_of_all_city_spend": "city_spend", "share_of_all_district_subsidy": "district_subsidy",
         "share_of_department": "total"}


def _first_entity(r):
    return next((j for j, s in enumerate(r.spans) if s.kind in ("department", "fund")), len(r.spans))


def _compared_with(r):
    """跟妇联的专项比呢: 比 before 呢 asks the last question of the thing named, a what-about."""
    for i in r.all("than"):
        if i + 1 < len(r.spans) and r.spans[i + 1].has("followup", "what_about"):
            r.take(i)


def _how_much_after(r, i):
    j = i + 1
    return j < len(r.spans) and r.spans[j].text.startswith(("多少", "几")) and not r.spans[j].has("noun")


def column_gaps(r):
    """农业产业发展专项的补助区县比市级支出多多少 / by how much does the district subsidy of the 农业产业发展专项 exceed
    its city-level spending → the gap between two columns of one fund or department."""
    q = r.query
    entities = [("fund", s) for s in q.funds] if len(q.funds) in (1, 2) else \
        [("department", d) for d in q.departments] if len(q.departments) in (1, 2) and not q.funds else []
    if q.compare or not entities:
        return
    asks = [i for i in r.all("ask", "howmany") + r.all("aggregate", "difference")]
    fewer = [j for j in range(len(r.spans) - 1) if r.spans[j].text in ("少", "低", "小") and _how_much_after(r, j)]
    asks += fewer + [j for j in range(len(r.spans) - 1) if r.spans[j].text in ("多", "高", "大") and _how_much_after(r, j)]
    if not asks:
        return
    pairs = [c for c in q.conditions + q.group_conditions if c.other and c.factor == 1.0 and c.op in (">", "<", ">=", "<=")]
    if len(pairs) == 1:
        c = pairs[0]
        (q.conditions if c in q.conditions else q.group_conditions).remove(c)
        one, two = (c.metric, c.other) if c.op in (">", ">=") or len(entities) == 2 else (c.other, c.metric)
    elif len(entities) == 2:
        return
    else:
        named = _metrics_around_than(r)
        if named is None:
            return
        one, two = named if not fewer else named[::-1]
    q.compare = Comparison("difference", entities, one, other=two)
    r.take(*asks, *r.all("than"), *[j + 1 for j in asks if _how_much_after(r, j)], meaning="差额")


def column_ratios(r):
    """医疗保障人群补助专项的市级支出是补助区县的几倍 / the ratio of district subsidy to city-level spending of 社会救助专项
    → one fund's (or department's) column divided by another of its columns."""
    q = r.query
    entities = [("fund", s) for s in dict.fromkeys(q.funds)] or \
        [("department", d) for d in dict.fromkeys(q.departments)]
    ratios = r.all("aggregate", "ratio")
    if q.compare or len(entities) != 1 or not ratios:
        return
    metrics = [i for i in r.all("metric") if r.spans[i].sense("metric") in AMOUNTS and not r.spans[i].sense("share")]
    if len(metrics) != 2 or r.spans[metrics[0]].sense("metric") == r.spans[metrics[1]].sense("metric"):
        return
    one, two = (r.spans[i].sense("metric") for i in metrics)
    q.compare = Comparison("ratio", entities, one, other=two)
    r.take(*metrics, ratios[0], *r.all("than"), meaning="倍数")


def _metrics_around_than(r):
    """补助区县比市级支出 …: the two columns either side of 比 / than, or None."""
    for t in r.all("than"):
        before, after = r.before(t, "metric", reach=2, free=False), r.after(t, "metric", reach=2, free=False)
        if before is not None and after is not None:
            a, b = r.spans[before].sense("metric"), r.spans[after].sense("metric")
            if a != b and a in METRICS and b in METRICS:
                r.take(before, after)
                return a, b
    return None


def _noun_metric(r):
    """How many more indicators … / 哪个指标多: counts of the noun compared."""
    for j in r.all("noun"):
        if r.spans[j].has("noun", "indicators"):
            r.take(j)
            return "indicator_count"
    return None


def _sole_metric(r):
    """And by city-level spending, is the former or the latter bigger?: the one amount the question names."""
    named = {r.spans[j].sense("metric") for j in r.all("metric") if not r.spans[j].sense("share")}
    return named.pop() if len(named) == 1 else None


def _last_metric(r):
    """它比林业局多多少: in a follow-up, the metric of the last question."""
    last = r.state.last_query() if r.state else None
    if last is None:
        return None
    from .followups import _main_metric
    metric = last.compare.metric if last.compare else _main_metric(last)
    return metric if metric in ("total", "city_spend", "district_subsidy", "indicator_count") else None


def _metric_near(r, i):
    found = first(r.before(i, "metric", reach=6), r.after(i, "metric", reach=3))
    return r.spans[found].sense("metric") if found is not None else None


def spreads(r):
    """预算最大和最小的专项相差多少 / 林业局两个专项的预算差了多少 / the largest and the smallest budgets
    → the largest, the smallest and the difference."""
    sups = r.all("superlative")
    names_asked = r.all("ask", "which") and not r.all("aggregate", "difference")     # 最高的和最低的分别是哪个
    if {r.spans[i].sense("superlative") for i in sups} == {"max", "min"} and not r.query.ranking and not names_asked:
        r.query.aggregate = "spread"
        metric = _metric_near(r, sups[0])
        r.query.metric = metric or "total"
        r.take(*sups, meaning="最大值与最小值")
        r.take(*[j for j in r.all("metric") if r.spans[j].sense("metric") == r.query.metric])
        r.take(*r.all("aggregate", "difference"))
        return
    for i in r.all("aggregate", "difference"):
        j = r.neighbour(i, 1)
        if j is not None and r.spans[j].kind == "number":
            continue            # more than 90%: a comparison whose subject was not read, not a spread
        r.query.aggregate = "spread"
        metric = _metric_near(r, i)
        r.query.metric = metric or "total"
        r.take(i, meaning="最大值与最小值之差")
        sups = r.all("superlative")
        if len(sups) >= 2:
            r.take(*sups)
        r.take(*[j for j in r.all("metric") if r.spans[j].sense("metric") == r.query.metric])
        return
