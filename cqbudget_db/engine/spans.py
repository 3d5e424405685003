"""Question → typed spans.

Every phrase of the lexicon, every name the database knows (departments,
funds, people, phones, indicators) and every number is a candidate span; the
segmentation that covers the most of the question with the fewest spans wins
(longest-first, over the whole question at once).  What is left over becomes a
``term`` when the document's text contains it (a topic, part of an indicator
name), else ``unknown`` — which the engine reports instead of ignoring.
"""

import re
from dataclasses import dataclass, field

import ahocorasick

from . import lexicon
from .normalize import normalize
from .numbers import find_numbers
from .vocab import name_variants

ENTITY_KINDS = ("department", "fund", "person", "phone", "indicator")
_PRIORITY = {"quoted": 6, "fund": 4, "indicator": 4, "department": 5, "person": 4, "phone": 5, "number": 3,
             "gloss": 2, "function": 0}
_PUNCTUATION = set(" ,.;:!?()[]{}\"'“”‘’、，。；：！？（）《》【】「」…—-~/\\")


@dataclass
class Span:
    start: int
    end: int
    text: str
    kind: str
    value: object = None
    senses: list = field(default_factory=list)   # other (kind, value) readings of the same text
    note: str = ""
    linked: list = field(default_factory=list)   # spans read together with this one (占 … 比例): taken together

    def sense(self, kind):
        """The value of this span read as kind, or None (a share word read as a metric: that metric)."""
        senses = self.senses
        if not senses:
            return self.value if self.kind == kind else None
        if self.kind == "share" and kind in ("metric", "share"):
            for other_kind, value in senses:
                if other_kind == kind:
                    return value
        if self.kind == kind:
            return self.value
        for other_kind, value in senses:
            if other_kind == kind:
                return value
        return None

    def has(self, kind, value=None):
        if not self.senses and self.kind != kind:
            return False
        found = self.sense(kind)
        return found is not None and (value is None or found == value)

    def __repr__(self):
        return f"<{self.kind}:{self.value!r} {self.text!r}>"


class Matcher:
    """One Aho-Corasick automaton over the lexicon and the database's names."""

    def __init__(self, vocab):
        table = {}

        def add(phrase, kind, meaning):
            if phrase:
                table.setdefault(phrase, []).append((kind, meaning))

        for entry in lexicon.load_words():
            add(entry.phrase, entry.kind, entry.meaning)
        for english, chinese in lexicon.load_glosses().items():
            add(english, "gloss", chinese)
        for alias, department in vocab.departments.items():
            add(alias, "department", department)
        for person in vocab.people:
            add(normalize(person), "person", person)
        for phone in vocab.phones:
            add(phone, "phone", phone)
        for name in vocab.indicator_names:
            add(normalize(name), "indicator", name)
        for phrase, seqs in fund_phrases(vocab).items():
            add(phrase, "fund", seqs)
        self.automaton = ahocorasick.Automaton()
        for phrase, readings in table.items():
            self.automaton.add_word(phrase, (phrase, tuple(readings)))
        self.automaton.make_automaton()

    def candidates(self, text):
        for end, (phrase, readings) in self.automaton.iter(text):
            start = end - len(phrase) + 1
            if not _word_bounded(text, start, end + 1) or _preposition_of_number(text, phrase, end + 1, readings):
                continue
            yield start, end + 1, readings


def _word_bounded(text, start, end):
    """Latin phrases match whole words only."""
    def alnum(ch):
        return ch.isascii() and ch.isalnum()
    if alnum(text[start]) and start > 0 and alnum(text[start - 1]):
        return False
    if alnum(text[end - 1]) and end < len(text) and alnum(text[end]):
        return False
    return True


def _preposition_of_number(text, phrase, end, readings):
    """what is it for | 2024: a field's phrase ending in a preposition whose object is a number is not that field
    (but and for | 2 billion is still a follow-up)."""
    return phrase.endswith((" for", " in", " of", " to")) and text[end:].lstrip()[:1].isdigit() and \
        all(kind == "field" for kind, _ in readings)


def fund_phrases(vocab):
    """Phrase → {seq: how much of the fund's distinctive name it covers} for every way of naming a fund.

    Substrings of four characters or more, of three covering half the core name,
    or the whole core name; a phrase naming one fund exactly keeps only that fund.
    """
    names = lexicon.load_names()["fund_words"]
    found = {}
    for seq, fund in vocab.funds.items():
        for form in name_variants(fund.name, names) | name_variants(fund.table_name, names):
            core = form
            if form.endswith("专项") or form.endswith("资金"):
                best = found.setdefault(form, {})
                best[seq] = 1.0
                continue
            for size in range(2, len(form) + 1):
                for begin in range(0, len(form) - size + 1):
                    piece = form[begin:begin + size]
                    coverage = size / max(len(core), 1)
                    if size >= 4 or (size == 3 and coverage >= 0.5) or piece == core:
                        best = found.setdefault(piece, {})
                        best[seq] = max(best.get(seq, 0), coverage)
    result = {}
    for piece, seqs in found.items():
        exact = [s for s, c in seqs.items() if c >= 0.999]
        result[piece] = frozenset(exact or seqs)
    return result


def matcher_for(vocab):
    if vocab.matcher is None:
        vocab.matcher = Matcher(vocab)
    return vocab.matcher


def _quoted(text):
    for m in re.finditer(r"[“\"「『‘'](?P<inner>[^“”\"「」『』‘’']{1,40})[”\"」』’']", text):
        yield m.start(), m.end(), m.group("inner").strip()
    for m in re.finditer(r"(?<=[A-Za-z]) ?[(（](?P<inner>[\u4e00-\u9fff]{2,30})[)）]", text):
        yield m.start() + (text[m.start()] == " "), m.end(), m.group("inner")     # the Railway Express (中欧班列)


def candidates(text, vocab):
    """Every span that could be read at each position: {start: [Span]}."""
    found = {}

    def add(span):
        found.setdefault(span.start, []).append(span)

    matcher = matcher_for(vocab)
    for start, end, readings in matcher.candidates(text):
        (kind, value), *others = _ordered(readings)
        add(Span(start, end, text[start:end], kind, value, senses=list(others)))
    for number in find_numbers(text):
        add(Span(number.start, number.end, text[number.start:number.end], "number", number))
    for start, end, inner in _quoted(text):
        whole = [r for s, e, r in matcher.candidates(inner) if s == 0 and e == len(inner)]
        if text[start] in "(（" and whole and not any(kind in ENTITY_KINDS for kind, _ in whole[0]):
            continue            # in 100 million yuan (亿元) / goal (当年绩效目标): a word of the lexicon, glossed
        exact = [r for r in whole if any(kind in ENTITY_KINDS + ("operator_symbol", "refuse") for kind, _ in r)]
        compared = [v for r in whole for kind, v in r if kind in ("compare_before", "compare_after")]
        if not exact and compared and compared[0] in QUOTED_OPERATORS:     # “不超过”类型的指标: the operator ≤
            add(Span(start, end, text[start:end], "operator_symbol", QUOTED_OPERATORS[compared[0]],
                     senses=[("quoted", inner)]))
        elif exact:
            (kind, value), *others = _ordered(exact[0])
            add(Span(start, end, text[start:end], kind, value, senses=list(others) + [("quoted", inner)]))
        else:
            add(Span(start, end, text[start:end], "quoted", inner))
    return found


QUOTED_OPERATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
_KIND_ORDER = ["quoted", "phone", "department", "fund", "indicator", "person", "refuse", "gloss"]


def _ordered(readings):
    """The main reading first: names before words, words in lexicon order."""
    def rank(reading):
        kind = reading[0]
        return (_KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)) if kind != "function" else 99
    return sorted(readings, key=rank)


def segment(text, found):
    """The best covering: fewest uncovered characters, then fewest spans, then the longest
    spans (phone number + of, not phone + number of), then priority."""
    n = len(text)
    inf = (n + 1, n + 1, 0, 0)
    best = [inf] * (n + 1)
    back = [None] * (n + 1)
    best[0] = (0, 0, 0, 0)
    for i in range(n):
        if best[i] == inf:
            continue
        uncovered, count, longest, priority = best[i]
        skip = (uncovered + (0 if text[i] in " " else 1), count, longest, priority)
        if skip < best[i + 1]:
            best[i + 1], back[i + 1] = skip, (i, None)
        for span in found.get(i, ()):
            score = (uncovered, count + 1, longest - (span.end - span.start) ** 2,
                     priority - _PRIORITY.get(span.kind, 1))
            if score < best[span.end]:
                best[span.end], back[span.end] = score, (i, span)
    chosen, i = [], n
    while i > 0:
        previous, span = back[i]
        if span is not None:
            chosen.append(span)
        i = previous
    return list(reversed(chosen))


def leftovers(text, spans, vocab):
    """Uncovered runs of text, each a ``term`` (found in the document) or ``unknown`` span."""
    covered = [False] * len(text)
    for span in spans:
        for i in range(span.start, span.end):
            covered[i] = True
    extra, i = [], 0
    while i < len(text):
        if covered[i] or text[i] in _PUNCTUATION:
            i += 1
            continue
        j = i
        while j < len(text) and not covered[j] and (text[j] not in _PUNCTUATION or text[j] == " "):
            j += 1
        chunk = text[i:j].strip()
        if chunk:
            start = i + text[i:j].index(chunk)
            extra.append(_leftover(start, start + len(chunk), chunk, vocab))
        i = j
    return extra


def _leftover(start, end, chunk, vocab):
    places = [scope for scope, corpus in (("fund_text", vocab.fund_text), ("indicator_text", vocab.indicator_text))
              if chunk in corpus]
    if places and (len(chunk) >= 2 or not chunk.isascii()):
        return Span(start, end, chunk, "term", chunk)
    return Span(start, end, chunk, "unknown", chunk)


GLUE = set("的是了在有和与及或中里等也都")


def _extend_terms(text, spans, vocab):
    """A term ends where the document's wording ends: 疫苗接 + 种 → 疫苗接种, 新 + 能 + 源汽车 → 新能源汽车
    when the document has it."""
    corpus = vocab.fund_text + "\n" + vocab.indicator_text
    merged, i = [], 0
    while i < len(spans):
        span = spans[i]
        if span.kind in ("term", "unknown") and not span.text.isascii():
            while merged and merged[-1].text not in GLUE and (
                    merged[-1].kind in ("function", "negation") and len(merged[-1].text) == 1
                    or len(merged[-1].text) == 1 and merged[-1].kind not in ENTITY_KINDS + ("conj",)
                    and not (merged[-1].kind == "number" and merged[-1].text.isascii())) \
                    and merged[-1].end == span.start and (merged[-1].text + span.text) in corpus:
                previous = merged.pop()
                span = Span(previous.start, span.end, previous.text + span.text, "term", previous.text + span.text)
            bridged = False     # 新 + 能 + 源汽车: a word split by a function word is joined again
            while i + 1 < len(spans) and (spans[i + 1].kind in ("function", "negation")
                                          and len(spans[i + 1].text) <= 2 and spans[i + 1].text not in GLUE
                                          or bridged and spans[i + 1].kind in ("term", "unknown")
                                          and _fragment(corpus, span.text, spans[i + 1].text)) \
                    and not spans[i + 1].text.isascii() \
                    and spans[i + 1].start == span.end and (span.text + spans[i + 1].text) in corpus:
                bridged = spans[i + 1].kind in ("function", "negation")
                span = Span(span.start, spans[i + 1].end, span.text + spans[i + 1].text, "term",
                            span.text + spans[i + 1].text)
                i += 1
        merged.append(span)
        i += 1
    return merged


def _fragment(corpus, left, right):
    """源汽车 is only ever written after 新能 (a piece of 新能源汽车); 贷款 stands on its own (世行 贷款)."""
    return corpus.count(right) == corpus.count(left + right)


def tokenize(question, vocab):
    """The question as an ordered list of spans (normalized text, spans over it)."""
    text = normalize(question)
    spans = segment(text, candidates(text, vocab))
    spans = sorted(spans + leftovers(text, spans, vocab), key=lambda s: s.start)
    return text, _restated_in_brackets(_lone_characters(_extend_terms(text, spans, vocab)))


def _same_reading(a, b):
    if a.kind != b.kind:
        return False
    if a.kind == "number":
        return a.value.value == b.value.value and a.value.unit == b.value.unit
    return a.value == b.value


def _restated_in_brackets(spans):
    """qualitative (定性) indicators / 3亿元 (30,000万元): the word in brackets says again what the word before it
    said; it is read once (as a gloss), not as a second word or a second condition."""
    read = list(spans)
    for k in range(2, len(read) - 1):
        before, opening, inner, closing = read[k - 2], read[k - 1], read[k], read[k + 1]
        if opening.text in ("(", "（") and closing.text in (")", "）") and _same_reading(before, inner):
            read[k] = Span(inner.start, inner.end, inner.text, "function", "gloss")
    return read


def _lone_characters(spans):
    """One character left over is a topic only where a mention word introduces it (提到碳的指标);
    elsewhere it is a piece of a word the lexicon lacks (单个指标 → 单), not something to search for."""
    read = []
    for i, span in enumerate(spans):
        if span.kind == "term" and len(span.text) == 1 and not span.text.isascii():
            before = spans[i - 1] if i else None
            after = spans[i + 1] if i + 1 < len(spans) else None
            introduced = (before is not None and before.kind in ("text_intro", "text_weak")
                          or after is not None and after.kind == "text_after")
            if not introduced:
                span = Span(span.start, span.end, span.text, "unknown", span.text)
        read.append(span)
    return read


def narrows(spans):
    """其中 / 只看 / among them / only: the question narrows an answer given before it."""
    return any(s.has("followup", "among") or s.has("followup", "only") for s in spans)
