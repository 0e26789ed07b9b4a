"""security: markup that could run code in a visitor's browser or load from another host.

The HTML rules (SEC001, SEC002) report what the site's one HTML policy
(`quangba.core.htmlpolicy`) removes when the page is built, so a check and a build agree.
"""

from __future__ import annotations

import weakref

import re
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.messages import T_
from quangba.core.htmlpolicy import HtmlPolicy, Removal, site_policy, url_message
from quangba.core.outline import outline


def _markup(page) -> str:
    """The page's body as an HTML reader should see it: code spans and code blocks blanked
    (Markdown shows them as text), every other character at its own line. The rest is read
    as HTML on purpose: Python-Markdown passes more through as raw HTML than CommonMark
    (`<img/onload=…>` is text to the one and a tag to the other)."""
    shape = outline(page)
    data = shape.parsed_text.encode("utf-8")
    pieces, done = [], 0
    for start, end in sorted(shape.code_ranges):
        if start < done:
            continue
        code = data[start:end].decode("utf-8", "replace")
        pieces += [data[done:start].decode("utf-8", "replace"), "".join(c if c == "\n" else " " for c in code)]
        done = end
    pieces.append(data[done:].decode("utf-8", "replace"))
    return "".join(pieces)


def _removals(policy: HtmlPolicy, page, attribute_lists: bool) -> list[tuple[int, int, Removal]]:
    """(file line, column, removal) of everything the policy takes out of `page`: raw HTML,
    and the addresses of Markdown links and images."""
    cached = getattr(page, "_html_removals", None)
    if cached is not None and cached[0] == policy:
        return cached[1]
    found: list[tuple[int, int, Removal]] = []
    for removal in policy.removals(_markup(page)):
        found.append((page.body_line + removal.line - 1, removal.column, removal))
    if attribute_lists:
        found += _attribute_lists(policy, page)
    shape = outline(page)
    for tag, attribute, items in (("a", "href", shape.links), ("img", "src", shape.images)):
        for item in items:
            problem = policy.url_problem(tag, attribute, item.target)
            if problem:
                removal = Removal(item.line, item.column, problem[0], url_message(*problem))
                found.append((item.line, item.column, removal))
    page._html_removals = (policy, found)  # type: ignore[attr-defined]
    return found


_ATTR_LIST_EXTENSION = "attr_list"
# Python-Markdown's own pattern for `{: #id .class key="value" }` (markdown.extensions.attr_list).
_ATTR_LIST = re.compile(r"\{\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")


def _extensions(project) -> set[str]:
    """The names of the project's Markdown extensions (`markdown_extensions:` in mkdocs.yml)."""
    return {next(iter(entry)) if isinstance(entry, dict) else str(entry) for entry in project.markdown_extensions}


def _attribute_lists(policy: HtmlPolicy, page) -> list[tuple[int, int, Removal]]:
    """What the policy removes of the attributes written with Markdown's attribute lists."""
    from markdown.extensions.attr_list import get_attrs_and_remainder

    found = []
    for number, text in enumerate(_markup(page).split("\n"), start=page.body_line):
        for match in _ATTR_LIST.finditer(text):
            inline = text[: match.start()].endswith((")", "*", "_", "`", "]"))  # after a link, image, emphasis…
            if not inline and text[match.end():].strip():
                continue  # Markdown reads a list only there, or at the end of a block's line
            attributes, rest = get_attrs_and_remainder(match.group(1))
            if rest.strip():
                continue  # not an attribute list: Markdown leaves such braces as text
            for name, value in attributes:
                problem = policy.attribute_removal(str(name).lower(), str(value)) if name != "." else None
                if problem:
                    found.append((number, match.start() + 1, Removal(number, match.start() + 1, *problem)))
    return found


def _html_findings(corpus: Corpus, code: str) -> Iterator[Finding]:
    policy = site_policy(corpus.project)
    attribute_lists = _ATTR_LIST_EXTENSION in _extensions(corpus.project)
    for page in all_pages(corpus):
        if page.problems:
            continue
        for line, column, removal in _removals(policy, page, attribute_lists):
            if removal.code == code:
                yield finding(corpus, page, line, code, removal.message, column)


@rule("SEC001", "active-content", "security", scope="set")
def active_content(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: markup the site's HTML policy removes from a page when it is built:
    `<script>`, `<style>`, `<object>`, `<embed>`, `<form>`, `<meta>`, `<base>`, `<link>`,
    `<svg>` and any element not on the allow-list; `on…=` event handlers and other attributes
    not on it; `javascript:`, `data:` and other schemes a link or picture may not use, however
    they are written (entities, a tab inside the word, the attribute on the next line).

    Why it matters: a government site must not run code that an editor (or an attacker who
    got text into a page) pasted in; the page would not show what its author saw either.

    Example: `<img src="x.jpg"` and, on the next line, `onerror="alert(1)">`.

    Instead: remove it. Embeds and statistics are set up once, by the web administrator, in
    the site configuration.
    """
    return _html_findings(corpus, "SEC001")


@rule("SEC002", "iframe-not-allowed", "security", scope="set")
def iframe_not_allowed(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: an `<iframe>` that loads from a host not in `iframe_hosts`, and an
    image, video or audio file loaded from another host not in `resource_hosts` (both in
    mkdocs.yml, empty by default). The build removes those addresses.

    Why it matters: an embedded page runs someone else's code and tracking on the
    province's site, and a picture from another host (a "tracking pixel") tells that host
    who reads the page; visitors' data goes there.

    Example: `<iframe src="https://maps.example.com/embed?…">`, or
    `![](https://counter.example/p.gif)`.

    Instead: copy the picture into docs/assets/, link to the page instead of embedding it,
    or ask the web administrator to add the host to `iframe_hosts` or `resource_hosts`.
    """
    return _html_findings(corpus, "SEC002")


# -- files: only the project's own (rules in quangba.core.files) --------------------------------


def _file_finding(corpus: Corpus, path, code: str, message: str) -> Finding:
    """A finding about a file under docs/ that is not (or need not be) a page."""
    from quangba.checks import RULES

    project = corpus.project
    shown = project.relpath(path) if not path.is_symlink() else path.relative_to(project.root).as_posix()
    parts = path.relative_to(project.docs_dir).parts
    lang = parts[0] if len(parts) > 1 and parts[0] in project.languages else ""
    registered = RULES[code]
    return Finding(shown, 1, 1, code, message, registered.family, registered.severity, lang, "")


# corpus -> what `refused_files` found under its docs/: SEC010 and SEC011 walk it once a check
_REFUSED: "weakref.WeakKeyDictionary[Corpus, list]" = weakref.WeakKeyDictionary()


def _refused(corpus: Corpus, refused_files) -> list:
    found = _REFUSED.get(corpus)
    if found is None:
        project = corpus.project
        found = _REFUSED[corpus] = refused_files(project.docs_dir, project.root, project.languages)
    return found


def _inside(path, docs, real_dirs: dict[str, str]) -> bool:
    """`files.inside(path, docs)`, with the real path of each folder worked out once (a
    page's pictures share a few folders): the file's own name is joined to its folder's real
    path unless it is itself a link (or `.`/`..`), which `inside` follows."""
    import os

    from quangba.core.files import inside

    folder, name = os.path.split(str(path))
    if name in ("", ".", "..") or os.path.islink(path):
        return inside(path, docs)
    real = real_dirs.get(folder)
    if real is None:
        real = real_dirs[folder] = os.path.realpath(folder)
    root = real_dirs.get("")
    if root is None:
        root = real_dirs[""] = os.path.realpath(docs)
    full = os.path.join(real, name)
    return full == root or full.startswith(root.rstrip(os.sep) + os.sep)


@rule("SEC010", "file-outside-project", "security")
def file_outside_project(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a symbolic link under `docs/` whose target lies outside the project
    folder (a file or a whole folder), and a page image (`image.src`) or picture in the text
    whose path leads out of `docs/` (`../../../../etc/passwd`).

    Why it matters: the site and the content packages would publish a file of the computer
    that builds them: a password file, another project, a private folder.

    Example: `docs/assets/images/anh.jpg -> /home/editor/Pictures/anh.jpg`;
    `image: {src: ../../secret.jpg}`.

    Instead: copy the file itself into `docs/assets/` and point to it there.
    """
    from quangba.core.files import inside, refused_files, resolve_in_docs
    from quangba.core.outline import outline

    project = corpus.project
    for refused in _refused(corpus, refused_files):
        if refused.reason == "outside":
            yield _file_finding(corpus, refused.path, "SEC010",
                                f"a link to `{refused.target}`, outside the project, is not published: "
                                "copy the file into docs/ instead")
    docs = project.docs_dir
    real_dirs: dict[str, str] = {}  # folder -> its real path, for `_inside`
    for page in all_pages(corpus):
        image = page.meta.get("image")
        if isinstance(image, dict) and isinstance(image.get("src"), str) and resolve_in_docs(docs, image["src"]) is None:
            yield finding(corpus, page, page.line_of("image.src"), "SEC010",
                          T_('image `{value}` is outside docs/: it is not published; put it under docs/assets/images/', value=image['src']))
        if page.problems:
            continue
        for img in outline(page).images:
            target = img.target.split("#")[0].split("?")[0]
            if not target or "://" in target or target.startswith(("data:", "//", "mailto:", "tel:")):
                continue
            path = docs / target.lstrip("/") if target.startswith("/") else page.path.parent / target
            if path.exists() and not _inside(path, docs, real_dirs):
                yield finding(corpus, page, img.line, "SEC010",
                              T_('image `{target}` is outside docs/: it is not published; put it under docs/assets/images/', target=img.target),
                              img.column)


@rule("SEC011", "page-outside-language-folders", "security")
def page_outside_language_folders(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a `.md` file under `docs/` but outside the language folders
    (`docs/assets/notes.md`), and any `.html` file under `docs/`.

    Why it matters: MkDocs would publish a stray `.md` as a page in every language, outside
    every check; a raw `.html` file reaches visitors as it is, scripts included, without the
    sanitizer that cleans every page.

    Example: `docs/assets/notes.md`, `docs/vi/banner.html`.

    Instead: write pages in Markdown inside a language folder (`docs/vi/…`); offer a
    document for download as PDF or ODT under `docs/assets/`.
    """
    from quangba.core.files import refused_files

    project = corpus.project
    for refused in _refused(corpus, refused_files):
        if refused.reason == "stray-page":
            yield _file_finding(corpus, refused.path, "SEC011",
                                "a page outside the language folders is not published: move it into docs/vi/ "
                                "(or the language it is written in)")
        elif refused.reason == "raw-html":
            yield _file_finding(corpus, refused.path, "SEC011",
                                "raw HTML files are not published: write the page in Markdown, or offer the "
                                "document as a PDF under docs/assets/")


@rule("SEC012", "same-page-name", "security")
def same_page_name(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: two files that would make the same page address
    (`lab/foo.md` and `lab/foo/index.md` are both `/lab/foo/`) or the same content package
    (`lab/a__b.md` and `lab/a/b.md` are both `lab__a__b.zip`).

    Why it matters: only one of them is published, and no one is told which; partners get
    one package instead of two.

    Example: `docs/vi/lab/foo.md` beside `docs/vi/lab/foo/index.md`.

    Instead: rename or merge one of the two files.
    """
    from quangba.core.corpus import page_url
    from quangba.core.files import package_stem

    project = corpus.project
    for lang in project.languages:
        pages = corpus.pages.get(lang, {})
        seen_url: dict[str, str] = {}
        seen_package: dict[str, str] = {}
        for key in sorted(pages):
            page = pages[key]
            url = page_url(key, lang, corpus.source_language)
            if url in seen_url:
                other = project.relpath(pages[seen_url[url]].path)
                yield finding(corpus, page, 1, "SEC012",
                              T_("this page and `{other}` would both be published at `/{url}`: only one would "
                                 "be on the site; rename or merge one of them", other=other, url=url))
            else:
                seen_url[url] = key
            if lang != corpus.source_language:
                continue  # packages are named after the source page
            stem = package_stem(key)
            if stem in seen_package:
                other = project.relpath(pages[seen_package[stem]].path)
                yield finding(corpus, page, 1, "SEC012",
                              T_("this page and `{other}` would both be packaged as `{stem}.zip`: one package "
                                 "would overwrite the other; rename one of them", other=other, stem=stem))
            else:
                seen_package[stem] = key


@rule("SEC013", "unpublishable-page-name", "security", scope="set")
def unpublishable_page_name(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a page whose file or folder name starts with a dot (`..md`,
    `.nhap/bai.md`).

    Why it matters: the check reads it, but the site generator skips such names: the page is
    never published, and no one is told.

    Example: `docs/vi/news/..md`.

    Instead: give the file a name of letters, digits and hyphens: `news/le-hoi.md`.
    """
    from quangba.core.files import unpublishable_part

    for page in all_pages(corpus):
        part = unpublishable_part(page.key)
        if part is not None:
            yield finding(corpus, page, 1, "SEC013",
                          T_("`{part}` starts with a dot: the site never publishes such a page; rename it", part=part))
