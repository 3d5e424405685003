"""The database schema, declared once: tables, keys, views, full-text search.

Every amount is REAL in 万元 (ten thousand yuan) exactly as printed; 亿元
figures appear only in views (1 亿元 = 10,000 万元).
"""

TABLES = {
    "document": {
        "columns": {"id": int, "title": str, "year": int, "date": str, "source_file": str,
                    "sha256": str, "line_count": int, "fund_count": int, "indicator_count": int,
                    "department_count": int, "stated_fund_count": int, "stated_total_yi": float,
                    "stated_city_spend_yi": float, "stated_district_subsidy_yi": float,
                    "checks_passed": int, "checks_failed": int},
        "pk": "id",
    },
    "departments": {
        "columns": {"name": str, "short_name": str, "english_name": str},
        "pk": "name",
    },
    "department_aliases": {
        "columns": {"alias": str, "department": str},
        "pk": "alias",
        "foreign_keys": [("department", "departments", "name")],
    },
    "funds": {
        "columns": {"seq": int, "name": str, "table_name": str, "department": str,
                    "table_department": str, "total": float, "city_spend": float,
                    "district_subsidy": float, "overview": str, "goal": str, "contact": str,
                    "phone": str, "source_line": int, "catalog_line": int, "seq_basis": str},
        "pk": "seq",
        "foreign_keys": [("department", "departments", "name")],
        "not_null": {"name", "department", "total", "city_spend", "district_subsidy"},
    },
    "indicators": {
        "columns": {"id": int, "fund_seq": int, "position": int, "name": str, "op": str,
                    "op_printed": str, "target_value": float, "target_text": str, "unit": str,
                    "weight": float, "is_core": int, "source_line": int},
        "pk": "id",
        "foreign_keys": [("fund_seq", "funds", "seq")],
        "not_null": {"fund_seq", "name", "op", "target_text", "weight", "is_core"},
    },
    "data_checks": {
        "columns": {"id": int, "check_name": str, "subject": str, "status": str, "expected": str,
                    "actual": str, "detail": str, "source_line": int},
        "pk": "id",
    },
    "search_index": {
        "columns": {"id": int, "fund_seq": int, "kind": str, "indicator_id": int, "text": str},
        "pk": "id",
        "foreign_keys": [("fund_seq", "funds", "seq")],
    },
}

INDEXES = [
    ("funds", ["department"]),
    ("funds", ["total"]),
    ("indicators", ["fund_seq"]),
    ("indicators", ["name"]),
    ("department_aliases", ["department"]),
]

VIEWS = {
    "fund_summary": """
select f.seq, f.name, f.department, d.short_name as department_short,
  f.total, f.city_spend, f.district_subsidy,
  round(f.total / 10000.0, 4) as total_yi,
  round(f.city_spend / 10000.0, 4) as city_spend_yi,
  round(f.district_subsidy / 10000.0, 4) as district_subsidy_yi,
  round(100.0 * f.district_subsidy / f.total, 2) as district_share_pct,
  (select count(*) from indicators i where i.fund_seq = f.seq) as indicator_count,
  (select count(*) from indicators i where i.fund_seq = f.seq and i.is_core) as core_indicator_count,
  (select count(*) from indicators i where i.fund_seq = f.seq and i.op = '定性') as qualitative_indicator_count,
  f.contact, f.phone, f.source_line
from funds f join departments d on d.name = f.department
""",
    "department_totals": """
select f.department, d.short_name as department_short, count(*) as fund_count,
  round(sum(f.total), 2) as total, round(sum(f.city_spend), 2) as city_spend,
  round(sum(f.district_subsidy), 2) as district_subsidy,
  round(sum(f.total) / 10000.0, 4) as total_yi,
  round(100.0 * sum(f.district_subsidy) / sum(f.total), 2) as district_share_pct
from funds f join departments d on d.name = f.department
group by f.department
""",
}

# Trigram FTS: substrings of three or more characters use the index; shorter
# Chinese terms (教育, 公路) are matched with LIKE on the same table, which
# the trigram tokenizer also serves (by scanning, fine at this size).
FTS_SQL = """
create virtual table search_index_fts using fts5(
  text, kind unindexed, fund_seq unindexed, indicator_id unindexed,
  content='search_index', content_rowid='id', tokenize='trigram'
);
insert into search_index_fts(rowid, text, kind, fund_seq, indicator_id)
  select id, text, kind, fund_seq, indicator_id from search_index;
"""

COLUMN_DOCS = {
    "funds": {
        "seq": "序号 in the catalog (1–82)",
        "name": "专项资金名称 as printed in the catalog",
        "table_name": "项目名称 as printed on the fund's performance-goal table",
        "department": "主管部门名称 as printed in the catalog",
        "table_department": "主管部门 as printed on the fund's table",
        "total": "2024 年预算 小计 / 当年预算, 万元",
        "city_spend": "市级支出, 万元 (0 where the cell is blank)",
        "district_subsidy": "补助区县, 万元 (0 where the cell is blank)",
        "overview": "项目概况, text without HTML",
        "goal": "当年绩效目标, text without HTML",
        "contact": "联系人",
        "phone": "联系电话",
        "source_line": "document line where the fund's table starts (its 序号 line, or the table title)",
        "catalog_line": "document line of the fund's catalog row",
        "seq_basis": "how the table was matched to its catalog seq",
    },
    "indicators": {
        "id": "row id, in document order",
        "fund_seq": "the fund (funds.seq)",
        "position": "order of the row within its fund's table",
        "name": "指标名称",
        "op": "指标性质, normalised: ≥ ≤ = > < or 定性",
        "op_printed": "指标性质 exactly as printed (e.g. \\geq, $>$)",
        "target_value": "指标值 as a number; null for 定性",
        "target_text": "指标值 exactly as printed",
        "unit": "计量单位",
        "weight": "指标权重, percent",
        "is_core": "是否核心: 1 = 是, 0 = 否",
        "source_line": "document line of the row",
    },
}
