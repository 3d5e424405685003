"""The first layer of the engine: text → typed spans (no database: a small in-memory vocabulary)."""

import pytest

from cqbudget_db.engine import lexicon
from cqbudget_db.engine.normalize import normalize
from cqbudget_db.engine.numbers import find_numbers
from cqbudget_db.engine.spans import tokenize

from engine_vocab import small_vocabulary

VOCAB = small_vocabulary()


def kinds(question):
    _, spans = tokenize(question, VOCAB)
    return [(s.text, s.kind, s.value if s.kind != "number" else (s.value.value, s.value.unit)) for s in spans
            if s.kind != "function"]


@pytest.mark.parametrize("text, expected", [
    ("三亿五千万以上", [(35000.0, "money")]),
    ("1亿2000万", [(12000.0, "money")]),
    ("两千万", [(2000.0, "money")]),
    ("5个亿", [(50000.0, "money")]),
    ("超过1.5 billion yuan", [(150000.0, "money")]),
    ("100 million yuan", [(10000.0, "money")]),
    ("百分之九十", [(90.0, "percent")]),
    ("九成", [(90.0, "percent")]),
    ("权重为25%", [(25.0, "percent")]),
    ("前5个", [(5.0, "count")]),
    ("3rd largest", [(3.0, "ordinal")]),
    ("2023年", [(2023.0, "year")]),
    ("1,000 万元", [(1000.0, "money")]),
    ("一共有多少", []),
    ("两江新区和三峡", []),
])
def test_numbers_with_units_in_wan(text, expected):
    assert [(n.value, n.unit) for n in find_numbers(normalize(text))] == expected


def test_normalization_traditional_fullwidth_and_spacing():
    assert normalize("預算超過１０億元") == "预算超过10亿元"
    assert normalize("HPV 疫苗接种") == "hpv疫苗接种"
    assert normalize("  Which   Funds ") == "which funds"


def test_longest_match_wins():
    assert kinds("补助区县资金超过5亿") == [("补助区县资金", "metric", "district_subsidy"), ("超过", "compare_before", ">"),
                                            ("5亿", "number", (50000.0, "money"))]


def test_names_from_the_vocabulary():
    assert kinds("卫健委的学生资助专项") == [("卫健委", "department", "重庆市卫生健康委员会"),
                                             ("学生资助专项", "fund", frozenset({10}))]
    assert kinds("黄皇的电话") == [("黄皇", "person", "黄皇"), ("电话", "field", "phone")]


def test_part_of_a_fund_name_and_an_ambiguous_one():
    assert kinds("学生资助资金")[0] == ("学生资助", "fund", frozenset({10}))
    assert kinds("能力建设")[0] == ("能力建设", "fund", frozenset({58}))


def test_leftovers_are_terms_when_the_document_has_them_else_unknown():
    assert ("养老", "term", "养老") in kinds("涉及养老的专项")
    assert ("hpv疫苗接种", "term", "hpv疫苗接种") in kinds("绩效目标提到HPV疫苗接种")
    assert ("火星", "unknown", "火星") in kinds("火星的专项")


def test_quoted_text_is_literal():
    assert ("“满意度”", "quoted", "满意度") in kinds("指标名称里带“满意度”的指标")


def test_english_words_are_whole_words():
    found = kinds("Which funds have no district subsidy?")
    assert ("no", "negation", "not") in found
    assert ("district subsidy", "metric", "district_subsidy") in found
    assert all(text != "and" for text, _, _ in kinds("standard"))


def test_lexicon_is_data_with_kinds_and_meanings():
    found = lexicon.kinds()
    assert {"metric", "compare_before", "aggregate", "superlative", "function", "refuse"} <= set(found)
    assert found["metric"] == ["city_spend", "district_subsidy", "total"]
    phrases = {entry.phrase for entry in lexicon.load_words() if entry.kind == "noun"}
    assert {"fund", "funds", "专项"} <= phrases   # English plurals are added to the data
