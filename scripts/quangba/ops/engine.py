"""The engine that runs the site's plugins: MkDocs (the default) or ProperDocs, the maintained
fork of MkDocs 1.6 that keeps its plugin API (`quangba build --engine properdocs`, or
QUANGBA_ENGINE=properdocs). Both read mkdocs.yml and load the same plugins (quangba,
mkdocs-static-i18n, Material's) from their `mkdocs.plugins` entry points.

Whatever the engine, a build that did not run quangba's plugin for every language it was
asked for is refused (`plugins_ran`): an engine that ignores plugins, or a config without
them, would otherwise "succeed" with a site that has no fact boxes, feeds, sitemaps or
languages.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quangba.core.errors import QuangbaError

ENGINES = ("mkdocs", "properdocs")
ENGINE_ENV = "QUANGBA_ENGINE"
PROPERDOCS_PIN = "properdocs>=1.6.7,<1.7"


@dataclass(frozen=True)
class Engine:
    name: str
    load_config: Callable[..., Any]
    build: Callable[..., None]
    errors: tuple[type[BaseException], ...]  # what a failed build raises


def engine(name: str | None = None) -> Engine:
    """The engine `name`, else QUANGBA_ENGINE's, else MkDocs.

    ProperDocs runs plugins written for MkDocs by answering their `import mkdocs.…` with its
    own modules (`properdocs.replacement`, what its own command line does first). So it must
    be chosen before anything in the process has loaded MkDocs: `quangba build --engine` and
    QUANGBA_ENGINE do that; a process that already holds MkDocs is refused, never mixed."""
    name = name or os.environ.get(ENGINE_ENV) or "mkdocs"
    if name not in ENGINES:
        raise QuangbaError(f"unknown engine '{name}' (one of: {', '.join(ENGINES)})")
    if name == "properdocs":
        loaded = sys.modules.get("mkdocs")
        if loaded is not None and loaded.__name__ != "properdocs":
            raise QuangbaError(
                "the engine properdocs must be chosen before MkDocs is loaded: "
                f"run `quangba build --engine properdocs` or set {ENGINE_ENV}=properdocs"
            )
        try:
            import properdocs.replacement  # noqa: F401 - from here on, mkdocs.* is properdocs.*
        except ImportError as exc:
            raise QuangbaError(f"the engine properdocs is not installed: .venv/bin/pip install '{PROPERDOCS_PIN}'") from exc
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    return Engine(sys.modules["mkdocs"].__name__, load_config, build, (MkDocsException,))


def require_plugins(config: Any, config_name: str) -> None:
    """Before a build: raise QuangbaError unless quangba's and the i18n plugin are configured."""
    plugins = config.plugins
    if plugins.get("quangba") is None:
        raise QuangbaError(
            f"{config_name}: the quangba plugin is not in `plugins:`, so the site would be built "
            "without quangba (no fact boxes, language menu, feeds or sitemaps); add `- quangba`"
        )
    if plugins.get("i18n") is None:
        raise QuangbaError(
            f"{config_name}: the i18n plugin (mkdocs-static-i18n) is not in `plugins:`, so only one "
            "language would be built; add `- i18n:` with the `languages:` list"
        )


def plugins_ran(config: Any, languages: list[str], config_name: str) -> None:
    """After a build: raise QuangbaError unless quangba's plugin is configured and finished a
    build of every language in `languages`."""
    require_plugins(config, config_name)
    built = set(config.plugins["quangba"].built)
    missing = [lang for lang in languages if lang not in built]
    if missing:
        raise QuangbaError(
            f"{config_name}: the build ended but quangba's plugin did not run for {', '.join(missing)} "
            "(an engine that ignores plugins?); the site was not changed"
        )
