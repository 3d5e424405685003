"""The understood question: its slots, the masked text, and the cleaning every question gets."""

import copy
import re
from dataclasses import dataclass, field as dc_field

from .numbers import normalize
from .vocab import COLUMN_WORDS

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
    average: bool = False        # "an average budget per fund above …": a condition on the average


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
    operators: list = dc_field(default_factory=list)
    lacks: list = dc_field(default_factory=list)        # 定性 / 核心: funds without such an indicator
    exclude_departments: list = dc_field(default_factory=list)
    split_core: bool = False     # 核心指标和非核心指标分别多少
    untranslated: list = dc_field(default_factory=list)   # English topic words with no Chinese gloss
    indicator_names: list = dc_field(default_factory=list)  # exact names, when a name was matched loosely
    column_comparisons: list = dc_field(default_factory=list)  # (column, op, other column)
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


SPECIFIC_WORDS = sorted((w for metric in ("district_subsidy", "city_spend") for w in COLUMN_WORDS[metric]
                          if is_chinese(w)), key=len, reverse=True)
# 补助区县的资金, 市里自己花的钱: the specific column, not the total.
SPECIFIC_THEN_GENERIC = re.compile(
    "(" + "|".join(map(re.escape, SPECIFIC_WORDS)) + r")(?:的)?(?:资金额|资金|金额|经费|钱|部分)")


# Traditional characters that questions about this document use, to their simplified forms.
_TRADITIONAL = str.maketrans(
    "預億萬專項幾個劃與區縣補級總額數標權點費資聯繫係電話號們誰麼這裡裏會門衛員體設發環業農務鄉興醫療險於對為計"
    "職學場鐵線兒婦殘團營並從來過還經濟據價說處應該單樣檢驗審報財稅產質監藥圖書館運輸領導長參與議規劃類別較"
    "義務統節護災難創濟戶數據網齊雙擴優質標準層級購買費用淨減響實際開關機構問題條",
    "预亿万专项几个划与区县补级总额数标权点费资联系系电话号们谁么这里里会门卫员体设发环业农务乡兴医疗险于对为计"
    "职学场铁线儿妇残团营并从来过还经济据价说处应该单样检验审报财税产质监药图书馆运输领导长参与议规划类别较"
    "义务统节护灾难创济户数据网齐双扩优质标准层级购买费用净减响实际开关机构问题条")


def _percent(match):
    from .numbers import to_number

    value = to_number(match.group(1))
    return match.group(0) if value is None else f"{value:g}%"


_NUMERAL = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
_COMPOUND_YI = re.compile(_NUMERAL + r"\s*亿\s*" + r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)\s*万")


def _compound_yi(match):
    """三亿五千万 / 1亿2000万 → one amount in 万."""
    from .numbers import to_number

    high, low = to_number(match.group(1)), to_number(match.group(2).lstrip("零") or "0")
    if high is None or low is None:
        return match.group(0)
    return f"{high * 10000 + low:g}万"


def clean_question(text):
    text = normalize(text or "").strip().translate(_TRADITIONAL)
    text = re.sub(r"百分之([零一二两三四五六七八九十百]+|\d+(?:\.\d+)?)", _percent, text)
    text = re.sub(r"(?<=[A-Za-z])[–—](?=[A-Za-z])", "-", text)
    text = re.sub(r"^(请问一下|请问|请帮我|帮我查一下|帮我查查|帮我查|帮我看看|帮忙查一下|我想知道|我想问|想问一下|"
                  r"能不能查一下|能不能帮我查一下|能否查一下|可以查一下|给我看看|给我查查|给我查一下|查查|"
                  r"查一下|查询|告诉我|能否告诉我|请列出|请|please tell me|please|can you tell me|"
                  r"could you tell me|i want to know|tell me)\s*", "", text, flags=re.I)
    text = re.sub(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)\s*个\s*(亿|万)", r"\1\2", text)
    text = re.sub(r"(几|多少)个(亿|万)", r"多少\2", text)
    text = _COMPOUND_YI.sub(_compound_yi, text)
    text = re.sub(r"今年|本年度|2024\s*年度?的?|in 2024|for 2024|2024's", "", text, flags=re.I)
    text = re.sub(r"[(（]\s*(counting|including|包括|包含|含)[^)）]*[)）]", "", text, flags=re.I)
    text = re.sub(r"\b(one|two|three|four|five|six|seven|eight|nine|ten)(?=\s+(?:\w+\s+){0,2}(?:funds?|indicators?|departments?)\b)",
                  lambda m: str(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
                                .index(m.group(1).lower()) + 1), text, flags=re.I)
    text = re.sub(r"(?:\b(?:rmb|cny)|[¥￥])\s*(?=\d)", "", text, flags=re.I)
    text = re.sub(r"(?<=\d)\s*(m|mn|million|b|bn|billion)\s+(?:yuan|rmb|cny)\b", r" \1", text, flags=re.I)
    text = re.sub(r"(?<=\d)\s*(yuan|rmb|cny)\b", " yuan", text, flags=re.I)
    text = re.sub(r"(过半|超过一半|多于一半|more than half|over half)", "超过50%", text, flags=re.I)
    text = re.sub(r"(不到一半|少于一半|不足一半|less than half|under half)", "不足50%", text, flags=re.I)
    text = SPECIFIC_THEN_GENERIC.sub(r"\1", text)
    return re.sub(r"[?？!！。.;；\s]+$", "", text).strip()


def note(q, kind, value):
    q.recognized.append(f"{kind}: {value}")
