#!/usr/bin/env python3
"""Flat vector-style illustrations for the Tuyên Quang promotion site.

No photographs are available for the site, so every hero image is drawn here
with Pillow from simple geometric primitives (polygons, ellipses, strokes and
cheap gradients).  Running the module regenerates every asset:

    docs/assets/images/*.png   eleven 1600x900 scene illustrations
    docs/assets/logo.svg       the site mark (mountains and a river in a circle)
    docs/assets/favicon.png    the same mark, 64x64, opaque background

Usage::

    .venv/bin/python tools/illustrations.py            # everything
    .venv/bin/python tools/illustrations.py tan-trao   # only the named images
    .venv/bin/python tools/illustrations.py logo       # logo.svg + favicon.png

Design rules that the code follows:

* No text or letters anywhere (the site is translated into five languages),
  and no maps or country outlines.
* One shared, harmonious palette (``PAL``): soft sky blues and creams, layered
  greens, warm straw/wood browns and a few ripe-fruit yellows.
* Everything is drawn at ``SS`` times the output size and scaled down with
  LANCZOS, which gives clean anti-aliased edges.
* Gradients are built as a 1-pixel-wide strip and stretched (or from Pillow's
  built-in radial gradient), so they cost almost nothing.
* Fully deterministic: randomness only comes from ``random.Random(seed)``
  instances with fixed seeds, one per image.
* PNGs are written without metadata.  A scene whose full-colour PNG would
  exceed ``MAX_BYTES`` (the detailed close-ups with blurred backdrops) is
  saved as a 256-colour adaptive palette image with Floyd-Steinberg
  dithering, which keeps gradients smooth at a fraction of the size.

Layout of the module: colour and geometry helpers, the ``Canvas`` class
(drawing in 1600x900 logical coordinates on the supersampled image),
landscape building blocks shared by several scenes, one ``scene_*`` function
per image (each preceded by the helpers only it uses), the logo, and output.
"""

from __future__ import annotations

import io
import math
import random
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Sequence

from PIL import Image, ImageChops, ImageDraw, ImageFilter

# ---------------------------------------------------------------------------
# Output configuration
# ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "assets"
IMAGES = ASSETS / "images"

W, H = 1600, 900          # logical size of every scene (= output size)
SS = 2                    # supersampling factor for anti-aliasing
MAX_BYTES = 380_000       # stay safely under the ~400 KB budget

Point = tuple[float, float]
Color = tuple[int, ...]


# ---------------------------------------------------------------------------
# Colour helpers and palette
# ---------------------------------------------------------------------------

def rgb(hex_code: str) -> Color:
    """'#a1b2c3' -> (161, 178, 195)."""
    h = hex_code.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def rgba(hex_code: str, alpha: float) -> Color:
    """Hex colour plus an alpha given as 0..1."""
    return rgb(hex_code) + (round(alpha * 255),)


def mix(c1: Sequence[int], c2: Sequence[int], t: float) -> Color:
    """Linear blend of two colours (t=0 -> c1, t=1 -> c2)."""
    return tuple(round(a + (b - a) * t) for a, b in zip(c1, c2))


def lerp_stops(stops: Sequence[tuple[float, Color]], t: float) -> Color:
    """Colour at position t (0..1) of a list of (position, colour) stops."""
    if t <= stops[0][0]:
        return tuple(stops[0][1])
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if t <= p1:
            return mix(c0, c1, (t - p0) / (p1 - p0) if p1 > p0 else 0.0)
    return tuple(stops[-1][1])


PAL = {
    # sky and light
    "sky_top": rgb("#a9d4de"),
    "sky_mid": rgb("#d6ebe6"),
    "haze": rgb("#f4eedb"),
    "sun": rgb("#fff6df"),
    # greens, far to near
    "g_far": rgb("#a6c6bd"),
    "g_far2": rgb("#8db6a3"),
    "g_mid": rgb("#6e9f7e"),
    "g_mid2": rgb("#55896a"),
    "g_near": rgb("#3f7458"),
    "g_deep": rgb("#2b5a45"),
    "g_dark": rgb("#1f4536"),
    "g_field": rgb("#9dc37a"),
    "g_light": rgb("#b9d88e"),
    "g_leaf": rgb("#3b7a45"),
    "g_leaf_dark": rgb("#275a33"),
    "g_leaf_light": rgb("#5f9c55"),
    # water
    "water_light": rgb("#d5ecea"),
    "water": rgb("#79b4bd"),
    "water_deep": rgb("#4e8f9e"),
    # earth, wood, straw
    "sand": rgb("#e6d6b0"),
    "path": rgb("#d9c39a"),
    "straw": rgb("#cfa45c"),
    "straw_dark": rgb("#a47a3c"),
    "straw_light": rgb("#e6c684"),
    "wood": rgb("#8a5a36"),
    "wood_dark": rgb("#5c3a24"),
    "wood_light": rgb("#b07c4d"),
    "bark": rgb("#6e5442"),
    "bark_dark": rgb("#4d3a2e"),
    # stone
    "rock_far": rgb("#b9c2c4"),
    "rock": rgb("#9aa3a6"),
    "rock_dark": rgb("#747d81"),
    "rock_deep": rgb("#5d666b"),
    # warm accents
    "warm": rgb("#f2c36b"),
    "warm_deep": rgb("#d9843f"),
    "red": rgb("#c8453a"),
    "white": (255, 255, 255),
}


# ---------------------------------------------------------------------------
# Geometry helpers
# ---------------------------------------------------------------------------

def frange(a: float, b: float, step: float) -> list[float]:
    """Inclusive float range from a to b."""
    n = max(1, int(math.ceil((b - a) / step)))
    return [a + (b - a) * i / n for i in range(n + 1)]


def rotate_pts(pts: Iterable[Point], angle_deg: float,
               origin: Point = (0.0, 0.0)) -> list[Point]:
    """Rotate points around origin (angle in degrees, clockwise on screen)."""
    a = math.radians(angle_deg)
    ca, sa = math.cos(a), math.sin(a)
    ox, oy = origin
    return [(ox + (x - ox) * ca - (y - oy) * sa,
             oy + (x - ox) * sa + (y - oy) * ca) for x, y in pts]


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 24) -> list[Point]:
    """Points on a cubic Bézier curve."""
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        out.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                    u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return out


def spline(pts: Sequence[Point], n: int = 12) -> list[Point]:
    """Catmull-Rom curve through all the given points."""
    if len(pts) < 3:
        return list(pts)
    ext = [pts[0]] + list(pts) + [pts[-1]]
    out: list[Point] = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        for k in range(n):
            t = k / n
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * (2 * p1[j] + (-p0[j] + p2[j]) * t
                                    + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                                    + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3)
                             for j in (0, 1)))
    out.append(tuple(pts[-1]))
    return out


def ribbon(path: Sequence[Point], widths: Sequence[float] | float) -> list[Point]:
    """Polygon outlining a stroke of varying width along a smooth path."""
    n = len(path)
    if isinstance(widths, (int, float)):
        widths = [widths] * n
    left, right = [], []
    for i, (x, y) in enumerate(path):
        xa, ya = path[max(0, i - 1)]
        xb, yb = path[min(n - 1, i + 1)]
        dx, dy = xb - xa, yb - ya
        d = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / d, dx / d
        hw = widths[i] / 2
        left.append((x + nx * hw, y + ny * hw))
        right.append((x - nx * hw, y - ny * hw))
    return left + right[::-1]


def ellipse_pts(cx: float, cy: float, rx: float, ry: float,
                a0: float = 0, a1: float = 360, n: int = 72) -> list[Point]:
    """Points on an ellipse arc (degrees, 0 = right, clockwise on screen)."""
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in frange(a0, a1, (a1 - a0) / n)]


def leaf_shape(base: Point, length: float, width: float, angle: float,
               bend: float = 0.0, serrate: float = 0.0, teeth: int = 14,
               tip: float = 1.0) -> tuple[list[Point], list[Point]]:
    """An ovate, pointed leaf.

    Returns (outline, midrib).  ``angle`` is the direction from base to tip in
    degrees (0 = right, 90 = down).  ``bend`` curves the midrib sideways (as a
    fraction of the length), ``serrate`` adds a saw-toothed edge, ``tip`` > 1
    makes the tip longer and sharper.
    """
    steps = 40
    left, right, mid = [], [], []
    for i in range(steps + 1):
        t = i / steps
        # half width: zero at both ends, widest a little below the middle
        hw = width / 2 * (math.sin(math.pi * t ** (0.75 * tip)) ** 0.85)
        if serrate and 0.08 < t < 0.95:
            saw = (t * teeth) % 1.0
            hw *= 1 + serrate * (saw - 0.5)
        off = bend * length * (t * t - t)          # sideways curve of the midrib
        mid.append((t * length, off))
        left.append((t * length, off - hw))
        right.append((t * length, off + hw))
    outline = left + right[::-1]
    a = angle
    to_world = lambda pts: [(base[0] + p[0], base[1] + p[1]) for p in rotate_pts(pts, a)]
    return to_world(outline), to_world(mid)


# ---------------------------------------------------------------------------
# Canvas: drawing in logical coordinates on a supersampled image
# ---------------------------------------------------------------------------

class Canvas:
    """A drawing surface addressed in logical pixels, stored at SS x size.

    RGB canvases blend translucent fills (RGBA colours) into the image.  RGBA
    canvases are used as layers for objects that are rotated or shadowed;
    their fills should be opaque.
    """

    def __init__(self, width: int = W, height: int = H, bg: Color = (255, 255, 255),
                 mode: str = "RGB"):
        self.w, self.h, self.mode = width, height, mode
        if mode == "RGBA" and len(bg) == 3:
            bg = tuple(bg) + (0,)
        self.img = Image.new(mode, (width * SS, height * SS), tuple(bg))
        self.draw = ImageDraw.Draw(self.img, "RGBA")

    # -- coordinate helpers -------------------------------------------------
    @staticmethod
    def s(pts: Iterable[Point]) -> list[Point]:
        return [(x * SS, y * SS) for x, y in pts]

    def _bbox(self, pts: Sequence[Point]) -> tuple[int, int, int, int]:
        xs = [p[0] * SS for p in pts]
        ys = [p[1] * SS for p in pts]
        x0 = max(0, int(math.floor(min(xs))) - 1)
        y0 = max(0, int(math.floor(min(ys))) - 1)
        x1 = min(self.img.width, int(math.ceil(max(xs))) + 2)
        y1 = min(self.img.height, int(math.ceil(max(ys))) + 2)
        return x0, y0, x1, y1

    # -- flat primitives ----------------------------------------------------
    def poly(self, pts: Sequence[Point], fill: Color) -> None:
        self.draw.polygon(self.s(pts), fill=tuple(fill))

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: Color | None = None,
                outline: Color | None = None, width: float = 0) -> None:
        box = [(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS]
        self.draw.ellipse(box, fill=tuple(fill) if fill else None,
                          outline=tuple(outline) if outline else None,
                          width=max(1, round(width * SS)) if outline else 0)

    def circle(self, cx: float, cy: float, r: float, fill: Color) -> None:
        self.ellipse(cx, cy, r, r, fill)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Color,
             radius: float = 0) -> None:
        box = [x0 * SS, y0 * SS, x1 * SS, y1 * SS]
        if radius:
            self.draw.rounded_rectangle(box, radius=radius * SS, fill=tuple(fill))
        else:
            self.draw.rectangle(box, fill=tuple(fill))

    def line(self, pts: Sequence[Point], fill: Color, width: float = 1,
             round_caps: bool = True) -> None:
        """Polyline with rounded joints (and round end caps)."""
        wpx = max(1, round(width * SS))
        self.draw.line(self.s(pts), fill=tuple(fill), width=wpx, joint="curve")
        if round_caps and wpx > 3:
            r = width / 2
            for x, y in (pts[0], pts[-1]):
                self.ellipse(x, y, r, r, fill)

    def arc(self, cx: float, cy: float, rx: float, ry: float, a0: float, a1: float,
            fill: Color, width: float = 1) -> None:
        self.line(ellipse_pts(cx, cy, rx, ry, a0, a1, 48), fill, width)

    def taper(self, path: Sequence[Point], w0: float, w1: float, fill: Color,
              caps: bool = True) -> None:
        """A stroke whose width changes linearly from w0 to w1 (branches, stems)."""
        n = len(path)
        widths = [w0 + (w1 - w0) * i / max(1, n - 1) for i in range(n)]
        self.poly(ribbon(path, widths), fill)
        if caps:
            self.circle(*path[0], w0 / 2, fill)
            self.circle(*path[-1], w1 / 2, fill)

    # -- gradients ------------------------------------------------------------
    def _gradient_image(self, size: tuple[int, int], stops, origin: int, g0: float,
                        span: float, horizontal: bool = False) -> Image.Image:
        """A gradient strip stretched to ``size`` (pixel space).

        Pixel row (or column) ``origin + i`` gets the colour at position
        (origin + i - g0) / span of the stops.
        """
        w, h = size
        n = w if horizontal else h
        cols = [lerp_stops(stops, min(1.0, max(0.0, (origin + i - g0) / span)))
                for i in range(n)]
        strip = Image.new("RGB", (n, 1) if horizontal else (1, n))
        strip.putdata([tuple(c[:3]) for c in cols])
        img = strip.resize((w, h), Image.NEAREST)
        return img.convert(self.mode)

    def grad_poly(self, pts: Sequence[Point], stops, y0: float | None = None,
                  y1: float | None = None, horizontal: bool = False) -> None:
        """Fill a polygon with a linear gradient.

        The gradient runs top->bottom (or left->right when ``horizontal``)
        from logical coordinate y0 to y1 (defaults: the polygon's extent).
        ``stops`` is a list of (position 0..1, colour).
        """
        bx0, by0, bx1, by1 = self._bbox(pts)
        if bx1 <= bx0 or by1 <= by0:
            return
        axis = [p[0] for p in pts] if horizontal else [p[1] for p in pts]
        g0 = (min(axis) if y0 is None else y0) * SS
        g1 = (max(axis) if y1 is None else y1) * SS
        grad = self._gradient_image((bx1 - bx0, by1 - by0), stops, bx0 if horizontal else by0,
                                    g0, max(1.0, g1 - g0), horizontal)
        mask = Image.new("L", grad.size, 0)
        ImageDraw.Draw(mask).polygon([(x * SS - bx0, y * SS - by0) for x, y in pts], fill=255)
        self.img.paste(grad, (bx0, by0), mask)

    def grad_rect(self, x0: float, y0: float, x1: float, y1: float, stops,
                  horizontal: bool = False) -> None:
        self.grad_poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], stops,
                       x0 if horizontal else y0, x1 if horizontal else y1, horizontal)

    def radial_poly(self, pts: Sequence[Point], cx: float, cy: float, r: float,
                    inner: Color, outer: Color | None = None, gamma: float = 1.0,
                    stops=None) -> None:
        """Fill a polygon with a radial gradient centred at (cx, cy), radius r.

        Either two colours (inner -> outer) or a list of (position, colour)
        ``stops`` may be given; colours are mapped through per-channel lookup
        tables, so any number of stops costs the same.
        """
        bx0, by0, bx1, by1 = self._bbox(pts)
        if bx1 <= bx0 or by1 <= by0:
            return
        if stops is None:
            stops = [(0.0, inner), (1.0, outer)]
        size = max(2, round(2 * r * SS))
        g = radial_field().resize((size, size), Image.BILINEAR)
        field = Image.new("L", (bx1 - bx0, by1 - by0), 255)
        field.paste(g, (round(cx * SS - size / 2) - bx0, round(cy * SS - size / 2) - by0))
        lut = [lerp_stops(stops, (v / 255) ** gamma) for v in range(256)]
        bands = [field.point([c[i] for c in lut]) for i in range(3)]
        fill = Image.merge("RGB", bands).convert(self.mode)
        mask = Image.new("L", field.size, 0)
        ImageDraw.Draw(mask).polygon([(x * SS - bx0, y * SS - by0) for x, y in pts], fill=255)
        self.img.paste(fill, (bx0, by0), mask)

    def ball(self, cx: float, cy: float, r: float, inner: Color, outer: Color | None = None,
             light: Point = (-0.35, -0.4), gamma: float = 1.0, stops=None,
             shape: Sequence[Point] | None = None) -> None:
        """A shaded sphere: radial gradient with its bright spot offset by
        ``light`` (fractions of r).  ``shape`` replaces the circle outline
        (e.g. for pear-shaped fruit)."""
        self.radial_poly(shape or ellipse_pts(cx, cy, r, r, n=96),
                         cx + light[0] * r, cy + light[1] * r, r * 1.75, inner, outer, gamma, stops)

    def glow(self, cx: float, cy: float, r: float, color: Color, alpha: float,
             gamma: float = 1.0) -> None:
        """A soft translucent disc that fades to nothing at radius r (RGB canvas)."""
        size = max(2, round(2 * r * SS))
        g = radial_field().resize((size, size), Image.BILINEAR)
        g = g.point(lambda v: round(alpha * 255 * max(0.0, 1 - v / 255) ** gamma))
        self.img.paste(Image.new(self.mode, (size, size), tuple(color[:3]) +
                                 ((255,) if self.mode == "RGBA" else ())),
                       (round(cx * SS - size / 2), round(cy * SS - size / 2)), g)

    def band(self, y0: float, y1: float, color: Color, a_top: float, a_mid: float,
             a_bot: float, x0: float = 0, x1: float | None = None) -> None:
        """Horizontal translucent band (mist) whose alpha varies top->mid->bottom."""
        x1 = self.w if x1 is None else x1
        h = max(2, round((y1 - y0) * SS))
        strip = Image.new("L", (1, h))
        vals = []
        for i in range(h):
            t = i / (h - 1)
            a = a_top + (a_mid - a_top) * (t / 0.5) if t < 0.5 else a_mid + (a_bot - a_mid) * ((t - 0.5) / 0.5)
            vals.append(round(255 * a))
        strip.putdata(vals)
        wpx = round((x1 - x0) * SS)
        mask = strip.resize((wpx, h), Image.NEAREST)
        self.img.paste(Image.new(self.mode, (wpx, h), tuple(color[:3]) +
                                 ((255,) if self.mode == "RGBA" else ())),
                       (round(x0 * SS), round(y0 * SS)), mask)

    # -- layers ---------------------------------------------------------------
    def paste_layer(self, layer: "Canvas", cx: float, cy: float, angle: float = 0.0,
                    shadow: tuple[float, float, float, float] | None = None) -> None:
        """Paste an RGBA layer centred at (cx, cy), rotated by ``angle`` degrees
        (counter-clockwise, like Image.rotate).

        ``shadow`` = (dx, dy, blur, opacity) adds a soft drop shadow.
        """
        im = layer.img
        if angle:
            im = im.rotate(angle, resample=Image.BICUBIC, expand=True)
        x = round(cx * SS - im.width / 2)
        y = round(cy * SS - im.height / 2)
        alpha = im.getchannel("A")
        if shadow:
            dx, dy, blur, opacity = shadow
            # blur at quarter resolution: same look, a fraction of the cost
            small = alpha.resize((max(1, im.width // 4), max(1, im.height // 4)), Image.BILINEAR)
            pad = int(blur * SS / 4 * 3) + 2
            padded = Image.new("L", (small.width + 2 * pad, small.height + 2 * pad), 0)
            padded.paste(small, (pad, pad))
            padded = padded.filter(ImageFilter.GaussianBlur(blur * SS / 4))
            padded = padded.point(lambda v: round(v * opacity))
            sh = padded.resize((padded.width * 4, padded.height * 4), Image.BILINEAR)
            dark = Image.new(self.mode, sh.size, (40, 25, 15) + ((255,) if self.mode == "RGBA" else ()))
            self.img.paste(dark, (x - pad * 4 + round(dx * SS), y - pad * 4 + round(dy * SS)), sh)
        self.img.paste(im, (x, y), alpha)

    def blur(self, radius: float) -> None:
        """Gaussian blur of the whole canvas (used for depth-of-field backdrops)."""
        small = self.img.resize((self.img.width // 4, self.img.height // 4), Image.BILINEAR)
        small = small.filter(ImageFilter.GaussianBlur(radius * SS / 4))
        self.img = small.resize(self.img.size, Image.BICUBIC)
        self.draw = ImageDraw.Draw(self.img, "RGBA")

    def final(self) -> Image.Image:
        """Downscale to output size with LANCZOS (anti-aliasing)."""
        return self.img.resize((self.w, self.h), Image.LANCZOS)


_RADIAL: Image.Image | None = None


def radial_field() -> Image.Image:
    """512x512 'L' image: 0 at the centre rising linearly to 255 at the
    inscribed circle (and clamped at 255 outside it).  Computed once."""
    global _RADIAL
    if _RADIAL is None:
        n, c = 512, 256.0
        data = bytearray()
        for y in range(n):
            dy2 = ((y + 0.5 - c) / c) ** 2
            for x in range(n):
                data.append(min(255, int(255 * math.sqrt(((x + 0.5 - c) / c) ** 2 + dy2))))
        _RADIAL = Image.frombytes("L", (n, n), bytes(data))
    return _RADIAL


def new_layer(width: float, height: float) -> Canvas:
    """A transparent RGBA canvas for an object that will be rotated/pasted."""
    return Canvas(int(math.ceil(width)), int(math.ceil(height)), (0, 0, 0, 0), "RGBA")


# ---------------------------------------------------------------------------
# Landscape building blocks
# ---------------------------------------------------------------------------

def ridge(rng: random.Random, base: float, amp: float, peaks: int = 5,
          sharp: float = 1.0, rough: float = 0.08, x0: float = -40,
          x1: float = W + 40, step: float = 6, scallop: float = 0.0,
          scallop_size: float = 14) -> list[Point]:
    """A mountain ridge line: a smooth max of bell-shaped peaks plus ripples.

    ``sharp`` > 1 makes narrower, pointier summits; ``scallop`` adds small
    round bumps along the line (tree crowns seen against the sky).
    """
    span = x1 - x0
    bumps = []
    for i in range(peaks):
        cx = x0 + span * (i + 0.5) / peaks + rng.uniform(-0.3, 0.3) * span / peaks
        bumps.append((cx, span / peaks * rng.uniform(0.8, 1.5), amp * rng.uniform(0.55, 1.0)))
    ph = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    pts = []
    for x in frange(x0, x1, step):
        acc = 0.0
        for cx, w, h in bumps:
            u = (x - cx) / w
            if abs(u) < 1:
                acc += (h * ((1 + math.cos(math.pi * u)) / 2) ** sharp) ** 4
        y = acc ** 0.25
        y += amp * rough * (0.5 * math.sin(x * 0.011 + ph[0]) + 0.3 * math.sin(x * 0.027 + ph[1])
                            + 0.2 * math.sin(x * 0.061 + ph[2]))
        if scallop:
            y += scallop * abs(math.sin(x * math.pi / scallop_size + ph[0]))
        pts.append((x, base - y))
    return pts


def close_down(pts: Sequence[Point], bottom: float = H + 20) -> list[Point]:
    """Close a ridge line into a polygon reaching down to ``bottom``."""
    return list(pts) + [(pts[-1][0], bottom), (pts[0][0], bottom)]


def ridge_shadows(cv: Canvas, pts: Sequence[Point], color: Color, depth: float,
                  min_prom: float = 12.0, lean: float = 0.3) -> None:
    """Flat-style shading: darken the right-hand flank of every summit.

    For each local summit the ridge is followed down to the next valley; the
    face between that stretch of ridge and a curve dropping from the summit is
    shaded.  ``color`` is RGBA: the alpha is the strength at the crest, and
    the shading fades out over ``depth`` px below the lowest valley so that it
    never ends in a hard edge.
    """
    ys = [p[1] for p in pts]
    n = len(pts)
    facets = []
    i = 1
    while i < n - 1:
        if ys[i] <= ys[i - 1] and ys[i] < ys[i + 1]:
            j = i
            while j < n - 1 and ys[j + 1] >= ys[j]:
                j += 1
            if ys[j] - ys[i] > min_prom:
                (px, py), (vx, vy) = pts[i], pts[j]
                dx = vx - px
                bottom = vy + 3 * depth
                inner = bezier((px + lean * dx, bottom),
                               (px + lean * dx, py + 0.55 * (bottom - py)),
                               (px + 0.08 * dx, py + 0.2 * (bottom - py)), (px, py), 20)
                crease = bezier((vx, vy), (vx - 0.05 * dx, vy + 0.4 * depth),
                                (vx - 0.2 * dx, vy + 0.7 * depth), (vx - 0.25 * dx, bottom), 12)
                facets.append(list(pts[i:j + 1]) + crease[1:] + inner)
            i = j + 1
        else:
            i += 1
    if not facets:
        return
    y0 = min(ys) * SS
    y1 = (max(ys) + depth) * SS
    top = max(0, int(y0))
    hgt = max(1, min(cv.img.height, int(y1) + 2) - top)
    mask = Image.new("L", (cv.img.width, hgt), 0)
    d = ImageDraw.Draw(mask)
    for f in facets:
        d.polygon([(x * SS, y * SS - top) for x, y in f], fill=255)
    alpha = color[3] / 255 if len(color) > 3 else 1.0
    strip = Image.new("L", (1, hgt))
    strip.putdata([round(255 * alpha * max(0.0, 1 - (top + k - y0) / (y1 - y0)) ** 1.2)
                   if top + k >= y0 else round(255 * alpha) for k in range(hgt)])
    fade = strip.resize(mask.size, Image.NEAREST)
    mask = ImageChops.multiply(mask, fade)
    cv.img.paste(Image.new(cv.mode, mask.size, tuple(color[:3])), (0, top), mask)


def mountain_layer(cv: Canvas, pts: Sequence[Point], top: Color, bottom: Color,
                   shade: Color | None = None, depth: float = 260) -> None:
    """A gradient-filled mountain layer with optional flank shading."""
    y_top = min(p[1] for p in pts)
    cv.grad_poly(close_down(pts), [(0, top), (1, bottom)], y_top, y_top + depth + 120)
    if shade:
        ridge_shadows(cv, pts, shade, depth)


def sky(cv: Canvas, stops, y1: float = H) -> None:
    cv.grad_rect(0, 0, cv.w, y1, stops)


def cloud(cv: Canvas, x: float, y: float, s: float, color: Color, alpha: float) -> None:
    """A flat translucent cloud: a rounded base with three puffs.

    The parts are merged in one mask first so overlaps do not get darker.
    (x, y) = bottom centre, s = scale.
    """
    x0, y0 = (x - 1.2 * s) * SS, (y - 1.2 * s) * SS
    size = (round(2.4 * s * SS), round(1.25 * s * SS))
    mask = Image.new("L", size, 0)
    d = ImageDraw.Draw(mask)
    v = round(255 * alpha)
    q = lambda px, py: (px * SS - x0, py * SS - y0)
    d.rounded_rectangle([q(x - 1.1 * s, y - 0.42 * s), q(x + 1.1 * s, y)], radius=0.21 * s * SS, fill=v)
    for cx, cy, r in ((-0.45, -0.45, 0.38), (0.15, -0.62, 0.5), (0.7, -0.38, 0.3)):
        d.ellipse([q(x + (cx - r) * s, y + cy * s - r * s), q(x + (cx + r) * s, y + cy * s + r * s)], fill=v)
    cv.img.paste(Image.new(cv.mode, size, tuple(color[:3])), (round(x0), round(y0)), mask)


def round_tree(cv: Canvas, x: float, y: float, s: float, dark: Color, mid: Color,
               light: Color, trunk: Color = PAL["bark"], rng: random.Random | None = None) -> None:
    """A broad-leaved tree: trunk plus three shaded crown blobs. (x, y) = foot."""
    cv.rect(x - s * 0.07, y - s * 0.55, x + s * 0.07, y, trunk)
    cy = y - s * 0.95
    cv.ellipse(x, cy, s * 0.55, s * 0.5, dark)
    cv.ellipse(x - s * 0.12, cy - s * 0.1, s * 0.42, s * 0.38, mid)
    cv.ellipse(x - s * 0.2, cy - s * 0.22, s * 0.2, s * 0.17, light)


def y_on(pts: Sequence[Point], x: float) -> float:
    """Height of a polyline (sorted by x) at position x."""
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        if xa <= x <= xb:
            return ya + (yb - ya) * ((x - xa) / (xb - xa) if xb != xa else 0)
    return pts[-1][1] if x > pts[-1][0] else pts[0][1]


def forest_on(cv: Canvas, rng: random.Random, pts: Sequence[Point], count: int,
              size: tuple[float, float], colors: Sequence[Color], depth: float = 60,
              x_range: tuple[float, float] = (0, W)) -> None:
    """Scatter small round tree crowns over a ridge layer, from its crest down
    ``depth`` px (drawn back to front)."""
    items = []
    for _ in range(count):
        x = rng.uniform(*x_range)
        y = y_on(pts, x) + rng.uniform(0.15, 1.0) * depth
        items.append((y, x, rng.uniform(*size), rng.choice(colors)))
    for y, x, s, c in sorted(items):
        cv.ellipse(x, y - s * 0.5, s * 0.55, s * 0.5, c)
        cv.ellipse(x - s * 0.15, y - s * 0.62, s * 0.25, s * 0.22, mix(c, (255, 255, 255), 0.12))


# ---------------------------------------------------------------------------
# Scenes
# ---------------------------------------------------------------------------

def paddy_fields(cv: Canvas, rng: random.Random, y0: float, y1: float,
                 colors: Sequence[Color], bund: Color, first: float = 7.0,
                 growth: float = 1.28) -> None:
    """A patchwork of rice plots in perspective between y0 and y1."""
    cv.rect(0, y0, cv.w, y1 + 2, bund)
    y, h, k = y0, first, 0
    while y < y1:
        gap = max(1.0, h * 0.12)
        x = -rng.uniform(0, 120)
        skew = rng.uniform(-0.25, 0.25) * h
        while x < cv.w:
            w = rng.uniform(70, 220) * (1 + k * 0.35)
            cv.poly([(x + gap, y + gap / 2), (x + w - gap, y + gap / 2),
                     (x + w - gap + skew, y + h - gap / 2), (x + gap + skew, y + h - gap / 2)],
                    rng.choice(colors))
            x += w
        y += h
        h *= growth
        k += 1


def stilt_hut(cv: Canvas, x: float, y: float, s: float) -> None:
    """A tiny distant stilt house. (x, y) = foot of the posts."""
    for px in (-14, -5, 5, 14):
        cv.rect(x + px * s - 1.2 * s, y - 9 * s, x + px * s + 1.2 * s, y, PAL["wood_dark"])
    cv.rect(x - 17 * s, y - 21 * s, x + 17 * s, y - 9 * s, PAL["wood_light"])
    cv.rect(x - 4 * s, y - 18 * s, x + 4 * s, y - 12 * s, PAL["wood_dark"])
    cv.poly([(x - 25 * s, y - 18 * s), (x - 11 * s, y - 36 * s), (x + 11 * s, y - 36 * s),
             (x + 25 * s, y - 18 * s)], rgb("#6d4a35"))


def scene_landscape() -> Image.Image:
    """Green mountains in layers and a river winding through a valley."""
    rng = random.Random(101)
    cv = Canvas()
    sky(cv, [(0, PAL["sky_top"]), (0.5, PAL["sky_mid"]), (0.7, PAL["haze"])], 560)
    cv.glow(1180, 240, 300, PAL["sun"], 0.6)
    cv.circle(1180, 240, 60, PAL["sun"])
    cloud(cv, 330, 150, 70, PAL["white"], 0.55)
    cloud(cv, 760, 95, 45, PAL["white"], 0.45)
    cloud(cv, 1440, 170, 55, PAL["white"], 0.5)

    # far to near mountain layers, each darker and less hazy
    shade = rgba("#1f4536", 0.14)
    layers = [
        (350, 180, 6, 1.5, PAL["g_far"], mix(PAL["g_far"], PAL["haze"], 0.55)),
        (430, 160, 5, 1.3, PAL["g_far2"], mix(PAL["g_far2"], PAL["haze"], 0.4)),
        (515, 140, 4, 1.2, PAL["g_mid"], mix(PAL["g_mid"], PAL["haze"], 0.3)),
    ]
    for base, amp, peaks, sharp, top, bottom in layers:
        pts = ridge(rng, base, amp, peaks, sharp)
        mountain_layer(cv, pts, top, bottom, shade, depth=150)
        cv.band(base - 30, base + 80, PAL["haze"], 0.0, 0.4, 0.0)

    # valley floor: rice-field patchwork
    floor_y = 588
    paddy_fields(cv, rng, floor_y, H, [PAL["g_light"], PAL["g_field"], rgb("#c4d98f"),
                                       mix(PAL["g_field"], PAL["g_mid"], 0.35)], rgb("#d7e6ad"))
    cv.band(floor_y - 6, floor_y + 40, PAL["haze"], 0.5, 0.25, 0.0)

    # the river: a ribbon that widens towards the viewer, with sandy banks
    path, widths = [], []
    for i in range(80):
        t = i / 79
        path.append((800 + 170 * math.sin(t * 4.0 + 0.4) * t ** 0.8 - 110 * t ** 2,
                     floor_y + 4 + (H + 40 - floor_y) * t ** 1.5))
        widths.append(5 + 340 * t ** 2.0)
    cv.poly(ribbon(path, [w * 1.12 + 8 for w in widths]), PAL["sand"])
    cv.grad_poly(ribbon(path, widths),
                 [(0, PAL["water_light"]), (0.3, PAL["water"]), (1, PAL["water_deep"])], floor_y, H)
    for i in range(14, 78, 5):
        x, y = path[i]
        hw = widths[i] * 0.25
        off = rng.uniform(-0.3, 0.3) * widths[i]
        cv.line([(x + off - hw, y), (x + off + hw * 0.5, y)], rgba("#ffffff", 0.5),
                1.2 + widths[i] / 140)

    # small stilt houses and bamboo-green trees along the banks
    for hx, hy, sc in [(610, 626, 1.0), (975, 618, 0.85), (1045, 632, 1.0), (540, 640, 0.9)]:
        stilt_hut(cv, hx, hy, sc)
    for x, y, sc in [(670, 630, 26), (585, 645, 22), (1090, 636, 28), (930, 622, 20)]:
        round_tree(cv, x, y, sc, PAL["g_near"], PAL["g_mid2"], PAL["g_mid"])

    # near hills framing the valley on both sides
    left = spline([(-40, 585), (120, 596), (260, 640), (350, 720), (395, 810), (405, 930)], 10)
    cv.grad_poly(left + [(-40, 930)], [(0, PAL["g_mid"]), (1, PAL["g_near"])], 585, H)
    right = spline([(1640, 560), (1460, 570), (1250, 612), (1060, 690), (900, 790), (830, 930)], 10)
    cv.grad_poly(right + [(1640, 930)], [(0, PAL["g_mid2"]), (1, PAL["g_deep"])], 560, H)
    left_top = sorted(left)
    right_top = sorted(right)
    forest_on(cv, rng, left_top, 22, (22, 40), [PAL["g_near"], PAL["g_deep"], PAL["g_mid2"]], 30,
              x_range=(-20, 300))
    forest_on(cv, rng, right_top, 28, (24, 46), [PAL["g_deep"], PAL["g_dark"], PAL["g_near"]], 30,
              x_range=(1000, 1620))

    # foreground trees
    for x, y, sc in [(60, 930, 220), (215, 950, 150), (1520, 935, 230), (1380, 960, 150)]:
        round_tree(cv, x, y, sc, PAL["g_dark"], PAL["g_deep"], PAL["g_near"])
    return cv.final()


def thatch_roof(cv: Canvas, rng: random.Random, ridge_x: tuple[float, float], ridge_y: float,
                eave_x: tuple[float, float], eave_y: float) -> None:
    """Front face of a hipped thatched roof, with courses and straw strands."""
    (rx0, rx1), (ex0, ex1) = ridge_x, eave_x
    face = [(rx0, ridge_y), (rx1, ridge_y), (ex1, eave_y), (ex0, eave_y)]
    cv.grad_poly(face, [(0, PAL["straw_dark"]), (0.35, PAL["straw"]), (1, PAL["straw_light"])])
    edge_at = lambda t: (rx0 + (ex0 - rx0) * t, rx1 + (ex1 - rx1) * t)
    courses = 6
    for c in range(1, courses + 1):
        t = c / courses
        y = ridge_y + (eave_y - ridge_y) * t
        xl, xr = edge_at(t)
        # scalloped lower edge of each course of straw
        pts = [(x, y + 3 * abs(math.sin(x / 9.0))) for x in frange(xl + 2, xr - 2, 4)]
        cv.line(pts, mix(PAL["straw_dark"], PAL["straw"], 0.3), 2.6)
        # strands
        t_prev = (c - 1) / courses
        y_prev = ridge_y + (eave_y - ridge_y) * t_prev
        for _ in range(int((xr - xl) / 7)):
            x = rng.uniform(xl + 6, xr - 6)
            yb = y - rng.uniform(0, 5)
            ya = yb - rng.uniform(0.35, 0.8) * (y - y_prev)
            col = rng.choice([PAL["straw_dark"], PAL["straw_light"], mix(PAL["straw"], PAL["straw_dark"], 0.5)])
            cv.line([(x - 1.5, ya), (x, yb)], col + (150,), 1.3)
    # eave thickness and ridge cap
    cv.poly([(ex0 - 6, eave_y), (ex1 + 6, eave_y), (ex1 - 4, eave_y + 16), (ex0 + 4, eave_y + 16)],
            PAL["straw_dark"])
    for x in frange(ex0, ex1, 5):
        cv.line([(x, eave_y + 12), (x + 1, eave_y + 20 + 3 * math.sin(x))], PAL["straw_dark"], 1.6)
    cv.poly([(rx0 - 26, ridge_y - 8), (rx1 + 26, ridge_y - 8), (rx1 + 8, ridge_y + 10),
             (rx0 - 8, ridge_y + 10)], mix(PAL["straw_dark"], PAL["wood_dark"], 0.45))


def banyan(cv: Canvas, rng: random.Random, x: float, ground: float, cx: float, cy: float,
           rx: float, ry: float) -> None:
    """A broad banyan tree: fused, buttressed trunks, spreading limbs, layered
    crown and curtains of aerial roots.

    (x, ground) = foot of the main trunk, (cx, cy, rx, ry) = crown ellipse.
    """
    cv.ellipse(x + 20, ground + 8, rx * 0.95, 26, rgba("#1f4536", 0.22))
    blobs = []
    for _ in range(80):
        a = rng.uniform(0, 2 * math.pi)
        d = math.sqrt(rng.uniform(0, 1))
        bx, by = cx + math.cos(a) * d * (rx - 70), cy + math.sin(a) * d * (ry - 60)
        blobs.append((by, bx, rng.uniform(50, 90)))
    blobs.sort()
    dark, mid, light = PAL["g_leaf_dark"], PAL["g_leaf"], PAL["g_leaf_light"]
    bark, bark_dark, bark_light = PAL["bark"], PAL["bark_dark"], rgb("#8d7058")
    # secondary pillar trunks grown from aerial roots; their tops vanish in the crown
    for px, w in ((x - 150, 30), (x + 165, 34), (x - 235, 16), (x + 250, 18)):
        p0 = cy + ry * 0.3
        cv.taper([(px + 4 * math.sin(t * 5), p0 + (ground - p0) * t) for t in frange(0, 1, 0.1)],
                 w * 0.6, w, bark)
        cv.rect(px - w * 0.45, ground - 6, px + w * 0.45, ground + 2, bark)
    for by, bx, r in blobs:                        # back of the crown (in shade)
        cv.circle(bx, by + 24, r, mix(dark, PAL["g_dark"], 0.3))

    top = ground - 250
    # the main trunk, flared at the foot
    left = spline([(x - 190, ground + 6), (x - 105, ground - 14), (x - 72, ground - 90),
                   (x - 68, ground - 180), (x - 70, top)], 8)
    right = spline([(x + 70, top), (x + 70, ground - 180), (x + 76, ground - 90),
                    (x + 115, ground - 14), (x + 200, ground + 6)], 8)
    cv.grad_poly(left + right, [(0, bark_dark), (0.35, bark_light), (0.6, bark), (1, bark_dark)],
                 x - 110, x + 110, horizontal=True)
    for dx in (-44, -14, 18, 46):                  # fused stems / bark furrows
        cv.line(spline([(x + dx * 1.3, top + 10), (x + dx + 4, ground - 150),
                        (x + dx * 1.2, ground - 50), (x + dx * 2.0, ground)], 6), bark_dark, 3.2)
    # thick limbs fanning out into the crown
    for ex, ey, w in [(cx - rx * 0.78, cy + 40, 46), (cx - rx * 0.4, cy - 30, 50),
                      (cx + rx * 0.15, cy - 50, 44), (cx + rx * 0.72, cy + 30, 46),
                      (cx - rx * 0.05, cy + 10, 40)]:
        path = bezier((x + (ex - x) * 0.06, top + 50), (x + (ex - x) * 0.25, top - 40), (ex - (ex - x) * 0.25, ey + 60),
                      (ex, ey), 24)
        cv.taper(path, w, w * 0.3, bark)
        cv.taper([(px, py + w * 0.18) for px, py in path], w * 0.35, w * 0.1, bark_dark, caps=False)
    for by, bx, r in blobs:                        # front of the crown
        if by < cy + ry * 0.15:
            cv.circle(bx, by, r * 0.9, mid)
    for by, bx, r in blobs:                        # sunlit tops
        if by < cy - ry * 0.1:
            cv.circle(bx - r * 0.25, by - r * 0.3, r * 0.5, light)
    # curtains of aerial roots hanging in bunches from the crown
    for g in range(11):
        gx = cx - rx * 0.85 + g * rx * 1.7 / 10 + rng.uniform(-20, 20)
        if abs(gx - x) < 110:
            continue
        base = cy + ry * 0.72 * math.sqrt(max(0.0, 1 - ((gx - cx) / rx) ** 2))
        for k in range(rng.randint(4, 7)):
            rx_ = gx + k * rng.uniform(5, 9)
            length = rng.uniform(0.25, 0.8) * (ground - base)
            sway = rng.uniform(-5, 5)
            pts = [(rx_ + sway * math.sin(t * 4) * t, base + length * t) for t in frange(0, 1, 0.1)]
            cv.line(pts, rgba("#7a5c45", 0.85) if k % 2 else rgba("#94765c", 0.85), 2.2)


def grass_tufts(cv: Canvas, rng: random.Random, count: int, y_range: tuple[float, float],
                colors: Sequence[Color], x_range: tuple[float, float] = (0, W)) -> None:
    """Small three-bladed grass tufts, larger towards the bottom."""
    for _ in range(count):
        gx, gy = rng.uniform(*x_range), rng.uniform(*y_range)
        h = rng.uniform(10, 18) * (0.7 + 0.8 * (gy - y_range[0]) / (y_range[1] - y_range[0]))
        col = rng.choice(colors)
        for lean in (-0.6, 0.0, 0.5):
            cv.poly([(gx - h * 0.12, gy), (gx + h * 0.12, gy), (gx + lean * h * 0.6, gy - h)], col)


def scene_tan_trao() -> Image.Image:
    """A large banyan tree beside a small thatched communal house, hills behind."""
    rng = random.Random(202)
    cv = Canvas()
    sky(cv, [(0, rgb("#b7dbe0")), (0.55, rgb("#e4efe0")), (0.75, rgb("#f6ecd2"))], 600)
    cv.glow(1260, 170, 260, PAL["sun"], 0.5)
    cloud(cv, 980, 120, 60, PAL["white"], 0.6)
    cloud(cv, 1440, 220, 45, PAL["white"], 0.5)
    shade = rgba("#1f4536", 0.12)
    pts = ridge(rng, 430, 120, 4, 1.0)
    mountain_layer(cv, pts, PAL["g_far"], mix(PAL["g_far"], PAL["haze"], 0.4), shade, 150)
    cv.band(400, 520, PAL["haze"], 0, 0.35, 0)
    pts = ridge(rng, 520, 110, 4, 0.9, scallop=6, scallop_size=16)
    mountain_layer(cv, pts, PAL["g_mid"], mix(PAL["g_mid"], PAL["haze"], 0.25), shade, 150)
    cv.band(500, 620, PAL["haze"], 0, 0.3, 0)
    # meadow and an earthen path to the house
    ground = ridge(rng, 640, 14, 3, 1.0, 0.2)
    cv.grad_poly(close_down(ground), [(0, rgb("#a9cd7c")), (1, rgb("#6f9f55"))], 630, H)
    cv.poly(spline([(1060, 712), (1000, 780), (900, 860), (860, 920)], 8)
            + spline([(1260, 920), (1220, 840), (1180, 770), (1150, 712)], 8), PAL["path"])

    # --- the communal house (right) -----------------------------------------
    gy = 712
    cv.rect(900, gy - 30, 1410, gy, rgb("#b8ab92"))                 # stone plinth
    cv.rect(900, gy - 30, 1410, gy - 24, rgb("#d3c8b0"))
    cv.rect(925, 575, 1385, gy - 30, rgb("#4f3423"))                 # shaded interior
    cv.rect(925, 640, 1385, 652, PAL["wood"])                        # raised floor beam
    cv.rect(925, 652, 1385, gy - 30, rgb("#3f2a1c"))
    for k in range(8):                                               # wooden columns
        px = 935 + k * 63.5
        cv.rect(px - 8, 580, px + 8, gy - 30, PAL["wood_light"])
        cv.rect(px + 3, 580, px + 8, gy - 30, PAL["wood"])
    for k in range(7):                                               # railing
        px = 967 + k * 63.5
        for j in range(3):
            cv.rect(px - 20 + j * 17, 615, px - 16 + j * 17, 640, PAL["wood"])
    cv.rect(925, 610, 1385, 616, PAL["wood"])
    thatch_roof(cv, rng, (1010, 1300), 410, (860, 1450), 588)
    for k in range(4):                                               # stone steps
        cv.rect(1100 - k * 8, gy - 30 + k * 8, 1210 + k * 8, gy - 22 + k * 8, rgb("#cfc3aa"))

    # --- the banyan (left) -----------------------------------------------------
    banyan(cv, rng, 470, 712, 450, 270, 430, 210)

    # grass tufts and shrubs in front
    grass_tufts(cv, rng, 50, (740, 905), [rgb("#6f9f55"), rgb("#8dbb68"), rgb("#5f9148")])
    for sx, sy, sc in [(820, 715, 60), (1470, 725, 80), (1560, 760, 110)]:
        cv.ellipse(sx, sy - sc * 0.4, sc, sc * 0.55, PAL["g_near"])
        cv.ellipse(sx - sc * 0.25, sy - sc * 0.6, sc * 0.55, sc * 0.35, PAL["g_leaf_light"])
    return cv.final()


def canopy_texture(cv: Canvas, rng: random.Random, pts: Sequence[Point], depth: float,
                   size: float, colors: Sequence[Color], density: float = 1.0,
                   shine: float = 0.1, inset: float = 0.35) -> None:
    """Cover a hill layer (below ridge ``pts``) with rows of small tree crowns.

    ``inset`` keeps the crowns that many crown sizes below the crest, so the
    silhouette stays clean."""
    x0, x1 = pts[0][0], pts[-1][0]
    y_top = min(p[1] for p in pts)
    y = y_top
    while y < y_top + depth:
        x = x0 + rng.uniform(0, size)
        while x < x1:
            top = y_on(pts, x)
            if top + size * inset < y < top + depth:
                s = size * rng.uniform(0.75, 1.2)
                c = rng.choice(colors)
                cv.ellipse(x, y, s * 0.62, s * 0.52, c)
                if shine:
                    cv.ellipse(x - s * 0.18, y - s * 0.16, s * 0.3, s * 0.24, mix(c, (255, 255, 240), shine))
            x += size * rng.uniform(0.7, 1.1) / density
        y += size * 0.5


def bamboo(cv: Canvas, rng: random.Random, x: float, ground: float, height: float,
           culms: int, green: Color, leaf: Color, lean: float = 0.0) -> None:
    """A clump of bamboo: curved jointed culms with sprays of narrow leaves."""
    for k in range(culms):
        bx = x + (k - culms / 2) * 9
        tip_dx = (k - culms / 2) * 30 + lean * height
        h = height * rng.uniform(0.75, 1.0)
        path = bezier((bx, ground), (bx, ground - h * 0.5), (bx + tip_dx * 0.5, ground - h * 0.85),
                      (bx + tip_dx, ground - h), 30)
        col = mix(green, PAL["g_dark"], rng.uniform(0, 0.35))
        cv.taper(path, 10, 4, col)
        for i in range(4, len(path) - 1, 4):        # nodes
            px, py = path[i]
            cv.line([(px - 6, py), (px + 6, py)], mix(col, PAL["g_dark"], 0.4), 2)
        for i in range(12, len(path), 3):          # leaf sprays
            px, py = path[i]
            for _ in range(3):
                ang = rng.uniform(110, 250) if rng.random() < 0.5 else rng.uniform(-70, 70)
                outline, _ = leaf_shape((px, py), rng.uniform(34, 52), rng.uniform(7, 10), ang + 25,
                                        bend=0.15, tip=1.6)
                cv.poly(outline, mix(leaf, PAL["g_dark"], rng.uniform(0, 0.4)))


def banana_plant(cv: Canvas, x: float, ground: float, s: float) -> None:
    """A banana plant: a sturdy pseudo-stem with broad, oblong, torn leaves
    that rise from the top and droop at their tips."""
    top = ground - 190 * s
    leaves = [(-150, 250, 60, PAL["g_leaf_dark"]), (-30, 240, 70, PAL["g_leaf"]),
              (-118, 260, 30, PAL["g_leaf"]), (-62, 270, 25, PAL["g_leaf_light"]),
              (-88, 170, 0, rgb("#86bb63"))]
    for ang, length, droop, col in leaves:
        a = math.radians(ang)
        d = (math.cos(a), math.sin(a))
        L = length * s
        p0 = (x, top + 10 * s)
        mid = bezier(p0, (p0[0] + d[0] * 0.45 * L, p0[1] + d[1] * 0.45 * L),
                     (p0[0] + d[0] * 0.85 * L, p0[1] + d[1] * 0.85 * L + droop * 0.3 * s),
                     (p0[0] + d[0] * L, p0[1] + d[1] * L + droop * s), 30)
        wmax = (34 if ang == -88 else 78) * s
        widths = [wmax * min(1, t / 0.1) ** 0.6 * min(1, (1 - t) / 0.14) ** 0.5
                  for t in (i / 30 for i in range(31))]
        cv.poly(ribbon(mid, widths), col)
        for i in range(6, 28, 3):                  # tears across the blade
            (ax, ay), (bx, by) = mid[i], mid[i + 1]
            dd = math.hypot(bx - ax, by - ay) or 1
            nx, ny = -(by - ay) / dd, (bx - ax) / dd
            sgn = 1 if i % 2 else -1
            ex, ey = ax + sgn * nx * widths[i] / 2, ay + sgn * ny * widths[i] / 2
            cv.line([(ex, ey), (ex - sgn * nx * widths[i] * 0.38, ey - sgn * ny * widths[i] * 0.38)],
                    mix(col, PAL["g_dark"], 0.3), 1.8 * s)
        cv.line(mid, mix(col, (255, 255, 210), 0.3), 3.5 * s)
    cv.taper([(x, ground), (x, top)], 36 * s, 24 * s, rgb("#5f7d3a"))
    cv.taper([(x - 8 * s, ground), (x - 5 * s, top + 30 * s)], 9 * s, 6 * s, rgb("#7c9a4d"), caps=False)


def stilt_house(cv: Canvas, x0: float, x1: float, ground: float, floor: float, eave: float,
                ridge_y: float) -> None:
    """A Tày stilt house (nhà sàn) seen from its long side.

    Posts stand on stones, the plank-walled room sits on the raised floor and
    a large tiled roof with upturned ridge ends overhangs it; a ladder leads
    up to a small open platform on the right.
    """
    wall_top = eave + 8
    n_posts = 7
    cv.rect(x0 + 10, floor, x1 - 10, ground, rgb("#3a2a1f"))            # shade under the floor
    for k in range(n_posts):                                               # back posts
        px = x0 + 30 + k * (x1 - x0 - 60) / (n_posts - 1) + 18
        cv.rect(px - 6, floor, px + 6, ground - 6, PAL["wood_dark"])
    for k in range(n_posts):                                               # front posts on stones
        px = x0 + 30 + k * (x1 - x0 - 60) / (n_posts - 1)
        cv.rect(px - 9, floor, px + 9, ground, PAL["wood"])
        cv.rect(px + 3, floor, px + 9, ground, PAL["wood_dark"])
        cv.ellipse(px, ground + 2, 16, 6, rgb("#a9a195"))
    cv.rect(x0 - 6, floor - 8, x1 + 6, floor + 6, PAL["wood_dark"])        # floor beam
    cv.grad_rect(x0, wall_top, x1, floor - 8, [(0, rgb("#8b5f3c")), (1, PAL["wood_light"])])
    for px in frange(x0 + 8, x1 - 8, 13):                                  # plank joints
        cv.line([(px, wall_top), (px, floor - 8)], rgba("#5c3a24", 0.45), 1.4)
    win_w = 52
    for k in range(3):                                                     # lattice windows
        wx = x0 + (x1 - x0) * (0.2 + 0.3 * k)
        cv.rect(wx - win_w / 2, wall_top + 22, wx + win_w / 2, floor - 30, rgb("#3a2a1f"))
        for j in range(6):
            lx = wx - win_w / 2 + 4 + j * (win_w - 8) / 5
            cv.line([(lx, wall_top + 22), (lx, floor - 30)], PAL["wood_light"], 3)
        cv.rect(wx - win_w / 2 - 4, floor - 34, wx + win_w / 2 + 4, floor - 28, PAL["wood_dark"])
    # roof: front slope with tile courses, thick eave, curled ridge
    over = 70
    face = [(x0 + 60, ridge_y), (x1 - 60, ridge_y), (x1 + over, eave), (x0 - over, eave)]
    cv.grad_poly(face, [(0, rgb("#5e4638")), (1, rgb("#8a6a55"))])
    for t in frange(0.12, 0.95, 0.12):
        y = ridge_y + (eave - ridge_y) * t
        xa = x0 + 60 + (-over - 60) * t
        xb = x1 - 60 + (over + 60) * t
        cv.line([(xa + 4, y), (xb - 4, y)], rgba("#4a352a", 0.6), 2)
    for k in range(1, 40):
        t = k / 40
        xt = x0 + 60 + (x1 - x0 - 120) * t
        xb = x0 - over + (x1 - x0 + 2 * over) * t
        cv.line([(xt, ridge_y + 2), (xb, eave - 2)], rgba("#3f2d23", 0.35), 2.2)
    cv.rect(x0 - over - 4, eave - 2, x1 + over + 4, eave + 9, rgb("#4a352a"))
    cv.poly([(x0 + 40, ridge_y - 10), (x1 - 40, ridge_y - 10), (x1 - 60, ridge_y + 6),
             (x0 + 60, ridge_y + 6)], rgb("#4a352a"))
    for sx, d in ((x0 + 40, -1), (x1 - 40, 1)):
        cv.poly([(sx, ridge_y - 10), (sx + d * 26, ridge_y - 30), (sx + d * 14, ridge_y - 6)],
                rgb("#4a352a"))
    # side platform and ladder
    px0, px1 = x1 + 20, x1 + 130
    cv.rect(px0, floor - 6, px1, floor + 4, PAL["wood_dark"])
    for px in (px0 + 14, px1 - 10):
        cv.rect(px - 5, floor, px + 5, ground, PAL["wood"])
    for px in frange(px0, px1, 11):
        cv.line([(px, floor - 36), (px, floor - 6)], PAL["wood_light"], 2.5)
    cv.line([(px0, floor - 36), (px1, floor - 36)], PAL["wood"], 4)
    lx0, lx1 = px1 - 10, px1 + 60
    cv.line([(lx0, floor), (lx1, ground)], PAL["wood"], 6)
    cv.line([(lx0 + 26, floor), (lx1 + 26, ground)], PAL["wood"], 6)
    for t in frange(0.15, 0.9, 0.15):
        ya = floor + (ground - floor) * t
        xa = lx0 + (lx1 - lx0) * t
        cv.line([(xa, ya), (xa + 26, ya)], PAL["wood_light"], 4)


def scene_kim_binh() -> Image.Image:
    """Forested hills with a Tày stilt house in a clearing."""
    rng = random.Random(303)
    cv = Canvas()
    sky(cv, [(0, rgb("#b4d9df")), (0.6, rgb("#e1eee4")), (0.8, PAL["haze"])], 560)
    cv.glow(360, 190, 260, PAL["sun"], 0.45)
    cloud(cv, 560, 130, 55, PAL["white"], 0.5)
    cloud(cv, 1280, 100, 70, PAL["white"], 0.55)
    shade = rgba("#1f4536", 0.12)
    tones = [  # base, amplitude, colour, crown colours, crown size, shine
        (300, 150, PAL["g_far"], [], 0, 0),
        (400, 140, PAL["g_far2"], [PAL["g_far2"], mix(PAL["g_far2"], PAL["g_mid"], 0.4)], 26, 0.06),
        (530, 140, PAL["g_mid2"], [PAL["g_mid2"], PAL["g_near"], mix(PAL["g_mid2"], PAL["g_mid"], 0.5)],
         36, 0.1),
    ]
    for base, amp, col, crowns, size, shine in tones:
        pts = ridge(rng, base, amp, 4, 1.2, scallop=max(5, size * 0.3), scallop_size=max(12, size * 0.7))
        mountain_layer(cv, pts, col, mix(col, PAL["haze"], 0.3), shade, 140)
        if crowns:
            canopy_texture(cv, rng, pts, 200 if size < 30 else 320, size, crowns, 0.9, shine)
        if size < 30:
            cv.band(base - 20, base + 90, PAL["haze"], 0, 0.3, 0)
    # clearing: a green slope on which the house stands
    near = spline([(-40, 610), (300, 640), (700, 676), (1100, 670), (1400, 640), (1640, 620)], 10)
    cv.grad_poly(close_down(near), [(0, rgb("#9cc474")), (1, rgb("#6b9a50"))], 600, H)
    # trees right behind the house
    for x, y, sc in [(700, 650, 90), (1380, 640, 110), (1300, 650, 80), (620, 660, 70)]:
        round_tree(cv, x, y, sc, PAL["g_near"], PAL["g_mid2"], PAL["g_mid"])
    stilt_house(cv, 760, 1160, 700, 590, 505, 385)
    # foreground: bamboo on the left, a banana plant on the right, grass
    bamboo(cv, rng, 170, 930, 640, 7, rgb("#6d9b4a"), PAL["g_leaf"], lean=0.15)
    bamboo(cv, rng, 40, 940, 520, 5, rgb("#5f8c42"), PAL["g_leaf_dark"], lean=-0.1)
    banana_plant(cv, 1545, 915, 1.15)
    grass_tufts(cv, rng, 45, (715, 900), [rgb("#5f9148"), rgb("#7fae5c"), rgb("#4f7f3e")],
                (250, 1380))
    return cv.final()


def layer_point(layer: Canvas, angle: float, cx: float, cy: float, pt: Point) -> Point:
    """Where a point of ``layer`` lands after paste_layer(layer, cx, cy, angle)."""
    a = math.radians(angle)
    lx, ly = pt[0] - layer.w / 2, pt[1] - layer.h / 2
    return (cx + lx * math.cos(a) + ly * math.sin(a), cy - lx * math.sin(a) + ly * math.cos(a))


def tinh_lute() -> tuple[Canvas, Point, Point]:
    """The tính lute, upright on its own layer.

    Returns (layer, head point, body centre) in layer coordinates.  The body
    is a round gourd with a thin wooden face; the long fretless neck ends in a
    curled head with two tuning pegs.
    """
    lw, lh = 440, 1010
    cv = new_layer(lw, lh)
    cx, body_y, R = lw / 2, 800, 185
    nut_y = 128
    # neck (its foot is hidden behind the gourd)
    cv.grad_poly([(cx - 19, nut_y - 4), (cx + 19, nut_y - 4), (cx + 22, body_y - 120), (cx - 22, body_y - 120)],
                 [(0, rgb("#6e3b1a")), (0.4, rgb("#a8642e")), (1, rgb("#6e3b1a"))], cx - 22, cx + 22,
                 horizontal=True)
    cv.poly([(cx - 11, nut_y), (cx + 11, nut_y), (cx + 13, body_y - 150), (cx - 13, body_y - 150)],
            rgb("#4a2a16"))
    # curled head
    head = bezier((cx, nut_y + 4), (cx + 2, 60), (cx + 45, 40), (cx + 40, 10), 24)
    cv.taper(head, 34, 20, rgb("#7a4420"))
    cv.circle(cx + 36, 14, 16, rgb("#8e5227"))
    cv.circle(cx + 36, 14, 7, rgb("#5a2f15"))
    for py, side in ((72, -1), (104, 1)):           # tuning pegs
        cv.rect(cx - 62, py - 5, cx + 62, py + 5, rgb("#5a3019"))
        kx = cx + side * 62
        cv.ellipse(kx + side * 12, py, 16, 10, rgb("#6e3b1a"))
        cv.ellipse(kx + side * 9, py - 3, 7, 4, rgb("#a8642e"))
    cv.rect(cx - 15, nut_y - 4, cx + 15, nut_y + 4, rgb("#e8d9b8"))   # nut
    # gourd body: shell, rim and thin wooden face
    cv.ball(cx, body_y, R, rgb("#c98a45"), rgb("#6e3a17"), light=(-0.35, -0.45))
    cv.circle(cx, body_y, R - 22, rgb("#5a2f15"))
    cv.radial_poly(ellipse_pts(cx, body_y, R - 28, R - 28, n=96), cx - 40, body_y - 50, R * 1.3,
                   rgb("#f3ddb0"), rgb("#d3a566"))
    for k, dy in enumerate((-90, -45, 0, 45, 90)):     # faint wood grain
        half = math.sqrt(max(0.0, (R - 40) ** 2 - dy ** 2))
        cv.line([(cx - half, body_y + dy + 6 * math.sin(k)), (cx + half, body_y + dy - 4)],
                rgb("#dcb47b"), 2)
    rose_y = body_y - 75                                 # sound-hole rosette
    cv.circle(cx, rose_y, 7, rgb("#4a2a16"))
    for k in range(8):
        a = k * math.pi / 4
        cv.circle(cx + 22 * math.cos(a), rose_y + 22 * math.sin(a), 5.5, rgb("#4a2a16"))
    cv.rect(cx - 30, body_y + 70, cx + 30, body_y + 82, rgb("#4a2a16"))   # bridge
    cv.rect(cx - 24, body_y + 66, cx + 24, body_y + 72, rgb("#7a4420"))
    cv.ellipse(cx, body_y + 150, 14, 8, rgb("#4a2a16"))                    # tail button
    for dx in (-8, 0, 8):                                                  # strings
        cv.line([(cx + dx * 0.6, body_y + 150), (cx + dx, body_y + 70), (cx + dx * 0.8, nut_y)],
                rgb("#fbf3df"), 1.6)
    return cv, (cx + 10, 60), (cx, body_y)


def bell(cv: Canvas, x: float, y: float, r: float) -> None:
    """A small round brass bell with its slit and a glint."""
    cv.circle(x + r * 0.25, y + r * 0.35, r * 1.05, rgba("#5a2a10", 0.28))     # shadow
    cv.ball(x, y, r, rgb("#ffe9a3"), rgb("#a8741f"), light=(-0.3, -0.4))
    cv.line([(x - r * 0.7, y + r * 0.25), (x + r * 0.7, y + r * 0.25)], rgb("#6b4512"), max(1.5, r * 0.18))
    cv.circle(x, y + r * 0.6, r * 0.16, rgb("#6b4512"))
    cv.circle(x - r * 0.35, y - r * 0.4, r * 0.18, rgba("#ffffff", 0.85))


def chain(cv: Canvas, pts: Sequence[Point], color: Color, link: float = 7.0) -> None:
    """A fine chain along a polyline, drawn as alternating oval links."""
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        d = math.hypot(xb - xa, yb - ya)
        n = max(1, int(d / link))
        for i in range(n):
            t0, t1 = i / n, (i + 1) / n
            ax, ay = xa + (xb - xa) * t0, ya + (yb - ya) * t0
            bx, by = xa + (xb - xa) * t1, ya + (yb - ya) * t1
            cv.line([(ax, ay), (bx, by)], color, 2.6 if i % 2 else 1.4)


def scene_then() -> Image.Image:
    """A tính lute and a bunch of small bells laid on a warm background."""
    rng = random.Random(404)
    cv = Canvas()
    cv.radial_poly([(0, 0), (W, 0), (W, H), (0, H)], 760, 380, 1100, rgb("#f6d894"), rgb("#cf7a3e"))
    # faint lattice, like a woven mat
    for k in range(-20, 40):
        x = k * 60
        cv.line([(x, 0), (x + 520, H)], rgba("#ffffff", 0.06), 2)
        cv.line([(x + 520, 0), (x, H)], rgba("#8a3f16", 0.05), 2)
    # a strip of brocade across the bottom
    y0 = 700
    cv.rect(0, y0, W, H, rgb("#2f3d5c"))
    cv.rect(0, y0 + 10, W, y0 + 16, rgb("#e8b14a"))
    cv.rect(0, H - 16, W, H - 10, rgb("#e8b14a"))
    for k in range(0, 36):
        x = k * 48 + 24
        yc = (y0 + H) / 2
        cv.poly([(x, yc - 44), (x + 24, yc), (x, yc + 44), (x - 24, yc)], rgb("#b8413a"))
        cv.poly([(x, yc - 24), (x + 12, yc), (x, yc + 24), (x - 12, yc)], rgb("#f0c75e"))
        cv.circle(x, yc, 4, rgb("#2f3d5c"))
        cv.poly([(x + 24, yc - 70), (x + 32, yc - 60), (x + 24, yc - 50), (x + 16, yc - 60)], rgb("#e7e0cf"))
        cv.poly([(x + 24, yc + 50), (x + 32, yc + 60), (x + 24, yc + 70), (x + 16, yc + 60)], rgb("#e7e0cf"))

    # the lute, diagonal: gourd lower left, head upper right
    lute, head, body = tinh_lute()
    angle = -42
    cx, cy = 700, 420
    cv.paste_layer(lute, cx, cy, angle, shadow=(14, 20, 12, 0.35))
    hx, hy = layer_point(lute, angle, cx, cy, head)
    # tassel tied below the head
    knot = (hx - 6, hy + 24)
    for k in range(16):
        col = [rgb("#d2403a"), rgb("#f2c04a"), rgb("#3f8a52"), rgb("#e46b8a")][k % 4]
        a = math.radians(40 + k * 5.5)
        ln = rng.uniform(110, 150)
        end = (knot[0] + math.cos(a) * ln, knot[1] + math.sin(a) * ln)
        cv.line(bezier(knot, (knot[0] + 8, knot[1] + 40), (end[0] - 20, end[1] - 30), end, 12), col, 3)
    cv.circle(*knot, 11, rgb("#c0392f"))
    cv.circle(knot[0] - 3, knot[1] - 3, 4, rgba("#ffffff", 0.5))

    # the bunch of bells (xà tích): a brass ring, fanned chains, bells in clusters
    ring = (1250, 270)
    ends = []
    for k in range(8):
        a = math.radians(56 + k * 10)
        ln = rng.uniform(260, 370)
        ends.append((ring[0] + math.cos(a) * ln, ring[1] + math.sin(a) * ln, a))
    for ex, ey, a in ends:
        mid = (ring[0] + math.cos(a) * 60 + 10, ring[1] + math.sin(a) * 60)
        chain(cv, [ring, mid, (ex, ey)], rgb("#b88a2e"))
    for k in range(5):                                   # coloured ribbons
        a = math.radians(62 + k * 15)
        col = [rgb("#d2403a"), rgb("#3f8a52"), rgb("#f2c04a"), rgb("#d2403a"), rgb("#e46b8a")][k]
        end = (ring[0] + math.cos(a) * 210, ring[1] + math.sin(a) * 210)
        cv.taper(bezier(ring, (ring[0] + 30, ring[1] + 60), (end[0] + 20, end[1] - 60), end, 16),
                 10, 14, col)
    cv.ellipse(ring[0] + 6, ring[1] + 8, 40, 40, None, rgba("#5a2a10", 0.25), 10)
    cv.ellipse(ring[0], ring[1], 40, 40, None, rgb("#a8741f"), 10)
    cv.ellipse(ring[0], ring[1], 40, 40, None, rgb("#e9c46a"), 4)
    for ex, ey, a in ends:                               # bells along and at the chain ends
        for t, r in ((0.7, 19), (1.0, 25)):
            bx = ring[0] + (ex - ring[0]) * t
            by = ring[1] + (ey - ring[1]) * t
            bell(cv, bx, by, r)
        bell(cv, ex + 26 * math.cos(a + 1.3), ey + 26 * math.sin(a + 1.3), 20)
    return cv.final()


def towers_ridge(rng: random.Random, towers: Sequence[tuple[float, float, float, float]],
                 base: float, amp: float, jag: float = 0.06, x0: float = -40, x1: float = W + 40,
                 step: float = 4) -> list[Point]:
    """Ridge line of limestone towers given as (centre x, half width, height, sharpness)."""
    ph = [rng.uniform(0, 6.3) for _ in range(3)]
    pts = []
    for x in frange(x0, x1, step):
        acc = 0.0
        for cx, w, h, sharp in towers:
            u = (x - cx) / w
            if abs(u) < 1:
                acc = max(acc, h * ((1 + math.cos(math.pi * u)) / 2) ** (sharp * 0.6))
        # jagged crests, fading out where there is no tower
        acc += min(1.0, acc / (0.2 * amp)) * amp * jag * (
            abs(math.sin(x * 0.045 + ph[0])) + 0.6 * abs(math.sin(x * 0.11 + ph[1]))
            + 0.3 * math.sin(x * 0.23 + ph[2]))
        pts.append((x, base - acc))
    return pts


def karst_ridge(rng: random.Random, base: float, amp: float, peaks: int, width: float = 0.7,
                jag: float = 0.06, x0: float = -40, x1: float = W + 40, step: float = 4) -> list[Point]:
    """A ridge of steep, separate limestone towers at random positions."""
    span = x1 - x0
    towers = []
    for i in range(peaks):
        cx = x0 + span * (i + 0.5) / peaks + rng.uniform(-0.35, 0.35) * span / peaks
        towers.append((cx, span / peaks * width * rng.uniform(0.7, 1.3), amp * rng.uniform(0.45, 1.0),
                       rng.uniform(1.6, 2.6)))
    return towers_ridge(rng, towers, base, amp, jag, x0, x1, step)


def slope_streaks(cv: Canvas, rng: random.Random, pts: Sequence[Point], depth: float,
                  color: Color, count: int, width: float = 3.0) -> None:
    """Gullies running down the flanks of a layer: curved translucent strokes
    that start just under the crest and lean away from the nearest summit."""
    ys = [p[1] for p in pts]
    for _ in range(count):
        i = rng.randrange(1, len(pts) - 1)
        x, y = pts[i]
        a, b = max(0, i - 6), min(len(pts) - 1, i + 6)
        slope = (ys[b] - ys[a]) / (pts[b][0] - pts[a][0])
        if abs(slope) < 0.6:
            continue
        ln = rng.uniform(0.3, 1.0) * depth
        y += rng.uniform(6, 18)
        lean = 0.45 / slope            # half as steep outwards as the flank itself
        path = bezier((x, y), (x + lean * ln * 0.3, y + ln * 0.35), (x + lean * ln * 0.7, y + ln * 0.7),
                      (x + lean * ln, y + ln), 10)
        if all(py > y_on(pts, px) + width * 2 for px, py in path[1:]):   # stay inside the rock
            cv.taper(path, width, width * 0.3, color)


def rock_texture(cv: Canvas, rng: random.Random, pts: Sequence[Point], depth: float,
                 crack: Color, bush: Color, n_cracks: int, n_bushes: int,
                 bush_size: float = 6) -> None:
    """Vertical fissures and tufts of scrub on a limestone layer."""
    for _ in range(n_cracks):
        x = rng.uniform(pts[0][0], pts[-1][0])
        top = y_on(pts, x) + rng.uniform(8, depth * 0.6)
        ln = rng.uniform(20, 70)
        cv.line([(x, top), (x + rng.uniform(-4, 4), top + ln * 0.5), (x + rng.uniform(-6, 6), top + ln)],
                crack, rng.uniform(1.5, 3))
    for _ in range(n_bushes):
        x = rng.uniform(pts[0][0], pts[-1][0])
        y = y_on(pts, x) + rng.uniform(6, depth)
        s = bush_size * rng.uniform(0.6, 1.4)
        cv.ellipse(x, y, s * 1.4, s, bush)


def hmong_house(cv: Canvas, x: float, y: float, s: float) -> None:
    """A small rammed-earth house with a dark tiled roof. (x, y) = ground centre."""
    cv.rect(x - 26 * s, y - 20 * s, x + 26 * s, y, rgb("#c9a27a"))
    cv.rect(x - 5 * s, y - 14 * s, x + 5 * s, y, rgb("#5c3a24"))
    cv.poly([(x - 32 * s, y - 18 * s), (x - 20 * s, y - 34 * s), (x + 20 * s, y - 34 * s),
             (x + 32 * s, y - 18 * s)], rgb("#4f4a48"))
    cv.line([(x - 20 * s, y - 34 * s), (x + 20 * s, y - 34 * s)], rgb("#3a3534"), 2 * s)


def road(cv: Canvas, path: Sequence[Point], w0: float, w1: float, surface: Color,
         verge: Color, dash: Color | None = None) -> None:
    """A road along a path, w0 wide at its start and w1 at its end,
    with a darker verge and optional centre dashes."""
    n = len(path)
    widths = [w0 + (w1 - w0) * i / (n - 1) for i in range(n)]
    for color, extra in ((verge, 1.35), (surface, 1.0)):
        for i in range(n - 1):
            w = widths[i] * extra
            cv.line([path[i], path[i + 1]], color, w, round_caps=False)
            cv.circle(*path[i + 1], w / 2, color)
        cv.circle(*path[0], widths[0] * extra / 2, color)
    if dash:
        for i in range(0, n - 1, 4):
            j = min(n - 1, i + 2)
            cv.line([path[i], path[j]], dash, max(1.0, widths[i] * 0.06))


def scene_dong_van() -> Image.Image:
    """Grey karst peaks and a serpentine road climbing a mountainside."""
    rng = random.Random(505)
    cv = Canvas()
    sky(cv, [(0, rgb("#aecfdc")), (0.55, rgb("#dde9e6")), (0.8, rgb("#f1ece0"))], 520)
    cloud(cv, 300, 120, 70, PAL["white"], 0.55)
    cloud(cv, 1250, 90, 55, PAL["white"], 0.5)
    layers = [  # base, amp, towers, top colour, foot colour, shade alpha, texture
        (330, 200, 9, rgb("#bcc6c9"), rgb("#d9dfdc"), 0.10, 0),
        (420, 210, 8, rgb("#a2adb0"), rgb("#c2c9c4"), 0.13, 1),
        (500, 190, 6, rgb("#8b9698"), rgb("#a8b2a8"), 0.16, 2),
    ]
    for base, amp, n, top, foot, sh, tex in layers:
        pts = karst_ridge(rng, base, amp, n)
        mountain_layer(cv, pts, top, foot, rgba("#2e3a40", sh), 160)
        if tex:
            rock_texture(cv, rng, pts, 160, rgba("#4d585e", 0.25), rgba("#6a8462", 0.45),
                         40 * tex, 22 * tex, 2 + 1.5 * tex)
        cv.band(base - 30, base + 60, rgb("#eef0e8"), 0, 0.4, 0)

    # the green-grey mountainside that the road climbs
    slope = spline([(-40, 560), (250, 470), (560, 400), (740, 385), (980, 430), (1300, 500), (1640, 540)], 12)
    cv.grad_poly(close_down(slope), [(0, rgb("#9aa98f")), (0.4, rgb("#869a7a")), (1, rgb("#6c825f"))], 385, H)
    # terraced maize fields following the contours of the slope
    for k in range(1, 12):
        off = 14 * k + 2.2 * k * k
        band = [(x, y + off) for x, y in slope]
        nxt = [(x, y + off + 8 + 1.2 * k) for x, y in slope]
        cv.poly(band + nxt[::-1], rgba("#c9d3a8", 0.35) if k % 2 else rgba("#56704a", 0.22))
    # limestone outcrops and clumps of scrub on the slope
    for _ in range(55):
        x = rng.uniform(-20, W + 20)
        y = y_on(slope, x) + rng.uniform(10, H - y_on(slope, x))
        s = rng.uniform(8, 20) * (0.6 + (y - 380) / 520)
        rock = [(x - s, y), (x - s * 0.6, y - s * 0.9), (x + s * 0.1, y - s * 1.1), (x + s * 0.8, y - s * 0.5),
                (x + s, y)]
        cv.poly(rock, rgb("#a9b0ad"))
        cv.poly(rock[:3] + [(x, y)], rgb("#c3c9c4"))
        cv.ellipse(x + s * 0.9, y - s * 0.15, s * 0.5, s * 0.3, rgb("#62804f"))
    for _ in range(60):
        x = rng.uniform(-20, W + 20)
        y = y_on(slope, x) + rng.uniform(5, H - y_on(slope, x))
        s = rng.uniform(3, 7) * (0.6 + (y - 380) / 400)
        c = rng.choice([rgb("#5e7a4f"), rgb("#6f8c58")])
        for dx, dy, k in ((-s, 0, 0.8), (s, 0, 0.8), (0, -s * 0.6, 1.0)):
            cv.circle(x + dx, y + dy, s * k, c)
    for hx, hy, sc in [(1230, 560, 1.0), (1300, 575, 0.8), (300, 560, 0.9)]:
        hmong_house(cv, hx, hy, sc)

    # the serpentine road, narrowing as it climbs to the saddle
    turns = [(820, 940), (1180, 835), (1210, 790), (420, 705), (390, 668), (1000, 600),
             (1010, 572), (560, 520), (555, 500), (860, 458), (850, 440), (690, 405), (730, 388)]
    path = spline(turns, 16)
    road(cv, path, 46, 6, rgb("#e4dccb"), rgb("#8c8775"), rgba("#ffffff", 0.9))

    # foreground rocks framing the view
    for x, y, s in [(60, 900, 130), (200, 930, 80), (1520, 910, 150), (1390, 940, 70)]:
        rock = [(x - s, y), (x - s * 0.75, y - s * 0.8), (x - s * 0.2, y - s * 1.15), (x + s * 0.3, y - s),
                (x + s * 0.85, y - s * 0.55), (x + s, y)]
        cv.poly(rock, rgb("#7f898a"))
        cv.poly([rock[0], rock[1], rock[2], (x - s * 0.05, y - s * 0.3), (x - s * 0.1, y)], rgb("#a3acab"))
        cv.ellipse(x + s * 0.4, y - s * 0.7, s * 0.35, s * 0.18, rgb("#5e7a4f"))
    return cv.final()


def boat_with_rower(cv: Canvas, x: float, y: float, s: float) -> None:
    """A slim wooden boat with a seated rower in a conical hat. (x, y) = waterline centre."""
    hull = (bezier((x - 150 * s, y - 16 * s), (x - 90 * s, y + 2 * s), (x + 90 * s, y + 2 * s),
                   (x + 150 * s, y - 18 * s), 20)
            + bezier((x + 150 * s, y - 18 * s), (x + 80 * s, y + 20 * s), (x - 80 * s, y + 20 * s),
                     (x - 150 * s, y - 16 * s), 20))
    # rower: body, head, conical hat, paddle
    px, py = x + 40 * s, y - 4 * s
    cv.line([(px - 40 * s, py - 56 * s), (px + 55 * s, y + 40 * s)], PAL["wood_dark"], 4 * s)
    cv.ellipse(px + 60 * s, y + 42 * s, 10 * s, 4 * s, PAL["wood_dark"])
    cv.poly([(px - 22 * s, py), (px + 22 * s, py), (px + 14 * s, py - 50 * s), (px - 14 * s, py - 50 * s)],
            rgb("#34496b"))
    cv.line([(px + 10 * s, py - 42 * s), (px - 30 * s, py - 50 * s)], rgb("#34496b"), 9 * s)
    cv.circle(px, py - 62 * s, 11 * s, rgb("#c98f66"))
    cv.poly([(px - 34 * s, py - 62 * s), (px, py - 92 * s), (px + 34 * s, py - 62 * s)], rgb("#ecd9a6"))
    cv.poly([(px - 34 * s, py - 62 * s), (px, py - 92 * s), (px, py - 62 * s)], rgb("#f6e8c0"))
    # a basket at the bow
    cv.ellipse(x - 80 * s, y - 20 * s, 20 * s, 14 * s, PAL["straw"])
    cv.ellipse(x - 80 * s, y - 30 * s, 16 * s, 5 * s, PAL["straw_dark"])
    cv.poly(hull, rgb("#5b3a26"))
    cv.line(bezier((x - 150 * s, y - 16 * s), (x - 90 * s, y + 2 * s), (x + 90 * s, y + 2 * s),
                   (x + 150 * s, y - 18 * s), 20), rgb("#8a5f3e"), 4 * s)


def scene_na_hang() -> Image.Image:
    """A calm lake among steep forested limestone peaks, with a small boat."""
    rng = random.Random(606)
    cv = Canvas()
    water_y = 560
    sky(cv, [(0, rgb("#a7d2dc")), (0.6, rgb("#dcece6")), (1, rgb("#f3eedc"))], water_y)
    cv.glow(980, 200, 240, PAL["sun"], 0.5)
    cloud(cv, 420, 120, 60, PAL["white"], 0.5)
    cloud(cv, 1260, 160, 45, PAL["white"], 0.45)
    far = towers_ridge(rng, [(560, 150, 230, 2.2), (720, 120, 290, 2.4), (860, 130, 200, 2.0),
                             (1000, 140, 260, 2.3), (1150, 120, 180, 2.0), (420, 120, 170, 2.0)],
                       water_y + 10, 220, 0.03)
    mountain_layer(cv, far, rgb("#a8c2bf"), rgb("#d2e0d8"), rgba("#2e4a48", 0.10), 160)
    cv.band(water_y - 110, water_y + 10, rgb("#eef3ea"), 0, 0.55, 0.7)
    mid = towers_ridge(rng, [(330, 170, 330, 2.4), (520, 110, 200, 2.0), (1180, 130, 260, 2.4),
                             (1330, 150, 350, 2.6), (980, 90, 140, 2.0)], water_y + 10, 300, 0.04)
    mountain_layer(cv, mid, rgb("#7fa58f"), rgb("#b7ccbf"), rgba("#1f4536", 0.14), 200)
    slope_streaks(cv, rng, mid, 200, rgba("#4f7a62", 0.25), 50, 3)
    cv.band(water_y - 80, water_y + 10, rgb("#eef3ea"), 0, 0.45, 0.6)
    near = towers_ridge(rng, [(40, 150, 480, 2.6), (190, 110, 330, 2.2), (1480, 130, 470, 2.8),
                              (1620, 140, 390, 2.4), (1330, 70, 160, 2.0)], water_y + 10, 480, 0.03)
    mountain_layer(cv, near, rgb("#4f8264"), rgb("#6f9a7c"), rgba("#16352a", 0.18), 240)
    slope_streaks(cv, rng, near, 260, rgba("#2f5a43", 0.28), 70, 4)
    for x in frange(-20, W + 20, 14):                          # trees along the shore
        top = y_on(near, x)
        if top < water_y - 30:
            for k in range(2):
                s = rng.uniform(16, 26)
                cv.ellipse(x + rng.uniform(-5, 5), water_y - 6 - k * 16 - rng.uniform(0, 10), s * 0.7, s * 0.55,
                           rng.choice([rgb("#3f7357"), rgb("#4a7f60"), rgb("#568b6a")]))
    cv.band(water_y - 40, water_y + 4, rgb("#eef3ea"), 0, 0.35, 0.5)

    # mirror everything above the waterline into the lake, tinted by the water
    top_px = (water_y - (H - water_y)) * SS
    above = cv.img.crop((0, top_px, cv.img.width, water_y * SS)).transpose(Image.FLIP_TOP_BOTTOM)
    tint = Image.new("RGB", above.size, rgb("#6aa3a8"))
    refl = Image.blend(above, tint, 0.42)
    cv.img.paste(refl, (0, water_y * SS))
    cv.band(water_y, H, rgb("#3f7f88"), 0.0, 0.15, 0.45)
    cv.rect(0, water_y, W, water_y + 2, rgba("#ffffff", 0.5))
    for _ in range(70):                                      # ripples
        y = rng.uniform(water_y + 8, H)
        x = rng.uniform(0, W)
        ln = rng.uniform(20, 90) * (0.5 + (y - water_y) / 300)
        cv.line([(x, y), (x + ln, y)], rgba("#ffffff", rng.uniform(0.15, 0.4)), 1 + (y - water_y) / 200)

    # the boat, its ripples and a dark reflection
    bx, by = 820, 720
    for k in range(4):
        cv.arc(bx, by + 6, 190 + k * 55, 14 + k * 6, 10, 170, rgba("#ffffff", 0.35 - k * 0.07), 2)
        cv.arc(bx, by + 6, 190 + k * 55, 14 + k * 6, 190, 350, rgba("#ffffff", 0.2 - k * 0.04), 2)
    cv.poly(bezier((bx - 150, by + 4), (bx - 60, by + 30), (bx + 60, by + 30), (bx + 150, by + 4), 16),
            rgba("#2c3d3a", 0.35))
    boat_with_rower(cv, bx, by, 1.0)
    return cv.final()


def factory_hall(cv: Canvas, x: float, base: float, w: float, h: float, depth: Point = (80, -40),
                 roof: str = "saw", accent: Color = rgb("#2f8f89"), doors: int = 3) -> None:
    """A low factory hall in oblique projection: lit front, shaded side and a
    roof that is either saw-toothed with skylights or covered in solar panels."""
    dx, dy = depth
    x1, top = x + w, base - h
    # side wall and roof plane
    cv.poly([(x1, base), (x1, top), (x1 + dx, top + dy), (x1 + dx, base + dy)], rgb("#c3ccd1"))
    cv.poly([(x, top), (x1, top), (x1 + dx, top + dy), (x + dx, top + dy)], rgb("#dfe4e7"))
    if roof == "saw":   # north-light roof: rows of glazed steps parallel to the front
        for t in (0.12, 0.4, 0.68):
            ya, xa = top + dy * t, x + dx * t
            yb, xb = top + dy * (t + 0.26), x + dx * (t + 0.26)
            cv.poly([(xa, ya), (xa + w, ya), (xa + w, ya - 16), (xa, ya - 16)], rgb("#8fb3c9"))
            cv.poly([(xa, ya - 16), (xa + w, ya - 16), (xb + w, yb), (xb, yb)], rgb("#eef1f3"))
            cv.poly([(xa + w, ya), (xa + w, ya - 16), (xb + w, yb)], rgb("#c3ccd1"))
            for px in frange(xa + 8, xa + w - 8, 22):
                cv.line([(px, ya - 15), (px, ya - 1)], rgb("#c7dbe7"), 1.4)
    else:   # rows of solar panels
        rows, cols = 3, max(4, int(w / 46))
        for r in range(rows):
            for c in range(cols):
                t0, t1 = 0.1 + r * 0.28, 0.1 + r * 0.28 + 0.22
                a = x + 10 + c * (w - 20) / cols
                b = a + (w - 20) / cols - 5
                cv.poly([(a + dx * t0, top + dy * t0), (b + dx * t0, top + dy * t0),
                         (b + dx * t1, top + dy * t1), (a + dx * t1, top + dy * t1)], rgb("#35608a"))
                cv.line([(a + dx * t0 + 3, top + dy * t0 - 1), (b + dx * t0 - 3, top + dy * t0 - 1)],
                        rgb("#7fa7c9"), 1.4)
    # front wall
    cv.grad_rect(x, top, x1, base, [(0, rgb("#f5f7f8")), (1, rgb("#e3e8ea"))])
    cv.rect(x, top, x1, top + 6, rgb("#c9d1d5"))
    cv.rect(x + 14, top + 18, x1 - 14, top + 18 + h * 0.2, rgb("#7fa7bf"))          # ribbon window
    for px in frange(x + 14, x1 - 14, 36):
        cv.line([(px, top + 18), (px, top + 18 + h * 0.2)], rgb("#e9eef0"), 2)
    cv.rect(x, base - 10, x1, base, accent)                                         # accent plinth
    cv.rect(x1 - 26, top, x1 - 14, base, accent)
    dw = min(70, w / (doors * 2.2))
    for k in range(doors):                                                          # roller doors
        cx = x + w * (k + 0.7) / (doors + 0.6)
        dt = base - h * 0.5
        cv.rect(cx - dw / 2, dt, cx + dw / 2, base - 10, rgb("#aab4ba"))
        for yy in frange(dt + 5, base - 14, 6):
            cv.line([(cx - dw / 2, yy), (cx + dw / 2, yy)], rgb("#949fa6"), 1.2)


def office_block(cv: Canvas, x: float, base: float, w: float, h: float, floors: int = 3,
                 depth: Point = (50, -25)) -> None:
    """A small office building with a glass curtain wall."""
    dx, dy = depth
    x1, top = x + w, base - h
    cv.poly([(x1, base), (x1, top), (x1 + dx, top + dy), (x1 + dx, base + dy)], rgb("#bfc9ce"))
    cv.poly([(x, top), (x1, top), (x1 + dx, top + dy), (x + dx, top + dy)], rgb("#e4e9eb"))
    cv.rect(x, top, x1, base, rgb("#eef1f3"))
    cv.grad_poly([(x + 12, top + 12), (x1 - 12, top + 12), (x1 - 12, base - 30), (x + 12, base - 30)],
                 [(0, rgb("#9cc3d8")), (0.5, rgb("#6f9fc0")), (1, rgb("#4f7fa3"))])
    cv.poly([(x + 12, top + 12), (x + w * 0.45, top + 12), (x + 12, top + 12 + h * 0.5)],
            rgba("#ffffff", 0.25))
    for k in range(1, floors):
        y = top + 12 + k * (h - 42) / floors
        cv.rect(x + 12, y - 2, x1 - 12, y + 2, rgb("#e9eef0"))
    for px in frange(x + 12, x1 - 12, 40):
        cv.line([(px, top + 12), (px, base - 30)], rgb("#dfe6ea"), 1.6)
    cv.rect(x + w * 0.35, base - 30, x + w * 0.65, base, rgb("#5d7f95"))     # entrance
    cv.rect(x + w * 0.3, base - 36, x + w * 0.7, base - 30, rgb("#2f8f89"))


def truck(cv: Canvas, x: float, y: float, s: float) -> None:
    """A box truck driving left. (x, y) = road contact at the rear."""
    cv.rect(x - 150 * s, y - 78 * s, x, y - 16 * s, rgb("#f2f4f5"), 3 * s)
    cv.rect(x - 150 * s, y - 26 * s, x, y - 16 * s, rgb("#2f8f89"))
    cv.poly([(x - 152 * s, y - 16 * s), (x - 152 * s, y - 58 * s), (x - 186 * s, y - 58 * s),
             (x - 200 * s, y - 36 * s), (x - 200 * s, y - 16 * s)], rgb("#d9843f"))
    cv.poly([(x - 158 * s, y - 40 * s), (x - 158 * s, y - 54 * s), (x - 184 * s, y - 54 * s),
             (x - 193 * s, y - 40 * s)], rgb("#a9cde0"))
    for wx in (x - 176 * s, x - 118 * s, x - 30 * s):
        cv.circle(wx, y - 10 * s, 12 * s, rgb("#2f3336"))
        cv.circle(wx, y - 10 * s, 5 * s, rgb("#b9c0c4"))


def scene_industrial() -> Image.Image:
    """Low modern factory halls among trees, with a road in front."""
    rng = random.Random(707)
    cv = Canvas()
    sky(cv, [(0, rgb("#9fcbe0")), (0.7, rgb("#dcecef")), (1, rgb("#f0f1e6"))], 560)
    cloud(cv, 260, 140, 70, PAL["white"], 0.7)
    cloud(cv, 900, 90, 50, PAL["white"], 0.6)
    cloud(cv, 1380, 170, 60, PAL["white"], 0.65)
    shade = rgba("#1f4536", 0.10)
    pts = ridge(rng, 440, 140, 4, 1.0)
    mountain_layer(cv, pts, PAL["g_far"], mix(PAL["g_far"], PAL["haze"], 0.4), shade, 120)
    pts = ridge(rng, 520, 100, 5, 0.9, scallop=5, scallop_size=14)
    mountain_layer(cv, pts, PAL["g_mid"], mix(PAL["g_mid"], PAL["haze"], 0.2), shade, 120)
    cv.band(470, 560, PAL["haze"], 0, 0.35, 0.2)
    cv.grad_rect(0, 540, W, H, [(0, rgb("#a8cd84")), (1, rgb("#7fae62"))])
    # tree line behind the halls
    for x in frange(-20, W + 20, 34):
        s = rng.uniform(40, 62)
        cv.ellipse(x, 548 - s * 0.35, s * 0.6, s * 0.55, rng.choice([PAL["g_near"], PAL["g_mid2"], rgb("#4f8a60")]))
    # internal access road between the halls
    cv.poly([(0, 600), (W, 585), (W, 603), (0, 620)], rgb("#c9cbc6"))
    factory_hall(cv, 150, 585, 560, 105, roof="saw", doors=4)
    factory_hall(cv, 880, 570, 520, 95, roof="solar", doors=3, accent=rgb("#3f7fb0"))
    factory_hall(cv, 560, 680, 620, 120, roof="solar", doors=4)
    office_block(cv, 150, 690, 300, 175)
    # trees in front of the halls
    for x in (40, 470, 520, 800, 1010, 1240, 1330, 1540):
        round_tree(cv, x + rng.uniform(-10, 10), 712, rng.uniform(70, 95),
                   PAL["g_near"], PAL["g_mid2"], PAL["g_mid"])
    # main road with kerbs, lane markings and street lights
    cv.rect(0, 712, W, 724, rgb("#d8d6cf"))
    cv.grad_rect(0, 724, W, 830, [(0, rgb("#6f7679")), (1, rgb("#5d6467"))])
    cv.rect(0, 830, W, 840, rgb("#d8d6cf"))
    for x in frange(-40, W, 110):
        cv.rect(x, 774, x + 60, 780, rgb("#f4f1e6"))
    for x in frange(90, W, 260):
        cv.rect(x - 3, 600, x + 3, 724, rgb("#8e979c"))
        cv.line([(x, 602), (x + 34, 596)], rgb("#8e979c"), 5)
        cv.rect(x + 24, 592, x + 48, 600, rgb("#f5f1d8"), 3)
    truck(cv, 1180, 768, 1.0)
    # lawn and shrubs in the foreground
    cv.grad_rect(0, 840, W, H, [(0, rgb("#8dbb68")), (1, rgb("#76a556"))])
    x = 10.0
    while x < W:
        s = rng.uniform(28, 46)
        cv.ellipse(x, 880, s, s * 0.6, PAL["g_near"])
        cv.ellipse(x - s * 0.25, 870, s * 0.5, s * 0.3, PAL["g_leaf_light"])
        x += s * rng.uniform(1.6, 3.5)
    return cv.final()


def draw_leaf(cv: Canvas, base: Point, length: float, width: float, angle: float,
              dark: Color, light: Color, bend: float = 0.12, serrate: float = 0.0,
              teeth: int = 14, tip: float = 1.0, veins: int = 5, stalk: float = 0.0) -> None:
    """A two-tone leaf: shaded and lit halves, a pale midrib and side veins."""
    if stalk:
        a = math.radians(angle)
        end = (base[0] + math.cos(a) * stalk, base[1] + math.sin(a) * stalk)
        cv.line([base, end], mix(dark, PAL["bark"], 0.4), max(2.0, width * 0.06))
        base = end
    outline, mid = leaf_shape(base, length, width, angle, bend, serrate, teeth, tip)
    n = len(mid)
    cv.poly(outline, dark)
    cv.poly(outline[:n] + mid[::-1], light)                 # the lit half
    vein = mix(light, (255, 255, 220), 0.35)
    cv.taper(mid, max(1.5, width * 0.05), 0.8, vein, caps=False)
    for k in range(1, veins + 1):
        i = int(n * (0.12 + 0.72 * k / (veins + 1)))
        (mx, my), (nx, ny) = mid[i], mid[min(n - 1, i + 4)]
        d = math.hypot(nx - mx, ny - my) or 1
        ux, uy = (nx - mx) / d, (ny - my) / d
        half = math.hypot(outline[i][0] - mx, outline[i][1] - my)   # local half width
        for side, col in ((1, mix(dark, light, 0.5)), (-1, mix(light, vein, 0.5))):
            px, py = -uy * side, ux * side
            ln = half * 0.75
            cv.line([(mx, my), (mx + (px * 0.9 + ux * 0.6) * ln, my + (py * 0.9 + uy * 0.6) * ln)],
                    col, max(1.0, width * 0.025))


def citrus_fruit(cv: Canvas, rng: random.Random, x: float, y: float, r: float, stops,
                 shape: Sequence[Point] | None = None, pores: int = 160) -> None:
    """A shaded citrus fruit with a soft shadow, pitted peel and a glint."""
    cv.ball(x, y, r, stops[0][1], stops=stops, light=(-0.32, -0.38), shape=shape)
    for _ in range(pores):                                # oil glands in the peel
        a = rng.uniform(0, 2 * math.pi)
        d = r * math.sqrt(rng.uniform(0, 0.9))
        cv.circle(x + math.cos(a) * d, y + math.sin(a) * d * (1.05 if shape else 1), r * 0.012 + 0.6,
                  rgba("#3d4a12", 0.18))
    cv.ellipse(x - r * 0.38, y - r * 0.42, r * 0.2, r * 0.12, rgba("#ffffff", 0.35))
    cv.ellipse(x - r * 0.42, y - r * 0.45, r * 0.08, r * 0.05, rgba("#ffffff", 0.6))


def orchard_backdrop(cv: Canvas, rng: random.Random, top: Color, bottom: Color,
                     blobs: Sequence[Color], bokeh: Color) -> None:
    """A blurred orchard behind a close-up: foliage masses and light spots."""
    cv.grad_rect(0, 0, W, H, [(0, top), (1, bottom)])
    for _ in range(26):
        cv.ellipse(rng.uniform(-100, W + 100), rng.uniform(-50, H + 50), rng.uniform(90, 220),
                   rng.uniform(70, 160), rng.choice(blobs))
    for _ in range(30):
        r = rng.uniform(14, 46)
        cv.circle(rng.uniform(0, W), rng.uniform(0, H * 0.8), r, bokeh)
    cv.blur(26)


def scene_orange() -> Image.Image:
    """Ripe green-yellow Hàm Yên oranges among leaves on a branch."""
    rng = random.Random(808)
    cv = Canvas()
    orchard_backdrop(cv, rng, rgb("#d9e6b0"), rgb("#6f9b55"),
                     [rgb("#5d8a4a"), rgb("#87ad62"), rgb("#3f6e3d"), rgb("#a9c77d")],
                     rgba("#fff8d8", 0.45))
    # the branch and its twigs
    branch = bezier((-30, 150), (400, 90), (900, 230), (1650, 170), 50)
    cv.taper(branch, 34, 18, rgb("#6b5a45"))
    cv.taper([(x, y - 6) for x, y in branch], 10, 5, rgb("#8a7760"), caps=False)
    fruits = [  # x, y, radius, colour stops (centre -> rim)
        (560, 470, 150, [(0, rgb("#f6e27a")), (0.45, rgb("#d8c843")), (0.8, rgb("#9bab33")), (1, rgb("#62782a"))]),
        (880, 560, 170, [(0, rgb("#fde08a")), (0.4, rgb("#efbf48")), (0.75, rgb("#bdb23a")), (1, rgb("#6f7f2a"))]),
        (1150, 430, 138, [(0, rgb("#e9e67e")), (0.45, rgb("#bfcc46")), (0.8, rgb("#87a233")), (1, rgb("#56722a"))]),
        (700, 790, 120, [(0, rgb("#f3df78")), (0.45, rgb("#d2c443")), (0.8, rgb("#98a934")), (1, rgb("#5f7629"))]),
    ]
    # leaves behind the fruit
    back = [((300, 125), 230, 88, 150), ((420, 110), 210, 80, -150), ((760, 170), 220, 84, -40),
            ((1000, 205), 240, 90, 20), ((1320, 185), 230, 86, -25), ((1380, 190), 210, 80, 60),
            ((150, 140), 200, 76, 120), ((1500, 175), 200, 80, 150), ((980, 300), 200, 78, 110)]
    for (bx, by), ln, wd, ang in back:
        draw_leaf(cv, (bx, by), ln, wd, ang, PAL["g_leaf_dark"], rgb("#3f8040"), stalk=14)
    for fx, fy, r, stops in fruits:                     # stalks from the branch
        by = y_on(branch, fx)
        cv.line(bezier((fx - 20, by), (fx - 10, by + 40), (fx + 5, fy - r - 30), (fx, fy - r + 6), 12),
                rgb("#6b7d3a"), 7)
    for fx, fy, r, stops in fruits:
        cv.circle(fx + r * 0.1, fy + r * 0.12, r, rgba("#1f3a20", 0.16))    # soft shadow
    for fx, fy, r, stops in sorted(fruits, key=lambda f: f[1]):
        citrus_fruit(cv, rng, fx, fy, r, stops)
        # calyx: a small green star where the stalk joins
        pts = []
        for k in range(10):
            a = -math.pi / 2 + k * math.pi / 5
            rr = r * (0.11 if k % 2 == 0 else 0.05)
            pts.append((fx + math.cos(a) * rr * 1.3, fy - r + 8 + math.sin(a) * rr * 0.6))
        cv.poly(pts, rgb("#4c6b27"))
        cv.circle(fx, fy - r + 6, r * 0.035 + 2, rgb("#3b5220"))
    # leaves in front
    front = [((620, 200), 250, 92, 60), ((1040, 240), 240, 88, 140), ((1240, 200), 220, 84, 95),
             ((260, 135), 220, 84, 70), ((1460, 180), 200, 78, -5)]
    for (bx, by), ln, wd, ang in front:
        draw_leaf(cv, (bx, by), ln, wd, ang, rgb("#2f6b35"), rgb("#4f9447"), stalk=16)
    return cv.final()


def tea_dome(cv: Canvas, cx: float, top: float, a: float, h: float, body: Color,
             bush: Color, gap: Color, rows: int, tilt: float = 0.22) -> None:
    """A rounded hill planted with tea in contour rows.

    The hill is the cap of an ellipsoid (half width a, height h); each row of
    bushes follows one contour line, i.e. the front half of an ellipse whose
    radius grows down the slope, which gives the familiar concentric arcs.
    """
    outline = [(cx + a * math.cos(t), top + h - h * math.sin(t)) for t in frange(0, math.pi, math.pi / 80)]
    cv.grad_poly(outline + [(cx - a, H + 20), (cx + a, H + 20)], [(0, body), (1, mix(body, bush, 0.5))],
                 top, top + h + 200)
    for k in range(1, rows + 1):
        d = h * (k / rows) ** 1.35
        r = a * math.sqrt(max(0.0, 1 - ((h - d) / h) ** 2))
        if r < 8:
            continue
        width = 5 + 26 * (k / rows)
        arc = [(cx + r * math.cos(t), top + d + tilt * r * math.sin(t)) for t in frange(0.02, math.pi - 0.02, math.pi / 60)]
        cv.line(arc, gap, width * 1.25, round_caps=False)
        cv.line([(x, y - width * 0.1) for x, y in arc], bush, width * 0.8)


def downy_edge(cv: Canvas, rng: random.Random, outline: Sequence[Point], every: int,
               length: float, alpha: float) -> None:
    """Fine white hairs standing out from an outline (the down on young tea)."""
    n = len(outline)
    cx = sum(p[0] for p in outline) / n
    cy = sum(p[1] for p in outline) / n
    for i in range(0, n, every):
        x, y = outline[i]
        dx, dy = x - cx, y - cy
        d = math.hypot(dx, dy) or 1
        ln = length * rng.uniform(0.5, 1.0)
        a = math.atan2(dy, dx) + rng.uniform(-0.5, 0.5)
        cv.line([(x - dx / d * 2, y - dy / d * 2), (x + math.cos(a) * ln, y + math.sin(a) * ln)],
                rgba("#ffffff", alpha), 1.1)


def tea_shoot(cv: Canvas, rng: random.Random, base: Point, top: Point, s: float) -> None:
    """One bud and two leaves on a tender stem, covered in fine white down.

    (base) = lower end of the stem, (top) = where the bud starts; s = scale.
    """
    bx, by = base
    tx, ty = top
    stem = bezier(base, (bx - 10 * s, by - (by - ty) * 0.4), (tx + 30 * s, ty + (by - ty) * 0.3), top, 30)
    cv.taper(stem, 14 * s, 7 * s, rgb("#9bbf62"))
    # an older, darker leaf low on the stem
    i_old = 5
    draw_leaf(cv, stem[i_old], 300 * s, 120 * s, 20, rgb("#2f6b35"), rgb("#437f3f"),
              bend=0.1, serrate=0.1, teeth=20, veins=6)
    # the two young leaves
    i2, i1 = 19, 26
    draw_leaf(cv, stem[i2], 250 * s, 105 * s, 200, rgb("#7fb04e"), rgb("#a3cc68"),
              bend=-0.15, serrate=0.12, teeth=18, veins=5)
    draw_leaf(cv, stem[i1], 210 * s, 88 * s, -25, rgb("#8ebd58"), rgb("#b3d878"),
              bend=0.12, serrate=0.12, teeth=16, veins=4)
    for i, ln, wd, ang, bend in ((i2, 250, 105, 200, -0.15), (i1, 210, 88, -25, 0.12)):
        outline, _ = leaf_shape(stem[i], ln * s, wd * s, ang, bend, 0.12, 18)
        downy_edge(cv, rng, outline, 2, 7 * s, 0.55)
    # the bud: slender, pale, silvery with down
    outline, mid = leaf_shape(top, 200 * s, 62 * s, -95, 0.08, 0, tip=1.5)
    cv.grad_poly(outline, [(0, rgb("#e9f3da")), (0.55, rgb("#c9e2a2")), (1, rgb("#9fc76a"))])
    half = outline[:len(mid)] + mid[::-1]
    cv.poly(half, rgba("#ffffff", 0.22))
    cv.line(mid[2:-4], rgba("#8fb85c", 0.6), 2 * s)
    downy_edge(cv, rng, outline, 1, 11 * s, 0.85)
    for _ in range(140):                               # down on the surface of the bud
        t = rng.uniform(0.05, 0.9)
        i = int(t * (len(mid) - 1))
        mx, my = mid[i]
        ox = rng.uniform(-1, 1) * 26 * s * math.sin(math.pi * t ** 0.8)
        cv.line([(mx + ox, my), (mx + ox + rng.uniform(-3, 3), my - rng.uniform(4, 8))],
                rgba("#ffffff", 0.55), 1.0)
    cv.glow(tx - 5, ty - 100 * s, 150 * s, rgb("#ffffff"), 0.25)


def scene_tea() -> Image.Image:
    """A Shan tuyết tea shoot (one bud, two leaves) before misty tea hills."""
    rng = random.Random(909)
    cv = Canvas()
    sky(cv, [(0, rgb("#c9e2df")), (0.6, rgb("#eef2e2")), (1, rgb("#f5efdc"))], 470)
    far = ridge(rng, 330, 120, 4, 1.2)
    mountain_layer(cv, far, rgb("#b5cfc4"), rgb("#e3ece2"), None, 150)
    cv.band(250, 420, rgb("#f4f4ea"), 0, 0.6, 0.2)
    for cx, top, a, h, rows, body, bush in [
            (250, 400, 420, 170, 12, rgb("#a9cb86"), rgb("#7aa95a")),
            (1350, 380, 480, 190, 13, rgb("#a9cb86"), rgb("#7aa95a")),
            (820, 450, 520, 200, 13, rgb("#9cc279"), rgb("#6b9d4e")),
            (80, 560, 500, 220, 13, rgb("#8fb96c"), rgb("#5a8f45")),
            (1500, 590, 560, 230, 13, rgb("#8fb96c"), rgb("#5a8f45"))]:
        tea_dome(cv, cx, top, a, h, body, bush, mix(body, (255, 255, 230), 0.15), rows)
        cv.band(top + h * 0.6, top + h * 1.4, rgb("#f4f4ea"), 0, 0.3, 0)
    for x, y, sc in [(560, 470, 60), (1180, 440, 70), (1240, 450, 50)]:       # shade trees
        round_tree(cv, x, y, sc, PAL["g_near"], PAL["g_mid2"], PAL["g_mid"])
    cv.blur(5)
    cv.band(0, H, rgb("#f6f3e6"), 0.1, 0.05, 0.0)
    tea_shoot(cv, rng, (1230, 930), (1040, 300), 1.25)
    tea_shoot(cv, rng, (420, 940), (330, 560), 0.75)
    return cv.final()


def pomelo_shape(x: float, y: float, r: float) -> list[Point]:
    """Outline of a pomelo: round below, narrower and taller towards the stalk."""
    pts = []
    for k in range(96):
        t = 2 * math.pi * k / 96
        up = max(0.0, -math.sin(t))
        pts.append((x + r * math.cos(t) * (1 - 0.2 * up ** 1.6),
                    y + r * math.sin(t) * (1.18 if math.sin(t) < 0 else 1.0)))
    return pts


def scene_pomelo() -> Image.Image:
    """Big yellow-green pomelos hanging under the glossy canopy of a pomelo tree."""
    rng = random.Random(1010)
    cv = Canvas()
    # blurred garden behind: sky, distant trees, grass
    cv.grad_rect(0, 0, W, H, [(0, rgb("#cfe5e3")), (0.55, rgb("#eef1dc")), (0.56, rgb("#a9cb84")), (1, rgb("#79a85a"))])
    for _ in range(14):
        x, s = rng.uniform(-50, W + 50), rng.uniform(110, 190)
        cv.ellipse(x, 470, s, s * 0.7, rng.choice([rgb("#6f9d5b"), rgb("#5a8a4e"), rgb("#80ab68")]))
        cv.rect(x - 8, 500, x + 8, 560, rgb("#7c6a58"))
    cv.blur(20)
    # trunk and branches
    trunk = [(800, 920), (790, 760), (770, 600), (760, 470)]
    cv.taper(spline(trunk, 8), 96, 60, rgb("#6b5a48"))
    cv.taper([(x - 20, y) for x, y in spline(trunk, 8)], 20, 12, rgb("#857360"), caps=False)
    cv.ellipse(800, 905, 260, 22, rgba("#2f4a25", 0.25))
    for ex, ey, w in [(380, 300, 30), (560, 220, 28), (1000, 220, 28), (1260, 300, 30), (820, 160, 26)]:
        cv.taper(bezier((770, 560), (770, 430), (ex + (770 - ex) * 0.4, ey + 80), (ex, ey), 20), w, w * 0.4,
                 rgb("#6b5a48"))
    # canopy: dark masses, then hundreds of individual glossy leaves
    masses = [(800, 200, 700, 230), (420, 300, 340, 170), (1200, 290, 360, 180), (800, 340, 460, 140)]
    for shade in (rgb("#214a29"), rgb("#2a5a32")):           # lumpy crown built of blobs
        for cx, cy, rx, ry in masses:
            for _ in range(22):
                a = rng.uniform(0, 2 * math.pi)
                d = math.sqrt(rng.uniform(0, 1))
                r = rng.uniform(60, 110)
                off = 14 if shade == rgb("#214a29") else 0
                cv.circle(cx + math.cos(a) * (rx - r * 0.7) * d, cy + math.sin(a) * (ry - r * 0.6) * d + off,
                          r, shade)
    greens = [(rgb("#2b5f33"), rgb("#3f7d43")), (rgb("#336b3a"), rgb("#4e8f4b")),
              (rgb("#24502c"), rgb("#356e3a")), (rgb("#3d7a40"), rgb("#5b9a52"))]

    def scatter_leaves(n: int, y_bias: float) -> None:
        for _ in range(n):
            cx, cy, rx, ry = rng.choice(masses)
            a = rng.uniform(0, 2 * math.pi)
            d = math.sqrt(rng.uniform(0.1, 1.0)) * 0.97
            x, y = cx + math.cos(a) * rx * d, cy + math.sin(a) * ry * d + y_bias
            ang = math.degrees(a) + rng.uniform(-40, 40)
            dark, light = rng.choice(greens)
            draw_leaf(cv, (x, y), rng.uniform(70, 110), rng.uniform(32, 44), ang, dark, light,
                      bend=rng.uniform(-0.15, 0.15), veins=3)

    scatter_leaves(260, 0)
    fruits = [(420, 560, 92), (640, 640, 104), (930, 600, 98), (1180, 540, 90), (1330, 660, 80),
              (250, 650, 76), (800, 470, 84)]
    for fx, fy, r in fruits:                                   # stalks
        cv.line([(fx + 6, fy - r * 1.6 - 40), (fx + 2, fy - r * 1.05)], rgb("#55663a"), 6)
    for fx, fy, r in sorted(fruits, key=lambda f: f[2]):
        shape = pomelo_shape(fx, fy, r)
        cv.poly([(x + r * 0.08, y + r * 0.1) for x, y in shape], rgba("#1c3a20", 0.25))
        citrus_fruit(cv, rng, fx, fy, r,
                     [(0, rgb("#f2f2a8")), (0.35, rgb("#dbe07a")), (0.7, rgb("#b3c452")), (1, rgb("#728b34"))],
                     shape=shape, pores=120)
        cv.circle(fx + 1, fy - r * 1.16, r * 0.07, rgb("#4c6b27"))
    # a few leaves in front of the fruit
    for _ in range(26):
        fx, fy, r = rng.choice(fruits)
        x = fx + rng.uniform(-r * 1.2, r * 1.2)
        y = fy - r * rng.uniform(0.9, 1.6)
        dark, light = rng.choice(greens)
        draw_leaf(cv, (x, y), rng.uniform(80, 115), rng.uniform(34, 46), rng.uniform(20, 160), dark, light,
                  bend=rng.uniform(-0.15, 0.15), veins=3)
    return cv.final()


def corn_ear(length: float, radius: float, husk: bool = True) -> Canvas:
    """An ear of maize lying horizontally on its own layer (tip to the right):
    rows of golden kernels, with the husk leaves peeled back at the butt."""
    lw, lh = length * 1.45, radius * 4.4
    cv = new_layer(lw, lh)
    x0, cy = length * 0.42, lh / 2
    prof = lambda t: radius * (1 - 0.55 * t ** 2.2) * (0.92 + 0.08 * math.sin(math.pi * min(1, t * 3)))
    if husk:       # husks fanning back behind the ear
        for ang, ln, col in ((-28, 0.55, rgb("#e2cd92")), (24, 0.6, rgb("#d8c084")), (-6, 0.62, rgb("#efdfae"))):
            outline, mid = leaf_shape((x0 + 10, cy), length * ln, radius * 1.3, 180 + ang, 0.2, tip=1.2)
            cv.poly(outline, col)
            cv.line(mid, mix(col, rgb("#a88a4a"), 0.4), 2)
    top = [(x0 + length * t, cy - prof(t)) for t in frange(0, 1, 0.02)]
    bot = [(x0 + length * t, cy + prof(t)) for t in frange(1, 0, -0.02)]
    cv.poly(top + bot, rgb("#c9871f"))
    rows = 7
    cols = int(length / (radius * 0.34))
    for j in range(rows):                       # kernels: rows seen around the cylinder
        v = -1 + (j + 0.5) * 2 / rows
        for i in range(cols):
            t = (i + 0.5 * (j % 2) + 0.5) / (cols + 0.5)
            if t > 0.97:
                continue
            r = prof(t)
            kx = x0 + length * t
            ky = cy + v * r * 0.92
            kh = r * 2 / rows * 0.92 * math.sqrt(max(0.05, 1 - v * v)) + 1
            kw = length / cols * 0.86
            light = 1 - abs(v + 0.25) * 0.45
            cv.rect(kx - kw / 2, ky - kh / 2, kx + kw / 2, ky + kh / 2,
                    mix(rgb("#d99a2b"), rgb("#ffe07a"), max(0.0, light)), radius=min(kw, kh) * 0.35)
    return cv


def scene_corn_wine() -> Image.Image:
    """An earthenware jar of corn wine, ears of maize and a small bowl."""
    rng = random.Random(1111)
    cv = Canvas()
    # plank wall with warm light, and a table top
    cv.grad_rect(0, 0, W, 640, [(0, rgb("#8a5534")), (1, rgb("#b7784a"))])
    cv.glow(1100, 250, 700, rgb("#f6c98a"), 0.45)
    for x in frange(0, W, 92):
        cv.line([(x, 0), (x, 640)], rgba("#4d2a15", 0.35), 3)
        cv.line([(x + 3, 0), (x + 3, 640)], rgba("#f6c98a", 0.15), 2)
    cv.grad_rect(0, 630, W, H, [(0, rgb("#c98f58")), (1, rgb("#a86f40"))])
    cv.rect(0, 630, W, 640, rgb("#7a4a2a"))
    for y in (700, 780, 870):
        cv.line([(0, y), (W, y + 4)], rgba("#7a4a2a", 0.35), 2)
    # a bunch of dried corn hanging on the wall
    for k, (dx, ang) in enumerate(((-40, 98), (0, 90), (40, 82))):
        ear = corn_ear(210, 34)
        cv.paste_layer(ear, 1260 + dx - 60 * math.cos(math.radians(ang)) * 0,
                       330 - 0, -ang, shadow=(10, 12, 10, 0.3))
    cv.line([(1260, 40), (1260, 200)], rgb("#6b4a2a"), 4)
    cv.ellipse(1260, 205, 24, 12, rgb("#c0392f"))

    # the jar: terracotta foot, dark glazed shoulder, leaf-sealed mouth
    jx, base = 520, 790
    prof = [(0.0, 118), (0.08, 150), (0.3, 196), (0.5, 200), (0.7, 170), (0.84, 105), (0.9, 78),
            (0.95, 80), (1.0, 92)]
    height = 470
    pts = spline([(jx + r, base - height * t) for t, r in prof], 8)
    outline = pts + [(2 * jx - x, y) for x, y in pts[::-1]]
    cv.ellipse(jx + 30, base + 4, 230, 26, rgba("#3d2210", 0.35))
    cv.grad_poly(outline, [(0, rgb("#5a2f18")), (0.28, rgb("#c27c48")), (0.42, rgb("#d28c55")),
                           (0.8, rgb("#8a4824")), (1, rgb("#4d2814"))], jx - 200, jx + 200, horizontal=True)
    glaze = [(x, y) for x, y in outline if y < base - height * 0.52]
    cv.grad_poly(glaze, [(0, rgb("#2e1a10")), (0.3, rgb("#6d3d22")), (0.45, rgb("#7d4a2b")),
                         (0.8, rgb("#3e2314")), (1, rgb("#25140b"))], jx - 200, jx + 200, horizontal=True)
    # glaze drips and an incised wave band
    for k in range(9):
        x = jx - 170 + k * 42
        yb = base - height * 0.52
        ln = 14 + 9 * (k % 3)
        cv.poly([(x - 8, yb - 2), (x + 8, yb - 2), (x + 5, yb + ln)], rgb("#3e2314"))
        cv.circle(x + 1, yb + ln, 6, rgb("#3e2314"))
    band_y = base - height * 0.4
    wave = [(x, band_y + 8 * math.sin((x - jx) / 16)) for x in frange(jx - 185, jx + 185, 4)]
    cv.line(wave, rgba("#f1c08a", 0.6), 3)
    cv.line([(x, y + 22) for x, y in wave], rgba("#5a2f18", 0.5), 3)
    shine = bezier((jx - 112, base - height * 0.76), (jx - 150, base - height * 0.55),
                   (jx - 160, base - height * 0.35), (jx - 140, base - height * 0.15), 20)
    cv.taper(shine, 10, 4, rgba("#ffffff", 0.16))
    # mouth sealed with a banana leaf tied with string
    top_y = base - height
    cv.ellipse(jx, top_y + 4, 94, 20, rgb("#3e2314"))
    cv.poly(bezier((jx - 110, top_y + 20), (jx - 90, top_y - 70), (jx + 90, top_y - 70), (jx + 110, top_y + 20), 24)
            + [(jx + 96, top_y + 44), (jx + 60, top_y + 30), (jx, top_y + 50), (jx - 60, top_y + 30),
               (jx - 96, top_y + 44)], rgb("#5f8f3f"))
    cv.poly(bezier((jx - 70, top_y), (jx - 50, top_y - 52), (jx + 10, top_y - 56), (jx + 30, top_y - 48), 16)
            + [(jx - 10, top_y - 20)], rgb("#7fae55"))
    cv.line([(jx - 100, top_y + 22), (jx + 100, top_y + 22)], rgb("#d8c08a"), 5)
    cv.line([(jx + 40, top_y + 22), (jx + 70, top_y + 70), (jx + 60, top_y + 95)], rgb("#d8c08a"), 3)

    # ears of corn on the table
    for x, y, ln, ang in ((1010, 690, 300, 4), (960, 770, 320, -3), (1000, 860, 330, -7)):
        cv.paste_layer(corn_ear(ln, 48), x, y, ang, shadow=(8, 14, 8, 0.35))
    # a small bowl of wine: glazed white with blue bands, on a foot ring
    bx, by, br = 1340, 770, 96
    cv.ellipse(bx + 16, by + 92, br * 1.05, 15, rgba("#3d2210", 0.35))
    cv.rect(bx - 40, by + 70, bx + 40, by + 90, rgb("#cfcabd"), 5)
    body = bezier((bx - br, by), (bx - br * 0.92, by + 100), (bx + br * 0.92, by + 100), (bx + br, by), 30)
    cv.grad_poly([(bx - br, by)] + body, [(0, rgb("#d9d6cc")), (0.35, rgb("#fbf9f2")), (1, rgb("#b9b5aa"))],
                 bx - br, bx + br, horizontal=True)
    for dy, col, w in ((22, rgb("#3f6fa8"), 3), (30, rgb("#7fa3cf"), 2), (56, rgb("#3f6fa8"), 3)):
        # band ends sit on the bowl's outline at that height
        xs = [x for x, y in body if y >= by + dy]
        xl, xr = min(xs), max(xs)
        cv.line(bezier((xl + 2, by + dy), (xl + (bx - xl) * 0.5, by + dy + 16), (xr - (xr - bx) * 0.5, by + dy + 16),
                       (xr - 2, by + dy), 20), col, w, round_caps=False)
    cv.ellipse(bx, by, br, 24, rgb("#f4f1ea"))
    cv.ellipse(bx, by + 2, br - 10, 18, rgb("#e4d6ad"))
    cv.ellipse(bx, by + 4, br - 16, 14, rgb("#eedfb0"))
    cv.ellipse(bx - 26, by + 1, 26, 4, rgba("#ffffff", 0.7))
    return cv.final()


# ---------------------------------------------------------------------------
# Logo and favicon
# ---------------------------------------------------------------------------

# The mark, on a 64x64 grid: a ring, a mountain line whose ends meet the ring
# and a free-standing river wave below it.  One geometry feeds both the SVG and the PNG.
MARK_RING = (32.0, 32.0, 28.0)                         # cx, cy, r
MARK_MOUNTAINS = [(5.2, 40.0), (22.0, 22.0), (29.0, 30.0), (38.0, 16.0), (58.8, 40.0)]
MARK_RIVER = [((14.0, 48.5), (19.5, 44.0), (26.5, 53.0), (32.0, 48.5)),
              ((32.0, 48.5), (37.5, 44.0), (44.5, 53.0), (50.0, 48.5))]
MARK_STROKE = 4.0
FAVICON_BG = PAL["g_deep"]


def logo_svg() -> str:
    """The site mark as a small SVG with white strokes (for coloured headers)."""
    cx, cy, r = MARK_RING
    f = lambda v: f"{v:g}"
    mountains = " ".join(f"{f(x)} {f(y)}" for x, y in MARK_MOUNTAINS)
    (p0, c1, c2, p1), (_, _, c4, p2) = MARK_RIVER
    river = (f"M{f(p0[0])} {f(p0[1])} C{f(c1[0])} {f(c1[1])} {f(c2[0])} {f(c2[1])} {f(p1[0])} {f(p1[1])} "
             f"S{f(c4[0])} {f(c4[1])} {f(p2[0])} {f(p2[1])}")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" '
        'fill="none" stroke="#ffffff" stroke-width="' + f(MARK_STROKE) + '" '
        'stroke-linecap="round" stroke-linejoin="round">\n'
        f'  <circle cx="{f(cx)}" cy="{f(cy)}" r="{f(r)}"/>\n'
        f'  <polyline points="{mountains}"/>\n'
        f'  <path d="{river}"/>\n'
        '</svg>\n'
    )


def favicon(size: int = 64, scale: int = 8) -> Image.Image:
    """The mark in white on an opaque green square, anti-aliased by downscaling."""
    k = size * scale / 64
    img = Image.new("RGB", (size * scale, size * scale), FAVICON_BG)
    d = ImageDraw.Draw(img)
    w = round(MARK_STROKE * 1.15 * k)            # a touch bolder: it is shown tiny
    cx, cy, r = MARK_RING
    d.ellipse([(cx - r) * k, (cy - r) * k, (cx + r) * k, (cy + r) * k], outline=(255, 255, 255), width=w)

    def stroke(pts: Sequence[Point]) -> None:
        d.line([(x * k, y * k) for x, y in pts], fill=(255, 255, 255), width=w, joint="curve")
        for x, y in (pts[0], pts[-1]):
            d.ellipse([x * k - w / 2, y * k - w / 2, x * k + w / 2, y * k + w / 2], fill=(255, 255, 255))

    stroke(MARK_MOUNTAINS)
    river: list[Point] = []
    for seg in MARK_RIVER:
        river += bezier(*seg, n=40)
    stroke(river)
    return img.resize((size, size), Image.LANCZOS)


def write_logo() -> None:
    (ASSETS / "logo.svg").write_text(logo_svg(), encoding="utf-8")
    data = png_bytes(favicon())
    (ASSETS / "favicon.png").write_bytes(data)
    print(f"docs/assets/logo.svg  {len(logo_svg())} B;  docs/assets/favicon.png  {len(data)} B")


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def png_bytes(img: Image.Image) -> bytes:
    """Encode as PNG without any metadata chunks; palette-quantize if too big."""
    img = img.convert("RGB")
    img.info = {}
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    if buf.tell() <= MAX_BYTES:
        return buf.getvalue()
    # Fallback: an adaptive palette (median cut refined by k-means, which
    # keeps small but distinct colours) applied with Floyd-Steinberg dithering
    # so that the soft gradients do not band.
    for colors in (256, 192, 128):
        palette = img.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, kmeans=2)
        q = img.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
        buf = io.BytesIO()
        q.save(buf, "PNG", optimize=True)
        if buf.tell() <= MAX_BYTES:
            break
    return buf.getvalue()


SCENES: dict[str, Callable[[], Image.Image]] = {
    "tuyen-quang-landscape": scene_landscape,
    "tan-trao": scene_tan_trao,
    "kim-binh": scene_kim_binh,
    "then-practice": scene_then,
    "dong-van-geopark": scene_dong_van,
    "na-hang-lam-binh": scene_na_hang,
    "industrial-park": scene_industrial,
    "ham-yen-orange": scene_orange,
    "shan-tuyet-tea": scene_tea,
    "soi-ha-pomelo": scene_pomelo,
    "corn-wine": scene_corn_wine,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Render the named targets (scene names from SCENES, or "logo" for the
    logo and favicon); with no names, render everything."""
    names = list(sys.argv[1:] if argv is None else argv) or list(SCENES) + ["logo"]
    unknown = [n for n in names if n not in SCENES and n != "logo"]
    if unknown:
        print(f"unknown target(s): {', '.join(unknown)}; choose from: {', '.join(SCENES)}, logo",
              file=sys.stderr)
        return 2
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name in names:
        t0 = time.perf_counter()
        if name == "logo":
            write_logo()
            continue
        data = png_bytes(SCENES[name]())
        out = IMAGES / f"{name}.png"
        out.write_bytes(data)
        kind = "palette" if data[25] == 3 else "RGB"      # IHDR colour type byte
        print(f"{out.relative_to(ROOT)}  {len(data) / 1024:6.1f} KB  {kind:7s}  "
              f"{time.perf_counter() - t0:5.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
