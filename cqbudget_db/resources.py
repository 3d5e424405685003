"""The files cqbudget reads at run time, shipped inside the package.

They are found with importlib.resources, so they are the same in a checkout, an
editable install and a wheel.  In the repository cqbudget_db/data/ holds symbolic
links to the top-level copies (data/ and evaluation/), which stay the ones to
edit; a wheel, built from the tree or from the sdist, carries the files themselves.
"""

from importlib.resources import files

_DATA = files("cqbudget_db") / "data"

DOCUMENT = _DATA / "chongqing-2024-key-funds-performance.txt"  # the budget document
QUESTIONS = _DATA / "questions.yaml"  # evaluation questions; worked examples for model prompts
ASK_SCHEMA = files("cqbudget_db") / "ask.schema.json"  # the JSON Schema of the ask response (cqbudget_db.api)
