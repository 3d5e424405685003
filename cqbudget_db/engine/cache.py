"""A per-user cache of the engine's reading apparatus (vocabulary and matcher).

Building them — the lexicon's YAML, every way of naming 82 funds, the
Aho-Corasick automaton — costs more than answering a question, so a command
that answers one question loads them from a pickle made the first time.  The
key is the package version, the lexicon files' bytes and the database file's
identity (path, size, modification time): any change builds afresh.  A cache
that cannot be read or written is simply not used.

$CQBUDGET_CACHE_DIR moves it; CQBUDGET_CACHE_DIR=off turns it off.
"""

import hashlib
import os
import pathlib
import pickle
import tempfile
from importlib import resources

from .. import __version__

LEXICON_FILES = ("words.yaml", "glosses.yaml", "names.yaml", "lists.yaml")
PICKLED_CODE = ("vocab.py", "spans.py", "lexicon.py", "numbers.py", "normalize.py")


def _directory():
    configured = os.environ.get("CQBUDGET_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return pathlib.Path(configured)
    import platformdirs

    return platformdirs.user_cache_path("cqbudget", appauthor=False)


def lexicon_digest():
    digest = hashlib.sha256(__version__.encode())
    for name in LEXICON_FILES:
        digest.update(resources.files(__package__).joinpath("lexicon").joinpath(name).read_bytes())
    for name in PICKLED_CODE:   # the classes pickled: a change to them must not load an old pickle
        digest.update(resources.files(__package__).joinpath(name).read_bytes())
    return digest.hexdigest()


def load_or_build(db_path, build):
    """build() once per database file and lexicon; later calls read the pickle."""
    directory = _directory()
    if directory is None:
        return build()
    stat = os.stat(db_path)
    key = hashlib.sha256(f"{lexicon_digest()}|{os.path.abspath(db_path)}|{stat.st_size}|{stat.st_mtime_ns}"
                         .encode()).hexdigest()[:32]
    path = directory / f"engine-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    built = build()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile("wb", dir=directory, delete=False, suffix=".tmp") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass
    return built
