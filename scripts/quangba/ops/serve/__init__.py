"""`quangba serve`: a preview that keeps up with the editor.

- First a full build into a temporary folder. The check's findings are printed in the
  terminal, but they never stop the preview (`quangba build` is the gate, not this).
- An HTTP server, on the given address only, serves the current build. Every HTML response
  gets a small inline script that listens to `/__quangba/events` (Server-Sent Events) and
  reloads the page when a newer build is in place. Nothing is loaded from another host.
- A watcher follows `docs/`, `mkdocs.yml`, the glossary and the theme's `custom_dir` (the
  folders through the kernel's notifications, by watchfiles). On a change it rebuilds only the languages the change touches, each into a NEW
  folder, assembles a new site from the served one (hard links, nothing rewritten) plus the
  rebuilt language trees, and switches the served root in one step: the server never
  serves a half-written site. Then it tells the browsers to reload.
- The builds run in warm processes, forked once and asked for one build after another
  (an edit goes to the process that built its language last). They keep the pages they
  read and the HTML MkDocs made of each page's Markdown (`mkdocs_plugin/rebuild.py`), so a
  rebuild converts only the pages whose text changed. The served site is hard-linked into
  a spare tree in the background once it is served: a rebuild of some pages only lays them
  over it.

Which languages an edit touches (the file's location decides, then its content):

- `docs/<lang>/…` (a translation): that language only;
- `docs/<source>/…`: the source language, and the languages in which that page has no
  translation (they show the source's text);
- in those languages, an edit of a page's text (or of its description) writes that page
  only; an edit of its title also the pages that show the title (with Material's
  `navigation.prune`, the pages of its section, its neighbours in previous/next and the
  home page; without it, or for a top-level page, every page of the language); any other
  change of its front matter, every page of the language;
- a page added or removed, a change of what is published (`draft`, `publish_at`), or of a
  source page's language-neutral front matter (facts, order, image…, shown in every
  language), `docs/assets/`, `mkdocs.yml`, the glossary, the theme, anything else:
  everything.

The preview shows what `build` leaves out: pages with `draft: true`, pages whose
`publish_at` has not come, and draft translations, each with a banner saying so. A failed
or refused rebuild, and the check's errors, are shown in a box on every page as well as in
the terminal; the open pages reload when that changes.

An edit that leaves a page unreadable (front matter that is not YAML, a file that is not
UTF-8) is reported and not built: the preview keeps showing the last good site.

The site-wide steps of `quangba build` (social cards, the Pagefind search index) run when
the editor pauses, and are served from their own folders (`/assets/cards/`, `/pagefind/`),
swapped in one step as well; the check runs then too, and its findings for the files just
edited are printed.

The package, one job a file (each imports only from those above it in this list):

- `notices`: what the editor is told (terminal lines, the status page, the problems box,
  the reload script);
- `languages`: building some languages (or some pages) in one process;
- `assemble`: putting a site together from the served one and the rebuilt trees;
- `builder`: the build processes (warm, kept between builds; groups of languages, shares of pages);
- `changes`: what an edit touches (which languages, which pages), unreadable edits;
- `watch`: which files are followed, and their changes;
- `server`: the served site and the HTTP handler;
- `sidesteps`: the check, search index and social cards made in a pause;
- `preview`: the first build, each rebuild, the watch loop;
- `command`: `serve()`, the entry point of `quangba serve`.
"""

from __future__ import annotations

from quangba.ops.serve.assemble import SHARED_ROOT_ENTRIES, assemble
from quangba.ops.serve.builder import PRELOAD, Builder, CpuIdle
from quangba.ops.serve.changes import SOURCE_ONLY_FIELDS, Changes, Plan, languages_to_rebuild, unreadable
from quangba.ops.serve.command import serve
from quangba.ops.serve.languages import build_languages_here
from quangba.ops.serve.notices import EVENTS_PATH, PROBLEM_TITLES, RELOAD_SCRIPT, _status_page, problems_html, say
from quangba.ops.serve.preview import POLL_SECONDS, RETIRE_SECONDS, Preview
from quangba.ops.serve.server import Handler, Site, make_server, parse_address
from quangba.ops.serve.sidesteps import CARDS_PREFIX, IDLE_SECONDS, SEARCH_PREFIX, SideSteps
from quangba.ops.serve.watch import compare, snapshot, watched_roots

__all__ = [
    "CARDS_PREFIX", "EVENTS_PATH", "IDLE_SECONDS", "POLL_SECONDS", "PRELOAD", "PROBLEM_TITLES", "RELOAD_SCRIPT",
    "RETIRE_SECONDS", "SEARCH_PREFIX", "SHARED_ROOT_ENTRIES", "SOURCE_ONLY_FIELDS", "Builder", "Changes", "CpuIdle",
    "Handler", "Plan", "Preview", "SideSteps", "Site", "_status_page", "assemble", "build_languages_here", "compare",
    "languages_to_rebuild", "make_server", "parse_address", "problems_html", "say", "serve", "snapshot", "unreadable",
    "watched_roots",
]
