"""`quangba serve` itself: the server on its own thread, the preview's first build, the
watch loop until Ctrl-C or SIGTERM, and a clean stop."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.core.messages import T_
from quangba.ops.serve.notices import say
from quangba.ops.serve.preview import Preview
from quangba.ops.serve.server import make_server
from quangba.ops.serve.watch import snapshot, watched_roots


def serve(project: Project, dev_addr: str = "127.0.0.1:8000") -> None:
    """Preview the site at `dev_addr`, rebuilding the languages each edit touches, until
    Ctrl-C (or SIGTERM)."""
    from quangba.mkdocs_plugin.plugin import PREVIEW_ENV

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ[PREVIEW_ENV] = "1"  # drafts and scheduled pages, with a banner: this preview only
    work = Path(tempfile.mkdtemp(prefix="quangba-serve-"))
    preview = Preview(project, work)
    try:
        server = make_server(preview.site, dev_addr)
    except QuangbaError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    thread = threading.Thread(target=server.serve_forever, name="quangba-http", daemon=True)
    thread.start()
    say(T_('Serving http://{shown}:{port}{base} — building the preview first (Ctrl-C stops)', shown=shown, port=port, base=preview.site.base))

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        old_handler = signal.signal(signal.SIGTERM, _stop)  # `kill` stops it as cleanly as Ctrl-C
    except ValueError:
        old_handler = None  # not the main thread: only Ctrl-C then
    try:
        roots = watched_roots(project)
        before = snapshot(roots)
        preview.start()
        say(T_('Watching {items} for changes', items=', '.join(project.relpath(root) for root in roots if root.exists())))
        preview.watch(before)
    except KeyboardInterrupt:
        say(T_('Stopping'))
    finally:
        if old_handler is not None:
            signal.signal(signal.SIGTERM, old_handler)
        preview.site.stop()
        preview.close()
        server.shutdown()
        server.server_close()
        shutil.rmtree(work, ignore_errors=True)
