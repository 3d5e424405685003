"""The one way cqbudget writes amounts and percentages, everywhere a person reads them.

The database stores amounts in 万元 with two decimals, as the document prints
them.  People read large amounts in 亿元 (1 亿元 = 10,000 万元), English
readers in million / billion yuan (1 million yuan = 100 万元).

    >>> wan(369379)
    '369,379.00'
    >>> yi(369379)
    '36.94'
    >>> yi(12)            # two decimals would say 0.00
    '0.0012'
    >>> say(369379, "zh"), say(650, "zh"), say(0, "zh")
    ('36.94亿元', '650.00万元', '0元')
    >>> say(369379, "en"), say(650, "en")
    ('3.69 billion yuan', '6.50 million yuan')
"""

import math

WAN_PER_YI = 10000.0
WAN_PER_MILLION = 100.0
WAN_PER_BILLION = 100000.0


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _decimals(value, places=2):
    """value with two decimals, or more when two would round a non-zero value to 0.00."""
    if value == 0 or abs(value) >= 0.005:
        return f"{value:,.{places}f}"
    digits = places
    while round(abs(value), digits) == 0 and digits < 8:
        digits += 1
    return f"{value:,.{digits + 1}f}".rstrip("0")


def wan(value):
    """万元 with two decimals and thousands separators, as the document prints them."""
    return f"{value:,.2f}"


def yi(value_wan):
    """The 万元 amount in 亿元, two decimals (more only when two would show 0.00)."""
    return _decimals(value_wan / WAN_PER_YI)


def say(value_wan, lang="zh"):
    """An amount in a sentence: 亿元 from 1 亿 up, else 万元; million/billion yuan in English."""
    if value_wan is None or not _is_number(value_wan):
        return "—"
    if value_wan == 0:
        return "0元" if lang == "zh" else "0 yuan"
    if lang == "zh":
        return f"{yi(value_wan)}亿元" if abs(value_wan) >= WAN_PER_YI else f"{wan(value_wan)}万元"
    if abs(value_wan) >= WAN_PER_BILLION:
        return f"{_decimals(value_wan / WAN_PER_BILLION)} billion yuan"
    return f"{_decimals(value_wan / WAN_PER_MILLION)} million yuan"


def percent(value):
    """A percentage with two decimals: 42.50%."""
    if not _is_number(value):
        return "—"
    return f"{_decimals(value)}%"


def count(value):
    """A count or a plain number: 12, 1,234, 0.5."""
    if not _is_number(value):
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
