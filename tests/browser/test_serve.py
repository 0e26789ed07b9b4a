"""`quangba serve` in a real browser: an edit reloads the page by itself, only the edited
language is rebuilt, and a broken edit never replaces the served site.

The server is the real command (`python -m quangba serve -a 127.0.0.1:<free port>`) on a
copy of the mini fixture. Times are generous bounds for a shared machine, never a speed
assertion (`quangba bench serve` measures speed).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from projects import FIXTURES, copy_project

SERVER_TIMEOUT = 300  # the first full build, on a busy machine
RELOAD_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, project, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quangba", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float, start: int = 0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if text in line:
                    return line
            assert self.process.poll() is None, f"quangba serve stopped:\n{self.output}"
            time.sleep(0.05)
        raise AssertionError(f"quangba serve did not print {text!r} within {timeout} s:\n{self.output}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=10)
        return self.process.returncode


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("serve") / "project")
    running = Server(project, _free_port())
    running.project = project
    try:
        running.wait_for("Watching", SERVER_TIMEOUT)
        assert "Built the preview" in running.output, running.output
        yield running
    finally:
        code = running.stop()
        assert code == 0, f"quangba serve did not stop cleanly (exit code {code}):\n{running.output}"


def _wait_for_text(page, text: str, timeout: float = RELOAD_TIMEOUT) -> None:
    """Poll the page, which must reload by itself (the test never reloads it)."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if text in page.evaluate("document.body ? document.body.innerText : ''"):
                return
        except Error:
            pass  # between two documents while it reloads
        time.sleep(0.1)
    raise AssertionError(f"the page did not show {text!r} within {timeout} s")


def _edit(path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")


def test_an_edit_reloads_the_page_and_rebuilds_only_its_language(server, page):
    page.goto(f"{server.url}/zh/")
    assert page.locator("html").get_attribute("lang") == "zh"
    page.evaluate("window.qbSameDocument = true")  # gone once the page has reloaded

    mark = len(server.lines)
    _edit(server.project / "docs" / "zh" / "index.md", "预览自动刷新QBTEST1")
    _wait_for_text(page, "预览自动刷新QBTEST1")
    assert page.evaluate("window.qbSameDocument === undefined"), "the new text came without a reload"
    rebuilt = server.wait_for("Rebuilt", 30, start=mark)
    assert "zh" in rebuilt and "ko" not in rebuilt and "ja" not in rebuilt and "everything" not in rebuilt, rebuilt

    # A broken edit (front matter that is not YAML) is reported and not built: the served
    # site stays the last good one.
    mark = len(server.lines)
    index = server.project / "docs" / "zh" / "index.md"
    good = index.read_text(encoding="utf-8")
    index.write_text(good.replace("---\n", "---\ntitle: [unclosed\n", 1), encoding="utf-8")
    server.wait_for("Not rebuilt", 30, start=mark)
    assert any("docs/zh/index.md" in line and "SYN001" in line for line in server.lines[mark:]), server.output
    # the open page reloads by itself to say so too, not only the terminal
    _wait_for_text(page, "SYN001")
    response = page.goto(f"{server.url}/zh/")
    assert response.status == 200
    assert "预览自动刷新QBTEST1" in page.locator("body").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh"
    problems = page.locator("#quangba-problems")
    assert problems.is_visible() and "docs/zh/index.md" in problems.inner_text() and "SYN001" in problems.inner_text()

    # Fixed again, with a new title (the home page's: every page of the language shows it
    # in its navigation, so every zh page is written again, and still only zh): the preview
    # follows.
    page.evaluate("window.qbSameDocument = true")
    mark = len(server.lines)
    index.write_text(good.replace("title: 迷你首页", "title: 迷你首页新标题QBTEST2"), encoding="utf-8")
    _wait_for_text(page, "迷你首页新标题QBTEST2")
    assert page.evaluate("window.qbSameDocument === undefined"), "the new title came without a reload"
    rebuilt = server.wait_for("Rebuilt", 30, start=mark)
    assert rebuilt.startswith("Rebuilt zh (title of 1 page: index.md)"), rebuilt
    zh_pages = len(list((server.project / "docs" / "zh").rglob("*.md")))
    assert f"; {zh_pages} pages written" in rebuilt, rebuilt  # the language's pages, not only the page
    assert page.locator("#quangba-problems").count() == 0  # fixed: the box is gone


def test_the_server_answers_only_what_the_site_has(server):
    with urllib.request.urlopen(f"{server.url}/ko/") as response:
        html = response.read().decode("utf-8")
        assert response.headers["Cache-Control"] == "no-store"
    assert 'lang="ko"' in html and "/__quangba/events" in html
    # an address that names its content (Material's fingerprinted bundle, our assets with
    # ?v=) is kept by the browser; any other is asked for again on every reload
    bundle = re.search(r'src="([^"]*bundle\.[0-9a-f]+\.min\.js)"', html)[1]
    with urllib.request.urlopen(urllib.parse.urljoin(f"{server.url}/ko/", bundle)) as response:
        assert response.headers["Cache-Control"] == "max-age=31536000, immutable"
    with urllib.request.urlopen(f"{server.url}/assets/images/favicon.png") as response:
        assert response.headers["Cache-Control"] == "no-cache"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{server.url}/ko/no-such-page/")
    assert missing.value.code == 404
    assert 'lang="ko"' in missing.value.read().decode("utf-8")  # the language's own 404 page
    with pytest.raises(urllib.error.HTTPError) as climbing:
        urllib.request.urlopen(f"{server.url}/..%2f..%2fmkdocs.yml")
    assert climbing.value.code in (400, 404)


def test_the_preview_shows_drafts_and_scheduled_pages_with_a_banner(server, page):
    """What `build` leaves out, the editor can still read before it goes out."""
    from quangba.core import locale

    folder = server.project / "docs" / "vi" / "heritage"
    draft = folder / "ban-nhap.md"
    later = folder / "hen-gio.md"
    mark = len(server.lines)
    draft.write_text("---\ntype: page\ntitle: Trang nháp QBDRAFT\ndescription: Chưa xuất bản.\ndraft: true\n---\n"
                     "Nội dung nháp.\n", encoding="utf-8")
    later.write_text("---\ntype: page\ntitle: Trang hẹn giờ QBLATER\ndescription: Chưa đến ngày.\n"
                     "publish_at: 2099-01-01 08:00:00+07:00\n---\nNội dung hẹn giờ.\n", encoding="utf-8")
    try:
        server.wait_for("Rebuilt", 120, start=mark)
        page.goto(f"{server.url}/heritage/ban-nhap/")
        banner = page.locator(".qb-preview")
        assert banner.is_visible() and banner.inner_text().strip() == locale.Catalog("vi").get("preview.draft")
        assert "Trang nháp QBDRAFT" in page.locator("h1").inner_text()
        page.goto(f"{server.url}/heritage/hen-gio/")
        assert "2099" in page.locator(".qb-preview").inner_text()
        page.goto(f"{server.url}/heritage/")
        assert page.locator(".qb-preview").count() == 0  # a published page has no banner
    finally:
        draft.unlink()
        later.unlink()
