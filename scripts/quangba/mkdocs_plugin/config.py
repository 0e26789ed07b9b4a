"""Typed options of the `quangba` MkDocs plugin (in mkdocs.yml under `plugins: - quangba:`)."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class QuangbaPluginConfig(base.Config):
    # Glossary of approved renderings and forbidden terms, relative to the project root.
    glossary = c.Optional(c.Type(str))
