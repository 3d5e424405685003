"""Follow-ups on the web: /-/ask.json with the earlier questions (a repeated history parameter, a
POST of {"question", "history"} as JSON or as a form), and the ask page carrying a conversation in
its URL (test_browser.py drives the same conversation in Chromium).

Nothing is kept on the server: every request replays its history, so the same URL or body gives
the same answer, and the page's turns are what /-/ask.json answers for each of them.
"""

import json
import pathlib
import re
import urllib.parse

import jsonschema
import pytest
import yaml

from cqbudget_db import api
from cqbudget_db import ask as ask_module
from cqbudget_db.resources import ASK_SCHEMA
from cqbudget_db.web import ask_page

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIRST, FOLLOW_UP = "社会救助专项的预算是多少？", "它有哪些核心指标？"
THREE_TURNS = ["教委有哪些专项？", "其中市级支出最多的是哪个？", "它的联系人是谁？"]


@pytest.fixture(scope="module")
def schema():
    return json.loads(ASK_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def request_validator(schema):
    return jsonschema.Draft202012Validator({**schema, "oneOf": [{"$ref": "#/$defs/request"}]})


def query(history, question):
    return urllib.parse.urlencode([("history", h) for h in history] + [("q", question)])


def core_indicators(sql, fund):
    return sql("select f.seq, i.name from indicators i join funds f on f.seq = i.fund_seq "
               "where f.name = ? and i.is_core = 1 order by i.id", (fund,))


# ----------------------------------------------------------------------------- /-/ask.json

async def test_get_with_a_repeated_history_parameter_resolves_the_pronoun(ds, validator, sql):
    response = await ds.client.get("/-/ask.json?" + query([FIRST], FOLLOW_UP))
    assert response.status_code == 200
    data = response.json()
    validator.validate(data)
    assert data["resolved"] == [{"text": "它", "meaning": "社会救助专项"}]
    rows = [dict(zip(data["columns"], row)) for row in data["rows"]]
    expected = core_indicators(sql, "社会救助专项")
    assert len(expected) == 3
    assert [(row["seq"], row["indicator"]) for row in rows] == expected   # that fund's core indicators only
    assert all(row["fund"] == "社会救助专项" and row["is_core"] == 1 for row in rows)
    assert [s["name"] for s in data["sources"]] == ["社会救助专项"]
    # without the history, the pronoun has nothing to refer to: refused, never guessed
    alone = await ds.client.get("/-/ask.json?" + urllib.parse.urlencode({"q": FOLLOW_UP}))
    assert alone.status_code == 400 and alone.json()["status"] == "refused"
    assert "它" in alone.json()["error"]


async def test_post_json_and_form_give_what_get_gives(ds, validator, request_validator, db_path):
    got = (await ds.client.get("/-/ask.json?" + query([FIRST], FOLLOW_UP))).json()
    body = {"question": FOLLOW_UP, "history": [FIRST]}
    request_validator.validate(body)
    as_json = await ds.client.post("/-/ask.json", json=body)
    as_form = await ds.client.post("/-/ask.json", data={"q": FOLLOW_UP, "history": [FIRST]})
    # curl -d '{…}' sends JSON labelled as a form: read as JSON
    as_curl = await ds.client.post("/-/ask.json", content=json.dumps(body).encode(),
                                   headers={"content-type": "application/x-www-form-urlencoded"})
    for response in (as_json, as_form, as_curl):
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "*"
        validator.validate(response.json())
        assert response.json() == got
    assert got == json.loads(api.respond(FOLLOW_UP, db_path, history=[FIRST]).to_json())
    no_history = await ds.client.post("/-/ask.json", json={"question": "教委有几个专项？", "history": None})
    assert no_history.status_code == 200 and no_history.json()["resolved"] == []


async def test_three_turns_over_json(ds, sql):
    name, contact, phone = sql("select name, contact, phone from funds where department = '重庆市教育委员会' "
                               "order by city_spend desc limit 1")[0]
    second = (await ds.client.post("/-/ask.json", json={"question": THREE_TURNS[1],
                                                        "history": THREE_TURNS[:1]})).json()
    assert [row[second["columns"].index("name")] for row in second["rows"]] == [name]
    third = (await ds.client.post("/-/ask.json", json={"question": THREE_TURNS[2],
                                                       "history": THREE_TURNS[:2]})).json()
    assert third["resolved"] == [{"text": "它的", "meaning": name}]
    assert third["answer"] == f"（它的 → {name}）{name}的联系人是{contact}，电话{phone}。"


async def test_a_refused_earlier_turn_does_not_break_later_ones(ds, sql):
    name = sql("select name from funds where department = '重庆市教育委员会' order by city_spend desc limit 1")[0][0]
    data = (await ds.client.get("/-/ask.json?" + query(["教委有哪些专项？", "今天天气怎么样"],
                                                       "其中市级支出最多的是哪个？"))).json()
    assert [row[data["columns"].index("name")] for row in data["rows"]] == [name]


@pytest.mark.parametrize("history, message", [
    (["教委有几个专项？"] * 21, "21 earlier questions; at most 20"),
    (["教委有几个专项？" + "啊" * 450] * 11, "longer than 5000 characters"),
    (["教委有几个专项？", ""], "history item 2 is not a question"),
    (["x" * 501], "501 characters"),
])
async def test_a_history_over_the_limits_is_a_400_with_the_unanswered_shape(ds, validator, history, message):
    for response in (await ds.client.get("/-/ask.json?" + query(history, "其中最大的是哪个？")),
                     await ds.client.post("/-/ask.json", json={"question": "其中最大的是哪个？", "history": history})):
        assert response.status_code == 400
        data = response.json()
        validator.validate(data)
        assert data["status"] == "invalid" and message in data["error"], data["error"]
        assert data["question"] == "其中最大的是哪个？"


async def test_twenty_earlier_questions_are_within_the_limit(ds):
    history = ["教委有哪些专项？", "那卫健委呢？"] * 10
    response = await ds.client.get("/-/ask.json?" + query(history, "其中市级支出最多的是哪个？"))
    assert response.status_code == 200
    assert response.json()["answer"].endswith("市级支出最大的是能力建设专项（2.94亿元）。")


@pytest.mark.parametrize("body, content_type, message", [
    ("not json", "application/json", "not JSON"),
    ('{"question": "x",', "application/json", "not JSON"),
    ("", "application/json", "not JSON"),
    ('["教委有几个专项？"]', "application/json", "must be a JSON object"),
    ('{"history": ["x"]}', "application/json", 'has no "question"'),
    ('{"question": 3}', "application/json", '"question" must be a string, not a number'),
    ('{"question": null}', "application/json", 'has no "question"'),
    ('{"question": "x", "history": "教委有几个专项？"}', "application/json",
     '"history" must be a list of the earlier questions (strings), oldest first, not a string'),
    ('{"question": "x", "history": {"0": "y"}}', "application/json", "not an object"),
    ('{"question": "x", "history": ["y", 2]}', "application/json", '"history" item 2 must be a string'),
    ('{"question": "x", "histroy": ["y"]}', "application/json", "Unknown key 'histroy'"),
    (b'{"question": "\xff"}', "application/json", "not UTF-8"),
    ("q=a&q=b", "application/x-www-form-urlencoded", "more than one question"),
    ("q=a&sql=select+1", "application/x-www-form-urlencoded", "Unknown form field 'sql'"),
    ("q=%FF", "application/x-www-form-urlencoded", "not UTF-8"),
    ("--x\r\n", "multipart/form-data; boundary=x", "not multipart/form-data"),
    ('{"question": "x"}' + " " * 70_000, "application/json", "larger than 64 KB"),
])
async def test_a_bad_post_body_is_a_400_that_says_what_to_send(ds, validator, request_validator, body,
                                                               content_type, message):
    body = body.encode() if isinstance(body, str) else body
    response = await ds.client.post("/-/ask.json", content=body, headers={"content-type": content_type})
    assert response.status_code == 400
    data = response.json()
    validator.validate(data)
    assert data["status"] == "invalid" and message in data["error"], data["error"]
    if content_type == "application/json" and "larger than" not in message:
        try:
            parsed = json.loads(body)
        except ValueError:
            return
        assert not request_validator.is_valid(parsed)   # the contract's $defs/request says no too


async def test_preflight_other_methods_and_cookies(ds, validator):
    preflight = await ds.client.options("/-/ask.json")
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-headers"] == "content-type"
    put = await ds.client.put("/-/ask.json", json={"question": "x"})
    assert put.status_code == 405 and "POST" in put.headers["allow"]
    validator.validate(put.json())
    # a browser that holds Datasette's CSRF cookie can still POST JSON: the endpoint only reads
    response = await ds.client.post("/-/ask.json", json={"question": FOLLOW_UP, "history": [FIRST]},
                                    cookies={"ds_csrftoken": "anything"})
    assert response.status_code == 200 and response.json()["resolved"][0]["meaning"] == "社会救助专项"


# ----------------------------------------------------------------------------- the ask page

async def page(ds, history, question):
    response = await ds.client.get("/-/ask?" + query(history, question))
    assert response.status_code == 200
    return response.text


def earlier_turns(html):
    """[(question, resolved chips, answer sentence, refused)] of the earlier turns listed."""
    if 'id="conversation"' not in html:
        return []
    listed = html[html.index('id="conversation"'):html.index("</ol>")]
    turns = []
    for item in re.findall(r'<li class="cq-turn( cq-turn-refused)?">(.*?)</li>', listed, re.S):
        refused, body = item
        turns.append((re.search(r'<p class="cq-q"><a [^>]*>(.*?)</a></p>', body).group(1),
                      re.findall(r'<span class="cq-ref">(.*?)</span>', body),
                      re.sub(r"<[^>]+>", "", re.search(r'<p class="cq-a">(.*?)</p>', body, re.S).group(1)),
                      bool(refused)))
    return turns


def follow_up_history(html):
    form = html[html.index('id="follow-up"'):]
    form = form[:form.index("</form>")]
    return re.findall(r'<input type="hidden" name="history" value="([^"]*)">', form)


async def test_the_page_shows_the_earlier_turns_and_carries_them_in_the_follow_up_box(ds, sql):
    name, contact, phone = sql("select name, contact, phone from funds where department = '重庆市教育委员会' "
                               "order by city_spend desc limit 1")[0]
    html = await page(ds, THREE_TURNS[:2], THREE_TURNS[2])
    assert earlier_turns(html) == [
        ("教委有哪些专项？", [], "市教委的专项共4个，预算合计53.04亿元：高等教育突破跃升专项（1.33亿元）、基础教育扩优提质专项"
                               "（27.60亿元）、学生资助专项（11.34亿元）、职业教育提质领跑专项（12.78亿元）。", False),
        ("其中市级支出最多的是哪个？", ["其中 → 上一问“教委有哪些专项？”的结果"],
         f"市教委的专项中，市级支出最大的是{name}（12.78亿元）。", False)]
    assert '<p class="cq-q cq-current" id="question">它的联系人是谁？</p>' in html
    assert f'<p class="cq-resolved" id="current-resolved"><span class="cq-ref">它的 → {name}</span></p>' in html
    assert f'<p class="cq-answer" id="answer" lang="zh-CN">{name}的联系人是{contact}，电话{phone}。</p>' in html
    assert follow_up_history(html) == THREE_TURNS
    permalink = re.search(r'<a id="permalink" href="([^"]+)">', html).group(1).replace("&amp;", "&")
    assert permalink == "/-/ask?" + query(THREE_TURNS[:2], THREE_TURNS[2])
    assert '<a id="new-conversation" href="/-/ask">' in html
    json_link = re.search(r'<a href="(/-/ask\.json\?[^"]+)">JSON</a>', html).group(1).replace("&amp;", "&")
    assert json_link == "/-/ask.json?" + query(THREE_TURNS[:2], THREE_TURNS[2])
    # each earlier question links to the conversation as it was at that turn
    assert re.findall(r'<p class="cq-q"><a href="([^"]+)"', html)[1].replace("&amp;", "&") == (
        "/-/ask?" + query(THREE_TURNS[:1], THREE_TURNS[1]))
    # order on the page: earlier turns, the question, the answer, the follow-up box, the rows
    order = [html.index(m) for m in ('id="conversation"', 'id="question"', 'id="answer"', 'id="follow-up"',
                                     'id="ask-result"', 'id="reading"', 'id="examples"')]
    assert order == sorted(order)


async def test_a_first_question_starts_a_conversation(ds):
    html = await page(ds, [], "教委有哪些专项？")
    assert earlier_turns(html) == [] and follow_up_history(html) == ["教委有哪些专项？"]
    assert '<p class="cq-q cq-current" id="question">教委有哪些专项？</p>' in html
    empty = (await ds.client.get("/-/ask")).text
    assert 'id="follow-up"' not in empty and 'id="conversation"' not in empty
    assert '<input type="search" name="q" value=""' in empty and 'name="history"' not in empty


async def test_a_refused_turn_is_shown_refused_and_the_conversation_goes_on(ds, sql):
    name = sql("select name from funds where department = '重庆市教育委员会' order by city_spend desc limit 1")[0][0]
    history = ["教委有哪些专项？", "今天天气怎么样"]
    html = await page(ds, history, "其中市级支出最多的是哪个？")
    turns = earlier_turns(html)
    assert [t[3] for t in turns] == [False, True]
    assert turns[1][0] == "今天天气怎么样" and turns[1][2].startswith("未回答 Not answered：")
    assert name in re.search(r'id="answer"[^>]*>(.*?)</p>', html).group(1)
    assert follow_up_history(html) == [*history, "其中市级支出最多的是哪个？"]
    # a refused current question is carried on too (the engine keeps what came before it)
    refused = await page(ds, ["教委有哪些专项？"], "今天天气怎么样")
    assert "这个问题暂时答不了" in refused and follow_up_history(refused) == ["教委有哪些专项？", "今天天气怎么样"]


async def test_an_empty_follow_up_is_not_carried(ds):
    html = await page(ds, ["教委有哪些专项？"], "   ")
    assert "请先输入一个问题" in html and 'id="question"' not in html
    assert [t[0] for t in earlier_turns(html)] == ["教委有哪些专项？"]
    assert follow_up_history(html) == ["教委有哪些专项？"]


async def test_the_page_refuses_a_history_over_the_limits_without_failing(ds):
    html = await page(ds, ["教委有几个专项？"] * 21, "其中最大的是哪个？")
    assert 'id="conversation-error"' in html and "21 earlier questions; at most 20" in html
    assert 'id="follow-up"' not in html and 'href="/-/ask">开始新的对话' in html
    # twenty earlier questions and this one: answered, but one more would be over, so the box
    # starts a new conversation
    full = await page(ds, ["教委有哪些专项？", "那卫健委呢？"] * 10, "其中市级支出最多的是哪个？")
    assert 'id="answer"' in full and 'class="cq-full"' in full and follow_up_history(full) == []
    permalink = re.search(r'<a id="permalink" href="([^"]+)">', full).group(1).replace("&amp;", "&")
    assert permalink == "/-/ask?" + query(["教委有哪些专项？", "那卫健委呢？"] * 10, "其中市级支出最多的是哪个？")


def test_the_page_answers_every_turn_as_ask_json_does(db_path):
    """converse() answers a whole conversation in one pass; each turn must be what /-/ask.json
    (api.respond with the turns before it as history) answers: every conversation of
    evaluation/conversations.yaml, refused turns included."""
    conversations = yaml.safe_load((ROOT / "evaluation" / "conversations.yaml").read_text(encoding="utf-8"))
    conversations = conversations["conversations"]
    assert len(conversations) >= 60
    for conversation in conversations:
        questions = [turn["question"] for turn in conversation["turns"]]
        turns, current = ask_page.converse(db_path, questions[:-1], questions[-1], ask_module)
        for number, result in enumerate([*turns, current]):
            expected = api.respond(questions[number], db_path, history=questions[:number]).to_dict()
            assert result.to_dict() == expected, (conversation["id"], number + 1)
