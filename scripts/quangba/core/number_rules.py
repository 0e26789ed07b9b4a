"""The rules of the number reader (`quangba.core.numbers`): the patterns of what it
recognises and, in `RULES`, each kind of fact in the order the scanner tries them, with
what it recognises, examples and the function that reads a match."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .number_text import _DIGIT_TABLE, _LAT, _LATIN_RUN, _S

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
    bytes | byte | kilobytes | kilobyte | megabytes | megabyte | gigabytes | gigabyte | キロバイト | メガバイト |
    ギガバイト | バイト | 字节 | 千字节 | 킬로바이트 | 바이트 | kb | mb | gb |
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
# What a lone 千 counts when it is one (千行 = a thousand lines, 千人 = a thousand people)
_LONE_THOUSAND_COUNTERS = set("行人件個个台回次社本枚字名家位項项条條種种倍年行")
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


_ORDINAL_OF_LETTER = re.compile(r"(?<=/[A-Z])(?:th|st|nd|rd)$")  # 1/Nth = 1/N (codes are capitals)


def _read_code(scan: "_Scan", match: re.Match) -> int:
    """A reference code, upper-cased with Đ as D, compared exactly: `548/QĐ-TTg` → `548/QD-TTG`;
    an ordinal ending after one letter is not part of it: `1/Nth` → `1/N`."""
    start, end = match.span()
    scan.add("code", _ORDINAL_OF_LETTER.sub("", match.group("code")).upper().replace("Đ", "D"), start, end)
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
    Rule("time", 'a time of day on a 24- or 12-hour clock, with the day part before or after (not when a year or age counter follows: `v4：10年` is 4, then 10 years)',
         '`7h30`, `17:00`, `2 giờ chiều`, `午後2時30分`, `오후 2시 30분`, `下午2点`', _read_time,
         f"""(?P<time>(?:(?P<time_pre>午前|午後|오전|오후|上午|下午|晚上|早上){_S}*)?{_B}(?<!\\d:)(?P<time_h>[01]?\\d|2[0-3])(?::(?P<time_m>[0-5]\\d)|{_S}*(?:h(?![{_LAT}])|g(?=\\d)|giờ|時(?!間)|시(?!간)|点|點)(?:{_S}*(?P<time_m2>[0-5]\\d)(?:{_S}*(?:phút|分|분))?)?)(?!\\d|[.,:]\\d|{_S}*[年년歳岁])(?:{_S}*(?P<time_suf>a\\.m\\.|p\\.m\\.|am|pm|AM|PM|sáng|trưa|chiều|tối|đêm)(?![{_LAT}]))?)"""),
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
