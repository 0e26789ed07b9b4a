"""The pieces every part of the number reader shares: the `Fact` it finds, the
character classes, digits of other scripts as ASCII, a language's number style."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Union

from babel import UnknownLocaleError

from .locale import babel_locale

Value = Union[Decimal, str, tuple]  # number | code | (year, month, day) | (hour, minute)


class Fact(NamedTuple):
    """One number, code, date or time found in a text (a named tuple: a page has hundreds,
    and a tuple is made several times faster than a frozen dataclass)."""

    kind: str  # number | code | date | time
    value: Value
    text: str  # as written (from the original text), with its unit, magnitude or prefix
    start: int  # offsets of `text` in the text given to `extract`
    end: int
    alternatives: tuple = ()  # other plausible values of an ambiguous number (`1,234` in vi)
    magnitude: bool = False  # written with a magnitude word (tỷ, billion, 亿 …)
    bare_year: bool = False  # a date that is only a four-digit number (`in 1945`)
    ratio: bool = False  # a fraction written with figures (`4 分の 1`, `1-in-1000`): its value is the ratio

    @property
    def key(self) -> tuple:
        """What must be equal for two facts to agree."""
        return (self.kind, self.value)

    @property
    def noun(self) -> str:
        if self.kind == "date" and self.value[1] is None and self.value[2] is None:
            return "year"
        return self.kind

    @property
    def small_integer(self) -> int | None:
        """The value of a plain small count (0–39), or the month of a date that is only a
        month: what another text may spell out instead (`four`, `四`, `the third month`)."""
        if self.kind == "date" and self.value[0] is None and self.value[2] is None:
            return self.value[1]
        if self.kind != "number" or self.magnitude:
            return None
        value = self.value
        if value == value.to_integral_value() and 0 <= value < 40:
            return int(value)
        return None


# ---------------------------------------------------------------------------------------
# Character classes and normalisation

_S = r"[^\S\n]"  # a space that is not a line break
_LAT = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"  # Latin letters, Vietnamese too
_LATIN_RUN = re.compile(f"[{_LAT}]+")

_DIGIT_TABLE = {0xFF10 + i: 0x30 + i for i in range(10)}  # full-width
_DIGIT_TABLE.update({0x0ED0 + i: 0x30 + i for i in range(10)})  # Lao
_DIGIT_TABLE.update({0x0E50 + i: 0x30 + i for i in range(10)})  # Thai
_DIGIT_TABLE.update({0x0660 + i: 0x30 + i for i in range(10)})  # Arabic-Indic
_DIGIT_TABLE.update({
    0xFF0C: ord(","), 0xFF0E: ord("."), 0xFF0F: ord("/"), 0xFF1A: ord(":"),
    0xFF05: ord("%"), 0xFF0D: ord("-"), 0xFF0B: ord("+"), 0xFF04: ord("$"),
    0x2212: ord("-"),  # minus sign
    0x2010: ord("-"), 0x2011: ord("-"),  # hyphens
})


_NEEDS_TABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_DIGIT_TABLE)) + "]")


def normalize_digits(text: str) -> str:
    """Full-width and other decimal digits and their punctuation as ASCII; same length."""
    return text.translate(_DIGIT_TABLE) if _NEEDS_TABLE.search(text) else text


@lru_cache(maxsize=None)
def number_style(lang: str) -> str:
    """`vi` (1.234,5: a dot groups, a comma marks decimals) or `en` (1,234.5), as the
    language's CLDR number symbols say: vi and lo write 1.234.567,5; en, zh, ko, ja 1,234,567.5."""
    try:
        symbols = babel_locale(lang).number_symbols
    except (ValueError, UnknownLocaleError):
        return "en"
    latin = symbols.get("latn", symbols)  # Babel >= 2.14 keys the symbols by numbering system
    return "vi" if latin.get("group") == "." and latin.get("decimal") == "," else "en"


def _is_latin(char: str) -> bool:
    """A Latin letter (Vietnamese ones too); False for "" and for other scripts."""
    return char.isalpha() and (char < "\u0250" or "\u1e00" <= char <= "\u1eff")


_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}


def _cjk_number(run: str) -> int:
    """A number in Chinese numerals: 三 = 3, 十五 = 15, 两百 = 200, 一千零五 = 1005 (and figures: 1000)."""
    if run.isdigit():
        return int(run)
    total, current = 0, 0
    for char in run:
        unit = {"十": 10, "百": 100, "千": 1000}.get(char)
        if unit:
            total += (current or 1) * unit
            current = 0
        else:
            current = current * 10 + _CJK_DIGITS.get(char, 0)
    return total + current

