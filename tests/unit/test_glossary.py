"""The glossary: its format, how terms match, the built-in sovereignty terms, caching."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quangba.core import glossary as g
from quangba.checks import _load_families, run_checks
from quangba.checks.terminology import short
from quangba.checks.untranslated import _first_vietnamese_word, is_substantial
from quangba.core.corpus import Corpus
from quangba.core.project import load_project

ROOT = Path(__file__).resolve().parents[2]
RULES_BASE = ROOT / "tests" / "fixtures" / "rules" / "mkdocs.yml"


def _count(text: str, *forms: str) -> int:
    return len(list(g.alternation(list(forms)).finditer(text)))


# -- format --------------------------------------------------------------------------------


def test_parse_terms_forbidden_and_names():
    glossary = g.parse(
        "terms:\n"
        "  - {vi: Tân Trào, en: Tân Trào, zh: 新潮, ja: [タン・トラオ, タンチャオ]}\n"
        "  - vi: Tuyên Quang\n"
        "    ko: 뚜옌꽝\n"
        "    scope: page\n"
        "    note: the province\n"
        "forbidden:\n"
        "  en:\n"
        "    - {term: Tuyen Quang, why: letters, instead: Tuyên Quang}\n"
        '  "*":\n'
        '    - {pattern: "Hà\\\\s+Tuyên", why: old province}\n'
        "names: [Sơn Dương, Bogotá]\n"
    )
    assert glossary.problems == ()
    first, second = glossary.terms
    assert first.forms["ja"] == ("タン・トラオ", "タンチャオ") and "ko" not in first.forms
    assert second.scope == "page" and second.note == "the province" and first.scope == "block"
    assert [f.label for f in glossary.forbidden["en"]] == ["Tuyen Quang"]
    assert glossary.forbidden["*"][0].why == "old province"
    assert glossary.names == ("Sơn Dương", "Bogotá")
    # "*" entries apply to every language, the built-in ones come on top with `load`
    assert [f.label for f in glossary.forbidden_for("zh")] == ["Hà\\s+Tuyên"]


def test_problems_have_lines_and_never_raise():
    glossary = g.parse("terms:\n  - {vi: A, colour: red}\n  - B\nforbidden:\n  en:\n    - {pattern: '(x'}\nother: 1\n")
    assert [(p.line, p.message.split(":")[0]) for p in glossary.problems] == [
        (2, "unknown field `colour` in a term"), (3, "a term must be a mapping like `{vi"),
        (6, "`pattern"), (7, "unknown section `other`"),
    ]
    assert len(glossary.terms) == 1  # the usable rest still applies
    for junk in ("terms: [}\n", "- a\n- b\n", "42", "terms: 7\nforbidden: [x]\nnames: {a: 1}\n", "\x00", ""):
        g.parse(junk)  # never raises


def test_synonyms_for_the_search():
    from quangba.web.search import synonym_search_terms

    glossary = g.parse("synonyms:\n  vi:\n    - [chè, trà]\n    - [lễ hội, hội]\n  en:\n    - [tea, chai]\n")
    assert glossary.problems == ()
    assert glossary.synonyms == {"vi": (("chè", "trà"), ("lễ hội", "hội")), "en": (("tea", "chai"),)}
    # the other words of a group the text has, as whole words in any case, once
    assert synonym_search_terms(glossary, "vi", "Chè Shan tuyết Na Hang; chè búp") == ["trà"]
    assert synonym_search_terms(glossary, "vi", "Chèo là nghệ thuật sân khấu") == []       # chèo is not chè
    assert synonym_search_terms(glossary, "vi", "chè và trà") == []                      # has both already
    assert synonym_search_terms(glossary, "en", "Chè Shan tuyết") == []                  # per language
    # the merged glossary (with the built-in terms) keeps them
    assert g.merge(glossary, g.builtin()).synonyms == glossary.synonyms
    # bad groups are problems with their line, the rest applies
    bad = g.parse("synonyms:\n  vi:\n    - [chè]\n    - trà\n    - [chè, trà]\n  x1!: []\n  en: tea\n")
    assert [(p.line, p.message.split(",")[0]) for p in bad.problems] == [
        (3, "a synonym group needs two words or more"), (4, "a synonym group needs two words or more"),
        (6, "`x1!` is not a language code"), (7, "`synonyms: en:` must be a list of word groups")]
    assert bad.synonyms == {"vi": (("chè", "trà"),)}
    assert g.parse("synonyms: [chè, trà]\n").problems[0].message.startswith("`synonyms:` must map a language")


# -- matching ------------------------------------------------------------------------------


def test_latin_terms_are_whole_words_and_case_rules():
    assert _count("Then is sung. Thenard is not Then.", "Then") == 2
    assert _count("then the ceremony", "Then") == 0  # a capitalised name only as written
    assert _count("Tỉnh Tuyên Quang và tỉnh Hà Giang", "tỉnh Tuyên Quang") == 1
    assert _count("Di tích quốc gia đặc biệt; di tích quốc gia đặc biệt", "di tích quốc gia đặc biệt") == 2
    assert _count("Kim Bình国家级 and Kim Bìnhs", "Kim Bình") == 1  # CJK next to it is a boundary


def test_spaces_and_dashes_are_flexible():
    assert _count("Tân\nTrào", "Tân Trào") == 1
    assert _count("Na Hang-Lâm Bình, Na Hang — Lâm Bình", "Na Hang – Lâm Bình") == 2


def test_cjk_terms_match_inside_words_and_variants_count_once():
    assert _count("宣光省和宣光市", "宣光") == 2
    assert _count("ナハン・ラムビン", "ナハン・ラムビン", "ナハン") == 1  # longest first, no double count


def test_trm001_tolerance():
    assert short(1, 0) and short(2, 0) and short(3, 1)
    assert not short(2, 1) and not short(1, 1) and not short(3, 2)


# -- built-in sovereignty terms -------------------------------------------------------------

FLAGGED = [
    ("en", "near the South China Sea coast", "South China Sea"),
    ("en", "the south china\nsea", "south china\nsea"),
    ("en", "the Paracel Islands", "Paracel Islands"),
    ("en", "the Spratlys", "Spratlys"),
    ("vi", "gọi là biển Nam Trung Hoa", "biển Nam Trung Hoa"),
    ("vi", "quần đảo Tây Sa", "quần đảo Tây Sa"),
    ("zh", "外国地图称之为南海。", "南海"),
    ("zh", "中国南海诸岛", "南海诸岛"),
    ("zh", "西沙群岛", "西沙群岛"),
    ("zh", "关于南沙的报道", "南沙"),
    ("zh", "南中国海", "南中国海"),
    ("ko", "남중국해에서", "남중국해"),
    ("ko", "파라셀 제도", "파라셀"),
    ("ko", "스프래틀리 군도", "스프래틀리"),
    ("ko", "남사군도", "남사군도"),
    ("ja", "南シナ海に面した", "南シナ海"),
    ("ja", "西沙諸島", "西沙諸島"),
    ("ja", "パラセル諸島", "パラセル"),
    ("vi", "Bản đồ ghi South China Sea.", "South China Sea"),  # "*": every language
    ("lo", "ແຜນທີ່ຂຽນວ່າທະເລຈີນໃຕ້", "ທະເລຈີນໃຕ້"),
    ("lo", "ທະເລຈີນພາກໃຕ້", "ທະເລຈີນພາກໃຕ້"),
    ("lo", "ໝູ່ເກາະພາຣາເຊວ", "ພາຣາເຊວ"),
    ("lo", "ໝູ່ເກາະສະແປຣດລີ", "ສະແປຣດລີ"),
    ("lo", "ໝູ່ເກາະຊີຊາ", "ໝູ່ເກາະຊີຊາ"),
    ("lo", "ໝູ່ເກາະ ໜານຊາ", "ໝູ່ເກາະ ໜານຊາ"),
]

NOT_FLAGGED = [
    ("en", "the East Sea and the Hoàng Sa (Paracel) archipelago, the Trường Sa (Spratly) archipelago"),
    ("en", "https://example.test/south-china-sea-map"),
    ("vi", "Biển Đông, quần đảo Hoàng Sa, quần đảo Trường Sa"),
    ("zh", "东海、黄沙群岛、长沙群岛"),
    ("zh", "越南海关、越南海防、越南海域、云南海拔、中南海、南海岸、南海区、南海观音"),
    ("zh", "越南沙坝、南沙区、东西沙发、巴西沙滩、广西沙"),
    ("ko", "동해, 호앙사(파라셀) 군도, 호앙사 군도 (파라셀), 쯔엉사(스프래틀리) 군도"),
    ("ko", "시사 프로그램, 남사당놀이"),
    ("ja", "ベトナム東部海域（南シナ海）、南シナ海（ベトナム東部海域）、ホアンサ（パラセル）諸島"),
    ("ja", "ホアンサ諸島とチュオンサ諸島"),
    ("lo", "ໝູ່ເກາະຮວ່າງຊາ, ເຈື່ອງຊາ; ໝູ່ເກາະຮວ່າງຊາ (ພາຣາເຊວ), ໝູ່ເກາະເຈື່ອງຊາ (ສະແປຣດລີ); ແຂວງຊຽງຂວາງ"),
]


def _hits(lang: str, text: str) -> list[str]:
    found = []
    for entry in g.builtin().forbidden_for(lang):
        assert entry.hints is None or entry.may_match(text, text.lower()) or not entry.regex.search(text), entry.label
        found.extend(m.group() for m in entry.regex.finditer(text))
    return found


@pytest.mark.parametrize("lang,text,term", FLAGGED)
def test_sovereignty_terms_are_flagged(lang, text, term):
    assert _hits(lang, text) == [term]


@pytest.mark.parametrize("lang,text", NOT_FLAGGED)
def test_sovereignty_terms_are_precise(lang, text):
    assert _hits(lang, text) == []


def test_builtin_entries_all_explain_themselves():
    entries = [e for found in g.builtin().forbidden.values() for e in found]
    assert len(entries) >= 15
    assert all(e.why and e.instead and e.builtin for e in entries)


# -- the project's glossary ------------------------------------------------------------------

FACTS_TABLE = [  # shared/FACTS.md, "Official renderings of names"
    ("tỉnh Tuyên Quang", {"en": "Tuyên Quang province", "zh": "宣光省", "ko": "뚜옌꽝성", "ja": "トゥエンクアン省"}),
    ("Tân Trào", {"en": "Tân Trào", "zh": "新潮", "ko": "탄짜오", "ja": "タン・トラオ"}),
    ("Kim Bình", {"en": "Kim Bình", "ko": "김빈"}),
    ("Biển Đông", {"en": "East Sea", "zh": "东海", "ko": "동해", "ja": "ベトナム東部海域"}),
    ("quần đảo Hoàng Sa", {"en": "Hoàng Sa (Paracel) archipelago", "zh": "黄沙群岛", "ko": "호앙사 군도", "ja": "ホアンサ諸島"}),
    ("quần đảo Trường Sa", {"en": "Trường Sa (Spratly) archipelago", "zh": "长沙群岛", "ko": "쯔엉사 군도", "ja": "チュオンサ諸島"}),
]


def test_project_glossary_is_valid_and_has_the_official_renderings():
    glossary = g.load(ROOT / "glossary.yml")
    assert glossary.problems == ()
    for vi, renderings in FACTS_TABLE:
        index = next(i for i, t in enumerate(glossary.terms) if glossary.term_regex(i, "vi") and glossary.term_regex(i, "vi").search(vi))
        for lang, official in renderings.items():
            assert glossary.term_regex(index, lang).search(official), (vi, lang, official)
            assert not _hits(lang, official)  # no official rendering is forbidden


def test_load_is_cached_per_file_version(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("names: [Sơn Dương]\n", encoding="utf-8")
    first = g.load(path)
    assert g.load(path) is first
    path.write_text("names: [Sơn Dương, Chiêm Hóa]\n", encoding="utf-8")
    later = path.stat().st_mtime_ns + 10**9  # a new version even within the clock's resolution
    os.utime(path, ns=(later, later))
    assert g.load(path).names[:2] == ("Sơn Dương", "Chiêm Hóa")  # then the built-in product names
    assert g.load(tmp_path / "missing.yml").problems[0].line == 0
    assert g.load(None).forbidden == g.builtin().forbidden  # built-in terms without a glossary


def _project(tmp_path: Path, glossary: str | None) -> Corpus:
    shutil.copy2(RULES_BASE, tmp_path / "mkdocs.yml")
    (tmp_path / "docs" / "vi").mkdir(parents=True)
    (tmp_path / "docs" / "vi" / "a.md").write_text("---\ntype: page\ntitle: T\ndescription: D.\n---\nText.\n", encoding="utf-8")
    if glossary is not None:
        (tmp_path / "glossary.yml").write_text(glossary, encoding="utf-8")
    return Corpus.load(load_project(tmp_path / "mkdocs.yml"))


def test_missing_or_broken_glossary_is_a_trm003_finding(tmp_path):
    _load_families()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    missing = [f.as_text() for f in run_checks(_project(tmp_path / "a", None), select=["TRM"])]
    line = RULES_BASE.read_text(encoding="utf-8").split("\n").index("      glossary: glossary.yml") + 1
    assert missing == [f"mkdocs.yml:{line}:1: TRM003 glossary file `glossary.yml` not found"]
    broken = [f.as_text() for f in run_checks(_project(tmp_path / "b", "terms: [}\n"), select=["TRM"])]
    assert len(broken) == 1 and broken[0].startswith("glossary.yml:1:") and "put the value in double quotes" in broken[0]


# -- helpers of the untranslated rules --------------------------------------------------------


def test_vietnamese_words_in_english():
    glossary = g.parse("terms: [{vi: Tân Trào, en: Tân Trào}]\nnames: [Sơn Dương, Bogotá]\n")
    assert _first_vietnamese_word("Tân Trào, in Sơn Dương; 14.COM in Bogotá; Decision 548/QĐ-TTg.", "en", glossary) is None
    assert _first_vietnamese_word("A café at https://vi.wikipedia.org/wiki/Tân_Trào.", "en", glossary) is None
    assert _first_vietnamese_word("The Sở Văn hóa of Sơn Dương", "en", glossary) == (4, "Sở")
    assert _first_vietnamese_word("Tân Trào's tỉnh", "en", glossary) == (11, "tỉnh")
    # French keeps its own accents; only letters no other language uses count there
    assert _first_vietnamese_word("Le café près de Sơn Dương", "fr", glossary) is None


def test_substantial_text():
    glossary = g.parse("names: [Cao Bằng, Lào Cai, Phú Thọ, Thái Nguyên]\n")
    assert is_substantial("Ăn mặc lịch sự, giữ trật tự.", glossary)
    assert not is_substantial("Cao Bằng, Lào Cai, Phú Thọ, Thái Nguyên", glossary)
    assert not is_substantial("548/QĐ-TTg https://mytuyenquang.vn/en/ 13.795,5 km²", glossary)
    assert not is_substantial("Thông tin chính", glossary)
    assert is_substantial("新潮是一个与越南革命历史", glossary) and not is_substantial("新潮遗迹", glossary)


def test_fold_keeps_offsets_and_finds_names_without_their_letters():
    text = "Tân Trào, Đồng Văn, Hàm Yên"
    assert g.fold(text) == "Tan Trao, Dong Van, Ham Yen" and len(g.fold(text)) == len(text)
    glossary = g.parse("terms: [{vi: Tân Trào, en: Tân Trào}, {vi: Việt Nam, en: Viet Nam}]\n")
    assert [m.group() for m in glossary.folded_regex(0, "en").finditer(g.fold("Tan Trao and Tân Trào"))] == ["Tan Trao", "Tan Trao"]
    assert glossary.folded_regex(1, "en") is None  # nothing to lose: the form has no marks


# -- patterns from outside hands run in linear time ------------------------------------------


def test_a_project_pattern_cannot_backtrack_for_minutes(tmp_path):
    # `(a+)+$` on 40 a's and a '!' takes Python's engine about 2^40 steps; RE2 answers at once.
    # Run in a child process, so that a regression fails at the timeout instead of hanging.
    script = (
        "from quangba.core import glossary as g\n"
        "entry = g.parse('forbidden:\\n  en:\\n    - {pattern: \"(a+)+$\"}\\n').forbidden['en'][0]\n"
        "print(list(entry.regex.finditer('a' * 40 + '!')), list(entry.regex.finditer('xaa')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    empty, found = result.stdout.strip().split("] [")
    assert empty == "[" and found.count("Match") == 1


def test_a_pattern_the_linear_engine_cannot_run_is_a_problem_naming_it():
    glossary = g.parse('forbidden:\n  en:\n    - {pattern: "Hà(?! Giang)", why: x}\n    - {pattern: "(Hà)\\\\s+\\\\1"}\n')
    assert glossary.forbidden == {}
    assert [(p.line, p.message.split(" uses ")[0]) for p in glossary.problems] == [
        (3, "`pattern:` `Hà(?! Giang)`"), (4, "`pattern:` `(Hà)\\s+\\1`"),
    ]
    assert "RE2" in glossary.problems[0].message
    # the built-in sovereignty terms keep their look-behinds (reviewed, shipped with quangba)
    assert g.builtin().forbidden and not g.builtin().problems
