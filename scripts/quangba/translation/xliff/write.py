"""Writing XLIFF 1.2: one file per page, the source's units, and the existing translation's
text as targets where it lines up with the source (same blocks, same inline codes)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from quangba import __version__
from quangba.core.content import Page
from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.core.messages import T_
from quangba.translation.xliff.format import DATATYPE, HASH_PROP, NS, PAGE_PROP, XML_NS, _check_lang, _q
from quangba.translation.xliff.units import Code, Unit, body_units, field_units, page_units

_FIELD_TYPES = {"tags": "tag"}


def _source_page(corpus: Corpus, key: str) -> Page:
    source = corpus.page(corpus.source_language, key)
    if source is None:
        raise QuangbaError(T_('docs/{source_language}/{key}: no such source page', source_language=corpus.source_language, key=key))
    if source.problems:
        problem = source.problems[0]
        raise QuangbaError(f"{corpus.project.relpath(source.path)}:{problem.line}: {problem.message}")
    return source


def _map_codes(source: Unit, translation: Unit) -> list | None:
    """The translation's pieces with its codes replaced by the source's (same kind and
    signature, each used once, pairs kept together); None when they do not match."""
    if len(source.codes) != len(translation.codes):
        return None
    free = list(source.codes)
    pair_ids: dict[str, str] = {}
    result: list = []
    for piece in translation.pieces:
        if not isinstance(piece, Code):
            result.append(piece)
            continue
        if piece.kind == "ept":
            wanted = pair_ids.get(piece.id)
            match = next((c for c in free if c.kind == "ept" and c.id == wanted), None)
        else:
            match = next((c for c in free if c.kind == piece.kind and c.sig == piece.sig), None)
            if match is not None and piece.kind == "bpt":
                pair_ids[piece.id] = match.id
        if match is None:
            return None
        free.remove(match)
        result.append(match)
    return result


def _aligned_targets(corpus: Corpus, source: Page, units: list[Unit], translation: Page) -> tuple[dict, dict, str]:
    """Targets from an existing translation: unit id -> pieces; unit id -> note; a file note."""
    from quangba.checks.untranslated import is_substantial
    from quangba.core.glossary import for_project

    glossary = for_project(corpus.project)
    targets: dict[str, list] = {}
    notes: dict[str, str] = {}
    tags = source.meta.get("tags")
    fields = {u.id: u for u in field_units(translation, tags=len(tags) if isinstance(tags, list) else None)}
    for unit in units:
        if unit.kind == "field" and unit.id in fields:
            targets[unit.id] = list(fields[unit.id].pieces)
    body = [u for u in units if u.kind != "field"]
    theirs = body_units(translation.body, translation.body_line)
    file_note = ""
    if [u.shape for u in body] != [u.shape for u in theirs]:
        file_note = (
            f"The existing translation docs/{translation.lang}/{translation.key} does not have the "
            f"source's structure ({len(theirs)} blocks for the source's {len(body)}, or in another "
            "order): its body is not offered as targets."
        )
    else:
        for mine, other in zip(body, theirs):
            mapped = _map_codes(mine, other)
            if mapped is None:
                notes[mine.id] = (
                    "The existing translation of this block has other inline markup than the source "
                    f"(links, emphasis, code); it was: {other.markdown}"
                )
            else:
                targets[mine.id] = mapped
    states = {}
    for unit in units:
        if unit.id in targets:
            same = Unit(unit.id, unit.kind, unit.line, targets[unit.id]).markdown == unit.markdown
            states[unit.id] = "same" if same and is_substantial(unit.text_only(), glossary) else "ok"
    return {k: (v, states[k]) for k, v in targets.items()}, notes, file_note


def _fill(element, pieces: list, where: str) -> None:
    """Write pieces into <source> or <target> as text and <bpt>/<ept>/<ph> elements."""
    last = None
    try:
        for piece in pieces:
            if isinstance(piece, Code):
                code = etree.SubElement(element, _q(piece.kind), id=piece.id)
                if piece.kind != "ept":
                    code.set("ctype", piece.ctype)
                code.text = piece.markup
                last = code
            elif last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
    except ValueError as exc:  # control characters cannot be written in XML 1.0
        raise QuangbaError(T_('{where}: {exc}: remove the character (`quangba check` reports it as TXT003)', where=where, exc=exc)) from exc


_STRUCTURAL = {"xliff", "file", "header", "body", "group", "trans-unit", "prop-group", "context-group"}


def _indent(element, level: int = 0) -> None:
    """Indent the structure; never touch mixed content (source, target, notes)."""
    if etree.QName(element).localname not in _STRUCTURAL:
        return
    children = list(element)
    if not children:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def _xliff_for(corpus: Corpus, lang: str, key: str) -> bytes:
    source = _source_page(corpus, key)
    units = page_units(source)
    current = page_source_hash(source)
    source_file = f"docs/{corpus.source_language}/{key}"
    translation = corpus.page(lang, key)
    targets: dict = {}
    notes: dict[str, str] = {}
    file_note = ""
    stale = False
    if translation is not None and not translation.problems:
        targets, notes, file_note = _aligned_targets(corpus, source, units, translation)
        stale = str(translation.meta.get("source_hash", "")) != current
    elif translation is not None:
        problem = translation.problems[0]
        file_note = (f"The existing translation docs/{lang}/{key} cannot be read (line {problem.line}: "
                     f"{problem.message}): its text is not offered as targets.")

    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, _q("file"), {
        "original": source_file, "source-language": corpus.source_language,
        "target-language": lang, "datatype": DATATYPE, "tool-id": "quangba",
    })
    header = etree.SubElement(file, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": "quangba", "tool-name": "quangba", "tool-version": __version__})
    props = etree.SubElement(header, _q("prop-group"), name="quangba")
    etree.SubElement(props, _q("prop"), {"prop-type": HASH_PROP}).text = current
    etree.SubElement(props, _q("prop"), {"prop-type": PAGE_PROP}).text = key
    note = etree.SubElement(header, _q("note"), {"from": "quangba"})
    note.text = (
        f"Page {source_file} (source_hash {current}), to translate into {lang}. Inline codes "
        "hold Markdown (emphasis, links, images, code): keep each of them exactly once; you may "
        "move them. Import with `quangba xliff import FILE`."
        + (" The existing translation is stale: its source changed since it was made." if stale else "")
        + (" " + file_note if file_note else "")
    )
    body = etree.SubElement(file, _q("body"))
    for unit in units:
        if not unit.translatable:
            continue
        where = f"{source_file}:{unit.line}"
        element = etree.SubElement(body, _q("trans-unit"), {
            "id": unit.id, "resname": f"{key}#{unit.id}",
            "restype": "x-md-" + (_FIELD_TYPES.get(unit.field.split(".")[0], unit.field.replace(".", "-"))
                                  if unit.kind == "field" else unit.kind),
        })
        element.set(f"{{{XML_NS}}}space", "preserve")
        _fill(etree.SubElement(element, _q("source")), unit.pieces, where)
        if unit.id in targets:
            pieces, state = targets[unit.id]
            target = etree.SubElement(element, _q("target"))
            if state == "same":
                target.set("state", "needs-translation")
            elif stale:
                target.set("state", "needs-review-translation")
            else:
                target.set("state", "translated")
                element.set("approved", "yes")
            _fill(target, pieces, where)
        group = etree.SubElement(element, _q("context-group"), purpose="location")
        etree.SubElement(group, _q("context"), {"context-type": "sourcefile"}).text = source_file
        etree.SubElement(group, _q("context"), {"context-type": "linenumber"}).text = str(unit.line)
        if unit.id in notes:
            _fill(etree.SubElement(element, _q("note"), {"from": "quangba"}), [notes[unit.id]], where)
    _indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


def export_xliff(project: Project, lang: str, out: Path, pages: list[str] | None = None,
                 stale_only: bool = False) -> list[Path]:
    """One XLIFF 1.2 file per page into `out/<lang>/<page>.xlf`; the paths written."""
    _check_lang(project, lang)
    corpus = Corpus.load(project)
    if pages:
        keys = []
        for page in pages:
            key = page if page.endswith(".md") or corpus.page(corpus.source_language, page) else page + ".md"
            _source_page(corpus, key)
            keys.append(key)
    else:
        keys = corpus.keys()
    written = []
    for key in keys:
        if stale_only:
            source = _source_page(corpus, key)
            translation = corpus.page(lang, key)
            if translation is not None and str(translation.meta.get("source_hash", "")) == page_source_hash(source):
                continue
        data = _xliff_for(corpus, lang, key)
        path = out / lang / (key[:-3] + ".xlf" if key.endswith(".md") else key + ".xlf")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
