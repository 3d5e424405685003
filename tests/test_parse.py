"""The parser: text in, plain dicts out.

Expected values are copied by hand from data/chongqing-2024-key-funds-performance.txt
(line numbers are the document's), never from the parser's own output.
"""

import re
from collections import Counter

import pytest

from cqbudget_db.errors import ParseError
from cqbudget_db.parse import clean_text, normalize_operator, parse_document, parse_number

INDICATOR_FIELDS = ("name", "op", "target_value", "target_text", "unit", "weight", "is_core",
                    "source_line")


def lines_of(text):
    return text.split("\n")


def replace_on_line(text, lineno, old, new):
    """The document with old replaced by new on one line (1-based); old must occur there once."""
    lines = lines_of(text)
    assert lines[lineno - 1].count(old) == 1, (lineno, old, lines[lineno - 1])
    lines[lineno - 1] = lines[lineno - 1].replace(old, new)
    return "\n".join(lines)


def excerpt(text, *ranges):
    """Only the given (first, last) line ranges; lines between them become blank so numbers hold."""
    keep = set()
    for first, last in ranges:
        keep.update(range(first, last + 1))
    return "\n".join(line if number in keep else ""
                     for number, line in enumerate(lines_of(text)[:max(keep)], 1))


def indicator_rows(parsed, seq):
    return [tuple(row[k] for k in INDICATOR_FIELDS)
            for row in parsed["indicators"] if row["fund_seq"] == seq]


def by_seq(rows):
    return {row["seq"]: row for row in rows}


# --- parse_number, normalize_operator, clean_text ------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("10,066.00", 10066.0),
    ("3968753.93", 3968753.93),
    ("182,029.00", 182029.0),
    ("1,679,420.63", 1679420.63),
    (" 0.5 ", 0.5),
    ("100", 100.0),
    ("-5", -5.0),
])
def test_parse_number_accepts_plain_and_grouped_numbers(text, value):
    assert parse_number(text, 1, "amount") == value


@pytest.mark.parametrize("text", ["10,06.00", "1,2345", "abc", "", "12万", "1.2.3", ",100"])
def test_parse_number_rejects_non_numbers_naming_the_line(text):
    with pytest.raises(ParseError) as caught:
        parse_number(text, 130, "当年预算")
    assert caught.value.line == 130
    assert str(caught.value) == f"line 130: 当年预算: {text!r} is not a number"


@pytest.mark.parametrize("printed, op", [
    ("≥", "≥"), ("≤", "≤"), ("=", "="), (">", ">"), ("<", "<"), ("定性", "定性"),
    ("\\geq", "≥"), ("\\leq", "≤"), ("$>$", ">"), ("$<$", "<"), ("$\\geq$", "≥"),
    ("$\\le$", "≤"), ("＝", "="), ("＞", ">"), (">=", "≥"), ("<=", "≤"), (" ≥ ", "≥"),
])
def test_normalize_operator(printed, op):
    assert normalize_operator(printed, 1) == op


@pytest.mark.parametrize("printed", ["≈", "~", "\\approx", "大于", ""])
def test_normalize_operator_rejects_unknown_forms_naming_the_line(printed):
    with pytest.raises(ParseError) as caught:
        normalize_operator(printed, 1916)
    assert caught.value.line == 1916
    assert str(caught.value) == f"line 1916: unknown operator {printed!r} in indicator row"


@pytest.mark.parametrize("raw, cleaned", [
    ("<p>一。</p> <p>二。</p>", "一。\n二。"),
    ('<ol style="list-style-type: none"> 1. 甲。 2. 乙。 ', "1. 甲。 2. 乙。"),
    ("<ol><li>甲<li>乙</ol>", "甲\n乙"),
    ("<p>a &amp; b</p>", "a & b"),
    ("甲 \u3000  乙\t丙", "甲 乙 丙"),
    ("<p></p>", ""),
    ("不含标签的文本", "不含标签的文本"),
])
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


# --- small real excerpts -------------------------------------------------------------------

def test_excerpt_of_funds_1_to_4(source_text):
    """Front matter, catalog rows 1-4 and their tables (lines 1-34 and 122-215)."""
    parsed = parse_document(excerpt(source_text, (1, 34), (122, 215)))
    assert parsed["document"] == {
        "title": "重庆市 2024 年市级重点专项预算绩效", "year": 2024, "date": "2024-01",
        "statement": {"fund_count": 82, "total_yi": 396.87, "city_spend_yi": 228.93,
                      "district_subsidy_yi": 167.94, "line": 14},
        "line_count": 215,
    }
    assert parsed["catalog"] == [
        {"seq": 1, "name": "市级人才开发专项", "department": "中共重庆市委组织部",
         "total": 10066.0, "city_spend": 10066.0, "district_subsidy": 0.0, "source_line": 31},
        {"seq": 2, "name": "市干部教育培训专项", "department": "中共重庆市委组织部",
         "total": 1690.0, "city_spend": 1690.0, "district_subsidy": 0.0, "source_line": 32},
        {"seq": 3, "name": "老党员生活补助专项", "department": "中共重庆市委组织部",
         "total": 3000.0, "city_spend": 0.0, "district_subsidy": 3000.0, "source_line": 33},
        {"seq": 4, "name": "基层非公党建专项", "department": "中共重庆市委组织部",
         "total": 1800.0, "city_spend": 611.0, "district_subsidy": 1189.0, "source_line": 34},
    ]
    assert [f["seq"] for f in parsed["funds"]] == [1, 2, 3, 4]
    assert [f["source_line"] for f in parsed["funds"]] == [123, 147, 171, 194]
    assert indicator_rows(parsed, 1) == [
        ("认定渝跃行动顶尖人才数量", "≥", 20.0, "20", "名", 20.0, 1, 135),
        ("认定新重庆引才计划人才数量", "≥", 200.0, "200", "名", 20.0, 1, 136),
        ("人才取得国内外领先创新成果数量", "≥", 10.0, "10", "项", 20.0, 1, 137),
        ("人才服务满意率", "≥", 95.0, "95", "%", 10.0, 0, 138),
        ("入选国家级人才计划数量", "≥", 80.0, "80", "人", 10.0, 0, 139),
        ("引进各方面优秀人才数量", "≥", 5.0, "5", "万人次", 10.0, 0, 140),
        ("年度预算执行率", "=", 100.0, "100", "%", 10.0, 0, 141),
    ]
    assert [row["position"] for row in parsed["indicators"] if row["fund_seq"] == 4] == \
        [1, 2, 3, 4, 5, 6]
    assert len(parsed["indicators"]) == 7 + 7 + 6 + 6


def test_excerpt_table_without_seq_line_is_matched_by_order(source_text):
    text = excerpt(source_text, (1, 34), (122, 146), (148, 215))  # drops 序号：2 (line 147)
    fund = by_seq(parse_document(text)["funds"])[2]
    assert (fund["seq_basis"], fund["source_line"], fund["table_name"]) == \
        ("order, same name as catalog", 149, "市干部教育培训专项")


def test_excerpt_table_without_seq_line_that_matches_nothing_is_refused(source_text):
    text = excerpt(source_text, (1, 34), (122, 146), (148, 215))
    text = replace_on_line(text, 153, "市干部教育培训专项", "另一个项目")
    text = replace_on_line(text, 154, "1,690.00\t市级支出\t1,690.00", "1,691.00\t市级支出\t1,691.00")
    with pytest.raises(ParseError) as caught:
        parse_document(text)
    assert caught.value.line == 149
    assert "does not match catalog fund 2 (市干部教育培训专项)" in caught.value.message


# --- parse errors name the line ------------------------------------------------------------

def test_unknown_operator_names_its_line(source_text):
    with pytest.raises(ParseError) as caught:
        parse_document(replace_on_line(source_text, 1916, "$>$", "≈"))
    assert (caught.value.line, caught.value.message) == (1916, "unknown operator '≈' in indicator row")


def test_table_without_indicator_rows_names_the_table(source_text):
    lines = lines_of(source_text)
    del lines[205 - 1:211]  # fund 4: indicator header and its six rows
    with pytest.raises(ParseError) as caught:
        parse_document("\n".join(lines))
    assert (caught.value.line, caught.value.message) == \
        (194, "the table that starts here has no indicator rows")


def test_document_cut_inside_a_table_names_that_table(source_text):
    with pytest.raises(ParseError) as caught:
        parse_document("\n".join(lines_of(source_text)[:2015]))  # inside fund 72's rows
    assert caught.value.line == 2001
    assert "has no contact (truncated or damaged table?)" in caught.value.message


def test_indicator_row_with_a_missing_cell_names_its_line(source_text):
    with pytest.raises(ParseError) as caught:
        parse_document(replace_on_line(source_text, 484, "\t%\t10\t否", "\t10\t否"))
    assert caught.value.line == 484
    assert "found 5" in caught.value.message


def test_bad_catalog_amount_names_its_line(source_text):
    with pytest.raises(ParseError) as caught:
        parse_document(replace_on_line(source_text, 63, "40075.10", "40O75.10"))
    assert caught.value.line == 63


@pytest.mark.parametrize("text, message", [
    ("", "the document is empty"),
    ("\n \n\t\n", "the document is empty"),
    ("abc\x00def", "a NUL byte: the file is binary, not the text of the document"),
])
def test_empty_and_binary_text(text, message):
    with pytest.raises(ParseError) as caught:
        parse_document(text)
    assert (caught.value.line, caught.value.message) == (1, message)


# --- the whole document --------------------------------------------------------------------

def looks_like_indicator(line):
    """Independent of the parser: a row whose last filled cell is 是/否 and that is not a header."""
    filled = [cell.strip() for cell in line.split("\t") if cell.strip()]
    return len(filled) >= 6 and filled[-1] in ("是", "否") and "指标名称" not in filled


def test_indicator_count_and_lines_agree_with_a_simple_scan(source_text, parsed):
    scanned = [number for number, line in enumerate(lines_of(source_text), 1)
               if looks_like_indicator(line)]
    assert len(scanned) == 769
    assert [row["source_line"] for row in parsed["indicators"]] == scanned


def test_operator_counts(source_text, parsed):
    printed = Counter(
        [c.strip() for c in line.split("\t") if c.strip()][-5]
        for line in lines_of(source_text) if looks_like_indicator(line))
    expected_printed = {"≥": 549, "\\geq": 2, "=": 165, "定性": 32, "≤": 18, ">": 1, "$>$": 1,
                        "<": 1}
    assert dict(printed) == expected_printed
    assert dict(Counter(row["op_printed"] for row in parsed["indicators"])) == expected_printed
    assert dict(Counter(row["op"] for row in parsed["indicators"])) == \
        {"≥": 551, "=": 165, "定性": 32, "≤": 18, ">": 2, "<": 1}


def test_qualitative_rows_have_no_value_and_the_others_do(parsed):
    for row in parsed["indicators"]:
        assert (row["target_value"] is None) == (row["op"] == "定性"), row


def test_catalog_and_funds_cover_1_to_82(parsed):
    assert [row["seq"] for row in parsed["catalog"]] == list(range(1, 83))
    assert [row["seq"] for row in parsed["funds"]] == list(range(1, 83))
    assert [row["source_line"] for row in parsed["catalog"]] == \
        list(range(31, 51)) + list(range(54, 74)) + list(range(77, 101)) + list(range(104, 122))


def test_every_fund_has_indicators_numbered_from_1(parsed):
    positions = {}
    for row in parsed["indicators"]:
        positions.setdefault(row["fund_seq"], []).append(row["position"])
    assert sorted(positions) == list(range(1, 83))
    for seq, numbers in positions.items():
        assert numbers == list(range(1, len(numbers) + 1)), seq


def test_indicator_counts_of_sample_funds(parsed):
    counts = Counter(row["fund_seq"] for row in parsed["indicators"])
    assert {seq: counts[seq] for seq in (1, 3, 5, 6, 13, 30, 67, 68, 72, 74, 79)} == \
        {1: 7, 3: 6, 5: 17, 6: 29, 13: 15, 30: 11, 67: 11, 68: 6, 72: 8, 74: 7, 79: 10}


def test_catalog_total(parsed):
    assert parsed["catalog_total"] == {"total": 3968753.93, "city_spend": 2289333.30,
                                       "district_subsidy": 1679420.63, "source_line": 30}


def test_document_front_matter(parsed):
    assert parsed["document"] == {
        "title": "重庆市 2024 年市级重点专项预算绩效", "year": 2024, "date": "2024-01",
        "statement": {"fund_count": 82, "total_yi": 396.87, "city_spend_yi": 228.93,
                      "district_subsidy_yi": 167.94, "line": 14},
        "line_count": 2306,
    }


CATALOG = {  # seq: (name, department, 小计, 市级支出, 补助区县, line)
    1: ("市级人才开发专项", "中共重庆市委组织部", 10066.00, 10066.00, 0.0, 31),
    3: ("老党员生活补助专项", "中共重庆市委组织部", 3000.00, 0.0, 3000.00, 33),
    5: ("文化产业发展专项", "中共重庆市委宣传部", 9850.00, 9850.00, 0.0, 35),
    6: ("宣传思想文化工作专项", "中共重庆市委宣传部", 14749.00, 14749.00, 0.0, 36),
    13: ("工业和信息化专项", "重庆市经济和信息化委员会", 182029.00, 128929.00, 53100.00, 43),
    21: ("重点就业专项", "重庆市人力资源和社会保障局", 6908.00, 6908.00, 0.0, 54),
    30: ("环境污染防治专项", "重庆市生态环境局", 40075.10, 11775.10, 28300.00, 63),
    35: ("统筹城乡建设专项", "重庆市住房和城乡建设委员会", 46999.00, 0.0, 46999.00, 68),
    67: ("体育事业发展专项", "重庆市体育局", 23591.70, 10339.20, 13252.50, 106),
    68: ("财政衔接推进乡村振兴补助专项", "重庆市乡村振兴局", 78740.01, 6441.43, 72298.58, 107),
    72: ("文物保护与利用专项", "重庆市文物局", 2100.00, 958.00, 1142.00, 111),
    74: ("农村“三社”融合发展专项", "重庆市供销合作总社", 4135.00, 255.00, 3880.00, 113),
    79: ("青少年事业发展专项", "中国共产主义青年团重庆市委委员会", 1020.20, 400.20, 620.00, 118),
    82: ("残疾人事业发展专项", "重庆市残疾人联合会", 28682.22, 4647.10, 24035.12, 121),
}


@pytest.mark.parametrize("seq", sorted(CATALOG))
def test_catalog_rows(parsed, seq):
    name, department, total, city, district, line = CATALOG[seq]
    assert by_seq(parsed["catalog"])[seq] == {
        "seq": seq, "name": name, "department": department, "total": total,
        "city_spend": city, "district_subsidy": district, "source_line": line}


FUNDS = {  # seq: (seq_basis, 项目名称, 主管部门, 当年预算, 市级支出, 补助区县, 联系人, 联系电话,
    #              table line, 当年预算 line)
    1: ("printed 序号", "市级人才开发专项", "中共重庆市委组织部", 10066.0, 10066.0, 0.0,
        "段沁", "63898293", 123, 130),
    3: ("printed 序号", "老党员生活补助专项", "中共重庆市委组织部", 3000.0, 0.0, 3000.0,
        "李佳", "63896471", 171, 178),
    5: ("printed 序号", "文化产业发展专项", "中共重庆市委宣传部", 9850.0, 9850.0, 0.0,
        "张文莉", "63899705", 217, 224),
    6: ("printed 序号", "宣传思想文化工作专项", "中共重庆市委宣传部", 14749.0, 14749.0, 0.0,
        "张文莉", "63899705", 252, 259),
    13: ("printed 序号", "工业和信息化专项", "重庆市经济和信息化委员会", 182029.0, 128929.0,
         53100.0, "仲勇", "63897239", 458, 465),
    30: ("order, name overlaps catalog", "污染防治专项", "重庆市生态环境局", 40075.10, 11775.10,
         28300.0, "谭秀寒", "89181980", 892, 897),
    67: ("order, same name as catalog", "体育事业发展专项", "重庆市体育局", 23591.70, 10339.20,
         13252.50, "蒲泓屹", "61665139", 1876, 1881),
    68: ("order, same name as catalog", "财政衔接推进乡村振兴补助专项", "重庆市乡村振兴局",
         78740.01, 6441.43, 72298.58, "兰江东", "13500318425", 1904, 1909),
    72: ("printed 序号", "文物保护与利用专项", "重庆市文物局", 2100.0, 958.0, 1142.0,
         "谈薇", "13527370179", 2001, 2008),
    74: ("printed 序号", "农村“三社”融合发展专项", "重庆市供销合作总社", 4135.0, 255.0, 3880.0,
         "周凤乔", "67863089", 2049, 2056),
    79: ("printed 序号", "青少年事业发展专项", "中国共产主义青年团重庆市委", 1020.20, 400.20,
         620.0, "杨苏琦", "63864667", 2200, 2207),
}
FUND_KEYS = ("seq_basis", "table_name", "table_department", "table_total", "table_city_spend",
             "table_district_subsidy", "contact", "phone", "source_line", "amount_line")


@pytest.mark.parametrize("seq", sorted(FUNDS))
def test_fund_tables(parsed, seq):
    fund = by_seq(parsed["funds"])[seq]
    assert tuple(fund[k] for k in FUND_KEYS) == FUNDS[seq]


def test_only_the_three_tables_without_seq_line_are_matched_by_order(parsed):
    assert {f["seq"]: f["seq_basis"] for f in parsed["funds"] if f["seq_basis"] != "printed 序号"} \
        == {30: "order, name overlaps catalog", 67: "order, same name as catalog",
            68: "order, same name as catalog"}


def test_tables_that_print_another_name_or_department(parsed):
    catalog = by_seq(parsed["catalog"])
    assert [(f["seq"], f["table_name"]) for f in parsed["funds"]
            if f["table_name"] != catalog[f["seq"]]["name"]] == [(30, "污染防治专项")]
    assert [(f["seq"], f["table_department"]) for f in parsed["funds"]
            if f["table_department"] != catalog[f["seq"]]["department"]] == \
        [(79, "中国共产主义青年团重庆市委")]


def test_fund_3_indicators(parsed):
    assert indicator_rows(parsed, 3) == [
        ("补助老党员人数", "≥", 12.0, "12", "万人", 25.0, 1, 183),
        ("老党员对补贴政策知晓率", "=", 100.0, "100", "%", 20.0, 1, 184),
        ("老党员补贴发放及时率", "=", 100.0, "100", "%", 20.0, 1, 185),
        ("老党员补贴发放准确率", "≥", 95.0, "95", "%", 15.0, 0, 186),
        ("老党员满意度", "≥", 95.0, "95", "%", 10.0, 0, 187),
        ("年度预算执行率", "=", 100.0, "100", "%", 10.0, 0, 188),
    ]


def test_fund_68_indicators_with_latex_operators(parsed):
    assert indicator_rows(parsed, 68) == [
        ("市级衔接资金投入增幅", "≥", 0.0, "0", "%", 25.0, 1, 1915),
        ("脱贫区县农村居民人均可支配收入增速与全市平均水平差值", ">", 0.0, "0", "%", 15.0, 1, 1916),
        ("以工代赈项目劳务报酬占比例", "≥", 20.0, "20", "%", 25.0, 1, 1917),
        ("不发生规模性、系统性返贫", "定性", None, "是", "无", 15.0, 1, 1918),
        ("农场从业人员收入增幅", "定性", None, "大于全市 平均增速", "无", 10.0, 0, 1919),
        ("年度预算执行率", "=", 100.0, "100", "%", 10.0, 0, 1920),
    ]
    assert [row["op_printed"] for row in parsed["indicators"] if row["fund_seq"] == 68] == \
        ["\\geq", "$>$", "\\geq", "定性", "定性", "="]


def test_fund_72_indicators_with_an_extra_empty_column(parsed):
    assert indicator_rows(parsed, 72) == [
        ("文物保护项目验收合格率", "≥", 98.0, "98", "%", 20.0, 1, 2013),
        ("文物保护单位保护项目个数", "≥", 7.0, "7", "个", 20.0, 1, 2014),
        ("文物保护安全事故发生率", "≤", 0.5, "0.5", "%", 20.0, 1, 2015),
        ("可移动文物保护修复项目个数", "≥", 3.0, "3", "个", 10.0, 0, 2016),
        ("文物保护项目按计划完成率", "≥", 98.0, "98", "%", 5.0, 0, 2017),
        ("保护单位对文物保护满意度", "≥", 90.0, "90", "%", 10.0, 0, 2018),
        ("文博科研课题项目结项率", "≥", 85.0, "85", "%", 5.0, 0, 2019),
        ("年度预算执行率", "=", 100.0, "100", "%", 10.0, 0, 2020),
    ]


def test_fund_74_indicators(parsed):
    assert indicator_rows(parsed, 74) == [
        ("培育农村综合服务社星级社数量", "=", 40.0, "40", "个", 20.0, 1, 2061),
        ("建设区域性为农服务中心数量", "=", 83.0, "83", "个", 25.0, 1, 2062),
        ("新增签约服务涉农经营主体数量", "≥", 600.0, "600", "个", 20.0, 1, 2063),
        ("农服通注册用户数量", "≥", 10000.0, "10000", "个", 10.0, 0, 2064),
        ("累计业务覆盖村组个数", "≥", 190.0, "190", "个", 5.0, 0, 2065),
        ("补助区县数量", "≥", 30.0, "30", "个", 10.0, 0, 2066),
        ("年度预算执行率", "=", 100.0, "100", "%", 10.0, 0, 2067),
    ]


def test_split_tables_keep_rows_from_both_pages(parsed):
    fund5, fund6, fund67 = (indicator_rows(parsed, seq) for seq in (5, 6, 67))
    # Fund 5: the repeated header (229) comes before the first row, printed with 绩效指标.
    assert fund5[0] == ("带动全社会文化产业项目投资金额", "≥", 20.0, "20", "亿元", 5.0, 1, 230)
    assert fund5[-1] == ("年度预算执行率", "=", 100.0, "100", "%", 10.0, 0, 246)
    # Fund 6: rows 264-273, header again at 275, rows 276-294.
    assert fund6[9] == ("资助优秀出版项目数量", "≥", 40.0, "40", "种", 3.0, 1, 273)
    assert fund6[10] == ("发表学术论文专著数量", "≥", 30.0, "30", "篇", 3.0, 1, 276)
    assert fund6[-1] == ("年度预算执行率", "=", 100.0, "100", "%", 10.0, 0, 294)
    # Fund 67 (no 序号 line): rows 1886-1891, header again at 1893, rows 1894-1898.
    assert fund67[5] == ("市优秀运动队（共建队伍）备战人数规模", "≥", 1607.0, "1607", "人次", 10.0, 1,
                         1891)
    assert fund67[6] == ("资助青少年后备人才培养组织建设数", "=", 108.0, "108", "个", 8.0, 0, 1894)


def test_rows_that_lost_their_leading_tab(parsed):
    rows = {row["source_line"]: (row["fund_seq"],) + tuple(row[k] for k in INDICATOR_FIELDS[:-1])
            for row in parsed["indicators"]}
    assert {line: rows[line] for line in (484, 543, 1473, 1514, 1995)} == {
        484: (13, "年度预算执行率", "=", 100.0, "100", "%", 10.0, 0),
        543: (15, "国家通用语言文字和职业技能培训人次", "≥", 1500.0, "1500", "人/次", 5.0, 0),
        1473: (51, "补贴机具数量", "≥", 60000.0, "60000", "台（套）", 4.0, 0),
        1514: (52, "当年完成改厕的粪污无害化处理率", "≥", 95.0, "95", "%", 5.0, 0),
        1995: (71, "年度预算执行率", "=", 100.0, "100", "%", 10.0, 0),
    }


def test_fund_13_qualitative_row(parsed):
    assert indicator_rows(parsed, 13)[6] == ("不因缺煤拉闸限电", "定性", None, "完成", "无", 5.0, 0, 476)


def test_fund_79_qualitative_row(parsed):
    assert indicator_rows(parsed, 79)[-2] == (
        "共青团改革工作第三方调查评价对共青团改革提供决策参考", "定性", None, "具有参考价值", "无",
        10.0, 0, 2220)


# --- text cleaning on the real document ----------------------------------------------------

def test_no_html_left_in_overview_or_goal(parsed):
    tag = re.compile(r"</?[a-zA-Z][^>]*>|</?[a-zA-Z]+\b")
    for fund in parsed["funds"]:
        for key in ("overview", "goal"):
            assert not tag.search(fund[key]), (fund["seq"], key)
            assert fund[key] == fund[key].strip() and "\n\n" not in fund[key]


def test_fund_1_overview_and_goal_as_printed(parsed):
    fund = by_seq(parsed["funds"])[1]
    assert fund["overview"] == (
        "按照中央、市委要求，设立市级人才开发专项经费，大力引进支持全球顶尖人才来渝创新创业，加大海外引才力度，"
        "建设国家吸引集聚人才平台，保障 2024 重庆国际人才交流大会等重点工作。")
    assert fund["goal"] == (
        "2024 年计划支持“渝跃行动”顶尖人才 20 名，新重庆引才计划 200 名，举办 2024 重庆国际人才交流大会，"
        "入选人才取得国内外领先创新成果 10 项以上，人才工作满意度 95% 以上。")


def test_fund_2_overview_loses_its_paragraph_tags(parsed):
    overview = by_seq(parsed["funds"])[2]["overview"]
    assert overview.startswith("2003 年，中央作出“大规模培训干部、大幅度提高干部素质”部署，")
    assert overview.endswith("主要原因是新增干部现代化建设能力提升计划经费 216 万元。")


def test_fund_20_goal_with_an_unclosed_list(parsed):
    assert by_seq(parsed["funds"])[20]["goal"] == (
        "1. 博士后科研工作站招收博士后人数不低于 1000 人。 2. 服务“鸿雁计划”人才不低于 1000 人次。 "
        "3. 培养全市技能人才总量增长率不低于 2%。 4. 新取得高级职称人员岗前培训满意度不低于 90%。 "
        "5. 引才活动意向签约率不低于 20%。 6. 高层次人才待遇兑现按时完成率不低于 90%。")


def test_fund_30_overview_keeps_paragraphs_as_lines(parsed):
    lines = by_seq(parsed["funds"])[30]["overview"].split("\n")
    assert lines[0] == ("为深入打好污染防治攻坚战，坚持精准治污、科学治污、依法治污，推进环境质量持续改善，"
                        "促进减污降碳协同增效，拟延续实施污染防治项目。")
    assert lines[1].startswith("1. 生态环境“以奖促治”。")
    assert lines[2].startswith("2. 水污染防治。")
