"""Indicator words in a question: core, 定性, units, operators, target values, and
the longest piece of the question that is part of an indicator name.
"""

import re

from . import lexicon as L
from .question import note
from .vocab import COLUMN_WORDS, GLOSSES, STOP_TERMS


def find_indicator_words(q, m, vocab):
    text = m.text
    if re.search(L.INDICATOR_WORDS + "|" + L.WEIGHT_WORDS + "|" + L.TARGET_VALUE_WORDS, text, re.I) \
            and not re.search(r"绩效目标|年度目标|目标是什么", text):
        q.indicators_mentioned = True
    if re.search(L.NON_CORE_WORDS, text, re.I) and re.search(r"(?<!非)核心指标(和|与|及|、)|\bcore and non-core\b", text, re.I):
        q.split_core = True
        q.indicators_mentioned = True
        note(q, "indicators", "core and non-core")
    if m.take_pattern(L.NON_CORE_WORDS):
        q.core = False
        note(q, "indicators", "non-core")
    elif m.take_pattern(L.CORE_WORDS):
        q.core = True
        note(q, "indicators", "core")
    if q.split_core:
        q.core = None
        m.take_pattern(L.CORE_WORDS)
    if m.take_pattern(L.QUALITATIVE_WORDS):
        q.qualitative = True
        note(q, "indicators", "定性")
    elif m.take_pattern(L.QUANTITATIVE_WORDS):
        q.qualitative = False
        note(q, "indicators", "quantitative")
    lacking = re.search(r"(没有|无|不含|不包含|没|without|no|not a single|not one|none)\s*(任何|一个|any|a)?\s*(的)?\s*"
                        r"(定性|qualitative|核心|core)", text, re.I)
    if lacking:
        q.lacks.append("定性" if re.match(r"定性|qualitative", lacking.group(4), re.I) else "核心")
        note(q, "indicators", f"no {lacking.group(4)} indicator")
        if q.qualitative and q.lacks[-1] == "定性":
            q.qualitative = None
        if q.core and q.lacks[-1] == "核心":
            q.core = None
    if q.core is not None or q.qualitative is not None or q.lacks:
        q.indicators_mentioned = True
    # 是不是核心指标 / is X a core indicator: show the indicator, do not filter on the property
    if re.search(r"是不是|是否|是.{0,4}吗$|^(is|are)\b|\bis (it|this|that)\b", q.text, re.I):
        q.core = q.qualitative = None
    find_units(q, m, vocab)
    symbol = re.search(r"[“\"'「(（]\s*(?:≥|≤|>=|<=|>|<|=)\s*[”\"'」)）]|\bstrict(?:ly)?\s+(?:greater|less)|严格(?:大于|小于)",
                       m.text, re.I)
    if re.search(r"指标性质|性质|operator|comparison|符号|sign\b", m.text, re.I) or (symbol and q.indicators_mentioned):
        for op, pattern in L.OPERATOR_WORDS.items():
            hit = re.search(rf"[“\"'「(（]?\s*(?:严格|strict(?:ly)?\s+)?(?:{pattern})\s*[”\"'」)）]?", m.text, re.I)
            if hit:
                q.operators.append(op)
                q.operator = q.operator or op
                q.indicators_mentioned = True
                note(q, "operator", op)
                m.take(hit.start(), hit.end())
                if not re.search(r"\bor\b|或|、|和|/", m.text[max(0, hit.start() - 6):hit.end() + 6], re.I):
                    break


def find_units(q, m, vocab):
    explicit = re.search(r"(?:计量单位|单位|units?|measured in)\s*(?:为|是|=|:|：|is|of|in)?\s*[“\"]?([^\s”\"的,，、]{1,8}?)[”\"]?\s*"
                         r"(?:的|$|指标|indicators?|、|,|，|和|且|并且|and\b)",
                         m.text, re.I) or re.search(r"以\s*[“\"]?([^\s”\"]{1,6}?)[”\"]?\s*为(?:计量)?单位", m.text) \
        or re.search(r"\buses?\s+[“\"']?(\S{1,8}?)[”\"']?\s+as\s+(?:the|its)?\s*(?:measurement\s+)?unit", m.text, re.I)
    if explicit:
        unit = explicit.group(1)
        unit = {"percent": "%", "百分比": "%", "百分号": "%"}.get(unit, unit)
        if unit in vocab.units:
            q.unit = unit
            q.indicators_mentioned = True
            note(q, "unit", unit)
            m.take(explicit.start(), explicit.end())
            return
    for found in m.find_all(r"(?:单位|units?|measured)\s*(?:为|是|in|of|is)?\s*(%|percent|百分比)"):
        q.unit = "%"
        q.indicators_mentioned = True
        note(q, "unit", "%")
        m.take(found.start(), found.end())
        return


def find_target_texts(q, m):
    for hit in m.find_all(r"(?:指标值|目标值|target value|target)\s*(?:写的|写着|写)?\s*(?:是|为|of|is|=|:|：)?\s*[“\"'「]([^”\"'」]{1,20})[”\"'」]"):
        q.target_texts.append(hit.group(1))
        q.indicators_mentioned = True
        note(q, "target value", hit.group(1))
        m.take(hit.start(), hit.end())


_COLUMN_PHRASES = "|".join(sorted((re.escape(w) for ws in COLUMN_WORDS.values() for w in ws if not w.isascii()),
                                 key=len, reverse=True))


def find_indicator_terms(q, m, vocab, shortest=3):
    """The longest piece of the question that is part of some indicator name."""
    text = re.sub(rf"{L.INDICATOR_WORDS}|{L.WEIGHT_WORDS}|{L.TARGET_VALUE_WORDS}|{L.SHARE_WORDS}|{_COLUMN_PHRASES}|"
                  r"名称|包含|含有|带有|哪些|哪个|多少|几个|平均|每个|合计|总共|一共|最多|最少|最高|最低|市级|重点|"
                  r"专项|资金|项目|有|的|是|为",
                  lambda x: " " * len(x.group()), m.text, flags=re.I)
    if q.lang == "en":
        for chunk in re.findall(r"[\u4e00-\u9fff]{2,}", text):
            if any(chunk in name for name in vocab.indicator_names):
                q.indicator_terms.append(chunk)
                note(q, "indicator name contains", chunk)
                return
        for english in sorted(GLOSSES, key=len, reverse=True):
            if re.search(rf"\b{re.escape(english)}\b", text):
                term = GLOSSES[english]
                # two-character glosses (发展, 建设) are too common to name an indicator
                if len(term) >= 3 and any(term in name for name in vocab.indicator_names):
                    q.indicator_terms.append(term)
                    note(q, "indicator name contains", term)
                    return
        return
    # Names are also matched without their bracketed parts: 中欧班列（渝新欧）重箱率 → 中欧班列重箱率.
    plain = {name: re.sub(r"[（(][^）)]*[）)]", "", name) for name in vocab.indicator_names}
    names = "\n".join(list(vocab.indicator_names) + [p for n, p in plain.items() if p != n])
    best = (" " * (shortest - 1), 0, 0)  # three characters or more: 条数, 数量 are not names
    for start in range(len(text)):
        for end in range(len(text), start + 1, -1):
            piece = text[start:end]
            if " " in piece or (best and len(piece) <= len(best[0])):
                continue
            if piece in names and piece not in STOP_TERMS and re.search(r"[\u4e00-\u9fff]", piece) \
                    and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9%]+", piece) and not is_filler(piece):
                best = (piece, start, end)
                break
    if best[0].strip():
        piece = best[0]
        if any(piece in name for name in vocab.indicator_names):
            q.indicator_terms.append(piece)
        else:
            q.indicator_names += [name for name, p in plain.items() if piece in p]
        note(q, "indicator name contains", piece)
        m.take(best[1], best[2])


def is_filler(piece):
    return bool(re.fullmatch(r"[的了是有和与及个项多少几哪些中其这那么呢吗]+|.", piece))


def mentions_amount(text):
    return any(re.search(re.escape(word), text, re.I) for words in COLUMN_WORDS.values() for word in words)
