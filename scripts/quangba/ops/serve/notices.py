"""What the preview tells the editor: lines in the terminal, the page shown while there is
no site yet, the box of problems at the foot of every page, and the script that reloads a
page when a newer build is served."""

from __future__ import annotations

import html

EVENTS_PATH = "/__quangba/events"
PROBLEM_TITLES = {
    "build": "quangba serve: the last change is not in the preview (it shows the last good build)",
    "check": "quangba check: errors (`quangba build` would stop here)",
}

RELOAD_SCRIPT = (
    '<script>/* quangba serve: reload when the site is rebuilt */(function(){{'
    'if(!window.EventSource)return;'
    'var s=new EventSource("{path}?v={version}&id={instance}");'
    's.onmessage=function(e){{if(e.data==="reload"){{s.close();location.reload();}}}};'
    '}})();</script>'
)


def say(message: str) -> None:
    """Print a line of the preview's output, in the language of the command line."""
    print(message, flush=True)


def _status_page(status: str, details: str) -> str:
    """The page the browser shows while there is no site to show: building, or the build
    failed (and why), in the language of the command line."""
    from quangba.core.messages import current_language

    shown = html.escape(str(status))
    more = f"<pre>{html.escape(details)}</pre>" if details else ""
    return (f'<!doctype html><html lang="{html.escape(current_language())}"><head><meta charset=utf-8>'
            f"<title>quangba serve</title></head><body><p>{shown}</p>{more}</body></html>")


def problems_html(problems: dict[str, list[str]]) -> str:
    """A box on top of every page with what went wrong, as the terminal says it (escaped:
    the lines hold file contents)."""
    import html

    parts = [
        f"<p style='margin:0 0 .3rem;font-weight:bold'>{html.escape(PROBLEM_TITLES.get(kind, kind))}</p>"
        f"<pre style='margin:0 0 .6rem;white-space:pre-wrap;font-size:.8rem'>{html.escape(chr(10).join(lines))}</pre>"
        for kind, lines in problems.items() if lines
    ]
    if not parts:
        return ""
    return ("<div id='quangba-problems' role='alert' style='position:fixed;left:0;right:0;bottom:0;z-index:10000;"
            "max-height:50vh;overflow:auto;background:#fff3f3;color:#600;border-top:3px solid #c00;padding:.6rem 1rem;"
            "font:14px/1.4 system-ui,sans-serif'>" + "".join(parts) + "</div>")
