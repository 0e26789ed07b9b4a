"""Fuzz: real pages, mutated as outside hands break them, through `quangba check --format json`.

Byte flips (invalid UTF-8 included), lines cut, `---` repeated, stray Markdown and HTML, a
NUL, a BOM: whatever arrives, the check answers with valid JSON and findings, never a
traceback or a hang. The seed is fixed, so a failure is reproduced by running the test again;
one run of the real command checks every mutated page (a few seconds).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

from projects import FIXTURES, ROOT, copy_project

SEED = 20261203
PAGES_PER_LANGUAGE = 24
STRAY = [
    "---", "---\n---", "```", "~~~python", "<div>", "</div>", "<div markdown=\"1\">", "<!--", "-->",
    "<script>", "<iframe\nsrc=", "**", "_", "[", "](", "![", "![x](", "|", "| a |\n|---|", "{:", "{: #__x onclick=",
    "!!! note \"", "??? ", "    ", "\t", "\\", "&#", "&#x0;", "<img/", "<a href=\"java\tscript:", "[^1]", "<",
    "title: [", "source_hash: 7", "image: {src: ../../../../etc/passwd}", "- - -", "#" * 7, "\u200b", "\ufeff", "\x00",
]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(5)
        if kind == 0:  # flip bits of a few bytes
            buffer = bytearray(b"\n".join(lines))
            for _ in range(rng.randint(1, 8) if buffer else 0):
                buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
            lines = bytes(buffer).split(b"\n")
        elif kind == 1:  # cut the file at a line, or in the middle of one
            cut = rng.randrange(len(lines))
            lines = lines[:cut] + ([lines[cut][: rng.randrange(len(lines[cut]) + 1)]] if rng.random() < 0.5 else [])
        elif kind == 2:  # the front matter fence, again
            lines.insert(rng.randrange(len(lines) + 1), b"---")
        elif kind == 3:  # stray Markdown and HTML
            for _ in range(rng.randint(1, 5)):
                at = rng.randrange(len(lines) + 1)
                lines.insert(at, rng.choice(STRAY).encode("utf-8"))
        else:  # repeat or drop a line
            at = rng.randrange(len(lines))
            if rng.random() < 0.5:
                lines.insert(at, lines[at])
            else:
                del lines[at]
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


def test_mutated_real_pages_never_break_the_check(tmp_path):
    rng = random.Random(SEED)
    project = copy_project(FIXTURES / "mini", tmp_path / "project")
    shutil.copy2(ROOT / "glossary.yml", project / "glossary.yml")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - quangba:\n", "  - quangba:\n      glossary: glossary.yml\n", 1), encoding="utf-8")
    sources = {lang: sorted((ROOT / "docs" / lang).rglob("*.md")) for lang in ("vi", "en", "zh")}
    for lang, pages in sources.items():
        for number in range(PAGES_PER_LANGUAGE):
            original = rng.choice(pages)
            target = project / "docs" / lang / "fuzz" / f"p{number:02d}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_mutate(original.read_bytes(), rng))
    result = subprocess.run(
        [sys.executable, "-m", "quangba", "check", "--format", "json"],
        cwd=project, capture_output=True, timeout=120,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-3000:]
    assert result.returncode in (0, 1), stderr[-3000:]
    report = json.loads(result.stdout)  # valid JSON, every time
    assert report["summary"]["errors"] > 0  # the mutations are found, not ignored
    paths = {finding["path"] for finding in report["findings"]}
    assert any(path.startswith("docs/vi/fuzz/") for path in paths)
    for finding in report["findings"]:
        assert finding["line"] >= 0 and finding["code"], finding
