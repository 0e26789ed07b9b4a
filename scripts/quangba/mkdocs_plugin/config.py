"""Typed options of the `quangba` MkDocs plugin (in mkdocs.yml under `plugins: - quangba:`).

The core reads the same options itself (`quangba.core.settings`, where defaults and meanings
live); they are declared here so that MkDocs accepts them.
"""

from mkdocs.config import base
from mkdocs.config import config_options as c


class QuangbaPluginConfig(base.Config):
    required_languages = c.Optional(c.Type(dict))
    severity = c.Optional(c.Type(dict))
    ignore = c.Optional(c.Type(list))
    glossary = c.Optional(c.Type(str))
    iframe_hosts = c.Optional(c.Type(list))
    image_max_bytes = c.Optional(c.Type(int))
    image_max_pixels = c.Optional(c.Type(int))
    title_max_width = c.Optional(c.Type(int))
    description_max_width = c.Optional(c.Type(int))
    feed_length = c.Optional(c.Type(int))
    nav_window = c.Optional(c.Type(int))
    stale_translations = c.Optional(c.Type(dict))
    report = c.Optional(c.Type(dict))
    publisher = c.Optional(c.Type(dict))
    contact_url = c.Optional(c.Type(str))
    resource_hosts = c.Optional(c.Type(list))
    page_schema = c.Optional(c.Type(bool))
    time_zone = c.Optional(c.Type(str))
    exclude = c.Optional(c.Type(list))
    source_version = c.Optional(c.Choice(("stamp", "git")))
    source_commit_field = c.Optional(c.Type(str))
