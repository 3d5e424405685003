"""Topics asked about without a word for "mentions": 渝新欧是哪个专项里的 / 老旧小区改造在哪个专项里 /
HPV疫苗接种是哪个专项在做 / Which fund pays for the 重庆国际人才交流大会?

A question that asks which fund, names no fund, and has one run of words no rule has read is
asking which fund's text speaks of them.  The run is looked for as written when the document has
it; words the document has only apart are each looked for (all of them); words it does not have
at all stay unread, so the question is refused rather than answered with an empty list.
"""

from .query import TextMatch

TOPIC_KINDS = ("term", "unknown")


def topic_of_fund(r):
    """渝新欧是哪个专项里的 / 奉建高速属于哪个专项 → funds whose name, overview, goal or indicators mention it."""
    q = r.query
    if q.texts or q.funds or not _asks_which_fund(r):
        return
    runs = _runs(r)
    if len(runs) != 1:
        return
    run = runs[0]
    words = [r.spans[i].text for i in run]
    corpus = (r.vocab.fund_text + "\n" + r.vocab.indicator_text).lower()
    whole = "".join(words)
    if len(whole) < 2 or any(len(w) < 2 for w in words) and len(whole) < 4:
        return              # 做 / 最 / 人: a character left over is not a topic
    if whole.lower() in corpus:
        terms = [whole]
    elif all(r.spans[i].kind == "term" and len(w) >= 2 for i, w in zip(run, words)):
        terms = words
    else:
        return
    for term in terms:
        q.texts.append(TextMatch(term))
    r.take(*run, meaning="、".join(f"提到“{t}”" for t in terms))


def _asks_which_fund(r):
    spans = r.spans
    return any(s.has("ask", "which") for s in spans) and any(s.has("noun", "funds") for s in spans)


def _runs(r):
    """Maximal runs of unread topic words (a 的 between them does not break a run)."""
    runs, current = [], []
    for i, span in enumerate(r.spans):
        if r.free(i) and span.kind in TOPIC_KINDS and not span.text.isascii():
            current.append(i)
        elif not (current and span.kind == "function" and span.text == "的" and _continues(r, i)):
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _continues(r, i):
    return i + 1 < len(r.spans) and r.free(i + 1) and r.spans[i + 1].kind in TOPIC_KINDS
