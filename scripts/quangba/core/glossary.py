"""The glossary: approved renderings of names, forbidden terms, names allowed in Latin text.

A project's glossary is a YAML file (the quangba plugin's `glossary:` option):

```yaml
terms:                      # approved renderings, one entry per name
  - vi: Tân Trào            # the form in the Vietnamese source (a list: several forms)
    en: Tân Trào
    zh: 新潮
    ko: 탄짜오
    ja: [タン・トラオ]       # a list: accepted variants; a missing language: no approved rendering
    note: special national relic site (Decision 548/QĐ-TTg)
  - vi: Tuyên Quang
    en: Tuyên Quang
    scope: page             # TRM001 counts over the whole page, not block by block
forbidden:                  # per language ("*": every language, the source included)
  en:
    - term: South China Sea # a literal (Latin letters: any case, whole words) …
      why: not the name Viet Nam uses
      instead: East Sea
  zh:
    - pattern: "南沙(?!区)"  # … or a Python regular expression
      why: …
      instead: 长沙群岛
names:                      # Vietnamese names (and words) allowed with Vietnamese letters
  - Sơn Dương               # in English and other Latin-script translations
synonyms:                   # for the site's search, per language: words a reader may type
  vi:                       # for one another (a page with one is found under the others)
    - [chè, trà]
```

Matching: a Latin-script form matches whole words, whitespace and dashes loosely (`Na Hang –
Lâm Bình` also matches `Na Hang-Lâm Bình` and a line break), and a form written in lower case
also matches with a capital first letter; forbidden `term:`s in Latin letters match in any
case. Chinese, Japanese and Korean forms match anywhere, as those scripts do not separate
words. A rendering that contains another (宣光 in 宣光省) counts for it.

A project's `pattern:` runs on RE2 (google-re2), whose time grows linearly with the page
whatever the pattern, so a pattern from outside hands cannot make `check` or `build` hang on
backtracking. RE2 has no look-around and no back-reference: a pattern that uses them is a
TRM003 problem naming it. Only the built-in patterns below, reviewed with quangba, use
Python's engine (they need look-behind).

The sovereignty terms of `data/sovereignty.yml` (same format, `forbidden:` only) are always
added. A glossary is read and compiled once per file version, whatever the number of rules and
pages that use it. Problems in the file never raise: they are kept in `Glossary.problems`
(with their line) for rule TRM003, and the usable rest of the file still applies.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import re2
import yaml
from quangba.core.content import explain_yaml_error
from quangba.core.messages import T_

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Letters of Latin-script words: ASCII, Latin-1/Extended-A/B, Latin Extended Additional
# (Vietnamese ạ…ỹ) and combining marks. A Latin term must not touch one of these on either
# side ("Then" is not inside "Thenard"); CJK and Hangul terms match anywhere, as those
# scripts do not separate words with spaces.
LATIN_LETTER = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f"
_IS_LATIN = re.compile(f"[{LATIN_LETTER}]")
_LATIN_WORDS = re.compile(f"[{LATIN_LETTER}]+")
_LANG_KEY = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015"
_SCOPES = ("block", "page")
_FORBIDDEN_FIELDS = {"term", "pattern", "why", "instead"}
ALL_LANGUAGES = "*"


@dataclass(frozen=True)
class GlossaryProblem:
    line: int  # 0: the file itself (missing, unreadable)
    message: str
    column: int = 1


@dataclass(frozen=True)
class Term:
    """One name and its approved renderings: `forms[lang]` are the accepted variants."""

    forms: dict[str, tuple[str, ...]]
    line: int = 1
    note: str = ""
    scope: str = "block"  # TRM001 compares block by block, or ("page") the page as a whole

    def label(self, lang: str) -> str:
        return self.forms[lang][0]


@dataclass(frozen=True)
class Forbidden:
    """A term that must not appear in pages of `lang` (`*`: every language)."""

    lang: str
    label: str
    regex: re.Pattern | re2._Regexp  # Python's engine for terms and built-ins, RE2 for a project's patterns
    why: str = ""
    instead: str = ""
    line: int = 1
    builtin: bool = False
    # texts every match contains (any one of them): a page without any is not scanned;
    # None: no such text is known, always scan. `hints_lower`: compare in lower case.
    hints: tuple[str, ...] | None = None
    hints_lower: bool = False

    def may_match(self, text: str, lower: str) -> bool:
        if self.hints is None:
            return True
        haystack = lower if self.hints_lower else text
        return any(hint in haystack for hint in self.hints)


def _fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha():
            table[code] = decomposed[0]
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """The text with Latin letters stripped of their marks (`Tân Trào` → `Tan Trao`), one
    character for one, so that offsets stay valid."""
    return text.translate(_FOLD)


def _letter(char: str, ignore_case: bool) -> str:
    if ignore_case and char.lower() != char.upper() and len(char.upper()) == 1 and len(char.lower()) == 1:
        return f"[{re.escape(char.lower())}{re.escape(char.upper())}]"
    return re.escape(char)


def term_pattern(text: str, ignore_case: bool = False) -> str:
    """The regex source of a literal term: runs of spaces match any whitespace (a term may be
    wrapped across lines), a dash matches any dash with or without spaces around it, Latin
    ends are whole-word; a term written in lower case also matches with a capital first letter
    (sentence start), one written with a capital only as written.

    The pattern starts with its first letter (the "not after a letter" test comes after it),
    so that Python's regex engine can skip ahead to the places where that letter occurs; a
    pattern that starts with a look-behind is tried at every position of the page, about
    thirty times slower."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    parts: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == " " and index + 1 < len(text) and text[index + 1] in _DASHES:
            index += 1
            continue
        if char in _DASHES:
            parts.append(f"\\s*[{_DASHES}]\\s*")
            index += 1
            if index < len(text) and text[index] == " ":
                index += 1
            continue
        if char == " ":
            parts.append(r"\s+")
        elif index == 0 and not ignore_case and char.islower():
            parts.append(_letter(char, True))
        else:
            parts.append(_letter(char, ignore_case))
        index += 1
    if not parts:
        return ""
    if _IS_LATIN.match(text[0]):
        parts.insert(1, f"(?<![{LATIN_LETTER}].)")
    if _IS_LATIN.match(text[-1]):
        parts.append(f"(?![{LATIN_LETTER}])")
    return "".join(parts)


def alternation(texts: list[str] | tuple[str, ...], ignore_case: bool = False) -> re.Pattern | None:
    """One regex matching any of the literal `texts`, longest first (so that overlapping
    variants are counted once)."""
    unique = sorted({t for t in texts if t.strip()}, key=lambda t: (-len(t), t))
    if not unique:
        return None
    return re.compile("|".join(term_pattern(t, ignore_case) for t in unique))


@dataclass
class Glossary:
    terms: tuple[Term, ...] = ()
    forbidden: dict[str, tuple[Forbidden, ...]] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    path: Path | None = None
    problems: tuple[GlossaryProblem, ...] = ()
    #: per language, groups of words that mean the same to a reader who searches (web/search.py)
    synonyms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    _compiled: dict = field(default_factory=dict, repr=False)

    # -- compiled views, built on first use and kept with the glossary -----------------

    def term_regex(self, index: int, lang: str) -> re.Pattern | None:
        """Matches any accepted form of term `index` in `lang` (None: no form)."""
        key = ("term", index, lang)
        if key not in self._compiled:
            forms = self.terms[index].forms.get(lang, ())
            self._compiled[key] = alternation(forms)
        return self._compiled[key]

    def folded_regex(self, index: int, lang: str) -> re.Pattern | None:
        """Matches, in `fold()`ed text, the forms of term `index` in `lang` that have
        Vietnamese letters, written without them (`Tan Trao` for `Tân Trào`)."""
        key = ("folded", index, lang)
        if key not in self._compiled:
            forms = [fold(form) for form in self.terms[index].forms.get(lang, ()) if fold(form) != form]
            self._compiled[key] = alternation(forms)
        return self._compiled[key]

    def forbidden_for(self, lang: str) -> tuple[Forbidden, ...]:
        return self.forbidden.get(lang, ()) + (self.forbidden.get(ALL_LANGUAGES, ()) if lang != ALL_LANGUAGES else ())

    def allowed_in(self, lang: str) -> re.Pattern | None:
        """Names a `lang` text may write with Vietnamese letters: the approved renderings in
        `lang` and the `names:` list."""
        key = ("allowed", lang)
        if key not in self._compiled:
            texts = list(self.names)
            for term in self.terms:
                texts.extend(term.forms.get(lang, ()))
            self._compiled[key] = alternation(texts)
        return self._compiled[key]

    def any_name(self) -> re.Pattern | None:
        """Every form of every term in every language, and the names: text made only of
        these is a name, not a sentence left untranslated."""
        key = ("any",)
        if key not in self._compiled:
            texts = list(self.names)
            for term in self.terms:
                for forms in term.forms.values():
                    texts.extend(forms)
            self._compiled[key] = alternation(texts)
        return self._compiled[key]

    def names_with_word(self, lang: str) -> dict[str, tuple[re.Pattern, ...]]:
        """word (lower case) -> regexes of the names allowed in `lang` (see `allowed_in`)
        that contain it: a Vietnamese word in English text is checked only against the few
        names it could belong to."""
        key = ("by-word", lang)
        if key not in self._compiled:
            texts = set(self.names)
            for term in self.terms:
                texts.update(term.forms.get(lang, ()))
            index: dict[str, list[re.Pattern]] = {}
            for text in texts:
                regex = re.compile(term_pattern(text))
                for word in {w.lower() for w in _LATIN_WORDS.findall(text)}:
                    index.setdefault(word, []).append(regex)
            self._compiled[key] = {word: tuple(found) for word, found in index.items()}
        return self._compiled[key]


# -- reading ---------------------------------------------------------------------------


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _problem(node: yaml.Node, message: str) -> GlossaryProblem:
    return GlossaryProblem(node.start_mark.line + 1, message, node.start_mark.column + 1)


def _strings(node: yaml.Node, what: str, problems: list[GlossaryProblem]) -> tuple[str, ...]:
    """A scalar or a list of scalars, as NFC strings."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    result: list[str] = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            problems.append(_problem(item, T_('{what}: expected text or a list of texts', what=what)))
            continue
        result.append(unicodedata.normalize("NFC", " ".join(str(item.value).split())))
    return tuple(result)


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    return {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _keys(node: yaml.Node) -> dict[str, yaml.Node]:
    return {str(k.value): k for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _read_terms(node: yaml.Node, problems: list[GlossaryProblem]) -> list[Term]:
    if not isinstance(node, yaml.SequenceNode):
        problems.append(_problem(node, T_('`terms:` must be a list of entries like `- {vi: …, en: …}`')))
        return []
    terms = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            problems.append(_problem(item, T_('a term must be a mapping like `{vi: Tân Trào, zh: 新潮}`')))
            continue
        forms: dict[str, tuple[str, ...]] = {}
        note, scope = "", "block"
        for key, value in _mapping(item).items():
            if key in ("note", "notes"):
                note = str(value.value) if isinstance(value, yaml.ScalarNode) else ""
            elif key == "scope":
                scope = str(value.value) if isinstance(value, yaml.ScalarNode) else ""
                if scope not in _SCOPES:
                    problems.append(_problem(value, T_('`scope:` is `block` (the default) or `page`')))
                    scope = "block"
            elif _LANG_KEY.match(key):
                found = _strings(value, f"term `{key}`", problems)
                if found:
                    forms[key] = found
            else:
                problems.append(_problem(_keys(item)[key], T_('unknown field `{key}` in a term: use language codes (vi, en, zh, ko, ja), `scope` and `note`', key=key)))
        if forms:
            terms.append(Term(forms, _line(item), note, scope))
    return terms


def _literal_hints(pattern: str) -> tuple[str, ...] | None:
    """Texts one of which every match of `pattern` contains: the longest run of literal
    characters of the pattern (of each branch, for a pattern `a|b`); None when there is none
    or the pattern cannot be analysed."""
    try:  # the regex parser of the standard library (Python 3.11+)
        from re import _constants as constants  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]

        parsed = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - only an optimisation: scan every page instead
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None

    def longest(items) -> str | None:
        runs, run = [], []
        for op, value in items:
            if op is constants.LITERAL:
                run.append(chr(value))
            elif run:
                runs.append("".join(run))
                run = []
        if run:
            runs.append("".join(run))
        return max(runs, key=len) if runs else None

    items = list(parsed)
    if len(items) == 1 and items[0][0] is constants.BRANCH:
        hints = [longest(branch) for branch in items[0][1][1]]
        return None if any(h is None for h in hints) else tuple(hints)  # type: ignore[arg-type]
    hint = longest(items)
    return (hint,) if hint else None


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # its reasons come back in the exception; no C++ log on stderr


def _linear_time(pattern: str) -> tuple[re2._Regexp | None, str]:
    """A project's `pattern:` compiled on RE2, or the problem that names it."""
    try:
        return re2.compile(pattern, options=_RE2_OPTIONS), ""
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
    try:
        re.compile(pattern)
    except re.error as exc:
        return None, f"`pattern:` `{pattern}` is not a valid regular expression: {exc}"
    return None, (
        f"`pattern:` `{pattern}` uses what the linear-time engine (RE2) does not run ({reason}): "
        "look-arounds `(?=…)` `(?!…)` `(?<=…)` `(?<!…)` and back-references `\\1`, "
        "which can keep a check busy for hours on one page; write it without them, or as a `term:`"
    )


def _read_forbidden(node: yaml.Node, problems: list[GlossaryProblem], builtin: bool) -> dict[str, list[Forbidden]]:
    result: dict[str, list[Forbidden]] = {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(_problem(node, T_('`forbidden:` must map a language (or `*`) to a list of entries')))
        return result
    keys = _keys(node)
    for lang, entries in _mapping(node).items():
        if lang != ALL_LANGUAGES and not _LANG_KEY.match(lang):
            problems.append(_problem(keys[lang], T_('`{lang}` is not a language code (or `*`)', lang=lang)))
            continue
        if not isinstance(entries, yaml.SequenceNode):
            problems.append(_problem(entries, T_('`forbidden: {lang}:` must be a list of `{{term: …, why: …, instead: …}}`', lang=lang)))
            continue
        for entry in entries.value:
            if not isinstance(entry, yaml.MappingNode):
                problems.append(_problem(entry, T_('a forbidden entry must be a mapping like `{term: …, why: …, instead: …}`')))
                continue
            fields = _mapping(entry)
            texts = {}
            for key, value in fields.items():
                if key not in _FORBIDDEN_FIELDS:
                    problems.append(_problem(_keys(entry)[key], T_('unknown field `{key}` in a forbidden entry: use term or pattern, why, instead', key=key)))
                elif not isinstance(value, yaml.ScalarNode):
                    problems.append(_problem(value, T_('`{key}` must be text', key=key)))
                else:
                    texts[key] = unicodedata.normalize("NFC", str(value.value))
            if ("term" in texts) == ("pattern" in texts):
                problems.append(_problem(entry, T_('a forbidden entry needs exactly one of `term:` or `pattern:`')))
                continue
            if "term" in texts:
                label = " ".join(texts["term"].split())
                latin = bool(_IS_LATIN.search(label))
                source = term_pattern(label, ignore_case=latin)
                pieces = [piece for piece in re.split(f"[{_DASHES}\\s]+", label) if piece]
                hint = max(pieces, key=len) if pieces else label
                hints, lower = ((hint.lower(),) if latin else (hint,)), latin
            else:
                label = source = texts["pattern"]
                hints, lower = _literal_hints(source), False
            if "pattern" in texts and not builtin:
                regex, problem = _linear_time(source)
                if problem:
                    problems.append(_problem(fields["pattern"], problem))
                    continue
            else:
                try:
                    regex = re.compile(source)
                except re.error as exc:
                    problems.append(_problem(fields["pattern"], T_('`pattern:` is not a valid regular expression: {exc}', exc=exc)))
                    continue
            if regex.match(""):
                problems.append(_problem(entry, T_('a forbidden pattern must not match empty text')))
                continue
            result.setdefault(lang, []).append(
                Forbidden(lang, label, regex, texts.get("why", "").strip(), texts.get("instead", "").strip(), _line(entry), builtin, hints, lower)
            )
    return result


def _read_synonyms(node: yaml.Node, problems: list[GlossaryProblem]) -> dict[str, tuple[tuple[str, ...], ...]]:
    result: dict[str, tuple[tuple[str, ...], ...]] = {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(_problem(node, T_('`synonyms:` must map a language to a list of word groups, like `vi: [[chè, trà]]`')))
        return result
    keys = _keys(node)
    for lang, groups in _mapping(node).items():
        if not _LANG_KEY.match(lang):
            problems.append(_problem(keys[lang], T_('`{lang}` is not a language code', lang=lang)))
            continue
        if not isinstance(groups, yaml.SequenceNode):
            problems.append(_problem(groups, T_('`synonyms: {lang}:` must be a list of word groups, like `[chè, trà]`', lang=lang)))
            continue
        found = []
        for group in groups.value:
            words = _strings(group, "`synonyms:`", problems) if isinstance(group, yaml.SequenceNode) else ()
            words = tuple(dict.fromkeys(" ".join(w.split()) for w in words if w.strip()))
            if len(words) < 2:
                problems.append(_problem(group, T_('a synonym group needs two words or more, like `[chè, trà]`')))
                continue
            found.append(words)
        result[lang] = tuple(found)
    return result


def parse(text: str, path: Path | None = None, builtin: bool = False) -> Glossary:
    """A glossary from YAML text; problems are recorded with their line, never raised."""
    problems: list[GlossaryProblem] = []
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, message = explain_yaml_error(text, exc)
        problem = GlossaryProblem(line, message, mark.column + 1 if mark and mark.line + 1 == line else 1)
        return Glossary(path=path, problems=(problem,))
    if root is None:
        return Glossary(path=path)
    if not isinstance(root, yaml.MappingNode):
        return Glossary(path=path, problems=(_problem(root, T_('the glossary must be a mapping with `terms:`, `forbidden:` and `names:`')),))
    terms: list[Term] = []
    forbidden: dict[str, list[Forbidden]] = {}
    names: tuple[str, ...] = ()
    synonyms: dict[str, tuple[tuple[str, ...], ...]] = {}
    keys = _keys(root)
    for key, value in _mapping(root).items():
        if key == "terms":
            terms = _read_terms(value, problems)
        elif key == "forbidden":
            forbidden = _read_forbidden(value, problems, builtin)
        elif key == "names":
            if isinstance(value, (yaml.SequenceNode, yaml.ScalarNode)):
                names = _strings(value, "`names:`", problems)
            else:
                problems.append(_problem(value, T_('`names:` must be a list of names')))
        elif key == "synonyms":
            synonyms = _read_synonyms(value, problems)
        else:
            problems.append(_problem(keys[key], T_('unknown section `{key}`: a glossary has `terms:`, `forbidden:`, `names:` and `synonyms:`', key=key)))
    return Glossary(
        terms=tuple(terms),
        forbidden={lang: tuple(entries) for lang, entries in forbidden.items()},
        names=names,
        path=path,
        problems=tuple(problems),
        synonyms=synonyms,
    )


@lru_cache(maxsize=1)
def builtin() -> Glossary:
    """The sovereignty terms shipped with quangba (`data/sovereignty.yml`), always active."""
    text = resources.files("quangba").joinpath("data/sovereignty.yml").read_text(encoding="utf-8")
    result = parse(text, builtin=True)
    if result.problems:  # a packaging bug, caught by the unit tests
        raise RuntimeError(f"data/sovereignty.yml:{result.problems[0].line}: {result.problems[0].message}")
    return result


@lru_cache(maxsize=1)
def builtin_names() -> tuple[str, ...]:
    """Product, protocol and format names kept in Latin letters everywhere (`data/names.yml`)."""
    text = resources.files("quangba").joinpath("data/names.yml").read_text(encoding="utf-8")
    return tuple(str(name) for name in yaml.safe_load(text)["names"])


def merge(project: Glossary, shipped: Glossary) -> Glossary:
    forbidden = dict(shipped.forbidden)
    for lang, entries in project.forbidden.items():
        forbidden[lang] = forbidden.get(lang, ()) + entries
    names = project.names + tuple(n for n in builtin_names() if n not in project.names)
    return Glossary(project.terms, forbidden, names, project.path, project.problems, synonyms=project.synonyms)


_CACHE: dict[tuple, Glossary] = {}


def load(path: Path | None) -> Glossary:
    """The glossary at `path` (None: none configured) plus the built-in terms; read once per
    version of the file (path, size, modification time)."""
    if path is None:
        key: tuple = (None,)
    else:
        try:
            stat = path.stat()
            key = (str(path), stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (str(path), None, None)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    if path is None:
        project = Glossary()
    elif key[1] is None:
        project = Glossary(path=path, problems=(GlossaryProblem(0, T_('glossary file `{name}` not found', name=path.name)),))
    else:
        try:
            project = parse(path.read_text(encoding="utf-8"), path)
        except UnicodeDecodeError:
            project = Glossary(path=path, problems=(GlossaryProblem(1, T_('the glossary is not UTF-8 text')),))
        except OSError as exc:
            project = Glossary(path=path, problems=(GlossaryProblem(0, T_('glossary file `{name}` cannot be read: {strerror}', name=path.name, strerror=exc.strerror)),))
    result = merge(project, builtin())
    _CACHE[key] = result
    return result


def for_project(project) -> Glossary:
    """The glossary of a quangba project (its settings' `glossary:`)."""
    from quangba.core.settings import settings

    return load(settings(project).glossary)
