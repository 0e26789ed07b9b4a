"""The command line's own words in the editor's language: Vietnamese or English.

Messages are marked in the code with `_("...")`, or `ngettext("...", "...", n)` when they
count something, and translated in gettext catalogs:
`quangba/locales/<lang>/LC_MESSAGES/quangba.po`. The catalogs are read and compiled in memory
with Babel when the command starts (no .mo files, no build step). Placeholders are named
(`{path}`, `{count}`) and filled with `.format` after translation, so a translation may put
them in any order: `_("wrote {path}").format(path=out)`.

The English catalog is the template: its msgids are the English text and its msgstrs are
empty. To add a language, copy `locales/en/LC_MESSAGES/quangba.po` to
`locales/<lang>/LC_MESSAGES/quangba.po`, set its `Language` and `Plural-Forms` headers, and
fill in every msgstr; `quangba --lang <lang>` then offers it, and
`tests/unit/test_messages.py` says what is missing or out of date.

Texts made where the language is not yet known (the findings of the checks, errors raised
inside the core, the preview's output) are marked with `T_("...", name=value)`: a `Text` is
the English string (so comparisons, sorting and caches see one value whatever the language),
and remembers its msgid and values so that `say()` gives it in the current language when it
is shown. The `explain` text of every rule is in the same catalogs, one msgid per part
(see `rule_doc_parts`).
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

DOMAIN = "quangba"
SOURCE_LANGUAGE = "en"  # the language of the msgids, and the fallback
ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")  # the first one set decides


class Text(str):
    """A message in English that can be said in the current language: `say(text)`."""

    msgid: str
    values: dict

    def __new__(cls, msgid: str, /, **values: object) -> "Text":
        # Values are kept as numbers (for format specs such as `{size:,}`), Texts, or strings:
        # an exception or a path would not always survive the pickling of caches.
        values = {key: value if isinstance(value, (str, int, float)) else str(value) for key, value in values.items()}
        text = super().__new__(cls, msgid.format(**values) if values else msgid)
        text.msgid, text.values = msgid, values
        return text

    def __reduce__(self):  # pickled in the caches and between build processes
        return (_text, (self.msgid, self.values))

    # Shown (print, f-strings, str.format, logging): in the current language. Compared,
    # hashed or written by json: the English string.
    def __str__(self) -> str:
        return say(self)

    def __format__(self, spec: str) -> str:
        return format(say(self), spec)


def _text(msgid: str, values: dict) -> Text:
    return Text(msgid, **values)


def T_(msgid: str, /, **values: object) -> Text:
    """Mark a message for the catalogs, to be said in the language current when it is shown."""
    return Text(msgid, **values)


def say(message: object) -> str:
    """`message` in the current language: a `Text` is translated (with its values, which may be
    `Text`s too); anything else is only made a string."""
    if isinstance(message, Text):
        translated = _current.gettext(message.msgid)
        if not message.values:
            return translated
        values = {key: say(value) if isinstance(value, Text) else value for key, value in message.values.items()}
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English words rather than none
            return str.__str__(message)  # the English words
    return str(message)


def N_(message: str) -> str:
    """Mark a message for the catalogs without translating it yet."""
    return message


def locales_dir():
    return resources.files("quangba") / "locales"


def catalog_file(lang: str):
    return locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def languages() -> tuple[str, ...]:
    """The languages the command line speaks: those with a catalog, and English."""
    found = {SOURCE_LANGUAGE}
    root = locales_dir()
    if root.is_dir():
        found.update(entry.name for entry in root.iterdir() if catalog_file(entry.name).is_file())
    return tuple(sorted(found))


def _supported(value: str) -> str | None:
    """`vi_VN.UTF-8`, `vi`, `vi:en` (LANGUAGE's list) -> `vi`; C, POSIX or unknown -> None."""
    for part in value.split(":"):
        code = part.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        if code in languages():
            return code
    return None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language of the computer's locale settings, if the command line speaks it, else English."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            return _supported(value) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang`, compiled in memory; English words if there is none or it is unreadable."""
    path = catalog_file(lang)
    if not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    except Exception:  # noqa: BLE001 - a broken catalog must not stop the editor's work (the tests catch it)
        return gettext.NullTranslations()


_language = SOURCE_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()


def set_language(lang: str | None = None) -> str:
    """Speak `lang` from now on; None or a language without a catalog: the environment's."""
    global _language, _current
    if lang not in languages():
        lang = language_from_environment()
    _language, _current = lang, translations(lang)
    return lang


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


def translated(msgid: str) -> str:
    """The translation of a msgid that the catalogs get from elsewhere than a `_()` literal
    (the parts of the rules' docs, words marked with `N_`)."""
    return _current.gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def decimal(value: float, digits: int = 1) -> str:
    """A number as the current language writes it: `12.3` in English, `12,3` in Vietnamese."""
    from babel.numbers import format_decimal

    return format_decimal(value, "0." + "0" * digits if digits else "0", locale=_language)


# argparse's own words ("usage:", "options", its error messages), translated in our catalogs
# (see `translate_argparse`); the tests check that argparse still uses these msgids.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def translate_argparse() -> None:
    """Let argparse's help and errors speak the current language too: it looks up its
    `_` and `ngettext` when it formats them, so point those at our catalogs."""
    import argparse

    argparse._ = _
    argparse.ngettext = ngettext
