"""The site's one HTML policy: what a page's content may contain, by allow-list.

Content arrives from outside hands (a translation agency, an XLIFF import, an editor's
copy-paste). After Markdown is rendered, the build passes every page's HTML through
`HtmlPolicy.clean` (nh3, the Python binding of the ammonia sanitizer): only the elements,
attributes and URL schemes a promotion page needs are kept, however they are spelled
(entities, tabs inside `java\tscript:`, attributes on the next line, `<img/onload=…>`);
`<script>` and `<style>` go with their content; frames load only from `iframe_hosts`, and
images, video and audio only from the site itself or from `resource_hosts`.

The `security` rules call `HtmlPolicy.removals` on the same page's raw HTML to say, with
line and column, what `clean` will take out; both read the same tables below and the same
`url_problem`, so a check and a build never disagree on what a page keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Iterable
from urllib.parse import urlsplit

import nh3

#: Elements kept (anything else is unwrapped: its text stays, the tag goes).
TAGS = frozenset(nh3.ALLOWED_TAGS | {"iframe", "picture", "source", "video", "audio", "track"})
#: Elements removed with everything inside them.
CLEAN_CONTENT_TAGS = frozenset(nh3.CLEAN_CONTENT_TAGS)
#: Attributes kept, per element ("*": on every element).
ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: frozenset(names) for tag, names in {
        **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
        "*": {"id", "class", "title", "lang", "dir"},
        "a": {"href", "hreflang"},
        "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
        "td": set(nh3.ALLOWED_ATTRIBUTES["td"]) | {"style"},  # Markdown tables align with style
        "th": set(nh3.ALLOWED_ATTRIBUTES["th"]) | {"style"},
        "ol": {"start", "reversed", "type"},
        "details": {"open"},
        "time": {"datetime"},
        "iframe": {"src", "width", "height", "loading", "allowfullscreen", "referrerpolicy"},
        "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"},
        "audio": {"src", "controls", "preload", "muted", "loop"},
        "source": {"src", "srcset", "type", "media", "sizes", "width", "height"},
        "track": {"src", "kind", "srclang", "label", "default"},
    }.items()
}
#: The only CSS a page's own markup may carry (Markdown's table alignment).
STYLE_PROPERTIES = frozenset({"text-align"})
#: Schemes a link may use; resources (images, frames, media) are http(s) or relative only.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: (element, attribute) pairs that make the browser load something.
RESOURCE_ATTRIBUTES = frozenset({
    ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"), ("iframe", "src"),
})
#: Attributes that hold an address the visitor follows.
LINK_ATTRIBUTES = frozenset({"href", "cite"})

_AUTOLINK = re.compile(r"^(?:https?:|ftp:|mailto:)|^[^:]*@", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def normalise_url(value: str) -> str:
    """An address as the browser reads it (WHATWG URL): leading and trailing controls and
    spaces dropped, tabs and line breaks removed anywhere, `\\` read as `/`."""
    return re.sub(r"[\t\n\r]", "", value.strip(_C0_AND_SPACE)).replace("\\", "/")


@dataclass(frozen=True)
class Removal:
    """Something `clean` takes out of a page, where it is in the text given to `removals`."""

    line: int  # 1-based, in the text given
    column: int  # 1-based
    code: str  # SEC001: active or unknown markup; SEC002: a resource from another host
    message: str


@dataclass(frozen=True)
class HtmlPolicy:
    iframe_hosts: frozenset[str] = frozenset()
    resource_hosts: frozenset[str] = frozenset()

    # -- the decisions, shared by `clean` and `removals` ------------------------------------
    def url_problem(self, tag: str, attribute: str, value: str) -> tuple[str, str] | None:
        """(code, reason) when this address is not kept on this element; None when it is."""
        if (tag, attribute) in RESOURCE_ATTRIBUTES:
            hosts = self.iframe_hosts if tag == "iframe" else self.resource_hosts
            setting = "iframe_hosts" if tag == "iframe" else "resource_hosts"
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
            for url in urls:
                url = normalise_url(url)
                scheme = _SCHEME.match(url)
                if scheme and scheme.group(1).lower() not in ("http", "https"):
                    return "SEC001", f"`{scheme.group(1).lower()}:` address in `<{tag} {attribute}>`"
                if scheme or url.startswith("//"):
                    host = (urlsplit(url if scheme else "https:" + url).hostname or "").lower()
                    if host not in hosts:
                        return "SEC002", f"`<{tag} {attribute}>` loads from `{host or '(no host)'}`, which is not in `{setting}`"
            return None
        if attribute in LINK_ATTRIBUTES:
            scheme = _SCHEME.match(normalise_url(value))
            if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
                return "SEC001", f"`{scheme.group(1).lower()}:` address in `<{tag} {attribute}>`"
        return None

    def _attribute_filter(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id" and value.startswith("__"):
            return None  # the theme's own elements (`__config`, `__palette`…): no look-alikes
        if attribute in LINK_ATTRIBUTES or (tag, attribute) in RESOURCE_ATTRIBUTES:
            return None if self.url_problem(tag, attribute, value) else value
        return value

    def attribute_kept(self, tag: str, attribute: str, value: str) -> bool:
        allowed = attribute in ATTRIBUTES.get(tag, ()) or attribute in ATTRIBUTES["*"]
        return allowed and self._attribute_filter(tag, attribute, value) is not None

    def attribute_removal(self, name: str, value: str) -> tuple[str, str] | None:
        """(code, message) when an attribute written with Markdown's attribute lists
        (`{ onclick="…" }`, element not known) is removed from whatever element it lands on."""
        if name.startswith("on") or not any(name in names for names in ATTRIBUTES.values()):
            return "SEC001", f"attribute `{name}` is not allowed in a page: the build removes it; remove it"
        if name == "id" and value.startswith("__"):
            return "SEC001", f"`id=\"{value}\"` is reserved for the theme: the build removes it; choose another"
        for tag, attribute in (("a", name), ("img", name)):
            problem = self.url_problem(tag, attribute, value) if name in ("href", "src", "srcset", "poster") else None
            if problem:
                return problem[0], url_message(*problem)
        if name == "style":
            for declaration in value.split(";"):
                prop = declaration.partition(":")[0].strip().lower()
                if prop and prop not in STYLE_PROPERTIES:
                    return "SEC001", f"CSS `{prop}` in `style` is not allowed in a page: the build removes it; remove it"
        return None

    # -- the build: clean ------------------------------------------------------------------
    def clean(self, html: str) -> str:
        """The page's HTML with everything the policy does not allow removed."""
        return _cleaner(self).clean(html)

    # -- the check: say what `clean` removes ------------------------------------------------
    def removals(self, html: str) -> list[Removal]:
        """What `clean` would take out of `html`, each with its line and column in `html`."""
        reader = _Reader(self)
        reader.feed(html)
        reader.close()
        return reader.found


def url_message(code: str, reason: str) -> str:
    """The message of a finding for an address the policy removes."""
    if code == "SEC002":
        return f"{reason}: the build removes the address; copy the file into docs/assets/ (or ask the web administrator to allow the host)"
    return f"{reason} is not allowed in a page: the build removes the address; remove it"


@lru_cache(maxsize=16)
def _cleaner(policy: HtmlPolicy) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=policy._attribute_filter,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(LINK_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


def site_policy(project) -> HtmlPolicy:
    """The policy of a quangba project (`iframe_hosts`, `resource_hosts` in mkdocs.yml)."""
    from quangba.core.settings import settings

    options = settings(project)
    return policy_for(options.iframe_hosts, options.resource_hosts)


def policy_for(iframe_hosts: Iterable[str] = (), resource_hosts: Iterable[str] = ()) -> HtmlPolicy:
    return HtmlPolicy(frozenset(h.lower() for h in iframe_hosts), frozenset(h.lower() for h in resource_hosts))


class _Reader(HTMLParser):
    """Reads raw HTML as `clean` will see it and notes each thing it would remove."""

    def __init__(self, policy: HtmlPolicy) -> None:
        super().__init__(convert_charrefs=True)  # entities in attribute values are decoded
        self.policy = policy
        self.found: list[Removal] = []

    def _note(self, code: str, message: str) -> None:
        line, offset = self.getpos()
        self.found.append(Removal(line, offset + 1, code, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if _AUTOLINK.match(tag):
            return  # `<https://…>`, `<someone@example.com>`: Markdown makes a link of it
        if tag not in TAGS:
            what = " with its content" if tag in CLEAN_CONTENT_TAGS else ""
            self._note("SEC001", f"`<{tag}>` is not allowed in a page: the build removes it{what}; remove it")
            return
        for name, value in attrs:
            value = value or ""
            if name == "markdown":
                continue  # md_in_html's switch, consumed by Markdown
            if self.policy.attribute_kept(tag, name, value):
                if name == "style":
                    self._style(tag, value)
                continue
            if name in ATTRIBUTES.get(tag, ()) or name in ATTRIBUTES["*"]:
                problem = self.policy.url_problem(tag, name, value)
                if problem:
                    self._note(problem[0], url_message(*problem))
                else:
                    self._note("SEC001", f"`{name}=\"{value}\"` on `<{tag}>` is reserved for the theme: the build removes it; choose another")
            else:
                self._note("SEC001", f"attribute `{name}` on `<{tag}>` is not allowed in a page: the build removes it; remove it")

    handle_startendtag = handle_starttag

    def _style(self, tag: str, value: str) -> None:
        for declaration in value.split(";"):
            prop = declaration.partition(":")[0].strip().lower()
            if prop and prop not in STYLE_PROPERTIES:
                self._note("SEC001", f"CSS `{prop}` in `<{tag} style>` is not allowed in a page: the build removes it; remove it")

    def handle_pi(self, data: str) -> None:
        self._note("SEC001", f"`<?{data[:20]}` is not allowed in a page: the build removes it; remove it")

    def handle_decl(self, decl: str) -> None:
        self._note("SEC001", f"`<!{decl[:20]}>` is not allowed in a page: the build removes it; remove it")

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)

