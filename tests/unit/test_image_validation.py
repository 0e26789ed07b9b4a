"""Check and build judge a picture the same way: a truncated file, a decompression bomb or a
file that is no image fails `quangba check` (MED005) and stops the build's image step with
the file and every page and line that shows it."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from projects import run_quangba

from quangba.core.corpus import Corpus
from quangba.core.errors import QuangbaError
from quangba.core.project import load_project
from quangba.web.visuals import make_variants


def _truncated_png() -> bytes:
    im = Image.new("RGB", (300, 200))
    im.putdata([((x * 7) % 256, (y * 5) % 256, (x * y) % 256) for y in range(200) for x in range(300)])
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()[: len(out.getvalue()) // 2]


def _bomb_png() -> bytes:
    """A valid PNG header that claims 100,000 × 100,000 pixels (a few bytes of data)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("case", ["truncated", "bomb", "not-an-image"])
def test_check_and_build_refuse_the_same_picture_naming_the_page(mini_project, tmp_path, case):
    data = {"truncated": _truncated_png, "bomb": _bomb_png, "not-an-image": lambda: b"<html>not a picture</html>"}[case]()
    (mini_project / "docs/assets/images/tan-trao.png").write_bytes(data)
    result = run_quangba(mini_project, "check", "--select", "MED005")
    assert result.returncode == 1, result.stdout
    pages = [line.split(": MED005")[0] for line in result.stdout.splitlines() if " MED005 " in line]
    assert pages and all(p.startswith("docs/") for p in pages), result.stdout
    with pytest.raises(QuangbaError) as raised:
        make_variants(Corpus.load(load_project(mini_project / "mkdocs.yml")), tmp_path / "site")
    message = str(raised.value)
    assert message.startswith("docs/assets/images/tan-trao.png: "), message
    for where in pages:  # every page and line the check names, the build names too
        assert f"  {where.rsplit(':', 1)[0]}: shows assets/images/tan-trao.png" in message, (where, message)
