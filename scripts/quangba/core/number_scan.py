"""The scanner of the number reader: one pass over a text (`_Scan.run`), trying the rules
of `quangba.core.number_rules` at each place a fact may start, and a number's own steps
(`_Scan.number`)."""

from __future__ import annotations

import re
from decimal import Decimal

from .number_fractions import written_fractions
from .number_text import Fact, Value, _cjk_number, _LATIN_RUN, _is_latin, normalize_digits, number_style
from .number_rules import RULES, _ANCHOR, _CJK_MAGNITUDE_RUN, _CJK_NUMERALS, _CONTINUATION, _CONTINUES, _CURRENCY_BEFORE, _EN_NUMBER_WORDS, _GLUED_OK, _LEAD_IN, _LONE_THOUSAND_COUNTERS, _LOOK_BACK, _MAGNITUDES, _MAGNITUDE_WORD, _MAG_LANG, _MAG_RX, _MAG_WORD, _PLAIN_NUMBER, _QUANTITY_UNITS, _RANGE_TAIL, _READERS, _SCANNER, _SPACES, _SUFFIX_MAGNITUDES, _UNIT_RX, _URL, _VI_NUMBER_WORDS

# ---------------------------------------------------------------------------------------
# Reading numbers


def _is_cjk_letter(char: str) -> bool:
    """Kana, a Han character or Hangul (not a digit of any script)."""
    return ("\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af") \
        and char not in _CJK_NUMERALS


_LONE_THOUSAND_BEFORE = set("0123456789〇零一二两兩三四五六七八九十百千万萬亿億兆数幾几何")  # part of a longer numeral or an approximation
_WORD_RANGE = re.compile(r"\b(\w+) (?:to|or|and|-) $")  # the low end of `three to four thousand`
_VI_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_CURRENCY_CHARS = frozenset("$€¥₩£ \xa0")  # what `_currency` looks for before a number


_new_fact = tuple.__new__


def _parse_digits(digits: str, style: str) -> tuple[Decimal, tuple]:
    """A number as written in `style`, and its other plausible readings."""
    if digits.isdigit():
        return Decimal(digits), ()  # no separator: one reading in every style
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
        # the tuple made directly: a named tuple's own `__new__` is a Python call per fact
        self.facts.append(_new_fact(Fact, (kind, value, self.original[start:end], start, end, alternatives, magnitude,
                                           bare_year, False)))

    def run(self) -> list[Fact]:
        """The facts of the text in order: numbers in words with a magnitude word first
        (`spelled_magnitude`); then, at each digit or month name, the rules of `RULES` from a
        little before it (where a date's or time's lead-in word may start), or the lone
        number directly (`_lone_number`)."""
        text = self.text
        for value, start, end in written_fractions(normalize_digits(text), self.lang):
            # `4 分の 1`, `1-in-1000`: one fact, the ratio (`number_fractions`); its figures are not read again
            self.facts.append(Fact("number", value, self.original[start:end], start, end, ratio=True))
            text = self.text = text[:start] + " " * (end - start) + text[end:]
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
            if first == start and word == "千" and text[end:end + 1] in _LONE_THOUSAND_COUNTERS \
                    and text[start - 1:start] not in _LONE_THOUSAND_BEFORE:
                # a lone 千 before a counter: 千行 = a thousand lines
                self.add("number", Decimal(1000), start, end, magnitude=True)
                return
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
            low = _WORD_RANGE.search(text, max(0, first - 24), first)
            if low and exponent and low.group(1).lower() in table and low.group(1).lower() != "a":
                # `three to four thousand`: the magnitude is written once, for both ends
                self.add("number", Decimal(table[low.group(1).lower()]) * Decimal(10) ** exponent,
                         low.start(1), low.end(1), magnitude=True)
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
        before = text[start - 1] if start else ""
        if (before.isalpha() or before.isdigit() or before == "-") and self._in_name(start):
            return self.skip_identifier(end)
        negative = sign is not None and self._negative(sign)
        value, alternatives = _parse_digits(digits, self.style)
        leading_point = self._leading_point(start, digits) if before == "." else 0
        if leading_point:  # `.5` is 0.5
            value, alternatives = Decimal("0." + digits), ()
        ordinal = (before == "第" or before == "제" or before == " ") and self._ordinal(start)
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
        currency = self._currency(start) if before in _CURRENCY_CHARS else None
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
        range or a dash); after a CJK character too (`昨年から-6%`: those scripts join no words
        with a hyphen), unless it counts a figure before it (`16日-17日` is a range)."""
        head = self.text[max(0, sign - 8):sign].rstrip()
        return not head or not (head[-1].isalnum() or head[-1] in "%)") \
            or (_is_cjk_letter(head[-1]) and not head[-2:-1].isdigit())

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

    def _currency(self, start: int) -> re.Match | None:  # (`number` calls it only after one of _CURRENCY_CHARS)
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

