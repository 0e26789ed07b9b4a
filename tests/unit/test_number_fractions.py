"""False alarms of the number comparison on real documentation (opentelemetry.io's English
and Japanese pages), each fixed by a rule: fractions in words on one side, a year repeated in
a translator's gloss, a lone 千, `4：10` before a year counter, `1/Nth`, byte units. Each
rule has a test that real drift of its kind is still found."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from quangba.checks.facts import _mismatches
from quangba.core.content import parse_text
from quangba.core.number_fractions import spelled_fractions
from quangba.core.numbers import extract

FRONT = '---\ntitle: T\ndescription: D\n---\n'


def _pair(source_body: str, body: str, lang: str = "ja") -> list[str]:
    source = parse_text(FRONT + source_body, "en", "a.md", Path("docs/en/a.md"))
    translation = parse_text(FRONT + body, lang, "a.md", Path(f"docs/{lang}/a.md"))
    return [m.message for m in _mismatches(source, translation)]


def test_fractions_with_figures_are_one_fact_each():
    facts = extract("コストは 4 分の 1 から 2 分の 1 程度、回答者の3分の2、三分の一", "ja")
    assert [(f.value, f.ratio) for f in facts] == [
        (Decimal("0.25"), True), (Decimal("0.5"), True), (Decimal(2) / 3, True), (Decimal(1) / 3, True)]
    assert [f.value for f in extract("四分之一的用户", "zh")] == [Decimal("0.25")]
    assert [f.value for f in extract("4분의 1", "ko")] == [Decimal("0.25")]
    assert [f.value for f in extract("sample 1-in-1000 traces, 1 in 10, 1/10th of the time", "en")] == [
        Decimal("0.001"), Decimal("0.1"), Decimal("0.1")]
    assert [f.value for f in extract("1 in 2025 we had 1/10 left", "en")] == [1, (2025, None, None), 1, 10]
    assert spelled_fractions("one quarter to one half, Two-thirds of them, one in a thousand", "en") == {
        Decimal("0.25"), Decimal("0.5"), Decimal(2) / 3, Decimal("0.001")}


def test_a_fraction_in_words_on_one_side_agrees_with_figures_on_the_other():
    assert _pair("Costs one quarter to one half the cost of egress.\n", "エグレスの 4 分の 1 から 2 分の 1 程度。\n") == []
    assert _pair("Two-thirds of maintainers (29 of 44) did.\n", "メンテナーの3分の2（44人中29人）。\n") == []
    assert _pair("It samples one in a thousand traces.\n", "1000 分の 1 のトレースをサンプリング。\n") == []
    assert _pair("It samples 1-in-1000 traces.\n", "1000 分の 1 のトレースをサンプリング。\n") == []
    assert _pair("Errors 1/10th of the time.\n", "10分の1の確率でエラー。\n") == []
    assert _pair("Traffic 15x smaller.\n", "トラフィックを 15 分の 1 に。\n") == []


def test_a_changed_fraction_is_still_found():
    assert _pair("Costs one quarter of egress.\n", "エグレスの 3 分の 1 程度。\n") == [
        "number 3 分の 1 here has no match in the source: remove or correct it"]
    assert _pair("It samples 1-in-1000 traces.\n", "100 分の 1 のトレース。\n") == [
        "number 1-in-1000 in the source (line 5) has no match here (found 100 分の 1)"]


def test_a_year_repeated_in_a_gloss_or_for_that_year_is_no_extra_year():
    assert _pair("- **[OpenTelemetry: Unpacking 2025, Charting 2026](https://sched.co/x)**\n",
                 "- **[OpenTelemetry: Unpacking 2025, Charting 2026](https://sched.co/x)**"
                 "（OpenTelemetry：2025年の振り返りと2026年の展望）\n") == []
    assert _pair("The checker omits 2020 since there are no posts in that year.\n",
                 "2020年の投稿が存在しないため2020年を省略しています。\n") == []


def test_a_changed_year_in_a_gloss_is_still_found():
    found = _pair("- **[Unpacking 2025](https://sched.co/x)**\n",
                  "- **[Unpacking 2025](https://sched.co/x)**（2024年の振り返り）\n")
    assert found == ["year 2024年 here has no match in the source: remove or correct it"]


def test_a_lone_thousand_before_a_counter_is_a_thousand():
    assert [f.value for f in extract("千行のコード", "ja")] == [1000]
    assert extract("千葉と千代田", "ja") == ()  # names, not numbers
    assert _pair("I got rid of a thousand lines of code.\n", "千行のコードを取り除けました。\n") == []
    assert _pair("I got rid of ten thousand lines of code.\n", "千行のコードを取り除けました。\n") != []


def test_a_colon_before_a_year_counter_is_no_time_but_a_time_still_is():
    assert [f.kind for f in extract("Fluent Bit v4：10年のイノベーション", "ja")] == ["number", "number"]
    assert [f.value for f in extract("午前4：10に開始", "ja")] == [(4, 10)]
    assert _pair("Fluent Bit v4: A Decade of Innovation\n", "Fluent Bit v4：10年のイノベーション\n") == []
    assert _pair("It starts at 10:10.\n", "4：10 に開始します。\n") != []


def test_an_ordinal_ending_after_a_letter_is_not_part_of_a_code():
    assert _pair("Failures drop to 1/Nth of the instances.\n", "障害はインスタンス総数の 1/N に削減されます。\n") == []
    assert _pair("Failures drop to 1/Nth of the instances.\n", "障害はインスタンス総数の 1/M に削減されます。\n") != []


def test_byte_units_make_a_quantity_not_a_year():
    assert _pair("where 1 mebibyte == 1024 kilobytes\n", "1メビバイト == 1024キロバイト\n") == []
    assert _pair("where 1 mebibyte == 1024 kilobytes\n", "1メビバイト == 1000キロバイト\n") != []


def test_a_range_of_number_words_writes_its_magnitude_once():
    assert [f.value for f in extract("traces as large as three to four thousand spans", "en")] == [3000, 4000]
    assert _pair("Traces as large as **three to four thousand** spans.\n", "**3,000 から 4,000** ものスパン。\n") == []
    assert _pair("Traces as large as **three to four thousand** spans.\n", "**3,000 から 5,000** ものスパン。\n") != []


def test_tens_in_words_a_minus_after_kana_and_lower_case_byte_units():
    assert _pair("Thirty-nine participants use Db2.\n", "39 人の参加者が Db2 を利用。\n") == []
    assert _pair("Thirty-nine participants use Db2.\n", "38 人の参加者が Db2 を利用。\n") != []
    assert [f.value for f in extract("約23%（昨年から-6%）", "ja")] == [23, -6]
    assert [f.value for f in extract("東京、6月16日-17日", "ja")][-1] == 17  # a range, no minus
    assert _pair("about 23% (-6% from last year)\n", "約23%（昨年から-6%）\n") == []
    assert _pair("about 23% (-6% from last year)\n", "約23%（昨年から+6%）\n") != []
    assert _pair("a large dependency (it is 1.7mb)\n", "大きな依存関係（1.7MB）\n") == []
    assert _pair("a large dependency (it is 1.7mb)\n", "大きな依存関係（17MB）\n") != []


def test_a_count_glued_to_a_word_or_tens_in_words_may_be_written_as_a_figure():
    assert _pair("![demo app screen3](demo-app3.png)\n", "![デモアプリ画面3](demo-app3.png)\n") == []
    assert _pair("![demo app screen3](demo-app3.png)\n", "![デモアプリ画面4](demo-app3.png)\n") != []
    assert _pair("It makes tens of small traces per second.\n", "1 秒あたり 10 件の小さなトレース。\n") == []
    assert _pair("It makes tens of small traces per second.\n", "1 秒あたり 20 件の小さなトレース。\n") != []
