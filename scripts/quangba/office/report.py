"""`quangba report`: the figures of the yearly report on foreign-information work.

The provincial office files a yearly report (due 15 November) on its foreign-information
work. This module gives it the figures from the content itself:

- what was published in the year, counted by the Vietnamese source's `date` (and pages
  whose `updated` falls in the year), per language, per section and per month;
- translation coverage per language and section (up to date, stale, missing), from
  `quangba.translation.status` — the state on the day the report is made;
- the list of those items with their address in each language;
- the feeds supplied to Vietnam.vn and partners, per language.

Formats: `md` (Markdown, Vietnamese labels), `csv` (one tidy row per item × language, for
Excel: UTF-8 with a byte-order mark, headers and words in Vietnamese, or in English with
`--lang en`) and `docx` (the report as a document the province signs, in the frame of Decree
30/2020/NĐ-CP, with these tables in its body and appendix: `office.report_document`; needs
`out`).

The status column of the CSV: first published in the year, or published earlier and updated
in the year, when the item exists in that language; not translated (required) or not
translated (optional: the site serves the Vietnamese original there) when it does not: those
rows have no title and no address.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quangba.core import locale, messages
from quangba.core.corpus import Corpus
from quangba.core.errors import QuangbaError
from quangba.core.messages import N_
from quangba.web.feeds import NEWS_FOLDER, feed_links
from quangba.core.project import Project
from quangba.core.settings import settings
from quangba.translation.diff import _git
from quangba.translation.status import status_rows
from quangba.core.messages import T_

FORMATS = ("md", "csv", "docx")
FIRST_YEAR = 2000
# The CSV's headers and status words, through the gettext catalogs (English msgids, Vietnamese
# translations): the office reads them in Excel.
CSV_COLUMNS = (N_("Year"), N_("Month"), N_("Section"), N_("Type"), N_("Page"), N_("Language"), N_("Title"),
               N_("Address"), N_("Status"))
CSV_STATES = {
    "published": N_("published in the year"),
    "updated": N_("updated in the year"),
    "missing": N_("not translated (required)"),
    "fallback": N_("not translated (optional)"),
}
GENERAL = N_("General pages")  # the pages outside any section
CSV_LANGUAGES = ("vi", "en")
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with one
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
    section_names: dict[str, dict[str, str]]  # lang -> section key -> its name in that language
    coverage: list[tuple[str, str, dict[str, int], float]]  # lang, section name, counts, % up to date
    feeds: list[tuple[str, str, str, str]]  # lang, scope, format, address
    publisher: str
    site_url: str
    history: dict[str, "LanguageHistory"] | None = None  # lang -> what git says of the year; None: no history


@dataclass
class LanguageHistory:
    """What the content's git history says of one language in the year."""

    added: set[str] = field(default_factory=set)  # keys of the pages added
    changed: set[str] = field(default_factory=set)  # keys of pages that existed before and were changed
    commits: int = 0  # commits that touched this language's pages


def _as_date(value: Any, zone: dt.tzinfo) -> dt.date | None:
    """The calendar day of a date or time in the project's `time_zone` (a time written
    without a zone is in that zone)."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(zone).date()
    if isinstance(value, dt.date):
        return value
    return None


def _check_year(year: Any, today: dt.date) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise QuangbaError(T_('--year {year!r}: give a year as four digits, e.g. {year2}', year=year, year2=today.year))
    if not FIRST_YEAR <= year <= today.year:
        raise QuangbaError(T_('--year {year}: give a year from {FIRST_YEAR} to {year2} (the report covers a year that has begun)', year=year, FIRST_YEAR=FIRST_YEAR, year2=today.year))
    return year


def _section_names(corpus: Corpus, lang: str | None = None) -> dict[str, str]:
    """Section key -> its name (the section index page's title, in `lang` where it is
    translated, else in Vietnamese), in site order."""
    source = corpus.source_language
    found: dict[str, tuple[int, str]] = {}
    for key in corpus.keys():
        section = corpus.section_of(key)
        if section in found:
            continue
        if section == "":
            found[section] = (-1, VI["general"] if lang is None else messages.translations(lang).gettext(GENERAL))
            continue
        index = corpus.page(source, f"{section}/index.md")
        order = index.meta.get("order") if index is not None else None
        own = corpus.page(lang, f"{section}/index.md") if lang and lang != source else None
        title = (own or index).title if (own or index) is not None else section
        found[section] = (order if isinstance(order, int) and not isinstance(order, bool) else 10_000, title)
    return {name: title for name, (_, title) in sorted(found.items(), key=lambda kv: (kv[1][0], kv[0]))}


def history(project: Project, year: int) -> dict[str, LanguageHistory] | None:
    """Pages added and changed in the year, per language, from the git history of the content
    (commit dates in the project's `time_zone`); None when the project has no git history."""
    root = project.root
    zone = settings(project).time_zone
    if _git(root, "rev-parse", "--git-dir") is None:
        return None
    docs = project.docs_dir.resolve()
    if not docs.is_relative_to(root.resolve()):
        return None
    log = _git(
        root, "log", "--no-renames", "--relative", "--name-status", "--format=format:@@commit",
        f"--since={dt.datetime(year, 1, 1, tzinfo=zone).isoformat()}",
        f"--until={dt.datetime(year + 1, 1, 1, tzinfo=zone).isoformat()}",
        "--", docs.relative_to(root.resolve()).as_posix(),
    )
    if log is None:
        return None
    prefix = docs.relative_to(root.resolve()).as_posix().strip(".").strip("/")
    found = {lang: LanguageHistory() for lang in project.languages}
    added: dict[str, set[str]] = {lang: set() for lang in project.languages}
    touched: dict[str, set[str]] = {lang: set() for lang in project.languages}
    # git log lists the newest commit first: a page added in the year and changed later is "added"
    for block in log.split("@@commit")[1:]:
        langs_in_commit = set()
        for line in block.splitlines():
            parts = line.split("\t")
            if len(parts) != 2 or not parts[1].endswith(".md"):
                continue
            status, path = parts[0][:1], parts[1]
            relative = path[len(prefix) + 1:] if prefix and path.startswith(prefix + "/") else path
            lang, _, key = relative.partition("/")
            if lang not in found or not key:
                continue
            langs_in_commit.add(lang)
            if status == "A":
                added[lang].add(key)
            elif status == "M":
                touched[lang].add(key)
        for lang in langs_in_commit:
            found[lang].commits += 1
    for lang, entry in found.items():
        entry.added = added[lang]
        entry.changed = touched[lang] - added[lang]
    return found


def collect(project: Project, year: int, now: dt.datetime | None = None) -> ReportData:
    """The report's figures for `year`, from the project's content."""
    corpus = Corpus.load(project)
    now = now or dt.datetime.now(corpus.time_zone)
    source = corpus.source_language
    required = settings(project)
    items: list[Item] = []
    for key in corpus.keys():
        if not corpus.is_published(key, now):
            continue
        meta = corpus.merged_meta(source, key)
        date, updated = _as_date(meta.get("date"), corpus.time_zone), _as_date(meta.get("updated"), corpus.time_zone)
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
        section_names={lang: _section_names(corpus, lang) for lang in CSV_LANGUAGES},
        coverage=coverage, feeds=feeds, publisher=settings(project).publisher_for("vi"), site_url=project.site_url,
        history=history(project, year),
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


def as_csv(data: ReportData, lang: str = "vi") -> str:
    """One row per item and language, headers and words in `lang` (vi or en), for Excel:
    it starts with a byte-order mark so that Excel reads Vietnamese letters as UTF-8."""
    if lang not in CSV_LANGUAGES:
        raise QuangbaError(T_('--lang {lang}: the CSV speaks {items}', lang=lang, items=' or '.join(CSV_LANGUAGES)))
    words = messages.translations(lang).gettext
    catalog = locale.Catalog(lang)
    names = data.section_names.get(lang, data.sections)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([words(column) for column in CSV_COLUMNS])
    for item in data.items:
        for page_lang in data.languages:
            writer.writerow([
                data.year, item.month, names.get(item.section, item.section),
                catalog.get(f"types.{item.page_type}"), item.key, locale.language_name_in(page_lang, lang),
                item.titles.get(page_lang, ""), item.urls.get(page_lang, ""), words(CSV_STATES[item.states[page_lang]]),
            ])
    return BOM + buffer.getvalue()


@dataclass
class WrittenDocument:
    """The report written as a Word file, with the number of spaces left for the office to fill."""

    path: Path
    blanks: int


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


def yearly_report(project: Project, year: int, fmt: str, out: Path | None, lang: str = "vi",
                  number: str | None = None, signed: dt.date | None = None,
                  signer: str | None = None) -> str | Path | WrittenDocument:
    """The yearly report as Markdown or CSV text (or written to `out`), or a Word file at `out`.
    `lang` is the language of the CSV's headers and words (the md and docx are Vietnamese);
    `number`, `signed` and `signer` fill the docx's frame (see `office.report_document`)."""
    if fmt not in FORMATS:
        raise QuangbaError(T_('--format {fmt}: choose one of {items}', fmt=fmt, items=', '.join(FORMATS)))
    now = dt.datetime.now(settings(project).time_zone)
    year = _check_year(year, now.date())
    if fmt == "docx" and out is None:
        raise QuangbaError(T_("the docx report is a file: give --out, e.g. --out bao-cao-{year}.docx", year=year))
    data = collect(project, year, now)
    if fmt == "docx":
        try:
            import docx  # noqa: F401
        except ImportError as exc:
            raise QuangbaError(T_('the docx report needs the Python package `python-docx` (pip install python-docx)')) from exc
        from quangba.office.report_document import frame, write_report_document

        document_frame = frame(project, number=number, signed=signed, signer=signer)
        data = collect(project, year, now)
        blanks: list[int] = []
        path = _write(out, lambda partial: blanks.append(write_report_document(data, document_frame, partial)))
        return WrittenDocument(path, blanks[0])
    data = collect(project, year, now)
    text = as_markdown(data) if fmt == "md" else as_csv(data, lang)
    if out is None:
        return text
    return _write(out, lambda path: path.write_text(text, encoding="utf-8", newline=""))
