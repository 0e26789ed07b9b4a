"""Social cards (quangba.web.cards): size, determinism, the cache, line breaking, and glyph
coverage of every language's fonts, checked against the fonts' own character maps."""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from quangba.web import cards
from quangba.web.cards import (
    NO_BREAK_AFTER, NO_BREAK_BEFORE, balanced_wrap, clean, font_chain, font_for, missing_glyphs,
    render_card, wrap,
)

SAMPLES = {
    # lang: (title, section, province) — titles of the real pages, in the page's own script
    "vi": ("Công viên địa chất toàn cầu UNESCO Cao nguyên đá Đồng Văn", "Di sản", "Tuyên Quang"),
    "en": ("National Assembly resolves to merge Tuyên Quang and Hà Giang", "News", "Tuyên Quang Province"),
    "zh": ("岱依族、侬族和泰族的天曲（Then）习俗", "文化遗产", "宣光省"),
    "ko": ("동반 카르스트 고원 유네스코 세계지질공원", "유산", "뚜옌꽝성"),
    "ja": ("ドンヴァン・カルスト高原ユネスコ世界ジオパーク", "遺産", "トゥエンクアン省"),
    "lo": ("ມໍລະດົກທາງວັດທະນະທຳຂອງແຂວງຕວຽນກວາງ ປີ 2025", "ມໍລະດົກ", "ແຂວງຕວຽນກວາງ"),
}
# every Vietnamese letter with a tone mark, upper and lower case, to be sure of the whole set
VIETNAMESE = (
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)


# -- a font's character map, read independently of Pillow --------------------------------------------


def cmap(path: Path, index: int = 0) -> set[int]:
    """The code points a font maps to a real glyph (cmap formats 4 and 12; TTC aware)."""
    data = path.read_bytes()
    base = 0
    if data[:4] == b"ttcf":
        base = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    tables = {}
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        tables[tag] = offset
    table = tables[b"cmap"]
    subtables = {}
    for i in range(struct.unpack_from(">H", data, table + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, table + 4 + 8 * i)
        subtables[(platform, encoding)] = table + offset
    for key in ((3, 10), (0, 4), (0, 6)):
        if key in subtables and struct.unpack_from(">H", data, subtables[key])[0] == 12:
            at = subtables[key]
            groups = struct.unpack_from(">I", data, at + 12)[0]
            out: set[int] = set()
            for g in range(groups):
                start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
                out.update(c for c in range(start, end + 1) if glyph + (c - start) != 0)
            return out
    at = subtables.get((3, 1), subtables.get((0, 3)))
    assert at is not None and struct.unpack_from(">H", data, at)[0] == 4
    seg2 = struct.unpack_from(">H", data, at + 6)[0]
    ends = at + 14
    starts = ends + seg2 + 2
    deltas = starts + seg2
    ranges = deltas + seg2
    out = set()
    for s in range(seg2 // 2):
        end, start = struct.unpack_from(">H", data, ends + 2 * s)[0], struct.unpack_from(">H", data, starts + 2 * s)[0]
        delta, range_offset = struct.unpack_from(">hH", data, deltas + 2 * s)[0], struct.unpack_from(">H", data, ranges + 2 * s)[0]
        for c in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (c + delta) & 0xFFFF
            else:
                glyph = struct.unpack_from(">H", data, ranges + 2 * s + range_offset + 2 * (c - start))[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                out.add(c)
    return out


_CMAPS: dict = {}


def covered(face: cards.Face, ch: str) -> bool:
    key = (face, "Bold")
    if key not in _CMAPS:
        _CMAPS[key] = cmap(face.file("Bold"), face.index)
    return ord(ch) in _CMAPS[key]


def lao_installed() -> bool:
    try:
        cards.Face(cards.LAO, 0).file("Bold")
        return True
    except Exception:
        return False


def langs():
    return [pytest.param(lang, marks=pytest.mark.skipif(lang == "lo" and not lao_installed(), reason="no Lao font"))
            for lang in SAMPLES]


# -- coverage -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", langs())
def test_every_character_of_the_samples_has_a_glyph(lang):
    text = clean("".join(SAMPLES[lang]))
    primary = font_chain(lang)[0]
    for ch in text:
        if ch.isspace() or unicodedata.category(ch).startswith("M"):
            continue
        face = font_for(ch, lang)
        assert face is not None, f"{lang}: no font draws {ch!r} U+{ord(ch):04X}"
        # the module's choice is confirmed by the font's own character map
        assert covered(face, ch), f"{lang}: {face} has no glyph for {ch!r} U+{ord(ch):04X}"
        if not (ch.isascii() and lang == "lo"):  # Noto Sans Lao has no Latin digits
            assert face == primary, f"{lang}: {ch!r} fell back to {face}"
    assert missing_glyphs("".join(SAMPLES[lang]), lang) == []


@pytest.mark.parametrize("lang", ["vi", "en", "zh", "ko", "ja"])
def test_vietnamese_names_are_drawn_in_every_language(lang):
    """Place names keep their Vietnamese letters in any page (a Chinese title may quote
    'Tân Trào'): every precomposed letter is in the language's first font."""
    primary = font_chain(lang)[0]
    for ch in VIETNAMESE:
        assert covered(primary, ch), f"{lang}: {primary} lacks {ch!r}"
        assert font_for(ch, lang) == primary


def test_decomposed_text_is_normalised_first():
    """The CJK fonts have no combining marks: NFD text must still draw (as NFC)."""
    nfd = unicodedata.normalize("NFD", "Tân Trào Đồng Văn")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert not covered(font_chain("zh")[0], "\u0303") and not covered(font_chain("zh")[0], "\u0323")
    assert missing_glyphs(nfd, "zh") == []
    assert clean(nfd) == "Tân Trào Đồng Văn"


def test_missing_glyphs_are_reported():
    assert missing_glyphs("Cam sành 🍊", "vi") == ["🍊"]


def test_faces_per_language():
    assert font_chain("ja")[0] == cards.Face(cards.CJK, 0)
    assert font_chain("ko")[0] == cards.Face(cards.CJK, 1)
    assert font_chain("zh")[0] == cards.Face(cards.CJK, 2)
    assert font_chain("zh-Hant")[0] == cards.Face(cards.CJK, 3)
    assert font_chain("vi")[0].family == font_chain("en")[0].family == cards.LATIN
    assert font_chain("lo")[0].family == cards.LAO


# -- line breaking --------------------------------------------------------------------------------


def char_width(text: str) -> float:
    return float(len(text))


def test_cjk_breaks_between_characters_but_not_before_closing_punctuation():
    text = "岱依族、侬族和泰族的天曲（Then）习俗。「引用」文字。国家级特殊历史遗迹区，新潮。"
    for width in range(3, 12):
        lines = wrap(text, "zh", char_width, width)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_BREAK_BEFORE, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_BREAK_AFTER, (width, lines)
        if width >= len("（Then）"):
            assert any("Then" in line for line in lines), (width, lines)  # a Latin word stays whole


def test_japanese_small_kana_and_long_vowel_stay_with_their_syllable():
    text = "ドンヴァン・カルスト高原ユネスコ世界ジオパーク"
    for width in range(4, 14):
        for line in wrap(text, "ja", char_width, width)[1:]:
            assert line[0] not in "ァィゥェォッャュョー・", line


def test_latin_and_korean_break_at_spaces():
    assert wrap("National Assembly resolves to merge", "en", char_width, 20) == [
        "National Assembly", "resolves to merge"
    ]
    title = "동반 카르스트 고원 유네스코 세계지질공원"
    for width in range(6, 16):
        lines = wrap(title, "ko", char_width, width)
        assert " ".join(lines) == title
        assert all(word in title.split(" ") for line in lines for word in line.split(" ")), lines


def test_balanced_korean_lines_keep_each_word_whole():
    # Balancing used to narrow the line below the longest eojeol and cut it (타이족|의).
    title = "따이족·눙족·타이족의 텐(Then) 의례"
    words = title.split(" ")
    for width in range(len(words[0]), 30):
        for lines in (balanced_wrap(title, "ko", char_width, width), wrap(title, "ko", char_width, width)):
            assert " ".join(lines) == title
            assert all(word in words for line in lines for word in line.split(" ")), (width, lines)
    _, lines, _ = cards._title_layout(title, "ko")  # the real font: smaller type before a cut word
    assert all(word in words for line in lines for word in line.split(" ")), lines


def test_balanced_lines():
    lines = balanced_wrap("Công viên địa chất toàn cầu UNESCO Cao nguyên đá Đồng Văn", "vi", char_width, 40)
    assert len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) <= 8


def test_long_titles_keep_three_lines_with_an_ellipsis():
    long = "Khu di tích quốc gia đặc biệt Tân Trào, nơi Chủ tịch Hồ Chí Minh và Trung ương " * 3
    text, lines, _ = cards._title_layout(clean(long), "vi")
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text.width(line) <= cards.WIDTH - 2 * cards.MARGIN_X for line in lines)
    assert lines[-1][:-1].split(" ")[-1] in long.split(" ")  # cut at a word, not inside one


# -- files, determinism, cache -------------------------------------------------------------------


@pytest.mark.parametrize("lang", langs())
def test_card_size_and_format(tmp_path, lang):
    out = tmp_path / f"{lang}.png"
    assert render_card(*SAMPLES[lang], lang, out) is True
    with Image.open(out) as im:
        assert im.format == "PNG" and im.size == (1200, 630)
    assert out.stat().st_size < 150_000
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777  # readable like any file


@pytest.mark.parametrize("lang", langs())
def test_the_shared_palette_keeps_every_card_true_to_its_drawing(tmp_path, lang):
    """Every card is mapped to one palette (made once from a sample card): the texts and their
    edges keep their colours within a few levels of the full-colour drawing."""
    from PIL import ImageChops, ImageStat

    drawn = cards.draw_card(*SAMPLES[lang], lang)
    out = tmp_path / "card.png"
    render_card(*SAMPLES[lang], lang, out)
    with Image.open(out) as im:
        assert im.mode == "P"
        written = im.convert("RGB")
    difference = ImageChops.difference(drawn, written)
    assert max(ImageStat.Stat(difference).mean) <= 2.5  # in 255, on average
    assert max(high for _, high in difference.getextrema()) <= 24


def test_jpeg_card_is_small(tmp_path):
    out = tmp_path / "card.jpg"
    render_card("Khu di tích quốc gia đặc biệt Tân Trào " * 4, "Di sản", "Tuyên Quang", "vi", out)
    with Image.open(out) as im:
        assert im.format == "JPEG" and im.size == (1200, 630)
        assert "exif" not in im.info
    assert out.stat().st_size <= 150_000


def test_deterministic_bytes(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    render_card(*SAMPLES["ja"], "ja", a)
    cards._background_cached.cache_clear()  # drawn again from scratch
    render_card(*SAMPLES["ja"], "ja", b)
    assert a.read_bytes() == b.read_bytes()


def test_nfc_and_nfd_give_the_same_card(tmp_path):
    title, section, province = SAMPLES["vi"]
    render_card(title, section, province, "vi", tmp_path / "nfc.png")
    render_card(unicodedata.normalize("NFD", title), section, province, "vi", tmp_path / "nfd.png")
    assert (tmp_path / "nfc.png").read_bytes() == (tmp_path / "nfd.png").read_bytes()


def test_cache_reuse(tmp_path):
    cache = tmp_path / "cache"
    first, second = tmp_path / "site" / "a.png", tmp_path / "site2" / "a.png"
    assert render_card(*SAMPLES["ko"], "ko", first, cache) is True
    assert render_card(*SAMPLES["ko"], "ko", second, cache) is False
    assert first.read_bytes() == second.read_bytes()
    assert render_card(*SAMPLES["ko"], "ja", tmp_path / "other-lang.png", cache) is True
    title, section, province = SAMPLES["ko"]
    assert render_card(title + "!", section, province, "ko", tmp_path / "other.png", cache) is True
    assert len(list(cache.rglob("*.png"))) == 3


def test_texts_change_the_picture(tmp_path):
    render_card("Tân Trào", "Di sản", "Tuyên Quang", "vi", tmp_path / "a.png")
    render_card("Tân Trào", "Tin tức", "Tuyên Quang", "vi", tmp_path / "b.png")
    with Image.open(tmp_path / "a.png") as a, Image.open(tmp_path / "b.png") as b:
        assert a.convert("RGB").tobytes() != b.convert("RGB").tobytes()


def test_page_versions_with_the_same_picture_share_one_drawing(tmp_path, monkeypatch):
    """render_cards draws a card once for every page version that shows the same texts in the
    same language (the others are copies), and a second build draws none (the cache)."""
    import shutil

    from quangba.core.corpus import SHARED_CACHE_ENV, Corpus
    from quangba.core.project import load_project
    from quangba.web.visuals import render_cards

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "tiny", root)
    for name in ("a", "b"):
        page = root / "docs" / "vi" / "tin" / f"{name}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("---\ntype: page\ntitle: Lễ hội mùa xuân\ndescription: Tin.\n---\nTin.\n", encoding="utf-8")
    monkeypatch.setenv(SHARED_CACHE_ENV, str(tmp_path / "cache"))
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    site = tmp_path / "site"
    # vi: the home page, tin/a and tin/b (one picture); en: the home page (tin/* untranslated)
    assert render_cards(corpus, site, jobs=1) == (3, 1)
    a, b = site / "assets/cards/vi/tin/a.png", site / "assets/cards/vi/tin/b.png"
    assert a.read_bytes() == b.read_bytes()
    assert len(list((tmp_path / "cache").rglob("*.png"))) == 3
    assert not (site / "assets/cards/en/tin").exists()
    shutil.rmtree(site)
    assert render_cards(corpus, site, jobs=1) == (0, 4)
    assert b.read_bytes() == a.read_bytes() and len(list(site.rglob("*.png"))) == 4


def test_cards_drawn_aside_in_shares_leave_nothing_for_the_build_to_draw(tmp_path, monkeypatch):
    """`quangba build` draws the cards the cache lacks in low-priority processes, a share each,
    beside the check and the language builds: together the shares draw every picture once, and
    the site's cards are then copies (`render_cards` draws none); a stopped drawing leaves no
    half-written card."""
    import shutil

    from quangba.core.corpus import SHARED_CACHE_ENV, Corpus
    from quangba.core.project import load_project
    from quangba.ops.build import CardDrawing
    from quangba.web.visuals import draw_missing_cards, render_cards

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "tiny", root)
    for name in ("a", "b", "c"):
        page = root / "docs" / "vi" / "tin" / f"{name}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntype: page\ntitle: Tin {name}\ndescription: Tin.\n---\nTin.\n", encoding="utf-8")
    monkeypatch.setenv(SHARED_CACHE_ENV, str(tmp_path / "cache"))
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    drawn = [draw_missing_cards(corpus, (index, 2)) for index in range(2)]
    assert sum(drawn) == 5 and all(drawn)  # vi: home, tin/a, b, c; en: home
    assert draw_missing_cards(corpus) == 0
    assert render_cards(corpus, tmp_path / "site", jobs=1) == (0, 5)

    shutil.rmtree(tmp_path / "cache")
    drawing = CardDrawing(corpus, 2)
    drawing.stop()  # at once: whatever it was drawing is removed, not left half
    assert not list((tmp_path / "cache").rglob(".*.tmp"))
    assert sum(render_cards(corpus, tmp_path / "site2", jobs=1)) == 5
    for card in (tmp_path / "site2").rglob("*.png"):  # a card cut short would not open
        with Image.open(card) as im:
            im.load()
            assert im.size == (1200, 630)
