"""Feeds, structured data and sitemaps, read back with real parsers (feedparser, lxml,
jsonschema), as Vietnam.vn's or a partner's systems would read them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import jsonschema
import pytest
from lxml import etree
from projects import build, copy_project
from sitehtml import page_file, parse

from quangba.core.corpus import Corpus
from quangba.core.project import load_project

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
MEDIA = "{http://search.yahoo.com/mrss/}"
SM = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def corpus(sample_site) -> Corpus:
    return Corpus.load(load_project(sample_site.root / "mkdocs.yml"))


def _expected_items(corpus: Corpus, lang: str, news_only: bool) -> list[str]:
    keys = []
    for key in corpus.keys():
        meta = corpus.merged_meta(lang, key)
        if corpus.available(lang, key) and meta.get("type") != "page" and meta.get("date"):
            if not news_only or meta.get("type") == "news":
                keys.append((meta["date"], corpus.absolute_url(lang, key)))
    return [url for _, url in sorted(keys, reverse=True)]


@pytest.mark.parametrize("folder", ["", "news/"])
def test_feeds_parse_with_the_right_language_items_and_dates(sample_site, corpus, folder):
    for lang in corpus.project.languages:
        base = sample_site.site / corpus.url(lang, "index.md") / folder
        expected = _expected_items(corpus, lang, news_only=bool(folder))
        assert expected, (lang, folder)
        for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
            feed = feedparser.parse(str(base / name))
            assert not feed.bozo, (lang, name, feed.get("bozo_exception"))
            assert feed.version == version
            assert feed.feed.language == lang
            ids = [entry.id for entry in feed.entries]
            assert sorted(ids) == sorted(expected), (lang, name)
            assert [e.link for e in feed.entries] == ids
            dates = [dt.datetime(*e.published_parsed[:6]) for e in feed.entries]
            assert dates == sorted(dates, reverse=True), "newest first"
            for entry in feed.entries:
                assert entry.title and entry.summary
                assert entry.content[0].value.strip().startswith("<")
                assert entry.published.endswith(("+07:00", "+0700")), entry.published
                assert entry.tags, "categories from the page type"
            channel_link = feed.feed.link
            assert channel_link == corpus.absolute_url(lang, "index.md")
        data = json.loads((base / "feed.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8")),
                            format_checker=jsonschema.FormatChecker())
        assert data["language"] == lang
        assert sorted(item["id"] for item in data["items"]) == sorted(expected)
        for item in data["items"]:
            dt.datetime.fromisoformat(item["date_published"])


def test_feed_content_has_absolute_addresses(sample_site, corpus):
    feed = feedparser.parse(str(sample_site.site / "en" / "feed.xml"))
    for entry in feed.entries:
        html = etree.HTML(entry.content[0].value)
        for value in html.xpath("//a/@href | //img/@src"):
            assert value.startswith(("https://", "http://", "mailto:")), (entry.id, value)
        assert not html.xpath("//a[contains(@class,'headerlink')]")


def test_media_rss_describes_each_image_in_the_feed_language(sample_site, corpus):
    tree = etree.parse(str(sample_site.site / "ja" / "feed.xml"))
    items = tree.findall(".//item")
    with_image = [i for i in items if i.find(f"{MEDIA}content") is not None]
    assert len(with_image) >= 9
    for item in with_image:
        content = item.find(f"{MEDIA}content")
        assert content.get("medium") == "image" and content.get("type") == "image/png"
        assert int(content.get("width")) == 1600 and int(content.get("height")) == 900
        assert content.find(f"{MEDIA}credit").text == "quangba · CC BY 4.0"
        description = content.find(f"{MEDIA}description").text
        key = item.findtext("link").split("/ja/", 1)[1].rstrip("/") + ".md"
        assert description == corpus.merged_meta("ja", key)["image"]["alt"]
        enclosure = item.find("enclosure")
        assert int(enclosure.get("length")) == (corpus.project.docs_dir / "assets/images" / content.get("url").rsplit("/", 1)[1]).stat().st_size
    # and feedparser sees the media too
    entry = next(e for e in feedparser.parse(str(sample_site.site / "ja" / "feed.xml")).entries if e.get("media_content"))
    assert entry.media_content[0]["width"] == "1600"


def test_feed_ids_are_stable_across_builds(sample_site, tmp_path):
    again = build(copy_project(sample_site.root, tmp_path / "again"))
    for path in ("feed.xml", "zh/feed.json", "ko/news/atom.xml"):
        first = (sample_site.site / path).read_text(encoding="utf-8")
        second = (again.site / path).read_text(encoding="utf-8")
        if path.endswith(".json"):
            assert sorted(i["id"] for i in json.loads(first)["items"]) == sorted(i["id"] for i in json.loads(second)["items"])
            assert json.loads(first)["items"]
        else:
            ids = [sorted(e.id for e in feedparser.parse(text).entries) for text in (first, second)]
            assert ids[0] == ids[1] and ids[0]


def test_pages_announce_their_own_languages_feeds(sample_site, corpus):
    for lang in corpus.project.languages:
        for key in ("index.md", "heritage/tan-trao.md", "news/index.md"):
            here = page_file(sample_site.site, corpus.url(lang, key))
            links = parse(here).xpath("//head/link[@rel='alternate'][@type]")
            # the language's feeds, and its events as iCalendar (web/ics.py)
            assert {l.get("type") for l in links} == {"application/rss+xml", "application/atom+xml", "application/feed+json", "text/calendar"}
            for link in links:
                target = (here.parent / link.get("href")).resolve()
                assert target.is_file(), link.get("href")
                prefix = sample_site.site / corpus.url(lang, "index.md")
                assert target.is_relative_to(prefix.resolve())
                if lang == "vi":
                    assert not any(target.is_relative_to((sample_site.site / other).resolve()) for other in corpus.project.translation_languages)


REQUIRED = {
    "WebPage": {"name", "url", "inLanguage", "publisher"},
    "NewsArticle": {"headline", "datePublished", "dateModified", "author", "publisher", "image", "inLanguage"},
    "TouristAttraction": {"name", "description", "url", "containedInPlace"},
    "Product": {"name", "description", "countryOfOrigin", "identifier", "image"},
    "AdministrativeArea": {"name", "containedInPlace"},
    "GovernmentOrganization": {"name", "url"},
}


def _jsonld(doc) -> dict:
    (block,) = doc.xpath("//script[@type='application/ld+json']/text()")
    return json.loads(block)


def test_every_page_has_json_ld_of_its_type(sample_site, corpus):
    for lang in corpus.project.languages:
        for key in corpus.keys():
            meta = corpus.merged_meta(lang, key)
            data = _jsonld(parse(page_file(sample_site.site, corpus.url(lang, key))))
            assert data["@context"] == "https://schema.org"
            nodes = data["@graph"]
            types = {t for node in nodes for t in ([node["@type"]] if isinstance(node["@type"], str) else node["@type"])}
            for node in nodes:
                for node_type in [node["@type"]] if isinstance(node["@type"], str) else node["@type"]:
                    missing = REQUIRED.get(node_type, set()) - set(node)
                    if node_type == "Product" and "gi_number" not in (meta.get("facts") or {}):
                        missing.discard("identifier")
                    assert not missing, (lang, key, node_type, missing)
            main = next(n for n in nodes if n.get("@id") == corpus.absolute_url(lang, key))
            assert main["inLanguage"] == lang
            if lang == "vi":
                assert {t["inLanguage"] for t in main["workTranslation"]} == {"en", "zh", "ko", "ja"}
            else:
                assert main["translationOfWork"] == {"@id": corpus.absolute_url("vi", key), "inLanguage": "vi"}
            kind = meta.get("type")
            if key == "index.md":
                assert "AdministrativeArea" in types
            if kind == "heritage":
                assert "TouristAttraction" in types
                if (meta.get("facts") or {}).get("designation") in ("special-national-relic", "national-relic"):
                    assert "LandmarksOrHistoricalBuildings" in types
            if kind == "product":
                assert "Product" in types
            if kind == "news":
                assert main["@type"] == "NewsArticle"
                assert main["datePublished"] == meta["date"].isoformat()
                publisher = next(n for n in nodes if n["@type"] == "GovernmentOrganization")
                assert main["publisher"] == {"@id": publisher["@id"]}


def test_product_json_ld_carries_the_geographical_indication(sample_site):
    data = _jsonld(parse(sample_site.site / "en/products/ham-yen-orange/index.html"))
    product = next(n for n in data["@graph"] if n["@type"] == "Product")
    assert product["identifier"]["value"] == "00086"
    assert product["countryOfOrigin"]["name"] == "Vietnam"


def test_sitemaps_per_language_and_index(sample_site, corpus):
    index = etree.parse(str(sample_site.site / "sitemap-index.xml"))
    locs = index.xpath("//s:sitemap/s:loc/text()", namespaces=SM)
    assert locs == [corpus.project.site_url + corpus.url(lang, "index.md") + "sitemap.xml" for lang in corpus.project.languages]
    for lang in corpus.project.languages:
        tree = etree.parse(str(sample_site.site / corpus.url(lang, "index.md") / "sitemap.xml"))
        assert sorted(tree.xpath("//s:loc/text()", namespaces=SM)) == sorted(corpus.absolute_url(lang, k) for k in corpus.keys())
    robots = (sample_site.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {corpus.project.site_url}sitemap-index.xml" in robots
