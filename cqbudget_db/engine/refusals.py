"""Saying no well: why a question cannot be answered, what was understood, what was
not, and what to ask instead.  Topic refusals (other years, one district's share,
actual spending, opinions, writes) and partial readings (a word no rule placed)."""

import re

from ..errors import CqbudgetError
from .vocab import core

EXAMPLES = {
    "zh": ["哪些专项超过10亿元？", "教委有几个专项？", "卫健委预算最大的专项是哪个？", "各部门预算合计排名",
           "学生资助专项的联系人是谁？", "涉及乡村振兴的专项有哪些？", "垃圾分类清运处置专项有哪些核心指标？",
           "补助区县占比最高的5个专项"],
    "en": ["Which funds exceed 1 billion yuan?", "How many funds does the Education Commission have?",
           "Top 5 funds by district subsidies", "Who is the contact for the student aid fund?",
           "Which funds mention rural revitalization?", "Department totals ranked by budget"],
}

TOPICS = {
    "other_year": ("本文件只包含2024年的预算和绩效目标，没有其他年份的数据，也无法比较年度变化。",
                   "The document covers the 2024 budget only: no other year, and no change from year to year."),
    "execution": ("文件只有2024年的预算和绩效目标，没有实际支出、执行进度或结余。",
                  "The document has 2024 budgets and performance targets, not what has actually been spent."),
    "opinion": ("文件只列出预算和绩效目标，不评价专项的好坏、效果或是否值得。",
                "The document states budgets and targets; it does not judge which fund is good, effective or wasteful."),
    "reason": ("文件只列出预算金额和绩效目标，没有说明安排的原因或理由。",
               "The document states amounts and targets; it gives no reasons for them."),
    "write": ("cqbudget 只读取预算文件，不能修改、删除或添加任何数据。",
              "cqbudget only reads the budget document; it cannot change, delete or add anything."),
    "injection": ("cqbudget 只回答关于这份预算文件的问题，不执行其他指令。",
                  "cqbudget only answers questions about this budget document; it follows no other instructions."),
    "off_topic": ("cqbudget 只回答关于《重庆市 2024 年市级重点专项预算绩效》的问题。",
                  "cqbudget answers questions about the 2024 key-funds document only."),
    "other_place": ("本文件只包含重庆市2024年市级重点专项，没有其他地区的数据。",
                    "The document covers Chongqing's 2024 municipal key funds only, not other places."),
    "district": ("文件只给出每个专项补助区县的总额，没有分到各区县的金额。",
                 "The document gives each fund's total subsidy to districts and counties, not what any one district receives."),
    "per_capita": ("文件只有专项的总金额，没有“{subject}”这类人均、单价、工资或租金数据。",
                   "The document has fund totals only: no per-person amounts, prices, salaries or rents (“{subject}”)."),
    "unknown_fact": ("文件只列出专项、金额、绩效指标和联系人，没有“{subject}”这类信息。",
                     "The document lists funds, amounts, indicators and contacts; it has nothing on “{subject}”."),
    "topic_amount": ("文件只给出每个专项的总金额，没有“{subject}”这一项单独的金额；可以问哪些专项提到了它。",
                     "The document gives each fund's total only, not an amount for “{subject}”; ask which funds "
                     "mention it."),
    "empty": ("没有看出要问什么：请说出专项、部门、金额或指标，例如“教委有几个专项？”。",
              "I could not tell what is asked: name a fund, a department, an amount or an indicator."),
    "unanswered": ("上一问没有得到回答，而这一问是接着它问的（“{subject}”）：请把问题说完整，例如说出部门或条件。",
                   "The last question was not answered, and this one builds on it (“{subject}”): please ask it in "
                   "full, naming the department or the condition."),
    "reference": ("问题里的“{subject}”没有可指代的对象：请先问一个问题，或说出专项或部门的名字。",
                  "“{subject}” refers to nothing yet: ask a question first, or name the fund or department."),
}


class QuestionError(CqbudgetError):
    """The question itself is unusable: empty, too long."""


class Unanswerable(CqbudgetError):
    """The engine will not answer: a topic the document lacks, or words it did not understand.

    status is "refused" (a topic the document does not cover) or "partial" (some
    words were understood, some not); understood lists what was read, unread what was not.
    """

    def __init__(self, message, recognized=(), suggestions=(), examples=(), status="refused",
                 understood=(), unread=()):
        super().__init__(message)
        self.message = message
        self.recognized = list(recognized)
        self.suggestions = list(suggestions)
        self.examples = list(examples)
        self.status = status
        self.understood = list(understood)
        self.unread = list(unread)
        self.state = None        # what a follow-up may still refer to (a dict), when the refusal named things

    def to_dict(self):
        return {"error": self.message, "status": self.status, "understood": self.understood,
                "unread": self.unread, "recognized": self.recognized, "suggestions": self.suggestions,
                "examples": self.examples}

    def __str__(self):
        lines = [self.message]
        if self.suggestions:
            lines.append("Did you mean: " + "、".join(self.suggestions))
        if self.examples:
            lines.append("Questions I can answer: " + " | ".join(self.examples))
        return "\n".join(lines)


def understood_list(reading, vocab=None):
    from .explain import humane

    return [{"text": text, "meaning": humane(meaning, reading.lang, vocab)} for text, meaning in reading.understood]


def refuse_topic(reading, vocab):
    lang = reading.lang
    zh, en = TOPICS[reading.refusal.reason]
    message = (zh if lang == "zh" else en).format(subject=reading.refusal.subject)
    return Unanswerable(message, recognized=[m for _, m in reading.understood], examples=EXAMPLES[lang][:4],
                        understood=understood_list(reading, vocab), suggestions=suggest(reading.question, vocab)
                        if reading.refusal.reason == "reference" else ())


def refuse_partial(reading, vocab, reason=None):
    """我读懂了：卫健委、预算；没读懂：“两倍” — never a different question answered instead."""
    lang = reading.lang
    read = "、".join(dict.fromkeys(text for text, _ in reading.understood if text.strip())) or "—"
    unread = "、".join(f"“{u}”" for u in reading.unread)
    if lang == "zh":
        message = (f"这个问题我没有完全读懂。我读懂了：{read}；没读懂：{unread}。请换个说法，或把条件拆开来问。" if unread
                   else f"这个问题我只能回答一部分。我读懂了：{read}；{reason}。请换个说法，或把条件拆开来问。")
    else:
        message = (f"I did not fully understand this question. Understood: {read}; not understood: "
                   f"{unread}. Please rephrase it, or ask one condition at a time." if unread else
                   f"I can answer only part of this question. Understood: {read}; {reason}. "
                   f"Please rephrase it, or ask one condition at a time.")
    return Unanswerable(message, recognized=[m for _, m in reading.understood], suggestions=suggest(reading.question, vocab),
                        examples=EXAMPLES[lang][:4], status="partial", understood=understood_list(reading, vocab),
                        unread=list(reading.unread) or ([reason] if reason else []))


def suggest(text, vocab, limit=5):
    """Fund and department names closest to the words of the question (rapidfuzz)."""
    from rapidfuzz import fuzz, process

    names = {}
    for fund in vocab.funds.values():
        names[fund.name] = fund.name
        names[core(fund.name)] = fund.name
    for alias, department in vocab.departments.items():
        names[alias] = vocab.short(department)
    found = []
    for chunk in re.findall(r"[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z ]{3,}", text)[:MAX_CHUNKS]:
        for match, score, _ in process.extract(chunk[:MAX_CHUNK], list(names), scorer=fuzz.WRatio, limit=3,
                                               score_cutoff=70):
            if names[match] not in found:
                found.append(names[match])
        if len(found) >= limit:
            break
    return found[:limit]


MAX_CHUNKS, MAX_CHUNK = 8, 40     # a long question of noise: suggestions from its first words, in bounded time
