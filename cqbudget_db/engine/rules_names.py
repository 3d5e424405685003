"""Rules for the names in a question: refusal topics, asides, departments, funds,
people, phones and indicators named exactly, and English glosses of fund names."""

import re

from .reader import first
from .query import TextMatch
from .vocab import core

ENTITY_LIKE = ("fund", "department", "quoted", "term", "indicator", "person", "gloss")


def refusal_topics(r):
    """去年 / 渝中区 / 实际支出 / 最浪费 / 删除 … → refuse, naming the topic.

    A refusal word that is part of the document's own wording and is asked about
    as text (指标名称里有“增长率”) is left to the text rules.
    """
    for i in r.all("refuse"):
        span = r.spans[i]
        texty = span.text in r.vocab.indicator_text and (r.all("scope") or r.all("text_intro"))
        if span.sense("quoted") is not None:
            span.kind, span.value = "quoted", span.sense("quoted")
            continue
        if not texty:
            r.refuse(span.value, span.text)
            r.take(i, meaning="—")
    for i in r.all("number"):
        number = r.spans[i].value
        if number.unit == "year":
            if int(number.value) != 2024:
                r.refuse("other_year", r.spans[i].text)
            r.take(i, meaning="2024年" if int(number.value) == 2024 else None)


PREAMBLE = re.compile(r"作为|我是|想了解|关注点|您好|你好|hello|hi\b|dear|as an?\b|i am|i'm")


def preamble(r):
    """作为人大代表想了解一下，教委有几个专项 / 审计关注点：预算最大的专项是哪个 → a leading clause that only
    introduces the asker is read as such."""
    text = r.reading.text
    cut = re.search(r"[:：,，]", text)
    if not cut or not PREAMBLE.search(text[:cut.start()]):
        return
    for i, span in enumerate(r.spans):
        if span.start >= cut.start():
            break
        if span.kind in ("unknown", "function", "term", "noun", "conj"):
            r.take(i)


def asides(r):
    """How many funds mention rural revitalization (乡村振兴) / funds of at least 2 billion yuan (20亿元)
    → English with the Chinese in brackets, or the reverse: one wording is read, the other is an aside."""
    spans = r.spans
    for open_i, span in enumerate(spans):
        if span.text not in ("(", "（"):
            continue
        close_i = next((j for j in range(open_i + 1, len(spans)) if spans[j].text in (")", "）")), None)
        if close_i is None:
            continue
        inside = [j for j in range(open_i + 1, close_i) if spans[j].kind != "function"]
        before = _phrase_before(r, open_i)
        if not inside or (not before and r.lang != "en") or open_i == 0:
            continue
        inside_chinese = any(spans[j].kind in ("fund", "department", "term", "indicator", "quoted")
                             or (spans[j].kind == "number" and not spans[j].text.isascii()) for j in inside)
        before_english = all(spans[j].text.isascii() for j in before)
        if _same_number(spans, before, inside):
            r.take(*inside)
        elif inside_chinese and before_english:
            r.take(*[j for j in before if spans[j].kind in ("gloss", "unknown", "noun")])
        elif all(spans[j].text.isascii() for j in inside) and r.lang == "en":
            r.take(*inside)


def _phrase_before(r, i):
    """The content spans just before i, back to the previous clause or non-name word."""
    found, j = [], i - 1
    while j >= 0 and r.spans[j].kind in ENTITY_LIKE + ("unknown", "function", "noun", "number", "conj", "metric"):
        if r.is_break(j):
            break
        if r.spans[j].kind not in ("function", "conj"):
            found.append(j)
        if r.spans[j].kind in ("number",):
            break
        j -= 1
        if len(found) >= 6:
            break
    return list(reversed(found))


def _same_number(spans, before, inside):
    numbers = [spans[j].value.value for j in before + inside if spans[j].kind == "number"]
    return len(numbers) == 2 and abs(numbers[0] - numbers[1]) < 1e-6 * max(abs(numbers[0]), 1)


def departments(r):
    """教委 / 卫健委 / the Health Commission → the department; after 除了 / except → excluded."""
    listed_out = False
    for i in r.all("department"):
        name = r.spans[i].value
        excluded = first(r.before(i, "exclude", reach=2), _negated_relation(r, i))
        if excluded is None and listed_out and _listed_after_excluded(r, i):
            excluded = i        # 除了教委、民政局、医保局这三家: every department in the list is left out
        listed_out = excluded is not None
        if excluded is not None:
            r.query.exclude_departments.append(name)
            r.take(i, excluded, meaning=f"除{r.vocab.short(name)}外")
            closing = r.after(i, "exclude", reach=2)
            if closing is not None:
                r.take(closing)
            continue
        if name not in r.query.departments:
            r.query.departments.append(name)
        r.take(i, meaning=f"部门 = {r.vocab.short(name)}")


def _listed_after_excluded(r, i):
    j = i - 1
    while j >= 0 and r.spans[j].kind in ("conj", "function") and r.spans[j].text in ("、", "和", "与", "及", ",", "，",
                                                                                    "and", "or", "以及"):
        j -= 1
    return j >= 0 and j < i - 1 and r.spans[j].kind == "department"


def _negated_relation(r, i):
    """不归农委管 / 不是农委的 / not run by the 农委: the negation of belonging to the department."""
    j = i - 1
    while j >= 0 and (r.spans[j].kind in ("function", "relation") or r.spans[j].has("ask", "whether")):
        j -= 1
    return j if j >= 0 and r.spans[j].kind == "negation" and r.free(j) and j < i - 1 else None


def people_and_phones(r):
    """黄皇负责哪些专项 / 联系电话63898293是哪个专项的 / 森林覆盖率指标的目标值 → the person, phone or indicator."""
    for i in r.all("person"):
        r.query.people.append(r.spans[i].value)
        r.take(i, meaning=f"联系人 = {r.spans[i].value}")
    for i in r.all("phone"):
        r.query.phones.append(r.spans[i].value)
        r.take(i, meaning=f"电话 = {r.spans[i].value}")
    for i in r.all("indicator"):
        if r.before(i, ("text_intro", "scope"), reach=2) is not None and r.spans[i].sense("quoted") is None:
            continue
        r.query.indicators.names.append(r.spans[i].value)
        r.take(i, meaning=f"指标 = {r.spans[i].value}")


def _is_topic(r, i):
    return (r.before(i, "text_intro", reach=2) is not None or r.after(i, "text_after", reach=1) is not None
            or r.before(i, "scope", reach=3) is not None and r.before(i, ("text_intro", "text_weak"), reach=2) is not None)


def funds(r):
    """学生资助专项 / 学生资助资金 / 垃圾分类专项 → the fund; a misspelt name close to one fund's."""
    for i in r.all("fund"):
        if _is_topic(r, i):
            continue
        seqs = sorted(r.spans[i].value)
        _misspelt_tail(r, i, seqs)
        _add_funds(r, i, seqs, r.spans[i].text)
    for i in r.all("term") + r.all("unknown"):
        nxt = r.neighbour(i, 1)
        if nxt is None or not r.spans[nxt].has("noun", "funds") or _is_topic(r, i):
            continue
        chunk = r.spans[i].text
        named = [seq for seq, f in r.vocab.funds.items() if len(chunk) >= 2 and chunk in f.name]
        if named:
            _add_funds(r, i, named, chunk)
            r.take(nxt)
        elif r.spans[i].kind == "unknown":
            guess = misspelt_fund(r.vocab, chunk)
            if guess:
                r.note(f"“{chunk}”读作“{r.vocab.fund_name(guess)}”")
                _add_funds(r, i, [guess], chunk)


def _add_funds(r, i, seqs, term):
    q = r.query
    for seq in seqs:
        if seq not in q.funds:
            q.funds.append(seq)
    if len(seqs) > 1:
        q.ambiguous = True
        q.fund_term = term
    names = "、".join(r.vocab.fund_name(s) for s in seqs[:4]) + ("…" if len(seqs) > 4 else "")
    r.take(i, meaning=f"专项 = {names}")


def _misspelt_tail(r, i, seqs):
    """垃圾分类清运处理专项 / 高等教育突破越升专项: the name read up to the slip of the pen,
    the few characters after it (up to 专项) close enough to the rest of the name."""
    if len(seqs) != 1:
        return
    tail, j = [], i + 1
    while j < len(r.spans) and r.spans[j].kind in ("term", "unknown", "fund") and not r.spans[j].has("noun"):
        tail.append(j)
        j += 1
    slip = "".join(r.spans[k].text for k in tail)
    if not tail or len(slip) > 3 or slip.isascii():
        return
    from rapidfuzz import fuzz

    written = r.spans[i].text + slip
    target = core(r.vocab.fund_name(seqs[0]))
    if fuzz.ratio(written, target) >= 80:
        r.note(f"“{written}”读作“{target}”")
        r.take(*tail)


def misspelt_fund(vocab, chunk):
    """The one fund whose core name is within a typo of chunk, or None."""
    if len(chunk) < 3 or chunk.isascii():
        return None
    from rapidfuzz import fuzz, process

    cores = {seq: core(f.name) for seq, f in vocab.funds.items()}
    found = process.extract(chunk, cores, scorer=fuzz.ratio, limit=2, score_cutoff=75)
    if len(found) == 1 or (len(found) == 2 and found[0][1] - found[1][1] >= 10):
        return found[0][2]
    return None


def sequence_numbers(r):
    """序号36的专项 / 第45号专项叫什么 / fund No. 10 → the fund with that number in the catalog."""
    for i in r.all("seq_word"):
        j = r.after(i, "number", reach=1)
        if j is None and r.before(i, "number", reach=1) is not None and r.spans[i].text == "号":
            j = r.before(i, "number", reach=1)
        if j is None:
            continue
        n = r.spans[j].value.value
        if not float(n).is_integer() or int(n) not in r.vocab.funds:
            continue
        closing = r.after(j, "seq_word", reach=1)
        _add_funds(r, i, [int(n)], r.phrase(i, j))
        r.take(j, closing)
        for k in range(max(0, min(i, j) - 1), max(i, j)):
            if r.spans[k].text == "第":
                r.take(k)


def internal_references(r):
    """林业草原改革那个专项的预算 / 社会救助专项补助区县占其预算的比例 / funds that send more than 80% of their
    budget to districts → a pronoun whose antecedent is in the question."""
    from .references import references

    outside = set(references(r))
    for i in r.all("pronoun"):
        if i not in outside:
            r.take(i)


def stated_counts(r):
    """残联两个专项合计多少 / 市场监管局四个专项的补助区县一共多少 → the count said in passing, checked."""
    for i in r.all("number"):
        number = r.spans[i].value
        noun = r.after(i, "noun", reach=1, free=False)
        department = r.before(i, "department", reach=2, free=False)
        if number.unit not in ("count", "plain") or noun is None or department is None \
                or not r.spans[noun].has("noun", "funds"):
            continue
        name = r.spans[department].value
        actual = sum(1 for f in r.vocab.funds.values() if f.department == name)
        if actual == number.value:
            r.take(i, meaning=f"（{r.vocab.short(name)}共{actual}个专项）")
        else:
            r.note(f"{r.vocab.short(name)}有{actual}个专项，不是{number.raw}")


def english_fund_names(r):
    """How much is the road construction and maintenance fund / the budget of the sports development fund
    → English words naming one fund's Chinese name."""
    for noun in r.all("noun", "funds", free=False):
        glosses = []
        j = noun - 1
        while j >= 0 and (r.spans[j].kind in ("gloss", "function") or r.spans[j].text in ("and", "&")):
            if r.spans[j].kind == "gloss" and not r.used[j]:
                glosses.append(j)
            j -= 1
        singular = r.spans[noun].text in ("fund", "program", "programme", "project")
        if not glosses or (_is_topic(r, min(glosses)) and not singular):
            continue
        terms = [r.spans[g].value for g in glosses]
        scores = {seq: sum(t in f.name for t in terms) for seq, f in r.vocab.funds.items()}
        best = max(scores.values())
        if best < max(1, len(terms) - 1):
            continue
        matches = [seq for seq, score in scores.items() if score == best]
        if len(matches) > 3:
            continue
        _add_funds(r, min(glosses), matches, " ".join(r.spans[g].text for g in reversed(glosses)))
        r.take(*glosses)
        r.take(*[k for k in range(min(glosses), noun) if r.spans[k].text in ("and", "&")])


def texts(r):
    """涉及养老的专项 / 项目概况里提到“乡村振兴”的专项 / 名称里带“发展”的专项 / 人才相关的专项 /
    funds mentioning patents → funds whose texts mention a term."""
    for i in r.all("quoted") + r.all("term") + r.all("gloss") + r.all("fund") + r.all("indicator") + r.all("unknown"):
        if r.used[i] or r.spans[i].kind == "operator_symbol":     # “≤”类指标: the operator, not a text
            continue
        scope = r.before(i, "scope", reach=3)
        weak = r.before(i, "text_weak", reach=1)
        strong = r.before(i, "text_intro", reach=2)
        intro = strong if strong is not None else weak if (scope is not None or r.spans[i].kind == "quoted") else None
        after = r.after(i, "text_after", reach=1)
        followed_by_indicator = _indicator_noun_after(r, i)
        if intro is None and scope is None and after is None and not followed_by_indicator:
            scope = r.after(i, "scope", reach=3)
            if scope is None or r.before(i, ("text_intro", "text_weak"), reach=3) is None:
                continue
        span = r.spans[i]
        if span.kind == "unknown" and intro is None and scope is None and not span.text.isascii():
            continue
        term = span.sense("quoted") or (span.value if span.kind == "gloss" else span.text)
        if span.sense("quoted") and i + 1 < len(r.spans) and r.spans[i + 1].text == "字":
            r.take(i + 1)       # 名字里带“农”字
        scopes = _scopes(r, i, followed_by_indicator)
        r.query.texts.append(TextMatch(term, scopes))
        where = "、".join({"name": "名称", "overview": "概况", "goal": "绩效目标", "indicator": "指标"}[s] for s in scopes)
        r.take(i, meaning=f"{where}含“{term}”")
        r.take(intro, scope, after)
        if followed_by_indicator and scopes == ("indicator",):
            r.take(followed_by_indicator)


def _indicator_noun_after(r, i):
    nxt = r.neighbour(i, 1)
    if nxt is not None and r.spans[nxt].has("noun", "indicators") and r.spans[i].kind in ("term", "quoted", "gloss"):
        term = r.spans[i].sense("quoted") or r.spans[i].text
        return nxt if term in r.vocab.indicator_text or r.spans[i].kind == "gloss" else None
    return None


def _scopes(r, i, indicator_noun):
    """Where to look: every scope named in the clause (项目概况或绩效目标里 / in the overview or goal)."""
    lo, hi = r.clause_of(i)
    named = []
    for j in range(lo, hi + 1):
        if r.spans[j].has("scope"):
            scope = r.spans[j].sense("scope")
            named.append("indicator" if scope == "indicators" else scope)
            r.take(j)
    if named:
        return tuple(dict.fromkeys(named))
    if indicator_noun is not None:
        return ("indicator",)
    return ("name", "overview", "goal", "indicator")
