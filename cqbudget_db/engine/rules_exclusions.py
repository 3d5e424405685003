"""What is left out, when it is more than a name: 不算市级支出为零的那些 / excluding the four largest funds /
除了预算超过10亿的以外 / 核心指标不算.

The words between the marker and the end of its clause are read on their own, as a small question of
their own, and what they select is turned round: a condition becomes its opposite, the top N are left
out, a kind of indicator is excluded.  When that reading is not complete, or selects something that
cannot be turned round (an average, a comparison, two conditions at once), nothing is consumed and the
question is refused as not understood.  Named departments and funds are left out by the name rules.
"""

from dataclasses import replace

from .query import Ranking
from .rules_conditions import add_condition

OPPOSITE = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "!=", "!=": "="}
CLOSERS = ("以外", "之外", "外", "除外", "在内", "的话")
ASIDE_NOT = ("不含", "不包括", "不包含", "not including", "excluding")     # （不含定性指标）: an aside that leaves out
OPENING, CLOSING = ("(", "（"), (")", "）")


def whole_departments(r):
    """整个教委的预算是多少 / 整个卫健委有几个专项 → all of the department's funds (in a follow-up,
    what the last answer left out is counted again)."""
    for i in r.all("whole"):
        k = r.neighbour(i, 1)
        if k is not None and r.spans[k].kind == "department":
            r.query.whole = True
            r.take(i, meaning="整个" + r.vocab.short(r.spans[k].value))
        else:
            r.take(i)       # 整个文件里… / the entire list: nothing to take whole


def included_funds(r):
    """连同老党员那个在内，这几个专项合计多少钱 / their total budget, the 老党员生活补助专项 included → the fund the
    last question left out is counted again.

    The words name it (its name, or a part of it); anything else is left unread."""
    words = r.all("include")
    last = r.state.last_query() if r.state is not None and r.state.query else None
    if not words or last is None or not last.exclude_funds:
        return
    for seq in dict.fromkeys(last.exclude_funds):
        name = r.vocab.fund_name(seq)
        named = [i for i in range(len(r.spans)) if r.free(i) and r.spans[i].kind in ("fund", "term", "gloss", "quoted")
                 and _names_fund(r.spans[i], seq, name)]
        if seq in r.query.funds:        # 老党员那个: already read as the fund — it is the one counted again
            r.query.funds = [s for s in r.query.funds if s != seq]
            r.query.include_funds.append(seq)
            r.take(*words, meaning=f"连同{name}")
            return
        if named:
            r.query.include_funds.append(seq)
            k = named[0] + 1
            pointer = [k] if k < len(r.spans) and r.spans[k].has("pronoun", "it") else []    # 老党员那个
            r.take(*named, *pointer, *words, meaning=f"连同{name}")
            return


def _names_fund(span, seq, name):
    if span.kind == "fund":
        return span.value == {seq} or span.value == seq
    text = span.value if isinstance(span.value, str) else span.text
    return len(text) >= 2 and text in name


def excluded_selections(r):
    asides = [i for i in range(1, len(r.spans)) if r.spans[i].text in ASIDE_NOT and r.spans[i - 1].text in OPENING]
    for i in sorted(set(r.all("exclude") + asides)):
        if not r.free(i):
            continue
        extent = _aside(r, i) if i in asides else _extent(r, i)
        if extent is None:
            continue
        start, end, markers = extent
        sub = _read_alone(r, start, end)
        if sub is None or not _turn_round(r.query, sub.query):
            continue
        meaning = "、".join(m for _, m in sub.understood)
        r.take(*markers, *range(start, end + 1),
               meaning=(f"不含：{meaning}" if r.lang == "zh" else f"leaving out: {meaning}"))


def _extent(r, i):
    """(start, end, marker spans) of the words left out: after a leading marker (up to a closing 以外 /
    的话 or the clause's end), or before a marker that ends its clause (核心指标不算)."""
    lo, hi = r.clause_of(i)
    content = [j for j in range(lo, hi + 1) if r.spans[j].kind != "function"]
    if not content:
        return None
    if i == content[0] and i < hi:
        closer = next((j for j in range(i + 1, hi + 1) if r.spans[j].text in CLOSERS
                       or r.spans[j].has("exclude") and j != i), None)
        end = hi if closer is None else closer - 1
        markers = [i] + ([closer] if closer is not None else [])
        return (i + 1, end, markers) if end >= i + 1 else None
    if i == content[-1] and i > lo:
        return lo, i - 1, [i]
    return None


def _aside(r, i):
    closing = next((j for j in range(i + 1, len(r.spans)) if r.spans[j].text in CLOSING), None)
    if closing is None or closing == i + 1:
        return None
    return i + 1, closing - 1, [i]


def _read_alone(r, start, end):
    """The words start..end as a question of their own: its Reading, when every word was understood."""
    from .reader import Reader
    from .understand import RULES, finish

    spans = [replace(s, linked=[]) for s in r.spans[start:end + 1]]
    sub = Reader(r.reading.question, r.reading.text, spans, r.vocab, r.lang)
    for rule in RULES:
        if rule is not excluded_selections:
            rule(sub)
    finish(sub)
    if sub.coverage() or sub.reading.refusal or not sub.reading.understood:
        return None
    return sub.reading


def _turn_round(q, sub):
    """Add the opposite of what sub selects to q; False when that has no single opposite."""
    if sub.aggregate or sub.compare or sub.share or sub.group_by or sub.fields or sub.show or sub.people \
            or sub.phones or sub.top or sub.any_of:
        return False
    parts = [bool(sub.conditions or sub.group_conditions), bool(sub.ranking), bool(sub.departments or sub.funds), bool(sub.texts),
             not sub.indicators.empty()]
    if sum(parts) != 1:
        return False
    if sub.conditions or sub.group_conditions:
        return _opposite_condition(q, sub.conditions + sub.group_conditions)
    if sub.ranking:
        return _left_out_top(q, sub.ranking)
    if sub.departments or sub.funds:
        q.exclude_departments += [d for d in sub.departments if d not in q.exclude_departments]
        q.exclude_funds += [s for s in sub.funds if s not in q.exclude_funds]
        return True
    if sub.texts:
        if len(sub.texts) != 1:
            return False
        q.texts.append(replace(sub.texts[0], negate=not sub.texts[0].negate))
        return True
    return _opposite_indicators(q, sub.indicators)


def _opposite_condition(q, conditions):
    if len(conditions) != 1 or conditions[0].op not in OPPOSITE:
        return False
    c = conditions[0]
    add_condition(q, replace(c, op=OPPOSITE[c.op], text=f"not ({c.text})" if c.text else ""))
    return True


def _left_out_top(q, ranking):
    if ranking.limit is None or ranking.offset or ranking.sort_only or ranking.per_group or q.left_out:
        return False
    q.left_out = Ranking(ranking.metric or "total", ranking.direction, ranking.limit)
    return True


def _opposite_indicators(q, spec):
    """核心指标不算 / excluding qualitative indicators: the other kind of indicator."""
    if spec.ops or spec.units or spec.names or spec.name_terms or spec.target_texts or spec.conditions:
        return False
    for name in ("core", "qualitative"):
        value = getattr(spec, name)
        if value is None:
            continue
        if getattr(q.indicators, name) is not None:
            return False
        setattr(q.indicators, name, not value)
    return True
