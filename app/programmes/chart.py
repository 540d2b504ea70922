"""Planned against spent money by area: a server-rendered SVG, described for screen readers.

Two horizontal bars per area (planned, then spent), so long area names stay readable on a
phone; the page shows the same numbers in a data table below the chart.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.common.money import money

WIDTH = 640
LABEL_WIDTH = 230
BAR = 14
GROUP_GAP = 14
VALUE_SPACE = 130
#: Colours with at least 4.5:1 contrast on white (WCAG AA), told apart by the legend too.
PLANNED = "#0b5ed7"
SPENT = "#146c43"
TEXT = "#212529"


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def planned_spent_chart(areas: list) -> Markup:
    """The SVG for ``areas`` (objects with ``name``, ``planned`` and ``spent``)."""
    if not areas:
        return Markup("")
    top = max((max(a.planned, a.spent) for a in areas), default=Decimal(0))
    span = WIDTH - LABEL_WIDTH - VALUE_SPACE
    legend = 26
    height = legend + len(areas) * (2 * BAR + GROUP_GAP) + 6
    title = _("Planned and spent money by area")
    planned_label, spent_label = _("planned"), _("spent")
    details = "; ".join(
        _(
            "%(area)s: planned %(planned)s, spent %(spent)s",
            area=a.name,
            planned=money(a.planned),
            spent=money(a.spent),
        )
        for a in areas
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="results-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="programme-chart-title programme-chart-desc">',
        f'<title id="programme-chart-title">{escape(title)}</title>',
        f'<desc id="programme-chart-desc">{escape(details)}</desc>',
        f'<rect x="{LABEL_WIDTH}" y="4" width="12" height="12" fill="{PLANNED}"></rect>'
        f'<text x="{LABEL_WIDTH + 18}" y="15" font-size="13" fill="{TEXT}">'
        f"{escape(planned_label)}</text>"
        f'<rect x="{LABEL_WIDTH + 120}" y="4" width="12" height="12" fill="{SPENT}"></rect>'
        f'<text x="{LABEL_WIDTH + 138}" y="15" font-size="13" fill="{TEXT}">'
        f"{escape(spent_label)}</text>",
    ]
    for index, area in enumerate(areas):
        y = legend + index * (2 * BAR + GROUP_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR + 4}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(_clip(area.name))}</text>'
        )
        for row, (value, colour) in enumerate(((area.planned, PLANNED), (area.spent, SPENT))):
            length = 0 if top == 0 else int(Decimal(span) * Decimal(value) / top)
            bar_y = y + row * BAR
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{max(length, 1)}" '
                f'height="{BAR - 2}" fill="{colour}"></rect>'
                f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{bar_y + BAR - 3}" '
                f'font-size="12" fill="{TEXT}">{escape(money(value))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above
