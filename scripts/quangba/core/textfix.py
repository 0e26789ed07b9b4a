"""Safe, mechanical fixes of text (`quangba check --fix`): Unicode NFC, BOM, zero-width
characters. Nothing that changes what a reader sees or means."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZERO_WIDTH = "\u200b\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")


@dataclass(frozen=True)
class TextFix:
    text: str
    changes: tuple[str, ...]


def fix_text(text: str) -> TextFix:
    changes = []
    if text.startswith("\ufeff"):
        text = text[1:]
        changes.append("removed the byte-order mark (BOM)")
    count = len(_ZERO_WIDTH.findall(text))
    if count:
        text = _ZERO_WIDTH.sub("", text)
        changes.append(f"removed {count} zero-width character(s)")
    normalized = unicodedata.normalize("NFC", text)
    if normalized != text:
        changed_lines = sum(1 for a, b in zip(text.split("\n"), normalized.split("\n")) if a != b)
        text = normalized
        changes.append(f"normalized {changed_lines} line(s) to Unicode NFC")
    return TextFix(text, tuple(changes))
