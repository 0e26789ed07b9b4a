"""The yearly report as a Word document the province can sign (Decree 30/2020/NĐ-CP).

`quangba report --format docx` writes the report in the frame of a Vietnamese administrative
document (Decree 30/2020/NĐ-CP on clerical work, Appendix I): the issuing body under its
parent body, the number and symbol (`Số: …/BC-…`), the national name and motto, the place
and date, the kind of document and its title, the body, the recipients (`Nơi nhận`) and the
signature block; A4, Times New Roman, margins 2/2/3/1.5 cm, page numbers centred in the
top margin from the second page on. The detailed tables follow as an appendix in landscape.

The body follows the headings of a report on foreign-information work: results (the site's
publications and translations per language and section, from the content and its git
history; the plan's content areas; what was supplied to Vietnam.vn, the press and
partners; other activities), assessment, tasks for next year, proposals. What the site
cannot know (events held, delegations received, the assessment) is left as a space for the
office to fill, highlighted in yellow and written in square brackets, as are the fields of
the frame that neither the options nor the configuration give: nothing is invented.

The frame's fields come from the `report` section of the quangba plugin's options in
mkdocs.yml, and the number, signing date and signer from the command line:

    plugins:
      - quangba:
          report:
            parent_body: Ủy ban nhân dân tỉnh Tuyên Quang   # cơ quan chủ quản (optional)
            issuing_body: Sở …                              # cơ quan ban hành
            symbol: S…                                      # in "Số: 12/BC-S…"
            place: Tuyên Quang                              # địa danh
            signer_title: [KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC]      # one line or a list of lines
            signer_name: …
            recipients: [UBND tỉnh (để b/c), Sở Ngoại vụ]    # Nơi nhận, before "Lưu: VT."
            filed: "VT, TTĐT"                               # after "Lưu:" (default VT)
            partners: [Cổng thông tin điện tử Vietnam.vn]   # who receives feeds and packages
            plan: Kế hoạch số …/KH-UBND ngày … của UBND tỉnh
            plan_headings:                                  # the plan's content areas
              - {title: Di sản văn hóa và du lịch, sections: [heritage]}
              - {title: Giao lưu, hợp tác quốc tế, fill: các đoàn khách đã đón tiếp}

The default plan headings are the content areas of the province's foreign-information plan
of 2024 (Plan 29/KH-UBND of 3 February 2024, as reported by Báo Tuyên Quang:
https://baotuyenquang.com.vn/tang-cuong-quang-ba-hinh-anh-dia-phuong-xay-dung-thuong-hieu-dinh-vi-tinh-tuyen-quang-187558.html).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from quangba.core import locale
from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.core.settings import settings
from quangba.office.report import VI, ReportData, _lang_name, _vi_date, tables
from quangba.core.messages import T_

# A4 portrait, the margins of Decree 30 (top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm).
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_TOP_CM = MARGIN_BOTTOM_CM = 2.0
MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 3.0, 1.5
FONT = "Times New Roman"
# Liberation Serif has the advance widths of Times New Roman: column widths are measured with it.
MEASURE_FONTS = {
    False: ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"),
    True: ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
           "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf"),
}
CELL_PADDING_CM = 0.42  # Word's and LibreOffice's default cell margins (2 × 0.19 cm), and a little air
BLANK = "[{text}]"  # a space for the office to fill; also highlighted in yellow

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
KIND = "BÁO CÁO"
ABSTRACT = "Kết quả công tác thông tin đối ngoại năm {year}"
CLOSING = "Trên đây là báo cáo kết quả công tác thông tin đối ngoại năm {year} của {body}./."

# The content areas of Plan 29/KH-UBND (2024), each with the site's sections that serve it;
# the areas with no section are left for the office to fill (what the site cannot know).
DEFAULT_PLAN_HEADINGS: tuple[dict[str, Any], ...] = (
    {"title": "Quảng bá hình ảnh, thông tin về tỉnh; các chỉ số PCI, PAR INDEX, PAPI, SIPAS và chuyển đổi số",
     "sections": ["", "news"]},
    {"title": "Quảng bá di sản văn hóa và du lịch", "sections": ["heritage"]},
    {"title": "Giới thiệu sản phẩm chủ lực", "sections": ["products"]},
    {"title": "Xúc tiến thương mại, đầu tư và du lịch", "sections": ["investment"]},
    {"title": "Lễ hội, sự kiện", "fill": "các lễ hội, sự kiện đã tổ chức hoặc tham gia trong năm và việc thông tin về các sự kiện đó"},
    {"title": "Giao lưu, hợp tác quốc tế",
     "fill": "các đoàn khách quốc tế đã đón tiếp, các đoàn công tác nước ngoài, hoạt động với tỉnh kết nghĩa, đối tác"},
)
FRAME_TEXT_KEYS = ("parent_body", "issuing_body", "symbol", "place", "signer_name", "filed", "plan")
FRAME_LIST_KEYS = ("signer_title", "recipients", "partners")
FRAME_KEYS = FRAME_TEXT_KEYS + FRAME_LIST_KEYS + ("plan_headings",)


@dataclass
class Frame:
    """The fields of the administrative frame; None (or empty) where the office fills them in."""

    parent_body: str | None = None
    issuing_body: str | None = None
    symbol: str | None = None
    number: str | None = None
    place: str | None = None
    signed: dt.date | None = None
    signer_title: list[str] = field(default_factory=list)
    signer_name: str | None = None
    recipients: list[str] = field(default_factory=list)
    filed: str = "VT"
    partners: list[str] = field(default_factory=list)
    plan: str | None = None
    plan_headings: list[dict[str, Any]] = field(default_factory=lambda: [dict(h) for h in DEFAULT_PLAN_HEADINGS])


def _where(key: str) -> str:
    return f"mkdocs.yml: plugins › quangba › report › {key}"


def _text(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise QuangbaError(T_('{where}: give text, not {kind}', where=_where(key), kind=type(value).__name__))
    text = " ".join(str(value).split())
    return text or None


def _lines(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    lines = [_text(item, key) for item in items]
    return [line for line in lines if line]


def _headings(value: Any) -> list[dict[str, Any]]:
    key = "plan_headings"
    if not isinstance(value, list) or not value:
        raise QuangbaError(T_('{where}: give a list of headings, each with `title` and `sections` or `fill`', where=_where(key)))
    result = []
    for number, item in enumerate(value, start=1):
        where = f"{key}[{number}]"
        if not isinstance(item, dict) or not _text(item.get("title"), where + " › title"):
            raise QuangbaError(T_('{where}: give a `title` (and `sections: [heritage]` or `fill: …`)', where=_where(where)))
        unknown = sorted(set(item) - {"title", "sections", "fill"})
        if unknown:
            raise QuangbaError(T_('{where}: unknown key {value!r} (title, sections, fill)', where=_where(where), value=unknown[0]))
        sections = item.get("sections") or []
        if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
            raise QuangbaError(T_('{where}: give a list of section folders, e.g. [heritage]', where=_where(where + ' › sections')))
        result.append({"title": _text(item["title"], where), "sections": sections,
                       "fill": _text(item.get("fill"), where + " › fill")})
    return result


def _number(value: str | None) -> str | None:
    """The registration number as Decree 30 writes it: below 10 with a leading zero."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,6}", text):
        raise QuangbaError(T_('--number {text}: give the registration number in digits, e.g. 12', text=text))
    return text.zfill(2)


def frame(project: Project, number: str | None = None, signed: dt.date | None = None,
          signer: str | None = None) -> Frame:
    """The frame from the configuration, with the command line's number, date and signer over it."""
    options = settings(project).report
    if not isinstance(options, dict):
        raise QuangbaError(T_('mkdocs.yml: plugins › quangba › report: give a mapping of {items}', items=', '.join(FRAME_KEYS)))
    unknown = sorted(set(options) - set(FRAME_KEYS))
    if unknown:
        raise QuangbaError(T_('{where}: unknown key (known: {items})', where=_where(str(unknown[0])), items=', '.join(FRAME_KEYS)))
    result = Frame(number=_number(number), signed=signed, signer_name=_text(signer, "--signer"))
    for key in FRAME_TEXT_KEYS:
        value = _text(options.get(key), key)
        if value is not None and not (key == "signer_name" and result.signer_name):
            setattr(result, key, value)
    for key in FRAME_LIST_KEYS:
        setattr(result, key, _lines(options.get(key), key))
    if "plan_headings" in options:
        result.plan_headings = _headings(options["plan_headings"])
    return result


# --------------------------------------------------------------------------- measuring


@lru_cache(maxsize=None)
def _measure_font(bold: bool):
    from PIL import ImageFont

    for path in MEASURE_FONTS[bold]:
        if Path(path).is_file():
            return ImageFont.truetype(path, 1000)
    return None


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of one line of text in Times New Roman (measured with Liberation Serif);
    wide characters (Chinese, Japanese, Korean), which come from a CJK font, one em each."""
    font = _measure_font(bold)
    wide = sum(1 for char in text if _wide(char))
    narrow = "".join(char for char in text if not _wide(char))
    if font is None:  # no font to measure with: a generous estimate
        em = len(narrow) * 0.55
    else:
        em = font.getlength(narrow) / 1000
    return (em + wide) * size_pt / 72 * 2.54


# A line may break between Chinese characters and Japanese kana, not inside a Latin or Korean word.
_UNBREAKABLE = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u2fff\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _words(text: str) -> list[str]:
    """The pieces of `text` a line cannot break inside; an address breaks after a slash
    (Unicode line breaking, UAX #14, which Word and LibreOffice follow)."""
    return [piece for word in _UNBREAKABLE.findall(text) for piece in re.findall(r"[^/]*/?", word) if piece]


def column_widths(header: list[str], rows: list[list[str]], available_cm: float, size_pt: float) -> list[float]:
    """Column widths that fit `available_cm`: every column gets at least its longest word
    (so that words do not break) and as much of its longest line as there is room for; when
    even the longest words do not fit, the widest columns give way first."""
    columns = len(header)
    natural, minimum = [CELL_PADDING_CM] * columns, [CELL_PADDING_CM] * columns
    for index in range(columns):
        cells = [(header[index], True)] + [(str(row[index]), False) for row in rows]
        for text, bold in cells:
            natural[index] = max(natural[index], text_width_cm(text, size_pt, bold) + CELL_PADDING_CM)
            for word in _words(text):
                minimum[index] = max(minimum[index], text_width_cm(word, size_pt, bold) + CELL_PADDING_CM)
    if sum(natural) <= available_cm:
        spare = available_cm - sum(natural)
        return [w + spare * w / sum(natural) for w in natural]
    if sum(minimum) <= available_cm:
        # Columns that need little more to stay on one line get it first (a language, a state,
        # a section); the rest of the room goes to the long ones (titles) in proportion.
        widths = list(minimum)
        spare = available_cm - sum(minimum)
        wanting = sorted(range(columns), key=lambda i: natural[i] - minimum[i])
        while len(wanting) > 1 and natural[wanting[0]] - widths[wanting[0]] <= spare / 2:
            index = wanting.pop(0)
            spare -= natural[index] - widths[index]
            widths[index] = natural[index]
        give = sum(natural[i] - widths[i] for i in wanting)
        for index in wanting:
            widths[index] += spare * (natural[index] - widths[index]) / give
        return widths
    # Water-fill: cap the widest minimums at the level where they add up to the width.
    low, high = 0.0, max(minimum)
    for _ in range(50):
        cap = (low + high) / 2
        if sum(min(m, cap) for m in minimum) > available_cm:
            high = cap
        else:
            low = cap
    return [min(m, low) for m in minimum]


# --------------------------------------------------------------------------- the document


class _Writer:
    """Paragraph, table and field helpers over one python-docx Document."""

    def __init__(self):
        from docx import Document

        self.document = Document()
        self.blanks: list[str] = []
        self._setup_styles()

    def _setup_styles(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        styles = self.document.styles
        for name, size in (("Normal", 14), ("Title", 14), ("Heading 1", 14), ("Heading 2", 14), ("Heading 3", 14),
                           ("Header", 13)):
            style = styles[name]
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0, 0, 0)
            fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attribute), FONT)
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                fonts.attrib.pop(qn(attribute), None)
            style.paragraph_format.space_before = Pt(6)
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.line_spacing = 1.15
        for name in ("Heading 1", "Heading 2", "Heading 3"):
            styles[name].font.bold = True
            styles[name].font.italic = name == "Heading 3"
            styles[name].paragraph_format.keep_with_next = True

    # -- paragraphs

    def paragraph(self, container=None, *, align: str = "justify", indent: bool = True, space_before: float = 6,
                  style: str | None = None):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        target = container if container is not None else self.document
        paragraph = target.add_paragraph(style=style) if style else target.add_paragraph()
        paragraph.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                               "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
        paragraph.paragraph_format.space_before = Pt(space_before)
        paragraph.paragraph_format.first_line_indent = Cm(1.27) if indent else Cm(0)
        return paragraph

    def run(self, paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
            underline: bool = False):
        from docx.shared import Pt

        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
        return run

    def blank(self, paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None):
        """A space for the office to fill: the text says what goes there."""
        from docx.enum.text import WD_COLOR_INDEX

        run = self.run(paragraph, BLANK.format(text=text), bold=bold, italic=italic, size=size)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        self.blanks.append(text)
        return run

    def value(self, paragraph, value: str | None, missing: str, **style):
        """`value` as text, or a blank that says what is missing."""
        if value:
            return self.run(paragraph, value, **style)
        return self.blank(paragraph, missing, **style)

    def heading(self, text: str, level: int) -> None:
        from docx.shared import Cm, Pt

        paragraph = self.document.add_heading(text, level=level)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.space_before = Pt(6)

    def rule(self, container, width_cm: float, cell_width_cm: float) -> None:
        """A short centred line (under the issuing body, the motto, the title)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        paragraph = container.add_paragraph()
        side = max(0.0, (cell_width_cm - CELL_PADDING_CM - width_cm) / 2)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(side)
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.paragraph_format.line_spacing = Pt(2)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(name), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

    # -- tables

    def frame_table(self, widths_cm: list[float]):
        """A table without borders that lays out two blocks side by side."""
        from docx.shared import Cm

        table = self.document.add_table(rows=1, cols=len(widths_cm))
        table.autofit = False
        self._fixed(table, widths_cm)
        for cell, width in zip(table.rows[0].cells, widths_cm):
            cell.width = Cm(width)
            cell.paragraphs[0].paragraph_format.space_before = 0
        return table

    def _fixed(self, table, widths_cm: list[float]) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm

        properties = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        properties.append(layout)
        total = OxmlElement("w:tblW")
        total.set(qn("w:w"), str(int(sum(widths_cm) / 2.54 * 1440)))
        total.set(qn("w:type"), "dxa")
        for old in properties.findall(qn("w:tblW")):
            properties.remove(old)
        properties.append(total)
        for column, width in zip(table.columns, widths_cm):
            column.width = Cm(width)

    def data_table(self, header: list[str], rows: list[list[str]], available_cm: float, size: float,
                   numeric: set[int] = frozenset()) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        widths = column_widths(header, rows, available_cm, size)
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.autofit = False
        self._fixed(table, widths)
        header_row = table.rows[0]
        repeat = OxmlElement("w:tblHeader")  # the header row again on every page the table crosses
        repeat.set(qn("w:val"), "true")
        header_row._tr.get_or_add_trPr().append(repeat)
        for index, row in enumerate([header] + rows):
            cells = header_row.cells if index == 0 else table.add_row().cells
            if index:
                no_split = OxmlElement("w:cantSplit")
                no_split.set(qn("w:val"), "true")
                table.rows[-1]._tr.get_or_add_trPr().append(no_split)
            for column, (cell, text) in enumerate(zip(cells, row)):
                cell.width = Cm(widths[column])
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_before = Pt(1)
                paragraph.paragraph_format.space_after = Pt(1)
                paragraph.paragraph_format.line_spacing = 1.0
                paragraph.paragraph_format.first_line_indent = Cm(0)
                paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if index == 0 else
                                       WD_ALIGN_PARAGRAPH.RIGHT if column in numeric else WD_ALIGN_PARAGRAPH.LEFT)
                self.run(paragraph, str(text), bold=index == 0, size=size)
        return table

    def page_numbers(self, section) -> None:
        """Page numbers centred in the top margin, not on the first page (Decree 30)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
            run = paragraph.add_run()
            run.font.size = Pt(13)
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
                run._r.append(element)
            elif text.strip() == "PAGE":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
                run._r.append(element)
            else:
                run.text = text


def _date_line(writer: _Writer, paragraph, frame: Frame) -> None:
    """`Tuyên Quang, ngày 05 tháng 11 năm 2026` (days below 10, months 1 and 2 with a zero)."""
    writer.value(paragraph, frame.place, "địa danh", italic=True)
    writer.run(paragraph, ", ", italic=True)
    if frame.signed:
        day = f"{frame.signed.day:02d}"
        month = f"{frame.signed.month:02d}" if frame.signed.month < 3 else str(frame.signed.month)
        writer.run(paragraph, f"ngày {day} tháng {month} năm {frame.signed.year}", italic=True)
    else:
        writer.blank(paragraph, "ngày … tháng … năm …", italic=True)


def _number_line(writer: _Writer, paragraph, frame: Frame) -> None:
    writer.run(paragraph, "Số: ", size=13)
    if frame.number:
        writer.run(paragraph, frame.number, size=13)
    else:
        writer.blank(paragraph, "số", size=13)
    writer.run(paragraph, "/BC-", size=13)
    writer.value(paragraph, frame.symbol, "ký hiệu cơ quan", size=13)


def _header_block(writer: _Writer, frame: Frame) -> None:
    left_cm, right_cm = 6.3, 10.2
    table = writer.frame_table([left_cm, right_cm])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = 1
    if frame.parent_body:
        writer.run(first, frame.parent_body.upper(), size=13)
        body = writer.paragraph(left, align="center", indent=False, space_before=0)
    else:
        body = first
    writer.value(body, frame.issuing_body.upper() if frame.issuing_body else None, "TÊN CƠ QUAN BAN HÀNH",
                 bold=True, size=13)
    writer.rule(left, 2.2, left_cm)
    _number_line(writer, writer.paragraph(left, align="center", indent=False, space_before=2), frame)

    national = right.paragraphs[0]
    national.alignment = 1
    writer.run(national, NATIONAL_NAME, bold=True, size=12)
    motto = writer.paragraph(right, align="center", indent=False, space_before=0)
    writer.run(motto, MOTTO, bold=True, size=13)
    writer.rule(right, text_width_cm(MOTTO, 13, bold=True), right_cm)
    _date_line(writer, writer.paragraph(right, align="center", indent=False, space_before=2), frame)


def _title_block(writer: _Writer, data: ReportData) -> None:
    kind = writer.paragraph(align="center", indent=False, space_before=18)
    writer.run(kind, KIND, bold=True)
    abstract = writer.paragraph(align="center", indent=False, space_before=0)
    writer.run(abstract, ABSTRACT.format(year=data.year), bold=True)
    writer.document.paragraphs[-1].paragraph_format.keep_with_next = True
    available = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
    writer.rule(writer.document, 3.5, available + CELL_PADDING_CM)


def _in_sentence(lang: str) -> str:
    """`tiếng Anh`: the language's name inside a sentence."""
    name = _lang_name(lang)
    return name[:1].lower() + name[1:]


def _count_phrase(counts: dict[str, int], langs: tuple[str, ...]) -> str:
    return "; ".join(f"{_in_sentence(lang)} {counts[lang]}" for lang in langs)


def _items_of(data: ReportData, sections: list[str]):
    return [item for item in data.items if item.section in sections]


def _publication_paragraphs(writer: _Writer, data: ReportData, frame: Frame) -> None:
    source, translations = data.languages[0], data.languages[1:]
    published = sum(1 for i in data.items if i.event == "published" and source in i.urls)
    updated = sum(1 for i in data.items if i.event == "updated" and source in i.urls)
    per_lang = {lang: sum(1 for i in data.items if lang in i.urls) for lang in translations}
    p = writer.paragraph()
    writer.run(p, f"Trong năm {data.year}, Trang thông tin đối ngoại của tỉnh đăng mới "
                  f"{published} tin, bài và cập nhật {updated} tin, bài bằng tiếng Việt. Số tin, bài của năm có bản "
                  f"tiếng nước ngoài: {_count_phrase(per_lang, translations)}. Số liệu theo ngôn ngữ và chuyên mục tại "
                  f"Bảng 1, Bảng 2; danh mục tin, bài và địa chỉ đăng tải tại Phụ lục. Địa chỉ trang: {data.site_url}")
    available = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
    found = tables(data)
    for number, (heading, _note, header, rows) in enumerate(found[:2], start=1):
        caption = writer.paragraph(align="center", indent=False)
        caption.paragraph_format.keep_with_next = True
        writer.run(caption, f"Bảng {number}. {heading.split('. ', 1)[-1]}", bold=True, size=13)
        writer.data_table(header, rows, available, 12, numeric=set(range(1, len(header))))

    coverage = [c for c in data.coverage if c[1] == VI["all_sections"]]
    if coverage:
        p = writer.paragraph()
        parts = "; ".join(f"{_in_sentence(lang)} {share:.0f}% ({c['ok']} trang; {c['stale']} cần cập nhật lại, "
                          f"{c['missing']} chưa dịch)" for lang, _name, c, share in coverage)
        writer.run(p, f"Tình trạng bản dịch tại ngày {_vi_date(data.made)}, trên các trang đang công bố, tỷ lệ trang "
                      f"có bản dịch cập nhật: {parts}. Chi tiết theo chuyên mục tại Phụ lục.")

    p = writer.paragraph()
    if data.history is None:
        writer.run(p, "Nội dung trang không có lịch sử thay đổi (git) để thống kê số trang thêm mới và số bản dịch "
                      "trong năm: ")
        writer.blank(p, "số trang thêm mới, số bản dịch thực hiện trong năm")
        writer.run(p, ".")
        return
    history = data.history
    added = {lang: len(history[lang].added) for lang in data.languages}
    changed = {lang: len(history[lang].changed) for lang in data.languages}
    writer.run(p, f"Theo lịch sử thay đổi nội dung (git) trong năm {data.year}: thêm mới {added[source]} trang tiếng "
                  f"Việt, sửa đổi {changed[source]} trang; dịch mới {sum(added[l] for l in translations)} bản "
                  f"({_count_phrase(added, translations)}); cập nhật {sum(changed[l] for l in translations)} bản dịch "
                  f"({_count_phrase(changed, translations)}).")


def _plan_paragraphs(writer: _Writer, data: ReportData, frame: Frame) -> None:
    p = writer.paragraph()
    writer.run(p, "Thông tin theo các nội dung của ")
    writer.value(p, frame.plan, "số, ngày của Kế hoạch thông tin đối ngoại năm " + str(data.year))
    writer.run(p, ":")
    covered: set[str] = set()
    headings = list(frame.plan_headings)
    others = [s for s in data.sections if s not in {x for h in headings for x in h.get("sections") or []}]
    if others and _items_of(data, others):
        headings.append({"title": "Nội dung khác", "sections": others})
    for letter, heading in zip("abcdefghiklmnopqrstuvxy", headings):
        p = writer.paragraph()
        writer.run(p, f"{letter}) {heading['title']}: ", italic=True, bold=True)
        sections = heading.get("sections") or []
        if not sections:
            writer.blank(p, "văn phòng điền: " + (heading.get("fill") or "các hoạt động thuộc nội dung này"))
            continue
        covered.update(sections)
        items = _items_of(data, sections)
        new = sum(1 for i in items if i.event == "published")
        if not items:
            writer.run(p, "không có tin, bài đăng mới hoặc cập nhật trong năm.")
            continue
        updated = len(items) - new
        writer.run(p, f"đăng mới {new} tin, bài" + (f", cập nhật {updated} tin, bài" if updated else ""))
        listing = "; ".join(f"“{i.titles.get(data.languages[0], i.key)}” ({_vi_date(i.date if i.event == 'published' else i.updated)})"
                            for i in items)
        writer.run(p, f": {listing}.")


def _supply_paragraphs(writer: _Writer, data: ReportData, frame: Frame) -> None:
    langs = sorted({lang for lang, *_ in data.feeds}, key=data.languages.index)
    p = writer.paragraph()
    writer.run(p, f"Trang cung cấp {len(data.feeds)} nguồn tin (feed: RSS 2.0, Atom 1.0, JSON Feed 1.1) bằng "
                  f"{len(langs)} ngôn ngữ ({', '.join(_in_sentence(l) for l in langs)}), cập nhật tự động khi "
                  f"đăng tin, bài, để Cổng thông tin điện tử Vietnam.vn, cơ quan báo chí và đối tác lấy tin; địa chỉ "
                  f"các nguồn tin tại Phụ lục. Mỗi tin, bài có gói nội dung (bài viết theo từng ngôn ngữ, ảnh, tệp mô "
                  f"tả) để gửi đối tác; trong năm có {len(data.items)} tin, bài có gói nội dung.")
    p = writer.paragraph()
    writer.run(p, "Đối tác đã nhận tin, bài: ")
    if frame.partners:
        writer.run(p, "; ".join(frame.partners) + ". ")
    writer.blank(p, "văn phòng điền: các cơ quan báo chí, đối tác đã nhận, số tin, bài, gói nội dung đã gửi")
    writer.run(p, ".")


def _body(writer: _Writer, data: ReportData, frame: Frame) -> None:
    p = writer.paragraph(space_before=12)
    writer.run(p, "Thực hiện ")
    writer.value(p, frame.plan, "số, ngày của Kế hoạch thông tin đối ngoại năm " + str(data.year))
    writer.run(p, ", ")
    writer.value(p, frame.issuing_body, "tên cơ quan ban hành")
    writer.run(p, f" báo cáo kết quả công tác thông tin đối ngoại năm {data.year} như sau:")

    writer.heading("I. KẾT QUẢ THỰC HIỆN", 1)
    writer.heading("1. Thông tin đối ngoại trên Trang thông tin đối ngoại của tỉnh", 2)
    _publication_paragraphs(writer, data, frame)
    writer.heading("2. Kết quả theo các nội dung của Kế hoạch", 2)
    _plan_paragraphs(writer, data, frame)
    writer.heading("3. Cung cấp thông tin cho Cổng thông tin điện tử Vietnam.vn, cơ quan báo chí và đối tác", 2)
    _supply_paragraphs(writer, data, frame)
    writer.heading("4. Các hoạt động thông tin đối ngoại khác", 2)
    writer.blank(writer.paragraph(), "văn phòng điền: sự kiện đã tổ chức, đoàn khách quốc tế đã đón tiếp, hoạt động "
                                     "với báo chí nước ngoài, xuất bản phẩm, hội nghị, tập huấn")

    writer.heading("II. ĐÁNH GIÁ CHUNG", 1)
    writer.heading("1. Ưu điểm", 2)
    writer.blank(writer.paragraph(), "văn phòng điền")
    writer.heading("2. Tồn tại, hạn chế và nguyên nhân", 2)
    coverage = [c for c in data.coverage if c[1] == VI["all_sections"]]
    backlog = [(lang, c) for lang, _n, c, _s in coverage if c["missing"] or c["stale"]]
    p = writer.paragraph()
    if backlog:
        writer.run(p, "Còn trang chưa có bản dịch hoặc bản dịch chưa cập nhật theo bản tiếng Việt: " + "; ".join(
            f"{_in_sentence(lang)} {c['missing']} trang chưa dịch, {c['stale']} trang cần cập nhật lại"
            for lang, c in backlog) + ". ")
    writer.blank(p, "văn phòng điền")

    writer.heading(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {data.year + 1}", 1)
    writer.blank(writer.paragraph(), "văn phòng điền")
    writer.heading("IV. KIẾN NGHỊ, ĐỀ XUẤT", 1)
    writer.blank(writer.paragraph(), "văn phòng điền")

    p = writer.paragraph()
    writer.run(p, f"Trên đây là báo cáo kết quả công tác thông tin đối ngoại năm {data.year} của ")
    writer.value(p, frame.issuing_body, "tên cơ quan ban hành")
    writer.run(p, "./.")


def _signature_block(writer: _Writer, frame: Frame) -> None:
    from docx.shared import Pt

    writer.paragraph(space_before=0)
    table = writer.frame_table([8.0, 8.5])
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    writer.run(heading, "Nơi nhận:", bold=True, italic=True, size=12)
    recipients = list(frame.recipients)
    lines = [f"- {r};" for r in recipients] + [f"- Lưu: {frame.filed}."]
    if not recipients:
        p = writer.paragraph(left, align="left", indent=False, space_before=0)
        writer.run(p, "- ", size=11)
        writer.blank(p, "nơi nhận", size=11)
        writer.run(p, ";", size=11)
    for line in lines:
        p = writer.paragraph(left, align="left", indent=False, space_before=0)
        writer.run(p, line, size=11)

    title = right.paragraphs[0]
    title.alignment = 1
    if frame.signer_title:
        for index, line in enumerate(frame.signer_title):
            p = title if index == 0 else writer.paragraph(right, align="center", indent=False, space_before=0)
            writer.run(p, line.upper(), bold=True, size=13)
    else:
        writer.blank(title, "QUYỀN HẠN, CHỨC VỤ NGƯỜI KÝ", bold=True, size=13)
    space = writer.paragraph(right, align="center", indent=False, space_before=0)
    space.paragraph_format.space_after = Pt(60)  # for the signature and the seal
    writer.run(space, "")
    name = writer.paragraph(right, align="center", indent=False, space_before=0)
    writer.value(name, frame.signer_name, "họ và tên người ký", bold=True, size=14)


def _appendix(writer: _Writer, data: ReportData, frame: Frame) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    section = writer.document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_HEIGHT_CM), Cm(PAGE_WIDTH_CM)
    section.different_first_page_header_footer = False
    available = PAGE_HEIGHT_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
    p = writer.paragraph(align="center", indent=False, space_before=0)
    writer.run(p, "Phụ lục", bold=True)
    p = writer.paragraph(align="center", indent=False, space_before=0)
    writer.run(p, f"SỐ LIỆU CHI TIẾT VỀ THÔNG TIN ĐỐI NGOẠI TRÊN TRANG THÔNG TIN ĐỐI NGOẠI NĂM {data.year}", bold=True)
    p = writer.paragraph(align="center", indent=False, space_before=0)
    writer.run(p, "(Kèm theo Báo cáo số ", italic=True)
    writer.value(p, frame.number, "số", italic=True)
    writer.run(p, "/BC-", italic=True)
    writer.value(p, frame.symbol, "ký hiệu", italic=True)
    writer.run(p, " ngày ", italic=True)
    writer.value(p, frame.signed.strftime("%d/%m/%Y") if frame.signed else None, "ngày ký", italic=True)
    writer.run(p, " của ", italic=True)
    writer.value(p, frame.issuing_body, "tên cơ quan ban hành", italic=True)
    writer.run(p, ")", italic=True)
    for number, (heading, note, header, rows) in enumerate(tables(data)[2:], start=3):
        writer.heading(f"Bảng {number}. {heading.split('. ', 1)[-1]}", 2)
        if note:
            writer.run(writer.paragraph(), note.replace("`", ""))
        if rows:
            numeric = {i for i in range(len(header)) if rows and all(str(r[i]).rstrip("%").isdigit() for r in rows)}
            writer.data_table(header, rows, available, 11, numeric=numeric)


def write_report_document(data: ReportData, frame: Frame, out: Path) -> int:
    """Write the report as a .docx at `out`; the number of spaces left for the office to fill."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    writer = _Writer()
    document = writer.document
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance = Cm(1.0)
    writer.page_numbers(section)

    properties = document.core_properties
    properties.title = VI["title"].format(year=data.year)
    properties.author = frame.issuing_body or data.publisher
    properties.language = "vi-VN"
    properties.subject = VI["site"] + ": " + data.site_url

    _header_block(writer, frame)
    _title_block(writer, data)
    _body(writer, data, frame)
    _signature_block(writer, frame)
    _appendix(writer, data, frame)
    # the first paragraph python-docx's template starts with is empty: drop it
    first = document.paragraphs[0]
    if not first.text and first._p.getparent() is document.element.body and first._p is document.element.body[0]:
        first._p.getparent().remove(first._p)
    document.save(str(out))
    return len(writer.blanks)
