"""Errors the user can act on: they carry a message with file and line, never a traceback."""


class QuangbaError(Exception):
    """A problem with the project's input, already worded for the editor."""
