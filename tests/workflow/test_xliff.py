"""`quangba xliff export|import`: XLIFF 1.2 files that validate against the OASIS schema, that
an independent client (translate-toolkit) reads with the right units, and that come back as
the same Markdown.

The schema (schemas/xliff-core-1.2.xsd) is written from the OASIS XLIFF 1.2 specification:
no PyPI package ships the OASIS file and the tests cannot download it (see its header).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from lxml import etree
from projects import PROJECT, run_quangba, copy_sample
from translate.storage import xliff as ttk
from translate.storage.placeables import StringElem

from quangba.core.content import read_page
from quangba.core.corpus import page_source_hash
from quangba.core.outline import outline

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "xliff-core-1.2.xsd")))
NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{NS}}}"
LANGS = ("en", "zh", "ko", "ja")


@pytest.fixture
def sample(tmp_path) -> Path:
    """A writable copy of the sample content."""
    dest = tmp_path / "project"
    copy_sample(dest)
    return dest


def export(project: Path, lang: str, out: Path, *pages: str, stale: bool = False) -> list[Path]:
    # pages before the options: argparse gives `pages` (nargs="*") nothing once options follow "export"
    args = ["xliff", "export", *pages, "--lang", lang, "--out", str(out)] + (["--stale"] if stale else [])
    result = run_quangba(project, *args)
    assert result.returncode == 0, result.stderr
    return [Path(line) for line in result.stdout.splitlines()]


def import_(project: Path, *files: Path):
    return run_quangba(project, "xliff", "import", *map(str, files))


def findings(project: Path) -> list[dict]:
    import json

    result = run_quangba(project, "check", "--format", "json", "--no-cache")
    return json.loads(result.stdout)["findings"]


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "docs").rglob("*.md"))}


def expected_units(page_path: Path) -> list[str]:
    """The texts a page must be cut into, from quangba's own outline (independent of the
    exporter's segmentation): the translated fields, then every text block."""
    page = read_page(page_path, "vi", page_path.name)
    fields = [page.meta["title"], page.meta["description"]]
    if isinstance(page.meta.get("image"), dict):
        fields += [page.meta["image"][k] for k in ("alt", "caption") if k in page.meta["image"]]
    return fields + [block.text for block in outline(page).blocks]


def test_export_is_valid_xliff_that_translate_toolkit_reads(sample, tmp_path):
    out = tmp_path / "xlf"
    written = export(sample, "en", out)
    sources = sorted((sample / "docs" / "vi").rglob("*.md"))
    assert len(written) == len(sources)
    assert (out / "en" / "heritage" / "tan-trao.xlf") in written
    for path in written:
        document = etree.parse(str(path))
        assert SCHEMA.validate(document), f"{path}: {SCHEMA.error_log}"
        root = document.getroot()
        assert root.tag == f"{X}xliff" and root.get("version") == "1.2"
        file = root.find(f"{X}file")
        assert file.get("source-language") == "vi" and file.get("target-language") == "en"
        assert file.get("datatype") == "x-markdown" and file.get("original").startswith("docs/vi/")

    # what translate-toolkit sees in the page with tables
    page = sample / "docs" / "vi" / "heritage" / "na-hang-lam-binh.md"
    path = out / "en" / "heritage" / "na-hang-lam-binh.xlf"
    store = ttk.xlifffile.parsefile(str(path))
    assert store.getsourcelanguage() == "vi" and store.gettargetlanguage() == "en"
    units = store.units
    wanted = expected_units(page)
    assert len(units) == len(wanted) == 3 + 4 + 3 + 2 * 4 + 5  # fields, paragraphs, headings, cells, items
    assert [" ".join(u.source.replace("[", "").split("](")[0].split()) for u in units][:3] == wanted[:3]
    ids = [u.getid().split("\x04")[-1] for u in units]
    assert ids[:5] == ["title", "description", "image.alt", "p1", "h1"]
    assert "t1.1.1" in ids and "t1.4.2" in ids and "li5" in ids
    by_id = dict(zip(ids, units))
    english = read_page(sample / "docs" / "en" / "heritage" / "na-hang-lam-binh.md", "en", "heritage/na-hang-lam-binh.md")
    assert by_id["title"].target == english.meta["title"]
    assert by_id["image.alt"].target == english.meta["image"]["alt"]
    assert by_id["h1"].source == "Thông tin chính" and by_id["h1"].target == "Key facts"
    assert by_id["t1.1.1"].source == "Nội dung" and by_id["t1.1.1"].target == "Item"
    # inline codes carry the Markdown: translate-toolkit's flat text is the Markdown line
    assert by_id["li1"].source == "[Chè Shan tuyết Na Hang](../products/na-hang-shan-tuyet-tea.md)"
    assert f"- {by_id['li1'].target}\n" in english.body
    assert all(u.istranslated() for u in units)  # up to date: state="translated", approved
    assert by_id["p1"].getlocations() == ["docs/vi/heritage/na-hang-lam-binh.md:23"]
    hash_prop = etree.parse(str(path)).find(f".//{X}prop[@prop-type='x-quangba-source-hash']")
    assert hash_prop.text == page_source_hash(read_page(page, "vi", "heritage/na-hang-lam-binh.md"))

    # a page with emphasis and links: the codes are <bpt>/<ept> with the Markdown inside
    index = etree.parse(str(out / "en" / "index.xlf"))
    unit = index.find(f".//{X}trans-unit[@id='li1']")
    source = unit.find(f"{X}source")
    assert [(e.tag[len(X):], e.get("id"), e.text) for e in source] == [
        ("bpt", "1", "**"), ("ept", "1", "**"),
        ("bpt", "2", "["), ("ept", "2", "](heritage/tan-trao.md)"),
        ("bpt", "3", "["), ("ept", "3", "](heritage/kim-binh.md)"),
    ]
    assert [e.get("ctype") for e in source if e.tag == f"{X}bpt"] == ["bold", "link", "link"]


@pytest.mark.parametrize("lang", LANGS)
def test_round_trip_gives_the_same_markdown(sample, tmp_path, lang):
    """Export every page, import every file: each translation comes back byte for byte, and
    the check stays clean."""
    before = snapshot(sample)
    written = export(sample, lang, tmp_path / "xlf")
    result = import_(sample, *written)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(written)
    after = snapshot(sample)
    changed = [name for name in before if before[name] != after.get(name)]
    assert changed == [] and set(after) == set(before)
    assert findings(sample) == []


def test_markdown_constructs_survive_the_round_trip(sample, tmp_path):
    """Admonitions, code blocks, nested and ordered lists, images, inline code, emphasis, a
    same-page anchor: the import rebuilds the translation from the source's Markdown."""
    vi = sample / "docs" / "vi" / "heritage" / "thu-nghiem.md"
    en = sample / "docs" / "en" / "heritage" / "thu-nghiem.md"
    vi.write_text(
        "---\ntype: heritage\ntitle: Trang thử nghiệm định dạng\n"
        "description: Trang dùng để thử xuất và nhập XLIFF với nhiều kiểu định dạng Markdown.\n"
        "order: 9\ncredits:\n  assets/images/tan-trao.png: quangba\n"
        "sources:\n  - title: Nguồn thử nghiệm\n    url: https://example.test/nguon\n---\n\n"
        "Đoạn có *nhấn mạnh*, **in đậm**, `mã lệnh` và [liên kết](tan-trao.md),\n"
        "dòng thứ hai nối tiếp đoạn trên; [xem các bước](#các-bước).\n\n"
        "![Cây đa bên đình làng](../../assets/images/tan-trao.png)\n\n"
        "## Các bước\n\n"
        "1. Bước thứ nhất với **chữ đậm** ở giữa câu\n"
        "2. Bước thứ hai của quy trình\n"
        "   - Ý phụ của bước thứ hai\n\n"
        '!!! note "Lưu ý quan trọng"\n'
        "    Nội dung trong ghi chú với *nhấn mạnh* và một câu dài hơn.\n\n"
        "```text\nmã nguồn không dịch\n```\n\n"
        "| Cột thứ nhất | Cột thứ hai |\n| --- | --- |\n| Ô *thứ nhất* | Ô thứ hai |\n",
        encoding="utf-8",
    )
    english = (
        "---\ntitle: Formatting test page\n"
        "description: A page to test XLIFF export and import with many kinds of Markdown formatting.\n"
        'source_hash: "{hash}"\n---\n\n'
        "A paragraph with *emphasis*, **bold**, `mã lệnh` and a [link](tan-trao.md), "
        "with a second line that continues it; [see the steps](#steps).\n\n"
        "![A banyan tree beside the village hall](../../assets/images/tan-trao.png)\n\n"
        "## Steps\n\n"
        "1. The first step with **bold text** in the middle\n"
        "2. The second step of the process\n"
        "   - A sub-point of the second step\n\n"
        '!!! note "Important note"\n'
        "    Text inside the note with *emphasis* and a longer sentence.\n\n"
        "```text\nmã nguồn không dịch\n```\n\n"
        "| First column | Second column |\n| --- | --- |\n| Cell *one* | Cell two |\n"
    )
    source_hash = page_source_hash(read_page(vi, "vi", "heritage/thu-nghiem.md"))
    en.write_text(english.replace("{hash}", source_hash), encoding="utf-8")
    before = en.read_bytes()
    own = [f for f in findings(sample) if f["path"] == "docs/en/heritage/thu-nghiem.md"]
    assert own == [], own

    [path] = export(sample, "en", tmp_path / "xlf", "heritage/thu-nghiem.md")
    assert SCHEMA.validate(etree.parse(str(path))), SCHEMA.error_log
    units = {u.getid().split("\x04")[-1]: u for u in ttk.xlifffile.parsefile(str(path)).units}
    assert len(units) == len(expected_units(vi))
    assert units["p1"].source.startswith("Đoạn có *nhấn mạnh*, **in đậm**, `mã lệnh` và [liên kết](tan-trao.md), dòng thứ hai")
    assert units["adm1"].source == "Lưu ý quan trọng" and units["adm1"].target == "Important note"
    assert units["li3"].source == "Ý phụ của bước thứ hai"
    assert "mã nguồn" not in {u.source for u in units.values()}  # code blocks are not translated
    assert all(u.target for u in units.values())  # the translation lines up: every unit has a target

    result = import_(sample, path)
    assert result.returncode == 0, result.stderr
    assert en.read_bytes() == before  # the anchor #các-bước went back to #steps


def test_translate_toolkit_translation_is_imported(mini_project, tmp_path):
    """The mini project has no English heritage/tan-trao.md: export it (--stale: missing or
    out of date only), translate it with translate-toolkit as a CAT tool would, import."""
    written = export(mini_project, "en", tmp_path / "xlf", stale=True)
    path = tmp_path / "xlf" / "en" / "heritage" / "tan-trao.xlf"
    assert written == [path]  # the other English pages are up to date
    store = ttk.xlifffile.parsefile(str(path))
    english = {
        "title": "Tan Trao Relic Site",
        "description": "A special national relic site in Son Duong.",
        "image.alt": "A banyan tree beside the village communal house",
        "p1": "Tan Trao was ranked in 2012.",
        "h1": "Tan Trao communal house",
        "p2": "A paragraph.",
    }
    for unit in store.units:
        unit_id = unit.getid().split("\x04")[-1]
        assert unit.target in (None, "")
        unit.target = english.get(unit_id, unit.source)
    store.savefile(str(path))
    assert SCHEMA.validate(etree.parse(str(path))), SCHEMA.error_log

    result = import_(mini_project, path)
    assert result.returncode == 0, result.stderr
    target = mini_project / "docs" / "en" / "heritage" / "tan-trao.md"
    page = read_page(target, "en", "heritage/tan-trao.md")
    source = read_page(mini_project / "docs" / "vi" / "heritage" / "tan-trao.md", "vi", "heritage/tan-trao.md")
    assert page.meta == {
        "title": "Tan Trao Relic Site",
        "description": "A special national relic site in Son Duong.",
        "image": {"alt": "A banyan tree beside the village communal house"},
        "source_hash": page_source_hash(source),
    }
    assert "## Tan Trao communal house" in page.body and "Tan Trao was ranked in 2012." in page.body
    own = [f for f in findings(mini_project) if f["path"] == "docs/en/heritage/tan-trao.md"]
    assert own == [], own


def test_rich_targets_written_by_translate_toolkit_keep_their_codes(sample, tmp_path):
    """A CAT tool that keeps the inline codes: text translated, codes where they were."""
    written = export(sample, "zh", tmp_path / "xlf", "index.md")
    store = ttk.xlifffile.parsefile(str(written[0]))
    unit = next(u for u in store.units if u.getid().endswith("\x04li1"))

    def mark(element):
        for index, sub in enumerate(element.sub):
            if isinstance(sub, str):
                element.sub[index] = "«" + sub + "»" if sub.strip() else sub
            elif type(sub) is StringElem:
                mark(sub)

    rich = copy.deepcopy(unit.rich_source)
    for element in rich:
        mark(element)
    unit.rich_target = rich
    store.savefile(str(written[0]))
    result = import_(sample, written[0])
    assert result.returncode == 0, result.stderr
    text = (sample / "docs" / "zh" / "index.md").read_text(encoding="utf-8")
    assert "- **«Lịch sử:»** [«Khu di tích quốc gia đặc biệt Tân Trào»](heritage/tan-trao.md)«, nơi họp" in text


def _target(document, unit_id: str):
    return document.find(f".//{X}trans-unit[@id='{unit_id}']/{X}target")


def _set_target(document, unit_id: str, fragment: str) -> None:
    """Replace a unit's target by `fragment` (text with <bpt>/<ept>/<ph>)."""
    old = _target(document, unit_id)
    new = etree.fromstring(f'<target xmlns="{NS}" state="translated">{fragment}</target>')
    old.getparent().replace(old, new)


# li1 of index.md: **Lịch sử:** [Tân Trào …](heritage/tan-trao.md) … [Kim Bình …](heritage/kim-binh.md) …
B1, E1 = '<bpt id="1">**</bpt>', '<ept id="1">**</ept>'
B2, E2 = '<bpt id="2">[</bpt>', '<ept id="2">](heritage/tan-trao.md)</ept>'
B3, E3 = '<bpt id="3">[</bpt>', '<ept id="3">](heritage/kim-binh.md)</ept>'
BROKEN = {
    "missing": f"{B1}History:{E1} the {B2}Tân Trào site, and the {B3}Kim Bình site{E3}.",
    "duplicated": f"{B1}History:{E1} {B1}the{E1} {B2}Tân Trào site{E2} and {B3}Kim Bình site{E3}.",
    "crossing": f"{B1}History:{E1} the {B2}Tân Trào {B3}and{E2} Kim Bình sites{E3}.",
    "unknown": f'{B1}History:{E1} the {B2}Tân Trào site{E2} and {B3}Kim Bình site{E3} <ph id="9">`x`</ph>.',
    "reversed": f"{E1}History:{B1} the {B2}Tân Trào site{E2} and {B3}Kim Bình site{E3}.",
}


@pytest.mark.parametrize("case, says", [
    ("missing", 'inline code <ept id="2"> (`](heritage/tan-trao.md)`) is missing from the target'),
    ("duplicated", 'inline code <bpt id="1"> (`**`) appears twice'),
    ("crossing", "inline codes 2 and 3 overlap"),
    ("unknown", 'unknown inline code <ph id="9">'),
    ("reversed", 'inline code <ept id="1"> (`**`) closes before it opens'),
])
def test_broken_inline_codes_are_refused_with_the_unit_id(sample, tmp_path, case, says):
    index, title_page = export(sample, "en", tmp_path / "xlf", "index.md", "heritage/index.md")
    document = etree.parse(str(index))
    _set_target(document, "li1", BROKEN[case])
    document.write(str(index), xml_declaration=True, encoding="UTF-8")
    other = etree.parse(str(title_page))  # a good file in the same import: not written either
    _target(other, "title").text = "Heritage sites"
    other.write(str(title_page), xml_declaration=True, encoding="UTF-8")
    before = snapshot(sample)

    result = import_(sample, index, title_page)
    assert result.returncode == 1  # a content error, as in `check`
    assert f"{index}: unit `li1`: {says}" in result.stderr, result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(sample) == before


def test_changed_source_is_refused_naming_the_units(sample, tmp_path):
    [path] = export(sample, "en", tmp_path / "xlf", "heritage/na-hang-lam-binh.md")
    source = sample / "docs" / "vi" / "heritage" / "na-hang-lam-binh.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("## Đặc sản mang tên Na Hang", "## Những đặc sản mang tên Na Hang")
    text = text.replace("| Địa phương | Tỉnh Tuyên Quang |", "| Địa bàn | Tỉnh Tuyên Quang |")
    text = text.replace("Xem thêm các di sản khác", "Xem các di sản khác")
    source.write_text(text, encoding="utf-8")
    before = snapshot(sample)

    result = import_(sample, path)
    assert result.returncode == 1  # a content error, as in `check`
    message = result.stderr
    assert "docs/vi/heritage/na-hang-lam-binh.md changed since this file was exported" in message
    assert "changed units: t1.4.1 (now line 31), h2 (now line 33), p4 (now line 48)" in message, message
    assert "quangba xliff export heritage/na-hang-lam-binh.md --lang en --out DIR" in message
    assert snapshot(sample) == before


def test_stale_export_offers_the_old_translation_for_review(sample, tmp_path):
    source = sample / "docs" / "vi" / "heritage" / "kim-binh.md"
    source.write_text(source.read_text(encoding="utf-8").replace("\n## ", "\nMột đoạn mới được thêm vào trang này.\n\n## ", 1), encoding="utf-8")
    written = export(sample, "ko", tmp_path / "xlf", stale=True)
    assert written == [tmp_path / "xlf" / "ko" / "heritage" / "kim-binh.xlf"]
    document = etree.parse(str(written[0]))
    assert SCHEMA.validate(document), SCHEMA.error_log
    # the translation no longer lines up block by block (a paragraph was added): only the
    # fields are offered, for review
    states = {t.getparent().get("id"): t.get("state") for t in document.iter(f"{X}target")}
    assert states == {"title": "needs-review-translation", "description": "needs-review-translation",
                      "image.alt": "needs-review-translation"}
    note = document.find(f".//{X}header/{X}note").text
    assert "stale" in note and "does not have the source's structure" in note


def test_errors_an_editor_can_act_on(sample, tmp_path):
    result = run_quangba(sample, "xliff", "export", "--lang", "fr", "--out", str(tmp_path))
    assert result.returncode == 2 and "no language `fr`" in result.stderr and "en, zh, ko, ja" in result.stderr
    result = run_quangba(sample, "xliff", "export", "heritage/nowhere.md", "--lang", "en", "--out", str(tmp_path))
    assert result.returncode == 2 and "docs/vi/heritage/nowhere.md: no such source page" in result.stderr
    not_xliff = tmp_path / "page.xlf"
    not_xliff.write_text("<html/>", encoding="utf-8")
    result = import_(sample, not_xliff)
    assert result.returncode == 1  # a content error, as in `check` and "not an XLIFF 1.2 file" in result.stderr
