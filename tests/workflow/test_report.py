"""`quangba report`: the figures of the yearly report on foreign-information work, run by the
real command on a copy of the sample content (with a few items added for the year 2025)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
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


# The office's frame fields, as a province would configure them (test values).
REPORT_CONFIG = """      report:
        parent_body: Ủy ban nhân dân tỉnh Tuyên Quang
        issuing_body: Sở Thử nghiệm tỉnh Tuyên Quang
        symbol: STN
        place: Tuyên Quang
        signer_title: [KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC]
        recipients: [UBND tỉnh (để b/c), Sở Ngoại vụ]
        filed: VT, TTĐT
        partners: [Cổng thông tin điện tử Vietnam.vn]
        plan: Kế hoạch số 1/KH-THU ngày 02/01/2025
"""


def _git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.test",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.test"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("report") / "project"
    copy_sample(dest)
    news = dest / "docs" / "vi" / "news"
    # The year's items are the two the tests name and those written below: the sample's other
    # news items leave (the figures below are those of this controlled year).
    for page in sorted(dest.glob("docs/*/news/*.md")):
        if page.name not in ("index.md", "national-assembly-merger-resolution.md", "new-province-begins-work.md"):
            page.unlink()
    (news / "ban-nhap-2025.md").write_text(DRAFT, encoding="utf-8")
    (news / "tin-2024.md").write_text(OLD, encoding="utf-8")
    # History: everything in 2024; in 2025 one source page added and one translation revised;
    # in 2026 the source page changed again (not the report's year).
    _git(dest, "init", "-q", "-b", "main")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-qm", "2024", date="2024-12-01T10:00:00+07:00")
    (news / "hoi-cho-cam-ham-yen.md").write_text(UPDATED, encoding="utf-8")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-qm", "added", date="2025-01-01T00:30:00+07:00")  # 31 Dec 2024 in UTC
    english = dest / "docs" / "en" / "news" / "new-province-begins-work.md"
    english.write_text(english.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(dest, "commit", "-qam", "revised", date="2025-08-01T09:00:00+07:00")
    (news / "hoi-cho-cam-ham-yen.md").write_text(UPDATED + "\nThêm.\n", encoding="utf-8")
    _git(dest, "commit", "-qam", "2026", date="2026-01-05T09:00:00+07:00")
    (news / "hoi-cho-cam-ham-yen.md").write_text(UPDATED, encoding="utf-8")  # the text the tests expect
    config = dest / "mkdocs.yml"
    shutil.copy2(config, dest / "mkdocs-bare.yml")
    text = config.read_text(encoding="utf-8")
    assert "      glossary: glossary.yml\n" in text
    config.write_text(text.replace("      glossary: glossary.yml\n", "      glossary: glossary.yml\n" + REPORT_CONFIG, 1),
                      encoding="utf-8")
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


def _highlighted(document) -> list[str]:
    runs = [r for p in _all_paragraphs(document) for r in p.runs]
    return [r.text for r in runs if r.font.highlight_color is not None]


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_docx_is_a_report_in_the_frame_of_decree_30(project, tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT

    out = tmp_path / "bao-cao-2025.docx"
    result = _report(project, "--year", "2025", "--format", "docx", "--out", str(out),
                     "--number", "7", "--signed", "2025-02-05", "--signer", "Người Ký Thử")
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    document = docx.Document(str(out))
    assert document.core_properties.title == TITLE_2025
    header, *_ = document.tables
    left, right = (cell.text.split("\n") for cell in header.rows[0].cells)
    # the issuing body under its parent, upper case; the number and symbol (below 10 with a zero)
    assert left == ["ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", "SỞ THỬ NGHIỆM TỈNH TUYÊN QUANG", "", "Số: 07/BC-STN"]
    # the national name, the motto, place and date (days below 10 and months 1 and 2 with a zero)
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
                     "Tuyên Quang, ngày 05 tháng 02 năm 2025"]
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[paragraphs.index("BÁO CÁO") + 1] == "Kết quả công tác thông tin đối ngoại năm 2025"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:1] == ["I. KẾT QUẢ THỰC HIỆN"]
    for heading in ("II. ĐÁNH GIÁ CHUNG", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026", "IV. KIẾN NGHỊ, ĐỀ XUẤT",
                    "3. Cung cấp thông tin cho Cổng thông tin điện tử Vietnam.vn, cơ quan báo chí và đối tác"):
        assert heading in headings
    text = "\n".join(paragraphs)
    assert "Thực hiện Kế hoạch số 1/KH-THU ngày 02/01/2025, Sở Thử nghiệm tỉnh Tuyên Quang báo cáo" in text
    # figures from the content: the year's items and their translations, per plan heading
    assert "đăng mới 2 tin, bài và cập nhật 1 tin, bài bằng tiếng Việt" in text
    assert "tiếng Anh 2; tiếng Trung 2; tiếng Hàn 2; tiếng Nhật 2" in text
    assert "“Quốc hội quyết nghị hợp nhất tỉnh Tuyên Quang và tỉnh Hà Giang”" in text
    assert "b) Quảng bá di sản văn hóa và du lịch: không có tin, bài đăng mới hoặc cập nhật trong năm." in text
    # from the git history, in Vietnam's time: one page added, one translation revised
    assert ("thêm mới 1 trang tiếng Việt, sửa đổi 0 trang; dịch mới 0 bản (tiếng Anh 0; tiếng Trung 0; tiếng Hàn 0; "
            "tiếng Nhật 0); cập nhật 1 bản dịch (tiếng Anh 1;") in text
    assert "Đối tác đã nhận tin, bài: Cổng thông tin điện tử Vietnam.vn." in text
    assert "tiếng Anh 2 trang chưa dịch, 0 trang cần cập nhật lại" in text  # the backlog, under shortcomings
    assert paragraphs[-1 - paragraphs[::-1].index(next(p for p in paragraphs[::-1] if p.startswith("Trên đây")))].endswith(
        "của Sở Thử nghiệm tỉnh Tuyên Quang./.")
    # recipients and the signature block
    signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    recipients, signer = (cell.text.split("\n") for cell in signature.rows[0].cells)
    assert recipients == ["Nơi nhận:", "- UBND tỉnh (để b/c);", "- Sở Ngoại vụ;", "- Lưu: VT, TTĐT."]
    assert signer[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and signer[-1] == "Người Ký Thử"
    # only what the site cannot know is left to fill, marked
    blanks = _highlighted(document)
    assert blanks and all(b.startswith("[văn phòng điền") and b.endswith("]") for b in blanks), blanks
    assert f"{len(blanks)} places for the office to fill" in result.stdout
    assert any("đoàn khách quốc tế" in b for b in blanks)
    # page numbers in the top margin from the second page on; the appendix in landscape
    first, appendix = document.sections
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml and not first.first_page_header.paragraphs[0].text
    cm = lambda length: round(length.cm, 2)  # noqa: E731 - Word stores twentieths of a point
    assert (cm(first.page_width), cm(first.page_height), cm(first.left_margin), cm(first.right_margin)) == (21, 29.7, 3, 1.5)
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and cm(appendix.page_width) == 29.7
    # every table is as wide as the text, with widths set for every column
    for table in document.tables[2:]:
        grid = [int(c.get(docx.oxml.ns.qn("w:w"))) for c in table._tbl.tblGrid.findall(docx.oxml.ns.qn("w:gridCol"))]
        assert all(grid) and len(grid) == len(table.columns)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "https://quangba.tuyenquang.gov.vn/en/news/national-assembly-merger-resolution/" in cells
    assert "https://quangba.tuyenquang.gov.vn/ko/news/feed.xml" in cells
    assert "Hội chợ Cam sành Hàm Yên mở rộng quy mô" in cells


def test_docx_without_configuration_marks_the_frame_for_the_office(project, tmp_path):
    import docx

    out = tmp_path / "bao-cao-2025.docx"
    result = _report(project, "-f", "mkdocs-bare.yml", "--year", "2025", "--format", "docx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    blanks = _highlighted(document)
    for field in ("[TÊN CƠ QUAN BAN HÀNH]", "[số]", "[ký hiệu cơ quan]", "[địa danh]", "[ngày … tháng … năm …]",
                  "[QUYỀN HẠN, CHỨC VỤ NGƯỜI KÝ]", "[họ và tên người ký]", "[nơi nhận]"):
        assert field in blanks
    left = document.tables[0].rows[0].cells[0].text
    assert "Số: [số]/BC-[ký hiệu cơ quan]" in left
    assert "Ủy ban" not in left.title()  # no parent body is assumed


def test_docx_renders_to_a_pdf_whose_pages_keep_to_the_margins(project, tmp_path):
    """LibreOffice (Debian's) renders the report as Word would lay it out: A4, page numbers
    from page 2, and nothing printed in the right margin (tables that fit the page)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice not found: install Debian's libreoffice-writer-nogui (tools/install-system-deps.sh)")
    out = tmp_path / "bao-cao-2026.docx"
    assert _report(project, "--year", "2026", "--format", "docx", "--out", str(out)).returncode == 0
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "bao-cao-2026.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    assert pages >= 3
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                            text=True).stdout for n in range(1, pages + 1)]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[0] and "Độc lập - Tự do - Hạnh phúc" in texts[0]
    assert not texts[0].strip().splitlines()[0].strip().isdigit()  # no number on the first page
    for number, text in enumerate(texts[1:], start=2):
        assert text.strip().splitlines()[0].strip() == str(number)
    assert "Nơi nhận:" in "".join(texts) and "Phụ lục" in "".join(texts)
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    for path in sorted(tmp_path.glob("page-*.png")):
        image = Image.open(path).convert("L")
        width, height = image.size
        landscape = width > height
        right_margin = (1.5 - 0.2) / (29.7 if landscape else 21.0) * width  # 1.5 cm, less a little tolerance
        strip = image.crop((int(width - right_margin), 0, width, height))
        assert strip.getextrema()[0] > 200, f"{path.name}: something is printed in the right margin"


def test_bad_report_configuration_is_a_clear_error(project, tmp_path):
    config = project / "mkdocs-bad.yml"
    config.write_text((project / "mkdocs-bare.yml").read_text(encoding="utf-8").replace(
        "      glossary: glossary.yml\n", "      glossary: glossary.yml\n      report:\n        recipients: [{a: 1}]\n", 1),
        encoding="utf-8")
    out = tmp_path / "x.docx"
    result = _report(project, "-f", "mkdocs-bad.yml", "--year", "2025", "--format", "docx", "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "report › recipients: give text" in result.stderr
    assert not out.exists()
    bad_date = _report(project, "--year", "2025", "--format", "docx", "--out", str(out), "--signed", "5/11/2025")
    assert bad_date.returncode == 2 and "--signed 5/11/2025" in bad_date.stderr and not out.exists()


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
