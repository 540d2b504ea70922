"""A survey question's answers as a server-rendered SVG bar chart, readable without JavaScript
and described for screen readers (the page shows the same numbers in a data table)."""

from __future__ import annotations

from itertools import count

from markupsafe import Markup, escape

from app.surveys.logic import Tally

_ids = count(1)
WIDTH = 400
FONT = 14
LINE = 18
BAR_HEIGHT = 16
GAP = 10
VALUE_SPACE = 110
LABEL_CHARS = 48
#: At least 3:1 against white for the bars, 4.5:1 for the text (WCAG AA).
BAR = "#0b5ed7"
TEXT = "#212529"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(tally: Tally, title: str, shown: list[str]) -> Markup:
    """Horizontal bars, one per row of ``tally``, each under its label; ``shown`` holds the
    value text of each bar ("3 (25,0%)")."""
    if not tally.rows:
        return Markup("")
    number = next(_ids)
    title_id, desc_id = f"survey-chart-title-{number}", f"survey-chart-desc-{number}"
    top = max((row.count for row in tally.rows), default=0)
    span = WIDTH - VALUE_SPACE
    height = 6 + len(tally.rows) * (LINE + BAR_HEIGHT + GAP)
    details = "; ".join(f"{row.label}: {text}" for row, text in zip(tally.rows, shown, strict=True))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="results-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(details)}</desc>',
    ]
    y = 6
    for row, text in zip(tally.rows, shown, strict=True):
        length = 0 if top == 0 else int(span * row.count / top)
        y += LINE
        parts.append(
            f'<text x="0" y="{y - 4}" font-size="{FONT}" fill="{TEXT}">{escape(_short(row.label))}'
            f"</text>"
            f'<rect x="0" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" fill="{BAR}">'
            f"</rect>"
            f'<text x="{max(length, 1) + 6}" y="{y + BAR_HEIGHT - 3}" font-size="{FONT}" '
            f'fill="{TEXT}">{escape(text)}</text>'
        )
        y += BAR_HEIGHT + GAP
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above
