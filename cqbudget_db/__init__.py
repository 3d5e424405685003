"""cqbudget: Chongqing 2024 municipal key special funds, as a queryable database.

    from cqbudget_db import ask
    result = ask("哪些专项超过10亿元？")      # an Answer (cqbudget_db.api); result.to_dict() is the JSON contract

Importing the package loads nothing else (the CLI's cold start depends on it): the API and
the engine are imported on first use.
"""

import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Names served from cqbudget_db.api on first use.
_API = ("Answer", "Refusal", "Source", "Phrase", "respond", "response_schema", "Unanswerable", "QuestionError")

__all__ = ["ask", *_API, "CqbudgetError", "__version__"]

if TYPE_CHECKING:  # what type checkers and editors see; at run time `ask` is the callable module below
    from .api import Answer, Phrase, QuestionError, Refusal, Source, Unanswerable, ask, respond, response_schema
    from .errors import CqbudgetError


def __getattr__(name):
    if name in _API:
        from . import api

        return getattr(api, name)
    if name == "CqbudgetError":
        from .errors import CqbudgetError

        return CqbudgetError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _AskModule(types.ModuleType):
    """cqbudget_db.ask, the engine's module, made callable: `cqbudget_db.ask(question, …)` is
    cqbudget_db.api.ask (an Answer), while `cqbudget_db.ask.ask(question, db_path)` stays the
    engine's function (a dict) and `from cqbudget_db import ask as module` keeps working."""

    def __call__(self, question, db=None, **options):
        from .api import ask

        return ask(question, db, **options)


class _Package(types.ModuleType):
    # Python sets a submodule as an attribute of its package once it is imported; the
    # submodule `ask` would then shadow the API's ask(), so it is made callable instead.
    def __setattr__(self, name, value):
        if name == "ask" and type(value) is types.ModuleType:
            value.__class__ = _AskModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
