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

How the text is read: `RULES` lists the kinds of facts the scanner recognises, each with
what it recognises, examples and the function that reads a match, in the order they are
tried (the first that matches wins); a number's own steps (a name such as `QH15`, a minus
sign, magnitude words, a unit or currency, a year or a code with leading zeros) are the
steps of `_Scan.number`.

Everything here is pure and compiled once; `extract` is cached per (text, lang).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable, NamedTuple, Union

from babel import UnknownLocaleError

from .locale import babel_locale

__all__ = [
    "Fact",
    "extract",
    "spelled_numbers",
    "normalize_digits",
    "describe",
    "canonical",
    "number_style",
]

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


# ---------------------------------------------------------------------------------------
# Patterns

_Y = r"(?:1\d{3}|20\d{2}|2100)"
_M = r"(?:1[0-2]|0?[1-9])"
_D = r"(?:3[01]|[12]\d|0?[1-9])"
_END = r"(?!\d|[.,]\d)"  # no more digits of the same number
_B = r"(?<!\d)(?<!\d[.,])"  # not inside a number
_ORD = r"(?:st|nd|rd|th)?"

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = "(?:" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\b\.?"
_MON_FULL_NOT_MAY = "(?:January|February|March|April|June|July|August|September|October|November|December)"

_NUMBER = {
    "vi": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+,\d+|\d+\.\d+|\d+",
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+\.\d+|\d+",
}

_MAGNITUDES = {
    "vi": {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9, "vạn": 4, "trăm": 2},
    "en": {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9, "mn": 6},
    "zh": {"千": 3, "万": 4, "萬": 4, "亿": 8, "億": 8},
    "ja": {"千": 3, "万": 4, "萬": 4, "億": 8, "兆": 12},
    "ko": {"천": 3, "만": 4, "억": 8, "조": 12},
    "es": {"mil": 3, "millón": 6, "millones": 6, "billón": 12, "billones": 12},
    "pt": {"mil": 3, "milhão": 6, "milhões": 6, "milhao": 6, "milhoes": 6, "bilhão": 9, "bilhões": 9},
    "fr": {"mille": 3, "million": 6, "millions": 6, "milliard": 9, "milliards": 9},
}
_MAG_LANG = {"vi": "vi", "zh": "zh", "ja": "ja", "ko": "ko", "es": "es", "pt": "pt", "fr": "fr"}  # others: en


def _magnitude_pattern(words: dict[str, int], cjk: bool) -> re.Pattern:
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    if cjk:
        # 千米 / 千克 are units (kilometre, kilogram); 천연 etc. are not after digits anyway
        one = f"{_S}?(?:{alternatives})(?![米克瓦])"
    else:
        one = f"{_S}*(?i:{alternatives})(?![{_LAT}])(?!{_S}+lệ)"  # tỷ lệ = rate
    return re.compile(f"(?:{one})+")


_MAG_RX = {lang: _magnitude_pattern(words, lang in ("zh", "ja", "ko")) for lang, words in _MAGNITUDES.items()}
_MAG_WORD = {lang: re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)), re.I)
             for lang, words in _MAGNITUDES.items()}
_RANGE_TAIL = {style: re.compile(f"{_S}*[-–—~〜]{_S}*(?P<digits>{_NUMBER[style]})") for style in _NUMBER}
_CONTINUATION = {
    style: re.compile(f"{_S}*(?P<digits>{_NUMBER[style]})") for style in _NUMBER
}

# Units shown with a number (display only) and allowed glued to digits (`170ha`).
_UNITS = (
    """
    % | ‰ | ha | km² | km2 | km | m² | m2 | m³ | m3 | cm | mm | m | kg | g | tấn | tạ | yến | tons | tonnes | ton |
    t | kW | MW | GW | kWh | MWh | °C | ℃ | °F | ° | độ | lít | l | ml | USD | VND | US$ | EUR | đồng | đ | ₫ |
    $ | € | ¥ | ₩ | người | hộ | lượt | khách | sao | tuổi | năm | tháng | ngày | giờ | phút | sản phẩm |
    dân tộc | tỉnh | xã | huyện | people | persons | visitors | households | products | stars | years |
    months | days | hours | minutes | percent | per cent | hectares | square kilometres | km² |
    provinces | communes | ethnic groups | GB | MB | KB | TB | GiB | MiB | KiB | ms | Gbps | Mbps |
    公顷 | 平方公里 | 公里 | 千米 | 米 | 吨 | 公斤 | 人 | 名 | 个 | 種 | 种 | 家 | 户 | 元 | 美元 | 越南盾 | 年 | 岁 | 歳 |
    ヘクタール | 平方キロメートル | キロメートル | キロ | メートル | トン | ドン | 円 | 品目 | つ | 世帯 |
    헥타르 | 제곱킬로미터 | 킬로미터 | 미터 | 톤 | 명 | 개 | 동 | 원 | 달러 | 가구 | 세 | ㎢ | ㎡ | ㎞ | ㏊
    """.split("|")
)
_UNITS = sorted({" ".join(u.split()) for u in _UNITS if u.strip()}, key=len, reverse=True)
_UNIT_RX = re.compile(f"{_S}?(?:" + "|".join(re.escape(u).replace("\\ ", _S + "+") for u in _UNITS) + f")(?![{_LAT}])")
_GLUED_OK = {u for u in _UNITS if _LATIN_RUN.fullmatch(u)} | {"st", "nd", "rd", "th", "s", "x"}  # 14.6x = 14.6 times
_QUANTITY_UNITS = set(_UNITS) - {"năm", "tháng", "ngày", "giờ", "phút", "年", "세", "岁", "歳", "s"}
# Magnitude letters glued to digits, as technical English writes them (`27K additions`,
# `10M requests`); lower-case `m` is a metre
_SUFFIX_MAGNITUDES = {"k": 3, "K": 3, "M": 6}
_CURRENCY_BEFORE = re.compile(r"(?:US\$|USD|VND|EUR|\$|€|¥|₩|£)" + f"{_S}?$")

_EN_NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "half a": Decimal("0.5"),
}
_VI_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                    "tám": 8, "chín": 9, "mười": 10, "nửa": Decimal("0.5")}
# `two million`, `hai triệu`, `三千`: number words before a magnitude word, found from the
# magnitude word (a literal search) looking back
_MAGNITUDE_WORD = re.compile(
    "thousand|million|billion|trillion|Thousand|Million|Billion|Trillion|nghìn|ngàn|triệu|tỷ|tỉ"
    "|万亿|萬億|亿|億|万|萬|千|兆"
)
_CJK_MAGNITUDE_RUN = re.compile("(?:万亿|萬億|亿|億|万|萬|千|兆)+")
_CJK_NUMERALS = "〇零一二两兩三四五六七八九十百千"
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_LUNAR_AFTER = re.compile(f"{_S}*\\(?(?:âm{_S}+lịch|ÂL)(?![{_LAT}])")
_LUNAR_BEFORE = re.compile(f"(?:mùng|mồng|âm{_S}+lịch|旧暦|陰暦|農暦|农历|農曆|阴历|陰曆|음력){_S}*(?:\\d+{_S}+)?$")
_LUNAR_KINDS = ("vil", "vdm", "vm", "vmy", "cjkf", "cjkmy", "cjkdm", "cjkm")


# ---------------------------------------------------------------------------------------
# The rules of the scanner
#
# At each place where a fact may start, the rules of `RULES` are tried in their order (they
# are the alternatives of one regular expression, so the first that matches wins), and the
# rule's reader turns the match into facts. A plain number is the last rule; a number that
# nothing before or after it can make a date, time or code is read directly (`_Scan.run`).
# Before the rules, `_Scan.spelled_magnitude` reads numbers in words with a magnitude word
# (`two million`, `hai triệu`, `三千`). Every reader returns where the scan goes on.


@dataclass(frozen=True)
class Rule:
    """One kind of fact the scanner recognises: its name (the pattern's group), what it
    recognises, examples, how a match is read and the pattern."""

    name: str
    recognises: str
    examples: str
    reader: Callable[["_Scan", re.Match], int]
    pattern: str


def _read_code(scan: "_Scan", match: re.Match) -> int:
    """A reference code, upper-cased with Đ as D, compared exactly: `548/QĐ-TTg` → `548/QD-TTG`."""
    start, end = match.span()
    scan.add("code", match.group("code").upper().replace("Đ", "D"), start, end)
    return end


def _read_phone(scan: "_Scan", match: re.Match) -> int:
    """A telephone number as its digits, the Vietnamese country code as the trunk 0:
    `+84 207 3822 870` → `tel:02073822870`, the same as `(0207) 3822 870`."""
    written = match.group("phone")
    digits = re.sub(r"\D", "", written)
    if written.startswith("+"):
        value = "0" + digits[2:] if digits.startswith("84") else "+" + digits
    else:
        value = digits
    scan.add("code", "tel:" + value, *match.span())
    return match.end()


def _read_time(scan: "_Scan", match: re.Match) -> int:
    """A time of day: `7h30` → 07:30, `2 giờ chiều` → 14:00, `午後2時30分` → 14:30."""
    g = match.group
    return scan.time(match, int(g("time_h")), int(g("time_m") or g("time_m2") or 0), g("time_pre"), g("time_suf"))


def _read_time12(scan: "_Scan", match: re.Match) -> int:
    """An hour with am or pm: `5 pm` → 17:00."""
    return scan.time(match, int(match.group("time12_h")), 0, None, match.group("time12_suf"))


def _read_time4(scan: "_Scan", match: re.Match) -> int:
    """`0600 PT` → 06:00 (the zone is not compared: a translation may convert it)."""
    scan.add("time", (int(match.group("time4_h")), int(match.group("time4_m"))), match.start(), match.end("time4_m"))
    return match.end()


def _read_era(scan: "_Scan", match: re.Match) -> int:
    """A Japanese era year as a year: `令和7年` → 2025, `平成元年` (first year) → 1989."""
    number = 1 if match.group("era_n") == "元" else int(match.group("era_n"))
    scan.add("date", (_ERAS[match.group("era_name")] + number, None, None), *match.span())
    return match.end()


def _read_year_range(scan: "_Scan", match: re.Match) -> int:
    """`2019–20`: the years 2019 and 2020. Where the second part is not a later year, an ISO
    month (`2012-05` → May 2012), else the first year alone (`2019-05` is May, `2019-15` is
    2019 and a 15 read later)."""
    g = match.group
    first, last = int(g("yr_a")), int(g("yr_a")[:2] + g("yr_b"))
    a_start, end = match.start("yr_a"), match.end()
    a_end = a_start + 4
    if last <= first:  # not a range of years
        if 1 <= int(g("yr_b")) <= 12:
            scan.add("date", (first, int(g("yr_b")), None), a_start, end)  # ISO 2012-05
            return end
        scan.add("date", (first, None, None), a_start, a_end)
        return a_end
    scan.add("date", (first, None, None), a_start, a_end)
    scan.add("date", (last, None, None), match.start("yr_b"), end)
    return end


def _read_date(scan: "_Scan", match: re.Match) -> int:
    """A date of any of the date rules, as (year, month, day) with None for what is not
    written: `10/5/2012` → (2012, 5, 10), `tháng 5` → (None, 5, None). The rule's groups are
    named after it (`dmy_d`, `dmy_m`, `dmy_y`; `_y2`/`_m2` for a second way of writing it). A
    lunar date is read as its numbers (`_read_lunar`)."""
    kind, g, names = match.lastgroup, match.group, match.re.groupindex
    start, end = match.span()
    year = month = day = None
    for name in (f"{kind}_y", f"{kind}_y2"):
        if name in names and g(name):
            year = int(g(name))
    for name in (f"{kind}_m", f"{kind}_m2"):
        if name in names and g(name):
            raw = g(name)
            month = int(raw) if raw.isdigit() else _MONTHS[raw.rstrip(".").lower()]
    if f"{kind}_d" in names and g(f"{kind}_d"):
        day = int(g(f"{kind}_d"))
    if kind == "enm" and g("enm_m2"):
        start = match.start("enm_m2")  # `in May`: the fact is the month, not the preposition
    if kind in _LUNAR_KINDS and (
        _LUNAR_AFTER.match(scan.text, end) or _LUNAR_BEFORE.search(scan.text, max(0, start - 12), start)
    ):
        return _read_lunar(scan, match, year, start, end)
    scan.add("date", (year, month, day), start, end)
    return end


def _read_date_range(scan: "_Scan", match: re.Match) -> int:
    """Two full dates: `June 14 to 17, 2025` → (2025, 6, 14) and (2025, 6, 17), as
    `2025年6月14日〜17日` is, and as a translation that writes both dates in full."""
    kind, g = match.lastgroup, match.group
    raw = g(f"{kind}_m")
    month = int(raw) if raw.isdigit() else _MONTHS[raw.rstrip(".").lower()]
    year = int(g(f"{kind}_y"))
    scan.add("date", (year, month, int(g(f"{kind}_d"))), match.start(), match.end(f"{kind}_d"))
    scan.add("date", (year, month, int(g(f"{kind}_d2"))), match.start(f"{kind}_d2"), match.end())
    return match.end()


def _read_lunar(scan: "_Scan", match: re.Match, year: int | None, start: int, end: int) -> int:
    """A lunar date (`ngày 15 tháng 7 âm lịch`, `mùng 10 tháng 3`, `旧暦8月15日`, `음력 1월 8일`):
    translations word it freely ("the 15th day of the eighth lunar month", 正月初八), so its
    day and month are compared as numbers, its year as a year."""
    kind, names = match.lastgroup, match.re.groupindex
    for name in (f"{kind}_d", f"{kind}_m"):
        if name in names and match.group(name):
            scan.add("number", Decimal(int(match.group(name))), match.start(name), match.end(name))
    if year:
        scan.add("date", (year, None, None), start, end)
    return end


def _read_number(scan: "_Scan", match: re.Match) -> int:
    """A number, with its sign, magnitude words, unit or currency (`_Scan.number`):
    `-5 °C`, `2.500 tỷ đồng`, `US$ 3.5 million`."""
    sign = match.start("sign") if match.group("sign") else None
    return scan.number(match.start("digits"), match.group("digits"), sign)


# The rules in the order they are tried; the last one, a plain number, depends on the
# language's number style (`_NUMBER_RULE`).
RULES: tuple[Rule, ...] = (
    Rule("code", 'a legal document or certificate number: digits and slashes, then a code in capitals; compared exactly',
         '`548/QĐ-TTg`, `202/2025/QH15`', _read_code,
         f"""(?P<code>(?<![0-9{_LAT}/.-])\\d+(?:/\\d+)*/[A-ZĐ][A-Za-z0-9Đđ]*(?:-[A-Za-z0-9Đđ]+)*)"""),
    Rule("phone", 'a telephone number, with or without the country code (+84 is written 0)',
         '`+84 207 3822 870`, `(0207) 3822 870`', _read_phone,
         f"""(?P<phone>(?<![0-9{_LAT}])(?:\\+\\d{{1,3}}[ .-]?\\(?0?\\)?\\d{{2,4}}|\\(?0\\d{{2,4}}\\)?)(?:[ .-]?\\d{{3,4}}){{2}}(?![0-9]|[.,]\\d))"""),
    Rule("iso", 'a full date, year first',
         '`2012-05-10`, `2012/5/10`', _read_date,
         f"""(?P<iso>{_B}(?<![/-])(?P<iso_y>{_Y})(?P<iso_sep>[-/.])(?P<iso_m>{_M})(?P=iso_sep)(?P<iso_d>{_D}){_END})"""),
    Rule("kod", 'a Korean full date',
         '`2012. 5. 10.`', _read_date,
         f"""(?P<kod>{_B}(?P<kod_y>{_Y})\\.{_S}+(?P<kod_m>{_M})\\.{_S}+(?P<kod_d>{_D})\\.?(?!\\d))"""),
    Rule("dmy", 'a full date, day first',
         '`10/5/2012`, `10.05.2012`', _read_date,
         f"""(?P<dmy>{_B}(?<!/)(?P<dmy_d>{_D})(?P<dmy_sep>[/.-])(?P<dmy_m>{_M})(?P=dmy_sep)(?P<dmy_y>{_Y}){_END})"""),
    Rule("mdy", 'an American full date, where the day (13–31) shows the order',
         '`5/13/2012`', _read_date,
         f"""(?P<mdy>{_B}(?<!/)(?P<mdy_m>{_M})/(?P<mdy_d>1[3-9]|2\\d|3[01])/(?P<mdy_y>{_Y}){_END})"""),
    Rule("vil", 'a Vietnamese date in words',
         '`ngày 10 tháng 5 năm 2012`, `ngày 10 tháng 5/2012`, `ngày 15 tháng 7`', _read_date,
         f"""(?P<vil>[Nn]gày{_S}+(?P<vil_d>{_D}){_S}+tháng{_S}+(?P<vil_m>{_M})(?:{_S}+năm{_S}+(?P<vil_y>{_Y})|{_S}*[/-]{_S}*(?P<vil_y2>{_Y}))?{_END}(?!/))"""),
    Rule("enf", 'an English full date, day first',
         '`10 May 2012`, `10th of May, 2012`', _read_date,
         f"""(?P<enf>{_B}(?P<enf_d>{_D}){_ORD}{_S}+(?:of{_S}+)?(?P<enf_m>{_MON}),?{_S}+(?P<enf_y>{_Y}){_END})"""),
    Rule("enr", 'a range of days of one month in English, month first, the year written once',
         '`June 14 to 17, 2025`, `March 23 - 26, 2026`', _read_date_range,
         f"""(?P<enr>(?P<enr_m>{_MON}){_S}+(?P<enr_d>{_D}){_ORD}{_S}*(?:[-–—]|to|until|through){_S}*(?P<enr_d2>{_D}){_ORD},?{_S}+(?P<enr_y>{_Y}){_END})"""),
    Rule("enr2", 'a range of days of one month in English, day first, the year written once',
         '`23–26 March 2026`', _read_date_range,
         f"""(?P<enr2>{_B}(?P<enr2_d>{_D}){_S}*[-–—]{_S}*(?P<enr2_d2>{_D}){_S}+(?P<enr2_m>{_MON}),?{_S}+(?P<enr2_y>{_Y}){_END})"""),
    Rule("enf2", 'an English full date, month first',
         '`May 10, 2012`, `May 29th, 2025`', _read_date,
         f"""(?P<enf2>(?P<enf2_m>{_MON}){_S}+(?P<enf2_d>{_D}){_ORD},?{_S}+(?P<enf2_y>{_Y}){_END})"""),
    Rule("cjkr", 'a range of days of one month in Chinese, Japanese or Korean, the year and month written once',
         '`2025年6月14日〜17日`, `2026年3月23日から26日`', _read_date_range,
         f"""(?P<cjkr>{_B}(?P<cjkr_y>{_Y}){_S}*[年년]{_S}*(?P<cjkr_m>{_M}){_S}*[月월]{_S}*(?P<cjkr_d>{_D}){_S}*[日일号號]{_S}*(?:[〜~～\\-–—]|から|至|到){_S}*(?P<cjkr_d2>{_D}){_S}*[日일号號])"""),
    Rule("cjkf", 'a Chinese, Japanese or Korean full date',
         '`2012年5月10日`, `2012년 5월 10일`', _read_date,
         f"""(?P<cjkf>{_B}(?P<cjkf_y>{_Y}){_S}*[年년]{_S}*(?P<cjkf_m>{_M}){_S}*[月월]{_S}*(?P<cjkf_d>{_D}){_S}*[日일号號])"""),
    Rule("vmy", 'a Vietnamese month and year',
         '`tháng 5 năm 2012`, `tháng 5/2012`', _read_date,
         f"""(?P<vmy>[Tt]háng{_S}+(?P<vmy_m>{_M})(?:{_S}*[/-]{_S}*|,?{_S}+năm{_S}+)(?P<vmy_y>{_Y}){_END})"""),
    Rule("enmy", 'an English month and year',
         '`May 2012`, `October, 2020`, `November of 2023`', _read_date,
         f"""(?P<enmy>(?P<enmy_m>{_MON}),?{_S}+(?:of{_S}+)?(?P<enmy_y>{_Y}){_END})"""),
    Rule("cjkmy", 'a CJK month and year',
         '`2012年5月`, `2012년 5월`', _read_date,
         f"""(?P<cjkmy>{_B}(?P<cjkmy_y>{_Y}){_S}*[年년]{_S}*(?P<cjkmy_m>{_M}){_S}*[月월])"""),
    Rule("my", 'a month and year in digits',
         '`5/2012`', _read_date,
         f"""(?P<my>{_B}(?<!/)(?P<my_m>{_M})/(?P<my_y>{_Y})(?![\\d/]|[.,]\\d))"""),
    Rule("vdm", 'a Vietnamese day and month in digits, after a word that introduces a date',
         '`ngày 10/5`, `từ 10/5`', _read_date,
         f"""(?P<vdm>(?:[Nn]gày|[Tt]ừ|đến|tới|trước|sau|hôm){_S}+(?P<vdm_d>{_D}){_S}*/{_S}*(?P<vdm_m>{_M})(?![\\d/]|[.,]\\d))"""),
    Rule("endm", 'an English day and month, day first',
         '`10 May`, `10th of May`', _read_date,
         f"""(?P<endm>{_B}(?P<endm_d>{_D}){_ORD}{_S}+(?:of{_S}+)?(?P<endm_m>{_MON}))"""),
    Rule("endm2", 'an English day and month, month first',
         '`May 10`, `May 10th`', _read_date,
         f"""(?P<endm2>(?P<endm2_m>{_MON}){_S}+(?P<endm2_d>{_D}){_ORD}(?![\\d%]|[.,]\\d))"""),
    Rule("cjkdm", 'a CJK day and month',
         '`5月10日`, `5월 10일`', _read_date,
         f"""(?P<cjkdm>{_B}(?P<cjkdm_m>{_M}){_S}*[月월]{_S}*(?P<cjkdm_d>{_D}){_S}*[日일号號])"""),
    Rule("vm", 'a Vietnamese month',
         '`tháng 5`', _read_date,
         f"""(?P<vm>[Tt]háng{_S}+(?P<vm_m>{_M})(?![\\d/]|[.,]\\d))"""),
    Rule("enm", 'an English month name (May only after a preposition: it is also a verb)',
         '`October`, `in May`', _read_date,
         f"""(?P<enm>\\b(?P<enm_m>{_MON_FULL_NOT_MAY})\\b|\\b(?:in|of|since|from|until|till|by|to|during|early|late|mid-?|end{_S}+of|beginning{_S}+of){_S}+(?P<enm_m2>May)\\b(?!,?{_S}+\\d))"""),
    Rule("cjkm", 'a CJK month',
         '`5月`, `5월`', _read_date,
         f"""(?P<cjkm>{_B}(?P<cjkm_m>{_M}){_S}*[月월])"""),
    Rule("time", 'a time of day on a 24- or 12-hour clock, with the day part before or after',
         '`7h30`, `17:00`, `2 giờ chiều`, `午後2時30分`, `오후 2시 30분`, `下午2点`', _read_time,
         f"""(?P<time>(?:(?P<time_pre>午前|午後|오전|오후|上午|下午|晚上|早上){_S}*)?{_B}(?<!\\d:)(?P<time_h>[01]?\\d|2[0-3])(?::(?P<time_m>[0-5]\\d)|{_S}*(?:h(?![{_LAT}])|g(?=\\d)|giờ|時(?!間)|시(?!간)|点|點)(?:{_S}*(?P<time_m2>[0-5]\\d)(?:{_S}*(?:phút|分|분))?)?)(?!\\d|[.,:]\\d)(?:{_S}*(?P<time_suf>a\\.m\\.|p\\.m\\.|am|pm|AM|PM|sáng|trưa|chiều|tối|đêm)(?![{_LAT}]))?)"""),
    Rule("time4", 'a time written as four digits before a time zone, as schedules do',
         '`0600 PT`, `1330 UTC`', _read_time4,
         f"""(?P<time4>{_B}(?P<time4_h>[01]\\d|2[0-3])(?P<time4_m>[0-5]\\d){_S}*(?=(?:PT|PST|PDT|ET|EST|EDT|CT|UTC|GMT|CET|CEST|JST|KST|ICT)\\b))"""),
    Rule("time12", 'an hour with am or pm',
         '`5 pm`, `11 a.m.`', _read_time12,
         f"""(?P<time12>{_B}(?<!\\d:)(?P<time12_h>1[0-2]|0?[1-9]){_S}*(?P<time12_suf>a\\.m\\.|p\\.m\\.|am|pm|AM|PM)(?![{_LAT}]))"""),
    Rule("vy", 'a year after the Vietnamese word for year',
         '`năm 1945`', _read_date,
         f"""(?P<vy>[Nn]ăm{_S}+(?P<vy_y>{_Y}){_END})"""),
    Rule("yr", 'a range of years with the second written short, or a year and month',
         '`2019–20` (2019 and 2020), `2012-05`', _read_year_range,
         f"""(?P<yr>{_B}(?P<yr_a>{_Y}){_S}*[–—-]{_S}*(?P<yr_b>\\d{{2}})(?!\\d|[.,]\\d))"""),
    Rule("cjky", 'a CJK year',
         '`1945年`, `1945년`', _read_date,
         f"""(?P<cjky>{_B}(?P<cjky_y>{_Y}){_S}*[年년])"""),
    Rule("era", 'a Japanese era year',
         '`令和7年` (2025), `平成元年` (1989)', _read_era,
         f"""(?P<era>(?P<era_name>令和|平成|昭和){_S}*(?P<era_n>\\d{{1,2}}|元){_S}*年)"""),
)


def _number_rule(style: str) -> Rule:
    return Rule("num", "a number in the language's notation, with its sign",
                "`61.000` (vi: 61000), `61,000` (en), `-5`, `3,5`", _read_number,
                f"(?P<num>(?P<sign>-)?(?P<digits>{_NUMBER[style]}))")


_NUMBER_RULE = {style: _number_rule(style) for style in _NUMBER}
_READERS = {rule.name: rule.reader for rule in RULES + (_NUMBER_RULE["en"],)}


def _compile(style: str) -> re.Pattern:
    rules = RULES + (_NUMBER_RULE[style],)
    # Every alternative starts with one of these: positions that do not are rejected at once.
    first = "(?=[\\d+(\\-NnTtđshJFMASODiofubdelm午오上下晚早令平昭])"
    return re.compile(first + "(?:" + "\n|".join(rule.pattern for rule in rules) + ")", re.X)


_SCANNER = {style: _compile(style) for style in _NUMBER}
# Where a fact may be: a digit or a month name. Scanning starts a little before it, so that
# the big pattern is only tried near candidates (it has no literal prefix to search for).
_ANCHOR = re.compile(  # literal alternatives only, so that `search` skips ahead fast
    "|".join(chr(c) for c in range(0x30, 0x3A))
    + "|" + "|".join(chr(c) for c in sorted(_DIGIT_TABLE) if chr(c).isdigit())
    + "|" + _MON_FULL_NOT_MAY[3:-1] + "|May|令和|平成|昭和"
)
_LOOK_BACK = 24  # longest lead-in before a digit or month: `beginning of May`, `ngày `, `午後 `
# What may start a date, time or code before its first digit (literal alternatives: fast)
_LEAD_IN = re.compile(
    "|".join(
        [r"\+", r"\(", "-", "Ngày", "ngày", "Từ", "từ", "đến", "tới", "trước", "sau", "hôm", "Tháng", "tháng",
         "Năm", "năm", "午前", "午後", "오전", "오후", "上午", "下午", "晚上", "早上", "令和", "平成", "昭和"]
        + [m.capitalize() for m in _MONTHS if len(m) == 3]
    )
)
# After a number (and spaces), what may make it part of a date, time, range or code
_CONTINUES = set("/.-–—:hgstnrapAPJFMSOND0123456789年년月월日일号號時시点點") | {""}
_SPACES = " \t\xa0\u202f\u3000"
_PLAIN_NUMBER = {style: re.compile(pattern) for style, pattern in _NUMBER.items()}
_URL = re.compile(r"https?://\S+|www\.\S+")


# ---------------------------------------------------------------------------------------
# Reading numbers


_VI_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _parse_digits(digits: str, style: str) -> tuple[Decimal, tuple]:
    """A number as written in `style`, and its other plausible readings."""
    if style == "vi":
        if "," not in digits and not _VI_THOUSANDS.fullmatch(digits):
            return Decimal(digits), ()  # 10.5: a decimal point, as in English
        value = Decimal(digits.replace(".", "").replace(",", "."))
        # `1,234` is 1.234 in vi, but may be an English-style thousands separator
        if digits.count(",") == 1 and "." not in digits and len(digits.split(",")[1]) == 3:
            return value, (Decimal(digits.replace(",", "")),)
        return value, ()
    value = Decimal(digits.replace(",", ""))
    if digits.count(".") == 1 and "," not in digits and len(digits.split(".")[1]) == 3:
        return value, (Decimal(digits.replace(".", "")),)
    return value, ()


def _magnitude(text: str, pos: int, lang: str) -> tuple[int, int]:
    """(exponent of 10, end) of the magnitude words at `pos` (0 if none)."""
    mag_lang = _MAG_LANG.get(lang, "en")
    match = _MAG_RX[mag_lang].match(text, pos)
    if not match:
        return 0, pos
    words = _MAGNITUDES[mag_lang]
    exponent = sum(words[w.lower()] if w.lower() in words else words[w] for w in _MAG_WORD[mag_lang].findall(match.group()))
    return exponent, match.end()


def _is_latin(char: str) -> bool:
    """A Latin letter (Vietnamese ones too); False for "" and for other scripts."""
    return char.isalpha() and (char < "\u0250" or "\u1e00" <= char <= "\u1eff")


class _Scan:
    """One pass over a text: the facts in order (`run`). The kinds of facts are the rules of
    `RULES`; a number's own steps (sign, magnitude, unit, year or code) are `number`'s."""

    def __init__(self, text: str, lang: str, shown: str | None = None):
        self.original = text if shown is None else shown  # what a fact's `text` is taken from
        self.text = text
        self.lang = lang
        self.style = number_style(lang)
        self.facts: list[Fact] = []

    def add(self, kind: str, value: Value, start: int, end: int, alternatives: tuple = (), magnitude: bool = False,
            bare_year: bool = False) -> None:
        self.facts.append(Fact(kind, value, self.original[start:end], start, end, alternatives, magnitude, bare_year))

    def run(self) -> list[Fact]:
        """The facts of the text in order: numbers in words with a magnitude word first
        (`spelled_magnitude`); then, at each digit or month name, the rules of `RULES` from a
        little before it (where a date's or time's lead-in word may start), or the lone
        number directly (`_lone_number`)."""
        text = self.text
        for match in _MAGNITUDE_WORD.finditer(text):
            self.spelled_magnitude(match)
        spelled = bool(self.facts)
        anchor = _ANCHOR.search(text)  # digits of any script, month names
        if anchor is None:
            return self.facts
        text = self.text = normalize_digits(text)
        if "http" in text or "www." in text:  # addresses are not facts: blank them out
            text = self.text = _URL.sub(lambda m: " " * len(m.group()), text)
        scanner = _SCANNER[self.style]
        plain = _PLAIN_NUMBER[self.style]
        pos = 0
        while anchor is not None:
            at = anchor.start()
            start = max(pos, at - _LOOK_BACK)
            if "0" < text[at] <= "9" and at > start:
                lead = _LEAD_IN.search(text, start, at)
                start = lead.start() if lead else at
            if start == at and "0" < text[at] <= "9":
                lone = self._lone_number(plain, at)
                if lone is not None:
                    pos = lone
                    anchor = _ANCHOR.search(text, pos)
                    continue
            match = scanner.search(text, start)
            if match is None:
                break
            pos = self.handle(match)
            anchor = _ANCHOR.search(text, pos)
        if spelled:
            self.facts.sort(key=lambda fact: fact.start)  # spelled magnitudes came first
        return self.facts

    def _lone_number(self, plain: re.Pattern, at: int) -> int | None:
        """The fast path: a number that nothing before it (no lead-in word) or after it (no
        `/`, `:`, `年`, month name … in `_CONTINUES`) can make a date, time or code is read
        without trying every rule: `dân số 1.865.270 người`. None when it might be more."""
        text = self.text
        number = plain.match(text, at)
        after = number.end()
        follow = text[after:after + 1]
        if follow in _SPACES:
            follow = text[after:after + 4].lstrip(_SPACES)[:1]
        if follow in _CONTINUES:
            return None
        return self.number(at, number.group(), None)

    def handle(self, match: re.Match) -> int:
        """Read what the rule that matched recognised (`RULES`); where the scan goes on."""
        return _READERS[match.lastgroup](self, match)

    def spelled_magnitude(self, match: re.Match) -> None:
        """`two million`, `hai triệu`, `三千`: number words before the magnitude word at
        `match`."""
        text = self.text
        start, end = match.span()
        word = match.group()
        if word[0] in "万萬亿億千兆":
            if self.lang not in ("zh", "ja") or (word == "千" and text[end:end + 1] in _CJK_NUMERALS):
                return  # not Chinese numerals; or 千 inside a longer numeral (一千零五万)
            first = start
            while first > 0 and text[first - 1] in _CJK_NUMERALS:
                first -= 1
            if first == start or (self.facts and self.facts[-1].end > first):
                return
            end = _CJK_MAGNITUDE_RUN.match(text, start).end()
            value = Decimal(_cjk_number(text[first:start]))
            exponent = sum(_MAGNITUDES[self.lang][c] for c in _MAG_WORD[self.lang].findall(text[start:end]))
        else:
            if _is_latin(text[end:end + 1]) or _is_latin(text[start - 1:start]):
                return  # part of a longer word: millionaire
            before = text[max(0, start - 30):start].split(" ")
            if len(before) < 2 or before[-1] != "":
                return  # not a separate word, or nothing before
            words = [w.lower() for w in before[:-1]]
            hundred = words[-1] in ("hundred", "trăm")
            if hundred:
                words = words[:-1]
            table = _VI_NUMBER_WORDS if self.lang == "vi" else _EN_NUMBER_WORDS
            number = words[-1] if words else ""
            if len(words) >= 2 and f"{words[-2]} {number}" in table:
                number = f"{words[-2]} {number}"  # half a
            if number not in table:
                return
            first = start - len(" ".join(before[-(number.count(" ") + 2 + hundred):-1])) - 1
            value = Decimal(table[number]) * (100 if hundred else 1)
            exponent = _MAGNITUDES[_MAG_LANG.get(self.lang, "en")].get(word.lower(), 0)
        if value and exponent:
            self.add("number", value * Decimal(10) ** exponent, first, end, magnitude=True)

    def time(self, match: re.Match, hour: int, minute: int, prefix: str | None, suffix: str | None) -> int:
        marker = (prefix or suffix or "").lower().replace(".", "")
        if marker in ("pm", "午後", "오후", "下午", "晚上", "chiều", "tối") and hour < 12:
            hour += 12
        elif marker == "trưa" and hour < 6:
            hour += 12
        elif marker == "đêm" and 7 <= hour < 12:
            hour += 12
        elif marker in ("am", "午前", "오전", "上午") and hour == 12:
            hour = 0
        self.add("time", (hour, minute), match.start(), match.end())
        return match.end()

    def number(self, start: int, digits: str, sign: int | None) -> int:
        """The number whose digits are at `start` (`sign`: where a `-` before it is), read in
        these steps: digits inside a name are no number (`_in_name`); a minus sign
        (`_negative`); the digits in the language's style, then magnitude words and the
        smaller groups that add to them (`_scaled`), unless an ordinal comes before
        (`_ordinal`); letters glued after it make a name (`5G`) unless they are a unit; the
        unit or currency it is shown with (`_currency`), a magnitude letter glued to it (`27K`);
        last, what kind of fact it is
        (`_kind_of_number`)."""
        text = self.text
        end = start + len(digits)
        if self._in_name(start):
            return self.skip_identifier(end)
        negative = sign is not None and self._negative(sign)
        value, alternatives = _parse_digits(digits, self.style)
        leading_point = self._leading_point(start, digits)
        if leading_point:  # `.5` is 0.5
            value, alternatives = Decimal("0." + digits), ()
        ordinal = self._ordinal(start)
        exponent, pos = (0, end) if ordinal else _magnitude(text, end, self.lang)
        if exponent:
            value, alternatives, pos = self._scaled(value, alternatives, exponent, pos)
        elif not ordinal:
            exponent = self._range_magnitude(value, end)
            if exponent:  # 500-600 thousand: 500 thousand too
                scale = Decimal(10) ** exponent
                value, alternatives = value * scale, tuple(a * scale for a in alternatives)
        glued = _LATIN_RUN.match(text, pos)
        if glued and not exponent and not ordinal and glued.group() in _SUFFIX_MAGNITUDES:
            exponent = _SUFFIX_MAGNITUDES[glued.group()]  # 27K = 27,000; 10M = 10,000,000
            scale = Decimal(10) ** exponent
            value, alternatives, pos, glued = value * scale, tuple(a * scale for a in alternatives), glued.end(), None
        if glued and glued.group() not in _GLUED_OK:
            return self.skip_identifier(glued.end())  # 5G, 3D: a name
        unit = _UNIT_RX.match(text, pos)
        display_end = unit.end() if unit else glued.end() if glued else pos
        currency = self._currency(start)
        display_start = sign if negative else currency.start() if currency else start - leading_point
        if negative:
            value = -value
            alternatives = tuple(-a for a in alternatives)
        return self._kind_of_number(
            digits, start, end, pos, value, alternatives, display_start, display_end,
            unit=unit, glued=glued, magnitude=exponent > 0, currency=currency is not None,
            negative=negative, ordinal=ordinal,
        )

    def _in_name(self, start: int) -> bool:
        """Digits that are part of a name or identifier, not a figure: after a Latin letter
        or a digit (`QH15`, `A4`, `3.14.2`), or after a hyphen that follows one (`COVID-19`,
        `--5`)."""
        text = self.text
        before = text[start - 1] if start else ""
        if _is_latin(before) or before.isdigit():
            return True
        return before == "-" and start > 1 and (_is_latin(text[start - 2]) or text[start - 2] == "-")

    def _negative(self, sign: int) -> bool:
        """A `-` at `sign` is a minus sign at the start of the text or after a space or
        punctuation (`-5 °C`, `(-3)`), not after a word, figure, `%` or `)` (`A-5`, `2-5`: a
        range or a dash)."""
        head = self.text[max(0, sign - 8):sign].rstrip()
        return not head or not (head[-1].isalnum() or head[-1] in "%)")

    def _leading_point(self, start: int, digits: str) -> int:
        """1 when the digits follow a decimal point with nothing before it, in a language
        that writes a point for decimals: `If you set .5, half…` is 0.5."""
        text = self.text
        if self.style != "en" or start < 1 or text[start - 1] != "." or not digits.isdigit():
            return 0
        return 1 if start == 1 or text[start - 2] in " \t\n(" else 0

    def _ordinal(self, start: int) -> bool:
        """An ordinal marker before the digits (`第2`, `제3`, `thứ 2`, `lần 3`): no magnitude
        word follows an ordinal (`第2万` is not 20,000th), and it is no year."""
        text = self.text
        before = text[start - 1] if start else ""
        return before in ("第", "제") or (before == " " and text[max(0, start - 4):start].lower() in ("thứ ", "lần "))

    def _scaled(self, value: Decimal, alternatives: tuple, exponent: int, pos: int) -> tuple[Decimal, tuple, int]:
        """The value times its magnitude words (`2.500 tỷ` = 2,500 × 10⁹), plus the smaller
        groups that follow and add up (`2兆5000億`, `2억 5천만`, `2 tỷ 500 triệu`; in Chinese and
        Japanese also a plain remainder, `1万2345`); where the scan goes on."""
        text, style = self.text, self.style
        scale = Decimal(10) ** exponent
        value *= scale
        alternatives = tuple(a * scale for a in alternatives)
        first = value
        while True:
            cont = _CONTINUATION[style].match(text, pos)
            if not cont:
                break
            more, _ = _parse_digits(cont.group("digits"), style)
            more_exp, more_end = _magnitude(text, cont.end(), self.lang)
            if more_exp and more_exp < exponent:
                value += more * Decimal(10) ** more_exp
                exponent, pos = more_exp, more_end
                continue
            if not more_exp and self.lang in ("zh", "ja") and cont.start("digits") == pos \
                    and more < Decimal(10) ** exponent and not text[cont.end():cont.end() + 1] in "年月日":
                value += more  # 1万2345
                pos = cont.end()
            break
        return value, (() if value != first else alternatives), pos

    def _range_magnitude(self, value: Decimal, end: int) -> int:
        """The magnitude a range writes once, after its larger end: `500-600 thousand`,
        `2–3 million` (the first number is 500 thousand, as `50万〜60万` writes it); 0 when
        what follows the number is not such a range."""
        text = self.text
        if end >= len(text) or text[end] not in "-–—~〜 \t":
            return 0
        tail = _RANGE_TAIL[self.style].match(text, end)
        if not tail:
            return 0
        exponent, _ = _magnitude(text, tail.end(), self.lang)
        if not exponent:
            return 0
        other, _ = _parse_digits(tail.group("digits"), self.style)
        return exponent if value < other else 0

    def _currency(self, start: int) -> re.Match | None:
        """A currency written before the number (`US$ 5`, `$5`, `€ 20`): shown with it."""
        text = self.text
        if start and (text[start - 1] in "$€¥₩£ " or text[start - 1] == "\xa0"):
            return _CURRENCY_BEFORE.search(text, max(0, start - 5), start)
        return None

    def _kind_of_number(self, digits: str, start: int, end: int, pos: int, value: Decimal, alternatives: tuple,
                        display_start: int, display_end: int, *, unit: re.Match | None, glued: re.Match | None,
                        magnitude: bool, currency: bool, negative: bool, ordinal: bool) -> int:
        """What kind of fact a read number is: digits with a leading zero are a code, compared
        exactly (`00086`); a four-digit number from 1000 to 2100 without a magnitude,
        currency, sign, ordinal or unit of quantity is a year (`1945`, `the 1990s`); anything
        else is a number. Where the scan goes on."""
        plain_integer = digits.isdigit()
        if plain_integer and len(digits) > 1 and digits[0] == "0":
            self.add("code", digits, start, end)
            return max(end, display_end if unit else end)
        unit_text = unit.group().strip() if unit else ""
        is_quantity = unit_text in _QUANTITY_UNITS or unit_text.lower() in _QUANTITY_UNITS
        if (plain_integer and len(digits) == 4 and 1000 <= int(digits) <= 2100 and not magnitude
                and not currency and not negative and not is_quantity and not ordinal):
            self.add("date", (int(digits), None, None), start, end + (1 if glued and glued.group() == "s" else 0),
                     bare_year=True)
            return pos
        self.add("number", value, display_start, display_end, alternatives=alternatives, magnitude=magnitude)
        return pos

    def skip_identifier(self, pos: int) -> int:
        """Skip the rest of an identifier (`QH15a`, `5G`), digits and letters."""
        text = self.text
        while pos < len(text) and (text[pos].isdigit() or _is_latin(text[pos])):
            pos += 1
        return pos


def _cjk_number(run: str) -> int:
    """A number in Chinese numerals: 三 = 3, 十五 = 15, 两百 = 200, 一千零五 = 1005."""
    total, current = 0, 0
    for char in run:
        unit = {"十": 10, "百": 100, "千": 1000}.get(char)
        if unit:
            total += (current or 1) * unit
            current = 0
        else:
            current = current * 10 + _CJK_DIGITS.get(char, 0)
    return total + current


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
    "triple": 3, "thrice": 3,
    # Vietnamese numbers its weekdays: thứ 2 = Monday … thứ 7 = Saturday
    "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
}
_WORD_RX = re.compile(r"\w+")

_VI_UNITS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "nhất": 1, "nhì": 2, "đôi": 2,
}
_VI_WORDS = set(_VI_UNITS) | {"mười", "mươi"}

_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
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
        found.update(_EN_WORDS[w] for w in _EN_WORDS.keys() & set(_WORD_RX.findall(text.lower())))
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
