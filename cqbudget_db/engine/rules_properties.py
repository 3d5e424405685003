"""Rules for the properties of indicators asked about: core / qualitative, the operator, the unit,
the written target; and mobile numbers and "the others" of funds already named."""

from .reader import first

PROPERTY = {"core": ("core", True), "non_core": ("core", False), "qualitative": ("qualitative", True),
            "quantitative": ("qualitative", False)}


def indicator_properties(r):
    """核心指标有哪些 / 非核心指标 / 定性指标 / 定量指标 / 没有定性指标的专项 → the indicators' kind (or funds without one)."""
    q = r.query
    kinds = {r.spans[i].sense("indicator_attr") for i in r.all("indicator_attr")}
    asked_whether = bool(q.indicators.names) and (bool(r.all("ask", "whether", free=False)) or any(
        r.spans[i].text.startswith("不是") and r.spans[i - 1].text.endswith("是") for i in r.all("indicator_attr") if i))
    for i in r.all("indicator_attr"):
        kind = r.spans[i].sense("indicator_attr")
        if kind not in PROPERTY:
            continue
        among = _breakdown(r, i, kind)
        if among is not None:           # 其中 / of those: inside this question, not the last answer
            r.spans[among].kind, r.spans[among].value, r.spans[among].senses = "function", "fn", []
        if asked_whether or {"core", "non_core"} <= kinds or {"qualitative", "quantitative"} <= kinds \
                or among is not None:
            r.take(i, meaning=f"显示：{kind}")
            continue
        name, value = PROPERTY[kind]
        negation = r.before(i, "negation", reach=2)
        setattr(q.indicators, name, value)
        label = {"core": "核心指标", "non_core": "非核心指标", "qualitative": "定性指标", "quantitative": "定量指标"}[kind]
        if negation is not None and _funds_asked(r):
            q.has_indicator = False
            r.take(i, negation, meaning=f"没有{label}")
        else:
            r.take(i, meaning=label)


def _breakdown(r, i, kind):
    """有多少个指标，其中核心指标几个: a count of all indicators, then of its core ones (a column of that count);
    the index of 其中, or None."""
    among = r.neighbour(i, -1)
    if among is not None and r.spans[among].kind == "ask" and among > 0:
        among = among - 1                               # how many of those are core
    found = kind in ("core", "non_core") and among is not None and r.spans[among].has("followup", "among") and any(
        r.spans[j].has("aggregate", "count") and any(r.spans[k].has("noun") for k in range(j + 1, among))
        for j in range(among))      # how many of those are core: of the last answer, no count of its own before
    return among if found else None


def _funds_asked(r):
    return any(r.spans[j].has("noun", "funds") for j in range(len(r.spans)))


def operators(r):
    """指标性质为“≤” / ≥ 型指标 / indicators with a strict greater-than target → the operator."""
    context = r.all("indicator_attr", "operator", free=False) + r.all("noun", "indicators", free=False)
    for i in r.all("operator_symbol"):
        if not context and not r.spans[i].sense("quoted"):
            continue
        op = r.spans[i].sense("operator_symbol")
        r.query.indicators.ops.append(op)
        r.take(i, meaning=f"指标性质 = {op}")
    for i in r.all("indicator_attr", "operator"):
        if r.query.indicators.ops:
            r.take(i)


def _unit_neighbours(r, i):
    """The spans on either side of a unit word, past 为 / 是 / is / in / 以 / as the."""
    for step in (1, -1):
        j = i + step
        while 0 <= j < len(r.spans) and r.spans[j].text in r.vocab.lists["unit_fillers"]:
            j += step
        if 0 <= j < len(r.spans):
            yield j


def _longest_unit(r, j, step):
    """元/人年: a unit the tokenizer split into pieces, joined back when the document has it."""
    pieces, best = [], None
    k = j
    while 0 <= k < len(r.spans) and len(pieces) < 5 and not r.is_break(k) and r.free(k):
        pieces.append(k)
        ordered = sorted(pieces)
        written = r.reading.text[r.spans[ordered[0]].start:r.spans[ordered[-1]].end]
        if written in r.vocab.units:
            best = (written, ordered)
        k += step
    return best


def units(r):
    """计量单位是天的指标 / 以分钟为计量单位的指标 / indicators measured in 亿元 / measured in days → the unit."""
    for i in r.all("indicator_attr", "unit"):
        for j in _unit_neighbours(r, i):
            if j is None or r.used[j]:
                continue
            span = r.spans[j]
            written = span.sense("quoted") or (span.value if span.kind == "gloss" else span.text)
            written = {"percent": "%", "百分比": "%", "百分号": "%"}.get(written, written)
            longer = _longest_unit(r, j, 1 if j > i else -1)
            if written in r.vocab.units and not (longer and len(longer[1]) > 1):   # 元, unless 元/人年
                r.query.indicators.units.append(written)
                r.take(i, j, meaning=f"计量单位 = {written}")
                _not_a_noun(r.spans[i])       # 以亿元为单位: 单位 is the unit, not 单位 = a department
                break
            if longer:
                r.query.indicators.units.append(longer[0])
                r.take(i, *longer[1], meaning=f"计量单位 = {longer[0]}")
                _not_a_noun(r.spans[i])
                break


def _not_a_noun(span):
    if span.kind == "noun":
        span.kind, span.value = "indicator_attr", "unit"
    span.senses = [s for s in span.senses if s[0] != "noun"]


def same_contact(r):
    """学生资助专项的联系人还负责哪些专项 / 这个专项的联系人还负责别的专项吗 → the other funds of that fund's contact."""
    q = r.query
    contact = [i for i in r.all("field", "contact") if r.spans[i].text in ("联系人", "contact", "contact person")]
    other = r.all("other")
    if len(q.funds) != 1 or q.people or not contact or not other or other[0] < contact[0] or \
            not any(s.has("noun", "funds") for s in r.spans[other[0]:]):
        return
    fund = q.funds[0]
    person = next((p for p, seqs in r.vocab.people.items() if fund in seqs), None)
    if person is None:
        return
    q.people, q.funds = [person], []
    q.exclude_funds.append(fund)
    r.take(contact[0], *other, meaning=f"联系人 = {person}（不含{r.vocab.fund_name(fund)}）")
    r.reading.understood = [(t, m) for t, m in r.reading.understood if m != f"专项 = {r.vocab.fund_name(fund)}"] + \
        [(r.vocab.fund_name(fund), f"{r.vocab.fund_name(fund)}的联系人")]


def others(r):
    """教委还有别的专项吗 / 除了城市提升专项，住建委其余几个专项 → in a follow-up, the ones already answered
    are left out; before any answer, all of them (还有别的) or what the exclusion leaves. Other words of
    "other" with nothing to set apart (联系人还负责别的专项) stay unread."""
    for i in r.all("other"):
        focus = r.state.focus if r.state else None
        answered = list(dict.fromkeys(r.state.funds)) if r.state else []
        if focus and focus[0] == "fund":
            talked = [v for k, v in r.state.mentioned if k == "fund" and v in r.vocab.funds and
                      r.vocab.funds[v].department in r.query.departments]     # 农委剩下那几个: not those talked about
            left = list(dict.fromkeys([focus[1]] + talked))
            r.query.exclude_funds += [s for s in left if s not in r.query.exclude_funds]
            r.take(i, meaning="不含" + "、".join(r.vocab.fund_name(s) for s in left))
        elif focus and 0 < len(answered) <= 3:      # this person's / this department's other funds
            r.query.exclude_funds += [s for s in answered if s not in r.query.exclude_funds]
            r.take(i, meaning="不含" + "、".join(r.vocab.fund_name(s) for s in answered))
        elif r.spans[i].sense("function") is not None or r.all("exclude", free=False) or \
                not r.state and i and r.spans[i - 1].text in ("还有", "有"):
            r.take(i)       # 除了X，其余的… / 教委还有别的专项吗: the rest, or all of them when nothing was answered yet


def mobiles(r):
    """哪些专项留的是手机号 / funds with a mobile number → an 11-digit phone."""
    for i in r.all("field", "mobile"):
        r.query.mobile = True
        r.take(i, meaning="手机号（11位）")
        number = first(r.before(i, "number", reach=1), r.after(i, "number", reach=1))   # 手机号码（11位）
        if number is not None and r.spans[number].value.value == 11:
            r.take(number)


def target_texts(r):
    """定性指标中指标值写的是“是” → the indicator's written target."""
    for i in r.all("indicator_attr", "target"):
        j = r.neighbour(i, 1)
        if j is not None and r.spans[j].kind == "quoted" and not r.used[j]:
            r.query.indicators.target_texts.append(r.spans[j].value)
            r.take(i, j, meaning=f"指标值 = “{r.spans[j].value}”")
