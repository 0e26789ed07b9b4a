"""Fractions: read where a text writes them with digits or CJK numerals, and the values a
text spells in words, so that `4 分の 1` can meet `one quarter` and `1000 分の 1` can meet
`1-in-1000`.

A fraction written with figures is a fact (a number whose value is the ratio, `ratio=True`):
`4 分の 1`, `三分の二` (ja), `4分之1`, `三分之一` (zh), `4분의 1` (ko), `1-in-1000`,
`1 in 10`, `1/10th` (en and other Latin-script languages). A fraction in words (`a quarter`,
`two-thirds`, `one in a thousand`, `一半`, `半分`) is not a fact, since most texts write
fractions so and a figure-for-word comparison would report every one; `spelled_fractions`
gives their values, and a fraction fact left without a partner is accepted when the other
text spells the same value.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .number_text import _cjk_number

_CJK_NUM = "[〇零一二两兩三四五六七八九十百千]+"
_NUM = f"(?:\\d+|{_CJK_NUM})"

# the denominator first in Chinese, Japanese and Korean: 4 分の 1 = 1/4
_CJK_FRACTION = {
    "ja": re.compile(f"(?P<d>{_NUM})[ \u3000]*分の[ \u3000]*(?P<n>{_NUM})"),
    "zh": re.compile(f"(?P<d>{_NUM})[ \u3000]*分之[ \u3000]*(?P<n>{_NUM})"),
    "ko": re.compile(r"(?P<d>\d+)[ \u3000]*분의[ \u3000]*(?P<n>\d+)"),
}
# `1-in-1000`, `1 in 10`: one, then the denominator (a year after " in " is not one: `1 in 2025`)
# and `1/10th` (a slash with an ordinal ending: without one, `1/10` may be a date)
_LATIN_FRACTION = re.compile(r"(?<![\d.,/])(?:(?P<n>1)(?:-in-|[ \u00a0]in[ \u00a0](?!(?:19|20)\d{2}\b))(?P<d>\d+)(?![\d.,]\d)"
                             r"|(?P<n2>\d+)/(?P<d2>\d+)(?:th|st|nd|rd)s?\b)")


def ratio(numerator: int, denominator: int) -> Decimal:
    """The value both sides compute the same way (28 significant digits)."""
    return Decimal(numerator) / Decimal(denominator)


def written_fractions(text: str, lang: str) -> list[tuple[Decimal, int, int]]:
    """The fractions `text` writes with figures: (value, start, end), in text order."""
    rx = _CJK_FRACTION.get(lang)
    if rx is None:
        if "1-in-" not in text and "1 in " not in text and "1\u00a0in" not in text and "/" not in text:
            return []
        rx = _LATIN_FRACTION
    elif ("分" if lang != "ko" else "분의") not in text:
        return []
    found = []
    for match in rx.finditer(text):
        numerator = _cjk_number(match.group("n") or match.group("n2"))
        denominator = _cjk_number(match.group("d") or match.group("d2"))
        if denominator > 1 and 0 < numerator < denominator:
            found.append((ratio(numerator, denominator), match.start(), match.end()))
    return found


_ORDINALS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "hundredth": 100, "thousandth": 1000,
             "millionth": 1000000}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9}
_IN = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100,
       "a hundred": 100, "one hundred": 100, "thousand": 1000, "a thousand": 1000, "one thousand": 1000,
       "million": 1000000, "a million": 1000000, "one million": 1000000}
_EN_WORDS = re.compile(
    r"\b(?:(?P<c>a|an|one|two|three|four|five|six|seven|eight|nine)[- ])?(?P<o>"
    + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")s?\b"
    r"|\b(?:one|1)[- ](?:in|out of)[- ](?P<i>" + "|".join(sorted(_IN, key=len, reverse=True)) + r")\b",
    re.I,
)
_CJK_WORDS = {"ja": {"半分": 2, "半数": 2, "過半": 2, "半": 2}, "zh": {"一半": 2, "半数": 2, "过半": 2, "過半": 2, "半": 2},
              "ko": {"절반": 2, "반": 2}}


@lru_cache(maxsize=4096)
def spelled_fractions(text: str, lang: str) -> frozenset[Decimal]:
    """The fractions `text` spells in words (lenient: `a quarter`, `two-thirds`, `one in a
    thousand`, `half`, 一半, 半分), as values; and those it writes with figures."""
    found = {value for value, _, _ in written_fractions(text, lang)}
    words = _CJK_WORDS.get(lang)
    if words is not None:
        found.update(ratio(1, d) for w, d in words.items() if w in text)
        return frozenset(found)
    for match in _EN_WORDS.finditer(text):
        if match.group("i"):
            found.add(ratio(1, _IN[match.group("i").lower()]))
            continue
        denominator = _ORDINALS[match.group("o").lower()]
        count = _COUNTS[match.group("c").lower()] if match.group("c") else 1
        if count < denominator:
            found.add(ratio(count, denominator))
    return frozenset(found)
