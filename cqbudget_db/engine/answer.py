"""Rows → one short sentence in the question's language.

Every figure in the sentence is read from the result rows and written with the
registry's formatter (metrics.say); the sentence names the metric the plan
reports, so an answer about 补助区县 never says 预算.
"""

from .. import metrics
from ..amounts import say as say_amount
from .describe import department_name, describe, label, plural

LIST_MAX = 5


def col(columns, row, name):
    return row[columns.index(name)] if name in columns else None


def value_text(metric, value, lang):
    return metrics.say(metric, value, lang) if value is not None else "—"


def sentence(plan, columns, rows, reading, vocab):
    lang = reading.lang
    q = plan.query
    if not rows:
        return _nothing(q, lang, vocab)
    writer = {"funds": _funds, "fund_total": _fund_total, "departments": _departments,
              "department_count": _department_count, "department_average": _department_average,
              "indicators": _indicators, "indicator_total": _indicator_total, "indicator_groups": _indicator_groups,
              "contacts": _contacts, "contact_count": _contact_count, "comparison": _comparison,
              "comparison_pick": _comparison_pick}[plan.kind]
    return writer(plan, columns, rows, lang, vocab)


def _nothing(q, lang, vocab):
    scope = describe(q, lang, vocab)
    thing = {"indicators": ("指标", "indicator"), "departments": ("部门", "department"),
             "contacts": ("联系人", "contact")}.get(q.target, ("专项", "fund"))
    if lang == "zh":
        return f"没有符合条件的{thing[0]}" + (f"（{scope}）。" if scope else "。")
    return f"No {thing[1]} matches" + (f" ({scope})." if scope else ".")


def _join(items, lang, limit=LIST_MAX, total=None):
    total = len(items) if total is None else total
    shown = ("、" if lang == "zh" else "; ").join(items[:limit])
    if total > limit:
        shown += f"等{total}个" if lang == "zh" else f" and {total - limit} more"
    return shown


def _named(columns, row, metric, lang):
    name = col(columns, row, "name") or col(columns, row, "fund")
    value = col(columns, row, metric)
    if value is None:
        return name
    return f"{name}（{value_text(metric, value, lang)}）" if lang == "zh" else \
        f"{name} ({value_text(metric, value, lang)})"


def _funds(plan, columns, rows, lang, vocab):
    q = plan.query
    if q.fields:
        return _fields(q, columns, rows, lang)
    metric = plan.metric
    if len(rows) == 1 and q.funds and not q.ranking:
        return _one_fund(q, columns, rows[0], lang)
    scope = describe(q, lang, vocab)
    named = [_named(columns, r, metric, lang) for r in rows]
    ranking = q.ranking
    if ranking and not ranking.sort_only and ranking.limit is None:
        return _superlative(q, metric, named, scope, lang)
    if ranking and ranking.offset:
        n = ranking.offset + 1
        if lang == "zh":
            return f"{scope + '的专项中，' if scope else ''}{label(metric, lang)}第{n}{'大' if ranking.direction == 'desc' else '小'}的是{named[0]}。"
        return f"The #{n} {'largest' if ranking.direction == 'desc' else 'smallest'} fund by {label(metric, lang)}" \
               f"{' ' + scope if scope else ''} is {named[0]}."
    if ranking and ranking.limit and not ranking.sort_only:
        big = ranking.direction == "desc"
        if lang == "zh":
            return (f"{scope + '的专项中，' if scope else ''}{label(metric, lang)}{'最大' if big else '最小'}的"
                    f"{len(rows)}个专项：{_join(named, lang, 10)}。")
        return (f"The {plural(len(rows), 'fund')}{' ' + scope if scope else ''} with the "
                f"{'largest' if big else 'smallest'} {label(metric, lang)}: {_join(named, lang, 10)}.")
    return _fund_list(q, columns, rows, named, scope, lang)


def _fund_list(q, columns, rows, named, scope, lang):
    summed = sum(col(columns, r, "total") or 0 for r in rows)
    order = "（按" + label(q.ranking.metric, lang) + ("从大到小" if q.ranking.direction == "desc" else "从小到大") + "）" \
        if q.ranking and lang == "zh" else ""
    if lang == "zh":
        head = f"{scope}的专项共{len(rows)}个" if scope else f"共{len(rows)}个专项"
        return f"{head}，预算合计{say_amount(summed, lang)}{order}：{_join(named, lang)}。"
    head = plural(len(rows), "fund") + (f" {scope}" if scope else "")
    return f"{head[0].upper() + head[1:]}, with a combined budget of {say_amount(summed, lang)}: {_join(named, lang)}."


def _superlative(q, metric, named, scope, lang):
    big = q.ranking.direction == "desc"
    if lang == "zh":
        which = "最大" if big else "最小"
        tie = f"并列{len(named)}个：" if len(named) > 1 else ""
        return f"{scope + '的专项中，' if scope else ''}{label(metric, lang)}{which}的是{tie}{_join(named, lang, 10)}。"
    which = "largest" if big else "smallest"
    head = f"The fund{'s' if len(named) > 1 else ''}{' ' + scope if scope else ''} with the {which} {label(metric, lang)}"
    return f"{head} {'are' if len(named) > 1 else 'is'} {_join(named, lang, 10)}."


def _one_fund(q, columns, row, lang):
    name = col(columns, row, "name")
    shown = [m for m in q.show if m in columns]
    if not shown and q.share in columns:
        shown = [q.share]
    if shown:
        parts = [f"{label(m, lang)}{'为' if lang == 'zh' else ' '}{value_text(m, col(columns, row, m), lang)}"
                 for m in shown]
        return f"{name}的" + "，".join(parts) + "。" if lang == "zh" else f"{name}: " + "; ".join(parts) + "."
    total, city, district = (col(columns, row, m) for m in metrics.AMOUNTS)
    if lang == "zh":
        return (f"{name}2024年预算{say_amount(total, lang)}，其中市级支出{say_amount(city, lang)}、"
                f"补助区县{say_amount(district, lang)}。")
    return (f"{name}: 2024 budget {say_amount(total, lang)}, of which {say_amount(city, lang)} city-level spending "
            f"and {say_amount(district, lang)} subsidies to districts.")


FIELD_LABELS = {"overview": ("项目概况", "overview"), "goal": ("当年绩效目标", "annual goal")}


def _fields(q, columns, rows, lang):
    parts = []
    for row in rows[:6]:
        name = col(columns, row, "name")
        for field in q.fields:
            if field in ("contact", "phone"):
                contact, phone = col(columns, row, "contact"), col(columns, row, "phone")
                parts.append(f"{name}的联系人是{contact}，电话{phone}" if lang == "zh"
                             else f"the contact for {name} is {contact}, phone {phone}")
                break
            if field == "department":
                department = col(columns, row, "department")
                parts.append(f"{name}的主管部门是{department}" if lang == "zh" else f"{name} is run by {department}")
            elif field == "line":
                line = col(columns, row, "source_line")
                parts.append(f"{name}的绩效目标表从文件第{line}行开始" if lang == "zh"
                             else f"{name}'s table starts at line {line} of the document")
            elif field in FIELD_LABELS:
                text = col(columns, row, field) or ""
                short = text if len(text) <= 160 else text[:160] + "…"
                word = FIELD_LABELS[field][0 if lang == "zh" else 1]
                parts.append(f"{name}的{word}：{short}" if lang == "zh" else f"{name}, {word}: {short}")
    more = len(rows) - 6
    joined = ("；" if lang == "zh" else "; ").join(parts)
    if more > 0:
        joined += f"（另有{more}个专项）" if lang == "zh" else f" (and {plural(more, 'more fund')})"
    if lang == "en":
        joined = joined[0].upper() + joined[1:]
    return joined + ("。" if lang == "zh" else ".")


def _fund_total(plan, columns, rows, lang, vocab):
    q, row = plan.query, rows[0]
    scope = describe(q, lang, vocab)
    count = col(columns, row, "fund_count") or 0
    if not count:
        return _nothing(q, lang, vocab)
    metric = plan.metric
    what = (scope + "的" if scope else "") if lang == "zh" else (" " + scope if scope else "")
    if q.share:
        column = next(c for c in columns if c.startswith("share_") or c == q.share)
        value = metrics.say(q.share if q.share in metrics.METRICS else "district_share", col(columns, row, column), lang)
        share_label = label(q.share, lang) if not q.share_other else \
            (f"{label(q.share, lang)}相当于{label(q.share_other, lang)}的比例" if lang == "zh"
             else f"{label(q.share, lang)} as a share of {label(q.share_other, lang)}")
        if lang == "zh":
            return f"{what}{count}个专项，{share_label}为{value}。"
        return f"For {plural(count, 'fund')}{what}, the {share_label} is {value}."
    if q.aggregate in ("avg", "median", "spread", "sum") and metric not in metrics.AMOUNTS + ("total",) and \
            f"sum_{metric}" not in columns and f"average_{metric}" not in columns and f"median_{metric}" not in columns:
        metric = "total"
    if q.aggregate == "avg":
        value = value_text(metric, col(columns, row, f"average_{metric}"), lang)
        return (f"{what}{count}个专项的平均{label(metric, lang)}为{value}。" if lang == "zh" else
                f"The average {label(metric, lang)} of {plural(count, 'fund')}{what} is {value}.")
    if q.aggregate == "median":
        value = value_text(metric, col(columns, row, f"median_{metric}"), lang)
        return (f"{what}{count}个专项的{label(metric, lang)}中位数为{value}。" if lang == "zh" else
                f"The median {label(metric, lang)} of {plural(count, 'fund')}{what} is {value}.")
    if q.aggregate == "spread":
        big, small = col(columns, row, f"max_{metric}"), col(columns, row, f"min_{metric}")
        gap = col(columns, row, f"difference_{metric}")
        if lang == "zh":
            return (f"{what}{count}个专项中，{label(metric, lang)}最大{value_text(metric, big, lang)}、最小"
                    f"{value_text(metric, small, lang)}，相差{value_text(metric, gap, lang)}。")
        return (f"Among {plural(count, 'fund')}{what}, the largest {label(metric, lang)} is {value_text(metric, big, lang)} "
                f"and the smallest {value_text(metric, small, lang)}: a difference of {value_text(metric, gap, lang)}.")
    summed = metric if metric in metrics.AMOUNTS else "total"
    value = col(columns, row, f"sum_{metric}") if f"sum_{metric}" in columns else col(columns, row, summed)
    shown = metric if f"sum_{metric}" in columns else summed
    if lang == "zh":
        return f"{what}专项共{count}个，{label(shown, lang)}合计{value_text(shown, value, lang)}。"
    return f"{plural(count, 'fund').capitalize()}{what}, {label(shown, lang)} totalling {value_text(shown, value, lang)}."


def _department_name(columns, row, vocab=None, lang="zh"):
    full = col(columns, row, "department")
    if vocab is not None and full:
        return department_name(vocab, full, lang)
    return col(columns, row, "department_short") or full


def _departments(plan, columns, rows, lang, vocab):
    q, metric = plan.query, plan.metric
    named = [f"{_department_name(columns, r, vocab, lang)}（{value_text(metric, col(columns, r, metric), lang)}）" if lang == "zh"
             else f"{_department_name(columns, r, vocab, lang)} ({value_text(metric, col(columns, r, metric), lang)})" for r in rows]
    scope = describe(q, lang, vocab)
    ranking = q.ranking
    if ranking and not ranking.sort_only and ranking.limit is None:
        big = ranking.direction == "desc"
        if lang == "zh":
            return f"{label(metric, lang)}{'最多' if big else '最少'}的部门是{_join(named, lang, 10)}。"
        return f"The department{'s' if len(rows) > 1 else ''} with the {'largest' if big else 'smallest'} " \
               f"{label(metric, lang)}: {_join(named, lang, 10)}."
    if len(rows) == 1:
        row = rows[0]
        count, total = col(columns, row, "fund_count"), col(columns, row, "total")
        if lang == "zh":
            return f"{_department_name(columns, row, vocab, lang)}共有{count}个专项，预算合计{say_amount(total, lang)}。"
        return f"{_department_name(columns, row, vocab, lang)} has {plural(count, 'fund')} with a combined budget of " \
               f"{say_amount(total, lang)}."
    if lang == "zh":
        return f"共{len(rows)}个部门{('（' + scope + '）') if scope else ''}，按{label(metric, lang)}：{_join(named, lang)}。"
    return f"{plural(len(rows), 'department').capitalize()}{(' (' + scope + ')') if scope else ''}, " \
           f"by {label(metric, lang)}: {_join(named, lang)}."


def _department_count(plan, columns, rows, lang, vocab):
    row = rows[0]
    departments, funds = col(columns, row, "department_count"), col(columns, row, "fund_count") or 0
    scope = describe(plan.query, lang, vocab)
    if lang == "zh":
        return f"{scope + '，' if scope else ''}共涉及{departments}个主管部门、{funds}个专项。"
    return f"{plural(departments, 'department').capitalize()}{' (' + scope + ')' if scope else ''}, " \
           f"with {plural(funds, 'fund')}."


def _department_average(plan, columns, rows, lang, vocab):
    row = rows[0]
    average, departments = col(columns, row, "average_fund_count"), col(columns, row, "department_count")
    if lang == "zh":
        return f"{departments}个部门平均每个有{average:.2f}个专项。"
    return f"The {plural(departments, 'department')} have {average:.2f} funds each on average."


def _indicator_name(columns, row, lang):
    op, target, unit = col(columns, row, "op"), col(columns, row, "target_text"), col(columns, row, "unit")
    unit = "" if unit in (None, "无") else unit
    value = target if op == "定性" else f"{op}{target}{unit}"
    return f"{col(columns, row, 'indicator')}（{value}）" if lang == "zh" else f"{col(columns, row, 'indicator')} ({value})"


def _indicators(plan, columns, rows, lang, vocab):
    q = plan.query
    funds = list(dict.fromkeys(col(columns, r, "fund") for r in rows))
    named = [_indicator_name(columns, r, lang) for r in rows]
    where = funds[0] if len(funds) == 1 else (f"{len(funds)}个专项" if lang == "zh" else plural(len(funds), "fund"))
    kind = describe(q, lang, vocab, indicators_only=True)
    ranking = q.ranking
    if ranking and not ranking.sort_only and ranking.limit is None:
        key = plan.metric
        value = col(columns, rows[0], key)
        big = ranking.direction == "desc"
        if lang == "zh":
            return f"{label(key, lang)}{'最高' if big else '最低'}（{value_text(key, value, lang)}）的指标共{len(rows)}个：" \
                   f"{_join(named, lang)}。"
        return f"{plural(len(rows), 'indicator').capitalize()} with the {'highest' if big else 'lowest'} " \
               f"{label(key, lang)} ({value_text(key, value, lang)}): {_join(named, lang)}."
    if lang == "zh":
        return f"{where}共有{len(rows)}个{kind}指标：{_join(named, lang)}。"
    return f"{where}: {plural(len(rows), (kind + ' ' if kind else '') + 'indicator')}: {_join(named, lang)}."


def _indicator_total(plan, columns, rows, lang, vocab):
    q, row = plan.query, rows[0]
    kind = describe(q, lang, vocab, indicators_only=True)
    scope = describe(q, lang, vocab, funds_only=True)
    metric = plan.metric
    if metric == "indicator_share":
        value = metrics.amounts.percent(col(columns, row, "indicator_share"))
        return f"{kind}指标占{scope + '的' if scope else ''}全部指标的{value}。" if lang == "zh" else \
            f"{kind.capitalize() or 'These'} indicators are {value} of all indicators{' ' + scope if scope else ''}."
    if metric.startswith("average_") or metric.startswith("sum_"):
        base = metric.split("_", 1)[1]
        value = col(columns, row, metric)
        text = value_text(base, value, lang) if base != "indicator_count" else f"{value:.2f}"
        word = ("平均" if metric.startswith("average_") else "合计") if lang == "zh" else \
            ("average" if metric.startswith("average_") else "total")
        if lang == "zh":
            per = "每个专项" if base == "indicator_count" else ""
            return f"{scope + '，' if scope else ''}{kind}指标{per}{word}{label(base, lang)}为{text}。"
        return f"The {word} {label(base, lang)}{' per fund' if base == 'indicator_count' else ''} of " \
               f"{kind + ' ' if kind else ''}indicators{' ' + scope if scope else ''} is {text}."
    count, funds = col(columns, row, "indicator_count"), col(columns, row, "fund_count")
    core, other = col(columns, row, "core_count"), col(columns, row, "non_core_count")
    if lang == "zh":
        return f"{scope + '，' if scope else ''}共有{count}个{kind}指标，分布在{funds}个专项中（核心{core or 0}个、非核心{other or 0}个）。"
    return f"{plural(count, (kind + ' ' if kind else '') + 'indicator').capitalize()}{' ' + scope if scope else ''} " \
           f"across {plural(funds, 'fund')} ({core or 0} core, {other or 0} non-core)."


def _indicator_groups(plan, columns, rows, lang, vocab):
    first = rows[0]
    key = col(columns, first, "name") or col(columns, first, "department")
    count = col(columns, first, "indicator_count")
    if lang == "zh":
        return f"共{len(rows)}组，指标最多的是{key}（{count}个）。"
    return f"{plural(len(rows), 'group').capitalize()}; the most indicators: {key} ({count})."


def _contacts(plan, columns, rows, lang, vocab):
    scope = describe(plan.query, lang, vocab)
    people = []
    for row in rows:
        person, phone, funds = col(columns, row, "contact"), col(columns, row, "phone"), col(columns, row, "fund_count")
        people.append(f"{person}（{phone}，{funds}个专项）" if lang == "zh" else f"{person} ({phone}, {plural(funds, 'fund')})")
    if lang == "zh":
        return f"{scope + '的' if scope else ''}联系人共{len(rows)}位：{_join(people, lang, 8)}。"
    return f"{plural(len(rows), 'contact').capitalize()}{' for funds ' + scope if scope else ''}: {_join(people, lang, 8)}."


def _contact_count(plan, columns, rows, lang, vocab):
    row = rows[0]
    people, phones, funds = (col(columns, row, c) for c in ("contact_count", "phone_count", "fund_count"))
    scope = describe(plan.query, lang, vocab)
    if lang == "zh":
        return f"{scope + '的' if scope else ''}{funds}个专项共有{people}位联系人、{phones}个不同的联系电话。"
    return f"{plural(funds, 'fund').capitalize()}{' ' + scope if scope else ''} list {plural(people, 'contact')} " \
           f"and {plural(phones, 'distinct phone number')}."


def _entity(vocab, entity):
    kind, value = entity
    return vocab.short(value) if kind == "department" else vocab.fund_name(value)


def _comparison(plan, columns, rows, lang, vocab):
    c, row = plan.query.compare, rows[0]
    metric = plan.metric
    a, b = col(columns, row, f"first_{metric}"), col(columns, row, f"second_{metric}")
    if c.other:
        return _column_gap(c, a, b, lang, vocab)
    first, second = (_entity(vocab, e) for e in c.entities[:2])
    if c.kind == "difference":
        gap = col(columns, row, f"difference_{metric}")
        more = gap >= 0 or c.absolute
        if lang == "zh":
            return (f"{first}{label(metric, lang)}{value_text(metric, a, lang)}，{second}{value_text(metric, b, lang)}，"
                    + (f"相差{value_text(metric, abs(gap), lang)}。" if c.absolute else
                       f"{first}比{second}{'多' if more else '少'}{value_text(metric, abs(gap), lang)}。"))
        return (f"{first}: {value_text(metric, a, lang)}; {second}: {value_text(metric, b, lang)} — "
                + (f"a difference of {value_text(metric, abs(gap), lang)} in {label(metric, lang)}." if c.absolute else
                   f"{first} has {value_text(metric, abs(gap), lang)} {'more' if more else 'less'} "
                   f"{label(metric, lang)} than {second}."))
    if c.kind == "ratio":
        ratio = col(columns, row, f"ratio_{metric}")
        return (f"{first}的{label(metric, lang)}是{second}的{ratio:.2f}倍。" if lang == "zh" else
                f"{first}'s {label(metric, lang)} is {ratio:.2f} times {second}'s.")
    share = col(columns, row, f"percent_{metric}")
    return (f"{first}的{label(metric, lang)}相当于{second}的{metrics.amounts.percent(share)}。" if lang == "zh" else
            f"{first}'s {label(metric, lang)} is {metrics.amounts.percent(share)} of {second}'s.")


def _column_gap(c, a, b, lang, vocab):
    """农业产业发展专项：补助区县5.51亿元，市级支出1.46亿元，补助区县比市级支出多4.05亿元。"""
    name = _entity(vocab, c.entities[0])
    first, second = label(c.metric, lang), label(c.other, lang)
    gap, more = abs(a - b), a >= b
    if lang == "zh":
        return (f"{name}：{first}{value_text(c.metric, a, lang)}，{second}{value_text(c.other, b, lang)}，"
                f"{first}比{second}{'多' if more else '少'}{value_text(c.metric, gap, lang)}。")
    return (f"{name}: {first} {value_text(c.metric, a, lang)}, {second} {value_text(c.other, b, lang)}; "
            f"{first} is {value_text(c.metric, gap, lang)} {'more' if more else 'less'} than {second}.")


def _comparison_pick(plan, columns, rows, lang, vocab):
    c, row = plan.query.compare, rows[0]
    metric = plan.metric
    name = col(columns, row, "name") or col(columns, row, "department_short")
    value = value_text(metric, col(columns, row, metric), lang)
    bigger = c.kind == "larger"
    if len(rows) > 1:
        names = [col(columns, r, "name") or col(columns, r, "department_short") for r in rows]
        return (f"{'、'.join(names)}的{label(metric, lang)}相同，都是{value}。" if lang == "zh" else
                f"{' and '.join(names)} have the same {label(metric, lang)}: {value} each.")
    if lang == "zh":
        return f"{label(metric, lang)}{'更大' if bigger else '更小'}的是{name}（{value}）。"
    return f"{name} has the {'larger' if bigger else 'smaller'} {label(metric, lang)} ({value})."
