"""`quangba status`: the page × language matrix of translation states, for people.

States: `ok` (translated, up to date), `stale` (the source changed since, or never
stamped), `missing` (required and absent: visitors get the Vietnamese original),
`fallback` (absent, not required: served from the Vietnamese original with a notice).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from quangba.core import locale
from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.history import recorded_source_hash
from quangba.core.settings import settings

STATES = ("ok", "stale", "missing", "fallback")
SYMBOLS = {"ok": "✓", "stale": "~", "missing": "✗", "fallback": "·"}


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
        current = page_source_hash(source)
        required = options.required_for(key)
        states = {}
        for lang in corpus.project.translation_languages:
            page = corpus.page(lang, key)
            if page is None:
                states[lang] = "missing" if lang in required else "fallback"
            elif recorded_source_hash(corpus, page) == current:
                states[lang] = "ok"
            else:
                states[lang] = "stale"
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


def as_text(corpus: Corpus) -> str:
    rows = status_rows(corpus)
    langs = corpus.project.translation_languages
    width = max([len(r.key) for r in rows] + [4])
    lines = [f"{'page'.ljust(width)}  " + "  ".join(lang.ljust(3) for lang in langs)]
    for row in rows:
        lines.append(f"{row.key.ljust(width)}  " + "  ".join(SYMBOLS[row.states[lang]].ljust(3) for lang in langs))
    shares = percentages(rows, langs)
    lines.append("")
    lines.append(f"{'up to date'.ljust(width)}  " + "  ".join(f"{shares[lang]['*']:.0f}%".ljust(3) for lang in langs))
    for section in sorted({r.section for r in rows}):
        lines.append(f"{('  ' + section).ljust(width)}  " + "  ".join(f"{shares[lang][section]:.0f}%".ljust(3) for lang in langs))
    lines.append("")
    lines.append("  ".join(f"{SYMBOLS[s]} {s}" for s in STATES))
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
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_html(corpus: Corpus, published_only: bool = False) -> str:
    """A self-contained dashboard page (no scripts, no outside resources, noindex). The
    copy in the public site lists published pages only."""
    rows = status_rows(corpus, published_only)
    langs = corpus.project.translation_languages
    shares = percentages(rows, langs)
    head = "".join(f"<th scope='col' lang='{lang}'>{html.escape(locale.language_name(lang))}</th>" for lang in langs)
    body = []
    for row in rows:
        cells = "".join(f"<td class='{row.states[lang]}'>{SYMBOLS[row.states[lang]]} {row.states[lang]}</td>" for lang in langs)
        body.append(f"<tr><th scope='row'><code>{html.escape(row.key)}</code><br>{html.escape(row.title)}</th>{cells}</tr>")
    total = "".join(f"<td>{shares[lang]['*']:.0f}%</td>" for lang in langs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Translation status</title>
<style>
body{{font-family:system-ui,"Noto Sans","Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#1a1a1a}}
table{{border-collapse:collapse}}th,td{{border:1px solid #bbb;padding:.3rem .6rem;text-align:left;vertical-align:top}}
.ok{{background:#dff3e3}}.stale{{background:#fff1c2}}.missing{{background:#f9d6d5}}.fallback{{background:#eee}}
table{{display:block;max-width:100%;overflow-x:auto}}th[scope=col]{{white-space:nowrap}}th[scope=row]{{min-width:11em}}th code{{overflow-wrap:anywhere}}
@media (max-width:30em){{body{{margin:1rem .75rem}}th,td{{padding:.25rem .4rem}}}}
</style></head><body>
<h1>Translation status</h1>
<p>Source language: {html.escape(locale.language_name(corpus.source_language))}. {len(rows)} pages.</p>
<table><thead><tr><th scope="col">Page</th>{head}</tr></thead>
<tbody>{''.join(body)}</tbody>
<tfoot><tr><th scope="row">Up to date</th>{total}</tr></tfoot></table>
</body></html>
"""
