"""terminology: names rendered as the glossary approves, and terms the site must not print.

The glossary (`glossary:` in mkdocs.yml, format in `quangba/core/glossary.py`) lists the approved
rendering of each name in each language, forbidden terms per language, and the names English
text may write with Vietnamese letters. The sovereignty terms of `quangba/data/sovereignty.yml`
are always forbidden, on every page.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator, NamedTuple

from quangba.checks import all_pages, finding, rule, translation_pairs
from quangba.core.content import Page
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.glossary import Glossary, fold, for_project
from quangba.core.outline import outline
from quangba.core.messages import T_

# Front-matter fields a translator translates, compared field by field.
FIELDS = ("title", "description", "place", "image.alt", "image.caption")  # place: event pages


class Unit(NamedTuple):
    """A piece of translated text: a body block, or a translated front-matter field."""

    key: str  # "title", "image.alt", or "" for a body block
    kind: str  # block kind, or "field"
    text: str
    line: int
    column: int
    prose: str | None = None  # the text without inline code, when it has some
    linked: int = 0  # characters of it that are link text

    @property
    def is_citation(self) -> bool:
        """Mostly link or image text: the title of a cited page, talk or picture, which is
        kept as its author wrote it."""
        share = 0.5 if self.kind == "item" else 0.7  # a list of talks: title link, then speakers
        return self.linked > 0 and self.linked >= share * len(self.words.replace(" ", ""))

    @property
    def words(self) -> str:
        """What is written in the page's language: the text without its inline code."""
        return self.text if self.prose is None else self.prose


def _field(meta: dict, name: str) -> str:
    value: object = meta
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return " ".join(value.split()) if isinstance(value, str) else ""


def _line_text(text: str, line: int) -> str:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def field_units(page: Page, names: tuple[str, ...] = FIELDS) -> list[Unit]:
    found = []
    for name in names:
        text = _field(page.meta, name)
        if not text:
            continue
        line = page.line_of(name)
        raw = _line_text(page.text, line)
        leaf = name.rsplit(".", 1)[-1] + ":"
        at = raw.find(leaf)
        column = 1
        if at >= 0:
            column = at + len(leaf) + 1
            while column <= len(raw) and raw[column - 1] in " \"'":
                column += 1
        found.append(Unit(name, "field", text, line, column))
    return found


def body_units(page: Page) -> list[Unit]:
    return [Unit("", block.kind, block.text, block.line, block.column, block.prose, block.linked) for block in outline(page).blocks]


_RUN: list = [None, {}]  # the corpus of the current run, and page id -> (page, units)


def units(corpus: Corpus, page: Page) -> list[Unit]:
    """The translated fields and body blocks of a page, computed once per run and shared by
    the terminology and untranslated rules (not stored on the page: the page cache would
    keep them)."""
    if _RUN[0] is not corpus:
        _RUN[0], _RUN[1] = corpus, {}
    cached = _RUN[1].get(id(page))
    if cached is None or cached[0] is not page:
        cached = _RUN[1][id(page)] = (page, field_units(page) + body_units(page))
    return cached[1]


def locate(page: Page, unit: Unit, offset: int, token: str) -> tuple[int, int]:
    """Line and column in the file of `token`, found at `offset` of the unit's (markup-free)
    text: the nth occurrence of the token from the unit's start in the raw lines."""
    lines = page.text.split("\n")
    if not token:
        return unit.line, unit.column
    nth = unit.text.count(token, 0, offset)
    first = unit.line - 1
    for index in range(first, min(len(lines), first + (1 if unit.kind == "field" else 60))):
        raw = lines[index]
        at = raw.find(token, unit.column - 1 if index == first else 0)
        while at >= 0:
            if nth == 0:
                return index + 1, at + 1
            nth -= 1
            at = raw.find(token, at + len(token))
    return unit.line, unit.column


_pairs = translation_pairs  # (source, translation) pairs that both parse


# -- TRM001 -----------------------------------------------------------------------------


class _Counts:
    """Occurrences of glossary terms in a page's units: each term's regex runs once over
    the page's joined text, and matches are attributed to units by offset."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.starts: list[int] = []
        parts = []
        offset = 0
        for unit in units:
            self.starts.append(offset)
            parts.append(unit.text)
            offset += len(unit.text) + 2
        self.text = "\n\n".join(parts)

    def count(self, regex: re.Pattern) -> dict[int, int]:
        """unit index -> occurrences."""
        result: dict[int, int] = {}
        for match in regex.finditer(self.text):
            index = bisect.bisect_right(self.starts, match.start()) - 1
            result[index] = result.get(index, 0) + 1
        return result


def _alignment(source: list[Unit], target: list[Unit]) -> dict[int, int]:
    """Source unit index -> translation unit index: fields by name, body blocks by position
    when both bodies have the same number of blocks (otherwise a structure rule reports the
    difference, and blocks are not paired)."""
    fields = {unit.key: j for j, unit in enumerate(target) if unit.kind == "field"}
    result = {i: fields[unit.key] for i, unit in enumerate(source) if unit.kind == "field" and unit.key in fields}
    source_body = [i for i, unit in enumerate(source) if unit.kind != "field"]
    target_body = [j for j, unit in enumerate(target) if unit.kind != "field"]
    if len(source_body) == len(target_body):
        result.update(zip(source_body, target_body))
    return result


def short(want: int, have: int) -> bool:
    """Too few approved renderings: none, or fewer than half the source's occurrences (a
    translation may refer back to a name it has just written: "… Soi Hà pomelo. Alongside
    Hàm Yên orange, it …")."""
    return have < want and 2 * have < want


def _same_position(source: list[Unit], target: list[Unit], i: int) -> int:
    """The translation block at the same position among the body blocks as source unit i
    (the last one if the translation has fewer; its first unit for a field)."""
    source_body = [k for k, unit in enumerate(source) if unit.kind != "field"]
    target_body = [k for k, unit in enumerate(target) if unit.kind != "field"]
    if i not in source_body or not target_body:
        return 0
    return target_body[min(source_body.index(i), len(target_body) - 1)]


def _terms_in_source(glossary: Glossary, counts: _Counts, source_lang: str, langs: set[str]) -> dict[int, dict[int, int]]:
    """term index -> unit index -> occurrences, for the terms that occur in the source and
    have an approved rendering in at least one of `langs`."""
    found = {}
    for index, term in enumerate(glossary.terms):
        if source_lang not in term.forms or not langs.intersection(term.forms):
            continue
        regex = glossary.term_regex(index, source_lang)
        per_unit = counts.count(regex) if regex is not None else {}
        if per_unit:
            found[index] = per_unit
    return found


def _missing_terms(corpus: Corpus) -> Iterator[Finding]:
    glossary = for_project(corpus.project)
    if not glossary.terms:
        return
    source_lang = corpus.source_language
    for tset in corpus.translation_sets():
        source = tset.source
        if source is None or source.problems or not tset.translations:
            continue
        src = _Counts(units(corpus, source))
        present = _terms_in_source(glossary, src, source_lang, set(tset.translations))
        if not present:
            continue
        for page in tset.translations.values():
            if page.problems:
                continue
            dst = _Counts(units(corpus, page))
            if not dst.units:
                continue
            align = _alignment(src.units, dst.units)
            folded: str | None = None
            for index, want in present.items():
                regex = glossary.term_regex(index, page.lang)
                if regex is None:
                    continue
                term = glossary.terms[index]
                misspelled: set[int] = set()
                folded_regex = glossary.folded_regex(index, page.lang)
                if folded_regex is not None:
                    folded = fold(dst.text) if folded is None else folded
                    for match in folded_regex.finditer(folded):
                        if regex.fullmatch(dst.text, match.start(), match.end()):
                            continue  # the approved form itself
                        yield _misspelled(corpus, page, dst, match.start(), dst.text[match.start():match.end()], term, source_lang)
                        misspelled.add(bisect.bisect_right(dst.starts, match.start()) - 1)
                for src_unit, dst_unit, n, m in _shortfalls(term.scope, src, dst, align, want, dst.count(regex)):
                    if misspelled and next(k for k, u in enumerate(dst.units) if u is dst_unit) in misspelled:
                        continue  # already reported, where the name is misspelt
                    message = _message(term, source_lang, page.lang, n, m, src_unit)
                    yield finding(corpus, page, dst_unit.line, "TRM001", message, dst_unit.column)


def _misspelled(corpus: Corpus, page: Page, dst: _Counts, offset: int, written: str, term, source_lang: str) -> Finding:
    index = bisect.bisect_right(dst.starts, offset) - 1
    unit = dst.units[index]
    line, column = locate(page, unit, offset - dst.starts[index], written.split()[0])
    approved = _either(term.forms[page.lang])
    return finding(
        corpus, page, line, "TRM001",
        T_('`{items}` is `{label}` without its Vietnamese letters: write {approved}', items=' '.join(written.split()), label=term.label(source_lang), approved=approved),
        column,
    )


def _shortfalls(scope: str, src: _Counts, dst: _Counts, align: dict[int, int], want: dict[int, int], have: dict[int, int]):
    """(source unit, translation unit, wanted, found) for each place with too few; the
    source unit is None when the page as a whole is compared (the translation unit is then
    the first place where the translation has fewer than the source)."""
    if scope == "block":
        unpaired: dict[int, int] = {}
        for i, n in sorted(want.items()):
            j = align.get(i)
            if j is None:
                unpaired[i] = n
            elif short(n, have.get(j, 0)):
                yield src.units[i], dst.units[j], n, have.get(j, 0)
        if not unpaired:
            return
        # blocks that do not pair up: compare what is left of the page as a whole
        paired = set(align.values())
        want = unpaired
        have = {j: m for j, m in have.items() if j not in paired}
    total_want, total_have = sum(want.values()), sum(have.values())
    if short(total_want, total_have):
        # point at the first place where the translation has fewer than the source
        for i, n in sorted(want.items()):
            j = align.get(i)
            if j is not None and have.get(j, 0) < n:
                break
        else:  # the shortfall is in blocks that do not pair up: the first of them
            i = min((k for k in want if k not in align), default=min(want))
            j = align.get(i, _same_position(src.units, dst.units, i))
        yield None, dst.units[j], total_want, total_have


def _times(n: int) -> str:
    return T_("not at all") if n == 0 else (T_("once") if n == 1 else T_("{count} times", count=n))


def _message(term, source_lang: str, lang: str, want: int, have: int, src_unit: Unit | None) -> str:
    approved = _either(term.forms[lang])
    if src_unit is None:
        where, here = T_("on the source page"), T_("on this page")
    else:
        where = T_("in the source's `{field}`", field=src_unit.key) if src_unit.kind == "field" else T_(
            "in the source (line {line})", line=src_unit.line)
        here = T_("here")
    return T_(
        "`{term}` appears {want} {where}, its approved rendering {approved} {have} {here}: write {approved}",
        term=term.label(source_lang), want=_times(want), where=where, approved=approved, have=_times(have), here=here,
    )


def _either(forms) -> str:
    """`a` or `b`, in the current language's words."""
    quoted = [f"`{form}`" for form in forms]
    text = quoted[0]
    for form in quoted[1:]:
        text = T_("{first} or {second}", first=text, second=form)
    return text


@rule("TRM001", "missing-approved-term", "terminology", scope="set")
def missing_approved_term(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a name from the glossary that the Vietnamese source uses, where the
    translation does not write its approved rendering (`glossary:` in mkdocs.yml).

    Blocks are compared one by one (paragraph, list item, table cell, heading, title,
    description): reported when the translation's block has none of the approved renderings,
    or fewer than half as many as the source's (a translation may say "it" instead of
    repeating a name). A term marked `scope: page` is counted over the whole page. A name
    written without its Vietnamese letters (`Tan Trao` for `Tân Trào`) is reported where
    it stands.

    Why it matters: a visitor who reads 김빈 on one page and 낌빈 on the next cannot tell
    they are the same place, search engines split it in two, and official names (宣光省,
    뚜옌꽝성, トゥエンクアン省) are not a translator's choice.

    Example: the source cell says `Kim Bình`; the Korean cell says `낌빈`.

    Instead: write the rendering the message names, from `glossary.yml` (`김빈`). If the
    glossary is wrong or lacks a variant, correct the glossary, not every page.
    """
    yield from _missing_terms(corpus)


# -- TRM002 -----------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)


def forbidden_terms(glossary: Glossary, page: Page) -> Iterator[tuple[int, int, str, object]]:
    """(line, column, matched text, entry) of every forbidden term in the page's file."""
    text = page.text
    lower = text.lower()
    hits = []
    for entry in glossary.forbidden_for(page.lang):
        if entry.may_match(text, lower):
            hits.extend((m.start(), m.group(), entry) for m in entry.regex.finditer(text) if m.group())
    if not hits:
        return
    hits.sort(key=lambda hit: hit[0])
    comments = [m.span() for m in _COMMENT.finditer(text)] if "<!--" in text else []
    newlines: list[int] | None = None
    for start, matched, entry in hits:
        if any(a <= start < b for a, b in comments):
            continue
        if newlines is None:
            newlines = [i for i, char in enumerate(text) if char == "\n"]
        index = bisect.bisect_left(newlines, start)
        line_start = newlines[index - 1] + 1 if index else 0
        yield index + 1, start - line_start + 1, matched, entry


@rule("TRM002", "forbidden-term", "terminology", scope="set")
def forbidden_term(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a term the site must not print, on any page, the Vietnamese source
    included: the sovereignty terms built into quangba and the glossary's `forbidden:` list.

    Built in: `South China Sea` (any language), 南海 as the sea's name, 西沙, 南沙, 남중국해,
    파라셀 or 스프래틀리 alone, 南シナ海 without the Vietnamese name, Paracel or Spratly
    without Hoàng Sa or Trường Sa, Biển Nam Trung Hoa … (`scripts/quangba/data/sovereignty.yml`
    lists them and what each allows).

    Why it matters: these names carry a claim over Viet Nam's sea and islands; a provincial
    government site that prints them contradicts the State's official usage.

    Example: `Tuyên Quang is a day's drive from the South China Sea coast.`

    Instead: the official rendering the message names: East Sea (en), 东海 (zh), 동해 (ko),
    ベトナム東部海域 (ja); Hoàng Sa (Paracel) archipelago, 黄沙群岛, 호앙사 군도, ホアンサ諸島;
    Trường Sa (Spratly) archipelago, 长沙群岛, 쯔엉사 군도, チュオンサ諸島.
    """
    glossary = for_project(corpus.project)
    for page in all_pages(corpus):
        for line, column, matched, entry in forbidden_terms(glossary, page):
            why = f": {entry.why}" if entry.why else ""
            instead = T_("; write {instead} instead", instead=entry.instead) if entry.instead else ""
            yield finding(corpus, page, line, "TRM002", T_('forbidden term `{items}`{why}{instead}', items=' '.join(matched.split()), why=why, instead=instead), column)


# -- TRM003 -----------------------------------------------------------------------------


@rule("TRM003", "invalid-glossary", "terminology")
def invalid_glossary(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a glossary (`glossary:` in mkdocs.yml) that cannot be used as
    written: a missing file, YAML that does not parse, an entry of the wrong form, a
    `pattern:` that is not a valid regular expression or uses a look-around or back-reference
    (a project's patterns run on RE2, a linear-time engine, so no pattern can make a check
    hang). The rest of the file still applies.

    Why it matters: the names it should check are then silently not checked.

    Example: `- {vi: Tân Trào, zh: 新潮` (the closing brace is missing), or
    `pattern: "南沙(?!区)"` (a look-ahead: write `南沙群岛`, or a `term:`).

    Instead: write the glossary as `terms:` (a list of `{vi: …, en: …, zh: …, ko: …, ja: …}`,
    a value may be a list of accepted variants), `forbidden:` (per language or `*`, a list
    of `{term: … or pattern: …, why: …, instead: …}`) and `names:` (a list of names English
    may write with Vietnamese letters).
    """
    glossary = for_project(corpus.project)
    if not glossary.problems or glossary.path is None:
        return
    from quangba.checks import RULES

    severity = RULES["TRM003"].severity
    project = corpus.project
    for problem in glossary.problems:
        if problem.line > 0:
            path, line = project.relpath(glossary.path), problem.line
        else:  # the file itself is missing: point at the option in mkdocs.yml
            path = project.relpath(project.config_file)
            try:
                config = project.config_file.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                config = []
            line = next((i + 1 for i, text in enumerate(config) if text.strip().startswith("glossary:")), 1)
        yield Finding(path=path, line=line, column=max(1, problem.column) if problem.line > 0 else 1, code="TRM003", message=problem.message, family="terminology", severity=severity)
