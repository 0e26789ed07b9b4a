"""Content packages (`quangba export package`), read back as Vietnam.vn, a newspaper or a
partner province would: the ZIP unzips, its manifest validates against the published JSON
Schema, and what it holds is what the site shows and what the editors wrote."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import lxml.html
import pytest
from PIL import Image
from photos import ICC, assert_no_metadata, camera_file
from projects import PROJECT, run_quangba, copy_sample
from sitehtml import page_file

from quangba.core.corpus import Corpus
from quangba.core.imagefile import strip_metadata
from quangba.office.package import SCHEMA_URL, package_name, schema_path
from quangba.core.project import load_project
from quangba.core.schema import DESIGNATIONS, FACTS, PAGE_TYPES

SINCE = "2025-07-01"
ABSOLUTE = ("https://", "http://", "mailto:")


@dataclass
class Exports:
    project: Path
    site: Path  # the site as `quangba build -d` builds it
    corpus: Corpus
    runs: dict[str, Path]  # name -> folder of ZIPs
    outputs: dict[str, str]  # name -> what the command printed


_copy_sample = copy_sample  # a writable copy of the sample project (tests/projects.py)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Exports:
    """The sample content, built once, then exported five ways by the real command. The
    exports run side by side (each builds the site into its own temporary folder)."""
    base = tmp_path_factory.mktemp("package")
    project = _copy_sample(base / "project")
    site = base / "site"
    built = run_quangba(project, "build", "-d", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    commands = {
        "all": [],
        "again": [],
        "en": ["--lang", "en"],
        "since": ["--since", SINCE],
        "future": ["--since", "2999-01-01"],
    }
    runs = {name: base / "out" / name for name in commands}

    def export(name: str):
        return run_quangba(project, "export", "package", "--out", str(runs[name]), *commands[name])

    with ThreadPoolExecutor(len(commands)) as pool:
        results = dict(zip(commands, pool.map(export, commands)))
    for name, result in results.items():
        assert result.returncode == 0, (name, result.stdout + result.stderr)
    return Exports(project, site, Corpus.load(load_project(project / "mkdocs.yml")), runs,
                   {name: result.stdout for name, result in results.items()})


@pytest.fixture(scope="module")
def schema() -> dict:
    data = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def _zips(folder: Path) -> dict[str, Path]:
    return {path.name: path for path in sorted(folder.glob("*.zip"))} if folder.is_dir() else {}


def _manifest(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("manifest.json").decode("utf-8"))


def _published(corpus: Corpus) -> list[str]:
    return [key for key in corpus.keys() if corpus.is_published(key)]


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _site_article_text(site: Path, url: str) -> str:
    """The article of a built page as a reader sees it, without the permalink anchors and
    the home page's links to the rest of the site (cards, next events, latest news)."""
    doc = lxml.html.fromstring(page_file(site, url).read_bytes())
    article = doc.xpath("//article[contains(@class,'md-content__inner')]")[0]
    for anchor in article.xpath(".//a[contains(@class,'headerlink')] | .//a[contains(@class,'md-content__button')]"
                                " | .//*[contains(@class,'qb-site-only')]"):
        anchor.drop_tree()
    return _text(article)


def test_the_command_prints_every_package(exports):
    names = sorted(_zips(exports.runs["all"]))
    printed = exports.outputs["all"].splitlines()
    assert sorted(Path(line).name for line in printed[:-1]) == names
    assert printed[-1].startswith(f"{len(names)} package(s)")


def test_one_package_per_published_page(exports):
    expected = sorted(package_name(key) for key in _published(exports.corpus))
    assert sorted(_zips(exports.runs["all"])) == expected
    assert "heritage__tan-trao.zip" in expected and "index.zip" in expected


def test_every_package_unzips_and_its_manifest_validates(exports, schema):
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for name, path in _zips(exports.runs["all"]).items():
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, name
            manifest = _manifest(archive)
            errors = sorted(validator.iter_errors(manifest), key=str)
            assert not errors, (name, [f"{list(e.absolute_path)}: {e.message}" for e in errors])
            expected = {"manifest.json"} | {image["file"] for image in manifest["images"]}
            for language in manifest["languages"]:
                expected |= {language["html"], language["markdown"]}
            assert set(archive.namelist()) == expected, name


def test_manifest_matches_the_corpus(exports):
    corpus = exports.corpus
    for key in _published(corpus):
        with zipfile.ZipFile(exports.runs["all"] / package_name(key)) as archive:
            manifest = _manifest(archive)
        source = corpus.page(corpus.source_language, key).meta
        assert manifest["schema"] == SCHEMA_URL and manifest["version"] == 1
        assert manifest["key"] == key
        assert manifest["type"] == source["type"]
        assert manifest["source_language"] == corpus.source_language
        assert manifest["site_url"] == corpus.project.site_url
        assert [entry["lang"] for entry in manifest["languages"]] == corpus.languages_of(key)
        for entry in manifest["languages"]:
            lang = entry["lang"]
            meta = corpus.merged_meta(lang, key)
            assert entry["title"] == meta["title"], (key, lang)
            assert entry["description"] == meta["description"], (key, lang)
            assert entry["url"] == corpus.absolute_url(lang, key)
            assert entry["html"] == f"{lang}/page.html" and entry["markdown"] == f"{lang}/page.md"
            assert entry["published"] == (source["date"].isoformat() if "date" in source else None)
            if lang == corpus.source_language:
                assert "source_hash" not in entry
            else:
                assert entry["source_hash"] == corpus.page(lang, key).meta["source_hash"]
        facts = {name: value.isoformat() if isinstance(value, dt.date) else value
                 for name, value in (source.get("facts") or {}).items()}
        assert manifest["facts"] == facts
        assert manifest["sources"] == [{"title": s["title"], "url": s["url"]} for s in source.get("sources") or []]
        generated = dt.datetime.fromisoformat(manifest["generated"])
        assert generated.utcoffset() == dt.timedelta(hours=7)
        if source.get("updated") or source.get("date"):
            assert generated.date() == (source.get("updated") or source["date"])


def test_html_fragment_is_the_article_the_site_shows(exports):
    checked = 0
    for name, path in _zips(exports.runs["all"]).items():
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(archive)
            for entry in manifest["languages"]:
                html = archive.read(entry["html"]).decode("utf-8")
                fragment = lxml.html.fragment_fromstring(html, create_parent="div")
                url = exports.corpus.url(entry["lang"], manifest["key"])
                assert _text(fragment) == _site_article_text(exports.site, url), (name, entry["lang"])
                if manifest["key"] == "index.md":
                    # the home page's text and figures, not its cards and news list
                    assert "qb-figures" in html and "qb-cards" not in html and "qb-latest" not in html
                assert not fragment.xpath(".//a[contains(@class,'headerlink')] | .//article | .//html | .//body")
                assert fragment.xpath(".//h1"), (name, entry["lang"])
                for value in fragment.xpath(".//@href | .//@src"):
                    assert value.startswith(ABSOLUTE), (name, entry["lang"], value)
                for value in fragment.xpath(".//@srcset"):
                    for candidate in value.split(","):
                        assert candidate.strip().startswith(ABSOLUTE), (name, entry["lang"], value)
                checked += 1
    assert checked >= 5 * 20


def test_markdown_is_the_file_as_written(exports):
    docs = exports.project / "docs"
    for name, path in _zips(exports.runs["all"]).items():
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(archive)
            for entry in manifest["languages"]:
                written = (docs / entry["lang"] / manifest["key"]).read_bytes()
                assert archive.read(entry["markdown"]) == written, (name, entry["lang"])
                assert written.startswith(b"---")


def test_images_are_the_original_files(exports):
    docs = exports.project / "docs"
    site_url = exports.corpus.project.site_url
    with_images = 0
    for name, path in _zips(exports.runs["all"]).items():
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(archive)
            files = [image["file"] for image in manifest["images"]]
            assert len(files) == len(set(files)), name
            for image in manifest["images"]:
                assert image["url"].startswith(site_url + "assets/"), image["url"]
                original = docs / image["url"][len(site_url):]
                data = archive.read(image["file"])
                assert data == strip_metadata(original.read_bytes()), (name, image["file"])  # the original, clean
                assert_no_metadata(data, f"{name}:{image['file']}")
                with Image.open(io.BytesIO(data)) as img:
                    assert (image["width"], image["height"]) == img.size
                    assert image["media_type"] == Image.MIME[img.format]
                assert set(image["alt"]) == {entry["lang"] for entry in manifest["languages"]}, name
                assert all(text.strip() for text in image["alt"].values()), name
            hero = exports.corpus.page(exports.corpus.source_language, manifest["key"]).meta.get("image")
            if hero:
                with_images += 1
                first = manifest["images"][0]
                assert first["url"] == site_url + hero["src"]
                assert (first["credit"], first["license"]) == (hero.get("credit"), hero.get("license"))
                for entry in manifest["languages"]:
                    assert first["alt"][entry["lang"]] == exports.corpus.merged_meta(entry["lang"], manifest["key"])["image"]["alt"]
    assert with_images >= 10


def test_lang_limits_the_languages(exports):
    corpus = exports.corpus
    expected = sorted(package_name(key) for key in _published(corpus) if corpus.available("en", key))
    found = _zips(exports.runs["en"])
    assert sorted(found) == expected
    for name, path in found.items():
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(archive)
            assert [entry["lang"] for entry in manifest["languages"]] == ["en"]
            assert {entry.split("/", 1)[0] for entry in archive.namelist()} <= {"en", "images", "manifest.json"}
            assert all(set(image["alt"]) == {"en"} for image in manifest["images"])
            with zipfile.ZipFile(exports.runs["all"] / name) as full:
                assert archive.read("en/page.html") == full.read("en/page.html")


def test_since_selects_pages_changed_on_or_after_the_date(exports):
    corpus = exports.corpus
    day = dt.date.fromisoformat(SINCE)
    expected = []
    for key in _published(corpus):
        meta = corpus.page(corpus.source_language, key).meta
        when = meta.get("updated") or meta.get("date")
        if when is not None and when >= day:
            expected.append(package_name(key))
    found = _zips(exports.runs["since"])
    assert sorted(found) == sorted(expected)
    assert "news__new-province-begins-work.zip" in found  # dated 2025-07-01 itself
    assert "news__national-assembly-merger-resolution.zip" not in found  # 2025-06-12
    assert "index.zip" not in found  # undated: only without --since
    for name, path in found.items():  # the same content gives the same bytes, whatever the run
        assert path.read_bytes() == (exports.runs["all"] / name).read_bytes(), name


def test_since_in_the_future_gives_no_package(exports):
    assert _zips(exports.runs["future"]) == {}
    assert exports.outputs["future"].strip().startswith("0 package(s)")


def test_two_exports_are_byte_identical(exports):
    first, second = _zips(exports.runs["all"]), _zips(exports.runs["again"])
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name
        with zipfile.ZipFile(first[name]) as archive:
            names = archive.namelist()
            assert names == sorted(names)
            assert len({info.date_time for info in archive.infolist()}) == 1


def test_unknown_language_is_refused(exports, tmp_path):
    result = run_quangba(exports.project, "export", "package", "--lang", "en,xx", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "xx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_schema_knows_every_fact_and_type(schema):
    """The published schema moves with the front matter schema."""
    assert set(schema["properties"]["facts"]["properties"]) == set(FACTS)
    assert schema["properties"]["facts"]["properties"]["designation"]["enum"] == list(DESIGNATIONS)
    assert schema["properties"]["type"]["enum"] == list(PAGE_TYPES)
    assert schema["$id"] == SCHEMA_URL


# -- what the sample content does not have: drafts, and images inside the text -----------------

NEWS = """---
type: news
title: Tin có ảnh trong bài
description: Một tin có ảnh chèn trong thân bài.
date: 2026-01-05
credits:
  assets/images/extra.png: Nguyễn Văn A
sources:
  - title: Nguồn
    url: https://example.test/nguon
---
Đoạn mở đầu.

![Ảnh chèn trong bài](../../assets/images/extra.png)

Đoạn kết.
"""
DRAFT = NEWS.replace("type: news\n", "type: news\ndraft: true\n").replace("Tin có ảnh", "Tin nháp")
DRAFT_EN = ("---\ntitle: Unapproved English wording\ndescription: Draft translation.\ndraft: true\nsource_hash: \"\"\n---\n"
            "Welcome to the [heritage](heritage/index.md).\n\n## History\n\nA paragraph.\n\n## History\n\nA second paragraph.\n")


@pytest.fixture(scope="module")
def mini_export(tmp_path_factory):
    from projects import FIXTURES, copy_project

    project = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("package-mini") / "project")
    (project / "docs/vi/news").mkdir(parents=True)
    (project / "docs/vi/news/tin-anh.md").write_text(NEWS, encoding="utf-8")
    (project / "docs/vi/news/tin-nhap.md").write_text(DRAFT, encoding="utf-8")
    (project / "docs/en/index.md").write_text(DRAFT_EN, encoding="utf-8")
    (project / "docs/assets/images/extra.png").write_bytes(camera_file("PNG", size=(640, 360)))  # with GPS
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "        heritage: [zh, ko, ja]\n", "        heritage: [zh, ko, ja]\n        news: []\n"), encoding="utf-8")
    assert run_quangba(project, "stamp", "--all").returncode == 0
    out = project / "packages"
    result = run_quangba(project, "export", "package", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return project, _zips(out)


def test_drafts_and_draft_translations_stay_out(mini_export):
    project, found = mini_export
    assert "news__tin-anh.zip" in found and "news__tin-nhap.zip" not in found
    for name, path in found.items():
        with zipfile.ZipFile(path) as archive:
            assert "Tin nháp" not in b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    with zipfile.ZipFile(found["index.zip"]) as archive:
        assert "en" not in [entry["lang"] for entry in _manifest(archive)["languages"]]  # a draft translation
        assert not any(name.startswith("en/") for name in archive.namelist())
    with zipfile.ZipFile(found["heritage__tan-trao.zip"]) as archive:  # not translated into English yet
        assert [entry["lang"] for entry in _manifest(archive)["languages"]] == ["vi", "zh", "ko", "ja"]


def test_images_in_the_text_are_packed_with_their_credit(mini_export, schema):
    project, found = mini_export
    with zipfile.ZipFile(found["news__tin-anh.zip"]) as archive:
        manifest = _manifest(archive)
        jsonschema.validate(manifest, schema, cls=jsonschema.Draft202012Validator)
        assert manifest["images"] == [{
            "file": "images/extra.png", "url": "https://example.test/assets/images/extra.png",
            "width": 640, "height": 360, "media_type": "image/png",
            "credit": "Nguyễn Văn A", "license": None, "alt": {"vi": "Ảnh chèn trong bài"},
        }]
        packed = archive.read("images/extra.png")
        assert packed == strip_metadata((project / "docs/assets/images/extra.png").read_bytes())
        assert assert_no_metadata(packed).info.get("icc_profile") == ICC
        fragment = lxml.html.fragment_fromstring(archive.read("vi/page.html").decode("utf-8"), create_parent="div")
        img = fragment.xpath(".//img")[0]
        assert img.get("alt") == "Ảnh chèn trong bài"
        assert img.get("src").startswith("https://example.test/assets/images/")
