"""A project is what its mkdocs.yml says: another source language, no quangba front matter,
MkDocs' mapping forms, its own time zone, pages it never translates, git history instead of
stamps."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from projects import run_quangba

from quangba.checks import run_checks
from quangba.core.corpus import Corpus
from quangba.core.project import load_project
from quangba.core.settings import settings
from quangba.core.slugs import _toc_options

CONFIG = """site_name: Docs
docs_dir: content
markdown_extensions:
  toc:
    permalink: true
    slugify: !!python/object/apply:pymdownx.slugs.slugify
      kwds: {{case: lower}}
  admonition:
plugins:
  search: {{}}
  i18n:
    docs_structure: folder
    languages:
      - {{locale: en, default: true}}
      - {{locale: zh}}
      - {{locale: ja}}
  quangba:
    page_schema: false
{options}"""


def _write(root: Path, files: dict[str, str], options: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(CONFIG.format(options=options), encoding="utf-8")
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


PAGES = {
    "en/guide.md": "---\ntitle: Guide\n---\n\n# Guide\n\nThe collector receives 3 signals.\n",
    "zh/guide.md": "---\ntitle: 指南\n---\n\n# 指南\n\n收集器接收 3 种信号。\n",
    "ja/guide.md": "---\ntitle: ガイド\n---\n\n# ガイド\n\nコレクターは3つのシグナルを受け取ります。\n",
    "en/api/ref.md": "# Reference\n\nGenerated.\n",
}


def test_mapping_forms_source_language_and_no_page_schema(tmp_path):
    root = _write(tmp_path, PAGES, '    exclude: ["api/*"]\n    time_zone: Europe/Paris\n')
    project = load_project(root / "mkdocs.yml")
    assert project.languages == ("en", "zh", "ja") and project.source_language == "en"
    assert _toc_options(project)["permalink"] is True  # the mapping form of markdown_extensions
    options = settings(project)
    assert options.required_for("api/ref.md") == [] and options.required_for("guide.md") == ["zh", "ja"]
    assert dt.datetime(2026, 7, 1, tzinfo=options.time_zone).utcoffset() == dt.timedelta(hours=2)
    found = [f.as_text() for f in run_checks(Corpus.load(project))]
    assert found == [], found  # no SYN/FRS findings of this site's schema, no COV001 for api/
    assert project.page_key("content/en/guide.md", "zh") == "guide.md"
    assert project.page_key("zh/guide.md", "zh") == "guide.md"


def test_messages_and_explain_name_the_real_source(tmp_path):
    files = dict(PAGES)
    files["zh/guide.md"] = files["zh/guide.md"].replace("收集器接收 3 种信号。", "The collector receives 3 signals, as the English page says.")
    files["en/guide.md"] = files["en/guide.md"].replace("The collector receives 3 signals.", "The collector receives 3 signals, as the English page says.")
    root = _write(tmp_path, files)
    texts = [f.as_text() for f in run_checks(Corpus.load(load_project(root / "mkdocs.yml")), select=["UNT001", "COV001"])]
    assert any("UNT001 this paragraph is the English source's text" in t for t in texts), texts
    assert any("create content/zh/api/ref.md" in t for t in texts), texts
    explained = run_quangba(root, "explain", "FRS002").stdout
    assert "English source" in explained and "Vietnamese source" not in explained
    bad = _write(tmp_path / "bad", PAGES, "    time_zone: Mars/Olympus\n")
    result = run_quangba(bad, "check")
    assert result.returncode == 2 and "Mars/Olympus" in result.stderr and "Traceback" not in result.stderr


def _git(root: Path, *args: str, when: str = "2026-01-01T00:00:00") -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(root)}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_freshness_status_and_diff_from_git_history(tmp_path):
    root = _write(tmp_path, PAGES, "    source_version: git\n    exclude: [api/*]\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "all", when="2026-01-01T00:00:00")
    source = root / "content/en/guide.md"
    source.write_text(source.read_text().replace("3 signals", "4 signals"), encoding="utf-8")
    _git(root, "commit", "-qam", "source", when="2026-01-02T00:00:00")
    ja = root / "content/ja/guide.md"
    ja.write_text(ja.read_text().replace("3つ", "4つ"), encoding="utf-8")
    _git(root, "commit", "-qam", "ja follows", when="2026-01-03T00:00:00")
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    stale = [f.path for f in run_checks(corpus, select=["FRS"])]
    assert stale == ["content/zh/guide.md"], stale  # ja was committed after the source changed
    status = run_quangba(root, "status", "--format", "json")
    assert '"zh": "stale"' in status.stdout and '"ja": "ok"' in status.stdout, status.stdout
    diff = run_quangba(root, "diff", "zh", "content/en/guide.md")
    assert diff.returncode == 0 and "-The collector receives 3 signals." in diff.stdout, diff.stdout + diff.stderr
    stamped = run_quangba(root, "stamp", "zh", "guide.md", "--as-of", "2026-01-01")
    assert stamped.returncode == 0, stamped.stderr
    assert "source_hash" in (root / "content/zh/guide.md").read_text()
    assert run_quangba(root, "diff", "zh", "guide.md").stdout.count("+The collector receives 4 signals.") == 1
    # a front-matter field naming the source commit (opentelemetry.io's default_lang_commit)
    first = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    ja.write_text(ja.read_text().replace("title: ガイド", f"title: ガイド\ndefault_lang_commit: {first[:8]}"), encoding="utf-8")
    _write(root, {}, "    source_version: git\n    source_commit_field: default_lang_commit\n    exclude: [api/*]\n")
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    # ja now by its field; zh by the stamp written above
    assert [f.path for f in run_checks(corpus, select=["FRS"])] == ["content/ja/guide.md", "content/zh/guide.md"]


SOURCE = """---
title: Setup
---

# Setup

The SDK exports 12 metrics over `OTLP/gRPC` on port `4317`.

/// tip | Good to know
Set the endpoint first.
///

//// tab | Python
{* examples/app.py hl[3] *}
////

{{< figure src="/img/flow.png" >}}

<img src="diagram.png" alt="The flow">

Apple
: A fruit grown in 7 provinces.

See the note[^1] for Kubernetes and Docker Compose.

[^1]: Written in 2024.

The collector keeps it for 5 minutes.

## Limits

It handles millions of spans and 3 exporters. 👩‍💻 Happy tracing.

### Details

A paragraph with 42 figures, 8 of them checked.
"""

ZH = """---
title: 设置
---

# 设置

SDK 通过 `OTLP/gRPC` 在端口 `4317` 上导出 12 个指标。

/// tip | 提示
先设置端点。
///

//// tab | Python
{* examples/app.py hl[3] *}
////

{{< figure src="/img/flow.png" >}}

<img src="diagram.png" alt="流程">

苹果
: 一种在 7 个省份种植的水果。

参见注释[^1]，适用于 Kubernetes 和 Docker Compose。

[^1]: 写于 2024 年。

收集器保留 5 分钟。

## 限制

它能处理数百万个 span 和 3 个导出器。千万别忘了。👩‍💻 祝追踪愉快。

### 细节

一个段落，包含 42 个数字，其中 8 个已检查。
"""


def _pair(tmp_path: Path, translation: str) -> list[str]:
    root = _write(tmp_path, {"en/setup.md": SOURCE, "zh/setup.md": translation, "ja/setup.md": SOURCE.replace("Setup", "セットアップ")})
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    return [f.as_text() for f in run_checks(corpus, ignore=["LNK", "MED001", "UNT"]) if f.lang == "zh"] + [
        f.as_text() for f in run_checks(corpus, select=["UNT"]) if f.lang == "zh"]


def test_markdown_of_other_sites_is_read_without_false_alarms(tmp_path):
    assert _pair(tmp_path, ZH) == []


def test_planted_drift_of_every_kind_is_found_where_it_departs(tmp_path):
    # what is removed, the rule, and the lines of the translation around the gap (the
    # finding points there, not at the top or the end of the page)
    planted = {
        "/// tip | 提示\n先设置端点。\n///\n\n": ("STR005", (7, 10)),  # a deleted `///` admonition
        "收集器保留 5 分钟。\n\n": ("STR008", (26, 29)),  # a deleted paragraph
        '<img src="diagram.png" alt="流程">\n\n': ("STR006", (17, 19)),  # a removed <img>
        "{* examples/app.py hl[3] *}\n": ("STR009", (13, 16)),  # a removed include
    }
    for removed, (code, (first, last)) in planted.items():
        found = _pair(tmp_path / code, ZH.replace(removed, ""))
        assert len(found) == 1 and f" {code} " in found[0], (code, found)
        assert first <= int(found[0].split(":")[1]) <= last, (code, found)
    found = _pair(tmp_path / "code", ZH.replace("`4317`", "`4318`"))  # a number changed inside inline code
    assert len(found) == 1 and " FCT001 " in found[0] and "4318" in found[0], found
    section = ZH.replace("### 细节\n\n一个段落，包含 42 个数字，其中 8 个已检查。\n", "")
    found = _pair(tmp_path / "section", section)  # one finding for a missing section, none per figure
    assert len(found) == 1 and " STR001 " in found[0], found


OTEL = Path(__file__).resolve().parents[1] / "fixtures" / "opentelemetry"  # real pages, CC BY 4.0


def test_real_docs_of_another_project_only_their_real_drift(tmp_path):
    import shutil

    root = shutil.copytree(OTEL, tmp_path / "otel")
    found = [f.as_text().split(" ", 2)[:2] for f in run_checks(Corpus.load(load_project(root / "mkdocs.yml")))]
    # the Chinese page its maintainers mark `drifted_from_default`: the profiles item is missing
    assert found == [["content/zh/docs/concepts/semantic-conventions.md:15:1:", "STR002"],
                     ["content/zh/docs/concepts/semantic-conventions.md:15:1:", "STR007"]], found
    ja = root / "content/ja/docs/concepts/distributions.md"
    text = ja.read_text(encoding="utf-8")
    dropped = "どの参照実装も、ディストリビューションとしてカスタマイズできます。\n\n"  # a paragraph
    ja.write_text(text.replace(dropped, ""), encoding="utf-8")
    codes = [f.code for f in run_checks(Corpus.load(load_project(root / "mkdocs.yml"))) if f.lang == "ja"]
    assert codes == ["STR008"], codes
    ja.write_text(text.replace("100％互換性", "10％互換性"), encoding="utf-8")
    codes = [f.code for f in run_checks(Corpus.load(load_project(root / "mkdocs.yml"))) if f.lang == "ja"]
    assert codes == ["FCT001"], codes


def test_number_idioms_approximations_versions_and_glued_units():
    from decimal import Decimal

    from quangba.core.numbers import extract

    def values(text: str, lang: str) -> list:
        return [fact.value for fact in extract(text, lang)]

    assert values("千万别忘了，万一出错，一旦失败", "zh") == []  # idioms, no figures
    assert values("数百万用户", "zh") == values("수백만 명", "ko") == values("数千のサービス", "ja") == []
    assert values("有三千万人", "zh") == [Decimal(30000000)]  # a real magnitude still counts
    assert values("14 桁の16進文字列", "ja") == [Decimal(14)]  # 16進 = hexadecimal
    assert values("version 2", "en") == values("v2", "en") == [Decimal(2)]
    assert values("6GB の RAM", "ja") == values("6 GB of RAM", "en") == [Decimal(6)]
    assert values("14.6x faster", "en") == [Decimal("14.6")]
    assert values("4つのシグナル", "ja") == [Decimal(4)]  # digits glued to a counter
    assert values("서버 3대", "ko") == [Decimal(3)]


def test_the_translated_version_is_found_when_the_project_is_a_folder_of_the_repository(tmp_path):
    """The dashboard's 'words changed since the translation' reads the translated version from
    git; a project in a subfolder of its repository (docs sites often are) must be found too."""
    import shutil

    from projects import FIXTURES

    from quangba.core.corpus import page_source_hash
    from quangba.translation.diff import translated_version, versions
    from quangba.translation.stamp import stamp

    repo = tmp_path / "repo"
    root = repo / "site-src"
    shutil.copytree(FIXTURES / "mini", root)
    _git(repo, "init", "-q")
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    stamp(corpus, "zh", "index.md", force=True)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "translated")
    source = root / "docs" / "vi" / "index.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "source changed", when="2026-01-02T00:00:00")
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    found = translated_version(corpus, "zh", "index.md")
    assert found is not None
    old_page, _commit, date = found
    assert page_source_hash(old_page) != page_source_hash(corpus.page("vi", "index.md")) and date == "2026-01-01"
    assert "Một đoạn mới." in versions(corpus, "zh", "index.md").after


def test_names_bylines_identifiers_and_attribute_lists_kept_as_written_are_not_untranslated(tmp_path):
    """What a real translation keeps in English (opentelemetry.io's ja pages): lists of
    speakers and talk titles, a product with its expansion, a package name, an image's
    attribute list, alt text that is a product name. A sentence kept in English, a Title-Case
    heading and alt text with a common noun are still reported."""
    speakers = ("- **[When OTTL Goes Off the Rails: Debugging Transformations with Confidence](https://x.test/a)**"
                "<br>by Edmo Vamerlatti Costa, Elastic; Tyler Helmuth, Honeycomb<br> Tuesday March 24, 2026 12:00 - 12:30CET\n"
                "- Kristof Kowalski – Anz Bank of New Zealand\n- protoc-gen-go-grpc\n")
    body = (f"## Getting Started With The Collector\n\n{speakers}\n| Library | Name |\n|---|---|\n"
            "| OSHI (Operating System and Hardware Information) | `oshi` |\n\n"
            "![OTCA badge][]\n{{.border-0 .pt-3 .w-75 .m-auto}}\n\n![Jaeger UI](ui.png)\n\n![Jaeger trace view](trace.png)\n\n"
            "The collector receives every signal the agents send.\n\n[OTCA badge]: badge.svg\n")
    ja = body.replace("## Getting Started With The Collector", "## Getting Started With The Collector")
    files = {"en/talks.md": "---\ntitle: Talks\n---\n\n" + body, "ja/talks.md": "---\ntitle: トーク\n---\n\n" + ja}
    root = _write(tmp_path, files, "    ignore: [LNK, MED001, STR]\n")
    found = [(f.code, f.line) for f in run_checks(Corpus.load(load_project(root / "mkdocs.yml"))) if f.path.startswith("content/ja")]
    text = files["ja/talks.md"].split("\n")
    lines = {code: sorted(text[line - 1][:30] for c, line in found if c == code) for code in ("UNT001", "MED003")}
    assert lines["UNT001"] == ["## Getting Started With The Co", "The collector receives every s"], found
    assert lines["MED003"] == ["![Jaeger trace view](trace.png", "![OTCA badge][]"], found


def test_two_paragraphs_written_as_one_are_not_a_dropped_paragraph(tmp_path):
    """opentelemetry.io's Japanese pages often write two English paragraphs as one (a line
    per sentence); a paragraph really left out is still reported."""
    intro = "The collector receives, processes and exports telemetry data for every service. " * 3
    en = f"# Guide\n\n{intro}\n\nWe also comment on spelling and capitalization when it helps the reader.\n\n## Next\n\n{intro}\n"
    ja_intro = "コレクターはすべてのサービスのテレメトリーデータを受信、処理、エクスポートします。" * 3
    merged = f"# ガイド\n\n{ja_intro}\nまた、読者の役に立つときはスペルと大文字についても説明します。\n\n## 次へ\n\n{ja_intro}\n"
    dropped = f"# ガイド\n\n{ja_intro}\n\n## 次へ\n\n{ja_intro}\n"
    files = {"en/guide.md": en, "ja/guide.md": merged, "en/other.md": en, "ja/other.md": dropped}
    root = _write(tmp_path, files)
    found = {(f.path, f.code) for f in run_checks(Corpus.load(load_project(root / "mkdocs.yml")), select=["STR008"])}
    assert found == {("content/ja/other.md", "STR008")}


def test_a_paragraph_ending_in_a_colon_split_in_two_is_not_an_added_paragraph(tmp_path):
    """English ends a paragraph that introduces code with a colon (`Here is an example
    command:`); Japanese writes that sentence as a paragraph of its own, ending in 。. The
    colon ends a sentence, so the two paragraphs are the same text; a paragraph really added
    is still reported."""
    intro = "Use the hostname argument to bind the collector to the address of the container. "
    en = f"# Guide\n\n{intro * 3}Here is an example command:\n\n```sh\nrun\n```\n\n## Next\n\n{intro}\n"
    ja_intro = "ホスト名の引数を使って、コレクターをコンテナのアドレスにバインドしてください。"
    split = f"# ガイド\n\n{ja_intro * 3}\n\n以下はコマンドの例です。\n\n```sh\nrun\n```\n\n## 次へ\n\n{ja_intro}\n"
    added = f"# ガイド\n\n{ja_intro * 3}\n\n以下はコマンドの例です。\n\n```sh\nrun\n```\n\n## 次へ\n\n{ja_intro}\n\n{ja_intro}\n"
    files = {"en/guide.md": en, "ja/guide.md": split, "en/other.md": en, "ja/other.md": added}
    root = _write(tmp_path, files)
    found = {(f.path, f.code) for f in run_checks(Corpus.load(load_project(root / "mkdocs.yml")), select=["STR008"])}
    assert found == {("content/ja/other.md", "STR008")}


def test_hugo_comments_line_breaks_and_talk_lists_as_opentelemetry_io_writes_them(tmp_path):
    """A `{{< comment >}}` block is neither text nor a directive a translation must keep;
    `<br>` separates words (`Config<br>by` is not one word `Configby`), so a talk kept in
    English with its speakers and date is names only."""
    talk = ("- **[One YAML To Rule Them All: Declarative Config](https://x.test/a)**<br>by\n"
            "  Jamie Danielson, Honeycomb.io<br> Monday March 23, 2026 15:20 - 15:45CET\n")
    comment = "{{< comment >}} Note that we have to use the alert shortcode because it contains\ntab panes.\n{{< /comment >}}\n"
    files = {"en/talks.md": f"# Talks\n\n{talk}\n{comment}\nThe end of the page is here now.\n",
             "ja/talks.md": f"# トーク\n\n{talk}\nページの終わりはここです。\n"}
    root = _write(tmp_path, files, "    ignore: [LNK]\n")
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    assert [(f.code, f.line) for f in run_checks(corpus, select=["STR", "UNT", "FCT", "TXT"])] == []


def test_a_long_talk_list_entry_with_a_common_word_is_names_and_a_sentence_is_not(tmp_path):
    from quangba.checks.untranslated import is_names_only
    from quangba.core.glossary import for_project

    glossary = for_project(load_project(_write(tmp_path, {}) / "mkdocs.yml"))
    assert is_names_only("OpenTelemetry Logs Driving a Major Shift: Events, Richer Data, and Smarter Semantics "
                         "Robert Pająk, Splunk, a Cisco company Tuesday March 24, 2026 16:15", glossary)
    assert is_names_only("Panel: The Spec-tacular Game Show V2 Adriana Villela, Dynatrace; Pablo Baeyens, Datadog", glossary)
    assert not is_names_only("The Collector receives traces and sends them to Jaeger.", glossary)
    assert not is_names_only("CNCF logo", glossary)


def test_template_leftovers_are_off_without_quangbas_page_schema(tmp_path):
    """opentelemetry.io's docs cite `https://example.com/…` on purpose (154 TXT005 findings):
    no page of a project without quangba's page schema was written by `quangba new`."""
    files = {"en/a.md": "# A\n\nSend the request to https://example.com/api and read the answer.\n"}
    off = _write(tmp_path / "off", files)
    on = _write(tmp_path / "on", files)
    on.joinpath("mkdocs.yml").write_text(on.joinpath("mkdocs.yml").read_text(encoding="utf-8").replace("page_schema: false\n", ""), encoding="utf-8")
    assert run_checks(Corpus.load(load_project(off / "mkdocs.yml")), select=["TXT005"]) == []
    assert [f.code for f in run_checks(Corpus.load(load_project(on / "mkdocs.yml")), select=["TXT005"])] == ["TXT005"]
