"""Numbers, dates, times and codes read the way each language writes them (quangba.core.numbers),
and the comparison the facts rules make with them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quangba.checks.facts import _mismatches
from quangba.core.content import parse_text
from quangba.core.numbers import canonical, describe, extract, spelled_numbers


def keys(text: str, lang: str) -> list[tuple]:
    """Comparison keys, numbers as normalised strings for readable tables."""
    out = []
    for fact in extract(text, lang):
        value = fact.value
        if fact.kind == "number":
            value = format(value.normalize(), "f")
        out.append((fact.kind, value))
    return out


def N(value: str) -> tuple:
    return ("number", format(Decimal(value).normalize(), "f"))


def D(year=None, month=None, day=None) -> tuple:
    return ("date", (year, month, day))


def T(hour: int, minute: int = 0) -> tuple:
    return ("time", (hour, minute))


def C(code: str) -> tuple:
    return ("code", code)


CASES = [
    # --- numbers, by each language's separators
    ("vi", "rộng hơn 61.000 ha", [N("61000")]),
    ("en", "over 61,000 ha", [N("61000")]),
    ("en", "over 6,100 ha", [N("6100")]),
    ("vi", "13.795,5 km²", [N("13795.5")]),
    ("en", "13,795.5 km²", [N("13795.5")]),
    ("zh", "13,795.5平方公里", [N("13795.5")]),
    ("vi", "1.865.270 người", [N("1865270")]),
    ("ko", "1,865,270명", [N("1865270")]),
    ("vi", "tỷ lệ 12,5%", [N("12.5")]),
    ("en", "a rate of 12.5%", [N("12.5")]),
    ("vi", "đạt 50 %", [N("50")]),
    ("vi", "dài 10.5 km", [N("10.5")]),  # a dot not followed by 3 digits: decimal
    ("vi", "1.234", [N("1234")]),  # dot + exactly 3 digits: thousands
    ("vi", "1,5 triệu", [N("1500000")]),
    ("en", "1.5 million", [N("1500000")]),
    ("en", "14th session (14.COM)", [N("14"), N("14")]),
    ("en", "-5 °C at night, (−3) at dawn", [N("-5"), N("-3")]),
    # --- magnitude words and their combinations: all 2.5e12
    ("vi", "2.500 tỷ đồng", [N("2.5e12")]),
    ("vi", "2,5 nghìn tỷ đồng", [N("2.5e12")]),
    ("en", "VND 2,500 billion", [N("2.5e12")]),
    ("en", "VND 2.5 trillion", [N("2.5e12")]),
    ("zh", "25000亿越南盾", [N("2.5e12")]),
    ("zh", "2.5万亿越南盾", [N("2.5e12")]),
    ("ja", "2兆5000億ドン", [N("2.5e12")]),
    ("ko", "2조 5천억 동", [N("2.5e12")]),
    # other combinations
    ("ko", "2억 5천만 원", [N("2.5e8")]),
    ("zh", "2亿5000万", [N("2.5e8")]),
    ("vi", "2 tỷ 500 triệu đồng", [N("2.5e9")]),
    ("en", "2 billion 500 million", [N("2.5e9")]),
    ("zh", "1万2345人", [N("12345")]),
    ("en", "$5 million", [N("5e6")]),
    ("vi", "5 triệu USD", [N("5e6")]),
    # --- full-width and other digits
    ("ja", "１２３人", [N("123")]),
    ("ja", "６１，０００ヘクタール", [N("61000")]),
    ("ja", "２０１２年５月１０日", [D(2012, 5, 10)]),
    ("lo", "໒໐໑໒", [D(2012)]),
    # Lao groups with dots and marks decimals with a comma, as Vietnamese does (CLDR)
    ("lo", "ເນື້ອທີ່ 13.795,5 km²", [N("13795.5")]),
    ("lo", "ປະຊາກອນ 1.865.270 ຄົນ", [N("1865270")]),
    # --- codes: compared exactly, never as values
    ("vi", "Nghị quyết số 202/2025/QH15", [C("202/2025/QH15")]),
    ("ko", "결의 제202/2025/QH15호", [C("202/2025/QH15")]),
    ("vi", "Quyết định số 548/QĐ-TTg", [C("548/QD-TTG")]),
    ("en", "Decision No. 548/QD-TTg", [C("548/QD-TTG")]),  # without the Đ: the same code
    ("zh", "第4010/QĐ-SHTT号决定", [C("4010/QD-SHTT")]),
    ("vi", "số 00086", [C("00086")]),
    ("en", "No. 00086", [C("00086")]),
    ("vi", "Điện thoại 0207 3822 123", [C("tel:02073822123")]),
    ("en", "Phone +84 207 3822 123", [C("tel:02073822123")]),
    # --- dates, full
    ("vi", "Ngày 10/5/2012", [D(2012, 5, 10)]),
    ("vi", "ngày 10 tháng 5 năm 2012", [D(2012, 5, 10)]),
    ("vi", "ngày 10-5-2012", [D(2012, 5, 10)]),
    ("vi", "ngày 10.5.2012", [D(2012, 5, 10)]),
    ("en", "on 10 May 2012", [D(2012, 5, 10)]),
    ("en", "on May 10, 2012", [D(2012, 5, 10)]),
    ("en", "on the 10th of May 2012", [D(2012, 5, 10)]),
    ("en", "on Sept. 3, 2010", [D(2010, 9, 3)]),
    ("en", "5/23/2012", [D(2012, 5, 23)]),  # month first, unambiguous
    ("en", "2012-05-10", [D(2012, 5, 10)]),
    ("zh", "2012年5月10日", [D(2012, 5, 10)]),
    ("ja", "2012年5月10日", [D(2012, 5, 10)]),
    ("ko", "2012년 5월 10일", [D(2012, 5, 10)]),
    # --- dates, partial: compared at their precision
    ("vi", "tháng 5/2012", [D(2012, 5)]),
    ("vi", "tháng 5 năm 2012", [D(2012, 5)]),
    ("vi", "(12/2019)", [D(2019, 12)]),
    ("en", "in May 2012", [D(2012, 5)]),
    ("zh", "2012年5月", [D(2012, 5)]),
    ("ko", "2012년 5월", [D(2012, 5)]),
    ("vi", "từ ngày 1/7", [D(None, 7, 1)]),
    ("en", "from 1 July", [D(None, 7, 1)]),
    ("zh", "7月1日", [D(None, 7, 1)]),
    ("vi", "vào tháng 5", [D(None, 5)]),
    ("en", "in May", [D(None, 5)]),
    ("en", "every October", [D(None, 10)]),
    ("ja", "3月に", [D(None, 3)]),
    ("vi", "năm 1945", [D(1945)]),
    ("en", "in 1945", [D(1945)]),
    ("zh", "1945年", [D(1945)]),
    ("ko", "1945년", [D(1945)]),
    ("en", "the 1990s", [D(1990)]),
    # --- ranges
    ("en", "2019–2021", [D(2019), D(2021)]),
    ("en", "2019-21", [D(2019), D(2021)]),
    ("en", "2012-05", [D(2012, 5)]),  # not a range (2005 < 2012): ISO year and month
    ("vi", "từ năm 2019 đến 2021", [D(2019), D(2021)]),
    ("vi", "10–15 ha", [N("10"), N("15")]),
    ("en", "10 - 15 ha", [N("10"), N("15")]),
    # --- times
    ("vi", "mở cửa 7h30 – 17h00", [T(7, 30), T(17)]),
    ("vi", "8 giờ sáng, 2 giờ chiều", [T(8), T(14)]),
    ("en", "7:30 am – 5:00 pm", [T(7, 30), T(17)]),
    ("en", "from 5 pm", [T(17)]),
    ("zh", "下午2点30分", [T(14, 30)]),
    ("ja", "午後2時30分", [T(14, 30)]),
    ("ko", "오후 2시 30분", [T(14, 30)]),
    # --- numbers spelled out with a magnitude word
    ("en", "nearly two million visitors", [N("2e6")]),
    ("en", "Two hundred thousand", [N("2e5")]),
    ("en", "half a million", [N("5e5")]),
    ("vi", "gần hai triệu lượt khách", [N("2e6")]),
    ("zh", "三千人，两万，一千零五万", [N("3000"), N("20000"), N("10050000")]),
    # --- other calendars and notations
    ("ko", "2012. 5. 10. 발표", [D(2012, 5, 10)]),
    ("ja", "令和7年、令和元年", [D(2025), D(2019)]),
    ("vi", "ngày 15 tháng 7 âm lịch", [N("15"), N("7")]),  # lunar: compared as numbers
    ("vi", "mùng 10 tháng 3", [N("10"), N("3")]),
    # --- not facts, or not what they look like
    ("vi", "Nghị quyết QH15, mạng 5G, COVID-19, khổ A4, in 3D", []),
    ("en", "see https://example.vn/2019/10/5 or write to info2019@example.vn", []),
    ("en", "the Second National Congress", []),
    ("vi", "một trong bốn sản phẩm", []),
    ("ja", "8時間", [N("8")]),  # a duration, not a clock time
    ("ko", "8시간", [N("8")]),
    ("zh", "5千米", [N("5")]),  # 千米 is a kilometre, not a thousand
    ("vi", "tỷ lệ 5 tỷ lệ", [N("5")]),  # tỷ lệ is a rate
    ("ko", "제3조", [N("3")]),  # article 3, not 3 trillion
    ("en", "2,000 visitors", [N("2000")]),  # a separator: a count, not a year
    ("vi", "độ cao 1500 m", [N("1500")]),  # a unit: a quantity, not a year
    ("en", "12:30:45", [N("12"), N("30"), N("45")]),
]


@pytest.mark.parametrize("lang,text,expected", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_extract(lang, text, expected):
    assert keys(text, lang) == expected


EQUIVALENT = [
    # the same fact written in every language compares equal
    [("vi", "2.500 tỷ đồng"), ("en", "VND 2,500 billion"), ("zh", "25000亿越南盾"), ("ja", "2兆5000億ドン"), ("ko", "2조 5천억 동")],
    [("vi", "61.000 ha"), ("en", "61,000 ha"), ("zh", "61,000公顷"), ("ja", "６１，０００ヘクタール"), ("ko", "61,000ha가")],
    [("vi", "Ngày 10/5/2012"), ("en", "On 10 May 2012"), ("zh", "2012年5月10日"), ("ko", "2012년 5월 10일"), ("ja", "２０１２年５月１０日")],
    [("vi", "tháng 7/2025"), ("en", "July 2025"), ("zh", "2025年7月"), ("ko", "2025년 7월")],
    [("vi", "năm 1945"), ("en", "in 1945"), ("zh", "1945年"), ("ja", "1945年に"), ("ko", "1945년")],
    [("vi", "Quyết định số 548/QĐ-TTg"), ("en", "Decision No. 548/QĐ-TTg"), ("zh", "第548/QĐ-TTg号决定"), ("ko", "결정 제548/QĐ-TTg호")],
]


@pytest.mark.parametrize("group", EQUIVALENT, ids=[g[0][1] for g in EQUIVALENT])
def test_equivalent_across_languages(group):
    values = [keys(text, lang) for lang, text in group]
    assert all(v == values[0] and len(v) == 1 for v in values), values


def test_different_values_differ():
    assert keys("61.000 ha", "vi") != keys("6,100 ha", "en")
    assert keys("10/5/2012", "vi") != keys("5 October 2012", "en")
    assert keys("2.500 tỷ", "vi") != keys("2500亿", "zh")


def test_ambiguous_separators_carry_the_other_reading():
    (fact,) = extract("1,234 km", "vi")  # vi: 1.234, but maybe an English-style thousands
    assert fact.value == Decimal("1.234") and Decimal("1234") in fact.alternatives
    (fact,) = extract("61.000 ha", "en")  # en: 61.0, but maybe a Vietnamese-style thousands
    assert Decimal("61000") in fact.alternatives
    (fact,) = extract("61.000 ha", "vi")  # the language's own thousands separator: no doubt
    assert fact.alternatives == ()


def test_fact_positions_and_text():
    text = "Rộng hơn 61.000 ha, từ ngày 1/7/2025."
    first, second = extract(text, "vi")
    assert text[first.start:first.end] == first.text == "61.000 ha"
    assert second.text == "1/7/2025"
    full_width = "面積は６１，０００ヘクタール"
    (fact,) = extract(full_width, "ja")
    assert fact.text == "６１，０００ヘクタール"  # as written, not normalised


def test_describe_and_canonical():
    (fact,) = extract("25000亿越南盾", "zh")
    assert describe(fact) == "25000亿越南盾 (= 2,500,000,000,000)"
    (fact,) = extract("ngày 10/5/2012", "vi")
    assert canonical(fact) == "2012-05-10"
    (fact,) = extract("từ 1/7", "vi")
    assert canonical(fact) == "--07-01"
    (fact,) = extract("năm 1945", "vi")
    assert fact.noun == "year" and canonical(fact) == "1945"


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        ("en", "rated four stars, the Second Congress, both provinces", {4, 2}),
        ("en", "open Monday to Saturday", {2, 7}),  # thứ 2 … thứ 7
        ("vi", "bốn sản phẩm, lần thứ II, hai mươi mốt tỉnh", {4, 2, 20, 21, 1, 10}),
        ("vi", "mười hai tháng", {10, 2, 12}),
        ("zh", "四星级，第二十三届", {4, 2, 3, 10, 23}),
        ("ja", "二つの県、月曜", {2}),
        ("ko", "두 개의 도시와 세 가지", {2, 3}),
        ("ko", "세계", set()),  # not a number word on its own
    ],
)
def test_spelled_numbers(lang, text, expected):
    assert expected <= set(spelled_numbers(text, lang))
    if not expected:
        assert spelled_numbers(text, lang) == frozenset()


# --- the comparison the rules make -----------------------------------------------------

SOURCE_FRONT = "---\ntype: page\ntitle: T\ndescription: D\n---\n"
TRANSLATION_FRONT = '---\ntitle: T\ndescription: D\nsource_hash: ""\n---\n'


def _pair(source_body: str, lang: str, body: str):
    source = parse_text(SOURCE_FRONT + source_body, "vi", "a.md", Path("docs/vi/a.md"))
    translation = parse_text(TRANSLATION_FRONT + body, lang, "a.md", Path(f"docs/{lang}/a.md"))
    return [(m.code, m.line, m.column, m.message) for m in _mismatches(source, translation)]


def test_agreeing_pages_have_no_mismatch():
    source = "Rộng 61.000 ha, vốn 2.500 tỷ đồng.\n\nNgày 10/5/2012, năm 1945, 24 sản phẩm 4 sao.\n"
    assert _pair(source, "en", "Covers 61,000 ha, VND 2,500 billion.\n\nOn 10 May 2012, in 1945, 24 four-star products.\n") == []
    assert _pair(source, "zh", "面积61,000公顷，投资25000亿越南盾。\n\n2012年5月10日，1945年，24种四星级产品。\n") == []


def test_changed_number_is_one_finding_with_both_values():
    found = _pair("Rộng hơn 61.000 ha.\n", "en", "Over 6,100 ha.\n")
    assert found == [("FCT001", 6, 6, "number 61.000 ha in the source (line 6) has no match here (found 6,100 ha)")]


def test_missing_and_extra_numbers():
    found = _pair("Có 454 sản phẩm.\n\nVăn bản.\n", "en", "Text.\n\nThere are 12 products.\n")
    codes = sorted((code, line) for code, line, _, _ in found)
    # the source's 454 and the translation's 12 are in different blocks, but they are the
    # only ones left: shown together
    assert codes == [("FCT001", 8)]
    found = _pair("Có 454 sản phẩm và năm 1945.\n", "en", "There are products.\n")
    assert [(c, m.split(" in the source")[0]) for c, _, _, m in found] == [
        ("FCT001", "number 454 sản phẩm"), ("FCT002", "year năm 1945")]


def test_year_written_as_number_and_hours_as_numbers_agree():
    assert _pair("Khoảng 1500 người.\n", "en", "About 1,500 people.\n") == []
    assert _pair("Đi mất 3 giờ.\n", "en", "It takes 3 hours.\n") == []


def test_small_counts_may_be_spelled_out_either_way():
    assert _pair("Gồm 4 sản phẩm.\n", "en", "Four products.\n") == []
    assert _pair("Gồm bốn sản phẩm.\n", "ko", "4개 제품입니다.\n") == []
    assert _pair("Đại hội lần thứ II.\n", "ja", "第2回大会。\n") == []
    assert _pair("Gồm 40 sản phẩm.\n", "en", "Forty products.\n") != []  # only small counts


def test_lunar_dates_and_month_names_may_be_worded():
    assert _pair("Lễ hội diễn ra ngày 15 tháng 7 âm lịch.\n", "en", "The festival falls on the 15th day of the seventh lunar month.\n") == []
    assert _pair("Lễ hội vào tháng 3.\n", "en", "The festival is in the third month.\n") == []
    assert _pair("Gần hai triệu lượt khách.\n", "en", "Nearly 2 million visitors.\n") == []


def test_skipped_when_the_translation_cannot_be_read():
    source = parse_text(SOURCE_FRONT + "61.000 ha\n", "vi", "a.md", Path("docs/vi/a.md"))
    broken = parse_text("---\ntitle: [\n---\n6,100 ha\n", "en", "a.md", Path("docs/en/a.md"))
    assert broken.problems
    from quangba.checks.facts import _pairs

    class Fake:
        def translation_sets(self):
            from quangba.core.corpus import TranslationSet

            yield TranslationSet("a.md", source, {"en": broken})
            yield TranslationSet("b.md", None, {"en": source})

    assert list(_pairs(Fake())) == []


_ALPHABET = st.sampled_from(
    list("0123456789０１２ ,.:/-–+()%年月日년월일時시点万亿億兆千천만억조") + ["ngày ", "tháng ", "năm ", "May ", "July ", "h", "am", "tỷ", "million", "âm lịch", "\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["vi", "en", "zh", "ko", "ja", "lo"]))
def test_extract_never_fails_and_points_into_the_text(text, lang):
    facts = extract(text, lang)
    for fact in facts:
        assert text[fact.start:fact.end] == fact.text
        assert fact.kind in ("number", "code", "date", "time")
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    spelled_numbers(text, lang)


@pytest.mark.parametrize("lang", ["vi", "lo", "en", "zh", "ko", "ja"])
def test_a_number_written_as_babel_writes_it_reads_back(lang):
    # Babel's CLDR data decides the separators: Lao writes 1.234.567,5 like Vietnamese
    from babel.numbers import format_decimal

    written = format_decimal(Decimal("1234567.5"), locale=lang)
    assert [f.value for f in extract(written, lang)] == [Decimal("1234567.5")], written


def test_every_rule_of_the_scanner_recognises_its_own_examples():
    """The table of rules (`numbers.RULES`) is what the scanner runs: each rule's examples
    are matched by that rule, not by one before it in the order."""
    import re

    from quangba.core.numbers import _NUMBER_RULE, _SCANNER, RULES

    for rule in RULES + (_NUMBER_RULE["vi"],):
        examples = re.findall(r"`([^`]+)`", rule.examples)
        assert examples and rule.recognises, rule.name
        for example in examples:
            found = {style: (m.lastgroup if (m := scanner.search(example)) else None) for style, scanner in _SCANNER.items()}
            assert rule.name in found.values(), (rule.name, example, found)


@pytest.mark.parametrize("text, lang, values", [
    ("publicado el 29 de mayo de 2025", "es", [(2025, 5, 29)]),
    ("en agosto de 2020", "es", [(2020, 8, None)]),
    ("le 18 mars 2026 et le 1er avril", "fr", [(2026, 3, 18), (None, 4, 1)]),
    ("em 18 de março de 2026", "pt", [(2026, 3, 18)]),
    ("hasta 300 000 usuarios activos", "es", [Decimal("300000")]),
    ("3\u202f000 personnes", "fr", [Decimal("3000")]),
    ("61\u00a0000 ha", "vi", [Decimal("61000")]),  # a no-break space groups digits in every language
])
def test_dates_in_other_languages_month_names_and_space_grouped_numbers(text, lang, values):
    """opentelemetry.io's es/pt/fr pages: `May 29th, 2025` is `29 de mayo de 2025` (CLDR's
    month names), `300,000` is `300 000`; the fact is shown as written."""
    facts = extract(text, lang)
    assert [f.value for f in facts] == values
    assert all(text[f.start:f.end] == f.text for f in facts)
    assert extract("May 29th, 2025", "en")[0].value == (2025, 5, 29)


def test_magnitude_letters_glued_to_digits_and_a_decade():
    """`27K additions` (opentelemetry.io) is 27,000 as `27,000行` is; `a decade` spells 10."""
    assert [f.value for f in extract("27K additions, 10K deletions, 10M requests", "en")] == [
        Decimal("27000"), Decimal("10000"), Decimal("10000000")]
    assert [f.value for f in extract("27,000行の追加", "ja")] == [Decimal("27000")]
    assert [f.value for f in extract("5 km, 3 kg, 5G", "en")] == [Decimal("5"), Decimal("3")]
    assert 10 in spelled_numbers("over a decade of experience", "en")


@pytest.mark.parametrize("text, lang", [
    ("from June 14 to 17, 2025", "en"), ("June 14 - 17, 2025", "en"), ("14–17 June 2025", "en"),
    ("2025年6月14日〜17日", "ja"), ("2025年6月14日から17日", "ja"),
])
def test_a_range_of_days_is_two_dates(text, lang):
    """opentelemetry.io: `June 14 to 17, 2025` (en) and `2025年6月14日〜17日` (ja) agree."""
    assert [f.value for f in extract(text, lang)] == [(2025, 6, 14), (2025, 6, 17)]


def test_japanese_approximate_hundreds_of_thousands_is_no_figure():
    assert extract("何十万ものソフトウェア", "ja") == ()


def test_a_range_with_one_magnitude_word_and_a_schedule_time():
    """opentelemetry.io: `500-600 thousand spans` is `50 万〜60 万スパン`; `0600 PT` is 午前6時."""
    assert [f.value for f in extract("averages 500-600 thousand spans", "en")] == [Decimal("500000"), Decimal("600000")]
    assert [f.value for f in extract("平均 50 万〜60 万スパン", "ja")] == [Decimal("500000"), Decimal("600000")]
    assert [f.value for f in extract("every Thursday at 0600 PT", "en")] == [(6, 0)] == [f.value for f in extract("毎週木曜日の午前6時（PT）", "ja")]
    assert [f.value for f in extract("5-3 million", "en")] == [Decimal("5"), Decimal("3000000")]  # not a range


def test_a_leading_decimal_point_and_month_of_year():
    """opentelemetry.io: `If you set .5` is 0.5 (the ja page writes 0.5); `November of 2023` is 2023年11月."""
    assert [f.value for f in extract("If you set .5, half of all spans", "en")] == [Decimal("0.5")]
    assert [f.value for f in extract("Since November of 2023, the SIG", "en")] == [(2023, 11, None)] == [f.value for f in extract("2023年11月以降", "ja")]


@pytest.mark.parametrize("text, lang, value", [
    ("aproximadamente 10 millones de solicitudes", "es", Decimal("10000000")),
    ("2 mil millones", "es", Decimal("2000000000")),
    ("300 mil usuarios", "es", Decimal("300000")),
    ("2 milhões de pessoas", "pt", Decimal("2000000")),
    ("3 milliards d’euros", "fr", Decimal("3000000000")),
])
def test_magnitude_words_of_spanish_portuguese_and_french(text, lang, value):
    """opentelemetry.io's es page: `10 million requests` is `10 millones de solicitudes`."""
    assert [f.value for f in extract(text, lang)] == [value]
