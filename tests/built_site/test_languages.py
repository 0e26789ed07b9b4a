"""Every language version is a first-class site (issue: foundation, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitehtml import head_alternates, nav_titles, page_file, parse, switcher_links

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.core.project import load_project


@pytest.fixture(scope="module")
def corpus(sample_site) -> Corpus:
    return Corpus.load(load_project(sample_site.root / "mkdocs.yml"))


def test_every_page_exists_in_every_language_with_its_language(sample_site, corpus):
    project = corpus.project
    assert project.languages == ("vi", "en", "zh", "ko", "ja")
    keys = corpus.keys()
    assert len(keys) >= 19
    for lang in project.languages:
        catalog = locale.Catalog(lang)
        for key in keys:
            assert corpus.exists(lang, key), f"docs/{lang}/{key} is missing"
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            assert doc.get("lang") == lang, (lang, key)
            # the site name, in that language, in the header
            topic = " ".join(doc.xpath("//header//*[contains(@class,'md-header__topic')]")[0].text_content().split())
            assert topic == catalog.get("site_name")
            # interface language: Material's strings follow the page (search placeholder)
            placeholder = doc.xpath("//input[@name='query']/@placeholder")
            assert placeholder and placeholder[0] != "", (lang, key)
            assert doc.xpath("//h1")[0].text_content().strip() == corpus.merged_meta(lang, key)["title"]


def test_interface_strings_differ_per_language(sample_site, corpus):
    placeholders = {
        lang: parse(page_file(sample_site.site, corpus.url(lang, "index.md"))).xpath("//input[@name='query']/@placeholder")[0]
        for lang in corpus.project.languages
    }
    assert len(set(placeholders.values())) == len(placeholders), placeholders


def test_navigation_titles_are_the_pages_titles_in_that_language(sample_site, corpus):
    for lang in corpus.project.languages:
        doc = parse(page_file(sample_site.site, corpus.url(lang, "heritage/tan-trao.md")))
        titles = nav_titles(doc)
        for section in ("heritage", "investment", "products", "news"):
            expected = corpus.merged_meta(lang, f"{section}/index.md")["title"]
            assert expected in titles, (lang, section, titles)
            if lang != "en":
                # a folder slug as a title is exactly what must not happen
                assert section.capitalize() not in titles, (lang, titles)
        assert corpus.merged_meta(lang, "heritage/kim-binh.md")["title"] in titles


def test_navigation_follows_the_order_field(sample_site, corpus):
    doc = parse(page_file(sample_site.site, corpus.url("en", "index.md")))
    titles = nav_titles(doc)
    order = [corpus.merged_meta("en", k)["title"] for k in ("index.md", "province.md", "heritage/index.md", "investment/index.md", "products/index.md", "news/index.md")]
    positions = [titles.index(t) for t in order]
    assert positions == sorted(positions), titles


def test_language_switcher_leads_to_the_same_page(sample_site, corpus):
    for lang in corpus.project.languages:
        for key in corpus.keys():
            here = page_file(sample_site.site, corpus.url(lang, key))
            doc = parse(here)
            links = switcher_links(doc)
            assert [a.get("lang") for a in links] == list(corpus.project.languages)
            for a in links:
                target = (here.parent / a.get("href")).resolve()
                expected = page_file(sample_site.site, corpus.url(a.get("lang"), key)).parent.resolve()
                assert target == expected, (lang, key, a.get("href"))
                assert " ".join(a.text_content().split()) == locale.language_name(a.get("lang"))


def test_language_names_come_from_babel_in_their_own_script():
    assert [locale.language_name(x) for x in ("vi", "en", "zh", "ko", "ja", "lo")] == [
        "Tiếng Việt", "English", "中文", "한국어", "日本語", "ລາວ",
    ]


def test_hreflang_alternates_are_absolute_and_include_x_default(sample_site, corpus):
    site_url = corpus.project.site_url
    for lang in corpus.project.languages:
        for key in corpus.keys():
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            alternates = head_alternates(doc)
            expected = {other: site_url + corpus.url(other, key) for other in corpus.project.languages}
            expected["x-default"] = site_url + corpus.url("vi", key)
            assert alternates == expected, (lang, key)
            assert doc.xpath("//head/link[@rel='canonical']/@href") == [site_url + corpus.url(lang, key)]
            assert not doc.xpath("//meta[@name='robots']")


def test_sitemaps_carry_the_same_alternates(sample_site, corpus):
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    by_loc = {}
    for lang in corpus.project.languages:
        # one sitemap per language (Material's language selector asks for /<lang>/sitemap.xml)
        tree = etree.parse(str(sample_site.site / corpus.url(lang, "index.md") / "sitemap.xml"))
        for url in tree.xpath("//s:url", namespaces=ns):
            by_loc[url.findtext("s:loc", namespaces=ns)] = url
    assert len(by_loc) == len(corpus.keys()) * len(corpus.project.languages)
    for lang in corpus.project.languages:
        for key in corpus.keys():
            entry = by_loc[corpus.absolute_url(lang, key)]
            links = {l.get("hreflang"): l.get("href") for l in entry.xpath("x:link", namespaces=ns)}
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            assert links == head_alternates(doc)


def test_404_page_in_each_language(sample_site, corpus):
    for lang in corpus.project.languages:
        prefix = "" if lang == "vi" else f"{lang}/"
        doc = parse(sample_site.site / prefix / "404.html")
        assert doc.get("lang") == lang
        assert doc.xpath("//h1")[0].text_content().strip() == locale.Catalog(lang).get("not_found.title")
        assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
        # links from a 404 must work at any depth: absolute paths
        home = doc.xpath("//article//a/@href")[-1]
        assert home == "/" + corpus.url(lang, "index.md")


def test_heading_anchors_are_readable_and_unique(sample_site, corpus):
    for lang in corpus.project.languages:
        for key in corpus.keys():
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            ids = doc.xpath("//article//*[self::h2 or self::h3]/@id")
            assert len(ids) == len(set(ids)), (lang, key, ids)
            for anchor in ids:
                assert not anchor.startswith("_"), (lang, key, anchor)
                assert anchor.strip("_0123456789-"), (lang, key, anchor)


# The headings of the page's own text (the home page also has its landing sections, `qb-…`).
TEXT_H2_IDS = "//article//div[contains(@class, 'qb-home__text')]//h2/@id"


def test_cjk_and_vietnamese_anchors_keep_their_letters(mini_site):
    doc = parse(mini_site.site / "zh" / "index.html")
    assert doc.xpath(TEXT_H2_IDS) == ["历史沿革", "历史沿革_1"]
    assert parse(mini_site.site / "ja" / "index.html").xpath(TEXT_H2_IDS) == ["歴史", "歴史_1"]
    assert parse(mini_site.site / "ko" / "index.html").xpath(TEXT_H2_IDS) == ["역사", "역사_1"]
    assert parse(mini_site.site / "index.html").xpath(TEXT_H2_IDS) == ["lịch-sử", "lịch-sử_1"]


def _loaded_resources(doc) -> list[str]:
    refs = doc.xpath("//script/@src | //img/@src | //iframe/@src | //source/@src | //video/@src | //audio/@src")
    refs += doc.xpath("//link[not(@rel='alternate') and not(@rel='canonical') and not(@rel='prev') and not(@rel='next')]/@href")
    for srcset in doc.xpath("//img/@srcset | //source/@srcset"):
        refs += [part.split()[0] for part in srcset.split(",") if part.strip()]
    return refs


def test_nothing_is_loaded_from_another_host(sample_site):
    import re

    html_files = list(sample_site.site.rglob("*.html"))
    assert len(html_files) > 90
    for path in html_files:
        for ref in _loaded_resources(parse(path)):
            assert not re.match(r"^(https?:)?//", ref), f"{path}: loads {ref}"
    for css in sample_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)|@import\s+['\"]?((?:https?:)?//[^'\";]+)", text):
            pytest.fail(f"{css}: loads {match.group(0)}")
