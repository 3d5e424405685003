"""The reading of one question: its spans, which of them rules have consumed, and the
Query they built.  Rules work through the helpers here; coverage() says what no
rule used, which is what the engine refuses to ignore.
"""

from dataclasses import dataclass, field

from .lexicon import HINT_KINDS
from .query import Query

def first(*indexes):
    """The first of these span indexes that is not None (0 is a span, not a miss)."""
    return next((i for i in indexes if i is not None), None)


CLAUSE_BREAKS = {",", ";", "，", "；", "。", "?", "？", "!", "！", ":", "："}
CLAUSE_WORDS = {"且", "并且", "而且", "同时", "but", "while", "but also", "whereas"}


@dataclass
class Refusal:
    reason: str          # a refusal topic (other_year, district, …) or partial
    subject: str = ""    # the words that caused it


@dataclass
class Reading:
    question: str
    text: str
    lang: str
    spans: list
    query: Query
    understood: list = field(default_factory=list)   # [(text, meaning)]
    unread: list = field(default_factory=list)       # [text]
    notes: list = field(default_factory=list)
    refusal: Refusal = None
    resolved: list = field(default_factory=list)     # [{text, meaning}]: references resolved from the conversation
    explicit_target: bool = False                    # the question names what it asks for (哪些专项 / which funds)
    carry: bool = False                              # 它们 / these: the question is about the last answer
    top_marker: int = None                           # where the set the top N define ends (前十的专项里)
    referents: dict = field(default_factory=dict)    # span index → (kind, value) a pronoun was resolved to
    named_at: dict = field(default_factory=dict)     # fund seq → the span it was named by (short forms included)
    complete: bool = False                           # the question was completed from the conversation already
    share_base: tuple = None                         # 占教委全部专项资金的比例: (kind, value) the share is of


class Reader:
    def __init__(self, question, text, spans, vocab, lang):
        self.reading = Reading(question, text, lang, spans, Query())
        self.spans = spans
        self.vocab = vocab
        self.lang = lang
        self.used = [False] * len(spans)
        self.state = None            # the conversation so far (engine.dialogue.State), if any
        self.metric_parts = set()    # spans read as part of a metric (专项数量 in 按专项数量排序), not as asks
        self.name_parts = set()      # spans read as part of an indicator's name (完工项目数量): no noun or count there asks

    @property
    def query(self):
        return self.reading.query

    # ------------------------------------------------------------ consuming

    def take(self, *indexes, meaning=None):
        """Mark spans as understood; the first carries the meaning shown to the user."""
        indexes = [i for i in indexes if i is not None]
        indexes += [j for i in indexes for j in self.spans[i].linked if j not in indexes]
        for n, i in enumerate(indexes):
            if self.used[i]:
                continue
            self.used[i] = True
            if meaning and n == 0:
                text = self.spans[i].text if len(indexes) == 1 else self.phrase(*indexes)
                self.reading.understood.append((text, meaning))

    def phrase(self, *indexes):
        spans = [self.spans[i] for i in indexes]
        start, end = min(s.start for s in spans), max(s.end for s in spans)
        return self.reading.text[start:end]

    def note(self, text):
        if text not in self.reading.notes:
            self.reading.notes.append(text)

    def refuse(self, reason, subject=""):
        if self.reading.refusal is None:
            self.reading.refusal = Refusal(reason, subject)

    def merge(self, first, last, span):
        """Replace spans first..last (inclusive) with one span that carries their joint meaning."""
        self.spans[first:last + 1] = [span]
        self.used[first:last + 1] = [False]
        self.reading.spans = self.spans

    # ------------------------------------------------------------ finding

    def free(self, i):
        return 0 <= i < len(self.spans) and not self.used[i]

    def all(self, kind, value=None, free=True):
        used = self.used
        return [i for i, s in enumerate(self.spans)       # s.kind / s.senses first: most spans are not of kind
                if (s.kind == kind or s.senses) and s.has(kind, value) and not (free and used[i])]

    def is_break(self, i):
        span = self.spans[i]
        return span.text in CLAUSE_BREAKS or span.text in CLAUSE_WORDS

    def before(self, i, kinds, free=True, reach=4, stop_at_break=True):
        """The nearest span before i whose kind is one of kinds, within reach content spans."""
        return self._scan(i, -1, kinds, free, reach, stop_at_break)

    def after(self, i, kinds, free=True, reach=4, stop_at_break=True):
        return self._scan(i, 1, kinds, free, reach, stop_at_break)

    def _scan(self, i, step, kinds, free, reach, stop_at_break):
        kinds = (kinds,) if isinstance(kinds, str) else kinds
        j, seen = i + step, 0
        while 0 <= j < len(self.spans):
            span = self.spans[j]
            if stop_at_break and self.is_break(j):
                return None
            if any(span.has(k) for k in kinds) and (not free or not self.used[j]):
                return j
            if span.kind not in ("function",) and not (free and self.used[j]):
                seen += 1
                if seen > reach:
                    return None
            j += step
        return None

    def neighbour(self, i, step):
        """The next span before (-1) or after (+1) i that is not a function word."""
        j = i + step
        while 0 <= j < len(self.spans) and self.spans[j].kind == "function" and not self.is_break(j):
            j += step
        return j if 0 <= j < len(self.spans) else None

    def clause_of(self, i):
        lo = i
        while lo > 0 and not self.is_break(lo - 1):
            lo -= 1
        hi = i
        while hi < len(self.spans) - 1 and not self.is_break(hi + 1):
            hi += 1
        return lo, hi

    # ------------------------------------------------------------ coverage

    def coverage(self):
        """Content spans no rule consumed: the parts of the question that were not understood."""
        unread = []
        for i, span in enumerate(self.spans):
            if self.used[i] or span.kind in HINT_KINDS or span.sense("function") is not None:
                continue
            unread.append(span.text)
        self.reading.unread = unread
        return unread
