"""The dialogue state: what the next question may refer to — the last Query, what its answer
contained (funds, departments, people, indicators), its focus and the things named so far.
Serialisable (to_dict / from_dict), so it travels in llm's response_json, chat --json and URLs."""

import copy
from dataclasses import dataclass, field, fields

from .query import IndicatorSpec, Query
from .spans import narrows

MAX_REMEMBERED = 200


def _plain(value):
    kind = type(value)
    if kind is list:
        return [_plain(v) if type(v) in (list, dict) else v for v in value]
    if kind is dict:
        return dict(value)
    return value



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
    pending: bool = False         # the last question had nothing to point to: naming a fund next completes it
    partial: bool = False         # the last question was only partly read: what it was about inside its fund is unknown
    choices: list = field(default_factory=list)     # the latest answer with two rows or more (funds or departments),
                                                    # kept while later answers are about one: the bigger one …
    ranked_query: dict = None     # the latest ranked question (最多的专项是哪个 → 它的联系人 → 第二多的呢)

    def to_dict(self):
        """Plain data (the fields are lists, dicts and strings already; asdict's deep copy costs ~2 ms)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

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
    elif len(set(q.funds)) >= 2 and set(q.funds) == {s for s in values("seq") if isinstance(s, int)}:
        order = [["fund", s] for s in dict.fromkeys(q.funds)]      # 前者 / 后者: in the order they were named
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
    ranked_query = q.to_dict() if q.ranking is not None and not q.ranking.sort_only else None
    choices = [list(row) for row in dict.fromkeys(tuple(row) for row in order)]
    return State(question, lang, q.to_dict(), funds[:MAX_REMEMBERED], departments[:MAX_REMEMBERED],
                 people[:MAX_REMEMBERED], focus, order[:MAX_REMEMBERED], mentioned, indicators[:MAX_REMEMBERED],
                 list_query, choices=choices[:MAX_REMEMBERED] if len(choices) >= 2 else [], ranked_query=ranked_query)


def remember(state, previous):
    """What was named in earlier turns, kept (without repeats, in the order first named) in the next state:
    前者 stays the one named first when a later turn names it again."""
    if previous is not None:
        later = [m for m in state.mentioned if m not in previous.mentioned]
        state.mentioned = (previous.mentioned + later)[-20:]
        state.choices = state.choices or list(previous.choices)
        state.list_query = state.list_query or previous.list_query    # 排第四的呢, a few turns after the top 3
        same_subject = state.focus is not None and state.focus == previous.focus
        state.ranked_query = state.ranked_query or (previous.ranked_query if same_subject else None)
    return state


def state_after_partial(reading, previous):
    """After a question only partly understood, its subject is unknown: 它 / they must not quietly
    fall back on an older answer.  What it named (a fund, a department) may still be referred to."""
    named = state_of_refused(reading)
    if named is not None and not (_asks_a_subset(reading) or _picks_one(reading)):
        named.partial = True
        return remember(named, previous)
    if named is not None:       # 规划局的专项里，电话不是63开头的有哪些 (not read): 它们 must not be all of its funds;
                                # 这两个里面…更高的是哪个 (not read): 它 is the one it did not find
        return remember(State(reading.question, reading.lang, None, mentioned=named.mentioned), previous)
    if not _new_subject(reading):
        return previous         # 每个低保对象每月能领多少钱: a side question, the conversation goes on
    return State(reading.question, reading.lang, None, mentioned=list(previous.mentioned) if previous else [])


def _asks_a_subset(reading):
    """哪些 / which …: the question picked some of what it named, by words that were not read."""
    return any(s.has("ask", "which") for s in reading.spans)


def _picks_one(reading):
    """最大的 / 更高的是哪个 / the bigger one: the question set out to find one thing among those it named."""
    return any(s.kind in ("superlative", "comparative") for s in reading.spans)


def _new_subject(reading):
    """全市补助区县最少的专项是哪个 / and the second most?: the question set out to find something new."""
    q = reading.query
    spans = reading.spans
    compared = any(s.kind == "compare_before" and k + 1 < len(spans) and spans[k + 1].kind == "number"
                   for k, s in enumerate(spans))   # and how many have at least two? (not read): a new set
    return bool(q.ranking or q.conditions or compared or any(
        s.has("scope_all") or s.has("superlative") or s.has("rank_after") or s.has("ask", "which") or
        s.has("followup") for s in spans))


def state_of_refused(reading):
    """After a refused question about real things (卫健委2023年的预算), a follow-up may still name them."""
    q = copy.deepcopy(reading.query)
    q.funds, q.departments, q.people = (list(dict.fromkeys(x)) for x in (q.funds, q.departments, q.people))
    q.conditions, q.group_conditions, q.ranking, q.top, q.left_out, q.compare = [], [], None, None, None, None
    q.indicators = IndicatorSpec(names=list(q.indicators.names))    # (其中目标"等于"的有几个, refused → 只看核心指标:
                                                                    # of all its indicators, not only those)
    # (职业教育专项为什么不补助区县 → 那它市级支出是多少: what it asked of the fund is not carried, only the fund)
    elsewhere = reading.refusal is not None and reading.refusal.reason in ("other_place", "other_year")
    pointed = narrows(reading.spans) or any(s.kind == "pronoun" for s in reading.spans)
    # (这笔钱比去年少了吗 / 其中…2023年呢: still about the last answer)
    if not (q.funds or q.departments or q.people or elsewhere and not reading.unread and not pointed):
        return None     # 成都的专项有多少个 → 那重庆的呢: the question, asked of this document
    focus = ["fund", q.funds[0]] if len(q.funds) == 1 else ["department", q.departments[0]] \
        if len(q.departments) == 1 and not q.funds else ["person", q.people[0]] if len(q.people) == 1 else None
    return State(reading.question, reading.lang, q.to_dict(), list(q.funds), list(q.departments), list(q.people),
                 focus, [])


def state_of_unresolved(reading):
    """这个专项的联系电话是多少？ with nothing to point to: the question is kept, so that naming the fund
    next (文物保护与利用专项) asks it of that fund — but 其中… / only those… with nothing before them is no question
    to complete."""
    if narrows(reading.spans):
        return None
    return State(reading.question, reading.lang, copy.deepcopy(reading.query).to_dict(), pending=True)
