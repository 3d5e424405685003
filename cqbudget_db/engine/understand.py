"""Question → slots.  The grammar: find the things the database knows (people,
departments, funds, indicator words, topics), mask them, then read amounts,
comparisons, rankings, aggregates and fields from what is left.
"""

import copy
import re
from dataclasses import dataclass, field as dc_field

from . import lexicon as L
from .numbers import (NUMBER_PATTERN, UNIT_TO_WAN, english_count, english_ordinal, normalize,
                      to_number)
from .vocab import COLUMN_WORDS, GLOSSES, STOP_TERMS, fund_core

MAX_QUESTION = 500
AMOUNT_METRICS = ("total", "city_spend", "district_subsidy")


@dataclass
class Condition:
    metric: str          # an amount column, district_share, city_share, grand_share, weight, target_value, fund_count
    op: str              # > >= < <= = between
    value: float
    value2: float = None
    text: str = ""
    per_fund: bool = False       # for department questions: a condition on each fund, not the sum


@dataclass
class Question:
    text: str
    lang: str = "zh"
    target: str = None               # funds, indicators, departments
    departments: list = dc_field(default_factory=list)
    funds: list = dc_field(default_factory=list)
    fund_term: str = None
    ambiguous: bool = False
    person: str = None
    phone: str = None
    topics: list = dc_field(default_factory=list)
    conditions: list = dc_field(default_factory=list)
    zero: dict = dc_field(default_factory=dict)      # column -> True (is 0) / False (is not 0)
    metric: str = None
    order: str = None                # desc / asc
    sort_only: bool = False
    limit: int = None
    nth: int = None
    ties: bool = False               # a superlative without a count: keep every row tied for first
    per_department: bool = False
    aggregate: str = None            # count / sum / avg
    listing: bool = False
    field: str = None
    share: str = None                # district_share, city_share, grand_share
    core: bool = None
    qualitative: bool = None
    unit: str = None
    operator: str = None
    indicator_terms: list = dc_field(default_factory=list)
    name_terms: list = dc_field(default_factory=list)
    target_texts: list = dc_field(default_factory=list)
    mobile: bool = False
    indicators_mentioned: bool = False
    follow_up: bool = False
    notes: list = dc_field(default_factory=list)
    recognized: list = dc_field(default_factory=list)

    def copy(self):
        return copy.deepcopy(self)


class Masked:
    """The question text with recognised spans blanked out, so words are read once."""

    def __init__(self, text):
        self.text = text

    def take(self, start, end):
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def find_all(self, pattern, flags=re.I):
        return list(re.finditer(pattern, self.text, flags))

    def take_pattern(self, pattern, flags=re.I):
        found = self.find_all(pattern, flags)
        for m in reversed(found):
            self.take(m.start(), m.end())
        return found


def is_chinese(text):
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def language(text):
    """en when Latin letters dominate (English naming a fund in Chinese is still English)."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "en" if latin >= 6 and latin >= 2 * cjk else "zh"


_SPECIFIC_WORDS = sorted((w for metric in ("district_subsidy", "city_spend") for w in COLUMN_WORDS[metric]
                          if is_chinese(w)), key=len, reverse=True)
# 补助区县的资金, 市里自己花的钱: the specific column, not the total.
_SPECIFIC_THEN_GENERIC = re.compile(
    "(" + "|".join(map(re.escape, _SPECIFIC_WORDS)) + r")(?:的)?(?:资金额|资金|金额|经费|钱|部分)")


def clean_question(text):
    text = normalize(text or "").strip()
    text = re.sub(r"^(请问一下|请问|请帮我|帮我查一下|帮我查查|帮我查|帮我看看|帮忙查一下|我想知道|我想问|想问一下|"
                  r"查一下|查询|告诉我|能否告诉我|请列出|请|please tell me|please|can you tell me|"
                  r"could you tell me|i want to know|tell me)\s*", "", text, flags=re.I)
    text = re.sub(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)\s*个\s*(亿|万)", r"\1\2", text)
    text = re.sub(r"(几|多少)个(亿|万)", r"多少\2", text)
    text = re.sub(r"(?:\b(?:rmb|cny)|[¥￥])\s*(?=\d)", "", text, flags=re.I)
    text = re.sub(r"(?<=\d)\s*(m|mn|million|b|bn|billion)\s+(?:yuan|rmb|cny)\b", r" \1", text, flags=re.I)
    text = re.sub(r"(?<=\d)\s*(yuan|rmb|cny)\b", " yuan", text, flags=re.I)
    text = re.sub(r"(过半|超过一半|多于一半|more than half|over half)", "超过50%", text, flags=re.I)
    text = re.sub(r"(不到一半|少于一半|不足一半|less than half|under half)", "不足50%", text, flags=re.I)
    text = _SPECIFIC_THEN_GENERIC.sub(r"\1", text)
    return re.sub(r"[?？!！。.;；\s]+$", "", text).strip()


def understand(text, vocab):
    q = Question(text=text, lang=language(text))
    m = Masked(text if q.lang == "zh" else text.lower())
    _people(q, m, vocab)
    _seq_reference(q, m, vocab)
    _departments(q, m, vocab)
    _name_terms(q, m)
    _target_texts(q, m)
    _zero_conditions(q, m)
    if q.lang == "en":
        # "… about the forestry and grassland reform fund": a fund named in English comes first
        named = re.search(r"\bthe\b[a-z\- ']{3,80}?\b(?:special\s+)?(?:fund|program|programme)\b(?!s)", m.text)
        _funds_english(q, m, vocab, named_only=not named)
    _topics(q, m, vocab)
    _indicator_words(q, m, vocab)
    if not q.funds:
        _funds(q, m, vocab)
    _amounts(q, m)
    _ranking(q, m)
    _fields(q, m)
    if not q.field and (q.indicators_mentioned or (q.funds and not _mentions_amount(m.text))):
        _indicator_terms(q, m, vocab)
    _aggregates(q, m)
    _target(q, m)
    q.follow_up = bool(re.search(L.FOLLOW_UP, text.strip(), re.I))
    return q


def _note(q, kind, value):
    q.recognized.append(f"{kind}: {value}")


def _people(q, m, vocab):
    for person in sorted(vocab.contacts, key=len, reverse=True):
        if len(person) >= 2 and person in m.text:
            q.person = person
            _note(q, "contact", person)
            m.take_pattern(re.escape(person))
            break
    for found in m.find_all(r"\d{7,12}"):
        if found.group() in vocab.phones:
            q.phone = found.group()
            _note(q, "phone", q.phone)
            m.take(found.start(), found.end())


def _seq_reference(q, m, vocab):
    found = m.find_all(r"(?:序号|编号|第)\s*(?:为|是)?\s*(\d{1,3})\s*(?:号)?(?=的?(?:专项|资金|项目))|序号\s*(?:为|是)?\s*(\d{1,3})|"
                       r"\b(?:no\.?|number|#|seq(?:uence)?)\s*(\d{1,3})\b|\bfund\s+(\d{1,3})\b")
    for hit in found:
        seq = int(next(g for g in hit.groups() if g))
        if 1 <= seq <= len(vocab.funds):
            q.funds = [seq]
            q.fund_term = hit.group()
            _note(q, "fund", vocab.funds[seq - 1][1])
            m.take(hit.start(), hit.end())
            return


def _name_terms(q, m):
    """名称中含有“X” / names containing X: a substring of names, not a topic."""
    pattern = (r"(?:名称|名字|标题|name|names|titles?)\s*(?:中|里|里面|上)?\s*(?:包含|含有|含|带有|带|有|contains?|containing|"
               r"includes?|with)(?:\s*(?:the\s+)?(?:word|term|character)s?)?\s*[“\"'「]?([\u4e00-\u9fffA-Za-z0-9%]{1,12}?)[”\"'」]?"
               r"(?=\s*(?:的|$|\?|？|,|，|专项|指标|资金|项目|funds?|indicators?))")
    for found in m.find_all(pattern):
        q.name_terms.append(found.group(1))
        _note(q, "name contains", found.group(1))
        m.take(found.start(), found.end())


def _departments(q, m, vocab):
    for alias in vocab.department_aliases_longest_first():
        pattern = re.escape(alias.lower() if q.lang == "en" else alias)
        if q.lang == "en" and re.search(r"[a-z]", alias):
            pattern = r"\b" + pattern + r"s?\b"
        for found in m.find_all(pattern):
            department = vocab.departments[alias]
            if department not in q.departments:
                q.departments.append(department)
                _note(q, "department", vocab.short_names.get(department, department))
            m.take(found.start(), found.end())


_TERM_TRIM = re.compile(r"^(的|了|到|与|和|跟|同|中|里|上|下|在|有|于)+|(的|方面|领域|工作|问题|内容|事项|专项|资金|项目|相关|有关)+$")


def _topics(q, m, vocab):
    if q.lang == "zh":
        patterns = [
            rf"(?:{L.TOPIC_BEFORE})\s*[“\"「]?([\u4e00-\u9fffA-Za-z0-9]{{2,12}}?)[”\"」]?\s*(?:的|相关|有关|方面|领域|类|工作|内容|字样|这个词|一词)",
            rf"(?:和|与|跟|同)\s*([\u4e00-\u9fff]{{2,10}}?)\s*(?:有关|相关)",
            rf"(?:{L.TOPIC_BEFORE})\s*[“\"「]([^”\"」]{{1,20}})[”\"」]",
            rf"(?:{L.TOPIC_BEFORE})\s*([\u4e00-\u9fff]{{2,10}})$",
        ]
    else:
        patterns = [
            rf"\b(?:{L.TOPIC_BEFORE})\s+[\"']([^\"']{{1,40}})[\"']",
            rf"\b(?:{L.TOPIC_BEFORE})\s+((?:the\s+)?[a-z][a-z\- ]{{1,40}}?|[\u4e00-\u9fff]{{2,10}})"
            rf"(?=\s*(?:\?|$|,|\.|\(|\bfunds?\b|\bprograms?\b|\bindicators?\b|\bin\b|\bwith\b|\band\b|\bthat\b|\bwhich\b))",
            rf"\b([a-z][a-z\- ]{{1,30}}?)[\- ]related\b",
        ]
    for pattern in patterns:
        for found in m.find_all(pattern):
            term = found.group(1).strip()
            term = re.sub(r"^the\s+", "", term)
            if q.lang == "zh":
                term = _TERM_TRIM.sub("", term)
            term = _gloss(term)
            if not term or term in STOP_TERMS or re.fullmatch(r"(专项|资金|项目|指标|funds?|indicators?)", term) \
                    or re.search(r"多少|几个|哪些|哪个|部门|专项|资金|预算|which|how many", term) \
                    or any(term in words or any(w in term for w in words if len(w) >= 4) for words in COLUMN_WORDS.values()):
                continue
            after = m.text[found.end():found.end() + 6]
            if re.match(r"\s*(的|类|相关的?|有关的?)?\s*(绩效)?指标|\s*indicators?", after, re.I):
                if term not in q.indicator_terms:
                    q.indicator_terms.append(term)
                    q.indicators_mentioned = True
                    _note(q, "indicator name contains", term)
            elif term not in q.topics:
                q.topics.append(term)
                _note(q, "topic", term)
            m.take(found.start(), found.end())


def _gloss(term):
    """English topic words to the Chinese the document uses."""
    if is_chinese(term):
        return term
    term = term.lower().strip()
    term = re.sub(r"\b(funds?|programs?|projects?|the|a|an|of|and|issues?|work)\b", " ", term).strip()
    term = re.sub(r"\s+", " ", term)
    if term in GLOSSES:
        return GLOSSES[term]
    for english in sorted(GLOSSES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(english)}\b", term):
            return GLOSSES[english]
    return term or None


def _indicator_words(q, m, vocab):
    text = m.text
    if re.search(L.INDICATOR_WORDS, text, re.I) and not re.search(r"绩效目标|年度目标|目标是什么", text):
        q.indicators_mentioned = True
    if m.take_pattern(L.NON_CORE_WORDS):
        q.core = False
        _note(q, "indicators", "non-core")
    elif m.take_pattern(L.CORE_WORDS):
        q.core = True
        _note(q, "indicators", "core")
    if m.take_pattern(L.QUALITATIVE_WORDS):
        q.qualitative = True
        _note(q, "indicators", "定性")
    elif m.take_pattern(L.QUANTITATIVE_WORDS):
        q.qualitative = False
        _note(q, "indicators", "quantitative")
    if q.core is not None or q.qualitative is not None:
        q.indicators_mentioned = True
    _units(q, m, vocab)
    if re.search(r"指标性质|性质|operator|comparison|符号|sign\b", m.text, re.I):
        for op, pattern in L.OPERATOR_WORDS.items():
            hit = re.search(rf"[“\"'「(（]?\s*(?:严格|strict(?:ly)?\s+)?(?:{pattern})\s*[”\"'」)）]?", m.text, re.I)
            if hit:
                q.operator = op
                q.indicators_mentioned = True
                _note(q, "operator", op)
                m.take(hit.start(), hit.end())
                break


def _units(q, m, vocab):
    explicit = re.search(r"(?:计量单位|单位|units?|measured in)\s*(?:为|是|=|:|：|is|of|in)?\s*[“\"]?([^\s”\"的,，]{1,8}?)[”\"]?\s*(?:的|$|指标|indicators?)",
                         m.text, re.I) or re.search(r"以\s*[“\"]?([^\s”\"]{1,6}?)[”\"]?\s*为(?:计量)?单位", m.text)
    if explicit:
        unit = explicit.group(1)
        unit = {"percent": "%", "百分比": "%", "百分号": "%"}.get(unit, unit)
        if unit in vocab.units:
            q.unit = unit
            q.indicators_mentioned = True
            _note(q, "unit", unit)
            m.take(explicit.start(), explicit.end())
            return
    for found in m.find_all(r"(?:单位|units?|measured)\s*(?:为|是|in|of|is)?\s*(%|percent|百分比)"):
        q.unit = "%"
        q.indicators_mentioned = True
        _note(q, "unit", "%")
        m.take(found.start(), found.end())
        return


def _target_texts(q, m):
    for hit in m.find_all(r"(?:指标值|目标值|target value|target)\s*(?:写的|写着|写)?\s*(?:是|为|of|is|=|:|：)?\s*[“\"'「]([^”\"'」]{1,20})[”\"'」]"):
        q.target_texts.append(hit.group(1))
        q.indicators_mentioned = True
        _note(q, "target value", hit.group(1))
        m.take(hit.start(), hit.end())


def _indicator_terms(q, m, vocab):
    """The longest piece of the question that is part of some indicator name."""
    text = re.sub(rf"{L.INDICATOR_WORDS}|{L.WEIGHT_WORDS}|{L.TARGET_VALUE_WORDS}|名称|包含|含有|带有|哪些|哪个|"
                  r"多少|几个|平均|每个|合计|总共|一共|最多|最少|最高|最低|专项|资金|项目|有|的|是|为",
                  lambda x: " " * len(x.group()), m.text, flags=re.I)
    if q.lang == "en":
        for chunk in re.findall(r"[\u4e00-\u9fff]{2,}", text):
            if any(chunk in name for name in vocab.indicator_names):
                q.indicator_terms.append(chunk)
                _note(q, "indicator name contains", chunk)
                return
        for english in sorted(GLOSSES, key=len, reverse=True):
            if re.search(rf"\b{re.escape(english)}\b", text):
                term = GLOSSES[english]
                if any(term in name for name in vocab.indicator_names):
                    q.indicator_terms.append(term)
                    _note(q, "indicator name contains", term)
                    return
        return
    names = "\n".join(vocab.indicator_names)
    best = (" " * 2, 0, 0)  # a term needs three characters or more: 条数, 数量 are not names
    for start in range(len(text)):
        for end in range(len(text), start + 1, -1):
            piece = text[start:end]
            if " " in piece or (best and len(piece) <= len(best[0])):
                continue
            if piece in names and piece not in STOP_TERMS and re.search(r"[\u4e00-\u9fff]", piece) \
                    and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9%]+", piece) and not _is_filler(piece):
                best = (piece, start, end)
                break
    if best[0].strip():
        q.indicator_terms.append(best[0])
        _note(q, "indicator name contains", best[0])
        m.take(best[1], best[2])


def _is_filler(piece):
    return bool(re.fullmatch(r"[的了是有和与及个项多少几哪些中其这那么呢吗]+|.", piece))


def _mentions_amount(text):
    return any(re.search(re.escape(word), text, re.I) for words in COLUMN_WORDS.values() for word in words)


def _longest_common(a, b):
    best, where = 0, (0, 0)
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1] and a[i - 1] != " ":
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, where = current[j], (i - current[j], i)
        previous = current
    return best, where


def _funds(q, m, vocab):
    if q.lang == "en":
        _funds_english(q, m, vocab)
        return
    text = m.text
    scored = []
    for seq, name, table_name, _ in vocab.funds:
        best = (0, (0, 0), 0.0)
        plain = [re.sub(r"[“”\"（）()]", "", n) for n in (name, table_name)]
        for candidate in {name, table_name, fund_core(name), fund_core(table_name), *plain, *map(fund_core, plain)}:
            length, span = _longest_common(text, candidate)
            core = fund_core(candidate)
            ratio = length / max(len(core), 1)
            if length > best[0] or (length == best[0] and ratio > best[2]):
                best = (length, span, ratio)
        length, span, ratio = best
        matched = text[span[0]:span[1]]
        if matched in STOP_TERMS or re.fullmatch(r"[的了是有和与及]+", matched or "的"):
            continue
        core_len = len(fund_core(name))
        if length >= 4 or (length >= 3 and ratio >= 0.5) or (length >= 2 and length == core_len):
            scored.append((length, ratio, seq, span))
    # "X专项" where X is part of several fund names: an ambiguous reference.
    for found in re.finditer(r"([\u4e00-\u9fff]{2,8})(?:专项|资金|类专项)", text):
        term = found.group(1)
        term = re.sub(r"^(的|有|在|和|与|及)", "", term)
        term = re.sub(r"(的|类)$", "", term)
        matches = [seq for seq, name, table_name, _ in vocab.funds if len(term) >= 2 and
                   term not in STOP_TERMS and (term in name or term in table_name)]
        if matches and not scored:
            for seq in matches:
                scored.append((len(term), len(term) / max(len(fund_core(vocab.funds[seq - 1][1])), 1),
                               seq, (found.start(1), found.start(1) + len(found.group(1)))))
    if not scored:
        return
    top = max(s[0] for s in scored)
    best = [s for s in scored if s[0] == top]
    exact = [s for s in best if s[1] >= 0.999]
    chosen = exact or best
    q.funds = [s[2] for s in sorted(chosen, key=lambda s: -s[1])]
    start, end = chosen[0][3]
    q.fund_term = text[start:end].strip()
    q.ambiguous = len(q.funds) > 1
    names = [vocab.funds[seq - 1][1] for seq in q.funds]
    _note(q, "fund", "、".join(names) if len(names) <= 5 else f"{len(names)} funds matching {q.fund_term}")
    for s in chosen:
        m.take(*s[3])


def _funds_english(q, m, vocab, named_only=False):
    """English questions name funds by Chinese name, or by English words we gloss."""
    text = m.text
    for found in re.finditer(r"[\u4e00-\u9fff“”（）()]{2,30}", text):
        if named_only and not (found.group().endswith("专项") or
                               any(found.group() in (name, fund_core(name)) for _, name, _, _ in vocab.funds)):
            continue
        sub = Question(text=found.group())
        sub_mask = Masked(found.group())
        _funds(sub, sub_mask, vocab)
        if sub.funds:
            q.funds, q.fund_term, q.ambiguous = sub.funds, sub.fund_term, sub.ambiguous
            q.recognized += sub.recognized
            m.take(found.start(), found.end())
            return
    if named_only:
        return
    if q.topics or not re.search(r"\b(?:fund|program|programme)\b(?!s)", text):
        return
    hits = []
    for english in sorted(GLOSSES, key=len, reverse=True):
        for hit in re.finditer(rf"\b{re.escape(english)}\b", text):
            if not any(h.start() <= hit.start() < h.end() for h in hits):
                hits.append(hit)
    terms = {GLOSSES[h.group()] for h in hits}
    scores = {seq: sum(term in name or term in table_name for term in terms)
              for seq, name, table_name, _ in vocab.funds}
    best = max(scores.values(), default=0)
    if best:
        matches = [seq for seq, score in scores.items() if score == best]
        used = [h for h in hits if any(GLOSSES[h.group()] in vocab.funds[s - 1][1] for s in matches)]
        q.funds, q.fund_term, q.ambiguous = matches, " ".join(h.group() for h in used), len(matches) > 1
        _note(q, "fund", "、".join(vocab.funds[s - 1][1] for s in matches[:5]))
        for h in used:
            m.take(h.start(), h.end())


def _metric_near(text, position, default=None, before_only=False):
    """The amount column named closest before position (or just after it)."""
    best, distance = default, None
    for metric, words in COLUMN_WORDS.items():
        for word in words:
            for found in re.finditer(re.escape(word), text, re.I):
                if found.end() <= position:
                    d = position - found.end()
                elif not before_only and found.start() >= position:
                    d = found.start() - position + 6
                else:
                    continue
                if distance is None or d < distance:
                    best, distance = metric, d
    return best


def _mentioned_metric(text):
    found = []
    for metric, words in COLUMN_WORDS.items():
        for word in words:
            for hit in re.finditer(re.escape(word), text, re.I):
                found.append((hit.start(), metric))
    return found


_N = rf"({NUMBER_PATTERN}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"


def _indicator_metric_near(text, position):
    """Rankings of indicators are by weight or by target value, whichever is named nearer."""
    best, distance = None, None
    for metric, pattern in (("weight", L.WEIGHT_WORDS), ("target_value", L.TARGET_VALUE_WORDS)):
        for hit in re.finditer(pattern, text, re.I):
            d = abs(position - (hit.end() if hit.end() <= position else hit.start()))
            if distance is None or d < distance:
                best, distance = metric, d
    return best if distance is not None and distance <= 12 else None


def _ranking(q, m):
    text = m.text
    patterns = [
        (rf"排(?:名|行|在)?\s*第\s*{_N}|\branked\s+(?:number\s+)?(\d+|\w+(?:st|nd|rd|th))", "nth", "desc"),
        (rf"排(?:名|行|在)?\s*前\s*{_N}", "limit", "desc"),
        (rf"第\s*{_N}\s*(?:大|多|高|名|位)", "nth", "desc"),
        (rf"第\s*{_N}\s*(?:小|少|低)", "nth", "asc"),
        (rf"倒数第\s*{_N}", "nth", "asc"),
        (rf"\b(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)\s+(?:largest|biggest|highest|most)", "nth", "desc"),
        (rf"\b(\d+(?:st|nd|rd|th)|second|third|fourth|fifth)\s+(?:smallest|lowest|least)", "nth", "asc"),
        (rf"(?:前|top\s*|largest\s+|biggest\s+|highest\s+|first\s+)\s*{_N}\s*(?:个|名|位|项|大|funds?)?", "limit", "desc"),
        (rf"(?:后|倒数|bottom\s*|smallest\s+|lowest\s+|last\s+)\s*{_N}\s*(?:个|名|位|项|funds?)?", "limit", "asc"),
        (rf"(?:最大|最多|最高)的?\s*{_N}\s*(?:个|名|位|项)", "limit", "desc"),
        (rf"(?:最小|最少|最低)的?\s*{_N}\s*(?:个|名|位|项)", "limit", "asc"),
        (rf"\b{_N}\s+(?:largest|biggest|highest|most)", "limit", "desc"),
        (rf"\b{_N}\s+(?:smallest|lowest|least)", "limit", "asc"),
        (rf"\b{_N}\s+(?:funds?|programs?|departments?|indicators?)\s+(?:with|by|having|that have)\s+(?:the\s+)?"
         rf"(?:largest|biggest|highest|most)", "limit", "desc"),
        (rf"\b{_N}\s+(?:funds?|programs?|departments?|indicators?)\s+(?:with|by|having|that have)\s+(?:the\s+)?"
         rf"(?:smallest|lowest|least|fewest)", "limit", "asc"),
        (rf"{_N}\s*(?:个|项)\s*(?:最大|最多|最高)", "limit", "desc"),
        (rf"{_N}\s*(?:个|项)\s*(?:最小|最少|最低)", "limit", "asc"),
    ]
    for pattern, kind, order in patterns:
        found = re.search(pattern, text, re.I)
        if not found:
            continue
        word = next(g for g in found.groups() if g)
        n = english_ordinal(word) if kind == "nth" and english_ordinal(word) else english_count(word)
        if n is None:
            n = to_number(word)
        if n is None or n < 1 or n > 1000:
            continue
        n = int(n)
        q.order = order
        if kind == "nth":
            q.nth = n
        else:
            q.limit = n
        q.metric = q.metric or _metric_near(text, found.start(), None) or _metric_near(text, found.end(), None)
        _note(q, "ranking", f"{'top' if order == 'desc' else 'bottom'} {n}" if kind == "limit" else f"#{n}")
        m.take(found.start(), found.end())
        text = m.text
        break
    superlative = re.search(r"(最大|最多|最高|最重|最小|最少|最低|最轻|largest|biggest|highest|heaviest|(?<!at )most|greatest|"
                            r"smallest|lowest|lightest|(?<!at )least|fewest)", text, re.I)
    if superlative and q.order is None:
        word = superlative.group(1).lower()
        q.order = "desc" if word in ("最大", "最多", "最高", "最重", "largest", "biggest", "highest", "heaviest", "most",
                                     "greatest") else "asc"
        q.limit = 1
        q.ties = True
        counts_funds = re.match(r"\s*(?:funds|programs)\b", text[superlative.end():], re.I) or \
            re.search(r"专项(?:数|数量|个数)?\s*$", text[:superlative.start()])
        q.metric = q.metric or ("fund_count" if counts_funds else None) or \
            _indicator_metric_near(text, superlative.start()) or _metric_near(text, superlative.start(), None)
        _note(q, "ranking", "largest" if q.order == "desc" else "smallest")
        m.take(superlative.start(), superlative.end())
    elif re.search(L.SORT_WORDS, text, re.I) and q.order is None:
        found = re.search(L.SORT_WORDS, text, re.I)
        q.sort_only = True
        q.order = "asc" if re.search(r"由低到高|从低到高|从小到大|升序|ascending|smallest first|lowest first", text, re.I) else "desc"
        q.metric = q.metric or _metric_near(text, found.start(), None)
        _note(q, "ranking", "sorted")
        m.take(found.start(), found.end())


def _amounts(q, m):
    text = m.text
    number = rf"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    unit = rf"\s*({L.MONEY_UNITS}|%|percent|个|项|条)?"
    between = re.finditer(
        rf"(?:在|介于|between|from)?\s*{number}{unit}\s*(?:{L.BETWEEN_JOINERS})\s*{number}{unit}\s*(?:之间|以内|区间|范围内)?",
        text, re.I)
    for found in between:
        if not (re.search(r"之间|between|from|介于", found.group(0), re.I) or found.group(2) or found.group(4)):
            continue
        low_unit = found.group(2) or found.group(4)
        high_unit = found.group(4) or found.group(2)
        low, high = _value(q, found.group(1), low_unit, text, found.start()), \
            _value(q, found.group(3), high_unit, text, found.start())
        if low is None or high is None:
            continue
        metric = _condition_metric(q, text, found.start(), low_unit, found.end())
        q.conditions.append(Condition(metric, "between", min(low[0], high[0]), max(low[0], high[0]),
                                      found.group(0).strip()))
        _note(q, "condition", f"{metric} between {found.group(0).strip()}")
        m.take(found.start(), found.end())
        text = m.text
    for words, op in L.COMPARATORS_BEFORE:
        for found in re.finditer(rf"(?:{words})\s*{number}{unit}", text, re.I):
            _add_condition(q, m, found, op, found.group(1), found.group(2))
        text = m.text
    for words, op in L.COMPARATORS_AFTER:
        for found in re.finditer(rf"{number}{unit}\s*(?:{words})", text, re.I):
            if words.startswith("及以上") and found.group(0).endswith("多") and not found.group(2):
                continue
            _add_condition(q, m, found, op, found.group(1), found.group(2))
        text = m.text
    for found in re.finditer(rf"(?:为|是|等于|is|of)\s*{number}\s*({L.MONEY_UNITS})", text, re.I):
        _add_condition(q, m, found, "=", found.group(1), found.group(2))


def _value(q, number_text, unit, text, position):
    value = to_number(number_text)
    if value is None:
        return None
    unit = (unit or "").lower().strip()
    if unit in ("%", "percent", "个", "项", "条"):
        return value, unit
    if unit:
        key = unit.replace(" yuan", "")
        return value * UNIT_TO_WAN.get(key, UNIT_TO_WAN.get(unit, 1.0)), unit
    return value, ""


def _condition_metric(q, text, position, unit, end=None):
    unit = (unit or "").lower()
    before = text[max(0, position - 12):position]
    end = position if end is None else end
    if re.search(L.WEIGHT_WORDS, before, re.I):
        return "weight"
    if re.search(L.TARGET_VALUE_WORDS, before, re.I):
        return "target_value"
    after = text[end:end + 20]
    if re.match(r"\s*(?:个|项|条)?\s*(?:的)?\s*(?:核心|定性|定量|非核心)?(?:绩效)?指标|\s*(?:\w+\s+)?indicators?\b",
                after, re.I) or (unit in ("个", "项", "条") and re.search(r"指标", before)):
        return "indicator_count"
    if unit in ("个", "项") or re.search(r"专项数|个数|数量|number of funds", before) or \
            re.match(r"\s*funds?\b", after, re.I):
        return "fund_count"
    share = re.search(L.SHARE_WORDS, text, re.I)
    if unit in ("%", "percent") or (share and share.start() < position):
        column = _metric_near(text, position, "district_subsidy", before_only=True)
        if re.search(L.GRAND_TOTAL_WORDS, text, re.I):
            return "grand_share"
        return "city_share" if column == "city_spend" else "district_share"
    metric = _metric_near(text, position, None, before_only=True)
    if metric is None and q.lang == "en":
        # "… 500 million yuan to the districts": a column named right after the amount
        after = re.match(r"\s*(?:yuan\s+)?(?:to|for|in|of|on|as)\s+(?:the\s+)?([a-z]+(?:[- ][a-z]+)?)", text[end:])
        metric = _metric_near(after.group(1), 0, None) if after else None
    return metric or "total"


def _add_condition(q, m, found, op, number_text, unit):
    text = m.text
    metric = _condition_metric(q, text, found.start(), unit, found.end())
    parsed = _value(q, number_text, unit, text, found.start())
    if parsed is None:
        return
    value, unit = parsed
    if metric in AMOUNT_METRICS and not unit and re.match(r"\s*(个|项|条)?\s*(专项|资金|项目|funds?)\b", text[found.end():], re.I):
        return
    if metric in AMOUNT_METRICS and not unit:
        if value < 1000:
            value *= 10000
            q.notes.append(f"“{found.group(0).strip()}” has no unit: read as 亿元")
        else:
            q.notes.append(f"“{found.group(0).strip()}” has no unit: read as 万元")
    if metric in AMOUNT_METRICS and unit in ("个", "项", "条"):
        return
    condition = Condition(metric, op, value, None, found.group(0).strip())
    after = text[found.end():found.end() + 8]
    before = text[max(0, found.start() - 12):found.start()]
    before = text[max(0, found.start() - 40):found.start()]
    condition.per_fund = bool(re.match(r"\s*(元|的)?\s*(的)?\s*(专项|资金|项目)", after) or re.search(
        r"(funds?|programs?)\s+(?:(?:with|that|which|have|has|having|a|an|budgets?|of|are|is|whose|total|amounts?|"
        r"city-level|spending|district|subsidies|gets?|receives?)\s+){0,5}$", before, re.I))
    q.conditions.append(condition)
    _note(q, "condition", f"{metric} {op} {found.group(0).strip()}")
    both = re.search(r"(补助区县|市级支出|预算)\s*(?:和|与|及|、|and)\s*(补助区县|市级支出|预算)\s*(?:都|均|全都|both)?\s*$",
                     text[max(0, found.start() - 16):found.start()])
    if both and metric in AMOUNT_METRICS:
        names = {"补助区县": "district_subsidy", "市级支出": "city_spend", "预算": "total"}
        for word in both.groups():
            if names[word] != metric:
                q.conditions.append(Condition(names[word], op, value, None, condition.text))
    m.take(found.start(), found.end())


def _zero_conditions(q, m):
    zero_patterns = [
        (r"(non-?zero|不为零|不为0|大于零|非零)\s*(district|county|补助区县|区县)|"
         r"(that|which|who)?\s*(do |does |actually )*(subsidi[sz]e|give (money )?to|gives (money )?to|send money to|"
         r"pass (money )?(down )?to|passes (money )?(down )?to) (the )?districts|"
         r"(补助区县|区县补助)\s*(不为零|不为0|大于零|非零)", "district_subsidy", False),
        (r"(non-?zero|不为零|不为0|大于零|非零)\s*(city|市级)|市级支出\s*(不为零|不为0|大于零|非零)", "city_spend", False),
        (r"(市里|市级|市本级)[^，。,]{0,6}(一分钱)?[^，。,]{0,3}(不花|不出|没花|不用|不支出)|"
         r"the city (itself )?spends nothing|city spends nothing", "city_spend", True),
        (r"区县[^，。,]{0,4}(拿不到|没拿到|分不到|一分钱都没有)|不给区县|districts get nothing", "district_subsidy", True),
        (r"(没有|无|不含|没|不)\s*(补助区县|区县补助|对区县的补助|补助)|补助区县\s*(为|是|等于)\s*(0|零|空)|"
         r"(全部|都|全都|完全)(资金)?(都)?(是|为|用于|用在|由|属于)?市级支出|只有市级支出|纯市级|"
         r"(no|without|zero)\s+(district|county)?\s*subsid|no money (for|to) districts|entirely (city|spent by the city)|only city|"
         r"all (city|spent at city)", "district_subsidy", True),
        (r"(没有|无|不含|没)\s*(市级支出)|市级支出\s*(为|是|等于)\s*(0|零|空)|(全部|都|全都|完全)(资金)?(都)?(是|为|用于|用来|拿来|用在|给)?(补助区县|区县)|"
         r"全部补助|(no|without|zero)\s+city(-level)?\s*spend|entirely (for |to )?(district|subsid)|all (district )?subsidies",
         "city_spend", True),
        (r"(?<![没不])(有|含有|包含)\s*(补助区县|区县补助)|(with|have|has|having)\s+(any\s+)?(district|county)\s+subsid",
         "district_subsidy", False),
    ]
    for pattern, column, is_zero in zero_patterns:
        found = re.search(pattern, m.text, re.I)
        if found and column not in q.zero:
            q.zero[column] = is_zero
            _note(q, "condition", f"{column} {'= 0' if is_zero else '> 0'}")


def _aggregates(q, m):
    text = m.text
    if re.search(L.PER_DEPARTMENT, text, re.I) and not re.search(
            r"平均每个部门|平均每部门|平均各部门|average (?:number of )?funds? (?:per|for each) department|per department on average",
            text, re.I):
        q.per_department = True
        _note(q, "grouping", "per department")
        m.take_pattern(L.PER_DEPARTMENT)
        text = m.text
    if re.search(r"中位数|中位值|median", text, re.I):
        q.aggregate = "median"
    elif re.search(r"相差|差距|差额|差多少|差了多少|difference between|gap between|how much (more|bigger|larger)", text, re.I) \
            and re.search(r"最大|最高|最多|largest|biggest|highest", q.text, re.I) \
            and re.search(r"最小|最低|最少|smallest|lowest", q.text, re.I):
        q.aggregate = "spread"
        q.order, q.limit, q.ties = None, None, False
    elif re.search(L.AVG_WORDS, text, re.I):
        q.aggregate = "avg"
        if re.search(r"平均每个部门|平均每部门|per department", text, re.I) and re.search(r"专项|funds?", text, re.I) \
                and not re.search(L.SUM_WORDS + r"|预算|budget", text, re.I):
            q.target = "departments"
    elif re.search(L.COUNT_WORDS, text, re.I):
        q.aggregate = "count"
    elif re.search(L.SUM_WORDS, text, re.I) or re.search(
            r"\btotal\s+(budget|amount|of|city|district|subsid|spend|funding|money)|总预算|预算总额|总金额|资金总额|一共多少|多少钱|"
            r"总共多少|是多少亿|有多少亿|多少亿", text, re.I):
        q.aggregate = "sum"
    if len(q.departments) > 1 and re.search(r"分别|各自|各是|respectively|each|per department", text, re.I):
        q.per_department = True
    elif len(q.departments) > 1 and q.aggregate and not re.search(
            r"加起来|合计|一共|总共|共计|combined|together|altogether|in total", text, re.I):
        q.per_department = True
    if re.search(L.SHARE_WORDS, text, re.I):
        column = [metric for _, metric in sorted(_mentioned_metric(text)) if metric != "total"]
        grand = re.search(L.GRAND_TOTAL_WORDS, text, re.I)
        if re.search(r"by count|按个数|按数量|个数占比|数量占比|数目占比|percentage of (the )?funds|share of (the )?funds|"
                     r"proportion of (the )?funds|多少比例的专项|百分之几的专项", text, re.I):
            q.share = "count_share"
        elif q.funds and q.departments and not grand:
            q.share = "department_share"
        elif column and re.search(L.GRAND_SET_WORDS, text, re.I) and (q.departments or q.funds or q.topics
                                                                        or q.per_department):
            q.share = "grand_city_share" if column[0] == "city_spend" else "grand_district_share"
        elif column:
            q.share = "city_share" if column[0] == "city_spend" else "district_share"
        elif re.search(L.GRAND_TOTAL_WORDS, text, re.I) or q.departments or q.funds or q.per_department or q.topics:
            q.share = "grand_share"
        else:
            q.share = "district_share"
        _note(q, "share", q.share)
    if re.search(L.LIST_WORDS, text, re.I):
        q.listing = True
    if q.aggregate:
        _note(q, "aggregate", q.aggregate)
    if q.metric is None:
        mentioned = sorted(_mentioned_metric(text))
        if mentioned:
            q.metric = mentioned[0][1]
    if re.search(r"(只|仅)(有|管|负责|主管|管理)?\s*(一|1)\s*个专项|只有一个|仅一个|only one fund|a single fund|just one fund|"
                 r"one fund only|exactly one fund", text, re.I):
        q.conditions.append(Condition("fund_count", "=", 1, None, "only one fund"))
        q.per_department = True
        _note(q, "condition", "departments with one fund")


def _fields(q, m):
    if q.person and re.search(L.FIELD_WORDS["phone"], m.text, re.I):
        q.field = "phone"
        _note(q, "field", "phone")
        m.take_pattern(L.FIELD_WORDS["phone"])
        return
    if re.search(r"手机|mobile|cell ?phone", m.text, re.I) and re.search(r"哪些|哪个|几个|多少|which|how many|list", m.text, re.I):
        q.mobile = True
        _note(q, "phone", "mobile numbers")
    if re.search(r"(联系人|contacts?|people|person)[^，。,]{0,8}(谁|who)|谁负责|who (is|are) (in charge|responsible)|"
                 r"\bwho\b[^,.?]{0,20}\b(contacts?|contact person|in charge|responsible)\b|"
                 r"(which|what|how many) (distinct )?(contacts?|person|people|phone numbers?)|"
                 r"(几|多少)(个|位)(不同的)?(联系人|联系电话|电话)", m.text, re.I) and not (q.funds or q.person):
        q.field = "contact"
        q.target = "contacts"
        _note(q, "field", "contact")
        return
    for name, pattern in L.FIELD_WORDS.items():
        if name in ("contact", "phone") and q.person:
            m.take_pattern(pattern)
            continue
        if not re.search(pattern, m.text, re.I):
            continue
        if name in ("department", "overview", "goal", "line") and not q.funds:
            continue
        m.take_pattern(pattern)
        q.field = name
        _note(q, "field", name)
        return


NOUNS = [("funds", r"专项|资金|项目|funds?|programs?|programmes?|projects?"),
         ("indicators", r"指标|indicators?|kpis?"),
         ("departments", r"部门|单位|departments?|agencies|agency")]


def _noun_target(word):
    for target, pattern in NOUNS:
        if re.fullmatch(pattern, word, re.I):
            return target
    return None


def _target(q, m):
    text = m.text
    asks = re.search(r"(?:哪些|哪个|哪几个|几个|多少个|多少条|多少项|几条|几项|多少|哪几|列出|所有|全部)\s*(?:的)?\s*(?:绩效|核心|定性)?"
                     r"(专项|资金|项目|指标|部门|单位)|"
                     r"(专项|资金|项目|指标|部门|单位)\s*(?:有哪些|有几个|有多少|是哪些|是哪个|是什么|名单|清单|都有谁)"
                     r"(?!\s*(?:条|个|项)?\s*(?:的)?\s*(?:绩效|核心|定性)?(?:专项|资金|项目|指标|部门))|"
                     r"\b(?:which|what|how many|list|show)\s+(?:\w+\s+){0,3}?"
                     r"(funds?|programs?|programmes?|projects?|indicators?|kpis?|departments?|agencies)\b",
                     text, re.I)
    if q.target:
        pass
    elif q.field in ("contact", "phone") and not asks and not q.funds:
        q.target = "contacts"
    elif asks:
        q.target = _noun_target(next(g for g in asks.groups() if g))
    else:
        nouns = [hit.group() for hit in re.finditer(
            r"专项|资金|项目|指标|部门|\b(?:funds?|programs?|indicators?|kpis?|departments?|agencies)\b", text, re.I)]
        if nouns:
            q.target = _noun_target(nouns[0] if q.lang == "en" else nouns[-1])
    if q.target is None and q.indicators_mentioned and (
            q.funds or q.core is not None or q.qualitative is not None or q.unit or q.operator
            or q.indicator_terms or any(c.metric in ("weight", "target_value") for c in q.conditions)):
        q.target = "indicators"
    if q.target in (None, "funds") and q.funds and q.indicator_terms and not q.field \
            and not (q.order or q.conditions or q.aggregate or q.share):
        q.target = "indicators"
    if q.target == "indicators" and q.name_terms:
        q.indicator_terms += q.name_terms
        q.name_terms = []
    if q.target == "indicators" and q.topics and not q.funds:
        q.indicator_terms += q.topics
        q.topics = []
    if q.target == "departments" and q.funds and not q.per_department:
        q.field = "department"
        q.target = "funds"
