"""deploy/nginx.conf in Debian's real nginx, serving a release made by `quangba publish`.

The server block is used as shipped; only what must differ on a test machine is replaced
(root and CSP include → a temporary DIR, listen → 127.0.0.1 and a free port, logs → tmp),
and it is wrapped in a minimal main configuration (pid, temp folders, mime.types).
"""

from __future__ import annotations

import grp
import gzip
import os
import pwd
import re
import shutil
import socket
import subprocess
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
    assert Path(NGINX).is_file(), "Debian's nginx is missing: run tools/install-system-deps.sh"
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "logs").mkdir()
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
    yield f"http://127.0.0.1:{port}"
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
