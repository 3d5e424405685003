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
