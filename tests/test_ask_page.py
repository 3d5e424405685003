"""The ask page and the dashboard as a reader sees them, checked in the HTML and JSON (test_browser.py
checks the same pages laid out at 1280 and 390 px)."""

import re

from cqbudget_db import ask as ask_module
from cqbudget_db.web import ask_page

from conftest import page


# ----------------------------------------------------------------------------- the ask page

async def test_ask_page_labels_columns_in_the_questions_language(ds):
    html = await page(ds, "/-/ask", q="卫健委有哪些专项")
    headers = re.findall(r'<th scope="col" data-column="(\w+)"[^>]*>([^<]*)</th>', html)
    assert headers == [("seq", "序号"), ("name", "专项"), ("department_short", "部门"), ("total", "预算"),
                       ("city_spend", "市级支出"), ("district_subsidy", "补助区县")]
    # every amount on a card has its label (data-label is shown before it on a phone)
    assert '<td data-label="预算" data-column="total" class="cq-num">43,837.00 万元（4.38 亿元）</td>' in html
    assert '<td data-label="市级支出" data-column="city_spend" class="cq-num">0.00 万元</td>' in html
    english = await page(ds, "/-/ask", q="Top 5 funds by district subsidies")
    labels = [label for _, label in re.findall(r'<th scope="col" data-column="(\w+)"[^>]*>([^<]*)</th>', english)]
    assert labels[:3] == ["no.", "fund", "department"]
    assert {"budget", "city-level spending", "subsidies to districts"} <= set(labels)
    assert "(3.19 billion yuan)" in english


async def test_ask_page_puts_the_answer_first_and_folds_the_examples(ds):
    html = await page(ds, "/-/ask", q="卫健委有哪些专项")
    order = [html.index(marker) for marker in ('id="answer"', 'id="ask-result"', 'id="reading"', 'id="examples"')]
    assert order == sorted(order)
    assert re.search(r'<details class="cq-examples" id="examples">', html)  # folded
    empty = await page(ds, "/-/ask")
    assert re.search(r'<details class="cq-examples" id="examples" open>', empty)  # open before asking


async def test_ask_page_shows_how_the_question_was_read(ds):
    html = await page(ds, "/-/ask", q="卫健委有哪些专项")
    reading = html[html.index('id="reading"'):html.index('id="examples"')]
    assert "<q>卫健委</q> → 部门 = 市卫生健康委" in reading
    assert '<pre id="sql">select' in reading
    assert "<code>:dept</code></th><td>重庆市卫生健康委员会</td>" in reading
    assert 'id="open-sql" href="/cqbudget?sql=' in reading


async def test_ask_page_shows_what_was_resolved_from_the_previous_question(ds, monkeypatch):
    def stub(question, db_path, model=None, conn=None):
        return {"question": question, "model": "cqbudget", "sql": "select 1", "params": {"n": 5.0},
                "columns": ["fund_count"], "rows": [[4]], "units": {}, "answer": "4个。", "sources": [],
                "url": "/cqbudget?sql=select+1", "truncated": False, "notes": [], "status": "ok",
                "understood": [{"text": "那", "meaning": "上一个问题"}],
                "resolved": [{"text": "那卫健委呢", "meaning": "卫健委有几个专项"}]}
    monkeypatch.setattr(ask_module, "ask", stub)
    html = await page(ds, "/-/ask", q="那卫健委呢")
    assert 'id="resolved"' in html and "<q>那卫健委呢</q> → 卫健委有几个专项" in html
    assert "<code>:n</code></th><td>5</td>" in html
    assert '<th scope="col" data-column="fund_count" class="cq-num" title="fund_count">专项数</th>' in html


async def test_ask_page_folds_long_source_lists(ds):
    html = await page(ds, "/-/ask", q="各部门预算合计排名")
    shown = html[html.index('class="cq-sources"'):]
    assert shown.count("<li>") >= 11 and "<details><summary>另外" in shown


def test_cells_are_written_by_the_one_formatter():
    assert ask_page.display(369379.0, "total") == "369,379.00 万元（36.94 亿元）"
    assert ask_page.display(0.0, "district_subsidy") == "0.00 万元"
    assert ask_page.display(650.0, "average_total", "en") == "650.00 万元 (6.50 million yuan)"
    assert ask_page.display(13.285714, "district_share") == "13.29%"
    assert ask_page.display(4, "fund_count") == "4"
    assert ask_page.display(None, "total") == ""


# ----------------------------------------------------------------------------- the dashboard

async def test_dashboard_amounts_are_written_by_the_one_formatter(ds):
    data = (await ds.client.get("/-/dashboard.json")).json()
    assert data["summary"]["text"] == "82 个专项，合计 396.88 亿元：市级支出 228.93 亿元，补助区县 167.94 亿元。"
    largest = data["largest_funds"][0]
    assert largest["total"] == 369379.0 and largest["total_text"] == "36.94 亿元"
    assert all(d["city_spend_text"].endswith(" 亿元") for d in data["departments"])
    none = (await ds.client.get("/-/dashboard.json?min_yi=1000")).json()
    assert none["summary"]["text"].startswith("没有符合筛选条件的专项")
