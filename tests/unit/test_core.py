"""The core without MkDocs: parsing, hashing, URLs, schemas, rule docs."""

from __future__ import annotations

from pathlib import Path

from quangba.checks import RULES, _load_families
from quangba.core.content import parse_text, source_hash
from quangba.core.corpus import page_url
from quangba.core.schema import validate_source, validate_translation


def test_source_hash_ignores_wrapping_and_trailing_spaces_but_not_words():
    text = "Tân Trào là khu di tích.\n\n## Lịch sử\n\nĐoạn một dài.\n"
    rewrapped = "Tân Trào là khu   di tích.  \n\n## Lịch sử\n\nĐoạn một\ndài.\n"
    assert source_hash(text) == source_hash(rewrapped)
    assert source_hash(text) != source_hash(text.replace("một", "hai"))
    # merging two paragraphs is a change a translator must see
    assert source_hash("a\n\nb") != source_hash("a b")
    # the same letters typed with combining marks (NFD) are the same text
    import unicodedata

    assert source_hash(unicodedata.normalize("NFD", text)) == source_hash(text)


def test_page_urls():
    assert page_url("index.md", "vi", "vi") == ""
    assert page_url("index.md", "en", "vi") == "en/"
    assert page_url("heritage/index.md", "zh", "vi") == "zh/heritage/"
    assert page_url("heritage/tan-trao.md", "vi", "vi") == "heritage/tan-trao/"


def test_broken_yaml_is_a_problem_with_its_line():
    page = parse_text("---\ntype: page\ntitle: a: b\n---\nbody", "vi", "x.md", Path("x.md"))
    assert page.meta == {}
    assert [(p.line, p.code) for p in page.problems] == [(3, "SYN001")]


def test_front_matter_key_lines():
    page = parse_text("---\ntype: page\n\ntitle: T\n---\nbody\n", "vi", "x.md", Path("x.md"))
    assert page.line_of("title") == 4
    assert page.body_line == 6


def test_schema_rejects_neutral_facts_in_translations():
    problems = validate_translation({"title": "T", "description": "D", "source_hash": "", "facts": {"area_ha": 6100}})
    assert [p.code for p in problems] == ["FCT003"]
    problems = validate_translation({"title": "T", "description": "D", "source_hash": "", "image": {"alt": "a", "src": "x.png"}})
    assert [p.code for p in problems] == ["FCT003"]


def test_schema_of_a_source():
    assert validate_source({"type": "page", "title": "T", "description": "D"}) == []
    codes = [p.code for p in validate_source({"type": "heritage", "title": "T", "description": "D", "tittle": "x"})]
    assert sorted(codes) == ["SYN002", "SYN003"]
    import datetime as dt

    bad = {"type": "news", "title": "T", "description": "D", "sources": [{"title": "s", "url": "https://x"}], "date": "10/5/2012"}
    assert [p.code for p in validate_source(bad)] == ["SYN004"]
    bad["date"] = dt.date(2012, 5, 10)
    assert validate_source(bad) == []


def test_every_rule_has_a_four_part_doc():
    _load_families()
    assert len(RULES) >= 10
    for code, rule in RULES.items():
        for part in ("What it catches", "Why it matters", "Example", "Instead"):
            assert part in rule.doc, (code, part)


def test_feeds_and_json_ld_name_the_publisher_the_project_sets(tmp_path):
    """`publisher:` in mkdocs.yml names the publisher in the footer, the feeds and JSON-LD."""
    import json
    import shutil

    import feedparser
    from projects import FIXTURES

    from quangba.web.feeds import write_feeds

    from quangba.core.corpus import Corpus
    from quangba.core.project import load_project
    from quangba.web.jsonld import page_jsonld

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - quangba:\n", "  - quangba:\n      publisher: {en: Office of Foreign Information, vi: Văn phòng Thông tin đối ngoại}\n", 1,
    ), encoding="utf-8")
    corpus = Corpus.load(load_project(config))
    graph = json.dumps(page_jsonld(corpus, "en", "index.md"), ensure_ascii=False)
    assert "Office of Foreign Information" in graph
    assert "Văn phòng Thông tin đối ngoại" in json.dumps(page_jsonld(corpus, "vi", "index.md"), ensure_ascii=False)
    write_feeds(corpus, "en", tmp_path / "out", [], 10)
    atom = feedparser.parse((tmp_path / "out" / "atom.xml").read_bytes())
    assert atom.feed.author == "Office of Foreign Information"
    assert json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))["authors"][0]["name"] == "Office of Foreign Information"


def test_the_page_cache_keeps_the_outline_and_drops_what_rules_memoise(tmp_path):
    import pickle

    from quangba.checks.facts import _located_facts
    from quangba.core.content import read_page
    from quangba.core.outline import outline

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\n---\n## Số liệu\n\nDiện tích 61.000 ha.\n", encoding="utf-8")
    page = read_page(path, "vi", "a.md")
    blocks = outline(page).blocks
    assert _located_facts(page)
    copy = pickle.loads(pickle.dumps(page))
    assert copy.meta == page.meta and copy.body == page.body and copy.key_lines == page.key_lines
    assert [b.text for b in copy._outline.blocks] == [b.text for b in blocks]
    assert not hasattr(copy, "_located_facts")
    assert [f.fact.value for f in _located_facts(copy)] == [f.fact.value for f in _located_facts(page)]


def berlin_corpus(tmp_path: Path):
    """The mini project set to `time_zone: Europe/Berlin`, with a news item dated
    `2026-03-01 23:30:00` (no zone) and one updated at `2026-12-31T20:00:00Z`."""
    import shutil

    from projects import FIXTURES

    from quangba.core.corpus import Corpus
    from quangba.core.project import load_project

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - quangba:\n", "  - quangba:\n      time_zone: Europe/Berlin\n", 1), encoding="utf-8")
    news = root / "docs" / "vi" / "news"
    news.mkdir()
    (news / "tin.md").write_text(
        "---\ntype: news\ntitle: Tin\ndescription: Một tin.\ndate: 2026-03-01 23:30:00\n"
        "sources:\n  - {title: Nguồn, url: 'https://tuyenquang.gov.vn/'}\n---\nMột tin.\n", encoding="utf-8")
    (news / "cuoi-nam.md").write_text(
        "---\ntype: news\ntitle: Cuối năm\ndescription: Tin cuối năm.\ndate: 2026-01-05\n"
        "updated: 2026-12-31T20:00:00Z\nsources:\n  - {title: Nguồn, url: 'https://tuyenquang.gov.vn/'}\n---\nMột tin.\n",
        encoding="utf-8")
    corpus = Corpus.load(load_project(config))
    return corpus


def test_feeds_json_ld_and_report_read_times_without_a_zone_in_the_projects_time_zone(tmp_path):
    """`time_zone: Europe/Berlin`: a news item dated `2026-03-01 23:30:00` was published at
    22:30 UTC (not 16:30 UTC, as Viet Nam time would have it), and one updated at
    `2026-12-31T20:00:00Z` was updated in 2026 for the yearly report (in Viet Nam it is 2027)."""
    import datetime as dt
    import json
    import time

    import feedparser

    from quangba.office.report import collect
    from quangba.web.feeds import feed_items, write_feeds
    from quangba.web.jsonld import page_jsonld

    corpus = berlin_corpus(tmp_path)
    items = feed_items(corpus, "vi", {"news/tin.md": "<p>Một tin.</p>"}, {})
    write_feeds(corpus, "vi", tmp_path / "out", items, 10)
    for name in ("atom.xml", "feed.xml"):
        entry = feedparser.parse((tmp_path / "out" / name).read_bytes()).entries[0]
        assert time.strftime("%Y-%m-%d %H:%M", entry.published_parsed) == "2026-03-01 22:30", name
    graph = json.loads(page_jsonld(corpus, "vi", "news/tin.md"))["@graph"]
    assert [n["datePublished"] for n in graph if n.get("@type") == "NewsArticle"] == ["2026-03-01T23:30:00+01:00"]
    data = collect(corpus.project, 2026, dt.datetime(2027, 6, 1, tzinfo=dt.timezone.utc))
    updated = [item for item in data.items if item.key == "news/cuoi-nam.md"]
    assert updated and updated[0].updated == dt.date(2026, 12, 31)


def test_packages_read_times_without_a_zone_in_the_projects_time_zone(tmp_path):
    """`time_zone: Europe/Berlin`: a page updated at `2026-12-31T20:00:00Z` changed on
    2026-12-31 (in Viet Nam it is already 2027-01-01), so `export package --since 2027-01-01`
    leaves it out and the site's as-of day is 2026-12-31; a page dated `2026-03-01 23:30:00`
    was published at 23:30+01:00 in its manifest (not +07:00)."""
    import datetime as dt

    from quangba.office.package import _language_entry, selected_keys, site_as_of

    corpus = berlin_corpus(tmp_path)
    assert "news/cuoi-nam.md" in selected_keys(corpus, dt.date(2026, 12, 31), ["vi"])
    assert "news/cuoi-nam.md" not in selected_keys(corpus, dt.date(2027, 1, 1), ["vi"])
    assert site_as_of(corpus) == dt.date(2026, 12, 31)
    assert _language_entry(corpus, "vi", "news/tin.md")["published"] == "2026-03-01T23:30:00+01:00"


def test_rules_in_two_processes_find_what_one_process_finds(tmp_path):
    """A large check runs its rules in two processes (`checks._run_in_two`, from
    PARALLEL_PAGES pages): the same findings, the child's included."""
    import shutil

    from projects import FIXTURES

    from quangba import checks
    from quangba.checks import RULES, _run_in_two, _run_rules, run_checks
    from quangba.core.corpus import Corpus
    from quangba.core.project import load_project
    from quangba.core.settings import settings

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", root)
    page = root / "docs" / "zh" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nimage: {src: x.png}\n", 1) + "\n12345 公顷。\n", encoding="utf-8")
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    pages = {corpus.project.relpath(p.path): p for found in corpus.pages.values() for p in found.values()}
    checks._load_families()
    together = _run_in_two(corpus, sorted(RULES), pages, settings(corpus.project))
    alone = _run_rules(corpus, sorted(RULES), pages, settings(corpus.project))
    assert together == alone and {f.code for f in alone} >= {"FCT001", "FCT003"}
    assert sorted(alone) == run_checks(corpus)
