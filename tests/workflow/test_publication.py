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
from projects import PROJECT, ROOT, run_quangba, copy_sample

from quangba.core.corpus import Corpus
from quangba.core.project import load_project

ARTIFACTS = ROOT / "test-artifacts"
POPPLER = ("pdftotext", "pdffonts", "pdfimages", "pdfinfo", "pdftoppm")
PROVINCE = {"zh": "宣光省", "ko": "뚜옌꽝성", "ja": "トゥエンクアン省"}


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
    assert 10 <= _page_count(pdf) <= 80
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
    # the fact box in each language, with Babel's dates: 10 tháng 5, 2012 / May 10, 2012
    assert "Thông tin chính" in pages[start] and "Key facts" in pages[start]
    assert "10 tháng 5, 2012" in pages[start] and "May 10, 2012" in pages[start]
    assert "Minh họa: quangba" in pages[start] and "Illustration: quangba" in pages[start]


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
    assert len(_contents_pages(pdf)) == 1, "the sample's contents fit on one page"
    pages = _raw_pages(pdf)
    for key, _meta in _published_chapters(sample):
        title = _title(sample, "vi", key)
        number = _chapter_page(pdf, title)
        assert 2 < number <= len(pages), (key, number)
        # the chapter starts there: its title is the page's running header or first heading
        assert _flat(title) in _flat(pages[number - 1]), (key, number)
    numbers = [_chapter_page(pdf, _title(sample, "vi", key)) for key, _meta in _published_chapters(sample)]
    assert len(set(numbers)) == len(numbers)  # each page starts on a page of its own


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
    assert 10 <= len(pages) <= 80
    fonts = _fonts(pdf)
    assert all(emb == "yes" for _name, emb in fonts), fonts
    assert any("CJK" in name for name, _ in fonts), fonts
    _render(pdf, _chapter_page(pdf, _title(sample, lang, "heritage/tan-trao.md")), f"publication-{lang}-tan-trao")


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
