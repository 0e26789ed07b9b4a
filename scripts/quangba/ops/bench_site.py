"""`quangba bench site`: what a visitor's phone downloads, and Lighthouse's scores.

Builds the project into a temporary folder, serves it on 127.0.0.1 with gzip (as
deploy/nginx.conf does), loads the home page and a heritage page in each language in
Debian's chromium on a 390-px phone screen, and sums the bytes transferred by type. When
Lighthouse is installed (npm `lighthouse`, run with CHROME_PATH=/usr/bin/chromium), it
adds its four scores for a phone. Prints figures; asserts nothing.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
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


def _lighthouse(url: str) -> dict[str, float] | str:
    command = shutil.which("lighthouse")
    if command is None:
        return "Lighthouse not installed (npm install -g lighthouse; it runs offline with CHROME_PATH=/usr/bin/chromium)"
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "report.json"
        result = subprocess.run(
            [command, url, "--quiet", "--output=json", f"--output-path={output}", "--form-factor=mobile",
             "--chrome-flags=--headless=new " + " ".join(BROWSER_ARGS)],
            capture_output=True, text=True, timeout=300, env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin:/usr/local/bin"},
        )
        if result.returncode != 0 or not output.exists():
            return f"Lighthouse failed: {result.stderr[-300:]}"
        data = json.loads(output.read_text(encoding="utf-8"))
        return {name: round(category["score"] * 100) for name, category in data["categories"].items()}


def bench_site(project) -> str:
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
            for lang in ("vi", "zh"):
                for key in ("index.md", heritage):
                    scores = _lighthouse(base + corpus.url(lang, key))
                    lines.append(f"lighthouse /{corpus.url(lang, key)}: {scores}")
                    if isinstance(scores, str):
                        break
                else:
                    continue
                break
        finally:
            server.shutdown()
    return "\n".join(lines)
