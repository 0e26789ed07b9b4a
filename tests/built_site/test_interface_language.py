"""Every interface string on a page is in the page's language, and the footer names the
publisher (not the generator) with a contact link (issue 17, point 4)."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from sitehtml import parse

from quangba.core import locale
from quangba.core.project import load_project
from quangba.core.settings import settings

# What the stack writes when nobody translates it: Material's generator line, its palette and
# logo defaults, Python-Markdown's permalink title.
STACK_DEFAULTS = {"Made with", "Material for MkDocs", "Permanent link", "logo", "Dark", "Light"}
# Names, not interface strings: the same in several languages.
NAMES = {"site_name", "language"}
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"


def interface_strings(lang: str) -> set[str]:
    """quangba's catalog and Material's strings for `lang` (placeholders and names left out)."""
    catalog = locale.Catalog(lang)
    keys = [k for k in locale._flatten(locale._load_catalog(lang)) if k not in NAMES and not k.startswith("theme.")]
    strings = {catalog.get(k) for k in keys}
    material_file = MATERIAL_LANGUAGES / f"{lang}.html"
    if material_file.exists():
        pairs = re.findall(r'^\s*"([^"]+)": "([^"]*)"', material_file.read_text(encoding="utf-8"), re.M)
        strings |= {value for key, value in pairs if key not in NAMES and key != "direction"}
    return {s for s in strings if "{" not in s and "#" not in s and len(s.strip()) > 1}


def ui_texts(doc, lang: str):
    """Text nodes and readable attributes whose language is the page's (not inside an element
    marked as another language, such as the original text of an untranslated page)."""
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "code", "pre"):
            continue
        own = el.xpath("string(ancestor-or-self::*[@lang][1]/@lang)")
        if own and own != lang:
            continue
        for name in ATTRIBUTES:
            if el.get(name):
                yield el, el.get(name).strip()
        if el.text and el.text.strip():
            yield el, " ".join(el.text.split())
        for child in el:
            if child.tail and child.tail.strip() and child.tag not in ("script", "style"):
                yield el, " ".join(child.tail.split())


@pytest.fixture(scope="module")
def project(sample_site):
    return load_project(sample_site.root / "mkdocs.yml")


def test_no_interface_string_of_another_language(sample_site, project):
    languages = project.languages
    own = {lang: interface_strings(lang) for lang in languages}
    pages = sorted(sample_site.site.rglob("*.html"))
    checked = 0
    problems = []
    for path in pages:
        rel = path.relative_to(sample_site.site).as_posix()
        if rel.startswith(("quangba-status/", "pagefind/", "assets/")):
            continue
        doc = parse(path)
        lang = doc.get("lang")
        foreign = set()
        for other in languages:
            if other != lang:
                foreign |= own[other] - own[lang]
        for el, text in ui_texts(doc, lang):
            checked += 1
            hits = [s for s in foreign if text == s or (len(s) >= 12 and s in text)]
            hits += [s for s in STACK_DEFAULTS if text == s]
            if hits:
                problems.append(f"{rel} <{el.tag}>: {text!r} ({hits[0]!r} is not {lang})")
    assert checked > 5_000  # every page, header to footer
    assert not problems, "\n".join(problems[:40])


def test_footer_names_the_publisher_with_a_contact_link(sample_site, project):
    contact = settings(project).contact_url
    assert contact, "mkdocs.yml names a contact address for the publisher"
    for lang in project.languages:
        prefix = "" if lang == project.languages[0] else f"{lang}/"
        for rel in (f"{prefix}index.html", f"{prefix}heritage/tan-trao/index.html", f"{prefix}404.html"):
            doc = parse(sample_site.site / rel)
            footer = doc.xpath("//footer")[0]
            text = " ".join(footer.text_content().split())
            publisher = locale.Catalog(lang).get("publisher")
            assert publisher in text, (rel, text)
            assert "MkDocs" not in text and "Material" not in text, (rel, text)
            links = footer.xpath(".//a[@href=$href]", href=contact)
            assert links and links[0].text_content().strip() == locale.Catalog(lang).get("footer.contact"), rel
        title = parse(sample_site.site / f"{prefix}404.html").findtext(".//title")
        assert locale.Catalog(lang).get("not_found.title") in title, (lang, title)
