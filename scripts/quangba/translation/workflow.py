"""Starting work: a new Vietnamese page from its type's template, a new translation with
its source's structure.

`quangba new TYPE SLUG [--title …]` writes `docs/vi/<section>/<slug>.md` with every
front-matter field of the schema: required ones filled with placeholders marked `THAY:`
("replace"), optional ones commented out with `# ` so that removing it from every line of a
field gives valid YAML, notes for the editor in Vietnamese (`##` comments, which stay comments
when a field is uncommented, and a Markdown comment in the body), `date:` today in Viet Nam,
`order:` after the section's last page and `draft: true`, so that nothing half-written is
published. `source_hash` is not in the template: it belongs in translations.

`quangba translate LANG PAGE [--force]` writes `docs/<lang>/<page>` as a copy of the
source's body (same headings, lists, tables, images, links, notes and code blocks, byte for
byte) whose text is still the Vietnamese text, with the translated front-matter fields
(title, description, tags, image alt and caption) to fill, `draft: true` and the current
`source_hash`. The text is kept as the source's, with no marker: UNT001 reports exactly the
blocks that are still the source's text, so `quangba check` lists what is left to translate
and the list shrinks as the translator works (a `[vi] …` marker would hide the blocks from
UNT001, which compares with the source's text). The alt text still being the source's is
reported by MED003, glossary names by TRM001.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any

from quangba.core.content import read_page
from quangba.core.corpus import VIETNAM, page_source_hash
from quangba.core.errors import ContentError, QuangbaError
from quangba.core.project import Project
from quangba.core.schema import DESIGNATIONS, FACTS, GUIDANCE_MARK, PAGE_TYPES, PLACEHOLDER, REQUIRED
from quangba.core.messages import T_

SECTIONS = {"heritage": "heritage", "investment": "investment", "product": "products", "news": "news", "event": "events", "page": ""}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def ascii_slug(text: str) -> str:
    """`Lễ hội Thành Tuyên` -> `le-hoi-thanh-tuyen`: no diacritics, đ -> d, words joined by -."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _scalar(value: str) -> str:
    from quangba.translation.xliff.merge import _scalar as scalar

    return scalar(value)


def _language_dirs(project: Project) -> list[Path]:
    """Every language folder: the project's languages, and any other folder of docs/ (a
    language being added) but assets/."""
    dirs = [project.lang_dir(lang) for lang in project.languages]  # the source first
    if project.docs_dir.is_dir():
        dirs += sorted(p for p in project.docs_dir.iterdir()
                       if p.is_dir() and p not in dirs and p.name != "assets" and not p.name.startswith("."))
    return dirs


def _order_after_last(project: Project, section: str) -> int:
    """One more than the largest `order:` among the section's pages (for top-level pages:
    among the top-level pages and the sections' index pages, which order the sections)."""
    root = project.lang_dir(project.source_language)
    if section:
        candidates = [p for p in (root / section).glob("*.md") if p.name != "index.md"]
    else:
        candidates = list(root.glob("*.md")) + list(root.glob("*/index.md"))
    orders = []
    for path in candidates:
        page = read_page(path, project.source_language, path.relative_to(root).as_posix())
        if isinstance(page.meta.get("order"), int) and not isinstance(page.meta.get("order"), bool):
            orders.append(page.meta["order"])
    return max(orders) + 1 if orders else 1


# Which facts each type usually shows (all are allowed on every type).
_TYPE_FACTS = {
    "heritage": ("designation", "decision", "recognized", "year", "area_ha", "area_km2", "ethnic_groups", "website"),
    "investment": ("designation", "decision", "established", "area_ha", "website"),
    "product": ("designation", "gi_number", "gi_decision", "gi_date", "website"),
    "news": ("decision", "website"),
    "event": ("designation", "decision", "website"),
    "page": ("area_km2", "population", "ethnic_groups", "established", "website"),
}
_FACT_EXAMPLES = {
    "designation": ("national-relic", "loại xếp hạng, công nhận"),
    "decision": ('"548/QĐ-TTg"', "số quyết định (xếp hạng, thành lập…)"),
    "recognized": ("2012-05-10", "ngày được công nhận, xếp hạng (YYYY-MM-DD)"),
    "year": ("1945", "năm (số)"),
    "area_ha": ("61000", "diện tích, đơn vị héc-ta (số)"),
    "area_km2": ("2356", "diện tích, đơn vị km² (số)"),
    "population": ("1865270", "dân số (số nguyên, không dấu chấm)"),
    "ethnic_groups": ("17", "số dân tộc (số nguyên)"),
    "established": ("2025-07-01", "ngày thành lập (YYYY-MM-DD)"),
    "gi_number": ('"00086"', "số văn bằng chỉ dẫn địa lý (trong ngoặc kép)"),
    "gi_decision": ('"4010/QĐ-SHTT"', "số quyết định cấp văn bằng"),
    "gi_date": ("2020-10-07", "ngày cấp văn bằng (YYYY-MM-DD)"),
    "website": ("https://…", "trang web chính thức"),
}
_TYPE_NAMES = {
    "heritage": "di sản (di tích, di sản văn hóa, danh thắng)",
    "investment": "đầu tư",
    "product": "sản phẩm (đặc sản, chỉ dẫn địa lý, OCOP)",
    "news": "tin tức",
    "event": "sự kiện, lễ hội",
    "page": "trang thông tin chung",
}
_SECTION_NAMES = {"heritage": "Di sản", "investment": "Đầu tư", "products": "Sản phẩm", "news": "Tin tức", "events": "Sự kiện", "": "trang đầu"}
_HEADINGS = {
    # No "key facts" section: the fact box shows `facts:`; a table repeating it says it twice.
    "heritage": ("Lịch sử hình thành", "Giá trị của di sản", "Gợi ý cho chuyến tham quan"),
    "investment": ("Tổng quan", "Lợi thế cho nhà đầu tư", "Đầu mối liên hệ"),
    "product": ("Vùng sản xuất", "Đặc điểm sản phẩm", "Gợi ý khi chọn mua"),
    "news": ("Những điểm chính", "Thông tin cho bạn đọc"),
    "event": ("Giới thiệu", "Hoạt động chính", "Thông tin cho du khách"),
    "page": ("Tên mục thứ nhất", "Tên mục thứ hai"),
}


def _c(code: str, comment: str) -> str:
    """A YAML line with its comment in the comment column."""
    return f"{code:<34} # {comment}\n"


def _event_lines(page_type: str, today: dt.date) -> str:
    """The fields of an event page: its days, how it comes back, its place."""
    if page_type != "event":
        return ""
    return (
        _c(f"start: {today.isoformat()}", "BẮT BUỘC: ngày bắt đầu của kỳ sự kiện này (YYYY-MM-DD)")
        + _c(f"# end: {today.isoformat()}", "ngày kết thúc, nếu kéo dài nhiều ngày")
        + _c("recurrence: once", "BẮT BUỘC: once (một lần), yearly (hằng năm, cùng ngày dương lịch),")
        + "##                                   yearly-lunar (hằng năm theo âm lịch: ngày dương lịch thay đổi)\n"
        + _c(f"place: {_scalar(PLACEHOLDER + ' địa điểm')}", "BẮT BUỘC: nơi diễn ra (xã, phường, di tích)")
    )


def _template(project: Project, page_type: str, section: str, key: str, title: str | None, today: dt.date, order: int) -> str:
    image_path = posixpath.relpath("assets/images/ten-anh.jpg", posixpath.dirname(f"{project.source_language}/{key}"))
    heritage_link = posixpath.relpath("heritage/index.md", posixpath.dirname(key) or ".")
    required = REQUIRED[page_type]
    title_line = _scalar(title) if title else _scalar(f"{PLACEHOLDER} Tên trang")
    facts = _TYPE_FACTS[page_type]
    others = [name for name in FACTS if name not in facts]
    fact_lines = ""
    for name in facts:
        example, note = _FACT_EXAMPLES[name]
        fact_lines += _c(f"#   {name}: {example}", note)
        if name == "designation":
            fact_lines += f"##    (một trong: {', '.join(DESIGNATIONS)})\n"
    sources = (
        _c("sources:", "BẮT BUỘC: nguồn của mọi số liệu, ngày tháng trên trang")
        + f"  - title: {_scalar(PLACEHOLDER + ' tên văn bản hoặc bài viết nguồn')}\n"
        + "    url: https://example.com/THAY-bang-dia-chi-nguon\n"
    )
    if "sources" not in required:
        sources = "# " + sources.replace("# BẮT BUỘC:", "# tùy chọn:").replace("\n  ", "\n#   ").rstrip("\n") + "\n"
    date_note = "BẮT BUỘC: ngày đăng tin" if "date" in required else "ngày viết trang"
    front = f"""---
## Trang mới loại «{page_type}»: {_TYPE_NAMES[page_type]}. Hướng dẫn cho biên tập viên:
## - Thay mọi chỗ bắt đầu bằng «{PLACEHOLDER}» bằng nội dung thật.
## - Dòng bắt đầu bằng «##» là ghi chú: giữ nguyên hoặc xóa.
## - Dòng bắt đầu bằng một dấu «#» là trường tùy chọn: muốn dùng trường nào, bỏ «# »
##   (dấu # và một dấu cách) ở đầu mọi dòng của trường đó, rồi thay giá trị mẫu.
## - «draft: true»: trang đang là bản nháp, chưa được đăng ở bất kỳ ngôn ngữ nào. Chỉ xóa
##   dòng này khi trang đã viết xong, đã thay hết «{PLACEHOLDER}» và đã được duyệt.
## - Kiểm tra trước khi gửi: .venv/bin/quangba check docs/{project.source_language}/{key}
type: {page_type}
{_c('title: ' + title_line, 'tên trang, tối đa khoảng 70 ký tự')}{_c('description: ' + _scalar(PLACEHOLDER + ' một câu giới thiệu trang, hiện trong kết quả tìm kiếm.'), 'tối đa khoảng 170 ký tự')}{_c(f'order: {order}', f'vị trí trong mục «{_SECTION_NAMES[section]}» (sau trang cuối cùng hiện có)')}{_c(f'date: {today.isoformat()}', f'{date_note} (YYYY-MM-DD)')}{_c('draft: true', 'bản nháp: chưa đăng')}{_c(f'# updated: {today.isoformat()}', 'ngày cập nhật nội dung gần nhất')}{_c(f'# publish_at: {today.isoformat()} 08:00:00+07:00', 'hẹn giờ đăng (giờ Việt Nam); bỏ trống là đăng ngay khi hết nháp')}{_c('# tags:', 'từ khóa')}#   - từ khóa một
#   - từ khóa hai
{_c('# facts:', 'dữ kiện hiện trong khung thông tin, định dạng theo từng ngôn ngữ')}{fact_lines}##  (các dữ kiện khác: {', '.join(others)})
{_c('# image:', 'ảnh đại diện; tệp phải có trong docs/assets/images/')}#   src: assets/images/ten-anh.jpg
#   credit: tên tác giả hoặc đơn vị
#   license: CC BY 4.0
#   alt: mô tả ngắn những gì có trong ảnh
#   caption: chú thích dưới ảnh
{_c('# credits:', 'tác giả của các ảnh chèn trong bài (đường dẫn: tác giả)')}#   assets/images/anh-khac.jpg: tên tác giả
{_event_lines(page_type, today)}{sources}---
"""
    headings = "".join(f"\n## {PLACEHOLDER} {heading}\n\n{PLACEHOLDER} nội dung của mục.\n" for heading in _HEADINGS[page_type])
    body = f"""
<!--
{GUIDANCE_MARK} (xóa khối ghi chú này khi viết xong):
- Mở đầu bằng một đoạn ngắn trả lời: đây là gì, ở đâu, vì sao đáng quan tâm.
- Chia nội dung bằng tiêu đề cấp 2 (##). Không dùng tiêu đề cấp 1: tiêu đề trang lấy từ «title».
- Mỗi con số, ngày tháng, số quyết định phải có nguồn trong «sources».
- Số quyết định, ngày công nhận, số văn bằng… ghi một lần trong «facts»: khung thông tin
  hiện chúng ở mọi ngôn ngữ; đừng lặp lại chúng thành bảng trong bài.
- Liên kết tới trang khác bằng đường dẫn tới tệp .md, ví dụ [Di sản]({heritage_link}).
- Ảnh trong bài: ![mô tả ảnh]({image_path}), ghi tác giả trong «credits».
- Khi trang đã được duyệt, người dịch bắt đầu bản dịch bằng lệnh
  quangba translate en {key} (tương tự với zh, ko, ja).
-->

{PLACEHOLDER} đoạn mở đầu giới thiệu {_TYPE_NAMES[page_type].split(' (')[0]}.
{headings}"""
    return front + body


def new_page(project: Project, page_type: str, slug: str, title: str | None = None) -> Path:
    """Create `docs/vi/<section>/<slug>.md` from the type's template; return its path."""
    if page_type not in PAGE_TYPES:
        raise QuangbaError(T_('unknown page type `{page_type}`: one of {items}', page_type=page_type, items=', '.join(PAGE_TYPES)))
    name = slug[:-3] if slug.endswith(".md") else slug
    if not _SLUG.match(name):
        suggestion = ascii_slug(name) or (ascii_slug(title) if title else "")
        if not suggestion and title:
            suggestion = ascii_slug(title)
        hint = f": use `{suggestion}`" if suggestion else ""
        raise QuangbaError(
            T_("`{slug}` cannot be a page name: use lowercase letters a–z without diacritics, digits and hyphens (the name is the page's address){hint}", slug=slug, hint=hint)
        )
    if name == "index":
        raise QuangbaError(T_("`index` is the section's own page: choose another name"))
    section = SECTIONS[page_type]
    key = f"{section}/{name}.md" if section else f"{name}.md"
    for folder in _language_dirs(project):
        for taken in (folder / key, folder / key[:-3]):
            if taken.exists():
                raise QuangbaError(T_('{relpath} already exists: choose another name for the page', relpath=project.relpath(taken)))
    path = project.lang_dir(project.source_language) / key
    today = dt.datetime.now(VIETNAM).date()
    text = _template(project, page_type, section, key, title, today, _order_after_last(project, section))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _translation_front(project: Project, lang: str, key: str, meta: dict[str, Any], value: str) -> str:
    from babel import Locale

    try:
        name = Locale.parse(project.source_language).languages.get(lang) or lang
        name = name[:1].lower() + name[1:]
    except Exception:  # noqa: BLE001 - an unknown locale: name it by its code
        name = lang
    lines = [
        "---",
        f"# Bản dịch {name} ({lang}) của docs/{project.source_language}/{key}, tạo bằng `quangba translate`.",
        "# - Dịch các trường dưới đây và mọi tiêu đề, đoạn văn, mục danh sách, ô bảng, mô tả ảnh.",
        "#   Giữ nguyên cấu trúc của bản gốc: tiêu đề, danh sách, bảng, ảnh, liên kết, ghi chú.",
        "# - `quangba check` báo những khối còn là tiếng Việt (UNT001, MED003 với mô tả ảnh).",
        "# - Không thêm trường trung lập (facts, ngày, ảnh, nguồn): chúng chỉ ghi ở bản tiếng Việt.",
        "# - Xóa dòng `draft: true` khi đã dịch xong; trước đó trang vẫn hiện bản tiếng Việt.",
        "# - source_hash là phiên bản bản gốc đang dịch; nếu bản gốc đổi, `quangba diff` cho biết đổi gì.",
    ]
    for name_ in ("title", "description"):
        if isinstance(meta.get(name_), str):
            lines.append(f"{name_}: {_scalar(meta[name_])}")
    tags = meta.get("tags")
    if isinstance(tags, list) and tags:
        lines.append("tags:")
        lines += [f"  - {_scalar(str(tag))}" for tag in tags]
    image = meta.get("image")
    if isinstance(image, dict):
        parts = [(k, image[k]) for k in ("alt", "caption") if isinstance(image.get(k), str)]
        if parts:
            lines.append("image:")
            lines += [f"  {k}: {_scalar(v)}" for k, v in parts]
    lines.append("draft: true")
    lines.append(f'source_hash: "{value}"')
    lines.append("---")
    return "\n".join(lines) + "\n"


def start_translation(project: Project, lang: str, key: str, force: bool = False) -> Path:
    """Create `docs/<lang>/<key>` with the source's structure and text; return its path."""
    from quangba.translation.xliff.format import _check_lang

    _check_lang(project, lang)
    for prefix in (f"docs/{project.source_language}/", f"docs/{lang}/", f"{project.source_language}/"):
        if key.startswith(prefix):
            key = key[len(prefix):]
    root = project.lang_dir(project.source_language)
    if not key.endswith(".md") and (root / f"{key}.md").is_file():
        key += ".md"
    source_path = root / key
    if not source_path.is_file():
        raise QuangbaError(T_('docs/{source_language}/{key}: no such source page (give its path under docs/{source_language}/)', source_language=project.source_language, key=key))
    source = read_page(source_path, project.source_language, key)
    if source.problems:
        problem = source.problems[0]
        raise ContentError(T_('{relpath}:{line}: {message}: fix the source first', relpath=project.relpath(source_path), line=problem.line, message=problem.message))
    target = project.lang_dir(lang) / key
    if target.exists() and not force:
        raise QuangbaError(
            T_('{relpath} already exists: edit it, or pass --force to start again from the source (its text would be lost)', relpath=project.relpath(target))
        )
    text = _translation_front(project, lang, key, source.meta, page_source_hash(source)) + source.body
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
