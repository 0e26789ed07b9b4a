"""Reading XLIFF from outside hands: parse safely, check that each <file> is a page of this
project exported from its current source (else say what changed since), read the targets'
inline codes; then import, all or nothing, with each refusal naming its file."""

from __future__ import annotations

import difflib
from pathlib import Path

from lxml import etree

from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.errors import ContentError, QuangbaError
from quangba.core.project import Project
from quangba.core.messages import T_
from quangba.translation.xliff.format import _HASH_NOTE, HASH_PROP, NS, _check_lang, _local, _q, _Refused
from quangba.translation.xliff.merge import _build
from quangba.translation.xliff.units import Unit, page_units


def _flat(element) -> str:
    """A <source>'s Markdown: its text with each code's content."""
    return "".join(element.itertext()) if element is not None else ""


def _target_pieces(element, unit_id: str) -> list:
    pieces: list = []

    def walk(node) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            name = _local(child)
            if name in ("bpt", "ept", "ph"):
                pieces.append((name, child.get("id")))
            elif name == "mrk":  # segmentation markers of some CAT tools: transparent
                walk(child)
            elif name:
                raise _Refused(
                    T_("unit `{unit_id}`: inline element <{name}> is not one quangba wrote (this file's codes are <bpt>, <ept> and <ph>)", unit_id=unit_id, name=name)
                )
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    return pieces


def _changed_units(old: list[tuple[str, str]], new: list[Unit]) -> str:
    """Which units differ between the exported sources and the current source."""
    new_list = [(u.id, u.markdown) for u in new if u.translatable]
    lines = {u.id: u.line for u in new}
    matcher = difflib.SequenceMatcher(a=[t for _, t in old], b=[t for _, t in new_list], autojunk=False)
    changed, removed, added = [], [], []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "replace":
            pairs = min(a2 - a1, b2 - b1)
            changed += [f"{old[a1 + i][0]} (now line {lines[new_list[b1 + i][0]]})" for i in range(pairs)]
            removed += [old[i][0] for i in range(a1 + pairs, a2)]
            added += [f"{new_list[i][0]} (line {lines[new_list[i][0]]})" for i in range(b1 + pairs, b2)]
        elif tag == "delete":
            removed += [old[i][0] for i in range(a1, a2)]
        elif tag == "insert":
            added += [f"{new_list[i][0]} (line {lines[new_list[i][0]]})" for i in range(b1, b2)]

    def listing(items: list[str]) -> str:
        return ", ".join(items[:12]) + (f" and {len(items) - 12} more" if len(items) > 12 else "")

    parts = []
    if changed:
        parts.append(f"changed units: {listing(changed)}")
    if removed:
        parts.append(f"units no longer in the source: {listing(removed)}")
    if added:
        parts.append(f"new in the source: {listing(added)}")
    return "; ".join(parts) or "no translatable text changed (only markup, link targets or code blocks)"


def _read_file(project: Project, corpus: Corpus, path: Path) -> list[tuple[str, str, Path, str]]:
    """(lang, key, output path, text) for each <file> of an XLIFF document."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except OSError as exc:
        raise _Refused(T_('cannot read the file: {exc}', exc=exc)) from exc
    except etree.XMLSyntaxError as exc:
        raise _Refused(T_('not well-formed XML: {exc}', exc=exc)) from exc
    root = tree.getroot()
    if root.tag != _q("xliff"):
        raise _Refused(T_('not an XLIFF 1.2 file (root element {tag}, expected <xliff> in namespace {NS})', tag=root.tag, NS=NS))
    files = root.findall(_q("file"))
    if not files:
        raise _Refused(T_('no <file> element'))
    results = []
    for file in files:
        original = file.get("original", "")
        prefix = f"docs/{project.source_language}/"
        if not original.startswith(prefix):
            raise _Refused(T_('<file original="{original}"> is not a page of {prefix}: was it exported by `quangba xliff export`?', original=original, prefix=prefix))
        key = original[len(prefix):]
        lang = file.get("target-language", "")
        try:
            _check_lang(project, lang)
        except QuangbaError as exc:
            raise _Refused(T_('target-language: {exc}', exc=exc)) from exc
        source = corpus.page(project.source_language, key)
        if source is None:
            raise _Refused(T_('{original}: no such source page (renamed or deleted since the export?)', original=original))
        if source.problems:
            raise _Refused(f"{original}:{source.problems[0].line}: {source.problems[0].message}")
        exported = None
        for prop in file.iterfind(f"{_q('header')}/{_q('prop-group')}/{_q('prop')}"):
            if prop.get("prop-type") == HASH_PROP:
                exported = (prop.text or "").strip()
        if not exported:
            for note in file.iterfind(f"{_q('header')}/{_q('note')}"):
                found = _HASH_NOTE.search(note.text or "")
                if found:
                    exported = found.group(1)
        if not exported:
            raise _Refused(T_('no source hash in the <header>: export the page again with `quangba xliff export`'))
        units = page_units(source)
        xliff_units = {}
        order = []
        for element in file.iter(_q("trans-unit")):
            unit_id = element.get("id", "")
            if unit_id in xliff_units:
                raise _Refused(T_('unit `{unit_id}` appears twice', unit_id=unit_id))
            xliff_units[unit_id] = element
            order.append((unit_id, _flat(element.find(_q("source")))))
        current = page_source_hash(source)
        if exported != current:
            raise _Refused(
                T_('{original} changed since this file was exported (source_hash {exported}, now {current}): {changed_units}. Export it again (`quangba xliff export {key} --lang {lang} --out DIR`) and carry the translation over in your CAT tool', original=original, exported=exported, current=current, changed_units=_changed_units(order, units), key=key, lang=lang)
            )
        known = {u.id: u for u in units}
        for unit_id in xliff_units:
            if unit_id not in known or not known[unit_id].translatable:
                raise _Refused(T_('unit `{unit_id}` is not a unit of {original}', unit_id=unit_id, original=original))
        targets = {}
        for unit_id, element in xliff_units.items():
            target = element.find(_q("target"))
            if target is not None:
                targets[unit_id] = _target_pieces(target, unit_id)
        text = _build(corpus, lang, key, source, units, targets)
        results.append((lang, key, project.lang_dir(lang) / key, text))
    return results


def import_xliff(project: Project, files: list[Path]) -> list[Path]:
    """Write the translations of XLIFF files back as Markdown; the paths written. Nothing is
    written when any file is refused."""
    if not files:
        raise QuangbaError(T_('give the XLIFF files to import: quangba xliff import FILE.xlf …'))
    corpus = Corpus.load(project)
    staged: dict[Path, tuple[str, str]] = {}
    errors = []
    for path in files:
        try:
            for lang, key, out, text in _read_file(project, corpus, path):
                if out in staged:
                    raise _Refused(T_('docs/{lang}/{key} is also in {value}: import one of them', lang=lang, key=key, value=staged[out][0]))
                staged[out] = (str(path), text)
        except _Refused as exc:
            errors.append(f"{path}: {exc}")
    if errors:
        raise ContentError(T_("{errors}\nnothing was written", errors="\n".join(errors)))
    written = []
    for out, (_, text) in staged.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
        written.append(out)
    return written
