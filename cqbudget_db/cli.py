"""The cqbudget command line: a thin click layer over the library."""

import math
import pathlib
import sys

import click

from . import __version__
from .errors import CqbudgetError, Terminated

DB_OPTION = click.option(
    "--db", "db_path", type=click.Path(path_type=pathlib.Path), default=None,
    help="The cqbudget database [default: $CQBUDGET_DB, else ./cqbudget.db if there is one, "
         "else a copy in your user data directory, built from the packaged document]")


@click.group()
@click.version_option(__version__, prog_name="cqbudget")
def cli():
    """Ask questions of Chongqing's 2024 key special funds (重庆市 2024 年市级重点专项预算绩效).

    \b
    cqbudget ask "哪些专项超过10亿元？"   answer a question, offline
    cqbudget serve                        browse it with Datasette (and MCP at /-/mcp)
    cqbudget mcp                          the MCP tools over stdio
    cqbudget info                         which database, built from which document
    cqbudget build                        build ./cqbudget.db from the packaged document
    """
    # Aligned for a terminal, where each Chinese character takes two columns
    # (tests/test_render.py checks it).


@click.command(name="build")
@click.option("--source", type=click.Path(path_type=pathlib.Path), default=None,
              help="The document (default: the copy shipped in the package, data/ in a checkout)")
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
    except Terminated:
        click.echo(f"Error: stopped by SIGTERM; {output} was not changed", err=True)
        sys.exit(143)
    click.echo(format_summary(result))


cli.add_command(build_command)


@cli.command(name="eval")
@DB_OPTION
@click.option("--questions", "questions_path", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path),
              default=None, help="The question file (default: the packaged evaluation/questions.yaml)")
@click.option("--category", "categories", multiple=True,
              help="Only this category (repeatable), e.g. amount_threshold, ranking, unanswerable")
@click.option("--failures", is_flag=True, help="List every failed question with the reason")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON")
@click.option("--min-accuracy", type=click.FloatRange(0, 1), default=None,
              help="Exit with status 1 when the overall accuracy is below this (0–1)")
@click.option("--conversations", "conversations_path", type=click.Path(exists=True, dir_okay=False,
                                                                        path_type=pathlib.Path),
              default=None, help="Evaluate a conversation file instead (e.g. evaluation/conversations.yaml)")
def eval_command(db_path, questions_path, categories, failures, as_json, min_accuracy, conversations_path):
    """Measure the offline engine against the hand-written evaluation questions.

    Each question's expected answer is a hand-written SQL query; the engine's
    rows must match it (same row count; every expected column equal to a
    distinct engine column, numbers within 1e-6 relative or 0.005 absolute).
    Questions marked unanswerable must be refused. Prints accuracy per
    category, per language and overall, and the wrong-answer rate (answered,
    but wrong: the figure that matters most), and lists the questions refused
    as only partly understood. --conversations measures follow-up questions:
    every turn of every conversation, per kind of reference. The exit status
    is 0 whatever the accuracy, unless --min-accuracy is given and not reached.

    \b
    Example:
        cqbudget eval --failures
        cqbudget eval --questions evaluation/tuning.yaml
        cqbudget eval --conversations evaluation/conversations.yaml --failures
        cqbudget eval --category ranking --category share --json
        cqbudget eval --min-accuracy 0.95
    """
    import json as json_module

    from .evaluate import DEFAULT_QUESTIONS, evaluate, format_report, load_questions, report_as_json

    db_path = _database(db_path)
    if conversations_path is not None:
        from .conversations import evaluate_conversations, format_conversation_report, load_conversations

        report = evaluate_conversations(db_path, load_conversations(conversations_path))
        click.echo(json_module.dumps(report, ensure_ascii=False, indent=2, default=str) if as_json
                   else format_conversation_report(report, failures=failures))
        if min_accuracy is not None and report["accuracy"] < min_accuracy:
            sys.exit(1)
        return
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
@click.option("--cors", is_flag=True,
              help="Let web pages on other origins read the JSON (Access-Control-Allow-Origin: *); read-only")
def serve_command(db_path, host, port, open_browser, cors):
    """Browse the database with Datasette (the per-user copy is built on first use).

    Immutable mode, the cqbudget Datasette plugin (titles, canned queries, the
    ask page at /-/ask, the dashboard at /-/dashboard, MCP tools at /-/mcp), a
    2 s SQL time limit and a 1000-row limit.  Plain Datasette in the same
    environment does the same:

    \b
        datasette -i cqbudget.db --setting sql_time_limit_ms 2000 \\
            --setting max_returned_rows 1000 --setting suggest_facets off

    \b
    Example:
        cqbudget serve --port 8001 --open
        cqbudget serve --db /srv/cqbudget.db --host 0.0.0.0
        cqbudget serve --cors           # for pages on other origins (fetch)
    """
    from .serve import serve

    serve(_database(db_path), host=host, port=port, open_browser=open_browser, cors=cors)


@cli.command(name="mcp")
@DB_OPTION
def mcp_command(db_path):
    """Serve the MCP tools over stdio, for MCP clients that start a command.

    The same tools as `cqbudget serve` at /-/mcp: ask_budget(question, history),
    one tool per canned query, and list_databases, get_database_schema and
    execute_sql (read-only SQL); all read-only.  For example, in an MCP client's
    configuration:

    \b
        {"mcpServers": {"cqbudget": {"command": "cqbudget", "args": ["mcp"]}}}
    """
    from .mcp_server import run_stdio

    run_stdio(_database(db_path))


ORIGINS = {"given": "from --db", "environment": "from $CQBUDGET_DB",
           "current directory": "found in the current directory", "user data": "the per-user copy"}


@cli.command(name="info")
@DB_OPTION
def info_command(db_path):
    """Say which database is used, what it was built from, and whether its checks pass.

    Prints the version; the database's path and where it came from (--db,
    $CQBUDGET_DB, ./cqbudget.db, or the per-user copy, built on first use);
    the document's title and sha256 and whether it is the packaged document;
    the counts; and the reconciliation checks, with any that failed.
    Exit status 1 when a check failed.

    \b
    Example:
        cqbudget info
        CQBUDGET_DB=/srv/cqbudget.db cqbudget info
    """
    from .database import check_database, choose, failed_checks, packaged_sha256

    path = _database(db_path)
    document = check_database(path)
    total, failed = failed_checks(path)
    same = "the packaged document" if document["sha256"] == packaged_sha256() else "NOT the packaged document"
    click.echo(f"cqbudget {__version__}")
    click.echo(f"database:  {path.resolve()} ({ORIGINS[choose(db_path)[1]]})")
    click.echo(f"document:  {document['title']}, {document['date']} ({document['source_file']})")
    click.echo(f"sha256:    {document['sha256']} ({same})")
    click.echo(f"contents:  {document['fund_count']} funds, {document['indicator_count']} indicators, "
               f"{document['department_count']} departments")
    click.echo(f"checks:    {total - len(failed)} of {total} passed")
    for name, subject, line in failed:
        click.echo(f"  FAILED {name} {subject} (line {line})")
    if failed:
        sys.exit(1)


def _database(db_path):
    """The database to use (see cqbudget_db.database); a usage error when it is unusable."""
    from .database import choose, locate

    try:
        return locate(db_path, announce=lambda message: click.echo(message, err=True))
    except CqbudgetError as error:
        raise click.ClickException(str(error))
    except Terminated:  # SIGTERM during a first-run build: the build removed its temporary file
        click.echo(f"Error: stopped by SIGTERM; {choose(db_path)[0]} was not built", err=True)
        sys.exit(143)


def _finite(value, param):
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds", param=param)
    return value


def _print_result(result, sql_only=False):
    from .render import result_table

    if sql_only:
        click.echo(result["sql"])
        click.echo(_params_comment(result))
        return
    click.echo(result["answer"])
    if result["rows"]:
        click.echo()
        click.echo(result_table(result))
    for note in result.get("notes", []):
        click.echo(f"Note: {note}")
    if result.get("sources"):
        shown = "; ".join(f"{s['seq']} {s['name']} (line {s['line']})" for s in result["sources"][:8])
        more = f" … and {len(result['sources']) - 8} more" if len(result["sources"]) > 8 else ""
        click.echo(f"\nSources: {shown}{more}")
    click.echo(f"\nSQL:\n{result['sql']}")
    if result.get("params"):
        click.echo(_params_comment(result))


def _params_comment(result):
    """-- :min_total = 100000 — the values bound to the SQL's named parameters."""
    return "\n".join(f"-- :{name} = {value!r}" for name, value in (result.get("params") or {}).items())


def _json(obj):
    import json

    return json.dumps(obj, ensure_ascii=False, indent=2)


def result_json(result):
    """The --json object of an answer: the contract's answered shape (cqbudget_db/ask.schema.json,
    through cqbudget_db.api.Answer) without the conversation state."""
    from .api import Answer

    return Answer.from_dict(result).to_dict(include_state=False)


def refusal_json(question, model, error):
    """The --json object of a refusal: the contract's unanswered shape (cqbudget_db.api.Refusal):
    the error's own dict, with the question, the model and the contract version."""
    from .api import Refusal

    return Refusal.from_error(error, question, model).to_dict()


@cli.command(name="ask")
@click.argument("question", nargs=-1, required=True)
@DB_OPTION
@click.option("-m", "--model", default=None,
              help="An llm model id (default: cqbudget, the offline engine)")
@click.option("--fallback-model", envvar="CQBUDGET_FALLBACK_MODEL", default=None,
              help="llm model for questions the offline engine cannot parse [env CQBUDGET_FALLBACK_MODEL]")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object")
@click.option("--sql", "sql_only", is_flag=True, help="Print the SQL only")
@click.option("--explain", is_flag=True, help="Show how the question was read, span by span")
def ask_command(question, db_path, model, fallback_model, as_json, sql_only, explain):
    """Answer a question about the 2024 key funds, in Chinese or English.

    Prints the answer sentence, the rows as a table, the sources and the SQL.
    --explain first shows how each part of the question was read.
    Exit status: 0 answered, 2 unusable question, 3 not understood or
    refused (the message says what was and was not understood), 1 query failed.

    \b
    Examples:
        cqbudget ask "哪些专项超过10亿元？"
        cqbudget ask --json "教委有几个专项？"
        cqbudget ask --explain "卫健委补助区县超过1亿的专项"
        cqbudget ask "which funds exceed 1 billion yuan" --sql
    """
    from .ask import QuestionError, Unanswerable, ask, explain as explain_question

    text = " ".join(question)
    db_path = _database(db_path)
    if explain and not as_json:
        try:
            reading = explain_question(text, db_path)
            click.echo("How the question was read:")
            for line in reading["lines"]:
                click.echo(f"  {line}")
            click.echo()
        except QuestionError:
            pass
    try:
        result = ask(text, db_path, model=model, fallback_model=fallback_model)
    except (QuestionError, Unanswerable) as error:
        code = 2 if isinstance(error, QuestionError) else 3
        if as_json:
            click.echo(_json(refusal_json(text, model, error)))
        else:
            click.echo(str(error), err=True)
        sys.exit(code)
    except CqbudgetError as error:
        if as_json:
            click.echo(_json(refusal_json(text, model, error)))
            sys.exit(1)
        raise click.ClickException(str(error))
    if as_json:
        click.echo(_json(result_json(result)))
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

    db_path = _database(db_path)
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
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines: one object per turn (the ask --json keys plus resolved), questions read from stdin")
def chat_command(db_path, model, as_json):
    """Ask questions one after another; follow-ups refer to the previous answer.

    Pronouns (它 / 其 / it / they), ellipsis (那卫健委呢 / what about …),
    refinements (其中 / 只看 / 按…排序 / among them) and totals (合计多少)
    are resolved against the previous answer, and the answer says how.

    \b
    Example session:
        > 社会救助专项的预算是多少？
        > 它有哪些核心指标？
        > 教委有哪些专项？
        > 其中市级支出最多的是哪个？
        > 那卫健委呢？
        > 按补助区县排序
    \b
    Example, through a pipe:
        printf '教委有哪些专项？\n合计多少\n' | cqbudget chat --json
    Type 'exit' or press Ctrl-D to leave.
    """
    from .chat import run_chat

    db_path = _database(db_path)
    if as_json:
        run_chat(db_path, model=model, echo=click.echo, prompt=_line_reader(), as_json=True)
    else:
        run_chat(db_path, model=model, echo=click.echo, prompt=_prompt_reader())


def _line_reader():
    def read():
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line
    return read


def _prompt_reader():
    if sys.stdin.isatty():
        from .chat import enable_history

        enable_history()
    return lambda: input("> ")
