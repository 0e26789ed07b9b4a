"""Record in a translation the hash of the source version it now translates."""

from __future__ import annotations

import re

from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.errors import QuangbaError

_HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


def stamp(corpus: Corpus, lang: str, key: str) -> str:
    """Write the current source hash into `docs/<lang>/<key>`; return the hash."""
    source = corpus.page(corpus.source_language, key)
    target = corpus.page(lang, key)
    if source is None:
        raise QuangbaError(f"docs/{corpus.source_language}/{key}: no such source page")
    if target is None:
        raise QuangbaError(f"docs/{lang}/{key}: no such translation (start one first)")
    if target.problems:
        problem = target.problems[0]
        raise QuangbaError(f"{corpus.project.relpath(target.path)}:{problem.line}: {problem.message}")
    value = page_source_hash(source)
    text = target.path.read_text(encoding="utf-8")
    # Quoted: an all-digit hash would otherwise be read back by YAML as a number.
    line = f'source_hash: "{value}"'
    if _HASH_LINE.search(text.split("\n---", 1)[0] + "\n"):
        head, sep, rest = text.partition("\n---")
        text = _HASH_LINE.sub(line, head, count=1) + sep + rest
    elif text.startswith("---"):
        head, sep, rest = text.partition("\n---")
        text = head + "\n" + line + sep + rest
    else:
        text = f"---\n{line}\n---\n" + text
    target.path.write_text(text, encoding="utf-8")
    return value
