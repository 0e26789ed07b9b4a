"""`quangba publish` and `quangba rollback`: releases side by side, switched in one step.

The web server's folder (`--to DIR`, e.g. /var/www/quangba) holds:

    DIR/releases/20261126T221500Z/   one complete site per publish (UTC time, sortable)
    DIR/current -> releases/…         what the web server serves (nginx: root DIR/current)
    DIR/nginx-csp.conf                the Content-Security-Policy of the kept releases
                                      (`set $quangba_csp "…";`, included by deploy/nginx.conf)
    DIR/.publish.lock                 one publish or rollback at a time

`publish` builds (the content check runs first) into a staging folder inside
`DIR/releases/`, verifies the result (`verify_site`), renames it to its release name and
then replaces the `current` link with a new one in a single `rename(2)`: a visitor gets the
old site or the new one, never a mix, and a failure at any step leaves `current` as it was
and removes the staging folder. The newest `keep` releases are kept (never the one
`current` points at is removed). `rollback` points `current` at the release before it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import posixpath
import re
import shutil
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from quangba.core.errors import QuangbaError
from quangba.core.csp import JS_TYPES as _JS_TYPES
from quangba.core.csp import TEMPLATE_SCRIPTS_FILE, script_hash
from quangba.core.messages import T_

RELEASES = "releases"
CURRENT = "current"
CSP_FILE = "nginx-csp.conf"
LOCK_FILE = ".publish.lock"
STAGING_PREFIX = ".staging-"
RELEASE_NAME = re.compile(r"^\d{8}T\d{6}Z$")
#: Problems listed in an error message; the rest are counted.
MAX_LISTED = 40

# -- verification -------------------------------------------------------------------------

#: Element → attributes holding an address the browser loads or follows.
_URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",),
    "iframe": ("src",), "embed": ("src",), "object": ("data",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "input": ("src",),
}
#: What an address is, for messages.
_KIND = {"a": "link", "area": "link", "img": "image", "source": "image", "script": "script",
         "iframe": "frame", "embed": "embedded file", "object": "embedded file",
         "video": "video", "audio": "audio", "track": "subtitles", "input": "image"}
#: `<script type>` values a browser executes (anything else, e.g. JSON-LD, is data).


def _link_kind(tag: str, element) -> str:
    if tag == "link":
        rel = (element.get("rel") or "").lower().split()
        if "stylesheet" in rel:
            return "stylesheet"
        if "icon" in rel or "apple-touch-icon" in rel:
            return "icon"
        return f"<link rel=\"{' '.join(rel)}\">"
    return _KIND.get(tag, tag)


def _addresses(tag: str, attr: str, value: str) -> list[str]:
    if attr == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value]


class _Resolver:
    """Where an internal address leads in the site, with a cache of what exists."""

    def __init__(self, site: Path):
        self.site = site
        self._exists: dict[str, bool] = {}

    def exists(self, rel: str) -> bool:
        if rel not in self._exists:
            path = self.site / rel if rel else self.site
            self._exists[rel] = path.is_file() or (path.is_dir() and (path / "index.html").is_file())
        return self._exists[rel]

    def check(self, page: str, url: str) -> str | None:
        """None when `url` (from `page`, site-relative) is external, an anchor, or resolves;
        otherwise what is wrong."""
        url = url.strip()
        if not url or url.startswith("#"):
            return None
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:  # http(s), mailto, tel, data:, //host/…
            return None
        path = unquote(parts.path)
        if not path:  # `?query` only: this page
            return None
        base = "" if path.startswith("/") else posixpath.dirname(page)
        joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if joined == ".." or joined.startswith("../"):
            return f"leads outside the site ({joined})"
        rel = "" if joined == "." else joined
        if path.endswith("/"):
            rel = posixpath.join(rel, "index.html") if rel else "index.html"
        if self.exists(rel):
            return None
        return f"{rel or 'index.html'} is not in the site"


def _parse_html(path: Path, rel: str, problems: list[str]):
    import lxml.etree
    import lxml.html

    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(T_('{rel}: cannot be read: {strerror}', rel=rel, strerror=exc.strerror))
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(T_('{rel}: not UTF-8 text (byte {start})', rel=rel, start=exc.start))
        return None
    try:
        return lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        problems.append(T_('{rel}: not parseable HTML: {exc}', rel=rel, exc=exc))
        return None


def verify_site(site_dir: Path) -> list[str]:
    """Check a built site before it goes live; one `path: problem` message per problem.

    - every `.html` file is UTF-8 and parses (lxml);
    - every internal address of a link, image, script, stylesheet, frame or media element
      (relative or root-absolute; `…/` means `…/index.html`) leads to a file of the site;
      external addresses (http(s), mailto, tel, data: …) and `#anchors` are not followed;
    - nothing the Content-Security-Policy would block: `on…=` handlers, `javascript:` links;
    - every `*.xml` (feeds, sitemaps) is well-formed XML, every `feed.json` is a JSON object.
    """
    import lxml.etree

    site = Path(site_dir)
    if not site.is_dir():
        return [f"{site}: the site folder does not exist"]
    problems: list[str] = []
    resolver = _Resolver(site)
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        doc = _parse_html(path, rel, problems)
        if doc is None:
            continue
        seen: set[tuple[str, str]] = set()
        for element in doc.iter():
            tag = element.tag if isinstance(element.tag, str) else ""
            if not tag:
                continue
            tag = tag.lower()
            for attr, value in element.attrib.items():
                if attr.lower().startswith("on"):
                    problems.append(T_('{rel}: <{tag} {attr}=…> is an inline event handler; the Content-Security-Policy blocks it (use a script file)', rel=rel, tag=tag, attr=attr))
            for attr in _URL_ATTRS.get(tag, ()):
                value = element.get(attr)
                if value is None:
                    continue
                for url in _addresses(tag, attr, value):
                    if url.strip().lower().startswith("javascript:"):
                        problems.append(T_('{rel}: {link_kind} `{value}` is a javascript: address; the Content-Security-Policy blocks it', rel=rel, link_kind=_link_kind(tag, element), value=url[:60]))
                        continue
                    if (url, attr) in seen:
                        continue
                    seen.add((url, attr))
                    wrong = resolver.check(rel, url)
                    if wrong:
                        problems.append(T_('{rel}: broken {link_kind} `{url}`: {wrong}', rel=rel, link_kind=_link_kind(tag, element), url=url, wrong=wrong))
    for path in sorted(site.rglob("*.xml")):
        rel = path.relative_to(site).as_posix()
        try:
            lxml.etree.parse(str(path))
        except lxml.etree.XMLSyntaxError as exc:
            problems.append(T_('{rel}: not well-formed XML: {exc}', rel=rel, exc=exc))
        except OSError as exc:
            problems.append(T_('{rel}: cannot be read: {exc}', rel=rel, exc=exc))
    for path in sorted(site.rglob("feed.json")):
        rel = path.relative_to(site).as_posix()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            problems.append(T_('{rel}:{lineno}:{colno}: not valid JSON: {msg}', rel=rel, lineno=exc.lineno, colno=exc.colno, msg=exc.msg))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(T_('{rel}: cannot be read as UTF-8 text: {exc}', rel=rel, exc=exc))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            problems.append(T_('{rel}: not a JSON Feed (an object with an `items` list is expected)', rel=rel))
    return problems


# -- Content-Security-Policy ----------------------------------------------------------------


_sha256 = script_hash


def template_script_hashes(site_dir: Path) -> set[str]:
    """The hashes of the inline scripts the theme's templates wrote into a site (the build's
    `.csp-scripts.json` of each language); the only inline scripts the policy allows."""
    site = Path(site_dir)
    files = [site / TEMPLATE_SCRIPTS_FILE] + sorted(site.glob(f"*/{TEMPLATE_SCRIPTS_FILE}"))
    found: set[str] = set()
    read = False
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as exc:
            raise QuangbaError(T_("{path}: cannot be read as the list of the theme's scripts ({exc}); build the site again", path=path, exc=exc)) from exc
        hashes = data.get("script-src") if isinstance(data, dict) else None
        if not isinstance(hashes, list) or not all(isinstance(h, str) and re.fullmatch(r"'sha256-[A-Za-z0-9+/=]+'", h) for h in hashes):
            raise QuangbaError(T_("{path}: not a list of script hashes; build the site again", path=path))
        found.update(hashes)
        read = True
    if not read:
        raise QuangbaError(T_("{site}: no {file}, the list of the theme's own scripts; "
                              "build the site with `quangba build` (or `mkdocs build` with the quangba plugin)",
                              site=site, file=TEMPLATE_SCRIPTS_FILE))
    return found


def untrusted_inline_scripts(site_dir: Path) -> dict[str, str]:
    """Inline scripts of a site that none of the theme's templates wrote (hash -> a page with
    it): content that browsers will not run under the policy."""
    allowed = template_script_hashes(site_dir)
    return {value: page for value, page in site_inline_hashes(site_dir)["script"].items() if value not in allowed}


class _Inline(HTMLParser):
    """What a page has inline, read with the standard library's parser (so that
    deploy/csp-hashes.py runs with any Python 3, without lxml)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attrs: list[str] = []
        self.frames: list[str] = []
        self._open: tuple[str, bool] | None = None  # ("script"|"style", counted), collecting
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("style") is not None:
            self.style_attrs.append(values["style"])
        if tag == "iframe" and values.get("src"):
            self.frames.append(values["src"])
        if tag == "script":
            kind = (values.get("type") or "").strip().lower().split(";")[0].strip()
            self._open = ("script", values.get("src") is None and kind in _JS_TYPES)
            self._text = []
        elif tag == "style":
            self._open = ("style", True)
            self._text = []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            if self._open[1]:
                (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._open = None


def _read_inline(path: Path) -> _Inline:
    parser = _Inline()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def site_inline_hashes(site_dir: Path) -> dict[str, dict[str, str]]:
    """The CSP hashes of what a site has inline, each with a page that has it:
    `script` (executable `<script>` blocks: Material's `__md_scope`/palette snippets; JSON
    and JSON-LD blocks are data and need nothing), `style` (`<style>` blocks) and
    `style-attr` (`style="…"` attributes)."""
    found: dict[str, dict[str, str]] = {"script": {}, "style": {}, "style-attr": {}}
    site = Path(site_dir)
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        page = _read_inline(path)
        for kind, texts in (("script", page.scripts), ("style", page.styles), ("style-attr", page.style_attrs)):
            for text in texts:
                found[kind].setdefault(_sha256(text), rel)
    return found


def _frame_sources(site: Path) -> set[str]:
    hosts: set[str] = set()
    for path in site.rglob("*.html"):
        if b"<iframe" not in path.read_bytes():
            continue
        for src in _read_inline(path).frames:
            parts = urlsplit(src)
            if parts.scheme in ("http", "https") and parts.netloc:
                hosts.add(f"{parts.scheme}://{parts.netloc}")
    return hosts


def content_security_policy(*site_dirs: Path) -> str:
    """A Content-Security-Policy for these sites, as strict as they allow: everything from
    the site's own origin; inline scripts only by the hashes of those the theme's templates
    wrote (`template_script_hashes`: never a script that came with the content; no
    'unsafe-inline', no 'unsafe-eval'), 'wasm-unsafe-eval' only when the site ships
    WebAssembly (Pagefind's search), `data:` images only when the stylesheets use them
    (Material's icons), frames only from the hosts the pages embed."""
    scripts: set[str] = set()
    styles: set[str] = set()
    style_attrs: set[str] = set()
    frames: set[str] = set()
    wasm = data_images = False
    for site in map(Path, site_dirs):
        found = site_inline_hashes(site)
        scripts |= template_script_hashes(site)
        styles |= set(found["style"])
        style_attrs |= set(found["style-attr"])
        frames |= _frame_sources(site)
        wasm = wasm or any(site.glob("pagefind/*.pagefind")) or any(site.rglob("*.wasm"))
        if not data_images:
            for css in site.rglob("*.css"):
                text = css.read_text(encoding="utf-8", errors="replace")
                if re.search(r"url\(\s*['\"]?data:", text):
                    data_images = True
                    break
    script_src = ["'self'"] + (["'wasm-unsafe-eval'"] if wasm else []) + sorted(scripts)
    style_src = ["'self'"] + sorted(styles)
    if style_attrs:
        style_src += ["'unsafe-hashes'"] + sorted(style_attrs)
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", script_src),
        ("style-src", style_src),
        ("img-src", ["'self'"] + (["data:"] if data_images else [])),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("media-src", ["'self'"]),
        ("frame-src", ["'self'"] + sorted(frames)),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def nginx_csp_snippet(policy: str, note: str = "") -> str:
    """The `nginx-csp.conf` text that deploy/nginx.conf includes."""
    header = (
        "# The Content-Security-Policy of the published releases, included by deploy/nginx.conf.\n"
        "# Written by `quangba publish` (or deploy/csp-hashes.py --nginx); do not edit by hand.\n"
        "# nginx reads it when it starts or reloads: `nginx -s reload` after it changes.\n"
    )
    return header + (f"# {note}\n" if note else "") + f'set $quangba_csp "{policy}";\n'


def _policy_in(path: Path) -> str | None:
    try:
        match = re.search(r'^set \$quangba_csp "(.*)";$', path.read_text(encoding="utf-8"), re.M)
    except OSError:
        return None
    return match.group(1) if match else None


def _hashes(policy: str | None) -> set[str]:
    return set(re.findall(r"'sha256-[^']+'", policy or ""))


# -- releases -------------------------------------------------------------------------------


def _fail(message: str, exc: OSError | None = None) -> QuangbaError:
    detail = f": {exc.strerror or exc}" if exc is not None else ""
    return QuangbaError(f"{message}{detail}")


def release_names(to: Path) -> list[str]:
    """The releases in `to/releases/`, oldest first (names are UTC times)."""
    folder = Path(to) / RELEASES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if RELEASE_NAME.match(p.name) and p.is_dir() and not p.is_symlink())


def current_release(to: Path) -> str | None:
    """The name of the release `to/current` points at; None before the first publish."""
    link = Path(to) / CURRENT
    if not link.is_symlink():
        if link.exists():
            raise QuangbaError(T_('{link} is not a symbolic link (a folder or file from another way of publishing?): move it away, then publish again', link=link))
        return None
    target = os.readlink(link)
    name = Path(target).name
    if Path(target).parent.name != RELEASES or not RELEASE_NAME.match(name):
        raise QuangbaError(T_('{link} points at {target}, not at a release in {value}: point it at one (ln -sfn releases/<name> current) or remove it', link=link, target=target, value=Path(to) / RELEASES))
    return name


@contextlib.contextmanager
def _locked(to: Path):
    path = Path(to) / LOCK_FILE
    try:
        handle = open(path, "a")
    except OSError as exc:
        raise _fail(T_('cannot write to {to}', to=to), exc) from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise QuangbaError(T_('another `quangba publish` or `rollback` is working on {to} (it holds {path}); wait for it to finish', to=to, path=path)) from exc
            raise _fail(T_('cannot lock {path}', path=path), exc) from exc
        yield
    finally:
        handle.close()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _switch(to: Path, name: str) -> None:
    """Point `to/current` at `releases/<name>` in one step: a new link, renamed over the old."""
    link = Path(to) / CURRENT
    temporary = Path(to) / f".{CURRENT}-{os.getpid()}.tmp"
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        os.symlink(f"{RELEASES}/{name}", temporary)
        os.replace(temporary, link)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _fail(T_('cannot point {link} at {RELEASES}/{name}', link=link, RELEASES=RELEASES, name=name), exc) from exc
    _fsync_dir(Path(to))


def _new_name(releases: Path) -> str:
    """A release name for now (UTC, to the second); later than every existing one."""
    for _ in range(3):
        name = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        if not (releases / name).exists():
            break
        time.sleep(1.05 - (time.time() % 1))  # a release of this second exists: wait for the next
    existing = release_names(releases.parent)
    if existing and existing[-1] >= name:
        raise QuangbaError(T_("the newest release {value} is not older than the clock's time ({name}, UTC): check the system clock; releases are named by time and must increase", value=releases / existing[-1], name=name))
    return name


def _remove_leftovers(releases: Path) -> None:
    """Staging folders of a publish that was killed: every hidden entry of releases/ is one
    (ours, or the build's own beside it). We hold the lock, so no publish is running."""
    for path in releases.iterdir():
        if path.name.startswith("."):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.unlink()


def _warn(message: str) -> None:
    print(f"quangba publish: {message}", file=sys.stderr)


def _listing(problems: list[str]) -> str:
    shown = "\n".join(f"  {p}" for p in problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    return shown + (T_("\n  … and {count} more", count=more) if more > 0 else "")


def _unchanged(to: Path, before: str | None) -> str:
    if before:
        return T_("{current} still points at {releases}/{before}", current=Path(to) / CURRENT, releases=RELEASES, before=before)
    return T_("nothing is published in {to} yet", to=to)


def _write_csp(to: Path, sites: list[Path]) -> None:
    path = Path(to) / CSP_FILE
    old = _policy_in(path)
    policy = content_security_policy(*sites)
    for site in sites[-1:]:  # the new release
        untrusted = untrusted_inline_scripts(site)
        if untrusted:
            pages = sorted(set(untrusted.values()))
            _warn(f"{len(untrusted)} inline script(s) that no template of the theme wrote; browsers will not run them "
                  f"under the Content-Security-Policy:\n{_listing(pages)}")
    if policy == old:
        return
    note = "releases: " + ", ".join(site.name for site in sites)
    temporary = path.with_name(f".{path.name}-{os.getpid()}.tmp")
    try:
        temporary.write_text(nginx_csp_snippet(policy, note), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise _fail(T_('cannot write {path}', path=path), exc) from exc
    if old is None:
        _warn(f"wrote {path}; nginx must include it (deploy/nginx.conf does) and be reloaded: nginx -s reload")
    elif not _hashes(policy) <= _hashes(old):
        _warn(f"the Content-Security-Policy in {path} now allows new inline scripts; "
              "reload nginx (nginx -s reload) or pages of the new release may be blocked")


def _prune(to: Path, keep: int) -> list[str]:
    names = release_names(to)
    current = current_release(to)
    removed = []
    for name in names[:-keep]:
        if name == current:
            continue
        try:
            shutil.rmtree(Path(to) / RELEASES / name)
            removed.append(name)
        except OSError as exc:
            _warn(f"could not remove the old release {Path(to) / RELEASES / name}: {exc.strerror or exc}")
    return removed


def publish(project, to: Path, keep: int = 5) -> Path:
    """Build, verify and release the site into `to/releases/<UTC time>`, then switch
    `to/current` to it atomically; keep the newest `keep` releases. Returns the release."""
    from quangba.ops.build import BuildFailed, build_site
    from quangba.core.findings import Severity

    if keep < 1:
        raise QuangbaError(T_('--keep {keep}: keep at least 1 release (the one being published)', keep=keep))
    to = Path(to).absolute()
    if to.exists() and not to.is_dir():
        raise QuangbaError(T_("{to} is not a folder: give --to the web server's folder (it gets releases/ and current)", to=to))
    releases = to / RELEASES
    try:
        releases.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(T_('cannot create {releases}', releases=releases), exc) from exc
    with _locked(to):
        before = current_release(to)
        _remove_leftovers(releases)
        staging = releases / f"{STAGING_PREFIX}{os.getpid()}"
        release: Path | None = None
        switched = False
        try:
            try:
                result = build_site(project, site_dir=staging)
            except BuildFailed as exc:
                errors = [f"  {f.as_text()}" for f in exc.findings if f.severity == Severity.ERROR]
                what = T_("{count} error(s) in the content", count=len(errors)) if errors else str(exc)
                raise BuildFailed(T_("{what}; nothing was published: {unchanged}{listing}", what=what,
                                     unchanged=_unchanged(to, before), listing="".join("\n" + e for e in errors)),
                                  exc.findings) from exc
            problems = verify_site(staging)
            if problems:
                raise QuangbaError(T_('the built site has {problems_count} problem(s); nothing was published: {unchanged}\n{listing}', problems_count=len(problems), unchanged=_unchanged(to, before), listing=_listing(problems)))
            name = _new_name(releases)
            release = releases / name
            try:
                os.rename(staging, release)
            except OSError as exc:
                raise _fail(T_('cannot rename {staging} to {release}', staging=staging, release=release), exc) from exc
            # the policy covers every release that stays (rollback needs no new policy) and
            # the one still live until the switch
            kept = sorted(set(release_names(to)[-keep:]) | ({before} if before else set()))
            _write_csp(to, [releases / n for n in kept])
            _switch(to, name)
            switched = True
        except OSError as exc:  # a disk full or a permission while building or moving
            where = exc.filename or to
            raise QuangbaError(T_('{where}: {value}; nothing was published: {unchanged}', where=where, value=exc.strerror or exc, unchanged=_unchanged(to, before))) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if release is not None and not switched:
                shutil.rmtree(release, ignore_errors=True)
        for item in result.held_back:
            _warn(f"held back (not published): {item}")
        _prune(to, keep)
    return release


def rollback(to: Path) -> Path:
    """Point `to/current` at the release before the current one (by name), atomically."""
    to = Path(to).absolute()
    if not (to / RELEASES).is_dir():
        raise QuangbaError(T_('{value} does not exist: nothing was published to {to} (quangba publish --to {to})', value=to / RELEASES, to=to))
    with _locked(to):
        current = current_release(to)
        if current is None:
            raise QuangbaError(T_('{value} does not exist: nothing is published in {to}, there is nothing to roll back', value=to / CURRENT, to=to))
        names = release_names(to)
        if current not in names:
            raise QuangbaError(T_('{value} points at {RELEASES}/{current}, which does not exist: point it at one of the releases ({value2})', value=to / CURRENT, RELEASES=RELEASES, current=current, value2=', '.join(names) or 'none'))
        older = [n for n in names if n < current]
        if not older:
            raise QuangbaError(T_('no release older than {current} in {value}: there is nothing to roll back to (older releases are removed when more than --keep are published)', current=current, value=to / RELEASES))
        _switch(to, older[-1])
        return to / RELEASES / older[-1]
