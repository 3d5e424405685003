"""Phrases read as one unit before the other rules run.

    市里自己花的钱 / 补助区县的资金 / money to districts → one metric (the specific one)
    补助区县占比 / 占全部专项预算的比例 → a share metric (rules_shares)
"""

from .spans import Span

TOTALS = {"总额", "总金额", "总计", "合计金额", "总数", "总和", "total", "totals"}
GENERIC = {"钱", "资金", "金额", "资金额", "部分", "经费", "money", "funding", "amount", "funds", "部分资金"}


def money_to_districts(r):
    """funds that give money to districts → the districts' column: the money word is its noun."""
    i = 0
    while i < len(r.spans) - 1:
        span, nxt = r.spans[i], r.spans[i + 1]
        between = i + 2 < len(r.spans) and nxt.text in ("down", "out", "directly", "back", "on")
        if between:     # sends the most money down to the districts
            nxt = r.spans[i + 2]
        if span.text in GENERIC and span.has("metric", "total") and nxt.sense("metric") in ("district_subsidy",
                                                                                                "city_spend") \
                and nxt.text.startswith(("to ", "for ", "给", "补助", "at ")):
            text = r.reading.text[span.start:nxt.end]
            r.merge(i, i + 2 if between else i + 1, Span(span.start, nxt.end, text, "metric", nxt.sense("metric")))
        i += 1


def specific_metrics(r):
    """市里自己花的钱超过1亿的专项 / 补助区县总额是多少 → the specific column (city_spend, district_subsidy)."""
    i = 0
    while i < len(r.spans) - 1:
        span = r.spans[i]
        metric = span.sense("metric")
        if metric in ("city_spend", "district_subsidy"):
            j = i + 1
            if j < len(r.spans) and r.spans[j].text == "的":
                j += 1
            if j < len(r.spans) and r.spans[j].has("metric", "total") and r.spans[j].text in GENERIC:
                text = r.reading.text[span.start:r.spans[j].end]
                r.merge(i, j, Span(span.start, r.spans[j].end, text, "metric", metric))
            elif j < len(r.spans) and r.spans[j].text in TOTALS:
                text = r.reading.text[span.start:r.spans[j].end]
                r.merge(i, j, Span(span.start, r.spans[j].end, text, "metric", metric,
                                   senses=[("aggregate", "sum")]))
        i += 1


def targets_as_goals(r):
    """哪些指标的目标是100% / 那目标是95%的呢: 目标 with a number after it is the indicators' target value, not the
    fund's written goal."""
    for i, span in enumerate(r.spans):
        if not span.has("field", "goal") or span.text not in ("目标", "目标值"):
            continue
        j = i + 1
        while j < len(r.spans) and r.spans[j].text in ("是", "为", "在", "都是", "要求", "设为", "定为"):
            j += 1
        if j < len(r.spans) and r.spans[j].kind == "number" and r.spans[j].value.unit in ("percent", "plain", "count"):
            r.spans[i] = Span(span.start, span.end, span.text, "indicator_attr", "target")
