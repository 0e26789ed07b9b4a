"""The check's settings, read from the quangba plugin's options in mkdocs.yml.

One place for every option and its default; the MkDocs adapter declares the same names
(`mkdocs_plugin/config.py`) so that `mkdocs build --strict` accepts them.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from quangba.core.errors import QuangbaError
from quangba.core.project import Project

# Viet Nam keeps one offset all year (no daylight saving): Asia/Ho_Chi_Minh is UTC+7.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


def time_zone(name: str) -> dt.tzinfo:
    """The zone named in the IANA database (`Europe/Paris`, `UTC`)."""
    if name in ("Asia/Ho_Chi_Minh", "Asia/Saigon"):
        return VIETNAM
    if name.upper() == "UTC":
        return dt.timezone.utc
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise QuangbaError(f"time_zone: unknown time zone {name!r} (write an IANA name such as Europe/Paris)") from exc

DEFAULTS: dict[str, Any] = {
    # section ("*" = every page, or a top-level folder like "news") -> languages required
    "required_languages": {"*": "all"},
    "severity": {},  # CODE -> error | warning
    "ignore": [],  # codes or prefixes never reported
    "glossary": None,  # path of the glossary, relative to the project root
    "iframe_hosts": [],  # hosts an <iframe> may load from
    "image_max_bytes": 1_500_000,
    "image_max_pixels": 40_000_000,
    "title_max_width": 70,  # display width (CJK characters count 2)
    "description_max_width": 170,
    "feed_length": 50,  # items per feed, newest first
    # this site's page schema (types, required fields, neutral facts, `source_hash`);
    # false for a project without quangba's front matter: only the cross-language rules run
    "page_schema": True,
    "time_zone": "Asia/Ho_Chi_Minh",  # how a date or time without a zone is read
    "exclude": [],  # page keys or globs (`api/*`) never required in any translation
    # where a translation's source version comes from: its `source_hash` stamp, or, for a
    # translation without one, git history ("git": the source's last commit before the
    # translation's last commit)
    "source_version": "stamp",
    # with source_version: git, a front-matter field that names the source commit a
    # translation was made from (opentelemetry.io's `default_lang_commit`), used when present
    "source_commit_field": None,
}


@dataclass(frozen=True)
class Settings:
    required_languages: dict[str, list[str]]
    severity: dict[str, str]
    ignore: list[str]
    glossary: Path | None
    iframe_hosts: list[str]
    image_max_bytes: int
    image_max_pixels: int
    title_max_width: int
    description_max_width: int
    feed_length: int
    languages: tuple[str, ...] = field(default=())
    page_schema: bool = True
    time_zone: dt.tzinfo = VIETNAM
    exclude: tuple[str, ...] = ()
    source_version: str = "stamp"
    source_commit_field: str | None = None

    def is_excluded(self, key: str) -> bool:
        return any(fnmatch.fnmatchcase(key, pattern) for pattern in self.exclude)

    def required_for(self, key: str) -> list[str]:
        """The translation languages a page must have: by the most specific entry of
        `required_languages` that matches it (the page's key or a glob such as `blog/*`,
        else its top-level section, else `*`); none for an excluded page."""
        if self.is_excluded(key):
            return []
        section = key.split("/", 1)[0] if "/" in key else ""
        patterns = [p for p in self.required_languages if p != "*" and ("*" in p or "?" in p or "[" in p or p == key)]
        matching = sorted((p for p in patterns if fnmatch.fnmatchcase(key, p)), key=len, reverse=True)
        if matching:
            value = self.required_languages[matching[0]]
        else:
            value = self.required_languages.get(section, self.required_languages.get("*", "all"))
        if value == "all":
            return list(self.languages[1:])
        return [lang for lang in value or [] if lang in self.languages]


def _source_version(value: object) -> str:
    if value not in ("stamp", "git"):
        raise QuangbaError(f"source_version: {value!r} is not `stamp` or `git`")
    return str(value)


@lru_cache(maxsize=16)
def _settings(project: Project) -> Settings:
    options = {**DEFAULTS, **{k: v for k, v in project.options.items() if v is not None}}
    glossary = options.get("glossary")
    return Settings(
        required_languages=dict(options["required_languages"] or {}),
        severity={str(k).upper(): str(v) for k, v in (options["severity"] or {}).items()},
        ignore=[str(code).upper() for code in options["ignore"] or []],
        glossary=(project.root / glossary) if glossary else None,
        iframe_hosts=list(options["iframe_hosts"] or []),
        image_max_bytes=int(options["image_max_bytes"]),
        image_max_pixels=int(options["image_max_pixels"]),
        title_max_width=int(options["title_max_width"]),
        description_max_width=int(options["description_max_width"]),
        feed_length=int(options["feed_length"]),
        languages=project.languages,
        page_schema=options["page_schema"] not in (False, "off", "none", "false"),
        time_zone=time_zone(str(options["time_zone"])),
        exclude=tuple(str(pattern) for pattern in options["exclude"] or []),
        source_version=_source_version(options["source_version"]),
        source_commit_field=str(options["source_commit_field"]) if options["source_commit_field"] else None,
    )


def settings(project: Project) -> Settings:
    return _settings(project)
