"""Rules for the names in a question: refusal topics, asides, departments, funds,
people, phones and indicators named exactly, and English glosses of fund names."""

import functools
import re
from dataclasses import dataclass

from .reader import first
from .query import TextMatch
from .spans import Span
from .vocab import core

ALL_SCOPES = TextMatch("").scopes

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
        if span.has("followup") and r.state is not None and _asks_again(r):
            span.kind, span.value = "followup", span.sense("followup")
            continue        # 改成超过10亿呢: the last question asked again, not an edit
        if not texty:
            r.refuse(span.value, span.text)
            r.take(i, meaning="—")
    _hidden_refusals(r)
    for i in r.all("number"):
        number = r.spans[i].value
        if number.unit == "year":
            if int(number.value) != 2024:
                r.refuse("other_year", r.spans[i].text)
            r.take(i, meaning="2024年" if int(number.value) == 2024 else None)


NAMES = ("fund", "department", "indicator", "person", "phone", "quoted", "term")


def _hidden_refusals(r):
    """哪个区县拿到的…: a refusal phrase (哪个区县) the reading split in two (哪个 + 区县拿到) still refuses, unless
    it lies inside a name."""
    from .spans import matcher_for

    if r.reading.refusal is not None:
        return
    for start, end, readings in matcher_for(r.vocab).candidates(r.reading.text):
        topic = next((value for kind, value in readings if kind == "refuse"), None)
        inside = [s for s in r.spans if s.start < end and start < s.end]
        if topic is None or any(s.kind in NAMES or s.kind == "refuse" for s in inside) or \
                any(s.start <= start and end <= s.end for s in inside) or inside[0].start != start:
            continue        # (补助区县|分别: 区县分别 starts inside a word, it is no phrase of the question)
        r.refuse(topic, r.reading.text[start:end])
        return


def _asks_again(r):
    text = r.reading.text.rstrip("？?。.！! ")
    return text.endswith(("呢", "呢?")) and "把" not in text


PREAMBLE = re.compile(r"作为|我是|我们是|我在|想了解|关注点|您好|你好|写毕业论文|写论文|写稿|发稿前|做报道|做研究|核实一下|"
                      r"记者|人大代表|政协委员|审计|审查用|研究用|参考用|备用|研究员|分析师|"
                      r"journalist|reporter|deputy|auditor|researcher|analyst|student|class project|"
                      r"class assignment|for (my|a|our) class|before we (print|publish|go to press)|my group is|"
                      r"\bhello|\bhi\b|\bdear\b|\bas an?\b|\bi am\b|\bi'm\b|\bi work|\bwe work|\bwe are\b|\bwe're\b|"
                      r"\bfor (a|an|my|our) "
                      r"(story|article|report|thesis|paper|piece|research|project|briefing|newsletter)|"
                      r"i'm writing|i am writing|writing (a|an|my)|doing research|quick check|fact.?check")


GLOSS_PARTS = ("unknown", "gloss", "function", "between", "noun", "conj")


def glossed_names(r):
    """Which funds talk about the China–Europe Railway Express (中欧班列)? / What is the budget of the port
    logistics fund (口岸物流发展专项)? → the English words before a Chinese name in brackets are that name, said in
    English: read as one span, the name's."""
    i = len(r.spans)
    while i > 1:
        i -= 1
        span = r.spans[i]
        if not span.text.startswith(("(", "（")) or not (span.kind == "quoted" or span.sense("quoted")):
            continue
        j = i
        while j > 0 and i - j < 10 and _english_of_name(r.spans[j - 1]):
            j -= 1
        while j < i and r.spans[j].kind == "function":
            j += 1      # the China…: 'the' stays a function word
        if j < i and any(r.spans[k].kind in ("unknown", "gloss") for k in range(j, i)):
            r.merge(j, i, Span(r.spans[j].start, span.end, r.phrase(j, i), span.kind, span.value,
                               senses=list(span.senses)))
            i = j


def _english_of_name(span):
    """forestry / and / development / fund: a word that can be part of a name said in English."""
    return span.kind in GLOSS_PARTS and not re.search(r"[\u4e00-\u9fff]", span.text) and \
        (span.kind != "noun" or span.has("noun", "funds")) and not span.has("text_intro")


def preamble(r):
    """作为人大代表想了解一下，教委有几个专项 / 审计关注点：预算最大的专项是哪个 / I work for an NGO — which funds
    exceed 1 billion yuan → a leading clause that only introduces the asker is read as such."""
    text = r.reading.text
    colons = [m for m in re.finditer(r"[:：—。]|--| - |\.\s+", text) if not _names_before(r, m.start())]
    cut = colons[-1] if colons else re.search(r"[,，]", text)     # Student here, doing a class project: …
    if not cut or not PREAMBLE.search(text[:cut.start()]):
        return
    for i, span in enumerate(r.spans):
        if span.start >= cut.start():
            break
        if span.kind in ("unknown", "function", "term", "noun", "conj", "gloss", "refuse", "ask", "text_intro",
                         "rank_top", "rank_after", "metric", "number"):
            r.take(i)       # (For a story on housing —: the story is the asker's, not a question about one)


def _names_before(r, end):
    """I need the catalogue number of the 垃圾分类清运处置专项. What is it?: the question began before the stop."""
    return any(s.start < end and s.kind in ("fund", "department", "indicator") for s in r.spans)


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
    while j >= 0 and (r.spans[j].kind in ENTITY_LIKE + ("unknown", "function", "noun", "number", "conj", "metric")
                      or r.spans[j].text in ("-", "–") and j > 0 and r.spans[j - 1].text.isascii()):
        if r.is_break(j):
            break
        if r.spans[j].kind not in ("function", "conj") and r.spans[j].text not in ("-", "–"):
            found.append(j)
        elif r.spans[j].text in ("-", "–"):
            found.append(j)             # Land-Sea: a hyphen inside the English name
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


def _whole_fund_name(r, i):
    """关于学生资助专项 / about the port logistics fund: a fund named as such, not a topic word of its name."""
    span, nxt = r.spans[i], r.neighbour(i, 1)
    return span.kind == "fund" and (span.text.endswith(("专项", "专项资金")) or span.text.isascii() and
                                    nxt is not None and r.spans[nxt].has("noun", "funds"))


def _is_topic(r, i):
    intro = r.before(i, "text_intro", reach=2)
    if intro is not None and r.spans[intro].text in r.vocab.lists["about"] and _whole_fund_name(r, i):
        return False        # call about the 口岸物流发展专项: that fund (有关乡村振兴的专项: a topic)
    return (intro is not None or r.after(i, "text_after", reach=1) is not None
            or r.before(i, "scope", reach=3) is not None and r.before(i, ("text_intro", "text_weak"), reach=2) is not None)


def funds(r):
    """学生资助专项 / 学生资助资金 / 垃圾分类专项 → the fund; a misspelt name close to one fund's."""
    for i in r.all("fund"):
        if _is_topic(r, i):
            continue
        seqs = sorted(r.spans[i].value)
        _misspelt_tail(r, i, seqs)
        _add_funds(r, i, seqs, r.spans[i].text)
        about = r.before(i, "text_intro", reach=2)
        if about is not None and r.spans[about].text in r.vocab.lists["about"] and _whole_fund_name(r, i):
            r.take(about)
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
        r.reading.named_at.setdefault(seq, i)
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
    one_slip = len(written) == len(target) >= 4 and sum(a != b for a, b in zip(written, target)) == 1   # 学生资主
    if fuzz.ratio(written, target) >= 80 or one_slip:
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
        if i not in outside and not (r.spans[i].kind == "own" and r.spans[i].sense("pronoun") == "department"):
            r.take(i)       # (本部门 / its own is read by the rule that compares with it: 高于本部门平均水平)


def stated_counts(r):
    """残联两个专项合计多少 / 市场监管局四个专项的补助区县一共多少 → the count said in passing, checked."""
    for i in r.all("number"):
        number = r.spans[i].value
        named = _listed_before(r, i)
        if number.unit == "count" and len(named) >= 2 and number.value == len(named):
            r.take(i, meaning=f"（共{len(named)}个）")     # 民政局和教委两家 / A和B两个: the things just listed
            continue
        noun = r.after(i, "noun", reach=1, free=False)
        department = r.before(i, "department", reach=2, free=False)
        every = number.unit in ("count", "plain") and number.value == len(r.vocab.funds) and noun is not None \
            and r.spans[noun].has("noun", "funds") and department is None
        if every:
            r.take(i, meaning=f"（全部{len(r.vocab.funds)}个专项）")     # 82个市级重点专项 / all 82 funds
            continue
        if number.unit not in ("count", "plain") or noun is None or department is None \
                or not r.spans[noun].has("noun", "funds") \
                or r.before(i, ("rank_top", "rank_nth", "superlative"), reach=2, free=False) is not None:
            continue        # 教委预算前三的专项: a ranking, not the number of its funds
        name = r.spans[department].value
        actual = sum(1 for f in r.vocab.funds.values() if f.department == name)
        if actual == number.value:
            r.take(i, meaning=f"（{r.vocab.short(name)}共{actual}个专项）")
        else:
            r.note(f"{r.vocab.short(name)}有{actual}个专项，不是{number.raw}")


def _listed_before(r, i):
    """The funds or departments named in a row (joined by 和 / 、 / and) right before span i."""
    named, j = [], i - 1
    while j >= 0 and (r.spans[j].kind in ("fund", "department") or r.spans[j].kind == "conj" and j > 0):
        if r.spans[j].kind != "conj":
            named.append(j)
        j -= 1
    return named


def english_fund_names(r):
    """How much is the road construction and maintenance fund / the port and logistics development fund /
    the special fund for rural revitalization → English words naming one fund's Chinese name.

    The English words just before fund / program / project (and after "fund for") are read with
    glosses.yaml's name_words, each as the Chinese words it may stand for; the fund whose name has
    the most of them (its department's name counting less), and of those the one whose name they
    say in full, is the one named; failing that, each part between "and" names one fund (the public
    health and family planning funds).  Words that name no fund are left unread."""
    seen = set()
    while True:      # noun by noun from the left, found afresh after each merge has moved them
        noun = next((i for i in r.all("noun", "funds", free=False) if id(r.spans[i]) not in seen), None)
        if noun is None:
            return
        seen.add(id(r.spans[noun]))
        if not r.spans[noun].text.isascii():
            continue
        singular = not r.spans[noun].text.endswith("s")
        before = _name_terms(r, _name_run(r, noun, -1, singular), singular)
        after = []
        if singular and noun + 1 < len(r.spans) and r.spans[noun + 1].text == "for":
            after = _name_terms(r, _name_run(r, noun + 1, 1))
        if before and _is_topic(r, before[0].spans[0]) and not singular or not before and not after:
            continue
        named = _named_funds(r, before, after, singular)
        runs = [(seqs, _span_range(terms, noun, right)) for seqs, terms in named for right in (True, False)]
        runs = [(seqs, run) for seqs, run in runs if run]
        alone = [run for _, run in runs if all(r.spans[j].kind in ("department", "function", "conj") for j in run)]
        if not named or alone:
            continue     # the port and logistics fund: a department's name alone says its funds, as before
        if all(r.used[j] or r.spans[j].kind == "function" for _, run in runs for j in run):
            continue     # the railway development fund (铁路发展专项): an aside of the name written after it
        if not all(_department_inside(r, run, seqs) for seqs, run in runs):
            continue
        for _, run in runs:
            _release_departments(r, run)
        merged = []
        for seqs, run in sorted(runs, key=lambda found: -found[1][0]):   # from the right: a merge moves what follows
            text = r.phrase(run[0], run[-1])
            span = Span(r.spans[run[0]].start, r.spans[run[-1]].end, text, "fund", frozenset(seqs))
            r.merge(run[0], run[-1], span)
            merged.insert(0, span)
            if run[0] > noun:
                r.take(noun + 1)                  # fund for …: said once, by the name before the noun if any
                if any(other is seqs for other, run_before in runs if run_before[0] < noun):
                    r.take(run[0])
        _read_as_written(r, merged)


def _read_as_written(r, merged):
    """Each English name is now one fund span, as a Chinese name is: the rules that read written names read
    it (all funds except the student aid fund / funds bigger than the railway development fund), and what
    they leave is the fund named, even after about (who do I call about the student aid fund)."""
    from . import rules_nicknames

    rules_nicknames.excluded_funds(r)
    rules_nicknames.than_fund(r)
    for span in merged:
        i = next(i for i, s in enumerate(r.spans) if s is span)
        if r.free(i):
            _add_funds(r, i, sorted(span.value), span.text)


_NAME_TOKEN = re.compile(r"[a-z0-9]+|&|,")
_NAME_CONNECTORS = {"and", "&", ",", "of", "for", "in", "s"}
_NAME_JOINTS = {"and", "&", ","}
_NOT_NAME_WORDS = {"the", "a", "an", "which", "what", "how", "many", "much", "all", "any", "each", "every", "this",
                   "that", "these", "those", "its", "their", "whose", "other", "s", ","}
_NAME_FILLERS = re.compile(r"[和及与的、“”\"（）()]")


@dataclass
class _Term:
    text: str
    chinese: tuple     # the Chinese words it may stand for; "" fits any name; None: a connector (and, of)
    spans: tuple       # span indexes it was read from


def _span_range(terms, noun, right):
    """The span indexes the terms were read from, on one side of the noun, as one unbroken run."""
    found = sorted({j for term in terms for j in term.spans if (j > noun) == right})
    return list(range(found[0], found[-1] + 1)) if found else []


def _name_words(singular=True):
    """(English words) → Chinese words, every word that is part of one, and the longest phrase.

    Funds in the plural (the sports funds) are a kind of fund more than names: only the glosses
    read them, as they always have; the name words are for one fund named (the sports development fund)."""
    return _name_tables()[singular]


@functools.lru_cache(maxsize=1)
def _name_tables():
    """The tables for the plural (False), the singular (True) and the general words ("general")."""
    glosses, name_words, general = _name_data()
    tables = {"general": frozenset(" ".join(_NAME_TOKEN.findall(word)) for word in general)}
    for singular in (False, True):
        table = {}
        pairs = [(english, (chinese,)) for english, chinese in glosses.items()]
        for english, chinese in pairs + (list(name_words.items()) if singular else []):
            key = tuple(_NAME_TOKEN.findall(english))
            if key:
                table[key] = tuple(dict.fromkeys(table.get(key, ()) + chinese))
        tables[singular] = (table, frozenset(word for key in table for word in key), max(map(len, table)))
    return tables


def _name_data():
    """glosses.yaml's glosses, name words and general words, read once and then from the per-user cache
    (reading the YAML costs more than answering a question)."""
    from importlib import resources

    from .cache import load_or_build
    from .lexicon import load_generic_name_words, load_glosses, load_name_words

    def read():
        return load_glosses(), load_name_words(), load_generic_name_words()

    try:
        return load_or_build(str(resources.files(__package__).joinpath("lexicon").joinpath("glosses.yaml")), read)
    except OSError:        # the package is not a directory of files: read the YAML
        return read()


def _name_run(r, i, step, singular=True):
    """The spans next to span i (step -1: before it, +1: after it) made of English name words only."""
    if step < 0:
        words = next((w for j in range(i - 1, -1, -1) for w in [_NAME_TOKEN.findall(r.spans[j].text)] if w), [])
        if not {w for w in words if w.isalpha()} - _NOT_NAME_WORDS:
            return []    # which funds / the fund / top 5 funds: the table is not even read
    _, words, _ = _name_words(singular)
    run, j = [], i + step
    while 0 <= j < len(r.spans):
        span = r.spans[j]
        tokens = _NAME_TOKEN.findall(span.text)
        if not span.text.isascii() or span.has("noun", "funds") or span.kind == "pronoun" \
                or (r.is_break(j) and span.text != ","):
            break
        if r.used[j] and span.kind not in ("department", "gloss"):
            break
        if not all(t in words or t in _NAME_CONNECTORS for t in tokens):
            break
        run.append(j)
        j += step
    run.sort()
    while run and all(t in _NAME_CONNECTORS for t in _NAME_TOKEN.findall(r.spans[run[0]].text)):
        run.pop(0)       # and / of / , before the first word
    return run


def _name_terms(r, run, singular=True):
    """The run read as name words: the fewest words that stand for nothing, then the longest phrases.
    A word that is part of a name phrase but none here (transport in "waste sorting, transport and
    disposal") is a term that stands for nothing: a miss, which _best_funds weighs."""
    table, _, longest = _name_words(singular)
    tokens = [(t, j) for j in run for t in _NAME_TOKEN.findall(r.spans[j].text)]
    n = len(tokens)
    best = [None] * n + [[]]          # best[i]: the reading of tokens[i:]

    def cost(terms):
        return sum(1 for term in terms if term.chinese == ()), sum(1 for term in terms if term.chinese is not None)

    for i in range(n - 1, -1, -1):
        word, j = tokens[i]
        options = [[_Term(word, (), (j,))] + best[i + 1]]
        if word in _NAME_CONNECTORS:
            options.append([_Term(word, None, (j,))] + best[i + 1])
        for size in range(min(longest, n - i), 0, -1):
            key = tuple(t for t, _ in tokens[i:i + size])
            if key in table:
                spans = tuple(dict.fromkeys(k for _, k in tokens[i:i + size]))
                options.append([_Term(" ".join(key), table[key], spans)] + best[i + size])
        best[i] = min(options, key=cost)
    return best[0]


def _named_funds(r, before, after, singular):
    """[(seqs, the terms that name them)]: the fund(s) the words before the noun (and after "fund for") name
    together, else the funds each part between and / , names alone; [] when they name none."""
    if after:
        found = _best_funds(r, before + after, singular)
        if found and all(_term_place(t, r.vocab.funds[found[0][0]]) for t in after if t.chinese is not None):
            return [found]
        if not before:
            return []
    found = _best_funds(r, before, singular)
    if found:
        return [found]
    parts, part = [], []
    for term in before + [_Term(",", None, ())]:
        if term.chinese is None and term.text in _NAME_JOINTS:
            parts, part = parts + [part] if part else parts, []
        else:
            part.append(term)
    named = [_best_funds(r, part, singular) for part in parts]
    if len(parts) < 2 or not all(found and len(found[0]) == 1 for found in named):
        return []
    return named


def _best_funds(r, terms, singular):
    """(seqs, terms) of the fund (up to three when they tie) these terms name, or None."""
    scored = []
    for seq, fund in r.vocab.funds.items():
        places = [_term_place(term, fund, singular) for term in terms]
        kept = [(term, place) for term, place in zip(terms, places) if term.chinese is not None]
        while kept and kept[0][1] is None and any(r.spans[j].kind not in ("unknown", "gloss")
                                                  for j in kept[0][0].spans):
            kept.pop(0)      # city-level before a name that lacks it: the column, left to its rule
        counted = [place for term, place in kept if term.chinese != ("",)]
        misses = counted.count(None)
        matched = len(counted) - misses
        in_name = sum(1 for place in counted if place and place[0] == "name")
        if not in_name or misses > (len(counted) - 1) // 2 or misses and matched < 2:
            continue
        scored.append(((matched, in_name, -misses), _coverage(fund.name, counted), seq, [term for term, _ in kept]))
    if not scored:
        return None
    top = max(score for score, *_ in scored)
    best = sorted((s for s in scored if s[0] == top), key=lambda s: -s[1])
    if singular and len(best) > 1 and (best[0][1] == 1 > best[1][1]
                                       or len(best) <= 3 and best[0][1] >= max(0.5, 2 * best[1][1])):
        best = best[:1]       # the name said in full, or half of it and twice as much as of any other
    if len(best) > 3 or len({tuple(map(id, s[3])) for s in best}) > 1:
        return None
    if best[0][1] < 1 and not _distinctive(best[0][3]):
        return None           # a research project / an investment project: too general to be a name
    return [s[2] for s in best], best[0][3]


def _distinctive(terms):
    """Whether the words can name a fund without saying all of its name: one of them is not a general
    word (development, research, system …), or three of them are."""
    general = _name_tables()["general"]
    words = [term.text for term in terms if term.chinese]
    return len(words) >= 3 or any(word not in general for word in words)


def _term_place(term, fund, singular=True):
    """("name", chinese) when one of the term's Chinese words is in the fund's name, ("department", …) when
    only in its department's name (one fund named), ("any", "") for a qualifier, else None."""
    name = _NAME_FILLERS.sub("", fund.name + "\n" + fund.table_name)
    department = fund.department if singular else ""
    for chinese in sorted(term.chinese or (), key=len, reverse=True):
        if chinese and chinese in name:
            return ("name", chinese)
    if "" in (term.chinese or ()):
        return ("any", "")
    if any(chinese and chinese in department for chinese in term.chinese or ()):
        return ("department", "")
    return None


def _coverage(name, places):
    """How much of the fund's core name the Chinese words matched cover (1: all of it)."""
    text = _NAME_FILLERS.sub("", core(name))
    covered = [False] * len(text)
    for place in places:
        if place and place[0] == "name":
            for m in re.finditer(re.escape(place[1]), text):
                covered[m.start():m.end()] = [True] * (m.end() - m.start())
    return sum(covered) / max(len(covered), 1)


def _department_inside(r, run, seqs):
    """Whether every department's English name read inside a fund's name (the port and logistics development
    fund) is that fund's own department: then it names the fund, not a condition."""
    return all(r.spans[j].value in r.query.departments and all(r.vocab.funds[s].department == r.spans[j].value
                                                               for s in seqs)
               for j in run if r.spans[j].kind == "department" and r.used[j])


def _release_departments(r, run):
    """The department read from words of a fund's name is no longer a condition of the question."""
    for j in run:
        span = r.spans[j]
        if span.kind == "department" and r.used[j] and span.value in r.query.departments:
            r.query.departments.remove(span.value)
            r.reading.understood = [(text, meaning) for text, meaning in r.reading.understood
                                    if not (text == span.text and meaning.startswith("部门 = "))]
            r.used[j] = False


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
        if intro is not None and r.spans[intro].text in r.vocab.lists["about"] and _whole_fund_name(r, i):
            continue        # who should I call about the 口岸物流发展专项: that fund, not funds mentioning it
        if intro is None and scope is None and after is None and not followed_by_indicator:
            scope = r.after(i, "scope", reach=3)
            if scope is None or r.before(i, ("text_intro", "text_weak"), reach=3) is None:
                continue
        span = r.spans[i]
        if span.kind == "unknown" and intro is None and scope is None and not span.text.isascii():
            continue
        if span.kind == "unknown" and span.text.isascii() and not _in_document(r, span.text):
            continue        # contact names appear across…: an English word the Chinese text cannot contain
        term = span.sense("quoted") or (span.value if span.kind == "gloss" else span.text)
        if span.sense("quoted") and i + 1 < len(r.spans) and r.spans[i + 1].text == "字":
            r.take(i + 1)       # 名字里带“农”字
        scopes = _scopes(r, i, followed_by_indicator)
        r.query.texts.append(TextMatch(term, scopes))
        where = "、".join({"name": "名称", "overview": "概况", "goal": "绩效目标", "indicator": "指标"}[s] for s in scopes)
        r.take(i, meaning=f"{where}含“{term}”")
        r.take(intro, scope, after)
        if followed_by_indicator and scopes == ("indicator",) and r.spans[followed_by_indicator].kind == "noun":
            r.take(followed_by_indicator)


def _in_document(r, word):
    word = word.lower()
    return word in r.vocab.fund_text.lower() or word in r.vocab.indicator_text.lower()


def _indicator_noun_after(r, i):
    """满意度指标 / a satisfaction indicator / a satisfaction target: a word of indicator names, then the indicator."""
    nxt = r.neighbour(i, 1)
    target = nxt == i + 1 and r.lang == "en" and r.spans[nxt].has("indicator_attr", "target")   # (sets a target: no)
    if nxt is not None and (r.spans[nxt].has("noun", "indicators") or target) and \
            r.spans[i].kind in ("term", "quoted", "gloss"):
        term = r.spans[i].sense("quoted") or r.spans[i].text
        return nxt if term in r.vocab.indicator_text or r.spans[i].kind == "gloss" else None
    return None


def _scopes(r, i, indicator_noun):
    """Where to look: every scope named in the clause (项目概况或绩效目标里 / in the overview or goal)."""
    if any(s.text in r.vocab.lists["anywhere"] for s in r.spans):
        return ALL_SCOPES       # mention 北斗 anywhere — in the description, the goal or an indicator
    lo, hi = r.clause_of(i)
    named = []
    for j in range(lo, hi + 1):
        if r.spans[j].has("scope"):
            scope = r.spans[j].sense("scope")
            named.append("indicator" if scope == "indicators" else scope)
            r.take(j)
    if named == ["name"] and indicator_noun is not None:
        return ("indicator",)       # 名称里带“满意度”的指标: the indicators' names
    if named == ["name"]:
        earlier = [j for j in range(lo) if r.spans[j].has("scope", "indicators") and r.free(j)]
        if earlier:             # 农委的指标里，名称带“满意”的: the indicators' names
            r.take(earlier[-1])
            return ("indicator",)
        owner = max((j for j in range(i) if r.spans[j].kind == "noun"), default=None)
        if owner is not None and r.spans[owner].has("noun", "indicators"):
            return ("indicator",)   # an indicator whose name contains 满意度 / 名称含“满意”的指标 … its name
    if named:
        return tuple(dict.fromkeys(named))
    if indicator_noun is not None:
        return ("indicator",)
    return ("name", "overview", "goal", "indicator")
