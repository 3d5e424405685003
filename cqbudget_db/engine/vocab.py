"""What the database knows, for reading questions: funds and the ways people name
them, departments with their aliases, contacts, phones, indicator names and units,
and the text that can be searched.  Loaded once per database file.
"""

import functools
import os
import re
from dataclasses import dataclass, field

from ..guard import connect_readonly
from .lexicon import load_lists, load_names
from .normalize import normalize


@dataclass
class Fund:
    seq: int
    name: str
    table_name: str
    department: str
    source_line: int = 0        # the line of its row in the catalog: a source, without a query
    amounts: dict = field(default_factory=dict)     # total / city_spend / district_subsidy, 万元 (the one chosen
                                                    # of two in a conversation: 钱多的那个)


@dataclass(eq=False)
class Vocabulary:
    funds: dict = field(default_factory=dict)              # seq -> Fund
    departments: dict = field(default_factory=dict)        # normalized alias -> full name
    short_names: dict = field(default_factory=dict)        # full name -> short name
    english_names: dict = field(default_factory=dict)      # full name -> English name
    people: dict = field(default_factory=dict)             # contact -> [seq]
    phones: dict = field(default_factory=dict)             # phone -> [seq]
    indicator_names: set = field(default_factory=set)
    units: set = field(default_factory=set)
    fund_indicators: dict = field(default_factory=dict)    # seq -> [(indicator name, unit)]
    fund_text: str = ""         # every fund's name, overview and goal, for term look-ups
    indicator_text: str = ""    # every indicator name
    name_text: str = ""         # every fund name
    matcher: object = None      # the spans.Matcher over this vocabulary and the lexicon
    lists: dict = field(default_factory=load_lists)     # lexicon/lists.yaml: name -> words (read-only)

    def fund_name(self, seq):
        return self.funds[seq].name

    def short(self, department):
        return self.short_names.get(department, department)


def core(name):
    """The distinctive part of a fund name: without 专项(资金) and a leading 市/市级."""
    text = re.sub(r"(专项资金|专项)$", "", name)
    return re.sub(r"^(市级|市)", "", text) if len(text) > 3 else text


def name_variants(name, fund_words):
    """The forms a fund's name is written in: full, core, without quotes, abbreviated."""
    plain = re.sub(r"[“”\"（）()]", "", name)
    forms = {name, plain, core(name), core(plain)}
    for short, long in fund_words.items():
        for form in list(forms):
            if long in form:
                forms.add(form.replace(long, short))
    return {normalize(f) for f in forms if f}


@functools.lru_cache(maxsize=8)
def _load(path, mtime):  # mtime is part of the key: a rebuilt database is read again
    from .cache import load_or_build

    return load_or_build(path, lambda: _build(path))


def _build(path):
    """The vocabulary, with its matcher built and attached (both are cached together)."""
    from .spans import Matcher

    conn = connect_readonly(path)
    try:
        vocab = _read(conn)
    finally:
        conn.close()
    vocab.matcher = Matcher(vocab)
    return vocab


def _read(conn):
    vocab = Vocabulary()
    for seq, name, table_name, department, source_line, total, city, district in conn.execute(
            "select seq, name, table_name, department, source_line, total, city_spend, district_subsidy "
            "from funds order by seq"):
        vocab.funds[seq] = Fund(seq, name, table_name or name, department, source_line,
                                {"total": total, "city_spend": city, "district_subsidy": district})
    for name, short, english in conn.execute("select name, short_name, english_name from departments"):
        vocab.short_names[name] = short
        vocab.english_names[name] = english
        for alias in (name, short, english):
            if alias:
                vocab.departments[normalize(alias)] = name
    for alias, department in conn.execute("select alias, department from department_aliases"):
        vocab.departments[normalize(alias)] = department
    for alias, department in load_names()["departments"].items():
        vocab.departments.setdefault(normalize(alias), department)
    for seq, contact, phone in conn.execute("select seq, contact, phone from funds order by seq"):
        vocab.people.setdefault(contact, []).append(seq)
        vocab.phones.setdefault(phone, []).append(seq)
    vocab.indicator_names = {r[0] for r in conn.execute("select distinct name from indicators")}
    vocab.units = {r[0] for r in conn.execute("select distinct unit from indicators where unit is not null")}
    for seq, name, unit in conn.execute("select fund_seq, name, unit from indicators order by fund_seq, position"):
        vocab.fund_indicators.setdefault(seq, []).append((name, unit or ""))
    vocab.fund_text = normalize("\n".join(
        f"{r[0]}\n{r[1]}\n{r[2]}" for r in conn.execute("select name, overview, goal from funds")))
    vocab.indicator_text = normalize("\n".join(sorted(vocab.indicator_names)))
    vocab.name_text = normalize("\n".join(f.name for f in vocab.funds.values()))
    return vocab


def load_vocabulary(db_path):
    path = os.path.abspath(db_path)
    return _load(path, os.path.getmtime(path))
