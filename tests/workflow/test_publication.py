"""`quangba publication`: the print-ready PDF brochure, made by the real command on a copy
of the sample content and read back with Debian's poppler-utils (pdftotext, pdffonts,
pdfimages, pdfinfo, pdftoppm).

Rendered pages are written to test-artifacts/ (publication-*.png) for people to look at.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from photos import assert_no_metadata, camera_file
from projects import PROJECT, ROOT, run_quangba, copy_sample

from quangba.core.corpus import Corpus
from quangba.core.project import load_project

ARTIFACTS = ROOT / "test-artifacts"
POPPLER = ("pdftotext", "pdffonts", "pdfimages", "pdfinfo", "pdftoppm")
PROVINCE = {"zh": "宣光省", "ko": "뚜옌꽝성", "ja": "トゥエンクアン省"}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
HANGUL = re.compile(r"[\uac00-\ud7af]")


def _need_poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: install Debian's poppler-utils (tools/install-system-deps.sh)")


_copy_sample = copy_sample  # a writable copy of the sample project (tests/projects.py)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def _flat(text: str) -> str:
    """Text with every run of white space made one space, NFC: titles wrap in narrow columns."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@functools.lru_cache(maxsize=32)
def _pdftotext(pdf: str, mtime: int, layout: bool) -> tuple[str, ...]:
    text = _run("pdftotext", *(["-layout"] if layout else []), pdf, "-")
    pages = text.split("\f")  # pdftotext separates pages with form feeds
    return tuple(pages[:-1] if pages and not pages[-1].strip() else pages)


def _pages(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed (lines of the table of contents)."""
    return list(_pdftotext(str(pdf), pdf.stat().st_mtime_ns, True))


def _raw_pages(pdf: Path) -> list[str]:
    """The text of each page in reading order."""
    return list(_pdftotext(str(pdf), pdf.stat().st_mtime_ns, False))


def _page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))


def _fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, emb) of every font, read by the columns of pdffonts' header."""
    lines = _run("pdffonts", str(pdf)).splitlines()
    header = lines[0]
    emb = header.index("emb")
    return [(line.split()[0], line[emb:emb + 3].strip()) for line in lines[2:] if line.strip()]


def _images(pdf: Path) -> list[dict[str, str]]:
    lines = _run("pdfimages", "-list", str(pdf)).splitlines()
    names = lines[0].split()
    return [dict(zip(names, line.split())) for line in lines[2:] if line.strip()]


def _render(pdf: Path, page: int, name: str) -> Path:
    """Page `page` as PNG at 60 dpi into test-artifacts/, checked to be neither blank nor tiny."""
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / name
    _run("pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf), str(stem))
    png = stem.with_suffix(".png")
    with Image.open(png) as image:
        assert image.size[0] > 400 and image.size[1] > 600, image.size  # A4 at 60 dpi: 496 × 702
        colours = image.convert("L").getextrema()
        assert colours[0] < 100, f"{png} looks blank"
    return png


def _contents_pages(pdf: Path) -> list[str]:
    """The table of contents: page 2 and the pages after it that have leader lines."""
    pages = _pages(pdf)
    found = [pages[1]]
    for page in pages[2:]:
        if "." * 10 not in page:
            break
        found.append(page)
    return found


def _chapter_page(pdf: Path, title: str) -> int:
    """The page number the table of contents (from page 2 on) gives for a chapter."""
    contents = "\n".join(_contents_pages(pdf))
    line = next(line for line in contents.splitlines() if _flat(title) in _flat(line) and "." * 5 in line)
    return int(re.search(r"(\d+)\s*$", line).group(1))


def _published_chapters(project: Path) -> list[tuple[str, dict]]:
    corpus = _corpus(project)
    return [(key, corpus.merged_meta("vi", key)) for key in corpus.keys() if corpus.is_published(key)]


def _title(project: Path, lang: str, key: str) -> str:
    return str(_corpus(project).merged_meta(lang, key)["title"])


@functools.lru_cache(maxsize=8)
def _corpus(project: Path) -> Corpus:
    return Corpus.load(load_project(project / "mkdocs.yml"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    _need_poppler()
    return _copy_sample(tmp_path_factory.mktemp("publication") / "project")


@pytest.fixture(scope="module")
def bilingual(sample) -> Path:
    pdf = sample / "out" / "tuyen-quang-vi-en.pdf"
    result = run_quangba(sample, "publication", "--langs", "vi,en", "--out", str(pdf))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"wrote {pdf}" in result.stdout
    return pdf


def test_bilingual_brochure_is_a_sensible_pdf(bilingual):
    pdf = bilingual
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert 10 <= _page_count(pdf) <= 120  # 86 pages with the travel, cooperation and events sections (2026-12)
    assert pdf.stat().st_size < 8_000_000, "images are not compressed"
    info = _run("pdfinfo", str(pdf))
    assert "Tuyên Quang" in unicodedata.normalize("NFC", info)  # the PDF's title


def test_both_languages_titles_are_in_the_brochure(sample, bilingual):
    pdf = bilingual
    text = _flat("\n".join(_raw_pages(pdf)))
    assert "Khu di tích quốc gia đặc biệt Tân Trào" in text
    assert _flat(_title(sample, "en", "heritage/tan-trao.md")) in text  # Tân Trào Special National Relic Site
    for key, _meta in _published_chapters(sample):
        for lang in ("vi", "en"):
            assert _flat(_title(sample, lang, key)) in text, (lang, key)


def test_cover_names_the_province_in_both_languages(bilingual):
    pdf = bilingual
    cover = _flat(_raw_pages(pdf)[0])
    assert "Tỉnh Tuyên Quang" in cover
    assert "Tuyên Quang Province" in cover


def test_vietnamese_and_english_face_each_other_on_a_page(sample, bilingual):
    """Facing columns: the page that starts Tân Trào has the Vietnamese and English text."""
    pdf = bilingual
    pages = [_flat(p) for p in _raw_pages(pdf)]
    vi_title = "Khu di tích quốc gia đặc biệt Tân Trào"
    en_title = _flat(_title(sample, "en", "heritage/tan-trao.md"))
    start = _chapter_page(pdf, vi_title) - 1
    assert vi_title in pages[start] and en_title in pages[start]
    # the fact box in each language, its dates in the style of the prose: 10/5/2012, 10 May 2012
    assert "Thông tin chính" in pages[start] and "Key facts" in pages[start]
    assert "10/5/2012" in pages[start] and "10 May 2012" in pages[start]
    assert "Minh họa: quangba" in pages[start] and "Illustration: quangba" in pages[start]


def test_one_date_style_per_language(sample, bilingual):
    """The English prose writes 10 May 2012 and the Vietnamese 10/5/2012: so does the fact box.
    The titles of the sources are quoted as their publishers wrote them, and left out."""
    pdf = bilingual
    text = _flat("\n".join(_raw_pages(pdf)))
    for _key, meta in _published_chapters(sample):
        for source in meta.get("sources") or []:
            text = text.replace(_flat(source["title"]), " ")
    assert re.findall(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}", text)
    assert not re.findall(rf"(?:{MONTHS}) \d{{1,2}}, \d{{4}}", text)  # May 10, 2012
    assert not re.findall(r"\d{1,2} tháng \d{1,2}, \d{4}", text)  # 10 tháng 5, 2012


def test_every_font_is_embedded(bilingual):
    pdf = bilingual
    fonts = _fonts(pdf)
    assert fonts
    assert all(emb == "yes" for _name, emb in fonts), fonts


def test_every_illustration_is_in_the_pdf(sample, bilingual):
    pdf = bilingual
    illustrated = [key for key, meta in _published_chapters(sample) if isinstance(meta.get("image"), dict)]
    images = _images(pdf)
    assert len(images) >= len(illustrated) + 1  # one per illustrated page, and the cover
    assert images[0]["page"] == "1"  # the cover's landscape
    # compressed: JPEG, scaled to the printed size
    assert {image["enc"] for image in images} == {"jpeg"}


def test_table_of_contents_gives_the_right_page_numbers(sample, bilingual):
    pdf = bilingual
    contents = _pages(pdf)[1]
    assert "Mục lục" in contents and "Contents" in contents
    # about twenty chapters a page of contents (the sample's 50 take three)
    chapters = len(_published_chapters(sample))
    assert 1 <= len(_contents_pages(pdf)) <= 1 + chapters // 20
    pages = _raw_pages(pdf)
    for key, _meta in _published_chapters(sample):
        title = _title(sample, "vi", key)
        number = _chapter_page(pdf, title)
        assert 2 < number <= len(pages), (key, number)
        # the chapter starts there: its title is the page's running header or first heading
        assert _flat(title) in _flat(pages[number - 1]), (key, number)
    numbers = [_chapter_page(pdf, _title(sample, "vi", key)) for key, _meta in _published_chapters(sample)]
    assert len(set(numbers)) == len(numbers)  # each page starts on a page of its own


def test_events_show_their_days_and_place_and_the_calendar_its_list(sample, bilingual):
    """An event's fact box gives its days in the brochure's date style and its place, in each
    language; the calendar page prints the list the site generates."""
    pages = [_flat(p) for p in _raw_pages(bilingual)]
    start = _chapter_page(bilingual, _title(sample, "vi", "events/khau-vai-love-market.md")) - 1
    page = pages[start] + " " + (pages[start + 1] if start + 1 < len(pages) else "")
    assert "22/4/2025 – 24/4/2025" in page and "22 April 2025 – 24 April 2025" in page
    assert "Khâu Vai (huyện Mèo Vạc cũ)" in page and "Khâu Vai (former Mèo Vạc district)" in page
    calendar = pages[_chapter_page(bilingual, _title(sample, "vi", "events/index.md")) - 1]
    assert "Các kỳ đã diễn ra" in calendar and "Past editions" in calendar
    assert "24/2/2026 · Lễ hội Lồng Tông" in calendar and "24 February 2026 · Lồng Tông Festival" in calendar


def test_page_numbers_are_in_the_footer(bilingual):
    pdf = bilingual
    pages = _pages(pdf)
    for number in (3, 5, len(pages)):
        last_lines = [line for line in pages[number - 1].splitlines() if line.strip()][-1]
        assert last_lines.split()[-1] == str(number)


def test_sources_of_every_page_are_at_the_end(sample, bilingual):
    pdf = bilingual
    pages = _raw_pages(pdf)
    # the sources section: from the first page after the last chapter's start that has its
    # heading, to the end (it takes more than one page once the site cites enough sources)
    after = max(_chapter_page(pdf, _title(sample, "vi", key)) for key, _meta in _published_chapters(sample))
    flat = ["".join(page.split()).replace("-", "") for page in pages]  # pdftotext drops a hyphen that ends a line
    first = next(i for i in range(after - 1, len(pages)) if "Nguồnthamkhảo" in unicodedata.normalize("NFC", flat[i]))
    last = "".join(flat[first:])
    assert "Nguồnthamkhảo" in unicodedata.normalize("NFC", last) and "Sources" in last
    urls = {s["url"] for _key, meta in _published_chapters(sample) for s in meta.get("sources") or []}
    assert urls
    for url in urls:
        assert url.replace("-", "") in last, url


def test_page_two_and_a_content_page_render(sample, bilingual):
    pdf = bilingual
    _render(pdf, 2, "publication-vi-en-page2")
    _render(pdf, _chapter_page(pdf, "Khu di tích quốc gia đặc biệt Tân Trào"), "publication-vi-en-tan-trao")


@pytest.mark.parametrize("lang", ["zh", "ko", "ja"])
def test_single_language_brochure_in_cjk(sample, lang):
    pdf = sample / "out" / f"tuyen-quang-{lang}.pdf"
    result = run_quangba(sample, "publication", "--langs", lang, "--out", str(pdf))
    assert result.returncode == 0, result.stdout + result.stderr
    pages = _raw_pages(pdf)
    text = _flat("\n".join(pages))
    assert PROVINCE[lang] in _flat(pages[0])  # the cover, in the language's own script
    assert _flat(_title(sample, lang, "heritage/tan-trao.md")) in text
    assert _title(sample, "en", "heritage/tan-trao.md") not in text  # one language only
    assert 10 <= len(pages) <= 10 + 2 * len(_published_chapters(sample))  # 84–92 pages for 50 chapters (2026-12)
    fonts = _fonts(pdf)
    assert all(emb == "yes" for _name, emb in fonts), fonts
    assert any("CJK" in name for name, _ in fonts), fonts
    _render(pdf, _chapter_page(pdf, _title(sample, lang, "heritage/tan-trao.md")), f"publication-{lang}-tan-trao")
    if lang == "ko":
        _korean_lines_break_between_words(sample, pages)


def _korean_lines_break_between_words(sample: Path, pages: list[str]) -> None:
    """Korean breaks lines between words (keep-all): every Korean piece of a printed line is a
    whole word of the text the brochure was made from."""
    from quangba.core import locale
    from quangba.office.publication import WORDS

    written = [path.read_text(encoding="utf-8") for path in (sample / "docs" / "ko").rglob("*.md")]
    written += [str(v) for v in locale.Catalog("ko")._own.values()] + [w["ko"] for w in WORDS.values()]
    token = re.compile(r"[^\s*_`#>\[\]()|.,:;!?·“”\"'「」《》、。…]+")
    # as printed: without the links' targets and the emphasis marks
    printed = [re.sub(r"[*_`]+", "", re.sub(r"\]\([^)]*\)", "", unicodedata.normalize("NFC", t))) for t in written]
    words = {w for text in printed for w in token.findall(text)}

    def whole(piece: str) -> bool:
        # a word, or two words whose space the text extraction lost in a narrow table cell
        # ("옛 성" read back as 옛성); a word broken across lines leaves a fragment instead
        return piece in words or any(piece[:i] in words and piece[i:] in words for i in range(1, len(piece)))

    broken = [piece for page in pages for line in unicodedata.normalize("NFC", page).splitlines()
              for piece in token.findall(line) if HANGUL.search(piece) and not whole(piece)]
    assert not broken, f"Korean words broken across lines: {broken[:10]}"


NEWS_UNTRANSLATED = """---
type: news
title: Lễ hội Thành Tuyên được công nhận di sản văn hóa phi vật thể quốc gia
description: Tin thử cho ấn phẩm.
date: 2026-10-01
sources:
  - title: Nguồn thử nghiệm của ấn phẩm
    url: https://example.test/nguon-thu
---

Đoạn mở đầu của tin thử.

!!! note "Ghi chú in"
    Nội dung ghi chú trong khung.

![Bản đồ minh họa](../../assets/images/kim-binh.png)

![Ảnh ở nơi khác](https://example.invalid/remote.png)

Xem [Tân Trào](../heritage/tan-trao.md) và [phần lịch sử](#lich-su).
"""
DRAFT = """---
type: news
title: Bản nháp tuyệt mật chưa công bố
description: Nháp.
date: 2026-10-02
draft: true
sources:
  - title: S
    url: https://example.test/draft
---
Nội dung nháp.
"""
EMBARGO = """---
type: news
title: Thông cáo cấm vận đến năm 2999
description: Chưa đến giờ.
date: 2026-10-03
publish_at: 2999-01-01 08:00:00+07:00
sources:
  - title: S
    url: https://example.test/embargo
---
Nội dung cấm vận.
"""


def test_only_published_pages_and_an_untranslated_page_gets_a_notice(tmp_path):
    _need_poppler()
    project = _copy_sample(tmp_path / "project")
    news = project / "docs" / "vi" / "news"
    (news / "le-hoi-thanh-tuyen.md").write_text(NEWS_UNTRANSLATED, encoding="utf-8")
    (news / "ban-nhap.md").write_text(DRAFT, encoding="utf-8")
    (news / "cam-van.md").write_text(EMBARGO, encoding="utf-8")
    pdf = tmp_path / "news.pdf"
    result = run_quangba(project, "publication", "--langs", "vi,en", "--section", "news", "--out", str(pdf))
    assert result.returncode == 0, result.stdout + result.stderr
    text = _flat("\n".join(_raw_pages(pdf)))
    assert "Lễ hội Thành Tuyên được công nhận" in text
    assert "tuyệt mật" not in text and "cấm vận" not in text.lower()
    assert "Not yet translated" in text  # the English column of the untranslated page
    assert "Ghi chú in" in text and "Nội dung ghi chú trong khung." in text  # admonition rendered
    assert "[Ảnh ở nơi khác]" in text  # a remote image is never fetched: its alt text stands
    assert "https://example.test/nguon-thu" in _raw_pages(pdf)[-1]
    pages_with_images = {image["page"] for image in _images(pdf)}
    body_image_page = next(i + 1 for i, page in enumerate(_raw_pages(pdf)) if "Đoạn mở đầu của tin thử" in _flat(page))
    assert str(body_image_page) in pages_with_images or str(body_image_page + 1) in pages_with_images


def test_the_fetcher_refuses_the_network(sample):
    from quangba.office.publication import _local_fetcher

    fetcher = _local_fetcher(load_project(sample / "mkdocs.yml"))
    for url in ("https://example.com/x.png", "http://example.com/font.ttf", "ftp://example.com/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--langs", "vi,en,zh"), "one language or two"),
        (("--langs", "xx"), "unknown language"),
        (("--langs", "vi,en", "--section", "nosuch"), "no published section"),
    ],
)
def test_bad_arguments_are_usage_errors(sample, tmp_path, args, message):
    result = run_quangba(sample, "publication", *args, "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "x.pdf").exists()


# -- for a print shop ----------------------------------------------------------------------------

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def printed(sample) -> tuple[Path, str]:
    """The heritage section for a print shop (a section: the brochure's checks, in less time)."""
    pdf = sample / "out" / "heritage-print.pdf"
    result = run_quangba(sample, "publication", "--langs", "vi,en", "--section", "heritage", "--print", "--out", str(pdf))
    assert result.returncode == 0, result.stdout + result.stderr
    return pdf, result.stdout


def _boxes(pdf: Path) -> dict[str, list[float]]:
    lines = _run("pdfinfo", "-box", "-f", "1", "-l", "1", str(pdf)).splitlines()
    return {line.split(":")[0].split()[-1]: [float(x) for x in line.split(":")[1].split()] for line in lines if "Box:" in line}


def test_print_brochure_has_bleed_crop_marks_and_images_at_300_ppi_or_a_warning(sample, printed):
    from PIL import Image

    pdf, stdout = printed
    boxes = _boxes(pdf)
    a4 = [0.0, 0.0, 595.28, 841.89]
    assert boxes["TrimBox"] == pytest.approx(a4, abs=0.05)
    assert boxes["BleedBox"] == pytest.approx([-3 * MM, -3 * MM, a4[2] + 3 * MM, a4[3] + 3 * MM], abs=0.05)
    sheet = boxes["MediaBox"]
    assert sheet[0] <= -7.9 * MM and sheet[2] >= a4[2] + 7.9 * MM  # room for the crop marks outside the bleed

    # crop marks outside the bleed, at the trim lines; the cover's picture runs into the bleed
    stem = pdf.with_name("print-page")
    _run("pdftoppm", "-r", "100", "-f", "1", "-l", "3", "-gray", "-png", str(pdf), str(stem))
    px = 100 / 25.4  # pixels per millimetre
    for number in (1, 3):
        with Image.open(f"{stem}-{number:02d}.png") as opened:
            image = opened.convert("L")
            mark = image.crop((0, int(7.2 * px), int(4 * px), int(8.8 * px)))  # left of the top trim line
            assert mark.getextrema()[0] < 100, f"page {number}: no crop mark"
            outside = image.crop((0, 0, int(4.5 * px), int(4.5 * px)))
            assert outside.getextrema()[0] > 200, f"page {number}: something printed outside the marks"
            in_bleed = image.getpixel((int(6 * px), int(40 * px)))
            assert (in_bleed < 250) == (number == 1), f"page {number}: bleed {in_bleed}"

    # every image at 300 ppi of its printed size, or a warning naming the file and its ppi
    warned = {}
    for line in stdout.splitlines():
        found = re.match(r"warning: (docs/\S+): (\d+) ppi at its printed size", line)
        if found:
            warned[found[1]] = int(found[2])
            assert (sample / found[1]).is_file() and "needs 300 ppi" in line
    images = _images(pdf)
    assert images
    low = {int(image["x-ppi"]) for image in images if int(image["x-ppi"]) < 300}
    assert low == set(warned.values()), (images, warned)  # the PDF keeps the pixels it was given
    assert "docs/assets/images/tuyen-quang-landscape.png" in warned  # the cover: 1600 px over 216 mm


def test_print_brochure_keeps_codes_and_dates_whole_and_links_in_text_colour(sample, printed):
    from PIL import Image

    pdf, _ = printed
    pages = _raw_pages(pdf)
    lines = [_flat(line) for page in pages for line in page.splitlines()]
    text = _flat(" ".join(lines))
    for code in ("548/QĐ-TTg",):
        head = code.split("-")[0]
        assert text.count(head) > 0
        assert sum(line.count(code) for line in lines) == text.count(head), f"{code} broken across lines"
    for pattern in (rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}", r"\b\d{1,2}/\d{1,2}/\d{4}"):
        assert len(re.findall(pattern, text)) == sum(len(re.findall(pattern, line)) for line in lines) > 0, pattern
    assert not re.findall(rf"(?:{MONTHS}) \d{{1,2}}, \d{{4}}", text)

    # the sources page: addresses and page references in the text's colour, not a link colour
    stem = pdf.with_name("print-sources")
    _run("pdftoppm", "-r", "60", "-f", str(len(pages)), "-l", str(len(pages)), "-png", "-singlefile", str(pdf), str(stem))
    with Image.open(stem.with_suffix(".png")) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        below_heading = rgb.crop((0, int(height * 0.12), width, height))
        coloured = sum(1 for r, g, b in below_heading.get_flattened_data() if g - r > 30 or b - r > 30)
    assert coloured < 20, f"{coloured} link-coloured pixels on the sources page"


def test_print_brochure_pages_are_not_left_half_empty(sample, printed):
    """Every page is checked: none over 60 % blank, except the end of the contents, of a
    section (a section starts a new page) and the last page."""
    from PIL import Image

    pdf, _ = printed
    pages = _raw_pages(pdf)
    starts = {_chapter_page(pdf, _title(sample, "vi", "heritage/index.md"))}
    starts.add(next(n for n, page in enumerate(pages, start=1) if "Nguồn tham khảo" in unicodedata.normalize("NFC", page)))
    intended = {n - 1 for n in starts} | {len(pages)}
    stem = pdf.with_name("print-blank")
    _run("pdftoppm", "-r", "24", "-gray", "-png", str(pdf), str(stem))
    trim = 8 / 25.4 * 24  # the sheet margin in pixels
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = []
    for number in range(1, len(pages) + 1):
        path = Path(f"{stem}-{number:02d}.png")
        with Image.open(path) as image:
            page = image.convert("L").crop((int(trim) + 1, int(trim) + 1, image.width - int(trim) - 1,
                                            image.height - int(trim) - 1))
            rows = [page.crop((0, y, page.width, y + 1)).getextrema()[0] < 230 for y in range(page.height)]
        blank = 1 - sum(rows) / len(rows)
        report.append(f"{number}: {blank:.0%}")
        if number > 1:
            shutil.copy(path, ARTIFACTS / f"publication-print-{number:02d}.png")
        assert blank <= 0.60 or number in intended, f"page {number} is {blank:.0%} blank ({', '.join(report)})"


def test_every_image_in_the_pdf_opens_and_carries_no_metadata(bilingual, tmp_path):
    pdf = bilingual
    _run("pdfimages", "-all", str(pdf), str(tmp_path / "img"))  # the streams as embedded
    files = sorted(tmp_path.glob("img-*"))
    assert len(files) == len(_images(pdf))
    for path in files:
        assert_no_metadata(path.read_bytes(), path.name)


def test_a_camera_photo_enters_a_publication_without_its_metadata(mini_project):
    """WeasyPrint embeds a JPEG's bytes as they are: the fetcher hands it the clean copy,
    turned by its orientation; an image outside docs/ is not handed over at all."""
    from PIL import Image

    from quangba.office.publication import _local_fetcher

    photo = mini_project / "docs/assets/images/anh.jpg"
    photo.write_bytes(camera_file("JPEG", orientation=6, size=(120, 80)))
    fetcher = _local_fetcher(load_project(mini_project / "mkdocs.yml"))
    data = fetcher.fetch(photo.as_uri()).read()
    with assert_no_metadata(data) as image:
        assert image.format == "JPEG" and image.size == (80, 120)
    outside = mini_project / "elsewhere.png"
    Image.new("RGB", (4, 4)).save(outside)
    with pytest.raises(ValueError, match="only images under docs/"):
        fetcher.fetch(outside.as_uri())
