"""Build cqbudget.db from the document: python build_db.py [--source PATH] [--output PATH]."""

from cqbudget_db.cli import build_command

if __name__ == "__main__":
    build_command(prog_name="build_db.py")
