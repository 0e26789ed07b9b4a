"""The project: where its files are and which languages it has.

This is the one place that knows the language list. It reads `mkdocs.yml` itself
(with a loader that tolerates MkDocs' YAML tags) so that the core never needs MkDocs.
The list lives in the `i18n` plugin's `languages:`; the language marked `default: true`
is the source language, served at `/`.
"""

from __future__ import annotations

import os

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quangba.core.errors import ContentError, QuangbaError
from quangba.core.messages import T_

CONFIG_NAME = "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads `!ENV`, `!relative` and `!!python/...` tags as plain data."""


@dataclass(frozen=True)
class Tagged:
    """A value written with a YAML tag we do not execute (`!!python/name:…`, `!ENV`)."""

    tag: str
    value: Any


def _construct_tagged(prefix: str):
    def construct(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Tagged:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return Tagged(prefix + suffix, value)

    return construct


_TolerantLoader.add_multi_constructor("!", _construct_tagged("!"))
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged("python/"))


@dataclass(frozen=True, eq=False)
class Project:
    """A quangba project: mkdocs.yml, its content trees and its languages."""

    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    languages: tuple[str, ...]
    source_language: str
    options: dict[str, Any] = field(default_factory=dict)
    markdown_extensions: tuple[Any, ...] = ()

    @property
    def translation_languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.source_language)

    def lang_dir(self, lang: str) -> Path:
        return self.docs_dir / lang

    @property
    def assets_dir(self) -> Path:
        return self.docs_dir / "assets"

    def page_path(self, lang: str, key: str) -> str:
        """A page's file as the editor sees it (`docs/en/heritage/tan-trao.md`)."""
        return self.relpath(self.lang_dir(lang) / key)

    def page_key(self, page: str, lang: str | None = None) -> str:
        """The key of a page given as a key or as a path under the source's or `lang`'s tree
        (`docs/vi/…`, `vi/…`, an absolute path): `heritage/tan-trao.md`."""
        given = Path(page)
        if given.is_absolute():
            given_text = self.relpath(given)
        else:
            given_text = given.as_posix().removeprefix("./")
        docs = self.relpath(self.docs_dir)
        for code in dict.fromkeys([self.source_language] + ([lang] if lang else [])):
            for prefix in (f"{docs}/{code}/", f"{code}/"):
                if given_text.startswith(prefix):
                    return given_text[len(prefix):]
        return given_text

    def relpath(self, path: Path) -> str:
        """A path as the editor sees it: relative to the project root (computed once per path:
        every finding asks)."""
        cache = self.__dict__.setdefault("_relpaths", {})
        found = cache.get(path)
        if found is None:
            root = self.__dict__.get("_real_root")
            if root is None:
                root = self.__dict__["_real_root"] = os.path.realpath(self.root)
            real = _real_path(str(path), self.__dict__.setdefault("_real_dirs", {}))
            if real == root:
                found = "."
            elif real.startswith(root.rstrip(os.sep) + os.sep):
                found = real[len(root.rstrip(os.sep)) + 1:].replace(os.sep, "/")
            else:
                found = Path(path).as_posix()
            cache[path] = found
        return found


def _real_path(path: str, real_dirs: dict[str, str]) -> str:
    """`os.path.realpath(path)` (what Path.resolve() gives), with the real path of each
    folder worked out once: a file that is no link is its folder's real path and its name."""
    folder, name = os.path.split(os.path.abspath(path)) if os.path.isabs(path) else ("", "")
    if not folder or name in ("", ".", "..") or ".." in path.split(os.sep) or os.path.islink(path):
        return os.path.realpath(path)
    real = real_dirs.get(folder)
    if real is None:
        real = real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def config_entries(value: Any) -> list[tuple[str, dict[str, Any]]]:
    """`plugins:` or `markdown_extensions:` as MkDocs reads them: a list of names or
    one-key mappings, or one mapping of name -> options; (name, options) in order."""
    if isinstance(value, dict):
        items: list[Any] = [{name: options} for name, options in value.items()]
    else:
        items = list(value or [])
    entries = []
    for item in items:
        if isinstance(item, str):
            entries.append((item, {}))
        elif isinstance(item, dict):
            for name, options in item.items():
                entries.append((str(name), dict(options) if isinstance(options, dict) else {}))
    return entries


def _plugin_options(plugins: Any, name: str) -> dict[str, Any] | None:
    for entry, options in config_entries(plugins):
        if entry == name:
            return options
    return None


def load_project(config_file: str | Path = CONFIG_NAME) -> Project:
    """Read the project from its mkdocs.yml; raise QuangbaError with file and line on bad input."""
    path = Path(config_file)
    if not path.is_file():
        raise QuangbaError(T_('{path}: no such configuration file (run from the project root or pass -f)', path=path))
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        from quangba.core.content import explain_yaml_error

        line, message = explain_yaml_error(text, exc)
        raise ContentError(T_('{path}:{line}: {message}', path=path, line=line, message=message)) from exc
    except UnicodeDecodeError as exc:
        raise QuangbaError(T_('{path}:1: not UTF-8 text', path=path)) from exc
    root = path.resolve().parent
    i18n = _plugin_options(data.get("plugins"), "i18n")
    if not i18n or not i18n.get("languages"):
        raise QuangbaError(T_('{path}:1: the i18n plugin and its `languages:` list are required', path=path))
    languages: list[str] = []
    source = None
    for item in i18n["languages"]:
        locale = item.get("locale") if isinstance(item, dict) else None
        if not locale:
            raise QuangbaError(T_('{path}:1: every i18n language needs a `locale:`', path=path))
        if item.get("build", True) is False:
            continue
        languages.append(locale)
        if item.get("default"):
            source = locale
    if source is None:
        raise QuangbaError(T_('{path}:1: one i18n language must have `default: true` (the source)', path=path))
    languages.remove(source)
    languages.insert(0, source)
    site_url = str(data.get("site_url") or "http://localhost/")
    if not site_url.endswith("/"):
        site_url += "/"
    return Project(
        root=root,
        config_file=path.resolve(),
        docs_dir=(root / data.get("docs_dir", "docs")).resolve(),
        site_dir=(root / data.get("site_dir", "site")).resolve(),
        site_url=site_url,
        languages=tuple(languages),
        source_language=source,
        options=_plugin_options(data.get("plugins"), "quangba") or {},
        markdown_extensions=tuple(
            {name: options} if options else name for name, options in config_entries(data.get("markdown_extensions"))
        ),
    )
