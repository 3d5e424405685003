"""The rules that turn spans into a typed Query: each rule's own examples (its docstring) are
read in full, and the shapes that used to go wrong are read into the right Query or refused."""

import re

import pytest

from cqbudget_db.ask import answer
from cqbudget_db.engine.understand import RULES, understand
from cqbudget_db.engine.vocab import load_vocabulary


@pytest.fixture(scope="module")
def vocab(db_path):
    return load_vocabulary(db_path)


def examples(rule):
    """The phrases before → on the first line of a rule's docstring: 'A / B / C → meaning'."""
    doc = " ".join((rule.__doc__ or "").split("\n\n")[0].split())
    if "→" not in doc:
        return []
    phrases = [p.strip() for p in doc.split("→")[0].split(" / ")]
    return [p for p in phrases if p and not re.search(r"[…]", p)]


RULE_EXAMPLES = [(rule.__name__, phrase) for rule in RULES for phrase in examples(rule)]


def test_every_rule_has_examples():
    without = [rule.__name__ for rule in RULES if not examples(rule)]
    assert len(RULE_EXAMPLES) > 60
    assert len(without) <= 6, without


# rules that read a follow-up: their examples are asked after this question
CONTEXT = {"comparative_choice": "What funds does the Disabled Persons' Federation run?",
           "same_contact": "重点就业专项的联系人是谁？",
           "included_funds": "除了老党员生活补助专项，还有哪些专项市级支出为零？",
           "ranked_against": "社会救助专项在全部专项里排第几？"}


@pytest.mark.parametrize("rule, phrase", RULE_EXAMPLES)
def test_rule_examples_are_understood(vocab, db_path, rule, phrase):
    state = answer(CONTEXT[rule], db_path)[1] if rule in CONTEXT else None
    reading = understand(phrase, vocab, state)
    if rule == "refusal_topics":
        assert reading.refusal, rule
        return
    assert reading.unread == [] and not reading.refusal, (rule, reading.understood)
    assert reading.understood, rule


def read(vocab, question):
    reading = understand(question, vocab)
    assert not reading.unread and not reading.refusal, (reading.unread, reading.refusal)
    return reading.query


def test_weight_and_unit_conditions_are_kept(vocab):
    q = read(vocab, "权重为25%的核心指标有几个？")
    assert (q.target, q.aggregate, q.indicators.core) == ("indicators", "count", True)
    assert [(c.metric, c.op, c.value) for c in q.indicators.conditions] == [("weight", "=", 25.0)]
    q = read(vocab, "How many indicators are measured in 亿元?")
    assert q.indicators.units == ["亿元"]


def test_multiplier_and_ratio_are_kept(vocab):
    q = read(vocab, "补助区县是市级支出三倍以上的专项")
    assert [(c.metric, c.op, c.other, c.factor) for c in q.conditions] == [
        ("district_subsidy", ">=", "city_spend", 3.0)]
    q = read(vocab, "Which funds send more than 80% of their budget to districts?")
    assert [(c.metric, c.op, c.value) for c in q.conditions] == [("district_share", ">", 80.0)]


def test_comparison_with_the_average(vocab):
    q = read(vocab, "高于平均水平的专项")
    assert [(c.metric, c.op, c.reference) for c in q.conditions] == [("total", ">", "average")]


def test_ranking_inside_a_filter(vocab):
    q = read(vocab, "补助区县超过5亿元的专项中，市级支出最少的是哪一个？")
    assert (q.ranking.metric, q.ranking.direction, q.ranking.limit) == ("city_spend", "asc", None)
    assert [(c.metric, c.value) for c in q.conditions] == [("district_subsidy", 50000.0)]


def test_difference_between_two_departments(vocab):
    q = read(vocab, "教委和卫健委的专项总额相差多少万元？")
    assert q.compare.kind == "difference" and q.compare.absolute
    assert [v for _, v in q.compare.entities] == ["重庆市教育委员会", "重庆市卫生健康委员会"]


def test_the_ranked_column_is_the_one_named(vocab):
    assert read(vocab, "给区县最多的专项").ranking.metric == "district_subsidy"
    q = read(vocab, "哪个部门指标最多")
    assert (q.target, q.ranking.metric) == ("departments", "indicator_count")


def test_a_phrase_naming_a_column_is_no_condition(vocab):
    q = read(vocab, "所有专项补助区县的资金合计多少亿元？")
    assert q.conditions == [] and (q.aggregate, q.metric) == ("sum", "district_subsidy")
    q = read(vocab, "哪些专项的钱全部补助给区县？")
    assert [(c.metric, c.op, c.value) for c in q.conditions] == [("city_spend", "=", 0.0)]


def test_nicknames_and_misspellings(vocab):
    assert read(vocab, "城管的专项总预算是多少").departments == ["重庆市城市管理局"]
    reading = understand("垃圾分类清运处理专项补助区县多少钱", vocab)
    assert reading.query.funds == [36] and not reading.unread
    assert any("读作" in note for note in reading.notes)


@pytest.mark.parametrize("question, unread", [
    ("预算是市级支出两倍的火星专项", "火星"),
    ("哪些专项的绩效评价很高", "评价"),
    ("Which funds are blue?", "blue"),
])
def test_words_no_rule_places_are_reported(vocab, question, unread):
    reading = understand(question, vocab)
    assert reading.refusal or any(unread in text for text in reading.unread), reading.understood
