"""Rules for the shape of the answer: aggregates and shares, fields, grouping, the target, the
metrics shown and display units (indicator properties are in rules_properties, comparisons
between named things in rules_compare)."""

from ..metrics import METRICS
from .reader import first
from .spans import narrows
from .rules_shares import _counts_funds as funds_counted


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
        elif (properties or q.indicators.units or q.indicators.ops) and not q.funds:
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
        shares = [j for j in r.all("share") if r.spans[j].kind == "share"]
        if kind == "sum" and (q.aggregate == "share" and not q.share or q.aggregate is None and shares) \
                and r.all("indicator_attr", "weight", free=False):
            q.aggregate, q.show = "sum", q.show or ["weight"]      # 这几个权重加起来占多少: weights are shares already
            r.take(i, *shares, meaning="合计")
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
    """funds with a total above (between) … / which funds exceed 300 million yuan in total: the budget compared,
    no sum asked."""
    j, k, text = r.neighbour(i, 1), r.neighbour(i, -1), r.spans[i].text
    if text in ("total", "a total") and j is not None and r.spans[j].kind in ("compare_before", "number", "between"):
        return True
    if text == "total" and k is not None and r.spans[k].kind == "number" and \
            getattr(r.spans[k].value, "unit", None) == "percent":
        return True     # more than 90% of the total: the whole a share is of
    listed = (r.all("ask", "which", free=False) or r.all("field", "name", free=False)) and \
        not r.all("ask", "howmany", free=False)
    return bool(listed) and text in ("in total", "total") and k is not None and r.spans[k].kind == "number" \
        and getattr(r.spans[k].value, "unit", None) == "money"


def _counts_next(r, i):
    """一共涉及多少个部门 / 一共有哪几个专项: in all, before a count or a which-question."""
    j = r.neighbour(i, 1)
    return r.spans[i].text in r.vocab.lists["in_all"] and j is not None and \
        (r.spans[j].has("aggregate", "count") and r.free(j) or r.spans[j].has("ask", "which"))


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
        if name == "goal" and _target_of_indicators(r, i):
            span = r.spans[i]
            span.kind, span.value, span.senses = "indicator_attr", "target", []
            continue
        if name == "name":
            if "name" not in q.fields:
                q.fields.append("name")     # 叫什么名字，预算多少: a list, not a total
            r.take(i)
            continue
        if name not in q.fields:
            q.fields.append(name)
        r.take(i, meaning=f"字段：{name}")


def _target_of_indicators(r, i):
    """这些指标的目标多少 / 分别是什么，目标多少 (after a list of indicators): 目标 is their target value, not the
    fund's annual goal (绩效目标)."""
    if r.spans[i].text != "目标" or not (r.after(i, "ask", reach=1) is not None or any(
            r.spans[j].text.startswith(("多少", "是多少", "几", "为多少")) for j in range(i + 1, min(i + 3, len(r.spans))))):
        return False
    q = r.query
    about_indicators = not q.indicators.empty() or any(s.has("noun", "indicators") for s in r.spans)
    last = r.state.last_query() if r.state is not None else None
    return about_indicators or last is not None and last.target == "indicators" and not q.funds and not q.departments


def grouping(r):
    """各部门 / 按部门 / by department → one row per department; 每个专项 / each fund → one row per fund."""
    for i in r.all("group"):
        kind = r.spans[i].value
        if kind == "department":
            r.query.group_by = "department"
            r.take(i, meaning="按部门")
        else:
            if r.query.aggregate not in ("avg", "median") and not _over_amounts(r, i):
                r.query.group_by = r.query.group_by or "fund"
            elif r.query.aggregate in ("avg", "median") and len(set(_departments_in_play(r))) >= 2:
                r.query.group_by = "department"     # 这两个部门 → 各自平均每个专项多少钱: each department's average
            r.take(i)


def _departments_in_play(r):
    last = r.state.last_query() if r.state is not None and r.state.query else None
    return r.query.departments or (last.departments if last is not None and not last.funds else [])


def _over_amounts(r, i):
    """其中市级支出和补助区县各为多少 after a department's total: 各 goes over the two amounts just named,
    not over its funds."""
    before = [j for j in range(i) if r.spans[j].kind == "metric"]
    joined = len(before) >= 2 and any(r.spans[k].kind == "conj" for k in range(before[0] + 1, before[-1]))
    last = r.state.last_query() if r.state is not None and r.state.query else None
    return joined and last is not None and last.aggregate == "sum" and i == before[-1] + 1


def bare_scopes(r):
    """交通局所有指标中，… / 定性指标里，…: 指标里 with no words to look for in it names the indicators."""
    for i in r.all("scope", "indicators"):
        span = r.spans[i]
        span.kind, span.value = "noun", "indicators"
        span.senses = [("noun", "indicators")] + [s for s in span.senses if s[0] != "scope"]


NOUN_TARGET = {"funds": "funds", "indicators": "indicators", "departments": "departments", "contacts": "contacts"}


def _narrowed_to_noun(r, head):
    """只看专项不止一个的部门: a refinement that ends on departments counted by their funds keeps departments."""
    marked = narrows(r.spans)
    content = [s for s in r.spans if s.kind != "function"]
    counted = any(c.metric == "fund_count" for c in r.query.conditions + r.query.group_conditions)
    return marked and counted and head == "departments" and bool(content) and content[-1].has("noun", head)


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
    counted = [c for c in q.conditions + q.group_conditions if c.metric == "fund_count"]
    if contact_field and counted and not (q.departments or q.funds or q.group_by):
        q.target = "phones" if q.fields == ["phone"] else "contacts"    # 负责4个及以上专项的联系人 / numbers
        for c in counted:                                               # shared by three or more funds
            c.level = "group"
            if c in q.conditions:
                q.conditions.remove(c)
                q.group_conditions.append(c)
    elif contact_field and _counts_people(r):
        q.target = "contacts"       # 各专项的联系人里有几位… : people counted, whatever they are grouped by
    elif contact_field and not q.funds and asked in (None, "contacts") and q.group_by != "fund" and \
            (r.all("ask", "who", free=False) or _who_of_them(r) or q.people or q.aggregate == "count" or
             q.departments or q.conditions or q.texts or q.ranking):
        q.target = "contacts"
        if _who_of_them(r) and not _each(r):
            r.reading.explicit_target = True    # 它们的联系人是谁 / who should I call about them: the people
    elif q.group_by == "department" and asked != "indicators" and not ((asked or head) == "funds" and q.ranking):
        q.target = "departments"
    elif asked:
        q.target = asked
        r.reading.explicit_target = True
    else:
        if head:
            q.target = head
            r.reading.explicit_target = r.reading.explicit_target or _scoped_noun(r) or _pronoun_noun(r, head) \
                or _narrowed_to_noun(r, head)
        elif q.indicators.names or _indicator_texts(q) or (not q.indicators.empty() and not _fund_properties(q)) \
                or q.funds and _indicator_columns(r) or _ranks_indicators(q) and r.state is None:
            q.target = "indicators"
        else:
            q.target = "funds"
    if q.target == "indicators" and q.has_indicator is False:
        q.target = "funds"
    if q.target == "departments" and len(q.departments) >= 2 and (q.aggregate == "sum" or q.combined) \
            and not q.group_by and not q.ranking and not _each(r):
        q.target = "funds"      # 这两个部门预算合计多少 / 这五个部门合计占…的百分之多少: one figure over their funds
    if q.target == "contacts" and not q.fields:
        q.fields.append("contact")
    if q.target == "departments":
        _count_kind_of_indicator(q)


def _ranks_indicators(q):
    """卫健委的指标权重最高是多少: ranked by a property only an indicator has, with no noun asked: indicators."""
    return q.ranking is not None and q.ranking.metric in METRICS and METRICS[q.ranking.metric].level == "indicator"


def _count_kind_of_indicator(q):
    """各部门有几个核心指标: each department's count of core indicators (not all its indicators, nor the
    departments that have some)."""
    spec = q.indicators
    kind = "core_count" if spec.core is True else "non_core_count" if spec.core is False else \
        "qualitative_count" if spec.qualitative else None
    others = spec.ops or spec.units or spec.names or spec.name_terms or spec.target_texts or spec.conditions
    if kind is None or others or spec.core is not None and spec.qualitative:
        return
    counted = "indicator_count" in q.show or q.ranking is not None and q.ranking.metric == "indicator_count"
    if counted:
        q.show = [kind if m == "indicator_count" else m for m in q.show]
        if q.ranking is not None and q.ranking.metric == "indicator_count":
            q.ranking.metric = kind
        spec.core = spec.qualitative = None


def _who_of_them(r):
    """它们的联系人是谁 / Who should I call about them? — the people behind the funds just listed."""
    who = r.all("ask", "who", free=False) or any(s.kind == "field" and s.text.startswith("who") for s in r.spans)
    return bool(who) and bool(r.all("pronoun", "they", free=False))


def funds_word(span):
    """专项 / funds, or 全部专项 / all the funds: a word that stands for funds."""
    return span.has("noun", "funds") or span.kind == "scope_all" and any(w in span.text for w in ("专项", "fund"))


def _each(r):
    return any(s.has("group") or s.text in ("各", "各自", "分别", "each", "respectively") for s in r.spans)


def _counts_people(r):
    """几位 / 多少人 / how many people: a count whose classifier is a person."""
    return any(r.spans[i].text.endswith(("位", "人", "名")) or r.spans[i].text in ("how many people", "how many persons")
               for i in r.all("aggregate", "count", free=False))


def _asked_noun(r):
    asks = [i for i in r.all("ask", free=False) if not r.spans[i].has("ask", "whether")]
    counts = [i for i in r.all("aggregate", "count", free=False) if i not in r.metric_parts | r.name_parts]
    for i in asks + counts:
        span = r.spans[i]
        if _per_row(r, i):
            continue
        among = _among_set(r, i)
        if among is not None:
            return among            # 预算超过10亿元的专项中，哪些设置了定性指标: which of those funds
        j = r.after(i, "noun", reach=2, free=False)
        if j is not None and j not in r.metric_parts:
            return NOUN_TARGET.get(r.spans[j].sense("noun"))
        if r.lang == "zh" and (span.has("ask", "which") or span.has("aggregate", "count")):
            k = r.before(i, "noun", reach=1, free=False)
            if k is not None and k not in r.metric_parts | r.name_parts and not _had(r, k):
                return NOUN_TARGET.get(r.spans[k].sense("noun"))
    return None


def _among_set(r, i):
    """X专项中/里，哪些…: 哪些 picks from the funds (or departments) named just before, unless a noun follows it."""
    if r.lang != "zh" or not r.spans[i].has("ask", "which") or i + 1 >= len(r.spans) or r.spans[i + 1].kind == "noun":
        return None
    if r.spans[i + 1].kind == "indicator_attr" and i + 2 < len(r.spans) and r.spans[i + 2].has("noun", "indicators"):
        return None     # 林业局的专项里有哪些定性指标: the indicators, not the funds having them
    k = i - 1
    while k >= 0 and r.spans[k].kind in ("conj",) or k >= 0 and r.spans[k].text in (",", "，"):
        k -= 1
    if k < 1 or r.spans[k].text not in r.vocab.lists["scope_markers"] or r.spans[k - 1].kind != "noun":
        return None
    return NOUN_TARGET.get(r.spans[k - 1].sense("noun")) if r.spans[k - 1].sense("noun") in ("funds", "departments") \
        else None


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
    nouns = [i for i in r.all("noun") if not _unit_noun(r, i) and i not in r.name_parts]
    nouns = [i for i in nouns if not _per_row(r, first(r.neighbour(i, -1), i)) and not _had(r, i)] or \
        [i for i in r.all("noun", free=False) if not _per_row(r, first(r.neighbour(i, -1), i)) and not _had(r, i)
         and not _unit_noun(r, i) and i not in r.name_parts]
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


def _pronoun_noun(r, noun):
    """这些指标的目标值 / those indicators / their satisfaction indicators: the noun a demonstrative points with is
    what is asked about."""
    nouns = [i for i in r.all("noun", free=False) if NOUN_TARGET.get(r.spans[i].sense("noun")) == noun]
    return any(any(r.spans[k].has("pronoun") or r.spans[k].has("followup", "among") and r.spans[k].text.startswith("of")
                   for k in range(max(0, i - 2), i)) for i in nouns)   # their (satisfaction) / each of those indicators


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


def _listed_with_funds(r):
    """the Education Commission's funds together with their budgets / 各专项及其预算: each fund's amount shown."""
    for j in r.all("metric"):
        k = j - 1
        while k >= 0 and r.spans[k].kind in ("function", "pronoun", "own"):
            k -= 1
        joined = r.spans[k].kind == "conj" or r.spans[k].text == "with"
        listed = r.spans[k - 1] if k >= 1 else None
        funds = listed is not None and (funds_word(listed) or listed.has("pronoun", "they"))
        if k >= 1 and joined and funds:
            r.take(k)       # the funds / them with their budgets / 它们及其预算: each one's
            if r.spans[k - 1].kind == "pronoun" and "name" not in r.query.fields:
                r.query.fields.append("name")       # them: the funds, listed (not their count or sum)
            return True
    return False


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
    pointed = bool(q.subset) or getattr(r.reading, "carry", False)   # the city-level spending of those two / of them
    if not (q.funds or q.people or asks_amount or q.compare or q.group_by or one_department or everything or pointed or
            q.indicators.names or _listed_with_funds(r) or
            q.aggregate in ("sum", "avg", "median") and not q.metric):
        return
    for i in r.all("metric"):
        metric = r.spans[i].sense("metric")
        if metric not in q.show:
            q.show.append(metric)
        r.take(i, meaning=f"显示：{metric}")
    last = r.state.last_query() if r.state else None
    on_indicators = q.target == "indicators" or ellipsis and last is not None and (
        last.target == "indicators" or not last.indicators.empty())    # (which fund sets a target for X → the target?)
    for i in r.all("indicator_attr"):
        kind = r.spans[i].sense("indicator_attr")
        if kind in ("weight", "target", "unit", "operator") and on_indicators or \
                kind in ("weight", "target") and (q.indicators.names or q.aggregate in ("sum", "avg")):
            q.show.append("weight" if kind == "weight" else "target_value" if kind == "target" else kind)
            r.take(i, meaning=f"显示：{kind}")


def _only_values(r):
    """And city-level spending? / And their weights? — nothing but what to show, in a follow-up."""
    content = [s for s in r.spans if s.kind not in ("function", "conj", "pronoun", "followup", "group")
               and not s.has("ask", "howmany") and not s.has("ask", "what") and not s.has("ask", "whether")]
    return bool(content) and all(s.kind in ("metric", "indicator_attr") or s.has("field", "name") for s in content)


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


def restated_metrics(r):
    """Which funds give districts more than 500 million yuan in subsidies / 预算在1亿元至5亿元之间的专项名称及其预算金额
    → a column named again, once a condition or a ranking has used it, is that column (shown)."""
    q = r.query
    used = {c.metric for c in q.conditions} | ({q.ranking.metric} if q.ranking else set()) | set(q.show)
    for i in r.all("metric"):
        metric = r.spans[i].sense("metric")
        if r.spans[i].sense("share") or metric not in used:
            continue
        if metric not in q.show and q.target == "funds" and not q.aggregate:
            q.show.append(metric)
        r.take(i, meaning=f"显示：{metric}")
