"""The one way cqbudget writes amounts and percentages, everywhere a person reads them.

The database stores amounts in 万元 with two decimals, as the document prints
them.  People read large amounts in 亿元 (1 亿元 = 10,000 万元), English
readers in million / billion yuan (1 million yuan = 100 万元).  The CLI tables,
the answer sentences, the ask page, Datasette's cells and the dashboard all
write amounts with the functions here; JSON rounds its numbers with
round_rows().

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
    >>> both(369379), both(0), both(369379, "en")
    ('369,379.00 万元（36.94 亿元）', '0.00 万元', '369,379.00 万元 (3.69 billion yuan)')
    >>> round_rows(["name", "total", "district_share"], [("x", 51749.869999999995, 12.345678)])
    [['x', 51749.87, 12.35]]
"""

import decimal
import math

WAN_PER_YI = 10000.0
WAN_PER_MILLION = 100.0
WAN_PER_BILLION = 100000.0
PLACES = 2  # the document prints amounts in 万元 with two decimals


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _places(value, places=PLACES):
    """How many decimals show value: two, or more when two would round a non-zero value to 0.00."""
    if value == 0 or abs(value) >= 0.5 * 10 ** -places:
        return places
    digits = places
    while round(abs(value), digits) == 0 and digits < 8:
        digits += 1
    return digits + 1  # two significant digits: 0.0012, not 0.001


def decimals(value, places=PLACES):
    """A plain number with two decimals and thousands separators, more when two would show 0.00."""
    digits = _places(value, places)
    text = f"{half_up(value, digits) + 0.0:,.{digits}f}"
    return text if digits == places else text.rstrip("0")


def wan(value):
    """万元 with two decimals and thousands separators, as the document prints them: 12,345.60."""
    return f"{half_up(value, 2) + 0.0:,.2f}"


def yi(value_wan):
    """The 万元 amount in 亿元, two decimals (more only when two would show 0.00): 36.94."""
    return decimals(value_wan / WAN_PER_YI)


UNITS = ("wan", "yi", "million", "billion")


def say(value_wan, lang="zh", unit=None):
    """An amount in a sentence: 亿元 from 1 亿 up, else 万元; million/billion yuan in English.

    unit (wan, yi, million, billion) is the unit the question asked for ("多少万元", "in million
    yuan"): every amount is then written in it, whatever its size.

        >>> say(369379, "zh", "wan"), say(6099.95, "zh", "yi"), say(369379, "en", "million")
        ('369,379.00万元', '0.61亿元', '3,693.79 million yuan')
    """
    if value_wan is None or not _is_number(value_wan):
        return "—"
    if value_wan == 0:
        return "0元" if lang == "zh" else "0 yuan"
    if unit in UNITS:
        return _in_unit(value_wan, lang, unit)
    if lang == "zh":
        return f"{yi(value_wan)}亿元" if abs(value_wan) >= WAN_PER_YI else f"{wan(value_wan)}万元"
    if abs(value_wan) >= WAN_PER_BILLION:
        return f"{decimals(value_wan / WAN_PER_BILLION)} billion yuan"
    return f"{decimals(value_wan / WAN_PER_MILLION)} million yuan"


def _in_unit(value_wan, lang, unit):
    if unit == "wan":
        return f"{wan(value_wan)}万元" if lang == "zh" else f"{wan(value_wan)} 万元"
    if unit == "yi":
        return f"{yi(value_wan)}亿元" if lang == "zh" else f"{yi(value_wan)} 亿元"
    if unit == "million":
        figure = decimals(value_wan / WAN_PER_MILLION)
        return f"{figure}百万元" if lang == "zh" else f"{figure} million yuan"
    figure = decimals(value_wan / WAN_PER_BILLION)
    return f"{figure}十亿元" if lang == "zh" else f"{figure} billion yuan"


def reading(value_wan, lang="zh"):
    """The figure a reader takes in at a glance beside the 万元 one: 36.94 亿元 (Chinese),
    3.69 billion yuan (English); None for zero or a non-number (nothing to add)."""
    if not _is_number(value_wan) or value_wan == 0:
        return None
    return f"{yi(value_wan)} 亿元" if lang == "zh" else say(value_wan, "en")


def both(value_wan, lang="zh"):
    """A table cell: 万元 as printed, then the reading in brackets; no bracket for zero.

    369,379.00 万元（36.94 亿元） · 0.00 万元 · 650.00 万元 (6.50 million yuan)
    """
    if not _is_number(value_wan):
        return "—" if value_wan is None else str(value_wan)
    text = f"{wan(value_wan)} 万元"
    aside = reading(value_wan, lang)
    if aside is None:
        return text
    return f"{text}（{aside}）" if lang == "zh" else f"{text} ({aside})"


def percent(value):
    """A percentage with two decimals: 42.50%."""
    if not _is_number(value):
        return "—"
    return f"{decimals(value)}%"


def count(value):
    """A count or a plain number: 12, 1,234, 0.5."""
    if not _is_number(value):
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{half_up(value, 2):,.2f}".rstrip("0").rstrip(".")


def number(value):
    """A JSON number at the document's precision: two decimals (more only when two would make a
    non-zero value 0), binary noise gone (51749.869999999995 → 51749.87).  Integers, booleans,
    text and None pass through."""
    if type(value) is not float or not math.isfinite(value):
        return value
    if value == 0 or abs(value) >= 0.005:
        rounded = round(value, 2)
        if rounded == value:        # the document's own figures: already at two decimals
            return rounded + 0.0
        scaled = value * 100.0
        if abs(scaled - math.floor(scaled) - 0.5) > 1e-6:
            return round(value, 2) + 0.0
        return half_up(value, 2) + 0.0
    places = _places(value)
    scaled = value * 10 ** places
    if abs(scaled - math.floor(scaled) - 0.5) > 1e-6:       # not near a half: binary rounding is exact enough
        return round(value, places) + 0.0                   # + 0.0: no -0.0
    return half_up(value, places) + 0.0


def half_up(value, places):
    """value rounded half away from zero as it reads in decimal (15352.935 → 15352.94), as SQLite's
    round() and a reader do; Python's round() works on the binary value and would give 15352.93."""
    step = decimal.Decimal(1).scaleb(-places)
    return float(decimal.Decimal(repr(value)).quantize(step, rounding=decimal.ROUND_HALF_UP))


def round_rows(columns, rows):
    """Result rows with every float at the document's precision (see number()), as lists.

    The one place JSON results are rounded: ask() calls it on its rows; the unit of each
    column is stated once, in the result's ``units`` (metrics.units(columns)).  Every column
    is rounded alike (amounts, shares, averages, weights); columns names them for callers
    that pass a result's columns and rows together."""
    return [[number(value) for value in row] for row in rows]
