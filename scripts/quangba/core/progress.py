"""Progress of long work (a cold build, a publication) on one line of the terminal.

Shown only when stderr is a terminal: piped or redirected output (CI, `| tee`, tests) gets
nothing of it. The line is rewritten in place and erased when the work ends, so what stays
on screen is the command's own result.
"""

from __future__ import annotations

import sys
from typing import TextIO

from quangba.core.messages import say


class Progress:
    """`with Progress() as progress: progress.show(T_("…"))`."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.active = self.stream.isatty()
        except (AttributeError, ValueError):  # a closed or unusual stream
            self.active = False
        self.shown = False

    def show(self, text: str) -> None:
        """Replace the progress line with `text` (said in the current language)."""
        if self.active:
            self.stream.write("\r\x1b[K" + say(text))
            self.stream.flush()
            self.shown = True

    def close(self) -> None:
        if self.active and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
