"""Question → SQL → rows → a short answer with its sources.

ask() is the one entry point for the CLI, the llm model, the ask page and the
evaluation.  The offline engine (model id "cqbudget") needs no network; any
other model id is handed to llm_sql, imported only then.
"""

import difflib
import os
import re
import urllib.parse

from .engine.answer import sentence
from .engine.compose import compose
from .engine.question import MAX_QUESTION, clean_question, language
from .engine.understand import understand
from .engine.vocab import fund_core, load_vocabulary
from .engine import lexicon
from .errors import CqbudgetError
from .guard import run_query

OFFLINE_MODEL = "cqbudget"
DATABASE_NAME = "cqbudget"
FALLBACK_ENV = "CQBUDGET_FALLBACK_MODEL"

EXAMPLES = {
    "zh": ["哪些专项超过10亿元？", "教委有几个专项？", "卫健委预算最大的专项是哪个？", "各部门预算合计排名",
           "学生资助专项的联系人是谁？", "涉及乡村振兴的专项有哪些？", "垃圾分类清运处置专项有哪些核心指标？",
           "补助区县占比最高的5个专项"],
    "en": ["Which funds exceed 1 billion yuan?", "How many funds does the Education Commission have?",
           "Top 5 funds by district subsidies", "Who is the contact for the student aid fund?",
           "Which funds mention rural revitalization?", "Department totals ranked by budget"],
}


class QuestionError(CqbudgetError):
    """The question itself is unusable: empty, too long."""


class Unanswerable(CqbudgetError):
    """The engine cannot map the question to SQL; says what it did recognise."""

    def __init__(self, message, recognized=(), suggestions=(), examples=()):
        super().__init__(message)
        self.message = message
        self.recognized = list(recognized)
        self.suggestions = list(suggestions)
        self.examples = list(examples)

    def to_dict(self):
        return {"error": self.message, "recognized": self.recognized,
                "suggestions": self.suggestions, "examples": self.examples}

    def __str__(self):
        lines = [self.message]
        if self.recognized:
            lines.append("Recognised: " + "; ".join(self.recognized))
        if self.suggestions:
            lines.append("Did you mean: " + "、".join(self.suggestions))
        if self.examples:
            lines.append("Questions I can answer: " + " | ".join(self.examples))
        return "\n".join(lines)


def ask(question, db_path, model=None, fallback_model=None, context=None, conn=None):
    """Answer one question; returns the JSON-able result dict.

    conn: an open read-only sqlite3 connection to db_path to run the offline engine's
    queries on (the ask page passes Datasette's own), instead of opening one per query.
    """
    return answer(question, db_path, model=model, fallback_model=fallback_model, context=context, conn=conn)[0]


def answer(question, db_path, model=None, fallback_model=None, context=None, conn=None):
    """Like ask(), but also returns the understood question, for chat follow-ups."""
    text = _validate(question)
    if model and model != OFFLINE_MODEL:
        from .llm_sql import answer_with_model
        return answer_with_model(text, db_path, model), None
    try:
        return _offline(text, db_path, context, conn)
    except Unanswerable:
        fallback = fallback_model or os.environ.get(FALLBACK_ENV)
        if not fallback or fallback == OFFLINE_MODEL:
            raise
        from .llm_sql import answer_with_model
        result = answer_with_model(text, db_path, fallback)
        result.setdefault("notes", []).append(
            f"the offline engine could not parse this question; answered by {fallback}")
        return result, None


def _validate(question):
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("The question is empty. Ask something like: " + EXAMPLES["zh"][0])
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"The question is {len(question)} characters long; "
                            f"ask in at most {MAX_QUESTION} characters.")
    if "\x00" in question:
        raise QuestionError("The question contains a NUL character.")
    return question.strip()


def _offline(text, db_path, context, conn=None):
    vocab = load_vocabulary(db_path)
    cleaned = clean_question(text)
    lang = language(cleaned)
    if re.search(lexicon.OFF_TOPIC, cleaned, re.I):
        raise Unanswerable(
            "cqbudget answers questions about the 2024 key-funds document only." if lang == "en" else
            "cqbudget 只回答关于《重庆市 2024 年市级重点专项预算绩效》的问题。", examples=EXAMPLES[lang][:4])
    if re.search(lexicon.OPINION_WORDS, cleaned, re.I):
        raise Unanswerable(
            "The document states budgets and targets; it does not judge which fund is good or wasteful."
            if lang == "en" else "文件只列出预算和绩效目标，不评价专项的好坏或是否浪费。", examples=EXAMPLES[lang][:4])
    if re.search(lexicon.DISTRICTS, cleaned, re.I):
        raise Unanswerable(
            "The document gives each fund's total subsidy to districts and counties, not what any one district receives."
            if lang == "en" else "文件只给出每个专项补助区县的总额，没有分到各区县的金额。", examples=EXAMPLES[lang][:4])
    if re.search(lexicon.EXECUTION_WORDS, cleaned, re.I):
        raise Unanswerable(
            "The document has 2024 budgets and performance targets, not what has actually been spent."
            if lang == "en" else "文件只有2024年的预算和绩效目标，没有实际支出或执行进度。",
            examples=EXAMPLES[lang][:4])
    if re.search(lexicon.WRITE_WORDS, cleaned, re.I) or re.search(
            r"ignore (all |your |previous )*(instructions|rules)|忽略.{0,6}(指令|指示|规则)", cleaned, re.I):
        raise Unanswerable(
            "cqbudget only reads the budget document; it cannot change, delete or add anything."
            if lang == "en" else "cqbudget 只读取预算文件，不能修改、删除或添加任何数据。",
            examples=EXAMPLES[lang][:4])
    q = understand(cleaned, vocab)
    if re.search(lexicon.OTHER_YEAR_WORDS, cleaned, re.I):
        raise _unanswerable(q, cleaned, vocab, "The document covers the 2024 budget only." if lang == "en"
                            else "本文件只包含2024年的预算和绩效目标。")
    if re.search(lexicon.UNKNOWN_FACT_WORDS, cleaned, re.I):
        raise _unanswerable(q, cleaned, vocab,
                            "The document lists funds, amounts, indicators and contacts; it has nothing on that."
                            if lang == "en" else "文件只列出专项、金额、绩效指标和联系人，没有这方面的信息。")
    _refuse_out_of_scope(q, cleaned, vocab)
    if context is not None and (q.follow_up or not _has_subject(q)):
        q = merge(context, q)
    if not _is_answerable(q):
        raise _unanswerable(q, cleaned, vocab)
    if q.untranslated and not q.topics:
        raise _unanswerable(q, cleaned, vocab, "The document is in Chinese and I don't know the Chinese for "
                            f"“{q.untranslated[0]}”: ask with the Chinese term, e.g. “funds mentioning 乡村振兴”.")
    plan = compose(q)
    result = run_query(db_path, plan.sql, conn=conn)
    sources = _sources(db_path, plan, result, conn)
    sentence_text = sentence(plan, result.columns, result.rows, vocab, truncated=result.truncated)
    notes = list(q.notes)
    if q.ambiguous:
        names = [vocab.funds[s - 1][1] for s in q.funds]
        notes.append(f"“{q.fund_term}” matches several funds: {'、'.join(names[:8])}")
    return {
        "question": text,
        "model": OFFLINE_MODEL,
        "sql": result.sql,
        "columns": result.columns,
        "rows": result.rows,
        "answer": sentence_text,
        "sources": sources,
        "url": permalink(result.sql),
        "truncated": result.truncated,
        "notes": notes,
        "status": "ok" if result.rows else "empty",
    }, q


def permalink(sql):
    return f"/{DATABASE_NAME}?" + urllib.parse.urlencode({"sql": sql})


def _sources(db_path, plan, result, conn=None):
    rows = run_query(db_path, plan.sources_sql, max_rows=200, conn=conn).rows
    if "seq" in result.columns:
        wanted = {r[result.columns.index("seq")] for r in result.rows}
        rows = [r for r in rows if r[0] in wanted]
    return [{"seq": seq, "name": name, "line": line} for seq, name, line in rows]


def _has_subject(q):
    return bool(q.departments or q.funds or q.person or q.phone or q.topics or q.indicator_terms
                or q.name_terms or q.core is not None or q.qualitative is not None or q.unit or q.operator
                or q.mobile or q.target_texts)


def _is_answerable(q):
    signals = [_has_subject(q), q.conditions, q.zero, q.order, q.per_department, q.share,
               q.target in ("funds", "departments", "indicators"),
               q.aggregate and (q.metric or re.search(r"专项|资金|fund|program", q.text, re.I))]
    if not any(signals):
        return False
    if q.topics and not (q.target or q.departments or q.conditions or q.order or q.aggregate or q.field):
        return False
    if q.field in ("overview", "goal", "line") and not (q.funds or q.person or q.phone):
        return False
    if q.field in ("contact", "phone") and not (q.funds or q.person or q.phone or q.departments or q.topics
                                                or q.conditions or q.name_terms or q.order or q.aggregate or q.mobile):
        return False
    return True


_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?=\s*年|\b)")


def _refuse_out_of_scope(q, text, vocab):
    years = {m.group() for m in _YEAR.finditer(text)}
    if years - {"2024"}:
        raise Unanswerable(
            f"The document covers the 2024 budget only; it has nothing on {', '.join(sorted(years - {'2024'}))}."
            if q.lang == "en" else
            f"本文件只包含2024年预算，没有{'、'.join(sorted(years - {'2024'}))}年的数据。",
            recognized=q.recognized, examples=EXAMPLES[q.lang][:4])
    asked = re.search(r"的([\u4e00-\u9fff]{1,8}?)(是什么|是多少|是谁|有多少|为多少|是哪|怎么样|如何|在哪)", text)
    if asked and not re.search(lexicon.KNOWN_ATTRIBUTES, asked.group(1)) and not _has_known_term(q):
        raise _unanswerable(q, text, vocab, f"The document has no “{asked.group(1)}”."
                            if q.lang == "en" else f"文件中没有“{asked.group(1)}”这类信息。")
    asked = re.search(r"what(?: is|'s| are) the ([a-z ]{3,30}?) (?:of|for|in)\b", text, re.I)
    if asked and not re.search(r"budget|total|amount|spend|subsid|contact|phone|department|goal|overview|"
                               r"share|percent|number|count|average|indicator|target|weight|sum|largest|"
                               r"smallest|proportion|money|funding|line|name", asked.group(1), re.I):
        raise _unanswerable(q, text, vocab, f"The document has no “{asked.group(1)}”.")


def _has_known_term(q):
    return bool(q.indicator_terms or q.field or q.conditions or q.share)


def _unanswerable(q, text, vocab, message=None):
    lang = q.lang
    if message is None:
        message = ("I can't answer that from the 2024 key-funds document: I could not map the question to its data."
                   if lang == "en" else "无法根据《重庆市 2024 年市级重点专项预算绩效》回答这个问题：没能把它对应到文件中的数据。")
    return Unanswerable(message, recognized=q.recognized, suggestions=suggest(text, vocab),
                        examples=EXAMPLES[lang][:4])


def suggest(text, vocab, limit=5):
    """Fund and department names closest to the question's words."""
    names = {name: name for _, name, _, _ in vocab.funds}
    names.update({fund_core(name): name for _, name, _, _ in vocab.funds})
    names.update({alias: vocab.short_names.get(dept, dept) for alias, dept in vocab.departments.items()})
    chunks = re.findall(r"[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z ]{3,}", text)
    found = []
    for chunk in chunks:
        for match in difflib.get_close_matches(chunk, list(names), n=3, cutoff=0.5):
            if names[match] not in found:
                found.append(names[match])
    return found[:limit]


def merge(previous, current):
    """A follow-up: keep what the previous question established, override what the new one says."""
    merged = previous.copy()
    merged.text, merged.lang = current.text, current.lang
    merged.notes, merged.recognized = current.notes, previous.recognized + current.recognized
    if current.departments:
        merged.departments = current.departments
        merged.funds = [] if not current.funds else current.funds
    if current.funds:
        merged.funds, merged.fund_term, merged.ambiguous = current.funds, current.fund_term, current.ambiguous
    for name in ("person", "phone", "field", "unit", "core", "qualitative", "operator"):
        value = getattr(current, name)
        if value is not None:
            setattr(merged, name, value)
    if current.topics:
        merged.topics = current.topics
    if current.indicator_terms:
        merged.indicator_terms = current.indicator_terms
    for condition in current.conditions:
        merged.conditions = [c for c in merged.conditions if c.metric != condition.metric] + [condition]
    merged.zero.update(current.zero)
    if current.order:
        merged.order, merged.limit, merged.nth, merged.sort_only = (
            current.order, current.limit, current.nth, current.sort_only)
        merged.metric = current.metric
        if merged.aggregate in ("count", "sum", "avg") and not current.aggregate:
            merged.aggregate = None
    elif current.metric:
        merged.metric = current.metric
    if current.aggregate:
        merged.aggregate = current.aggregate
    if current.share:
        merged.share = current.share
    if current.target:
        merged.target = current.target
    if current.per_department:
        merged.per_department = True
    merged.listing = current.listing or merged.listing
    merged.follow_up = True
    return merged
