"""Merging a translation back into Markdown: the current source's body with each unit's text
replaced by its target (the source's inline codes restored, refused when broken), the
translated front matter, and `#anchor`s moved to the translated headings."""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from typing import Any

import yaml

from quangba.core.content import FRONT_MATTER, Page, parse_text
from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.project import Project
from quangba.core.messages import T_
from quangba.translation.xliff.format import _Refused
from quangba.translation.xliff.units import Code, Unit, body_units


def _describe(code: Code) -> str:
    return f"<{code.kind} id=\"{code.id}\"> ({'a line break' if code.ctype == 'lb' else '`' + code.markup + '`'})"


def _restore(unit: Unit, raw: list) -> str:
    """The target's Markdown with the source's inline codes; refuse broken codes."""
    known = {(c.kind, c.id): c for c in unit.codes}
    seen: set[tuple[str, str]] = set()
    stack: list[str] = []
    out: list[str] = []
    for piece in raw:
        if isinstance(piece, str):
            text = unicodedata.normalize("NFC", piece)
            text = re.sub(r"\s*\n\s*", " ", text)
            if unit.kind == "cell":
                text = re.sub(r"(?<!\\)\|", r"\\|", text)
            if unit.kind == "admonition" and '"' in text:
                raise _Refused(T_('unit `{id}`: a note title cannot contain `"`: use “ ” instead', id=unit.id))
            out.append(text)
            continue
        kind, code_id = piece
        if code_id is None:
            raise _Refused(T_("unit `{id}`: an inline code <{kind}> has no id: put back the source's code", id=unit.id, kind=kind))
        code = known.get((kind, code_id))
        if code is None:
            raise _Refused(
                T_('unit `{id}`: unknown inline code <{kind} id="{code_id}">: the source of this unit has {value}', id=unit.id, kind=kind, code_id=code_id, value=', '.join(_describe(c) for c in unit.codes) or 'no inline codes')
            )
        if (kind, code_id) in seen:
            raise _Refused(T_('unit `{id}`: inline code {describe} appears twice: keep it once', id=unit.id, describe=_describe(code)))
        seen.add((kind, code_id))
        if kind == "bpt":
            stack.append(code_id)
        elif kind == "ept":
            if code_id not in stack:
                raise _Refused(
                    T_('unit `{id}`: inline code {describe} closes before it opens: put <bpt id="{code_id}"> first', id=unit.id, describe=_describe(code), code_id=code_id)
                )
            if stack[-1] != code_id:
                raise _Refused(
                    T_('unit `{id}`: inline codes {code_id} and {value} overlap (<bpt id="{code_id}"> … <bpt id="{value}"> … <ept id="{code_id}">): close the inner one first', id=unit.id, code_id=code_id, value=stack[-1])
                )
            stack.pop()
        out.append(code.markup)
    missing = [c for c in unit.codes if (c.kind, c.id) not in seen]
    if missing:
        raise _Refused(
            T_("unit `{id}`: inline code {code} is missing from the target{more}: keep every inline code of the source exactly once",
               id=unit.id, code=_describe(missing[0]), more=T_(" (and {count} more)", count=len(missing) - 1) if len(missing) > 1 else "")
        )
    text = "".join(out)
    return text.strip()


def _scalar(value: str) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if value and value == value.strip() and "\n" not in value and value[0] not in "\"'":
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")


def _front_slices(text: str) -> tuple[str, dict[str, str]]:
    """An existing translation's front matter: the text before the first key (comments),
    and each top-level key's lines as written."""
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return "", {}
    lines = (match.group(1) or "").splitlines(keepends=True)
    preamble, slices, current = [], {}, None
    for line in lines:
        key = _TOP_KEY.match(line)
        if key:
            current = key.group(1)
            slices[current] = line
        elif current is None:
            preamble.append(line)
        else:
            slices[current] += line
    return "".join(preamble), slices


def _front_matter(values: dict[str, Any], existing: Page | None) -> str:
    """The translation's front matter; lines of the existing translation are kept as written
    where the value does not change."""
    preamble, slices = _front_slices(existing.text) if existing is not None else ("", {})
    old = existing.meta if existing is not None else {}
    out = [preamble]
    for name, value in values.items():
        if name in slices and old.get(name) == value:
            text = slices[name]
            out.append(text if text.endswith("\n") else text + "\n")
        elif name == "image":
            out.append("image:\n" + "".join(f"  {k}: {_scalar(v)}\n" for k, v in value.items()))
        elif name == "tags":
            out.append("tags:\n" + "".join(f"  - {_scalar(v)}\n" for v in value))
        elif name == "draft":
            out.append(f"draft: {'true' if value else 'false'}\n")
        elif name == "source_hash":
            out.append(f'source_hash: "{value}"\n')
        else:
            out.append(f"{name}: {_scalar(value)}\n")
    return "".join(out)


def _anchor_ids(project: Project, page: Page) -> list[str | None]:
    """The anchor of each heading of a page (None for those with an explicit id)."""
    from quangba.core.outline import outline
    from quangba.core.slugs import slug_function, unique_ids

    headings = outline(page).headings
    slugify, separator = slug_function(project)
    explicit = {h.explicit_id for h in headings if h.explicit_id}
    generated = iter(unique_ids([h.text for h in headings if not h.explicit_id], slugify, separator, explicit))
    return [None if h.explicit_id else next(generated) for h in headings]


def _remap_anchors(corpus: Corpus, lang: str, key: str, source: Page, new_page: Page, units: list[Unit]) -> dict[str, str]:
    """Link destinations with a `#fragment` naming a source heading -> the same heading's
    anchor in the translation (this page, or the other page's existing translation)."""
    project = corpus.project
    mapping: dict[str, str] = {}
    cache: dict[str, dict[str, str]] = {}

    def table(target_key: str) -> dict[str, str]:
        if target_key not in cache:
            cache[target_key] = {}
            vi = corpus.page(corpus.source_language, target_key)
            tr = new_page if target_key == key else corpus.page(lang, target_key)
            if vi is not None and tr is not None and not vi.problems and not tr.problems:
                mine, theirs = _anchor_ids(project, vi), _anchor_ids(project, tr)
                if len(mine) == len(theirs):
                    cache[target_key] = {a: b for a, b in zip(mine, theirs) if a and b}
        return cache[target_key]

    for unit in units:
        for code in unit.codes:
            url = code.url
            if "#" not in url or "://" in url or url.startswith(("mailto:", "//")):
                continue
            path, _, fragment = url.partition("#")
            if path and not path.endswith(".md"):
                continue
            target_key = posixpath.normpath(posixpath.join(posixpath.dirname(key), path)) if path else key
            new = table(target_key).get(fragment)
            if new and new != fragment:
                mapping[url] = f"{path}#{new}"
    return mapping


def _structure(units: list[Unit]) -> list[tuple]:
    return [(u.shape, sorted(c.sig for c in u.codes)) for u in units]


def _splice(body: str, units: list[Unit], markdown: dict[str, str]) -> str:
    """The body with the text of each unit in `markdown` replaced."""
    data = body.encode("utf-8")
    for unit in sorted((u for u in units if u.span is not None and u.id in markdown), key=lambda u: -u.span[0]):
        start, stop = unit.span
        data = data[:start] + markdown[unit.id].encode("utf-8") + data[stop:]
    return data.decode("utf-8")


def _build(corpus: Corpus, lang: str, key: str, source: Page, units: list[Unit],
           targets: dict[str, list]) -> str:
    """The translation's text: the source rebuilt with the targets."""
    project = corpus.project
    missing = False
    markdown: dict[str, str] = {}
    for unit in units:
        if not unit.translatable:
            continue
        raw = targets.get(unit.id)
        text = _restore(unit, raw) if raw is not None else ""
        if not text:
            missing = True  # no target: the source's text stays, and UNT001 reports it
            continue
        markdown[unit.id] = text

    existing = corpus.page(lang, key)
    if existing is not None and existing.problems:
        existing = None
    values: dict[str, Any] = {}
    for name in ("title", "description"):
        value = markdown.get(name) or source.meta.get(name)
        if isinstance(value, str):
            values[name] = value
    tags = source.meta.get("tags")
    if isinstance(tags, list) and tags:
        values["tags"] = [markdown.get(f"tags.{n}", tag) for n, tag in enumerate(tags, start=1)]
    image = source.meta.get("image")
    if isinstance(image, dict):
        translated = {}
        for name in ("alt", "caption"):
            value = markdown.get(f"image.{name}") or image.get(name)
            if isinstance(value, str) and value:
                translated[name] = value
        if translated:
            values["image"] = translated
    draft = existing.meta.get("draft") if existing is not None else None
    if missing or source.meta.get("draft"):
        draft = True  # nothing half-translated, and no translation of a draft, is published
    if draft is not None:
        values["draft"] = draft
    values["source_hash"] = page_source_hash(source)

    def assemble(body_text: str) -> str:
        return "---\n" + _front_matter(values, existing) + "---\n" + body_text

    new_page = parse_text(assemble(_splice(source.body, units, markdown)), lang, key, project.lang_dir(lang) / key)
    if new_page.problems:
        raise _Refused(T_('the translated front matter does not read back: {message}', message=new_page.problems[0].message))
    body_list = [u for u in units if u.kind != "field"]
    mine, theirs = _structure(body_list), _structure(body_units(new_page.body, new_page.body_line))
    if mine != theirs:
        # the first block that differs; when that block kept the source's text, the
        # translation of a block before it spilled over (a line that became a list item…)
        index = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
        index = max(0, min(index, len(body_list) - 1))
        while index > 0 and body_list[index].id not in markdown:
            index -= 1
        culprit = body_list[index].id if body_list else "?"
        raise _Refused(
            T_("unit `{culprit}`: its translation changes the page's Markdown structure (it starts a heading, list or table, or adds emphasis or a link with `#`, `-`, `1.`, `*`, `_`, `[` …): escape that character with a backslash (`\\*`, `1\\.`)", culprit=culprit)
        )
    anchors = _remap_anchors(corpus, lang, key, source, new_page, units)
    if not anchors:
        return new_page.text
    for unit in units:  # `#anchor`s of source headings become the translated headings' anchors
        moved = False
        for code in unit.codes:
            if code.url in anchors and code.kind in ("ept", "ph"):
                code.markup = code.markup.replace(code.url, anchors[code.url], 1)
                moved = True
        if moved:
            markdown[unit.id] = _restore(unit, targets[unit.id]) if unit.id in markdown else unit.markdown
    return assemble(_splice(source.body, units, markdown))
