"""The HTTP server: what it serves (`Site`, one root folder and overlay folders swapped in
one step), the request handler (pages with the reload script and the problems box, the
Server-Sent Events that tell a page to reload), and the listening socket."""

from __future__ import annotations

import http.server
import mimetypes
import re
import secrets
import socket
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.core.messages import T_
from quangba.ops.serve.notices import EVENTS_PATH, RELOAD_SCRIPT, _status_page, problems_html


class Site:
    """What the server serves: one root folder plus overlay folders (cards, search index),
    each replaced in one step; `version` counts the builds put in place."""

    def __init__(self, project: Project):
        self.project = project
        self.base = urlsplit(project.site_url).path or "/"
        self.instance = secrets.token_hex(4)
        self.changed = threading.Condition()
        self.root: Path | None = None
        self.overlays: dict[str, Path] = {}
        self.version = 0
        self.stopping = False
        self.status = T_("Building the preview…")
        self.details = ""  # what went wrong, shown under the status
        # what the editor must see in the browser too: `build` (a failed or refused rebuild)
        # and `check` (the check's errors), each a list of lines
        self.problems: dict[str, list[str]] = {}

    def set_problems(self, kind: str, lines: list[str]) -> None:
        """Show these problems on every page (none: take the notice away); the open pages
        reload to show the change."""
        with self.changed:
            if self.problems.get(kind, []) == lines:
                return
            self.problems = {**self.problems, kind: lines}
            self.version += 1
            self.changed.notify_all()

    def publish(self, root: Path) -> Path | None:
        with self.changed:
            old, self.root = self.root, root
            self.version += 1
            self.changed.notify_all()
        return old

    def overlay(self, prefix: str, folder: Path) -> Path | None:
        with self.changed:
            old = self.overlays.get(prefix)
            self.overlays = {**self.overlays, prefix: folder}
        return old

    def view(self) -> tuple[Path | None, dict[str, Path], int]:
        with self.changed:
            return self.root, self.overlays, self.version

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm", ".woff2": "font/woff2",
}


# Addresses whose content never changes (a new content gets a new address): Material's
# fingerprinted bundles, the images' variants (named by the original's hash), our assets
# with `?v=<hash>`. A reload takes them from the browser's cache without asking again.
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$|(?:^|/)assets/images/v/[^/]+$")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "quangba-serve"
    site: Site  # set on the subclass made for one server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def _send(self, status: int, body: bytes, content_type: str, with_body: bool, extra: dict[str, str] | None = None) -> None:
        extra = {"Cache-Control": "no-store", **(extra or {})}
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _html(self, data: bytes, version: int) -> bytes:
        script = RELOAD_SCRIPT.format(path=EVENTS_PATH, version=version, instance=self.site.instance).encode()
        script = problems_html(self.site.problems).encode() + script
        index = data.rfind(b"</body>")
        return data[:index] + script + data[index:] if index >= 0 else data + script

    def _respond(self, with_body: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == EVENTS_PATH:
            self._events(parse_qs(url.query))
            return
        site = self.site
        root, overlays, version = site.view()
        if not path.startswith(site.base):
            if path + "/" == site.base or path == "/":
                self._send(302, b"", "text/plain", with_body, {"Location": site.base})
            else:
                self._send(404, b"not found", "text/plain; charset=utf-8", with_body)
            return
        if root is None:
            page = _status_page(site.status, site.details)
            self._send(503, self._html(page.encode(), version), _TYPES[".html"], with_body, {"Retry-After": "1"})
            return
        relative = path[len(site.base):]
        parts = [part for part in relative.split("/") if part]
        if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
            self._send(400, b"bad path", "text/plain; charset=utf-8", with_body)
            return
        clean = "/".join(parts)
        folder, inner = root, clean
        for prefix, overlay in overlays.items():
            if clean.startswith(prefix):
                folder, inner = overlay, clean[len(prefix):]
                break
        target = folder / inner if inner else folder
        if target.is_dir():
            if not path.endswith("/"):
                location = quote(path + "/") + (f"?{url.query}" if url.query else "")
                self._send(301, b"", "text/plain", with_body, {"Location": location})
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status = 404
            lang = parts[0] if parts and parts[0] in site.project.translation_languages else ""
            target = root / lang / "404.html" if (root / lang / "404.html").is_file() else root / "404.html"
            if not target.is_file():
                self._send(404, b"not found", "text/plain; charset=utf-8", with_body)
                return
        suffix = target.suffix.lower()
        content_type = _TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        try:
            stat = target.stat()
            extra = {}
            if suffix != ".html" and status == 200:
                # Built files are never changed in place: (time, size) names a version. A
                # reload then revalidates the styles, scripts and images instead of fetching them.
                etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
                # (not the overlays: the search index and the cards keep their names)
                lasting = folder == root and (_FINGERPRINTED.search(clean) or "v" in parse_qs(url.query))
                extra = {"ETag": etag, "Cache-Control": "max-age=31536000, immutable" if lasting else "no-cache"}
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", content_type, False, extra)
                    return
            data = target.read_bytes()
        except OSError:
            self._send(404, b"not found", "text/plain; charset=utf-8", with_body)
            return
        if suffix == ".html":
            data = self._html(data, version)
        self._send(status, data, content_type, with_body, extra)

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-Sent Events: `reload` once a build newer than the page's is served."""
        site = self.site
        try:
            seen = int(query.get("v", ["0"])[0])
        except ValueError:
            seen = 0
        if query.get("id", [site.instance])[0] != site.instance:
            seen = -1  # a page from an earlier run of the server: reload at once
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while True:
                with site.changed:
                    site.changed.wait_for(lambda: site.version > seen or site.stopping, timeout=15)
                    version, stopping = site.version, site.stopping
                if stopping:
                    return
                if version > seen:
                    self.wfile.write(b"data: reload\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(site: Site, address: str) -> http.server.ThreadingHTTPServer:
    host, port = parse_address(address)
    handler = type("BoundHandler", (Handler,), {"site": site})
    server_class = _Server
    if ":" in host:
        server_class = type("_Server6", (_Server,), {"address_family": socket.AF_INET6})
    try:
        return server_class((host, port), handler)
    except OSError as exc:
        raise QuangbaError(T_('serve: cannot listen on {address}: {value}', address=address, value=exc.strerror or exc)) from exc


def parse_address(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise QuangbaError(T_('serve: the address must be HOST:PORT (like 127.0.0.1:8000), not {address!r}', address=address))
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)
