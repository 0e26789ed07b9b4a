"""Line breaking the browser gets wrong for Korean, fixed in the built HTML.

Korean is read by spaced words (eojeol), and the site sets `word-break: keep-all` for `ko`
(theme/assets/stylesheets/quangba.css), so a line ends only at a space. Chromium still
breaks *inside* a word at punctuation it treats as ideographic in a Korean page: before or
after a middle dot (따이족|·눙족), before an opening bracket (회의|(14.COM)) and after a
closing one followed by a particle ((2019년 기준)|에). Such a word is
wrapped in `<span class="qb-word">`, an inline block no wider than its line: it moves to the
next line whole, and only a word longer than the line still breaks inside. The text itself is
unchanged (no invisible characters for search, copy and paste, or screen readers).
"""

from __future__ import annotations

import re

WORD_CLASS = "qb-word"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"
# Separators inside a word (middle dots) and brackets that open inside one.
_INNER = "·・‧"
_OPENING = "([{“‘"
_CLOSING = ")]}”’"
# A middle dot or an opening bracket after a letter of the same word, or a closing bracket
# with more of the word after it.
_BREAKABLE = re.compile(
    f"[^\\s{_INNER}{re.escape(_OPENING)}][{_INNER}{re.escape(_OPENING)}]|[{re.escape(_CLOSING)}][^\\s{re.escape(_CLOSING)}]"
)
_HAS_HANGUL = re.compile(f"[{_HANGUL}]")
# Text between tags; the contents of these elements are left alone.
_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(/?)(script|style|pre|code|textarea|title)\b", re.IGNORECASE)


def _keep_word(word: str) -> str:
    if _HAS_HANGUL.search(word) and _BREAKABLE.search(word):
        return f'<span class="{WORD_CLASS}">{word}</span>'
    return word


def keep_korean_words(html: str) -> str:
    """`html` with each Korean word that Chromium would break inside kept in one span, in
    running text only (never in tags, attributes, code, scripts or the title)."""
    out: list[str] = []
    raw = 0  # depth inside elements whose text is not running text
    for part in _TAG.split(html):
        if part.startswith("<"):
            match = _RAW.match(part)
            if match:
                raw = max(0, raw - 1) if match.group(1) else raw + (not part.endswith("/>"))
            out.append(part)
        elif raw or not _HAS_HANGUL.search(part):
            out.append(part)
        else:
            out.append(re.sub(r"\S+", lambda m: _keep_word(m.group(0)), part))
    return "".join(out)
