"""`quangba new` (a Vietnamese page from its type's template) and `quangba translate` (a
translation with the source's structure), run as an editor and a translator would."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from projects import PROJECT, run_quangba, copy_sample

from quangba.core.content import read_page
from quangba.core.corpus import VIETNAM, page_source_hash
from quangba.core.outline import outline
from quangba.core.schema import EVENT_FIELDS, FIELDS, REQUIRED

# What `quangba check` reports on a page fresh from `quangba new`: TXT005, the placeholders
# (`THAY: …`, "replace"), the example address and the guidance note still to replace, as
# warnings while the page is `draft: true` (errors once it would be published).
NEW_PAGE_CODES = {"TXT005"}
# What it reports on a translation fresh from `quangba translate`, until it is translated:
# UNT001 (blocks and fields still the Vietnamese text; a warning), MED003 (the alt text is
# the source's), TRM001 (a glossary name not yet in its approved rendering).
TRANSLATION_CODES = {"UNT001", "MED003", "TRM001"}

SECTIONS = {"heritage": "heritage", "investment": "investment", "product": "products", "news": "news", "page": ""}


@pytest.fixture
def sample(tmp_path) -> Path:
    """A writable copy of the sample content."""
    dest = tmp_path / "project"
    copy_sample(dest)
    return dest


def findings(project: Path) -> list[dict]:
    result = run_quangba(project, "check", "--format", "json", "--no-cache")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def own(project: Path, path: Path) -> list[dict]:
    rel = path.relative_to(project).as_posix()
    return [f for f in findings(project) if f["path"] == rel]


def section_orders(project: Path, folder: str) -> list[int]:
    root = project / "docs" / "vi"
    paths = [p for p in (root / folder).glob("*.md") if p.name != "index.md"] if folder else \
        list(root.glob("*.md")) + list(root.glob("*/index.md"))
    return [read_page(p, "vi", p.name).meta["order"] for p in paths]


@pytest.mark.parametrize("page_type", ["heritage", "investment", "product", "news", "page"])
def test_new_page_has_every_field_and_passes_the_check(sample, page_type):
    folder = SECTIONS[page_type]
    last = max(section_orders(sample, folder))
    result = run_quangba(sample, "new", page_type, "le-hoi-thanh-tuyen", "--title", "Lễ hội Thành Tuyên")
    assert result.returncode == 0, result.stderr
    path = sample / "docs" / "vi" / folder / "le-hoi-thanh-tuyen.md"
    assert result.stdout.strip() == f"created {path}"

    page = read_page(path, "vi", path.name)
    assert page.problems == []
    assert page.meta["type"] == page_type
    assert page.meta["title"] == "Lễ hội Thành Tuyên"
    assert page.meta["draft"] is True
    assert page.meta["date"] == dt.datetime.now(VIETNAM).date()
    assert page.meta["order"] == last + 1
    assert set(REQUIRED[page_type]) <= set(page.meta)
    text = path.read_text(encoding="utf-8")
    for name in FIELDS:
        if name != "source_hash" and name not in EVENT_FIELDS:  # a translation's field; an event's
            assert re.search(rf"^#? ?{name}:", text, re.M), f"{name} is not in the template"
    assert "source_hash" not in page.meta
    # guidance in Vietnamese: YAML comments, and a Markdown comment in the body
    assert "## - «draft: true»: trang đang là bản nháp, chưa được đăng" in text
    assert "<!--\nHƯỚNG DẪN VIẾT TRANG" in page.body
    assert "THAY:" in page.meta["description"]

    assert {f["code"] for f in own(sample, path)} <= NEW_PAGE_CODES
    assert [f for f in findings(sample) if f["severity"] == "error"] == []


def test_new_page_in_a_project_without_the_section(mini_project):
    result = run_quangba(mini_project, "new", "news", "tin-dau-tien")
    assert result.returncode == 0, result.stderr
    path = mini_project / "docs" / "vi" / "news" / "tin-dau-tien.md"
    page = read_page(path, "vi", "news/tin-dau-tien.md")
    assert page.meta["order"] == 1 and page.meta["title"].startswith("THAY:")
    assert page.meta["sources"][0]["url"].startswith("https://")
    assert {f["code"] for f in own(mini_project, path)} <= NEW_PAGE_CODES


@pytest.mark.parametrize("slug, title, says", [
    ("Lễ hội Thành Tuyên", None, "use `le-hoi-thanh-tuyen`"),
    ("Đền_Thượng", "Đền Thượng", "use `den-thuong`"),
    ("Le-Hoi", None, "use `le-hoi`"),
    ("tan-trao", None, "docs/vi/heritage/tan-trao.md already exists"),
    ("index", None, "`index` is the section's own page"),
])
def test_new_page_refuses_a_bad_or_taken_name(sample, slug, title, says):
    args = ["new", "heritage", slug] + (["--title", title] if title else [])
    result = run_quangba(sample, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("quangba: ") and says in result.stderr, result.stderr


def test_new_page_refuses_a_name_taken_in_another_language(sample):
    (sample / "docs" / "ko" / "heritage" / "chi-co-tieng-han.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = run_quangba(sample, "new", "heritage", "chi-co-tieng-han")
    assert result.returncode == 2 and "docs/ko/heritage/chi-co-tieng-han.md already exists" in result.stderr
    assert not (sample / "docs" / "vi" / "heritage" / "chi-co-tieng-han.md").exists()


def test_translation_starts_with_the_source_structure(mini_project):
    """The mini project has no English heritage/tan-trao.md."""
    source_path = mini_project / "docs" / "vi" / "heritage" / "tan-trao.md"
    result = run_quangba(mini_project, "translate", "en", "heritage/tan-trao.md")
    assert result.returncode == 0, result.stderr
    path = mini_project / "docs" / "en" / "heritage" / "tan-trao.md"
    assert result.stdout.strip() == f"created {path}"

    source = read_page(source_path, "vi", "heritage/tan-trao.md")
    page = read_page(path, "en", "heritage/tan-trao.md")
    assert page.meta == {
        "title": source.meta["title"],
        "description": source.meta["description"],
        "image": {"alt": source.meta["image"]["alt"]},
        "draft": True,
        "source_hash": page_source_hash(source),
    }
    assert page.body == source.body  # same headings, lists, tables, links… and, for now, text
    mine, theirs = outline(source), outline(page)
    assert [h.level for h in mine.headings] == [h.level for h in theirs.headings]
    assert [b.text for b in mine.blocks] == [b.text for b in theirs.blocks]
    assert "# - Xóa dòng `draft: true` khi đã dịch xong" in page.text

    reported = own(mini_project, path)
    codes = {f["code"] for f in reported}
    assert codes <= TRANSLATION_CODES, reported
    # UNT001 lists what is left: the title, the description and the paragraph; "Đoạn văn."
    # and the 3-word heading are too short for the rule
    assert sorted(f["line"] for f in reported if f["code"] == "UNT001") == [
        page.line_of("title"), page.line_of("description"),
        page.text.split("\n").index("Tân Trào được xếp hạng năm 2012.") + 1,
    ]
    assert "MED003" in codes

    # once translated, nothing is left to report
    text = path.read_text(encoding="utf-8")
    for vietnamese, english in [
        (source.meta["title"], "Tan Trao relic site"),
        (source.meta["description"], "A special national relic site in Son Duong."),
        (source.meta["image"]["alt"], "A banyan tree beside the village communal house"),
        ("Tân Trào được xếp hạng năm 2012.", "Tan Trao was ranked in 2012."),
        ("## Đình Tân Trào", "## Tan Trao communal house"),
        ("Đoạn văn.", "A paragraph."),
        ("draft: true\n", ""),
    ]:
        assert vietnamese in text
        text = text.replace(vietnamese, english)
    path.write_text(text, encoding="utf-8")
    assert own(mini_project, path) == []


def test_translation_refuses_to_overwrite_unless_forced(sample):
    path = sample / "docs" / "ko" / "heritage" / "tan-trao.md"
    before = path.read_bytes()
    result = run_quangba(sample, "translate", "ko", "docs/vi/heritage/tan-trao.md")
    assert result.returncode == 2
    assert "docs/ko/heritage/tan-trao.md already exists" in result.stderr and "--force" in result.stderr
    assert path.read_bytes() == before

    result = run_quangba(sample, "translate", "ko", "heritage/tan-trao.md", "--force")
    assert result.returncode == 0, result.stderr
    reported = own(sample, path)
    assert {f["code"] for f in reported} == TRANSLATION_CODES, reported  # TRM001: 탄짜오 not written yet


@pytest.mark.parametrize("args, says", [
    (("fr", "heritage/tan-trao.md"), "no language `fr` in this project: the languages are vi, en, zh, ko, ja"),
    (("vi", "heritage/tan-trao.md"), "vi is the source language"),
    (("en", "heritage/khong-co.md"), "docs/vi/heritage/khong-co.md: no such source page"),
])
def test_translation_refuses_what_cannot_be_translated(mini_project, args, says):
    result = run_quangba(mini_project, "translate", *args)
    assert result.returncode == 2 and says in result.stderr, result.stderr
    assert not (mini_project / "docs" / "en" / "heritage" / "tan-trao.md").exists()


def _optional_blocks(front: list[str]) -> list[list[int]]:
    """The optional fields of a template's front matter: runs of `# ` lines from a `# key:`
    line to the next one (the `##` notes inside them stay notes)."""
    blocks: list[list[int]] = []
    for index, line in enumerate(front):
        if re.match(r"# [a-z_]+:", line):
            blocks.append([index])
        elif line.startswith("#   ") and blocks and blocks[-1][-1] in (index - 1, index - 2):
            blocks[-1].append(index)
        elif line.startswith("##") and blocks and blocks[-1][-1] == index - 1:
            continue
    return blocks


@pytest.mark.parametrize("page_type", ["heritage", "investment", "product", "news", "page"])
def test_template_stays_valid_yaml_whichever_optional_fields_are_uncommented(tmp_path, page_type):
    from quangba.core.content import parse_text
    from quangba.core.project import load_project
    from quangba.translation.workflow import new_page

    project = load_project(copy_project_for_new(tmp_path) / "mkdocs.yml")
    path = new_page(project, page_type, "le-hoi-long-tong")
    lines = path.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    front = lines[1:end]
    blocks = _optional_blocks(front)
    assert len(blocks) >= 6, blocks  # updated, publish_at, tags, facts, image, credits (+ sources on a page)

    def uncommented(chosen: list[list[int]]) -> str:
        new = list(front)
        for block in chosen:
            for index in block:
                assert new[index].startswith("# "), new[index]
                new[index] = new[index][2:]
        return "\n".join(["---", *new, *lines[end:]])

    for chosen in [[]] + [[block] for block in blocks] + [blocks]:
        text = uncommented(chosen)
        page = parse_text(text, "vi", "a.md", path)
        assert page.problems == [], (chosen, page.problems, text)
        for block in chosen:
            key = front[block[0]][2:].split(":")[0]
            assert key in page.meta, (key, text)
    everything = parse_text(uncommented(blocks), "vi", "a.md", path)
    assert {"updated", "publish_at", "tags", "facts", "image", "credits"} <= set(everything.meta)
    from quangba.core.schema import validate_source

    # every sample value has the field's form: an uncommented field is an unfinished one, not a broken one
    assert [(p.key, str(p.message)) for p in validate_source(everything.meta) if p.code in ("SYN002", "SYN004")] == []


def copy_project_for_new(tmp_path: Path) -> Path:
    from projects import FIXTURES, copy_project

    return copy_project(FIXTURES / "mini", tmp_path / "project")


def test_a_page_still_holding_the_template_cannot_be_published(mini_project):
    result = run_quangba(mini_project, "new", "news", "tin-moi", "--title", "Tin mới")
    assert result.returncode == 0, result.stderr
    path = mini_project / "docs" / "vi" / "news" / "tin-moi.md"
    draft = [f for f in own(mini_project, path) if f["code"] == "TXT005"]
    assert draft and {f["severity"] for f in draft} == {"warning"}
    lines = {f["line"] for f in draft}
    text = path.read_text(encoding="utf-8").split("\n")
    assert any("example.com" in text[n - 1] for n in lines) and any("HƯỚNG DẪN" in text[n - 1] for n in lines)
    # taking off `draft: true` with the placeholders still there: errors, and the check fails
    path.write_text("\n".join(line for line in text if not line.startswith("draft: true")), encoding="utf-8")
    published = [f for f in own(mini_project, path) if f["code"] == "TXT005"]
    assert {f["severity"] for f in published} == {"error"} and len(published) == len(draft)
    check = run_quangba(mini_project, "check", "--lang", "vi", "--no-cache")
    assert check.returncode == 1 and "TXT005" in check.stdout and "ví dụ" in check.stdout


def test_new_event_has_its_days_and_place(mini_project):
    result = run_quangba(mini_project, "new", "event", "le-hoi-hoa-tam-giac-mach")
    assert result.returncode == 0, result.stderr
    path = mini_project / "docs" / "vi" / "events" / "le-hoi-hoa-tam-giac-mach.md"
    page = read_page(path, "vi", "events/le-hoi-hoa-tam-giac-mach.md")
    assert page.problems == []
    assert set(REQUIRED["event"]) <= set(page.meta)
    text = path.read_text(encoding="utf-8")
    for name in EVENT_FIELDS:
        assert re.search(rf"^#? ?{name}:", text, re.M), f"{name} is not in the template"
    assert page.meta["recurrence"] == "once" and page.meta["place"].startswith("THAY:")
