"""The answer sentences, word for word: what each kind of answer says, in Chinese and English.

Each test asks the offline engine (cqbudget_db.ask.ask) on the session database and compares the
whole sentence, so a change of wording is a decision, not an accident.  The figures are the
document's; the shapes are what a reader should get: a zero said once, a count with what it counts,
the metric of the values in brackets, one fund or one department named as such, an indicator with
what was asked of it, English with English department names and a capital letter, amounts in the
unit asked for, both sides of a comparison.
"""

import re

import pytest

from cqbudget_db import amounts, metrics
from cqbudget_db.ask import answer, ask, read
from cqbudget_db.engine.answer import sentence
from cqbudget_db.engine.explain import humane
from cqbudget_db.engine.vocab import load_vocabulary
from cqbudget_db.guard import run_query


def said(question, db_path):
    return ask(question, db_path)["answer"]


def conversation(questions, db_path):
    """The answers of a conversation, turn by turn."""
    state, answers = None, []
    for question in questions:
        result, state = answer(question, db_path, state=state)
        answers.append(result["answer"])
    return answers


def meanings(question, db_path):
    return [item["meaning"] for item in ask(question, db_path)["understood"]]


# ------------------------------------------------------------------ 1. a zero shared by every row, said once

NO_DISTRICT_FUNDS = ("市级人才开发专项、市干部教育培训专项、文化产业发展专项、宣传思想文化工作专项、高等教育突破跃升专项、"
                     "职业教育提质领跑专项、重点就业专项、地质勘查和矿产资源监管专项、市政交通规划与管理支撑专项、"
                     "自然资源及测绘地理管理专项")


def test_ties_at_zero_are_said_once(db_path, sql):
    assert sql("select count(*) from funds where district_subsidy = 0")[0][0] == 27
    assert said("补助区县最少的专项", db_path) == f"有27个专项没有补助区县资金：{NO_DISTRICT_FUNDS}等27个。"
    assert said("Which funds have the smallest district subsidies?", db_path) == (
        "27 funds have no district subsidies: " + NO_DISTRICT_FUNDS.replace("、", "; ") + " and 17 more.")


def test_the_smallest_n_at_zero_are_said_once(db_path):
    """The fifth is tied with 22 more at zero: all 27 are the answer, and the sentence says why."""
    assert said("补助区县最少的5个专项", db_path) == (
        "补助区县最小的5个专项（因并列共27个）都没有补助区县资金：" + NO_DISTRICT_FUNDS + "等27个。")


def test_a_zero_value_never_appears_once_per_row(db_path):
    for question in ("补助区县最少的专项", "市级支出最少的是哪些专项？", "Which funds have the smallest district subsidies?"):
        answer = said(question, db_path)
        assert "（0元）" not in answer and "(0 yuan)" not in answer, answer


# ------------------------------------------------------------------ 2. counts say what they count

def test_counts_in_brackets_have_their_unit(db_path):
    assert said("专项个数最多的部门", db_path) == "专项数最多的部门是市规划自然资源局（7个专项）。"
    assert said("指标最多的部门", db_path) == "指标数最多的部门是市农业农村委（84个指标）。"
    assert said("Which department has the most funds?", db_path) == \
        "The department with the largest number of funds is the Planning and Natural Resources Bureau (7 funds)."
    assert said("绩效指标最多的专项是哪个？", db_path) == "指标数最大的是宣传思想文化工作专项（29个指标）。"
    assert said("按专项数量由多到少对主管部门排序，排名前三的部门分别有几个专项？", db_path) == (
        "专项数最多的3个部门：市规划自然资源局（7个专项）、市交通局（6个专项）、市农业农村委（5个专项）。")


def test_a_department_ranked_by_its_funds_cites_only_its_funds(db_path, sql):
    own = [r[0] for r in sql("select seq from funds where department = '重庆市规划和自然资源局' order by seq")]
    for question in ("专项个数最多的部门", "Which department has the most funds?"):
        assert [s["seq"] for s in ask(question, db_path)["sources"]] == own
    farmers = [r[0] for r in sql("select seq from funds where department = '重庆市农业农村委员会' order by seq")]
    assert [s["seq"] for s in ask("指标最多的部门", db_path)["sources"]] == farmers


def test_a_comparison_cites_both_sides(db_path, sql):
    both = [r[0] for r in sql("select seq from funds where department in ('重庆市教育委员会', '重庆市卫生健康委员会') "
                              "order by seq")]
    result = ask("Which has the larger budget, the Education Commission or the Health Commission?", db_path)
    assert [s["seq"] for s in result["sources"]] == both


# ------------------------------------------------------------------ 3. the metric of the values in brackets

def test_a_list_shown_by_another_metric_names_it(db_path):
    assert said("教委各专项的市级支出", db_path) == (
        "市教委的专项共4个，市级支出合计21.19亿元：高等教育突破跃升专项（1.33亿元）、基础教育扩优提质专项（6,099.95万元）、"
        "学生资助专项（6.47亿元）、职业教育提质领跑专项（12.78亿元）。")
    assert said("What is the city-level spending of each of the Education Commission's funds?", db_path) == (
        "4 funds of the Education Commission, with city-level spending totalling 2.12 billion yuan: "
        "高等教育突破跃升专项 (133.09 million yuan); 基础教育扩优提质专项 (61.00 million yuan); "
        "学生资助专项 (646.61 million yuan); 职业教育提质领跑专项 (1.28 billion yuan).")


def test_a_list_sorted_by_a_count_says_the_count(db_path):
    assert said("请将市农业农村委所属专项按绩效指标数量从多到少排序。", db_path) == (
        "市农业农村委的专项共5个，按指标数从多到少：农业产业发展专项（22个指标）、农业服务体系专项（21个指标）、"
        "农业资源与保护专项（18个指标）、动物疫病防控专项（12个指标）、农田建设补助专项（11个指标）。")


def test_budget_is_never_summed_over_other_values(db_path):
    answer = said("教委各专项的市级支出", db_path)
    assert "预算合计" not in answer


# ------------------------------------------------------------------ 4. one fund, one department, read naturally

def test_aggregates_of_named_funds(db_path):
    assert said("社会救助专项的市级支出占比", db_path) == "社会救助专项的市级支出占比为5.09%。"
    assert said("公共卫生专项和计划生育专项补助区县一共多少", db_path) == \
        "公共卫生专项、计划生育专项共2个专项，补助区县合计9.26亿元。"
    assert said("口岸物流发展专项有几个指标", db_path) == "口岸物流发展专项共有12个指标（核心6个、非核心6个）。"
    assert said("社会救助专项占全部重点专项预算总额的比例是多少？", db_path) == "社会救助专项占全部专项预算的比例为8.48%。"
    assert said("What share of 社会救助专项's budget is city-level spending?", db_path) == \
        "The city-level share of 社会救助专项 is 5.09%."
    assert said("What is the total district subsidy of 公共卫生专项 and 计划生育专项?", db_path) == \
        "公共卫生专项 and 计划生育专项 (2 funds) have subsidies to districts totalling 925.95 million yuan."
    assert said("How many indicators does 口岸物流发展专项 have?", db_path) == \
        "口岸物流发展专项 has 12 indicators (6 core, 6 non-core)."


def test_aggregates_of_a_department_and_of_everything(db_path):
    assert said("卫健委的钱有多大比例是补助给区县的", db_path) == "市卫生健康委4个专项的补助区县占比为65.28%。"
    assert said("补助区县占全部专项预算的比例是多少", db_path) == "全部82个专项的补助区县占比为42.32%。"
    assert said("预算前五大专项合计占总预算的比例是多少", db_path) == "预算最大的5个专项占全部专项预算的比例为37.83%。"
    assert said("科技发展专项有几个核心指标？", db_path) == "科技发展专项共有9个核心指标。"


# ------------------------------------------------------------------ 5. indicators show what was asked

def test_indicators_listed_with_their_weights(db_path):
    assert said("科技局的指标和权重", db_path) == (
        "科技发展专项共有10个指标：新增高新技术企业数量（≥600家，权重11%）、新增科技企业数量（≥5000家，权重11%）、"
        "技术合同成交额（≥800亿元，权重10%）、每万人发明专利拥有量（≥16.2件，权重10%）、"
        "每万名就业人员中研发人员数（≥60人/年，权重10%）等10个。")
    assert said("What are the weights of the indicators of 科技发展专项?", db_path) == (
        "科技发展专项 has 10 indicators: 新增高新技术企业数量 (≥600家, weight 11%); 新增科技企业数量 (≥5000家, weight 11%); "
        "技术合同成交额 (≥800亿元, weight 10%); 每万人发明专利拥有量 (≥16.2件, weight 10%); "
        "每万名就业人员中研发人员数 (≥60人/年, weight 10%) and 5 more.")


def test_indicators_ranked_by_weight_show_it(db_path):
    assert said("公路建设和维护专项里权重最高的指标", db_path) == (
        "权重最高（20.00%）的指标共4个：改造农村公路危桥座数（≥40座，权重20%）、开展 PPP 项目绩效考核次数（=1次，权重20%）、"
        "奉建高速形象进度（≥66%，权重20%）、农村公路一二三类桥梁比例（≥95%，权重20%）。")


def test_one_indicator_answers_with_its_target(db_path):
    assert said("就业困难人员就业目标任务完成率的目标值是多少", db_path) == "就业困难人员就业目标任务完成率的目标值为≥100%，单位%。"
    assert said("居民医保财政补助标准是多少？", db_path) == "居民医保财政补助标准的目标值为670元/年，单位元/年。"
    assert said("What is the target of 森林覆盖率?", db_path) == "The target of 森林覆盖率 is ≥55% (unit: %)."


def test_one_indicator_answers_what_the_follow_up_asks(db_path):
    turns = ["重点就业专项的核心指标有哪些？", "其中权重最大的是哪个？", "目标值多少？", "单位呢"]
    answers = conversation(turns, db_path)
    assert answers[1].endswith("权重最高的指标是就业困难人员就业目标任务完成率（≥100%，权重30%）。")
    assert answers[2].endswith("就业困难人员就业目标任务完成率的目标值为≥100%，单位%。")
    assert answers[3].endswith("就业困难人员就业目标任务完成率的计量单位为%。")
    turns = ["What indicators does the civil aviation development fund have?", "Which of them is measured in 亿元?",
             "What's its target?", "And its weight?"]
    answers = conversation(turns, db_path)
    assert answers[2].endswith("The target of 完成投资总额 is ≥1亿元 (unit: 亿元).")
    assert answers[3].endswith("The weight of 完成投资总额 is 20%.")


def test_units_of_listed_indicators(db_path):
    answers = conversation(["科技发展专项有几个核心指标？", "其中权重最大的是哪几个？", "它们的目标值分别是多少？", "单位呢？"],
                           db_path)
    assert answers[3].endswith("新增高新技术企业数量（≥600家，单位：家）、新增科技企业数量（≥5000家，单位：家）。")


# ------------------------------------------------------------------ 6. a person answered by department

def test_a_contact_answered_by_department_names_the_person(db_path):
    assert said("周佩雯是哪个部门专项的联系人？", db_path) == (
        "周佩雯是市民政局4个专项的联系人：民政管理事务专项、社会福利专项、社会救助专项、市级福利彩票公益金专项。")
    assert said("Which department is 周佩雯 the contact for?", db_path) == (
        "周佩雯 is the contact for 4 funds of the Civil Affairs Bureau: 民政管理事务专项; 社会福利专项; 社会救助专项; "
        "市级福利彩票公益金专项.")
    assert said("杨欣是哪个部门专项的联系人？", db_path) == (
        "杨欣是市林业局2个专项、市规划自然资源局1个专项的联系人：控规编制城市设计及历史文化名城保护规划专项、"
        "林业草原改革发展专项、林业草原生态保护恢复专项。")


def test_one_contact_of_several_funds_is_named_once(db_path):
    assert said("联系人黄皇负责哪些专项？", db_path) == \
        "黄皇是3个专项的联系人，电话67737562：高等教育突破跃升专项、学生资助专项、职业教育提质领跑专项。"
    assert said("卫健委专项的联系人是谁", db_path) == "市卫生健康委专项的联系人是黄尉恒，电话67706712，负责4个专项。"
    assert said("电话63899705对应的联系人是谁", db_path) == "电话63899705的联系人是张文莉（负责2个专项）。"


# ------------------------------------------------------------------ 7. English: a capital letter, English names

def test_english_starts_with_a_capital_and_names_departments_in_english(db_path):
    assert said("How many funds does the transport bureau have?", db_path) == \
        "The Transport Bureau has 6 funds, with a combined budget of 921.18 million yuan."
    assert said("Which department manages 科技发展专项?", db_path) == \
        "科技发展专项 is run by the Science and Technology Bureau."
    assert said("Which has the larger budget, the Education Commission or the Health Commission?", db_path) == \
        "The Education Commission has the larger budget (5.30 billion yuan)."


ENGLISH_QUESTIONS = ["How many funds does the transport bureau have?", "Which department has the most funds?",
                     "How much more does the Water Resources Bureau have than the Transport Bureau?",
                     "How many departments manage key special funds?", "Top 3 funds by total budget",
                     "How many indicators use the ≤ operator?", "Who is the contact for 社会救助专项?",
                     "Which funds list 黄尉恒 as the contact?", "What's the median fund budget?",
                     "Which departments have more than 5 funds?"]


@pytest.mark.parametrize("question", ENGLISH_QUESTIONS)
def test_english_answers_start_with_a_capital_and_use_no_chinese_department_names(db_path, question):
    answer = said(question, db_path)
    assert not answer[0].islower(), answer
    vocab = load_vocabulary(db_path)
    for full, short in vocab.short_names.items():
        assert short not in answer and full not in answer, (short, answer)


# ------------------------------------------------------------------ 8. the unit the question asked for

def test_amounts_in_the_unit_asked_for(db_path):
    assert said("食品监督抽查专项的预算是多少亿元", db_path) == "食品监督抽查专项的预算为0.74亿元。"
    assert said("What is the education commission's total budget in million yuan?", db_path) == \
        "The Education Commission has 4 funds, with a combined budget of 5,304.14 million yuan."


def test_amounts_in_wan_when_asked(db_path):
    """The sentence honours display_units = ['wan'] (多少万元 / in 万元) for every amount it writes."""
    reading, plan, vocab = read("教委有哪些专项", db_path)
    plan.query.display_units = ["wan"]
    result = run_query(db_path, plan.sql, plan.params)
    assert sentence(plan, result.columns, result.rows, reading, vocab) == (
        "市教委的专项共4个，预算合计530,413.95万元：高等教育突破跃升专项（13,309.20万元）、基础教育扩优提质专项"
        "（275,959.00万元）、学生资助专项（113,356.75万元）、职业教育提质领跑专项（127,789.00万元）。")


def test_an_indicator_unit_is_not_a_display_unit(db_path):
    """计量单位是亿美元 names the indicators' unit; the budget is still written as usual."""
    assert said("Which funds have an indicator measured in 亿美元 (hundred million US dollars)?", db_path) == \
        "1 fund with indicators in 亿美元, with a combined budget of 498.72 million yuan: 市商务发展专项 (498.72 million yuan)."


def test_the_formatters_in_a_unit():
    assert amounts.say(6099.95, "zh", "yi") == "0.61亿元"
    assert amounts.say(369379, "zh", "wan") == "369,379.00万元"
    assert amounts.say(369379, "en", "million") == "3,693.79 million yuan"
    assert amounts.say(369379, "en", "billion") == "3.69 billion yuan"
    assert amounts.say(0, "zh", "wan") == "0元"
    assert metrics.say("fund_count", 7, "zh", counted=True) == "7个专项"
    assert metrics.say("indicator_count", 1, "en", counted=True) == "1 indicator"
    assert metrics.say("core_count", 11, "en", counted=True) == "11 core indicators"
    assert metrics.say("fund_count", 7, "zh") == "7"


# ------------------------------------------------------------------ 9. understood meanings in the question's language

def test_english_meanings_are_english(db_path):
    assert meanings("Top 5 funds by district subsidies", db_path) == ["top 5 by subsidies to districts"]
    assert meanings("Which fund has the largest total?", db_path) == ["largest budget"]
    assert meanings("How many funds does the transport bureau have?", db_path) == \
        ["department = Transport Bureau", "count"]
    assert meanings("Which funds have subsidies to districts over 1 billion yuan?", db_path) == \
        ["subsidies to districts > 1 billion yuan"]


def test_meanings_read_without_internal_names():
    assert humane("district_subsidy = 0（全部是city_spend）", "en") == \
        "subsidies to districts = 0 (all city-level spending)"
    assert humane("district_subsidy = 0（全部是city_spend）", "zh") == "补助区县 = 0（全部是市级支出）"
    assert humane("按district_subsidy取前5（从大到小）", "en") == "top 5 by subsidies to districts"
    assert humane("按total排第2（从大到小）", "en") == "second largest by budget"
    assert humane("total最大", "en") == "largest budget"
    assert humane("字段：contact", "zh") == "问：联系人"
    assert humane("字段：contact", "en") == "asks: contact"
    assert humane("显示：target", "zh") == "显示：目标值"
    assert humane("比例：indicator_share", "zh") == "比例：指标占比"
    assert humane("按?排第2（从大到小）", "zh") == "排第2（从大到小）"
    assert humane("名称、概况、绩效目标、指标含“乡村振兴”", "en") == "“乡村振兴” in name, overview, goal or indicators"


CHINESE_QUESTIONS = ["谁是社会救助专项的联系人", "卫健委补助区县超过1亿元的专项", "补助区县最多的前三个专项是？",
                     "市级支出占比低于10%的专项", "教委各专项的市级支出", "权重最高的指标是哪些？"]


@pytest.mark.parametrize("question", CHINESE_QUESTIONS + ENGLISH_QUESTIONS)
def test_no_metric_or_field_key_in_any_meaning(db_path, question):
    internal = [k for k in list(metrics.METRICS) + list(metrics.FIELDS) if "_" in k] + ["non_core"]
    keys = re.compile(r"\b(" + "|".join(internal) + r")\b")
    for meaning in meanings(question, db_path):
        assert not keys.search(meaning), meaning
        if question in ENGLISH_QUESTIONS:     # names may be Chinese, the words around them not
            assert not re.search(r"按|取前|排第|排序|最大|最小|显示|字段|计数|合计|比例|问：|部门 =|平均|之间|含“", meaning), \
                meaning


# ------------------------------------------------------------------ 10. comparisons name both sides

def test_differences_name_both_sides(db_path):
    assert said("经信委的专项总额比科技局多多少？", db_path) == \
        "市经济信息委预算22.09亿元，市科技局11.15亿元，市经济信息委比市科技局多10.94亿元。"
    assert said("How much more does the Water Resources Bureau have than the Transport Bureau?", db_path) == (
        "The Water Resources Bureau's budget is 1.68 billion yuan and the Transport Bureau's is 921.18 million yuan: "
        "the Water Resources Bureau has 760.73 million yuan more than the Transport Bureau.")
    assert said("社会救助专项的指标比社会福利专项多几个", db_path) == "社会救助专项有8个指标，社会福利专项有8个指标，两者相同。"


def test_ratios_name_both_sides_with_their_values(db_path):
    assert said("水利局的预算是交通局的几倍", db_path) == "市水利局的预算（16.82亿元）是市交通局（9.21亿元）的1.83倍。"
    assert said("How many times the Water Resources Bureau's budget is the Transport Bureau's?", db_path) == \
        "The Water Resources Bureau's budget (1.68 billion yuan) is 1.83 times the Transport Bureau's (921.18 million yuan)."
    assert said("城市提升专项的预算是质量提升专项的多少倍？", db_path) == \
        "城市提升专项的预算（36.94亿元）是质量提升专项（650.00万元）的568.28倍。"
