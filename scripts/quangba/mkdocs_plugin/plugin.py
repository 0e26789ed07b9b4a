"""The MkDocs adapter: MkDocs and mkdocs-static-i18n events call into the core.

Everything a page shows that depends on more than one language (alternates, the language
menu, fallback notices, nav titles, fact boxes, 404s, sitemaps) is computed by the core
from the corpus; this module only hands it to the theme and writes the files MkDocs would
have written wrongly. A move to another generator should only touch this package.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit
from typing import Any

from collections.abc import Callable

from jinja2 import ChoiceLoader, DictLoader, FileSystemBytecodeCache
from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from quangba.core import locale
from quangba.web.finish import DEFER_FINISH, finish_site
from quangba.core.corpus import Corpus
from quangba.core.csp import TEMPLATE_SCRIPTS_FILE, inline_scripts_of_template, script_hash
from quangba.core.files import refused_files, withheld_images
from quangba.core.htmlpolicy import site_policy
from quangba.mkdocs_plugin.config import QuangbaPluginConfig
from quangba.mkdocs_plugin.navwindow import page_nav
from quangba.mkdocs_plugin.rebuild import shown_with
from quangba.mkdocs_plugin.theme_strings import material_language_partial
from quangba.web.feeds import absolute_html, feed_image, feed_items, feed_links, write_feeds
from quangba.web.home import HOME, home_view
from quangba.web.jsonld import page_jsonld
from quangba.web.calendar import CALENDAR_KEY, ICS_FILE, calendar_html
from quangba.web.ics import calendar_ics
from quangba.core.events import build_day
from quangba.web.visuals import CARD_SIZE, hero_picture, make_variants, og_locale, page_card_url, pictures_in_html
from quangba.web.pageview import page_view, switcher
from quangba.core.settings import settings
from quangba.core.project import load_project
from quangba.web.sitemap import SITEMAP_INDEX, robots_txt, sitemap_index_xml, sitemap_xml
from quangba.web.typography import keep_korean_words
from quangba.translation.status import as_html as status_html

log = logging.getLogger("mkdocs.plugins.quangba")

# MkDocs writes these once per language build at the site root, so the last language wins;
# we write them ourselves, per language.
OWN_STATIC_TEMPLATES = ("404.html", "sitemap.xml")
THEME_DIR = str(Path(__file__).resolve().parent.parent / "theme")
THEME_CSS = "assets/stylesheets/quangba.css"
THEME_SEARCH_JS = "assets/javascripts/quangba-search.js"
THEME_LANGUAGE_JS = "assets/javascripts/quangba-language.js"
# A page rendered with this (empty) template is not written: MkDocs skips empty output.
SKIP_TEMPLATE = "quangba-skip.html"
# The home page's landing-page template (theme/home.html), data from quangba.web.home.
HOME_TEMPLATE = "home.html"
STATUS_PAGE = "quangba-status"
# Set by `quangba serve` for its own builds only: show drafts and scheduled pages, with a banner.
PREVIEW_ENV = "QUANGBA_PREVIEW"


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


class QuangbaPlugin(BasePlugin[QuangbaPluginConfig]):
    """Adapter between MkDocs + Material + static-i18n and the quangba core."""

    def __init__(self) -> None:
        super().__init__()
        self.corpus: Corpus | None = None
        self.lang = ""
        self._nav: Navigation | None = None
        self._files: Any = None
        self._env: Any = None
        self._html: dict[str, str] = {}  # key -> rendered HTML with absolute URLs (this language)
        self._variants: dict = {}  # image path -> responsive variants, made once per run
        self._withheld: set[str] | None = None
        self._script_templates: list[Any] = []  # the theme's inline scripts, compiled
        self._script_hashes: set[str] = set()  # … as rendered into this language's pages
        # Set by the caller of a build (quangba's own build and preview), never by mkdocs.yml:
        # which pages to write (every page is still read: feeds, sitemaps and the 404 page are
        # complete), and where to keep the theme's compiled templates between builds.
        self.write_only: Callable[[str, str], bool] | None = None  # (src_uri, key) -> write it?
        self.template_cache: Path | None = None
        self.read_cache = False  # take unchanged pages parsed from .quangba-cache/ (the check's page cache)
        # The preview's warm build processes: the HTML of unchanged pages kept between builds
        # (mkdocs_plugin/rebuild.py), the pages read last time (unchanged files are not read
        # again), and the pages whose title changed: the pages showing it are written too.
        self.render_cache: Any = None
        self.page_memo: dict | None = None
        self.titles_changed: set[str] = set()
        self._render: Any = None
        self._write_also: set[str] | None = set()  # None: every page
        self.written: list[str] = []  # lang/key of the pages written, in this build
        self.built: list[str] = []  # languages this plugin finished, checked by `quangba build`
        self.today = None  # the build day (core/events.build_day), read once per run

    # -- configuration -------------------------------------------------------------------
    @event_priority(-110)  # after static-i18n (-100) has switched the config to its language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = _i18n(config)
        if i18n is None or not getattr(i18n, "building", False):
            # First build of a run: read the content once for all language builds.
            project = load_project(config.config_file_path)
            self.corpus = Corpus.load(project, use_cache=self.read_cache, reuse=self.page_memo)
            self.corpus.preview = os.environ.get(PREVIEW_ENV) == "1"
            self._withheld = None  # images only unpublished pages show: once per run, not per language
            self.today = build_day(self.corpus.time_zone)
        self.lang = str(config.theme["language"])
        language_config = i18n.current_language_config if i18n is not None else None
        catalog = locale.Catalog(self.lang)
        if language_config is None or not language_config.site_name:
            config.site_name = catalog.get("site_name")
        if language_config is None or not language_config.site_description:
            config.site_description = catalog.get("site_description")
        if "toc" in config.markdown_extensions and (config.mdx_configs.get("toc") or {}).get("permalink"):
            # Python-Markdown's heading permalinks say "Permanent link" in every language.
            config.mdx_configs["toc"]["permalink_title"] = catalog.get("permalink")
        # Our templates sit between the site's own overrides (custom_dir) and Material.
        dirs = config.theme.dirs
        # static-i18n adds a theme folder holding its own sitemap template; with our sitemaps
        # MkDocs would copy that raw template over ours as a static file.
        dirs[:] = [d for d in dirs if Path(d).name != "custom_i18n_sitemap"]
        if THEME_DIR not in dirs:
            custom = config.theme.custom_dir
            dirs.insert(dirs.index(custom) + 1 if custom in dirs else 0, THEME_DIR)
        if THEME_CSS not in [str(path).split("?")[0] for path in config.extra_css]:
            config.extra_css.append(versioned(THEME_CSS))
        static = config.theme.static_templates
        for name in OWN_STATIC_TEMPLATES:
            static.discard(name)
        return config

    @event_priority(0)  # before static-i18n (-100) builds its per-language file tree
    def on_files(self, files: Any, config: MkDocsConfig) -> Any:
        """Leave out what is not published: drafts, pages whose `publish_at` has not come
        (in every language), and draft translations (their language gets the original)."""
        if self.corpus is None:
            return files
        i18n = _i18n(config)
        if i18n is None or not getattr(i18n, "building", False):
            # Once per run, after MkDocs cleaned the site folder: the images' variants.
            self._withheld = withheld_images(self.corpus)
            self._variants = make_variants(self.corpus, Path(config.site_dir), self._withheld)
        languages = self.corpus.project.languages
        for file in list(files.documentation_pages()):
            lang, _, key = file.src_uri.partition("/")
            if lang not in languages:
                continue
            if not self.corpus.is_published(key) or not self.corpus.available(lang, key) and self.corpus.exists(lang, key):
                files.remove(file)
        self._leave_out_files(files, config)
        return files

    def _leave_out_files(self, files: Any, config: MkDocsConfig) -> None:
        """Files under docs/ that are not published (quangba.core.files): links to outside the
        project, stray pages, raw HTML, and images only unpublished pages show. The check
        reports the first three; they are left out here too, for a build without the check."""
        project = self.corpus.project
        refused = [r.path.relative_to(project.docs_dir).as_posix()
                   for r in refused_files(project.docs_dir, project.root, project.languages)]
        if self._withheld is None:
            self._withheld = withheld_images(self.corpus)
        withheld = self._withheld
        docs = os.path.realpath(config.docs_dir)
        for file in list(files):
            src_dir = getattr(file, "src_dir", None)
            if not src_dir or os.path.realpath(src_dir) != docs:
                continue  # the theme's own files
            uri = file.src_uri
            if uri in withheld or any(uri == r or uri.startswith(r + "/") for r in refused):
                files.remove(file)

    def on_env(self, env: Any, config: MkDocsConfig, files: Any) -> Any:
        """Supply Material's interface strings for languages it lacks (Lao) from our catalog."""
        name = f"partials/languages/{self.lang}.html"
        try:
            env.loader.get_source(env, name)
        except Exception:  # noqa: BLE001 - jinja raises TemplateNotFound subclasses
            env.loader = ChoiceLoader([env.loader, DictLoader({name: material_language_partial(self.lang)})])
        if self.template_cache is not None:
            self.template_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(self.template_cache))
        env.globals["quangba_logo_size"] = _logo_size(config)
        self._env = env
        env.globals["quangba_assets"] = {
            "search": versioned(THEME_SEARCH_JS),
            "language": versioned(THEME_LANGUAGE_JS),
            "pagefind": pagefind_version(),
            # the project's own files the theme links on every page (docs/assets/…)
            "logo": docs_versioned(config.docs_dir, config.theme.get("logo")),
            "favicon": docs_versioned(config.docs_dir, config.theme.get("favicon")),
        }
        self._script_templates = _theme_scripts(env)
        return env

    def _note_scripts(self, context: dict, config: MkDocsConfig) -> None:
        """Render the theme's inline scripts as this page's templates do, and keep their hashes
        (`TEMPLATE_SCRIPTS_FILE`): the Content-Security-Policy allows these and nothing else."""
        values = {"features": config.theme.get("features") or [], **context}
        for template in self._script_templates:
            try:
                self._script_hashes.add(script_hash(template.render(values)))
            except Exception:  # noqa: BLE001 - a snippet that needs more than a page's context is not on pages
                continue

    # -- navigation ----------------------------------------------------------------------
    @event_priority(-110)  # after static-i18n rebuilt the nav for this language
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Any) -> Navigation:
        """Titles from the pages' own front matter in this language; order from `order:`.
        A page served from the original (not translated yet) joins its own section, which
        static-i18n would have put in a second section labelled with the folder's slug;
        previous/next (the footer) follow the same order as the navigation."""
        self._nav, self._files = nav, files
        nav.items = self._arrange(self._merge_sections(nav.items))
        pages = list(_pages_in(nav.items))
        nav.pages = pages
        for index, page in enumerate(pages):
            page.previous_page = pages[index - 1] if index > 0 else None
            page.next_page = pages[index + 1] if index + 1 < len(pages) else None
        _set_parents(nav.items, None)
        self._render = None
        if self.render_cache is not None and self.corpus is not None:
            self._render = self.render_cache.begin(config, files, (site_policy(self.corpus.project), self._variants), self.lang)
        self._write_also = set()
        if self.write_only is not None and self.titles_changed:
            self._write_also = shown_with(nav, self.titles_changed, self._key, list(config.theme.get("features") or []))
        return nav

    @event_priority(-200)  # after every plugin that changes the text (static-i18n: 50)
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Any) -> str:
        """With a render cache (quangba's build and preview, mkdocs_plugin/rebuild.py): an empty
        text for a page whose HTML is kept from the last build (`on_page_content` puts it back)."""
        return self._render.markdown(self.lang, page, markdown) if self._render is not None else markdown

    def _folder(self, section: Section, depth: int) -> str | None:
        """The content folder a section stands for (`heritage`), from any page in it."""
        page = next(_pages_in(section.children), None)
        if page is None:
            return None
        parts = self._key(page).split("/")
        return "/".join(parts[: depth + 1]) if len(parts) > depth + 1 else None

    def _merge_sections(self, items: list[Any], depth: int = 0) -> list[Any]:
        """One section per folder: sections of the same folder become one (the one holding
        the section's index page, whose title is the section label in this language)."""
        merged: list[Any] = []
        by_folder: dict[str, Section] = {}
        for item in items:
            if not isinstance(item, Section):
                merged.append(item)
                continue
            folder = self._folder(item, depth)
            kept = by_folder.get(folder) if folder is not None else None
            if kept is None:
                if folder is not None:
                    by_folder[folder] = item
                merged.append(item)
                continue
            if self._index_child(item) is not None and self._index_child(kept) is None:
                item.children = kept.children + item.children
                merged[merged.index(kept)] = item
                by_folder[folder] = item
            else:
                kept.children = kept.children + item.children
        for item in merged:
            if isinstance(item, Section):
                item.children = self._merge_sections(item.children, depth + 1)
        return merged

    def _key(self, page: Page) -> str:
        return getattr(page.file, "norm_src_uri", page.file.src_uri)

    def _order(self, item: Any) -> tuple[int, str]:
        page = item if isinstance(item, Page) else self._index_child(item)
        if page is None:
            return (10_000, str(item.title))
        key = self._key(page)
        meta = self.corpus.merged_meta(self.lang, key) if self.corpus else {}
        order = meta.get("order")
        return (order if isinstance(order, int) else 10_000, key)

    @staticmethod
    def _index_child(section: Any) -> Page | None:
        for child in getattr(section, "children", None) or []:
            if isinstance(child, Page) and child.file.name == "index":
                return child
        return None

    def _title(self, page: Page) -> str | None:
        """The page's front-matter title, HTML-escaped: Material prints `page.title` and the
        navigation titles as HTML (MkDocs's own titles, from headings, are HTML)."""
        if self.corpus is None:
            return None
        title = self.corpus.merged_meta(self.lang, self._key(page)).get("title")
        return escape(title) if isinstance(title, str) else None

    def _arrange(self, items: list[Any]) -> list[Any]:
        for item in items:
            if isinstance(item, Page):
                item.title = self._title(item) or item.title
            elif isinstance(item, Section):
                item.children = self._arrange(item.children)
                index = self._index_child(item)
                if index is not None:
                    item.title = self._title(index) or item.title
        # A section's index page comes first (it is the section's own page, and previous/next
        # go through it before its children); its `order:` places the section among its siblings.
        return sorted(items, key=lambda item: (not (isinstance(item, Page) and item.file.name == "index"), self._order(item)))

    # -- pages ---------------------------------------------------------------------------
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
        """Clean each page's HTML by the site's HTML policy (what SEC001/SEC002 report), then
        keep it (addresses made absolute) for the feeds. A page the caller does not want
        written (`write_only`) is still read, for the feeds and sitemaps, and gets the empty
        template: MkDocs chooses the template before `on_page_context`, after this event."""
        if self._render is not None:
            html = self._render.content(self.lang, page, html)
        if self.write_only is not None and not self._writes(page):
            page.meta["template"] = SKIP_TEMPLATE
            page.meta["search"] = {"exclude": True}  # Material's own front matter: not indexed either
        elif self.corpus is not None and self._key(page) == HOME:
            page.meta["template"] = HOME_TEMPLATE
        if self.corpus is not None:
            key = self._key(page)
            address = self.corpus.absolute_url(self.lang, key) if self.corpus.available(self.lang, key) else None
            source = html

            def make() -> tuple[str, str | None]:
                clean = site_policy(self.corpus.project).clean(source)
                feed = absolute_html(clean, address) if address is not None else None
                return pictures_in_html(clean, self._variants, page.url), feed

            html, feed = self._render.finish(self.lang, page, html, address, make) if self._render is not None else make()
            if feed is not None:
                self._html[key] = feed
            if key == CALENDAR_KEY:
                # The calendar page's list is made at build time from the event pages (never kept
                # by the preview's render cache: it changes with the other pages and the day).
                html += calendar_html(self.corpus, self.lang, self.today, page.url)
        return html

    def _writes(self, page: Page) -> bool:
        key = self._key(page)
        if self._write_also is None or key in self._write_also:
            return True
        return self.write_only is None or self.write_only(page.file.src_uri, key)

    @event_priority(40)  # after static-i18n's own context changes (50)
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        if page.meta.get("template") == SKIP_TEMPLATE:
            return context  # not written (on_page_content)
        self.written.append(f"{self.lang}/{self._key(page)}")
        if self.corpus is not None:
            page.title = self._title(page) or page.title
            view = page_view(self.corpus, self.lang, self._key(page), self.today)
            context["quangba"] = view
            context["quangba_feeds"] = feed_links(self.corpus, self.lang)
            context["quangba_calendar_feed"] = self._calendar_feed()
            if not view.fallback:
                context["quangba_jsonld"] = page_jsonld(self.corpus, self.lang, view.key)
            if view.image:
                context["quangba_picture"] = hero_picture(self._variants, view.image["src"], view.image["alt"], page.url)
            context["quangba_social"] = self._social(view)
            context["quangba_image_size"] = self._image_size(view.image)
            if context.get("nav") is not None:
                catalog = locale.Catalog(self.lang)
                context["nav"] = page_nav(context["nav"], settings(self.corpus.project).nav_window,
                                          lambda count: escape(catalog.get("nav.more", count=locale.number(count, self.lang))))
            if view.key == HOME:
                context["quangba_home"] = home_view(self.corpus, self.lang, self.today, variants=self._variants, page_url=page.url)
            self._note_scripts(context, config)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Korean words kept whole where the browser would break inside them (web/typography)."""
        return keep_korean_words(output) if self.lang == "ko" else output

    def _social(self, view: Any) -> dict[str, Any]:
        """Open Graph and Twitter card data for a page."""
        corpus = self.corpus
        site = corpus.project.site_url
        others = [lang for lang in corpus.languages_of(view.key) if lang != view.content_lang]
        meta = corpus.merged_meta(self.lang, view.key)
        return {
            "title": meta.get("title", ""),
            "description": meta.get("description", ""),
            "type": "article" if meta.get("type") in ("news", "heritage", "product", "investment") else "website",
            "url": view.canonical,
            "image": page_card_url(corpus, self.lang, view.key, lambda path: site + path),
            "image_alt": meta.get("title", ""),
            "width": CARD_SIZE[0],
            "height": CARD_SIZE[1],
            "locale": og_locale(view.content_lang),
            "alternates": [og_locale(lang) for lang in others],
            "site_name": locale.Catalog(self.lang).get("site_name"),
        }

    def _image_size(self, image: dict | None) -> tuple[int, int] | None:
        if not image or self.corpus is None:
            return None
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(self.corpus.project.docs_dir / image["src"]) as img:
                return img.size
        except (OSError, UnidentifiedImageError):
            return None

    # -- files MkDocs would write once for all languages ------------------------------------
    @event_priority(0)  # before static-i18n (-100) starts the next language's build
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.corpus is None or self._env is None or self._nav is None:
            return
        site_dir = Path(config.site_dir)
        prefix = "" if self.lang == self.corpus.source_language else self.lang
        out_dir = site_dir / prefix if prefix else site_dir
        self._write_404(config, out_dir)
        (out_dir / TEMPLATE_SCRIPTS_FILE).write_text(
            json.dumps({"script-src": sorted(self._script_hashes)}, indent=1) + "\n", encoding="utf-8"
        )
        self._script_hashes = set()
        items = feed_items(
            self.corpus, self.lang, self._html,
            {key: image for key in self._html if (image := feed_image(self.corpus, self.lang, key)) is not None},
        )
        write_feeds(self.corpus, self.lang, out_dir, items, settings(self.corpus.project).feed_length)
        (out_dir / ICS_FILE).write_bytes(calendar_ics(self.corpus, self.lang, self._stamp()))
        self._html = {}
        if self.render_cache is not None:
            self.render_cache.end(self.lang)
        _disable_material_sitemap_lookup(site_dir)
        # Every language build copies the theme's raw `sitemap.xml` to the root as a static
        # file, so the root sitemap (the source language's) is written after each of them.
        (site_dir / "sitemap.xml").write_text(sitemap_xml(self.corpus, [self.corpus.source_language]), encoding="utf-8")
        (out_dir / "sitemap.xml").write_text(sitemap_xml(self.corpus, [self.lang]), encoding="utf-8")
        (site_dir / SITEMAP_INDEX).write_text(sitemap_index_xml(self.corpus), encoding="utf-8")
        (site_dir / "robots.txt").write_text(robots_txt(self.corpus), encoding="utf-8")
        if not prefix:
            # The translation dashboard: a plain page out of the navigation, search and sitemaps.
            status_dir = site_dir / STATUS_PAGE
            status_dir.mkdir(parents=True, exist_ok=True)
            (status_dir / "index.html").write_text(status_html(self.corpus, published_only=True), encoding="utf-8")
        i18n = _i18n(config)
        last = i18n is None or self.lang == list(i18n.build_languages)[-1]
        if last and not os.environ.get(DEFER_FINISH):
            finish_site(self.corpus, site_dir)
        self.built.append(self.lang)

    def _calendar_feed(self) -> tuple[str, str]:
        """(title, site-relative url) of this language's iCalendar feed, for `<link rel=alternate>`
        (made relative to the page by the template, as the other feeds' links are)."""
        catalog = locale.Catalog(self.lang)
        return catalog.get("events.calendar_name", site=catalog.get("site_name")), self.corpus.url(self.lang, "index.md") + ICS_FILE

    def _stamp(self) -> Any:
        """DTSTAMP of the iCalendar feeds when SOURCE_DATE_EPOCH is set (reproducible builds);
        otherwise None: each event's is the day its page last changed (web/ics.py)."""
        import datetime as dt

        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else None

    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict:
        if template_name == "404.html" and self.corpus is not None:
            # A 404 is served at any depth: its links are absolute paths.
            home = page_view(self.corpus, self.lang, "index.md")
            context["quangba"] = {
                "lang": self.lang,
                "switcher": switcher(self.corpus, "index.md"),
                "home": urlsplit(self.corpus.project.site_url).path + self.corpus.url(self.lang, "index.md"),
                "noindex": True,
                "strings": home.strings,
                "publisher": home.publisher,
                "contact_url": home.contact_url,
            }
        if template_name.endswith(".html") and self.corpus is not None:
            self._note_scripts(context, config)
        return context

    def _write_404(self, config: MkDocsConfig, out_dir: Path) -> None:
        """Each language's 404 page, rendered as MkDocs renders its error templates (absolute
        links from the server root), with the public plugin events around it: MkDocs itself
        writes a static template once per build at the site root, where the last language
        would win."""
        name = "404.html"
        template = config.plugins.on_pre_template(self._env.get_template(name), template_name=name, config=config)
        context = get_context(self._nav, self._files, config, base_url=urlsplit(config.site_url or "/").path)
        context = config.plugins.on_template_context(context, template_name=name, config=config)
        output = config.plugins.on_post_template(template.render(context), template_name=name, config=config)
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "404.html").write_text(output, encoding="utf-8")


def _pages_in(items: list[Any]):
    """The pages of a navigation tree, in its order."""
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages_in(item.children)


def _set_parents(items: list[Any], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _set_parents(item.children, item)


def versioned(asset: str) -> str:
    """`asset` (a file of our theme) with its content's hash as a query: a release whose file
    changed links a new address, so no browser uses its cached copy of the old one with the
    new pages (nginx lets browsers keep these files an hour)."""
    digest = hashlib.sha256((Path(THEME_DIR) / asset).read_bytes()).hexdigest()[:12]
    return f"{asset}?v={digest}"


def docs_versioned(docs_dir: str, asset: str | None) -> str | None:
    """A file of the project's docs/ (the logo, the favicon) with its content's hash as a
    query, as `versioned` does for the theme's: a new logo is seen at once. Addresses of
    another host, and files that are not there, are left as written."""
    if not asset or "://" in asset or asset.startswith("//"):
        return asset
    try:
        digest = hashlib.sha256((Path(docs_dir) / asset).read_bytes()).hexdigest()[:12]
    except OSError:
        return asset
    return f"{asset}?v={digest}"


def pagefind_version() -> str:
    """The version of the Pagefind that writes `pagefind/pagefind.js`: that file is the same
    for every site one version builds, so its version names its content."""
    from importlib import metadata

    for name in ("pagefind_bin_extended", "pagefind_bin", "pagefind"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return ""


def _theme_scripts(env: Any) -> list[Any]:
    """The executable inline `<script>`s of every HTML template the theme can use (ours, the
    site's overrides, Material's), each compiled as a template of its own."""
    bodies: dict[str, None] = {}
    for name in env.loader.list_templates():
        if not name.endswith(".html"):
            continue
        try:
            source = env.loader.get_source(env, name)[0]
        except Exception:  # noqa: BLE001 - TemplateNotFound and unreadable files: nothing to allow
            continue
        for body in inline_scripts_of_template(source):
            bodies[body] = None
    compiled = []
    settings = (env.autoescape, tuple(sorted(env.extensions)), env.block_start_string, env.variable_start_string)
    for body in bodies:
        try:
            # what env.from_string does, with the compiled code kept for the next build of
            # this process (the preview's warm processes build again and again)
            code = _SCRIPT_CODE.get((settings, body))
            if code is None:
                code = _SCRIPT_CODE[(settings, body)] = env.compile(body)
            compiled.append(env.template_class.from_code(env, code, env.make_globals(None)))
        except Exception:  # noqa: BLE001 - a script cut by a Jinja block cannot be rendered alone
            continue
    return compiled


_SCRIPT_CODE: dict[tuple, Any] = {}  # (environment settings, script) -> compiled code


def _logo_size(config: MkDocsConfig) -> tuple[int, int] | None:
    """The logo's own width and height, for the `<img>` attributes (no layout shift)."""
    logo = config.theme.get("logo")
    if not logo:
        return None
    path = Path(config.docs_dir) / logo
    try:
        if path.suffix.lower() == ".svg":
            from lxml import etree

            root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
            width, height = root.get("width"), root.get("height")
            if not (width and height) and root.get("viewBox"):
                width, height = root.get("viewBox").replace(",", " ").split()[2:4]
            return round(float(str(width).removesuffix("px"))), round(float(str(height).removesuffix("px")))
        from PIL import Image

        with Image.open(path) as img:
            return img.size
    except (OSError, ValueError, TypeError, IndexError, SyntaxError):  # lxml syntax errors are SyntaxErrors
        return None


# The one place the adapter edits Material's output instead of using a public mechanism.
# Material's bundle fetches `<href>/sitemap.xml` for every `<link rel="alternate">` of every
# page, on every page view, assuming each is a language's root. Ours are the page's own
# language versions (as search engines want them) and the feeds' autodiscovery links: the
# fetches are 404s or whole sitemaps (about 1 MB at 2,000 pages a language) on a visitor's
# phone, and on a local preview they go to the production host. Material has no setting for
# it, no template block around it (the lookup is in the bundle, not in a template), and a
# script of ours cannot stop a query the bundle makes itself; dropping the links would lose
# feed autodiscovery and hreflang in the page. Our language menu already links each
# language's version of the page, so the lookup is pointed at links no page has.
# tests/unit/test_adapter.py fails when a Material release changes the selector, so the edit
# never silently stops working (or starts breaking the bundle).
_MATERIAL_ALTERNATE_SELECTOR = '"link[rel=alternate]"'
_DISABLED_SELECTOR = '"link[rel=alternate][data-md-sitemap]"'


def _disable_material_sitemap_lookup(site_dir: Path) -> None:
    for bundle in (site_dir / "assets" / "javascripts").glob("bundle.*.min.js"):
        text = bundle.read_text(encoding="utf-8")
        if _MATERIAL_ALTERNATE_SELECTOR in text:
            bundle.write_text(text.replace(_MATERIAL_ALTERNATE_SELECTOR, _DISABLED_SELECTOR), encoding="utf-8")


def _silence_material_banner() -> None:
    """Material 9.7+ prints an end-of-life banner on every command; it is not our users' news."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


_silence_material_banner()
