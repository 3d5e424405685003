"""Amounts, comparisons, rankings and zero conditions: which column a number is about,
in 万元, and which way a ranking goes.
"""

import re

from . import lexicon as L
from .numbers import NUMBER_PATTERN, UNIT_TO_WAN, english_count, english_ordinal, to_number
from .question import AMOUNT_METRICS, Condition, note
from .vocab import COLUMN_WORDS


def metric_near(text, position, default=None, before_only=False):
    """The amount column named closest before position (or just after it)."""
    best, distance = default, None
    for metric, words in COLUMN_WORDS.items():
        for word in words:
            for found in re.finditer(re.escape(word), text, re.I):
                if found.end() <= position:
                    d = position - found.end()
                elif not before_only and found.start() >= position:
                    d = found.start() - position + 6
                else:
                    continue
                if distance is None or d < distance:
                    best, distance = metric, d
    return best


def mentioned_metric(text):
    found = []
    for metric, words in COLUMN_WORDS.items():
        for word in words:
            for hit in re.finditer(re.escape(word), text, re.I):
                found.append((hit.start(), metric))
    return found


COUNT_NUMBER = rf"({NUMBER_PATTERN}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"


def indicator_metric_near(text, position):
    """Rankings of indicators are by weight or by target value, whichever is named nearer."""
    best, distance = None, None
    for metric, pattern in (("weight", L.WEIGHT_WORDS), ("target_value", L.TARGET_VALUE_WORDS)):
        for hit in re.finditer(pattern, text, re.I):
            d = abs(position - (hit.end() if hit.end() <= position else hit.start()))
            if distance is None or d < distance:
                best, distance = metric, d
    return best if distance is not None and distance <= 12 else None


def find_ranking(q, m):
    text = m.text
    patterns = [
        (rf"排(?:名|行|在)?\s*第\s*{COUNT_NUMBER}|\branked\s+(?:number\s+)?(\d+|\w+(?:st|nd|rd|th))", "nth", "desc"),
        (rf"排(?:名|行|在)?\s*前\s*{COUNT_NUMBER}", "limit", "desc"),
        (rf"第\s*{COUNT_NUMBER}\s*(?:大|多|高|名|位)", "nth", "desc"),
        (rf"第\s*{COUNT_NUMBER}\s*(?:小|少|低)", "nth", "asc"),
        (rf"倒数第\s*{COUNT_NUMBER}", "nth", "asc"),
        (r"\b(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)\s+(?:largest|biggest|highest|most)", "nth", "desc"),
        (r"\b(\d+(?:st|nd|rd|th)|second|third|fourth|fifth)\s+(?:smallest|lowest|least)", "nth", "asc"),
        (rf"(?:前|top\s*|largest\s+|biggest\s+|highest\s+|first\s+)\s*{COUNT_NUMBER}\s*(?:个|名|位|项|大|funds?)?", "limit", "desc"),
        (rf"(?:后|倒数|bottom\s*|smallest\s+|lowest\s+|last\s+)\s*{COUNT_NUMBER}\s*(?:个|名|位|项|funds?)?", "limit", "asc"),
        (rf"(?:最大|最多|最高)的?\s*{COUNT_NUMBER}\s*(?:个|名|位|项)", "limit", "desc"),
        (rf"(?:最小|最少|最低)的?\s*{COUNT_NUMBER}\s*(?:个|名|位|项)", "limit", "asc"),
        (rf"\b{COUNT_NUMBER}\s+(?:largest|biggest|highest|most)", "limit", "desc"),
        (rf"\b{COUNT_NUMBER}\s+(?:smallest|lowest|least)", "limit", "asc"),
        (rf"\b{COUNT_NUMBER}\s+(?:funds?|programs?|departments?|indicators?)\s+(?:\w+\s+){{0,3}}?(?:the\s+)?"
         rf"(?:largest|biggest|highest|most)", "limit", "desc"),
        (rf"\b{COUNT_NUMBER}\s+(?:funds?|programs?|departments?|indicators?)\s+(?:\w+\s+){{0,3}}?(?:the\s+)?"
         rf"(?:smallest|lowest|least|fewest)", "limit", "asc"),
        (rf"{COUNT_NUMBER}\s*(?:个|项)\s*(?:最大|最多|最高)", "limit", "desc"),
        (rf"{COUNT_NUMBER}\s*(?:个|项)\s*(?:最小|最少|最低)", "limit", "asc"),
    ]
    for pattern, kind, order in patterns:
        found = re.search(pattern, text, re.I)
        if not found:
            continue
        word = next(g for g in found.groups() if g)
        noun = re.search(r"\b(departments?|indicators?|funds?|programs?)\b", found.group(0), re.I)
        if noun and q.target is None:
            q.target = {"d": "departments", "i": "indicators"}.get(noun.group(1)[0].lower(), "funds")
        n = english_ordinal(word) if kind == "nth" and english_ordinal(word) else english_count(word)
        if n is None:
            n = to_number(word)
        if n is None or n < 1 or n > 1000:
            continue
        n = int(n)
        q.order = order
        if kind == "nth":
            q.nth = n
        else:
            q.limit = n
        q.metric = q.metric or metric_near(text, found.start(), None) or metric_near(text, found.end(), None)
        note(q, "ranking", f"{'top' if order == 'desc' else 'bottom'} {n}" if kind == "limit" else f"#{n}")
        m.take(found.start(), found.end())
        text = m.text
        break
    superlative = re.search(r"(最大|最多|最高|最重|最小|最少|最低|最轻|largest|biggest|highest|heaviest|(?<!at )most|greatest|"
                            r"smallest|lowest|lightest|(?<!at )least|fewest)", text, re.I)
    sort_words = re.search(L.SORT_WORDS, text, re.I)
    if superlative and q.order is None and sort_words and re.search(
            r"(largest|biggest|highest|smallest|lowest|most|least)\s+first|(最大|最高|最多|最小|最低|最少)的?(在前|排前|优先)|"
            r"from (the )?(highest|largest|biggest|most|lowest|smallest|least) to (the )?(lowest|smallest|least|highest|largest|most)|"
            r"in (descending|ascending) order",
            text, re.I):
        word = superlative.group(1).lower()
        q.order = "asc" if word in ("smallest", "lowest", "least", "最小", "最低", "最少") else "desc"
        q.sort_only = True
        q.metric = q.metric or metric_near(text, sort_words.start(), None) or metric_near(text, superlative.start(), None)
        note(q, "ranking", "sorted")
        m.take(superlative.start(), superlative.end())
        m.take(sort_words.start(), sort_words.end())
    elif superlative and q.order is None:
        word = superlative.group(1).lower()
        q.order = "desc" if word in ("最大", "最多", "最高", "最重", "largest", "biggest", "highest", "heaviest", "most",
                                     "greatest") else "asc"
        q.limit = 1
        q.ties = True
        counts_funds = re.match(r"\s*(?:funds|programs)\b", text[superlative.end():], re.I) or \
            re.search(r"专项(?:数|数量|个数)?\s*$", text[:superlative.start()])
        q.metric = q.metric or ("fund_count" if counts_funds else None) or \
            indicator_metric_near(text, superlative.start()) or metric_near(text, superlative.start(), None)
        note(q, "ranking", "largest" if q.order == "desc" else "smallest")
        m.take(superlative.start(), superlative.end())
    elif re.search(L.SORT_WORDS, text, re.I) and q.order is None:
        found = re.search(L.SORT_WORDS, text, re.I)
        q.sort_only = True
        q.order = "asc" if re.search(r"由低到高|从低到高|从小到大|升序|ascending|smallest first|lowest first", text, re.I) else "desc"
        q.metric = q.metric or metric_near(text, found.start(), None)
        note(q, "ranking", "sorted")
        m.take(found.start(), found.end())


def find_amounts(q, m):
    text = m.text
    number = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    unit = rf"\s*({L.MONEY_UNITS}|%|percent|个|项|条)?"
    between = re.finditer(
        rf"(?:在|介于|between|from)?\s*{number}{unit}\s*(?:{L.BETWEEN_JOINERS})\s*{number}{unit}\s*(?:之间|以内|区间|范围内)?",
        text, re.I)
    for found in between:
        if not (re.search(r"之间|between|from|介于", found.group(0), re.I) or found.group(2) or found.group(4)):
            continue
        low_unit = found.group(2) or found.group(4)
        high_unit = found.group(4) or found.group(2)
        low, high = amount_value(q, found.group(1), low_unit, text, found.start()), \
            amount_value(q, found.group(3), high_unit, text, found.start())
        if low is None or high is None:
            continue
        metric = condition_metric(q, text, found.start(), low_unit, found.end())
        q.conditions.append(Condition(metric, "between", min(low[0], high[0]), max(low[0], high[0]),
                                      found.group(0).strip()))
        note(q, "condition", f"{metric} between {found.group(0).strip()}")
        m.take(found.start(), found.end())
        text = m.text
    for words, op in L.COMPARATORS_BEFORE:
        for found in re.finditer(rf"(?:{words})\s*(?:有|为|是|达到|达|在)?\s*{number}{unit}", text, re.I):
            add_condition(q, m, found, op, found.group(1), found.group(2))
        text = m.text
    for words, op in L.COMPARATORS_AFTER:
        for found in re.finditer(rf"{number}{unit}\s*(?:{words})", text, re.I):
            if words.startswith("及以上") and found.group(0).endswith("多") and not found.group(2):
                continue
            add_condition(q, m, found, op, found.group(1), found.group(2))
        text = m.text
    for found in re.finditer(rf"(?:为|是|等于|is|of)\s*{number}\s*({L.MONEY_UNITS})", text, re.I):
        add_condition(q, m, found, "=", found.group(1), found.group(2))
    # 目标值为0 / a target value of 0
    for found in re.finditer(rf"(?:指标值|目标值|target values?|targets?)\s*(?:为|是|of|is|=|等于)\s*{number}(%)?", m.text, re.I):
        value = to_number(found.group(1))
        if value is not None:
            q.conditions.append(Condition("target_value", "=", value, None, found.group(0).strip()))
            q.indicators_mentioned = True
            if found.group(2):
                q.unit = q.unit or "%"
            note(q, "condition", f"target value = {value:g}")
            m.take(found.start(), found.end())


def amount_value(q, number_text, unit, text, position):
    value = to_number(number_text)
    if value is None:
        return None
    unit = (unit or "").lower().strip()
    if unit in ("%", "percent", "个", "项", "条"):
        return value, unit
    if unit:
        key = unit.replace(" yuan", "")
        return value * UNIT_TO_WAN.get(key, UNIT_TO_WAN.get(unit, 1.0)), unit
    return value, ""


def condition_metric(q, text, position, unit, end=None):
    unit = (unit or "").lower()
    before = text[max(0, position - 12):position]
    end = position if end is None else end
    if re.search(L.WEIGHT_WORDS, before, re.I):
        return "weight"
    if re.search(L.TARGET_VALUE_WORDS, before, re.I):
        return "target_value"
    after = text[end:end + 40]
    money = unit and unit not in ("%", "percent", "个", "项", "条")
    if money:
        pass
    elif re.match(r"\s*(?:个|项|条)?\s*(?:的)?\s*(?:核心|定性|定量|非核心)?(?:绩效)?指标|\s*(?:\w+\s+)?indicators?\b",
                  after, re.I) or (unit in ("个", "项", "条") and re.search(r"指标", before)):
        return "indicator_count"
    if not money and (unit in ("个", "项") or re.search(r"专项数|个数|数量|number of funds", before) or
                      re.match(r"\s*funds?\b", after, re.I)):
        return "fund_count"
    share = re.search(L.SHARE_WORDS, text, re.I)
    if unit in ("%", "percent") or (share and share.start() < position and not money):
        column = metric_near(text, position, "district_subsidy", before_only=True)
        if re.search(L.GRAND_TOTAL_WORDS, text, re.I):
            return "grand_share"
        return "city_share" if column == "city_spend" else "district_share"
    metric = metric_near(text, position, None, before_only=True)
    if metric is None and q.lang == "en":
        # "… 500 million yuan to the districts": a column named right after the amount
        after = re.match(r"\s*(?:yuan\s+)?(?:to|for|in|of|on|as|at)\s+(?:the\s+)?([a-z]+(?:[- ][a-z]+)?)", text[end:])
        metric = metric_near(after.group(1), 0, None) if after else None
    return metric or "total"


def add_condition(q, m, found, op, number_text, unit):
    text = m.text
    metric = condition_metric(q, text, found.start(), unit, found.end())
    parsed = amount_value(q, number_text, unit, text, found.start())
    if parsed is None:
        return
    value, unit = parsed
    if metric in AMOUNT_METRICS and not unit and re.match(r"\s*(个|项|条)?\s*(专项|资金|项目|funds?)\b", text[found.end():], re.I):
        return
    if metric in AMOUNT_METRICS and not unit:
        if value < 1000:
            value *= 10000
            q.notes.append(f"“{found.group(0).strip()}” has no unit: read as 亿元")
        else:
            q.notes.append(f"“{found.group(0).strip()}” has no unit: read as 万元")
    if metric in AMOUNT_METRICS and unit in ("个", "项", "条"):
        return
    condition = Condition(metric, op, value, None, found.group(0).strip())
    condition.average = bool(re.search(L.AVG_WORDS, text[max(0, found.start() - 30):found.start()], re.I))
    if metric == "target_value" and unit in ("%", "percent"):
        q.unit = q.unit or "%"
    after = text[found.end():found.end() + 8]
    before = text[max(0, found.start() - 12):found.start()]
    before = text[max(0, found.start() - 40):found.start()]
    condition.per_fund = bool(re.match(r"\s*(元|的)?\s*(的)?\s*(专项|资金|项目)", after) or re.search(
        r"(funds?|programs?)\s+(?:(?:with|that|which|have|has|having|a|an|budgets?|of|are|is|whose|total|amounts?|"
        r"city-level|spending|district|subsidies|gets?|receives?)\s+){0,5}$", before, re.I))
    q.conditions.append(condition)
    note(q, "condition", f"{metric} {op} {found.group(0).strip()}")
    counted = re.search(r"(数量|个数|数目|总数)\s*$", text[max(0, found.start() - 6):found.start()])
    if metric in ("indicator_count", "fund_count") and counted:
        m.take(found.start() - (len(text[max(0, found.start() - 6):found.start()]) - counted.start()), found.start())
    both = re.search(r"(补助区县|市级支出|预算)\s*(?:和|与|及|、|and)\s*(补助区县|市级支出|预算)\s*(?:都|均|全都|both)?\s*$",
                     text[max(0, found.start() - 16):found.start()])
    if both and metric in AMOUNT_METRICS:
        names = {"补助区县": "district_subsidy", "市级支出": "city_spend", "预算": "total"}
        for word in both.groups():
            if names[word] != metric:
                q.conditions.append(Condition(names[word], op, value, None, condition.text))
    m.take(found.start(), found.end())


def find_column_comparisons(q, m):
    """补助区县多于市级支出 / city spending exceeds district subsidies: one column against another."""
    words = sorted(((w, metric) for metric, ws in COLUMN_WORDS.items() for w in ws if len(w) >= 3 or not w.isascii()),
                   key=lambda x: -len(x[0]))
    column = "(" + "|".join(re.escape(w) for w, _ in words) + r")(?:合计|总额|总和|总计|totals?)?"
    ops = (r"(多于|大于|超过|高于|more than|exceeds?|exceeding|greater than|larger than|bigger than|above|"
           r"少于|小于|低于|不足|less than|smaller than|lower than|below)")
    lookup = {w.lower(): metric for w, metric in words}
    for hit in m.find_all(column + r"\s*(?:的钱|资金)?\s*(?:都|也)?\s*" + ops + r"\s*(?:the\s+|their\s+|its\s+|其|自身的?)?"
                          + column):
        first, second = lookup.get(hit.group(1).lower()), lookup.get(hit.group(3).lower())
        if first and second and first != second:
            op = ">" if re.match(r"多|大|超|高|more|exceed|greater|larger|bigger|above", hit.group(2), re.I) else "<"
            q.column_comparisons.append((first, op, second))
            note(q, "condition", f"{first} {op} {second}")
            m.take(hit.start(), hit.end())


def find_nonzero_scope(q, m):
    """"… smallest district subsidy among those that have one": the ranked column must not be 0."""
    if q.metric in AMOUNT_METRICS and re.search(
            r"(among|of) (those|the ones|funds|the funds) (that|which) (have|get|receive|give) (one|any|some|it)|"
            r"(among|of) (those|funds) with (one|any)|在有(补助区县|市级支出)的(专项)?中|有(补助区县|市级支出)的专项中",
            m.text, re.I):
        q.zero.setdefault(q.metric, False)


def find_zero_conditions(q, m):
    zero_patterns = [
        (r"(ignoring|excluding|leaving out|except|not counting|不算|不含|排除|除去|除了)\s*(those|funds|the ones|ones)?\s*"
         r"(with|that have|that give)?\s*(no|zero|没有|无)\s*(district|county|补助区县|区县)|"
         r"(at least )?(some|any) (district|county) subsid", "district_subsidy", False),
        (r"(ignoring|excluding|leaving out|except|not counting|不算|不含|排除|除去|除了)\s*(those|funds|the ones|ones)?\s*"
         r"(with|that have)?\s*(no|zero|没有|无)\s*(city|市级)|(at least )?(some|any) city(-level)? spend", "city_spend", False),
        (r"(non-?zero|不为零|不为0|大于零|非零)\s*(district|county|补助区县|区县)|"
         r"(that|which|who)?\s*(do |does |actually )*(subsidi[sz]e|give (money )?to|gives (money )?to|send money to|"
         r"pass (money )?(down )?to|passes (money )?(down )?to) (the )?districts|"
         r"(补助区县|区县补助)\s*(不为零|不为0|大于零|非零)", "district_subsidy", False),
        (r"(non-?zero|不为零|不为0|大于零|非零)\s*(city|市级)|市级支出\s*(不为零|不为0|大于零|非零)", "city_spend", False),
        (r"(市里|市级|市本级)[^，。,]{0,6}(一分钱)?[^，。,]{0,3}(不花|不出|没花|不用|不支出)|"
         r"the city (itself )?spends nothing|city spends nothing", "city_spend", True),
        (r"区县[^，。,]{0,4}(拿不到|没拿到|分不到|一分钱都没有)|不给区县|districts get nothing", "district_subsidy", True),
        (r"(没有|无|不含|没|不)\s*(任何|一点|一分钱)?\s*(补助区县|区县补助|对区县的补助|补助)|补助区县\s*(为|是|等于)\s*(0|零|空)|"
         r"(全部|都|全都|完全)(资金)?(都)?(是|为|用于|用在|由|属于)?市级支出|只有市级支出|纯市级|"
         r"(no|without|zero)\s+(district|county)?\s*subsid|no money (for|to) districts|entirely (city|spent by the city)|only city|"
         r"all (city|spent at city)", "district_subsidy", True),
        (r"(没有|无|不含|没)\s*(任何|一点|一分钱)?\s*(市级支出)|市级支出\s*(为|是|等于)\s*(0|零|空)|(全部|都|全都|完全)(资金)?(都)?(是|为|用于|用来|拿来|用在|给)?(补助区县|区县)|"
         r"全部补助|(no|without|zero)\s+city(-level)?\s*spend|entirely (for |to )?(district|subsid)|all (district )?subsidies",
         "city_spend", True),
        (r"(?<![没不])(有|含有|包含|安排了?|给了?|设了?)\s*(补助区县|区县补助)|(with|have|has|having)\s+(any\s+)?(district|county)\s+subsid",
         "district_subsidy", False),
    ]
    for pattern, column, is_zero in zero_patterns:
        found = re.search(pattern, m.text, re.I)
        if found and column not in q.zero:
            q.zero[column] = is_zero
            note(q, "condition", f"{column} {'= 0' if is_zero else '> 0'}")
