"""Errors the library raises; the CLI turns them into click.ClickException."""


class CqbudgetError(Exception):
    """Base class: anything the user can act on."""


class ParseError(CqbudgetError):
    """The document has a line the parser cannot place."""

    def __init__(self, line, message, source=None):
        self.line = line
        self.message = message
        self.source = source
        super().__init__(self.__str__())

    def __str__(self):
        where = f"{self.source}, line {self.line}" if self.source else f"line {self.line}"
        return f"{where}: {self.message}"


class BuildError(CqbudgetError):
    """The build could not produce a trustworthy database."""


class DatabaseError(CqbudgetError):
    """A file given as the database that is not a usable cqbudget database."""


class Terminated(BaseException):
    """SIGTERM arrived during a build; raised like KeyboardInterrupt so cleanup runs."""
