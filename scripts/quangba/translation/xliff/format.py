"""What export and import share: the XLIFF 1.2 names quangba writes and reads back, the
check of a target language, and the refusal of a file from outside hands."""

from __future__ import annotations

import re

from lxml import etree

from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.core.messages import T_

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
HASH_PROP = "x-quangba-source-hash"
PAGE_PROP = "x-quangba-page"
DATATYPE = "x-markdown"
_HASH_NOTE = re.compile(r"source_hash ([0-9a-f]{16})\b")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _check_lang(project: Project, lang: str) -> None:
    if lang == project.source_language:
        raise QuangbaError(
            T_('{lang} is the source language: translations go into {items}', lang=lang, items=', '.join(project.translation_languages))
        )
    if lang not in project.translation_languages:
        raise QuangbaError(
            T_('no language `{lang}` in this project: the languages are {items} (i18n `languages:` in mkdocs.yml)', lang=lang, items=', '.join(project.languages))
        )


class _Refused(Exception):
    pass


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
