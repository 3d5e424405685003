"""Rows → one short sentence in the question's language.  Every figure in the
sentence is read from the result rows; amounts above 1 亿 are said in 亿元.
"""

from .compose import SHARE_COLUMN, effective_metric
from .numbers import format_amount

LABELS = {
    "zh": {"total": "预算", "city_spend": "市级支出", "district_subsidy": "补助区县",
           "district_share": "补助区县占比", "city_share": "市级支出占比", "grand_share": "占全部专项的比例",
           "grand_city_share": "占全部市级支出的比例", "grand_district_share": "占全部补助区县的比例",
           "department_share": "占本部门预算的比例", "count_share": "占专项个数的比例",
           "weight": "权重", "target_value": "指标值", "fund_count": "专项数"},
    "en": {"total": "budget", "city_spend": "city-level spending", "district_subsidy": "district subsidies",
           "district_share": "district share", "city_share": "city-level share",
           "grand_share": "share of all funds", "grand_city_share": "share of all city-level spending",
           "grand_district_share": "share of all district subsidies", "department_share": "share of its department",
           "count_share": "share of the number of funds", "weight": "weight", "target_value": "target value",
           "fund_count": "number of funds"},
}
OPS = {
    "zh": {">": "超过", ">=": "不少于", "<": "不足", "<=": "不超过", "=": "等于", "between": "在"},
    "en": {">": "over", ">=": "at least", "<": "under", "<=": "at most", "=": "exactly", "between": "between"},
}
PERCENT_METRICS = {"district_share", "city_share", "grand_share", "grand_city_share", "grand_district_share",
                   "department_share", "count_share", "weight"}


def _value(metric, value, lang):
    if metric in PERCENT_METRICS:
        return f"{value:.2f}".rstrip("0").rstrip(".") + "%"
    if metric in ("total", "city_spend", "district_subsidy"):
        return format_amount(value, lang).split(" (")[0] if lang == "en" else format_amount(value, lang)
    return f"{value:g}"


def describe(q, vocab):
    """The question's filters as a phrase: 教委、预算超过10亿元."""
    lang = q.lang
    parts = []
    if q.departments:
        parts.append("、".join(vocab.short_names.get(d, d) for d in q.departments) if lang == "zh"
                     else "of " + ", ".join(vocab.short_names.get(d, d) for d in q.departments))
    if q.person:
        parts.append(f"联系人为{q.person}" if lang == "zh" else f"with contact {q.person}")
    for term in q.topics:
        parts.append(f"涉及“{term}”" if lang == "zh" else f"mentioning “{term}”")
    for term in q.indicator_terms:
        parts.append(f"有含“{term}”的指标" if lang == "zh" else f"with an indicator named like “{term}”")
    for column, is_zero in q.zero.items():
        label = LABELS[lang][column]
        parts.append((f"无{label}" if is_zero else f"有{label}") if lang == "zh"
                     else (f"with no {label}" if is_zero else f"with {label}"))
    for c in q.conditions:
        if c.metric not in LABELS[lang] or c.metric in ("weight", "target_value"):
            continue
        label, op = LABELS[lang][c.metric], OPS[lang][c.op]
        if c.op == "between":
            low, high = _value(c.metric, c.value, lang), _value(c.metric, c.value2, lang)
            parts.append(f"{label}在{low}至{high}之间" if lang == "zh" else f"with {label} between {low} and {high}")
        else:
            parts.append(f"{label}{op}{_value(c.metric, c.value, lang)}" if lang == "zh"
                         else f"with {label} {op} {_value(c.metric, c.value, lang)}")
    return ("，".join(parts) if lang == "zh" else ", ".join(parts))


def _amount(value, lang):
    return format_amount(value, lang)


def _col(columns, row, name):
    return row[columns.index(name)] if name in columns else None


def sentence(plan, columns, rows, vocab, truncated=False):
    q, lang = plan.question, plan.question.lang
    scope = describe(q, vocab)
    if not rows:
        if lang == "zh":
            return f"文件中没有符合条件的{'指标' if plan.kind.startswith('indicator') else '专项'}" + \
                (f"（{scope}）。" if scope else "。")
        return f"The document has no {'indicator' if plan.kind.startswith('indicator') else 'fund'} matching this" + \
            (f" ({scope})." if scope else ".")
    text = {"funds": _funds, "fund_aggregate": _fund_aggregate, "departments": _departments,
            "indicators": _indicators, "indicator_aggregate": _indicator_aggregate,
            "contacts": _contacts, "department_count": _department_count,
            "contact_count": _contact_count}[plan.kind](
        q, columns, rows, scope, lang)
    if truncated:
        text += "（结果超过行数上限，已截断）" if lang == "zh" else " (the result was cut at the row limit)"
    return text


def _metric_value(q, columns, row):
    metric = effective_metric(q)
    return metric, _col(columns, row, SHARE_COLUMN.get(metric, metric))


def _say(metric, value, lang):
    if value is None:
        return ""
    if metric == "indicator_count":
        return f"{value}个指标" if lang == "zh" else f"{value} indicators"
    return _value(metric, value, lang)


def _funds(q, columns, rows, scope, lang):
    names = [_col(columns, r, "name") for r in rows]
    if q.field:
        return _field(q, columns, rows, lang)
    metric, _ = _metric_value(q, columns, rows[0])
    label = LABELS[lang].get(metric, "指标数" if lang == "zh" else "indicator count")
    listed = [f"{n}（{_say(metric, _metric_value(q, columns, r)[1], lang)}）" if lang == "zh"
              else f"{n} ({_say(metric, _metric_value(q, columns, r)[1], lang)})" for n, r in zip(names, rows)]
    if q.order and not q.sort_only and len(rows) == 1 and not q.per_department:
        which = ("最大" if q.order == "desc" else "最小") if lang == "zh" else ("largest" if q.order == "desc" else "smallest")
        if q.nth:
            which = (f"第{q.nth}{'大' if q.order == 'desc' else '小'}") if lang == "zh" else \
                f"#{q.nth} {'largest' if q.order == 'desc' else 'smallest'}"
        if lang == "zh":
            return f"{scope + '的专项中，' if scope else ''}{label}{which}的是{listed[0]}。"
        return f"Among funds{' ' + scope if scope else ''}, the {which} by {label} is {listed[0]}."
    if q.ambiguous and len(rows) <= 6 and not (q.order or q.conditions or q.departments):
        if lang == "zh":
            return f"“{q.fund_term}”可指{len(rows)}个专项：" + "；".join(
                f"{n}（预算{_amount(_col(columns, r, 'total'), lang)}）" for n, r in zip(names, rows)) + "。"
        return f"“{q.fund_term}” matches {len(rows)} funds: " + "; ".join(
            f"{n} (budget {_amount(_col(columns, r, 'total'), lang)})" for n, r in zip(names, rows)) + "."
    if len(rows) == 1 and q.funds and not q.conditions:
        r = rows[0]
        if lang == "zh":
            return (f"{names[0]}2024年预算{_amount(_col(columns, r, 'total'), lang)}，其中市级支出"
                    f"{_amount(_col(columns, r, 'city_spend'), lang)}、补助区县{_amount(_col(columns, r, 'district_subsidy'), lang)}"
                    + (f"，补助区县占比{_col(columns, r, 'district_share_pct'):.2f}%" if "district_share_pct" in columns else "")
                    + (f"，占全部专项的{_col(columns, r, 'share_of_all_funds_pct'):.2f}%" if "share_of_all_funds_pct" in columns else "")
                    + "。")
        return (f"{names[0]}: 2024 budget {_amount(_col(columns, r, 'total'), lang)}, of which city-level spending "
                f"{_amount(_col(columns, r, 'city_spend'), lang)} and district subsidies "
                f"{_amount(_col(columns, r, 'district_subsidy'), lang)}"
                + (f"; district share {_col(columns, r, 'district_share_pct'):.2f}%" if "district_share_pct" in columns else "")
                + (f"; {_col(columns, r, 'share_of_all_funds_pct'):.2f}% of all funds" if "share_of_all_funds_pct" in columns else "")
                + ".")
    summed = metric if metric in ("total", "city_spend", "district_subsidy") else "total"
    total = sum(_col(columns, r, summed) or 0 for r in rows)
    ranked = q.order and not q.per_department
    if len(rows) <= 3 or ranked:
        shown = "、".join(listed[:5]) if lang == "zh" else "; ".join(listed[:5])
        more = ("等" if len(rows) > 5 else "") if lang == "zh" else (" …" if len(rows) > 5 else "")
        tail = f"：{shown}{more}" if lang == "zh" else f": {shown}{more}"
    else:
        # 预算超过10亿元的专项共14个，合计270.18亿元；最大的是城市提升专项（36.94亿元）
        values = [_metric_value(q, columns, r)[1] for r in rows]
        top = max(range(len(rows)), key=lambda i: (values[i] is not None, values[i] or 0))
        which = LABELS[lang].get(metric, "") if metric != "total" else ""
        tail = (f"；{which}最大的是{listed[top]}" if lang == "zh" else
                f"; the largest{' by ' + which if which else ''} is {listed[top]}")
    if ranked and q.limit and not q.sort_only and len(rows) > 1:
        most = q.order == "desc"
        if lang == "zh":
            return (f"{scope + '的专项中，' if scope else ''}{label}{'最大' if most else '最小'}的{len(rows)}个专项"
                    f"{tail}。")
        return (f"The {len(rows)} funds{' ' + scope if scope else ''} with the {'largest' if most else 'smallest'} "
                f"{label}{tail}.")
    if lang == "zh":
        head = f"{scope}的专项共{len(rows)}个" if scope else f"共{len(rows)}个专项"
        if q.per_department and q.order:
            head = f"各部门{label}{'最大' if q.order == 'desc' else '最小'}的专项共{len(rows)}个"
        return f"{head}，{LABELS[lang][summed]}合计{_amount(total, lang)}{tail}。"
    head = f"{len(rows)} funds{' ' + scope if scope else ''}"
    return f"{head}, {LABELS[lang][summed]} totalling {_amount(total, lang)}{tail}."


def _field(q, columns, rows, lang):
    parts = []
    for r in rows[:6]:
        name = _col(columns, r, "name")
        if q.field in ("contact", "phone"):
            contact, phone = _col(columns, r, "contact"), _col(columns, r, "phone")
            parts.append(f"{name}的联系人是{contact}，联系电话{phone}" if lang == "zh"
                         else f"the contact for {name} is {contact}, phone {phone}")
        elif q.field == "department":
            department = _col(columns, r, "department")
            parts.append(f"{name}的主管部门是{department}" if lang == "zh"
                         else f"{name} is managed by {department}")
        elif q.field == "line":
            parts.append(f"{name}的绩效目标表从第{_col(columns, r, 'source_line')}行开始" if lang == "zh"
                         else f"{name}'s table starts at line {_col(columns, r, 'source_line')}")
        else:
            text = _col(columns, r, q.field) or ""
            short = text if len(text) <= 120 else text[:120] + "…"
            label = {"overview": ("项目概况", "overview"), "goal": ("当年绩效目标", "annual goal")}[q.field]
            parts.append(f"{name}的{label[0]}：{short}" if lang == "zh" else f"{name} {label[1]}: {short}")
    joined = "；".join(parts) if lang == "zh" else "; ".join(parts)
    if lang == "en":
        joined = joined[0].upper() + joined[1:]
    return joined + ("。" if lang == "zh" else ".")


def _contacts(q, columns, rows, scope, lang):
    people = [f"{_col(columns, r, 'contact')}（{_col(columns, r, 'phone')}，{_col(columns, r, 'fund_count')}个专项）"
              if lang == "zh" else f"{_col(columns, r, 'contact')} ({_col(columns, r, 'phone')}, "
              f"{_col(columns, r, 'fund_count')} funds)" for r in rows]
    if lang == "zh":
        return f"{scope + '的' if scope else ''}专项联系人共{len(rows)}位：{'、'.join(people[:8])}{'等' if len(rows) > 8 else ''}。"
    return f"{len(rows)} contacts{' for funds ' + scope if scope else ''}: {'; '.join(people[:8])}{' …' if len(rows) > 8 else ''}."


def _contact_count(q, columns, rows, scope, lang):
    r = rows[0]
    people, phones, funds = (_col(columns, r, "contact_count"), _col(columns, r, "phone_count"),
                             _col(columns, r, "fund_count"))
    if lang == "zh":
        return f"{scope + '的' if scope else ''}{funds}个专项共有{people}位联系人、{phones}个不同的联系电话。"
    return f"{funds} funds{' ' + scope if scope else ''} list {people} contacts and {phones} distinct phone numbers."


def _department_count(q, columns, rows, scope, lang):
    r = rows[0]
    departments, funds = _col(columns, r, "department_count"), _col(columns, r, "fund_count")
    average = _col(columns, r, "average_funds_per_department") or 0
    if lang == "zh":
        return (f"{scope + '，' if scope else ''}共涉及{departments}个主管部门、{funds}个专项，"
                f"平均每个部门{average:.2f}个专项。")
    return (f"{departments} departments{' (' + scope + ')' if scope else ''} manage {funds} funds, "
            f"{average:.2f} funds per department on average.")


def _fund_aggregate(q, columns, rows, scope, lang):
    r = rows[0]
    count = _col(columns, r, "fund_count")
    if not count:
        return f"没有符合条件的专项（{scope}）。" if lang == "zh" else f"No fund matches ({scope})."
    metric = q.metric if q.metric in ("total", "city_spend", "district_subsidy") else "total"
    label = LABELS[lang][metric]
    value = _col(columns, r, metric)
    if q.aggregate in ("spread", "median"):
        if q.aggregate == "spread":
            big, small = _col(columns, r, "largest_" + metric), _col(columns, r, "smallest_" + metric)
            gap = _col(columns, r, "difference_" + metric)
            if lang == "zh":
                return (f"{scope + '的' if scope else ''}{count}个专项中，{label}最大{_amount(big, lang)}、最小"
                        f"{_amount(small, lang)}，相差{_amount(gap, lang)}。")
            return (f"Among {count} funds{' ' + scope if scope else ''}, the largest {label} is {_amount(big, lang)} "
                    f"and the smallest {_amount(small, lang)}: a difference of {_amount(gap, lang)}.")
        median = _col(columns, r, "median_" + metric)
        if lang == "zh":
            return f"{scope + '的' if scope else ''}{count}个专项的{label}中位数为{_amount(median, lang)}。"
        return f"The median {label} of {count} funds{' ' + scope if scope else ''} is {_amount(median, lang)}."
    if lang == "zh":
        text = f"{scope + '的' if scope else ''}专项共{count}个，{label}合计{_amount(value, lang)}"
        if q.aggregate == "avg":
            text += f"，平均每个{_amount(_col(columns, r, 'average_' + metric), lang)}"
        if q.share:
            text += f"，{LABELS[lang][q.share]}为{_col(columns, r, q_share_column(q)):.2f}%"
        return text + "。"
    text = f"{count} funds{' ' + scope if scope else ''}, {label} totalling {_amount(value, lang)}"
    if q.aggregate == "avg":
        text += f", an average of {_amount(_col(columns, r, 'average_' + metric), lang)} each"
    if q.share:
        text += f"; {LABELS[lang][q.share]} {_col(columns, r, q_share_column(q)):.2f}%"
    return text + "."


def q_share_column(q):
    return SHARE_COLUMN[q.share]


def _departments(q, columns, rows, scope, lang):
    first = rows[0]
    name = _col(columns, first, "department_short") or _col(columns, first, "department")
    count, total = _col(columns, first, "fund_count"), _col(columns, first, "total")
    share = f"，占全部专项的{_col(columns, first, 'share_of_all_funds_pct'):.2f}%" if "share_of_all_funds_pct" in columns else ""
    share_en = f", {_col(columns, first, 'share_of_all_funds_pct'):.2f}% of all funds" if "share_of_all_funds_pct" in columns else ""
    if len(rows) == 1:
        if lang == "zh":
            return f"{name}共有{count}个专项，预算合计{_amount(total, lang)}{share}。"
        return f"{name} has {count} funds totalling {_amount(total, lang)}{share_en}."
    if lang == "zh":
        return (f"共{len(rows)}个部门{('（' + scope + '）') if scope else ''}；排在首位的是{name}，"
                f"{count}个专项、合计{_amount(total, lang)}{share}。")
    return (f"{len(rows)} departments{(' (' + scope + ')') if scope else ''}; first is {name} with {count} funds "
            f"totalling {_amount(total, lang)}{share_en}.")


def _indicators(q, columns, rows, scope, lang):
    if "indicator" not in columns:
        key = _col(columns, rows[0], "name") or _col(columns, rows[0], "department")
        if lang == "zh":
            return f"共{len(rows)}组；指标最多的是{key}（{_col(columns, rows[0], 'indicator_count')}个）。"
        return f"{len(rows)} groups; the most indicators: {key} ({_col(columns, rows[0], 'indicator_count')})."
    funds = list(dict.fromkeys(_col(columns, r, "fund") for r in rows))
    kind = _kind(q, lang)
    shown = [f"{_col(columns, r, 'indicator')}（{_target(columns, r)}）" for r in rows[:5]]
    if q.order and not q.sort_only:
        key = "target_value" if "target_value" in (q.metric,) else "weight"
        value = _col(columns, rows[0], key)
        high = q.order == "desc"
        if lang == "zh":
            label = ("权重" if key == "weight" else "指标值") + ("最高" if high else "最低")
            shown_value = f"{value:g}%" if key == "weight" else f"{value:g}"
            prefix = f"{funds[0]}中，" if q.funds and len(funds) == 1 else ""
            return f"{prefix}{label}（{shown_value}）的{kind}指标共{len(rows)}个：{'、'.join(shown)}{'等' if len(rows) > 5 else ''}。"
        label = ("highest " if high else "lowest ") + ("weight" if key == "weight" else "target value")
        prefix = f"{funds[0]}: " if q.funds and len(funds) == 1 else ""
        return f"{prefix}{len(rows)} {kind}indicators with the {label} ({value:g}): {'; '.join(shown)}{' …' if len(rows) > 5 else ''}."
    if lang == "zh":
        where = f"{funds[0]}" if len(funds) == 1 else f"{len(funds)}个专项"
        return f"{where}共有{len(rows)}个{kind}指标：{'、'.join(shown)}{'等' if len(rows) > 5 else ''}。"
    where = funds[0] if len(funds) == 1 else f"{len(funds)} funds"
    return f"{where}: {len(rows)} {kind}indicators: {'; '.join(shown)}{' …' if len(rows) > 5 else ''}."


def _target(columns, row):
    op, text, unit = _col(columns, row, "op"), _col(columns, row, "target_text"), _col(columns, row, "unit")
    unit = "" if unit in (None, "无") else unit
    return f"{text}" if op == "定性" else f"{op}{text}{unit}"


def _kind(q, lang):
    words = []
    if q.core is True:
        words.append("核心" if lang == "zh" else "core ")
    if q.core is False:
        words.append("非核心" if lang == "zh" else "non-core ")
    if q.qualitative is True:
        words.append("定性" if lang == "zh" else "qualitative ")
    if q.qualitative is False:
        words.append("定量" if lang == "zh" else "quantitative ")
    return "".join(words)


def _indicator_aggregate(q, columns, rows, scope, lang):
    r = rows[0]
    count, funds, core = (_col(columns, r, "indicator_count"), _col(columns, r, "fund_count"),
                          _col(columns, r, "core_count"))
    kind = _kind(q, lang)
    if "average_per_fund" in columns:
        average = _col(columns, r, "average_per_fund") or 0
        if lang == "zh":
            return f"{funds}个专项共有{count}个{kind}指标，平均每个专项{average:.2f}个。"
        return f"{count} {kind}indicators across {funds} funds: {average:.2f} per fund on average."
    if lang == "zh":
        return f"{scope + '，' if scope else ''}共有{count}个{kind}指标，分布在{funds}个专项中（其中核心指标{core or 0}个）。"
    return f"{count} {kind}indicators{' (' + scope + ')' if scope else ''} across {funds} funds ({core or 0} core)."
