"""Conversations: the dialogue state and the rules that resolve follow-ups against it.

Each rule is tested in Chinese and English with the exact rows it must give;
the state travels as a plain dict (the way llm logs it in response_json).
"""

import json
import os
import subprocess
import sys

import pytest

from cqbudget_db.ask import QuestionError, Unanswerable, answer, ask_in_conversation
from cqbudget_db.engine.dialogue import State
from cqbudget_db.evaluate import match_result


def talk(db_path, *questions):
    """Ask questions in turn; return each result (or the refusal), the state passed as a dict."""
    state, results = None, []
    for question in questions:
        try:
            result, new = answer(question, db_path, state=state)
            state = new.to_dict()
            results.append(result)
        except Unanswerable as error:
            state = error.state or state
            results.append(error)
    return results


def values(result, name):
    return [row[result["columns"].index(name)] for row in result["rows"]]


# ---------------------------------------------------------------- pronouns

def test_it_is_the_fund_asked_about(db_path, sql):
    _, second = talk(db_path, "社会救助专项的预算是多少？", "它有哪些核心指标？")
    expected = [r[0] for r in sql("select name from indicators where fund_seq = 18 and is_core = 1 order by position")]
    assert values(second, "indicator") == expected
    assert second["resolved"] == [{"text": "它", "meaning": "社会救助专项"}]
    assert second["answer"].startswith("（它 → 社会救助专项）")


def test_it_is_the_winner_of_a_superlative(db_path, sql):
    _, second = talk(db_path, "卫健委预算最大的专项是哪个？", "它有多少个指标？")
    count = sql("select count(*) from indicators where fund_seq = 57")[0][0]
    assert values(second, "indicator_count") == [count]
    _, contact = talk(db_path, "教委预算最大的专项是哪个？", "它的联系人是谁？")
    assert values(contact, "contact") == ["王光清"]


def test_its_is_the_department_answered(db_path):
    _, funds = talk(db_path, "Which department has the most money?", "What are its funds?")
    assert sorted(values(funds, "seq")) == [8, 9, 10, 11]


def test_they_are_the_last_answer(db_path, sql):
    _, second, third = talk(db_path, "预算超过30亿元的专项有几个？", "它们分别是哪些？", "这些加起来多少钱")
    assert sorted(values(second, "seq")) == [18, 32, 69]
    expected = sql("select sum(total) from funds where seq in (18, 32, 69)")[0][0]
    assert values(third, "total") == [pytest.approx(expected)]


def test_the_former_and_the_latter(db_path):
    _, former, latter = talk(db_path, "政务数字化应用专项和口岸物流发展专项的预算各是多少？",
                             "前者的主管部门是哪个？", "后者的联系人呢？")
    assert values(former, "department") == ["重庆市大数据应用发展管理局"]
    assert values(latter, "seq") == [71]


def test_the_latter_stays_the_one_named_second(db_path):
    """Naming 民宗委 again (as 前者) does not make it the latter."""
    *_, latter = talk(db_path, "民宗委的专项补助区县比例是多少？", "跟妇联的专项比呢？",
                      "前者的资金覆盖区县数量目标是多少个？", "后者的联系人是谁？")
    assert latter["resolved"][0]["meaning"].endswith("市妇联")
    assert latter["rows"][0][latter["columns"].index("contact")] == "王晓蓉"


def test_naming_the_fund_completes_a_question_that_had_nothing_to_point_to(db_path):
    refused, named = talk(db_path, "这个专项的联系电话是多少？", "文物保护与利用专项")
    assert isinstance(refused, Unanswerable)
    assert values(named, "phone") == ["13527370179"]


def test_a_changed_value_keeps_the_condition_s_column(db_path, sql):
    *_, changed, summed = talk(db_path, "补助区县超过5亿的专项有哪些？", "改成超过10亿呢？", "这几个的市级支出合计是多少？")
    assert set(values(changed, "seq")) == {r[0] for r in sql("select seq from funds where district_subsidy > 100000")}
    assert values(summed, "city_spend") == [sql("select sum(city_spend) from funds where district_subsidy > 100000")[0][0]]


def test_the_first_places_of_the_ranking_taken_together(db_path, sql):
    *_, share = talk(db_path, "补助区县金额排前五的专项，按从高到低列一下", "第六名呢？", "前五名加起来占全市补助区县的比例是多少？")
    expected = sql("select round(100.0 * sum(d) / (select sum(district_subsidy) from funds), 2) from "
                   "(select district_subsidy as d from funds order by district_subsidy desc limit 5)")[0][0]
    assert values(share, "share_of_all_district_subsidy") == [expected]


def test_a_percentage_of_its_own_total(db_path, sql):
    _, share = talk(db_path, "What is the district subsidy for the 财政衔接推进乡村振兴补助专项?", "As a percentage of its total?")
    assert values(share, "district_share") == [sql("select round(100.0 * district_subsidy / total, 2) from funds "
                                                   "where seq = 68")[0][0]]


@pytest.mark.parametrize("follow_up, rows", [("What's their total budget?", 1), ("它们各自的总额是多少？", 4)])
def test_their_total_is_one_sum_but_each_is_a_list(db_path, follow_up, rows):
    _, answered = talk(db_path, "Which funds list 赵红兵 as the contact?", follow_up)
    assert len(answered["rows"]) == rows


def test_second_place_keeps_departments_tied_for_it(db_path):
    *_, second = talk(db_path, "哪些部门只有一个重点专项？", "这些部门里，专项预算最高的是哪个部门？", "第二高的呢？")
    assert values(second, "department") == ["重庆市人民政府口岸和物流办公室", "重庆市大数据应用发展管理局"]


def test_a_changed_indicator_condition_replaces_the_old_one(db_path, sql):
    *_, five = talk(db_path, "口岸物流发展专项的联系人是谁？", "How many indicators does that fund have with a weight of 10% or more?",
                    "And with a weight of exactly 5%?")
    assert values(five, "indicator_count") == [sql("select count(*) from indicators where fund_seq = 71 and weight = 5")[0][0]]


def test_the_gap_after_which_is_larger_is_in_the_compared_column(db_path, sql):
    _, gap = talk(db_path, "农业农村委和林业局相比，哪个部门的专项补助区县总额更高？", "差距有多大？")
    by = dict(sql("select department, sum(district_subsidy) from funds group by department"))
    assert values(gap, "difference_district_subsidy") == [round(abs(by["重庆市农业农村委员会"] - by["重庆市林业局"]), 2)]


def test_the_last_one_and_the_first_one_of_a_sorted_list(db_path):
    _, last, first = talk(db_path, "农业农村委的专项按预算从大到小排一下", "排最后那个的联系人是谁", "第一个呢？")
    assert values(last, "contact") == ["熊梅"] and values(first, "contact") == ["赵红兵"]


def test_how_many_is_that_counts_the_last_answer(db_path):
    _, counted, among = talk(db_path, "Which departments have only one key fund?", "How many departments is that?",
                             "Among them, which have a budget of 2 billion yuan or more?")
    assert values(counted, "department_count") == [15]
    assert len(among["rows"]) == 3      # one fund each, and that fund at least 2 billion: a condition on the sum


@pytest.mark.parametrize("opening", ["Separate question — ", "换个问题，"])
def test_a_fresh_marker_carries_nothing(db_path, opening):
    _, fresh = talk(db_path, "教委有哪些专项？", opening + "预算最大的专项是哪个？")
    assert values(fresh, "seq") == [32]


def test_another_unit_is_another_set_not_both(db_path, sql):
    *_, percent = talk(db_path, "≤型指标有哪些？", "其中单位是分钟的", "单位是%的那些呢？")
    expected = sql("select count(*) from indicators where op = '≤' and unit = '%'")[0][0]
    assert len(percent["rows"]) == expected


def test_this_person_s_other_funds(db_path, sql):
    _, others = talk(db_path, "Who is the contact person for the 垃圾分类清运处置专项?",
                     "What other funds is this person listed as the contact for?")
    expected = {r[0] for r in sql("select seq from funds where contact = '熊孜' and seq <> 36")}
    assert set(values(others, "seq")) == expected


def test_these_four_together(db_path, sql):
    _, share = talk(db_path, "预算最大的四个专项是哪些？", "这四个加起来占全部专项总预算的百分之多少？")
    expected = sql("select round(100.0 * sum(t) / (select sum(total) from funds), 2) from "
                   "(select total as t from funds order by total desc limit 4)")[0][0]
    assert values(share, "share_of_all") == [expected]


def test_the_former_and_the_latter_are_the_two_asked_about(db_path):
    *_, difference = talk(db_path, "文旅委有哪些重点专项？", "合计多少钱？", "那文物局呢？", "前者比后者多多少？")
    assert difference["resolved"][0]["meaning"].endswith("市文化旅游委")
    *_, latter = talk(db_path, "How much is the Science and Technology Development fund?",
                      "And the Industry and Information Technology fund?", "How much bigger is the latter?",
                      "Which department runs the latter?")
    assert values(latter, "department") == ["重庆市经济和信息化委员会"]


def test_its_after_a_list_is_the_fund_in_focus_not_every_fund(db_path, sql):
    _, total = talk(db_path, "Which indicators of the ethnic minority development fund carry a weight of exactly 10%?",
                    "What is the total weight of all its core indicators?")
    expected = sql("select sum(weight) from indicators where fund_seq = 15 and is_core = 1")[0][0]
    assert expected in total["rows"][0]


def test_after_a_new_set_that_was_not_read_those_is_not_the_old_set(db_path):
    *_, those = talk(db_path, "How many funds have at least one qualitative indicator?",
                     "And how many have at least two in all?", "Which funds are those?")
    assert isinstance(those, Unanswerable)


@pytest.mark.parametrize("questions, expected_seqs", [
    (("交通局的民航发展专项有多少钱？", "铁路发展专项呢？", "两个加起来多少？"), {42, 43}),
    (("What is the total of the 社会救助专项?", "And the 城市提升专项?", "What do the two come to together?"), {18, 32}),
])
def test_a_bare_count_points_to_the_things_just_named(db_path, sql, questions, expected_seqs):
    *_, together = talk(db_path, *questions)
    expected = sql(f"select sum(total) from funds where seq in ({', '.join(map(str, expected_seqs))})")[0][0]
    assert values(together, "total") == [expected]


def test_a_count_that_counts_stays_a_count(db_path):
    *_, top_two = talk(db_path, "Which two funds have the largest city-level spending, biggest first?",
                       "And the two with the largest district subsidies?")
    assert values(top_two, "seq") == [18, 9]


def test_a_share_of_the_own_department_is_the_department_s(db_path, sql):
    _, counted = talk(db_path, "补助区县资金占本部门专项总额超过一半的部门有哪些？", "一共几个？")
    expected = sql("select count(*) from (select department from funds group by department "
                   "having sum(district_subsidy) * 2 > sum(total))")[0][0]
    assert values(counted, "department_count") == [expected]


def test_a_gap_between_two_averages_is_refused_not_read_as_sums(db_path):
    *_, gap = talk(db_path, "What's the average budget of the Civil Affairs Bureau's funds?",
                   "What about the Health Commission?", "How much higher is the former?")
    assert isinstance(gap, Unanswerable) and "how much higher" in gap.to_dict()["unread"]


def test_sorted_by_the_amount_going_to_districts_then_the_last_one(db_path):
    *_, last = talk(db_path, "Which key funds does the Health Commission run, and how much is each one?",
                    "Sort them by the amount going to districts and counties, largest first.",
                    "Who is the contact person for the first one?", "And for the last one?")
    assert last["resolved"][0]["meaning"] == "能力建设专项" and values(last, "contact") == ["黄尉恒"]


def test_it_after_one_indicator_is_the_indicator_but_its_indicators_are_the_fund_s(db_path):
    _, it, its = talk(db_path, "森林覆盖率的目标是多少", "它是核心指标吗", "它的核心指标有哪些")
    assert it["resolved"][0]["meaning"] == "森林覆盖率"
    assert its["resolved"][0]["meaning"] == "林业草原改革发展专项"


def test_that_department(db_path):
    _, second = talk(db_path, "学生资助专项的预算是多少？", "这个部门有几个专项？")
    assert values(second, "fund_count") == [4]


# ---------------------------------------------------------------- ellipsis, refinement, aggregation

def test_ellipsis_swaps_the_department(db_path):
    _, second, third = talk(db_path, "团市委的专项预算总共多少？", "妇联呢？", "残联呢")
    assert values(second, "total") == [1893.4]
    assert values(third, "total") == [pytest.approx(1000.0 + 28682.22)]
    _, english = talk(db_path, "How many funds does the Education Commission have?", "What about the Health Commission?")
    assert values(english, "fund_count") == [4]


def test_ellipsis_swaps_the_value(db_path):
    _, second = talk(db_path, "预算超过10亿元的专项有几个？", "20亿呢？")
    assert values(second, "fund_count") == [4]


def test_refinement_narrows_and_resorts(db_path):
    results = talk(db_path, "教委有哪些专项？", "其中市级支出最多的是哪个？", "那卫健委呢？", "按补助区县排序", "只看超过5亿的")
    assert values(results[1], "name") == ["职业教育提质领跑专项"]
    assert values(results[2], "name") == ["能力建设专项"]
    assert values(results[3], "seq") == [57, 56, 59, 58]
    assert values(results[4], "seq") == [57]


def test_among_them_in_english(db_path):
    _, second = talk(db_path, "Which funds belong to the Civil Affairs Bureau?", "Among them, which has the largest budget?")
    assert values(second, "seq") == [18]


def test_aggregation_over_the_last_answer(db_path):
    _, total, average = talk(db_path, "卫健委有哪些专项？", "合计多少", "平均呢")
    assert values(total, "total") == [pytest.approx(149042.87)]
    assert values(average, "average_total") == [pytest.approx(149042.87 / 4)]


def test_a_question_complete_on_its_own_inherits_nothing(db_path):
    _, second = talk(db_path, "学生资助专项的联系人是谁？", "哪个部门的预算最多？")
    assert values(second, "department") == ["重庆市教育委员会"] and second["resolved"] == []
    _, third = talk(db_path, "卫健委有哪些专项？", "预算超过30亿元的专项有哪些？")
    assert sorted(values(third, "seq")) == [18, 32, 69]


def test_a_refused_turn_keeps_what_it_named(db_path):
    first, second = talk(db_path, "卫健委2023年的专项预算是多少？", "那2024年呢？")
    assert isinstance(first, Unanswerable)
    assert values(second, "total") == [pytest.approx(149042.87)]


# ---------------------------------------------------------------- nothing to refer to

@pytest.mark.parametrize("question", ["它的预算是多少", "它们的联系人是谁？", "其中哪个最大？", "What's their phone number?"])
def test_a_reference_with_nothing_before_it_is_refused(db_path, question):
    with pytest.raises(Unanswerable) as info:
        answer(question, db_path)
    assert "没有可指代" in info.value.message or "refers to nothing" in info.value.message


def test_state_is_plain_data(db_path):
    result, state = answer("教委预算最大的专项是哪个？", db_path)
    data = json.loads(json.dumps(result["state"]))
    assert State.from_dict(data) == state
    assert state.focus == ["fund", 9]


def test_history_rebuilds_the_conversation(db_path):
    result = ask_in_conversation("它的联系人是谁？", ["教委预算最大的专项是哪个？"], db_path)
    assert values(result, "contact") == ["王光清"]
    with pytest.raises(QuestionError):
        ask_in_conversation("合计多少", ["教委有哪些专项？"] * 21, db_path)
    with pytest.raises(QuestionError):
        ask_in_conversation("合计多少", ["很长的问题" * 300] * 5, db_path)


# ---------------------------------------------------------------- across processes

def test_chat_json_through_a_pipe(db_path):
    env = {**os.environ, "CQBUDGET_DB": str(db_path)}
    run = subprocess.run([sys.executable, "-m", "cqbudget_db", "chat", "--json"], input="教委有哪些专项？\n合计多少\n它的预算是多少\n",
                         capture_output=True, text=True, env=env, timeout=60)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 0, run.stderr
    assert len(lines) == 3
    assert sorted(values(lines[0], "seq")) == [8, 9, 10, 11]
    assert values(lines[1], "total") == [pytest.approx(530413.95)] and lines[1]["resolved"]
    assert "state" not in lines[1]


def test_llm_continue_in_a_new_process(db_path, llm_user_path):
    env = {**os.environ, "CQBUDGET_DB": str(db_path), "LLM_USER_PATH": str(llm_user_path)}
    llm = [sys.executable, "-m", "llm"]
    first = subprocess.run(llm + ["-m", "cqbudget", "教委有哪些专项？"], capture_output=True, text=True, env=env,
                           timeout=60)
    assert first.returncode == 0, first.stderr
    second = subprocess.run(llm + ["-c", "其中市级支出最多的是哪个？"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert second.returncode == 0, second.stderr
    assert "职业教育提质领跑专项" in second.stdout
    assert "其中 →" in second.stdout


# ---------------------------------------------------------------- this round's follow-ups

def test_it_after_a_contact_is_the_fund_not_the_person(db_path, sql):
    *_, last = talk(db_path, "Which three funds have the biggest budgets?",
                    "Who is the contact person for the second one?", "What are its core indicators?")
    expected = [r[0] for r in sql("select name from indicators where fund_seq = 18 and is_core = 1 order by position")]
    assert values(last, "indicator") == expected


def test_other_than_it_leaves_the_fund_out(db_path, sql):
    _, other = talk(db_path, "社会救助专项的联系人是谁？", "这位联系人除了它还负责哪些专项？")
    expected = sql("select seq from funds where contact = '周佩雯' and seq != 18")
    assert sorted(values(other, "seq")) == sorted(r[0] for r in expected)


def test_a_word_swapped_in_a_text_search(db_path):
    _, swapped = talk(db_path, "Which funds have 抽查 in their name?", "What about 抽检?")
    assert values(swapped, "name") == ["抽检专项"]


def test_and_a_fund_repeats_the_last_question_in_its_language(db_path):
    _, second = talk(db_path, "Which department is in charge of 质量提升专项?", "And 抽检专项?")
    assert values(second, "department") == ["重庆市药品监督管理局"]
    assert "抽检专项" in second["answer"] and "run by" in second["answer"]


def test_which_of_them_is_larger(db_path):
    _, larger = talk(db_path, "妇联和团市委各有哪些专项", "哪个预算更多")
    assert values(larger, "name") == ["妇女儿童发展专项"]
    _, more = talk(db_path, "What funds does the Disabled Persons' Federation run?",
                   "Which of the two has more indicators?")
    assert values(more, "name") == ["残疾人事业发展专项"]
    first = talk(db_path, "哪个专项的核心指标更多？")[0]      # more than what? nothing was asked before
    assert isinstance(first, Unanswerable)


def test_a_looser_bound_replaces_the_last_one(db_path, sql):
    _, looser, within = talk(db_path, "Which funds have a budget of more than 2 billion yuan?",
                             "And those with at least 2 billion?", "Which of those get no district subsidy at all?")
    assert sorted(values(looser, "seq")) == [r[0] for r in sql("select seq from funds where total >= 200000 order by seq")]
    assert sorted(values(within, "seq")) == \
        [r[0] for r in sql("select seq from funds where total >= 200000 and district_subsidy = 0 order by seq")]


def test_shares_of_counts_and_of_the_fund_asked_about(db_path, sql):
    *_, share = talk(db_path, "How many performance indicators are listed across all 82 funds?",
                     "How many of those are core indicators?", "What share of all indicators is that?")
    assert values(share, "indicator_share") == [round(sql(
        "select 100.0 * sum(is_core) / count(*) from indicators")[0][0], 2)]
    _, own = talk(db_path, "计划生育专项给区县补助了多少？", "占它总额的比例是？")
    assert values(own, "district_subsidy") == values(own, "total")


def test_these_two_funds_of_two_departments_asked_one_by_one(db_path, sql):
    *_, both = talk(db_path, "口岸物流办的专项叫什么，多少钱？", "大数据局的呢？", "这两个专项加起来占全部专项总额的百分之几？")
    expected = sql("select 100.0 * sum(total) / (select sum(total) from funds) from funds "
                   "where name in ('口岸物流发展专项', '政务数字化应用专项')")[0][0]
    assert round(expected, 2) in both["rows"][0]


def test_target_after_a_count_of_indicators_and_a_top_n_in_ellipsis(db_path, sql):
    _, listed = talk(db_path, "知识产权局的专项里有几个指标是以“件”为单位的？", "分别是什么，目标多少？")
    assert sorted(values(listed, "indicator")) == sorted(r[0] for r in sql(
        "select i.name from indicators i join funds f on f.seq = i.fund_seq "
        "where f.department = '重庆市知识产权局' and i.unit = '件'"))
    _, top3 = talk(db_path, "补助区县资金最多的三个专项是哪些？", "预算最多的三个呢？")
    assert values(top3, "seq") == [r[0] for r in sql("select seq from funds order by total desc limit 3")]


def test_in_all_after_a_filtered_department_keeps_the_filter(db_path, sql):
    _, total = talk(db_path, "交通局下面哪些专项有补助区县的资金？", "一共补了多少？")
    assert values(total, "district_subsidy") == [sql(
        "select sum(district_subsidy) from funds where department = '重庆市交通局' and district_subsidy > 0")[0][0]]
    assert values(total, "fund_count") == [4]


def test_the_other_fund_of_a_department_named(db_path, sql):
    *_, other = talk(db_path, "有没有专项的绩效指标提到新能源汽车？", "这个专项补助区县多少钱？", "经信委另一个专项的呢？")
    assert "中小微企业发展专项" in other["answer"]
    assert values(other, "district_subsidy") == [r[0] for r in sql(
        "select district_subsidy from funds where name = '中小微企业发展专项'")]


def test_break_that_down_and_shares_of_the_last_total(db_path, sql):
    _, broken = talk(db_path, "What's the Culture and Tourism Development Commission's total budget across its funds?",
                     "Break that down by fund.")
    assert sorted(values(broken, "seq")) == [r[0] for r in sql(
        "select seq from funds where department = '重庆市文化和旅游发展委员会' order by seq")]
    assert isinstance(talk(db_path, "Break that down by fund.")[0], Unanswerable)
    _, part = talk(db_path, "市委宣传部两个专项一共多少钱？", "其中文化产业发展专项占百分之几？")
    assert "40.04%" in part["answer"]
    _, both = talk(db_path, "经信委两个专项补助区县分别是多少？", "合起来占经信委专项总预算的比重是多少？")
    assert "34.32%" in both["answer"]


def test_a_follow_up_with_nothing_read_is_refused(db_path):
    _, nothing = talk(db_path, "教委有几个专项？", "嗯嗯")
    assert isinstance(nothing, Unanswerable)


def test_the_one_picked_by_a_comparison_or_a_place(db_path, sql):
    _, contact = talk(db_path, "水运发展专项和铁路发展专项，哪个预算多？", "钱多的那个联系人是谁，电话多少？")
    assert values(contact, "contact") == [r[0] for r in sql("select contact from funds where name = '水运发展专项'")]
    *_, smaller, bigger = talk(db_path, "What funds does the Forestry Bureau manage?",
                               "What are the qualitative indicators of the smaller one?", "And for the bigger one?")
    assert set(values(smaller, "fund")) == {"林业草原生态保护恢复专项"}
    assert set(values(bigger, "fund")) == {"林业草原改革发展专项"}
    *_, first = talk(db_path, "规划自然资源局的专项里，哪些有补助区县的资金？", "按补助区县金额从少到多排", "排第一的那个联系人是谁？")
    assert values(first, "name") == [sql("select name from funds where department = '重庆市规划和自然资源局' "
                                         "and district_subsidy > 0 order by district_subsidy limit 1")[0][0]]
    *_, below = talk(db_path, "垃圾分类清运处置专项补助区县多少？", "它所在的部门还有哪些专项？", "这个部门的专项平均每个多少钱？",
                     "哪些低于这个平均数？")       # 低于这个: a bound, not the one picked
    assert len(below["rows"]) == sql("select count(*) from funds where department = '重庆市城市管理局' and total < "
                                     "(select avg(total) from funds where department = '重庆市城市管理局')")[0][0]


def test_places_after_the_ranking_and_a_refinement_after_a_refusal(db_path, sql):
    *_, fourth = talk(db_path, "总额排前三的专项是哪几个？", "它们分别归哪个部门管？", "排第四的呢？")
    assert values(fourth, "seq") == [sql("select seq from funds order by total desc limit 1 offset 3")[0][0]]
    _, english = talk(db_path, "What are the three largest funds by total budget?", "And the fourth?")
    assert values(english, "seq") == values(fourth, "seq")
    *_, after_refusal = talk(db_path, "哪些部门补助区县的钱超过一半，而且兮兮嗒嗒？", "按补助区县占比从高到低排一下")
    assert isinstance(after_refusal, Unanswerable)


def test_it_in_a_later_clause_is_what_the_question_asks_for(db_path, sql):
    result = talk(db_path, "Which fund has the most indicators, and how big is it?")[0]
    assert values(result, "seq") == [r[0] for r in sql(
        "select fund_seq from indicators group by fund_seq order by count(*) desc limit 1")]


def test_each_ones_count_of_indicators_in_a_follow_up(db_path, sql):
    *_, each = talk(db_path, "口岸物流发展专项的预算是多少？", "政务数字化应用专项呢？", "这两个专项各设了几个核心指标？")
    assert sorted(zip(values(each, "name"), values(each, "indicator_count"))) == sorted(map(tuple, sql(
        "select f.name, count(*) from indicators i join funds f on f.seq = i.fund_seq where i.is_core = 1 "
        "and f.name in ('口岸物流发展专项', '政务数字化应用专项') group by f.name")))
    assert "口岸物流发展专项6个核心指标" in each["answer"]


def test_targets_asked_after_indicators_or_funds_that_have_them(db_path, sql):
    _, target = talk(db_path, "Which fund sets a target for forest coverage (森林覆盖率)?", "What's the target?")
    assert values(target, "indicator") == ["森林覆盖率"]
    *_, theirs = talk(db_path, "How many funds have at least one indicator whose name contains 满意度?",
                      "Which of those belong to the Water Resources Bureau?",
                      "What target do their satisfaction indicators set?")      # 满意度 names no one indicator
    assert sorted(values(theirs, "indicator")) == sorted(r[0] for r in sql(
        "select i.name from indicators i join funds f on f.seq = i.fund_seq "
        "where f.department = '重庆市水利局' and i.name like '%满意度%'"))


def test_each_ones_share_and_the_same_shares_of_another_set(db_path, sql):
    _, each, smallest = talk(db_path, "预算最大的前三个专项，按从大到小排", "它们的补助区县占比各是多少？", "预算最小的三个专项的占比呢？")
    assert len(each["rows"]) == 3 and "district_share" in each["columns"]
    assert sorted(values(smallest, "seq")) == sorted(r[0] for r in sql("select seq from funds order by total limit 3"))
    assert "district_share" in smallest["columns"]


def test_after_an_unread_which_question_they_point_to_nothing(db_path):
    _, them = talk(db_path, "规划自然资源局的专项里，联系电话不是63开头的有哪些？", "它们的预算各是多少")
    assert isinstance(them, Unanswerable)


def test_all_funds_in_a_new_question_start_afresh(db_path, sql):
    *_, fresh = talk(db_path, "民宗委专项的补助区县是多少？", "占比呢？", "全市所有专项里补助区县占比超过95%的一共有几个？")
    assert values(fresh, "fund_count") == [sql("select count(*) from funds where 100.0 * district_subsidy / total > 95")[0][0]]


def test_the_kind_of_indicator_swapped_and_names_in_indicator_names(db_path, sql):
    _, _, core = talk(db_path, "财政衔接推进乡村振兴补助专项的专项叫什么？", "该专项有几个定性指标？", "核心指标呢？")
    assert values(core, "indicator_count") == [sql("select count(*) from indicators i join funds f on f.seq = i.fund_seq "
                                                   "where f.name = '财政衔接推进乡村振兴补助专项' and i.is_core = 1")[0][0]]
    named = talk(db_path, "有多少个专项设置了名称里带“满意度”的指标？")[0]
    assert values(named, "fund_count") == [sql("select count(distinct fund_seq) from indicators "
                                               "where name like '%满意度%'")[0][0]]


def test_named_departments_together_and_no_completion_of_a_bare_among(db_path, sql):
    *_, together = talk(db_path, "按专项预算总额给各部门排个名，前五是哪几个部门？", "它们各有几个专项？",
                        "这五个部门合计占全部专项预算的百分之多少？")
    assert "49.12%" in together["answer"]
    *_, average = talk(db_path, "目标值用“≤”表述的指标一共有多少个？", "其中单位是%的有哪些？", "这几个指标的平均权重是多少？")
    assert "12.00%" in average["answer"]


def test_and_with_a_kind_or_a_column_swaps_it_in_the_last_question(db_path, sql):
    _, non_core = talk(db_path, "How many core indicators are there across all the funds?", "And non-core ones?")
    assert "423" in non_core["answer"] and len(non_core["rows"]) == 1
    _, by_budget = talk(db_path, "Rank the departments by number of funds and give me the top three.",
                        "And by total budget?")
    assert values(by_budget, "department") == [r[0] for r in sql(
        "select department from funds group by department order by sum(total) desc limit 3")]
    *_, thirty = talk(db_path, "What is the overall budget of the government digitalization applications fund "
                               "(政务数字化应用专项)?", "Which of its indicators carry a weight of exactly 15%?",
                      "And which one is weighted 30%?")
    assert values(thirty, "weight") == [30.0]


def test_an_ellipsis_after_an_unanswered_question_is_refused(db_path):
    *_, water = talk(db_path, "交通局有哪些专项给区县补助了？", "其中给得最多的是哪个呀咿呀？", "那水利局呢？")
    assert isinstance(water, Unanswerable)


def test_a_lower_and_an_upper_bound_on_one_column(db_path, sql):
    result = talk(db_path, "补助区县在1亿元以上、2亿元以下的专项有哪些？")[0]
    assert sorted(values(result, "seq")) == [r[0] for r in sql(
        "select seq from funds where district_subsidy between 10000 and 20000 order by seq")]


def test_after_a_question_half_read_its_one_indicator_or_winner_is_not_guessed(db_path):
    *_, weight = talk(db_path, "学生资助专项的绩效指标里，助学贷款那一条的目标值是多少？", "它的权重是多少？")
    assert isinstance(weight, Unanswerable)
    *_, contact = talk(db_path, "市场监管局的专项平均预算是多少？", "比平均值高的是哪些？",
                       "这两个里面，核心指标占指标总数比例更高的是哪个？", "它的联系人是谁？")
    assert isinstance(contact, Unanswerable)


def test_they_with_their_amounts_lists_them_and_who_they_are_is_the_people(db_path, sql):
    _, listed = talk(db_path, "How many funds does the Market Regulation Administration have?",
                     "list them with their budgets")
    expected = sql("select seq, total from funds where department = '重庆市市场监督管理局' order by seq")
    assert [[s, t] for s, t in zip(values(listed, "seq"), values(listed, "total"))] == [list(r) for r in expected]
    _, people = talk(db_path, "应急局有哪些专项？", "它们的联系人是谁？")
    assert values(people, "contact") == ["韩钊"]


def test_both_of_the_pair_and_a_compared_metric_swapped_in(db_path, sql):
    *_, both = talk(db_path, "水利发展专项和水库移民后期扶持专项，哪个补助区县更多？", "后者的市级支出是多少？", "前者呢？",
                    "两者的核心指标一共几个？")
    assert sql("select count(*) from indicators where fund_seq in (46, 47) and is_core = 1")[0][0] == 6
    assert "6个核心指标" in both["answer"]
    *_, larger = talk(db_path, "教委和住建委的专项总额各是多少？", "前者比后者多多少？", "那补助区县呢，谁多？")
    assert values(larger, "department") == ["重庆市教育委员会"]
    _, latter = talk(db_path, "Compare the public health fund and the family planning fund by total.",
                     "And by city-level spending, is the former or the latter bigger?")
    assert values(latter, "name") == [sql("select name from funds where seq in (56, 57) order by city_spend desc")[0][0]]


def test_a_quoted_comparator_is_the_indicator_operator_and_by_total_ranks(db_path, sql):
    _, upper = talk(db_path, "公租房专项的联系电话呢？", "它的指标里哪个是“不超过”类型的，权重多少？")
    assert values(upper, "indicator") == [r[0] for r in sql(
        "select name from indicators where fund_seq = 34 and op = '≤'")]
    top = talk(db_path, "What are the four biggest funds by total?")[0]
    assert values(top, "seq") == [r[0] for r in sql("select seq from funds order by total desc limit 4")]


def test_an_ellipsis_can_change_what_a_pair_is_compared_on(db_path, sql):
    _, share = talk(db_path, "生态环境局和规划自然资源局，谁的专项总额更高？", "那要是比补助区县占比呢？")
    assert values(share, "department") == [sql(
        "select department from funds where department in ('重庆市生态环境局', '重庆市规划和自然资源局') "
        "group by department order by 1.0 * sum(district_subsidy) / sum(total) desc limit 1")[0][0]]
    *_, city = talk(db_path, "卫健委和民政局，哪个部门的专项总额更大？", "差多少？", "要是比市级支出呢？哪个多？")
    assert values(city, "department") == [sql(
        "select department from funds where department in ('重庆市卫生健康委员会', '重庆市民政局') "
        "group by department order by sum(city_spend) desc limit 1")[0][0]]


def test_the_two_of_them_after_a_refusal_is_not_the_one_before_and_who_to_call_is_a_contact(db_path):
    *_, two = talk(db_path, "What's the total for the port and logistics development fund?",
                   "Is any other fund exactly the same size?", "Who are the contacts for the two of them?")
    assert isinstance(two, Unanswerable)
    _, contact = talk(db_path, "青少年事业发展专项预算多少？", "这个专项找谁对接？")
    assert values(contact, "contact") == ["杨苏琦"] and values(contact, "phone") == ["63864667"]


def test_a_fund_left_out_before_is_counted_again_when_included(db_path, sql):
    *_, again = talk(db_path, "老党员生活补助专项的预算是多少？", "还有哪些专项也是市级支出为零的？",
                     "连同老党员那个在内，这几个专项合计多少钱？")
    assert sql("select sum(total) from funds where city_spend = 0")[0][0] == 115830
    assert "11.58亿元" in again["answer"] and "4个" in again["answer"]
    *_, included = talk(db_path, "Who is the contact for the student aid fund (学生资助专项)?",
                        "What other funds is that person responsible for?",
                        "What's the combined budget of all the funds under that person, student aid included?")
    assert "3 funds" in included["answer"] and "2.54 billion" in included["answer"]
    assert isinstance(talk(db_path, "连同学生资助专项在内，教委的专项有几个？")[0], Unanswerable)


def test_a_funds_place_and_the_funds_ahead_of_it(db_path, sql):
    place, ahead = talk(db_path, "社会救助专项在全部专项里排第几？", "排它前面的是哪个？")
    assert values(place, "rank") == [sql("select count(*) + 1 from funds where total > 336496.95")[0][0]] == [2]
    assert "排第2" in place["answer"]
    assert values(ahead, "name") == [r[0] for r in sql("select name from funds where total > 336496.95")]
    english = talk(db_path, "where does the student aid fund rank by city-level spending")[0]
    assert values(english, "rank") == [sql("select count(*) + 1 from funds where city_spend > "
                                           "(select city_spend from funds where seq = 10)")[0][0]]
    in_department = talk(db_path, "学生资助专项在教委的专项里排第几")[0]
    assert values(in_department, "rank") == [3] and values(in_department, "out_of") == [4]
    _, unknown_order = talk(db_path, "学生资助专项的预算是多少？", "排在它前面的是哪个？")
    assert isinstance(unknown_order, Unanswerable)


def test_each_of_those_indicators_and_that_fund_after_them(db_path, sql):
    _, targets, department = talk(db_path, "Which fund has the most qualitative indicators?",
                                  "What is the target for each of those qualitative indicators?",
                                  "Which department runs that fund?")
    assert values(targets, "indicator") == [r[0] for r in sql(
        "select name from indicators where fund_seq = 50 and op = '定性' order by position")]
    assert "Agriculture and Rural Affairs Commission" in department["answer"]


def test_only_the_ones_after_an_unanswered_question_is_refused(db_path):
    *_, only = talk(db_path, "How many funds have at least one qualitative indicator?", "And how many have at least two?",
                    "Only the ones run by the Agriculture and Rural Affairs Commission, please.")
    assert isinstance(only, Unanswerable)


def test_a_named_share_is_kept_and_places_count_from_either_end_of_the_list(db_path, sql):
    *_, share = talk(db_path, "请问市水利局所属专项的资金总额是多少？", "其中市级支出和补助区县各为多少？",
                     "补助区县部分占该局总额的比例是多少？")
    expected = sql("select 100.0 * sum(district_subsidy) / sum(total) from funds where department = '重庆市水利局'")
    assert "64.60%" in share["answer"] and round(expected[0][0], 2) == 64.60
    _, last, second_last, top3 = talk(db_path, "规划自然资源局的专项按总额从高到低排一下", "排最后那个是谁负责的？",
                                      "倒数第二个呢？", "前三个加起来多少钱？")
    ranked = sql("select contact, total from funds where department = '重庆市规划和自然资源局' order by total desc")
    assert values(last, "contact") == [ranked[-1][0]] and values(second_last, "contact") == [ranked[-2][0]]
    assert round(sum(t for _, t in ranked[:3]), 2) == 74482.52 and "7.45亿元" in top3["answer"]


def test_why_is_refused_and_an_ellipsis_keeps_what_it_leaves_out(db_path, sql):
    why, city = talk(db_path, "职业教育提质领跑专项为什么一分钱都不补助区县？", "那它市级支出是多少？")
    assert isinstance(why, Unanswerable) and "原因" in str(why)
    assert values(city, "city_spend") == [sql("select city_spend from funds where seq = 11")[0][0]]
    *_, without = talk(db_path, "黄皇负责哪些专项？", "这几个一共多少钱？", "去掉学生资助呢？")
    assert sql("select sum(total) from funds where contact = '黄皇' and seq <> 10")[0][0] == 141098.2
    assert "14.11亿元" in without["answer"] and "共2个" in without["answer"]


def test_a_refused_question_about_it_keeps_it_and_a_swapped_amount_is_the_one_compared(db_path, sql):
    *_, qualitative, target = talk(db_path, "发改委的专项叫什么？", "它有多少钱？", "这笔钱是不是比去年少了？",
                                   "那它的定性指标是哪个？", "目标是什么？")
    assert values(qualitative, "indicator") == [r[0] for r in sql(
        "select name from indicators where fund_seq = (select seq from funds where name = '市基建统筹资金建设专项') "
        "and op = '定性'")]
    assert len(target["rows"]) == 1
    *_, bigger, gap = talk(db_path, "交通局的专项总额是多少？", "市级支出呢？", "水利局的呢？", "这俩谁多？", "多多少？")
    assert values(bigger, "department") == ["重庆市水利局"]
    assert "1,116.83万元" in gap["answer"]


def test_the_former_is_so_many_times_the_latter_and_the_smallest_fund_is_by_budget(db_path, sql):
    *_, times = talk(db_path, "水利发展专项和水库移民后期扶持专项，哪个总额大？", "前者比后者大多少？", "是后者的几倍？")
    assert "3.34倍" in times["answer"] and times["answer"].index("水利发展专项") < times["answer"].index("3.34倍")
    *_, smallest = talk(db_path, "How many funds have no subsidies to districts at all?", "Which of them is the largest?",
                        "what about the smallest fund with zero district subsidy?")
    assert values(smallest, "name") == [sql("select name from funds where district_subsidy = 0 order by total limit 1")[0][0]]
    compared = talk(db_path, "Compare the number of performance indicators in 科技发展专项 and 工业和信息化专项.")[0]
    assert len(compared["rows"]) == 2


def test_the_rest_of_a_department_leaves_out_every_fund_talked_about(db_path, sql):
    *_, rest = talk(db_path, "农田建设补助专项占农委专项总额的百分之几？", "农业产业发展专项呢？", "农委剩下那几个专项的联系人分别是谁？")
    assert sorted(values(rest, "name")) == sorted(r[0] for r in sql(
        "select name from funds where department = '重庆市农业农村委员会' "
        "and name not in ('农田建设补助专项', '农业产业发展专项')"))


def test_everyday_spellings_are_read(db_path, sql):
    assert talk(db_path, "城管局管的专相有几个呀")[0]["rows"][0][0] == 3
    contact = talk(db_path, "whos the contact for the sports bureau fund")[0]
    assert values(contact, "contact") == [r[0] for r in sql(
        "select contact from funds where department = '重庆市体育局'")]


def test_one_funds_share_asked_of_the_other_funds_of_its_department_is_each_ones(db_path, sql):
    _, others = talk(db_path, "基础教育扩优提质专项补助区县的比例是多少？", "教委其他几个专项呢？")
    expected = sql("select seq, round(100.0 * district_subsidy / total, 2) from funds "
                   "where department = '重庆市教育委员会' and seq <> 9 order by seq")
    assert [[s, round(v, 2)] for s, v in zip(values(others, "seq"), values(others, "district_share"))] == \
        [list(r) for r in expected]
    *_, together = talk(db_path, "社会救助专项补助区县的钱占总额多少？", "那民政局四个专项合起来算呢？")
    assert len(together["rows"]) == 1


def test_each_of_two_amounts_of_a_departments_total_is_summed(db_path, sql):
    _, both = talk(db_path, "请问市水利局所属专项的资金总额是多少？", "其中市级支出和补助区县各为多少？")
    assert len(both["rows"]) == 1
    assert "市级支出合计5.95亿元" in both["answer"] and "补助区县合计10.86亿元" in both["answer"]


def test_the_whole_department_after_its_other_funds_and_the_share_talked_about(db_path, sql):
    *_, whole = talk(db_path, "基础教育扩优提质专项补助区县的比例是多少？", "教委其他几个专项呢？", "整个教委合起来的占比是多少？")
    expected = sql("select 100.0 * sum(district_subsidy) / sum(total) from funds where department = '重庆市教育委员会'")
    assert round(expected[0][0], 2) == 60.06 and "60.06%" in whole["answer"] and "4个专项" in whole["answer"]


def test_the_departments_of_the_funds_just_listed_say_which_fund_each_runs(db_path, sql):
    _, departments = talk(db_path, "List the five funds with the largest district subsidies, biggest first.",
                          "Which departments are they under?")
    runs = dict(zip(values(departments, "department"), values(departments, "funds")))
    expected = sql("select department, name from funds order by district_subsidy desc limit 5")
    assert all(name in runs[department] for department, name in expected)


def test_these_two_items_are_the_indicators_just_listed(db_path, sql):
    *_, targets = talk(db_path, "商务委专项的核心指标有哪些？", "只看单位是亿美元的", "这两条的目标值各是多少？")
    assert sorted(values(targets, "indicator")) == sorted(r[0] for r in sql(
        "select name from indicators where fund_seq = 53 and is_core = 1 and unit = '亿美元'"))


# ------------------------------------------- the last answer's rows, asked of again (each with its exact rows)

@pytest.mark.parametrize("turns, expected_sql", [
    # a plural reference after two turns about one thing each: those two things
    (["What's the budget of the Big Data bureau's fund?", "And the Port and Logistics Office?",
      "How many indicators does each of them have?"],
     "select count(*) from indicators where fund_seq in (select seq from funds where department in "
     "('重庆市大数据应用发展管理局', '重庆市人民政府口岸和物流办公室')) group by fund_seq"),
    # … has the most indicators → how many of them are core: its indicators, not the funds having core ones
    (["Which Agriculture and Rural Affairs Commission fund has the most indicators?", "How many of them are core?"],
     "select count(*) from indicators where fund_seq = 51 and is_core = 1"),
    # after that, its district share is the fund's own, not a share of the last answer
    (["Which Agriculture and Rural Affairs Commission fund has the most indicators?",
      "What share of its budget goes to the districts?"],
     "select 100.0 * district_subsidy / total from funds where seq = 51"),
    # and how many have no district subsidy?: that condition instead of the last one, not both
    (["How many funds have no city-level spending at all?", "And how many have no district subsidy?"],
     "select count(*) from funds where district_subsidy = 0"),
    # the largest → which department is it under → and the second largest?: of all funds again
    (["Which fund has the largest total budget?", "Which department is it under?", "And the second largest?"],
     "select seq from funds order by total desc limit 1 offset 1"),
    # 教委最多的 → 它的联系人 → 第二多的呢: the second of the education commission's funds
    (["教委预算最多的专项是哪个", "它的联系人是谁", "第二多的呢"],
     "select contact from funds where department = '重庆市教育委员会' order by total desc limit 1 offset 1"),
    # 搞垃圾的那个: the one fund of the last answer whose name has the word
    (["城管局那几个专项都叫啥名字？", "搞垃圾的那个多少钱？"], "select total from funds where name like '%垃圾%'"),
    # 另外两个加起来呢 after a goal: their budgets summed, not their goals
    (["城管局那几个专项都叫啥名字？", "搞垃圾的那个多少钱？", "它的年度绩效目标是咋写的？", "另外两个加起来呢？"],
     "select sum(total) from funds where department = '重庆市城市管理局' and name not like '%垃圾%'"),
    # 这两家: 家 counts departments, the two just asked about
    (["水利局的专项预算合计多少？", "林业局的呢？", "这两家比，哪家补助区县的比例更高？"],
     "select department from funds where department in ('重庆市水利局', '重庆市林业局') group by department "
     "order by 1.0 * sum(district_subsidy) / sum(total) desc limit 1"),
    # 另一个呢: the last question, of the other fund
    (["市委宣传部有几个专项？各多少钱？", "钱多的那个设了多少个绩效指标？", "其中核心指标几个？", "另一个呢？"],
     "select count(*) from indicators where fund_seq = 5 and is_core = 1"),
    # 加一起呢 / 只算核心的呢 / 这几个权重加起来占多少
    (["韩钊是哪几个专项的联系人？", "这俩各有多少预算？", "加一起呢？"], "select sum(total) from funds where contact = '韩钊'"),
    (["学生资助专项一共设了几个绩效指标？", "只算核心的呢？", "它们分别是什么，权重各多少？", "这几个权重加起来占多少？"],
     "select sum(weight) from indicators where fund_seq = 10 and is_core = 1"),
    # 它们…的比例各是多少: each one's share, not a comparison of the two
    (["经信委的专项有那些？", "它们补助区县的比例各是多少？"],
     "select 100.0 * district_subsidy / total from funds where department = '重庆市经济和信息化委员会'"),
    # 这两个各有几个定性指标: both funds, one of them with none
    (["总预算高于全部专项平均水平的有多少个？", "其中住建委的是哪些？", "那民政局的呢？", "这两个各有几个定性指标？"],
     "select (select count(*) from indicators i where i.fund_seq = f.seq and i.op = '定性') from funds f "
     "where f.seq in (17, 18)"),
    # 其中钱最多的那个: the largest of the last answer's rows
    (["哪些专项一分钱市级支出都没有？", "这几个总共多少钱？", "其中钱最多的那个有几个绩效指标？"],
     "select count(*) from indicators where fund_seq = (select seq from funds where city_spend = 0 "
     "order by total desc limit 1)"),
    # those three, after one of the three listed was asked about: the three listed
    (["List the three funds with the biggest total budgets, largest first.", "Which department runs the second of those?",
      "Of those three, which one gives the least to the districts?"],
     "select seq from (select * from funds order by total desc limit 3) order by district_subsidy limit 1"),
    # 其中…的呢: narrowed, not the last condition swapped
    (["补助区县占总额比例超过90%的专项有哪些？", "其中总额超过10亿元的呢？"],
     "select seq from funds where 100.0 * district_subsidy / total > 90 and total > 100000"),
    # 多出来多少 after which of two is larger: the difference
    (["学生资助专项安排了多少钱？", "它跟职业教育提质领跑专项比，谁的市级支出多？", "多出来多少？"],
     "select (select city_spend from funds where name = '职业教育提质领跑专项') - "
     "(select city_spend from funds where name = '学生资助专项')"),
    # 排第一的 after a sorted list: its first row
    (["总额在1.5亿到3亿元之间的专项有哪些？", "按补助区县金额从高到低排", "排第一的是哪个部门的？"],
     "select department from funds where total between 15000 and 30000 order by district_subsidy desc limit 1"),
    # how much does … give to districts: the amount, not the funds that give some
    (["How much does the Health Commission give to districts across all its funds?"],
     "select sum(district_subsidy) from funds where department = '重庆市卫生健康委员会'"),
    # the other one — how much does it give: it is the other one, not the one before
    (["Which of the Emergency Management Bureau's two funds is bigger?",
      "And the other one — how much does it give to districts?"],
     "select district_subsidy from funds where department = '重庆市应急管理局' order by total limit 1"),
    # list those satisfaction indicators: those of the funds just listed
    (["Which of the Housing and Urban-Rural Development Commission's funds have a satisfaction indicator?",
      "List those satisfaction indicators with their target values."],
     "select i.name from indicators i join funds f on f.seq = i.fund_seq "
     "where f.department = '重庆市住房和城乡建设委员会' and i.name like '%满意%'"),
    # the city-level spending of those two: shown for the two funds the last answer gave
    (["Which funds belong to the Agriculture and Rural Affairs Commission?", "Which of them have more than 20 indicators?",
      "Give me the city-level spending of those two."],
     "select city_spend from funds f where department = '重庆市农业农村委员会' "
     "and (select count(*) from indicators where fund_seq = f.seq) > 20"),
    # 那目标是95%的呢: the indicators' target value, not the fund's written goal
    (["醫保局的專項叫什麼名字？", "該專項哪些指標的目標是100%？", "那目標是95%的呢？"],
     "select name from indicators where fund_seq = 69 and target_value = 95"),
    # 有给区县的钱 → 一共给了多少 / 其中给得最多的: what was given to the districts
    (["交通局哪几个专项有给区县的钱？", "一共给了多少？"],
     "select sum(district_subsidy) from funds where department = '重庆市交通局' and district_subsidy > 0"),
    (["交通局哪几个专项有给区县的钱？", "一共给了多少？", "其中给得最多的是哪个？"],
     "select name from funds where department = '重庆市交通局' order by district_subsidy desc limit 1"),
    # 它占总额的百分之几 after a sum: that figure's share, not a pronoun without a referent
    (["82个市级重点专项加起来一共多少钱？", "其中补助区县的部分呢？", "它占总额的百分之几？"],
     "select 100.0 * sum(district_subsidy) / sum(total) from funds"),
    # who is the contact … → what's their phone number: the people's number, once
    (["Who is the contact person for the civil affairs bureau funds?", "What's their phone number?"],
     "select distinct phone from funds where department = '重庆市民政局'"),
    # departments, then sorted by their combined budget: a sort of the departments, not one sum
    (["Which departments have more than three funds?", "Sort them by their combined budget, largest first",
      "How many funds does the top one have?"],
     "select count(*) from funds where department = '重庆市教育委员会'"),
    # which departments run them: each department with the funds it runs
    (["How many funds have no district subsidy at all?", "Which of them are over 1 billion yuan?",
      "Which departments run them?"],
     "select name, department from funds where district_subsidy = 0 and total > 100000"),
    # 民航的呢, right after a question about one fund: that fund's short form
    (["公路建设和维护专项多少钱", "那水运发展专项多少钱", "民航的呢"], "select total from funds where name = '民航发展专项'"),
    # a fund's amount after an indicator's target: the amount, not that indicator in another fund
    (["公路建设和维护专项多少钱", "它的奉建高速形象进度目标是多少", "那水运发展专项多少钱"],
     "select total from funds where name = '水运发展专项'"),
    # 这个平均数: the department's average just answered
    (["交通局六个专项平均每个多少钱", "规资局呢", "规资局里高于这个平均数的是哪几个"],
     "select name from funds where department = '重庆市规划和自然资源局' and total > "
     "(select avg(total) from funds where department = '重庆市规划和自然资源局')"),
    # 前者那个专项: the former department's fund
    (["发改委有几个专项，一共多少钱", "科技局呢", "前者那个专项叫什么"],
     "select name from funds where department = '重庆市发展和改革委员会'"),
    # the other one, said again: the same other one
    (["What funds does the HRSS bureau have?", "Which of them has the bigger budget?",
      "Who is the contact for the other one?", "List the other one's indicators with a weight of 15% or more.",
      "What's the combined weight of those?"],
     "select sum(i.weight) from indicators i join funds f on f.seq = i.fund_seq "
     "where f.name = '重点就业专项' and i.weight >= 15"),
    # 其中…的呢 after a count: counted again
    (["经信委的两个专项分别多少钱？", "前者的指标里权重是10%的有几个？", "其中是核心指标的呢"],
     "select count(*) from indicators i join funds f on f.seq = i.fund_seq "
     "where f.name = '工业和信息化专项' and i.weight = 10 and i.is_core = 1"),
    # 占全部专项资金的比例: of all the money, not of the number of funds
    (["各部门专项总额排前五的是哪几个部门", "这五个部门合计多少钱", "占全部专项资金的比例呢"],
     "select 100.0 * (select sum(total) from (select total from department_totals order by total desc limit 5)) "
     "/ (select sum(total) from funds)"),
    # 那反过来 + a whole counted question: asked afresh, the ranking before it not kept
    (["补助区县为0的专项有几个？", "其中超过1亿的，列出来", "按金额从大到小，前三个是哪些",
      "那反过来，市级支出为0的专项有几个？"], "select count(*) from funds where city_spend = 0"),
    # those 30% indicators: the weight just asked about
    (["Which funds have a core indicator weighted at 30%?", "Only those under the Transport Bureau",
      "What are those 30% indicators called?"],
     "select i.name from indicators i join funds f on f.seq = i.fund_seq "
     "where i.is_core = 1 and i.weight = 30 and f.department = '重庆市交通局'"),
    # an indicator named in a refinement: that indicator, whatever the last filter was
    (["垃圾分类清运处置专项是哪个部门的，多少钱？", "它有几个核心指标？", "里面那个航道漂浮物拥堵事故数，目标是多少？"],
     "select i.target_value from indicators i join funds f on f.seq = i.fund_seq "
     "where f.name = '垃圾分类清运处置专项' and i.name = '航道漂浮物拥堵事故数'"),
    # 只看…不止一个的部门: departments, counted by their funds
    (["各部门专项总额排前五的是哪几个部门", "这五个部门合计多少钱", "只看专项不止一个的部门"],
     "select department from (select * from department_totals order by total desc limit 5) where fund_count > 1"),
    # 其中…占到一半以上: the share, not an unread word
    (["交通局都有哪些专项？", "其中补助区县的钱占到一半以上的是哪个？"],
     "select name from funds where department = '重庆市交通局' and district_subsidy > 0.5 * total"),
    # it, for the very thing a refused question was about, and nothing else asked: that question again
    (["How much did the Forestry Bureau get in 2023?", "OK, what does it get in this 2024 document then?"],
     "select sum(total) from funds where department = '重庆市林业局'"),
    # 另外请问: a question of its own, nothing of the last turn carried
    (["权重为30%的绩效指标有哪些？", "其中属于市交通局专项的是哪几个？", "另外请问，权重为10%的核心指标一共有几个？"],
     "select count(*) from indicators where weight = 10 and is_core = 1"),
    # 其中属于…专项的是哪几个, after indicators: those indicators, of those funds
    (["权重为30%的绩效指标有哪些？", "其中属于市交通局专项的是哪几个？"],
     "select i.name from indicators i join funds f on f.seq = i.fund_seq "
     "where i.weight = 30 and f.department = '重庆市交通局'"),
    (["How much does the 学生资助专项 get in total?", "what about 高等教育突破跃升专项?", "and its indicators?"],
     "select i.name from indicators i join funds f on f.seq = i.fund_seq where f.name = '高等教育突破跃升专项'"),
    # the one under …: no number one
    (["Which key funds have a budget of exactly 200,000 万元 (20亿)?", "Who are the listed contacts for those two?",
      "Just the one under the Port and Logistics Office — what's the contact phone?"],
     "select phone from funds where total = 200000 and department = '重庆市人民政府口岸和物流办公室'"),
    # only the … ones? after a count: counted again
    (["How many indicators are there in the whole document?", "only the core ones?"],
     "select count(*) from indicators where is_core = 1"),
    # the subsidy swapped for the subsidy (not for the other condition with the same operator)
    (["请列出市级支出超过10亿元的专项，按市级支出由高到低排列。", "其中完全没有补助区县资金的有哪几个？",
      "上述几个专项的市级支出合计是多少万元？", "有补助区县资金的那几个呢？"],
     "select sum(city_spend) from funds where city_spend > 100000 and district_subsidy > 0"),
    # and their departments?: each fund's
    (["how many funds have more than 20 indicators?", "which ones are they?", "and their departments?"],
     "select name, department from fund_summary where indicator_count > 20"),
    # which departments are they from?: the departments
    (["Which funds are over 2 billion yuan?", "Which departments are they from?"],
     "select distinct department from funds where total > 200000"),
    # who should I call about that one, after an indicator: its fund's contact
    (["What is the weight of 年度预算执行率 in the 学生资助专项?", "And in the 科技发展专项?", "Who should I call about that one?"],
     "select contact from funds where name = '科技发展专项'"),
    (["What's the budget of the 科技发展专项?", "How many of its indicators are core ones?",
      "And which of its indicators isn't core?"],
     "select i.name from indicators i join funds f on f.seq = i.fund_seq where f.name = '科技发展专项' and i.is_core = 0"),
    # and the phone number?, after that person's funds: the person's number, once
    (["Who is the contact for the student aid fund (学生资助专项)?", "What other funds is that person responsible for?",
      "What's the combined budget of all the funds under that person, student aid included?", "and the phone number?"],
     "select distinct phone from funds where contact = '黄皇'"),
    # 本专项总额: the fund's own total, in a row's share
    (["请问市教委2024年共安排了哪些市级重点专项？", "其中补助区县资金超过本专项总额一半的是哪一项？"],
     "select name from funds where department = '重庆市教育委员会' and district_subsidy > 0.5 * total"),
    # 权重也是25%的: the weight, said again
    (["老党员生活补助专项的预算是多少？", "那基层非公党建专项里权重也是25%的有哪些指标？"],
     "select i.name from indicators i join funds f on f.seq = i.fund_seq where f.name = '基层非公党建专项' "
     "and i.weight = 25"),
    # the one in <fund>, after a list of indicators: that fund's one
    (["Which funds have a core indicator weighted at 30%?", "Only those under the Transport Bureau",
      "What are those 30% indicators called?", "What's the target of the one in 支持保障系统建设专项?"],
     "select i.target_value from indicators i join funds f on f.seq = i.fund_seq "
     "where f.name = '支持保障系统建设专项' and i.is_core = 1 and i.weight = 30"),
    # a share of all funds' budget → 补助区县资金方面呢: the same funds' share of all the subsidies
    (["预算超过25亿元的专项有几个？", "这几个专项合计占全部专项总预算的比重是多少？", "补助区县资金方面呢？"],
     "select 100.0 * sum(case when total > 250000 then district_subsidy else 0 end) / sum(district_subsidy) from funds"),
    # 它们加起来 after one fund, then another: the two of them
    (["残疾人事业发展专项多少钱？", "它的指标有几个？", "那体彩那个残疾人体育专项呢？", "那它们加起来呢？"],
     "select count(*) from indicators i join funds f on f.seq = i.fund_seq "
     "where f.name in ('残疾人事业发展专项', '体彩公益金安排的残疾人体育专项')"),
    (["How many performance indicators does the 文化产业发展专项 (cultural industry fund) have?",
      "And the 宣传思想文化工作专项?", "How many is that in total?"],
     "select count(*) from indicators i join funds f on f.seq = i.fund_seq "
     "where f.name in ('文化产业发展专项', '宣传思想文化工作专项')"),
    # 这几个核心指标 …加起来: the indicators just counted, not the two funds named before
    (["城市提升专项多少钱？", "全部82个专项里哪个预算最多？", "那第二多的呢？", "它的核心指标有几个", "这几个核心指标权重加起来多少"],
     "select sum(i.weight) from indicators i join funds f on f.seq = i.fund_seq where f.name = '社会救助专项' "
     "and i.is_core = 1"),
    # 后一个: the latter of the two just compared
    (["哪个专项钱最多？", "它是哪个部门的？", "最少的呢？", "这两个差多少？", "后一个是哪个部门管的？"],
     "select department from funds where name = '质量提升专项'"),
    # 另外问一句: a question of its own
    (["社会救助专项多少钱？", "另外问一句，全部指标里权重最高的是多少？"], "select max(weight) from indicators"),
    # 目标要求“等于”: each indicator's target, not the fund's annual goal
    (["学生资助专项有哪些绩效指标？", "其中目标要求“等于”某个值的有几个？"],
     "select count(*) from indicators i join funds f on f.seq = i.fund_seq where f.name = '学生资助专项' and i.op = '='"),
])
def test_follow_ups_about_the_last_answers(db_path, sql, turns, expected_sql):
    *_, last = talk(db_path, *turns)
    assert not isinstance(last, Exception), last
    expected = [list(row) for row in sql(expected_sql)]
    passed, reason = match_result([f"c{i}" for i in range(len(expected[0]))], expected, last["columns"], last["rows"])
    assert passed, (last["answer"], reason)


def test_a_plural_after_a_count_of_indicators_is_those_indicators(db_path, sql):
    *_, core = talk(db_path, "How many indicators does the drug administration's fund have?",
                    "What about the Intellectual Property Office's fund?", "How many of those are core?")
    expected = sql("select count(*) from indicators i join funds f on f.seq = i.fund_seq "
                   "where f.department = '重庆市知识产权局' and i.is_core = 1")[0][0]
    assert values(core, "indicator_count") == [expected]


def test_a_refinement_after_a_refused_refinement_is_refused_not_asked_of_every_fund(db_path):
    *_, refused, core = talk(db_path, "学生资助专项有哪些绩效指标？", "其中目标说的是哪年？", "只看核心指标的呢")
    assert isinstance(refused, Unanswerable)
    assert isinstance(core, Unanswerable), core["answer"]


def test_the_highest_weighted_one_is_never_a_fund_picked_by_budget(db_path):
    *_, last = talk(db_path, "规划自然资源局有多少个专项，总共多少钱？", "其中超过1亿元的有哪些？", "权重最高的那个指标目标值是多少？")
    assert isinstance(last, Unanswerable) or "indicator" in last["columns"], last["answer"]


def test_only_those_after_a_question_that_pointed_at_nothing_is_refused(db_path):
    first, only = talk(db_path, "它有多少个绩效指标？", "Only those weighted 15% or more — which are they?")
    assert isinstance(first, Unanswerable)
    assert isinstance(only, Unanswerable), only["answer"]
    first, only = talk(db_path, "这个专项有多少个指标？", "只看权重15%以上的")
    assert isinstance(only, Unanswerable), only["answer"]


def test_an_ellipsis_after_a_question_only_partly_read_is_refused(db_path):
    *_, partial, ellipsis = talk(db_path, "学生资助专项有多少钱？", "该专项的核心指标按难易程度排一下", "职业教育提质领跑专项的呢？")
    assert isinstance(partial, Unanswerable)
    assert isinstance(ellipsis, Unanswerable), ellipsis["answer"]


def test_its_contact_after_a_sum_of_all_funds_is_refused(db_path):
    *_, contact = talk(db_path, "What is the total budget of all the funds combined?", "Who is its contact person?")
    assert isinstance(contact, Unanswerable)
