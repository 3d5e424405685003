"""Share phrases: 补助区县占比 / 补助区县占其预算的比例 / 占全部专项预算的百分之几 /
占本部门专项总额的比重 / what share of … goes to districts.

A share phrase is read as one metric (district_share, share_of_all, …) before the
other rules run: the share word becomes a metric span and the metrics that named
its part and its whole are consumed with it, so a condition (超过90%), a ranking
(最高) or a question (是多少) treats it like any other metric.  Names inside the
phrase (学生资助专项, 市教委) stay for the name rules.
"""

BRACKETS = ("(", ")", "（", "）")
SHARE_OF = {"district_subsidy": "district_share", "city_spend": "city_share", "total": "share_of_all"}
OF_DEPARTMENT = {"district_subsidy": "share_of_department_district_subsidy", "city_spend": "share_of_department_city_spend",
                 "total": "share_of_department"}
OF_ALL = {"district_subsidy": "share_of_all_district_subsidy", "city_spend": "share_of_all_city_spend",
          "total": "share_of_all"}
WINDOW = ("metric", "own", "scope_all", "department", "noun", "share", "function", "fund", "person", "aggregate",
          "pronoun", "group", "gloss")


def share_phrases(r):
    """补助区县占比超过90%的专项 / 社会救助专项补助区县占其预算的百分之多少 / 学生资助专项占市教委专项总额的比重 /
    what share of 学生资助专项 goes to district subsidies → a share, read as one metric."""
    counted_until = -1
    for i in range(len(r.spans)):
        if r.spans[i].has("share") and r.free(i) and not r.spans[i].sense("metric") and i > counted_until:
            if _counts_funds(r, i):     # 占全部专项的比例: the rest of the phrase counts funds too
                counted_until = _phrase_end(r, i)
                continue
            _read_share(r, i)


def _phrase_end(r, i):
    j = i + 1
    while j < len(r.spans) and r.spans[j].kind in ("function", "scope_all", "noun", "share", "number"):
        j += 1
    return j - 1


def _read_share(r, i):
    lo, hi = _window(r, i, -1, 6), _window(r, i, 1, 6)
    inside = range(lo, hi + 1)
    metrics = [j for j in inside if r.spans[j].sense("metric") and not r.spans[j].sense("share") and r.free(j)]
    parts = list(dict.fromkeys(r.spans[j].sense("metric") for j in metrics if r.spans[j].sense("metric") != "total"))
    if _counts_funds(r, i):
        return                          # a share of the number of funds: the aggregate rule reads it
    if len(parts) >= 2:
        return                          # a ratio of two columns: the aggregate rule reads it
    named = (r.all("fund", free=False) or "fund" in [kind for kind, _ in r.reading.referents.values()]) and \
        r.all("department", free=False)     # 它占林业局补助区县总额的比例 (它: a fund)
    base = _base(r, i, hi)
    if parts and named and base is not None and base[0] == "department":
        value = OF_DEPARTMENT[parts[0]]     # 补助区县占交通局补助区县的比例 (the fund's part of the department's)
    elif parts:
        value = OF_ALL[parts[0]] if _of_all_parts(r, metrics, parts[0], i) else SHARE_OF[parts[0]]
    elif named:
        elsewhere = [r.spans[j].sense("metric") for j in range(len(r.spans)) if r.spans[j].sense("metric") in OF_DEPARTMENT
                     and r.free(j) and not r.spans[j].sense("share")]
        value = OF_DEPARTMENT[elsewhere[0]] if len(set(elsewhere)) == 1 else "share_of_department"
        r.take(*[j for j in range(len(r.spans)) if r.spans[j].sense("metric") in elsewhere and r.free(j)])
    elif any(r.spans[j].has("indicator_attr") or r.spans[j].has("noun", "indicators") for j in range(len(r.spans))):
        return                          # a share of indicators: the aggregate rule reads it
    elif any(r.spans[j].has("scope_all") for j in inside) or metrics:
        value = "share_of_all"
    else:
        if base is not None and base[0] == "fund":
            r.reading.share_base = base     # As a percentage of its total? — of that fund's own budget
        return
    r.reading.share_base = base
    span = r.spans[i]
    span.senses = [("metric", value), ("share", value)] + span.senses
    extra = metrics + [j for j in inside if r.spans[j].kind in ("own", "scope_all", "aggregate", "share")
                       and j != i and (r.spans[j].kind != "aggregate" or r.spans[j].has("aggregate", "sum"))]
    words = [j for j in extra if r.spans[j].kind == "share"]
    r.query.combined = any(r.spans[j].has("aggregate", "sum") for j in extra)
    for j in extra:
        if r.spans[j].kind == "scope_all" and (j > i or value in OF_ALL.values()):
            r.spans[j].senses = r.spans[j].senses + [("share_base", value)]     # 占全市的: the base of the share
            # (全市所有专项里补助区县占比: all funds are where to look, the share is each one's)
    r.take(*[j for j in extra if j not in words])
    for j in words:
        r.spans[j].senses = [("metric", value), ("share", value)] + r.spans[j].senses
    for j in words + [i]:
        r.spans[j].linked = [k for k in words + [i] if k != j]


def _base(r, i, hi):
    """占教委全部专项资金 / of the commission's total budget / 占这个专项总额: the named whole, after the share word."""
    for j in range(i + 1, hi + 1):
        span = r.spans[j]
        if span.kind == "department":
            return "department", span.value
        if span.kind == "fund" and len(span.value) == 1:
            return "fund", next(iter(span.value))
        if j in r.reading.referents:
            return r.reading.referents[j]
    return None


MONEY_ENDINGS = ("资金", "经费", "money", "budget", "budgets", "funding")


def _counts_funds(r, i):
    """多少比例的专项 / what percentage of the 82 funds: the funds are counted, not their money
    (a department named as the subject makes it a share of the money: what share of all funds does X control)."""
    if r.all("department", free=False) or r.all("fund", free=False):
        return False
    j = i + 1
    while j < len(r.spans) and (r.spans[j].kind in ("function", "scope_all") or r.spans[j].kind == "number"
                                and r.spans[j].value.unit in ("count", "plain")) and not _names_funds(r.spans[j]):
        j += 1
    if j >= len(r.spans) or not (r.spans[j].has("noun", "funds") or _names_funds(r.spans[j])):
        return False
    if r.spans[j].text.endswith(MONEY_ENDINGS):
        return False        # 占全部专项资金的比例: of their money
    after = r.neighbour(j, 1)
    return after is None or not r.spans[after].has("metric")


def _names_funds(span):
    """the 82 funds / 全部专项: all of them, counted as funds."""
    return span.kind == "scope_all" and span.text.endswith(("funds", "专项"))


def _of_all_parts(r, metrics, part, i):
    """补助区县占全部专项补助区县的比例 / (交通局的专项)占全市市级支出的百分之几: the part's share of the same
    column over all funds."""
    mentions = [j for j in metrics if r.spans[j].sense("metric") == part]
    if len(mentions) >= 2:
        return any(r.spans[k].has("scope_all") for k in range(mentions[0], mentions[-1]))
    if mentions and mentions[-1] < i:     # 补助区县部分占全市的比例: the part before, all of it after
        k = mentions[-1] - 1
        if k >= 0 and r.spans[k].has("scope_all") and not _names_funds(r.spans[k]):
            return True                 # (这几个合计)是全部补助区县资金的几成: all of that column is the whole
        after_share = range(i + 1, min(i + 4, len(r.spans)))
        return any(r.spans[k].has("scope_all") for k in after_share) and \
            not any(r.spans[k].has("metric") for k in range(i + 1, len(r.spans)))
    if not mentions:
        return False
    between = range(i, mentions[0])
    after = range(mentions[0] + 1, min(mentions[0] + 4, len(r.spans)))     # the city-level spending of all funds
    return any(r.spans[k].has("scope_all") for k in list(between) + list(after)) and \
        not any(r.spans[k].has("metric", "total") for k in between)   # (share of all funds' budget … to districts)


def _window(r, i, step, reach):
    """The furthest span in direction step that can belong to the share phrase around i."""
    j, best, seen = i, i, 0
    while 0 <= j + step < len(r.spans) and seen < reach:
        j += step
        all_n = r.spans[j].kind == "number" and r.spans[j - step].has("scope_all")
        if r.spans[j].text in BRACKETS:
            break                           # 全部用于补助区县（补助区县占比100%）: the brackets are a phrase of their own
        if r.is_break(j) or not (all_n or r.spans[j].has("ask", "whether") or any(r.spans[j].has(k) for k in WINDOW)) or \
                r.used[j] and r.spans[j].kind != "pronoun":
            break
        if r.spans[j].has("aggregate") and not r.spans[j].has("aggregate", "sum"):
            break
        if r.spans[j].kind != "function" and not r.spans[j].has("ask", "whether"):   # what percent of X is …
            seen += 1
            best = j
    return best
