"""English names of the 82 funds: descriptions written from each Chinese name the way an English-speaking
journalist would translate it, read by english_fund_names through glosses.yaml's name_words; and English
questions that name no fund, which must keep their answers (no word swallowed into a name).

The descriptions were written from the Chinese names, not from the glossary: DESCRIPTIONS first (several
per fund), SECOND_SET later in other words and asked in other sentences.
"""

import re

import pytest

from cqbudget_db.ask import Unanswerable, ask
from cqbudget_db.engine import lexicon
from cqbudget_db.engine.understand import understand
from cqbudget_db.engine.vocab import load_vocabulary

DESCRIPTIONS = {
    1: ['municipal talent development fund', 'talent development fund', 'city-level talent development program'],
    2: ['cadre education and training fund', 'cadre training fund',
        'municipal cadre education and training program'],
    3: ["old party members' living subsidy fund", 'veteran party member living allowance fund',
        'elderly party members subsidy fund'],
    4: ['grassroots non-public party building fund', 'non-public sector party building fund',
        'grassroots party-building fund'],
    5: ['cultural industry development fund', 'culture industry fund', 'cultural industries development program'],
    6: ['publicity, ideology and culture work fund', 'propaganda and ideological work fund',
        'publicity and ideological culture work fund'],
    7: ['municipal infrastructure coordination fund', 'infrastructure coordinated construction fund',
        'capital construction coordination fund'],
    8: ['higher education breakthrough fund', 'higher education leap fund',
        'higher education breakthrough and leap-forward fund'],
    9: ['basic education quality improvement fund', 'basic education expansion and quality improvement fund',
        'basic education fund'],
    10: ['student aid fund', 'student financial aid fund', 'student financial assistance fund'],
    11: ['vocational education fund', 'vocational education quality improvement fund',
         'vocational education leadership fund'],
    12: ['science and technology development fund', 'sci-tech development fund', 'technology development fund'],
    13: ['industry and information technology fund', 'industry and informatization fund',
         'industrial and information technology development fund'],
    14: ['SME development fund', 'small and micro enterprise development fund',
         'small, medium and micro enterprises development fund'],
    15: ['ethnic minority development fund', 'municipal ethnic minorities development fund',
         'minority development fund'],
    16: ['civil affairs management fund', 'civil affairs administration fund',
         'civil affairs administrative affairs fund'],
    17: ['social welfare fund', 'social welfare program'],
    18: ['social assistance fund', 'social relief fund', 'social aid fund'],
    19: ['welfare lottery fund', 'welfare lottery public welfare fund', 'municipal welfare lottery fund'],
    20: ['talent team building fund', 'talent workforce building, management and services fund',
         'talent pool management and services fund'],
    21: ['key employment fund', 'employment fund', 'priority employment program'],
    22: ['regulatory planning, urban design and historic city protection planning fund',
         'historic city conservation planning fund', 'urban design and historic city protection fund'],
    23: ['geological exploration and mineral resources supervision fund',
         'geological survey and mineral resources fund', 'mineral resources regulation fund'],
    24: ['geological disaster prevention fund', 'geological hazard prevention and control fund',
         'geohazard prevention fund'],
    25: ['territorial space ecological restoration and farmland protection fund',
         'ecological restoration and cultivated land protection fund', 'cropland protection fund'],
    26: ['municipal transport planning and management support fund', 'transport planning fund',
         'traffic planning and management fund'],
    27: ['natural resources, surveying and mapping management fund', 'surveying and mapping fund',
         'natural resources and geographic information management fund'],
    28: ['master plan maintenance and district plan review fund', 'overall planning review fund',
         'master plan review fund'],
    29: ['environmental protection capacity building fund', 'environmental capacity building fund'],
    30: ['environmental pollution prevention and control fund', 'pollution control fund',
         'pollution prevention fund'],
    31: ['ecological environment monitoring fund', 'environmental monitoring fund',
         'eco-environmental monitoring, management and operation fund'],
    32: ['urban upgrading fund', 'city upgrading fund', 'urban improvement fund'],
    33: ['urban-rural construction, technology and energy saving fund',
         'urban and rural construction development and energy conservation fund',
         'building energy efficiency fund'],
    34: ['public rental housing fund', 'public housing fund', 'rental housing fund'],
    35: ['integrated urban-rural construction fund', 'coordinated urban and rural construction fund',
         'urban-rural integration construction fund'],
    36: ['garbage sorting fund', 'waste sorting, collection and disposal fund', 'garbage classification fund'],
    37: ['city-managed facilities construction and renovation fund',
         'municipal facilities construction and improvement fund'],
    38: ['municipal landscaping facilities maintenance fund',
         'municipal and landscaping facilities operation and maintenance fund',
         'municipal facilities maintenance fund'],
    39: ['water transport development fund', 'waterway transport fund', 'shipping development fund'],
    40: ['urban quality improvement fund', 'city quality upgrading fund'],
    41: ['road construction and maintenance fund', 'highway construction fund', 'road maintenance fund'],
    42: ['civil aviation development fund', 'aviation development fund', 'civil aviation fund'],
    43: ['railway development fund', 'rail development fund', 'railway fund'],
    44: ['support and security system construction fund', 'support system building fund',
         'support and guarantee system fund'],
    45: ['agriculture-related infrastructure investment (water conservancy) fund',
         'agricultural infrastructure investment fund', 'rural water infrastructure investment fund'],
    46: ['reservoir resettlement support fund', 'reservoir migrants later-stage support fund',
         'reservoir resettlement fund'],
    47: ['water conservancy development fund', 'water resources development fund', 'water conservancy fund'],
    48: ['agricultural service system fund', 'agricultural services fund', 'agriculture service system fund'],
    49: ['animal disease prevention and control fund', 'animal epidemic control fund',
         'animal disease control fund'],
    50: ['farmland construction subsidy fund', 'farmland construction fund', 'farmland subsidy fund'],
    51: ['agricultural industry development fund', 'agriculture industry fund',
         'agricultural industries development program'],
    52: ['agricultural resources and protection fund', 'agricultural resource conservation fund',
         'agricultural resources protection fund'],
    53: ['commerce development fund', 'municipal commerce development fund', 'trade development fund'],
    54: ['performing arts troupes incentive fund', 'art troupe incentive and guidance fund',
         'municipal arts troupes incentive fund'],
    55: ['culture and tourism development fund', 'cultural tourism development fund', 'tourism development fund'],
    56: ['public health fund', 'public health program'],
    57: ['family planning fund', 'birth planning fund'],
    58: ['capacity building fund', 'health capacity building fund'],
    59: ['talent training and scientific research fund', 'talent cultivation and research fund',
         'health talent training and research fund'],
    60: ['emergency system and rescue capacity improvement fund', 'emergency response and rescue capacity fund',
         'emergency rescue capacity building fund'],
    61: ['natural disaster relief fund', 'disaster relief fund'],
    62: ['state-owned enterprise innovation and development fund', 'SOE innovation fund',
         'key state-owned enterprises innovation development fund'],
    63: ['product quality spot check fund', 'product quality supervision and inspection fund',
         'product quality inspection fund'],
    64: ['livelihood metrology verification fund', 'metrology verification fund', 'measurement verification fund'],
    65: ['food spot check fund', 'food supervision and sampling inspection fund', 'food safety inspection fund'],
    66: ['quality improvement fund', 'quality upgrading fund'],
    67: ['sports development fund', 'sports undertakings development fund', 'sport development program'],
    68: ['rural revitalization subsidy fund', 'rural revitalization fund',
         'fiscal subsidy for promoting rural revitalization fund'],
    69: ['medical insurance subsidy fund', 'medical security subsidy fund', 'healthcare security subsidy fund'],
    70: ['e-government digitalization fund', 'government digitalization application fund',
         'digital government fund'],
    71: ['port and logistics development fund', 'port logistics fund', 'ports and logistics development fund'],
    72: ['cultural relics protection and utilization fund', 'heritage protection fund',
         'cultural heritage conservation and use fund'],
    73: ['supply and marketing comprehensive services fund', 'supply and marketing sector services fund',
         'supply and marketing industry integrated service fund'],
    74: ['rural three cooperatives integration fund', 'three-cooperative integrated development fund',
         "rural 'three cooperatives' integrated development fund"],
    75: ['forestry and grassland reform and development fund', 'forest and grassland reform fund',
         'forestry reform fund'],
    76: ['forestry and grassland ecological protection and restoration fund',
         'forest and grassland ecological restoration fund', 'forest ecological protection fund'],
    77: ['drug spot check fund', 'drug sampling inspection fund', 'spot check fund'],
    78: ['intellectual property development fund', 'IP development fund', 'intellectual property fund'],
    79: ['youth development fund', 'youth affairs development fund', 'youth undertakings fund'],
    80: ['women and children development fund', "women and children's development fund",
         "women's and children's development fund"],
    81: ['disabled sports fund', 'sports lottery fund for disabled sports', 'disability sports fund'],
    82: ['disability affairs development fund', "disabled persons' development fund",
         'disability development fund'],
}

SECOND_SET = {
    1: 'Chongqing talent development special fund',
    2: 'training fund for cadres',
    3: 'living subsidies for elderly Party members fund',
    4: 'non-public sector Party-building fund',
    5: 'culture industry development special fund',
    6: 'publicity and ideological and cultural work fund',
    7: 'infrastructure coordination construction fund',
    8: 'higher education breakthrough and upgrading fund',
    9: 'basic education expansion and quality fund',
    10: 'student subsidy fund',
    11: 'vocational education quality and leadership fund',
    12: 'science and technology fund',
    13: 'industry and informatization special fund',
    14: 'small and medium-sized enterprises development fund',
    15: 'ethnic minorities development fund',
    16: 'civil affairs administration special fund',
    17: 'social welfare special fund',
    18: 'social assistance special fund',
    19: 'welfare lottery public-interest fund',
    20: 'talent workforce construction and management services fund',
    21: 'priority employment fund',
    22: 'regulatory plan and urban design and historic city conservation planning fund',
    23: 'geological prospecting and mineral resources regulation fund',
    24: 'geohazard prevention and control fund',
    25: 'territorial space ecological rehabilitation and farmland protection fund',
    26: 'municipal transport planning and management fund',
    27: 'natural resources and mapping management fund',
    28: 'master plan maintenance and optimization fund',
    29: 'environmental protection capability building fund',
    30: 'environmental pollution control fund',
    31: 'ecological environment monitoring and operation fund',
    32: 'city upgrade fund',
    33: 'urban and rural construction, science and technology and energy saving fund',
    34: 'public rental housing special fund',
    35: 'coordinated urban-rural construction fund',
    36: 'waste classification, transport and disposal fund',
    37: 'municipal facilities construction and renovation fund',
    38: 'municipal parks and landscaping facilities operation and maintenance fund',
    39: 'water transport development special fund',
    40: 'urban quality upgrading fund',
    41: 'highway construction and maintenance fund',
    42: 'civil aviation development special fund',
    43: 'railway development special fund',
    44: 'support system construction fund',
    45: 'agriculture-related infrastructure investment fund',
    46: 'reservoir resettlement later-stage support fund',
    47: 'water resources development special fund',
    48: 'agricultural service system special fund',
    49: 'animal epidemic prevention and control fund',
    50: 'farmland construction subsidies fund',
    51: 'agricultural industry development special fund',
    52: 'agricultural resources and conservation fund',
    53: 'commerce development special fund',
    54: 'art troupe incentive fund',
    55: 'culture and tourism development special fund',
    56: 'public health special fund',
    57: 'family planning special fund',
    58: 'health capacity-building fund',
    59: 'talent training and research fund',
    60: 'emergency system and rescue capability fund',
    61: 'natural disaster relief special fund',
    62: 'state-owned enterprises innovation and development fund',
    63: 'product quality supervision spot check fund',
    64: 'metrology verification special fund',
    65: 'food supervision spot check fund',
    66: 'quality upgrading special fund',
    67: 'sports development special fund',
    68: 'rural revitalisation subsidy fund',
    69: 'medical insurance groups subsidy fund',
    70: 'government affairs digitalization fund',
    71: 'port logistics development fund',
    72: 'cultural relics protection and use fund',
    73: 'supply and marketing services fund',
    74: 'rural three-cooperative integration fund',
    75: 'forestry and grassland reform fund',
    76: 'forestry and grassland ecological protection fund',
    77: 'drug sampling fund',
    78: 'intellectual property development special fund',
    79: 'youth development special fund',
    80: "women and children's development special fund",
    81: 'sports lottery disabled sports fund',
    82: 'disabled persons development fund',
}

TEMPLATES = ["How much is the {}?", "Who is the contact for the {}?"]
SECOND_TEMPLATES = ["What is the budget of the {}?", "What are the core indicators of the {}?",
                    "How much of the {} goes to districts?", "Which department runs the {}?"]


def sources(result):
    return sorted({s["seq"] for s in result["sources"]})


def named(vocab, question):
    """The funds the question names, and the words no rule read."""
    reading = understand(question, vocab)
    return reading.query.funds, reading.unread


@pytest.fixture(scope="module")
def vocab(db_path):
    return load_vocabulary(db_path)


def test_every_fund_has_several_descriptions(db_path):
    assert sorted(DESCRIPTIONS) == list(range(1, 83)) == sorted(SECOND_SET)
    assert all(len(set(d)) >= 2 for d in DESCRIPTIONS.values())


@pytest.mark.parametrize("seq, description", [(seq, d) for seq, ds in DESCRIPTIONS.items() for d in ds])
def test_an_english_description_names_exactly_its_fund(db_path, seq, description):
    for template in TEMPLATES:
        result = ask(template.format(description), db_path)
        assert sources(result) == [seq], (template.format(description), result["understood"])
        assert list(result["params"].values()).count(seq) == 1 and not any(
            k.startswith("fund") and v != seq for k, v in result["params"].items()), result["params"]


@pytest.mark.parametrize("seq, description", sorted(SECOND_SET.items()))
def test_other_descriptions_in_other_sentences(db_path, seq, description):
    for template in SECOND_TEMPLATES:
        result = ask(template.format(description), db_path)
        assert sources(result) == [seq], (template.format(description), result["understood"])


@pytest.mark.parametrize("question, seqs", [
    ("What's the total for the port and logistics development fund?", [71]),     # a department's name inside
    ("How much is the culture and tourism development fund?", [55]),
    ("Who is the contact person for the agricultural industry development fund?", [51]),
    ("What are the core indicators of the student financial aid fund?", [10]),
    ("How much is the special fund for rural revitalization?", [68]),              # fund for …
    ("How much is the living allowance fund for veteran party members?", [3]),
    ("How much do the road and railway funds get?", [41, 43]),                     # two names joined by and
    ("Show the public health and family planning funds", [56, 57]),
    ("How much is the capacity building fund?", [58]),                             # the whole name, in general words
    ("How much is the water conservancy fund?", [47]),
    ("What are the sports funds?", [67, 81]),                                      # plural: a kind of fund
])
def test_names_in_sentences(db_path, question, seqs):
    result = ask(question, db_path)
    assert sources(result) == seqs, result["understood"]


def test_a_department_inside_a_fund_name_is_not_a_condition(db_path):
    result = ask("What's the total for the port and logistics development fund?", db_path)
    assert "department" not in result["sql"].split("where", 1)[1] and result["params"] == {"fund": 71}
    assert [u["text"] for u in result["understood"] if "71" in u["meaning"] or "口岸" in u["meaning"]] \
        == ["port and logistics development"]


def test_an_english_name_is_read_as_a_written_one(db_path):
    """One fund span, as a Chinese name: measured against, left out, or asked about."""
    result = ask("Which funds are bigger than the railway development fund?", db_path)
    assert result["params"] == {"ref_fund": 43} and len(result["rows"]) == 54
    result = ask("Which funds exceed 1 billion except the student aid fund?", db_path)
    assert sources(result) == [s for s in OVER_1_BILLION if s != 10]
    result = ask("Who should I phone about the agricultural industry development fund?", db_path)
    assert sources(result) == [51] and result["params"] == {"fund": 51}


def test_a_word_with_a_reading_of_its_own_keeps_it(db_path):
    """city-level before a name that lacks 市级 is the column asked for, not part of the name."""
    result = ask("What is the city-level sports development fund?", db_path)
    assert sources(result) == [67] and result["answer"].startswith("体育事业发展专项: city-level spending")
    assert [u["text"] for u in result["understood"]] == ["sports development", "city-level"]


@pytest.mark.parametrize("question", [
    "Is there a space program?", "What is the largest investment project?", "How much is the construction fund?",
    "What is the budget of the transport fund?", "How much is the training fund?", "How much is the district fund?",
    "What is the research project?",
])
def test_general_words_name_no_fund(vocab, question):
    funds, unread = named(vocab, question)
    assert funds == [] and unread, (funds, unread)


# ---------------------------------------------------------------- questions that name no fund keep their answers

OVER_1_BILLION = [7, 9, 10, 11, 12, 13, 18, 32, 36, 45, 69, 70, 71, 75]


@pytest.mark.parametrize("question", ["Which funds exceed 1 billion yuan?", "Which funds have a budget over 1 billion?",
                                      "Which special funds exceed 1 billion?", "Which key funds exceed 1 billion?"])
def test_thresholds_are_not_names(db_path, question):
    assert sources(ask(question, db_path)) == OVER_1_BILLION


def test_departments_are_not_names(db_path):
    result = ask("How many funds does the Education Commission have?", db_path)
    assert dict(zip(result["columns"], result["rows"][0]))["fund_count"] == 4
    for question in ("How much does the port and logistics office get?", "How much is the port and logistics fund?",
                     "How much is the civil affairs fund?"):      # a department's name alone says its funds
        result = ask(question, db_path)
        assert "f.department in (:dept)" in result["sql"] and "f.seq in" not in result["sql"], question


@pytest.mark.parametrize("question", [
    "Which development funds are larger than 2 billion?", "How many development funds are there?",
    "Which funds mention rural revitalization?", "How many funds mention patents?", "Which fund is the biggest?",
    "Which department has the most money?", "Top 5 funds by district subsidies", "Which fund has the most indicators?",
    "Which funds have city-level spending over 1 billion?", "Which funds give all their money to districts?",
    "Which funds are in the 1 to 2 billion range?", "How many funds have no district subsidy?",
    "Which funds support small businesses?", "What does the student aid program fund?",
])
def test_questions_without_a_name_name_no_fund(vocab, question):
    funds, _ = named(vocab, question)
    assert funds == [] or question == "What does the student aid program fund?" and funds == [10]


def test_development_funds_are_a_kind_not_a_name(db_path):
    with pytest.raises(Unanswerable) as refused:
        ask("Which development funds are larger than 2 billion?", db_path)
    assert "development" in refused.value.to_dict()["unread"]
    result = ask("Which funds mention rural revitalization?", db_path)
    assert list(result["params"].values()) == ["%乡村振兴%"] and len(result["rows"]) == 13


# ---------------------------------------------------------------- the glossary itself

def test_every_name_word_is_in_a_fund_or_department_name(vocab):
    names = "\n".join(f.name + f.department for f in vocab.funds.values())
    data = lexicon._glosses_file()["name_words"]
    assert [chinese for chinese in data if chinese not in names] == []
    for chinese, english in data.items():
        for phrase in english:
            assert isinstance(phrase, str) and phrase == phrase.lower(), (chinese, phrase)
            assert not re.search(r"\b(funds?|programs?|programmes?|projects?|schemes?)\b", phrase), (chinese, phrase)


def test_qualifiers_and_general_words_are_name_words():
    words = lexicon.load_name_words()
    generic = lexicon.load_generic_name_words()
    assert set(lexicon._glosses_file()["name_qualifiers"]) <= set(words)
    assert [w for w in generic if w not in words and w not in lexicon.load_glosses()] == []
