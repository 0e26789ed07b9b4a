"""The site's search index: Pagefind, one index per language, run on the built site.

Why Pagefind and not Material's lunr plugin: lunr under mkdocs-static-i18n makes one index
for every language (results mix languages), does not fold Vietnamese diacritics and cannot
segment Chinese in the browser. Pagefind (`pagefind[extended]` on PyPI, the binary ships
inside the wheel, nothing is downloaded) makes one index per `<html lang>`, folds
diacritics (`tan trao` finds *Tân Trào*) and segments Chinese and Japanese at index time
(the *extended* binary), so a word inside a sentence (`遗迹`, `ジオパーク`) is found.

The contract with the templates (``theme/main.html``)
------------------------------------------------------
Only elements marked ``data-pagefind-body`` are indexed, and a page without one is not
indexed at all. The templates put ``data-pagefind-body`` on the ``<article>`` of every real
page, and *not* on:

- a page not translated yet, served from the Vietnamese original under ``/en/…`` (it would
  put Vietnamese text into the English index, and it is ``noindex`` anyway);
- the 404 pages, the translation dashboard (``/quangba-status/``).

Each page's ``<html lang>`` chooses its index; the browser side (``pagefind.js``, loaded by
``theme/assets/javascripts/quangba-search.js``) reads the visitor's page ``<html lang>`` and
loads that language's index only, so results are always in the visitor's language.
Inside the article, heading permalinks (``¶``), image credits and the list of sources
(citations, often in another language than the page) are left out of the index (`EXCLUDE`).

The index is written to ``<site>/pagefind/`` (``pagefind.js``, one ``pagefind.<lang>_*.pf_meta``
per language, ``index/`` and ``fragment/`` chunks); browsers fetch only the chunks a query
needs.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from quangba.core.errors import QuangbaError
from quangba.core.messages import T_
from quangba.core.glossary import Glossary, term_pattern

#: A Latin-script acronym or name kept as is in every language (UNESCO, OCOP, PCI).
_LATIN_TERM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")

#: Where the index goes, relative to the site root (the JS imports `<root>/pagefind/pagefind.js`).
OUTPUT_SUBDIR = "pagefind"
#: Parts of the article that are not the page's own text.
EXCLUDE = (".headerlink", ".qb-sources", ".qb-credit")
TIMEOUT = 600


@dataclass
class SearchReport:
    """What `index_site` did: pages indexed per language (`<html lang>`), and how long it took."""

    languages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    output: Path | None = None  # the index folder, `<site>/pagefind`

    @property
    def pages(self) -> int:
        return sum(self.languages.values())


def _command(site_dir: Path) -> list[str]:
    if importlib.util.find_spec("pagefind") is None:
        raise QuangbaError(T_("search: Pagefind is not installed; install quangba's dependencies (pagefind[extended])"))
    if importlib.util.find_spec("pagefind_bin_extended") is None:
        # The plain binary cannot segment Chinese or Japanese: words inside sentences would
        # not be found. Better to stop than to publish a search that silently fails.
        raise QuangbaError(T_("search: Pagefind's extended binary is missing; install `pagefind[extended]`"))
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR, "--quiet"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site_dir: Path) -> SearchReport:
    """Index the built site in `site_dir` with Pagefind, one index per `<html lang>`.

    Quiet when it works; raises `QuangbaError` carrying Pagefind's output when it fails
    (or when it indexed nothing: no page had `data-pagefind-body`)."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise QuangbaError(T_('search: {site_dir} is not a built site', site_dir=site_dir))
    started = time.perf_counter()
    output = site_dir / OUTPUT_SUBDIR
    try:
        result = subprocess.run(_command(site_dir), capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise QuangbaError(T_('search: Pagefind could not run: {exc}', exc=exc)) from exc
    log = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise QuangbaError(T_('search: Pagefind failed (exit code {returncode}):\n{log}', returncode=result.returncode, log=log))
    return SearchReport(languages=_entry_counts(output, log), seconds=time.perf_counter() - started, output=output)


def _entry_counts(output: Path, log: str) -> dict[str, int]:
    """Pages indexed per language, from Pagefind's `pagefind-entry.json` in `output`."""
    entry = output / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        counts = {str(lang): int(info["page_count"]) for lang, info in languages.items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise QuangbaError(T_('search: Pagefind wrote no usable index ({entry}: {exc}):\n{log}', entry=entry, exc=exc, log=log)) from exc
    if not any(counts.values()):
        raise QuangbaError(T_('search: Pagefind indexed no page (no element has data-pagefind-body):\n{log}', log=log))
    return dict(sorted(counts.items()))


def latin_search_terms(glossary: Glossary, lang: str, text: str) -> list[str]:
    """Latin-script terms (UNESCO, OCOP) a reader may type on any language's site, for a page
    whose text in `lang` writes them in its own script (유네스코, ユネスコ, 联合国教科文组织):
    taken from the glossary entries whose rendering in `lang` the text contains, and only
    those the text does not already have. The theme puts them, unseen, into the indexed
    article (``qb-search-terms``), so Pagefind finds the page under either spelling."""
    found: list[str] = []
    for term in glossary.terms:
        renderings = term.forms.get(lang) or ()
        if not any(r and r in text for r in renderings):
            continue
        for other, forms in term.forms.items():
            for form in forms:
                for word in _LATIN_TERM.findall(form):
                    if word not in text and word not in found:
                        found.append(word)
    return found


def synonym_search_terms(glossary: Glossary, lang: str, text: str) -> list[str]:
    """Words a reader may type for a word the page's text in `lang` has (the glossary's
    `synonyms:`, e.g. Vietnamese `[chè, trà]`: the tea pages say chè, a visitor may search
    for trà): the other words of each group one of whose words the text has (whole words, in
    any case), and only those the text does not already have. Indexed unseen with the Latin
    terms (``qb-search-terms``), so the page is found, and ranked as an exact match
    (quangba-search.js), under either word."""
    found: list[str] = []
    for group in glossary.synonyms.get(lang, ()):
        present = [word for word in group if re.search(term_pattern(word, ignore_case=True), text)]
        if present:
            found += [word for word in group if word not in present and word not in found]
    return found
