"""python -m cqbudget_db: the cqbudget command."""

from .cli import cli

cli(prog_name="cqbudget")
