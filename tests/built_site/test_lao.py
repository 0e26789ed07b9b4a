"""The language list is data: adding Lao is a line in mkdocs.yml plus the pages."""

from __future__ import annotations

from projects import build, run_quangba
from sitehtml import parse, switcher_links

from quangba.core import locale

LAO_PAGES = {
    "index.md": ("ໜ້າຫຼັກ", "ຍິນດີຕ້ອນຮັບສູ່[ມໍລະດົກ](heritage/index.md).\n\n## ປະຫວັດ\n\nວັກໜຶ່ງ.\n\n## ປະຫວັດ\n\nວັກທີສອງ.\n"),
    "heritage/index.md": ("ມໍລະດົກ", "[ເຕິນເຈົາ](tan-trao.md)\n"),
    "heritage/tan-trao.md": ("ເຂດປະຫວັດສາດເຕິນເຈົາ", "ເຕິນເຈົາ 2012.\n\n## ຫໍເຕິນເຈົາ\n\nວັກ.\n"),
}


def test_adding_lao_builds_lao_pages_and_interface(mini_project):
    config = mini_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("        - {locale: ja, name: ja}\n", "        - {locale: ja, name: ja}\n        - {locale: lo, name: lo}\n"), encoding="utf-8")
    for key, (title, body) in LAO_PAGES.items():
        path = mini_project / "docs" / "lo" / key
        path.parent.mkdir(parents=True, exist_ok=True)
        image = "image:\n  alt: ຕົ້ນໄມ້ໃຫຍ່\n" if key == "heritage/tan-trao.md" else ""
        path.write_text(f"---\ntitle: {title}\ndescription: {title}.\n{image}source_hash: \"\"\n---\n{body}", encoding="utf-8")
    # the translator records which source version the Lao pages translate
    assert run_quangba(mini_project, "stamp", "--all").returncode == 0
    built = build(mini_project)
    assert "lo 3" in built.result.stdout

    catalog = locale.Catalog("lo")
    doc = parse(built.site / "lo" / "index.html")
    assert doc.get("lang") == "lo"
    topic = " ".join(doc.xpath("//*[contains(@class,'md-header__topic')]")[0].text_content().split())
    assert topic == catalog.get("site_name")
    # Material ships no Lao strings: ours are used
    assert doc.xpath("//input[@name='query']/@placeholder") == [catalog.get("theme.search.placeholder")]
    assert catalog.get("theme.search.placeholder") != locale.Catalog("en").get("theme.search.placeholder")
    deep = parse(built.site / "lo" / "heritage" / "tan-trao" / "index.html")
    facts = deep.xpath("//aside[contains(@class,'qb-facts')]//dt/text()")
    assert catalog.get("facts.designation") in facts
    assert parse(built.site / "lo" / "404.html").get("lang") == "lo"
    # every other language now offers Lao, by its own name, on the same page
    zh = parse(built.site / "zh" / "heritage" / "tan-trao" / "index.html")
    lao = [a for a in switcher_links(zh) if a.get("lang") == "lo"]
    assert lao and " ".join(lao[0].text_content().split()) == "ລາວ"
    assert lao[0].get("href").endswith("lo/heritage/tan-trao/")
