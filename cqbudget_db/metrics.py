"""The one registry of what can be measured: SQL, unit and labels of every metric.

compose() takes the SQL from here, the answer sentences and every result table
(CLI, ask page, JSON ``units``) take the labels and units, and the llm prompt
describes the columns with them.  Result columns are named after the metric
key, optionally with an aggregate prefix (``average_total``, ``median_weight``).

Row SQL is written over ``f`` (a row of funds) or ``i`` (a row of indicators);
group SQL over a group of such rows.
"""

from dataclasses import dataclass

from . import amounts


@dataclass(frozen=True)
class Metric:
    key: str
    zh: str
    en: str
    kind: str          # amount (万元), percent, count, number
    level: str         # fund, indicator, department
    row_sql: str = ""  # one value per fund (f) or indicator (i)
    group_sql: str = ""  # one value per group of funds or indicators

    @property
    def unit(self):
        return {"amount": "万元", "percent": "%"}.get(self.kind)

    def label(self, lang):
        return self.zh if lang == "zh" else self.en


_INDICATORS_OF_F = "select count(*) from indicators i where i.fund_seq = f.seq"
_ALL = "(select sum({0}) from funds)"

METRICS = {m.key: m for m in [
    Metric("total", "预算", "budget", "amount", "fund", "f.total", "sum(f.total)"),
    Metric("city_spend", "市级支出", "city-level spending", "amount", "fund", "f.city_spend", "sum(f.city_spend)"),
    Metric("district_subsidy", "补助区县", "subsidies to districts", "amount", "fund",
           "f.district_subsidy", "sum(f.district_subsidy)"),
    Metric("district_share", "补助区县占比", "district share", "percent", "fund",
           "100.0 * f.district_subsidy / f.total", "100.0 * sum(f.district_subsidy) / sum(f.total)"),
    Metric("city_share", "市级支出占比", "city-level share", "percent", "fund",
           "100.0 * f.city_spend / f.total", "100.0 * sum(f.city_spend) / sum(f.total)"),
    Metric("share_of_all", "占全部专项预算的比例", "share of all funds' budget", "percent", "fund",
           "100.0 * f.total / " + _ALL.format("total"), "100.0 * sum(f.total) / " + _ALL.format("total")),
    Metric("share_of_all_city_spend", "占全部市级支出的比例", "share of all city-level spending", "percent", "fund",
           "100.0 * f.city_spend / " + _ALL.format("city_spend"),
           "100.0 * sum(f.city_spend) / " + _ALL.format("city_spend")),
    Metric("share_of_all_district_subsidy", "占全部补助区县的比例", "share of all district subsidies", "percent",
           "fund", "100.0 * f.district_subsidy / " + _ALL.format("district_subsidy"),
           "100.0 * sum(f.district_subsidy) / " + _ALL.format("district_subsidy")),
    Metric("share_of_department", "占本部门预算的比例", "share of its department's budget", "percent", "fund",
           "100.0 * f.total / (select sum(x.total) from funds x where x.department = f.department)"),
    Metric("share_of_department_city_spend", "占本部门市级支出的比例", "share of its department's city-level spending",
           "percent", "fund",
           "100.0 * f.city_spend / (select sum(x.city_spend) from funds x where x.department = f.department)"),
    Metric("share_of_department_district_subsidy", "占本部门补助区县的比例", "share of its department's district subsidies",
           "percent", "fund",
           "100.0 * f.district_subsidy / (select sum(x.district_subsidy) from funds x where x.department = f.department)"),
    Metric("share_of_fund_count", "占专项个数的比例", "share of the number of funds", "percent", "fund",
           "", "100.0 * count(*) / (select count(*) from funds)"),
    Metric("fund_count", "专项数", "number of funds", "count", "department", "", "count(*)"),
    Metric("indicator_count", "指标数", "number of indicators", "count", "fund",
           f"({_INDICATORS_OF_F})", f"sum(({_INDICATORS_OF_F}))"),
    Metric("core_count", "核心指标数", "number of core indicators", "count", "fund",
           f"({_INDICATORS_OF_F} and i.is_core = 1)", f"sum(({_INDICATORS_OF_F} and i.is_core = 1))"),
    Metric("non_core_count", "非核心指标数", "number of non-core indicators", "count", "fund",
           f"({_INDICATORS_OF_F} and i.is_core = 0)", f"sum(({_INDICATORS_OF_F} and i.is_core = 0))"),
    Metric("qualitative_count", "定性指标数", "number of qualitative indicators", "count", "fund",
           f"({_INDICATORS_OF_F} and i.op = '定性')", f"sum(({_INDICATORS_OF_F} and i.op = '定性'))"),
    Metric("contact_count", "联系人数", "number of contacts", "count", "department", "", "count(distinct f.contact)"),
    Metric("department_count", "部门数", "number of departments", "count", "department", "",
           "count(distinct f.department)"),
    Metric("weight", "权重", "weight", "percent", "indicator", "i.weight", "sum(i.weight)"),
    Metric("target_value", "指标值", "target value", "number", "indicator", "i.target_value", ""),
]}

AMOUNTS = ("total", "city_spend", "district_subsidy")

# Columns that are not metrics but appear in results.
FIELDS = {
    "seq": ("序号", "no."), "name": ("专项", "fund"), "fund": ("专项", "fund"),
    "department": ("主管部门", "department"), "department_short": ("部门", "department"),
    "contact": ("联系人", "contact"), "phone": ("联系电话", "phone"),
    "overview": ("项目概况", "overview"), "goal": ("当年绩效目标", "annual goal"),
    "indicator": ("指标", "indicator"), "op": ("指标性质", "operator"), "target_text": ("指标值", "target"),
    "unit": ("计量单位", "unit"), "is_core": ("是否核心", "core"), "source_line": ("行", "line"),
    "catalog_line": ("目录行", "catalog line"), "funds": ("专项", "funds"), "fund_seq": ("专项序号", "fund no."),
    "rank": ("名次", "rank"), "matching_indicators": ("匹配的指标", "matching indicators"),
    "mentioned_in": ("出现在", "mentioned in"), "english_name": ("英文名", "English name"),
}

AGGREGATE_PREFIXES = {
    "average": ("平均", "average "), "median": ("中位", "median "), "max": ("最大", "largest "),
    "min": ("最小", "smallest "), "difference": ("差额：", "difference in "), "ratio": ("倍数：", "ratio of "),
    "sum": ("合计", "total "),
}


def split_column(column):
    """('average', 'total') for average_total; (None, 'total') for total; (None, None) if unknown."""
    if column in METRICS or column in FIELDS:
        return None, column
    prefix, _, rest = column.partition("_")
    if prefix in AGGREGATE_PREFIXES and rest in METRICS:
        return prefix, rest
    return None, None


def label(column, lang="zh"):
    """The column's label in the page's language; the column name itself when unknown."""
    prefix, key = split_column(column)
    if key in FIELDS:
        return FIELDS[key][0 if lang == "zh" else 1]
    if key is None:
        return column
    name = METRICS[key].label(lang)
    if prefix is None:
        return name
    before = AGGREGATE_PREFIXES[prefix][0 if lang == "zh" else 1]
    return before + name


def unit(column):
    """万元, % or None for a result column."""
    prefix, key = split_column(column)
    if key not in METRICS or prefix == "ratio":
        return None
    return METRICS[key].unit


def units(columns):
    """{column: unit} for the columns that have one (the JSON ``units`` object)."""
    return {column: unit(column) for column in columns if unit(column)}


# What a count counts, for a count standing on its own in a sentence: （7个专项） / (7 funds).
NOUNS = {
    "fund_count": ("个专项", "fund", "funds"),
    "indicator_count": ("个指标", "indicator", "indicators"),
    "core_count": ("个核心指标", "core indicator", "core indicators"),
    "non_core_count": ("个非核心指标", "non-core indicator", "non-core indicators"),
    "qualitative_count": ("个定性指标", "qualitative indicator", "qualitative indicators"),
    "contact_count": ("位联系人", "contact", "contacts"),
    "department_count": ("个部门", "department", "departments"),
}


def say(column, value, lang="zh", unit=None, counted=False):
    """A value of this column written for a sentence: 36.94亿元, 42.50%, 12.

    unit: the amount unit the question asked for (amounts.say); counted: a count says what it
    counts (7个专项, 7 funds, 9.38个指标) instead of the bare number."""
    prefix, key = split_column(column)
    if key not in METRICS or prefix == "ratio":
        return amounts.count(value) if isinstance(value, (int, float)) else str(value)
    kind = METRICS[key].kind
    if kind == "amount":
        return amounts.say(value, lang, unit)
    if kind == "percent":
        return amounts.percent(value)
    text = amounts.count(value)
    if counted and key in NOUNS and text != "—" and prefix in (None, "average", "median", "sum", "max", "min",
                                                              "difference"):
        zh, one, many = NOUNS[key]
        return f"{text}{zh}" if lang == "zh" else f"{text} {one if value == 1 else many}"
    return text
