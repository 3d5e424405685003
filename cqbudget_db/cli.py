"""The cqbudget command line: a thin click layer over the library."""

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
    from .build import DEFAULT_SOURCE, build, format_summary

    try:
        result = build(source or DEFAULT_SOURCE, output, allow_failed_checks=allow_failed_checks)
    except CqbudgetError as error:
        raise click.ClickException(str(error))
    click.echo(format_summary(result))


cli.add_command(build_command)


def ensure_database(db_path):
    """Build the database from data/ if it does not exist yet (said on stderr)."""
    from .build import DEFAULT_SOURCE, build

    db_path = pathlib.Path(db_path)
    if db_path.exists():
        return db_path
    click.echo(f"No database at {db_path}: building it from {DEFAULT_SOURCE} …", err=True)
    try:
        build(DEFAULT_SOURCE, db_path)
    except CqbudgetError as error:
        raise click.ClickException(str(error))
    return db_path


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


RESULT_KEYS = ("question", "model", "sql", "columns", "rows", "answer", "sources", "url", "truncated", "notes")


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


@cli.command(name="sql")
@click.argument("query")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print columns and rows as JSON")
@click.option("--max-rows", default=1000, show_default=True, help="Row cap")
@click.option("--time-limit", default=2.0, show_default=True, help="Seconds before the query is stopped")
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
