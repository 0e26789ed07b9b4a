"""untranslated: text of a translation that is still the source's, or not in the page's script."""

from __future__ import annotations

import re
from typing import Iterator

from quangba.checks import finding, rule
from quangba.checks import source_name as source_name_of
from quangba.checks.terminology import Unit, _pairs, locate, units
from quangba.core.content import Page
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding, Severity
from quangba.core.glossary import LATIN_LETTER, Glossary, for_project
from quangba.core.messages import T_

_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+|\b[\w.-]+\.(?:vn|com|org|net|gov|int|edu|io|dev|ai|app|cloud)(?:/\S*)?", re.I)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
# a word with a digit or a slash is a number or a reference code: 548/QĐ-TTg, 14.COM, 2,356
_CODE = re.compile(rf"[{LATIN_LETTER}./:\-–]*[0-9/][{LATIN_LETTER}./:,\-–]*")
# identifiers: `http.server.duration`, `service_name`, `OpenTelemetrySdk`, `--config`
_IDENTIFIER = re.compile(r"(?<!\S)(?:[\w-]+(?:[._][\w-]+)+|[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*|-{1,2}\w[\w-]*)(?!\S)")
_LATIN_WORD = re.compile(f"[{LATIN_LETTER}]+")
# Markdown attribute lists (attr_list, kramdown, Hugo): `{.badge .w-75}`, `{: #intro }`, `{width="50%"}`
_ATTR_LIST = re.compile(r"\{:?(?:\s*(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))+\s*\}")
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\uf900-\ufaff]")
_ACRONYM = re.compile(r"^[A-Z]{2,8}s?$")  # UNESCO, OCOP, GI
_ALPHA_WORD = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")

# The script a language's text must contain (a block with none of it is not translated).
SCRIPTS = {
    "zh": (T_("Chinese characters"), re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    "ko": (T_("Hangul"), re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")),
    "ja": (T_("kana or kanji"), re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")),
    "lo": (T_("Lao letters"), re.compile("[\u0e80-\u0eff]")),
    "th": (T_("Thai letters"), re.compile("[\u0e00-\u0e7f]")),
    "ru": (T_("Cyrillic letters"), re.compile("[\u0400-\u04ff]")),
}

# Letters only Vietnamese uses among Latin-script languages: ă ơ ư đ, and vowels with a hook,
# a dot below, or two marks (ầ, ữ …).
_VIETNAMESE_ONLY = (
    "ăĂơƠưƯđĐ"
    "ảẢạẠẻẺẹẸỉỈịỊỏỎọỌủỦụỤỷỶỵỴỳỲẽẼỹỸĩĨũŨ"
    "ầẦấẤẩẨẫẪậẬằẰắẮẳẲẵẴặẶềỀếẾểỂễỄệỆồỒốỐổỔỗỖộỘờỜớỚởỞỡỠợỢừỪứỨửỬữỮựỰ"
)
# …and those Vietnamese shares with French, Spanish or Portuguese: wrong in English text.
_VIETNAMESE_SHARED = "àÀáÁâÂãÃèÈéÉêÊìÌíÍòÒóÓôÔõÕùÙúÚýÝ"
VIETNAMESE_LETTERS = {
    "en": re.compile(f"[{_VIETNAMESE_ONLY}{_VIETNAMESE_SHARED}]"),
    # other Latin-script languages: only the letters no other language of theirs uses
    **{lang: re.compile(f"[{_VIETNAMESE_ONLY}]") for lang in ("fr", "es", "pt", "it", "de", "nl", "id", "ms")},
}
# English words spelled with these letters that are English, not Vietnamese.
_LOANWORDS = frozenset(
    "à café cafés cliché clichés décor entrée entrées fiancé fiancée protégé protégés résumé "
    "résumés rosé sauté touché déjà".split()
)

_MIN_WORDS = 4  # shorter Latin text (or fewer CJK characters than below) is a label or a name
_MIN_CJK = 8


def _strip(text: str, glossary: Glossary) -> str:
    """The text without URLs, e-mail addresses, attribute lists, names from the glossary and
    codes."""
    text = _EMAIL.sub(" ", _URL.sub(" ", text))
    if "{" in text:
        text = _ATTR_LIST.sub(" ", text)
    names = glossary.any_name()
    if names is not None:
        text = names.sub(" ", text)
    return _IDENTIFIER.sub(" ", _CODE.sub(" ", text))


def _words(text: str) -> list[str]:
    return [w for w in _LATIN_WORD.findall(text) if not _ACRONYM.match(w)]


def is_substantial(text: str, glossary: Glossary) -> bool:
    """Text long enough to need translating: at least 4 words or 8 CJK characters once
    URLs, numbers, codes, acronyms and glossary names are left out. Words are what spaces
    separate: `protoc-gen-go-grpc` is one (a name), not four."""
    if sum(1 for token in text.split() if _ALPHA_WORD.search(token)) < _MIN_WORDS and len(_CJK_CHAR.findall(text)) < _MIN_CJK:
        return False  # too short even before leaving anything out
    rest = _strip(text, glossary)
    return len(_words(rest)) >= _MIN_WORDS or len(_CJK_CHAR.findall(rest)) >= _MIN_CJK


# Short words that join names in a list of names, a byline or a talk title:
# `OSHI (Operating System and Hardware Information)`, `by Yash Sharma, DigitalOcean`,
# `When OTTL Goes Off the Rails`
_JOINERS = frozenset("a an and as at by de del der des for from in into la le of off on or s the to van von vs with y".split())  # s: OpenTelemetry's


def is_names_only(text: str, glossary: Glossary) -> bool:
    """Text made of names and titles only, which a translation keeps as written: every word
    (once URLs, codes, identifiers and glossary names are left out) is capitalised or an
    acronym, but for short joining words (`and`, `of`, `by`). `Kristof Kowalski – Anz Bank`,
    `Go 1.19+`, `Jaeger UI`; not `CNCF logo` nor any sentence."""
    if _CJK_CHAR.search(text):
        return False
    # words as spaces separate them (`Spec-tacular` is one, capitalised), without punctuation
    words = [m.group() for token in _strip(text, glossary).split() if (m := _LATIN_WORD.search(token))]
    if not words or not any(w[0].isupper() for w in words):
        return False
    common = [w for w in words if not w[0].isupper() and w.lower() not in _JOINERS]
    return len(common) <= len(words) // 10  # a long list of talks may have a common word or two


_KIND = {"paragraph": T_("this paragraph"), "item": T_("this list item"), "cell": T_("this table cell"),
         "heading": T_("this heading"), "admonition": T_("this note title"), "field": T_("this field")}


def _describe(unit: Unit) -> str:
    return f"`{unit.key}`" if unit.kind == "field" else _KIND.get(unit.kind, T_("this block"))


def _units(corpus: Corpus, page: Page) -> list[Unit]:
    # image alt text and captions have their own rule (MED003)
    return [unit for unit in units(corpus, page) if not unit.key.startswith("image.")]


# Blocks that may be a list of names (speakers, products, a table of libraries); a heading
# or a title in Title Case is text to translate.
_NAMES_KINDS = ("paragraph", "item", "cell")


@rule("UNT001", "untranslated-paragraph", "untranslated", Severity.WARNING, scope="set")
def untranslated_paragraph(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a paragraph, list item, table cell, heading, title or description of
    a translation that is exactly the Vietnamese source's text.

    Text that is only numbers, codes, addresses or names from the glossary, or shorter than
    4 words (8 Chinese, Japanese or Korean characters), is not reported; nor is a paragraph,
    list item or table cell made of names only (capitalised words and acronyms joined by
    `and`, `of`, `by` …: a list of speakers, products or talks).

    Why it matters: the reader of the English or Korean page meets a Vietnamese paragraph,
    usually one the translator overlooked or pasted to translate later.

    Example: `docs/en/heritage/tan-trao.md` keeps `Tân Trào là cái tên gắn liền với lịch sử
    cách mạng Việt Nam.`

    Instead: translate the text. If it really must stay in Vietnamese (a quotation), mark it
    with `<!-- quangba: ignore UNT001 -->` on the line before.
    """
    glossary = for_project(corpus.project)
    source_name = source_name_of(corpus)
    for source, page in _pairs(corpus):
        source_units = _units(corpus, source)
        fields = {u.key: u.text for u in source_units if u.kind == "field"}
        blocks = {u.text for u in source_units if u.kind != "field"}
        for unit in _units(corpus, page):
            same = fields.get(unit.key) == unit.text if unit.kind == "field" else unit.text in blocks
            if same and not unit.is_citation and is_substantial(unit.words, glossary) \
                    and not (unit.kind in _NAMES_KINDS and is_names_only(unit.words, glossary)):
                yield finding(
                    corpus, page, unit.line, "UNT001",
                    T_("{describe} is the {source}'s text, not translated: translate it", describe=_describe(unit), source=source_name),
                    unit.column,
                )


_LATIN_CHAR = re.compile(f"[{LATIN_LETTER}]")
_DOMAIN = re.compile(r"[A-Za-z0-9-]\.[A-Za-z]{2,}")


def _word_at(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _LATIN_CHAR.match(text, start - 1):
        start -= 1
    while end < len(text) and _LATIN_CHAR.match(text, end):
        end += 1
    return start, end


def _is_code(text: str, start: int, end: int) -> bool:
    """The word is part of a number, reference code, address or e-mail: 548/QĐ-TTg, a URL."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    token = text[start:end]
    return any(char.isdigit() or char in "/@" for char in token) or bool(_DOMAIN.search(token))


def _is_name(text: str, start: int, end: int, word: str, lang: str, glossary: Glossary) -> bool:
    for regex in glossary.names_with_word(lang).get(word.lower(), ()):
        for match in regex.finditer(text, max(0, start - 80), min(len(text), end + 80)):
            if match.start() <= start and end <= match.end():
                return True
    return False


def _first_vietnamese_word(text: str, lang: str, glossary: Glossary) -> tuple[int, str] | None:
    """Offset and word of the first word with Vietnamese letters that is not a name from
    the glossary, an approved rendering, a code or an address."""
    done = -1
    for hit in VIETNAMESE_LETTERS[lang].finditer(text):
        if hit.start() < done:
            continue  # another letter of a word already looked at
        start, end = _word_at(text, hit.start(), hit.end())
        done = end
        word = text[start:end]
        if word.lower() in _LOANWORDS or _is_code(text, start, end) or _is_name(text, start, end, word, lang, glossary):
            continue
        return start, word
    return None


@rule("UNT002", "wrong-script", "untranslated", scope="set")
def wrong_script(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: text of a translation in the wrong script: a Chinese block without
    Chinese characters, a Korean one without Hangul, a Japanese one without kana or kanji, a
    Vietnamese word in English text.

    In English, a word with ă â đ ê ô ơ ư or a tone mark is reported unless it is part of a
    name of the glossary's `names:` list or of an approved rendering. Addresses, numbers,
    codes (`548/QĐ-TTg`) and short label-like cells are left alone; a block identical to
    the source is left to UNT001.

    Why it matters: the text was not translated, or was pasted from the wrong language's
    page, and the reader cannot read it.

    Example: a Korean table cell `Di tích quốc gia đặc biệt`; English `the provincial
    tourism office (Sở Du lịch)`.

    Instead: translate the text; for a Vietnamese name English keeps, add it to `names:` in
    the glossary (with its Vietnamese letters: `Sơn Dương`, not `Son Duong`).
    """
    glossary = for_project(corpus.project)
    for source, page in _pairs(corpus):
        lang = page.lang
        script = SCRIPTS.get(lang)
        # Vietnamese words left in a translation: only where Vietnamese is the source
        letters = VIETNAMESE_LETTERS.get(lang) if corpus.source_language == "vi" else None
        if script is None and letters is None:
            continue
        source_texts = {u.text for u in _units(corpus, source)}
        for unit in _units(corpus, page):
            if unit.text in source_texts or unit.is_citation:
                continue  # untranslated as a whole (UNT001), or a cited title
            if script is not None:
                name, regex = script
                if regex.search(unit.words) or not _ALPHA_WORD.search(unit.words):
                    continue  # in the right script, or only numbers, code and punctuation
                words = _words(_strip(unit.words, glossary))
                if len(words) < 3 or all(word[:1].isupper() for word in words) or len(unit.words.split()) < 2 \
                        or (unit.kind in _NAMES_KINDS and is_names_only(unit.words, glossary)):
                    continue  # a number, code (`map[string]string`), address, short label, or names (people, firms, talks)
                words = unit.text.split()
                quote = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
                yield finding(
                    corpus, page, unit.line, "UNT002",
                    T_("{describe} has no {name}: it is not written in this page's language (`{quote}`)", describe=_describe(unit), name=name, quote=quote),
                    unit.column,
                )
            else:
                hit = _first_vietnamese_word(unit.words, lang, glossary)
                if hit is None:
                    continue
                offset, word = hit
                if unit.prose is not None:
                    offset = max(unit.text.find(word), 0)
                line, column = locate(page, unit, offset, word)
                yield finding(
                    corpus, page, line, "UNT002",
                    T_('Vietnamese word `{word}` in {lang} text: translate it, or add the name to `names:` in the glossary', word=word, lang=lang),
                    column,
                )
