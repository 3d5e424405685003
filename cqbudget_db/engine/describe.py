"""The query's selection said in words, for answer sentences: 市教委、预算超过10亿元."""

from dataclasses import dataclass, field

from .. import metrics

OPS = {
    "zh": {">": "超过", ">=": "不少于", "<": "不足", "<=": "不超过", "=": "为", "!=": "不为"},
    "en": {">": "over", ">=": "at least", "<": "under", "<=": "at most", "=": "of", "!=": "not"},
}
PROPERTIES = {("core", True): ("核心", "core"), ("core", False): ("非核心", "non-core"),
              ("qualitative", True): ("定性", "qualitative"), ("qualitative", False): ("定量", "quantitative")}


def department_name(vocab, name, lang):
    """市教委 in Chinese, the Education Commission in English."""
    if lang == "en" and vocab.english_names.get(name):
        return "the " + vocab.english_names[name]
    return vocab.short(name)


def label(metric, lang):
    return metrics.label(metric, lang)


def and_list(items, lang):
    """市教委、市交通局 / the Education Commission and the Transport Bureau / A, B and C."""
    items = list(items)
    if lang == "zh":
        return "、".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(n):
    """second, third … tenth; #11 beyond."""
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    return words[n - 1] if 1 <= n <= len(words) else f"#{n}"


def plural(n, noun):
    """1 fund, 2 funds, 1 indicator, 3 departments, 2 phone numbers."""
    n = int(n or 0)
    if n == 1:
        return f"1 {noun}"
    words = noun.split(" ")
    last = words[-1]
    words[-1] = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else \
        last + "es" if last.endswith(("s", "x", "ch", "sh")) else last + "s"
    return f"{n} {' '.join(words)}"


def _value(metric, value, lang):
    """A threshold as people write it: 10亿元, 500万元, 90% (no trailing zeros)."""
    text = metrics.say(metric, value, lang)
    return text.replace(".00", "")


def _condition(c, lang, vocab=None):
    name = label(c.metric, lang)
    if c.other:
        factor = "" if c.factor == 1 else (f"{c.factor:g}倍" if lang == "zh" else f"{c.factor:g} times ")
        other = label(c.other, lang)
        if c.value:
            gap = _value(c.metric, c.value, lang)
            return f"{name}比{other}多出{gap}{'以上' if c.op == '>=' else ''}" if lang == "zh" else \
                f"{name} {OPS[lang][c.op]} {other} by {gap}"
        return f"{name}{OPS[lang][c.op]}{other}{factor}" if lang == "zh" else f"{name} {OPS[lang][c.op]} {factor}{other}"
    if c.ref_department is not None:
        other = vocab.short(c.ref_department) if vocab is not None else c.ref_department
        if c.reference == "average":
            other = department_name(vocab, c.ref_department, lang) if vocab is not None else other
            return f"{name}{OPS[lang][c.op]}{other}专项的平均值" if lang == "zh" else \
                f"{name} {OPS[lang][c.op]} the average fund of {other}"
        return f"{name}{OPS[lang][c.op]}{other}" if lang == "zh" else f"{name} {OPS[lang][c.op]} that of {other}"
    if c.ref_fund is not None:
        fund = vocab.fund_name(c.ref_fund) if vocab is not None else str(c.ref_fund)
        return f"{name}{OPS[lang][c.op]}{fund}" if lang == "zh" else f"{name} {OPS[lang][c.op]} that of {fund}"
    if c.reference == "average":
        where = ("本部门" if lang == "zh" else "its department's ") if c.ref_scope == "department" else ""
        return f"{name}{OPS[lang][c.op]}{where}平均值" if lang == "zh" else f"{name} {OPS[lang][c.op]} {where}average"
    if c.op == "between":
        low, high = _value(c.metric, c.value, lang), _value(c.metric, c.high, lang)
        return f"{name}在{low}至{high}之间" if lang == "zh" else f"{name} between {low} and {high}"
    if c.value == 0 and c.op in ("=", ">"):
        if lang == "zh":
            return f"{'无' if c.op == '=' else '有'}{name}"
        return f"{'with no' if c.op == '=' else 'with'} {name}"
    prefix = ("平均" if lang == "zh" else "average ") if c.aggregate == "avg" else ""
    value = _value(c.metric, c.value, lang)
    return f"{prefix}{name}{OPS[lang][c.op]}{value}" if lang == "zh" else f"{prefix}{name} {OPS[lang][c.op]} {value}"


@dataclass
class Scope:
    """The selection in parts: what is named (funds or departments) and what filters the rows."""
    names: str = ""            # 社会救助专项 / 市教委、市卫生健康委 / the Education Commission
    owner: str = ""            # funds | departments | "" (what names names)
    named: int = 0             # how many funds or departments are named
    filters: list = field(default_factory=list)

    @property
    def only_names(self):
        """Nothing but named funds or departments: 社会救助专项的…, 市教委的…"""
        return bool(self.names) and not self.filters

    def text(self, lang):
        """The whole selection as one phrase: 市教委预算超过1亿元 / of the Education Commission, with …"""
        if lang == "zh":
            return self.names + "、".join(self.filters)
        parts = ([self.names if self.owner == "funds" else f"of {self.names}"] if self.names else []) + self.filters
        return ", ".join(parts)


def _top_set(top, lang, zh_word, en_word):
    """预算最大的10个专项中 / among the 10 funds with the largest budget (以外 / leaving out …)."""
    most = ("最大" if top.direction == "desc" else "最小") if lang == "zh" else \
        ("largest" if top.direction == "desc" else "smallest")
    name = label(top.metric or "total", lang)
    return f"{name}{most}的{top.limit}个专项{zh_word}" if lang == "zh" else \
        f"{en_word} the {top.limit} funds with the {most} {name}"


def scope(q, lang, vocab, funds_only=False):
    """The selection of funds a query makes, in parts (see Scope)."""
    out = Scope()
    if q.funds and len(q.funds) <= 3 and not q.ambiguous:
        out.names = and_list((vocab.fund_name(s) for s in q.funds), lang)
        out.owner, out.named = "funds", len(q.funds)
    elif q.departments:
        out.names = and_list((department_name(vocab, d, lang) for d in q.departments), lang)
        out.owner, out.named = "departments", len(q.departments)
    if q.exclude_departments:
        names = ("、" if lang == "zh" else ", ").join(department_name(vocab, d, lang) for d in q.exclude_departments)
        out.filters.append(f"{names}以外" if lang == "zh" else f"outside {names}")
    if q.people:
        out.filters.append(f"联系人为{'、'.join(q.people)}" if lang == "zh" else f"with contact {', '.join(q.people)}")
    if q.exclude_funds:
        names = ("、" if lang == "zh" else ", ").join(vocab.fund_name(s) for s in q.exclude_funds[:3])
        out.filters.append(f"{names}以外" if lang == "zh" else f"other than {names}")
    if q.top is not None:
        out.filters.append(_top_set(q.top, lang, "中", "among"))
    if q.left_out is not None:
        out.filters.append(_top_set(q.left_out, lang, "以外", "leaving out"))
    for t in q.texts:
        out.filters.append(f"提到“{t.term}”" if lang == "zh" else f"mentioning “{t.term}”")
    for c in q.conditions + q.group_conditions:
        text = _condition(c, lang, vocab)
        out.filters.append(text if lang == "zh" or text.startswith("with") else "with " + text)
    if q.has_indicator is not None and not funds_only:
        kind = _indicator_kind(q, lang)
        if lang == "zh":
            out.filters.append(f"{'有' if q.has_indicator else '没有'}{kind}指标")
        else:
            out.filters.append(f"{'with' if q.has_indicator else 'without'} {indicators(q, lang)}")
    if q.mobile:
        out.filters.append("联系电话为手机号" if lang == "zh" else "with a mobile phone number")
    out.filters = list(dict.fromkeys(out.filters))     # a condition read twice is said once
    return out


def describe(q, lang, vocab, indicators_only=False, funds_only=False):
    """The selection as a phrase in the question's language ('' when nothing is selected)."""
    if indicators_only:
        return _indicator_kind(q, lang)
    return scope(q, lang, vocab, funds_only).text(lang)


def indicators(q, lang, n=None):
    """The indicators a query is about, as a noun: 核心指标 / “≤”型指标; core indicators, 23 indicators in 亿元,
    1 qualitative indicator named like “满意”."""
    if lang == "zh":
        return f"{n if n is not None else ''}{'个' if n is not None else ''}{_indicator_kind(q, lang)}指标"
    spec = q.indicators
    before = [PROPERTIES[(k, getattr(spec, k))][1] for k in ("core", "qualitative") if getattr(spec, k) is not None]
    if spec.ops:
        before.append(f"“{'/'.join(spec.ops)}”")
    after = ([f"in {', '.join(spec.units)}"] if spec.units else []) + [f"named like “{t}”" for t in spec.name_terms]
    after += [f"with {_condition(c, lang)}" for c in spec.conditions]
    after += [f"with target “{t}”" for t in spec.target_texts]
    noun = " ".join(before + ["indicator"])
    noun = plural(n, noun) if n is not None else noun + "s"
    return " ".join([noun] + after)


def _indicator_kind(q, lang):
    """zh: what is said of the indicators, then their kind: 单位为分、名称含“满意度”的核心指标."""
    spec = q.indicators
    words = [PROPERTIES[(k, getattr(spec, k))][0 if lang == "zh" else 1]
             for k in ("core", "qualitative") if getattr(spec, k) is not None]
    if spec.ops:
        words.append(("“" + "、".join(spec.ops) + "”型") if lang == "zh" else f"“{'/'.join(spec.ops)}”")
    conditions = [_condition(c, lang) for c in spec.conditions] + \
        [f"指标值为“{t}”" if lang == "zh" else f"target “{t}”" for t in spec.target_texts]
    if lang == "zh":
        clauses = conditions + [f"单位为{'、'.join(spec.units)}"] * bool(spec.units) + \
            [f"名称含“{term}”" for term in spec.name_terms]
        return ("、".join(clauses) + "的") * bool(clauses) + "".join(words)
    if spec.units:
        words.append(f"in {', '.join(spec.units)}")
    words += [f"named like “{term}”" for term in spec.name_terms]
    return " ".join(words + [f"with {c}" for c in conditions])
