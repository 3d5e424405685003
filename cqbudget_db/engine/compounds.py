"""Phrases read as one unit before the other rules run.

    市里自己花的钱 / 补助区县的资金 / money to districts → one metric (the specific one)
    补助区县占比 / 占全部专项预算的比例 → a share metric (rules_shares)
"""

from .spans import Span

TOTALS = {"总额", "总金额", "总计", "合计金额", "总数", "总和", "total", "totals"}
GENERIC = {"钱", "资金", "金额", "资金额", "部分", "经费", "money", "funding", "amount", "funds", "部分资金"}


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
