"""References to the conversation: pronouns and demonstratives (它 / 这两个 / 前者 / that department),
places in the last list (第二个 / 第六名呢) and bare numbers (20亿呢), resolved against the state."""

import copy

from .query import Query

# ------------------------------------------------------------------ before the rules

POSSESSIVE = {"其", "its", "their", "it's", "自己", "自身", "own"}
PERSONAL = {"它", "它的", "它们", "它们的", "他", "她", "他的", "她的", "他们", "他们的", "it", "its", "they", "them", "their",
            "he", "she", "his", "her", "him", "其"}
NAMED = ("fund", "department", "person", "phone", "indicator")
RANKING_WORDS = ("superlative", "rank_after", "rank_top", "rank_nth", "direction", "sort")   # the smallest fund in that …


def references(r):
    """Pronouns that point outside the question, to the conversation.

    A possessive (其 / its / their) points inside when something comes before it
    ("补助区县占其预算", "funds that send 80% of their budget"); any other pronoun only
    when a thing is named before it ("林业草原改革那个专项"); the rest need a previous answer.
    """
    found = []
    for i in r.all("pronoun"):
        before = [r.spans[j] for j in range(i)]
        hints = ("function", "ask", "conj", "followup", "pronoun", "text_weak", "field", "relation", "aggregate",
                 "other")
        antecedent = [s for s in before if s.kind not in hints]
        named = [s for s in before if s.kind in NAMED]
        text = r.spans[i].text
        if r.spans[i].sense("pronoun") in PLACES + FROM_END + ("last", "other_one"):
            found.append(i)             # 前者 / the latter / 经信委另一个专项: always the ones answered before
            continue
        person = r.spans[i].sense("pronoun") == "person"
        if person and not any(s.kind == "person" for s in before):
            found.append(i)             # 他 / that contact: a person named before, in this question or the last
            continue
        apposition = i + 1 < len(r.spans) and r.spans[i + 1].kind in NAMED     # the indicator 森林覆盖率
        if named or apposition or _object_of_imperative(r, i) or _answer_of_earlier_clause(r, i):
            continue
        k = r.neighbour(i, -1)      # 林业草原改革那个专项 / 没有补助区县的那些 / 预算最大的那个: described right before it
        described = [r.spans[k]] if k is not None and r.spans[k].kind not in hints + ("noun", "share", "scope_all") \
            else []
        if _said_before(r, i, text):
            continue                # 只有一个专项、而且这个专项… / 补助区县占本部门专项总额: the thing named earlier
        counted = _count_in(r, text) is not None or _count_after(r, i) is not None   # those two funds: named things only
        owner = [s for s in antecedent if s.kind not in ("share", "indicator_attr", "scope_all")]
        # funds … their budget — not "percentage of its", nor "the total weight of all its core indicators"
        earlier = any(s.kind == "pronoun" for s in before)    # that department's total across all its funds
        own = i + 1 < len(r.spans) and r.spans[i + 1].text in ("自己", "自身", "own", "自己的")    # 它们自己的市级支出
        if (text in POSSESSIVE or own) and (owner or earlier) or text not in PERSONAL and described and not counted:
            continue
        found.append(i)
    return found


def _answer_of_earlier_clause(r, i):
    """Which fund pays living allowances to veteran Party members, and how big is it? / Is there any indicator
    that requires 100%? Which fund is it in?: it is what the earlier clause asks for."""
    if r.spans[i].sense("pronoun") != "it" or r.spans[i].text not in ("it", "its", "it's", "它", "它的"):
        return False        # (that one is a core indicator: the indicator just described, not the answer)
    breaks = [k for k in range(i) if r.is_break(k) or r.spans[k].text in ("and", "而且", "并且")]
    if not breaks:
        return False
    asks = [k for k in range(breaks[-1]) if (r.spans[k].has("ask", "which") or r.spans[k].has("ask", "whether"))
            and any(r.spans[m].has("noun", "funds") or r.spans[m].has("noun", "indicators")
                    for m in range(k + 1, min(k + 4, len(r.spans))))]
    return bool(asks)


def _said_before(r, i, text):
    if text.startswith("本"):
        return True
    noun = "funds" if "专项" in text or "fund" in text else "departments" if "部门" in text or "department" in text \
        else None
    return noun is not None and any(r.spans[j].has("noun", noun) for j in range(i))


def _object_of_imperative(r, i):
    """List them / give them in order / name it: the pronoun is the answer being asked for (but in
    list that fund's indicators it names whose)."""
    nxt = r.spans[i + 1].text if i + 1 < len(r.spans) else ""
    possessive = r.spans[i].text.endswith(("'s", "’s")) or r.spans[i].text in ("its", "their") or nxt in ("'s", "’s")
    determiner = r.spans[i].text in ("those", "these", "that", "this") and i + 1 < len(r.spans) and \
        r.spans[i + 1].kind not in ("function", "conj")       # list those satisfaction indicators: the ones before
    return i > 0 and not possessive and not determiner and \
        r.spans[i - 1].text in ("list", "give", "name", "show", "rank", "sort", "order", "list all")


def substitute(r, state):
    """Replace pronouns without an antecedent in the question by what the state says they mean.

    它 / it → the focus, named; 它们 / 这些 / they → the last answer, carried over as a refinement.
    """
    resolved = []
    for i in references(r):
        span = r.spans[i]
        meaning = span.value if span.kind == "pronoun" else span.sense("pronoun")
        named = _named_earlier(r, i, state) or \
            (_counted_choices(r, i, state) if meaning == "they" and state.query else None)   # Of those three
        if named:
            kind, values = named
            if kind == "department":
                r.query.departments.extend(values)
            else:
                r.query.funds.extend(values)
            shown = "、".join(r.vocab.short(v) if kind == "department" else r.vocab.fund_name(v) for v in values)
            r.take(i, _count_after(r, i), meaning=f"{span.text} → {shown}")
            resolved.append({"text": span.text, "meaning": shown})
            continue
        if meaning == "they" and state.pending:
            r.refuse("reference", span.text)     # the last question found nothing to point to: nor do they
            return resolved
        if meaning == "they" and state.query and _count_differs(r, i, state):
            r.refuse("reference", span.text)     # the two of them, when the last answer was one fund: not those
            return resolved
        if meaning == "they" and state.query:
            r.reading.carry = True
            counted = _count_in(r, span.text, span)
            if counted and counted == len(set(state.funds)) and len({k for k, _ in state.order}) <= 1:
                r.query.subset = list(dict.fromkeys(state.funds))   # 这两个: those two funds, each of them
            r.take(i, _count_after(r, i))
            continue
        earlier = next((v for k, v in sorted(r.reading.referents.items()) if k < i), None) if meaning == "it" else None
        if earlier is not None and earlier[0] == "fund":
            r.take(i, meaning=f"{span.text} → {_named(list(earlier), r.vocab)[2]}")     # the other one — …does it
            continue                                                                     # give: it is that one
        owner = next((v for k, v in sorted(r.reading.referents.items()) if k < i), None)
        if owner is not None and owner[0] == "department" and meaning == "it" and \
                any(w in span.text for w in FUND_WORDS):
            r.take(i, meaning=f"{span.text} → {r.vocab.short(owner[1])}的专项")  # 前者那个专项: the former's fund
            continue
        target = _referent(meaning, state, r, span.text)
        of_the_figure = any(s.kind in ("share", "than") or s.has("aggregate", "difference") or s.has("aggregate", "ratio")
                            for s in r.spans)      # (its contact person: a fund's, not the sum's)
        if target is None and meaning == "it" and of_the_figure and _a_sum_answered(state):
            r.reading.carry = True      # 一共多少钱？补助区县的部分呢？它占总额的百分之几: it, that sum
            r.take(i)
            continue
        if target is None:
            r.refuse("reference", span.text)
            return resolved
        kind, value, name = target
        if r.lang == "en" and kind == "department" and r.vocab.english_names.get(value):
            name = "the " + r.vocab.english_names[value]
        q = r.query
        excluded = r.before(i, "exclude", reach=1)
        if excluded is not None and kind == "department" and len(set(state.funds)) == 1 and \
                r.vocab.funds[state.funds[0]].department == value:
            kind, value, name = _named(["fund", state.funds[0]], r.vocab)    # 这个部门除了它: it, the fund
        if excluded is not None and kind in ("fund", "department"):     # 除了它 / other than it: left out
            (q.exclude_funds if kind == "fund" else q.exclude_departments).append(value)
            r.take(i, excluded, r.after(i, "exclude", reach=1), meaning=f"{span.text} → {name}（不含）")
            resolved.append({"text": span.text, "meaning": name})
            continue
        if kind == "indicator":
            q.indicators.names.append(value)
        elif kind == "fund":
            q.funds.append(value)
        elif kind == "department":
            q.departments.append(value)
        elif kind == "person":
            q.people.append(value)
        elif kind == "funds":
            q.subset = list(value)
        elif kind == "departments":
            q.departments.extend(value)
        if kind in ("fund", "department"):
            r.reading.referents[i] = (kind, value)
        r.take(i, meaning=f"{span.text} → {name}")
        resolved.append({"text": span.text, "meaning": name})
    return resolved


NOT_A_REFERENCE = ("compare_before", "compare_after", "text_weak", "negation", "rank_top", "rank_nth",
                   "aggregate", "seq_word", "number", "pronoun")


def bare_counts(r, state):
    """两个加起来多少 / 两个部门的总额差多少 / all seven / the two bureaus, in a follow-up: the things the
    conversation has just named (or listed), counted — as 这两个 / these two would say."""
    for i, span in enumerate(r.spans):
        if span.kind != "number" or span.value.unit not in ("count", "plain") or not 2 <= span.value.value <= 9 \
                or span.value.value != int(span.value.value):
            continue
        j, k = r.neighbour(i, -1), r.neighbour(i, 1)
        if j is not None and (r.spans[j].kind in NOT_A_REFERENCE or r.spans[j].has("ask", "which")
                              or r.spans[j].text in ("有", "第", "前", "后", "共", "那", "这")):
            continue                    # 有两个专项的 / 哪两个 / 前两个 / 它那两个: a count of its own
        if k is not None and (r.spans[k].kind == "indicator_attr" or r.spans[k].has("noun", "indicators")):
            continue                    # 两个定性指标: indicators counted, not the funds named
        if r.after(i, ("compare_after", "superlative", "rank_after"), reach=3) is not None or \
                j is not None and r.spans[j].kind in ("superlative", "rank_top"):
            continue                    # 两个核心指标以上的 / 预算最多的三个: a count (a top N), not the things named
        n = int(span.value.value)
        known = len(state.order) == n or len({tuple(m) for m in state.mentioned}) >= n >= 2
        if known:
            span.kind, span.value, span.senses = "pronoun", "they", [("count", n)]


def _named_earlier(r, i, state):
    """这三个部门 / these two funds: the last N departments (or funds) named in the conversation."""
    n = _pronoun_count(r, i)
    noun = r.after(i, "noun", reach=2, free=False)
    if n is None or not state.mentioned:
        return None
    owner = {"departments": "department", "funds": "fund"}.get(r.spans[noun].sense("noun")) if noun is not None \
        else None       # 这两个部门 / these two funds — but 两者的核心指标: the indicators are theirs
    if owner is None and "家" in r.spans[i].text:
        owner = "department"    # 这两家: 家 counts institutions, not funds
    if owner is not None:
        kind = owner
    elif len(state.funds) == n or len(set(state.departments)) == n and not state.funds:
        return None     # 两者: the last answer's own rows
    else:
        kind = state.mentioned[-1][0]     # 两者, after two turns that named one each
    values = list(dict.fromkeys(v for k, v in state.mentioned if k == kind))
    if kind == "fund" and len(values) < n:
        values = _only_funds_of_departments(r, state, n) or values
    if kind is None or len(values) < n or n < 2:
        return None
    return kind, values[-n:]


def _a_sum_answered(state):
    """The last answer was one sum of several funds (no single thing in focus): 它 can only be that figure."""
    last = state.last_query() if state.query else None
    return last is not None and last.aggregate == "sum" and not state.focus and len(set(state.funds)) != 1


def _counted_choices(r, i, state):
    """(kind, values) of the latest list of that many rows, when the last answer had another number of them."""
    n = _pronoun_count(r, i)
    if n is None or n in (len(set(state.funds)), len(set(state.departments))) or len(state.choices) != n:
        return None
    kinds = {kind for kind, _ in state.choices}
    return (kinds.pop(), [value for _, value in state.choices]) if len(kinds) == 1 else None


def _count_differs(r, i, state):
    """这两个 / the two of them / 这三家 with a last answer of another size: they are not what it answered."""
    n = _pronoun_count(r, i)
    if n is None or not state.order and not state.funds:
        return False
    sizes = {len(state.order), len(set(state.funds)), len(set(state.departments))}
    return n not in sizes


def _only_funds_of_departments(r, state, n):
    """口岸物流办的专项… 大数据局的呢？这两个专项: the one fund of each of the last two departments named."""
    departments = list(dict.fromkeys(v for k, v in state.mentioned if k == "department"))[-n:]
    funds = [[s for s, f in r.vocab.funds.items() if f.department == d] for d in departments]
    return [found[0] for found in funds if len(found) == 1] if len(departments) == n and \
        all(len(found) == 1 for found in funds) else []


def _pronoun_count(r, i):
    """这两个 / 这三家 / these two funds / those 3: how many things the pronoun at i counts, or None."""
    count = _count_after(r, i)
    return int(r.spans[count].value.value) if count is not None else _count_in(r, r.spans[i].text, r.spans[i])


def _count_in(r, text, span=None):
    """这两个 / 二者 / these two / both of them: the count inside the pronoun itself (第二个 is a place)."""
    if span is not None and span.sense("count"):
        return span.sense("count")      # a bare 两个 / seven read as a reference (bare_counts)
    if "第" in text:
        return None
    return next((n for word, n in r.vocab.lists["count_words"].items()
                 if (word in text.split() if word.isascii() else word in text)), None)


def _count_after(r, i):
    """这两个 / these two: the count belongs to the pronoun."""
    j = r.neighbour(i, 1)
    return j if j is not None and r.spans[j].kind == "number" and r.spans[j].value.unit in ("count", "plain") else None


FUND_WORDS = ("专项", "fund", "program")
PLACES = ("first", "second", "third", "fourth", "fifth")
FROM_END = ("second_last", "third_last")


def _referent(meaning, state, r, text=""):
    """(kind, value, display name) a pronoun refers to, or None."""
    if state is None:
        return None
    vocab = r.vocab
    focus = state.focus
    if meaning == "it":
        possessive = text in POSSESSIVE or text.endswith("的")
        its_indicators = possessive and any(s.has("noun", "indicators") for s in r.spans)
        # (but 它是核心指标吗: it, the indicator)
        if focus and focus[0] == "indicator" and (any(w in text for w in FUND_WORDS) or its_indicators) \
                and len(set(state.funds)) == 1:
            return _named(["fund", state.funds[0]], vocab)     # 该专项, after one indicator: the fund it belongs to
        if state.partial and _asks_of_one_indicator(r, text) and not (focus and focus[0] == "indicator"):
            return None     # 它的权重是多少 after a question about one of its indicators, not read
        if focus and focus[0] == "person" and len(set(state.funds)) == 1:
            return _named(["fund", state.funds[0]], vocab)     # it / 它 is never a person: the fund asked about
        if focus and focus[0] in ("department", "person") and any(w in text for w in FUND_WORDS):
            funds = [s for s, f in vocab.funds.items() if f.department == focus[1]] if focus[0] == "department" \
                else list(dict.fromkeys(state.funds))
            return _named(["fund", funds[0]], vocab) if len(funds) == 1 else None   # 它那个专项: its only fund
        if focus:
            return _named(focus, vocab)
        if len(set(state.funds)) == 1 and any(w in text for w in FUND_WORDS):
            return _named(["fund", state.funds[0]], vocab)  # that fund, after a list of its indicators
        return _set(state, vocab) if len(state.funds) == 1 else None
    if meaning == "they":
        return _set(state, vocab)
    if meaning == "other_one":     # 另一个专项: of the last two funds named, the one not in focus
        pair = _last_pair(state)
        current = focus if focus and focus[0] != "indicator" else \
            (["fund", state.funds[0]] if len(set(state.funds)) == 1 else None)
        rest = [m for m in pair if m != current]
        if current and current[0] == "fund" and current in pair and _said_other_one(state.question, vocab):
            return _named(current, vocab)   # who is the contact for the other one? → the other one's indicators: it still
        if len(pair) == 2 and len(rest) == 1:
            return _named(rest[0], vocab)
        return _other_in_department(state, current, vocab)
    if meaning == "last":           # 排最后那个 / the last one: the last row of the list just answered
        return _named(state.order[-1], vocab) if len(state.order) >= 2 else None
    if meaning in FROM_END:         # 倒数第二个 / the second to last: counted from the end of that list
        n = FROM_END.index(meaning) + 2
        return _named(state.order[-n], vocab) if len(state.order) >= n else None
    if meaning in PLACES:
        n = PLACES.index(meaning)
        if text in ("前者", "后者", "the former", "the latter"):
            listed = pair_named(state)          # the two things compared or named last
        elif len(state.order) >= 2:
            listed = state.order                # 第二个 in the list just answered
        else:
            listed = _named_in_order(state)     # 我第二个问的那个: the second thing asked about
        return _named(listed[n], vocab) if len(listed) > n else None
    if meaning == "department":
        if focus and focus[0] == "department":
            return _named(focus, vocab)
        if focus and focus[0] == "fund" and focus[1] in vocab.funds:
            return _named(["department", vocab.funds[focus[1]].department], vocab)
        return _named(["department", state.departments[0]], vocab) if len(set(state.departments)) == 1 else None
    if meaning == "indicator":
        return _named(focus, vocab) if focus and focus[0] == "indicator" else None
    if meaning == "person":
        if focus and focus[0] == "person":
            return _named(focus, vocab)
        return ("person", state.people[0], state.people[0]) if len(set(state.people)) == 1 else None
    return None


def _said_other_one(question, vocab):
    from .spans import tokenize
    return any(s.has("pronoun", "other_one") for s in tokenize(question, vocab)[1])


def _other_in_department(state, current, vocab):
    """这个部门另一个专项: the department of the fund in focus has exactly one other fund."""
    if not current or current[0] != "fund" or current[1] not in vocab.funds:
        return None
    department = vocab.funds[current[1]].department
    others = [s for s, f in vocab.funds.items() if f.department == department and s != current[1]]
    return _named(["fund", others[0]], vocab) if len(others) == 1 else None


def pair_named(state):
    """The two things 前者 / 后者 / the former / the latter point to."""
    pair = _last_pair(state)
    if len(state.order) == 2 and {tuple(m) for m in state.order} == {tuple(m) for m in pair}:
        return pair                 # the same two: in the order they were first named, not as last compared
    newer = bool(state.mentioned) and state.mentioned[-1] not in state.order and state.mentioned[-1] in pair
    return state.order if len(state.order) == 2 and not newer else pair   # 文旅委…那文物局呢？前者: the two asked about


def _named_in_order(state):
    if not state.mentioned:
        return []
    kind = state.mentioned[-1][0]
    return [list(m) for m in dict.fromkeys(tuple(m) for m in state.mentioned if m[0] == kind)]


def _last_pair(state):
    """前者 / the latter after two turns that each named one thing (公共卫生专项多少钱？计划生育专项呢？)."""
    for kind in dict.fromkeys(m[0] for m in reversed(state.mentioned)):   # the latest kind named twice
        same = [list(m) for m in dict.fromkeys(tuple(m) for m in state.mentioned if m[0] == kind)]
        if len(same) >= 2:
            return same[-2:]
    return []


def _named(entity, vocab):
    kind, value = entity
    if kind == "fund":
        return "fund", value, vocab.fund_name(value) if value in vocab.funds else str(value)
    if kind == "department":
        return "department", value, vocab.short(value)
    return kind, value, str(value)


def _set(state, vocab):
    if state.funds:
        names = "、".join(vocab.fund_name(s) for s in state.funds[:3] if s in vocab.funds)
        more = f"等{len(state.funds)}个专项" if len(state.funds) > 3 else ""
        return "funds", state.funds, names + more
    if state.departments:
        return "departments", list(dict.fromkeys(state.departments)), "、".join(
            vocab.short(d) for d in list(dict.fromkeys(state.departments))[:3])
    return None


def ordinal_places(r, state):
    """第五名是哪个部门的 after a top-5 list: the fifth row of that list, not a new ranking."""
    q = r.query
    ranking = q.ranking
    summed = any(sp.has("aggregate", "sum") for sp in r.spans)
    share_ranked = ranking is not None and (ranking.metric or "").startswith("share_of") and summed
    listed = Query.from_dict(state.list_query) if state.list_query else None
    same_order = summed and listed is not None and listed.ranking is not None and ranking is not None and \
        listed.ranking.metric == ranking.metric      # 前三个加起来多少钱 after a list by budget: its first three
    if ranking is not None and (ranking.metric in (None, q.share) or share_ranked or same_order) and ranking.limit \
            and not ranking.offset and state.list_query and not ranking.sort_only and (q.share or q.aggregate or summed):
        if share_ranked:    # 前五名加起来占…的比例: the share of those places together, not a ranking by share
            q.share, q.aggregate, q.combined = ranking.metric, "share", True
        _top_of_list(r, state, ranking.limit)
        return
    first_of_list = ranking is not None and ranking.limit == 1 and not ranking.offset and len(state.order) >= 2
    if ranking is None or ranking.metric is not None or not (ranking.offset or first_of_list) or not state.list_query:
        return          # (第二高的呢 after a superlative: the same ranking, second place; 排第一的 after a list: its first)
    if len(state.order) <= ranking.offset:
        _next_place(r, state, ranking.offset)
        return
    kind, value = state.order[ranking.offset]
    q.ranking = None
    (q.departments if kind == "department" else q.funds).append(value)
    name = r.vocab.short(value) if kind == "department" else r.vocab.fund_name(value)
    r.reading.resolved.append({"text": f"第{ranking.offset + 1}名", "meaning": name})


def _top_of_list(r, state, limit):
    """前五名加起来占全市补助区县的比例 after a ranked list: the first places of that ranking, aggregated."""
    listed = Query.from_dict(state.list_query)
    if listed.ranking is None or listed.target != r.query.target:
        return
    q = r.query
    listed.ranking.limit, listed.ranking.offset, listed.ranking.sort_only = limit, 0, False
    listed.aggregate, listed.share, listed.combined, listed.metric = q.aggregate, q.share, q.combined, q.metric
    listed.show, listed.fields = q.show, q.fields
    r.reading.query = listed
    r.reading.complete = True
    same = "同一排名" if r.lang == "zh" else "the same ranking"
    r.reading.resolved.append({"text": f"前{limit}名" if r.lang == "zh" else f"top {limit}", "meaning": same})


def _next_place(r, state, offset):
    """第六名呢 after a top-5 list: the same ranking, one place further."""
    if not state.list_query:
        return
    listed = Query.from_dict(state.list_query)
    listed.ranking.limit, listed.ranking.offset = 1, offset
    last = state.last_query()
    if last is not None and last.target == "departments":
        listed.fields = ["department"]          # 第五名是哪个部门的？第六名呢？
    r.reading.query = listed
    r.reading.complete = True
    same = "同一排名" if r.lang == "zh" else "the same ranking"
    r.reading.resolved.append({"text": f"第{offset + 1}名" if r.lang == "zh" else f"#{offset + 1}", "meaning": same})


def bare_numbers(r, state):
    """20亿呢 / and for 2 billion?: a number alone replaces the value of the last comparison."""
    last = state.last_query() if state else None
    if last is None:
        return
    _bare_weights(r, last)
    if not last.conditions:
        return
    for i in r.all("number"):
        number = r.spans[i].value
        if number.unit in ("year", "ordinal"):
            continue
        money = number.unit in ("money", "plain")
        same = [c for c in last.conditions if not c.other and not c.reference and
                ((c.metric in ("total", "city_spend", "district_subsidy")) == money)]
        if not same:
            continue
        c = copy.deepcopy(same[0])
        value = number.value * (10000 if number.unit == "plain" and money and number.value < 1000 else 1)
        c.value, c.text = value, number.raw
        r.query.conditions.append(c)
        r.take(i, meaning=f"{c.metric} {c.op} {number.raw}")


def _bare_weights(r, last):
    """… weighted at 30% → those 30% indicators / 20%的呢: a percentage alone, of the weight just asked about."""
    weights = [c for c in last.indicators.conditions if c.metric == "weight"]
    if not weights:
        return
    for i in r.all("number"):
        number = r.spans[i].value
        if number.unit != "percent":
            continue
        c = copy.deepcopy(weights[0])
        c.value, c.text = number.value, number.raw
        r.query.indicators.conditions.append(c)
        r.take(i, meaning=f"权重 {c.op} {number.raw}")


def _asks_of_one_indicator(r, text):
    """它的权重 / its weight: a property only one indicator has, asked of 它 / it — never of a fund
    (its indicators / 它的核心指标里权重最高的 / 它的某某指标的权重 say which indicators)."""
    if any(w in text for w in FUND_WORDS) or any(s.kind in ("indicator", "gloss", "aggregate") + RANKING_WORDS for s in r.spans):
        return False
    for k, span in enumerate(r.spans):     # 它的指标 — but not 算不算核心指标, which asks about one
        plural = span.has("noun", "indicators") or span.has("scope", "indicators") or span.has("indicator_attr", "core")
        if plural and not any(s.has("ask", "whether") for s in r.spans[max(0, k - 3):k]):
            return False
    return any(s.has("indicator_attr", "weight") or s.has("indicator_attr", "target") for s in r.spans)
