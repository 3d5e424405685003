"""The per-user cache of the engine's vocabulary: every lexicon file is part of its key, the word
lists of lexicon/lists.yaml travel inside it, and a question answered from it never parses YAML."""

import os
import pickle
import subprocess
import sys
from importlib import resources

import pytest

from cqbudget_db.engine import cache
from cqbudget_db.engine.lexicon import load_lists
from cqbudget_db.engine.vocab import Vocabulary


def test_every_lexicon_file_is_part_of_the_cache_key():
    files = {p.name for p in resources.files("cqbudget_db.engine").joinpath("lexicon").iterdir()
             if p.name.endswith(".yaml")}
    assert set(cache.LEXICON_FILES) == files


def test_the_word_lists_are_read_only_and_pickled_with_the_vocabulary():
    lists = Vocabulary().lists
    assert lists is load_lists() and lists["more"][:3] == ("多", "高", "大")
    assert list(lists["count_words"].items())[:2] == [("两", 2), ("二", 2)]
    with pytest.raises(TypeError):
        lists["more"] = ()
    with pytest.raises(TypeError):
        lists["count_words"]["四"] = 4
    again = pickle.loads(pickle.dumps(Vocabulary(), protocol=pickle.HIGHEST_PROTOCOL)).lists
    assert again == lists and type(again) is type(lists)


def test_a_question_answered_from_the_cache_does_not_import_yaml(db_path, tmp_path):
    code = ("import sys\nfrom cqbudget_db import ask\n"
            f"ask('教委有几个专项？', db={str(db_path)!r})\nprint('yaml' in sys.modules)")
    env = {**os.environ, "CQBUDGET_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
            for _ in range(2)]
    assert [(done.returncode, done.stdout.strip()) for done in runs] == [(0, "True"), (0, "False")], runs[-1].stderr
