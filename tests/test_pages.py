"""What a reader sees on the Datasette pages of the cqbudget database, checked in the HTML (the
browser tests, test_browser.py, check the same pages laid out at 1280 and 390 px)."""

import html as html_module
import re

from datasette.utils import tilde_encode

from conftest import page


def title(html):
    return html_module.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())


def h1(html):
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


# ----------------------------------------------------------------------------- Datasette pages

async def test_a_fund_row_page_is_titled_by_the_funds_name(ds, sql):
    name, overview = sql("select name, overview from funds where seq = 10")[0]
    html = await page(ds, "/cqbudget/funds/10")
    assert title(html).startswith(name + " · ") and h1(html) == name
    assert "funds: 10" not in html
    assert html_module.escape(overview) in html  # the full text, on the row page
    assert "2024 年预算小计（当年预算），万元" in html  # each value beside its column's description
    assert "113,356.75 万元" in html and "(11.34 亿元)" in html
    # the department (a foreign key) by its short name, linking to its row
    assert f'<a href="/cqbudget/departments/{tilde_encode("重庆市教育委员会")}">市教委</a>' in html


async def test_other_row_pages_are_titled_by_their_label(ds, sql):
    indicator, fund = sql("select i.name, f.name from indicators i join funds f on f.seq = i.fund_seq "
                          "where i.id = 1")[0]
    html = await page(ds, "/cqbudget/indicators/1")
    assert h1(html) == indicator and title(html).startswith(indicator)
    assert f'<a href="/cqbudget/funds/1">{fund}</a>' in html  # the foreign key shows the fund's name
    department = await page(ds, "/cqbudget/departments/" + tilde_encode("重庆市教育委员会"))
    assert h1(department) == "市教委"
    check = await page(ds, "/cqbudget/data_checks/1")
    assert h1(check) == sql("select check_name from data_checks where id = 1")[0][0]


async def test_the_search_tables_are_hidden(ds):
    tables = {t["name"]: t["hidden"] for t in (await ds.client.get("/cqbudget.json")).json()["tables"]}
    assert tables["search_index"] and tables["search_index_fts"]
    assert not tables["funds"] and not tables["indicators"]


async def test_long_text_is_folded_on_table_pages_with_a_link_to_the_full_text(ds):
    html = await page(ds, "/cqbudget/funds")
    assert html.count('class="cq-long"') >= 82  # every overview, most goals
    assert 'class="cq-more" href="/cqbudget/funds/32"' in html
    assert "cqbudget-pages.js" in html  # folds column descriptions and facets, labels columns


async def test_facets_are_few(ds):
    data = (await ds.client.get("/cqbudget/funds.json?_size=1")).json()
    assert len(data["facet_results"]["department"]["results"]) == 8
    assert data["facet_results"]["department"]["truncated"]


async def test_canned_query_pages_explain_parameters_in_words(ds):
    html = await page(ds, "/cqbudget/top_funds")
    assert title(html).startswith("金额最大的前 N 个专项")
    assert '<dt data-param="n" data-example="10">个数</dt>' in html
    assert '<dt data-param="by" data-example="合计">按哪项金额排序</dt>' in html
    description = re.search(r'<div class="metadata-description">(.*?)</div>', html, re.S).group(1)
    assert not re.search(r":[a-z_]+", description)


async def test_amount_cells_have_no_bracket_for_zero(ds):
    html = await page(ds, "/cqbudget/funds_without_district_subsidy")
    assert "0.00 万元</span>" in html
    assert "(0 亿元)" not in html and "(0.00 亿元)" not in html and "0 万元（0 亿元）" not in html
    summary = await page(ds, "/cqbudget/fund_summary")
    assert "36.94 亿元" in summary and "13.29%" in summary  # total_yi and district_share_pct of fund 32
