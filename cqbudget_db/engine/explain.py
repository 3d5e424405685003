"""How a question was read, span by span: 教委 → 部门 = 市教委 · 超过10亿元 → 预算 > 10亿元.

Shown by `cqbudget ask --explain` and the ask page, so a misreading can be seen
before a number is trusted.
"""

import re

from .. import metrics
from .describe import and_list, ordinal

_KEYS = sorted(metrics.METRICS, key=len, reverse=True)
_KEY = re.compile(r"(?<![A-Za-z_])(" + "|".join(_KEYS) + r")(?![A-Za-z_])")
_METRIC = r"(\?|" + "|".join(_KEYS) + r"|[a-z_]+)"
_OP = r"(>=|<=|>|≥|<|≤|=|≠)"

# Words of the meanings that are not metrics: what a question asks to see (显示：…), which field (字段：…).
_WORDS = {
    "target": ("目标值", "target value"), "target_value": ("目标值", "target value"), "unit": ("计量单位", "unit"),
    "operator": ("指标性质", "operator"), "core": ("核心", "core"), "non_core": ("非核心", "non-core"),
    "qualitative": ("定性", "qualitative"), "quantitative": ("定量", "quantitative"),
    "indicator_share": ("指标占比", "share of indicators"), "name": ("名称", "name"),
}
_WHERE = {"名称": "name", "概况": "overview", "绩效目标": "goal", "指标": "indicators", "指标名称": "indicator name"}
_PROPERTIES = {"核心指标": "core indicators", "非核心指标": "non-core indicators", "定性指标": "qualitative indicators",
               "定量指标": "quantitative indicators"}
_PLAIN = {"差额": "difference", "倍数": "ratio", "百分比": "percentage", "哪个更大": "which is larger",
          "哪个更小": "which is smaller", "最大值与最小值": "largest and smallest",
          "最大值与最小值之差": "gap between largest and smallest", "平均": "average", "计数": "count", "合计": "total",
          "中位数": "median", "占比": "share", "目标值": "target value", "每行显示指标数": "number of indicators per row",
          "每行显示专项数": "number of funds per row", "问：哪个部门": "asks: which department", "按部门": "by department",
          "手机号（11位）": "mobile phone number (11 digits)", "—": "—"}
_LABELLED = {"部门": "department", "专项": "fund", "联系人": "contact", "电话": "phone", "指标": "indicator",
             "指标性质": "operator", "计量单位": "unit", "指标值": "target"}


def _word(key, lang):
    """A metric, field or indicator attribute by its label in lang: 补助区县 / subsidies to districts / 联系人."""
    if key in metrics.METRICS or key in metrics.FIELDS:
        return metrics.label(key, lang)
    if key in _WORDS:
        return _WORDS[key][0 if lang == "zh" else 1]
    return key


def _or(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _department(name, vocab):
    """市教委 → Education Commission, with the database's English names."""
    if vocab is None:
        return name
    for full, short in vocab.short_names.items():
        if name in (short, full) and vocab.english_names.get(full):
            return vocab.english_names[full]
    return name


def _english_condition(meaning):
    found = re.fullmatch(r"(平均|合计)?" + _METRIC + " " + _OP + r" (.+?)", meaning)
    if not found:
        return None
    prefix, key, op, rest = found.groups()
    before = {"平均": "average ", "合计": "total "}.get(prefix, "")
    rest = re.sub(r"^平均值（本部门）$", "the average of its department", rest)
    rest = re.sub(r"^平均值$", "the average", rest)
    rest = re.sub(r"（每个专项）$", " (every fund)", rest)
    rest = re.sub(r"（全部是(\S+)）$", lambda m: f" (all {_word(m.group(1), 'en')})", rest)
    rest = rest.replace("（全部补助区县）", " (all subsidies to districts)")
    rest = _KEY.sub(lambda m: _word(m.group(1), "en"), rest)
    return f"{before}{_word(key, 'en')} {op} {rest}"


def _english(meaning, vocab):
    """A meaning (written by the rules in Chinese, with metric keys) read in English."""
    if meaning in _PLAIN:
        return _PLAIN[meaning]
    if meaning in _PROPERTIES:
        return _PROPERTIES[meaning]
    rules = [
        (r"按" + _METRIC + r"取前(\d+)（从(大到小|小到大)）",
         lambda m: f"{'top' if m[3] == '大到小' else 'bottom'} {m[2]}" + ("" if m[1] == "?" else f" by {_word(m[1], 'en')}")),
        (r"按" + _METRIC + r"排第(\d+)（从(大到小|小到大)）",
         lambda m: f"{ordinal(int(m[2]))} {'largest' if m[3] == '大到小' else 'smallest'}"
                   + ("" if m[1] == "?" else f" by {_word(m[1], 'en')}")),
        (r"按" + _METRIC + r"排序（从(大到小|小到大)）",
         lambda m: ("sorted" if m[1] == "?" else f"sorted by {_word(m[1], 'en')}")
                   + f", {'largest' if m[2] == '大到小' else 'smallest'} first"),
        (_METRIC + r"(最大|最小)",
         lambda m: ("largest" if m[2] == "最大" else "smallest") + ("" if m[1] == "?" else f" {_word(m[1], 'en')}")),
        (r"显示：(.+)", lambda m: f"show: {_word(m[1], 'en')}"),
        (r"字段：(.+)", lambda m: f"asks: {_word(m[1], 'en')}"),
        (r"比例：(\S+) / (\S+)", lambda m: f"{_word(m[1], 'en')} as a share of {_word(m[2], 'en')}"),
        (r"比例：(\S+)", lambda m: _word(m[1], "en") if "share" in _word(m[1], "en") else f"share: {_word(m[1], 'en')}"),
        (r"单位：(.+)", lambda m: f"in {m[1]}"),
        (r"没有(核心指标|非核心指标|定性指标|定量指标)", lambda m: f"without {_PROPERTIES[m[1]]}"),
        (r"部门 = (.+)", lambda m: f"department = {_department(m[1], vocab)}"),
        (r"(专项|联系人|电话|指标|指标性质|计量单位|指标值) = (.+)", lambda m: f"{_LABELLED[m[1]]} = {m[2]}"),
        (r"除(.+)外", lambda m: f"except {_department(m[1], vocab)}"),
        (r"不含(.+)", lambda m: f"excluding {m[1]}"),
        (r"（(.+)共(\d+)个专项）", lambda m: f"({_department(m[1], vocab)} has {m[2]} funds)"),
        (r"(\d{4})年", lambda m: f"year {m[1]}"),
        (r"((?:名称|概况|绩效目标|指标名称|指标)(?:、(?:名称|概况|绩效目标|指标))*)含“(.*)”",
         lambda m: f"“{m[2]}” in {_or([_WHERE[w] for w in m[1].split('、')])}"),
        (_METRIC + r" 在 (.+) 之间", lambda m: f"{_word(m[1], 'en')} between {m[2]}"),
        (r"每个专项的" + _METRIC + r"都(为0|大于0)",
         lambda m: f"every fund's {_word(m[1], 'en')} {'= 0' if m[2] == '为0' else '> 0'}"),
        (r"(.+?) → (.+)", lambda m: f"{m[1]} → " + and_list([_department(n, vocab) for n in m[2].split("、")], "en")),
    ]
    for pattern, write in rules:
        found = re.fullmatch(pattern, meaning)
        if found:
            return write(found)
    condition = _english_condition(meaning)
    if condition:
        return condition
    return _KEY.sub(lambda m: _word(m.group(1), "en"), meaning)


def _chinese(meaning):
    """A meaning in Chinese with no internal names left: 按?排第2 → 排第2, 字段：contact → 问：联系人."""
    meaning = re.sub(r"按\?(排序|排第|取前)", r"\1", meaning)
    meaning = re.sub(r"^\?(最大|最小)$", r"\1", meaning)
    meaning = re.sub(r"^字段：([a-z_]+)$", lambda m: f"问：{_word(m[1], 'zh')}", meaning)
    meaning = re.sub(r"^显示：([a-z_]+)$", lambda m: f"显示：{_word(m[1], 'zh')}", meaning)
    meaning = re.sub(r"^比例：([a-z_]+)( / ([a-z_]+))?$",
                     lambda m: f"比例：{_word(m[1], 'zh')}" + (f"相当于{_word(m[3], 'zh')}" if m[3] else ""), meaning)
    return _KEY.sub(lambda m: metrics.label(m.group(1), "zh"), meaning)


def humane(meaning, lang="zh", vocab=None):
    """A rule's meaning as a reader of the question's language reads it: metric keys replaced by their
    labels, and in English questions the whole meaning in English (department names from vocab)."""
    if lang == "en":
        return _english(meaning, vocab)
    return _chinese(meaning)


def explain(reading, vocab=None):
    """{understood: [{text, meaning}], unread: [...], resolved: [...], refusal, lines: [str]}."""
    lang = reading.lang
    understood = [{"text": text, "meaning": humane(meaning, lang, vocab)} for text, meaning in reading.understood]
    lines = [f"{item['text']} → {item['meaning']}" for item in understood]
    lines += [f"{item['text']} → {item['meaning']}" for item in reading.resolved]
    lines += [f"“{text}” → ？（没读懂）" if lang == "zh" else f"“{text}” → ? (not understood)" for text in reading.unread]
    if reading.refusal:
        lines.append(f"拒答：{reading.refusal.reason}（{reading.refusal.subject}）" if lang == "zh"
                     else f"refused: {reading.refusal.reason} ({reading.refusal.subject})")
    return {"understood": understood, "unread": list(reading.unread), "resolved": list(reading.resolved),
            "refusal": reading.refusal.reason if reading.refusal else None, "lines": lines,
            "notes": list(reading.notes)}
