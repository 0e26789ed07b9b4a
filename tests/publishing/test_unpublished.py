"""Only what is published goes out: a draft, an embargoed page (`publish_at` in the future)
and a draft translation appear in no output file, and the build says what it held back."""

from __future__ import annotations

import pytest
from photos import ICC, assert_no_metadata, camera_file
from projects import FIXTURES, build, run_quangba

from quangba.core.corpus import Corpus
from quangba.core.project import load_project

DRAFT = "---\ntype: news\ntitle: Lễ hội bí mật chưa công bố\ndescription: Bản nháp.\ndate: 2026-11-20\ndraft: true\nimage:\n  src: assets/images/le-hoi-bi-mat.jpg\n  alt: Ảnh lễ hội bí mật\n  credit: \"Ảnh: Sở VHTTDL\"\nsources:\n  - title: S\n    url: https://example.test/s\n---\nBản nháp nội dung tuyệt mật.\n"
EMBARGO = "---\ntype: news\ntitle: Thông cáo cấm vận đến năm 2999\ndescription: Chưa đến giờ.\ndate: 2026-11-20\npublish_at: 2999-01-01 08:00:00+07:00\nsources:\n  - title: S\n    url: https://example.test/s\n---\nNội dung cấm vận.\n"
DRAFT_EN = "---\ntitle: Unapproved English wording\ndescription: Draft translation.\ndraft: true\nsource_hash: \"\"\n---\nWelcome to the [heritage](heritage/index.md).\n\n## History\n\nA paragraph.\n\n## History\n\nA second paragraph.\n"


OUTSIDE_IMAGE = FIXTURES / "mini/docs/assets/images/tan-trao.png"  # a picture, but outside the project


@pytest.fixture(scope="module")
def held_back(tmp_path_factory):
    from projects import copy_project

    project = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("held") / "project")
    (project / "docs/vi/news").mkdir(parents=True)
    (project / "docs/vi/news/le-hoi-bi-mat.md").write_text(DRAFT, encoding="utf-8")
    (project / "docs/vi/news/thong-cao-2999.md").write_text(EMBARGO, encoding="utf-8")
    (project / "docs/en/news").mkdir(parents=True)
    (project / "docs/en/news/le-hoi-bi-mat.md").write_text(
        "---\ntitle: Secret festival\ndescription: Draft.\ndraft: true\nimage:\n  alt: Secret picture\nsource_hash: \"\"\n---\nSecret.\n", encoding="utf-8")
    # The draft's own new picture, and files that are not the project's own (published or not,
    # the build leaves them out even when the administrator made their rules warnings).
    images = project / "docs/assets/images"
    (images / "le-hoi-bi-mat.jpg").write_bytes(camera_file("JPEG", size=(120, 80)))
    (images / "anh-gps.jpg").write_bytes(camera_file("JPEG", orientation=6, size=(120, 80)))
    (images / "ngoai.png").symlink_to(OUTSIDE_IMAGE)
    (project / "docs/assets/passwd").symlink_to("/etc/passwd")
    (project / "docs/assets/notes.md").write_text("# Ghi chú nội bộ\n\nKhông công bố.\n", encoding="utf-8")
    (project / "docs/vi/banner.html").write_text("<p>Banner</p><script>alert(7)</script>\n", encoding="utf-8")
    (project / "docs/en/index.md").write_text(DRAFT_EN, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('        heritage: [zh, ko, ja]\n', '        heritage: [zh, ko, ja]\n        news: []\n        "": [zh, ko, ja]\n      severity: {SEC010: warning, SEC011: warning}\n'), encoding="utf-8")
    assert run_quangba(project, "stamp", "--all").returncode == 0
    return build(project)


def _all_output(site) -> str:
    text = []
    for path in site.rglob("*"):
        if path.is_file():
            text.append(path.relative_to(site).as_posix())
            text.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(text)


def test_unpublished_pages_appear_in_no_output_file(held_back):
    everything = _all_output(held_back.site)
    for needle in ("le-hoi-bi-mat", "Lễ hội bí mật", "tuyệt mật", "thong-cao-2999", "cấm vận", "Secret festival",
                   "Unapproved English wording"):
        assert needle not in everything, needle


def test_a_draft_translation_leaves_the_original_with_a_notice(held_back):
    from sitehtml import parse

    doc = parse(held_back.site / "en" / "index.html")
    assert doc.xpath("//*[contains(@class,'qb-fallback')]")
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_the_build_says_what_it_held_back(held_back):
    out = held_back.result.stdout
    assert "held back (not published): docs/vi/news/le-hoi-bi-mat.md and its translations (draft)" in out
    assert "docs/vi/news/thong-cao-2999.md and its translations (publish_at 2999-01-01T08:00:00+07:00)" in out
    assert "docs/en/index.md (draft translation" in out


def test_publish_at_in_the_past_is_published(mini_project):
    (mini_project / "docs/vi/news").mkdir()
    (mini_project / "docs/vi/news/da-den-gio.md").write_text(EMBARGO.replace("2999-01-01", "2020-01-01").replace("Thông cáo cấm vận đến năm 2999", "Đã đến giờ"), encoding="utf-8")
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('        heritage: [zh, ko, ja]\n', '        heritage: [zh, ko, ja]\n        news: []\n'), encoding="utf-8")
    built = build(mini_project)
    assert (built.site / "news/da-den-gio/index.html").is_file()
    corpus = Corpus.load(load_project(mini_project / "mkdocs.yml"))
    assert corpus.is_published("news/da-den-gio.md")


def test_linking_an_unpublished_page_is_an_error(held_back, tmp_path):
    from projects import copy_project

    project = copy_project(held_back.root, tmp_path / "p")
    path = project / "docs/vi/index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nXem [lễ hội](news/le-hoi-bi-mat.md).\n", encoding="utf-8")
    result = run_quangba(project, "check", "--select", "LNK")
    assert result.returncode == 1
    assert "LNK005 link `news/le-hoi-bi-mat.md` leads to a page that is not published (draft)" in result.stdout


def test_files_that_are_not_the_projects_own_are_not_published(held_back):
    site = held_back.site
    assert "SEC010" in held_back.result.stdout and "SEC011" in held_back.result.stdout  # warned about
    for name in ("assets/passwd", "assets/images/ngoai.png", "vi/banner.html", "banner.html", "en/banner.html",
                 "assets/notes.md", "assets/notes/index.html", "en/assets/notes/index.html"):
        assert not (site / name).exists(), name
    assert not list((site / "assets/images/v").glob("ngoai-*"))
    everything = _all_output(site)
    assert "root:x:0:0" not in everything and "alert(7)" not in everything and "Ghi chú nội bộ" not in everything


def test_every_output_image_opens_and_carries_no_metadata(held_back):
    """Originals included: the site's copy of a camera JPEG has no GPS, camera, XMP or
    comment, stands the right way up, and keeps its colour profile."""
    from PIL import Image

    site = held_back.site
    images = [p for p in site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")]
    assert len(images) > 20
    for path in images:
        assert_no_metadata(path.read_bytes(), path.relative_to(site).as_posix())
    with Image.open(site / "assets/images/anh-gps.jpg") as original:
        assert original.size == (80, 120)  # turned by its EXIF orientation before the EXIF went
        assert original.info.get("icc_profile") == ICC
