"""Rows → one short sentence in the question's language.

Every figure in the sentence is read from the result rows and written with the
registry's formatter (metrics.say); the sentence names the metric the plan
reports, so an answer about 补助区县 never says 预算.  Amounts are written in
the unit the question asked for (多少万元, in million yuan), counts say what they
count (7个专项, 29 indicators), English sentences name departments in English
and start with a capital letter.
"""

from collections.abc import Sequence

from .. import metrics
from ..amounts import UNITS, percent
from .describe import and_list, department_name, describe, indicators, label, ordinal, plural, scope as scope_of

LIST_MAX = 5

# What a fund has none of when the value is 0: 有27个专项没有补助区县资金 / 27 funds have no district subsidies.
NONE = {
    "total": ("预算", "budget"),
    "city_spend": ("市级支出", "city-level spending"),
    "district_subsidy": ("补助区县资金", "district subsidies"),
    "city_share": ("市级支出", "city-level spending"),
    "district_share": ("补助区县资金", "district subsidies"),
    "share_of_all_city_spend": ("市级支出", "city-level spending"),
    "share_of_all_district_subsidy": ("补助区县资金", "district subsidies"),
    "share_of_department_city_spend": ("市级支出", "city-level spending"),
    "share_of_department_district_subsidy": ("补助区县资金", "district subsidies"),
    "indicator_count": ("指标", "indicators"),
    "core_count": ("核心指标", "core indicators"),
    "qualitative_count": ("定性指标", "qualitative indicators"),
}

# What an indicator answer can be asked to show beside each indicator (Query.show).
INDICATOR_ATTRIBUTES = ("target_value", "weight", "unit", "operator")


class Words:
    """How this answer writes: the question's language and the amount unit it asked for."""

    def __init__(self, lang, query):
        self.lang = lang
        self.zh = lang == "zh"
        # 多少万元 / in million yuan; not 亿 read from an indicator's unit (计量单位是亿美元的指标)
        units = [u for u in query.display_units if u in UNITS and
                 not (u == "yi" and any("亿" in x for x in query.indicators.units))]
        self.unit = units[0] if units else None

    def value(self, metric, value, counted=False):
        """A value of metric: 36.94亿元, 42.50%, 12; counted: 7个专项 / 7 funds."""
        return metrics.say(metric, value, self.lang, self.unit, counted) if value is not None else "—"

    def amount(self, value):
        return metrics.say("total", value, self.lang, self.unit)

    def label(self, metric):
        return label(metric, self.lang)

    def bracket(self, name, inside):
        return f"{name}（{inside}）" if self.zh else f"{name} ({inside})"

    def join(self, items, limit=LIST_MAX, total=None):
        total = len(items) if total is None else total
        shown = ("、" if self.zh else "; ").join(items[:limit])
        if total > limit:
            shown += f"等{total}个" if self.zh else f" and {total - limit} more"
        return shown

    def department(self, vocab, full):
        return department_name(vocab, full, self.lang) if full else full


class Lazy(Sequence):
    """f(row) for each row, worked out only for the rows a sentence shows."""

    def __init__(self, rows, f):
        self.rows, self.f = rows, f

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.f(r) for r in self.rows[i]]
        return self.f(self.rows[i])


def col(columns, row, name):
    return row[columns.index(name)] if name in columns else None


def capital(text):
    """An English sentence starts with a capital letter: the Transport Bureau has … → The Transport Bureau has …"""
    return text[0].upper() + text[1:] if text and text[0].islower() else text


def sentence(plan, columns, rows, reading, vocab):
    w = Words(reading.lang, plan.query)
    q = plan.query
    if not rows:
        said = _nothing(q, w, vocab)
    else:
        writer = {"funds": _funds, "fund_total": _fund_total, "departments": _departments,
                  "department_count": _department_count, "department_average": _department_average,
                  "department_set": _department_set,
                  "indicators": _indicators, "indicator_total": _indicator_total,
                  "indicator_groups": _indicator_groups, "contacts": _contacts, "contact_count": _contact_count,
                  "comparison": _comparison, "comparison_pick": _comparison_pick, "fund_rank": _fund_rank}[plan.kind]
        said = writer(plan, columns, rows, w, vocab)
    return said if w.zh else capital(said)


def _nothing(q, w, vocab):
    scope = scope_of(q, w.lang, vocab).text(w.lang)
    thing = {"indicators": ("指标", "indicator"), "departments": ("部门", "department"),
             "contacts": ("联系人", "contact")}.get(q.target, ("专项", "fund"))
    if w.zh:
        return f"没有符合条件的{thing[0]}" + (f"（{scope}）。" if scope else "。")
    return f"No {thing[1]} matches" + (f" ({scope})." if scope else ".")


def _all_zero(columns, rows, metric):
    """Every row has 0 of metric (and there is more than one row to say it of)."""
    return len(rows) > 1 and metric in NONE and metric in columns and \
        all(col(columns, r, metric) == 0 for r in rows)


def _none(metric, w):
    return NONE[metric][0 if w.zh else 1]


# ------------------------------------------------------------------------------------------ funds

def _shown(q, metric, columns):
    """The metrics written beside each fund: the one ranked or asked, then any other asked for."""
    first = metric if metric in columns else "total"
    return [first] + [m for m in q.show if m != first and m in columns and m in metrics.METRICS]


def _named(columns, row, shown, w, name_column=None):
    name = col(columns, row, name_column) if name_column else (col(columns, row, "name") or col(columns, row, "fund"))
    values = [(m, col(columns, row, m)) for m in shown if m in columns]
    if not values:
        return name
    if len(values) == 1:
        return w.bracket(name, w.value(values[0][0], values[0][1], counted=True))
    inside = ("，" if w.zh else ", ").join(
        f"{w.label(m)}{'' if w.zh else ' '}{w.value(m, v, counted=True)}" for m, v in values)
    return w.bracket(name, inside)


def _funds(plan, columns, rows, w, vocab):
    q = plan.query
    fields = [f for f in q.fields if f != "name"]
    if fields:
        said = _fields(fields, columns, rows, w, vocab)
        if said:
            return said
    metric = plan.metric if plan.metric in columns else "total"
    if len(rows) == 1 and q.funds and not q.ranking:
        return _one_fund(q, columns, rows[0], w)
    sc = scope_of(q, w.lang, vocab)
    scope = sc.text(w.lang)
    shown = _shown(q, metric, columns)
    named = Lazy(rows, lambda r: _named(columns, r, shown, w))     # a sentence shows ten at most
    names = [col(columns, r, "name") for r in rows]
    ranking = q.ranking
    zero = _all_zero(columns, rows, metric)
    if ranking and not ranking.sort_only and ranking.limit is None:
        if zero:
            return _none_of(sc, scope, names, metric, w, "fund")
        return _superlative(q, metric, named, sc, scope, w)
    if ranking and ranking.offset:
        n = ranking.offset + 1
        if w.zh:
            return (f"{_among(sc, scope, w)}{w.label(metric)}第{n}"
                    f"{'大' if ranking.direction == 'desc' else '小'}的是{named[0]}。")
        return (f"the fund{' ' + scope if scope else ''} with the {ordinal(n)} "
                f"{'largest' if ranking.direction == 'desc' else 'smallest'} {w.label(metric)} is {named[0]}.")
    if ranking and ranking.limit and not ranking.sort_only:
        big = ranking.direction == "desc"
        tied = len(rows) > ranking.limit      # 前5, with funds tied at the 5th: all of them, said so
        if w.zh:
            head = f"{_among(sc, scope, w)}{w.label(metric)}{'最大' if big else '最小'}的{ranking.limit}个专项"
            head += f"（因并列共{len(rows)}个）" if tied else ""
            if zero:
                return f"{head}都没有{_none(metric, w)}：{w.join(names, 10)}。"
            return f"{head}：{w.join(named, 10)}。"
        head = (f"the {plural(ranking.limit, 'fund')}{' ' + scope if scope else ''} with the "
                f"{'largest' if big else 'smallest'} {w.label(metric)}")
        head += f" ({len(rows)} with ties)" if tied else ""
        if zero:
            return f"{head} have no {_none(metric, w)}: {w.join(names, 10)}."
        return f"{head}: {w.join(named, 10)}."
    return _fund_list(q, columns, rows, named, names, shown, scope, w)


def _among(sc, scope, w):
    """Chinese: 市教委的专项中， / 公共卫生专项、计划生育专项中， / '' — where a superlative is looked for."""
    if sc.only_names and sc.owner == "funds":
        return f"{sc.names}中，"
    return f"{scope}的专项中，" if scope else ""


def _none_of(sc, scope, names, metric, w, thing):
    """有27个专项没有补助区县资金：… / 27 funds have no district subsidies: …"""
    n, none = len(names), _none(metric, w)
    if w.zh:
        word = "专项" if thing == "fund" else "部门"
        if sc is not None and sc.only_names:
            return f"{sc.names}有{n}个{word}没有{none}：{w.join(names, 10)}。"
        if scope:
            return f"{scope}的{word}中，有{n}个没有{none}：{w.join(names, 10)}。"
        return f"有{n}个{word}没有{none}：{w.join(names, 10)}。"
    return f"{plural(n, thing)}{' ' + scope if scope else ''} have no {none}: {w.join(names, 10)}."


def _fund_list(q, columns, rows, named, names, shown, scope, w):
    n, metric = len(rows), shown[0]
    ranking = q.ranking
    order = ""
    if ranking and ranking.metric != metric:     # sorted by what the brackets show: the order is plain to see
        word = (("从大到小" if ranking.direction == "desc" else "从小到大") if w.zh else
                ("largest first" if ranking.direction == "desc" else "smallest first"))
        order = f"（按{w.label(ranking.metric)}{word}）" if w.zh else f" (by {w.label(ranking.metric)}, {word})"
    if w.zh:
        head = f"{scope}的专项共{n}个" if scope else f"共{n}个专项"
        if _all_zero(columns, rows, metric):
            return f"{head}，都没有{_none(metric, w)}：{w.join(names)}。"
        if len(shown) > 1:
            return f"{head}{order}：{w.join(named)}。"
        if metrics.METRICS[metric].kind == "amount":
            summed = sum(col(columns, r, metric) or 0 for r in rows)
            return f"{head}，{w.label(metric)}合计{w.amount(summed)}{order}：{w.join(named)}。"
        if ranking and ranking.metric == metric:
            counts = metrics.METRICS[metric].kind == "count"
            word = ("从多到少" if counts else "从高到低") if ranking.direction == "desc" else \
                ("从少到多" if counts else "从低到高")
            return f"{head}，按{w.label(metric)}{word}：{w.join(named)}。"
        return f"{head}，{w.label(metric)}{order}：{w.join(named)}。"
    head = plural(n, "fund") + (f" {scope}" if scope else "")
    if _all_zero(columns, rows, metric):
        return f"{head}, none of them with {_none(metric, w)}: {w.join(names)}."
    if len(shown) > 1:
        return f"{head}{order}: {w.join(named)}."
    if metrics.METRICS[metric].kind == "amount":
        summed = w.amount(sum(col(columns, r, metric) or 0 for r in rows))
        combined = f"a combined budget of {summed}" if metric == "total" else f"{w.label(metric)} totalling {summed}"
        return f"{head}, with {combined}{order}: {w.join(named)}."
    if ranking and ranking.metric == metric:
        return f"{head}, by {w.label(metric)}, {'largest' if ranking.direction == 'desc' else 'smallest'} first: " \
               f"{w.join(named)}."
    return f"{head}, with their {w.label(metric)}{order}: {w.join(named)}."


def _superlative(q, metric, named, sc, scope, w):
    big = q.ranking.direction == "desc"
    if w.zh:
        which = "最大" if big else "最小"
        tie = f"并列{len(named)}个：" if len(named) > 1 else ""
        return f"{_among(sc, scope, w)}{w.label(metric)}{which}的是{tie}{w.join(named, 10)}。"
    which = "largest" if big else "smallest"
    many = len(named) > 1
    if sc.only_names and sc.owner == "funds":
        return f"of {sc.names}, the one with the {which} {w.label(metric)} is {w.join(named, 10)}."
    if scope and (sc.filters or sc.owner != "departments"):
        return (f"among the funds {scope}, the {'ones' if many else 'one'} with the {which} {w.label(metric)} "
                f"{'are' if many else 'is'} {w.join(named, 10)}.")
    head = f"the fund{'s' if many else ''}{' ' + scope if scope else ''} with the {which} {w.label(metric)}"
    return f"{head} {'are' if many else 'is'} {w.join(named, 10)}."


def _one_fund(q, columns, row, w):
    name = col(columns, row, "name")
    shown = [m for m in q.show if m in columns]
    if not shown and q.share in columns:
        shown = [q.share]
    if shown:
        parts = [f"{w.label(m)}{'为' if w.zh else ' '}{w.value(m, col(columns, row, m), counted=True)}" for m in shown]
        return f"{name}的" + "，".join(parts) + "。" if w.zh else f"{name}: " + "; ".join(parts) + "."
    total, city, district = (w.amount(col(columns, row, m)) for m in metrics.AMOUNTS)
    if w.zh:
        return f"{name}2024年预算{total}，其中市级支出{city}、补助区县{district}。"
    return (f"{name}: 2024 budget {total}, of which {city} city-level spending "
            f"and {district} subsidies to districts.")


FIELD_LABELS = {"overview": ("项目概况", "overview"), "goal": ("当年绩效目标", "annual goal")}


def _fields(fields, columns, rows, w, vocab):
    if {"contact", "phone"} & set(fields) and len(rows) > 1 and "contact" in columns and \
            len({col(columns, r, "contact") for r in rows}) == 1:
        return _one_contact(columns, rows, w)
    parts = []
    for row in rows[:6]:
        name = col(columns, row, "name")
        for field in fields:
            if field in ("contact", "phone"):
                contact, phone = col(columns, row, "contact"), col(columns, row, "phone")
                parts.append(f"{name}的联系人是{contact}，电话{phone}" if w.zh
                             else f"the contact for {name} is {contact}, phone {phone}")
                break
            if field == "department":
                department = col(columns, row, "department")
                parts.append(f"{name}的主管部门是{department}" if w.zh
                             else f"{name} is run by {w.department(vocab, department)}")
            elif field == "line":
                line = col(columns, row, "source_line")
                parts.append(f"{name}的绩效目标表从文件第{line}行开始" if w.zh
                             else f"{name}'s table starts at line {line} of the document")
            elif field in FIELD_LABELS:
                text = col(columns, row, field) or ""
                text = text.strip().rstrip("。.")
                short = text if len(text) <= 160 else text[:160] + "…"
                word = FIELD_LABELS[field][0 if w.zh else 1]
                parts.append(f"{name}的{word}：{short}" if w.zh else f"{name}, {word}: {short}")
    if not parts:
        return None
    more = len(rows) - 6
    joined = ("；" if w.zh else "; ").join(parts)
    if more > 0:
        joined += f"（另有{more}个专项）" if w.zh else f" (and {plural(more, 'more fund')})"
    return joined + ("。" if w.zh else ".")


def _one_contact(columns, rows, w):
    """杨欣是3个专项的联系人：A（电话…）、B（电话…）… — one person named once, with each fund."""
    person = col(columns, rows[0], "contact")
    phones = list(dict.fromkeys(col(columns, r, "phone") for r in rows))
    names = [col(columns, r, "name") for r in rows]
    if len(phones) == 1:
        if w.zh:
            return f"{person}是{len(rows)}个专项的联系人，电话{phones[0]}：{w.join(names, 10)}。"
        return f"{person} is the contact for {plural(len(rows), 'fund')}, phone {phones[0]}: {w.join(names, 10)}."
    items = [w.bracket(n, ("电话" if w.zh else "phone ") + col(columns, r, "phone")) for n, r in zip(names, rows)]
    if w.zh:
        return f"{person}是{len(rows)}个专项的联系人：{w.join(items, 10)}。"
    return f"{person} is the contact for {plural(len(rows), 'fund')}: {w.join(items, 10)}."


# ------------------------------------------------------------------------------------ fund totals

def _subject(q, sc, count, w):
    """The funds an aggregate is over, as a noun phrase: 社会救助专项 / 市卫生健康委4个专项 / 全部82个专项 /
    预算最大的5个专项; 社会救助专项 / the 4 funds of the Health Commission / all 82 funds."""
    scope = sc.text(w.lang)
    if q.ranking and not q.ranking.sort_only:
        whole = _whole(q, count, w)
        if w.zh:
            return (sc.names if sc.only_names else f"{scope}的专项中" if scope else "") + whole
        return whole + (f" {scope}" if scope else "")
    if sc.only_names and sc.owner == "funds":
        return sc.names
    if w.zh:
        if sc.only_names:
            return f"{sc.names}的专项" if count == 1 else f"{sc.names}{count}个专项"
        return f"{scope}的{count}个专项" if scope else _whole(q, count, w)
    funds = "fund" if count == 1 else plural(count, "fund")
    if sc.only_names:
        return f"the {funds} of {sc.names}"
    return f"the {funds} {scope}" if scope else _whole(q, count, w)


def _whole(q, count, w):
    """The funds of an aggregate no filter names: 预算最大的5个专项 / 这4个专项 / 全部82个专项."""
    r = q.ranking
    if r and not r.sort_only:
        big = r.direction == "desc"
        name = label(r.metric or "total", w.lang)
        if w.zh:
            return f"{name}{'最大' if big else '最小'}的" + ("专项" if count == 1 else f"{count}个专项")
        return f"the {'fund' if count == 1 else plural(count, 'fund')} with the {'largest' if big else 'smallest'} {name}"
    if q.subset:
        return f"这{count}个专项" if w.zh else ("this fund" if count == 1 else f"these {count} funds")
    return f"全部{count}个专项" if w.zh else f"all {plural(count, 'fund')}"


def _combined(metric, text):
    """English: a combined budget of X / city-level spending totalling X."""
    return f"a combined budget of {text}" if metric == "total" else f"{label(metric, 'en')} totalling {text}"


def _fund_rank(plan, columns, rows, w, vocab):
    """社会救助专项的预算为33.65亿元，在全部82个专项中排第2 / 社会救助专项 ranks 2nd of 82 funds by budget."""
    m, q = plan.metric, plan.query
    among = ("本部门", "its department's") if q.departments else ("全部", "all")
    said = []
    for r in rows:
        name, place, out_of = col(columns, r, "name"), col(columns, r, "rank"), col(columns, r, "out_of")
        value = w.value(m, col(columns, r, m))
        if w.zh:
            said.append(f"{name}的{w.label(m)}为{value}，在{among[0]}{out_of}个专项中从高到低排第{place}")
        else:
            said.append(f"{name} ranks {_ordinal(place)} of {among[1]} {out_of} funds by {w.label(m)} ({value})")
    return ("；" if w.zh else "; ").join(said) + ("。" if w.zh else ".")


def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _fund_total(plan, columns, rows, w, vocab):
    q, row = plan.query, rows[0]
    count = col(columns, row, "fund_count") or 0
    if not count:
        return _nothing(q, w, vocab)
    sc = scope_of(q, w.lang, vocab)
    subject = _subject(q, sc, count, w)
    metric = plan.metric
    if q.share:
        column = next(c for c in columns if c.startswith("share_") or c == q.share)
        value = metrics.say(q.share if q.share in metrics.METRICS else "district_share", col(columns, row, column),
                            w.lang)
        share_label = w.label(q.share) if not q.share_other else \
            (f"{w.label(q.share)}相当于{w.label(q.share_other)}的比例" if w.zh
             else f"{w.label(q.share)} as a share of {w.label(q.share_other)}")
        if w.zh:
            return f"{subject}{'' if share_label.startswith('占') else '的'}{share_label}为{value}。"
        if q.share == "share_of_fund_count":
            return f"{subject} {'is' if count == 1 else 'are'} {value} of all funds."
        if share_label.startswith("share of"):
            return f"The {share_label} held by {subject} is {value}."
        return f"The {share_label} of {subject} is {value}."
    if q.aggregate in ("avg", "median", "spread", "sum") and metric not in metrics.AMOUNTS + ("total",) and \
            f"sum_{metric}" not in columns and f"average_{metric}" not in columns and f"median_{metric}" not in columns:
        metric = "total"
    if q.aggregate == "avg":
        value = w.value(metric, col(columns, row, f"average_{metric}"))
        return (f"{subject}的平均{w.label(metric)}为{value}。" if w.zh else
                f"The average {w.label(metric)} of {subject} is {value}.")
    if q.aggregate == "median":
        value = w.value(metric, col(columns, row, f"median_{metric}"))
        return (f"{subject}的{w.label(metric)}中位数为{value}。" if w.zh else
                f"The median {w.label(metric)} of {subject} is {value}.")
    if q.aggregate == "spread":
        big, small = col(columns, row, f"max_{metric}"), col(columns, row, f"min_{metric}")
        gap = col(columns, row, f"difference_{metric}")
        if w.zh:
            return (f"{subject}中，{w.label(metric)}最大{w.value(metric, big)}、最小"
                    f"{w.value(metric, small)}，相差{w.value(metric, gap)}。")
        return (f"Among {subject}, the largest {w.label(metric)} is {w.value(metric, big)} "
                f"and the smallest {w.value(metric, small)}: a difference of {w.value(metric, gap)}.")
    summed = metric if metric in metrics.AMOUNTS else "total"
    value = col(columns, row, f"sum_{metric}") if f"sum_{metric}" in columns else col(columns, row, summed)
    shown = metric if f"sum_{metric}" in columns else summed
    said = _summed(plan, columns, row, w, count, sc, subject, shown, w.value(shown, value))
    others = [m for m in q.show if m in metrics.AMOUNTS and m != shown and m in columns]
    if not others:
        return said
    more = [f"{w.label(m)}合计{w.value(m, col(columns, row, m))}" if w.zh else
            f"{w.label(m)} totalling {w.value(m, col(columns, row, m))}" for m in others]
    return said[:-1] + ("，" + "，".join(more) + "。" if w.zh else ", and " + ", ".join(more) + ".")


def _summed(plan, columns, row, w, count, sc, subject, shown, text):
    """The sentence of a sum: whose funds, how many, and the amount shown."""
    q = plan.query
    scope = sc.text(w.lang)
    ranked = q.ranking and not q.ranking.sort_only
    if w.zh:
        if sc.only_names and sc.owner == "funds" and not ranked:
            return (f"{sc.names}的{w.label(shown)}为{text}。" if count == 1 else
                    f"{sc.names}共{count}个专项，{w.label(shown)}合计{text}。")
        if scope and not ranked:
            return f"{scope}的专项共{count}个，{w.label(shown)}合计{text}。"
        return f"{subject}，{w.label(shown)}合计{text}。"
    if ranked:
        return f"{subject} {'has' if count == 1 else 'have'} {_combined(shown, text)}."
    if sc.only_names and sc.owner == "funds":
        if count == 1:
            has = "a budget" if shown == "total" else w.label(shown)
            return f"{sc.names} has {has} of {text}."
        return f"{sc.names} ({plural(count, 'fund')}) have {_combined(shown, text)}."
    if sc.names and sc.owner == "departments":
        filters = (" " + ", ".join(sc.filters)) if sc.filters else ""
        return f"{sc.names} {'has' if sc.named == 1 else 'have'} {plural(count, 'fund')}{filters}, " \
               f"with {_combined(shown, text)}."
    if scope:
        return f"there {'is' if count == 1 else 'are'} {plural(count, 'fund')} {scope}, with {_combined(shown, text)}."
    return f"{subject} {'has' if count == 1 else 'have'} {_combined(shown, text)}."


# ------------------------------------------------------------------------------------ departments

def _department_name(columns, row, vocab=None, lang="zh"):
    full = col(columns, row, "department")
    if vocab is not None and full:
        return department_name(vocab, full, lang)
    return col(columns, row, "department_short") or full


def _departments(plan, columns, rows, w, vocab):
    q, metric = plan.query, plan.metric
    names = [_department_name(columns, r, vocab, w.lang) for r in rows]
    named = [w.bracket(n, w.value(metric, col(columns, r, metric), counted=True)) for n, r in zip(names, rows)]
    scope = scope_of(q, w.lang, vocab).text(w.lang)
    ranking = q.ranking
    big = not ranking or ranking.direction == "desc"
    percent_metric = metric in metrics.METRICS and metrics.METRICS[metric].kind == "percent"
    most = ("最高" if big else "最低") if percent_metric else ("最多" if big else "最少")
    if q.people and not ranking:
        return _departments_of_people(q, columns, rows, names, w, vocab)
    if ranking and not ranking.sort_only and ranking.limit is None:
        if _all_zero(columns, rows, metric):
            return _none_of(None, "", names, metric, w, "department")
        if w.zh:
            return f"{w.label(metric)}{most}的部门是{w.join(named, 10)}。"
        many = len(rows) > 1
        return (f"the department{'s' if many else ''} with the {'largest' if big else 'smallest'} {w.label(metric)} "
                f"{'are' if many else 'is'} {w.join(named, 10)}.")
    if ranking and ranking.offset and ranking.limit == 1:
        n, tied = ranking.offset + 1, len(rows) > 1
        if w.zh:
            return f"{w.label(metric)}{'并列' if tied else ''}第{n}{most[1]}的部门是{w.join(named, 10)}。"
        return f"the department{'s' if tied else ''} with the {ordinal(n)} {'largest' if big else 'smallest'} " \
               f"{w.label(metric)} {'are' if tied else 'is'} {w.join(named, 10)}{' (tied)' if tied else ''}."
    if ranking and ranking.limit and not ranking.sort_only:
        if len(rows) == 1:
            return (f"{w.label(metric)}{most}的部门是{named[0]}。" if w.zh else
                    f"the department with the {'largest' if big else 'smallest'} {w.label(metric)} is {named[0]}.")
        if w.zh:
            return f"{w.label(metric)}{most}的{len(rows)}个部门：{w.join(named, 10)}。"
        return (f"the {plural(len(rows), 'department')} with the {'largest' if big else 'smallest'} "
                f"{w.label(metric)}: {w.join(named, 10)}.")
    if (q.funds or q.subset) and "funds" in columns and not ranking:
        return _departments_of_funds(columns, rows, names, w)
    if len(rows) == 1:
        # 市市场监管局预算不足1,000万元的专项共2个: those funds, not all of its funds
        return _one_department(columns, rows[0], names[0], metric, w, scope if q.conditions else "")
    order = ""
    if ranking and ranking.direction == "asc":
        order = "从小到大" if w.zh else ", smallest first"
    if w.zh:
        return f"共{len(rows)}个部门{('（' + scope + '）') if scope else ''}，按{w.label(metric)}{order}：{w.join(named)}。"
    return f"{plural(len(rows), 'department')}{(' (' + scope + ')') if scope else ''}, " \
           f"by {w.label(metric)}{order}: {w.join(named)}."


def _departments_of_funds(columns, rows, names, w):
    """地质灾害防治专项属于市规划自然资源局 / 社会救助专项 is run by the Civil Affairs Bureau (the funds asked about,
    not every fund of the department)."""
    parts = [(col(columns, row, "funds"), name) for row, name in zip(rows, names)]
    if w.zh:
        return "；".join(f"{funds}属于{name}" for funds, name in parts) + "。"
    return "; ".join(f"{funds} {'are' if '、' in str(funds) else 'is'} run by {name}" for funds, name in parts) + "."


def _one_department(columns, row, name, metric, w, scope=""):
    """市民政局共有4个专项，补助区县合计38.37亿元 / The Civil Affairs Bureau has 4 funds, with … (with a scope:
    the department's funds that meet it)."""
    count = col(columns, row, "fund_count")
    if metric == "fund_count" or metric not in columns:
        metric = "total"
    value = w.value(metric, col(columns, row, metric), counted=True)
    amount = metrics.METRICS[metric].kind == "amount" if metric in metrics.METRICS else False
    if w.zh:
        funds = f"{scope}的专项共{count}个" if scope else f"共有{count}个专项"
        return f"{name}{funds}，{w.label(metric)}{'合计' if amount else '为'}{value}。"
    funds = plural(count, "fund") + (f" {scope}" if scope else "")
    if amount:
        return f"{name} has {funds}, with {_combined(metric, value)}."
    return f"{name} has {funds}; their {w.label(metric)}: {value}."


def _departments_of_people(q, columns, rows, names, w, vocab):
    """周佩雯是市民政局4个专项的联系人：… / 周佩雯 is the contact for 4 funds of the Civil Affairs Bureau: …"""
    people = ("、" if w.zh else " and ").join(q.people)
    seqs = sorted({s for p in q.people for s in vocab.people.get(p, [])})
    wanted = {col(columns, r, "department") for r in rows}
    funds = [vocab.fund_name(s) for s in seqs if vocab.funds[s].department in wanted]
    counts = [(n, col(columns, r, "fund_count")) for n, r in zip(names, rows)]
    if w.zh:
        where = "、".join(f"{n}{c}个专项" for n, c in counts)
        return f"{people}是{where}的联系人：{w.join(funds, 10)}。"
    where = " and ".join(f"{plural(c, 'fund')} of {n}" for n, c in counts)
    return f"{people} is the contact for {where}: {w.join(funds, 10)}."


def _department_count(plan, columns, rows, w, vocab):
    row = rows[0]
    departments, funds = col(columns, row, "department_count"), col(columns, row, "fund_count") or 0
    scope = scope_of(plan.query, w.lang, vocab).text(w.lang)
    if w.zh:
        return f"{scope + '，' if scope else ''}共涉及{departments}个主管部门、{funds}个专项。"
    return f"there {'is' if departments == 1 else 'are'} {plural(departments, 'department')}" \
           f"{' (' + scope + ')' if scope else ''}, with {plural(funds, 'fund')}."


def _department_set(plan, columns, rows, w, vocab):
    """预算最多的3个部门（市教委、…）合计530.41亿元，占全部专项预算的比例为35.51%。"""
    row, q = rows[0], plan.query
    names = [department_name(vocab, d, w.lang) for d in (col(columns, row, "departments") or "").split("|") if d]
    big = q.ranking.direction == "desc"
    ranked, total = w.label(q.ranking.metric or "total"), w.amount(col(columns, row, "total"))
    share = w.value(q.share, col(columns, row, q.share))
    if w.zh:
        return f"{ranked}{'最多' if big else '最少'}的{len(names)}个部门（{and_list(names, w.lang)}）合计{total}，" \
               f"{w.label(q.share)}为{share}。"
    return f"the {plural(len(names), 'department')} with the {'largest' if big else 'smallest'} {ranked} " \
           f"({and_list(names, w.lang)}) have {total} together; {w.label(q.share)}: {share}."


def _department_average(plan, columns, rows, w, vocab):
    row = rows[0]
    average, departments = col(columns, row, "average_fund_count"), col(columns, row, "department_count")
    if w.zh:
        return f"{departments}个部门平均每个有{average:.2f}个专项。"
    return f"The {plural(departments, 'department')} have {average:.2f} funds each on average."


# ------------------------------------------------------------------------------------- indicators

def _target(columns, row, alone=False):
    """≥600家, =670元/年, 明显; alone (in a sentence of its own): 670元/年, “明显”."""
    op, target, unit = col(columns, row, "op"), col(columns, row, "target_text"), _unit(columns, row)
    if op == "定性":
        return f"“{target}”" if alone else target
    return f"{'' if alone and op == '=' else op}{target}{unit}"


def _unit(columns, row):
    unit = col(columns, row, "unit")
    return "" if unit in (None, "无") else unit


def _weight(columns, row):
    text = percent(col(columns, row, "weight"))
    return text.replace(".00%", "%")


def _attributes(q, plan):
    """What the question asks to see of each indicator, the target always included."""
    shown = [a for a in INDICATOR_ATTRIBUTES if a in q.show]
    if q.ranking and plan.metric in INDICATOR_ATTRIBUTES and plan.metric not in shown:
        shown.append(plan.metric)
    return shown


def _indicator_name(columns, row, w, attributes=()):
    """新增高新技术企业数量（≥600家，权重11%） / … (≥600家, weight 11%)"""
    parts = [_target(columns, row)]
    if "weight" in attributes:
        parts.append(f"权重{_weight(columns, row)}" if w.zh else f"weight {_weight(columns, row)}")
    if "unit" in attributes and _unit(columns, row):
        parts.append(f"单位：{_unit(columns, row)}" if w.zh else f"unit: {_unit(columns, row)}")
    if "operator" in attributes:
        op = col(columns, row, "op")
        parts.append(f"指标性质：{op}" if w.zh else f"operator: {op}")
    return w.bracket(col(columns, row, "indicator"), ("，" if w.zh else ", ").join(parts))


def _one_indicator(columns, row, attributes, w):
    """就业困难人员就业目标任务完成率的目标值为≥100%，单位% — what was asked of one indicator (its target and
    unit when nothing in particular was)."""
    name, unit = col(columns, row, "indicator"), _unit(columns, row)
    asked = list(attributes) or ["target_value"]
    if asked == ["target_value"] and unit and col(columns, row, "op") != "定性":
        asked.append("unit")
    parts = []          # (zh, en what, en value)
    for a in asked:
        if a == "target_value":
            parts.append(("目标值为" + _target(columns, row, True), "target", _target(columns, row, True)))
        elif a == "unit":
            zh = ("单位" if "target_value" in asked else "计量单位为") + unit if unit else "没有计量单位"
            parts.append((zh, "unit", unit or "none"))
        elif a == "weight":
            parts.append(("权重为" + _weight(columns, row), "weight", _weight(columns, row)))
        elif a == "operator":
            op = col(columns, row, "op")
            parts.append((f"指标性质为“{op}”", "operator", f"“{op}”"))
    if w.zh:
        return f"{name}的" + "，".join(p[0] for p in parts) + "。"
    if [p[1] for p in parts] == ["target", "unit"]:
        return f"the target of {name} is {parts[0][2]} (unit: {parts[1][2]})."
    if len(parts) == 1:
        return f"the {parts[0][1]} of {name} is {parts[0][2]}."
    return f"{name}: " + ", ".join(f"{p[1]} {p[2]}" for p in parts) + "."


def _indicators(plan, columns, rows, w, vocab):
    q = plan.query
    attributes = _attributes(q, plan)
    funds = list(dict.fromkeys(col(columns, r, "fund") for r in rows))
    named = [_indicator_name(columns, r, w, attributes) for r in rows]
    kind = _indicator_kind(q, w)
    ranking = q.ranking
    if len(rows) == 1 and not ranking and (q.indicators.names or attributes):
        return _one_indicator(columns, rows[0], attributes, w)
    if ranking and not ranking.sort_only and ranking.limit is None:
        key = plan.metric
        value = col(columns, rows[0], key)
        big = ranking.direction == "desc"
        if len(rows) == 1:
            return (f"{w.label(key)}{'最高' if big else '最低'}的指标是{named[0]}。" if w.zh else
                    f"the indicator with the {'highest' if big else 'lowest'} {w.label(key)} is {named[0]}.")
        if w.zh:
            return f"{w.label(key)}{'最高' if big else '最低'}（{w.value(key, value)}）的指标共{len(rows)}个：" \
                   f"{w.join(named)}。"
        return f"{plural(len(rows), 'indicator')} with the {'highest' if big else 'lowest'} " \
               f"{w.label(key)} ({w.value(key, value)}): {w.join(named)}."
    if ranking and ranking.limit and not ranking.sort_only:
        big = ranking.direction == "desc"
        if w.zh:
            return f"{w.label(plan.metric)}{'最高' if big else '最低'}的{len(rows)}个{kind}指标：{w.join(named, 10)}。"
        return f"the {indicators(q, 'en', len(rows))} with the " \
               f"{'highest' if big else 'lowest'} {w.label(plan.metric)}: {w.join(named, 10)}."
    if w.zh:
        where = funds[0] if len(funds) == 1 else f"{len(funds)}个专项"
        return f"{where}共有{len(rows)}个{kind}指标：{w.join(named)}。"
    counted = indicators(q, "en", len(rows))
    if len(funds) == 1:
        return f"{funds[0]} has {counted}: {w.join(named)}."
    return f"{counted} in {plural(len(funds), 'fund')}: {w.join(named)}."


def _indicator_kind(q, w):
    return describe(q, w.lang, None, indicators_only=True)


def _indicator_total(plan, columns, rows, w, vocab):
    q, row = plan.query, rows[0]
    kind = _indicator_kind(q, w)
    sc = scope_of(q, w.lang, vocab, funds_only=True)
    scope = sc.text(w.lang)
    metric = plan.metric
    if metric == "indicator_share":
        value = percent(col(columns, row, "indicator_share"))
        return f"{kind}指标占{scope + '的' if scope else ''}全部指标的{value}。" if w.zh else \
            f"{indicators(q, 'en') if kind else 'These indicators'} are {value} of all indicators" \
            f"{' ' + scope if scope else ''}."
    if metric == "average_indicator_count":
        value = col(columns, row, metric)
        if w.zh:
            owner = (sc.names if sc.only_names else f"{scope}的专项") if scope else ""
            return f"{owner}平均每个专项有{value:.2f}个{kind}指标。"
        return f"on average, each fund{' ' + scope if scope else ''} has {value:.2f} {indicators(q, 'en')}."
    if metric.startswith(("max_", "min_")):
        return _best_value(q, metric, columns, row, kind, scope, sc, w)
    if metric.startswith("average_") or metric.startswith("sum_"):
        base = metric.split("_", 1)[1]
        value = col(columns, row, metric)
        text = w.value(base, value)
        word = ("平均" if metric.startswith("average_") else "合计") if w.zh else \
            ("average" if metric.startswith("average_") else "total")
        if w.zh:
            owner = (sc.names if sc.only_names else f"{scope}的专项") if scope else ""
            return f"{owner}{kind}指标的{w.label(base)}{word}为{text}。"
        return f"the {word} {w.label(base)} of {indicators(q, 'en')}" \
               f"{' ' + scope if scope else ''} is {text}."
    count, funds = col(columns, row, "indicator_count"), col(columns, row, "fund_count")
    core, other = col(columns, row, "core_count") or 0, col(columns, row, "non_core_count") or 0
    one_fund = sc.only_names and sc.owner == "funds" and sc.named == 1
    split = q.indicators.core is None      # core / non-core said only when not asked for one of them
    if w.zh:
        owner = (sc.names if sc.only_names else f"{scope}的专项") if scope else ""
        spread = "" if one_fund else f"，分布在{funds}个专项中"
        return f"{owner}共有{count}个{kind}指标{spread}" + (f"（核心{core}个、非核心{other}个）。" if split else "。")
    counted = indicators(q, "en", count)
    split = f"({core} core, {other} non-core)" if split else ""
    split = " " + split if split else ""
    if one_fund:
        return f"{sc.names} has {counted}{split}."
    if sc.only_names:
        return f"{sc.names} {'has' if sc.named == 1 else 'have'} {counted} across {plural(funds, 'fund')}{split}."
    return f"there {'is' if count == 1 else 'are'} {counted}{' ' + scope if scope else ''} " \
           f"across {plural(funds, 'fund')}{split}."


def _best_value(q, metric, columns, row, kind, scope, sc, w):
    """权重最高为20.00%（3个指标：…）."""
    highest, base = metric.split("_", 1)
    value, count = w.value(base, col(columns, row, metric)), col(columns, row, "indicator_count")
    names = w.join(str(col(columns, row, "indicators")).split("、"))
    if w.zh:
        owner = (sc.names if sc.only_names else f"{scope}的专项") if scope else ""
        return f"{owner + '的' if owner else ''}{kind}指标的{w.label(base)}{'最高' if highest == 'max' else '最低'}为{value}（共{count}个：{names}）。"
    return f"the {'highest' if highest == 'max' else 'lowest'} {w.label(base)} of {indicators(q, 'en')}" \
           f"{' ' + scope if scope else ''} is {value} ({count}: {names})."


def _indicator_groups(plan, columns, rows, w, vocab):
    first = rows[0]
    department = col(columns, first, "department")
    key = col(columns, first, "name") or (w.department(vocab, department) if department else None)
    count = col(columns, first, "indicator_count")
    core, other = col(columns, first, "core_count") or 0, col(columns, first, "non_core_count") or 0
    if len(rows) == 1 and plan.query.indicators.empty():
        if w.zh:
            return f"{key}共有{count}个指标（核心{core}个、非核心{other}个）。"
        return f"{key} has {plural(count, 'indicator')} ({core} core, {other} non-core)."
    if len(rows) == 1:
        return f"{key}共有{indicators(plan.query, 'zh', count)}。" if w.zh else \
            f"{key} has {indicators(plan.query, 'en', count)}."
    thing = "部门" if department else "专项"
    noun_zh, noun_en = indicators(plan.query, "zh"), indicators(plan.query, "en")
    if len(rows) <= 6:      # each one's count: 口岸物流发展专项6个核心指标、政务数字化应用专项5个核心指标
        each = [(col(columns, row, "name") or w.department(vocab, col(columns, row, "department")),
                 col(columns, row, "indicator_count")) for row in rows]
        if w.zh:
            return f"共{len(rows)}个{thing}：" + "、".join(f"{k}{indicators(plan.query, 'zh', n)}" for k, n in each) + "。"
        return "; ".join(f"{k}: {indicators(plan.query, 'en', n)}" for k, n in each) + "."
    if w.zh:
        return f"共{len(rows)}个{thing}，{noun_zh}最多的是{key}（{count}个）。"
    return f"of {plural(len(rows), 'department' if department else 'fund')}, {key} has the most {noun_en} " \
           f"({count})."


# --------------------------------------------------------------------------------------- contacts

def _contacts(plan, columns, rows, w, vocab):
    q, metric = plan.query, plan.metric
    sc = scope_of(q, w.lang, vocab)
    scope = sc.text(w.lang)
    amount = metric in metrics.AMOUNTS

    def person(row):
        who, phone, funds = col(columns, row, "contact"), col(columns, row, "phone"), col(columns, row, "fund_count")
        extra = (f"{w.label(metric)}合计{w.value(metric, col(columns, row, metric))}" if w.zh else
                 f"{w.label(metric)} {w.value(metric, col(columns, row, metric))}") if amount else \
            w.value("fund_count", funds, counted=True)
        return w.bracket(who, f"{phone}{'，' if w.zh else ', '}{extra}")

    people = [person(r) for r in rows]
    ranking = q.ranking
    if ranking and not ranking.sort_only:
        big = ranking.direction == "desc"
        if w.zh:
            what = f"负责的{w.label(metric)}合计" if amount else "负责的专项"
            return f"{what}{'最多' if big else '最少'}的联系人是{w.join(people, 8)}。"
        what = f"{w.label(metric)}" if amount else "number of funds"
        return f"the contact{'s' if len(rows) > 1 else ''} with the {'largest' if big else 'smallest'} {what} " \
               f"{'are' if len(rows) > 1 else 'is'} {w.join(people, 8)}."
    if len(rows) == 1 and sc.only_names and sc.owner == "funds":
        row = rows[0]
        who, phone = col(columns, row, "contact"), col(columns, row, "phone")
        return f"{sc.names}的联系人是{who}，电话{phone}。" if w.zh else \
            f"the contact for {sc.names} is {who}, phone {phone}."
    if q.people and len(rows) == 1:
        row = rows[0]
        who, phone, funds = col(columns, row, "contact"), col(columns, row, "phone"), col(columns, row, "fund_count")
        listed = (col(columns, row, "funds") or "").split("、")
        total_metric = metric if amount else "total"
        value = w.value(total_metric, col(columns, row, total_metric))
        if w.zh:
            return f"{who}（{phone}）负责{funds}个专项，{w.label(total_metric)}合计{value}：{w.join(listed)}。"
        return f"{who} ({phone}) is the contact for {plural(funds, 'fund')}, with {_combined(total_metric, value)}: " \
               f"{w.join(listed)}."
    if len(rows) == 1:
        return _the_contact(q, columns, rows[0], scope, w)
    if w.zh:
        return f"{scope + '的' if scope else ''}联系人共{len(rows)}位：{w.join(people, 8)}。"
    return f"{plural(len(rows), 'contact')}{' for funds ' + scope if scope else ''}: {w.join(people, 8)}."


def _the_contact(q, columns, row, scope, w):
    """市卫生健康委专项的联系人是黄尉恒，电话67706712，负责4个专项 / 电话63899705的联系人是张文莉（负责2个专项）."""
    who, phone, funds = col(columns, row, "contact"), col(columns, row, "phone"), col(columns, row, "fund_count")
    if w.zh:
        if q.phones and not scope:
            return f"电话{phone}的联系人是{who}（负责{funds}个专项）。"
        return f"{scope + '专项的' if scope else ''}联系人是{who}，电话{phone}，负责{funds}个专项。"
    if q.phones and not scope:
        return f"the contact with phone {phone} is {who} ({plural(funds, 'fund')})."
    return f"the contact{' for the funds ' + scope if scope else ''} is {who}, phone {phone} ({plural(funds, 'fund')})."


def _contact_count(plan, columns, rows, w, vocab):
    row = rows[0]
    people, phones, funds = (col(columns, row, c) for c in ("contact_count", "phone_count", "fund_count"))
    scope = scope_of(plan.query, w.lang, vocab).text(w.lang)
    if w.zh:
        return f"{scope + '的' if scope else ''}{funds}个专项共有{people}位联系人、{phones}个不同的联系电话。"
    return f"{plural(funds, 'fund')}{' ' + scope if scope else ''} list {plural(people, 'contact')} " \
           f"and {plural(phones, 'distinct phone number')}."


# ------------------------------------------------------------------------------------ comparisons

def _entity(vocab, entity, lang="zh"):
    kind, value = entity
    return department_name(vocab, value, lang) if kind == "department" else vocab.fund_name(value)


def _of(owner, what):
    """Chinese possessive: 市水利局的预算, 市水利局占全部专项预算的比例 (no 的 before 占)."""
    return f"{owner}{'' if what.startswith('占') else '的'}{what}"


def _comparison(plan, columns, rows, w, vocab):
    c, row = plan.query.compare, rows[0]
    metric = plan.metric
    a, b = col(columns, row, f"first_{metric}"), col(columns, row, f"second_{metric}")
    if c.other:
        return _column_gap(c, a, b, w, vocab)
    first, second = (_entity(vocab, e, w.lang) for e in c.entities[:2])
    counts = metric in metrics.METRICS and metrics.METRICS[metric].kind == "count"
    va, vb = w.value(metric, a, counted=True), w.value(metric, b, counted=True)
    name = w.label(metric)
    if c.kind == "difference":
        gap = col(columns, row, f"difference_{metric}")
        more = gap >= 0 or c.absolute
        text = w.value(metric, abs(gap), counted=True)
        if w.zh:
            both = f"{first}有{va}，{second}有{vb}" if counts else f"{first}{name}{va}，{second}{vb}"
            if not gap:
                return f"{both}，两者相同。"
            return f"{both}，" + (f"相差{text}。" if c.absolute else f"{first}比{second}{'多' if more else '少'}{text}。")
        both = f"{first} has {va} and {second} has {vb}" if counts else \
            f"{first}'s {name} is {va} and {second}'s is {vb}"
        if not gap:
            return f"{both}: the same."
        return f"{both}: " + (f"a difference of {text}." if c.absolute else
                              f"{first} has {text} {'more' if more else 'less'} than {second}.")
    if c.kind == "ratio":
        ratio = col(columns, row, f"ratio_{metric}")
        return (f"{_of(first, name)}（{va}）是{second}（{vb}）的{ratio:.2f}倍。" if w.zh else
                f"{first}'s {name} ({va}) is {ratio:.2f} times {second}'s ({vb}).")
    share = percent(col(columns, row, f"percent_{metric}"))
    return (f"{_of(first, name)}（{va}）相当于{second}（{vb}）的{share}。" if w.zh else
            f"{first}'s {name} ({va}) is {share} of {second}'s ({vb}).")


def _column_gap(c, a, b, w, vocab):
    """农业产业发展专项：补助区县5.51亿元，市级支出1.46亿元，补助区县比市级支出多4.05亿元。"""
    name = _entity(vocab, c.entities[0], w.lang)
    first, second = w.label(c.metric), w.label(c.other)
    gap, more = abs(a - b), a >= b
    if c.kind == "ratio" and len(c.entities) == 1:
        times = f"{a / b:.2f}" if b else None
        if w.zh:
            return f"{name}：{first}{w.value(c.metric, a)}，{second}{w.value(c.other, b)}，" + \
                (f"{first}是{second}的{times}倍。" if times else f"{second}为0，无法计算倍数。")
        return f"{name}: {first} {w.value(c.metric, a)}, {second} {w.value(c.other, b)}; " + \
            (f"{first} is {times} times {second}." if times else f"{second} is 0: no ratio.")
    if len(c.entities) >= 2 and c.entities[1] != c.entities[0]:     # A's city spending against B's budget
        other = _entity(vocab, c.entities[1], w.lang)
        if w.zh:
            return (f"{_of(name, first)}{w.value(c.metric, a)}，{_of(other, second)}{w.value(c.other, b)}，"
                    f"前者比后者{'多' if more else '少'}{w.value(c.metric, gap)}。")
        return (f"{name}'s {first} is {w.value(c.metric, a)} and {other}'s {second} is {w.value(c.other, b)}: "
                f"{w.value(c.metric, gap)} {'more' if more else 'less'}.")
    if w.zh:
        return (f"{name}：{first}{w.value(c.metric, a)}，{second}{w.value(c.other, b)}，"
                f"{first}比{second}{'多' if more else '少'}{w.value(c.metric, gap)}。")
    return (f"{name}: {first} {w.value(c.metric, a)}, {second} {w.value(c.other, b)}; "
            f"{first} is {w.value(c.metric, gap)} {'more' if more else 'less'} than {second}.")


def _comparison_pick(plan, columns, rows, w, vocab):
    c, row = plan.query.compare, rows[0]
    metric = plan.metric

    def name(r):
        return col(columns, r, "name") or _department_name(columns, r, vocab, w.lang)

    value = w.value(metric, col(columns, row, metric), counted=True)
    bigger = c.kind == "larger"
    counts = metric in metrics.METRICS and metrics.METRICS[metric].kind == "count"
    if len(rows) > 1:
        names = [name(r) for r in rows]
        return (f"{'、'.join(names)}的{w.label(metric)}相同，都是{value}。" if w.zh else
                f"{' and '.join(names)} have the same {w.label(metric)}: {value} each.")
    if w.zh:
        more = ("更多" if bigger else "更少") if counts else ("更大" if bigger else "更小")
        return f"{w.label(metric)}{more}的是{name(row)}（{value}）。"
    return f"{name(row)} has the {'larger' if bigger else 'smaller'} {w.label(metric)} ({value})."
