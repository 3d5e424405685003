"""compose(Query) → Plan is pure: typed queries in, SQL with bound parameters out.

The SQL is also run on an in-memory database made from the declared schema and
three funds, so each plan is checked for the rows it selects, without the built database.
"""

import sqlite3

import pytest
import sqlite_utils

from cqbudget_db.build import create_tables
from cqbudget_db.engine.compose import ComposeError, compose
from cqbudget_db.engine.query import Comparison, Condition, IndicatorSpec, Query, Ranking, TextMatch

FUNDS = [(1, "甲专项", "部门A", 100.0, 60.0, 40.0, "概况说到乡村振兴", "目标"),
         (2, "乙专项", "部门A", 300.0, 0.0, 300.0, "概况", "目标说到养老"),
         (3, "丙专项", "部门B", 200.0, 150.0, 50.0, "概况", "目标")]
INDICATORS = [(1, 1, 1, "满意度", "≥", 90.0, "90", "%", 50.0, 1), (2, 1, 2, "执行率", "≥", 100.0, "100", "%", 50.0, 0),
              (3, 2, 1, "覆盖率", "定性", None, "提高", "无", 100.0, 1), (4, 3, 1, "人数", "=", 5.0, "5", "人", 100.0, 0)]


@pytest.fixture(scope="module")
def conn():
    conn = sqlite3.connect(":memory:")
    create_tables(sqlite_utils.Database(conn))
    conn.executemany("insert into departments (name, short_name) values (?, ?)", [("部门A", "A"), ("部门B", "B")])
    conn.executemany("insert into funds (seq, name, department, total, city_spend, district_subsidy, overview, goal) "
                     "values (?, ?, ?, ?, ?, ?, ?, ?)", FUNDS)
    conn.executemany("insert into indicators (id, fund_seq, position, name, op, target_value, target_text, unit, "
                     "weight, is_core) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", INDICATORS)
    return conn


def rows(conn, plan):
    cursor = conn.execute(plan.sql, plan.params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def test_values_are_bound_not_pasted(conn):
    plan = compose(Query(target="funds", departments=["部门A"], conditions=[Condition("total", ">", 150.0)]))
    assert ":dept" in plan.sql and ":min_total" in plan.sql and "部门A" not in plan.sql
    assert plan.params == {"dept": "部门A", "min_total": 150.0}
    assert [r["seq"] for r in rows(conn, plan)] == [2]


def test_column_against_column_times_a_factor(conn):
    plan = compose(Query(target="funds", conditions=[Condition("district_subsidy", ">=", other="city_spend",
                                                               factor=2.0)]))
    assert [r["seq"] for r in rows(conn, plan)] == [2]


def test_condition_against_the_average(conn):
    plan = compose(Query(target="funds", conditions=[Condition("total", ">", reference="average")]))
    assert [r["seq"] for r in rows(conn, plan)] == [2]


def test_superlative_keeps_ties_and_top_n_cuts(conn):
    tied = compose(Query(target="funds", ranking=Ranking("district_share")))
    assert [r["seq"] for r in rows(conn, tied)] == [2]
    top = compose(Query(target="funds", ranking=Ranking("total", limit=2)))
    assert [r["seq"] for r in rows(conn, top)] == [2, 3]
    second = compose(Query(target="funds", ranking=Ranking("total", limit=1, offset=1)))
    assert [r["seq"] for r in rows(conn, second)] == [3]


def test_department_sums_with_a_group_condition(conn):
    plan = compose(Query(target="departments", group_conditions=[Condition("total", ">", 350.0, level="group")]))
    assert [(r["department"], r["fund_count"], r["total"]) for r in rows(conn, plan)] == [("部门A", 2, 400.0)]


def test_aggregates_over_the_selection(conn):
    total = rows(conn, compose(Query(target="funds", aggregate="sum", metric="total")))[0]
    assert (total["fund_count"], total["total"]) == (3, 600.0)
    median = rows(conn, compose(Query(target="funds", aggregate="median", metric="total")))[0]
    assert median["median_total"] == 200.0
    share = rows(conn, compose(Query(target="funds", departments=["部门A"], aggregate="share", share="share_of_all")))[0]
    assert share["share_of_all"] == pytest.approx(400 / 600 * 100)


def test_text_and_indicator_filters(conn):
    plan = compose(Query(target="funds", texts=[TextMatch("养老", ("goal",))]))
    assert [r["seq"] for r in rows(conn, plan)] == [2]
    core = compose(Query(target="indicators", indicators=IndicatorSpec(core=True)))
    assert [r["indicator"] for r in rows(conn, core)] == ["满意度", "覆盖率"]
    without = compose(Query(target="funds", indicators=IndicatorSpec(qualitative=True), has_indicator=False))
    assert [r["seq"] for r in rows(conn, without)] == [1, 3]


def test_difference_between_two_named_departments(conn):
    plan = compose(Query(target="funds", compare=Comparison("difference", [("department", "部门A"),
                                                                           ("department", "部门B")], "total")))
    assert rows(conn, plan)[0]["difference_total"] == 200.0


def test_a_metric_at_the_wrong_level_is_refused_not_guessed():
    with pytest.raises(ComposeError):
        compose(Query(target="funds", conditions=[Condition("fund_count", ">", 3.0)]))


def test_query_round_trips_through_a_dict():
    query = Query(target="funds", conditions=[Condition("total", ">", 1.0)], ranking=Ranking("total", limit=3),
                  texts=[TextMatch("养老")], indicators=IndicatorSpec(core=True, conditions=[Condition("weight", "=", 25.0)]))
    assert Query.from_dict(query.to_dict()) == query


# ------------------------------------------------------------- parts a plan cannot express

@pytest.mark.parametrize("query, parts", [
    (Query(target="funds", aggregate="sum", fields=["contact"]), ["fields"]),
    (Query(target="indicators", aggregate="count", ranking=Ranking("weight", "asc")), ["ranking"]),
    (Query(target="indicators", group_by="contact"), ["group_by:contact"]),
    (Query(target="indicators", ranking=Ranking("total")), ["ranking"]),
])
def test_a_part_the_plan_would_drop_is_refused(query, parts):
    """权重最小的指标有多少个 must not be answered as 指标有多少个: the part is named, not dropped."""
    with pytest.raises(ComposeError) as raised:
        compose(query)
    assert raised.value.parts == parts
    assert raised.value.say("zh").startswith("无法与问题其余部分一起回答")


def test_fields_named_by_a_filter_are_not_a_dropped_part(conn):
    """周佩雯负责几个专项: 联系人 names the person filtered on, the count is the whole answer."""
    plan = compose(Query(target="funds", aggregate="count", people=["张三"], fields=["contact"]))
    assert plan.kind == "fund_total"


def test_contacts_ranked_by_a_summed_amount(conn):
    conn.execute("update funds set contact = case seq when 3 then '李四' else '张三' end, phone = '1'")
    plan = compose(Query(target="contacts", fields=["contact"], ranking=Ranking("total")))
    assert [(r["contact"], r["fund_count"], r["total"]) for r in rows(conn, plan)] == [("张三", 2, 400.0)]
    conn.execute("update funds set contact = null, phone = null")


def test_the_gap_between_two_columns_of_one_fund(conn):
    plan = compose(Query(target="funds", funds=[2], compare=Comparison("difference", [("fund", 2)],
                                                                         "district_subsidy", other="city_spend")))
    assert rows(conn, plan) == [{"difference_district_subsidy": 300.0, "first_district_subsidy": 300.0,
                                 "second_district_subsidy": 0.0}]
