"""Rules for the shape of the answer: indicator properties, comparisons between named
things, aggregates and shares, fields, grouping, the target and display units."""

from .reader import first
from ..metrics import METRICS
from .references import pair_named
from .query import Comparison
from .rules_shares import _counts_funds as funds_counted

PROPERTY = {"core": ("core", True), "non_core": ("core", False), "qualitative": ("qualitative", True),
            "quantitative": ("qualitative", False)}


def indicator_properties(r):
    """核心指标有哪些 / 非核心指标 / 定性指标 / 定量指标 / 没有定性指标的专项 → the indicators' kind (or funds without one)."""
    q = r.query
    kinds = {r.spans[i].sense("indicator_attr") for i in r.all("indicator_attr")}
    asked_whether = bool(q.indicators.names) and (bool(r.all("ask", "whether", free=False)) or any(
        r.spans[i].text.startswith("不是") and r.spans[i - 1].text.endswith("是") for i in r.all("indicator_attr") if i))
    for i in r.all("indicator_attr"):
        kind = r.spans[i].sense("indicator_attr")
        if kind not in PROPERTY:
            continue
        among = _breakdown(r, i, kind)
        if among is not None:           # 其中 / of those: inside this question, not the last answer
            r.spans[among].kind, r.spans[among].value, r.spans[among].senses = "function", "fn", []
        if asked_whether or {"core", "non_core"} <= kinds or {"qualitative", "quantitative"} <= kinds \
                or among is not None:
            r.take(i, meaning=f"显示：{kind}")
            continue
        name, value = PROPERTY[kind]
        negation = r.before(i, "negation", reach=2)
        setattr(q.indicators, name, value)
        label = {"core": "核心指标", "non_core": "非核心指标", "qualitative": "定性指标", "quantitative": "定量指标"}[kind]
        if negation is not None and _funds_asked(r):
            q.has_indicator = False
            r.take(i, negation, meaning=f"没有{label}")
        else:
            r.take(i, meaning=label)


def _breakdown(r, i, kind):
    """有多少个指标，其中核心指标几个: a count of all indicators, then of its core ones (a column of that count);
    the index of 其中, or None."""
    among = r.neighbour(i, -1)
    if among is not None and r.spans[among].kind == "ask" and among > 0:
        among = among - 1                               # how many of those are core
    found = kind in ("core", "non_core") and among is not None and r.spans[among].has("followup", "among") and any(
        r.spans[j].has("aggregate", "count") for j in range(among))
    return among if found else None


def _funds_asked(r):
    return any(r.spans[j].has("noun", "funds") for j in range(len(r.spans)))


def operators(r):
    """指标性质为“≤” / ≥ 型指标 / indicators with a strict greater-than target → the operator."""
    context = r.all("indicator_attr", "operator", free=False) + r.all("noun", "indicators", free=False)
    for i in r.all("operator_symbol"):
        if not context and not r.spans[i].sense("quoted"):
            continue
        op = r.spans[i].sense("operator_symbol")
        r.query.indicators.ops.append(op)
        r.take(i, meaning=f"指标性质 = {op}")
    for i in r.all("indicator_attr", "operator"):
        if r.query.indicators.ops:
            r.take(i)


def _unit_neighbours(r, i):
    """The spans on either side of a unit word, past 为 / 是 / is / in / 以 / as the."""
    for step in (1, -1):
        j = i + step
        while 0 <= j < len(r.spans) and r.spans[j].text in UNIT_FILLERS:
            j += step
        if 0 <= j < len(r.spans):
            yield j


def _longest_unit(r, j, step):
    """元/人年: a unit the tokenizer split into pieces, joined back when the document has it."""
    pieces, best = [], None
    k = j
    while 0 <= k < len(r.spans) and len(pieces) < 5 and not r.is_break(k) and r.free(k):
        pieces.append(k)
        ordered = sorted(pieces)
        written = r.reading.text[r.spans[ordered[0]].start:r.spans[ordered[-1]].end]
        if written in r.vocab.units:
            best = (written, ordered)
        k += step
    return best


UNIT_FILLERS = ("为", "是", "is", "in", "以", "of", ":", "：", "用", "as", "the", "use", "uses", "a", "an", "as the",
                "写的是", "写的", "写着", "标的是", "written as", "given as", "listed as")


def units(r):
    """计量单位是天的指标 / 以分钟为计量单位的指标 / indicators measured in 亿元 / measured in days → the unit."""
    for i in r.all("indicator_attr", "unit"):
        for j in _unit_neighbours(r, i):
            if j is None or r.used[j]:
                continue
            span = r.spans[j]
            written = span.sense("quoted") or (span.value if span.kind == "gloss" else span.text)
            written = {"percent": "%", "百分比": "%", "百分号": "%"}.get(written, written)
            if written in r.vocab.units:
                r.query.indicators.units.append(written)
                r.take(i, j, meaning=f"计量单位 = {written}")
                _not_a_noun(r.spans[i])       # 以亿元为单位: 单位 is the unit, not 单位 = a department
                break
            longer = _longest_unit(r, j, 1 if j > i else -1)
            if longer:
                r.query.indicators.units.append(longer[0])
                r.take(i, *longer[1], meaning=f"计量单位 = {longer[0]}")
                _not_a_noun(r.spans[i])
                break


def _not_a_noun(span):
    if span.kind == "noun":
        span.kind, span.value = "indicator_attr", "unit"
    span.senses = [s for s in span.senses if s[0] != "noun"]


def others(r):
    """教委还有别的专项吗 / 除了城市提升专项，住建委其余几个专项 → in a follow-up, the ones already answered
    are left out; before any answer, all of them (还有别的) or what the exclusion leaves. Other words of
    "other" with nothing to set apart (联系人还负责别的专项) stay unread."""
    for i in r.all("other"):
        focus = r.state.focus if r.state else None
        if focus and focus[0] == "fund":
            r.query.exclude_funds.append(focus[1])
            r.take(i, meaning=f"不含{r.vocab.fund_name(focus[1])}")
        elif r.spans[i].sense("function") is not None or r.all("exclude", free=False) or \
                not r.state and i and r.spans[i - 1].text in ("还有", "有"):
            r.take(i)       # 除了X，其余的… / 教委还有别的专项吗: the rest, or all of them when nothing was answered yet


def mobiles(r):
    """哪些专项留的是手机号 / funds with a mobile number → an 11-digit phone."""
    for i in r.all("field", "mobile"):
        r.query.mobile = True
        r.take(i, meaning="手机号（11位）")
        number = r.before(i, "number", reach=1)
        if number is not None and r.spans[number].value.value == 11:
            r.take(number)


def target_texts(r):
    """定性指标中指标值写的是“是” → the indicator's written target."""
    for i in r.all("indicator_attr", "target"):
        j = r.neighbour(i, 1)
        if j is not None and r.spans[j].kind == "quoted" and not r.used[j]:
            r.query.indicators.target_texts.append(r.spans[j].value)
            r.take(i, j, meaning=f"指标值 = “{r.spans[j].value}”")


def named_comparisons(r):
    """教委和卫健委相差多少 / 经信委的专项总额比科技局多多少 / 城市提升专项的预算是质量提升专项的几倍 /
    which is bigger, the 社会救助专项 or the 医疗保障人群补助专项 → a comparison."""
    q = r.query
    departments, funds = list(dict.fromkeys(q.departments)), list(dict.fromkeys(q.funds))
    entities = [("department", d) for d in departments] if len(departments) >= 2 else \
        [("fund", s) for s in funds] if len(funds) >= 2 and not q.ambiguous else []
    mixed = _named_in_order(r)
    if len(mixed) == 2 and mixed[0][0] != mixed[1][0] and r.all("than", free=False) and \
            r.all("aggregate", "difference", free=False) + r.all("aggregate", "ratio", free=False):
        entities = mixed                # 住建委的城市提升专项比卫健委四个专项加起来多多少: a fund against a department
    bare = not (q.departments or q.funds or q.people)      # 差了多少？ after 住建委和城管局哪个大
    last = r.state.last_query() if r.state else None
    if len(entities) < 2 and r.state and len(r.state.order) == 2 and \
            (r.reading.carry or bare and last is not None and last.compare is not None):
        entities = [tuple(e) for e in r.state.order]
    one = [("department", d) for d in q.departments] + [("fund", s) for s in q.funds]
    if len(one) == 1 and r.state and r.all("aggregate", "difference") + r.all("aggregate", "ratio"):
        pair = [tuple(e) for e in pair_named(r.state)]      # how much more does the latter get
        if one[0] in pair and len(pair) == 2:
            entities = one + [e for e in pair if e != one[0]]
    if len(entities) < 2:
        _compared_with(r)
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
    metric = _metric_near(r, i) or _noun_metric(r) or _last_metric(r)
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


def shares(r):
    """补助区县占比是多少 / 补助区县相当于市级支出的百分之多少 / 核心指标占全部指标的比例 → the share asked for.

    Share phrases were read as metrics (rules_shares); one not used by a condition or a
    ranking is what the question asks for.  A share word left over is a ratio of two
    columns, of indicator counts, or of the number of funds.
    """
    q = r.query
    for i in r.all("share"):
        value = r.spans[i].sense("metric") if r.spans[i].kind == "share" else None
        if value:
            q.share = value
            q.aggregate = q.aggregate or "share"
            r.take(i, meaning=f"比例：{value}")
            return
    ranked = q.ranking.metric if q.ranking else None
    for i in r.all("share"):
        if r.spans[i].sense("metric"):
            continue
        if ranked in ("district_share", "city_share", "share_of_all", "share_of_department"):
            r.take(i, *r.all("own"))        # 及其占比: the ranked share, shown
            continue
        metrics = [j for j in r.all("metric")]
        distinct = list(dict.fromkeys(r.spans[j].sense("metric") for j in metrics))
        properties = r.all("indicator_attr", "core", free=False) + r.all("indicator_attr", "qualitative", free=False)
        if funds_counted(r, i):
            q.share = "share_of_fund_count"
            metrics = []
        elif len(distinct) == 2 and "total" not in distinct:
            q.share, q.share_other = distinct[0], distinct[1]
        elif properties and not q.funds:
            q.share = "indicator_share"
        elif _counts_funds(r):
            q.share = "share_of_fund_count"
        else:
            continue
        q.aggregate = q.aggregate or "share"
        r.take(i, *metrics, meaning=f"比例：{q.share}" + (f" / {q.share_other}" if q.share_other else ""))
        r.take(*r.all("scope_all"), *[j for j in r.all("share") if not r.spans[j].sense("metric")])
        return


def averages_asked(r):
    """平均预算是多少 / the average fund size → the average, when no comparison used the word."""
    for i in r.all("reference", "average"):
        r.query.aggregate = r.query.aggregate or "avg"
        metric = first(r.after(i, "metric", reach=2), r.before(i, "metric", reach=2))
        if metric is not None:
            r.query.metric = r.spans[metric].sense("metric")
            r.take(metric)
        r.take(i, meaning="平均")


def column_words(r):
    """公共卫生专项的指标名称及权重 / 社会救助专项的核心指标及其计量单位 → names of columns in a list of indicators
    are shown."""
    if r.query.target != "indicators":
        return
    for i in r.all("scope") + r.all("indicator_attr"):
        r.take(i)


def _counts_funds(r):
    noun = r.all("noun", "funds", free=False)
    return bool(noun) and not r.all("metric", free=False) and bool(r.all("aggregate", "count", free=False) or
                                                                   r.all("ask", "howmany", free=False))


def aggregates(r):
    """几个 / 合计 / 平均 / 中位数 → count, sum, average, median of what is selected."""
    q = r.query
    for i in r.all("reference", "average"):     # the average number of … (no comparison used it)
        if q.aggregate is None:
            q.aggregate = "avg"
            r.take(i, meaning="平均")
    for i in r.all("aggregate"):
        kind = r.spans[i].sense("aggregate")
        if kind in ("difference", "ratio"):
            continue
        if kind == "count" and _among(r, i):
            r.take(i)
            continue
        if kind == "count" and q.ranking and q.ranking.sort_only and not r.all("ask", "howmany", free=False):
            r.take(i)       # 交委的几个专项按预算排一下: "the few funds", sorted, not counted
            continue
        if kind == "count" and _per_row(r, i):
            _count_per_row(r, i)
            continue
        nested = q.aggregate in ("avg", "median") and any(      # 平均每个专项的权重合计: a sum per fund, averaged
            s.has("indicator_attr", "weight") or s.has("indicator_attr", "target") for s in r.spans)
        if kind == "sum" and q.aggregate in ("avg", "median", "share", "count") and not nested \
                or kind == "sum" and _counts_next(r, i) or kind == "sum" and _compared(r, i):
            r.take(i)       # 一共涉及多少个部门 / funds with a total above 1 billion: no sum asked
            continue
        if kind == "count" and q.aggregate in ("avg", "share"):
            r.take(i)
            q.metric = q.metric or "count"
            continue
        if q.aggregate is None or (q.aggregate == "count" and kind in ("avg", "median")) or \
                (q.aggregate == "sum" and kind == "count"):      # 加起来几个: how many in all
            q.aggregate = kind
        elif q.aggregate != kind:       # a second aggregate (an average of sums): left unread, not dropped
            r.spans[i].senses = [s for s in r.spans[i].senses if s[0] != "function"]
            continue
        metric = _adjacent_metric(r, i) if kind in ("sum", "avg", "median") else None
        if metric is not None:
            q.metric = q.metric or r.spans[metric].sense("metric")
        r.take(i, metric, meaning={"count": "计数", "sum": "合计", "avg": "平均", "median": "中位数"}.get(kind, kind))
    if len(q.departments) >= 2 and q.aggregate in ("sum", "count", "avg") and r.all("group", "fund", free=False):
        q.group_by = "department"


def _compared(r, i):
    j = r.neighbour(i, 1)
    return r.spans[i].text in ("total", "a total") and j is not None and r.spans[j].kind in ("compare_before", "number")


def _counts_next(r, i):
    j = r.neighbour(i, 1)
    return r.spans[i].text in ("一共", "总共", "共", "合计", "in total", "altogether", "total") and j is not None and \
        r.spans[j].has("aggregate", "count") and r.free(j)


def _adjacent_metric(r, i):
    """卫健委补助区县合计 / 平均预算 / the median district subsidy: the metric the aggregate is of."""
    for step in (-1, 1):
        j = r.neighbour(i, step)
        if j is not None and r.free(j) and r.spans[j].has("metric") and not r.spans[j].sense("share"):
            return j
    return None


def _count_per_row(r, i):
    """各有几个指标 / 分别有几个专项: a count column on each row."""
    noun = r.after(i, "noun", reach=1, free=False)
    kind = r.spans[noun].sense("noun") if noun is not None else None
    if kind is None:                    # 核心指标和非核心指标分别为多少个: a count, per kind
        r.query.aggregate = r.query.aggregate or "count"
        r.take(i, meaning="计数")
        return
    if kind == "indicators":
        r.query.show.append("indicator_count")
    elif kind == "funds":
        r.query.show.append("fund_count")
    else:
        return
    r.take(i, meaning=f"每行显示{'指标数' if kind == 'indicators' else '专项数'}")


def _among(r, i):
    """农委的几个专项里 / 这几个专项中: "几个" names a set to look in, it asks no count (分布在几个专项里 does)."""
    if r.spans[i].text.startswith(("分布", "分散", "涉及")):
        return False
    noun = r.after(i, "noun", reach=1, free=False)
    return noun is not None and noun + 1 < len(r.spans) and r.spans[noun + 1].text in ("里", "中", "当中", "里面", "之中")


def fields(r):
    """学生资助专项的联系人 / 学生资助专项的电话 / 学生资助专项的项目概况 / 学生资助专项的绩效目标 /
    学生资助专项归哪个部门 / 学生资助专项在第几行 → the fields shown."""
    q = r.query
    per_row = bool(r.all("group", "fund", free=False))
    for i in r.all("relation", "department"):
        asked = r.after(i, ("ask", "group"), reach=1, free=False) is not None or \
            (i + 1 < len(r.spans) and r.spans[i + 1].text in ("是", "是什么", "是哪个", "分别是", "呢"))
        if asked and not q.departments and (q.funds or q.subset or r.reading.carry or r.state):
            if "department" not in q.fields:
                q.fields.append("department")
            r.take(i, meaning="字段：department")
    for i in r.all("field"):
        name = r.spans[i].sense("field")
        plural = r.spans[i].text in ("哪些部门", "哪些单位", "which departments", "what departments")
        if name == "department" and not q.funds and (not per_row or plural) and not _of_ranked_fund(r, i):
            q.target = q.target or "departments"
            r.reading.explicit_target = True
            r.take(i, meaning="问：哪个部门")
            continue
        if name == "name":
            if "name" not in q.fields:
                q.fields.append("name")     # 叫什么名字，预算多少: a list, not a total
            r.take(i)
            continue
        if name not in q.fields:
            q.fields.append(name)
        r.take(i, meaning=f"字段：{name}")


def grouping(r):
    """各部门 / 按部门 / by department → one row per department; 每个专项 / each fund → one row per fund."""
    for i in r.all("group"):
        kind = r.spans[i].value
        if kind == "department":
            r.query.group_by = "department"
            r.take(i, meaning="按部门")
        else:
            if r.query.aggregate not in ("avg", "median"):
                r.query.group_by = r.query.group_by or "fund"
            r.take(i)


def bare_scopes(r):
    """交通局所有指标中，… / 定性指标里，…: 指标里 with no words to look for in it names the indicators."""
    for i in r.all("scope", "indicators"):
        span = r.spans[i]
        span.kind, span.value = "noun", "indicators"
        span.senses = [("noun", "indicators")] + [s for s in span.senses if s[0] != "scope"]


NOUN_TARGET = {"funds": "funds", "indicators": "indicators", "departments": "departments", "contacts": "contacts"}


def target(r):
    """哪些专项超过10亿 / 哪个部门的预算最多 / 有多少个核心指标 / which funds exceed 1 billion → what the answer
    lists or counts.

    The noun a question word asks for (哪些专项 / 哪个部门 / how many indicators), else the head
    noun (the last one in Chinese, the first in English), else what the named things imply.
    """
    q = r.query
    if q.target:
        return
    contact_field = any(f in ("contact", "phone") for f in q.fields)
    asked = _asked_noun(r)
    head = _head_noun(r)
    if contact_field and _counts_people(r):
        q.target = "contacts"       # 各专项的联系人里有几位… : people counted, whatever they are grouped by
    elif contact_field and not q.funds and asked in (None, "contacts") and q.group_by != "fund" and \
            (r.all("ask", "who", free=False) or q.people or q.aggregate == "count" or
             q.departments or q.conditions or q.texts or q.ranking):
        q.target = "contacts"
    elif q.group_by == "department" and not ((asked or head) == "funds" and q.ranking):
        q.target = "departments"
    elif asked:
        q.target = asked
        r.reading.explicit_target = True
    else:
        if head:
            q.target = head
            r.reading.explicit_target = r.reading.explicit_target or _scoped_noun(r)
        elif q.indicators.names or _indicator_texts(q) or (not q.indicators.empty() and not _fund_properties(q)) \
                or q.funds and _indicator_columns(r):
            q.target = "indicators"
        else:
            q.target = "funds"
    if q.target == "indicators" and q.has_indicator is False:
        q.target = "funds"
    if q.target == "departments" and len(q.departments) >= 2 and q.aggregate == "sum" and not q.group_by \
            and not q.ranking and not _each(r):
        q.target = "funds"      # 这两个部门预算合计多少: one total over their funds
    if q.target == "contacts" and not q.fields:
        q.fields.append("contact")


def _each(r):
    return any(s.has("group") or s.text in ("各", "各自", "分别", "each", "respectively") for s in r.spans)


def _counts_people(r):
    """几位 / 多少人 / how many people: a count whose classifier is a person."""
    return any(r.spans[i].text.endswith(("位", "人", "名")) or r.spans[i].text in ("how many people", "how many persons")
               for i in r.all("aggregate", "count", free=False))


def _asked_noun(r):
    asks = [i for i in r.all("ask", free=False) if not r.spans[i].has("ask", "whether")]
    counts = [i for i in r.all("aggregate", "count", free=False) if i not in r.metric_parts]
    for i in asks + counts:
        span = r.spans[i]
        if _per_row(r, i):
            continue
        j = r.after(i, "noun", reach=2, free=False)
        if j is not None and j not in r.metric_parts:
            return NOUN_TARGET.get(r.spans[j].sense("noun"))
        if r.lang == "zh" and (span.has("ask", "which") or span.has("aggregate", "count")):
            k = r.before(i, "noun", reach=1, free=False)
            if k is not None and k not in r.metric_parts and not _had(r, k):
                return NOUN_TARGET.get(r.spans[k].sense("noun"))
    return None


def _per_row(r, i):
    """分别有几个专项 / 各有几个指标: a count shown on each row, not what is asked for."""
    if r.query.aggregate in ("avg", "median"):
        return False
    j = r.neighbour(i, -1)
    while j is not None and r.spans[j].kind == "text_weak":
        j = r.neighbour(j, -1)
    return j is not None and (r.spans[j].has("group", "fund") or r.spans[j].has("group", "department"))


def _unit_noun(r, i):
    """口岸物流发展专项的指标和单位: 单位 beside indicators is their unit, not a department."""
    return r.spans[i].text == "单位" and any(s.has("noun", "indicators") for s in r.spans)


def _head_noun(r):
    nouns = [i for i in r.all("noun") if not _unit_noun(r, i)]
    nouns = [i for i in nouns if not _per_row(r, first(r.neighbour(i, -1), i)) and not _had(r, i)] or \
        [i for i in r.all("noun", free=False) if not _per_row(r, first(r.neighbour(i, -1), i)) and not _had(r, i)
         and not _unit_noun(r, i)]
    if not nouns:
        return None
    head = nouns[-1] if r.lang == "zh" else nouns[0]
    noun = NOUN_TARGET.get(r.spans[head].sense("noun"))
    if noun == "funds" and r.query.indicators.names:
        return "indicators"
    return noun


def _of_ranked_fund(r, i):
    """全市预算最大的专项是哪个部门的: the department of the fund a superlative picks, not a ranked department."""
    for j in range(i):
        if r.spans[j].kind in ("superlative", "rank_after") and any(
                r.spans[k].has("noun", "funds") for k in range(j + 1, min(j + 4, i))):
            return True
    return False


def _scoped_noun(r):
    """这些部门的专项里，哪些…: the noun before 里 / 中 is what the question is about."""
    return any(s.kind == "noun" and i + 1 < len(r.spans) and r.spans[i + 1].text in ("里", "中", "里面", "当中", "之中")
               for i, s in enumerate(r.spans))


def _had(r, i):
    """有定性指标的(是哪些): a noun inside 有…的 describes the head, it is not the head."""
    if r.lang != "zh" or i + 1 >= len(r.spans) or r.spans[i + 1].text not in ("的", "、", "，", ","):
        return False
    j = i - 1
    while j >= 0 and r.spans[j].kind in ("indicator_attr", "function", "operator_symbol"):
        j -= 1
    return j >= 0 and r.spans[j].text in ("有", "没有", "带", "含", "含有", "设有", "设了")


def _indicator_columns(r):
    """公共卫生专项的指标名称及权重: indicator columns asked of a fund."""
    return bool(r.all("scope", "indicators")) or any(r.spans[i].sense("indicator_attr") in ("weight", "target", "unit")
                                                      for i in r.all("indicator_attr"))


def _indicator_texts(q):
    return q.texts and all(t.scopes == ("indicator",) for t in q.texts)


def _fund_properties(q):
    ranked = q.ranking.metric if q.ranking else None
    return bool(q.conditions or q.departments or q.texts or ranked in ("total", "city_spend", "district_subsidy",
                                                                         "indicator_count", "core_count",
                                                                         "qualitative_count"))


def shown_metrics(r):
    """学生资助专项的市级支出 / 卫健委的补助区县是多少 / the district subsidy of 学生资助专项 → metrics asked to be shown.

    Only where showing is what is asked: a named fund or person, an aggregate, a
    department answer, or a how-much question.  A metric left over beside a list
    of conditions is not consumed: the question was not understood.
    """
    q = r.query
    asks_amount = bool(r.all("ask", "howmany", free=False)) or bool(r.all("ask", "what", free=False)) or \
        any(s.kind == "function" and s.text.startswith(("多少", "几")) or s.text.endswith(("多少", "是什么"))
            for s in r.spans)      # 多少万元 / 权重是多少 / 单位是什么
    one_department = len(q.departments) == 1 and not r.all("ask", "which", free=False)
    everything = bool(r.all("scope_all", free=False)) and not (q.conditions or q.ranking)
    ellipsis = r.state is not None and (bool(r.all("followup", "what_about", free=False)) or _only_values(r))
    asks_amount = asks_amount or ellipsis
    if not (q.funds or q.people or asks_amount or q.compare or q.group_by or one_department or everything or
            q.indicators.names or
            q.aggregate in ("sum", "avg", "median") and not q.metric):
        return
    for i in r.all("metric"):
        metric = r.spans[i].sense("metric")
        if metric not in q.show:
            q.show.append(metric)
        r.take(i, meaning=f"显示：{metric}")
    last = r.state.last_query() if r.state else None
    on_indicators = q.target == "indicators" or ellipsis and last is not None and last.target == "indicators"
    for i in r.all("indicator_attr"):
        kind = r.spans[i].sense("indicator_attr")
        if kind in ("weight", "target", "unit", "operator") and on_indicators or \
                kind in ("weight", "target") and (q.indicators.names or q.aggregate in ("sum", "avg")):
            q.show.append("weight" if kind == "weight" else "target_value" if kind == "target" else kind)
            r.take(i, meaning=f"显示：{kind}")


def _only_values(r):
    """And city-level spending? / And their weights? — nothing but what to show, in a follow-up."""
    content = [s for s in r.spans if s.kind not in ("function", "conj", "pronoun", "followup", "group")
               and not s.has("ask", "howmany") and not s.has("ask", "what")]
    return bool(content) and all(s.kind in ("metric", "indicator_attr") for s in content)


def display_units(r):
    """所有专项预算合计多少亿元 / total budget of all funds in million yuan → the amounts also in that unit."""
    text = r.reading.text
    for i in r.all("number"):
        number = r.spans[i].value
        before = r.spans[i - 1].text if i else ""
        if number.unit == "money" and before in ("in", "以", "用") and number.value in (10000.0, 100.0, 100000.0, 1.0):
            r.query.display_units.append({10000.0: "yi", 100.0: "million", 100000.0: "billion"}.get(number.value, "wan"))
            r.take(i, meaning=f"单位：{number.raw}")
    wan = ("多少万元", "多少万", "以万元计", "万元计", "用万元", "in 万元", "in wan yuan", "in 10,000 yuan")
    if any(s.text in wan or s.text.startswith("多少万") for s in r.spans) and "wan" not in r.query.display_units:
        r.query.display_units.append("wan")
    for unit, words in (("yi", ("亿元", "亿")), ("million", ("million",)), ("billion", ("billion", "bn"))):
        for i, span in enumerate(r.spans):
            indicator_unit = any(span.text in u or u in span.text for u in r.query.indicators.units)
            if span.kind != "number" and any(w in span.text for w in words) and not indicator_unit:
                if unit not in r.query.display_units:
                    r.query.display_units.append(unit)
    return text
