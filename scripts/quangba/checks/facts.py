"""facts: the numbers, dates and neutral facts of a translation agree with its source.

Every translation's body is compared with its Vietnamese source's as a whole, and each
translated front-matter field (title, description, image alt text and caption) with the
same field of the source: each number,
reference code, date and time must appear on both sides, whatever the language's way of
writing it (`61.000 ha` = `61,000 ha` = `61,000公顷`; `10/5/2012` = `10 May 2012` =
`2012年5月10日`). See `quangba.core.numbers` for what is read and how.

Facts are paired by value, preferring the same block. What is left is then paired under
looser readings (an ambiguous separator; within a block, a year or an hour written as a
plain number), and small counts the other side spells out (`4 sao` ↔ `four stars`, `hai` ↔
`2단계`, `II` ↔ `第2回`) are accepted, as is a lone `1`. A source fact and a translation fact
still left in aligned blocks (same index among the outline's blocks) are reported together,
as one changed fact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from quangba.checks import finding, rule, translation_pairs
from quangba.checks.syntax import _schema_findings
from quangba.core.content import Page
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.messages import T_
from quangba.core.number_fractions import ratio, spelled_fractions
from quangba.core.numbers import Fact, describe, extract, spelled_numbers
from quangba.core.outline import dropped_source_lines, outline

_CODE_OF_KIND = {"number": "FCT001", "code": "FCT001", "date": "FCT002", "time": "FCT002"}


class _Located(NamedTuple):
    """A fact with the block it is in."""

    fact: Fact
    block: int  # index among the page's outline blocks
    offset: int  # of the fact in the block's text

    @property
    def code(self) -> str:
        return _CODE_OF_KIND[self.fact.kind]


@dataclass(frozen=True)
class _Mismatch:
    code: str
    line: int
    column: int
    message: str


def _position(page: Page, item: _Located) -> tuple[int, int]:
    """Line and column of a fact in the file: the block's text has no markup, so look for
    the fact's first word in the raw lines from the block's start."""
    block = outline(page).blocks[item.block]
    lines = getattr(page, "_raw_lines", None)
    if lines is None:
        lines = page._raw_lines = page.text.split("\n")  # type: ignore[attr-defined]
    words = item.fact.text.split()
    token = words[0] if words else item.fact.text
    nth = block.text.count(token, 0, item.offset)
    first = block.line - 1
    for index in range(first, min(len(lines), first + 60)):
        raw = lines[index]
        at = raw.find(token, block.column - 1 if index == first else 0)
        while at >= 0:
            if nth == 0:
                return index + 1, at + 1
            nth -= 1
            at = raw.find(token, at + len(token))
    return block.line, block.column


_new_located = tuple.__new__


def _located_facts(page: Page) -> list[_Located]:
    """Every fact of a page's body, read once per page (all blocks in one pass: the
    patterns never cross the line breaks that separate them)."""
    cached = getattr(page, "_located_facts", None)
    if cached is not None:
        return cached
    blocks = outline(page).blocks
    starts: list[int] = []
    offset = 0
    for block in blocks:
        starts.append(offset)
        offset += len(block.text) + 1
    result: list[_Located] = []
    index, last = 0, len(starts) - 1
    for fact in extract("\n".join(block.text for block in blocks), page.lang) if blocks else ():
        # facts come in text order (but for the parts of one match): the block moves forward
        while index < last and starts[index + 1] <= fact.start:
            index += 1
        while index and starts[index] > fact.start:
            index -= 1
        result.append(_new_located(_Located, (fact, index, fact.start - starts[index])))  # (no Python-level __new__)
    page._located_facts = result  # type: ignore[attr-defined]
    return result


def _spelled(page: Page) -> frozenset[int]:
    cached = getattr(page, "_spelled_numbers", None)
    if cached is None:
        text = "\n".join(block.text for block in outline(page).blocks)
        cached = page._spelled_numbers = spelled_numbers(text, page.lang)  # type: ignore[attr-defined]
    return cached


def _match_exact(source: list[_Located], translation: list[_Located]) -> tuple[list[_Located], list[_Located]]:
    """Pair facts of equal value (preferring the same block); what is left on each side."""
    by_key: dict[tuple, list[_Located]] = defaultdict(list)
    for item in translation:
        fact = item.fact
        by_key[(fact.kind, fact.value)].append(item)  # `Fact.key`, without a property call per fact
    left: list[_Located] = []
    for item in source:
        fact = item.fact
        candidates = by_key.get((fact.kind, fact.value))
        if not candidates:
            left.append(item)
            continue
        block = item.block
        if candidates[0].block == block:
            del candidates[0]
            continue
        for index, candidate in enumerate(candidates):
            if candidate.block == block:
                del candidates[index]
                break
        else:
            del candidates[0]
    remaining = sorted((i for items in by_key.values() for i in items), key=lambda i: (i.block, i.fact.start))
    return left, remaining


def _loosely_equal(a: Fact, b: Fact) -> bool:
    """Equal under another reading: an ambiguous separator (`1,234` in vi), a year or a
    month written as a plain number, an hour written as a plain number (`8 giờ` = 8 hours),
    a fraction 1/N and a factor N (`15 分の 1` = `15x smaller`)."""
    if a.kind == "number" and b.kind == "number":
        if a.ratio != b.ratio:  # `15 分の 1` = `15x smaller`: a reduction to 1/N is N times
            fraction, times = (a, b) if a.ratio else (b, a)
            return times.value > 1 and fraction.value == ratio(1, times.value)
        return a.value in b.alternatives or b.value in a.alternatives or bool(set(a.alternatives) & set(b.alternatives))
    for x, y in ((a, b), (b, a)):
        if x.kind == "number" and y.kind == "date" and y.value[1] is None and y.value[2] is None:
            return x.value == y.value[0]
        if x.kind == "number" and y.kind == "date" and y.value[0] is None and y.value[2] is None:
            return x.value == y.value[1]  # a month alone: `tháng 3` = `the 3rd month`
        if x.kind == "number" and y.kind == "time" and y.value[1] == 0:
            return x.value == y.value[0]
    return False


def _match_loose(source: list[_Located], translation: list[_Located]) -> tuple[list[_Located], list[_Located]]:
    """Pair what `_loosely_equal` accepts; a change of kind (a year or an hour read as a
    plain number) only within the same block, where it is most likely the same fact."""
    translation = list(translation)
    left: list[_Located] = []
    for item in source:
        candidates = [
            t for t in translation
            if (t.fact.kind == item.fact.kind or t.block == item.block) and _loosely_equal(item.fact, t.fact)
        ]
        if not candidates:
            left.append(item)
            continue
        translation.remove(next((c for c in candidates if c.block == item.block), candidates[0]))
    return left, translation


def _not_spelled(items: list[_Located], spelled: frozenset[int], fractions: frozenset = frozenset()) -> list[_Located]:
    """Drop small counts the other side writes in words (`4 sao` ↔ `four stars`), a lone 1,
    which languages add or drop freely (`1人` = `/người` = `per person`), and fractions the
    other side spells (`4 分の 1` ↔ `a quarter`, `1000 分の 1` ↔ `one in a thousand`)."""
    return [
        i for i in items
        if not (i.fact.ratio and i.fact.value in fractions)
        and (i.fact.small_integer is None
             or (i.fact.small_integer not in spelled and not (i.fact.kind == "number" and i.fact.small_integer == 1)))
    ]


def _repeated_dates(left: list[_Located], own: list[_Located], other: list[_Located]) -> list[_Located]:
    """Drop a date left over on one side that this side writes more than once in the same
    paragraph while the other side has it too: a year repeated in a translator's gloss
    (`Unpacking 2025（2025年の振り返り）`) or where the other language says "that year".
    A date the other side does not have at all is still reported."""
    if not any(i.fact.kind == "date" for i in left):
        return left
    other_keys = {i.fact.key for i in other}
    per_block = Counter((i.block, i.fact.key) for i in own if i.fact.kind == "date")
    return [i for i in left
            if not (i.fact.kind == "date" and i.fact.key in other_keys and per_block[(i.block, i.fact.key)] > 1)]


def _fractions(page: Page) -> frozenset:
    cached = getattr(page, "_spelled_fractions", None)
    if cached is None:
        text = "\n".join(block.text for block in outline(page).blocks)
        cached = page._spelled_fractions = spelled_fractions(text, page.lang)  # type: ignore[attr-defined]
    return cached


def _mismatches(source: Page, translation: Page) -> list[_Mismatch]:
    """What disagrees between a source and one translation, computed once per pair."""
    cached = getattr(translation, "_fact_mismatches", None)
    if cached is not None and cached[0] is source:
        return cached[1]
    left_s, left_t = _match_exact(_located_facts(source), _located_facts(translation))
    if left_s:
        # figures inside a paragraph or section the translation leaves out entirely: that is
        # one finding of the structure rules, not one per figure
        dropped = dropped_source_lines(outline(source), outline(translation), source.text.count("\n") + 1)
        if dropped:
            lines = [block.line for block in outline(source).blocks]
            left_s = [i for i in left_s if not any(start <= lines[i.block] < end for start, end in dropped)]
    if left_s or left_t:
        left_s, left_t = _match_loose(left_s, left_t)
    if left_s:
        left_s = _repeated_dates(left_s, _located_facts(source), _located_facts(translation))
    if left_t:
        left_t = _repeated_dates(left_t, _located_facts(translation), _located_facts(source))
    if left_s:
        left_s = _not_spelled(left_s, _spelled(translation), _fractions(translation))
    if left_t:
        left_t = _not_spelled(left_t, _spelled(source), _fractions(source))
    result = _report(left_s, left_t, source, translation) if left_s or left_t else []
    result += _field_mismatches(source, translation)
    translation._fact_mismatches = (source, result)  # type: ignore[attr-defined]
    return result


# Translated front-matter fields: what search results, feeds and social cards show.
TRANSLATED_FIELDS = (("title", T_("the title")), ("description", T_("the description")),
                     ("image.alt", T_("the image's alt text")), ("image.caption", T_("the image's caption")))


def _field_text(page: Page, name: str) -> str | None:
    value: object = page.meta
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def _field_mismatches(source: Page, translation: Page) -> list[_Mismatch]:
    """The same comparison for each translated front-matter field present on both sides: a
    wrong date in a description reaches search results, feeds and social cards."""
    result: list[_Mismatch] = []
    for name, label in TRANSLATED_FIELDS:
        source_text, text = _field_text(source, name), _field_text(translation, name)
        if source_text is None or text is None:
            continue
        left_s, left_t = _match_exact(
            [_Located(f, 0, f.start) for f in extract(source_text, source.lang)],
            [_Located(f, 0, f.start) for f in extract(text, translation.lang)],
        )
        if left_s or left_t:
            left_s, left_t = _match_loose(left_s, left_t)
        left_s = _not_spelled(left_s, spelled_numbers(text, translation.lang),
                              spelled_fractions(text, translation.lang)) if left_s else []
        left_t = _not_spelled(left_t, spelled_numbers(source_text, source.lang),
                              spelled_fractions(source_text, source.lang)) if left_t else []
        line = translation.line_of(name)
        raw = translation.text.split("\n")[line - 1] if 0 < line <= translation.text.count("\n") + 1 else ""

        def column(item: _Located) -> int:
            words = item.fact.text.split()
            at = raw.find(words[0] if words else item.fact.text)
            return at + 1 if at >= 0 else 1

        for code in ("FCT001", "FCT002"):
            sources = [i for i in left_s if i.code == code]
            found = [t for t in left_t if t.code == code]
            if len(sources) == 1 and len(found) == 1:  # most likely the same fact, changed
                result.append(_Mismatch(code, line, column(found[0]), T_(
                    "in {label}: {noun} {fact} in the source has no match here (found {found})",
                    label=label, noun=_noun(sources[0].fact), fact=describe(sources[0].fact), found=describe(found[0].fact))))
                continue
            for item in sources:
                result.append(_Mismatch(code, line, 1, T_(
                    "in {label}: {noun} {fact} in the source has no match here: add it, or correct the source",
                    label=label, noun=_noun(item.fact), fact=describe(item.fact))))
            for item in found:
                result.append(_Mismatch(code, line, column(item), T_(
                    "in {label}: {noun} {fact} here has no match in the source: remove or correct it",
                    label=label, noun=_noun(item.fact), fact=describe(item.fact))))
    return result


def _report(left_s: list[_Located], left_t: list[_Located], source: Page, translation: Page) -> list[_Mismatch]:
    blocks = outline(translation).blocks
    pairs: dict[int, _Located] = {}  # id of a source fact -> the translation fact it is shown with
    free = list(left_t)
    # a source fact and a translation fact of the same kind in aligned blocks: one finding
    for item in left_s:
        aligned = item.block if item.block < len(blocks) else 0
        match = next((t for t in free if t.block == aligned and t.code == item.code), None)
        if match is not None:
            pairs[id(item)] = match
            free.remove(match)
    # one left on each side, for a rule: most likely the same fact, changed
    for code in ("FCT001", "FCT002"):
        sources = [i for i in left_s if i.code == code and id(i) not in pairs]
        found = [t for t in free if t.code == code]
        if len(sources) == 1 and len(found) == 1:
            pairs[id(sources[0])] = found[0]
            free.remove(found[0])
    result: list[_Mismatch] = []
    for item in left_s:
        source_line = _position(source, item)[0]
        what = T_("{noun} {fact} in the source (line {line}) has no match here", noun=_noun(item.fact), fact=describe(item.fact), line=source_line)
        match = pairs.get(id(item))
        if match is not None:
            line, column = _position(translation, match)
            result.append(_Mismatch(item.code, line, column, T_("{what} (found {fact})", what=what, fact=describe(match.fact))))
            continue
        if blocks:
            block = blocks[item.block] if item.block < len(blocks) else blocks[0]
            line, column = block.line, block.column
        else:
            line, column = translation.body_line, 1
        result.append(_Mismatch(item.code, line, column, T_("{what}: add it, or correct the source", what=what)))
    for item in free:
        message = T_("{noun} {fact} here has no match in the source: remove or correct it", noun=_noun(item.fact), fact=describe(item.fact))
        result.append(_Mismatch(item.code, *_position(translation, item), message))
    return result


_pairs = translation_pairs  # (source, translation) pairs that both parse


def _findings(corpus: Corpus, code: str) -> Iterator[Finding]:
    for source, page in _pairs(corpus):
        for item in _mismatches(source, page):
            if item.code == code:
                yield finding(corpus, page, item.line, code, item.message, item.column)


# How a finding names a fact's kind (`Fact.noun`), in the editor's language.
_NOUNS = {"number": T_("number"), "code": T_("code"), "date": T_("date"), "time": T_("time"), "year": T_("year")}


def _noun(fact) -> str:
    return _NOUNS.get(fact.noun, fact.noun)


@rule("FCT001", "numbers-differ", "facts", scope="set")
def numbers_differ(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a number or reference code in a translation's text (its body, title,
    description, image alt text and caption) that does not match the Vietnamese source: a figure changed, dropped or added, a decimal or thousands
    separator misread (`61.000 ha` is sixty-one thousand), a magnitude word lost (`2.500 tỷ`
    is 2,500 billion), a decision or certificate number mistyped.

    Why it matters: figures are what investors and visitors act on; a translation that says
    6,100 ha where the source says 61.000 ha misinforms everyone who reads that language.

    Example: the source says `rộng hơn 61.000 ha` and the English page says `over 6,100 ha`;
    or the source cites `Quyết định số 548/QĐ-TTg` and the translation `Decision 584/QĐ-TTg`.

    Instead: write the same value in the translation's own notation: `over 61,000 ha`,
    `61,000公顷`, `VND 2,500 billion` / `25000亿越南盾`, and copy codes exactly. Small counts
    may be spelled out (`4 sao` → `four stars`). If the source itself is wrong, correct the
    source; for a deliberate difference, add `<!-- quangba: ignore FCT001 -->` on the line
    before.
    """
    yield from _findings(corpus, "FCT001")


@rule("FCT002", "dates-differ", "facts", scope="set")
def dates_differ(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a date, year or time in a translation's text (its body, title,
    description, image alt text and caption) that does not match the Vietnamese source: a different day, month or year, a day and month swapped, a date made
    less precise, a year or an opening hour missing or added.

    Why it matters: dates of recognition, decisions and events are facts; a reader of one
    language must not see a different date from a reader of another.

    Example: the source says `Ngày 10/5/2012` (10 May) and the English page says
    `On 5 October 2012`; or the source says `năm 1945` and the translation `in 1954`.

    Instead: write the same date in the translation's usual form: `10 May 2012`,
    `2012年5月10日`, `2012년 5월 10일`; keep its precision (a full date stays a full date; a
    year stays a year).
    """
    yield from _findings(corpus, "FCT002")


@rule("FCT003", "neutral-fact-in-translation", "facts", scope="set")
def neutral_fact_in_translation(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a translation that repeats a language-neutral field (facts, dates,
    image source or credit, sources, type, order).

    Why it matters: neutral facts are written once, in the Vietnamese source; a second copy
    drifts and the languages end up disagreeing.

    Example: `facts: {area_ha: 6100}` in `docs/en/…`.

    Instead: delete the field from the translation; the site shows the source's value.
    """
    yield from _schema_findings(corpus, ("FCT003",))
