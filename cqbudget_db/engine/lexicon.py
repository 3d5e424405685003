"""The lexicon as data: phrases with a kind and a meaning, read from lexicon/*.yaml.

    words.yaml    kind → meaning → phrases (metrics, comparators, aggregates, …)
    glosses.yaml  English words → the Chinese the document uses
    names.yaml    department nicknames and short forms of words in fund names
    lists.yaml    small word lists the rules look for by their written form (unit_fillers, …)

Kinds listed in HINT_KINDS carry no condition of their own: a question may
contain them without a rule consuming them (function words, question words,
nouns that only confirm what is asked).  Every other span must be consumed.
"""

import functools
from dataclasses import dataclass
from importlib import resources

from .normalize import normalize

HINT_KINDS = {"function", "ask", "noun", "conj", "scope_all", "text_weak", "followup", "relation"}


@dataclass(frozen=True)
class Entry:
    kind: str
    meaning: str
    phrase: str


def _yaml(name):
    import yaml  # here: a question answered from the cache never reads the lexicon's YAML

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        """Refuses a key given twice in one mapping: YAML would silently keep only the last list."""

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({k for k in keys if keys.count(k) > 1}, key=str)
        if repeated:
            raise ValueError(f"lexicon/{name} line {node.start_mark.line + 1}: {', '.join(map(str, repeated))} "
                             "given twice in one mapping")
        return loader.construct_mapping(node, deep=deep)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    text = resources.files(__package__).joinpath("lexicon").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=Loader)


def _plurals(phrase):
    """English nouns are written in the singular in the lexicon; questions use both."""
    if not phrase.isascii() or not phrase[-1:].isalpha():
        return [phrase]
    if phrase.endswith("y") and not phrase.endswith(("ay", "ey", "oy")):
        return [phrase, phrase[:-1] + "ies"]
    if phrase.endswith(("s", "x", "ch", "sh")):
        return [phrase, phrase + "es"]
    return [phrase, phrase + "s"]


def _hyphenated(phrase):
    """district subsidy → district-subsidy: English compounds are written both ways (one hyphen at a time)."""
    words = phrase.split(" ")
    if not phrase.isascii() or not 2 <= len(words) <= 4 or not all(w.isalpha() for w in words):
        return []
    return [" ".join(words[:k] + [words[k] + "-" + words[k + 1]] + words[k + 2:]) for k in range(len(words) - 1)]


@functools.lru_cache(maxsize=1)
def load_words():
    """[Entry] for every phrase of words.yaml, normalized as questions are."""
    entries = []
    for kind, meanings in _yaml("words.yaml").items():
        for meaning, phrases in meanings.items():
            for phrase in phrases:
                if not isinstance(phrase, str) or not isinstance(meaning, str):
                    # YAML reads bare no / on / 2024 as booleans and numbers: quote them in the file
                    raise ValueError(f"words.yaml: {kind}.{meaning}: {phrase!r} must be a quoted string")
                forms = _plurals(normalize(phrase)) if kind in ("noun", "metric") else [normalize(phrase)]
                forms += [f for form in forms for f in _hyphenated(form)]
                entries += [Entry(kind, meaning, form) for form in forms if form]
    return entries


class Frozen(dict):
    """A dict that cannot be changed once made; it pickles as itself (with the vocabulary)."""

    def _read_only(self, *args, **kwargs):
        raise TypeError("the lexicon's lists are read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only

    def __reduce__(self):
        return type(self), (dict(self),)


@functools.lru_cache(maxsize=1)
def load_lists():
    """lists.yaml: name → a tuple of words, or a Frozen mapping word → number or words (in the file's order).
    Kept on the Vocabulary, so a question answered from the cache never parses the YAML."""
    lists = {}
    for name, words in _yaml("lists.yaml").items():
        if isinstance(words, dict):     # word → a whole number, or word → the words it stands for
            bad = [word for word, value in words.items() if not isinstance(word, str) or not (
                type(value) is int or isinstance(value, list) and all(isinstance(v, str) for v in value))]
            lists[name] = Frozen({word: tuple(v) if isinstance(v, list) else v for word, v in words.items()})
        else:
            bad = [word for word in words if not isinstance(word, str)]
            lists[name] = tuple(words)
        if bad:
            raise ValueError(f"lists.yaml: {name}: {bad[0]!r} must be a quoted string (with a whole number)")
    return Frozen(lists)


@functools.lru_cache(maxsize=1)
def _glosses_file():
    return _yaml("glosses.yaml")


@functools.lru_cache(maxsize=1)
def load_glosses():
    return {normalize(k): v for k, v in _glosses_file()["glosses"].items()}


@functools.lru_cache(maxsize=1)
def load_names():
    return _yaml("names.yaml")


def kinds():
    """{kind: [meanings]} — for documentation and tests."""
    found = {}
    for entry in load_words():
        found.setdefault(entry.kind, set()).add(entry.meaning)
    return {k: sorted(v) for k, v in found.items()}


@functools.lru_cache(maxsize=1)
def load_name_words():
    """English word or phrase → the Chinese words of fund names it may stand for: glosses.yaml's
    name_words, and "" for its name_qualifiers, which fit any name.  Read only when an English
    question has words before fund / program, so other questions never parse it."""
    data = _glosses_file()
    table = {}

    def add(english, chinese):
        if not isinstance(english, str):
            raise ValueError(f"glosses.yaml: {chinese or 'name_qualifiers'}: {english!r} must be a quoted string")
        readings = table.setdefault(normalize(english), [])
        if chinese not in readings:
            readings.append(chinese)

    for chinese, phrases in data["name_words"].items():
        for english in phrases:
            add(english, chinese)
    for english in data["name_qualifiers"]:
        add(english, "")
    return {english: tuple(readings) for english, readings in table.items()}


@functools.lru_cache(maxsize=1)
def load_generic_name_words():
    """The name words too general to name a fund by themselves (glosses.yaml's name_generic)."""
    return frozenset(normalize(english) for english in _glosses_file()["name_generic"])

