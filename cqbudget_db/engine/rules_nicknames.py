"""Funds named the way people say them: left out (除了城市提升专项以外 / 民航发展专项不算),
shortened (国企创新那个专项 / 水利基建那个专项), or as the measure of others (比学生资助专项大的专项)."""

from .lexicon import load_names
from ..metrics import AMOUNTS
from .query import Condition
from .rules_names import _add_funds
from .vocab import core


def than_fund(r):
    """比学生资助专项大的专项 / 补助区县超过学生资助专项的专项 / funds bigger than the 学生资助专项 /
    funds with a larger district subsidy than the 学生资助专项 → other funds measured against that one."""
    named = r.all("fund")
    if len(named) != 1 or len(r.spans[named[0]].value) != 1 or not r.all("noun", "funds"):
        return
    i = named[0]
    seq = next(iter(r.spans[i].value))
    found = _before_fund(r, i) or _after_fund(r, i)
    if found is None:
        return
    op, words = found
    inside = [k for k in range(min(words), max(words) + 1) if r.spans[k].has("metric") and r.free(k)]
    metric_at = inside[0] if inside else r.before(min(words + [i]), "metric", reach=2)    # 预算比… / budget than
    metric = r.spans[metric_at].sense("metric") if metric_at is not None else "total"
    r.query.conditions.append(Condition(metric, op, ref_fund=seq, text=r.phrase(min(words + [i]), max(words + [i]))))
    r.take(i, *words, *([metric_at] if metric_at is not None else []),
           meaning=f"{metric} {op} {r.vocab.fund_name(seq)}")


def than_department(r):
    """哪些部门的预算比卫健委多 / which departments have a larger total budget than the Health Commission →
    departments whose sum is measured against that department's."""
    asked = r.all("noun", "departments", free=False) + r.all("field", "department", free=False)
    named = [i for i, s in enumerate(r.spans) if s.kind == "department"]
    if not asked or len(named) != 1 or len(set(r.query.departments)) != 1:
        return
    i, department = named[0], r.query.departments[0]
    found = _before_fund(r, i) or _after_fund(r, i)
    if found is None:
        return
    op, words = found
    inside = [k for k in range(min(words + [i]), max(words + [i]) + 1) if r.spans[k].has("metric") and r.free(k)]
    metric_at = inside[0] if inside else r.before(min(words + [i]), "metric", reach=2)
    before = r.neighbour(min(words + [i]), -1)      # 专项比水利局多 / more funds than …: a count of funds
    counted = any(r.spans[k].has("noun", "funds") for k in range(min(words + [i]), max(words + [i]) + 1)) or \
        before is not None and r.spans[before].has("noun", "funds") and metric_at is None
    metric = "fund_count" if counted and not inside else \
        r.spans[metric_at].sense("metric") if metric_at is not None else "total"     # more funds than …
    if metric not in AMOUNTS + ("fund_count",):
        return
    r.query.departments = []
    r.query.group_conditions.append(Condition(metric, op, ref_department=department, level="group",
                                              text=r.phrase(min(words + [i]), max(words + [i]))))
    shown = f"{metric} {op} {r.vocab.short(department)}"
    r.reading.understood = [(t, shown if t == r.spans[i].text else m) for t, m in r.reading.understood]
    r.take(*words, *([metric_at] if metric_at is not None else []))


def _before_fund(r, i):
    """超过学生资助专项 / bigger than the 学生资助专项 / larger … than the 学生资助专项."""
    j = r.neighbour(i, -1)
    if j is None:
        return None
    if r.spans[j].kind == "compare_before" and r.spans[j].value in (">", ">=", "<", "<=") and \
            r.spans[j].text not in ("under", "beneath"):      # the indicator under the science fund: whose
        return r.spans[j].value, [j]
    if r.spans[j].kind == "than":
        comparative = r.before(j, "comparative", reach=2)
        if comparative is not None:
            return (">" if r.spans[comparative].sense("comparative") == "larger" else "<"), [comparative, j]
    return None


def _after_fund(r, i):
    """比学生资助专项多 / 比学生资助专项大: 比 before the name, the direction after it."""
    j, k = r.neighbour(i, -1), r.neighbour(i, 1)
    if j is None or k is None or r.spans[j].kind != "than":
        return None
    if r.spans[k].has("metric") and k + 1 < len(r.spans):      # 比学生资助专项钱还多: the metric said after the name
        k += 1
    if r.spans[k].text in ("还", "更", "要", "还要") and k + 1 < len(r.spans):
        k += 1
    word, more, less = r.spans[k].text, r.vocab.lists["more"], r.vocab.lists["less"]
    if word not in more + less or k + 1 < len(r.spans) and r.spans[k + 1].text.startswith(("多少", "几")):
        return None
    return (">" if word in more else "<"), [j, k]



def excluded_funds(r):
    """除了城市提升专项以外 / 民航发展专项不算在内 / except the 学生资助专项 → the fund is left out."""
    q = r.query
    for i in r.all("fund"):
        seqs = sorted(r.spans[i].value)
        before, after = r.before(i, "exclude", reach=2), r.after(i, "exclude", reach=2)
        if len(seqs) != 1 or (before is None and after is None):
            continue
        q.exclude_funds.append(seqs[0])
        r.take(i, *(k for k in (before, after) if k is not None), meaning=f"不含{r.vocab.fund_name(seqs[0])}")


def nicknamed_funds(r):
    """国企创新那个专项 / 水利基建那个专项 / the 国企创新 fund → the one fund whose name has every character
    of the short form (in order, if several have them all)."""
    for lo, hi, pointed in _runs_before_fund_word(r):
        chunk = "".join(r.spans[k].text for k in range(lo, hi + 1) if r.spans[k].kind != "function")
        seq = nickname_fund(r.vocab, chunk, pointed=pointed)
        if seq is not None:
            r.note(f"“{chunk}”读作“{r.vocab.fund_name(seq)}”")
            _add_funds(r, lo, [seq], chunk)
            r.take(*range(lo, hi + 1))


def nickname_fund(vocab, chunk, pointed=False):
    """The one fund a short form stands for (医保 said for 医疗保障, as names.yaml has it), or None."""
    for short, long in load_names()["fund_words"].items():
        chunk = chunk.replace(short, long)
    if len(chunk) < (2 if pointed else 3) or chunk.isascii():
        return None
    if len(chunk) == 2:     # 水运那个专项 / 民航的呢: two characters only as the start of one fund's name
        starting = [seq for seq, f in vocab.funds.items() if core(f.name).startswith(chunk)] or \
            [seq for seq, f in vocab.funds.items() if _in_order(chunk, core(f.name))]     # 地灾那个专项
        return starting[0] if len(starting) == 1 else None
    inside = [seq for seq, f in vocab.funds.items() if chunk in f.name]
    if len(inside) == 1:
        return inside[0]            # 体彩公益金那个: part of one fund's name, said as is
    having = [seq for seq, f in vocab.funds.items() if all(ch in core(f.name) for ch in chunk)]
    if len(having) > 1:
        having = [seq for seq in having if _in_order(chunk, core(vocab.funds[seq].name))]
    return having[0] if len(having) == 1 else None


def _in_order(chunk, name):
    position = 0
    for ch in chunk:
        position = name.find(ch, position)
        if position < 0:
            return False
        position += 1
    return True


def _after_a_fund(r, j):
    """民航的呢, right after a question about one fund: the 呢 stands for 那个专项."""
    state = r.state
    return r.spans[j].text in ("呢", "的呢") and j == len(r.spans) - 1 - sum(
        1 for s in r.spans[j + 1:] if s.kind == "function") and state is not None and bool(state.funds) and \
        state.focus is not None and state.focus[0] == "fund"


def _runs_before_fund_word(r):
    """Free runs of words the lexicon does not know, right before 专项 / 那个专项 / fund."""
    for j, span in enumerate(r.spans):
        pointed = span.kind == "pronoun" and (
            "专项" in span.text or "fund" in span.text or span.text in ("那个", "这个", "那一个", "这一个")) or \
            _after_a_fund(r, j)     # 水运那个专项 / 民航的呢: a short form said as a name (关于公路的专项 is a topic)
        if not (pointed or span.has("noun", "funds")):
            continue
        hi = j - 1
        while hi >= 0 and r.spans[hi].kind == "function" and r.spans[hi].text not in ("的", "the"):
            hi -= 1
        lo = hi
        while lo >= 0 and r.free(lo) and r.spans[lo].kind in ("unknown", "term", "gloss", "function"):
            lo -= 1
        lo += 1
        while lo <= hi and r.spans[lo].kind == "function":
            lo += 1
        if lo <= hi and any(r.spans[k].kind in ("unknown", "term") for k in range(lo, hi + 1)):
            yield lo, hi, pointed
