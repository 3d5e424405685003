"""The chat loop: each question is understood in the light of the previous one."""

import os
import pathlib

from .errors import CqbudgetError

EXIT_WORDS = {"exit", "quit", "q", "退出", "再见", "bye"}


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


def run_chat(db_path, model=None, echo=print, prompt=input):
    from .ask import QuestionError, Unanswerable, answer
    from .render import table

    context, conversation = None, None
    if model and model != "cqbudget":
        from .llm_sql import start_conversation

        conversation = start_conversation(model)
    echo("cqbudget chat — ask about Chongqing's 2024 key funds; 'exit' to leave.")
    while True:
        try:
            line = prompt()
        except (EOFError, KeyboardInterrupt):
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
                result, understood = answer(line, db_path, context=context)
                context = understood or context
        except (QuestionError, Unanswerable) as error:
            echo(str(error))
            continue
        except CqbudgetError as error:
            echo(f"Error: {error}")
            continue
        echo(result["answer"])
        if result["rows"]:
            echo(table(result["columns"], result["rows"][:30]))
            if len(result["rows"]) > 30:
                echo(f"… {len(result['rows']) - 30} more rows")
