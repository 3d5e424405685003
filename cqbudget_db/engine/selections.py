"""One of the last answer's rows, picked by a comparison or a place: 钱多的那个 / 金额小的那个专项 /
the bigger one / 排第一的那个 / the top one.

Read before the pronouns are resolved, so that 那个 / one is the row picked, not "it".  The
comparison is made on the document's own amounts (the vocabulary has them); a tie picks
nothing, and the pronoun is then left to be resolved or refused as usual.
"""

SELECTORS = ("那个", "那一个", "那个专项", "那家", "那个部门", "那个联系人", "one")
DIRECTIONS = {"max": "max", "min": "min"}
AMOUNTS = ("total", "city_spend", "district_subsidy")


def selected_ones(r, state):
    """钱多的那个联系人是谁 / 金额小的那个有哪些核心指标 / Who's the contact for the bigger one / 排第一的那个联系人
    → the one fund (or department) of the last answer these words pick."""
    rows = _rows(state)
    if len(rows) < 2:
        return
    for i, span in enumerate(r.spans):
        if not r.free(i):
            continue
        found = _by_place(r, i, rows) or _by_comparison(r, i, rows) or _by_word(r, i, rows)
        if found is None:
            continue
        (kind, value), taken = found
        _pick(r, kind, value, taken)


def _rows(state):
    """The rows of the latest answer that had two or more (funds or departments), in order."""
    if state is None:
        return []
    rows = list(dict.fromkeys(tuple(row) for row in state.choices if row[0] in ("fund", "department")))
    kinds = {kind for kind, _ in rows}
    return rows if len(kinds) == 1 else []


def _by_place(r, i, rows):
    """排第一的那个 / the top one: the row at that place."""
    span = r.spans[i]
    if span.has("rank_nth") and i + 1 < len(r.spans) and r.spans[i + 1].kind == "number":
        place, end = int(r.spans[i + 1].value.value), i + 1
    elif span.has("superlative", "max") and span.text in ("the top", "top") and i + 1 < len(r.spans) \
            and r.spans[i + 1].text == "one":
        place, end = 1, i + 1
    else:
        return None
    selector = _selector_after(r, end)
    if not 1 <= place <= len(rows) or (selector is None and r.spans[end].text != "one"):
        return None
    return rows[place - 1], list(range(i, (selector if selector is not None else end) + 1))


def _by_comparison(r, i, rows):
    """(金额)小的那个 / 钱多的那个 / the bigger one: the row with the most (or least) of a column."""
    span = r.spans[i]
    one = span.has("superlative") and span.text.endswith(" one")      # the bigger one / the smaller one
    direction = _direction(r, i)
    if direction is None:
        return None
    selector = i if one else _selector_after(r, i)
    if selector is None:
        return None
    metric_at = r.neighbour(i, -1)
    after = r.neighbour(selector, 1)
    if metric_at is not None and r.spans[metric_at].kind == "indicator_attr" or \
            after is not None and r.spans[after].has("noun", "indicators"):
        return None         # 权重最高的那个指标: an indicator, ranked by its weight (not a fund of the last answer)
    metric = r.spans[metric_at].sense("metric") if metric_at is not None else None
    if metric not in AMOUNTS or r.spans[metric_at].sense("share"):
        metric, metric_at = "total", None
    values = {row: _amount(r.vocab, row, metric) for row in rows}
    best = (max if direction == "max" else min)(values.values())
    winners = [row for row, v in values.items() if v == best]
    if len(winners) != 1:
        return None         # a tie: no one row
    start = metric_at if metric_at is not None else i
    return winners[0], list(range(start, selector + 1))


def _by_word(r, i, rows):
    """(搞)垃圾的那个 / the 垃圾 one: the one fund of the last answer whose name has the word; none when two do."""
    span = r.spans[i]
    if span.kind not in ("term", "unknown", "quoted") or len(span.text) < 2:
        return None
    selector = i + 1 if i + 1 < len(r.spans) and r.spans[i + 1].text == "one" else _selector_after(r, i)
    if selector is None:
        return None
    word = span.sense("quoted") or span.text
    named = [row for row in rows if row[0] == "fund" and word in r.vocab.fund_name(row[1])]
    return (named[0], list(range(i, selector + 1))) if len(named) == 1 else None


def _direction(r, i):
    """多 / 小 / the bigger one: which end of the column picks the row (高于 / 低于 are bounds, not picks)."""
    span = r.spans[i]
    if span.kind == "superlative":
        if span.text.endswith(" one") or _selector_after(r, i) is not None and not _names_a_set(r):
            return DIRECTIONS.get(span.value)      # the bigger one / 其中钱最多的那个: one of the last answer's rows
        return None
    if len(span.text) != 1:
        return None
    if span.text in r.vocab.lists["more"]:
        return "max"
    if span.text in r.vocab.lists["less"]:
        return "min"
    return None


def _names_a_set(r):
    """教委预算最多的那个 / 全市最大的那个: a set of its own, not the last answer's rows."""
    return any(s.kind in ("department", "fund") or s.has("scope_all") for s in r.spans)


def _selector_after(r, i):
    """的那个 / 那个专项 right after the comparison (的 between)."""
    j = i + 1
    if j < len(r.spans) and r.spans[j].text == "的":
        j += 1
    if j < len(r.spans) and r.spans[j].kind == "pronoun" and r.spans[j].text in SELECTORS:
        return j
    return None


def _amount(vocab, row, metric):
    kind, value = row
    if kind == "fund":
        return vocab.funds[value].amounts[metric]
    return sum(f.amounts[metric] for f in vocab.funds.values() if f.department == value)


def _pick(r, kind, value, taken):
    q = r.query
    (q.funds if kind == "fund" else q.departments).append(value)
    name = r.vocab.fund_name(value) if kind == "fund" else r.vocab.short(value)
    phrase = r.phrase(*taken)
    if r.spans[taken[-1]].text == "那个联系人" and "contact" not in q.fields:
        q.fields.append("contact")      # 钱多的那个联系人: that one's contact
    r.take(*taken, meaning=f"{phrase} → {name}")
    r.reading.referents[taken[-1]] = (kind, value)
    r.reading.resolved.append({"text": phrase, "meaning": name})
