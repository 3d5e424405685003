"""Rules for rankings: superlatives (最大 / the largest), top N (前5 / top 5 / 5 largest),
the nth (第二大 / 倒数第三 / 2nd largest) and sorting (按补助区县排序 / largest first).

The ranked metric is the one named next to the ranking word; 专项最多 ranks by
the number of funds and 指标最多 by the number of indicators.
"""

from .query import Condition, Ranking
from .rules_conditions import SHARE_OF

DIRECTION = {"max": "desc", "min": "asc", "desc": "desc", "asc": "asc"}
RANKED = ("metric", "share", "indicator_attr", "noun", "field", "aggregate")


COUNTED = {"core": "core_count", "qualitative": "qualitative_count", "non_core": "non_core_count"}


def ranked_metric(r, i):
    """(metric, spans) ranked by the ranking word at i, or (None, []): the nearest word
    that names a metric, on the side the language puts it first, else the other side, else the one metric
    the question names anywhere (按补助区县对部门排序，前五名是哪些)."""
    # Chinese names the metric before the ranking word (预算最大), English after it (the largest budget)
    for step, reach in ((-1, 4), (1, 3)) if r.lang == "zh" else ((1, 3), (-1, 4)):
        for j in _around(r, i, step, reach):
            found = _metric_of(r, j, step)
            if found:
                return found
    sorted_by = bool(r.all("sort", free=False) or r.all("direction", free=False))
    free = [j for j in r.all("metric") if not (r.spans[j].kind == "share" and (j > i or not sorted_by))]
    if len({r.spans[j].sense("metric") for j in free}) == 1:
        return r.spans[free[0]].sense("metric"), free
    return None, []


def _around(r, i, step, reach):
    """Candidate metric spans around a ranking word; looking forward, the ranked noun ends the phrase
    (前三大专项 | 占总预算的比重) unless 按 / by follows it."""
    j, seen = i + step, 0
    while 0 <= j < len(r.spans) and seen <= reach and not r.is_break(j):
        if any(r.spans[j].has(k) for k in RANKED):
            yield j
        if step > 0 and r.spans[j].kind == "noun" and (j > i + 1 or r.spans[j].text in ("fund", "program", "programme")):
            nxt = r.neighbour(j, 1)
            by = ("按", "by", "in terms of", "measured by", "according to")
            if (nxt is None or r.spans[nxt].text not in by) and not (j + 1 < len(r.spans) and r.spans[j + 1].text in by):
                return      # (by is a function word: the neighbour past it is what it measures by)
        if r.spans[j].kind not in ("function", "text_weak", "ask", "zero", "conj"):
            seen += 1
        j += step


def _metric_of(r, j, step):
    span = r.spans[j]
    if span.kind == "aggregate":
        # the largest total (across its funds): the summed budget
        nxt = r.neighbour(j, 1)
        if span.has("aggregate", "count") and nxt is not None and step > 0:    # by number of funds / indicators
            attr = nxt if r.spans[nxt].kind == "indicator_attr" else None
            noun = r.neighbour(nxt, 1) if attr is not None else nxt
            counted = "fund_count" if r.spans[nxt].has("noun", "funds") else None
            if noun is not None and r.spans[noun].has("noun", "indicators"):
                counted = COUNTED.get(r.spans[attr].sense("indicator_attr") if attr is not None else None,
                                      "indicator_count")
            if counted:
                parts = [j, noun] + ([attr] if attr is not None else [])
                r.metric_parts.update(parts)        # (the counted noun is the measure, not what is listed)
                return counted, parts
        named = nxt is not None and (r.spans[nxt].has("metric") or r.spans[nxt].has("share"))  # total district subsidies
        return ("total", [j]) if step > 0 and span.has("aggregate", "sum") and span.text in ("total", "sum") \
            and not named else None
    if span.kind == "noun" and (span.has("metric") or span.text in ("专项资金", "专项经费")) and not _counted(r, j):
        return "total", [j]
    if span.has("indicator_attr", "weight"):
        return "weight", [j]
    if span.has("indicator_attr", "target"):
        return "target_value", [j]
    if span.kind == "share" and span.sense("metric"):
        return span.sense("metric"), [j]
    if span.has("share"):
        metric = r.before(j, "metric", reach=2, free=False)
        named = r.spans[metric].sense("metric") if metric is not None else "district_subsidy"
        return SHARE_OF[named], [j] + ([metric] if metric is not None else [])
    if span.has("metric") and span.sense("share"):
        return span.sense("share"), [j]
    if span.has("metric"):
        share = r.after(j, "share", reach=2, free=False)
        metric = span.sense("metric")
        if share is not None:
            return SHARE_OF[metric], [j, share]
        return metric, [j]
    if span.has("noun", "indicators"):
        attr = r.before(j, "indicator_attr", reach=1, free=False)
        kind = r.spans[attr].sense("indicator_attr") if attr is not None else None
        metric = COUNTED.get(kind, "indicator_count")
        return metric, [j] + _count_words(r, j)
    if span.has("noun", "funds") and _counts_funds(r, j, step):
        return "fund_count", [j] + _count_words(r, j)
    return None


def _counted(r, j):
    """专项资金 is money, unless a count word says the funds are counted (专项资金个数)."""
    k = r.neighbour(j, 1)
    return k is not None and r.spans[k].has("aggregate", "count")


def _count_words(r, j):
    """个数 / 数量 / number of next to the counted noun belong to the ranked metric."""
    found = []
    for step in (-1, 1):
        k = r.neighbour(j, step)
        if k is not None and r.free(k) and r.spans[k].has("aggregate", "count"):
            found.append(k)
    r.metric_parts.update(found + [j])
    return found


def _counts_funds(r, j, step):
    """专项最多的部门 / the most funds: funds counted, not the funds themselves."""
    if step < 0:
        target = r.after(j, ("noun", "group"), reach=3, free=False)
        return target is not None and (r.spans[target].has("noun", "departments") or
                                       r.spans[target].has("group", "department")) \
            or _department_asked(r) or _contact_asked(r)
    return _department_asked(r) or r.all("person", free=False) or _contact_asked(r)


def _department_asked(r):
    return any(r.spans[i].has("noun", "departments") or r.spans[i].has("field", "department")
               for i in range(len(r.spans)))


def _contact_asked(r):
    return any(r.spans[i].has("field", "contact") for i in range(len(r.spans)))


def _set(r, ranking, spans, word_spans):
    metric, metric_spans = ranking.metric, spans
    if r.query.ranking is not None:
        return
    if spans:
        average = r.before(min(spans), ("aggregate", "reference"), reach=2, free=False)
        if average is not None and (r.spans[average].has("aggregate", "avg") or r.spans[average].has("reference")):
            ranking.aggregate = "avg"
            metric_spans = list(spans) + [average]
    r.query.ranking = ranking
    what = {"desc": "从大到小", "asc": "从小到大"}[ranking.direction]
    if ranking.sort_only:
        meaning = f"按{metric or '?'}排序（{what}）"
    elif ranking.offset:
        meaning = f"按{metric or '?'}排第{ranking.offset + 1}（{what}）"
    elif ranking.limit:
        meaning = f"按{metric or '?'}取前{ranking.limit}（{what}）"
    else:
        meaning = f"{metric or '?'}{'最大' if ranking.direction == 'desc' else '最小'}"
    r.take(*word_spans, meaning=meaning)
    r.take(*metric_spans)


def _count(r, i):
    number = r.spans[i].value
    if number.unit in ("count", "plain", "ordinal") and 1 <= number.value <= 1000 and float(number.value).is_integer():
        return int(number.value)
    return None


def rank_of(r):
    """社会救助专项在全部专项里排第几 / 社会救助专项的预算排名第几 / where does the student aid fund rank by city-level
    spending → the named fund's place, counted from the largest, among all funds (or its department's)."""
    words = r.all("rank_of")
    q = r.query
    if not words and r.reading.text.lower().lstrip().startswith(("where does", "where do", "where is")):
        words = [j for j in r.all("sort") if r.spans[j].text in ("rank", "ranks", "ranked", "stand", "stands")]
    if not words or len(set(q.funds)) != 1 or q.ranking is not None or q.aggregate:
        return
    named = [j for j in r.all("metric") if r.spans[j].sense("metric") in ("total", "city_spend", "district_subsidy")
             and not r.spans[j].sense("share")]
    metric = r.spans[named[0]].sense("metric") if named else "total"
    q.aggregate, q.metric, q.target = "rank", metric, "funds"
    r.take(*words, *named[:1], *r.all("scope_all"), *r.all("noun", "funds"), meaning=f"名次：{metric}")


def ranked_against(r):
    """排它前面的是哪个 / 排在它后面的专项有哪些 / which funds are ranked above it → the funds whose amount is larger
    (or smaller) than that of the fund just answered.

    Only right after its place was answered (它排第几): otherwise which order is meant (the catalogue's, a
    department's list) is not known, and the words stay unread."""
    focus = r.state.focus if r.state is not None else None
    last = r.state.last_query() if r.state is not None and r.state.query else None
    ordered = last is not None and last.aggregate == "rank"
    for i in r.all("rank_relative"):
        if not focus or focus[0] != "fund" or not ordered:
            return          # ahead of it in which order? (the catalogue's, perhaps): not guessed
        seq, op = focus[1], r.spans[i].sense("rank_relative")
        named = [j for j in r.all("metric") if r.spans[j].sense("metric") in ("total", "city_spend", "district_subsidy")]
        metric = r.spans[named[0]].sense("metric") if named else \
            (last.ranking.metric if last.ranking else last.metric) or "total"     # in the order just answered
        r.query.conditions.append(Condition(metric, op, ref_fund=seq, text=r.spans[i].text))
        r.query.target = r.query.target or "funds"
        if _asks_one(r):        # 排它后面的是哪个: the next one, not all of them
            r.query.ranking = Ranking(metric, "desc" if op in ("<", "<=") else "asc", limit=1)
        r.reading.resolved.append({"text": r.spans[i].text, "meaning": r.vocab.fund_name(seq)})
        r.take(i, *named[:1], meaning=f"{metric} {op} {r.vocab.fund_name(seq)}")


def _asks_one(r):
    texts = [s.text for s in r.spans if s.kind == "ask"]
    return any(t in ("哪个", "是哪个", "哪一个", "是哪一个", "哪个专项", "which one") for t in texts) and \
        not any(t in ("哪些", "是哪些", "有哪些", "哪几个") for t in texts)


def by_total(r):
    """the four biggest funds by total / ranked by total → total is the budget ranked on, not a sum asked for."""
    for i in r.all("aggregate", "sum"):
        span = r.spans[i]
        after = r.neighbour(i, 1)
        if span.text in ("total", "totals") and i and r.spans[i - 1].text == "by" and \
                (after is None or r.is_break(after) or r.spans[after].kind not in ("metric", "share")):
            span.kind, span.value, span.senses = "metric", "total", []


def top_n(r):
    """前5 / 前三大 / top 10 / 5 largest / 最大的3个 / the three smallest → the first N."""
    for i in r.all("number"):
        n = _count(r, i)
        if n is None or r.spans[i].value.unit == "ordinal":
            continue
        lead = r.before(i, "rank_top", reach=1)
        sup_after = r.after(i, ("rank_after", "superlative"), reach=2)
        sup_before = r.before(i, "superlative", reach=2)
        if lead is not None:
            direction = DIRECTION[r.spans[lead].sense("rank_top")]
            words = [lead, i]
            if sup_after is not None:
                direction = _direction_of(r, sup_after, direction)
                words.append(sup_after)
            elif r.before(lead, "superlative", reach=1) is not None:
                sup = r.before(lead, "superlative", reach=1)
                direction = DIRECTION[r.spans[sup].sense("superlative")]
                words.insert(0, sup)
        elif sup_after is not None and r.spans[sup_after].has("superlative"):
            direction, words = DIRECTION[r.spans[sup_after].sense("superlative")], [i, sup_after]
        elif sup_before is not None and r.spans[i].value.unit in ("count", "plain"):
            direction, words = DIRECTION[r.spans[sup_before].sense("superlative")], [sup_before, i]
        else:
            continue
        metric, spans = ranked_metric(r, words[0])
        order = _explicit_direction(r)
        _set(r, Ranking(metric, order or direction, limit=n), spans, words)
        _scope_marker(r, max(words + spans))


def _scope_marker(r, last):
    """预算排前十的专项里，有几个… / of the ten funds with the biggest …, which ones …: the top N are the set
    the rest of the question is asked of (the marker is recorded; finish() decides when conditions follow it)."""
    ranking = r.query.ranking
    if ranking is None or not ranking.limit:
        return
    lo, _ = r.clause_of(last)
    english = r.spans[lo].text in ("of", "among", "of the", "out of", "from", "looking at", "look at", "within") or \
        (lo > 0 and r.spans[lo - 1].text in ("of", "among"))
    marker = next((k for k in range(last + 1, len(r.spans)) if r.spans[k].text in r.vocab.lists["scope_markers"]), None)
    if english:
        marker = r.clause_of(last)[1]
    r.reading.top_marker = marker


def _direction_of(r, i, default):
    span = r.spans[i]
    value = span.sense("superlative") or span.sense("rank_after")
    return DIRECTION.get(value, default)


def nth(r):
    """预算第二大的专项 / 补助区县排第3的专项 / 第10名是哪个专项 / 倒数第三的专项 / the 2nd largest fund
    → one row, the nth."""
    for i in r.all("number"):
        n = _count(r, i)
        if n is None:
            continue
        lead = r.before(i, "rank_nth", reach=1)
        ordinal = r.spans[i].value.unit == "ordinal"
        if lead is None and not ordinal:
            continue
        tail = r.after(i, ("rank_after", "superlative"), reach=1)
        direction = DIRECTION[r.spans[lead].sense("rank_nth")] if lead is not None else "desc"
        if tail is not None:
            direction = _direction_of(r, tail, direction) if direction == "desc" else direction
        elif lead is None and not (r.state is not None and r.state.list_query):
            continue        # (And the fourth? after a ranked list: that list's fourth place)
        metric, spans = ranked_metric(r, lead if lead is not None else i)
        order = _explicit_direction(r)
        _set(r, Ranking(metric, order or direction, limit=1, offset=n - 1), spans, [lead, i, tail])


def superlatives(r):
    """预算最大的专项 / 专项最多的部门 / 预算最少的专项 / the largest fund / the most funds → the first, keeping ties."""
    both = {r.spans[i].sense("superlative") for i in r.all("superlative")} == {"max", "min"}
    if both and (r.all("aggregate", "difference") or r.all("conj", "and") or
                 any(s.text.startswith("and ") or s.text in ("和", "与", "及") for s in r.spans)):
        return                          # 最大和最小(相差多少): a spread, read by rules_compare.spreads
    for i in r.all("superlative"):
        if r.query.ranking is not None:
            return
        j = r.neighbour(i, -1)
        if j is not None and r.spans[j].has("between", "to") and r.all("direction"):
            r.take(i, j)                # from the smallest budget to the largest: the order, read by sorting
            continue
        direction = DIRECTION[r.spans[i].sense("superlative")]
        metric, spans = ranked_metric(r, i)
        _set(r, Ranking(metric, direction), spans, [i])


def sorting(r):
    """按补助区县排序 / 从高到低 / sorted by budget, largest first → ordered, nothing cut."""
    words = r.all("sort") + r.all("direction")
    if not words:
        return
    order = _explicit_direction(r)
    if r.query.ranking is not None:
        if order:
            r.query.ranking.direction = order
        r.take(*words)
        for j in r.all("metric"):
            if r.spans[j].sense("metric") == r.query.ranking.metric or r.spans[j].text in ("金额", "amount"):
                r.take(j)
        return
    metric, spans = ranked_metric(r, words[0])
    if metric is None and len(words) > 1:
        metric, spans = ranked_metric(r, words[-1])
    if metric is None:
        free = [j for j in r.all("metric") if not r.spans[j].sense("share")]
        if len(free) == 1:
            metric, spans = r.spans[free[0]].sense("metric"), free
    _set(r, Ranking(metric, order or "desc", sort_only=True), spans, words)


def _explicit_direction(r):
    found = r.all("direction", free=False)
    return DIRECTION[r.spans[found[0]].value] if found else None


def comparative_choice(r):
    """哪个预算更多 / 两者当中哪个补助区县更多 / which of the two has more indicators → the larger one (ties kept):
    a comparative asked with which, when no number or named pair makes it a comparison."""
    pair = [k for k in r.all("number") if r.spans[k].text in ("two", "both") and k > 0
            and r.spans[k - 1].text in ("of the", "the", "of")]          # which of the two: the last answer's pair
    state = r.state
    if r.query.ranking is not None or r.query.compare is not None or set(r.all("number")) - set(pair) or \
            len(r.query.funds) + len(r.query.departments) >= 2 or any(s.text in ("than", "比", "于") for s in r.spans):
        return
    asks = r.all("ask", "which", free=False) + r.all("ask", "who", free=False)
    if asks and len(set(r.query.departments)) == 1 and not r.query.funds and not r.query.people:
        for i in r.all("comparative"):      # 应急管理局的两个专项哪个更大 / which of its funds is bigger: the largest of them
            metric, spans = ranked_metric(r, i)
            _set(r, Ranking(metric, "desc" if r.spans[i].sense("comparative") == "larger" else "asc"), spans, [i])
            return
    last = state.last_query() if state is not None and state.query else None
    if last is None or len(set(state.funds)) < 2 or last.target not in ("funds", None) or last.aggregate:
        return      # more than what? the funds the last answer listed, when there are two or more of them
    bare = [j for j in r.all("compare_after") if asks and r.spans[j].text in ("多", "大", "高", "少", "小", "低")
            and (j + 1 == len(r.spans) or r.spans[j + 1].kind in ("function", "conj"))]     # 哪个补助区县的钱多
    for i in r.all("comparative") + bare:
        if not asks and r.spans[i].text not in ("谁多", "谁大", "谁高", "哪个多", "哪个大", "哪个高", "谁少", "谁小",
                                                "谁低", "哪个少", "哪个小"):
            continue
        metric, spans = ranked_metric(r, i)
        if metric is None:
            continue
        larger = r.spans[i].sense("comparative") == "larger" or r.spans[i].sense("compare_after") in (">", ">=")
        direction = "desc" if larger else "asc"
        _set(r, Ranking(metric, direction), spans, [i])
        r.take(*pair)
        r.reading.carry = True
        return
