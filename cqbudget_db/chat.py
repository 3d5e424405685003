"""The chat loop: each question is read in the light of the conversation so far.

The conversation is the dialogue state each answer returns (engine.dialogue.State),
passed to the next question — the same mechanism the llm model uses through
response_json — so nothing lives in the process between turns but that value.
"""

import json
import os
import pathlib

from .errors import CqbudgetError

EXIT_WORDS = {"exit", "quit", "q", "退出", "再见", "bye"}
SHOWN_ROWS = 30


def enable_history():
    """Line editing and a history file, when readline is available."""
    try:
        import readline
    except ImportError:
        return
    path = pathlib.Path(os.environ.get("CQBUDGET_HISTORY", pathlib.Path.home() / ".cqbudget_history"))
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    import atexit

    atexit.register(lambda: _save_history(readline, path))


def _save_history(readline, path):
    try:
        readline.write_history_file(path)
    except OSError:
        pass


def run_chat(db_path, model=None, echo=print, prompt=input, as_json=False):
    """Read questions until EOF or an exit word; print each answer (or one JSON line per turn)."""
    from .ask import QuestionError, Unanswerable, answer
    from .cli import refusal_json, result_json

    state, conversation = None, None
    if model and model != "cqbudget":
        from .llm_sql import start_conversation

        conversation = start_conversation(model)
    if not as_json:
        echo("cqbudget chat — ask about Chongqing's 2024 key funds; 'exit' to leave.")
    while True:
        try:
            line = prompt()
        except (EOFError, KeyboardInterrupt):
            if not as_json:
                echo("")
            return
        line = line.strip()
        if not line:
            continue
        if line.lower() in EXIT_WORDS:
            return
        try:
            if conversation is not None:
                from .llm_sql import answer_with_model

                result = answer_with_model(line, db_path, model, conversation=conversation, log=True)
            else:
                result, state = answer(line, db_path, state=state)
        except (QuestionError, Unanswerable, CqbudgetError) as error:
            state = getattr(error, "state", None) or state
            echo(json.dumps(refusal_json(line, model, error), ensure_ascii=False) if as_json else _refusal_text(error))
            continue
        if as_json:
            echo(json.dumps(result_json(result), ensure_ascii=False, default=str))
        else:
            _show(result, echo)


def _refusal_text(error):
    return str(error) if hasattr(error, "to_dict") else f"Error: {error}"


def _show(result, echo):
    from .render import table

    echo(result["answer"])
    if result["rows"]:
        echo(table(result["columns"], result["rows"][:SHOWN_ROWS]))
        if len(result["rows"]) > SHOWN_ROWS:
            echo(f"… {len(result['rows']) - SHOWN_ROWS} more rows")
