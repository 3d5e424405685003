"""How a question was read, span by span: 教委 → 部门 = 市教委 · 超过10亿元 → 预算 > 10亿元.

Shown by `cqbudget ask --explain` and the ask page, so a misreading can be seen
before a number is trusted.
"""

import re

from .. import metrics

_KEYS = sorted(metrics.METRICS, key=len, reverse=True)
_KEY = re.compile(r"(?<![A-Za-z_])(" + "|".join(_KEYS) + r")(?![A-Za-z_])")


def humane(meaning, lang="zh"):
    """A rule's meaning with metric keys replaced by their labels."""
    return _KEY.sub(lambda m: metrics.label(m.group(1), lang), meaning)


def explain(reading):
    """{understood: [{text, meaning}], unread: [...], resolved: [...], refusal, lines: [str]}."""
    lang = reading.lang
    understood = [{"text": text, "meaning": humane(meaning, lang)} for text, meaning in reading.understood]
    lines = [f"{item['text']} → {item['meaning']}" for item in understood]
    lines += [f"{item['text']} → {item['meaning']}" for item in reading.resolved]
    lines += [f"“{text}” → ？（没读懂）" if lang == "zh" else f"“{text}” → ? (not understood)" for text in reading.unread]
    if reading.refusal:
        lines.append(f"拒答：{reading.refusal.reason}（{reading.refusal.subject}）" if lang == "zh"
                     else f"refused: {reading.refusal.reason} ({reading.refusal.subject})")
    return {"understood": understood, "unread": list(reading.unread), "resolved": list(reading.resolved),
            "refusal": reading.refusal.reason if reading.refusal else None, "lines": lines,
            "notes": list(reading.notes)}
