"""A finding: one problem in one file, at one place, with a code an editor can look up."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum

from quangba.core.messages import say


class Severity(str, Enum):
    """`error` stops a build; `warning` is shown; `backlog` is translation work to do (a
    translation missing or older than its source): the build goes ahead and says what is
    pending, unless the section requires its languages with `blocking: true`."""

    ERROR = "error"
    WARNING = "warning"
    BACKLOG = "backlog"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem. `path` is relative to the project root; `source` is the Vietnamese page."""

    path: str
    line: int
    column: int
    code: str
    message: str
    family: str
    severity: Severity = Severity.ERROR
    lang: str = ""
    source: str = ""

    def said(self) -> str:
        """The message in the language of the command line (English by default)."""
        return say(self.message)

    def as_text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.said()}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["message"] = self.said()
        return data
