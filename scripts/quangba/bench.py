"""`quangba bench check|build|serve`: time the toolkit on a generated corpus.

- `check`: the check, cold and warm, against `mkdocs build` of the same corpus;
- `build`: the bare stack (MkDocs + Material + static-i18n, no quangba), `quangba build`
  in parallel and with one job, and optionally Hugo on an equivalent site;
- `serve`: the preview, from an edit to the page reloaded in a browser showing it.

Times are printed with their ratio to a baseline measured in the same run (this machine is
shared and noisy): never assert on them in tests.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quangba.corpus import Corpus, page_source_hash
from quangba.locale import number
from quangba.project import load_project

LANGS = ("vi", "en", "zh", "ko", "ja")
SECTIONS = ("heritage", "investment", "products", "news")

# One paragraph of real text per language (about the province), repeated with variations.
TEXT = {
    "vi": "Tỉnh Tuyên Quang có diện tích {area} km² và dân số {pop} người. Vùng đất này lưu giữ nhiều di tích lịch sử, cảnh quan núi đá và những sản phẩm nông nghiệp đặc sắc của đồng bào các dân tộc.",
    "en": "Tuyên Quang province covers {area} km² and has a population of {pop}. The land keeps many historic sites, karst landscapes and distinctive farm products of its ethnic communities.",
    "zh": "宣光省面积{area}平方公里，人口{pop}人。这片土地保存着众多历史遗迹、喀斯特山地景观以及各民族独具特色的农产品。",
    "ko": "뚜옌꽝성의 면적은 {area}km²이고 인구는 {pop}명입니다. 이 땅에는 많은 역사 유적과 카르스트 산악 경관, 여러 민족의 특색 있는 농산물이 있습니다.",
    "ja": "トゥエンクアン省の面積は{area}km²、人口は{pop}人です。この地には多くの史跡、カルスト山地の景観、各民族の特色ある農産物があります。",
}
HEADINGS = {
    "vi": ("Giới thiệu", "Số liệu chính", "Tham quan", "Liên kết"),
    "en": ("Introduction", "Key figures", "Visiting", "Links"),
    "zh": ("简介", "主要数据", "参观", "链接"),
    "ko": ("소개", "주요 수치", "방문", "링크"),
    "ja": ("紹介", "主な数値", "見学", "リンク"),
}
TITLE = {"vi": "Trang {n}", "en": "Page {n}", "zh": "第{n}页", "ko": "{n}쪽", "ja": "{n}ページ"}


def _body(lang: str, index: int, pages: int) -> str:
    area, pop = 13795.5 + index, 1865270 + index
    paragraph = TEXT[lang].format(area=number(area, lang), pop=number(pop, lang))
    h = HEADINGS[lang]
    links = "\n".join(
        f"- [{TITLE[lang].format(n=j % (pages - 1))}](../{SECTIONS[j % (pages - 1) % len(SECTIONS)]}/page-{j % (pages - 1):04d}.md)"
        for j in range(index + 1, index + 7)
    )
    rows = "\n".join(f"| {2019 + r} | {number(1000 + r * 37 + index, lang)} | {number(12.5 + r, lang)} |" for r in range(6))
    return (
        f"{paragraph} {paragraph}\n\n## {h[0]}\n\n{paragraph}\n\n{paragraph} {paragraph}\n\n{paragraph}\n\n## {h[1]}\n\n"
        f"| # | A | B |\n|---|---|---|\n{rows}\n\n### {h[2]}\n\n{paragraph}\n\n"
        f"![{TITLE[lang].format(n=index)}](../../assets/images/bench-{index % 20:02d}.png)\n\n## {h[3]}\n\n{links}\n"
    )


# The navigation features of the site's own mkdocs.yml: what each page's navigation costs.
SITE_FEATURES = ("navigation.indexes", "navigation.sections", "navigation.prune")


def generate(root: Path, pages: int, features: tuple[str, ...] = ()) -> Path:
    """A five-language project with `pages` pages per language, stamped and clean; `features`
    are Material's theme features (none by default)."""
    from PIL import Image

    docs = root / "docs"
    images = docs / "assets" / "images"
    images.mkdir(parents=True)
    for index in range(20):
        Image.new("RGB", (64, 36), (20 + index * 10, 120, 60)).save(images / f"bench-{index:02d}.png")
    for lang in LANGS:
        (docs / lang).mkdir(parents=True, exist_ok=True)
        title = TITLE[lang].format(n=0)
        meta = "type: page\norder: 0\n" if lang == "vi" else 'source_hash: ""\n'
        (docs / lang / "index.md").write_text(f"---\n{meta}title: {title}\ndescription: {title}.\n---\n{TEXT[lang].format(area=1, pop=2)}\n", encoding="utf-8")
        for index in range(pages - 1):
            section = SECTIONS[index % len(SECTIONS)]
            path = docs / lang / section / f"page-{index:04d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            title = TITLE[lang].format(n=index)
            meta = (
                f"type: page\norder: {index}\ncredits:\n  assets/images/bench-{index % 20:02d}.png: quangba\n"
                if lang == "vi" else 'source_hash: ""\n'
            )
            body = _body(lang, index, pages)
            path.write_text(f"---\n{meta}title: {title}\ndescription: {title}.\n---\n{body}", encoding="utf-8")
    (root / "glossary.yml").write_text(
        "names: [Tuyên Quang]\nterms:\n  - {vi: tỉnh Tuyên Quang, en: Tuyên Quang province, zh: 宣光省, ko: 뚜옌꽝성, ja: トゥエンクアン省}\n",
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: https://example.test/\ntheme:\n  name: material\n  language: vi\n  font: false\n"
        + (f"  features: [{', '.join(features)}]\n" if features else "")
        + "markdown_extensions:\n  - admonition\n  - attr_list\n  - tables\n  - toc:\n      permalink: true\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n"
        "plugins:\n  - quangba:\n      glossary: glossary.yml\n  - search\n  - i18n:\n      docs_structure: folder\n      languages:\n"
        + "".join(f"        - {{locale: {lang}, name: {lang}{', default: true' if lang == 'vi' else ''}}}\n" for lang in LANGS),
        encoding="utf-8",
    )
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    for lang in LANGS[1:]:
        for key, page in corpus.pages[lang].items():
            value = page_source_hash(corpus.page("vi", key))
            page.path.write_text(page.text.replace('source_hash: ""', f'source_hash: "{value}"'), encoding="utf-8")
    return root


def _run(args: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def bench_check(pages: int, repeat: int = 3, build: bool = True) -> str:
    """Generate a corpus and time `quangba check` (cold, warm) and `mkdocs build`."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="quangba-bench-") as tmp:
        root = generate(Path(tmp) / "project", max(pages, 2))
        files = sum(1 for _ in (root / "docs").rglob("*.md"))
        size = sum(p.stat().st_size for p in (root / "docs").rglob("*.md")) / files
        lines.append(f"corpus: {files} Markdown files ({pages} per language), {size / 1024:.1f} KiB each on average")
        check = [sys.executable, "-m", "quangba", "check", "--format", "json"]
        cache = root / ".quangba-cache"
        cold, warm = [], []
        for _ in range(repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(_run(check, root))
            warm.append(_run(check, root))
        touched = next((root / "docs" / "en").rglob("page-*.md"))
        touched.write_text(touched.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
        one_changed = _run(check, root)
        startup = statistics.median(_run([sys.executable, "-c", "import quangba.cli"], root) for _ in range(repeat))
        lines.append(f"python + quangba import: {startup:.2f} s (median of {repeat})")
        lines.append(f"quangba check, cold (no cache): {statistics.median(cold):.2f} s (median of {repeat}; {', '.join(f'{t:.2f}' for t in cold)})")
        lines.append(f"quangba check, warm (cache, nothing changed): {statistics.median(warm):.2f} s")
        lines.append(f"quangba check, warm, one file changed: {one_changed:.2f} s")
        if build:
            built = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "site")], root)
            lines.append(f"mkdocs build (same corpus): {built:.2f} s")
            lines.append(f"ratio cold check / build: {statistics.median(cold) / built:.1%}  (target ≤ 5 %)")
            lines.append(f"ratio warm check / build: {statistics.median(warm) / built:.1%}")
    return "\n".join(lines)
