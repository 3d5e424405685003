"""Names the database knows, found in a question: people, phones, departments, funds
(in full, in part, or glossed from English), fund numbers, topics and name fragments.
"""

import re

from . import lexicon as L
from .question import Masked, Question, is_chinese, note
from .vocab import COLUMN_WORDS, GLOSSES, STOP_TERMS, fund_core


def find_people(q, m, vocab):
    for person in sorted(vocab.contacts, key=len, reverse=True):
        if len(person) >= 2 and person in m.text:
            q.person = person
            note(q, "contact", person)
            m.take_pattern(re.escape(person))
            break
    for found in m.find_all(r"\d{7,12}"):
        if found.group() in vocab.phones:
            q.phone = found.group()
            note(q, "phone", q.phone)
            m.take(found.start(), found.end())


def find_seq_reference(q, m, vocab):
    found = m.find_all(r"(?:序号|编号|第)\s*(?:为|是)?\s*(\d{1,3})\s*(?:号)?(?=的?(?:专项|资金|项目))|序号\s*(?:为|是)?\s*(\d{1,3})|"
                       r"(?:\bno\.?|\bnumber|#|\bseq(?:uence)?)\s*(\d{1,3})\b|\bfund\s+(\d{1,3})\b")
    for hit in found:
        seq = int(next(g for g in hit.groups() if g))
        if 1 <= seq <= len(vocab.funds):
            q.funds = [seq]
            q.fund_term = hit.group()
            note(q, "fund", vocab.funds[seq - 1][1])
            m.take(hit.start(), hit.end())
            return


def find_name_terms(q, m):
    """名称中含有“X” / names containing X: a substring of names, not a topic."""
    pattern = (r"(?:名称|名字|标题|name|names|titles?)\s*(?:中|里|里面|上)?\s*(?:包含|含有|含|带有|带|有|contains?|containing|"
               r"includes?|with)(?:\s*(?:the\s+)?(?:word|term|character)s?)?\s*[“\"'「]?([\u4e00-\u9fffA-Za-z0-9%]{1,12}?)[”\"'」]?"
               r"(?=\s*(?:的|$|\?|？|,|，|、|且|并且|而且|和|专项|指标|资金|项目|funds?|indicators?|and\b))")
    for found in m.find_all(pattern):
        q.name_terms.append(found.group(1))
        note(q, "name contains", found.group(1))
        m.take(found.start(), found.end())


def find_departments(q, m, vocab):
    for alias in vocab.department_aliases_longest_first():
        pattern = re.escape(alias.lower() if q.lang == "en" else alias)
        if q.lang == "en" and re.search(r"[a-z]", alias):
            pattern = r"\b" + pattern + r"s?\b"
        for found in m.find_all(pattern):
            department = vocab.departments[alias]
            before = m.text[max(0, found.start() - 12):found.start()]
            if re.search(r"(除了|除去|除|不算|不包括|不含|排除|excluding|except(?: for)?|other than|apart from|besides|"
                         r"not counting)\s*(the\s+)?$", before, re.I):
                if department not in q.exclude_departments:
                    q.exclude_departments.append(department)
                    note(q, "excluding department", vocab.short_names.get(department, department))
            elif department not in q.departments:
                q.departments.append(department)
                note(q, "department", vocab.short_names.get(department, department))
            m.take(found.start(), found.end())


TERM_TRIM = re.compile(r"^(的|了|到|与|和|跟|同|中|里|上|下|在|有|于)+|(的|方面|领域|工作|问题|内容|事项|专项|资金|项目|相关|有关)+$")


def find_topics(q, m, vocab):
    if q.lang == "zh":
        patterns = [
            rf"(?:{L.TOPIC_BEFORE})(?:了|过)?\s*[“\"「]?([\u4e00-\u9fffA-Za-z0-9]{{2,12}}?)[”\"」]?\s*(?:的|相关|有关|方面|领域|类|工作|内容|字样|这个词|一词)",
            r"(?:和|与|跟|同)\s*([\u4e00-\u9fff]{2,10}?)\s*(?:有关|相关)",
            rf"(?:{L.TOPIC_BEFORE})(?:了|过)?\s*[“\"「]([^”\"」]{{1,20}})[”\"」]",
            rf"(?:{L.TOPIC_BEFORE})\s*([\u4e00-\u9fff]{{2,10}})$",
        ]
    else:
        patterns = [
            rf"\b(?:{L.TOPIC_BEFORE})\s+[\"']([^\"']{{1,40}})[\"']",
            rf"\b(?:{L.TOPIC_BEFORE})\s+(?:the\s+)?([a-z][a-z\- ]{{1,40}}?|[\u4e00-\u9fff]{{2,12}})"
            rf"(?=\s*(?:\?|$|,|\.|\(|\bfunds?\b|\bprograms?\b|\bindicators?\b|\bin\b|\bwith\b|\band\b|\bthat\b|\bwhich\b))",
            r"\b([a-z][a-z\- ]{1,30}?)[\- ]related\b",
        ]
    for pattern in patterns:
        for found in m.find_all(pattern):
            term = found.group(1).strip()
            term = re.sub(r"^the\s+", "", term)
            end = found.end()
            # "the Smart China Expo (智博会)": the Chinese in brackets is the term
            bracketed = re.match(r"[^(（?]{0,40}?[(（]\s*([\u4e00-\u9fff]{2,12})\s*[)）]", m.text[end:])
            if q.lang == "en" and bracketed:
                term, end = bracketed.group(1), end + bracketed.end()
            if q.lang == "zh":
                term = TERM_TRIM.sub("", term)
            term = gloss(term)
            if q.lang == "en" and term and not is_chinese(term) and not re.search(r"多少|which|how many", term):
                q.untranslated.append(term)
            if not term or term in STOP_TERMS or re.fullmatch(r"(专项|资金|项目|指标|funds?|indicators?)", term) \
                    or re.search(r"多少|几个|哪些|哪个|部门|专项|资金|预算|which|how many", term) \
                    or any(term in words or any(w in term for w in words if len(w) >= 4) for words in COLUMN_WORDS.values()):
                continue
            after = m.text[found.end():found.end() + 6]
            if re.match(r"\s*(的|类|相关的?|有关的?)?\s*(绩效)?指标|\s*indicators?", after, re.I):
                if term not in q.indicator_terms:
                    q.indicator_terms.append(term)
                    q.indicators_mentioned = True
                    note(q, "indicator name contains", term)
            elif term not in q.topics:
                q.topics.append(term)
                note(q, "topic", term)
            m.take(found.start(), end)


# Short forms people use for words in fund names (医保 for 医疗保障).
ABBREVIATIONS = {"医疗保障": "医保", "计划生育": "计生", "社会保障": "社保", "文化和旅游": "文旅",
                 "乡村振兴": "乡振", "国有资产": "国资", "知识产权": "知产", "中小微企业": "中小微"}


def abbreviated(name):
    for long, short in ABBREVIATIONS.items():
        name = name.replace(long, short)
    return name


def gloss(term):
    """English topic words to the Chinese the document uses."""
    if is_chinese(term):
        return term
    term = term.lower().strip()
    term = re.sub(r"\b(funds?|programs?|projects?|the|a|an|of|and|issues?|work)\b", " ", term).strip()
    term = re.sub(r"\s+", " ", term)
    if term in GLOSSES:
        return GLOSSES[term]
    for english in sorted(GLOSSES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(english)}\b", term):
            return GLOSSES[english]
    return term or None


def longest_common(a, b):
    best, where = 0, (0, 0)
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1] and a[i - 1] != " ":
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, where = current[j], (i - current[j], i)
        previous = current
    return best, where


def find_funds(q, m, vocab):
    if q.lang == "en":
        find_funds_english(q, m, vocab)
        return
    text = m.text
    scored = []
    for seq, name, table_name, _ in vocab.funds:
        best = (0, (0, 0), 0.0)
        plain = [re.sub(r"[“”\"（）()]", "", n) for n in (name, table_name)]
        for candidate in {name, table_name, fund_core(name), fund_core(table_name), *plain, *map(fund_core, plain)}:
            length, span = longest_common(text, candidate)
            core = fund_core(candidate)
            ratio = length / max(len(core), 1)
            if length > best[0] or (length == best[0] and ratio > best[2]):
                best = (length, span, ratio)
        length, span, ratio = best
        matched = text[span[0]:span[1]]
        if matched in STOP_TERMS or re.fullmatch(r"[的了是有和与及]+", matched or "的"):
            continue
        core_len = len(fund_core(name))
        if length >= 4 or (length >= 3 and ratio >= 0.5) or (length >= 2 and length == core_len):
            scored.append((length, ratio, seq, span))
    # "X专项" where X is part of several fund names: an ambiguous reference.
    for found in re.finditer(r"([\u4e00-\u9fff]{2,8})(?:专项|资金|类专项)", text):
        term = found.group(1)
        term = re.sub(r"^(的|有|在|和|与|及)", "", term)
        term = re.sub(r"(的|类|那个|这个|的那个|这一|那一)$", "", term)
        matches = [seq for seq, name, table_name, _ in vocab.funds if len(term) >= 2 and
                   term not in STOP_TERMS and any(term in n for n in (name, table_name, abbreviated(name)))]
        if matches and not scored:
            for seq in matches:
                scored.append((len(term), len(term) / max(len(fund_core(vocab.funds[seq - 1][1])), 1),
                               seq, (found.start(1), found.start(1) + len(found.group(1)))))
    if not scored:
        return
    top = max(s[0] for s in scored)
    best = [s for s in scored if s[0] == top]
    exact = [s for s in best if s[1] >= 0.999]
    chosen = exact or best
    q.funds = [s[2] for s in sorted(chosen, key=lambda s: -s[1])]
    start, end = chosen[0][3]
    q.fund_term = text[start:end].strip()
    q.ambiguous = len(q.funds) > 1
    names = [vocab.funds[seq - 1][1] for seq in q.funds]
    note(q, "fund", "、".join(names) if len(names) <= 5 else f"{len(names)} funds matching {q.fund_term}")
    for s in chosen:
        m.take(*s[3])


def find_funds_english(q, m, vocab, named_only=False):
    """English questions name funds by Chinese name, or by English words we gloss."""
    text = m.text
    for found in re.finditer(r"[\u4e00-\u9fff“”（）()]{2,30}", text):
        if named_only and not (found.group().endswith("专项") or
                               any(found.group() in (name, fund_core(name)) for _, name, _, _ in vocab.funds)):
            continue
        sub = Question(text=found.group())
        sub_mask = Masked(found.group())
        find_funds(sub, sub_mask, vocab)
        if sub.funds:
            q.funds, q.fund_term, q.ambiguous = sub.funds, sub.fund_term, sub.ambiguous
            q.recognized += sub.recognized
            m.take(found.start(), found.end())
            return
    if named_only:
        return
    if q.topics or not re.search(r"\b(?:fund|program|programme)\b(?!s)", text):
        return
    hits = []
    for english in sorted(GLOSSES, key=len, reverse=True):
        for hit in re.finditer(rf"\b{re.escape(english)}\b", text):
            if not any(h.start() <= hit.start() < h.end() for h in hits):
                hits.append(hit)
    terms = {GLOSSES[h.group()] for h in hits}
    scores = {seq: sum(term in name or term in table_name for term in terms)
              for seq, name, table_name, _ in vocab.funds}
    best = max(scores.values(), default=0)
    if best:
        matches = [seq for seq, score in scores.items() if score == best]
        used = [h for h in hits if any(GLOSSES[h.group()] in vocab.funds[s - 1][1] for s in matches)]
        q.funds, q.fund_term, q.ambiguous = matches, " ".join(h.group() for h in used), len(matches) > 1
        note(q, "fund", "、".join(vocab.funds[s - 1][1] for s in matches[:5]))
        for h in used:
            m.take(h.start(), h.end())
