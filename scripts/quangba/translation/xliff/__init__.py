"""XLIFF 1.2 for CAT tools (Trados, memoQ, OmegaT, Phrase, Okapi): export pages, import translations.

`quangba xliff export --lang en --out DIR [PAGE …] [--stale]` writes one file per page,
`DIR/<lang>/<page path without .md>.xlf`:

```xml
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="docs/vi/heritage/tan-trao.md" source-language="vi" target-language="en"
        datatype="x-markdown" tool-id="quangba">
    <header>
      <tool tool-id="quangba" tool-name="quangba" tool-version="…"/>
      <prop-group name="quangba">
        <prop prop-type="x-quangba-source-hash">506c1197c10e6324</prop>
        <prop prop-type="x-quangba-page">heritage/tan-trao.md</prop>
      </prop-group>
      <note from="quangba">… source_hash 506c1197c10e6324 …</note>
    </header>
    <body>
      <trans-unit id="p3" resname="heritage/tan-trao.md#p3" restype="x-md-paragraph" xml:space="preserve">
        <source>Xem <bpt id="1" ctype="link">[</bpt>Di sản<ept id="1">](index.md)</ept>.</source>
        <target state="translated">See the <bpt id="1" ctype="link">[</bpt>Heritage<ept id="1">](index.md)</ept> page.</target>
        <context-group purpose="location">…sourcefile, linenumber…</context-group>
      </trans-unit>
```

Units, in document order: `title`, `description`, `image.alt`, `image.caption`, `tags.N`,
then the body: headings `hN`, paragraphs `pN`, list items `liN`, table cells
`tT.R.C` (row 1 is the header row) and admonition titles `admN`. A unit whose text is
only inline code (nothing to translate) is left out, and import keeps the source's.

Inline Markdown is protected: emphasis, strong, strikethrough, links and images are
`<bpt>`/`<ept>` pairs (the text between them, a link's text or an image's alt, is
translated); inline code, inline HTML, autolinks, empty links and hard line breaks are
`<ph>`. Each code element holds the original Markdown, so a CAT tool shows it and a
reader of the file sees the page; import restores the markup from the CURRENT source by
the code's id, so a translator can move codes but not change them. Soft line breaks
inside a paragraph become a space (the hash ignores line wrapping too); the rest of the
text is the source's Markdown as written (`\\*` stays `\\*`).

The source hash is stored twice in the header (a `<prop>`, which CAT tools keep, and a
`<note>` as a fallback for tools that rewrite the header); import refuses a file whose
source changed since export.

Existing translations become targets when they have the source's structure (same blocks
in the same order, and for each block the same inline codes): `state="translated"` with
`approved="yes"` when the translation is up to date, `state="needs-review-translation"`
when its source changed since (stale), `state="needs-translation"` when the block is still
the Vietnamese text. A block that does not line up gets no target and a note with the
existing translation's Markdown.

Import rebuilds the Markdown from the current source: the source's body with each unit's
text replaced by its target (inline codes restored, soft breaks as spaces, `|` escaped in
table cells, same-page and cross-page `#anchor`s moved to the translated headings); the
translated front-matter fields (title, description, tags, image alt and caption), never
the neutral ones; `source_hash` of the current source. Front-matter lines of an existing
translation whose value does not change are kept as written. A unit without a target
keeps the Vietnamese text (`quangba check` reports it, UNT001) and the page gets
`draft: true` so that nothing half-translated is published. Import is all or nothing:
when any file is refused, nothing is written.

The package, one job a file: `format` (the XLIFF names and checks export and import
share), `units` (a page as translation units), `write` (export), `merge` (a translation
back into Markdown), `read` (reading and checking a file from a CAT tool; import).
"""

from __future__ import annotations

from quangba.translation.xliff.format import DATATYPE, HASH_PROP, NS, PAGE_PROP, XML_NS, _check_lang
from quangba.translation.xliff.merge import _scalar
from quangba.translation.xliff.read import import_xliff
from quangba.translation.xliff.units import Code, Unit, body_units, field_units, page_units
from quangba.translation.xliff.write import export_xliff

__all__ = [
    "DATATYPE", "HASH_PROP", "NS", "PAGE_PROP", "XML_NS", "Code", "Unit", "_check_lang", "_scalar", "body_units",
    "export_xliff", "field_units", "import_xliff", "page_units",
]
