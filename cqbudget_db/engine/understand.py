"""Question → Reading: spans, the rules in order, the final touches, and coverage.

The rules run in a fixed order; each consumes the spans it used.  Whatever
content is left unconsumed at the end is reported as not understood, so a
condition the rules cannot place is never silently dropped.
"""

import re

from ..metrics import AMOUNTS, METRICS, label as metric_label
from . import dialogue
from .selections import selected_ones
from . import rules_columns as columns
from . import rules_compare as compare
from . import rules_conditions as conditions
from . import rules_exclusions as exclusions
from . import rules_indicators as indicators
from . import rules_names as names
from . import rules_nicknames as nicknames
from . import rules_properties as properties
from . import rules_ranking as ranking
from . import rules_shape as shape
from . import rules_topics as topics
from . import rules_zeros as zeros
from .compounds import money_to_districts, specific_metrics, targets_as_goals
from .query import TextMatch
from .rules_names import ALL_SCOPES
from .rules_shares import OF_ALL, share_phrases
from .reader import Reader
from .spans import narrows, tokenize

RULES = (
    names.glossed_names, names.preamble, names.asides, names.refusal_topics, specific_metrics, money_to_districts,
    targets_as_goals, share_phrases,
    names.departments, names.people_and_phones, indicators.indicators_beside_fund_words, nicknames.excluded_funds, nicknames.than_fund, nicknames.than_department, names.funds,
    names.sequence_numbers, names.english_fund_names, nicknames.nicknamed_funds, exclusions.whole_departments, exclusions.included_funds, exclusions.excluded_selections, indicators.paraphrased_indicators,
    indicators.counted_by_unit,
    properties.units, properties.target_texts, names.texts, topics.topic_of_fund, names.internal_references, names.stated_counts,
    conditions.ranges, columns.halves, columns.multiples, columns.than_columns, columns.columns,
    columns.averages, conditions.comparisons,
    zeros.all_to_districts, zeros.wholly_one_column, zeros.every_fund, zeros.none_at_all, zeros.zeros, zeros.zero_markers, zeros.restated_wholes,
    zeros.positive_amounts, ranking.rank_of, ranking.ranked_against, ranking.by_total, ranking.top_n, ranking.nth,
    ranking.superlatives, ranking.sorting,
    properties.indicator_properties, properties.operators, properties.mobiles,
    properties.same_contact, properties.others,
    compare.named_comparisons, compare.side_by_side, compare.column_gaps, compare.column_ratios, compare.spreads, ranking.comparative_choice, shape.shares, shape.aggregates, shape.fields,
    shape.grouping, shape.averages_asked, shape.bare_scopes, shape.target, shape.shown_metrics, shape.column_words,
    shape.display_units, shape.restated_metrics,
)




def language(text):
    """en when Latin letters dominate (an English question naming a fund in Chinese is still English)."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    words = re.findall(r"[A-Za-z]+", text)
    english_frame = len(words) >= 3 and re.match(r"\s*[A-Za-z]", text) is not None    # What is the target of 就业…?
    opening = len(words) >= 2 and re.match(r"\s*[A-Za-z]+ [A-Za-z]+", text) is not None    # And the 城市提升专项?
    return "en" if latin >= 6 and (latin >= 2 * cjk or english_frame or opening) else "zh"


def understand(question, vocab, state=None, rules=RULES):
    """The Reading of a question, in the light of the conversation's state (None: a first question)."""
    text, spans = tokenize(question, vocab)
    lang = language(question)
    if state is not None and state.lang == "en" and re.match(r"\s*[A-Za-z]", question):
        lang = "en"         # And 抽检专项?: a follow-up in the conversation's language
    reader = Reader(question, text, spans, vocab, lang)
    if state is not None:
        dialogue.bare_counts(reader, state)
        selected_ones(reader, state)
        reader.reading.resolved += dialogue.substitute(reader, state)
    elif dialogue.references(reader):
        reader.refuse("reference", spans[dialogue.references(reader)[0]].text)
    reader.state = state
    for rule in rules:
        rule(reader)
    if state is not None:
        _this_average(reader, state)
        dialogue.bare_numbers(reader, state)
        dialogue.ordinal_places(reader, state)
    finish(reader)
    reader.coverage()
    if not _follow_up(reader, state):
        defaults(reader)
        _topic_amount(reader)
    return reader.reading


def _follow_up(r, state):
    """Ellipsis, refinement and aggregation complete the question from the last turn."""
    kind = dialogue.follow_up_kind(r)
    if kind is None and state is not None and not (r.reading.refusal or r.reading.unread or r.reading.complete
                                                   or r.reading.understood or r.reading.resolved
                                                   or r.reading.explicit_target or r.all("noun", free=False)):
        r.refuse("empty", r.reading.question)       # nothing read, and nothing to carry on from: no answer
        return False
    if kind is None or r.reading.refusal or r.reading.unread or r.reading.complete:
        return False
    marked = narrows(r.spans)      # only the ones run by X
    if state is not None and state.pending and marked:
        r.refuse("unanswered", r.reading.question.rstrip("?？。. "))    # only those… after a question not answered
        return False
    if state is not None and state.partial and kind == "ellipsis" and dialogue.only_marker_or_name(r):
        r.refuse("unanswered", r.reading.question.rstrip("?？。. "))    # X的呢 after a question only partly read
        return False
    if state is not None and state.pending and (r.query.conditions or r.query.aggregate or r.query.ranking):
        return False        # 这些专项里哪个最好 (nothing to point to) → 那…总额超过20亿的专项有几个: a question of its own
    if state is not None and state.query is None and (kind in ("refinement", "aggregation") and (marked or not (
            r.query.funds or r.query.departments or r.query.people)) or kind == "ellipsis" and (
            marked or dialogue.only_marker_or_name(r))):
        r.refuse("unanswered", r.reading.question.rstrip("?？。. "))   # 只看…的 / 按…排一下 after a refusal
        return False
    if state is None or state.query is None:
        # a first question: a fragment is asked of all funds, but 其中 / among them needs an answer before
        # it, and a question with nothing in it is no question
        if kind == "refinement" and dialogue.needs_previous(r) or kind == "ellipsis" and dialogue.only_marker(r):
            r.refuse("reference", next(s.text for s in r.spans if s.has("followup")))
        elif not r.reading.understood and not r.all("noun", free=False) and not r.reading.explicit_target:
            r.refuse("empty", r.reading.question)
        return False
    if kind == "ellipsis":
        _swapped_term(r, state)
    if kind == "aggregation":
        _given_to_districts(r, state)
    union = dialogue.together_pair(r, state)
    r.reading.query = dialogue.merge(kind, r.query, state, r.reading.explicit_target, carry=r.reading.carry,
                                     union=union, base=r.reading.share_base,
                                     everything=any(s.has("scope_all") for s in r.spans))
    _indicators_counted_per_fund(r)
    _still_counted(r, kind, state)
    _owned_indicators(r, kind, state)
    _departments_of_each(r, state)
    if union:
        names = "、".join(r.vocab.short(v) if k == "department" else r.vocab.fund_name(v) for k, v in union)
        r.reading.resolved.append({"text": dialogue.together_word(r), "meaning": names})
        return True
    marker = next((s.text for s in r.spans if s.has("followup")), r.reading.question.rstrip("?？"))
    zh, en = {"ellipsis": ("上一问“{}”，换成这一问说的", "the last question, “{}”, with this change"),
              "refinement": ("上一问“{}”的结果", "the answer to “{}”"),
              "aggregation": ("上一问“{}”的结果", "the answer to “{}”")}[kind]
    r.reading.resolved.append({"text": marker, "meaning": (zh if r.lang == "zh" else en).format(state.question)})
    return True


def _this_average(r, state):
    """规资局平均每个多少钱 → 规资局里高于这个平均数的: the average just answered, the department's own."""
    last = state.last_query()
    pointed = any(s.kind == "pronoun" and k + 1 < len(r.spans) and r.spans[k + 1].has("aggregate", "avg")
                  for k, s in enumerate(r.spans))
    if not pointed or last is None or last.aggregate != "avg" or len(set(last.departments)) != 1:
        return
    for c in r.query.conditions:
        if c.reference == "average" and c.ref_scope == "all" and set(r.query.departments) <= set(last.departments):
            c.ref_scope = "department"


def _departments_of_each(r, state):
    """which ones are they? → and their departments?: each fund with its department (a department
    asked in the singular — which department manages both of them — is one row)."""
    q, last = r.reading.query, state.last_query()
    plural = any(s.has("noun", "departments") and s.text.endswith("departments") for s in r.spans) or \
        any(s.has("field", "department") and s.text.endswith("departments") for s in r.spans)
    which = r.all("ask", "which", free=False)   # (which departments are they from: the departments, as a set)
    if r.reading.carry and plural and not which and last.target == "funds" and q.target == "departments" and \
            not (q.aggregate or q.ranking or q.group_conditions or q.share) and len(set(state.funds)) >= 2:
        q.target, q.fields = "funds", ["department"]


def _owned_indicators(r, kind, state):
    """权重为30%的指标有哪些？→ 其中属于市交通局专项的是哪几个: those indicators, of its funds (专项 says whose)."""
    q, last = r.reading.query, state.last_query()
    owned = any(s.text in r.vocab.lists["belongs_words"] for s in r.spans)
    asks_funds = any(r.spans[j].has("noun", "funds") for i in r.all("ask", "which", free=False)
                     for j in (r.neighbour(i, 1),) if j is not None)      # 它们属于哪个专项: the funds, asked for
    if kind == "refinement" and owned and not asks_funds and last.target == "indicators" and q.target == "funds" and \
            not (q.aggregate or q.fields or q.show):
        q.target, q.has_indicator = "indicators", None


def _still_counted(r, kind, state):
    """前者权重是10%的有几个？→ 其中是核心指标的呢: a narrower set, counted the same way."""
    last, q = state.last_query(), r.reading.query
    asks = any(s.kind in ("ask", "aggregate", "sort", "superlative", "rank_top", "field") for s in r.spans)
    raw = r.reading.question.strip().lower()
    what_about = re.search(r"呢$|^(and|what about|how about)\b", raw.strip(" ?？。.!！")) or \
        raw.endswith(("?", "？")) and re.match(r"(only|just)\b", raw)     # only the core ones?
    if kind == "refinement" and last.aggregate == "count" and what_about and not asks and q.aggregate is None \
            and not (q.ranking or q.fields or q.show or q.group_by):
        q.aggregate = "count"


def _given_to_districts(r, state):
    """交通局哪几个专项有给区县的钱？→ 一共给了多少？: what was given, the districts' column, not the budget."""
    q, last = r.query, state.last_query()
    if q.metric or q.show or last is None or not any(s.text in r.vocab.lists["give_words"] for s in r.spans):
        return
    if any(c.metric == "district_subsidy" for c in last.conditions):
        q.show = ["district_subsidy"]


def _swapped_term(r, state):
    """Which funds have 抽查 in their name? → What about 抽检?: a word in place of a word, not the fund 抽检 also
    names."""
    last, q = state.last_query(), r.query
    if not last.texts or last.funds or q.texts or len(q.funds) != 1 or q.departments:
        return
    spans = [s for s in r.spans if s.kind == "fund" and s.text != r.vocab.fund_name(q.funds[0])]
    if len(spans) != 1:
        return
    q.funds = []
    q.texts = [TextMatch(spans[0].text, last.texts[0].scopes)]
    r.reading.understood = [(t, m) for t, m in r.reading.understood if t != spans[0].text] + \
        [(spans[0].text, f"含“{spans[0].text}”")]


def finish(r):
    """Defaults that follow from the rest of the reading."""
    q = r.query
    _department_of_top_fund(r)
    _top_first(r)
    if q.ranking and q.ranking.metric is None:
        q.ranking.implicit = True
        q.ranking.metric = {"departments": "total", "indicators": "weight", "contacts": "fund_count"}.get(
            q.target, "total")
    if q.target == "departments":
        own_department = any(s.has("own") and "部门" in s.text for s in r.spans)
        for c in list(q.group_conditions):
            if _said_of_funds(r, c) and c.metric in AMOUNTS and c.aggregate is None and c.reference is None:
                q.group_conditions.remove(c)    # 总额不足1000万元的专项都属于哪个部门: the funds' budgets,
                c.level = "fund"                # not the departments'
                q.conditions.append(c)
        for c in list(q.conditions):
            own_share = c.metric in ("district_share", "city_share") and own_department   # 占本部门专项总额超过一半
            of_sums = c.other is not None and not r.all("noun", "funds", free=False)  # 市级支出比补助区县多的部门
            if _said_of_funds(r, c) and c.metric in AMOUNTS and c.aggregate is None and c.reference is None:
                c.level = "fund"
            elif c.level == "auto" or c.metric == "fund_count" or own_share or of_sums:
                q.conditions.remove(c)
                c.level = "group"
                q.group_conditions.append(c)
        if any(g.metric == "fund_count" for g in q.group_conditions):
            for c in list(q.conditions):    # single-fund departments with a budget above 1 billion: the count is of
                if c.metric in AMOUNTS and not _said_of_funds(r, c) and c.aggregate is None:    # all their funds
                    q.conditions.remove(c)
                    c.level = "group"
                    q.group_conditions.append(c)
        for c in list(q.conditions):    # 哪些部门的专项全部是市级支出、一分钱都没补助区县: said of all their funds
            if any(g.aggregate in ("max", "min") and (g.metric, g.op, g.value) == (c.metric, c.op, c.value)
                   for g in q.group_conditions):
                q.conditions.remove(c)
        _averaged_per_fund(r)
    else:
        for c in list(q.group_conditions):
            if q.target in ("contacts", "phones") or not METRICS[c.metric].row_sql and \
                    not {"contact", "phone"} & set(q.fields):
                continue        # 只有一个专项的部门的专项: a department's count stays the department's
            q.group_conditions.remove(c)
            c.level = "fund"
            q.conditions.append(c)
    for c in q.conditions:
        if c.level == "auto":
            c.level = "fund"
    _more_than_one(r)
    _one_such_indicator(q)
    _named_like_such_indicators(r)
    _same_indicator(q)
    if q.target == "funds" and not q.indicators.empty() and q.has_indicator is None:
        q.has_indicator = True
    base = r.reading.share_base
    if q.share == "share_of_all" and q.funds and base is not None and base[0] == "department" and \
            base[1] in q.departments:
        q.share = "share_of_department"     # what percentage of the Transport Bureau's budget is the highway fund
        r.reading.understood = [(t, m.replace("share_of_all", "share_of_department")) for t, m in r.reading.understood]
    bare_share = [i for i in r.all("share") if r.spans[i].kind == "share"]
    if bare_share and not q.share and r.state is not None and r.state.query:
        q.aggregate = "share"       # As a percentage? / 占比呢: the last answer's share
        if q.departments or q.funds:    # 全部专项的补助区县总额 → 水利局占了百分之几: of that column over all funds
            q.share = OF_ALL.get(dialogue.main_metric(r.state.last_query()))
        r.take(*bare_share, meaning="占比")
    if q.aggregate == "share" and not q.share and r.state is None:
        q.aggregate = None
    counted_noun = any(s.has("noun", "indicators") and s.text.endswith(("数", "个数", "数量")) for s in r.spans)
    asks_number = any(s.has("ask", "howmany") or s.text.endswith(("多少", "几")) for s in r.spans)
    per_fund = any(s.has("group", "fund") for s in r.spans)
    if counted_noun and not q.aggregate and (asks_number or per_fund) and q.target == "indicators":
        q.aggregate = "count"       # 核心指标数分别是多少: a count (per fund, when 分别)
        if any(s.has("group", "fund") for s in r.spans):
            q.group_by = "fund"
    if q.aggregate == "avg" and q.group_by == "fund" and q.target == "indicators":
        q.group_by = None       # the average number of indicators per fund: one average, not a row per fund
    _indicators_counted_per_fund(r)
    _value_of_the_best(r)
    _each_department(r)
    _checked_values(r)
    _contacts_of_phone(r)
    if q.ranking and q.aggregate == "sum" and METRICS[q.ranking.metric].kind == "count" and not q.show \
            and q.metric in (None, q.ranking.metric) and q.target == "funds":
        q.aggregate = None      # which fund has the most indicators in total: the count, not a sum
    if q.ranking and q.aggregate == "count" and q.ranking.metric == "indicator_count" and q.target == "funds" \
            and _counts_indicators(r):
        q.aggregate = None      # 指标最多的专项是哪个？一共多少个指标？: the winner, with its count
        q.show = q.show or ["indicator_count"]
    each_amount = [s for s in r.spans if s.has("group", "fund") and ("多少" in s.text or "钱" in s.text)]
    if each_amount and q.aggregate == "count":      # 组织部的几个专项各多少钱: each one's amount, not how many
        q.aggregate = None
        if "钱" in each_amount[0].text and not q.show:
            q.show = ["total"]
    total_noun = any(s.has("aggregate", "sum") and s.text.lower() == "total" for s in r.spans)
    if q.group_by == "fund" and q.aggregate == "sum" and q.target == "funds" and len(q.funds) >= 2 and \
            total_noun and not q.share and METRICS[q.metric or "total"].kind == "amount":
        q.aggregate, q.show = None, q.show or [q.metric or "total"]     # what's each one's total: each fund's amount
    if q.aggregate == "share" and q.share and any(c.metric == q.share for c in q.conditions) and \
            r.all("ask", "which", free=False) and q.target == "funds":
        q.aggregate, q.show, q.share = None, q.show or [q.share], None  # 补助区县占总额100%的专项有哪些: a list
    if q.share:     # 几成？给个百分比: the share said twice
        r.take(*[i for i in r.all("share") if r.spans[i].kind == "share"])
    if q.target == "indicators":
        for t in list(q.texts):     # which indicators mention 碳: their names, unless a text was named
            if t.scopes in (("indicator",), ("name",), ALL_SCOPES):
                r.reading.understood = [(text, f"指标名称含“{t.term}”" if meaning.endswith(f"含“{t.term}”") else meaning)
                                        for text, meaning in r.reading.understood]
                q.texts.remove(t)
                q.indicators.name_terms.append(t.term)
    spec = q.indicators
    _own_column(r)
    _departments_listed_too(r)
    _target_not_goal(r)
    counted = any(s.has("noun", "indicators") for s in r.spans)
    if q.target == "indicators" and spec.names and q.aggregate == "count" and "target_value" in q.show and not counted:
        q.aggregate = None      # how many pairs of trains (开行公交化列车对数) does it target: the target, not a count
    _indicators_and_their_funds(r)
    if q.target == "funds" and spec.qualitative and [op for op in spec.ops if op != "定性"]:
        q.also_indicators.append(type(spec)(ops=[op for op in spec.ops if op != "定性"]))
        spec.ops = []
    if _joined_by_or(r) and len(q.conditions) >= 2:
        q.any_of = True
    also = r.all("also_counted")
    if also and len(q.conditions) == 2:
        q.any_of = True         # 不超过500万元的（完全没支出的也算）: either condition
        r.take(*also, meaning="或")


def _indicators_and_their_funds(r):
    """分别是哪几个指标，属于哪个专项: the indicators asked for, each with its fund (not the funds alone)."""
    q = r.query
    asked = set()
    for i in r.all("ask", "which", free=False):     # each 哪个 asks for the noun after it, else the one before
        j = r.neighbour(i, 1)
        j = j if j is not None and r.spans[j].has("noun") else r.before(i, "noun", free=False, reach=1)
        if j is not None:
            asked.add(r.spans[j].sense("noun"))
    if q.target == "funds" and {"indicators", "funds"} <= asked and not (q.ranking or q.aggregate or q.fields):
        q.target, q.has_indicator = "indicators", None


def _said_of_funds(r, c):
    """The condition is said of funds: …的专项 right after it."""
    text = r.reading.text
    at = text.find(c.text) if c.text else -1
    return at >= 0 and text[at + len(c.text):].lstrip().startswith(("的专项", "的项目"))


def _departments_listed_too(r):
    """…的专项有哪些，主管部门也列一下: the funds, each with its department."""
    q, spans = r.query, r.spans
    if q.target != "funds" or q.aggregate or "department" in q.fields:
        return
    for k, span in enumerate(spans):
        later = [s.text for s in spans[k + 1:k + 4]]
        if span.has("noun", "departments") and any(t in r.vocab.lists["list_requests"] for t in later):
            q.fields.append("department")
            return


def _own_column(r):
    """补助区县资金超过本专项总额一半: a fund's column against its own other column — 本专项 says so."""
    if not any(c.other or c.metric in ("district_share", "city_share") for c in r.query.conditions):
        return
    for i in r.all("own"):
        j = r.neighbour(i, 1)
        if j is not None and not r.free(j) and r.spans[j].has("metric") and "专项" in r.spans[i].text:
            r.take(i, meaning="本专项")


def _target_not_goal(r):
    """其中目标要求“等于”某个值的指标: 目标 is each indicator's target, not the fund's annual goal."""
    q = r.query
    bare = any(s.has("field", "goal") and s.text == "目标" for s in r.spans)
    if q.target == "indicators" and "goal" in q.fields and bare and (q.indicators.ops or q.indicators.conditions):
        q.fields.remove("goal")


AFTER_SCOPE = ("compare_before", "compare_after", "zero", "negation", "half", "indicator_attr", "operator_symbol",
               "zero_marker")


def _averaged_per_fund(r):
    """平均每个专项超过10亿元的部门 / 哪些部门的专项平均下来每个超过10亿元 / departments whose funds average more
    than 1 billion: the departments whose funds average more than 10亿, not those whose funds add up to more
    (nor those with one such fund)."""
    q = r.query
    if q.aggregate != "avg" or q.ranking:
        return
    averages = [s.start for s in r.spans if s.has("aggregate", "avg") or s.has("reference", "average")]
    for c in list(q.conditions) + list(q.group_conditions):
        at = r.reading.text.find(c.text) if c.text else -1
        if c.aggregate is None and c.metric in AMOUNTS and c.reference in (None, "average") and at >= 0 \
                and any(a < at for a in averages):     # (平均每个专项的规模比全部专项的平均值还大: theirs, each)
            c.aggregate, c.level = "avg", "group"
            if c in q.conditions:
                q.conditions.remove(c)
                q.group_conditions.append(c)


def _value_of_the_best(r):
    """权重最低的是多少 / What is the highest weight of a core indicator?: the value once, however many indicators
    share it; 权重最高的指标是哪个 / which indicator has the highest weight still lists them."""
    q, ranking = r.query, r.query.ranking
    if q.target != "indicators" or ranking is None or ranking.limit is not None or ranking.sort_only \
            or ranking.per_group or ranking.offset or q.aggregate or ranking.metric not in ("weight", "target_value"):
        return
    asks = r.vocab.lists["value_asks"]
    if not any(s.text in asks or s.text.endswith(asks) and s.kind == "function" for s in r.spans):
        return
    if any(s.has("ask", "which") or s.has("ask", "who") for s in r.spans):
        return
    if r.lang == "zh" and any(s.has("ask", "what") for s in r.spans):
        return          # 权重最高的指标是什么: its name
    if r.lang == "en" and not _superlative_of_metric(r):
        return          # what is the indicator with the highest weight: its name
    q.aggregate = "max" if ranking.direction == "desc" else "min"


def _superlative_of_metric(r):
    """the highest weight (of …): the superlative names the metric, not an indicator."""
    for i in r.all("superlative", free=False):
        j = r.neighbour(i, 1)
        if j is not None and (r.spans[j].has("metric") or r.spans[j].has("indicator_attr", "weight")):
            after = r.neighbour(j, 1)
            return after is None or not r.spans[after].has("noun", "indicators")
    return False


def _same_indicator(q):
    """funds with a satisfaction indicator whose target is at least 95%: the word and the target are of one
    indicator, not of two."""
    if q.target != "funds" or q.indicators.empty() or q.indicators.names:
        return
    for t in list(q.texts):
        if t.scopes == ("indicator",) and not t.negate:
            q.texts.remove(t)
            q.indicators.name_terms.append(t.term)


def _counts_indicators(r):
    """一共多少个指标 / how many indicators: a count whose noun is indicators."""
    for i in r.all("aggregate", "count", free=False):
        j = r.neighbour(i, 1)
        if j is not None and r.spans[j].has("noun", "indicators"):
            return True
    return False


def _top_first(r):
    """预算排前十的专项里，有几个不补助区县: conditions after the set the top N name apply within them."""
    q, marker = r.query, r.reading.top_marker
    if q.target == "indicators" and q.ranking is not None and not q.ranking.sort_only and not q.ranking.offset and \
            q.ranking.metric in ("total", "city_spend", "district_subsidy") and not q.ranking.per_group and \
            not (q.group_by or q.show or q.aggregate or q.fields):
        q.top, q.ranking = q.ranking, None      # 预算最小的专项有哪些定性指标: that fund's indicators
        return
    if q.ranking is None or marker is None:
        return
    departments = [k for k, s in enumerate(r.spans) if r.used[k] and s.kind == "department"]
    within = departments and all(k > marker for k in departments)     # 前十的专项里，属于教委的: of all funds
    if not (q.conditions or not q.indicators.empty() or q.texts or within):
        return
    if within or any(r.used[k] and r.spans[k].kind in AFTER_SCOPE for k in range(marker + 1, len(r.spans))):
        q.top, q.ranking = q.ranking, None
        q.top.scoped = not within


OWNER_FIELDS = {"departments": ["department"], "contacts": ["contact", "phone"]}


def _more_than_one(r):
    """负责一个以上专项的联系人: every person (or department) has one fund at least, so 一个以上 can only mean
    more than one (but at least one is said as meant)."""
    for c in r.query.group_conditions:
        if c.metric == "fund_count" and c.op == ">=" and c.value == 1 and "以上" in c.text:
            c.op = ">"
            r.note(f"“{c.text}”读作多于一个（每一个都至少有一个专项）" if r.lang == "zh" else
                   f"“{c.text}” read as more than one (every one has one fund at least)")


def _each_department(r):
    """卫健委和民政局的预算分别是多少 / 教委和卫健委各有几个专项 / 三家的专项总额各是多少: each department's
    total (or count), not each fund's (but 教委各专项的预算: each fund)."""
    q = r.query
    each = [s for s in r.spans if s.has("group", "fund")]
    if len(set(q.departments)) < 2 or q.group_by != "fund" or q.target != "funds" or q.funds or q.ranking \
            or q.aggregate or not each or any("专项" in s.text or "fund" in s.text for s in each):
        return
    if not [m for m in q.show if METRICS[m].kind == "amount" or m == "fund_count"]:
        return
    q.target, q.group_by = "departments", None      # one row per department, with its sums and count


INDICATOR_COUNTS = ("indicator_count", "core_count", "qualitative_count", "non_core_count")


def _indicators_counted_per_fund(r):
    """教委各专项的核心指标数分别是多少 / 这两个专项各设了几个核心指标 → a count of (such) indicators for each fund,
    as "how many core indicators does each fund have" is read."""
    q = r.query
    indicators_named = not q.indicators.empty() or any(s.has("noun", "indicators") for s in r.spans)
    if q.group_by != "fund" or not indicators_named or q.ranking:
        return
    if q.target == "funds" and q.aggregate == "count" and q.has_indicator:
        q.target, q.has_indicator = "indicators", None
    elif q.target == "departments" and q.aggregate == "count" and not q.indicators.empty():
        q.target, q.group_by, q.metric = "indicators", "department", None     # (它们: departments) each one's
    elif q.target == "indicators" and not q.aggregate and set(q.show) & set(INDICATOR_COUNTS):
        q.aggregate = "count"
        q.show = [m for m in q.show if m not in INDICATOR_COUNTS]


def _named_like_such_indicators(r):
    """核心指标名称里带“满意度”的专项: one indicator both core and so named (not a fund with a core indicator
    and, somewhere, the word)."""
    q = r.query
    if q.target != "funds" or q.indicators.core is None and q.indicators.qualitative is None:
        return
    attr_then_scope = any(s.has("indicator_attr") and s.sense("indicator_attr") in ("core", "qualitative")
                          and k + 1 < len(r.spans) and r.spans[k + 1].has("scope", "indicators")
                          for k, s in enumerate(r.spans))
    if not attr_then_scope:
        return
    for t in [t for t in q.texts if t.scopes == ("indicator",) and not t.negate]:
        q.texts.remove(t)
        q.indicators.name_terms.append(t.term)


def _department_of_top_fund(r):
    """哪个部门拥有预算最大的专项 / which department owns the largest fund / 预算最大的专项的联系人是谁 / who is the
    contact of the largest fund: the largest fund, and its department or contact (not the department or
    person with the largest sum or the most funds)."""
    q = r.query
    if q.target not in OWNER_FIELDS or q.ranking is None or q.aggregate or q.group_by or q.ranking.per_group:
        return
    if not any(_ranks_a_fund(r, k, q.ranking.metric) for k in r.all("superlative", free=False)) or \
            any(s.has("aggregate", "sum") or s.has("aggregate", "count") for s in r.spans):
        return
    owner = OWNER_FIELDS[q.target]
    q.target = "funds"
    if q.ranking.metric in (None, "fund_count"):
        q.ranking.metric, q.ranking.implicit = "total", True
        r.reading.understood = [(t, m.replace("fund_count", "total")) for t, m in r.reading.understood]
    q.fields = list(dict.fromkeys(q.fields + owner))
    for c in q.group_conditions:
        if METRICS[c.metric].row_sql:
            c.level = "fund"


def _ranks_a_fund(r, k, metric):
    """the largest (budget) fund / 专项中预算最大的那个: the superlative picks one fund."""
    if r.spans[k].text in r.vocab.lists["count_superlatives"]:
        return False        # the most funds: a count
    j = r.neighbour(k, 1)
    while j is not None and r.spans[j].kind == "metric" and r.used[j]:
        j = r.neighbour(j, 1)
    if j is not None and r.spans[j].has("noun", "funds") and not r.spans[j].text.endswith(("数", "数量", "个数")):
        return True
    if metric in (None, "fund_count") or j is not None and not r.spans[j].has("pronoun") and not r.is_break(j):
        return False
    noun = r.before(k, "noun", free=False, reach=4)
    return noun is not None and r.spans[noun].has("noun", "funds") and \
        any(r.spans[m].text in r.vocab.lists["scope_markers"] for m in range(noun + 1, k))


def _topic_amount(r):
    """恐龙化石发掘这一块花多少钱: an amount for a topic, which the document does not give (only whole funds')."""
    q = r.query
    if not q.texts or q.funds or q.departments or q.aggregate != "sum" or r.reading.explicit_target \
            or any(s.has("noun", "funds") for s in r.spans) or any(t.scopes == ("name",) for t in q.texts):
        return
    r.refuse("topic_amount", q.texts[0].term)


def _contacts_of_phone(r):
    """电话63899705是哪位联系人的: the person, once, not each fund the number is given for."""
    q = r.query
    if q.phones and not (q.funds or q.departments or q.aggregate or q.ranking) and "contact" in q.fields \
            and set(q.fields) <= {"contact", "phone"} and q.target == "funds" \
            and not any(s.has("noun", "funds") for s in r.spans):
        q.target = "contacts"


def _funds_before_whether(r, whether):
    """宣传部的两个专项有没有补助区县的钱: a department's few funds (three at most), named before the question of
    whether — each one's value is the answer (but 教委有没有预算超过10亿的专项 asks which funds)."""
    q = r.query
    if q.funds or len(q.departments) != 1 or not whether or r.spans[whether[0]].kind != "ask" or \
            r.all("ask", "which", free=False):
        return False
    funds = [s for s, f in r.vocab.funds.items() if f.department == q.departments[0]]
    nouns = [i for i, s in enumerate(r.spans) if s.has("noun", "funds")]
    return len(funds) <= 3 and bool(nouns) and all(i < whether[0] for i in nouns)


def _checked_values(r):
    """高等教育突破跃升专项有补助区县的钱吗？ — about named funds, a whether-question with a condition shows the
    values asked about (0 is the answer), rather than filtering the funds away."""
    q = r.query
    whether = [i for i, s in enumerate(r.spans) if s.has("ask", "whether")]
    of_department = _funds_before_whether(r, whether)
    if not (whether and (0 < len(q.funds) <= 3 or of_department) and q.conditions and not q.ranking
            and not q.aggregate):
        return
    if all(c.metric in ("total", "city_spend", "district_subsidy") and not c.other for c in q.conditions):
        if of_department:
            q.group_by = "fund"     # each of the department's funds, with its value
        q.show = list(dict.fromkeys(q.show + [c.metric for c in q.conditions]))
        r.note("；".join(f"{c.text}：见{metric_label(c.metric, 'zh')}的数值" for c in q.conditions)
               if r.lang == "zh" else
               "; ".join(f"{c.text}: see the {metric_label(c.metric, 'en')} figure" for c in q.conditions))
        q.conditions = []


PROPERTY_COUNTS = {"core_count": ("core", True), "qualitative_count": ("qualitative", True)}


def _one_such_indicator(q):
    """at least one core indicator measured in 亿元 / 至少有一个核心指标以亿元为单位: one indicator with both
    properties, not a core indicator somewhere and an 亿元 one somewhere else."""
    indicator_texts = any(t.scopes == ("indicator",) for t in q.texts)
    if q.target != "funds" or q.indicators.empty() and not indicator_texts:
        return
    for c in list(q.conditions):
        if c.metric == "indicator_count" and indicator_texts and (c.op == ">=" and c.value == 1 or
                                                                  c.op == ">" and c.value == 0):
            q.conditions.remove(c)      # at least one indicator whose name contains 满意度: that indicator
            continue
        at_least_one = c.op == ">=" and c.value == 1 or c.op == ">" and c.value == 0
        if c.metric in PROPERTY_COUNTS and at_least_one and not c.other and not c.reference:
            name, value = PROPERTY_COUNTS[c.metric]
            setattr(q.indicators, name, value)
            q.conditions.remove(c)
            q.has_indicator = True


def defaults(r):
    """What a question that is not a follow-up asks when it names a value but no list: its total, its count."""
    q = r.query
    requests = r.vocab.lists["list_requests"]       # 请列示… / list …: a list, even without which
    listing = any(s.has("ask", "which") or s.text in requests for s in r.spans) and \
        not any(s.has("ask", "howmany") for s in r.spans)
    how_much = any(s.text in ("how much", "多少钱", "多少资金", "多少经费") for s in r.spans)
    how_many = any(s.text in ("多少", "有多少", "how many", "有几个", "多少个") for s in r.spans)
    funds_asked = any((r.spans[i].has("ask", "which") or r.spans[i].has("ask", "what")) and
                      r.spans[i + 1].has("noun", "funds") for i in range(len(r.spans) - 1))
    if q.target == "funds" and how_much and not q.funds and not q.aggregate and not q.ranking and not q.show \
            and "name" not in q.fields and not funds_asked:     # what funds the SASAC has and how much: a list
        q.aggregate, q.metric = "sum", "total"
    values = [m for m in q.show if m not in ("unit", "operator")]
    if q.target in ("funds", "indicators", "departments") and how_many and not q.aggregate and not values \
            and not q.ranking and not q.funds and not q.fields and not q.indicators.names and not q.compare:
        q.aggregate = "count"
    amounts = [m for m in q.show if m in ("total", "city_spend", "district_subsidy")]
    if q.target == "funds" and amounts and not q.funds and not q.aggregate and not q.ranking and not listing \
            and not q.fields and not q.people and q.group_by != "fund" and not _funds_and_amounts(r):
        q.aggregate, q.metric = "sum", amounts[0]
    _indicators_counted_per_fund(r)


def _funds_and_amounts(r):
    """生态环境局的专项和预算 / funds and their budgets: a list with the amounts, not their total."""
    for i, span in enumerate(r.spans[:-1]):
        funds = shape.funds_word(span)      # (全部专项及其金额 too)
        if funds or span.has("metric"):
            j = i + 1
            while j < len(r.spans) and (r.spans[j].kind in ("conj", "function", "pronoun") or
                                        funds and r.spans[j].kind == "department"):
                j += 1
            if j > i + 1 and j < len(r.spans) and any(r.spans[k].kind == "conj" for k in range(i + 1, j)) and \
                    (r.spans[j].has("metric") if funds else r.spans[j].has("noun", "funds")):
                return True
    return False


def _joined_by_or(r):
    """市级支出为零或者补助区县为零: conditions joined by 或 / or."""
    ors = [i for i, s in enumerate(r.spans) if s.has("conj", "or")]
    return any(r.used[i - 1] and i + 1 < len(r.spans) and r.used[i + 1] for i in ors if 0 < i)
