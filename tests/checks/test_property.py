"""Whatever an editor saves, the check answers with findings, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quangba.checks import run_checks
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.project import load_project

RULES_BASE = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "mkdocs.yml"

markdown_bits = st.sampled_from([
    "# ", "## ", "### ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n```\n",
    "!!! note \"T\"\n    body\n", "**", "*", "_", "[x](", "](", ")", "![a](b.png)", "<script>", "<iframe src=x>",
    "[l](../../../x.md)", "[l](#anchor)", "61.000 ha", "6,100 ha", "2兆5000億", "10/5/2012", "ngày 10 tháng 5",
    "Tân Trào", "新潮", "탄짜오", "South China Sea", "南海", "\u200b", "\ufeff", "\x00", "\x07", "e\u0301", "\t",
    "\n", "\n\n", "    ", "{#id}", "<!-- quangba: ignore-start -->", "<!-- quangba: ignore LNK001 -->", "---", "...",
])
body = st.lists(st.one_of(markdown_bits, st.text(max_size=20)), max_size=40).map("".join)
yaml_bits = st.sampled_from([
    "type: page\n", "type: heritage\n", "type: [\n", "title: T\n", "title: a: b\n", "description: D\n",
    "facts:\n  area_ha: x\n", "facts: 5\n", "image:\n  src: nope.png\n", "image: [1, 2]\n", "sources: 7\n",
    "source_hash: 0012\n", "source_hash: \"\"\n", "date: 2025-13-40\n", "date: 2025-07-01\n", "- a\n", "!!python/name:os.system\n",
    "order: x\n", "draft: maybe\n", "&a [*a]\n", "? complex\n", "\"unterminated\n",
])
front = st.lists(st.one_of(yaml_bits, st.text(max_size=15)), max_size=8).map("".join)
raw_bytes = st.binary(max_size=200)


def _write(path: Path, front_matter: str | None, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif front_matter is None:
        path.write_bytes(text.encode("utf-8", "replace"))
    else:
        path.write_bytes(f"---\n{front_matter}---\n{text}".encode("utf-8", "replace"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    source_front=st.one_of(st.none(), front), source_body=st.one_of(body, raw_bytes),
    target_front=st.one_of(st.none(), front), target_body=st.one_of(body, raw_bytes),
    extra_key=st.sampled_from(["a.md", "sub/b.md", "index.md"]),
)
def test_checker_only_ever_returns_findings(tmp_path_factory, source_front, source_body, target_front, target_body, extra_key):
    root = tmp_path_factory.mktemp("prop")
    shutil.copy2(RULES_BASE, root / "mkdocs.yml")
    _write(root / "docs/vi" / extra_key, source_front, source_body)
    _write(root / "docs/en" / extra_key, target_front, target_body)
    _write(root / "docs/zh/a.md", target_front, target_body)
    (root / "glossary.yml").write_bytes(b"terms: [}\n")  # a broken glossary is a finding or ignored, never a crash
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    findings = run_checks(corpus)
    assert all(isinstance(item, Finding) and item.line >= 1 and item.column >= 1 for item in findings)
