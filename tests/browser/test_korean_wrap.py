"""Korean is read by spaced words (eojeol): on a phone a line may end only at a space, and a
string too long for any line still breaks instead of pushing the page sideways."""

from __future__ import annotations

# Every place where a line ends between two letters of one word (the next letter's box sits
# on a lower line than the previous one's), in the page's visible text.
BREAKS_INSIDE_WORDS = """
root => {
  const hangul = /[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3]/;
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const box = (node, i) => {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rects = range.getClientRects();
    return rects.length ? rects[0] : null;
  };
  let lines = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    if (!hangul.test(text) || !node.parentElement.offsetParent) continue;
    let prev = null, last = null;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (/\\s/.test(ch)) { prev = null; continue; }
      const rect = box(node, i);
      if (!rect || !rect.width) { prev = null; continue; }
      if (last && (rect.top + rect.bottom) / 2 > last.bottom) lines++;
      last = rect;
      if (prev && (rect.top + rect.bottom) / 2 > prev.rect.bottom) {
        if (hangul.test(prev.ch) || hangul.test(ch)) {
          const start = text.lastIndexOf(" ", i) + 1, end = text.indexOf(" ", i);
          const word = text.slice(start, end < 0 ? text.length : end);
          // A word wider than its whole line has to break somewhere: that is the fallback.
          const probe = document.createElement("span");
          probe.style.whiteSpace = "nowrap";
          probe.textContent = word;
          node.parentElement.append(probe);
          const wide = probe.getBoundingClientRect().width;
          probe.remove();
          let block = node.parentElement;
          while (getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
          const style = getComputedStyle(block);
          const room = block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          if (wide <= room) found.push(`${word} @${prev.ch}|${ch} (${block.tagName.toLowerCase()}, ${Math.round(wide)} of ${Math.round(room)} px)`);
        }
      }
      prev = {ch, rect};
    }
  }
  return {found, lines};
}
"""


def test_korean_breaks_only_between_words(browser, served_site):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        for path in ("/ko/heritage/then-practice/", "/ko/products/ham-yen-orange/"):
            page.goto(served_site + path)
            result = page.locator("article").evaluate(BREAKS_INSIDE_WORDS)
            assert result["lines"] > 10, result  # the measure saw wrapped paragraphs
            assert result["found"] == [], f"{path}: line breaks inside Korean words: {result['found']}"
        # A string with no space at all (a long name, a pasted address) still wraps in its box.
        overflow = page.evaluate(
            """() => {
              const p = document.createElement("p");
              p.textContent = "가나다라마바사아자차카타파하".repeat(12) + " " + "x".repeat(200);
              document.querySelector("article").append(p);
              const html = document.documentElement;
              return {page: html.scrollWidth - html.clientWidth, box: p.scrollWidth - p.clientWidth,
                      lines: Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight))};
            }"""
        )
        assert overflow["page"] <= 0 and overflow["box"] <= 0, overflow
        assert overflow["lines"] >= 4, overflow
    finally:
        context.close()
