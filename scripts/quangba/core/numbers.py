"""Numbers, dates, times and reference codes in a piece of text, read the way each language
writes them, so that a source and its translations can be compared by value.

    >>> [f.value for f in extract("Diện tích 61.000 ha, vốn 2.500 tỷ đồng", "vi")]
    [Decimal('61000'), Decimal('2500000000000')]
    >>> [f.value for f in extract("2012年5月10日、25000亿", "zh")]
    [(2012, 5, 10), Decimal('2500000000000')]

`extract(text, lang)` returns `Fact`s in text order. A fact's `kind` says how it compares:

- `number`: `value` is a `Decimal`. Vietnamese and Lao write `1.234,5` (dot = thousands,
  comma = decimal); English, Chinese, Korean and Japanese write `1,234.5`. Which style a
  language uses comes from its CLDR number symbols (Babel), not from a list. Full-width digits
  (`１２３`) are read as digits. Magnitude words multiply and combine: vi tỷ/tỉ, triệu,
  nghìn/ngàn, vạn, trăm; en billion, million, thousand, trillion, bn, mn; zh 亿, 万, 千;
  ja 兆, 億, 万, 千; ko 조, 억, 만, 천; es mil, millones; pt mil, milhões; fr mille, millions,
  milliards — `2兆5000億` and `2억 5천만` are sums.
- `code`: `value` is a normalised string, compared exactly: legal document numbers
  (`202/2025/QH15`, `548/QĐ-TTg`), numbers with leading zeros (`00086`), phone numbers.
- `date`: `value` is `(year, month, day)` with `None` for what is not written: a full date,
  month and year, day and month, a month, or a year. Bare years (`in 1945`) are dates of
  year precision, so `năm 1945`, `1945年` and `1945` agree.
  Also Korean `2012. 5. 10.` and Japanese era years (`令和7年` = 2025). Lunar dates
  (`ngày 15 tháng 7 âm lịch`, `mùng 10 tháng 3`) are read as their numbers, since
  translations word them freely.
- `time`: `value` is `(hour, minute)` on a 24-hour clock: `7h30`, `17:00`, `5 pm`,
  `2 giờ chiều`, `午後2時30分`, `오후 2시 30분`, `下午2点`.

Number words with a magnitude word are numbers too: `two million`, `hai triệu`, `三千`.
A date's or code's digits are never also counted as numbers. Numbers glued to Latin letters
(`QH15`, `5G`, `COVID-19`) are parts of names, not facts; web addresses are skipped.
`spelled_numbers(text, lang)` gives the small numbers a text writes in words (`four`, `hai`,
`四`, `두`, Roman `II`, weekday names as Vietnamese numbers them), so a checker can accept
`4 sao` ↔ `four stars`.

How the text is read: `RULES` (in `number_rules`) lists the kinds of facts the scanner
recognises, each with what it recognises, examples and the function that reads a match, in
the order they are tried (the first that matches wins); a number's own steps (a name such as
`QH15`, a minus sign, magnitude words, a unit or currency, a year or a code with leading
zeros) are the steps of `_Scan.number` (in `number_scan`); `Fact` and the character classes
are in `number_text`. This module blanks idioms, rewrites other languages' dates before the
scan, and reads small numbers written as words.

Everything here is pure and compiled once; `extract` is cached per (text, lang).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel import UnknownLocaleError

from .locale import babel_locale
from .number_text import Fact, Value, _CJK_DIGITS, _S, _is_latin, normalize_digits, number_style
from .number_rules import RULES, Rule, _D, _NUMBER_RULE, _SCANNER, _Y
from .number_scan import _Scan

__all__ = [
    "Fact",
    "RULES",
    "extract",
    "spelled_numbers",
    "normalize_digits",
    "describe",
    "canonical",
    "number_style",
]

# Words that contain number characters and are no numbers: 16進 / 16进制 (hexadecimal),
# 千万别 (by all means don't), 万万,
# 成千上万 and four-character idioms 千辛万苦, 千差万别; approximate magnitudes (数百万, 几千,
# 수백만, 몇천, 数千) that English writes "millions", "thousands" without a figure: both are
# left out, so neither side reports what the other cannot write as a figure.
_NOT_NUMBERS = {
    "zh": re.compile("(?:16|十六|8|八|2|二)进制|千万(?=[别不要记务得])|万万|成千上万|千千万万|千[^\\d\\s一二三四五六七八九十百千万亿]万[\u4e00-\u9fff]|[数幾几好上]+[十百千万萬亿億]+"),
    "ja": re.compile("(?:16|十六|8|八|2|二)進(?:数|法)?|[数幾何]+[十百千万億兆]+|千[^\\d\\s一二三四五六七八九十百千万億]万[\u4e00-\u9fff]"),
    "ko": re.compile("(?:수|몇)(?:십|백|천|만|억|조)+"),
}
_VERSION = re.compile(r"(?<![A-Za-z])[vV](?=\d)")  # v2 = version 2


# Languages whose dates the scanner's own rules read (English month names, Vietnamese and
# CJK forms); others have their month names from CLDR (`_other_dates`).
_OWN_DATES = ("en", "vi", "zh", "ja", "ko")
_EN_MONTH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Languages that group thousands with a space (`300 000`) although CLDR gives them another
# sign: Spanish (the RAE's rule) and Portuguese (Portugal's); CLDR's own space-grouping
# languages (French …) are found from their symbols.
_SPACE_GROUPING = ("es", "pt")
_GROUPED_BY_SPACE = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![.,]?\d)")
_GROUPED_BY_NBSP = re.compile(r"(?<![\d.,])\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![.,]?\d)")


@lru_cache(maxsize=None)
def _month_names(lang: str) -> tuple[re.Pattern, dict[str, int]] | None:
    """A pattern for dates written with `lang`'s month names (CLDR's, from Babel): `29 de
    mayo de 2025`, `18 mars 2026`, `agosto de 2020`, `29 de mayo`; None for a language whose
    dates the scanner's rules read, or without CLDR data."""
    if lang in _OWN_DATES:
        return None
    try:
        months = babel_locale(lang).months
    except (ValueError, UnknownLocaleError):
        return None
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in months.get(context, {}).get("wide", {}).items():
            if len(name) >= 3:
                names[name.lower()] = number
    if not names:
        return None
    month = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    joint = f"(?:{_S}+(?:de|del|do|da){_S}+|{_S}+)"
    pattern = re.compile(
        f"(?<![\\w.,])(?P<d>{_D})(?:er|º|ª|\\.)?{joint}(?P<m>{month})(?:{joint}(?P<y>{_Y}))?(?![\\w])"
        f"|(?<![\\w])(?P<m2>{month}){joint}(?P<y2>{_Y})(?!\\d)",
        re.I,
    )
    return pattern, names


def _other_dates(text: str, lang: str) -> str:
    """Dates in `lang`'s own month names rewritten, in the same length, as the scanner's
    English forms: `29 de mayo de 2025` as `29        May 2025` (a day, month and year),
    `agosto de 2020` as `Aug        2020`, `1er avril` as `1     Apr`."""
    found = _month_names(lang)
    if found is None:
        return text
    pattern, names = found

    def english(match: re.Match) -> str:
        whole = match.group()
        month = _EN_MONTH[names[(match.group("m") or match.group("m2")).lower()] - 1]
        year = match.group("y") or match.group("y2") or ""
        if not match.group("d"):
            return month + " " * (len(whole) - len(month) - len(year)) + year
        day, tail = match.group("d"), month + (" " + year if year else "")
        return day + " " * (len(whole) - len(day) - len(tail)) + tail

    return pattern.sub(english, text)


@lru_cache(maxsize=None)
def _group_symbol(lang: str) -> str:
    """The sign CLDR gives `lang` between groups of digits ("" when unknown or not needed)."""
    if lang in _OWN_DATES:
        return ""
    try:
        symbols = babel_locale(lang).number_symbols
    except (ValueError, UnknownLocaleError):
        return ""
    return symbols.get("latn", symbols).get("group", "")


def _space_grouped(text: str, lang: str) -> str:
    """`300 000` (a space or a no-break space between groups of three digits) as one number,
    in the language's own notation (`300.000` or `300,000`), for languages that write it so."""
    group = _group_symbol(lang)
    rx = _GROUPED_BY_SPACE if lang in _SPACE_GROUPING or group.isspace() else _GROUPED_BY_NBSP
    sign = "." if number_style(lang) == "vi" else ","
    return rx.sub(lambda m: re.sub("[ \u00a0\u202f]", sign, m.group()), text)


def _neutralised(text: str, lang: str) -> str:
    """`text` with idioms and approximate magnitudes blanked, dates in other languages' month
    names and space-grouped numbers rewritten (all in the same length, so positions stay
    right), and `v2` read as `version 2`."""
    rx = _NOT_NUMBERS.get(lang)
    if rx is not None:
        text = rx.sub(lambda m: " " * len(m.group(0)), text)
    if lang not in _OWN_DATES:
        text = _other_dates(text, lang)
    if "\u00a0" in text or "\u202f" in text or (lang not in _OWN_DATES and " " in text):
        text = _space_grouped(text, lang)
    return _VERSION.sub(" ", text) if "v" in text or "V" in text else text


@lru_cache(maxsize=4096)
def _extract(text: str, lang: str) -> tuple[Fact, ...]:
    return tuple(_Scan(_neutralised(text, lang), lang, shown=text).run())


def extract(text: str, lang: str) -> tuple[Fact, ...]:
    """The numbers, codes, dates and times of `text`, written in language `lang`."""
    return _extract(text, lang)


# ---------------------------------------------------------------------------------------
# Small numbers written as words


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += letters
            value -= number
    return out


_ROMAN = {_roman(n): n for n in range(1, 40)}
_ROMAN_RX = re.compile("[IVX]+")

_EN_WORDS = {
    "zero": 0, "zeros": 0, "zeroes": 0, "ones": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "once": 1, "single": 1, "twice": 2, "double": 2, "both": 2, "pair": 2, "dozen": 12, "decade": 10,
    "triple": 3, "thrice": 3, "tens": 10, "dozens": 12,
    # Vietnamese numbers its weekdays: thứ 2 = Monday … thứ 7 = Saturday
    "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
}
_WORD_RX = re.compile(r"\w+")
_GLUED_COUNT = re.compile(r"(?<=[a-z]{3})([1-9]|[1-3]\d)\b")
_EN_TENS = re.compile(r"\b(twenty|thirty)[- ](one|two|three|four|five|six|seven|eight|nine)\b")

_VI_UNITS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "nhất": 1, "nhì": 2, "đôi": 2,
}
_VI_WORDS = set(_VI_UNITS) | {"mười", "mươi"}

_CJK_RX = re.compile("[〇零一二两兩三四五六七八九十廿]+")
_CJK_WEEKDAYS = re.compile("(?:星期|礼拜|禮拜|周|週)([一二三四五六])|([月火水木金土])曜")
_JA_WEEKDAY = {"月": 2, "火": 3, "水": 4, "木": 5, "金": 6, "土": 7}

_KO_WORDS = {"하나": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
             "아홉": 9, "스물": 20, "첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4,
             "월요일": 2, "화요일": 3, "수요일": 4, "목요일": 5, "금요일": 6, "토요일": 7}
_KO_PREFIX = {"한": 1, "첫": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "열": 10, "스무": 20}
_KO_RX = re.compile("|".join(_KO_WORDS) + "|(?<![가-힣])(?:" + "|".join(_KO_PREFIX) + r")(?=\s)")


def _vi_value(words: list[str]) -> set[int]:
    """Values of a run of Vietnamese number words, each alone and combined:
    `mười hai` = 12, `hai mươi` = 20, `hai mươi mốt` = 21."""
    values = {_VI_UNITS[w] for w in words if w in _VI_UNITS}
    if "mười" in words or "mươi" in words:
        values.add(10)
    for index, word in enumerate(words):
        after = words[index + 1 : index + 3] + [None, None]
        if word == "mười" and after[0] in _VI_UNITS:
            values.add(10 + _VI_UNITS[after[0]])
        if word in _VI_UNITS and after[0] == "mươi":
            tens = _VI_UNITS[word] * 10
            values.add(tens)
            if after[1] in _VI_UNITS:
                values.add(tens + _VI_UNITS[after[1]])
    return values


def _cjk_value(run: str) -> set[int]:
    values = {_CJK_DIGITS[c] for c in run if c in _CJK_DIGITS} | ({10} if "十" in run else set())
    total, current = 0, 0
    for char in run:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "廿":
            total += 20
        else:
            current = _CJK_DIGITS[char]
    values.add(total + current)
    return values


@lru_cache(maxsize=4096)
def spelled_numbers(text: str, lang: str) -> frozenset[int]:
    """Small whole numbers that `text` writes in words or Roman numerals (lenient: a word
    like vi `năm` is both "five" and "year", and counts as 5)."""
    found: set[int] = {
        _ROMAN[m.group()] for m in _ROMAN_RX.finditer(text)
        if m.group() in _ROMAN and not _is_latin(text[m.start() - 1:m.start()]) and not _is_latin(text[m.end():m.end() + 1])
    }
    if lang == "vi":
        words = _WORD_RX.findall(text.lower())
        present = _VI_WORDS.intersection(words)
        found.update(_VI_UNITS[w] for w in present if w in _VI_UNITS)
        if "mười" in present or "mươi" in present:  # tens: read the runs of number words
            run: list[str] = []
            for word in words + [""]:
                if word in _VI_WORDS:
                    run.append(word)
                elif run:
                    found |= _vi_value(run)
                    run = []
    elif lang in ("zh", "ja"):
        for run in _CJK_RX.findall(text):
            found |= _cjk_value(run)
        for match in _CJK_WEEKDAYS.finditer(text):
            if match.group(1):
                found.add(_CJK_DIGITS[match.group(1)] + 1)
            else:
                found.add(_JA_WEEKDAY[match.group(2)])
    elif lang == "ko":
        for word in _KO_RX.findall(text):
            found.add(_KO_WORDS.get(word) or _KO_PREFIX[word])
    else:
        lowered = text.lower()
        found.update(_EN_WORDS[w] for w in _EN_WORDS.keys() & set(_WORD_RX.findall(lowered)))
        if "-" in lowered or "ty " in lowered:  # thirty-nine, twenty one
            found.update(_EN_WORDS[m.group(1)] + _EN_WORDS[m.group(2)] for m in _EN_TENS.finditer(lowered))
        # a small number glued to a word (`screen3`, `step2`): a name to the scanner, but the
        # other language may write the same count apart (`画面3`)
        found.update(int(m.group(1)) for m in _GLUED_COUNT.finditer(text))
    return frozenset(found)


# ---------------------------------------------------------------------------------------
# Showing a fact to an editor


def _group(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}"
    return sign + grouped + ("." + fraction if fraction else "")


def canonical(fact: Fact) -> str:
    """The value in a neutral notation: `2,500,000,000,000`, `2012-05-10`, `--05-10`, `14:30`."""
    if fact.kind == "number":
        return _group(fact.value)
    if fact.kind == "date":
        year, month, day = fact.value
        if year and month and day:
            return f"{year:04d}-{month:02d}-{day:02d}"
        if year and month:
            return f"{year:04d}-{month:02d}"
        if year:
            return f"{year:04d}"
        if month and day:
            return f"--{month:02d}-{day:02d}"
        return f"month {month}"
    if fact.kind == "time":
        return f"{fact.value[0]:02d}:{fact.value[1]:02d}"
    return str(fact.value)


def describe(fact: Fact) -> str:
    """How a finding names the fact: as written, with its value where that helps."""
    text = " ".join(fact.text.split())
    if fact.kind == "date" and not fact.bare_year and fact.noun != "year":
        return f"{text} ({canonical(fact)})"
    if fact.kind == "number" and fact.magnitude:
        return f"{text} (= {canonical(fact)})"
    if fact.kind == "time":
        return f"{text} ({canonical(fact)})"
    return text
