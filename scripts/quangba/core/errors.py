"""Errors the user can act on: they carry a message with file and line, never a traceback."""

from quangba.core.messages import say


class QuangbaError(Exception):
    """A problem with the project's input, already worded for the editor (a `T_` text is said
    in the language of the command line when the error is shown)."""

    def __str__(self) -> str:
        return say(self.args[0]) if len(self.args) == 1 else super().__str__()


class ContentError(QuangbaError):
    """A problem in the project's files (a page, an XLIFF file, mkdocs.yml's text), as
    opposed to a wrong argument or a missing tool: the command line exits 1 for it, as
    `check` does for errors, and 2 for the others."""
