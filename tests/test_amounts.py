"""The one amount formatter (cqbudget_db.amounts) and the labels of the metric registry."""

import json

import pytest

from cqbudget_db import amounts, metrics


@pytest.mark.parametrize("value, wan, yi, zh, en, cell", [
    (0, "0.00", "0.00", "0元", "0 yuan", "0.00 万元"),
    (650, "650.00", "0.07", "650.00万元", "6.50 million yuan", "650.00 万元（0.07 亿元）"),
    (12345.6, "12,345.60", "1.23", "1.23亿元", "123.46 million yuan", "12,345.60 万元（1.23 亿元）"),
    (369379, "369,379.00", "36.94", "36.94亿元", "3.69 billion yuan", "369,379.00 万元（36.94 亿元）"),
    (3968753.93, "3,968,753.93", "396.88", "396.88亿元", "39.69 billion yuan",
     "3,968,753.93 万元（396.88 亿元）"),
    # under 0.01 亿元: more decimals rather than 0.00
    (12, "12.00", "0.0012", "12.00万元", "0.12 million yuan", "12.00 万元（0.0012 亿元）"),
    (45, "45.00", "0.0045", "45.00万元", "0.45 million yuan", "45.00 万元（0.0045 亿元）"),
    (0.4, "0.40", "0.00004", "0.40万元", "0.004 million yuan", "0.40 万元（0.00004 亿元）"),
    (-865, "-865.00", "-0.09", "-865.00万元", "-8.65 million yuan", "-865.00 万元（-0.09 亿元）"),
])
def test_amounts(value, wan, yi, zh, en, cell):
    assert amounts.wan(value) == wan
    assert amounts.yi(value) == yi
    assert amounts.say(value, "zh") == zh
    assert amounts.say(value, "en") == en
    assert amounts.both(value) == cell


def test_zero_has_no_bracket_in_any_language():
    assert amounts.both(0) == amounts.both(0.0, "en") == "0.00 万元"
    assert amounts.reading(0) is None
    assert "(0" not in amounts.both(0) and "（0" not in amounts.both(0)


def test_english_cells_read_in_million_or_billion_yuan():
    assert amounts.both(650, "en") == "650.00 万元 (6.50 million yuan)"
    assert amounts.both(369379, "en") == "369,379.00 万元 (3.69 billion yuan)"


@pytest.mark.parametrize("value", [None, "n/a", float("nan"), True])
def test_not_a_number(value):
    assert amounts.say(value) == "—"
    assert amounts.percent(value) == "—"
    assert amounts.count(value) == "—"


def test_percent_and_count():
    assert amounts.percent(42.5) == "42.50%"
    assert amounts.percent(100) == "100.00%"
    assert amounts.percent(0.004) == "0.004%"
    assert amounts.count(1234) == "1,234"
    assert amounts.count(4.0) == "4"
    assert amounts.count(0.5) == "0.5"


def test_round_rows_removes_float_noise_at_the_documents_precision():
    columns = ["seq", "name", "total", "city_spend", "district_share", "average_total", "is_core"]
    rows = [(32, "城市提升专项", 51749.869999999995, 2289333.3000000003, 13.285714285714286,
             48399.43817073171, True),
            (1, "x", 0.0, -0.0, 0.00123456, None, False)]
    rounded = amounts.round_rows(columns, rows)
    assert rounded == [[32, "城市提升专项", 51749.87, 2289333.3, 13.29, 48399.44, True],
                       [1, "x", 0.0, 0.0, 0.0012, None, False]]
    assert json.dumps(rounded[0][2:4]) == "[51749.87, 2289333.3]"
    assert json.dumps(rounded[1][3]) == "0.0"  # never -0.0
    assert isinstance(rounded[0][0], int) and isinstance(rounded[0][6], bool)
    assert amounts.round_rows(columns, []) == []


def test_round_rows_keeps_what_the_document_prints(sql):
    """Every amount and target in the database survives rounding unchanged."""
    for table, columns in [("funds", ["total", "city_spend", "district_subsidy"]),
                           ("indicators", ["target_value", "weight"])]:
        rows = sql(f"select {', '.join(columns)} from {table}")
        assert amounts.round_rows(columns, rows) == [list(row) for row in rows]


# ---------------------------------------------------------------- labels from the registry

@pytest.mark.parametrize("column, zh, en", [
    ("total", "预算", "budget"),
    ("city_spend", "市级支出", "city-level spending"),
    ("district_subsidy", "补助区县", "subsidies to districts"),
    ("department_short", "部门", "department"),
    ("average_total", "平均预算", "average budget"),
    ("district_share", "补助区县占比", "district share"),
    ("fund_count", "专项数", "number of funds"),
    ("name", "专项", "fund"),
])
def test_labels(column, zh, en):
    assert metrics.label(column, "zh") == zh
    assert metrics.label(column, "en") == en


def test_unknown_columns_keep_their_name_and_units_are_stated_once():
    assert metrics.label("hits", "zh") == "hits"
    assert metrics.units(["seq", "name", "total", "district_share", "fund_count"]) == {
        "total": "万元", "district_share": "%"}
