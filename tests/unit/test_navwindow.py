"""A page's navigation keeps a window of its own section (mkdocs_plugin/navwindow.py): the
pages nearest it and a link to the section's index page, so that a section of N pages does
not put N links into each of its N pages. The shared navigation is never changed."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from quangba.mkdocs_plugin.navwindow import page_nav


def _site(news: int, window_tmp="/tmp"):
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": window_tmp, "site_dir": window_tmp + "/site"})

    def page(uri: str) -> Page:
        return Page(uri, File(uri, window_tmp, window_tmp + "/site", True), config)

    home = page("index.md")
    index = page("news/index.md")
    items = [page(f"news/item-{n:03d}.md") for n in range(news)]
    section = Section("News", [index, *items])
    about = Section("About", [page("about/index.md"), page("about/team.md")])
    for child in section.children:
        child.parent = section
    for child in about.children:
        child.parent = about
    return Navigation([home, section, about], [home, index, *items, *about.children]), section, items


def _titles(items) -> list[str]:
    return [item.title for item in items]


def test_a_big_section_keeps_the_pages_near_the_active_one_and_a_link_to_its_index():
    nav, section, items = _site(100)
    items[50].active = True
    own = page_nav(nav, 10, lambda count: f"all {count}")
    cut = next(item for item in own.items if isinstance(item, Section) and item.title == "News")
    assert cut is not section and cut.active
    titles = _titles(cut.children)
    assert titles[0] == "news/index.md"
    assert titles[1:-1] == [f"news/item-{n:03d}.md" for n in range(45, 55)]
    assert isinstance(cut.children[-1], Link) and cut.children[-1].title == "all 100"
    assert cut.children[-1].url == section.children[0].url
    assert items[50] in cut.children  # the same page object: Material marks it active
    # the shared navigation is unchanged, for the next page
    assert len(section.children) == 101 and nav.items[1] is section
    # another section (pruned by Material) and the home page are the same objects
    assert own.items[0] is nav.items[0] and own.items[2] is nav.items[2]


def test_the_window_stays_inside_the_section_at_its_ends():
    nav, _, items = _site(100)
    items[1].active = True
    first = next(i for i in page_nav(nav, 10, str).items if isinstance(i, Section) and i.active)
    assert _titles(first.children)[1:-1] == [f"news/item-{n:03d}.md" for n in range(10)]
    items[1].active = False
    items[99].active = True
    last = next(i for i in page_nav(nav, 10, str).items if isinstance(i, Section) and i.active)
    assert _titles(last.children)[1:-1] == [f"news/item-{n:03d}.md" for n in range(90, 100)]


def test_a_small_section_or_a_page_elsewhere_gets_the_shared_navigation():
    nav, _, items = _site(10)
    items[3].active = True
    assert page_nav(nav, 10, str) is nav
    nav, _, items = _site(100)
    nav.items[2].children[1].active = True  # a page of the small section "About"
    assert page_nav(nav, 10, str) is nav
