"""The text every question is read in: simplified characters, ASCII digits and
punctuation, lower-case Latin letters, no thousands separators, one space."""

import functools
import re
import unicodedata

# Characters that only occur in traditional writing; when none is present the
# converter (and its start-up cost) is skipped.
_TRADITIONAL_HINT = re.compile(
    "[預億萬專項幾個劃與區縣補級總額數標權點費資聯繫係電話號們誰麼這裡會門衛員體設發環業農務鄉興醫療險於對為計"
    "職學場鐵線兒婦殘團營從來過還經濟據價說處應該單樣檢驗審報財稅產質監藥圖書館運輸領導長參議規類別較義統節護災難"
    "創戶網齊雙擴優準層購買淨減響實際開關機構問題條傳營電腦區縣協會]")


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text):
    """Traditional characters to simplified ones (opencc), only when some are present."""
    return _converter().convert(text) if _TRADITIONAL_HINT.search(text) else text


def normalize(text):
    """The form the lexicon and the question are matched in."""
    text = unicodedata.normalize("NFKC", text or "")
    text = simplified(text)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    # PDF text and typed questions put spaces between Chinese and Latin or digits (HPV 疫苗): drop them
    # (but 2亿 and 4亿: an amount stays apart from the English word after it)
    text = re.sub(r"(?<=[\u4e00-\u9fff])(?<![0-9][亿万元])(?<!万元) (?=[A-Za-z0-9%])|(?<=[A-Za-z0-9%]) (?=[\u4e00-\u9fff])",
                  "", text)
    # 过亿 / 破十亿 / 超百亿: a comparison with no digit, which the number reader needs
    text = re.sub(r"(?<![超])(?:过|破|超)(十|百)?亿", lambda m: "超过" + {"十": "10", "百": "100"}.get(m[1], "1") + "亿", text)
    text = re.sub(r"\b(?:single|one)[- ]fund (departments?|agenc(?:y|ies)|bureaus?)\b", r"\1 with only one fund", text,
                  flags=re.I)     # single-fund departments: departments with only one fund
    text = re.sub(r"(?<!not )\ba single\b", "one", text, flags=re.I)     # manage only a single fund: one fund, counted
    return text.lower()
