"""Follow-ups: what kind of follow-up a question is (ellipsis, refinement, aggregation, or none) and
the new query completed from the last one."""

import copy

from .query import IndicatorSpec, Query
from .rules_shares import OF_ALL
from .references import _last_pair

INDICATOR_VALUES = {"target_value", "weight", "unit", "operator"}
SHARE_OF_PART = {"district_subsidy": "district_share", "city_spend": "city_share"}
ROW_SHARES = ("district_share", "city_share")


# ------------------------------------------------------------------ after the rules

def follow_up_kind(r):
    """ellipsis / refinement / aggregation / None (fresh), from the markers and what the question lacks."""
    markers = {r.spans[i].sense("followup") for i in range(len(r.spans)) if r.spans[i].has("followup")}
    if "fresh" in markers:
        return None                 # 换个问题 / Separate question — …: nothing of the last turn is carried
    q = r.query
    base = r.reading.share_base       # 占教委全部专项资金的比例: 教委 is what the share is of, not the subject
    departments = [d for d in q.departments if not base or base != ("department", d)]
    funds = [s for s in q.funds if not base or base != ("fund", s)]
    named = bool(departments or funds or q.people or q.phones or q.texts or q.indicators.names)
    everything = any(s.has("scope_all") and s.sense("share_base") is None for s in r.spans)
    subject = named or bool(r.all("noun", free=False)) or r.reading.explicit_target or everything
    if r.state is not None and r.state.pending and named and not (
            q.aggregate or q.conditions or q.fields or q.show or q.ranking or r.all("noun", free=False)):
        return "ellipsis"           # 这个专项的电话是多少？(nothing to point to) → 文物保护与利用专项
    ending = r.reading.text.rstrip(" ?？.。!").endswith(tuple(r.vocab.lists["last_answer_endings"]))
    if ending and r.state is not None and r.state.query and q.aggregate and not named:
        return "aggregation"        # How many departments is that? — of the last answer
    if r.state is not None and r.state.query and _total_of_them(r):
        q.aggregate, q.metric = "sum", q.show[0]
        return "aggregation"        # What's their total budget? / 它们的预算总额: one sum, not each one's
    if base and base[0] == "fund" and q.share in ("district_share", "city_share") and base[1] in q.funds:
        return None                 # what share of its budget goes to the districts: its own share, asked afresh
    if base and not named and r.state is not None and r.state.query:
        return "aggregation"        # 占教委全部专项资金的比例是多少: the last answer's share of that whole
    if _asked_again(r, q):
        return "ellipsis"           # How much did it get in 2023? (refused) → what does it get in 2024 then?
    if _the_one_in(r, q):
        return "refinement"         # those 30% indicators → the target of the one in 支持保障系统建设专项
    if getattr(r.reading, "carry", False):
        return "aggregation" if q.aggregate and not (q.ranking or q.conditions) else "refinement"
    if q.aggregate == "share" and q.share in (None, "indicator_share") and not (q.metric or q.show) and \
            r.state is not None and r.state.query and named and _same_subject(q, r.state):
        return "aggregation"        # 教委有多少个核心指标 → 占它全部指标的比例呢: a share of the same answer
    if not subject and not named and q.aggregate and not (q.ranking or q.conditions):
        return "aggregation"
    restated = named and (q.indicators.names or r.all("noun", free=False) and
                          (not q.indicators.empty() or q.target == "indicators" and q.ranking)
                          or bool(r.all("noun", "indicators", free=False)))    # and its indicators?
    swapped = not named and not everything and _ends_with_marker(r)       # 定性指标呢 / 单位呢
    leading_and = bool(r.spans) and r.spans[0].text in ("and", "also", "还有")
    if leading_and and named and not restated and not _asks(r) and not (
            q.aggregate or q.conditions or q.fields or q.show or q.ranking):
        return "ellipsis"       # And 抽检专项? — the last question, about this one
    if leading_and and not named and not _asks(r) and not (q.conditions or q.fields or q.aggregate) and \
            (q.show or q.ranking or not q.indicators.empty()) and r.state is not None and r.state.query:
        return "ellipsis"       # And non-core ones? / And by total budget? — the last question, with this swapped
    if leading_and and not named and q.conditions and not markers & {"among", "only"} and r.state is not None \
            and r.state.query and (Query.from_dict(r.state.query).conditions or []):
        return "ellipsis"       # … no city-level spending? → And how many have no district subsidy?: that one instead
    among_first = "among" in markers and _leading_marker(r)    # 其中总额超过10亿元的呢: narrowed, not swapped
    if "what_about" in markers and (not subject or named and _ends_with_marker(r) or swapped) and not restated \
            and not among_first:
        return "ellipsis"       # 那卫健委呢 — but 那药监局抽检专项的核心指标呢 asks afresh
    if markers & {"among", "only"} and (_leading_marker(r) or _english_among(r)) or "breakdown" in markers and not named:
        return "refinement"     # 其中… / break that down by fund (but break down the 民航发展专项: a question of its own)
    if not named and not everything and q.target == "indicators" and _on_indicators(r.state) and \
            not _asks_indicators_afresh(r):
        return "refinement"     # 哪个属于核心指标 / 核心指标占几个, right after one fund's indicators
    if not subject and not named:
        if q.aggregate and not (q.ranking or q.conditions):
            return "aggregation"
        asks = any(s.kind in ("ask", "followup", "pronoun", "group", "sort", "direction")
                   or s.text in r.vocab.lists["list_requests"] for s in r.spans)
        return "refinement" if r.reading.understood or asks else None     # 是哪几个 / 列出来看看 (嗯嗯: nothing asked)
    return None


def _total_of_them(r):
    q = r.query
    totals = [s for s in r.spans if s.kind == "metric" and s.value in q.show and
              (s.text.startswith(("total ", "combined ")) or s.text.endswith("总额") or s.text.startswith("总"))]
    each = r.all("group", free=False) or any(s.text.startswith(("各", "分别", "each", "respective")) for s in r.spans)
    return len(q.show) == 1 and totals and any(s.has("pronoun", "they") for s in r.spans) and not each and \
        not (q.aggregate or q.fields or q.ranking or q.conditions or q.funds or q.departments or q.group_by)


def _asks_indicators_afresh(r):
    """哪些指标的计量单位是“标箱”: which indicators, said in full, is a new question (哪个属于核心指标 picks from
    the last answer)."""
    q = r.query
    own = q.conditions or q.texts or not q.indicators.empty()    # (分别是哪个专项的哪个指标: the last answer's)
    return bool(own) and any(s.has("ask", "which") and k + 1 < len(r.spans) and r.spans[k + 1].has("noun", "indicators")
                             for k, s in enumerate(r.spans))


def _english_among(r):
    """Which of them / which of those …: the set is the last answer, wherever the phrase stands."""
    return any(s.has("followup", "among") and s.text.isascii() for s in r.spans)


def _on_indicators(state):
    """The last answer listed indicators, or was about one fund."""
    last = state.last_query() if state is not None else None
    if last is None:
        return False
    return last.target == "indicators" and bool(last.funds or last.subset or last.departments) or \
        bool(state.focus and state.focus[0] == "fund")


def only_marker(r):
    """那第二名呢 / what about the second? with nothing named: there must be a question before it."""
    q = r.query
    content = q.departments or q.funds or q.people or q.phones or q.texts or q.conditions or \
        not q.indicators.empty() or q.ranking is not None and not q.ranking.implicit
    return not content and _ends_with_marker(r)     # (二十亿以上的呢 is a question of its own)


def only_marker_or_name(r):
    """那水利局呢 / 社会福利专项的呢: a name and the marker, nothing else — the last question asked of it."""
    q = r.query
    return _ends_with_marker(r) and len(q.funds) + len(q.departments) <= 1 and not (
        q.conditions or q.ranking or q.aggregate or q.show or q.fields or q.texts or q.compare or not q.indicators.empty())


def needs_previous(r):
    """其中 / 在这些里 / among them at the start, break that down: there must be a previous answer."""
    among = [i for i in range(len(r.spans)) if r.spans[i].has("followup", "among")]
    breakdown = any(s.has("followup", "breakdown") for s in r.spans) and not (r.query.funds or r.query.departments)
    return breakdown or bool(among) and (_leading_marker(r) or any(r.spans[i].text.isascii() for i in among))


def _asks(r):
    return any(s.kind == "ask" and not s.has("ask", "whether") for s in r.spans)


def _the_one_in(r, q):
    """the one in / the ones under <a fund>, after a list of indicators: that fund's, of those."""
    last = r.state.last_query() if r.state is not None and r.state.query else None
    return last is not None and last.target == "indicators" and len(r.state.indicators) >= 2 and bool(q.funds) \
        and any(s.text in ("the one", "the ones") for s in r.spans)


def _asked_again(r, q):
    """A pronoun for the very thing the last question was about, and nothing else asked: that question again."""
    last = r.state.last_query() if r.state is not None and r.state.query else None
    if last is None or last.aggregate not in ("sum", "count") or not r.reading.resolved:
        return False
    same = (q.departments or q.funds) and (q.departments, q.funds) == (last.departments, last.funds)
    asked = q.aggregate or q.fields or q.show or q.ranking or q.conditions or q.texts or q.share or \
        not q.indicators.empty() or r.all("noun", free=False)
    return bool(same) and not asked


def _ends_with_marker(r):
    """卫健委呢 / what about the Transport Bureau — but not 那它有哪些核心指标, a whole question after 那."""
    content = [s for s in r.spans if s.kind not in ("function",) or s.has("followup")]
    nouned = any(s.kind == "noun" for s in r.spans) and bool(r.query.conditions)   # 那市级支出为0的专项有几个:
                                                                                   # a whole question, counted
    asks = any(s.kind == "ask" and not s.has("ask", "whether") or s.kind == "aggregate" and nouned for s in r.spans)
    return bool(content) and (content[-1].has("followup") or r.spans[0].has("followup", "what_about") and not asks)


def _leading_marker(r):
    for span in r.spans:
        if span.kind in ("function",) and not span.has("followup"):
            continue
        return span.has("followup")
    return False


def together_pair(r, state):
    """交通局多少？那水利局呢？加起来呢？ / Together?: the two things the last two turns named, summed."""
    if state is None or r.query.departments or r.query.funds or r.query.ranking is not None:
        return None     # (前三个加起来: the top three of the list, not the last two named)
    word = together_word(r)
    plural = any(s.text in r.vocab.lists["plural_refs"] or s.has("pronoun", "they") for s in r.spans)
    if word is None or r.reading.carry and not plural or _points_at_indicators(r):
        return None     # (这几个核心指标权重加起来: the indicators just counted, not the two funds)
    pair = _last_pair(state)
    last = state.last_query()
    if word not in r.vocab.lists["together"] and last is not None and (
            last.target == "indicators" or last.aggregate == "count"):
        return None     # (… has 12 indicators → how many of those are core: the indicators just counted)
    if plural and (len(state.indicators) >= 2 or len(state.order) >= 2):
        return None     # (… its indicators of 15% or more → the combined weight of those: those indicators)
    named = (last.departments or last.funds) if last else []
    if len(pair) == 2 and len(named) == 1 and pair[-1][1] == named[0]:
        return pair
    return None


def _points_at_indicators(r):
    """这几个核心指标 / these indicators: a plural word right before indicators."""
    return any(s.has("pronoun", "they") and k + 1 < len(r.spans) and (
        r.spans[k + 1].has("noun", "indicators") or r.spans[k + 1].kind == "indicator_attr")
        for k, s in enumerate(r.spans))


def together_word(r):
    """加起来 / together, or a plural reference (each of them / 这两个) when the last answer was about one thing."""
    lists = r.vocab.lists
    return next((s.text for s in r.spans if s.text in lists["together"]), None) or \
        next((s.text for s in r.spans if s.text in lists["plural_refs"]), None)     # 它们加起来: 加起来 says it


def merge(kind, q, state, explicit_target=False, carry=False, union=None, base=None, everything=False):
    """The new query, completed from the last one (a deep copy: the state is never changed)."""
    last = state.last_query()
    if last is None:
        return q
    base_department = base is not None and base[0] == "department"
    if _sorts_by_group_sum(q, last):
        q = copy.deepcopy(q)
        q.aggregate, q.metric = None, None      # 按合计预算排一下 after departments: their sums sort them
    if union:
        last = copy.deepcopy(last)
        kind_of = union[0][0]
        last.departments = [v for k, v in union] if kind_of == "department" else []
        last.funds = [v for k, v in union] if kind_of == "fund" else []
        last.subset = []
        state = copy.deepcopy(state)
        state.query, state.focus = last.to_dict(), None
    if kind == "ellipsis":
        listed = _ranking_behind(last, q, state)
        if listed is not None:      # 教委预算最多的专项 → 它的联系人 → 第二多的呢: the second of that ranking's funds
            listed.fields, listed.show = list(last.fields), list(last.show)
            return _swap(listed, q)
        return _swap(copy.deepcopy(last), q)
    each = q.group_by == "fund"     # 分别多少钱: each fund's amount, not their total
    if _only_asks_values(q) and not q.fields and not each and last.aggregate in ("sum", "count") and not last.funds \
            and not q.funds:
        summed = _carry(last, state)     # 82个专项一共多少钱 → 其中市级支出多少: that total, of another column
        summed.aggregate, summed.metric = "sum", q.show[0] if q.show else "total"
        summed.show = list(q.show) if len(q.show) > 1 else summed.show     # 其中市级支出和补助区县各为多少: both
        return summed
    if _only_asks_values(q) and (last.target == "indicators" or not last.indicators.empty()) and \
            set(q.show) & INDICATOR_VALUES:
        carried = _carry(last, state)       # 目标值分别是多少 after a list (or a count) of indicators: theirs
        carried.target, carried.show, carried.aggregate, carried.group_by = "indicators", list(q.show), None, None
        if state.indicators and (last.ranking or last.indicators.empty()):
            carried.indicators.names = list(state.indicators)   # (the filters reproduce them, when there are any)
        if q.funds:
            carried.funds, carried.subset = list(q.funds), []   # the target of the one in 支持保障系统建设专项
        return carried
    if _only_asks_values(q) and not carry and state.focus and state.focus[0] in ("fund", "department", "person") \
            and not (state.focus[0] == "department" and _selects_within(last)):
        return _about_focus(q, state)       # (交通局哪些专项有补助区县资金 → 一共补了多少: of those funds, below)
    if _only_asks_values(q) and state.focus and state.focus[0] == "indicator":
        focused = copy.deepcopy(q)      # 目标值多少？单位呢？ about the one indicator just answered
        focused.target, focused.funds = "indicators", list(dict.fromkeys(state.funds))
        focused.indicators.names = [state.focus[1]]
        _contact_of_its_fund(focused, q, state)
        return focused
    carried = _carry(last, state, reranked=bool(q.ranking and q.ranking.sort_only))
    if q.ranking:
        carried.ranking = q.ranking
        carried.aggregate = None
    if kind == "aggregation" or q.aggregate or q.share:
        carried.aggregate, carried.metric = q.aggregate, q.metric or (q.show[0] if q.show else _main_metric(last))
        carried.share, carried.share_other, carried.ranking = q.share, q.share_other, q.ranking or carried.ranking
        if carried.target == "indicators" and q.aggregate == "share":
            carried.share, carried.metric = "indicator_share", None    # 核心指标有几个 → 占全部指标的比例
        elif q.share in OWN_SHARES:
            pass        # 补助区县部分占该局总额的比例: the share named, whatever the last answer showed
        elif base is not None and base[0] == "fund" and _main_metric(last) in SHARE_OF_PART:
            carried.share = SHARE_OF_PART[_main_metric(last)]     # 补助区县一共多少 → 占这个专项总额的比例
        elif q.aggregate == "share" and not q.share:     # As a percentage? — of the last sum
            shown = _main_metric(last)      # (各专项的补助区县占比 → 合起来的占比: that share, pooled)
            carried.share = SHARE_OF_PART.get(shown) or (shown if shown in OWN_SHARES else "share_of_all")
        elif base_department and _main_metric(last) in SHARE_OF_PART and base[1] in last.departments:
            carried.share = SHARE_OF_PART[_main_metric(last)]   # 经信委补助区县 → 合起来占经信委专项总预算的比重
        elif base_department and _main_metric(last) == "total":
            carried.share = "share_of_department"      # what share of the commission's total budget is that
        elif q.funds and q.share in (None, "share_of_all") and not everything and last.departments and \
                last.aggregate == "sum" and _main_metric(last) == "total":
            carried.share = "share_of_department"      # 宣传部两个专项一共多少钱 → 其中文化产业发展专项占百分之几
        elif q.share == "share_of_all" and last.aggregate == "sum" and _main_metric(last) in SHARE_OF_PART:
            carried.share = SHARE_OF_PART[_main_metric(last)]    # 补助区县合计多少 → 占总额的比例: of its total
        carried.fields, carried.show = [], list(q.show)
        carried.display_units = q.display_units or carried.display_units     # 这几个合计多少亿元
        if each and q.share in ROW_SHARES:      # 它们的补助区县占比各是多少: each one's share, not theirs together
            carried.aggregate, carried.share, carried.show = None, None, [q.share]
        if carried.target == "departments" and not q.group_by and not (q.aggregate == "count" and not explicit_target):
            carried.target = "funds"        # (一共几个 after a list of departments: the departments counted)
    _narrow(carried, q)
    if carry and q.subset and not carried.subset:
        carried.subset = list(q.subset)      # 这两个: the two funds the pronoun counted
    carried.exclude_funds = [] if q.whole else [s for s in carried.exclude_funds if s not in q.include_funds]
    measured = {c.ref_fund for c in q.conditions if c.ref_fund is not None}     # 排它前面的: the others, not it
    if measured and set(carried.funds) <= measured:
        carried.funds, carried.subset = [], [s for s in carried.subset if s not in measured]
    for c in q.conditions:      # 平均每个多少？高于平均数的有几个？ — the average of the department asked about
        if c.reference == "average" and c.ref_scope == "all" and len(set(carried.departments)) == 1:
            c.ref_scope = "department"
    for c in q.conditions:
        if carried.target == "departments" and c.metric in ("total", "city_spend", "district_subsidy"):
            c.level = "group"           # departments … among them, which have a budget of 2 billion or more
            carried.group_conditions.append(c)
        else:
            carried.conditions = [o for o in carried.conditions if not _restates(o, c)] + [c]
    carried.group_conditions += q.group_conditions
    carried.texts += q.texts
    _merge_indicators(carried, q)
    if q.show and not (kind == "aggregation" or q.aggregate):
        carried.show = q.show
    carried.fields = q.fields or carried.fields
    listed = "name" in q.fields and q.show        # (which department has the most funds →) list them with their budgets
    if (set(q.fields) - {"department", "name"} or listed) and carried.target == "departments":
        carried.target = "funds"        # 涉及几个部门 → 其中口岸办那个专项的联系人: a fund's field
    if q.group_by:
        carried.group_by = q.group_by
    summed_departments = q.target == "departments" and carried.target == "funds" and \
        (kind == "aggregation" or q.aggregate) and q.aggregate != "count" and not q.group_by   # 这五个部门合计占…
    if q.target and explicit_target and not summed_departments or q.target == "indicators" and q.indicators.names:
        carried.target = q.target       # (干部教育培训那个要求网络培训多少人次: that indicator, not the funds having it)
    if q.compare:
        carried.compare = q.compare
    if last.target in ("contacts", "phones") and q.fields and set(q.fields) <= {"phone", "contact"} \
            and not (q.aggregate or q.ranking or q.conditions):
        carried.target = "contacts"     # who is the contact …? → what's their phone number?: those people's
        carried.fields = list(dict.fromkeys(["contact"] + q.fields))
    if carried.target == "indicators":
        _contact_of_its_fund(carried, q, state)
    if _counts_its_indicators(carried, last, q, state, explicit_target):
        carried.target, carried.has_indicator, carried.ranking = "indicators", None, None
        carried.funds, carried.subset, carried.departments = list(dict.fromkeys(state.funds)), [], []
    if carried.target == "funds" and not carried.indicators.empty() and carried.has_indicator is None:
        carried.has_indicator = True    # which funds do they belong to (they: indicators)
    return carried


def _contact_of_its_fund(carried, q, state):
    """The weight of X in it → who should I call about that one: a person is a fund's, not an indicator's."""
    if q.fields and set(q.fields) <= {"contact", "phone"} and state.funds:
        carried.target, carried.indicators = "funds", IndicatorSpec()
        carried.funds, carried.subset = list(dict.fromkeys(state.funds)), []


def _sorts_by_group_sum(q, last):
    """Sort them by their combined budget, after a list of departments: a sort, not a sum."""
    return (last.target == "departments" and q.ranking is not None and q.ranking.sort_only
            and q.aggregate == "sum" and q.metric in (None, q.ranking.metric) and not q.share)


def _counts_its_indicators(carried, last, q, state, explicit_target):
    """… fund has the most indicators? → How many of them are core?: its indicators, the ones just counted."""
    counted = last.ranking is not None and last.ranking.metric == "indicator_count" or "indicator_count" in last.show
    return (not explicit_target and carried.target == "funds" and counted and q.aggregate == "count"
            and (q.indicators.core is not None or q.indicators.qualitative) and len(set(state.funds)) == 1)


OWN_SHARES = ("district_share", "city_share")


def _direction(op):
    return {">": "up", ">=": "up", "<": "down", "<=": "down"}.get(op, op)


def _restates(old, new):
    """超过20亿的专项 → 至少20亿的呢: a bound on the same column in the same direction replaces the old one (kept,
    the stricter would win anyway; a looser one is what the new question asks)."""
    plain = not (old.other or new.other or old.reference or new.reference)
    return plain and old.metric == new.metric and old.level == new.level and \
        (_direction(old.op) == _direction(new.op) or "=" in (old.op, new.op))


def _selects_within(q):
    return bool(q.conditions or q.group_conditions or q.texts or not q.indicators.empty() or q.has_indicator
                is not None or q.ranking and not q.ranking.sort_only or q.exclude_funds)


def _same_subject(q, state):
    """The question names only what the last answer was about (它 → 市教委 after a question on 市教委)."""
    last = state.last_query()
    return set(q.departments) <= set(last.departments) and set(q.funds) <= set(last.funds) | set(state.funds) \
        and not (q.people or q.phones or q.texts or q.indicators.names)


def _narrow(carried, q):
    """在这些里面，教委的 / 其中口岸办那个 / only those of 周佩雯: names in a refinement narrow the carried set."""
    if q.departments:
        kept = [d for d in carried.departments if d in q.departments]
        carried.departments = kept or list(q.departments)
    if q.funds:
        carried.funds = list(q.funds)
    for name in ("people", "phones"):
        if getattr(q, name):
            setattr(carried, name, list(getattr(q, name)))
    carried.mobile = carried.mobile or q.mobile
    carried.exclude_funds += [s for s in q.exclude_funds if s not in carried.exclude_funds]
    carried.exclude_departments += [d for d in q.exclude_departments if d not in carried.exclude_departments]
    carried.also_indicators += [s for s in q.also_indicators if s not in carried.also_indicators]


def _only_asks_values(q):
    """预算多少？ / 电话多少？ / and the phone number? — values of the thing last talked about."""
    return bool(q.show or q.fields) and not (q.conditions or q.ranking or q.aggregate or q.texts or q.share
                                             or not q.indicators.empty())


def _about_focus(q, state):
    kind, value = state.focus
    focused = copy.deepcopy(q)
    focused.target = "funds" if kind != "department" or q.fields else "funds"
    if kind == "fund":
        focused.funds = [value]
    elif kind == "department":
        focused.departments = [value]
        if not q.fields and q.group_by != "fund":
            focused.aggregate, focused.metric = "sum", q.show[0] if q.show else "total"
    else:
        focused.people = [value]
    return focused


def _merge_indicators(carried, q):
    new, old = q.indicators, carried.indicators
    if new.names and not old.names:
        carried.indicators = old = IndicatorSpec()  # 它有几个核心指标 → 里面那个航道漂浮物拥堵事故数: named, whatever it is
    for name in ("core", "qualitative"):
        if getattr(new, name) is not None:
            setattr(old, name, getattr(new, name))
    for name in ("ops", "units"):       # one per indicator: 单位是分钟的 → 单位是%的那些呢 is another set, not both
        if getattr(new, name):
            setattr(old, name, list(getattr(new, name)))
    for name in ("names", "name_terms", "target_texts"):
        getattr(old, name).extend(x for x in getattr(new, name) if x not in getattr(old, name))
    for c in new.conditions:        # 权重恰好15%的 → 哪个是30%: the new weight in place of the old
        old.conditions = [o for o in old.conditions if not _restates(o, c)] + [c]
    if q.has_indicator is not None:
        carried.has_indicator = q.has_indicator


def _swap_indicators(last, new):
    """权重10%以上的 → 恰好5%的呢 / 单位是分钟的 → 单位是%的那些呢: what the new question says of the indicators
    replaces what the last one said of the same property."""
    spec, old = new.indicators, last.indicators
    said = [name for name in ("core", "qualitative") if getattr(spec, name) is not None]
    for name in ("core", "qualitative"):
        if said and name not in said:
            setattr(old, name, None)    # 有几个定性指标 → 核心指标呢: the kind asked about, swapped
        elif name in said:
            setattr(old, name, getattr(spec, name))
    for name in ("ops", "units", "names", "name_terms", "target_texts"):
        if getattr(spec, name):
            setattr(old, name, list(getattr(spec, name)))
    for c in spec.conditions:
        old.conditions = [o for o in old.conditions if o.metric != c.metric] + [c]
    if new.has_indicator is not None:
        last.has_indicator = new.has_indicator


def _carry(last, state, reranked=False):
    """The last selection: its filters when they reproduce it (or when the new question ranks it
    afresh), else the funds it returned."""
    carried = Query(target=last.target if last.target in ("funds", "indicators", "departments") else "funds")
    cut = (last.ranking and not last.ranking.sort_only and not reranked) or last.compare
    if cut or last.target not in ("funds", "indicators", "departments"):
        if not last.compare:
            _copy_filters(last, carried)    # the rows the cut was made from, so a new ranking can cut again
        carried.subset = list(state.funds)
        if last.target == "indicators" and state.indicators:
            carried.indicators.names = list(state.indicators)   # 其中权重最大的 → 它们的目标值: those indicators
        carried.target = "funds" if last.target not in ("indicators", "departments") else last.target
        if last.target == "departments":
            carried.departments = list(dict.fromkeys(state.departments))
        return carried
    _copy_filters(last, carried)
    if last.target == "departments" and state.departments:
        carried.departments = carried.departments or []
    return carried


FILTERS = ("departments", "exclude_departments", "funds", "exclude_funds", "people", "phones", "mobile", "subset",
           "conditions", "group_conditions", "any_of", "texts", "indicators", "has_indicator", "also_indicators",
           "display_units", "left_out")


def _copy_filters(last, carried):
    for name in FILTERS:
        setattr(carried, name, copy.deepcopy(getattr(last, name)))


def main_metric(q):
    """The amount the last question was about (its ranking, shown amount or aggregate)."""
    return _main_metric(q)


def _main_metric(q):
    if q.ranking and q.ranking.metric:
        return q.ranking.metric
    if q.show:
        return q.show[0]
    return q.metric or "total"


def _ranking_behind(last, new, state):
    """The ranked question a one-fund follow-up came from, when the new question asks another place of it."""
    if not (new.ranking and not new.ranking.sort_only and not new.funds and not new.departments
            and last.target == "funds" and len(set(last.funds)) == 1 and not last.ranking and state.ranked_query):
        return None
    listed = Query.from_dict(state.ranked_query)
    return listed if listed.target == "funds" and listed.ranking and not listed.funds else None


def _swap(last, new):
    """那卫健委呢 / 市级支出呢 / 20亿呢: the last query with the part the new question names swapped in."""
    if new.compare and len(new.compare.entities) >= 2 and not last.compare:
        return new      # and by city-level spending, is the former or the latter bigger?: a comparison of its own
    shares = [m for m in last.show if m in ROW_SHARES]
    if shares and new.aggregate == "share" and not new.share:
        new.aggregate, new.show = None, shares      # 各自的补助区县占比 → 预算最小的三个专项的占比呢: the same shares
    if new.departments and len(set(last.funds)) == 1 and last.aggregate == "share" and last.share in ROW_SHARES \
            and not new.share and new.aggregate != "sum" and not new.combined:
        last.aggregate, last.show, last.share = None, [last.share], None    # 这个专项的占比 → 教委其他几个专项呢: each one's
    if new.departments:
        of_department = bool(last.departments) and not last.funds   # 口岸物流办的专项叫什么 → 大数据局的呢: a list
        last.departments, last.funds, last.subset, last.people = new.departments, [], [], []
        if last.compare:
            return new
        if len(new.departments) == 1 and last.target in ("funds",) and not last.ranking and not last.aggregate \
                and _was_lookup(last) and not of_department and _main_metric(last) not in ROW_SHARES:
            last.aggregate, last.metric = "sum", _main_metric(last)
    if new.funds:
        last.funds, last.departments, last.subset = new.funds, [], []
    money = [m for m in new.show if m in ("total", "city_spend", "district_subsidy")]
    if money and last.target == "indicators" and new.indicators.empty() and not new.aggregate:
        return new      # 它的某某指标目标是多少 → 那水运发展专项多少钱: a fund's amount, asked afresh
    if new.people:
        last.people, last.funds, last.subset = new.people, [], []
    for name in ("exclude_funds", "exclude_departments"):    # 去掉学生资助呢: the same question, that one left out
        getattr(last, name).extend(v for v in getattr(new, name) if v not in getattr(last, name))
    if new.exclude_funds and last.funds:
        last.funds = [s for s in last.funds if s not in new.exclude_funds]
    if new.texts:
        last.texts, last.subset = list(new.texts), []      # 提到抽查的 → 抽检呢: the word replaced
    if new.fields:
        last.fields = new.fields
        last.aggregate = None if last.aggregate in ("sum", "count") and not last.conditions else last.aggregate
        if set(new.fields) <= {"phone", "contact"} and len(set(last.people)) == 1 and not new.funds:
            last.target, last.fields = "contacts", ["contact", "phone"]    # … that person's funds → and the phone?
    if new.share:
        last.share, last.share_other = new.share, new.share_other
        last.aggregate = last.aggregate or "share"
        last.show = []
    if new.aggregate in ("sum", "avg", "median") and last.aggregate is None and last.fields and not new.fields \
            and not new.compare and last.target == "funds":
        last.aggregate, last.fields = new.aggregate, []    # 它的绩效目标 → 另外两个加起来呢: their budgets, summed
    _swap_indicators(last, new)
    if "indicator_count" in last.show and (new.indicators.qualitative or new.indicators.core):
        counted = "qualitative_count" if new.indicators.qualitative else "core_count"    # 各有多少个指标 → 定性指标呢
        last.show = [counted if m == "indicator_count" else m for m in last.show]
        last.indicators.qualitative = last.indicators.core = None
        last.has_indicator = None
    implicit = new.ranking is not None and new.ranking.implicit and last.ranking is not None
    if implicit:        # 第二多的呢: the last ranking's metric, at the new place
        new.ranking.metric, new.ranking.aggregate = last.ranking.metric, last.ranking.aggregate
    metric = new.show[0] if new.show else (new.ranking.metric if new.ranking and not implicit else None) or \
        (new.metric if new.metric in ("total", "city_spend", "district_subsidy") else None)   # 补助区县一共是多少
    if new.compare and last.compare:    # 前者比后者多多少 → 那补助区县呢，谁多 / 要是比市级支出呢？哪个多
        entities = new.compare.entities if len(new.compare.entities) >= 2 else last.compare.entities
        last.compare = copy.deepcopy(new.compare)
        last.compare.entities = list(entities)
        last.departments, last.funds, last.subset = [], [], []     # the pair is the comparison's own
    if metric:
        _replace_metric(last, metric)
    for c in new.conditions:
        if c.implicit and len(last.conditions) == 1 and last.conditions[0].metric in ("city_spend", "district_subsidy"):
            c.metric = last.conditions[0].metric       # 补助区县超过5亿的 → 改成超过10亿呢: still the subsidy
        same = [old for old in last.conditions if old.metric == c.metric] or \
            [old for old in last.conditions if old.op == c.op]     # the same column's condition first
        if same:
            last.conditions[last.conditions.index(same[0])] = c
        else:
            last.conditions.append(c)
    if new.ranking:
        last.ranking = new.ranking
        last.subset = []        # 那市级支出最多的前两个呢: ranked afresh over what the subset was cut from
        if last.target == "funds" and len(set(last.funds)) == 1 and not new.funds and not new.ranking.sort_only:
            last.funds = []     # it (the largest fund) → is under …? → and the second largest?: of all funds again
    _swap_rest(last, new)
    return last


def _swap_rest(last, new):
    """What else the new question adds is added, never dropped (按部门分呢 / 前十里的呢 / 以亿元计呢)."""
    last.group_conditions += [c for c in new.group_conditions if c not in last.group_conditions]
    last.top, last.left_out = new.top or last.top, new.left_out or last.left_out
    last.has_indicator = new.has_indicator if new.has_indicator is not None else last.has_indicator
    last.group_by = new.group_by or last.group_by
    last.display_units = new.display_units or last.display_units
    last.phones, last.mobile = new.phones or last.phones, new.mobile or last.mobile


def _was_lookup(q):
    return bool(q.show or q.fields) and len(q.funds) <= 1


def _replace_metric(q, metric):
    if q.compare:
        q.compare.metric = metric       # 要是比市级支出呢
    elif q.aggregate == "share" and q.share in OF_ALL.values() and metric in OF_ALL:
        q.share = OF_ALL[metric]        # 占全部专项总预算的比重 → 补助区县资金方面呢: of all the subsidies
    elif q.ranking:
        q.ranking.metric = metric
    elif q.aggregate in ("sum", "avg", "median", "spread"):
        q.metric = metric
        q.show = [metric] if q.show else q.show     # (the total shown before is not what is asked now)
    elif q.show:
        q.show = [metric]
    elif q.conditions:
        q.conditions[0].metric = metric
    else:
        q.show = [metric]
