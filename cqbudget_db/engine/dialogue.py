"""Follow-up questions: a typed, serialisable dialogue state and the rules that resolve
references against it.

The state is the last Query, what its answer contained (funds, departments,
people) and its focus — the one thing the answer was about (the one fund asked
about, the winner of a superlative, the only row).  Rules, in zh and en:

  pronoun      它 / 其 / 该专项 / it / its / this fund  → the focus
               它们 / 这些 / 上面的 / they / those          → the last answer's funds
               这个部门 / that department                → the focus's department
               前者 / 后者 / the former / the latter      → the first / second thing answered
  ellipsis     那卫健委呢 / 市级支出呢 / what about …      → the last query with that part swapped
  refinement   其中 / 只看 / 在这些里 / 按…排序 / 前三个 / among them / only those
                                                       → the last selection, narrowed or re-sorted
  aggregation  合计多少 / 平均呢 / how much in total       → the last selection, aggregated
  fresh        a question complete on its own           → nothing carried over

A question that needs a previous turn and has none is refused, never guessed.
"""

import copy
from dataclasses import asdict, dataclass, field

from .query import Query

MAX_REMEMBERED = 200
INDICATOR_VALUES = {"target_value", "weight", "unit", "operator"}
SHARE_OF_PART = {"district_subsidy": "district_share", "city_spend": "city_share"}
ENTITY_KINDS = ("fund", "department", "person", "phone", "indicator", "term", "quoted", "gloss")


@dataclass
class State:
    question: str = ""
    lang: str = "zh"
    query: dict = None
    funds: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    people: list = field(default_factory=list)
    focus: list = None            # ["fund", 18] | ["department", name] | ["person", name]
    order: list = field(default_factory=list)   # the things answered, in row order: [[kind, value], …]
    mentioned: list = field(default_factory=list)   # departments and funds named so far, oldest first
    indicators: list = field(default_factory=list)  # the indicators answered, when the answer listed some
    list_query: dict = None       # the query of the list `order` came from (第六名呢 after 第五名是哪个)

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        if not data:
            return None
        if isinstance(data, State):
            return data
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    def last_query(self):
        return Query.from_dict(self.query) if self.query else None


def state_after(question, lang, q, columns, rows, sources, vocab):
    """What the next question may refer to, from this answer's query and rows."""
    def values(name):
        return [r[columns.index(name)] for r in rows] if name in columns else []

    funds = [s for s in values("seq") if isinstance(s, int)] or [s["seq"] for s in sources]
    departments = [d for d in values("department") if isinstance(d, str)] or \
        list(dict.fromkeys(vocab.funds[s].department for s in funds if s in vocab.funds))
    people = [p for p in values("contact") if isinstance(p, str)] or list(q.people)
    order = [["fund", s] for s in values("seq") if isinstance(s, int)] or \
        [["department", d] for d in values("department") if isinstance(d, str)]
    if q.compare:
        order = [list(e) for e in q.compare.entities]
    focus = None
    if len(rows) == 1 and "indicator" in columns:
        focus = ["indicator", values("indicator")[0]]
    elif len(rows) == 1 and "seq" in columns:
        focus = ["fund", values("seq")[0]]
    elif len(rows) == 1 and "department" in columns and q.target == "departments":
        focus = ["department", values("department")[0]]
    elif len(rows) == 1 and q.target in ("contacts",) and people:
        focus = ["person", people[0]]
    elif len(q.funds) == 1:
        focus = ["fund", q.funds[0]]
    elif len(q.people) == 1:
        focus = ["person", q.people[0]]
    elif len(q.departments) == 1 and not q.funds:
        focus = ["department", q.departments[0]]
    mentioned = [["department", d] for d in q.departments] + [["fund", s] for s in q.funds]
    listed = [s for s in values("seq") if isinstance(s, int)]
    if len(listed) <= 3:        # 应急管理局的两个专项 → 另一个专项 / 这两个专项 later
        mentioned += [["fund", s] for s in listed if ["fund", s] not in mentioned]
    if focus and focus[0] in ("department", "fund") and focus not in mentioned:
        mentioned.append(focus)
    indicators = list(dict.fromkeys(i for i in values("indicator") if isinstance(i, str)))
    list_query = q.to_dict() if len(order) >= 2 and q.ranking is not None else None
    return State(question, lang, q.to_dict(), funds[:MAX_REMEMBERED], departments[:MAX_REMEMBERED],
                 people[:MAX_REMEMBERED], focus, order[:MAX_REMEMBERED], mentioned, indicators[:MAX_REMEMBERED],
                 list_query)


def remember(state, previous):
    """What was named in earlier turns, kept (without repeats, newest last) in the next state."""
    if previous is not None:
        earlier = [m for m in previous.mentioned if m not in state.mentioned]
        state.mentioned = (earlier + state.mentioned)[-20:]
    return state


def state_after_partial(reading, previous):
    """After a question only partly understood, its subject is unknown: 它 / they must not quietly
    fall back on an older answer.  What it named (a fund, a department) may still be referred to."""
    named = state_of_refused(reading)
    if named is not None:
        return remember(named, previous)
    if previous is None or not _new_subject(reading):
        return previous         # 每个低保对象每月能领多少钱: a side question, the conversation goes on
    return State(reading.question, reading.lang, None, mentioned=list(previous.mentioned))


def _new_subject(reading):
    """全市补助区县最少的专项是哪个 / and the second most?: the question set out to find something new."""
    q = reading.query
    return bool(q.ranking or q.conditions or any(
        s.has("scope_all") or s.has("superlative") or s.has("rank_after") or s.has("ask", "which") or
        s.has("followup") for s in reading.spans))


def state_of_refused(reading):
    """After a refused question about real things (卫健委2023年的预算), a follow-up may still name them."""
    q = copy.deepcopy(reading.query)
    q.funds, q.departments, q.people = (list(dict.fromkeys(x)) for x in (q.funds, q.departments, q.people))
    elsewhere = reading.refusal is not None and reading.refusal.reason in ("other_place", "other_year")
    if not (q.funds or q.departments or q.people or elsewhere and not reading.unread):
        return None     # 成都的专项有多少个 → 那重庆的呢: the question, asked of this document
    focus = ["fund", q.funds[0]] if len(q.funds) == 1 else ["department", q.departments[0]] \
        if len(q.departments) == 1 and not q.funds else ["person", q.people[0]] if len(q.people) == 1 else None
    return State(reading.question, reading.lang, q.to_dict(), list(q.funds), list(q.departments), list(q.people),
                 focus, [])


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
        described = [s for s in before if s.kind not in hints + ("noun", "share") + RANKING_WORDS]
        antecedent = [s for s in before if s.kind not in hints]
        named = [s for s in before if s.kind in NAMED]
        text = r.spans[i].text
        if r.spans[i].sense("pronoun") in PLACES:
            found.append(i)             # 前者 / the latter: always the list answered before
            continue
        person = r.spans[i].sense("pronoun") == "person"
        if person and not any(s.kind == "person" for s in before):
            found.append(i)             # 他 / that contact: a person named before, in this question or the last
            continue
        apposition = i + 1 < len(r.spans) and r.spans[i + 1].kind in NAMED     # the indicator 森林覆盖率
        if named or apposition or _object_of_imperative(r, i):
            continue
        counted = _count_in(text) is not None or _count_after(r, i) is not None   # those two funds: named things only
        owner = [s for s in antecedent if s.kind != "share"]       # funds … their budget, not percentage of its
        if text in POSSESSIVE and owner or text not in PERSONAL and described and not counted:
            continue
        found.append(i)
    return found


def _object_of_imperative(r, i):
    """List them / give them in order / name it: the pronoun is the answer being asked for (but in
    list that fund's indicators it names whose)."""
    nxt = r.spans[i + 1].text if i + 1 < len(r.spans) else ""
    possessive = r.spans[i].text.endswith(("'s", "’s")) or r.spans[i].text in ("its", "their") or nxt in ("'s", "’s")
    return i > 0 and not possessive and \
        r.spans[i - 1].text in ("list", "give", "name", "show", "rank", "sort", "order", "list all")


def substitute(r, state):
    """Replace pronouns without an antecedent in the question by what the state says they mean.

    它 / it → the focus, named; 它们 / 这些 / they → the last answer, carried over as a refinement.
    """
    resolved = []
    for i in references(r):
        span = r.spans[i]
        meaning = span.value if span.kind == "pronoun" else span.sense("pronoun")
        named = _named_earlier(r, i, state)
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
        if meaning == "they" and state.query:
            r.reading.carry = True
            r.take(i, _count_after(r, i))
            continue
        target = _referent(meaning, state, r, span.text)
        if target is None:
            r.refuse("reference", span.text)
            return resolved
        kind, value, name = target
        q = r.query
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


def _named_earlier(r, i, state):
    """这三个部门 / these two funds: the last N departments (or funds) named in the conversation."""
    count = _count_after(r, i)
    n = int(r.spans[count].value.value) if count is not None else _count_in(r.spans[i].text)
    noun = r.after(i, "noun", reach=2, free=False)
    if n is None or not state.mentioned:
        return None
    if noun is not None:
        kind = {"departments": "department", "funds": "fund"}.get(r.spans[noun].sense("noun"))
    elif len(state.funds) == n or len(set(state.departments)) == n and not state.funds:
        return None     # 两者: the last answer's own rows
    else:
        kind = state.mentioned[-1][0]     # 两者, after two turns that named one each
    values = list(dict.fromkeys(v for k, v in state.mentioned if k == kind))
    if kind is None or len(values) < n or n < 2:
        return None
    return kind, values[-n:]


COUNT_WORDS = {"两": 2, "二": 2, "both": 2, "two": 2, "三": 3, "three": 3}


def _count_in(text):
    """这两个 / 二者 / these two / both of them: the count inside the pronoun itself (第二个 is a place)."""
    if "第" in text:
        return None
    return next((n for word, n in COUNT_WORDS.items() if (word in text.split() if word.isascii() else word in text)),
                None)


def _count_after(r, i):
    """这两个 / these two: the count belongs to the pronoun."""
    j = r.neighbour(i, 1)
    return j if j is not None and r.spans[j].kind == "number" and r.spans[j].value.unit in ("count", "plain") else None


FUND_WORDS = ("专项", "fund", "program")
PLACES = ("first", "second", "third", "fourth", "fifth")


def _referent(meaning, state, r, text=""):
    """(kind, value, display name) a pronoun refers to, or None."""
    if state is None:
        return None
    vocab = r.vocab
    focus = state.focus
    if meaning == "it":
        if focus and focus[0] == "indicator" and any(w in text for w in FUND_WORDS) and len(set(state.funds)) == 1:
            return _named(["fund", state.funds[0]], vocab)     # 该专项, after one indicator: the fund it belongs to
        if focus and focus[0] in ("department", "person") and any(w in text for w in FUND_WORDS):
            funds = [s for s, f in vocab.funds.items() if f.department == focus[1]] if focus[0] == "department" \
                else list(dict.fromkeys(state.funds))
            return _named(["fund", funds[0]], vocab) if len(funds) == 1 else None   # 它那个专项: its only fund
        if focus:
            return _named(focus, vocab)
        return _set(state, vocab) if len(state.funds) == 1 else None
    if meaning == "they":
        return _set(state, vocab)
    if meaning == "other_one":     # 另一个专项: of the last two funds named, the one not in focus
        pair = _last_pair(state)
        current = focus if focus and focus[0] != "indicator" else \
            (["fund", state.funds[0]] if len(set(state.funds)) == 1 else None)
        rest = [m for m in pair if m != current]
        if len(pair) == 2 and len(rest) == 1:
            return _named(rest[0], vocab)
        return _other_in_department(state, current, vocab)
    if meaning in PLACES:
        n = PLACES.index(meaning)
        if len(state.order) >= 2:
            listed = state.order                # 第二个 in the list just answered
        elif text in ("前者", "后者", "the former", "the latter"):
            listed = _last_pair(state)          # of the two things named last
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


def _other_in_department(state, current, vocab):
    """这个部门另一个专项: the department of the fund in focus has exactly one other fund."""
    if not current or current[0] != "fund" or current[1] not in vocab.funds:
        return None
    department = vocab.funds[current[1]].department
    others = [s for s, f in vocab.funds.items() if f.department == department and s != current[1]]
    return _named(["fund", others[0]], vocab) if len(others) == 1 else None


def pair_named(state):
    """The two things 前者 / 后者 / the former / the latter point to."""
    return state.order if len(state.order) == 2 else _last_pair(state)


def _named_in_order(state):
    if not state.mentioned:
        return []
    kind = state.mentioned[-1][0]
    return [list(m) for m in dict.fromkeys(tuple(m) for m in state.mentioned if m[0] == kind)]


def _last_pair(state):
    """前者 / the latter after two turns that each named one thing (公共卫生专项多少钱？计划生育专项呢？)."""
    if not state.mentioned:
        return []
    kind = state.mentioned[-1][0]
    same = [list(m) for m in dict.fromkeys(tuple(m) for m in state.mentioned if m[0] == kind)]
    return same[-2:] if len(same) >= 2 else []


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
    if ranking is None or ranking.metric is not None or not ranking.offset:
        return
    if len(state.order) <= ranking.offset:
        _next_place(r, state, ranking.offset)
        return
    kind, value = state.order[ranking.offset]
    q.ranking = None
    (q.departments if kind == "department" else q.funds).append(value)
    name = r.vocab.short(value) if kind == "department" else r.vocab.fund_name(value)
    r.reading.resolved.append({"text": f"第{ranking.offset + 1}名", "meaning": name})


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
    if last is None or not last.conditions:
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


# ------------------------------------------------------------------ after the rules

def follow_up_kind(r):
    """ellipsis / refinement / aggregation / None (fresh), from the markers and what the question lacks."""
    markers = {r.spans[i].sense("followup") for i in range(len(r.spans)) if r.spans[i].has("followup")}
    q = r.query
    base = r.reading.share_base       # 占教委全部专项资金的比例: 教委 is what the share is of, not the subject
    departments = [d for d in q.departments if not base or base != ("department", d)]
    funds = [s for s in q.funds if not base or base != ("fund", s)]
    named = bool(departments or funds or q.people or q.phones or q.texts or q.indicators.names)
    everything = any(s.has("scope_all") and s.sense("share_base") is None for s in r.spans)
    subject = named or bool(r.all("noun", free=False)) or r.reading.explicit_target or everything
    if base and not named and r.state is not None and r.state.query:
        return "aggregation"        # 占教委全部专项资金的比例是多少: the last answer's share of that whole
    if getattr(r.reading, "carry", False):
        return "aggregation" if q.aggregate and not (q.ranking or q.conditions) else "refinement"
    if not subject and not named and q.aggregate and not (q.ranking or q.conditions):
        return "aggregation"
    restated = named and (q.indicators.names or r.all("noun", free=False) and
                          (not q.indicators.empty() or q.target == "indicators" and q.ranking))
    swapped = not named and not everything and _ends_with_marker(r)       # 定性指标呢 / 单位呢
    if "what_about" in markers and (not subject or named and _ends_with_marker(r) or swapped) and not restated:
        return "ellipsis"       # 那卫健委呢 — but 那药监局抽检专项的核心指标呢 asks afresh
    if markers & {"among", "only"} and (_leading_marker(r) or _english_among(r)):
        return "refinement"
    if not named and not everything and q.target == "indicators" and _on_indicators(r.state):
        return "refinement"     # 哪个属于核心指标 / 核心指标占几个, right after one fund's indicators
    if not subject and not named:
        if q.aggregate and not (q.ranking or q.conditions):
            return "aggregation"
        return "refinement"
    return None


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


def needs_previous(r):
    """其中 / 在这些里 / among them at the start: there must be a previous answer."""
    among = [i for i in range(len(r.spans)) if r.spans[i].has("followup", "among")]
    return bool(among) and (_leading_marker(r) or any(r.spans[i].text.isascii() for i in among))   # which of those


def _ends_with_marker(r):
    """卫健委呢 / what about the Transport Bureau — but not 那它有哪些核心指标, a whole question after 那."""
    content = [s for s in r.spans if s.kind not in ("function",) or s.has("followup")]
    asks = any(s.kind == "ask" and not s.has("ask", "whether") for s in r.spans)
    return bool(content) and (content[-1].has("followup") or r.spans[0].has("followup", "what_about") and not asks)


def _leading_marker(r):
    for span in r.spans:
        if span.kind in ("function",) and not span.has("followup"):
            continue
        return span.has("followup")
    return False


TOGETHER = {"together", "together?", "combined", "altogether", "both together", "加起来", "合起来", "加在一起", "一起",
            "两者合计", "二者合计", "合在一起"}


def together_pair(r, state):
    """交通局多少？那水利局呢？加起来呢？ / Together?: the two things the last two turns named, summed."""
    if state is None or r.query.departments or r.query.funds or r.reading.carry:
        return None
    if not any(s.text in TOGETHER for s in r.spans):
        return None
    pair = _last_pair(state)
    last = state.last_query()
    named = (last.departments or last.funds) if last else []
    if len(pair) == 2 and len(named) == 1 and pair[-1][1] == named[0]:
        return pair
    return None


def merge(kind, q, state, explicit_target=False, carry=False, union=None, base=None):
    """The new query, completed from the last one (a deep copy: the state is never changed)."""
    last = state.last_query()
    if last is None:
        return q
    base_department = base is not None and base[0] == "department"
    if union:
        last = copy.deepcopy(last)
        kind_of = union[0][0]
        last.departments = [v for k, v in union] if kind_of == "department" else []
        last.funds = [v for k, v in union] if kind_of == "fund" else []
        last.subset = []
        state = copy.deepcopy(state)
        state.query, state.focus = last.to_dict(), None
    if kind == "ellipsis":
        return _swap(copy.deepcopy(last), q)
    each = q.group_by == "fund"     # 分别多少钱: each fund's amount, not their total
    if _only_asks_values(q) and not q.fields and not each and last.aggregate in ("sum", "count") and not last.funds:
        summed = _carry(last, state)     # 82个专项一共多少钱 → 其中市级支出多少: that total, of another column
        summed.aggregate, summed.metric = "sum", q.show[0] if q.show else "total"
        return summed
    if _only_asks_values(q) and last.target == "indicators" and set(q.show) & INDICATOR_VALUES and state.indicators:
        carried = _carry(last, state)       # 目标值分别是多少 after a list of indicators: theirs
        carried.target, carried.show = "indicators", list(q.show)
        carried.indicators.names = list(state.indicators)
        return carried
    if _only_asks_values(q) and not carry and state.focus and state.focus[0] in ("fund", "department", "person"):
        return _about_focus(q, state)
    if _only_asks_values(q) and state.focus and state.focus[0] == "indicator":
        focused = copy.deepcopy(q)      # 目标值多少？单位呢？ about the one indicator just answered
        focused.target, focused.funds = "indicators", list(dict.fromkeys(state.funds))
        focused.indicators.names = [state.focus[1]]
        return focused
    carried = _carry(last, state, reranked=bool(q.ranking and q.ranking.sort_only))
    if q.ranking:
        carried.ranking = q.ranking
        carried.aggregate = None
    if kind == "aggregation" or q.aggregate or q.share:
        carried.aggregate, carried.metric = q.aggregate, q.metric or (q.show[0] if q.show else _main_metric(last))
        carried.share, carried.share_other, carried.ranking = q.share, q.share_other, q.ranking or carried.ranking
        if q.aggregate == "share" and not q.share:     # As a percentage? — of the last sum
            carried.share = SHARE_OF_PART.get(_main_metric(last), "share_of_all")
        elif base_department and _main_metric(last) == "total":
            carried.share = "share_of_department"      # what share of the commission's total budget is that
        elif base is not None and base[0] == "fund" and _main_metric(last) in SHARE_OF_PART:
            carried.share = SHARE_OF_PART[_main_metric(last)]     # 补助区县一共多少 → 占这个专项总额的比例
        elif q.share == "share_of_all" and last.aggregate == "sum" and _main_metric(last) in SHARE_OF_PART:
            carried.share = SHARE_OF_PART[_main_metric(last)]    # 补助区县合计多少 → 占总额的比例: of its total
        carried.fields, carried.show = [], list(q.show)
        if carried.target == "departments" and not q.group_by:
            carried.target = "funds"
    _narrow(carried, q)
    for c in q.conditions:      # 平均每个多少？高于平均数的有几个？ — the average of the department asked about
        if c.reference == "average" and c.ref_scope == "all" and len(set(carried.departments)) == 1:
            c.ref_scope = "department"
    carried.conditions += q.conditions
    carried.group_conditions += q.group_conditions
    carried.texts += q.texts
    _merge_indicators(carried, q)
    if q.show and not (kind == "aggregation" or q.aggregate):
        carried.show = q.show
    carried.fields = q.fields or carried.fields
    if set(q.fields) - {"department", "name"} and carried.target == "departments":
        carried.target = "funds"        # 涉及几个部门 → 其中口岸办那个专项的联系人: a fund's field
    if q.group_by:
        carried.group_by = q.group_by
    if q.target and explicit_target:
        carried.target = q.target
    if q.compare:
        carried.compare = q.compare
    if carried.target == "funds" and not carried.indicators.empty() and carried.has_indicator is None:
        carried.has_indicator = True    # which funds do they belong to (they: indicators)
    return carried


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
    for name in ("core", "qualitative"):
        if getattr(new, name) is not None:
            setattr(old, name, getattr(new, name))
    for name in ("ops", "units", "names", "name_terms", "target_texts", "conditions"):
        getattr(old, name).extend(x for x in getattr(new, name) if x not in getattr(old, name))
    if q.has_indicator is not None:
        carried.has_indicator = q.has_indicator


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
           "display_units")


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


def _swap(last, new):
    """那卫健委呢 / 市级支出呢 / 20亿呢: the last query with the part the new question names swapped in."""
    if new.departments:
        last.departments, last.funds, last.subset, last.people = new.departments, [], [], []
        if last.compare:
            return new
        if len(new.departments) == 1 and last.target in ("funds",) and not last.ranking and not last.aggregate \
                and _was_lookup(last):
            last.aggregate, last.metric = "sum", _main_metric(last)
    if new.funds:
        last.funds, last.departments, last.subset = new.funds, [], []
    if new.people:
        last.people, last.funds, last.subset = new.people, [], []
    if new.fields:
        last.fields = new.fields
        last.aggregate = None if last.aggregate in ("sum", "count") and not last.conditions else last.aggregate
    if new.share:
        last.share, last.share_other = new.share, new.share_other
        last.aggregate = last.aggregate or "share"
        last.show = []
    _merge_indicators(last, new)
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
    if metric:
        _replace_metric(last, metric)
    for c in new.conditions:
        same = [old for old in last.conditions if old.metric == c.metric or old.op == c.op]
        if same:
            last.conditions[last.conditions.index(same[0])] = c
        else:
            last.conditions.append(c)
    if new.ranking:
        last.ranking = new.ranking
        last.subset = []        # 那市级支出最多的前两个呢: ranked afresh over what the subset was cut from
    return last


def _was_lookup(q):
    return bool(q.show or q.fields) and len(q.funds) <= 1


def _replace_metric(q, metric):
    if q.compare:
        q.compare.metric = metric       # 要是比市级支出呢
    elif q.ranking:
        q.ranking.metric = metric
    elif q.aggregate in ("sum", "avg", "median", "spread"):
        q.metric = metric
    elif q.show:
        q.show = [metric]
    elif q.conditions:
        q.conditions[0].metric = metric
    else:
        q.show = [metric]
