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

from quangba.core import locale
from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.core.messages import T_

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
        raise QuangbaError(T_("time_zone: unknown time zone {name!r} (write an IANA name such as Europe/Paris)", name=name)) from exc

DEFAULTS: dict[str, Any] = {
    # section ("*" = every page, or a top-level folder like "news") -> languages required:
    # `all`, a list, or {languages: all | [...], blocking: true} (then a missing or stale
    # translation there stops the build instead of being backlog)
    "required_languages": {"*": "all"},
    # section -> how a stale translation is served: `notice` (the translation, with a notice
    # that the original was updated on DATE) or `fallback` (the original, with the fallback notice)
    "stale_translations": {"*": "notice"},
    "severity": {},  # CODE -> error | warning | backlog
    "ignore": [],  # codes or prefixes never reported
    "glossary": None,  # path of the glossary, relative to the project root
    "iframe_hosts": [],  # hosts an <iframe> may load from
    "image_max_bytes": 1_500_000,
    "image_max_pixels": 40_000_000,
    "title_max_width": 70,  # display width (CJK characters count 2)
    "description_max_width": 170,
    "feed_length": 50,  # items per feed, newest first
    # at most this many pages of a section in a page's navigation (the ones nearest the page,
    # then a link to the section's index page): a section of thousands of news items would
    # otherwise put thousands of links into every one of its pages
    "nav_window": 30,
    # the yearly report's administrative frame (Decree 30/2020/NĐ-CP): issuing body, symbol,
    # place, signer, recipients, partners, the plan's headings; see office/report_document.py
    "report": {},
    "publisher": {},  # language -> the publisher's name (the footer, feeds); default: the catalog's
    "contact_url": None,  # where a visitor contacts the publisher (https: or mailto:), in the footer
    "resource_hosts": [],  # other hosts a page's images, video and audio may load from
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
    stale_translations: dict[str, str]
    severity: dict[str, str]
    ignore: list[str]
    glossary: Path | None
    iframe_hosts: list[str]
    image_max_bytes: int
    image_max_pixels: int
    title_max_width: int
    description_max_width: int
    feed_length: int
    nav_window: int = 30
    resource_hosts: list[str] = field(default_factory=list)
    languages: tuple[str, ...] = field(default=())
    report: Any = field(default_factory=dict)
    publisher: dict[str, str] = field(default_factory=dict)
    contact_url: str | None = None

    def publisher_for(self, lang: str) -> str:
        """The publisher's name in `lang`: the project's own, else the catalog's."""
        return self.publisher.get(lang) or locale.Catalog(lang).get("publisher")

    page_schema: bool = True
    time_zone: dt.tzinfo = VIETNAM
    exclude: tuple[str, ...] = ()
    source_version: str = "stamp"
    source_commit_field: str | None = None

    def is_excluded(self, key: str) -> bool:
        return any(fnmatch.fnmatchcase(key, pattern) for pattern in self.exclude)

    def _requirement(self, key: str) -> Any:
        """The `required_languages` entry of a page: the most specific one that matches it (the
        page's key or a glob such as `blog/*`), else its top-level section's, else `*`."""
        patterns = [p for p in self.required_languages if p != "*" and ("*" in p or "?" in p or "[" in p or p == key)]
        matching = sorted((p for p in patterns if fnmatch.fnmatchcase(key, p)), key=len, reverse=True)
        if matching:
            return self.required_languages[matching[0]]
        section = key.split("/", 1)[0] if "/" in key else ""
        return self.required_languages.get(section, self.required_languages.get("*", "all"))

    def required_for(self, key: str) -> list[str]:
        """The translation languages a page must have (see `_requirement`); none for a page
        of `exclude`."""
        if self.is_excluded(key):
            return []
        value = self._requirement(key)
        if isinstance(value, dict):
            value = value.get("languages", "all")
        if value == "all":
            return list(self.languages[1:])
        return [lang for lang in value or [] if lang in self.languages]

    def stale_policy_for(self, key: str) -> str:
        """`notice` or `fallback`: how a stale translation of this page is served."""
        section = key.split("/", 1)[0] if "/" in key else ""
        return self.stale_translations.get(section, self.stale_translations.get("*", "notice"))

    def blocking_for(self, key: str) -> bool:
        """Does the page's section demand its required translations, current, before it is
        published (`blocking: true`)? Otherwise a missing or stale one is backlog."""
        value = self._requirement(key)
        return isinstance(value, dict) and value.get("blocking") is True


def _required_languages(project: Project, value: Any) -> dict[str, Any]:
    """`required_languages` as written, after checking its shape (a clear error, not a traceback)."""
    from quangba.core.errors import QuangbaError

    where = f"{project.relpath(project.config_file)}: plugins: quangba: required_languages"
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise QuangbaError(T_('{where}: expected a mapping of section to languages, e.g. {{"*": all, news: [en]}}', where=where))
    for section, requirement in value.items():
        if isinstance(requirement, dict):
            unknown = sorted(set(map(str, requirement)) - {"languages", "blocking"})
            if unknown:
                raise QuangbaError(T_('{where}: {section}: unknown option {items} (use languages and blocking)', where=where, section=section, items=', '.join(unknown)))
            if not isinstance(requirement.get("blocking", False), bool):
                raise QuangbaError(T_('{where}: {section}: blocking must be true or false', where=where, section=section))
            requirement = requirement.get("languages", "all")
        if requirement != "all" and not (isinstance(requirement, list) and all(isinstance(x, str) for x in requirement)):
            raise QuangbaError(T_('{where}: {section}: expected all or a list of language codes, e.g. [en, zh]', where=where, section=section))
    return {str(section): requirement for section, requirement in value.items()}


STALE_POLICIES = ("notice", "fallback")


def _stale_translations(project: Project, value: Any) -> dict[str, str]:
    from quangba.core.errors import QuangbaError

    where = f"{project.relpath(project.config_file)}: plugins: quangba: stale_translations"
    if not isinstance(value, dict):
        raise QuangbaError(T_('{where}: expected a mapping of section to notice or fallback, e.g. {{"*": notice, news: fallback}}', where=where))
    for section, policy in value.items():
        if policy not in STALE_POLICIES:
            raise QuangbaError(T_('{where}: {section}: {policy} is not one of notice, fallback', where=where, section=section, policy=repr(policy)))
    return {str(section): str(policy) for section, policy in value.items()}


def _contact_url(value: Any) -> str | None:
    """A web or mail address only: it goes into every page's footer as a link."""
    if not value:
        return None
    text = str(value).strip()
    if not text.lower().startswith(("https://", "http://", "mailto:")) or any(c.isspace() or c in "<>\"'" for c in text):
        raise QuangbaError(T_("mkdocs.yml: quangba's contact_url must be an https:// or mailto: address, not {text!r}", text=text))
    return text


def _source_version(value: object) -> str:
    if value not in ("stamp", "git"):
        raise QuangbaError(T_("source_version: {value} is not `stamp` or `git`", value=repr(value)))
    return str(value)


@lru_cache(maxsize=16)
def _settings(project: Project) -> Settings:
    options = {**DEFAULTS, **{k: v for k, v in project.options.items() if v is not None}}
    glossary = options.get("glossary")
    return Settings(
        required_languages=_required_languages(project, options["required_languages"]),
        stale_translations=_stale_translations(project, options["stale_translations"]),
        severity={str(k).upper(): str(v) for k, v in (options["severity"] or {}).items()},
        ignore=[str(code).upper() for code in options["ignore"] or []],
        glossary=(project.root / glossary) if glossary else None,
        iframe_hosts=list(options["iframe_hosts"] or []),
        image_max_bytes=int(options["image_max_bytes"]),
        image_max_pixels=int(options["image_max_pixels"]),
        title_max_width=int(options["title_max_width"]),
        description_max_width=int(options["description_max_width"]),
        feed_length=int(options["feed_length"]),
        nav_window=max(1, int(options["nav_window"])),
        resource_hosts=[str(host) for host in options["resource_hosts"] or []],
        languages=project.languages,
        report=options["report"] or {},  # checked where it is used, with the key's name
        publisher={str(k): str(v) for k, v in (options["publisher"] or {}).items()},
        contact_url=_contact_url(options["contact_url"]),
        page_schema=options["page_schema"] not in (False, "off", "none", "false"),
        time_zone=time_zone(str(options["time_zone"])),
        exclude=tuple(str(pattern) for pattern in options["exclude"] or []),
        source_version=_source_version(options["source_version"]),
        source_commit_field=str(options["source_commit_field"]) if options["source_commit_field"] else None,
    )


def settings(project: Project) -> Settings:
    return _settings(project)
