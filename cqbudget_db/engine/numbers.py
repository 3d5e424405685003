"""Numbers in questions: Arabic, full-width and Chinese numerals, with money units.

Everything is converted to 万元, the document's unit:
1 亿元 = 10,000 万元; 1 元 = 0.0001 万元; 1 million yuan = 100 万元;
1 billion yuan = 100,000 万元.
"""

import re

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

# Multipliers into 万元.
UNIT_TO_WAN = {
    "亿元": 10000.0, "亿": 10000.0,
    "千万元": 1000.0, "千万": 1000.0,
    "百万元": 100.0, "百万": 100.0,
    "万元": 1.0, "万": 1.0,
    "元": 0.0001, "块": 0.0001,
    "billion": 100000.0, "bn": 100000.0, "b": 100000.0, "million": 100.0, "m": 100.0, "mn": 100.0,
    "yuan": 0.0001, "rmb": 0.0001, "cny": 0.0001,
    "wan": 1.0, "yi": 10000.0,
}


def normalize(text):
    """Full-width digits and punctuation to ASCII; thousands separators removed."""
    text = text.translate(_FULLWIDTH)
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


def chinese_to_number(text):
    """'一百二十' -> 120, '两' -> 2, '十五' -> 15, '三千五百' -> 3500; None if not a numeral."""
    if not text or any(ch not in CHINESE_NUMERAL for ch in text):
        return None
    total, section, number = 0, 0, 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (number or 1) * _SMALL_UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10000
            section, number = 0, 0
        elif ch == "亿":
            total = (total + section + number) * 100000000
            section, number = 0, 0
    return total + section + number


NUMBER_PATTERN = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"


def to_number(text):
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    value = chinese_to_number(text)
    return None if value is None else float(value)


_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
             "1st": 1, "2nd": 2, "3rd": 3}


def english_count(word):
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _COUNT_WORDS.get(word)


def english_ordinal(word):
    word = word.lower()
    if word in _ORDINALS:
        return _ORDINALS[word]
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", word)
    return int(m.group(1)) if m else None


def format_amount(wan, lang="zh"):
    """万元 in, the sentence form out: 亿元 above 1 亿, else 万元."""
    if wan is None:
        return "—"
    if wan == 0:
        return "0元" if lang == "zh" else "0 yuan"
    if abs(wan) >= 10000:
        yi = wan / 10000
        text = f"{yi:,.2f}".rstrip("0").rstrip(".") if abs(yi - round(yi, 2)) < 1e-9 else f"{yi:,.2f}"
        return f"{text}亿元" if lang == "zh" else f"{text} 亿元 ({yi / 10:,.2f} billion yuan)"
    text = f"{wan:,.2f}".rstrip("0").rstrip(".")
    return f"{text}万元" if lang == "zh" else f"{text} 万元 ({wan / 100:,.2f} million yuan)"
