"""End to end in Debian's Chromium, driven by Playwright, against a real `python -m cqbudget_db.serve`.

Skipped when /usr/bin/chromium is missing, except under CI (CI set) where
that is a failure.  Nothing may leave loopback: every other request is
aborted and fails the test.  Screenshots go to test-artifacts/.
"""

import os
import pathlib
import re
import urllib.parse

import pytest

from cqbudget_db.serve import running_server

CHROMIUM = pathlib.Path("/usr/bin/chromium")
ARTIFACTS = pathlib.Path(__file__).resolve().parent.parent / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing (run scripts/install-browser)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (run scripts/install-browser)", allow_module_level=True)
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover
    if os.environ.get("CI"):
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

# Draws a character in the page's font and compares it with a character no
# font has: equal pixels means the text would show as empty boxes (tofu).
GLYPH_CHECK = """(sample) => {
  const font = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d');
  const draw = (ch) => { g.clearRect(0, 0, 64, 64); g.font = '40px ' + font; g.fillText(ch, 8, 48);
                         return Array.from(g.getImageData(0, 0, 64, 64).data).join(','); };
  const missing = draw('\\u{10FFFD}'), unassigned = draw('\\u0378');
  return Array.from(sample).map((ch) => {
    const image = draw(ch);
    return /[^0,]/.test(image) && image !== missing && image !== unassigned;
  });
}"""


@pytest.fixture(scope="module")
def server(db_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(db_path, log_path=ARTIFACTS / "browser-server.log") as base:
        yield base


@pytest.fixture(scope="module")
def context(tmp_path_factory, server):
    with sync_playwright() as playwright:
        browser_context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=ARGS, viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
        blocked = []

        def only_loopback(route):
            url = route.request.url
            if url.startswith(server) or url.startswith("data:") or url.startswith("blob:"):
                route.continue_()
            else:
                blocked.append(url)
                route.abort()

        browser_context.route("**/*", only_loopback)
        browser_context.blocked = blocked
        browser_context.set_default_timeout(15_000)
        yield browser_context
        browser_context.close()
        assert blocked == [], f"requests that tried to leave loopback: {blocked}"


@pytest.fixture
def page(context):
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.close()


def assert_renders_chinese(page, sample="重庆市专项预算绩效"):
    assert all(page.evaluate(GLYPH_CHECK, sample)), f"{sample!r} renders as boxes: is fonts-noto-cjk installed?"


def table_column(page, selector, column_index):
    return page.locator(f"{selector} tbody tr").evaluate_all(
        f"rows => rows.map(r => r.cells[{column_index}].innerText.trim())")


def test_home_page(page, server):
    page.goto(server + "/")
    expect(page).to_have_title(re.compile("重庆市 2024 年市级重点专项预算绩效"))
    expect(page.locator("h1")).to_contain_text("重庆市 2024 年市级重点专项预算绩效")
    page.locator("details.nav-menu summary").click()
    expect(page.locator(".nav-menu-inner a", has_text="问答")).to_have_attribute("href", "/-/ask")
    expect(page.locator(".nav-menu-inner a", has_text="图表")).to_have_attribute("href", "/-/dashboard")
    assert_renders_chinese(page)
    assert page.errors == []


def test_ask_page_question_result_and_sql_link(page, server, sql):
    question = "卫健委预算最大的专项是哪个？"
    expected = sql("select name from funds where department = '重庆市卫生健康委员会' "
                   "order by total desc limit 1")[0][0]
    page.goto(server + "/-/ask")
    page.locator("input[name=q]").fill(question)
    page.locator("input[name=q]").press("Enter")
    expect(page.locator("#answer")).to_contain_text(expected)
    expect(page.locator("#ask-result")).to_contain_text(expected)
    assert_renders_chinese(page, "卫健委预算最大的专项")
    ask_rows = page.locator("#ask-result tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))")
    ask_columns = page.locator("#ask-result thead th").evaluate_all(
        "cells => cells.map(c => c.dataset.column)")
    assert page.locator("#ask-result thead th").all_inner_texts()[:2] == ["序号", "专项"]  # labelled

    page.locator("#open-sql").click()
    page.wait_for_url(re.compile(r"/cqbudget\?sql="))
    editor_sql = page.locator("textarea#sql-editor").input_value()
    assert editor_sql.strip().lower().startswith(("select", "with"))
    header = page.locator("table.rows-and-columns thead th").evaluate_all(
        "cells => cells.map(c => c.firstChild.textContent.trim())")  # the column names, not the labels
    assert header == ask_columns
    name_index = header.index("name")
    editor_names = table_column(page, "table.rows-and-columns", name_index)
    assert editor_names == [row[name_index] for row in ask_rows]
    assert expected in editor_names
    assert page.errors == []


def test_ask_page_example_and_friendly_error(page, server):
    page.goto(server + "/-/ask")
    page.locator(".cq-examples a").first.click()  # the examples are open before a question
    expect(page.locator("#answer")).to_be_visible()
    page.goto(server + "/-/ask?" + urllib.parse.urlencode({"q": "今天天气怎么样"}))
    expect(page.locator(".cq-message")).to_be_visible()
    expect(page.locator(".cq-message")).to_contain_text("答不了")
    assert page.errors == []


def test_canned_query_with_a_changed_parameter(page, server, sql):
    page.goto(server + "/cqbudget/funds_over_yi")
    expect(page.locator("h1")).to_contain_text("预算超过若干亿元的专项")
    default_rows = page.locator("table.rows-and-columns tbody tr").count()
    assert default_rows == sql("select count(*) from funds where total > 100000")[0][0]
    page.locator("input[name=yi]").fill("20")
    page.locator("input[type=submit][value='Run SQL'], button:has-text('Run SQL')").first.click()
    page.wait_for_url(re.compile(r"yi=20"))
    expected = [row[0] for row in sql("select name from funds where total > 200000 order by total desc")]
    name_index = page.locator("table.rows-and-columns thead th").evaluate_all(
        "cells => cells.map(c => c.firstChild.textContent.trim())").index("name")
    assert table_column(page, "table.rows-and-columns", name_index) == expected
    expect(page.locator("table.rows-and-columns")).to_contain_text("亿元")
    assert page.errors == []


def test_dashboard_charts_render(page, server, sql):
    page.goto(server + "/-/dashboard")
    charts = ["chart-departments", "chart-split", "chart-largest", "chart-indicators"]
    for chart in charts:
        expect(page.locator(f"#{chart} svg.marks")).to_have_count(1)
    page.wait_for_function("""ids => ids.every(id => {
        const svg = document.querySelector('#' + id + ' svg.marks');
        return svg && svg.getBoundingClientRect().width > 100 && svg.querySelectorAll('.mark-rect path').length > 0;
    })""", arg=charts)
    bars = page.locator("#chart-departments .mark-rect path").count()
    assert bars == sql("select count(distinct department) from funds")[0][0]
    expect(page.locator("#chart-departments svg")).to_contain_text("市教委")
    expect(page.locator("#cq-summary")).to_contain_text("82 个专项")
    assert_renders_chinese(page, "市教委预算合计")

    page.locator("select[name=department]").select_option("重庆市教育委员会")
    expect(page.locator("#cq-summary")).to_contain_text("4 个专项")
    page.wait_for_function(
        "document.querySelectorAll('#chart-largest .mark-rect path').length === 4")
    page.locator("input[name=min_yi]").fill("20")
    page.locator("input[name=min_yi]").press("Enter")
    expect(page.locator("#cq-summary")).to_contain_text("1 个专项")
    assert "min_yi=20" in page.url
    assert page.errors == []


# ----------------------------------------------------------------------------- what a reader looks for
# At a desktop width (1280 px, the context's viewport) and a phone's (390 × 844).

PHONE = {"width": 390, "height": 844}
DESKTOP_HEIGHT = 900


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def label_before(locator):
    """The label a phone card shows before a value (its ::before content)."""
    return locator.evaluate("cell => getComputedStyle(cell, '::before').content.replace(/^\"|\"$/g, '')")


def assert_fits_the_width(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def test_funds_table_rows_are_short_and_start_on_the_first_screen(page, server):
    page.goto(server + "/cqbudget/funds")
    rows = page.locator("table.rows-and-columns tbody tr")
    expect(rows).to_have_count(82)
    heights = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert max(heights) <= 300, f"the tallest row is {max(heights):.0f} px"
    assert rows.first.bounding_box()["y"] + 60 < DESKTOP_HEIGHT, "the rows start below the first screen"
    expect(page.locator("details.cq-columns")).not_to_have_attribute("open", "")  # descriptions folded
    overview = rows.first.locator("td.col-overview .cq-long")
    folded = overview.bounding_box()["height"]
    overview.click()
    assert overview.bounding_box()["height"] > folded * 1.5  # a click shows the whole text
    header = page.locator("table.rows-and-columns thead th.col-total")
    expect(header.locator(".cq-th-label")).to_have_text("2024 年预算小计")
    page.mouse.click(5, 5)
    page.screenshot(path=str(ARTIFACTS / "funds-1280.png"))
    assert page.errors == []


def test_funds_table_on_a_phone_starts_on_the_first_screen_with_labelled_cards(phone, server):
    phone.goto(server + "/cqbudget/funds")
    first = phone.locator("table.rows-and-columns tbody tr").first
    assert first.bounding_box()["y"] + 100 < PHONE["height"], "the first card starts below the first screen"
    expect(phone.locator("details.cq-facets")).not_to_have_attribute("open", "")  # facets folded on a phone
    assert label_before(first.locator("td.col-total")) == "2024 年预算小计"
    assert label_before(first.locator("td.col-city_spend")) == "其中市级支出"
    assert_fits_the_width(phone, PHONE["width"])
    phone.screenshot(path=str(ARTIFACTS / "funds-390.png"))
    assert phone.errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_fund_row_page_is_titled_by_its_name(page, server, sql, width):
    page.set_viewport_size({"width": width, "height": DESKTOP_HEIGHT if width > 400 else PHONE["height"]})
    name, overview = sql("select name, overview from funds where seq = 10")[0]
    page.goto(server + "/cqbudget/funds/10")
    expect(page).to_have_title(re.compile("^" + name))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("table.cq-record")).to_contain_text(overview)  # the whole text, unfolded
    expect(page.locator("tr.col-department td a")).to_have_text("市教委")
    assert_fits_the_width(page, width)
    page.screenshot(path=str(ARTIFACTS / f"row-{width}.png"), full_page=True)
    assert page.errors == []


def test_canned_query_parameters_are_labelled_in_words(phone, server):
    phone.goto(server + "/cqbudget/top_funds")
    expect(phone).to_have_title(re.compile("^金额最大的前 N 个专项"))
    box = phone.locator("input[name=by]")
    expect(phone.locator(f"label[for='{box.get_attribute('id')}']")).to_have_text("按哪项金额排序")
    expect(box).to_have_attribute("placeholder", "例如 合计")
    expect(phone.locator(".metadata-description")).not_to_contain_text(":by")
    assert_fits_the_width(phone, PHONE["width"])
    phone.screenshot(path=str(ARTIFACTS / "canned-390.png"), full_page=True)
    assert phone.errors == []


def test_ask_page_on_a_phone_answers_in_the_first_screen(phone, server):
    phone.goto(server + "/-/ask?" + urllib.parse.urlencode({"q": "卫健委有哪些专项"}))
    answer = phone.locator("#answer").bounding_box()
    assert answer["y"] + answer["height"] <= PHONE["height"], "the answer is below the first screen"
    expect(phone.locator("details.cq-examples")).not_to_have_attribute("open", "")  # examples folded
    cards = phone.locator("#ask-result tbody tr")
    expect(cards).to_have_count(4)
    amounts = phone.locator("#ask-result td", has_text="万元")
    assert amounts.count() == 12
    labels = [label_before(amounts.nth(i)) for i in range(amounts.count())]
    assert labels[:3] == ["预算", "市级支出", "补助区县"] and all(labels)
    assert_fits_the_width(phone, PHONE["width"])
    phone.screenshot(path=str(ARTIFACTS / "ask-390.png"))
    phone.screenshot(path=str(ARTIFACTS / "ask-390-full.png"), full_page=True)
    assert phone.errors == []


def test_ask_page_labels_and_how_the_question_was_read(page, server):
    page.goto(server + "/-/ask?" + urllib.parse.urlencode({"q": "Top 5 funds by district subsidies"}))
    headers = page.locator("#ask-result thead th").all_inner_texts()
    assert {"budget", "city-level spending", "subsidies to districts"} <= {h.strip() for h in headers}
    expect(page.locator("#understood")).to_contain_text("top 5")
    expect(page.locator("#sql")).to_be_hidden()  # folded: a reader opens it when wanted
    page.locator(".cq-sql summary").click()
    expect(page.locator("#sql")).to_be_visible()
    page.goto(server + "/-/ask?" + urllib.parse.urlencode({"q": "卫健委有哪些专项"}))
    expect(page.locator("#understood")).to_contain_text("卫健委 → 部门 = 市卫生健康委")
    page.locator(".cq-sql summary").click()
    expect(page.locator("#sql-params")).to_contain_text("重庆市卫生健康委员会")
    page.screenshot(path=str(ARTIFACTS / "ask-1280.png"), full_page=True)
    assert page.errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_dashboard_operators_horizontal_and_charts_fit(page, server, width):
    page.set_viewport_size({"width": width, "height": DESKTOP_HEIGHT if width > 400 else PHONE["height"]})
    page.goto(server + "/-/dashboard")
    charts = ["chart-departments", "chart-split", "chart-largest", "chart-indicators"]
    page.wait_for_function("""ids => ids.every(id => document.querySelector('#' + id + ' svg .mark-rect path'))""",
                           arg=charts)
    labels = page.locator("#chart-indicators .role-axis-label text").evaluate_all(
        "texts => texts.map(t => [t.textContent, t.getAttribute('transform') || ''])")
    operators = {text: transform for text, transform in labels if text[:1] in "≥≤=><"}
    assert set(operators) == {"≥不低于", "≤不高于", "=等于", ">高于", "<低于"}
    assert not any("rotate" in transform for transform in operators.values())
    for chart in charts:
        box = page.locator(f"#{chart} svg").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, chart
    assert_fits_the_width(page, width)
    expect(page.locator("#cq-summary")).to_have_text(
        "82 个专项，合计 396.88 亿元：市级支出 228.93 亿元，补助区县 167.94 亿元。")
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{width}.png"), full_page=True)
    assert page.errors == []


# ----------------------------------------------------------------------------- a conversation

def test_a_three_turn_conversation_and_its_link(page, context, server, sql):
    """Three questions typed one after another into the follow-up box; then the conversation's link
    opened in a fresh page, without cookies, at a phone's width: the same three turns."""
    name, contact, phone = sql("select name, contact, phone from funds where department = '重庆市教育委员会' "
                               "order by city_spend desc limit 1")[0]
    funds = sql("select name, total, city_spend from funds where department = '重庆市教育委员会' order by seq")
    yi = {fund: f"{total / 10000:.2f}亿元" for fund, total, _ in funds}
    first_answer = (f"市教委的专项共{len(funds)}个，预算合计{sum(f[1] for f in funds) / 10000:.2f}亿元："
                    + "、".join(f"{fund}（{yi[fund]}）" for fund, _, _ in funds) + "。")
    city = max(city for _, _, city in funds)
    turns = [("教委有哪些专项？", [], first_answer),
             ("其中市级支出最多的是哪个？", ["其中 → 上一问“教委有哪些专项？”的结果"],
              f"市教委的专项中，市级支出最大的是{name}（{city / 10000:.2f}亿元）。"),
             ("它的联系人是谁？", [f"它的 → {name}"], f"{name}的联系人是{contact}，电话{phone}。")]

    page.goto(server + "/-/ask")
    for number, (question, resolved, answer) in enumerate(turns):
        box = page.locator("input[name=q]")
        expect(box).to_have_count(1)
        box.fill(question)
        box.press("Enter")
        expect(page.locator("#question")).to_have_text(question)
        expect(page.locator("#answer")).to_have_text(answer)
        expect(page.locator("#current-resolved .cq-ref")).to_have_text(resolved)
        expect(page.locator("#conversation .cq-turn .cq-q")).to_have_text([q for q, _, _ in turns[:number]])
    expect(page.locator("#conversation .cq-turn .cq-a")).to_have_text([a for _, _, a in turns[:2]])
    expect(page.locator("#conversation .cq-turn").nth(1).locator(".cq-ref")).to_have_text(turns[1][1])
    expect(page.locator("#ask-result td[data-column=contact]")).to_have_text([contact])
    assert_fits_the_width(page, 1280)
    page.screenshot(path=str(ARTIFACTS / "conversation-1280.png"), full_page=True)
    permalink = page.locator("#permalink").get_attribute("href")
    assert urllib.parse.parse_qsl(urllib.parse.urlsplit(permalink).query) == [
        ("history", turns[0][0]), ("history", turns[1][0]), ("q", turns[2][0])]
    assert page.errors == []

    context.clear_cookies()
    fresh = context.new_page()
    fresh.errors = []
    fresh.on("pageerror", lambda error: fresh.errors.append(str(error)))
    fresh.set_viewport_size(PHONE)
    fresh.goto(server + permalink)
    expect(fresh.locator("#conversation .cq-turn .cq-q")).to_have_text([q for q, _, _ in turns[:2]])
    expect(fresh.locator("#conversation .cq-turn .cq-a")).to_have_text([a for _, _, a in turns[:2]])
    expect(fresh.locator("#question")).to_have_text(turns[2][0])
    expect(fresh.locator("#current-resolved .cq-ref")).to_have_text(turns[2][1])
    expect(fresh.locator("#answer")).to_have_text(turns[2][2])
    assert_fits_the_width(fresh, PHONE["width"])
    fresh.screenshot(path=str(ARTIFACTS / "conversation-390.png"), full_page=True)
    # a fourth question goes on from there; "new conversation" starts afresh
    fresh.locator("input[name=q]").fill("那卫健委呢？")
    fresh.locator("input[name=q]").press("Enter")
    expect(fresh.locator("#conversation .cq-turn")).to_have_count(3)
    fresh.locator("#new-conversation").click()
    expect(fresh.locator("#conversation")).to_have_count(0)
    expect(fresh.locator("input[name=history]")).to_have_count(0)
    assert fresh.errors == []
    fresh.close()


def test_a_refused_turn_in_a_conversation(phone, server, sql):
    name = sql("select name from funds where department = '重庆市教育委员会' order by city_spend desc limit 1")[0][0]
    phone.goto(server + "/-/ask?" + urllib.parse.urlencode({"q": "教委有哪些专项？"}))
    for question in ["今天天气怎么样", "其中市级支出最多的是哪个？"]:
        phone.locator("input[name=q]").fill(question)
        phone.locator("input[name=q]").press("Enter")
        expect(phone.locator("#question")).to_have_text(question)
    expect(phone.locator("#conversation .cq-turn-refused .cq-q")).to_have_text(["今天天气怎么样"])
    expect(phone.locator("#answer")).to_contain_text(f"市级支出最大的是{name}")
    assert_fits_the_width(phone, PHONE["width"])
    assert phone.errors == []
