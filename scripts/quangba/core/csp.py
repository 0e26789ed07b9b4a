"""The Content-Security-Policy's view of scripts: only the theme's own inline scripts run.

Standard library only: `deploy/csp-hashes.py` imports this with any Python 3.
"""

from __future__ import annotations

import base64
import hashlib
import re

#: Written by the build beside each language's pages: the hashes of the inline scripts the
#: theme's templates wrote. The Content-Security-Policy allows these and nothing else; an
#: inline script that came with the content (an `.html` file, a slip of the sanitizer) is in
#: the pages but not in this list, so browsers do not run it. MkDocs never copies a dot-file
#: from docs/, so a page cannot bring its own list.
TEMPLATE_SCRIPTS_FILE = ".csp-scripts.json"
#: `type`s of `<script>` a browser runs (anything else, like JSON-LD, is data).
JS_TYPES = frozenset({"", "module", "text/javascript", "application/javascript", "application/ecmascript",
                      "text/ecmascript", "application/x-javascript", "text/jscript"})
_SCRIPT_BLOCK = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)


def script_hash(text: str) -> str:
    """The CSP source (`'sha256-…'`) that allows an inline script or style with this text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as the browser's HTML parser does
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts_of_template(source: str) -> list[str]:
    """The bodies (Jinja text) of the executable inline `<script>`s of a template's source."""
    found = []
    for match in _SCRIPT_BLOCK.finditer(source):
        attributes = match.group(1)
        if re.search(r"\bsrc\s*=", attributes, re.I):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).strip().lower().split(";")[0] if kind else "") in JS_TYPES:
            found.append(match.group(2))
    return found
