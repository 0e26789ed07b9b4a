"""Social cards: the 1200×630 picture that social networks and chat apps show for a page.

A card shows three texts and nothing else: the page title, large, in the page's own script
(wrapped over at most three balanced lines, breaking Chinese and Japanese between any two
characters but never before closing punctuation); the section name; the province name.
Under them, the site's green with a quiet mountain motif drawn here, so there is no image
file to credit and no map.

Fonts are the system's Noto fonts, with the face for the language (Japanese, Korean,
Simplified or Traditional Chinese forms of the same characters; Noto Sans for Vietnamese
and English; Noto Sans Lao for Lao), falling back character by character to a font that
has the glyph. Text is normalised to NFC first: the CJK fonts have every precomposed
Vietnamese letter but not the combining marks.

The output is deterministic (the same texts give the same bytes), so a cache keyed by the
texts, the language, the fonts and RENDERER_VERSION can skip the drawing on a rebuild.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import shutil
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from quangba.core.errors import QuangbaError
from quangba.core.messages import T_

# 2: balanced titles no longer cut a word that fits a line; 3: a faster palette (octree) and
# PNG compression level 6: a quarter of the time, and smaller files; 4: one palette for every
# card and zlib's run-length strategy (`_encode`: 2.2 ms a card instead of 9)
RENDERER_VERSION = 4
WIDTH, HEIGHT = 1200, 630
MAX_JPEG_BYTES = 150_000
MAX_LINES = 3

# colours: Material's green 800 (#2e7d32) is the site's primary colour
BRAND = (46, 125, 50)
BRAND_DARK = (27, 94, 32)  # green 900
BRAND_DEEP = (20, 72, 25)
TEXT = (255, 255, 255)
TEXT_SOFT = (232, 245, 233)  # green 50
ACCENT = (165, 214, 167)  # green 200

MARGIN_X = 80
TITLE_TOP = 212  # top of the title block
TITLE_BOTTOM = 478  # the title block ends above the front ridges
TITLE_SIZES = (80, 74, 68, 62, 56, 50, 46, 42)

FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto-cjk"),
    Path("/usr/share/fonts/noto"),
    Path("/usr/share/fonts/noto-cjk"),
)
CJK_FACE = {"ja": 0, "ko": 1, "zh": 2, "zh-hant": 3}
LATIN, LAO, CJK = "NotoSans", "NotoSansLao", "NotoSansCJK"
# fonts file names by family and weight
FONT_FILES = {
    (LATIN, "Bold"): "NotoSans-Bold.ttf",
    (LATIN, "Regular"): "NotoSans-Regular.ttf",
    (LAO, "Bold"): "NotoSansLao-Bold.ttf",
    (LAO, "Regular"): "NotoSansLao-Regular.ttf",
    (CJK, "Bold"): "NotoSansCJK-Bold.ttc",
    (CJK, "Regular"): "NotoSansCJK-Regular.ttc",
}
INSTALL_HINT = T_("install Debian's fonts-noto-core and fonts-noto-cjk (tools/install-system-deps.sh)")

# line height as a multiple of the font size, by the script the title is set in
LINE_HEIGHT = {"latin": 1.22, "cjk": 1.32, "lao": 1.5}


# -- fonts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    family: str
    index: int  # face in a .ttc collection

    def file(self, weight: str) -> Path:
        return _font_path(FONT_FILES[(self.family, weight)])


def _base_lang(lang: str) -> str:
    lang = lang.replace("_", "-").lower()
    if lang.startswith("zh") and any(tag in lang for tag in ("hant", "-tw", "-hk", "-mo")):
        return "zh-hant"
    return lang.split("-")[0]


def font_chain(lang: str) -> tuple[Face, ...]:
    """The fonts for a language, the first choice first; later ones fill in what it lacks
    (Latin letters and digits in a Lao title, a Chinese name in an English one)."""
    base = _base_lang(lang)
    if base in CJK_FACE:
        return (Face(CJK, CJK_FACE[base]), Face(LATIN, 0))
    if base == "lo":
        return (Face(LAO, 0), Face(LATIN, 0), Face(CJK, CJK_FACE["zh"]))
    # Vietnamese, English and other Latin-script languages: Noto Sans has every Vietnamese
    # letter with its own (not CJK-styled) Latin design
    return (Face(LATIN, 0), Face(CJK, CJK_FACE["zh"]))


@functools.lru_cache(maxsize=None)
def _font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    root = Path("/usr/share/fonts")
    if root.is_dir():
        for found in sorted(root.rglob(name)):
            return found
    raise QuangbaError(T_('social cards: the font {name} is not installed; {INSTALL_HINT}', name=name, INSTALL_HINT=INSTALL_HINT))


def _layout_engine():
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@functools.lru_cache(maxsize=256)
def _font(face: Face, weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = face.file(weight)
    try:
        return ImageFont.truetype(str(path), size, index=face.index, layout_engine=_layout_engine())
    except OSError as exc:
        raise QuangbaError(T_('social cards: cannot read the font {path} ({exc}); {INSTALL_HINT}', path=path, exc=exc, INSTALL_HINT=INSTALL_HINT)) from None


@functools.lru_cache(maxsize=4096)
def _has_glyph(face: Face, ch: str) -> bool:
    """Whether the font maps `ch` to a real glyph. A missing character is drawn as the
    font's .notdef box, so it is compared with a character no font has (U+10FFFD)."""
    if ch.isspace():
        return True
    font = _font(face, "Bold", 48)
    mask = font.getmask(ch)
    notdef = _notdef_mask(face)
    return not (mask.size == notdef[0] and bytes(mask) == notdef[1])


@functools.lru_cache(maxsize=None)
def _notdef_mask(face: Face) -> tuple[tuple[int, int], bytes]:
    mask = _font(face, "Bold", 48).getmask("\U0010fffd")
    return mask.size, bytes(mask)


def font_for(ch: str, lang: str) -> Face | None:
    """The first font of the language's chain that has a glyph for `ch`."""
    for face in font_chain(lang):
        if _has_glyph(face, ch):
            return face
    return None


def missing_glyphs(text: str, lang: str) -> list[str]:
    """Characters of `text` (after NFC) that no font of the language's chain can draw;
    render_card leaves them out."""
    text = clean(text)
    return sorted({ch for ch in text if not _is_mark(ch) and font_for(ch, lang) is None})


def clean(text: str) -> str:
    """NFC, and every run of whitespace (line breaks included) made one space."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _script(text: str) -> str:
    if any("\u0e80" <= ch <= "\u0eff" for ch in text):
        return "lao"
    if any(_is_cjk(ch) for ch in text):
        return "cjk"
    return "latin"


# -- runs and lines --------------------------------------------------------------------------


def _runs(text: str, lang: str) -> list[tuple[Face, str]]:
    """Split text into runs that one font draws. Spaces and combining marks stay with the
    run before them, so shaping sees a base letter with its marks."""
    runs: list[tuple[Face, str]] = []
    for ch in text:
        if (ch.isspace() or _is_mark(ch)) and runs:
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
            continue
        face = font_for(ch, lang)
        if face is None:
            continue  # reported by missing_glyphs(); a box would be worse
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    return runs


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF  # kana
        or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF  # ideographs
        or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F  # small and half-width katakana
        or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFF65  # CJK punctuation, full-width forms
    )


def _is_hangul(ch: str) -> bool:
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


# no line may start with these (closing punctuation, small kana, prolonged sound mark) ...
NO_BREAK_BEFORE = set(
    "、。，．,.：:；;！!？?）)」』】〕〉》〗〙〛］]｝}”’\"'…‥・ー〜～ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ%％‰°℃"
)
# ... and none may end with these (opening punctuation)
NO_BREAK_AFTER = set("（(「『【〔〈《〖〘〚［[｛{“‘")
LAO_PREBASE = set("\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")  # vowels written before their consonant


def _break_ok(prev: str, cur: str, lang: str) -> bool:
    """A soft break opportunity between two characters: after a space, and between two
    characters of which one is Chinese or Japanese (Korean is broken at spaces, as Korean
    typesetting does), never before closing or after opening punctuation."""
    if cur.isspace():
        return False
    if prev.isspace():
        return True
    if cur in NO_BREAK_BEFORE or prev in NO_BREAK_AFTER or _is_mark(cur):
        return False
    if prev in "–—/" and not cur.isdigit():
        return True
    return _is_cjk(prev) or _is_cjk(cur)


def _hard_break_ok(prev: str, cur: str) -> bool:
    """Where an over-long word may be cut when nothing better exists: between two
    characters, but not before a combining mark, after a Lao pre-base vowel, or before
    closing punctuation."""
    if cur.isspace() or prev.isspace():
        return True
    return not (_is_mark(cur) or prev in LAO_PREBASE or cur in NO_BREAK_BEFORE or prev in NO_BREAK_AFTER)


def _segments(text: str, lang: str) -> list[str]:
    """Units that never break inside (a word, one CJK character with its punctuation),
    each ending with the spaces that follow it."""
    segs: list[str] = []
    for i, ch in enumerate(text):
        if i and _break_ok(text[i - 1], ch, lang):
            segs.append(ch)
        elif segs:
            segs[-1] += ch
        else:
            segs.append(ch)
    return segs


def _split_long(seg: str, width_of, max_width: float) -> list[str]:
    """Cut a segment wider than the line at hard break opportunities."""
    pieces: list[str] = []
    current = ""
    for i, ch in enumerate(seg):
        if current and i and _hard_break_ok(seg[i - 1], ch) and width_of((current + ch).rstrip()) > max_width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, lang: str, width_of, max_width: float) -> list[str]:
    """Greedy line breaking at the soft break opportunities; a segment too wide for a line
    on its own is cut at hard ones."""
    segs: list[str] = []
    for seg in _segments(text, lang):
        if width_of(seg.rstrip()) > max_width:
            segs.extend(_split_long(seg, width_of, max_width))
        else:
            segs.append(seg)
    lines: list[str] = []
    line = ""
    for seg in segs:
        if line and width_of((line + seg).rstrip()) > max_width:
            lines.append(line.rstrip())
            line = seg
        else:
            line += seg
    if line.strip():
        lines.append(line.rstrip())
    return lines


def cuts_words(text: str, lang: str, width_of, max_width: float) -> bool:
    """Whether some word (a segment that must not break) is wider than the line, so that
    wrapping would have to cut inside it."""
    return any(width_of(seg.rstrip()) > max_width for seg in _segments(text, lang))


def balanced_wrap(text: str, lang: str, width_of, max_width: float) -> list[str]:
    """The same number of lines as greedy wrapping, with lines as even as possible (the
    narrowest width that still needs no more lines), as CSS `text-wrap: balance` does."""
    lines = wrap(text, lang, width_of, max_width)
    if len(lines) < 2:
        return lines
    # Never narrower than the widest word that fits the line: below that, balancing would cut
    # inside it (a Korean eojeol such as 타이족의 split as 타이족|의).
    widest = max((w for seg in _segments(text, lang) if (w := width_of(seg.rstrip())) <= max_width), default=0)
    lo, hi = max(max_width / len(lines) * 0.8, widest), max_width
    best = lines
    for _ in range(12):
        mid = (lo + hi) / 2
        trial = wrap(text, lang, width_of, mid)
        if len(trial) <= len(lines) and all(width_of(t) <= max_width for t in trial):
            best, hi = trial, mid
        else:
            lo = mid
    return best


# -- drawing ---------------------------------------------------------------------------------


class _Text:
    """Measures and draws a line made of font runs on one baseline."""

    def __init__(self, lang: str, weight: str, size: int) -> None:
        self.lang, self.weight, self.size = lang, weight, size
        self._language = _raqm_language(lang)

    def _font(self, face: Face) -> ImageFont.FreeTypeFont:
        return _font(face, self.weight, self.size)

    def width(self, text: str) -> float:
        return sum(self._length(face, run) for face, run in _runs(text, self.lang))

    def _length(self, face: Face, run: str) -> float:
        kwargs = {"language": self._language} if self._language else {}
        return self._font(face).getlength(run, **kwargs)

    def draw(self, draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str, fill) -> float:
        kwargs = {"language": self._language} if self._language else {}
        for face, run in _runs(text, self.lang):
            draw.text((x, baseline), run, font=self._font(face), fill=fill, anchor="ls", **kwargs)
            x += self._length(face, run)
        return x

    def ascent_descent(self, text: str) -> tuple[int, int]:
        faces = {face for face, _ in _runs(text, self.lang)} or {font_chain(self.lang)[0]}
        metrics = [self._font(face).getmetrics() for face in faces]
        return max(a for a, _ in metrics), max(d for _, d in metrics)


def _raqm_language(lang: str) -> str | None:
    if _layout_engine() != ImageFont.Layout.RAQM:
        return None
    base = _base_lang(lang)
    return {"zh-hant": "zh-Hant", "zh": "zh-Hans"}.get(base, base)


def _ridge(x: float, seed: int, base: float, amp: float) -> float:
    """A deterministic mountain ridge: a few sines of different periods and phases."""
    y = base
    for k, (period, weight) in enumerate(((530, 1.0), (270, 0.45), (120, 0.16), (57, 0.05))):
        phase = (seed * 1.7 + k * 2.3) % (2 * math.pi)
        y -= amp * weight * math.sin(2 * math.pi * x / period + phase)
    return y


def _background() -> Image.Image:
    """The green field with layered ridges, drawn at twice the size and reduced, which
    gives anti-aliased edges (Pillow draws polygons without)."""
    return _background_cached().copy()


@functools.lru_cache(maxsize=1)
def _background_cached() -> Image.Image:
    s = 2
    w, h = WIDTH * s, HEIGHT * s
    img = Image.new("RGB", (w, h), BRAND)
    draw = ImageDraw.Draw(img)
    # a gentle vertical gradient: a little lighter at the top
    for y in range(0, h, 2):
        t = y / h
        colour = tuple(round(c0 + (c1 - c0) * t) for c0, c1 in zip((53, 135, 58), BRAND))
        draw.rectangle((0, y, w, y + 1), fill=colour)
    # a pale sun low on the right, half behind the ridges
    cx, cy, r = 1010 * s, 470 * s, 96 * s
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(63, 144, 67))
    layers = (
        # seed, base line, amplitude, colour: far ridges pale, near ones dark
        (3, 505, 46, (60, 140, 64)),
        (7, 548, 36, (38, 110, 42)),
        (11, 590, 26, BRAND_DARK),
    )
    for seed, base, amp, colour in layers:
        points = [(x * s, _ridge(x, seed, base, amp) * s) for x in range(0, WIDTH + 1, 4)]
        draw.polygon(points + [(w, h), (0, h)], fill=colour)
    return img.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def _mountain_mark(draw: ImageDraw.ImageDraw, x: int, y: int, size: int) -> None:
    """A two-peak mark before the province name (drawn, not a character)."""
    h = size
    draw.polygon([(x, y + h), (x + h * 0.55, y + h * 0.15), (x + h * 1.1, y + h)], fill=ACCENT)
    draw.polygon([(x + h * 0.6, y + h), (x + h * 1.05, y + h * 0.45), (x + h * 1.5, y + h)], fill=TEXT_SOFT)


def _title_layout(title: str, lang: str) -> tuple[_Text, list[str], float]:
    max_width = WIDTH - 2 * MARGIN_X
    script = _script(title)
    height_available = TITLE_BOTTOM - TITLE_TOP
    for size in TITLE_SIZES:
        text = _Text(lang, "Bold", size)
        if size != TITLE_SIZES[-1] and cuts_words(title, lang, text.width, max_width):
            continue  # a smaller size may fit every word whole
        lines = balanced_wrap(title, lang, text.width, max_width)
        line_height = size * LINE_HEIGHT[script]
        if len(lines) <= MAX_LINES and len(lines) * line_height <= height_available:
            return text, lines, line_height
    # still too long at the smallest size: three lines, the last one cut with an ellipsis
    size = TITLE_SIZES[-1]
    text = _Text(lang, "Bold", size)
    lines = wrap(title, lang, text.width, max_width)
    kept = lines[:MAX_LINES]
    kept[-1] = _ellipsize(kept[-1], lang, text, max_width)
    return text, kept, size * LINE_HEIGHT[script]


def _ellipsize(line: str, lang: str, text: _Text, max_width: float) -> str:
    """The line with "…" after it, dropping whole words (or CJK characters) from its end
    until it fits; letters one by one only when a single word is left."""
    segs = _segments(line, lang)
    while len(segs) > 1 and text.width("".join(segs).rstrip() + "…") > max_width:
        segs.pop()
    last = "".join(segs).rstrip()
    while last and text.width(last + "…") > max_width:
        last = last[:-1]
        while last and _is_mark(last[-1]):
            last = last[:-1]
    return last.rstrip(" ,.;:、，。") + "…"


def _fit_one_line(value: str, text: _Text, max_width: float) -> str:
    if text.width(value) <= max_width:
        return value
    while value and text.width(value + "…") > max_width:
        value = value[:-1]
    return value.rstrip() + "…"


def draw_card(title: str, section: str, province: str, lang: str) -> Image.Image:
    """The card as an RGB image (no file written)."""
    title, section, province = clean(title), clean(section), clean(province)
    img = _background()
    draw = ImageDraw.Draw(img)
    max_width = WIDTH - 2 * MARGIN_X

    # the province, top left, after the mark
    if province:
        prov = _Text(lang, "Bold", 34)
        _mountain_mark(draw, MARGIN_X, 70, 30)
        prov.draw(draw, MARGIN_X + 60, 100, _fit_one_line(province, prov, max_width - 60), TEXT_SOFT)

    # the section: a short bar, then its name
    if section:
        sec = _Text(lang, "Regular", 30)
        draw.rectangle((MARGIN_X, 160, MARGIN_X + 6, 190), fill=ACCENT)
        sec.draw(draw, MARGIN_X + 22, 186, _fit_one_line(section, sec, max_width - 22), ACCENT)

    # the title
    if title:
        text, lines, line_height = _title_layout(title, lang)
        ascent, _ = text.ascent_descent(title)
        first_baseline = TITLE_TOP + min(ascent, text.size * 1.1)
        for i, line in enumerate(lines):
            text.draw(draw, MARGIN_X, first_baseline + i * line_height, line, TEXT)
    return img


# -- files and the cache ---------------------------------------------------------------------


def _font_fingerprint(lang: str) -> list:
    out = []
    for face in font_chain(lang):
        for weight in ("Bold", "Regular"):
            path = face.file(weight)
            out.append([path.name, face.index, path.stat().st_size])
    return out


def card_key(title: str, section: str, province: str, lang: str, fmt: str = "png") -> str:
    """The cache key: the texts (NFC), the language, the output format, the renderer
    version and the fonts used (their names and sizes: an upgraded font redraws)."""
    payload = json.dumps(
        [clean(title), clean(section), clean(province), lang, fmt, RENDERER_VERSION,
         _font_fingerprint(lang), features.version("raqm") or ""],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _encode(img: Image.Image, fmt: str) -> bytes:
    import io

    if fmt == "jpeg":
        for quality in (88, 84, 80, 75, 70, 65, 60):
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True, subsampling="4:4:4")
            if buf.tell() <= MAX_JPEG_BYTES:
                break
        return buf.getvalue()
    buf = io.BytesIO()
    # A card has few colours: a 256-colour palette is visually the same and 3× smaller. One
    # palette serves every card (`_palette`): mapping to it takes 0.7 ms where making each
    # card's own octree palette took 5 (median cut: 30), for an error of 1.7 in 255 on average
    # (own palette: 1.1–1.5) and at most 11 (14). zlib's run-length strategy: 1.5 ms for a
    # file a fifth larger (about 20 KB) than the default strategy's 3.6 ms (`optimize`: 17);
    # only the networks' crawlers fetch a card, never a visitor's page.
    img.quantize(palette=_palette(), dither=Image.Dither.NONE).save(buf, "PNG", compress_level=6, compress_type=zlib.Z_RLE)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def _palette() -> Image.Image:
    """The 256 colours of the cards: the octree palette of a sample card drawn with every
    text style (province, section, title) over the whole background, so that the texts'
    colours and their anti-aliased edges over each shade of green are in it."""
    sample = draw_card("Khu di tích lịch sử Tân Trào, Thủ đô kháng chiến — Hồ Na Hang", "Di sản văn hóa",
                       "Tuyên Quang", "vi")
    return sample.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a reader never sees half a file. A plain
    open() (not mkstemp, which makes 0600 files) so the web server can read the card."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def place_copy(source: Path, out: Path) -> None:
    """`out` becomes `source`'s content: a hard link where both are on one file system (a
    cached card is never written again, only replaced), else a copy."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    try:
        os.link(source, out)
    except OSError:
        shutil.copyfile(source, out)


def cached_card(cache_dir: Path, title: str, section: str, province: str, lang: str, fmt: str = "png") -> Path:
    """Where the card cache keeps this card."""
    key = card_key(title, section, province, lang, fmt)
    return Path(cache_dir) / key[:2] / f"{key}.{'jpg' if fmt == 'jpeg' else 'png'}"


def render_card(
    title: str, section: str, province: str, lang: str, out: Path, cache_dir: Path | None = None
) -> bool:
    """Write the card to `out` (PNG, or JPEG of at most 150 KB when `out` ends in .jpg or
    .jpeg). Returns True if it was drawn now, False if copied from `cache_dir`."""
    out = Path(out)
    fmt = "jpeg" if out.suffix.lower() in (".jpg", ".jpeg") else "png"
    cached = cached_card(Path(cache_dir), title, section, province, lang, fmt) if cache_dir else None
    if cached is not None and cached.is_file():
        place_copy(cached, out)
        return False
    data = _encode(draw_card(title, section, province, lang), fmt)
    _write_atomic(out, data)
    if cached is not None:
        _write_atomic(cached, data)
    return True
