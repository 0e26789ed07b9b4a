"""`quangba bench site`: what a visitor's phone downloads, and Lighthouse's scores.

Builds the project into a temporary folder, serves it on 127.0.0.1 with gzip (as
deploy/nginx.conf does), loads the home page and a heritage page in each language in
Debian's chromium on a 390-px phone screen, and sums the bytes transferred by type. Then
Lighthouse's four scores for a phone (performance, accessibility, best practices, SEO) on
the home page and one page of each type in every language, with the machine's load, since
the performance score moves with it. Lighthouse (npm, version LIGHTHOUSE) is installed by
this bench into its own folder the first time (`npm install`, the one step that needs the
network); it then runs offline against 127.0.0.1 with Debian's chromium (CHROME_PATH).
Prints figures; asserts nothing; not part of the test suite.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

from quangba.core.corpus import Corpus

BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "image": "images", "font": "fonts"}
TARGET_BYTES = 300 * 1024
#: Lighthouse from npm, pinned (12.x runs on Debian's Node 20; 13 needs Node 22).
LIGHTHOUSE = "12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the browser asks (as nginx does)."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def send_head(self):  # noqa: D102
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file():
            data = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


def _weights(browser, url: str) -> dict[str, int]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    sizes: dict[str, int] = defaultdict(int)

    def on_finished(request) -> None:
        # bytes on the wire: the (compressed) body plus the headers
        measured = request.sizes()
        sizes[KINDS.get(request.resource_type, "other")] += measured["responseBodySize"] + measured["responseHeadersSize"]

    page.on("requestfinished", on_finished)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 4000)  # what a reader scrolls into view loads too (lazy images)
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    context.close()
    return dict(sizes)


def lighthouse_dir() -> Path:
    """Where this bench keeps its own Lighthouse (QUANGBA_LIGHTHOUSE_DIR, or the user's cache)."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "quangba" / f"lighthouse-{LIGHTHOUSE}"
    return Path(os.environ.get("QUANGBA_LIGHTHOUSE_DIR", default))


def install_lighthouse() -> Path | str:
    """The `lighthouse` command, installed with npm into `lighthouse_dir()` the first time;
    a sentence saying why not when it cannot be."""
    folder = lighthouse_dir()
    command = folder / "node_modules" / ".bin" / "lighthouse"
    if command.exists():
        return command
    npm = shutil.which("npm")
    if npm is None:
        return "Lighthouse needs npm (Debian: apt-get install npm)"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder), f"lighthouse@{LIGHTHOUSE}"],
            capture_output=True, text=True, timeout=900,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"npm install lighthouse@{LIGHTHOUSE} failed: {exc}"
    if result.returncode != 0 or not command.exists():
        return f"npm install lighthouse@{LIGHTHOUSE} failed: {(result.stderr or result.stdout)[-300:]}"
    return command


def _lighthouse(command: Path, url: str) -> dict[str, int] | str:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "report.json"
        env = {"CHROME_PATH": "/usr/bin/chromium", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp}
        try:
            result = subprocess.run(
                [str(command), url, "--quiet", "--output=json", f"--output-path={output}", "--form-factor=mobile",
                 f"--only-categories={','.join(CATEGORIES)}",
                 "--chrome-flags=--headless=new " + " ".join(BROWSER_ARGS)],
                capture_output=True, text=True, timeout=300, env=env,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"Lighthouse failed: {exc}"
        if result.returncode != 0 or not output.exists():
            return f"Lighthouse failed: {result.stderr[-300:]}"
        data = json.loads(output.read_text(encoding="utf-8"))
        return {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def pages_of_each_type(corpus: Corpus) -> list[str]:
    """The home page, then the first page of each type (heritage, investment, product, news…)."""
    keys = ["index.md"]
    seen = set()
    for key in sorted(corpus.keys()):
        page = corpus.page(corpus.source_language, key)
        kind = page.meta.get("type") if page is not None else None
        if kind and kind not in seen and key != "index.md" and not key.endswith("index.md") and corpus.is_published(key):
            seen.add(kind)
            keys.append(key)
    return keys


def lighthouse_lines(corpus: Corpus, base: str, languages) -> list[str]:
    """One line per page: its four scores and the machine's load when it ran."""
    command = install_lighthouse()
    if isinstance(command, str):
        return [f"lighthouse: {command}"]
    lines = [f"lighthouse {LIGHTHOUSE}, phone (mobile form factor, simulated throttling); scores out of 100",
             f"{'page':48} " + " ".join(f"{c[:11]:>11}" for c in CATEGORIES) + "   load (1 min)"]
    lowest = {c: 100 for c in CATEGORIES}
    for lang in languages:
        for key in pages_of_each_type(corpus):
            scores = _lighthouse(command, base + corpus.url(lang, key))
            load = os.getloadavg()[0]
            if isinstance(scores, str):
                lines.append(f"/{corpus.url(lang, key)}: {scores}")
                return lines
            lowest = {c: min(lowest[c], scores[c]) for c in CATEGORIES}
            lines.append(f"{'/' + corpus.url(lang, key):48} " + " ".join(f"{scores[c]:>11}" for c in CATEGORIES) + f"   {load:.1f}")
    lines.append(f"{'lowest':48} " + " ".join(f"{lowest[c]:>11}" for c in CATEGORIES) + f"   ({os.cpu_count()} cores)")
    return lines


def bench_site(project, languages=None) -> str:
    from playwright.sync_api import sync_playwright

    from quangba.ops.build import build_site

    lines = []
    with tempfile.TemporaryDirectory(prefix="quangba-site-") as tmp:
        site = Path(tmp) / "site"
        build_site(project, site)
        corpus = Corpus.load(project)
        heritage = next((k for k in corpus.keys() if corpus.page(corpus.source_language, k).meta.get("type") == "heritage"), "index.md")
        handler = functools.partial(_GzipHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        kinds = ["HTML", "CSS", "JS", "images", "fonts", "other"]
        lines.append(f"first view on a 390-px phone (DPR 2), bytes transferred with gzip; target < {TARGET_BYTES // 1024} KB")
        lines.append(f"{'page':48} " + " ".join(f"{k:>8}" for k in kinds) + f" {'total':>9}")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=BROWSER_ARGS)
                for lang in project.languages:
                    for key in ("index.md", heritage):
                        url = base + corpus.url(lang, key)
                        sizes = _weights(browser, url)
                        total = sum(sizes.values())
                        flag = "" if total <= TARGET_BYTES else "  over target"
                        lines.append(f"{'/' + corpus.url(lang, key):48} " + " ".join(f"{sizes.get(k, 0) / 1024:7.1f}K" for k in kinds) + f" {total / 1024:8.1f}K{flag}")
                browser.close()
            lines += lighthouse_lines(corpus, base, languages or project.languages)
        finally:
            server.shutdown()
    return "\n".join(lines)
