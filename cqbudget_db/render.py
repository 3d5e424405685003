"""Plain-text tables that line up Chinese text: CJK characters are two columns wide."""

import unicodedata

MAX_CELL = 40


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else
               0 if unicodedata.combining(ch) else 1 for ch in text)


def truncate(text, width=MAX_CELL):
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return truncate(str(value).replace("\n", " "))


def pad(text, width, right=False):
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def table(columns, rows):
    """Columns and rows as aligned text; numbers right-aligned."""
    cells = [[format_cell(v) for v in row] for row in rows]
    numeric = [all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) and rows
               for i in range(len(columns))]
    widths = [max([display_width(c)] + [display_width(row[i]) for row in cells])
              for i, c in enumerate(columns)]
    lines = ["  ".join(pad(c, w, bool(n)) for c, w, n in zip(columns, widths, numeric)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(pad(v, w, bool(n)) for v, w, n in zip(row, widths, numeric)).rstrip())
    return "\n".join(lines)
