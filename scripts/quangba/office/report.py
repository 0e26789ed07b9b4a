"""`quangba report`: the figures of the yearly report on foreign-information work.

The provincial office files a yearly report (due 15 November) on its foreign-information
work. This module gives it the figures from the content itself:

- what was published in the year, counted by the Vietnamese source's `date` (and pages
  whose `updated` falls in the year), per language, per section and per month;
- translation coverage per language and section (up to date, stale, missing), from
  `quangba.translation.status` — the state on the day the report is made;
- the list of those items with their address in each language;
- the feeds supplied to Vietnam.vn and partners, per language.

Formats: `md` (Markdown, Vietnamese labels), `csv` (one tidy row per item × language:
year, month, section, type, key, lang, title, url, status) and `docx` (a Word file with
the Vietnamese title and labels, as the office files it; needs `out`).

`status` in the CSV: `published` (first published in the year) or `updated` (published
earlier, updated in the year) when the item exists in that language; `missing` when a
required translation does not exist, `fallback` when an optional one does not (the site
serves the Vietnamese original there): those rows have no title and no address.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quangba.core import locale
from quangba.core.corpus import VIETNAM, Corpus
from quangba.core.errors import QuangbaError
from quangba.web.feeds import NEWS_FOLDER, feed_links
from quangba.core.project import Project
from quangba.core.settings import settings
from quangba.translation.status import status_rows
from quangba.core.messages import T_

FORMATS = ("md", "csv", "docx")
FIRST_YEAR = 2000
CSV_COLUMNS = ("year", "month", "section", "type", "key", "lang", "title", "url", "status")
FEED_FORMATS = {
    "application/rss+xml": "RSS 2.0",
    "application/atom+xml": "Atom 1.0",
    "application/feed+json": "JSON Feed 1.1",
}

# The office files the report in Vietnamese: these are its labels.
VI = {
    "title": "Báo cáo kết quả công tác thông tin đối ngoại năm {year}",
    "unit": "Đơn vị",
    "site": "Trang thông tin đối ngoại",
    "period": "Kỳ báo cáo",
    "made": "Ngày lập báo cáo",
    "summary": "1. Tin, bài đăng tải trong năm theo ngôn ngữ",
    "summary_note": "Tính theo ngày đăng (`date`) của bản tiếng Việt; tin, bài đăng từ trước và cập nhật (`updated`) trong năm được tính riêng.",
    "by_section": "2. Tin, bài đăng tải theo chuyên mục",
    "by_month": "3. Tin, bài đăng tải theo tháng",
    "coverage": "4. Tình trạng bản dịch",
    "coverage_note": "Tình trạng tại ngày {date}, trên các trang đang công bố.",
    "items": "5. Danh mục tin, bài và địa chỉ đăng tải",
    "feeds": "6. Nguồn tin (feed) cung cấp cho Cổng thông tin Vietnam.vn và các đối tác",
    "language": "Ngôn ngữ",
    "new": "Đăng mới",
    "updated": "Cập nhật",
    "total": "Tổng số",
    "section": "Chuyên mục",
    "month": "Tháng",
    "month_n": "Tháng {n}",
    "ok": "Đã dịch, cập nhật",
    "stale": "Cần cập nhật lại",
    "missing": "Chưa dịch (bắt buộc)",
    "fallback": "Chưa dịch (không bắt buộc)",
    "share": "Tỷ lệ cập nhật",
    "all_sections": "Tất cả chuyên mục",
    "general": "Trang chung",
    "no": "STT",
    "date": "Ngày đăng",
    "item_title": "Tiêu đề",
    "address": "Địa chỉ",
    "state": "Tình trạng",
    "published": "đăng mới",
    "updated_state": "cập nhật",
    "scope": "Phạm vi",
    "format": "Định dạng",
    "all_content": "Toàn bộ nội dung",
    "news": "Tin tức",
    "none": "Không có tin, bài nào được đăng hoặc cập nhật trong năm {year}.",
    "not_in": "chưa có bản {language}",
}


@dataclass
class Item:
    """A page first published or updated in the report's year."""

    key: str
    section: str
    page_type: str
    date: dt.date | None
    updated: dt.date | None
    event: str  # published | updated
    month: int
    titles: dict[str, str] = field(default_factory=dict)  # lang -> title, languages it exists in
    urls: dict[str, str] = field(default_factory=dict)  # lang -> absolute address
    states: dict[str, str] = field(default_factory=dict)  # lang -> published | updated | missing | fallback


@dataclass
class ReportData:
    year: int
    made: dt.date
    languages: tuple[str, ...]
    items: list[Item]
    sections: dict[str, str]  # section key -> Vietnamese name, in site order
    coverage: list[tuple[str, str, dict[str, int], float]]  # lang, section name, counts, % up to date
    feeds: list[tuple[str, str, str, str]]  # lang, scope, format, address
    publisher: str
    site_url: str


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=VIETNAM)).astimezone(VIETNAM).date()
    if isinstance(value, dt.date):
        return value
    return None


def _check_year(year: Any, today: dt.date) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise QuangbaError(T_('--year {year!r}: give a year as four digits, e.g. {year2}', year=year, year2=today.year))
    if not FIRST_YEAR <= year <= today.year:
        raise QuangbaError(T_('--year {year}: give a year from {FIRST_YEAR} to {year2} (the report covers a year that has begun)', year=year, FIRST_YEAR=FIRST_YEAR, year2=today.year))
    return year


def _section_names(corpus: Corpus) -> dict[str, str]:
    """Section key -> its Vietnamese name (the section index page's title), in site order."""
    source = corpus.source_language
    found: dict[str, tuple[int, str]] = {}
    for key in corpus.keys():
        section = corpus.section_of(key)
        if section in found:
            continue
        if section == "":
            found[section] = (-1, VI["general"])
            continue
        index = corpus.page(source, f"{section}/index.md")
        order = index.meta.get("order") if index is not None else None
        title = index.title if index is not None else section
        found[section] = (order if isinstance(order, int) and not isinstance(order, bool) else 10_000, title)
    return {name: title for name, (_, title) in sorted(found.items(), key=lambda kv: (kv[1][0], kv[0]))}


def collect(project: Project, year: int, now: dt.datetime | None = None) -> ReportData:
    """The report's figures for `year`, from the project's content."""
    now = now or dt.datetime.now(VIETNAM)
    corpus = Corpus.load(project)
    source = corpus.source_language
    required = settings(project)
    items: list[Item] = []
    for key in corpus.keys():
        if not corpus.is_published(key, now):
            continue
        meta = corpus.merged_meta(source, key)
        date, updated = _as_date(meta.get("date")), _as_date(meta.get("updated"))
        if date is not None and date.year == year:
            event, month = "published", date.month
        elif updated is not None and updated.year == year and (date is None or date.year < year):
            event, month = "updated", updated.month
        else:
            continue
        item = Item(key=key, section=corpus.section_of(key), page_type=str(meta.get("type", "page")),
                    date=date, updated=updated, event=event, month=month)
        needed = required.required_for(key)
        for lang in project.languages:
            if corpus.available(lang, key, now):
                item.titles[lang] = str(corpus.merged_meta(lang, key).get("title", key))
                item.urls[lang] = corpus.absolute_url(lang, key)
                item.states[lang] = event
            else:
                item.states[lang] = "missing" if lang in needed else "fallback"
        items.append(item)
    items.sort(key=lambda i: (i.date or i.updated or dt.date(year, 1, 1), i.key))

    sections = _section_names(corpus)
    coverage = []
    rows = status_rows(corpus, published_only=True)
    for lang in project.translation_languages:
        groups: list[tuple[str, list]] = [(VI["all_sections"], rows)]
        for section, name in sections.items():
            groups.append((name, [r for r in rows if (corpus.section_of(r.key)) == section]))
        for name, members in groups:
            if not members:
                continue
            counts = {state: sum(1 for r in members if r.states[lang] == state) for state in ("ok", "stale", "missing", "fallback")}
            coverage.append((lang, name, counts, round(100 * counts["ok"] / len(members), 1)))

    feeds = []
    for lang in project.languages:
        news_prefix = corpus.url(lang, "index.md") + NEWS_FOLDER + "/"
        for mime, _title, url in feed_links(corpus, lang):
            scope = VI["news"] if url.startswith(news_prefix) else VI["all_content"]
            feeds.append((lang, scope, FEED_FORMATS.get(mime, mime), project.site_url + url))

    return ReportData(
        year=year, made=now.date(), languages=project.languages, items=items, sections=sections,
        coverage=coverage, feeds=feeds, publisher=locale.Catalog("vi").get("publisher"), site_url=project.site_url,
    )


# --------------------------------------------------------------------------- tables


def _lang_name(lang: str) -> str:
    name = locale.language_name_in(lang, "vi")
    return name[:1].upper() + name[1:]


def _vi_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _count(items: list[Item], lang: str, **where: Any) -> int:
    return sum(1 for i in items if lang in i.urls and all(getattr(i, k) == v for k, v in where.items()))


def tables(data: ReportData) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """The report's tables: (heading, note, header row, rows), labels in Vietnamese."""
    langs = data.languages
    items = data.items
    result = []
    summary = [
        [_lang_name(lang), str(_count(items, lang, event="published")), str(_count(items, lang, event="updated")),
         str(_count(items, lang))]
        for lang in langs
    ]
    result.append((VI["summary"], VI["summary_note"], [VI["language"], VI["new"], VI["updated"], VI["total"]], summary))

    by_section = []
    for section, name in data.sections.items():
        counts = [_count(items, lang, section=section) for lang in langs]
        if any(counts):
            by_section.append([name] + [str(c) for c in counts])
    by_section.append([VI["total"]] + [str(_count(items, lang)) for lang in langs])
    result.append((VI["by_section"], "", [VI["section"]] + [_lang_name(l) for l in langs], by_section))

    by_month = [[VI["month_n"].format(n=m)] + [str(_count(items, lang, month=m)) for lang in langs] for m in range(1, 13)]
    by_month.append([VI["total"]] + [str(_count(items, lang)) for lang in langs])
    result.append((VI["by_month"], "", [VI["month"]] + [_lang_name(l) for l in langs], by_month))

    coverage = [
        [_lang_name(lang), name, str(c["ok"]), str(c["stale"]), str(c["missing"]), str(c["fallback"]), f"{share:.0f}%"]
        for lang, name, c, share in data.coverage
    ]
    result.append((
        VI["coverage"], VI["coverage_note"].format(date=_vi_date(data.made)),
        [VI["language"], VI["section"], VI["ok"], VI["stale"], VI["missing"], VI["fallback"], VI["share"]], coverage,
    ))

    listing = []
    for number, item in enumerate(items, start=1):
        for lang in langs:
            if lang in item.urls:
                state = VI["published"] if item.event == "published" else VI["updated_state"]
                when = item.date if item.event == "published" else item.updated
                listing.append([str(number), _vi_date(when), data.sections.get(item.section, item.section),
                                item.titles[lang], _lang_name(lang), item.urls[lang], state])
    result.append((
        VI["items"], "" if items else VI["none"].format(year=data.year),
        [VI["no"], VI["date"], VI["section"], VI["item_title"], VI["language"], VI["address"], VI["state"]], listing,
    ))

    feeds = [[_lang_name(lang), scope, fmt, url] for lang, scope, fmt, url in data.feeds]
    result.append((VI["feeds"], "", [VI["language"], VI["scope"], VI["format"], VI["address"]], feeds))
    return result


def _heading_lines(data: ReportData) -> list[tuple[str, str]]:
    return [
        (VI["unit"], data.publisher),
        (VI["site"], data.site_url),
        (VI["period"], f"01/01/{data.year} – 31/12/{data.year}"),
        (VI["made"], _vi_date(data.made)),
    ]


# --------------------------------------------------------------------------- formats


def _md_cell(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def as_markdown(data: ReportData) -> str:
    lines = [f"# {VI['title'].format(year=data.year)}", ""]
    lines += [f"- **{label}:** {value}" for label, value in _heading_lines(data)]
    for heading, note, header, rows in tables(data):
        lines += ["", f"## {heading}", ""]
        if note:
            lines += [note, ""]
        if not rows:
            continue
        lines.append("| " + " | ".join(_md_cell(h) for h in header) + " |")
        lines.append("|" + "|".join(" --- " if i < 1 or not rows[0][i].rstrip("%").isdigit() else " ---: "
                                     for i in range(len(header))) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def as_csv(data: ReportData) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in data.items:
        for lang in data.languages:
            writer.writerow([
                data.year, item.month, item.section, item.page_type, item.key, lang,
                item.titles.get(lang, ""), item.urls.get(lang, ""), item.states[lang],
            ])
    return buffer.getvalue()


def write_docx(data: ReportData, out: Path) -> None:
    try:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt
    except ImportError as exc:
        raise QuangbaError(T_('the docx report needs the Python package `python-docx` (pip install python-docx)')) from exc

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    for name, size in (("Normal", 13), ("Title", 16), ("Heading 1", 14), ("Heading 2", 13)):
        style = document.styles[name]
        style.font.name = "Times New Roman"
        style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), "Times New Roman")
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.bold = True

    title = VI["title"].format(year=data.year)
    properties = document.core_properties
    properties.title = title
    properties.author = data.publisher
    properties.language = "vi-VN"
    properties.subject = VI["site"] + ": " + data.site_url

    heading = document.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, value in _heading_lines(data):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for heading_text, note, header, rows in tables(data):
        document.add_heading(heading_text, level=1)
        if note:
            document.add_paragraph(note.replace("`", ""))
        if not rows:
            continue
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = Pt(10)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = ""
                cell.paragraphs[0].add_run(str(text)).font.size = Pt(10)
    document.save(str(out))


def _write(out: Path, writer) -> Path:
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        writer(partial)
        os.replace(partial, out)
    except OSError as exc:
        raise QuangbaError(T_('{out}: cannot write the report ({exc})', out=out, exc=exc)) from exc
    finally:
        partial.unlink(missing_ok=True)
    return out


def yearly_report(project: Project, year: int, fmt: str, out: Path | None) -> str | Path:
    """The yearly report as Markdown or CSV text (or written to `out`), or a Word file at `out`."""
    if fmt not in FORMATS:
        raise QuangbaError(T_('--format {fmt}: choose one of {items}', fmt=fmt, items=', '.join(FORMATS)))
    now = dt.datetime.now(VIETNAM)
    year = _check_year(year, now.date())
    if fmt == "docx" and out is None:
        raise QuangbaError(T_("the docx report is a file: give --out, e.g. --out bao-cao-{year}.docx", year=year))
    data = collect(project, year, now)
    if fmt == "docx":
        return _write(out, lambda path: write_docx(data, path))
    text = as_markdown(data) if fmt == "md" else as_csv(data)
    if out is None:
        return text
    return _write(out, lambda path: path.write_text(text, encoding="utf-8", newline=""))
