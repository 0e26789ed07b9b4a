"""quangba: check and build Tuyên Quang province's multilingual promotion site."""

import functools

__version__ = "0.1.0"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The version and a digest of this package's own code and data files: a cache written by
    other code (an upgrade, a checkout of another commit with the same version number) is
    never read back as if it were this code's."""
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yml", ".po", ".html", ".css", ".js", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"
