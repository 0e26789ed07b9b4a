"""Images, social cards and sharing metadata in the built site."""

from __future__ import annotations

import pytest
from PIL import Image
from sitehtml import page_file, parse

from quangba.core.corpus import Corpus
from quangba.core.project import load_project
from quangba.web.visuals import card_path


@pytest.fixture(scope="module")
def corpus(sample_site) -> Corpus:
    return Corpus.load(load_project(sample_site.root / "mkdocs.yml"))


def test_hero_images_are_responsive_pictures(sample_site, corpus):
    here = page_file(sample_site.site, corpus.url("zh", "heritage/tan-trao.md"))
    doc = parse(here)
    picture = doc.xpath("//figure[contains(@class,'qb-hero')]//picture")[0]
    types = [s.get("type") for s in picture.xpath("source")]
    assert "image/webp" in types
    img = picture.xpath("img")[0]
    assert img.get("width") == "1600" and img.get("height") == "900"
    assert img.get("alt") == corpus.merged_meta("zh", "heritage/tan-trao.md")["image"]["alt"]
    assert img.get("sizes") and img.get("srcset")
    for candidate in [c.strip().split()[0] for s in picture.xpath("source/@srcset") + [img.get("srcset")] for c in s.split(",")]:
        assert (here.parent / candidate).resolve().is_file(), candidate
    smallest = min(int(c.strip().split()[1][:-1]) for c in img.get("srcset").split(","))
    assert smallest <= 480


def test_variants_carry_no_metadata(sample_site):
    variants = list((sample_site.site / "assets/images/v").iterdir())
    assert len(variants) >= 11 * 3
    for path in variants:
        with Image.open(path) as im:
            assert not im.getexif(), path
            assert "icc_profile" not in im.info and "exif" not in im.info, path


def test_every_page_version_has_a_social_card(sample_site, corpus):
    for lang in corpus.project.languages:
        for key in corpus.keys():
            card = sample_site.site / card_path(lang, key)
            with Image.open(card) as im:
                assert im.size == (1200, 630)
            doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
            meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//head/meta[@content]")}
            assert meta["og:image"] == corpus.project.site_url + card_path(lang, key)
            assert meta["og:locale"] == {"vi": "vi_VN", "en": "en_US", "zh": "zh_CN", "ko": "ko_KR", "ja": "ja_JP"}[lang]
            assert meta["twitter:card"] == "summary_large_image"
            assert meta["og:title"] == corpus.merged_meta(lang, key)["title"]
            alternates = doc.xpath("//head/meta[@property='og:locale:alternate']/@content")
            assert len(alternates) == len(corpus.project.languages) - 1
