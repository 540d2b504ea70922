"""A server-rendered SVG bar chart: readable without JavaScript, described for screen readers.

The chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` naming every bar and its
value; the page shows the same numbers in a data table next to it. Bars are horizontal, one per
option, so long option titles stay readable on a phone. :func:`outcome_chart` draws the chart
of a vote's outcome on the results page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from app.priorities import export
from app.priorities.kinds import BallotType

_ids = count(1)

WIDTH = 640
LABEL_WIDTH = 260
BAR_HEIGHT = 22
GAP = 10
TOP = 8
VALUE_SPACE = 110
#: Colours with at least 4.5:1 contrast on white for the value text (WCAG AA).
BAR = "#0b5ed7"
BAR_MARKED = "#146c43"
TEXT = "#212529"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    shown: str  # the value as the page writes it ("1 250,00 zł", "42")
    marked: bool = False  # e.g. a funded option


def _clip(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: list[Bar], title: str, description: str, marked_label: str = "") -> Markup:
    """The SVG of a horizontal bar chart (empty markup when there are no bars)."""
    if not bars:
        return Markup("")
    number = next(_ids)
    title_id, desc_id = f"chart-title-{number}", f"chart-desc-{number}"
    top = max((Decimal(bar.value) for bar in bars), default=Decimal(0))
    span = WIDTH - LABEL_WIDTH - VALUE_SPACE
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + GAP)
    details = "; ".join(
        f"{bar.label}: {bar.shown}" + (f" ({marked_label})" if bar.marked and marked_label else "")
        for bar in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="results-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)} {escape(details)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = 0 if top == 0 else int(Decimal(span) * Decimal(bar.value) / top)
        colour = BAR_MARKED if bar.marked else BAR
        middle = y + BAR_HEIGHT // 2 + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(_clip(bar.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"></rect>'
            f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{middle}" font-size="13" '
            f'fill="{TEXT}">{escape(bar.shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def outcome_chart(vote, rows: list[export.Row]) -> Markup:
    """The chart of the results page: scores, first preferences, points or support per option
    (the same numbers as the table below it)."""
    kind = export.family(vote)
    if kind == export.Family.RANKED:
        scored = all(row.score is not None for row in rows)
        bars = [
            Bar(row.title, export.exact_number(row.score), export.number(row.score))
            if scored
            else Bar(row.title, row.support, export.number(row.support))
            for row in rows
        ]
        title = _("Scores of the options") if scored else _("First preferences of the options")
    elif kind == export.Family.POINTS:
        bars = [Bar(row.title, row.points or 0, export.number(row.points)) for row in rows]
        title = _("Points given to the options")
    else:
        bars = [
            Bar(
                row.title,
                row.support,
                ngettext("%(num)d point", "%(num)d points", row.support)
                if vote.ballot_type == BallotType.POINTS
                else ngettext("%(num)d vote", "%(num)d votes", row.support),
                row.funded,
            )
            for row in rows
        ]
        title = _("Support of the options (funded options in green)")
    return bar_chart(
        bars,
        title,
        _("Bar chart, the same numbers as in the table below."),
        marked_label=_("funded"),
    )
