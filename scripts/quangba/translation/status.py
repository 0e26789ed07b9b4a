"""`quangba status` and `/quangba-status/`: the translators' work queue and the page ×
language matrix of translation states. It speaks Vietnamese (its readers are the office),
with each language named in its own script.

States: `ok` (translated, up to date), `stale` (the source changed since, or never
stamped), `missing` (required and absent: visitors get the Vietnamese original),
`fallback` (absent, not required: served from the Vietnamese original with a notice).
The states come from `Corpus.translation_state`, the one place that computes them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.core.settings import settings
from quangba.translation.diff import change_size

STATES = ("ok", "stale", "missing", "fallback")
SYMBOLS = {"ok": "✓", "stale": "~", "missing": "✗", "fallback": "·"}
# The dashboard's words (Vietnamese: its readers are the office).
STATE_NAMES = {"ok": "đã dịch, cập nhật", "stale": "cũ", "missing": "thiếu", "fallback": "chưa dịch (không bắt buộc)"}


@dataclass(frozen=True)
class StatusRow:
    key: str
    title: str
    section: str
    states: dict[str, str]  # lang -> state


def status_rows(corpus: Corpus, published_only: bool = False) -> list[StatusRow]:
    options = settings(corpus.project)
    rows = []
    for key in corpus.keys():
        if published_only and not corpus.is_published(key):
            continue
        source = corpus.page(corpus.source_language, key)
        required = options.required_for(key)
        states = {}
        for lang in corpus.project.translation_languages:
            state = corpus.translation_state(lang, key)
            if state == "missing":
                states[lang] = "missing" if lang in required else "fallback"
            else:
                states[lang] = "ok" if state == "current" else "stale"
        rows.append(StatusRow(key, source.title, corpus.section_of(key) or "—", states))
    return rows


def percentages(rows: list[StatusRow], langs: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Share of up-to-date pages per language, overall and per section."""
    result: dict[str, dict[str, float]] = {}
    for lang in langs:
        by_section: dict[str, list[bool]] = {}
        for row in rows:
            by_section.setdefault("*", []).append(row.states[lang] == "ok")
            by_section.setdefault(row.section, []).append(row.states[lang] == "ok")
        result[lang] = {section: round(100 * sum(v) / len(v), 1) for section, v in by_section.items() if v}
    return result


@dataclass(frozen=True)
class WorkItem:
    """One translation to make or bring up to date."""

    lang: str
    key: str
    title: str
    state: str  # missing | stale
    since: dt.date | None  # when the source was last changed (its `updated`, else `date`)
    words_added: int | None  # in the source since the translated version (None: no history)
    words_removed: int | None
    commands: tuple[str, ...]


def commands_for(lang: str, key: str, state: str) -> tuple[str, ...]:
    """The commands that start the work."""
    if state == "missing":
        return (f"quangba translate {lang} {key}", f"quangba xliff export --lang {lang} --stale --out xlf/ {key}")
    return (f"quangba diff {lang} {key}", f"quangba xliff export --lang {lang} --stale --out xlf/ {key}")


def work_queue(corpus: Corpus, rows: list[StatusRow] | None = None) -> dict[str, list[WorkItem]]:
    """Per language, what is missing or stale, oldest first (the source's date; undated
    last), with the size of what changed in the source since the translated version."""
    rows = status_rows(corpus) if rows is None else rows
    queue: dict[str, list[WorkItem]] = {}
    for lang in corpus.project.translation_languages:
        items = []
        for row in rows:
            state = row.states[lang]
            if state not in ("missing", "stale"):
                continue
            size = change_size(corpus, lang, row.key)
            items.append(WorkItem(
                lang=lang, key=row.key, title=row.title, state=state, since=corpus.source_updated(row.key),
                words_added=size[0] if size else None, words_removed=size[1] if size else None,
                commands=commands_for(lang, row.key, state),
            ))
        items.sort(key=lambda item: (item.since is None, item.since or dt.date.min, item.key))
        queue[lang] = items
    return queue


def _since(item: WorkItem) -> str:
    return locale.long_date(item.since, "vi") if item.since else "không ghi ngày"


def _size(item: WorkItem) -> str:
    if item.words_added is None:
        return "không rõ (cần lịch sử git)"
    if item.state == "missing":
        return f"{item.words_added} từ cần dịch"
    return f"+{item.words_added} / −{item.words_removed} từ"


def _counts(items: list[WorkItem]) -> str:
    missing = sum(1 for i in items if i.state == "missing")
    stale = len(items) - missing
    return f"thiếu {missing}, cũ {stale}"


def as_text(corpus: Corpus) -> str:
    rows = status_rows(corpus)
    langs = corpus.project.translation_languages
    lines = ["Bản dịch cần làm (việc chờ lâu nhất ở trên cùng)", ""]
    for lang, items in work_queue(corpus, rows).items():
        lines.append(f"{locale.language_name(lang)} ({lang}): " + (_counts(items) if items else "không còn việc"))
        for item in items:
            lines.append(f"  {STATE_NAMES[item.state]:<5}  {item.key}  «{item.title}»  nguồn sửa: {_since(item)}  {_size(item)}")
            for command in item.commands:
                lines.append(f"         {command}")
        lines.append("")
    width = max([len(r.key) for r in rows] + [len("cập nhật"), 4])
    lines.append(f"{'trang'.ljust(width)}  " + "  ".join(lang.ljust(3) for lang in langs))
    for row in rows:
        lines.append(f"{row.key.ljust(width)}  " + "  ".join(SYMBOLS[row.states[lang]].ljust(3) for lang in langs))
    shares = percentages(rows, langs)
    lines.append("")
    lines.append(f"{'cập nhật'.ljust(width)}  " + "  ".join(f"{shares[lang]['*']:.0f}%".ljust(3) for lang in langs))
    for section in sorted({r.section for r in rows}):
        lines.append(f"{('  ' + section).ljust(width)}  " + "  ".join(f"{shares[lang][section]:.0f}%".ljust(3) for lang in langs))
    lines.append("")
    lines.append("  ".join(f"{SYMBOLS[s]} {STATE_NAMES[s]}" for s in STATES))
    return "\n".join(lines)


def as_json(corpus: Corpus) -> str:
    rows = status_rows(corpus)
    langs = corpus.project.translation_languages
    data = {
        "version": 1,
        "source_language": corpus.source_language,
        "languages": list(langs),
        "pages": [{"key": r.key, "title": r.title, "section": r.section, "states": r.states} for r in rows],
        "up_to_date_percent": percentages(rows, langs),
        "work_queue": {
            lang: [{
                "key": i.key, "title": i.title, "state": i.state, "since": i.since.isoformat() if i.since else None,
                "words_added": i.words_added, "words_removed": i.words_removed, "commands": list(i.commands),
            } for i in items]
            for lang, items in work_queue(corpus, rows).items()
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_html(corpus: Corpus, published_only: bool = False) -> str:
    """A self-contained dashboard page in Vietnamese (no scripts, no outside resources,
    noindex): the work queue per language, then the matrix. The copy in the public site
    lists published pages only."""
    esc = html.escape
    rows = status_rows(corpus, published_only)
    langs = corpus.project.translation_languages
    shares = percentages(rows, langs)
    queue = work_queue(corpus, rows)
    sections = []
    for lang, items in queue.items():
        name = f"<span lang='{lang}'>{esc(locale.language_name(lang))}</span> ({lang})"
        if not items:
            sections.append(f"<section><h2>{name}</h2><p>Không còn việc: mọi bản dịch đã cập nhật.</p></section>")
            continue
        body = "".join(
            f"<tr class='{item.state}'><th scope='row'><code>{esc(item.key)}</code><br>{esc(item.title)}</th>"
            f"<td>{esc(STATE_NAMES[item.state])}</td><td>{esc(_since(item))}</td><td>{esc(_size(item))}</td>"
            f"<td>{'<br>'.join(f'<code>{esc(c)}</code>' for c in item.commands)}</td></tr>"
            for item in items
        )
        sections.append(
            f"<section><h2>{name}: {esc(_counts(items))}</h2>"
            "<table><thead><tr><th scope='col'>Trang</th><th scope='col'>Tình trạng</th>"
            "<th scope='col'>Nguồn sửa ngày</th><th scope='col'>Thay đổi ở bản gốc</th><th scope='col'>Lệnh bắt đầu</th></tr></thead>"
            f"<tbody>{body}</tbody></table></section>"
        )
    head = "".join(f"<th scope='col' lang='{lang}'>{esc(locale.language_name(lang))}</th>" for lang in langs)
    matrix = []
    for row in rows:
        cells = "".join(f"<td class='{row.states[lang]}'>{SYMBOLS[row.states[lang]]} {esc(STATE_NAMES[row.states[lang]])}</td>" for lang in langs)
        matrix.append(f"<tr><th scope='row'><code>{esc(row.key)}</code><br>{esc(row.title)}</th>{cells}</tr>")
    total = "".join(f"<td>{shares[lang]['*']:.0f}%</td>" for lang in langs)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Tình trạng bản dịch</title>
<style>
body{{font-family:system-ui,"Noto Sans","Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#1a1a1a}}
table{{border-collapse:collapse}}th,td{{border:1px solid #bbb;padding:.3rem .6rem;text-align:left;vertical-align:top}}
.ok{{background:#dff3e3}}.stale{{background:#fff1c2}}.missing{{background:#f9d6d5}}.fallback{{background:#eee}}
table{{display:block;max-width:100%;overflow-x:auto}}th[scope=col]{{white-space:nowrap}}th[scope=row]{{min-width:11em}}th code{{overflow-wrap:anywhere}}
@media (max-width:30em){{body{{margin:1rem .75rem}}th,td{{padding:.25rem .4rem}}}}
</style></head><body>
<h1>Tình trạng bản dịch</h1>
<p>Ngôn ngữ gốc: {esc(locale.language_name(corpus.source_language))}. {len(rows)} trang.
Việc chờ lâu nhất ở trên cùng; “thay đổi” là số từ bản gốc thêm/bớt kể từ bản đã dịch.</p>
<h2 id="viec-can-lam">Bản dịch cần làm</h2>
{''.join(sections)}
<h2 id="tong-quan">Tổng quan</h2>
<table><thead><tr><th scope="col">Trang</th>{head}</tr></thead>
<tbody>{''.join(matrix)}</tbody>
<tfoot><tr><th scope="row">Đã cập nhật</th>{total}</tr></tfoot></table>
</body></html>
"""
