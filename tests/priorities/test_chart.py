"""The results chart: names wrap rather than being cut off, a legend for funded / not funded."""

from __future__ import annotations

import re

from app.priorities.chart import LINE_CHARS, MAX_LINES, Bar, bar_chart, wrap_label

LONG = (
    "Klub seniora na Wólkach: zajęcia przez cały rok, z dowozem, opieką pielęgniarską, "
    "wycieczkami i warsztatami komputerowymi dla mieszkańców wszystkich osiedli"
)


def test_short_names_stay_on_one_line():
    assert wrap_label("Liga szkół") == ["Liga szkół"]


def test_long_names_wrap_between_words_and_shorten_only_past_three_lines():
    lines = wrap_label(LONG)
    assert len(lines) == MAX_LINES
    assert all(len(line) <= LINE_CHARS for line in lines)
    assert lines[-1].endswith("…")
    two = wrap_label("Dowóz osób z niepełnosprawnościami na zajęcia rehabilitacyjne")
    assert len(two) == 2 and " ".join(two) == (
        "Dowóz osób z niepełnosprawnościami na zajęcia rehabilitacyjne"
    )


def test_a_word_longer_than_a_line_is_hyphenated():
    lines = wrap_label("Superkalifragilistycznieekspialidocznieniesamowitecentrum")
    assert lines[0].endswith("-") and all(len(line) <= LINE_CHARS for line in lines)


def test_chart_has_a_legend_marks_funded_bars_and_keeps_full_names(app):
    with app.test_request_context():
        svg = str(
            bar_chart(
                [Bar(LONG, 5, "5 votes", marked=True), Bar("Liga szkół", 2, "2 votes")],
                "Support",
                "Bar chart.",
                marked_label="funded",
                unmarked_label="not funded",
            )
        )
    assert "✓ funded" in svg and "not funded" in svg  # the legend
    assert "✓ 5 votes" in svg and "✓ 2 votes" not in svg  # not told by colour alone
    assert f"<title>{LONG}</title>" in svg  # the shortened name in full
    assert LONG in re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert all(len(text) <= LINE_CHARS for text in texts)
