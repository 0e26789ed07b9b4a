"""Korean words are kept whole where Chromium would break inside them."""

from __future__ import annotations

from quangba.web.typography import keep_korean_words


def test_words_with_middle_dots_or_brackets_are_kept_in_one_box():
    html = "<p>따이족·눙족·타이족의 텐(Then) 의례, 회의(14.COM)에서 (2019)</p>"
    assert keep_korean_words(html) == (
        '<p><span class="qb-word">따이족·눙족·타이족의</span> <span class="qb-word">텐(Then)</span> 의례, '
        '<span class="qb-word">회의(14.COM)에서</span> (2019)</p>'
    )


def test_only_korean_running_text_changes():
    untouched = (
        '<p title="가·나">UNESCO·OCOP (2019)</p>'  # attributes, words without Hangul
        "<code>가·나(x)</code><pre>다·라</pre><script>s = '마·바'</script><title>사·아</title>"
        "<p>가 · 나 ( 다 )</p>"  # spaced punctuation is a break at a space already
    )
    assert keep_korean_words(untouched) == untouched
    assert keep_korean_words("<code>가·나</code> 가·나") == '<code>가·나</code> <span class="qb-word">가·나</span>'


def test_a_closing_bracket_inside_a_word_keeps_the_word_whole():
    from quangba.web.typography import keep_korean_words

    assert keep_korean_words("<p>(2019년 기준)에 따르면</p>") == '<p>(2019년 <span class="qb-word">기준)에</span> 따르면</p>'
