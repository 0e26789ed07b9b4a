"""What a print shop needs from the brochure, and what any reader of it does.

For every brochure (`quangba publication`):

- one date style per language, the one the content's prose uses (`10/5/2012`,
  `10 May 2012`, `2012年5月10日`, `2012년 5월 10일`), also in the fact box;
- no line break inside a reference code (`548/QĐ-TTg`, `202/2025/QH15`), a date, or a
  Korean word: WeasyPrint has no `word-break: keep-all`, so each of them is wrapped in a
  span that does not wrap (`white-space: nowrap`), which is the same for the reader.

With `--print` (for a print shop): A4 trimmed, 3 mm bleed with crop marks outside it (the
sheet is 8 mm larger on each side: marks in the outer 4 mm, the bleed in the inner 3 mm, and
the PDF's TrimBox and BleedBox say so), images kept at 300 ppi of their printed size, a
warning for each image that has fewer pixels than that (named, with its ppi), text-coloured
links, and chapters that follow each other on the page instead of each starting a new one,
with titles, pictures, fact boxes and rows of the facing columns kept together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from babel.dates import format_date

from quangba.core import locale

BLEED_MM = 3.0  # what the print shop trims off
SHEET_MARGIN_MM = 8.0  # the sheet beyond the trim: the bleed, then the crop marks
PRINT_PPI = 300
KEEP = "nobr"  # the class of a span that does not break

# The brochure's date style per language: as the content's prose writes dates (and, for the
# languages not listed, Babel's long format, which is what their prose uses).
DATE_PATTERNS = {"vi": "d/M/y", "en": "d MMMM y"}

_MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
_CJK_CHARS = "\u2e80-\u2fff\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# Reference codes of Vietnamese documents (number/[year/]symbol-issuer), and dates as the
# brochure's languages write them.
_KEEP_PATTERNS = [
    r"\d+(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)+",  # 548/QĐ-TTg, 4010/QĐ-SHTT
    r"\d+/\d{4}/[A-ZĐ][A-Za-zĐđ0-9]+",  # 202/2025/QH15
    r"\d{1,2}/\d{1,2}/\d{4}",  # 10/5/2012
    rf"\d{{1,2}} (?:{_MONTHS_EN}) \d{{4}}",  # 10 May 2012
    rf"(?:{_MONTHS_EN}) \d{{1,2}}, \d{{4}}",  # May 10, 2012 (as a source may quote it)
    r"\d{1,2} tháng \d{1,2},? (?:năm )?\d{4}",  # 10 tháng 5, 2012
    r"\d{4}年\d{1,2}月\d{1,2}日",  # 2012年5月10日
    r"\d{4}년 \d{1,2}월 \d{1,2}일",  # 2012년 5월 10일
    r"(?:No\.|số|Số|第) ?\d+",  # GI No. 00086
]
_KEEP = [re.compile(pattern) for pattern in _KEEP_PATTERNS]  # apart: their matches may overlap
_HANGUL_WORD = re.compile(r"[^\s" + _CJK_CHARS + r"]*[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f][^\s" + _CJK_CHARS + r"]*")


def brochure_date(value: dt.date, lang: str) -> str:
    """A date in the brochure's one style for `lang`."""
    pattern = DATE_PATTERNS.get(lang)
    if pattern is None:
        return locale.long_date(value, lang)
    return format_date(value, pattern, locale=locale.babel_locale(lang))


def _spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Where `text` must not break: reference codes and dates, and Korean words."""
    found = [m.span() for pattern in _KEEP for m in pattern.finditer(text)]
    if lang == "ko":
        found += [m.span() for m in _HANGUL_WORD.finditer(text) if m.end() - m.start() > 1]
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def keep_together_html(escaped: str, lang: str) -> str:
    """HTML-escaped text with the pieces that must not break wrapped in `<span class="nobr">`
    (the patterns contain no `&`, `<` or `>`, so no entity is cut)."""
    out, last = [], 0
    for start, end in _spans(escaped, lang):
        out += [escaped[last:start], f'<span class="{KEEP}">', escaped[start:end], "</span>"]
        last = end
    out.append(escaped[last:])
    return "".join(out)


_SKIP = {"pre", "code", "script", "style"}


def keep_together_tree(root, lang: str) -> None:
    """The same for a rendered body (lxml), text and tails alike, outside code."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in _SKIP or any(
                ancestor.tag in _SKIP for ancestor in element.iterancestors()):
            continue
        if element.text:
            pieces = _split(element, element.text, lang)
            if pieces:
                element.text = pieces[0]
                for index, span in enumerate(pieces[1:]):
                    element.insert(index, span)
        for child in list(element):
            if child.tail:
                pieces = _split(element, child.tail, lang)
                if pieces:
                    child.tail = pieces[0]
                    for span in reversed(pieces[1:]):
                        child.addnext(span)


def _split(parent, text: str, lang: str) -> list:
    """[text before the first span, span, span, …] with each span's tail the text after it;
    [] when nothing in `text` needs keeping together."""
    spans = _spans(text, lang)
    if not spans:
        return []
    result: list[Any] = [text[: spans[0][0]]]
    for number, (start, end) in enumerate(spans):
        span = parent.makeelement("span", {"class": KEEP})
        span.text = text[start:end]
        following = spans[number + 1][0] if number + 1 < len(spans) else len(text)
        span.tail = text[end:following]
        result.append(span)
    return result


# --------------------------------------------------------------------------- print mode


def print_css(cover_selector: str = ".cover") -> str:
    """The print shop's page: trim A4, bleed and crop marks; the cover reaching into the bleed;
    links in the text's colour; blocks kept together, chapters one after the other."""
    bleed, sheet = BLEED_MM, SHEET_MARGIN_MM
    return f"""
@page {{ bleed: {sheet}mm; marks: crop; }}
{cover_selector} {{ margin: -{bleed}mm; width: {210 + 2 * bleed}mm; height: {297 + 2 * bleed}mm; }}
{cover_selector} .cover-image {{ width: {210 + 2 * bleed}mm; height: {150 + bleed}mm; }}
{cover_selector} .cover-text {{ padding-left: {18 + bleed}mm; }}
{cover_selector} .cover-foot {{ left: {18 + bleed}mm; right: {18 + bleed}mm; bottom: {14 + bleed}mm; }}
a, a:visited, .source-url, .toc-entry a {{ color: inherit; text-decoration: none; }}
.chapter {{ break-before: auto; margin-top: 9mm; }}
.chapter.section-start {{ break-before: page; margin-top: 0; }}
.chapter > .kicker, .chapter > .titles {{ break-after: avoid; }}
figure.illustration img {{ max-height: 70mm; }}  /* a title and its picture fit in more of a page's rest */
.titles, figure.illustration, .factbox, .admonition, .md table, li {{ break-inside: avoid; }}
"""


def set_bleed_box(pdf) -> None:
    """A WeasyPrint finisher: the PDF BleedBox exactly {BLEED_MM} mm outside the TrimBox (the CSS
    bleed is the whole sheet margin, where the crop marks are)."""
    import pydyf

    points = BLEED_MM / 25.4 * 72
    for item in pdf.objects:
        if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/Page" and "TrimBox" in item:
            left, top, right, bottom = item["TrimBox"]
            item["BleedBox"] = pydyf.Array([left - points, top - points, right + points, bottom + points])


@dataclass(frozen=True)
class LowResolution:
    path: Path
    ppi: int
    width_mm: float
    height_mm: float

    def message(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root).as_posix()
        except ValueError:
            shown = str(self.path)
        return (f"{shown}: {self.ppi} ppi at its printed size ({self.width_mm:.0f} × {self.height_mm:.0f} mm); "
                f"a print shop needs {PRINT_PPI} ppi: give an image of at least "
                f"{round(self.width_mm / 25.4 * PRINT_PPI)} × {round(self.height_mm / 25.4 * PRINT_PPI)} pixels")


def low_resolution_images(document) -> list[LowResolution]:
    """Every image of a laid-out WeasyPrint document printed below {PRINT_PPI} ppi, the lowest
    resolution of each file (an image may be printed at several sizes)."""
    from PIL import Image
    from weasyprint.formatting_structure import boxes

    worst: dict[Path, LowResolution] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.ReplacedBox) or box.element is None:
                continue
            src = box.element.get("src") or ""
            if not src.startswith("file:"):
                continue
            path = Path(url2pathname(unquote(urlsplit(src).path)))
            try:
                with Image.open(path) as image:
                    pixels = image.size
            except OSError:
                continue
            width_in, height_in = box.width / 96, box.height / 96  # CSS pixels
            if width_in <= 0 or height_in <= 0:
                continue
            ppi = min(pixels[0] / width_in, pixels[1] / height_in)  # object-fit: cover fills both sides
            if ppi < PRINT_PPI - 0.5 and (path not in worst or ppi < worst[path].ppi):
                worst[path] = LowResolution(path, int(ppi), width_in * 25.4, height_in * 25.4)
    return sorted(worst.values(), key=lambda item: str(item.path))
