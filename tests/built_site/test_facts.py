"""Fact boxes are drawn from the source's neutral facts, in the reader's language."""

from __future__ import annotations

import datetime as dt

from sitehtml import page_file, parse

from quangba.core import locale
from quangba.core.facts import fact_rows


def _facts(doc) -> dict[str, tuple[str, str]]:
    rows = {}
    for row in doc.xpath("//aside[contains(@class,'qb-facts')]//*[@data-fact]"):
        rows[row.get("data-fact")] = (
            row.xpath("dt")[0].text_content().strip(),
            " ".join(row.xpath("dd")[0].text_content().split()),
        )
    return rows


def test_dates_and_numbers_follow_the_locale():
    meta = {"facts": {"gi_date": dt.date(2020, 10, 7), "area_km2": 13795.5, "population": 1865270}}
    expected = {
        "vi": ("7 tháng 10, 2020", "13.795,5 km²", "1.865.270"),
        "en": ("October 7, 2020", "13,795.5 km²", "1,865,270"),
        "zh": ("2020年10月7日", "13,795.5平方公里", "1,865,270"),
        "ko": ("2020년 10월 7일", "13,795.5km²", "1,865,270"),
        "ja": ("2020年10月7日", "13,795.5km²", "1,865,270"),
    }
    for lang, values in expected.items():
        rows = {row.key: row.value for row in fact_rows(meta, lang)}
        assert (rows["gi_date"], rows["area_km2"], rows["population"]) == values, lang


def test_heritage_and_product_pages_show_a_fact_box(sample_site):
    from quangba.core.corpus import Corpus
    from quangba.core.project import load_project

    corpus = Corpus.load(load_project(sample_site.root / "mkdocs.yml"))
    keys = [k for k in corpus.keys() if corpus.page("vi", k).meta.get("type") in ("heritage", "product")]
    assert len(keys) >= 9
    for key in keys:
        facts = corpus.page("vi", key).meta.get("facts") or {}
        for lang in corpus.project.languages:
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            shown = _facts(doc)
            assert set(shown) == set(facts), (lang, key)
            catalog = locale.Catalog(lang)
            for name, (label, value) in shown.items():
                assert label == catalog.get(f"facts.{name}"), (lang, key, name)
                if isinstance(facts[name], dt.date):
                    assert value == locale.long_date(facts[name], lang)


def test_fact_box_of_ham_yen_orange(sample_site):
    expected = {"": "7 tháng 10, 2020", "en/": "October 7, 2020", "zh/": "2020年10月7日", "ja/": "2020年10月7日", "ko/": "2020년 10월 7일"}
    for prefix, date in expected.items():
        doc = parse(sample_site.site / prefix / "products/ham-yen-orange/index.html")
        facts = _facts(doc)
        assert facts["gi_date"][1] == date
        assert facts["gi_number"][1] == "00086"


def test_every_catalog_has_every_string():
    for lang in ("vi", "en", "zh", "ko", "ja", "lo"):
        assert locale.has_catalog(lang), lang
        assert locale.missing_catalog_keys(lang) == [], lang


def test_images_have_alt_text_in_the_page_language_and_a_credit(sample_site):
    from quangba.core.corpus import Corpus
    from quangba.core.project import load_project

    corpus = Corpus.load(load_project(sample_site.root / "mkdocs.yml"))
    with_image = [k for k in corpus.keys() if corpus.page("vi", k).meta.get("image")]
    assert len(with_image) >= 10
    for key in with_image:
        alts = set()
        for lang in corpus.project.languages:
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            figure = doc.xpath("//figure[contains(@class,'qb-hero')]")[0]
            alt = figure.xpath(".//img/@alt")[0]
            assert alt and alt == corpus.page(lang, key).meta["image"]["alt"], (lang, key)
            alts.add(alt)
            assert figure.xpath(".//*[contains(@class,'qb-credit')]"), (lang, key)
            assert figure.xpath(".//img/@width") and figure.xpath(".//img/@height")
        assert len(alts) == len(corpus.project.languages), key


def test_travel_pages_are_places_with_a_fact_box(sample_site):
    """The travel section's places use the heritage type: the Hoàng Su Phì terraces show their
    ranking and area in each language, and JSON-LD calls the Đồng Văn old quarter (a national
    relic) a historical landmark and the Mã Pí Lèng pass (no ranking in its facts) an attraction only."""
    import json

    expected_area = {"": "1.380 ha", "en/": "1,380 ha", "zh/": "1,380公顷", "ko/": "1,380ha", "ja/": "1,380ha"}
    for prefix, area in expected_area.items():
        doc = parse(sample_site.site / prefix / "travel/hoang-su-phi/index.html")
        facts = _facts(doc)
        assert facts["area_ha"][1] == area, prefix
        lang = prefix.strip("/") or "vi"
        assert facts["designation"][1] == locale.Catalog(lang).get("designation.national-scenic-landscape"), prefix
        assert facts["recognized"][1] == locale.long_date(dt.date(2011, 11, 1), lang), prefix

    def subject_types(path: str) -> list[str]:
        doc = parse(sample_site.site / path)
        (block,) = doc.xpath("//script[@type='application/ld+json']/text()")
        (subject,) = [node for node in json.loads(block)["@graph"] if str(node.get("@id", "")).endswith("#subject")]
        return subject["@type"]

    assert subject_types("ko/travel/dong-van/index.html") == ["TouristAttraction", "LandmarksOrHistoricalBuildings"]
    assert subject_types("ja/travel/ma-pi-leng/index.html") == ["TouristAttraction"]


def _fact_box_values(doc, facts: dict, lang: str) -> tuple[set, set[str], set[str]]:
    """What a page's fact box says: the number reader's keys of its dates, codes and numbers
    (however a table writes them, `10/5/2012` or `10 May 2012`), its names (a designation:
    a cell that *is* the name repeats it; "Khu công nghiệp Sơn Nam" does not) and its web
    addresses (a cell that contains one repeats it)."""
    from quangba.core import numbers

    keys: set = set()
    names: set[str] = set()
    addresses: set[str] = set()
    for name, (_label, value) in _facts(doc).items():
        raw = facts[name]
        if isinstance(raw, dt.date):
            keys.add(("date", (raw.year, raw.month, raw.day)))
        elif isinstance(raw, str) and "://" in raw:
            addresses.add(value.casefold())
        else:
            found = {fact.key for fact in numbers.extract(str(raw), "vi") + numbers.extract(value, lang)}
            keys |= found
            if not found:
                names.add(value.casefold())
    return keys, names, addresses


def repeated_fact_box_cells(doc, facts: dict, lang: str) -> list[str]:
    """The cells of the body's tables that repeat a value of the page's fact box."""
    from quangba.core import numbers

    keys, names, addresses = _fact_box_values(doc, facts, lang)
    repeated = []
    for cell in doc.xpath("//article//table//td[not(ancestor::aside)]"):
        text = " ".join(cell.text_content().split())
        folded = text.casefold()
        cell_keys = {fact.key for fact in numbers.extract(text, lang)}
        if cell_keys & keys or folded in names or any(address in folded for address in addresses):
            repeated.append(text)
    return repeated


#: Pages whose body table still repeats the fact box, outside the heritage and product pages
#: this was fixed for (the province's area, population and date; the board's web address).
def test_no_body_table_repeats_the_fact_box(sample_site):
    """The fact box is the one place a page's neutral facts are shown: a "Key facts" table in
    the text that repeats its designation, decision number or dates says everything twice."""
    from quangba.core.corpus import Corpus
    from quangba.core.project import load_project

    corpus = Corpus.load(load_project(sample_site.root / "mkdocs.yml"))
    checked, repeated = 0, {}
    for key in corpus.keys():
        facts = corpus.page("vi", key).meta.get("facts") or {}
        if not facts:
            continue
        for lang in corpus.project.languages:
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            if cells := repeated_fact_box_cells(doc, facts, lang):
                repeated[lang, key] = cells
            checked += 1
    assert repeated == {}  # every page that says its facts twice, at once
    assert checked >= 40


def test_a_repeated_decision_number_is_caught():
    """The detector itself, on a page as it was before the duplicates were removed."""
    from lxml import html as lxml_html

    facts = {"designation": "special-national-relic", "decision": "548/QĐ-TTg", "recognized": dt.date(2012, 5, 10)}
    box = "".join(
        f'<div data-fact="{row.key}"><dt>{row.label}</dt><dd>{row.value}</dd></div>' for row in fact_rows({"facts": facts}, "en"))
    def page(cells: str) -> str:
        return f'<html><body><article><aside class="qb-facts"><dl>{box}</dl></aside><table><tr>{cells}</tr></table></article></body></html>'

    doc = lxml_html.fromstring(page("<td>Decision No. 548/QĐ-TTg of the Prime Minister</td><td>10 May 2012</td>"
                                    "<td>Special national relic site</td>"))
    assert repeated_fact_box_cells(doc, facts, "en") == [
        "Decision No. 548/QĐ-TTg of the Prime Minister", "10 May 2012", "Special national relic site"]
    doc = lxml_html.fromstring(page("<td>12 ATK communes</td><td>The National People's Congress, August 1945</td>"
                                    "<td>Special national relic sites of the province</td>"))
    assert repeated_fact_box_cells(doc, facts, "en") == []
