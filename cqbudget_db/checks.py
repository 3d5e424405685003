"""Reconciliation checks over the parsed document: plain dicts in, check rows out.

Each row: check, subject, status ("pass" or "fail"), expected, actual,
detail, source_line.  Amounts are compared to the cent (0.005 万元).
"""

import math

from .departments import canonical
from .parse import names_overlap

TOLERANCE = 0.005
AMOUNTS = ("total", "city_spend", "district_subsidy")
LABELS = {"total": "小计/当年预算", "city_spend": "市级支出", "district_subsidy": "补助区县"}


def _row(check, subject, ok, expected, actual, detail, line):
    return {
        "check_name": check,
        "subject": subject,
        "status": "pass" if ok else "fail",
        "expected": expected,
        "actual": actual,
        "detail": detail,
        "source_line": line,
    }


def _money(value):
    return f"{value:,.2f}"


def run_checks(parsed):
    rows = []
    rows += _catalog_sums(parsed)
    rows += _statement(parsed)
    for entry, fund in zip(parsed["catalog"], parsed["funds"]):
        rows += _fund_checks(entry, fund)
    rows += _weights(parsed)
    return rows


def _catalog_sums(parsed):
    total_row = parsed["catalog_total"]
    rows = []
    for key in AMOUNTS:
        summed = round(sum(entry[key] for entry in parsed["catalog"]), 2)
        rows.append(_row(
            f"catalog_sum_{key}", "catalog", abs(summed - total_row[key]) < TOLERANCE,
            _money(total_row[key]), _money(summed),
            f"sum of the catalog's {LABELS[key]} column equals the printed 合计 row",
            total_row["source_line"]))
    return rows


def _statement(parsed):
    statement = parsed["document"]["statement"]
    catalog = parsed["catalog"]
    line = statement["line"]
    rows = [_row("statement_fund_count", "编制说明", statement["fund_count"] == len(catalog),
                 str(statement["fund_count"]), str(len(catalog)),
                 "the 编制说明 fund count equals the number of catalog funds", line)]
    keys = {"total": "total_yi", "city_spend": "city_spend_yi", "district_subsidy": "district_subsidy_yi"}
    for key, stated_key in keys.items():
        yi = sum(entry[key] for entry in catalog) / 10000
        stated = statement[stated_key]
        # The statement cuts 396.8754 亿元 to 396.87: accept rounding or truncation.
        rounded = abs(round(yi, 2) - stated) < 1e-6
        truncated = abs(math.floor(yi * 100 + 1e-9) / 100 - stated) < 1e-6
        how = "rounds" if rounded else "truncates" if truncated else "does not round or truncate"
        rows.append(_row(
            f"statement_{key}_yi", "编制说明", rounded or truncated,
            f"{stated:.2f} 亿元", f"{yi:.6f} 亿元",
            f"the catalog's {LABELS[key]} total {how} to the 编制说明's two decimals", line))
    return rows


def _fund_checks(entry, fund):
    seq = entry["seq"]
    subject = f"{seq} {entry['name']}"
    rows = []
    parts = entry["city_spend"] + entry["district_subsidy"]
    rows.append(_row("catalog_total_equals_parts", subject, abs(entry["total"] - parts) < TOLERANCE,
                     _money(entry["total"]), _money(parts),
                     "catalog: 小计 = 市级支出 + 补助区县", entry["source_line"]))
    table_parts = fund["table_city_spend"] + fund["table_district_subsidy"]
    rows.append(_row("table_total_equals_parts", subject,
                     abs(fund["table_total"] - table_parts) < TOLERANCE,
                     _money(fund["table_total"]), _money(table_parts),
                     "table: 当年预算 = 市级支出 + 补助区县", fund["amount_line"]))
    differing = [key for key in AMOUNTS if abs(fund[f"table_{key}"] - entry[key]) >= TOLERANCE]
    rows.append(_row("table_amounts_match_catalog", subject, not differing,
                     " / ".join(_money(entry[k]) for k in AMOUNTS),
                     " / ".join(_money(fund[f"table_{k}"]) for k in AMOUNTS),
                     "table amounts equal the catalog's" if not differing else
                     "differs in " + ", ".join(LABELS[k] for k in differing),
                     fund["amount_line"]))
    same_name = fund["table_name"] == entry["name"]
    overlaps = names_overlap(fund["table_name"], entry["name"])
    rows.append(_row("table_name_matches_catalog", subject, overlaps, entry["name"], fund["table_name"],
                     "same name" if same_name else
                     f"table prints a shorter or longer form of the name; matched by {fund['seq_basis']}"
                     if overlaps else "table prints a different fund's name",
                     fund["source_line"]))
    same_department = fund["table_department"] == entry["department"]
    vocabulary = canonical(fund["table_department"])
    resolves = same_department or (vocabulary is not None and vocabulary[0] == entry["department"])
    rows.append(_row("table_department_matches_catalog", subject, resolves,
                     entry["department"], fund["table_department"],
                     "same department" if same_department else
                     "table prints another form of the department's name" if resolves else
                     "table names a different department",
                     fund["source_line"]))
    return rows


def _weights(parsed):
    weights, lines = {}, {}
    for row in parsed["indicators"]:
        weights[row["fund_seq"]] = weights.get(row["fund_seq"], 0) + row["weight"]
        lines.setdefault(row["fund_seq"], row["source_line"])
    rows = []
    for entry in parsed["catalog"]:
        seq = entry["seq"]
        total = weights.get(seq, 0)
        rows.append(_row("indicator_weights_sum_100", f"{seq} {entry['name']}", abs(total - 100) < 1e-9,
                         "100", f"{total:g}", "the fund's indicator weights (%) add up to 100",
                         lines.get(seq, entry["source_line"])))
    return rows
