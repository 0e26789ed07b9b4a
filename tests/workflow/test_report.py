"""`quangba report`: the figures of the yearly report on foreign-information work, run by the
real command on a copy of the sample content (with a few items added for the year 2025)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from projects import PROJECT, run_quangba, copy_sample

COLUMNS = ["Năm", "Tháng", "Chuyên mục", "Loại trang", "Trang", "Ngôn ngữ", "Tiêu đề", "Địa chỉ", "Tình trạng"]
COLUMNS_EN = ["Year", "Month", "Section", "Type", "Page", "Language", "Title", "Address", "Status"]
LANGS = ["vi", "en", "zh", "ko", "ja"]
TITLE_2025 = "Báo cáo kết quả công tác thông tin đối ngoại năm 2025"

# Published in 2024, updated in September 2025, not translated: an `updated` item whose
# translations are missing (every language is required in the sample's configuration).
UPDATED = """---
type: news
title: Hội chợ Cam sành Hàm Yên mở rộng quy mô
description: Tin đăng năm 2024, cập nhật năm 2025.
date: 2024-11-20
updated: 2025-09-10
sources:
  - title: Nguồn thử nghiệm
    url: https://example.test/hoi-cho
---
Nội dung tin.
"""
DRAFT = """---
type: news
title: Bản nháp năm 2025 không được báo cáo
description: Nháp.
date: 2025-03-03
draft: true
sources:
  - title: S
    url: https://example.test/draft
---
Nháp.
"""
OLD = """---
type: news
title: Tin năm 2024 không cập nhật
description: Không thuộc năm báo cáo.
date: 2024-02-02
sources:
  - title: S
    url: https://example.test/old
---
Tin cũ.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("report") / "project"
    copy_sample(dest)
    news = dest / "docs" / "vi" / "news"
    (news / "hoi-cho-cam-ham-yen.md").write_text(UPDATED, encoding="utf-8")
    (news / "ban-nhap-2025.md").write_text(DRAFT, encoding="utf-8")
    (news / "tin-2024.md").write_text(OLD, encoding="utf-8")
    return dest


def _report(project: Path, *args: str):
    return run_quangba(project, "report", *args)


def test_markdown_report_lists_the_years_items(project):
    result = _report(project, "--year", "2025")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"# {TITLE_2025}")
    # the two news items of 2025, in Vietnamese and with their English address
    assert "Quốc hội quyết nghị hợp nhất tỉnh Tuyên Quang và tỉnh Hà Giang" in text
    assert "Tỉnh Tuyên Quang mới chính thức đi vào hoạt động" in text
    assert "https://quangba.tuyenquang.gov.vn/en/news/national-assembly-merger-resolution/" in text
    assert "https://quangba.tuyenquang.gov.vn/zh/news/new-province-begins-work/" in text
    # the item updated in 2025 counts, the draft and the 2024 item do not; nor 2026's heritage pages
    assert "Hội chợ Cam sành Hàm Yên mở rộng quy mô" in text
    assert "Bản nháp năm 2025" not in text
    assert "Tin năm 2024 không cập nhật" not in text
    assert "Khu di tích quốc gia đặc biệt Tân Trào" not in text
    # the tables: per language (new, updated), per section, per month, coverage, feeds
    assert "| Tiếng Việt | 2 | 1 | 3 |" in text
    assert "| Tiếng Anh | 2 | 0 | 2 |" in text
    assert "| Tháng 6 | 1 | 1 | 1 | 1 | 1 |" in text
    assert "| Tháng 9 | 1 | 0 | 0 | 0 | 0 |" in text
    assert "## 4. Tình trạng bản dịch" in text
    assert "| Tiếng Anh | Tin tức | 3 | 0 | 2 | 0 | 60% |" in text  # the two untranslated items are missing
    for lang in LANGS:
        prefix = "" if lang == "vi" else f"{lang}/"
        for path in ("feed.xml", "atom.xml", "feed.json", "news/feed.xml", "news/atom.xml", "news/feed.json"):
            assert f"https://quangba.tuyenquang.gov.vn/{prefix}{path}" in text


def _csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "Excel reads a CSV as UTF-8 only after a byte-order mark"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_for_excel_one_row_per_item_and_language(project, tmp_path):
    result = _report(project, "--year", "2025", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = _csv_rows(result.stdout)
    assert list(rows[0].keys()) == COLUMNS
    keys = {row["Trang"] for row in rows}
    assert keys == {
        "news/national-assembly-merger-resolution.md", "news/new-province-begins-work.md", "news/hoi-cho-cam-ham-yen.md",
    }
    assert len(rows) == 3 * len(LANGS)
    assert {row["Năm"] for row in rows} == {"2025"}
    by = {(row["Trang"], row["Ngôn ngữ"]): row for row in rows}
    merger = by[("news/national-assembly-merger-resolution.md", "Tiếng Anh")]
    assert merger["Tháng"] == "6" and merger["Chuyên mục"] == "Tin tức" and merger["Loại trang"] == "Tin tức"
    assert merger["Địa chỉ"] == "https://quangba.tuyenquang.gov.vn/en/news/national-assembly-merger-resolution/"
    assert merger["Tình trạng"] == "đăng mới trong năm" and merger["Tiêu đề"]
    assert by[("news/new-province-begins-work.md", "Tiếng Nhật")]["Tháng"] == "7"
    updated = by[("news/hoi-cho-cam-ham-yen.md", "Tiếng Việt")]
    assert updated["Tình trạng"] == "cập nhật trong năm" and updated["Tháng"] == "9"
    assert updated["Tiêu đề"] == "Hội chợ Cam sành Hàm Yên mở rộng quy mô"
    missing = by[("news/hoi-cho-cam-ham-yen.md", "Tiếng Anh")]
    assert missing["Tình trạng"] == "chưa dịch (bắt buộc)" and missing["Địa chỉ"] == "" and missing["Tiêu đề"] == ""

    out = tmp_path / "bao-cao-2025.csv"
    written = _report(project, "--year", "2025", "--format", "csv", "--out", str(out))
    assert written.returncode == 0, written.stderr
    assert f"wrote {out}" in written.stdout
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert _csv_rows(data.decode("utf-8")) == rows
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == len(rows) + 1  # RFC 4180 line ends

    english = _report(project, "--year", "2025", "--format", "csv", "--lang", "en")
    assert english.returncode == 0, english.stderr
    rows_en = _csv_rows(english.stdout)
    assert list(rows_en[0].keys()) == COLUMNS_EN and len(rows_en) == len(rows)
    by_en = {(row["Page"], row["Language"]): row for row in rows_en}
    merger_en = by_en[("news/national-assembly-merger-resolution.md", "English")]
    assert merger_en["Section"] == "News" and merger_en["Status"] == "published in the year"
    assert by_en[("news/hoi-cho-cam-ham-yen.md", "Korean")]["Status"] == "not translated (required)"


def test_docx_has_the_vietnamese_title_and_the_tables(project, tmp_path):
    import docx

    out = tmp_path / "bao-cao-2025.docx"
    result = _report(project, "--year", "2025", "--format", "docx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    assert TITLE_2025 in paragraphs
    assert document.core_properties.title == TITLE_2025
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("4. Tình trạng bản dịch") for h in headings)
    assert len(document.tables) == 6
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Ngôn ngữ", "Đăng mới", "Cập nhật", "Tổng số"]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "https://quangba.tuyenquang.gov.vn/en/news/national-assembly-merger-resolution/" in cells
    assert "https://quangba.tuyenquang.gov.vn/ko/news/feed.xml" in cells
    assert "Hội chợ Cam sành Hàm Yên mở rộng quy mô" in cells


def test_a_year_in_which_the_sample_published_its_pages(project):
    """The sample's heritage, investment and product pages carry `date: 2026-11-26`."""
    result = _report(project, "--year", "2026")
    assert result.returncode == 0, result.stderr
    assert "Khu di tích quốc gia đặc biệt Tân Trào" in result.stdout
    assert "https://quangba.tuyenquang.gov.vn/en/heritage/tan-trao/" in result.stdout
    assert "Quốc hội quyết nghị hợp nhất" not in result.stdout


@pytest.mark.parametrize("year", ["1999", "3000", "0"])
def test_an_invalid_year_is_a_usage_error(project, year):
    result = _report(project, "--year", year)
    assert result.returncode == 2
    assert f"--year {year}" in result.stderr
    assert "Traceback" not in result.stderr


def test_docx_without_out_is_a_usage_error(project):
    result = _report(project, "--year", "2025", "--format", "docx")
    assert result.returncode == 2
    assert "--out" in result.stderr
    assert result.stdout == ""
