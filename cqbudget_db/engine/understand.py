"""Question → slots.  The grammar: find the things the database knows (people,
departments, funds, indicator words, topics), mask them, then read amounts,
comparisons, rankings, aggregates and fields from what is left.
"""

import re

from . import lexicon as L
from .indicator_words import find_indicator_terms, find_indicator_words, find_target_texts, mentions_amount
from .measures import (find_amounts, find_column_comparisons, find_nonzero_scope, find_ranking, find_zero_conditions,
                       mentioned_metric)
from .names import (find_departments, find_funds, find_funds_english, find_name_terms, find_people,
                    find_seq_reference, find_topics)
from .question import Condition, Masked, Question, language, note


def understand(text, vocab):
    q = Question(text=text, lang=language(text))
    m = Masked(text if q.lang == "zh" else text.lower())
    find_people(q, m, vocab)
    find_seq_reference(q, m, vocab)
    find_departments(q, m, vocab)
    find_name_terms(q, m)
    find_target_texts(q, m)
    find_zero_conditions(q, m)
    if q.lang == "en":
        # "… about the forestry and grassland reform fund": a fund named in English comes first
        named = re.search(r"\bthe\b[a-z\- ']{3,80}?\b(?:special\s+)?(?:fund|program|programme)\b(?!s)", m.text)
        find_funds_english(q, m, vocab, named_only=not named)
    find_topics(q, m, vocab)
    find_indicator_words(q, m, vocab)
    if not q.funds:
        find_funds(q, m, vocab)
    find_column_comparisons(q, m)
    find_amounts(q, m)
    find_ranking(q, m)
    find_nonzero_scope(q, m)
    find_fields(q, m)
    if not q.field and (q.indicators_mentioned or (q.funds and not mentions_amount(m.text))):
        find_indicator_terms(q, m, vocab)
    elif not (q.field or q.funds or q.departments or q.topics or q.person or q.conditions or q.order or q.zero):
        # a bare indicator name (居民医保财政补助标准是多少): four characters or more
        find_indicator_terms(q, m, vocab, shortest=4)
    find_aggregates(q, m)
    find_target(q, m)
    q.follow_up = bool(re.search(L.FOLLOW_UP, text.strip(), re.I))
    return q


def find_aggregates(q, m):
    text = m.text
    if re.search(L.PER_DEPARTMENT, text, re.I) and not re.search(
            r"平均每个部门|平均每部门|平均各部门|average (?:number of )?funds? (?:per|for each) department|per department on average",
            text, re.I):
        q.per_department = True
        note(q, "grouping", "per department")
        m.take_pattern(L.PER_DEPARTMENT)
        text = m.text
    # "指标数量超过10个": a count that introduces a condition is not a count question
    text = re.sub(r"(数量|个数|数目|number of [a-z ]+?)(?=\s*(超过|大于|多于|少于|小于|不足|不少于|至少|达到|在|以上|以下|"
                  r"is (more|less|at least|over|under)|exceeds?))", lambda x: " " * len(x.group()), text, flags=re.I)
    if re.search(r"中位数|中位值|median", text, re.I):
        q.aggregate = "median"
    elif re.search(r"(最大|最高|最多)(的)?(和|与|及)(最小|最低|最少)|(largest|biggest|highest) and (the )?(smallest|lowest)",
                   q.text, re.I):
        q.aggregate = "spread"
        q.order, q.limit, q.ties = None, None, False
    elif re.search(r"相差|差距|差额|差多少|差了多少|difference between|gap between|how much (more|bigger|larger)", text, re.I) \
            and re.search(r"最大|最高|最多|largest|biggest|highest", q.text, re.I) \
            and re.search(r"最小|最低|最少|smallest|lowest", q.text, re.I):
        q.aggregate = "spread"
        q.order, q.limit, q.ties = None, None, False
    elif re.search(L.AVG_WORDS, text, re.I):
        q.aggregate = "avg"
        if re.search(r"平均每个部门|平均每部门|per department", text, re.I) and re.search(r"专项|funds?", text, re.I) \
                and not re.search(L.SUM_WORDS + r"|预算|budget", text, re.I):
            q.target = "departments"
    elif re.search(L.COUNT_WORDS, text, re.I) and not re.search(
            r"target (for|of) the number of|(指标值|目标值|目标)是?多少", text, re.I):
        q.aggregate = "count"
    elif re.search(L.SUM_WORDS, text, re.I) or re.search(
            r"\btotal\s+(budget|amount|of|city|district|subsid|spend|funding|money)|总预算|预算总额|总金额|资金总额|一共多少|多少钱|"
            r"总共多少|是多少亿|有多少亿|多少亿|(总额|总数|合计|总计)(是|有|为)?多少|\bhow much\b", text, re.I) \
            and not (q.funds and re.search(r"\bhow much\b", text, re.I) and not re.search(L.SUM_WORDS, text, re.I)):
        q.aggregate = "sum"
    comparison = re.search(r"(谁|哪个|哪一个|哪家)[^，。?？]{0,8}(多|大|高|少|小|低)|\bwhich\b[^?]{0,40}\b(bigger|larger|more|higher|"
                           r"greater|smaller|less|lower|fewer)\b", text, re.I)
    if comparison and (len(q.departments) > 1 or len(q.funds) > 1) and not q.order:
        q.order = "asc" if re.search(r"少|小|低|smaller|less|lower|fewer", comparison.group(0), re.I) else "desc"
        q.limit, q.ties = 1, True
        if len(q.departments) > 1:
            q.target = "departments"
        note(q, "ranking", "the larger of those named" if q.order == "desc" else "the smaller of those named")
    if len(q.departments) > 1 and re.search(r"分别|各自|各是|respectively|each|per department", text, re.I):
        q.per_department = True
    elif len(q.departments) > 1 and q.aggregate and not re.search(
            r"加起来|合计|一共|总共|共计|combined|together|altogether|in total", text, re.I):
        q.per_department = True
    if re.search(L.SHARE_WORDS, text, re.I):
        column = [metric for _, metric in sorted(mentioned_metric(text)) if metric != "total"]
        grand = re.search(L.GRAND_TOTAL_WORDS, text, re.I)
        if re.search(r"by count|按个数|按数量|个数占比|数量占比|数目占比|(percentage|percent|proportion|share|fraction|%) of "
                     r"(the |all )?(\d+ )?(funds|programs)\b|多少比例的专项|百分之几的专项|几成的专项", text, re.I):
            q.share = "count_share"
        elif q.funds and q.departments and not grand:
            q.share = "department_share"
        elif column and re.search(L.GRAND_SET_WORDS, text, re.I) and (q.departments or q.funds or q.topics
                                                                        or q.per_department):
            q.share = "grand_city_share" if column[0] == "city_spend" else "grand_district_share"
        elif column:
            q.share = "city_share" if column[0] == "city_spend" else "district_share"
        else:
            q.share = "grand_share"
        note(q, "share", q.share)
    if re.search(L.LIST_WORDS, text, re.I):
        q.listing = True
    if q.aggregate:
        note(q, "aggregate", q.aggregate)
    if q.metric is None:
        mentioned = sorted(mentioned_metric(text))
        if mentioned:
            q.metric = mentioned[0][1]
    # "district subsidies from the Agriculture Commission", "卫健委 补助区县": a department's sum of one column
    if q.departments and not q.aggregate and q.metric in ("city_spend", "district_subsidy") and not (
            q.listing or q.order or q.conditions or q.funds or q.share or q.field or q.zero
            or re.search(r"专项|资金|项目|funds?|programs?|哪|which|list", text, re.I)):
        q.aggregate = "sum"
    if re.search(r"(只|仅)(有|管|负责|主管|管理)?\s*(一|1)\s*个专项|只有一个|仅一个|only one fund|a single fund|just one fund|"
                 r"one fund only|exactly one fund|(?:only|just|exactly) 1 (?:special )?(?:fund|program)\b", text, re.I):
        q.conditions.append(Condition("fund_count", "=", 1, None, "only one fund"))
        q.per_department = True
        note(q, "condition", "departments with one fund")


def find_fields(q, m):
    if q.person and re.search(L.FIELD_WORDS["phone"], m.text, re.I):
        q.field = "phone"
        note(q, "field", "phone")
        m.take_pattern(L.FIELD_WORDS["phone"])
        return
    if re.search(r"手机|mobile|cell ?phone", m.text, re.I) and re.search(r"哪些|哪个|几个|多少|which|how many|list", m.text, re.I):
        q.mobile = True
        note(q, "phone", "mobile numbers")
    if re.search(r"(联系人|contacts?|people|person)[^，。,]{0,8}(谁|who)|谁负责|who (is|are) (in charge|responsible)|"
                 r"\bwho\b[^,.?]{0,20}\b(contacts?|contact person|in charge|responsible)\b|"
                 r"(which|what|how many) (distinct )?(contacts?|person|people|phone numbers?)|"
                 r"(几|多少)(个|位)(不同的)?(联系人|联系电话|电话)", m.text, re.I) and not (q.funds or q.person) \
            and not re.search(r"each of|for each|every fund|各个?专项|每个专项|每一个专项|分别", m.text, re.I):
        q.field = "contact"
        q.target = "contacts"
        note(q, "field", "contact")
        return
    for name, pattern in L.FIELD_WORDS.items():
        if name in ("contact", "phone") and q.person:
            m.take_pattern(pattern)
            continue
        if not re.search(pattern, m.text, re.I):
            continue
        if name in ("department", "overview", "goal", "line") and not q.funds:
            continue
        m.take_pattern(pattern)
        q.field = name
        note(q, "field", name)
        return


NOUNS = [("funds", r"专项|资金|项目|funds?|programs?|programmes?|projects?"),
         ("indicators", r"指标|indicators?|kpis?"),
         ("departments", r"部门|单位|departments?|agencies|agency")]


def noun_target(word):
    for target, pattern in NOUNS:
        if re.fullmatch(pattern, word, re.I):
            return target
    return None


def find_target(q, m):
    text = m.text
    asks = re.search(r"(?:哪些|哪个|哪几个|几个|多少个|多少条|多少项|几条|几项|多少|哪几|列出)\s*(?:的)?\s*(?:绩效|核心|定性|主管)?"
                     r"(专项|资金|项目|指标|部门|单位)|"
                     r"(专项|资金|项目|指标|部门|单位)\s*(?:有哪些|有几个|有多少|是哪些|是哪个|是什么|名单|清单|都有谁)"
                     r"(?!\s*(?:条|个|项)?\s*(?:的)?\s*(?:绩效|核心|定性)?(?:专项|资金|项目|指标|部门))|"
                     r"\b(?:which|what|how many|list|show)\s+(?:\w+\s+){0,3}?"
                     r"(funds?|programs?|programmes?|projects?|indicators?|kpis?|departments?|agencies)\b",
                     text, re.I)
    sorted_noun = re.search(r"(专项|资金|项目|部门|指标)\s*按", text)
    if q.target:
        pass
    elif sorted_noun:
        q.target = noun_target(sorted_noun.group(1))
    elif q.field in ("contact", "phone") and not asks and not q.funds and not re.search(
            r"each of|for each|every fund|各个?专项|每个专项|每一个专项|分别", text, re.I):
        q.target = "contacts"
    elif asks:
        q.target = noun_target(next(g for g in asks.groups() if g))
    else:
        nouns = [hit.group() for hit in re.finditer(
            r"专项|资金|项目|指标|部门|\b(?:funds?|programs?|indicators?|kpis?|departments?|agencies)\b", text, re.I)]
        if nouns:
            q.target = noun_target(nouns[0] if q.lang == "en" else nouns[-1])
    if q.target is None and q.indicators_mentioned and (
            q.funds or q.core is not None or q.qualitative is not None or q.unit or q.operator
            or q.indicator_terms or any(c.metric in ("weight", "target_value") for c in q.conditions)):
        q.target = "indicators"
    if q.target is None and (q.indicator_names or q.indicator_terms and len(q.indicator_terms[0]) >= 4) \
            and not (q.departments or q.conditions or q.order or q.funds):
        q.target = "indicators"
    if q.target in (None, "funds") and q.funds and (q.indicator_terms or q.indicator_names) and not q.field \
            and not (q.order or q.conditions or q.aggregate or q.share):
        q.target = "indicators"
    if q.target == "indicators" and q.name_terms:
        q.indicator_terms += q.name_terms
        q.name_terms = []
    if q.target == "indicators" and q.topics and not q.funds:
        q.indicator_terms += q.topics
        q.topics = []
    if q.target == "departments" and q.funds and not q.per_department:
        q.field = "department"
        q.target = "funds"
