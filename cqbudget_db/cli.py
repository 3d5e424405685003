"""The cqbudget command line: a thin click layer over the library."""

import math
import pathlib
import sys

import click

from .errors import CqbudgetError

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=pathlib.Path),
                         default="cqbudget.db", show_default=True, help="The SQLite database")


@click.group()
@click.version_option()
def cli():
    """Ask questions of Chongqing's 2024 key special funds (重庆市 2024 年市级重点专项预算绩效).

    \b
    cqbudget build                      build cqbudget.db from the document in data/
    cqbudget ask "哪些专项超过10亿元？"      answer a question, offline
    cqbudget serve                      browse it with Datasette
    """


@click.command(name="build")
@click.option("--source", type=click.Path(path_type=pathlib.Path), default=None,
              help="The document (default: the project's copy in data/)")
@click.option("--output", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              default="cqbudget.db", show_default=True, help="The database to write")
@click.option("--allow-failed-checks", is_flag=True,
              help="Record failed reconciliation checks instead of refusing to build")
def build_command(source, output, allow_failed_checks):
    """Build the SQLite database from the document.

    The database is written to a temporary file and replaces OUTPUT only when
    parsing and every check succeeded, so a failed build changes nothing.

    \b
    Example:
        cqbudget build --output cqbudget.db
        python build_db.py --source data/chongqing-2024-key-funds-performance.txt
    """
    from .build import DEFAULT_SOURCE, Terminated, build, format_summary

    try:
        result = build(source or DEFAULT_SOURCE, output, allow_failed_checks=allow_failed_checks)
    except CqbudgetError as error:
        raise click.ClickException(str(error))
    except Terminated:
        click.echo(f"Error: stopped by SIGTERM; {output} was not changed", err=True)
        sys.exit(143)
    click.echo(format_summary(result))


cli.add_command(build_command)


@cli.command(name="eval")
@DB_OPTION
@click.option("--questions", "questions_path", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path),
              default=None, help="The question file (default: evaluation/questions.yaml)")
@click.option("--category", "categories", multiple=True,
              help="Only this category (repeatable), e.g. amount_threshold, ranking, unanswerable")
@click.option("--failures", is_flag=True, help="List every failed question with the reason")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON")
@click.option("--min-accuracy", type=click.FloatRange(0, 1), default=None,
              help="Exit with status 1 when the overall accuracy is below this (0–1)")
def eval_command(db_path, questions_path, categories, failures, as_json, min_accuracy):
    """Measure the offline engine against the hand-written evaluation questions.

    Each question's expected answer is a hand-written SQL query; the engine's
    rows must match it (same row count; every expected column equal to a
    distinct engine column, numbers within 1e-6 relative or 0.005 absolute).
    Questions marked unanswerable must be refused. Prints accuracy per
    category, per language and overall. The exit status is 0 whatever the
    accuracy, unless --min-accuracy is given and not reached.

    \b
    Example:
        cqbudget eval --failures
        cqbudget eval --category ranking --category share --json
        cqbudget eval --min-accuracy 0.95
    """
    import json as json_module

    from .evaluate import DEFAULT_QUESTIONS, evaluate, format_report, load_questions, report_as_json

    db_path = ensure_database(db_path)
    questions = load_questions(questions_path or DEFAULT_QUESTIONS)
    if categories:
        known = {question["category"] for question in questions}
        unknown = sorted(set(categories) - known)
        if unknown:
            raise click.BadParameter(f"unknown category {', '.join(unknown)}; known: {', '.join(sorted(known))}",
                                     param_hint="--category")
        questions = [question for question in questions if question["category"] in categories]
    report = evaluate(db_path, questions)
    if as_json:
        data = report_as_json(report)
        if not failures:
            data.pop("failures", None)
        click.echo(json_module.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, failures=failures))
    if min_accuracy is not None and report["accuracy"] < min_accuracy:
        click.echo(f"Accuracy {report['accuracy']:.1%} is below the required {min_accuracy:.1%}.", err=True)
        sys.exit(1)


@cli.command(name="serve")
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port")
@click.option("--open", "open_browser", is_flag=True, help="Open the home page in a web browser")
def serve_command(db_path, host, port, open_browser):
    """Browse the database with Datasette, building it first if it is missing.

    Immutable mode, metadata.yml, the plugins/ directory (ask page at /-/ask,
    dashboard at /-/dashboard), a 2 s SQL time limit and a 1000-row limit;
    the same as: datasette -i cqbudget.db -m metadata.yml --plugins-dir plugins

    \b
    Example:
        cqbudget serve --port 8001 --open
    """
    from .serve import serve

    serve(ensure_database(db_path), host=host, port=port, open_browser=open_browser)


def ensure_database(db_path):
    """Build the database from data/ if it does not exist yet (said on stderr); a file that
    is not an intact cqbudget database is refused in one line."""
    db_path = pathlib.Path(db_path)
    if db_path.exists():
        return check_database(db_path)
    from .build import DEFAULT_SOURCE, Terminated, build

    click.echo(f"No database at {db_path}: building it from {DEFAULT_SOURCE} …", err=True)
    try:
        build(DEFAULT_SOURCE, db_path)
    except CqbudgetError as error:
        raise click.ClickException(str(error))
    except Terminated:
        click.echo(f"Error: stopped by SIGTERM; {db_path} was not built", err=True)
        sys.exit(143)
    return db_path


def _finite(value, param):
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds", param=param)
    return value


def check_database(db_path):
    from .guard import check_database as check

    try:
        return check(db_path)
    except CqbudgetError as error:
        raise click.ClickException(str(error))


def _print_result(result, sql_only=False):
    from .render import table

    if sql_only:
        click.echo(result["sql"])
        return
    click.echo(result["answer"])
    if result["rows"]:
        click.echo()
        click.echo(table(result["columns"], result["rows"]))
    for note in result.get("notes", []):
        click.echo(f"Note: {note}")
    if result.get("sources"):
        shown = "; ".join(f"{s['seq']} {s['name']} (line {s['line']})" for s in result["sources"][:8])
        more = f" … and {len(result['sources']) - 8} more" if len(result["sources"]) > 8 else ""
        click.echo(f"\nSources: {shown}{more}")
    click.echo(f"\nSQL:\n{result['sql']}")


def _json(obj):
    import json

    return json.dumps(obj, ensure_ascii=False, indent=2)


RESULT_KEYS = ("question", "model", "sql", "columns", "rows", "answer", "sources", "url", "truncated", "notes",
               "status")


@cli.command(name="ask")
@click.argument("question", nargs=-1, required=True)
@DB_OPTION
@click.option("-m", "--model", default=None,
              help="An llm model id (default: cqbudget, the offline engine)")
@click.option("--fallback-model", envvar="CQBUDGET_FALLBACK_MODEL", default=None,
              help="llm model for questions the offline engine cannot parse [env CQBUDGET_FALLBACK_MODEL]")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object")
@click.option("--sql", "sql_only", is_flag=True, help="Print the SQL only")
def ask_command(question, db_path, model, fallback_model, as_json, sql_only):
    """Answer a question about the 2024 key funds, in Chinese or English.

    Prints the answer sentence, the rows as a table, the sources and the SQL.
    Exit status: 0 answered, 2 unusable question, 3 not understood, 1 query failed.

    \b
    Examples:
        cqbudget ask "哪些专项超过10亿元？"
        cqbudget ask --json "教委有几个专项？"
        cqbudget ask "which funds exceed 1 billion yuan" --sql
    """
    from .ask import QuestionError, Unanswerable, ask

    text = " ".join(question)
    db_path = ensure_database(db_path)
    try:
        result = ask(text, db_path, model=model, fallback_model=fallback_model)
    except (QuestionError, Unanswerable) as error:
        code = 2 if isinstance(error, QuestionError) else 3
        if as_json:
            payload = {"question": text, "model": model or "cqbudget", "error": str(error).split("\n")[0]}
            if isinstance(error, Unanswerable):
                payload.update(error.to_dict())
            click.echo(_json(payload))
        else:
            click.echo(str(error), err=True)
        sys.exit(code)
    except CqbudgetError as error:
        if as_json:
            click.echo(_json({"question": text, "model": model or "cqbudget", "error": str(error)}))
            sys.exit(1)
        raise click.ClickException(str(error))
    if as_json:
        click.echo(_json({key: result.get(key) for key in RESULT_KEYS}))
    else:
        _print_result(result, sql_only)
    if result.get("status") == "failed":
        sys.exit(1)


@cli.command(name="sql")
@click.argument("query")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print columns and rows as JSON")
@click.option("--max-rows", default=1000, show_default=True, type=click.IntRange(1, 1_000_000), help="Row cap")
@click.option("--time-limit", default=2.0, show_default=True, type=click.FloatRange(0, 600, min_open=True),
              callback=lambda ctx, param, value: _finite(value, param), help="Seconds before the query is stopped")
def sql_command(query, db_path, as_json, max_rows, time_limit):
    """Run one read-only SQL query and print the rows as a table.

    The database is opened read-only and an authorizer refuses anything but
    reading, so no query can change it.

    \b
    Example:
        cqbudget sql "select name, total from funds order by total desc limit 5"
    """
    from .guard import run_query
    from .render import table

    db_path = ensure_database(db_path)
    try:
        result = run_query(db_path, query, time_limit=time_limit, max_rows=max_rows)
    except CqbudgetError as error:
        raise click.ClickException(str(error))
    if as_json:
        click.echo(_json({"sql": result.sql, "columns": result.columns, "rows": result.rows,
                          "truncated": result.truncated}))
        return
    click.echo(table(result.columns, result.rows))
    if result.truncated:
        click.echo(f"(cut at {max_rows} rows)")


@cli.command(name="chat")
@DB_OPTION
@click.option("-m", "--model", default=None, help="An llm model id (default: the offline engine)")
def chat_command(db_path, model):
    """Ask questions one after another; follow-ups refer to the previous answer.

    \b
    Example session:
        > 教委有哪些专项？
        > 其中市级支出最多的是哪个？
        > 那卫健委呢？
        > 按补助区县排序
    Type 'exit' or press Ctrl-D to leave.
    """
    from .chat import run_chat

    db_path = ensure_database(db_path)
    run_chat(db_path, model=model, echo=click.echo, prompt=_prompt_reader())


def _prompt_reader():
    if sys.stdin.isatty():
        from .chat import enable_history

        enable_history()
    return lambda: input("> ")
