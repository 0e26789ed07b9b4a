"""On a 390-px phone, pictures load at a size that fits the screen, not the 1600-px original."""

from __future__ import annotations


def test_images_fit_a_phone_screen(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("/heritage/tan-trao/", "/zh/products/ham-yen-orange/", "/ko/heritage/then-practice/"):
            page.goto(served_site + path)
            image = page.locator("figure.qb-hero img")
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
            info = image.evaluate(
                "img => ({src: img.currentSrc, natural: img.naturalWidth, shown: img.getBoundingClientRect().width,"
                " page: document.documentElement.clientWidth})"
            )
            assert info["shown"] <= info["page"] <= 390, info  # no sideways scrolling
            assert info["natural"] <= 2 * 480 < 1600, info  # a variant for 390 px × DPR 2, not the original
            assert "/assets/images/v/" in info["src"] and info["src"].endswith((".avif", ".webp")), info
    finally:
        context.close()
