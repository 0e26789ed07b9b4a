"""deploy/nginx.conf in Debian's real nginx, serving a release made by `quangba publish`.

The server block is used as shipped; only what must differ on a test machine is replaced
(root and CSP include → a temporary DIR, listen → 127.0.0.1 and a free port, logs → tmp),
and it is wrapped in a minimal main configuration (pid, temp folders, mime.types).
"""

from __future__ import annotations

import contextlib
import grp
import gzip
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from projects import ROOT, run_quangba

from quangba.core.project import load_project

NGINX = "/usr/sbin/nginx"
CONF = ROOT / "deploy" / "nginx.conf"

LANG_PREFIX = {"vi": "", "en": "en/", "zh": "zh/", "ko": "ko/", "ja": "ja/"}
YEAR = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def www(sample_site, tmp_path_factory) -> Path:
    """The sample content (conftest's `sample_site`: mkdocs.yml, glossary.yml, docs/ and
    overrides/ copied to a temporary project), published with the real command into a
    fresh DIR. Publishing from that project reuses its image cache, so a full test run
    pays for the sample's image variants once."""
    www = tmp_path_factory.mktemp("published") / "www"
    result = run_quangba(sample_site.root, "publish", "--to", str(www))
    assert result.returncode == 0, result.stdout + result.stderr
    return www


def server_block(www: Path, port: int, logs: Path) -> str:
    text = CONF.read_text(encoding="utf-8")
    assert "root /var/www/quangba/current;" in text and "include /var/www/quangba/nginx-csp.conf;" in text
    text = text.replace("/var/www/quangba/", f"{www}/").replace("/var/log/nginx/", f"{logs}/")
    listens = re.findall(r"^\s*listen\s[^;]*;\n", text, flags=re.M)
    assert listens, "deploy/nginx.conf has no listen line"
    text = text.replace(listens[0], f"    listen 127.0.0.1:{port};\n", 1)
    for line in listens[1:]:
        text = text.replace(line, "", 1)
    return text


def main_config(prefix: Path, server: str) -> str:
    user = ""
    if os.geteuid() == 0:  # otherwise workers would run as nobody and not read the tmp folders
        user = f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};\n"
    temp = "\n".join(f"    {kind}_temp_path {prefix}/temp/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log;
{temp}
{server}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(www, tmp_path_factory):
    with nginx_serving(www, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@contextlib.contextmanager
def nginx_serving(www: Path, prefix: Path):
    """deploy/nginx.conf serving `www` on a free local port, for the time of a `with`."""
    assert Path(NGINX).is_file(), "Debian's nginx is missing: run tools/install-system-deps.sh"
    (prefix / "logs").mkdir(parents=True)
    (prefix / "temp").mkdir()
    port = free_port()
    config = prefix / "nginx.conf"
    config.write_text(main_config(prefix, server_block(www, port, prefix / "logs")), encoding="utf-8")
    command = [NGINX, "-p", f"{prefix}/", "-c", str(config), "-e", str(prefix / "error.log")]
    test = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert test.returncode == 0, test.stderr
    started = subprocess.run(command, capture_output=True, text=True, timeout=30)  # daemonizes
    assert started.returncode == 0, started.stderr + (prefix / "error.log").read_text()
    pid = int((prefix / "nginx.pid").read_text())
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, (prefix / "error.log").read_text()
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([*command, "-s", "quit"], capture_output=True, timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 15)  # our own master, by its pid; it takes its worker with it
    errors = [line for line in (prefix / "error.log").read_text().splitlines() if "[emerg]" in line or "[alert]" in line]
    assert not errors, errors


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def text(self) -> str:
        data = gzip.decompress(self.body) if self.headers.get("Content-Encoding") == "gzip" else self.body
        return data.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str, gzip_ok: bool = False) -> Response:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with _OPENER.open(request, timeout=10) as reply:
            return Response(reply.status, reply.headers, reply.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


def policy_of(www: Path) -> str:
    return re.search(r'^set \$quangba_csp "(.*)";$', (www / "nginx-csp.conf").read_text(), re.M).group(1)


def asset(www: Path, pattern: str) -> str:
    found = sorted((www / "current").glob(pattern))
    assert found, pattern
    return "/" + found[0].relative_to(www / "current").as_posix()


PAGES = ["/", "/en/", "/zh/heritage/tan-trao/", "/ko/products/", "/ja/news/", "/en/feed.xml"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_security_headers(server, www, path):
    reply = get(server + path)
    assert reply.status == 200
    policy = reply.headers["Content-Security-Policy"]
    assert policy == policy_of(www)
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    assert "frame-ancestors 'self'" in policy
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert reply.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert reply.headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert "nginx/" not in reply.headers.get("Server", "")


def test_fingerprinted_assets_are_cached_for_a_year_and_the_rest_briefly(server, www):
    long = [asset(www, "assets/javascripts/bundle.*.min.js"),
            asset(www, "assets/stylesheets/main.*.min.css"),
            asset(www, "assets/stylesheets/palette.*.min.css"),
            asset(www, "assets/javascripts/workers/search.*.min.js"),
            asset(www, "pagefind/pagefind.en_*.pf_meta"),
            asset(www, "pagefind/index/*")]
    for path in long:
        reply = get(server + path)
        assert (reply.status, reply.headers["Cache-Control"]) == (200, YEAR), path
    short = ["/sitemap.xml", "/en/sitemap.xml", "/sitemap-index.xml", "/feed.json", "/zh/atom.xml", "/robots.txt"]
    for path in short:
        reply = get(server + path)
        assert (reply.status, reply.headers["Cache-Control"]) == (200, "public, max-age=300, must-revalidate"), path
    # names that stay when the content changes: an hour, revalidated by ETag afterwards
    for path in ["/assets/stylesheets/quangba.css", "/assets/javascripts/quangba-search.js",
                 "/pagefind/pagefind.js", "/assets/logo.svg"]:
        reply = get(server + path)
        assert (reply.status, reply.headers["Cache-Control"]) == (200, "public, max-age=3600"), path
        assert reply.headers["ETag"]


def test_text_is_gzipped_when_asked(server, www):
    paths = {"/en/": "text/html", asset(www, "assets/stylesheets/main.*.min.css"): "text/css",
             asset(www, "assets/javascripts/bundle.*.min.js"): "application/javascript",
             "/en/feed.json": "application/json", "/en/feed.xml": "text/xml", "/assets/logo.svg": "image/svg+xml"}
    for path, kind in paths.items():
        plain, packed = get(server + path), get(server + path, gzip_ok=True)
        assert plain.headers["Content-Type"].split(";")[0] == kind, path
        assert "Content-Encoding" not in plain.headers, path
        assert packed.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in packed.headers["Vary"], path
        assert gzip.decompress(packed.body) == plain.body, path
    assert get(server + asset(www, "assets/images/*.png"), gzip_ok=True).headers.get("Content-Encoding") is None


@pytest.mark.parametrize("lang", list(LANG_PREFIX))
def test_missing_pages_get_the_404_page_of_their_language(server, www, lang):
    prefix = LANG_PREFIX[lang]
    reply = get(f"{server}/{prefix}khong-co/", gzip_ok=True)
    assert reply.status == 404
    html = reply.text()
    assert f'<html lang="{lang}"' in html
    assert html == (www / "current" / prefix / "404.html").read_text(encoding="utf-8")
    assert reply.headers["Content-Security-Policy"] == policy_of(www)  # its scripts run under the policy
    assert reply.headers["Cache-Control"] == "no-cache"
    deep = get(f"{server}/{prefix}heritage/khong-co/anh.png")
    assert deep.status == 404 and f'<html lang="{lang}"' in deep.body.decode("utf-8")


def test_a_folder_without_slash_redirects_relatively(server):
    reply = get(server + "/en/heritage")
    assert reply.status == 301 and reply.headers["Location"] == "/en/heritage/"


def test_favicon_ico_is_the_site_icon(server, www):
    reply = get(server + "/favicon.ico")
    assert reply.status == 200 and reply.headers["Content-Type"] == "image/png"
    assert reply.body == (www / "current" / "assets" / "favicon.png").read_bytes()


def test_the_block_fits_debians_own_main_configuration(www, tmp_path):
    """As installed: included from /etc/nginx/nginx.conf (its gzip, logs and modules)."""
    debian = Path("/etc/nginx/nginx.conf").read_text(encoding="utf-8")
    assert "include /etc/nginx/sites-enabled/*;" in debian
    block = tmp_path / "quangba"
    block.write_text(server_block(www, free_port(), tmp_path), encoding="utf-8")
    main = (debian.replace("include /etc/nginx/sites-enabled/*;", f"include {block};")
            .replace("/var/log/nginx/", f"{tmp_path}/").replace("/run/nginx.pid", f"{tmp_path}/nginx.pid"))
    (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
    test = subprocess.run([NGINX, "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf"),
                           "-e", str(tmp_path / "error.log")], capture_output=True, text=True, timeout=30)
    assert test.returncode == 0, test.stderr


def test_every_language_of_the_project_has_its_404_location():
    languages = load_project(ROOT / "mkdocs.yml").translation_languages
    text = CONF.read_text(encoding="utf-8")
    for lang in languages:
        assert re.search(rf"^\s*location /{lang}/ {{ error_page 404 /{lang}/404.html; }}", text, re.M), lang


BROWSER_PAGES = ["/", "/en/heritage/tan-trao/", "/zh/products/ham-yen-orange/", "/ko/investment/industrial-parks/",
                 "/ja/news/", "/quangba-status/", "/en/khong-co/"]
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


def test_the_site_runs_under_its_policy_in_a_real_browser(server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(WATCH)
        page = context.new_page()
        errors, failures = [], []
        page.on("console", lambda m: m.type == "error" and errors.append(f"{m.text} ({m.location.get('url')})"))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: failures.append(r.url))
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        for path in BROWSER_PAGES:
            reply = page.goto(server + path)
            assert reply.status == (404 if "khong-co" in path else 200), path
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__csp") == [], path
            if path != "/quangba-status/":  # the dashboard is not a Material page
                # Material's inline scripts ran: `__md_get` comes from the `__md_scope` snippet
                assert page.evaluate("typeof __md_get") == "function", path
        # the search box: Pagefind compiles WebAssembly ('wasm-unsafe-eval') and uses a worker
        page.goto(server + "/en/")
        page.locator(".md-search__input").press_sequentially("Tan Trao", delay=20)
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
        assert page.evaluate("window.__csp") == []
        # our changing assets are asked for by version (a new release is never run with old copies)
        for asset in ("/assets/stylesheets/quangba.css?v=", "/assets/javascripts/quangba-search.js?v=", "/pagefind/pagefind.js?v="):
            assert any(asset in url for url in requested), asset
        # the one expected error: Chromium reports the 404 page's own status
        errors = [e for e in errors if not ("status of 404" in e and "/khong-co/" in e)]
        assert errors == [] and failures == [], (errors, failures)
        # and the policy is really in force: an inline script it does not list is refused
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.__ran = true'; document.head.append(s); }""")
        page.wait_for_function("window.__csp.length > 0")
        assert page.evaluate("window.__ran") is None
        assert page.evaluate("window.__csp")[0].startswith("script-src-elem inline")
    finally:
        context.close()  # the session's browser stays open for other tests


# -- hostile content: nothing of it runs, every field is escaped where it goes ------------------

# Each text field tries to leave its context: HTML text, an attribute, <title>, JSON-LD, XML.
HOSTILE = {  # no digits: the facts rules compare the numbers of a source and its translations
    "title": 'Tỉnh "><script>alert(document.domain)</script></title><img src=x onerror=alert(document.cookie)>',
    "description": "Mô tả </script><script>alert(document.domain)</script> ' \" & ]]> <b>đậm</b>",
    "alt": 'Ảnh" onerror="alert(document.domain)" x="',
    "caption": "</figcaption><script>alert(document.domain)</script>",
    "credit": "<img src=x onerror=alert(document.domain)>",
    "tag": "</category><script>alert(document.domain)</script>",
    "zh_title": '新潮 "><script>alert(document.domain)</script>',
    "zh_alt": "新潮'><svg onload=alert(document.domain)>",
}


def _hostile_project(dest: Path) -> Path:
    """The mini fixture with hostile front matter in a source and its translation, raw HTML in
    a body (its rules switched off by the project, so only the sanitizer stands in the way; the
    translations left stale, so their notices show too)."""
    from projects import FIXTURES, copy_project

    project = copy_project(FIXTURES / "mini", dest)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - quangba:\n", "  - quangba:\n      ignore: [SEC001, SEC002, FRS002]\n", 1), encoding="utf-8")
    quote = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - YAML reads JSON strings
    source = project / "docs/vi/heritage/tan-trao.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("title: Khu di tích Tân Trào", f"title: {quote(HOSTILE['title'])}\ndate: 2026-11-20\ntags: [{quote(HOSTILE['tag'])}]")
    text = text.replace("description: Khu di tích quốc gia đặc biệt ở Sơn Dương.", f"description: {quote(HOSTILE['description'])}")
    text = text.replace("  credit: quangba", f"  credit: {quote(HOSTILE['credit'])}")
    text = text.replace("  alt: Cây đa bên đình làng", f"  alt: {quote(HOSTILE['alt'])}\n  caption: {quote(HOSTILE['caption'])}")
    run = "alert(document.domain)"  # no digits: the facts rules compare the numbers of a body
    text += (f"\n<script>{run}</script>\n\nChữ nổi bật.\n{{: onclick=\"{run}\" }}\n\n"
             f"<p onclick=\"{run}\"\nonmouseover=\"{run}\">Chữ <a href=\"&#106;avascript:{run}\">a</a></p>\n")
    source.write_text(text, encoding="utf-8")
    translation = project / "docs/zh/heritage/tan-trao.md"
    text = translation.read_text(encoding="utf-8")
    text = text.replace("title: 新潮遗迹区", f"title: {quote(HOSTILE['zh_title'])}\ntags: [{quote(HOSTILE['tag'])}]")
    text = text.replace("  alt: 新潮遗迹区", f"  alt: {quote(HOSTILE['zh_alt'])}")
    translation.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile project published with the real command: (project, DIR)."""
    project = _hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    www = project.parent / "www"
    result = run_quangba(project, "publish", "--to", str(www))
    assert result.returncode == 0, result.stdout + result.stderr
    return project, www


SLIPPED = "heritage/index.html"  # a page of the release that an inline script slipped into


def _slip_a_script_in(www: Path) -> None:
    """As if something had let a script through into a page of the release: the policy is then
    computed again from the release (deploy/csp-hashes.py, as for a site copied by hand)."""
    page = www / "current" / SLIPPED
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>alert(document.domain)</script></body>"), encoding="utf-8")
    tool = [sys.executable, str(ROOT / "deploy" / "csp-hashes.py")]
    listed = subprocess.run([*tool, "--list", str(www / "current")], capture_output=True, text=True, timeout=60)
    assert any(SLIPPED in line and "not allowed" in line for line in listed.stdout.splitlines()), listed.stdout
    snippet = subprocess.run([*tool, "--nginx", str(www / "current")], capture_output=True, text=True, timeout=60)
    assert snippet.returncode == 0, snippet.stderr
    (www / "nginx-csp.conf").write_text(snippet.stdout, encoding="utf-8")


def _strings(data) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return [data] if isinstance(data, str) else []


def _no_active_markup(document, where: str) -> None:
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        assert not any(name.lower().startswith("on") for name in element.attrib), (where, element.tag, dict(element.attrib))
        if element.tag == "script" and element.get("type") in (None, "", "text/javascript", "module"):
            assert "alert(" not in (element.text or ""), where
        if element.tag == "article" or element.tag == "div" and element.getparent() is None:  # the content
            for inner in element.iter("iframe", "object", "embed", "form", "base", "svg", "style", "meta", "link"):
                raise AssertionError((where, inner.tag))
        for name in ("href", "src"):
            assert "script:" not in element.get(name, "").replace("\t", "").lower(), where


def test_hostile_fields_are_escaped_in_pages_json_ld_feeds_and_packages(hostile):
    import datetime as dt

    from lxml import etree
    from lxml import html as lxml_html

    from quangba.core.corpus import Corpus
    from quangba.office.package import ImageIndex, build_package

    project, www = hostile
    site = www / "current"
    cases = [("heritage/tan-trao/index.html", HOSTILE["title"], HOSTILE["alt"]),
             ("zh/heritage/tan-trao/index.html", HOSTILE["zh_title"], HOSTILE["zh_alt"])]
    for rel, title, alt in cases:
        document = lxml_html.fromstring((site / rel).read_bytes())
        _no_active_markup(document, rel)
        # every field reads back as the very text that was written: escaped, not cut
        assert document.findtext(".//title").startswith(title + " - "), rel
        for prop in ("og:title", "og:image:alt"):
            assert document.xpath(f"//meta[@property='{prop}']/@content") == [title], (rel, prop)
        assert document.xpath("//meta[@name='twitter:title']/@content") == [title], rel
        assert document.xpath("//article//h1")[0].text_content().strip() == title, rel
        assert title in [a.text_content().strip() for a in document.xpath("//nav//a")], rel
        assert alt in document.xpath("//figure[contains(@class,'qb-hero')]//img/@alt"), rel
        (data,) = [json.loads(s.text) for s in document.xpath("//script[@type='application/ld+json']")]
        assert title in _strings(data), rel
    source = lxml_html.fromstring((site / "heritage/tan-trao/index.html").read_bytes())
    assert source.xpath("//meta[@name='description']/@content") == [HOSTILE["description"]]
    caption = source.xpath("//figure[contains(@class,'qb-hero')]/figcaption")[0].text_content()
    assert HOSTILE["caption"] in caption and HOSTILE["credit"] in caption
    # feeds: well-formed XML whose fields read back as written
    rss = etree.parse(str(site / "feed.xml"))
    assert HOSTILE["title"] in rss.xpath("//item/title/text()")
    assert HOSTILE["tag"] in rss.xpath("//item/category/text()")
    atom = etree.parse(str(site / "atom.xml"))
    assert HOSTILE["title"] in atom.xpath("//*[local-name()='entry']/*[local-name()='title']/text()")
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert HOSTILE["title"] in [item["title"] for item in feed["items"]]
    for item in rss.xpath("//item/description/text()") + [i.get("content_html", "") for i in feed["items"]]:
        _no_active_markup(lxml_html.fromstring(f"<div>{item}</div>"), "feed item")
    # the content package of the page: its article and manifest
    corpus = Corpus.load(load_project(project / "mkdocs.yml"))
    entries, _ = build_package(corpus, "heritage/tan-trao.md", ["vi", "zh"], site, ImageIndex(corpus, site), dt.date(2026, 12, 1))
    for lang in ("vi", "zh"):
        _no_active_markup(lxml_html.fromstring(entries[f"{lang}/page.html"]), f"package {lang}")
    assert HOSTILE["title"] in _strings(json.loads(entries["manifest.json"]))


def test_no_script_of_the_content_runs_under_the_policy(hostile, browser, tmp_path):
    """The hostile release in chromium under deploy/nginx.conf: no alert, no content script;
    Material's own inline scripts run."""
    _, www = hostile
    _slip_a_script_in(www)
    with nginx_serving(www, tmp_path / "nginx") as url:
        context = browser.new_context()
        try:
            context.add_init_script(WATCH)
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in ("/heritage/tan-trao/", "/zh/heritage/tan-trao/", "/" + SLIPPED.removesuffix("index.html")):
                assert page.goto(url + path).status == 200, path
                page.wait_for_load_state("load")
                assert page.evaluate("typeof __md_get") == "function", path  # the theme's scripts ran
            page.wait_for_function("window.__csp.length >= 1")  # the slipped script was refused
            violations = page.evaluate("window.__csp")
            assert all(v.startswith("script-src") for v in violations), violations
            assert dialogs == []
        finally:
            context.close()
