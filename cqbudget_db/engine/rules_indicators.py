"""Indicators named the way people remember them, not as printed.

携装出动时间要求控制在多少分钟以内 names 携装出动时间 exactly; 续建中型水库要建几座 means the
indicator 续建中型水库数量, and 冬春受灾群众救助标准 means 冬春期间受灾困难群众救助标准.  Inside the
funds a question is about (named, or the one the conversation is on), a run of words no other rule
reads is matched to the indicator names by their characters in order (rapidfuzz's LCSseq); with no
fund in view only a long, unambiguous match counts.  The unit after 多少 / 几 (多少分钟, 几座) is the
unit of the target asked for, not a count.
"""

import functools
import re
from collections import Counter

from .lexicon import HINT_KINDS
from .normalize import normalize

RUN_KINDS = ("unknown", "term", "gloss", "function", "text_weak", "noun", "metric", "share", "field")
INNER_KINDS = ("compare_after", "comparator", "ask")   # 国家级以上赛事奖牌数 / 补助多少老党员: inside, never at an edge
PART_KINDS = ("quoted",)       # “两江四岸”治理提升完工项目: part of a name, never the whole of it
IN_SCOPE = {"matched": 3, "of_name": 0.5, "of_words": 0.6, "contained": 2, "contained_of_name": 0}
ANYWHERE = {"matched": 5, "of_name": 0.7, "of_words": 0.8, "contained": 5, "contained_of_name": 0.5}


def indicators_beside_fund_words(r):
    """文物保护与利用专项计划做几个可移动文物保护修复项目 → 可移动文物保护修复项目个数: read before the funds, so that
    words of an indicator's name that also name funds (文物保护, 修复) stay the indicator's.  Only with a fund
    in view, and only when the name does take such words; everything else is paraphrased_indicators' work."""
    funds = _whole_funds_named(r) or _funds_in_view(r)[0]
    if not funds or r.query.indicators.names:
        return
    best = _best_window(r, funds, IN_SCOPE, run_kinds=RUN_KINDS + ("fund",))
    if best is None or best[1] is None or not any(r.spans[i].kind == "fund" for i in best[2]) or \
            not any(r.spans[i].kind in ("unknown", "term", "gloss") for i in best[2]):
        return      # 老党员 alone names the fund, not its indicator 老党员满意度
    _, (name, _), window = best
    _read_name(r, name, window)


def _read_name(r, name, window):
    """The window names the indicator: its words (and a 数量 that ends the name) are the name, not asks."""
    nxt = window[-1] + 1
    if nxt < len(r.spans) and r.spans[nxt].text == "的":
        nxt += 1                    # 养老服务中心的个数目标
    if nxt < len(r.spans) and r.free(nxt) and len(r.spans[nxt].text) >= 2 and name.endswith(r.spans[nxt].text):
        window = window + [nxt]     # 完工项目数量的目标: 数量 ends the name, it does not ask for a count
    r.query.indicators.names.append(name)
    r.take(*window, meaning=f"指标 = {name}")
    r.name_parts.update(window)
    r.take(*_verb_before_how_many(r, window[-1]), *_verb_before_count(r, window[0]))


def _whole_funds_named(r):
    named = [sorted(r.spans[i].value) for i in r.all("fund") if _whole_fund(r, i)]
    return [seqs[0] for seqs in named if len(seqs) == 1][:3]


def paraphrased_indicators(r):
    """涉农基建投资（水利）专项的续建中型水库要建几座 / 自然灾害救灾专项的冬春受灾群众救助标准是多少 → the indicator
    named by its characters in order (续建中型水库数量, 冬春期间受灾困难群众救助标准)."""
    funds, from_state = _funds_in_view(r)
    if r.query.indicators.names:
        _in_view(r, funds)
        _target_words(r)
        _rest_of_name(r)
        _number_of(r)
        return
    mentioned = any(s.kind in ("text_intro", "text_after") for s in r.spans)   # 提到新能源汽车: a text, not a name
    limits = IN_SCOPE if funds else {k: v for k, v in ANYWHERE.items() if not (mentioned and k == "contained")}
    best = _best_window(r, funds, limits)
    if best is None or best[1] is None:
        return
    _, (name, seqs), window = best
    q = r.query
    if not q.funds:
        q.funds = list(seqs) if from_state or len(seqs) == 1 else q.funds
    _read_name(r, name, window)
    r.take(*[k for k, s in enumerate(r.spans) if r.free(k) and s.kind in ("term", "unknown") and len(s.text) >= 2
             and s.text in name])       # 突发环境事件多少分钟内响应: the rest of the name, after the question word
    _target_words(r)
    _rest_of_name(r)
    _number_of(r)


def _best_window(r, funds, limits, run_kinds=RUN_KINDS):
    """(score, (name, seqs) or None on a tie, window) of the run of words best matching an indicator's name."""
    runs = list(_runs(r, run_kinds))
    if not runs:
        return None
    candidates = _candidates(r.vocab, funds)
    best, tried = None, 0
    windows = (w for lo, hi in runs for w in _windows(r, lo, hi))
    for window in windows:
        words = _text(r, window)
        if len(words) < limits["matched"]:
            continue                    # too short to match as many characters as the limit asks
        tried += 1
        if tried > MAX_TRIED:
            break                       # a question of noise: bounded work
        found = _best_match(words, candidates, limits, reordered=any(r.spans[k].kind == "gloss" for k in window))
        if found and (best is None or found[0] > best[0]):
            best = (*found, window)
    return best


def _number_of(r):
    """the target for the number of new high-tech enterprises: 'the number of' is the name's 数量, not a count."""
    for k, span in enumerate(r.spans):
        nxt = r.neighbour(k, 1)
        if r.free(k) and span.has("aggregate", "count") and span.text in r.vocab.lists["number_of"] and nxt is not None \
                and not r.free(nxt) and r.spans[nxt].kind in ("gloss", "unknown", "term", "indicator"):
            r.take(k)


def _rest_of_name(r):
    """维修养护多少座水库 / 建多少个乡镇养老服务中心: Chinese words around the question word that only repeat
    the characters of the indicator's name and unit (at least two in three of theirs) say nothing new."""
    named = set(r.query.indicators.names)
    chars = set("".join(named)) | {c for seq in (r.query.funds or r.vocab.fund_indicators)
                                   for name, unit in r.vocab.fund_indicators.get(seq, []) if name in named for c in unit}
    for k, span in enumerate(r.spans):
        text = span.text.replace(" ", "")
        if r.free(k) and span.has("aggregate", "count") and any(text in name for name in named) \
                and not span.text.startswith(("几", "多少")):
            r.take(k)       # 顶尖人才认定数量: the 数量 of the name, not a count
        elif r.free(k) and span.kind in ("term", "unknown") and text and all("\u4e00" <= c <= "\u9fff" for c in text) \
                and 3 * sum(c in chars for c in text) >= 2 * len(text):
            r.take(k)


def _verb_before_how_many(r, last):
    """续建中型水库要建几座: a short verb between the indicator and 几 / 多少 says what is counted."""
    j = last + 1
    while j < len(r.spans) and r.free(j) and r.spans[j].kind in ("unknown", "term", "function"):
        j += 1
    between = list(range(last + 1, j))
    words = "".join(r.spans[k].text for k in between if r.spans[k].kind != "function")
    asks = j < len(r.spans) and (r.spans[j].has("ask", "howmany") or r.spans[j].has("aggregate", "count"))
    return between if asks and 0 < len(words) <= 3 else []


def _verb_before_count(r, first):
    """计划做几个可移动文物保护修复项目: a short verb just before the 几个 that comes before the indicator."""
    count = r.neighbour(first, -1)
    if count is None or not (r.spans[count].has("ask", "howmany") or r.spans[count].has("aggregate", "count")):
        return []
    verb = r.neighbour(count, -1)
    if verb is None or not r.free(verb) or r.spans[verb].kind not in ("unknown", "term") or len(r.spans[verb].text) > 2:
        return []
    return [verb]


def _in_view(r, funds):
    """改造提升高标准农田面积的目标呢 (about 农田建设补助专项): an exact name, of the fund in view."""
    names = set(r.query.indicators.names)
    having = [s for s in funds if names & {n for n, _ in r.vocab.fund_indicators.get(s, [])}]
    if having and not r.query.funds:
        r.query.funds = having


def _funds_in_view(r):
    """The funds named in the question (at most three), else the one the conversation is about."""
    q = r.query
    if 0 < len(q.funds) <= 3:
        return list(q.funds), False
    if q.funds or q.departments or r.state is None:
        return [], False
    focus = r.state.focus
    if focus and focus[0] == "fund":
        return [focus[1]], True
    funds = list(dict.fromkeys(r.state.funds))
    return (funds, True) if 0 < len(funds) <= 3 else ([], False)


def _candidates(vocab, funds):
    """{indicator name: fund seqs}, from the funds in view or (none in view) from every fund."""
    names = {}
    for seq in funds or vocab.fund_indicators:
        for name, _ in vocab.fund_indicators.get(seq, []):
            names.setdefault(name, []).append(seq)
    return names


def _shared(words, form):
    """How many characters the two share, each counted as often as both have it."""
    return sum((Counter(words) & Counter(form)).values())


@functools.lru_cache(maxsize=4096)
def _as_written(name):
    """The forms of a name compared with the question's (normalized) words: （共建队伍） as (共建队伍), and
    without the words in brackets (中欧班列（渝新欧）重箱率 is said 中欧班列重箱率)."""
    written = normalize(name)
    bare = re.sub(r"\([^()]*\)", "", written)
    return (written, bare) if bare and bare != written else (written,)


def _runs(r, run_kinds=RUN_KINDS):
    """Maximal runs of spans no rule has read, with at least one word the lexicon does not know."""
    lo = None
    for i in range(len(r.spans) + 1):
        inside = i < len(r.spans) and r.free(i) and not r.is_break(i) and (
            r.spans[i].kind in run_kinds + INNER_KINDS + PART_KINDS and not _whole_fund(r, i))
        if inside and lo is None:
            lo = i
        elif not inside and lo is not None:
            if any(r.spans[j].kind in ("unknown", "term", "gloss") for j in range(lo, i)):
                yield lo, i - 1
            lo = None


MAX_WINDOW = 8     # spans: an indicator's name is a phrase, not a paragraph (and noise stays cheap)
MAX_TRIED = 60     # windows compared with the indicator names, at most


def _whole_fund(r, i):
    from .rules_names import _whole_fund_name

    return r.spans[i].kind == "fund" and _whole_fund_name(r, i)


def _windows(r, lo, hi):
    edge = ("function",) + INNER_KINDS
    for a in range(lo, hi + 1):
        for b in range(a, min(hi, a + MAX_WINDOW - 1) + 1):
            window = list(range(a, b + 1))
            if r.spans[a].kind not in edge and r.spans[b].kind not in edge and \
                    not (a == b and r.spans[a].kind in PART_KINDS):
                yield window


def _text(r, window):
    """The window's words as the document would write them: an English phrase by its Chinese gloss, English
    function words (of, with, the) by nothing."""
    return "".join(r.spans[i].value if r.spans[i].kind == "gloss" else
                   "" if r.spans[i].kind in ("function", "text_weak") and r.spans[i].text.isascii() else
                   r.spans[i].text for i in window).replace(" ", "")


def _best_match(words, candidates, limits, reordered=False):
    """(score, (name, seqs)) of the one best indicator for words; (score, None) on a tie; None below the limits.
    Characters are matched in order, or (reordered: words glossed from English, which puts them in another
    order, days with good air quality for 空气质量优良天数) as a bag."""
    from rapidfuzz.distance import LCSseq

    contained = _contained_in_one(words, candidates, limits)
    if contained is not None:
        return contained
    scored = []
    for name, seqs in candidates.items():
        for form in _as_written(name):
            matched = _shared(words, form) if reordered else LCSseq.similarity(words, form)
            if matched < limits["matched"] or matched < limits["of_name"] * len(form) or \
                    matched < limits["of_words"] * len(words):
                continue
            scored.append((2 * matched / (len(form) + len(words)), matched, name, seqs))  # F1 of the two ratios
            break
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], -s[1]))
    if len(scored) > 1 and scored[1][:2] == scored[0][:2]:
        return scored[0][0], None
    if sum(words in _as_written(name)[0] for name in candidates) > 1 and words in _as_written(scored[0][2])[0]:
        return scored[0][0], None       # 满意度 is in 群众满意度 and 移民群众满意度 alike: it names no one indicator
    score, _, name, seqs = scored[0]
    if len(set(seqs)) > 1 and len(candidates) > 40:
        return score, None      # 满意度 in every fund: which one?
    return score, (name, seqs)


def _contained_in_one(words, candidates, limits):
    """准确率 (about 垃圾分类清运处置专项) / 渝新欧重箱率: words found whole in one indicator's name only (its brackets
    read as plain text: 中欧班列渝新欧重箱率) name that indicator, however long the rest of the name is."""
    if len(words) < limits.get("contained", len(words) + 1):
        return None
    found = [(name, seqs) for name, seqs in candidates.items() if any(words in form for form in _all_forms(name))]
    if len(found) != 1 or len(words) < limits["contained_of_name"] * len(found[0][0]):
        return None
    name, seqs = found[0]
    if len(set(seqs)) > 1 and len(candidates) > 40:
        return None
    return 2 * len(words) / (len(name) + len(words)), (name, seqs)


@functools.lru_cache(maxsize=4096)
def _all_forms(name):
    """The written forms, and the name with its brackets read as plain text (中欧班列渝新欧重箱率)."""
    return _as_written(name) + (re.sub(r"[()]", "", normalize(name)),)


def _target_words(r):
    """多少分钟 / 几座 / 以内 beside a named indicator: the unit and direction of the target asked for."""
    units = {unit for seq in (r.query.funds or r.vocab.fund_indicators) for name, unit in
             r.vocab.fund_indicators.get(seq, []) if name in r.query.indicators.names and unit}
    for i, span in enumerate(r.spans):
        if not r.free(i):
            continue
        text = span.text
        counted = span.has("aggregate", "count") and text.startswith(("多少", "几")) and text.lstrip("多少几个")
        counted_in_ge = span.has("aggregate", "count") and text in ("多少个", "几个") and "个" in units and \
            not _indicators_after(r, i)     # 建多少个乡镇养老服务中心 (unit 个), not 有多少个指标
        if counted and any(text.lstrip("多少几个") in unit for unit in units) or counted_in_ge:
            r.take(i, meaning="目标值")     # 多少家 / 几座: the target, counted in the indicator's unit
            r.name_parts.add(i)
        elif units and text in units and _after_how_many(r, i):
            r.take(i - 1, i, meaning="目标值")     # 多少小时: the indicator's unit, read as a word
        elif span.kind in HINT_KINDS:
            continue
        elif units and any(text and (text in unit or unit in text) for unit in units) and _after_how_many(r, i):
            r.take(i - 1, i, meaning="目标值")
        elif span.has("compare_after") and i > 0 and r.used[i - 1] and _after_how_many(r, i - 1):
            r.take(i)


def _indicators_after(r, i):
    j = r.neighbour(i, 1)
    return j is not None and (r.spans[j].has("noun", "indicators") or r.spans[j].kind == "indicator_attr")


def _after_how_many(r, i):
    before = r.spans[i - 1] if i > 0 else None
    return before is not None and (before.has("ask", "howmany") or before.has("aggregate", "count") or
                                   before.text.rstrip("万亿千百").endswith(("多少", "几")))     # 是多少小时 / 多少万亩


def counted_by_unit(r):
    """How many people is 水库移民后期扶持专项 supposed to cover / How many general aviation routes is
    民航发展专项 supposed to open → the one indicator of the fund in view counted in that unit (人, 条), its target;
    none when two are."""
    q = r.query
    funds, _ = _funds_in_view(r)
    asked = [i for i in r.all("aggregate", "count", free=False) if r.spans[i].text == "how many"]
    if len(q.indicators.names) > 1 or len(funds) != 1 or not asked:
        return
    units, nouns = r.vocab.lists["unit_nouns"], []
    k = asked[0] + 1
    while k < len(r.spans) and r.spans[k].text not in units and r.spans[k].kind in ("unknown", "gloss", "between"):
        if r.spans[k].kind != "unknown":
            nouns.append(k)     # general aviation routes: words the glossary knows (an unknown one stays unread:
        k += 1                  # international routes is not every route)
    if k >= len(r.spans) or r.spans[k].text not in units:
        return
    named = [name for name, unit in r.vocab.fund_indicators.get(funds[0], []) if unit in units[r.spans[k].text]]
    if len(named) != 1 or q.indicators.names and q.indicators.names != named:
        return      # (two indicators counted in people, or the one named is counted otherwise: not this rule's)
    q.funds, q.target, q.indicators.names, q.show = [funds[0]], "indicators", named, ["target_value"]
    verbs = [j for j, s in enumerate(r.spans) if r.free(j) and s.text in r.vocab.lists["target_verbs"]]
    r.take(asked[0], k, *nouns, *verbs, meaning=f"{named[0]}（单位{'、'.join(units[r.spans[k].text])}）的目标值")
