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
* PNGs are written without metadata; if a file would exceed ``MAX_BYTES`` it
  is re-saved as an adaptive palette image.
"""

from __future__ import annotations

import io
import math
import random
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Sequence

from PIL import Image, ImageDraw, ImageFilter

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
                    inner: Color, outer: Color, gamma: float = 1.0) -> None:
        """Fill a polygon with a radial gradient centred at (cx, cy), radius r."""
        bx0, by0, bx1, by1 = self._bbox(pts)
        if bx1 <= bx0 or by1 <= by0:
            return
        size = max(2, round(2 * r * SS))
        g = radial_field().resize((size, size), Image.BILINEAR)
        if gamma != 1.0:
            g = g.point(lambda v: round(255 * (v / 255) ** gamma))
        # place the gradient's centre on (cx, cy); pad with the outer value
        field = Image.new("L", (bx1 - bx0, by1 - by0), 255)
        field.paste(g, (round(cx * SS - size / 2) - bx0, round(cy * SS - size / 2) - by0))
        a = Image.new(self.mode, field.size, tuple(inner) + ((255,) if self.mode == "RGBA" else ()))
        b = Image.new(self.mode, field.size, tuple(outer) + ((255,) if self.mode == "RGBA" else ()))
        fill = Image.composite(b, a, field)
        mask = Image.new("L", field.size, 0)
        ImageDraw.Draw(mask).polygon([(x * SS - bx0, y * SS - by0) for x, y in pts], fill=255)
        self.img.paste(fill, (bx0, by0), mask)

    def ball(self, cx: float, cy: float, r: float, inner: Color, outer: Color,
             light: Point = (-0.35, -0.4), gamma: float = 1.0) -> None:
        """A shaded sphere: radial gradient with its bright spot offset by ``light``."""
        self.radial_poly(ellipse_pts(cx, cy, r, r, n=96),
                         cx + light[0] * r, cy + light[1] * r, r * 1.75, inner, outer, gamma)

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
          scallop_size: float = 14, centers: Sequence[float] | None = None) -> list[Point]:
    """A mountain ridge line: a smooth max of bell-shaped peaks plus ripples.

    ``sharp`` > 1 makes narrower, pointier summits; ``scallop`` adds small
    round bumps along the line (tree crowns seen against the sky).
    """
    span = x1 - x0
    bumps = []
    for i in range(peaks):
        cx = centers[i] if centers else x0 + span * (i + 0.5) / peaks + rng.uniform(-0.3, 0.3) * span / peaks
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
    filled with ``color`` (use a translucent RGBA colour so that the layer's
    own gradient shows through).
    """
    ys = [p[1] for p in pts]
    n = len(pts)
    i = 1
    while i < n - 1:
        if ys[i] <= ys[i - 1] and ys[i] < ys[i + 1]:
            j = i
            while j < n - 1 and ys[j + 1] >= ys[j]:
                j += 1
            if ys[j] - ys[i] > min_prom:
                (px, py), (vx, vy) = pts[i], pts[j]
                dx = vx - px
                bottom = vy + depth
                inner = bezier((px + lean * dx, bottom),
                               (px + lean * dx, py + 0.55 * (bottom - py)),
                               (px + 0.08 * dx, py + 0.2 * (bottom - py)), (px, py), 20)
                crease = bezier((vx, vy), (vx - 0.05 * dx, vy + 0.4 * depth),
                                (vx - 0.2 * dx, vy + 0.7 * depth), (vx - 0.25 * dx, bottom), 12)
                cv.poly(list(pts[i:j + 1]) + crease[1:] + inner, color)
            i = j + 1
        else:
            i += 1


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


def cone_tree(cv: Canvas, x: float, y: float, s: float, dark: Color, light: Color,
              trunk: Color = PAL["bark"]) -> None:
    """A slim conifer/forest tree in two tones. (x, y) = foot."""
    cv.rect(x - s * 0.05, y - s * 0.25, x + s * 0.05, y, trunk)
    cv.poly([(x, y - s * 1.25), (x + s * 0.32, y - s * 0.18), (x - s * 0.32, y - s * 0.18)], dark)
    cv.poly([(x, y - s * 1.25), (x - s * 0.32, y - s * 0.18), (x - s * 0.02, y - s * 0.22)], light)


def y_on(pts: Sequence[Point], x: float) -> float:
    """Height of a polyline (sorted by x) at position x."""
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        if xa <= x <= xb:
            return ya + (yb - ya) * ((x - xa) / (xb - xa) if xb != xa else 0)
    return pts[-1][1] if x > pts[-1][0] else pts[0][1]


def forest_on(cv: Canvas, rng: random.Random, pts: Sequence[Point], count: int,
              size: tuple[float, float], colors: Sequence[Color], depth: float = 60,
              kind: str = "round", x_range: tuple[float, float] = (0, W)) -> None:
    """Scatter small trees over a ridge layer, from its crest down ``depth`` px."""
    items = []
    for _ in range(count):
        x = rng.uniform(*x_range)
        y = y_on(pts, x) + rng.uniform(0.15, 1.0) * depth
        items.append((y, x, rng.uniform(*size), rng.choice(colors)))
    for y, x, s, c in sorted(items):
        if kind == "round":
            cv.ellipse(x, y - s * 0.5, s * 0.55, s * 0.5, c)
            cv.ellipse(x - s * 0.15, y - s * 0.62, s * 0.25, s * 0.22, mix(c, (255, 255, 255), 0.12))
        else:
            cv.poly([(x, y - s * 1.3), (x + s * 0.35, y), (x - s * 0.35, y)], c)


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
    for colors in (256, 192, 128):
        q = img.quantize(colors=colors, method=Image.Quantize.MEDIANCUT,
                         dither=Image.Dither.NONE)
        buf = io.BytesIO()
        q.save(buf, "PNG", optimize=True)
        if buf.tell() <= MAX_BYTES:
            break
    return buf.getvalue()


SCENES: dict[str, Callable[[], Image.Image]] = {
    "tuyen-quang-landscape": scene_landscape,
    "tan-trao": scene_tan_trao,
}


def main(argv: Sequence[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv) or list(SCENES) + ["logo"]
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name in names:
        t0 = time.perf_counter()
        if name == "logo":
            write_logo()
            continue
        data = png_bytes(SCENES[name]())
        out = IMAGES / f"{name}.png"
        out.write_bytes(data)
        print(f"{out.relative_to(ROOT)}  {len(data) / 1024:6.1f} KB  {time.perf_counter() - t0:5.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
