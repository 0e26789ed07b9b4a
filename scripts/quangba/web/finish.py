"""Site-wide steps that run once, after every language of the site is built."""

from __future__ import annotations

from pathlib import Path

from quangba.core.corpus import Corpus

# Set in worker processes of a parallel build: the site-wide steps run once, after the merge.
DEFER_FINISH = "QUANGBA_DEFER_FINISH"


def finish_site(corpus: Corpus, site_dir: Path) -> None:
    """Steps that need the whole site, after every language is built: the originals' copies
    lose their metadata, the social cards of every page version are drawn, then the search
    index is made."""
    from quangba.web.images import clean_site_images
    from quangba.web.visuals import render_cards

    clean_site_images(site_dir)

    render_cards(corpus, site_dir)  # the build's own reading of the pages, not a second one
    try:
        from quangba.web.search import index_site
    except ImportError:
        return
    index_site(site_dir)
