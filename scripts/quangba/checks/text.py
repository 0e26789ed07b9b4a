"""text: characters that look right on screen and are wrong underneath."""

from __future__ import annotations

import bisect

import re
import unicodedata
from collections import Counter
from dataclasses import replace
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding, Severity
from quangba.core.messages import T_
from quangba.core.settings import settings
from quangba.core.schema import GUIDANCE_MARK, PLACEHOLDER, TEMPLATE_SAMPLES
from quangba.core.textfix import ZERO_WIDTH

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZW = re.compile(f"[{ZERO_WIDTH}\u200c\u200d\u200e\u200f\u00ad]")

# Word-final oa/oe/uy with a tone mark: "old" style marks the second vowel (hoà, thuý),
# "new" style the first (hòa, thúy). `qu` + y is a consonant + vowel, not this case.
_OLD = re.compile(r"(?<![qQ\w])\w*?(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_NEW = re.compile(r"(?<![qQ\w])\w*?(?:[òóỏõọÒÓỎÕỌ][aAeE]|(?<![qQ])[ùúủũụÙÚỦŨỤ][yY])(?!\w)")


def _emoji(char: str) -> bool:
    """A character that takes part in an emoji sequence (pictographs, symbols, skin tones,
    the emoji variation selector)."""
    code = ord(char)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF or char == "\ufe0f"


def _in_emoji(text: str, at: int) -> bool:
    """The joiner at `at` joins two emoji (👩‍💻): it is part of the picture, not an invisible mistake."""
    return 0 < at < len(text) - 1 and text[at] == "\u200d" and _emoji(text[at - 1]) and _emoji(text[at + 1])


def _lines(page) -> Iterator[tuple[int, str]]:
    for number, text in enumerate(page.text.split("\n"), start=1):
        yield number, text


@rule("TXT001", "not-nfc", "text", scope="set")
def not_nfc(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: text not in Unicode NFC, typically Vietnamese typed with combining
    marks (e + ◌̂ + ◌́ instead of ế), which some keyboards and PDF copies produce.

    Why it matters: it looks the same, but search, sorting, hashing and some fonts treat
    it differently: "Tuyên" typed twice two ways does not match itself.

    Example: `Tuyên` as `Tuye\\u0302n`.

    Instead: run `quangba check --fix` (it normalizes to NFC), or set your editor to NFC.
    """
    for page in all_pages(corpus):
        for number, text in _lines(page):
            if not unicodedata.is_normalized("NFC", text):
                column = next((i + 1 for i, ch in enumerate(text) if unicodedata.combining(ch)), 1)
                yield finding(corpus, page, number, "TXT001", T_('text is not in Unicode NFC (combining marks): run `quangba check --fix`'), column)


@rule("TXT002", "byte-order-mark", "text", scope="set")
def byte_order_mark(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a byte-order mark (BOM) at the start of the file.

    Why it matters: the front matter is then not recognised and the page loses its title
    and facts.

    Example: a file saved as "UTF-8 with BOM" by Notepad.

    Instead: `quangba check --fix`, or save as plain UTF-8.
    """
    for page in all_pages(corpus):
        if page.text.startswith("\ufeff"):
            yield finding(corpus, page, 1, "TXT002", T_('the file starts with a byte-order mark: run `quangba check --fix`'))


@rule("TXT003", "invisible-characters", "text", scope="set")
def invisible_characters(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: zero-width spaces and joiners, soft hyphens, direction marks and
    control characters inside the text.

    Why it matters: invisible characters break search ("Tân\\u200bTrào" is not found),
    links and numbers, and control characters can break the feeds' XML.

    A zero-width joiner between two emoji (👩‍💻, 🏳️‍🌈) is part of the emoji and is not
    reported.

    Example: a zero-width space pasted from a web page or a PDF.

    Instead: `quangba check --fix` removes zero-width spaces; delete the others by hand.
    """
    for page in all_pages(corpus):
        if not _ZW.search(page.text) and not _CONTROL.search(page.text):
            continue  # most pages: one search of the whole text
        for number, text in _lines(page):
            body = text[1:] if number == 1 and text.startswith("\ufeff") else text
            match = next((m for m in _ZW.finditer(body) if not _in_emoji(body, m.start())), None) or _CONTROL.search(body)
            if match:
                char = match.group(0)
                name = unicodedata.name(char, "control character")
                yield finding(corpus, page, number, "TXT003", T_('invisible character {name} (U+{codepoint:04X}): delete it', name=name, codepoint=ord(char)), match.start() + 1 + (number == 1 and text != body))


@rule("TXT004", "mixed-tone-mark-style", "text", Severity.WARNING)
def mixed_tone_marks(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: Vietnamese written with both tone-mark placements in one tree:
    `hoà`/`thuý` (old style) and `hòa`/`thúy` (new style).

    Why it matters: the two look like different words to search and to the glossary, and
    the site looks inconsistent.

    Example: `Chiêm Hoá` on one page and `Chiêm Hóa` on another.

    Instead: pick one style (the province's documents use the new style: `hòa`, `thúy`)
    and write every page in it.
    """
    if corpus.source_language != "vi":
        return  # a rule about Vietnamese spelling
    pages = list(corpus.pages.get(corpus.source_language, {}).values())
    occurrences: dict[str, list] = {"old": [], "new": []}
    for page in pages:
        # the whole text at once: neither pattern crosses a line break, so the matches are
        # those of each line, in order
        text, starts = page.text, None
        for style, pattern in (("old", _OLD), ("new", _NEW)):
            for match in pattern.finditer(text):
                if starts is None:
                    starts = [0] + [newline.end() for newline in re.finditer("\n", text)]
                index = bisect.bisect_right(starts, match.start()) - 1
                occurrences[style].append((page, index + 1, match.start() - starts[index] + 1, match.group(0)))
    if not occurrences["old"] or not occurrences["new"]:
        return
    minority = "old" if len(occurrences["old"]) <= len(occurrences["new"]) else "new"
    majority = "new" if minority == "old" else "old"
    example = Counter(word for *_, word in occurrences[majority]).most_common(1)[0][0]
    for page, number, column, word in occurrences[minority]:
        yield finding(
            corpus, page, number, "TXT004",
            T_('`{word}` uses the {minority} tone-mark style; the rest of the site uses the {majority} style ({count} times, e.g. `{example}`)', word=word, minority=minority, majority=majority, count=len(occurrences[majority]), example=example),
            column,
        )


# The addresses that documentation and templates use as examples (RFC 2606): example.com,
# .org and .net and the .example domain, with or without a scheme. (The .test and .invalid
# domains are for test set-ups, not something an editor copies from a template.)
_EXAMPLE_ADDRESS = re.compile(
    r"(?:https?://)?(?:[A-Za-z0-9-]+\.)*example\.(?:com|org|net)\b[^\s)\]>\"'`]*"
    r"|https?://(?:[A-Za-z0-9-]+\.)+example\b[^\s)\]>\"'`]*", re.IGNORECASE)
# Every example address holds the word (`example.com`, `….example`): where the text has it
# nowhere, no line holds an example address (found as fast as a substring).
_EXAMPLE_WORD = re.compile("example", re.IGNORECASE)
_SAMPLE_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[\w./-]+:\s*)?(.*?)\s*$")


def _front_matter_text(line: str) -> str:
    """A front-matter line without its YAML comment (nothing of a comment is published)."""
    if line.lstrip().startswith("#"):
        return ""
    cut = line.find(" #")
    while cut >= 0:
        if line[:cut].count('"') % 2 == 0 and line[:cut].count("'") % 2 == 0:  # not inside a quoted value
            return line[:cut]
        cut = line.find(" #", cut + 1)
    return line


def _leftovers(page) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) of every piece of the page template still in `page`."""
    front_end = page.body_line - 1 if page.body_line > 1 else 0  # the closing `---`
    lines = _lines(page)
    if PLACEHOLDER not in page.text and GUIDANCE_MARK not in page.text and not _EXAMPLE_WORD.search(page.text):
        # none in the whole text, so none in a line: only the front matter's sample values
        # are left to look for (most pages: the body's lines are not walked)
        lines = zip(range(1, front_end), page.text.split("\n", front_end)[:max(front_end - 1, 0)])
    for number, line in lines:
        in_front = 1 < number < front_end
        text = _front_matter_text(line) if in_front else line
        if not text.strip():
            continue
        at = text.find(PLACEHOLDER)
        if at >= 0:
            yield number, at + 1, T_("`{placeholder}` of the page template is still here: replace it with the real "
                                     "text", placeholder=PLACEHOLDER)
        for match in _EXAMPLE_ADDRESS.finditer(text):
            yield number, match.start() + 1, T_("`{address}` is an example address, not a real one: give the "
                                                "address of the real source or page", address=match.group(0))
        if not in_front and GUIDANCE_MARK in text:
            yield number, text.find(GUIDANCE_MARK) + 1, T_("the template's guidance note is still in the page: "
                                                          "delete the `<!-- {mark} … -->` block", mark=GUIDANCE_MARK)
        if in_front:
            value = _SAMPLE_VALUE.match(text).group(1).strip("\"'")
            sample = next((s for s in TEMPLATE_SAMPLES if value == s or text.strip().startswith(s + ":")), None)
            if sample:
                yield number, text.find(sample) + 1, T_("`{sample}` is the template's sample text: write the real "
                                                        "value, or comment the field out again", sample=sample)


@rule("TXT005", "template-leftovers", "text", scope="set")
def template_leftovers(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: what `quangba new` wrote for the editor to replace and is still in the
    page: a `THAY:` placeholder, an example address (example.com, example.org, `….example`), the
    guidance note of the body, the sample value of an optional field that was uncommented
    and not filled in (`tên tác giả hoặc đơn vị`, `assets/images/ten-anh.jpg`, `https://…`).

    It is an error on a page that would be published; on a page that is still `draft: true`
    it is a warning, the list of what is left to write. A project without quangba's page
    schema (`page_schema: false`) has no pages `quangba new` wrote: there the rule is off, and
    its documentation may cite example.com.

    Why it matters: a placeholder or an example address published on the province's site
    looks careless and sends readers to a page that is not the source.

    Example: `title: "THAY: Tên trang"`, or `url: https://example.com/THAY-bang-dia-chi-nguon`
    under `sources:`.

    Instead: write the real title, text and source address; delete the guidance note; comment
    out again (`# `) an optional field you do not fill in.
    """
    if not settings(corpus.project).page_schema:
        return
    for page in all_pages(corpus):
        draft = page.meta.get("draft") is True
        for number, column, message in _leftovers(page):
            found = finding(corpus, page, number, "TXT005", message, column)
            yield replace(found, severity=Severity.WARNING) if draft else found
