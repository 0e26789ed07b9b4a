"""Building some languages of the site in this process (the preview's build processes run
this): exactly the languages asked for, one share of their pages, or only some pages."""

from __future__ import annotations

import logging
import os
import signal
import zlib
from pathlib import Path
from typing import Any

from quangba.core.errors import QuangbaError
from quangba.core.project import load_project
from quangba.core.messages import T_
from quangba.ops.build import _Collect, start_at  # the build's warnings, collected the same way


class Warm:
    """What a warm build process keeps from one build to the next (the pages read, the HTML
    of their Markdown), and what its last build did."""

    def __init__(self) -> None:
        self.render: Any = None  # a RenderCache, made once the engine is chosen (it loads MkDocs)
        self.pages: dict = {}
        self.written: list[str] = []  # lang/key of the pages the last build wrote


def build_languages_here(
    config_file: Path, out: Path, langs: list[str], shard: tuple[int, int] | None = None,
    template_cache: Path | None = None, pages: set[str] | None = None,
    warm: Warm | None = None, titles: set[str] | None = None,
) -> list[str]:
    """Build exactly `langs` (in the i18n list's order) into `out`, in this process, without
    the site-wide steps. Unlike a plain build, a translation is built without the source
    language first: static-i18n is started at the first language of `langs`. Not strict:
    MkDocs' warnings are returned to be shown, the preview is still built.

    With `shard` (k, n), every page is read and the navigation, feeds and sitemaps are made
    as usual, but only the pages of the k-th of n shares are written: n processes write one
    language's pages side by side, each page exactly as one build would write it. With
    `pages` (keys, `heritage/tan-trao.md`), only those pages are written (every page is still
    read: feeds, sitemaps and the 404 page are complete). With `template_cache`, the theme's
    compiled templates are kept there for the next build. With `warm` (a warm process's
    memory), unchanged pages are neither read nor converted again, and `warm.written` says
    which pages were written. With `titles` (keys whose title changed) and `pages`, the pages
    that show those titles (their navigation, previous/next) are written too."""
    from quangba.ops.engine import engine, plugins_ran, require_plugins
    from quangba.web.finish import DEFER_FINISH

    os.environ[DEFER_FINISH] = "1"
    collector = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    old_level, old_propagate = mkdocs_log.level, mkdocs_log.propagate
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.propagate = False  # shown by the preview, once
    run = engine()
    try:
        config = run.load_config(str(config_file), site_dir=str(out), strict=False)
        require_plugins(config, str(config_file))
        i18n, quangba = config.plugins["i18n"], config.plugins["quangba"]
        quangba.template_cache = template_cache
        quangba.titles_changed = set(titles or ())
        if warm is not None:
            from quangba.mkdocs_plugin.rebuild import RenderCache

            warm.render = warm.render or RenderCache()
            quangba.render_cache, quangba.page_memo = warm.render, warm.pages
        if shard is not None or pages is not None:
            index, count = shard or (0, 1)

            def write_only(src_uri: str, key: str) -> bool:
                return (pages is None or key in pages) and zlib.crc32(src_uri.encode("utf-8")) % count == index

            quangba.write_only = write_only
        order = start_at(i18n, config, langs)
        if not order:
            raise QuangbaError(T_('none of {items} is in the i18n languages of {config_file}', items=', '.join(langs), config_file=config_file))
        run.build(config)
        plugins_ran(config, order, str(config_file))
        if warm is not None:
            warm.written = list(quangba.written)
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(old_level)
        mkdocs_log.propagate = old_propagate
    return collector.messages


def _warm_child(conn: Any) -> None:
    """A warm build process: builds what the preview asks, one request after another, keeping
    what it read and converted (`Warm`) for the next. A request is (config_file, out, langs,
    shard, template cache, pages, titles); the answer (warnings, error, pages written, CPU
    seconds of the build, pages converted); None ends the process."""
    import resource
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm = Warm()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            conn.close()
            return
        config_file, out, langs, shard, cache, pages, titles = request
        started = time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        warm.written = []
        try:
            messages = build_languages_here(
                Path(config_file), Path(out), langs, shard, Path(cache) if cache else None, pages, warm, titles,
            )
            error = None
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which goes on serving
            messages, error = [], f"{type(exc).__name__}: {exc}"
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - started + (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        try:
            conn.send((messages, error, warm.written, cpu, warm.render.converted if warm.render else 0))
        except (BrokenPipeError, OSError):
            return


def _images_child(config_file: str, out: str, conn: Any) -> None:
    """Encode the images' variants into the shared cache once, before builds side by side
    (each would otherwise encode a new image at the same time as the others)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from quangba.core.corpus import Corpus
        from quangba.web.visuals import make_variants

        make_variants(Corpus.load(load_project(config_file)), Path(out))
        conn.send(None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        conn.send(f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()
