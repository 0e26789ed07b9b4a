"""`quangba diff LANG PAGE`: what changed in the source since the translated version.

The translation records the hash of the source version it translates; git history holds
that version. We walk the source file's history back to the commit whose text has that
hash and show a diff from it to the current text: by lines (a unified diff, for tools), or
by words (`--words` in a terminal: `[-old-]{+new+}`, in colour on a terminal; `--format html`:
`<del>`/`<ins>`, for the dashboard or a browser), so a one-word change in a long paragraph
shows as that word.
"""

from __future__ import annotations

import difflib
import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from quangba.core.content import parse_text
from quangba.core.corpus import Corpus, page_source_hash, translated_text
from quangba.core.errors import QuangbaError
from quangba.core.messages import T_
from quangba.core.history import recorded_source_hash


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _history(corpus: Corpus, key: str) -> tuple[Path, str] | None:
    """The project root and the source file's path in git, if the project is a git checkout."""
    source = corpus.page(corpus.source_language, key)
    root = corpus.project.root
    if source is None or not source.path.resolve().is_relative_to(root.resolve()):
        return None
    if _git(root, "rev-parse", "--git-dir") is None:
        return None
    return root, source.path.resolve().relative_to(root.resolve()).as_posix()


def _version_with_hash(corpus: Corpus, key: str, recorded: str):
    """(the source page, its commit, its date) of the newest version in git history whose
    hash is `recorded`; None without history or without such a version."""
    found = _history(corpus, key)
    if found is None:
        return None
    root, relative = found
    source = corpus.page(corpus.source_language, key)
    log = _git(root, "log", "--format=%H %cs", "--follow", "--", relative) or ""
    for entry in log.splitlines():
        commit, _, date = entry.partition(" ")
        old_text = _git(root, "show", f"{commit}:./{relative}")  # ./: the project may be a folder of the repository
        if old_text is None:
            continue
        old_page = parse_text(old_text, source.lang, key, source.path)
        if page_source_hash(old_page) == recorded:
            return old_page, commit, date
    return None


def translated_version(corpus: Corpus, lang: str, key: str):
    """(the source page as it was when translated, its commit, its date) from the git
    history: the newest version whose hash is the source version the translation records
    (its `source_hash`, or git's, as `status` reads it); None if the project has no history
    or no version has that hash."""
    target = corpus.page(lang, key)
    recorded = recorded_source_hash(corpus, target) if target is not None else None
    return _version_with_hash(corpus, key, recorded) if recorded else None


def _words(text: str) -> list[str]:
    # CJK has no spaces: count its characters as words, as translators' tools do
    return re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+", text)


def change_size(corpus: Corpus, lang: str, key: str) -> tuple[int, int] | None:
    """(words added, words removed) in the source's translated text since the version the
    translation translates; for a missing translation, every word of the source is added.
    None when the history does not say (no git, or no version with the recorded hash)."""
    source = corpus.page(corpus.source_language, key)
    if source is None:
        return None
    now = _words(translated_text(source))
    if corpus.page(lang, key) is None:
        return len(now), 0
    found = translated_version(corpus, lang, key)
    if found is None:
        return None
    before = _words(translated_text(found[0]))
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, now, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    return added, removed


@dataclass(frozen=True)
class Versions:
    """The source's translated text at the translated version, and now."""

    before: str
    after: str
    before_label: str
    after_label: str


def source_diff(corpus: Corpus, lang: str, key: str) -> str:
    """A unified diff of the source's translated text, from the translated version to now."""
    found = versions(corpus, lang, key)
    if found is None:
        return ""
    return "".join(difflib.unified_diff(
        found.before.splitlines(keepends=True), found.after.splitlines(keepends=True),
        fromfile=found.before_label, tofile=found.after_label,
    ))


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _word_changes(before: str, after: str) -> list[tuple[str, str, str]]:
    """(kind, old, new) pieces of one changed block: kind is `same`, `delete`, `insert` or
    `replace`, compared word by word."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        pieces.append(("same" if tag == "equal" else tag, "".join(old[i1:i2]), "".join(new[j1:j2])))
    return pieces


def _blocks(found: Versions) -> list[list[tuple[str, str, str]]]:
    """The changed paragraphs (blocks between blank lines), each as word-level pieces."""
    old = [b for b in re.split(r"\n[ \t]*\n", found.before) if b.strip()]
    new = [b for b in re.split(r"\n[ \t]*\n", found.after) if b.strip()]
    blocks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before, after = "\n".join(old[i1:i2]), "\n".join(new[j1:j2])
        blocks.append(_word_changes(before, after))
    return blocks


def word_diff(corpus: Corpus, lang: str, key: str, color: bool = False) -> str:
    """What changed, paragraph by paragraph, word by word: `[-old-]{+new+}` (in red and green
    when `color`); empty when the translation is up to date."""
    found = versions(corpus, lang, key)
    if found is None:
        return ""
    red, green, off = ("\x1b[31m", "\x1b[32m", "\x1b[0m") if color else ("", "", "")
    out = [f"--- {found.before_label}", f"+++ {found.after_label}"]
    for pieces in _blocks(found):
        text = ""
        for kind, old, new in pieces:
            if kind == "same":
                text += new
                continue
            if old:
                text += f"{red}[-{old}-]{off}"
            if new:
                text += f"{green}{{+{new}+}}{off}"
        out += ["", text]
    return "\n".join(out) + "\n"


def word_diff_html(corpus: Corpus, lang: str, key: str) -> str:
    """The word-level view as an HTML page: removed words in `<del>`, added ones in `<ins>`,
    every text escaped; the page says so when the translation is up to date."""
    from quangba.core.messages import current_language

    found = versions(corpus, lang, key)
    title = html.escape(f"docs/{lang}/{key}")
    rows = []
    if found is None:
        rows.append(f"<p>{html.escape(str(T_('{path}: up to date with the source', path=f'docs/{lang}/{key}')))}</p>")
    else:
        rows.append(f"<p>{html.escape(found.before_label)} → {html.escape(found.after_label)}</p>")
        for pieces in _blocks(found):
            text = ""
            for kind, old, new in pieces:
                if kind == "same":
                    text += html.escape(new)
                    continue
                if old:
                    text += f"<del>{html.escape(old)}</del>"
                if new:
                    text += f"<ins>{html.escape(new)}</ins>"
            rows.append(f"<p class=\"change\">{text}</p>".replace("\n", "<br>"))
    return (f'<!doctype html><html lang="{html.escape(current_language())}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}}"
            "del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}"
            ".change{border-left:3px solid #999;padding-left:.8em}</style></head>"
            f"<body><h1>{title}</h1>{''.join(rows)}</body></html>\n")


def versions(corpus: Corpus, lang: str, key: str) -> Versions | None:
    """The source's text at the translated version and now; None when it is up to date."""
    source = corpus.page(corpus.source_language, key)
    target = corpus.page(lang, key)
    if source is None:
        raise QuangbaError(T_('{path}: no such source page', path=corpus.project.page_path(corpus.source_language, key)))
    if target is None:
        raise QuangbaError(T_('{path}: no such translation', path=corpus.project.page_path(lang, key)))
    recorded = recorded_source_hash(corpus, target)
    current = page_source_hash(source)
    if not recorded:
        raise QuangbaError(T_('{path}: no `source_hash`, so the translated version is unknown', path=corpus.project.page_path(lang, key)))
    if recorded == current:
        return None
    found = _history(corpus, key)
    if found is None:
        raise QuangbaError(
            T_('{path}: the source changed since the translation, but this project has no git history to show the old version; compare the translation with the source by hand', path=corpus.project.page_path(lang, key))
        )
    relative = found[1]
    version = _version_with_hash(corpus, key, recorded)
    if version is not None:
        old_page, commit, date = version
        return Versions(translated_text(old_page), translated_text(source),
                        str(T_("{path} (translated version, {commit} {date})", path=relative, commit=commit[:10], date=date)),
                        str(T_("{path} (now)", path=relative)))
    raise QuangbaError(
        T_('{path}: no version of {relative} in the git history has the recorded source_hash {recorded}; compare the translation with the source by hand', path=corpus.project.page_path(lang, key), relative=relative, recorded=recorded)
    )
