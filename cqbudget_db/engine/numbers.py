"""Numbers in questions: Arabic, Chinese (cn2an) and English numerals, with the
unit that follows them.  Amounts are converted to 万元, the document's unit.

    >>> [(n.value, n.unit) for n in find_numbers("三亿五千万以上")]
    [(35000.0, 'money')]
"""

import functools
import re
from dataclasses import dataclass

# Multipliers into 万元.
MONEY = {
    "亿元": 10000.0, "亿": 10000.0, "千万元": 1000.0, "千万": 1000.0, "百万元": 100.0, "百万": 100.0,
    "万元": 1.0, "万": 1.0, "元": 0.0001, "块钱": 0.0001, "块": 0.0001,
    "billion yuan": 100000.0, "billion": 100000.0, "bn": 100000.0, "million yuan": 100.0, "million": 100.0,
    "mn": 100.0, "m": 100.0, "yuan": 0.0001, "rmb": 0.0001, "cny": 0.0001, "wan": 1.0, "yi": 10000.0,
    "thousand yuan": 0.1, "k": 0.1,
}
PERCENT = ["个百分点", "%", "percent", "per cent", "pct", "成"]
COUNTERS = ["个", "项", "条", "名", "位", "家", "只", "种", "笔", "类", "人", "次", "天", "年"]
TIMES = ["倍", "times", "x"]

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE_SMALL = "[零〇一二两三四五六七八九十百千]"
# 十二万五千 is one numeral; in 两千万 the 万 is the unit.
_CHINESE = f"{_CHINESE_SMALL}+(?:[万亿]{_CHINESE_SMALL}+)*"
_ARABIC = r"\d+(?:\.\d+)?"
ENGLISH_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a thousand": 1000, "a billion": 1, "a million": 1, "half a billion": 0.5, "half": 0.5,
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10}


@dataclass
class Number:
    start: int
    end: int
    value: float         # in 万元 for money, % for percent, else as written
    unit: str            # money, percent, count, times, year, ordinal, plain
    raw: str
    unit_text: str = ""
    scale: float = 1.0   # what the written number was multiplied by (10000 for 亿)


def _alternation(words):
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONEY_RE = _alternation(MONEY)
_UNIT_RE = (rf"(?:\s*(?:个\s*)?(?P<money>{_MONEY_RE})(?![a-z])|\s*(?P<percent>{_alternation(PERCENT)})"
            rf"|\s*(?P<times>{_alternation(TIMES)})(?![a-z])|\s*(?P<count>{_alternation(COUNTERS)}))?")
_COMPOUND = re.compile(rf"(?P<high>{_ARABIC}|{_CHINESE})\s*亿\s*(?P<low>{_ARABIC}|[零〇一二两三四五六七八九十百千]+)\s*万(?P<yuan>元)?")
_NUMBER = re.compile(rf"(?P<num>{_ARABIC}|{_CHINESE}(?:\s*点\s*[零〇一二三四五六七八九]+)?){_UNIT_RE}")
_PERCENT_WORDS = re.compile(rf"百分之(?P<num>{_ARABIC}|{_CHINESE}(?:点[零〇一二三四五六七八九]+)?)")
_ENGLISH = re.compile(r"\b(?P<num>" + _alternation(ENGLISH_NUMBERS) + r")\b" + _UNIT_RE.replace("(?:\\s*", "(?:\\s+", 1))
_ORDINAL = re.compile(r"\b(?:(?P<digits>\d+)(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINALS) + r"))\b")
# Words that contain a numeral character but are not numbers.
NOT_NUMBERS = re.compile("一共|一下|一些|一般|一样|一起|一致|一直|一定|一分钱|一分|唯一|统一|一个人|万一|一体|一项项|第一书记|"
                         "一级|二级|三级|三社|两江|两岸|四岸|一带|一路|十四五|十五五|三峡|万州|千万别|百分比|百分之几|"
                         "百分之多少|千家万户|万人|三农|一半|两倍|三倍|一倍")


@functools.lru_cache(maxsize=256)
def chinese_value(text):
    """A Chinese numeral's value (cn2an, imported only when one is met: it is slow to load)."""
    import cn2an

    try:
        return float(cn2an.cn2an(text.replace(" ", ""), "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def to_value(text):
    text = text.strip()
    if re.fullmatch(_ARABIC, text):
        return float(text)
    if text in ENGLISH_NUMBERS:
        return float(ENGLISH_NUMBERS[text])
    return chinese_value(text)


def _unit_of(match):
    for unit in ("money", "percent", "times", "count"):
        if match.groupdict().get(unit):
            return unit, match.group(unit)
    return "plain", ""


def _scaled(value, unit, unit_text):
    if unit == "money":
        return value * MONEY[unit_text.strip()]
    if unit == "percent" and unit_text == "成":
        return value * 10
    return value


def find_numbers(text):
    """Every number in text (normalized), with its unit, non-overlapping, in order."""
    found, taken = [], [False] * (len(text) + 1)

    def add(start, end, value, unit, raw, unit_text="", scale=1.0):
        if value is None or any(taken[start:end]):
            return
        for i in range(start, end):
            taken[i] = True
        found.append(Number(start, end, value, unit, raw, unit_text, scale))

    for blocked in NOT_NUMBERS.finditer(text):
        for i in range(blocked.start(), blocked.end()):
            taken[i] = True
    for m in _COMPOUND.finditer(text):
        high, low = to_value(m.group("high")), to_value(m.group("low").lstrip("零〇") or "0")
        if high is not None and low is not None:
            add(m.start(), m.end(), high * 10000 + low, "money", m.group(0), "亿万")
    for m in _PERCENT_WORDS.finditer(text):
        raw = m.group("num")
        value = 100.0 if raw == "百" else to_value(raw.replace("点", "."))     # 百分之百: a hundred, said short
        add(m.start(), m.end(), value, "percent", m.group(0), "%")
    for m in re.finditer("百分百", text):
        add(m.start(), m.end(), 100.0, "percent", m.group(0), "%")
    for m in _ORDINAL.finditer(text):
        value = int(m.group("digits")) if m.group("digits") else ORDINALS[m.group("word")]
        add(m.start(), m.end(), float(value), "ordinal", m.group(0))
    for pattern in (_NUMBER, _ENGLISH):
        for m in pattern.finditer(text):
            raw = m.group("num")
            value = to_value(raw.replace(" ", "").replace("点", ".")) if "点" in raw else to_value(raw)
            unit, unit_text = _unit_of(m)
            if unit == "count" and unit_text == "年" and value is not None and 1900 <= value <= 2100:
                unit = "year"
            elif unit == "plain" and value is not None and re.fullmatch(r"(19|20)\d\d", raw):
                unit = "year"
            scale = 1.0
            if value is not None and unit != "year":
                scaled = _scaled(value, unit, unit_text)
                scale, value = (scaled / value if value else 1.0), scaled
            add(m.start(), m.end(), value, unit, m.group(0), unit_text, scale)
    return sorted(found, key=lambda n: n.start)
