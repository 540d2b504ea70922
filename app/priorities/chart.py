"""A server-rendered SVG bar chart: readable without JavaScript, described for screen readers.

The chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` naming every bar and its
value; the page shows the same numbers in a data table next to it. Bars are horizontal, one per
option, each under its option's name, which wraps onto further lines rather than being cut off,
so long option titles stay readable on a phone. :func:`outcome_chart` draws the chart
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

#: The drawing is 400 units wide and shown at most 36rem wide (app.css ``.results-chart``):
#: on a 390 px phone a 14-unit font is still about 12 px, on a wide screen about 20 px.
WIDTH = 400
FONT = 14
LINE = 18  # the height of one line of a label
LINE_CHARS = 44  # characters per label line (about 0.6 em each, for the widest letters)
MAX_LINES = 3  # longer labels are shortened with "…"; the full name is in the <title>
BAR_HEIGHT = 18
GAP = 12
TOP = 6
VALUE_SPACE = 130
LEGEND_HEIGHT = 28
#: Colours with at least 4.5:1 contrast on white (text) and 3:1 (bars) (WCAG AA).
BAR = "#0b5ed7"
BAR_MARKED = "#146c43"
TEXT = "#212529"
#: Marks a funded bar's value, so the difference is not told by colour alone.
MARK = "✓"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    shown: str  # the value as the page writes it ("1 250,00 zł", "42")
    marked: bool = False  # e.g. a funded option


def wrap_label(text: str, width: int = LINE_CHARS, lines: int = MAX_LINES) -> list[str]:
    """``text`` on lines of at most ``width`` characters, broken between words (a word longer
    than a line is cut); at most ``lines`` lines, the last one ending with "…" if shortened."""
    words = text.split()
    result: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:
            if current:
                result.append(current)
                current = ""
            result.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            result.append(current)
            current = word
    if current or not result:
        result.append(current)
    if len(result) > lines:
        last = result[lines - 1]
        result = result[: lines - 1] + [last[: width - 1].rstrip() + "…"]
    return result


def bar_chart(
    bars: list[Bar],
    title: str,
    description: str,
    marked_label: str = "",
    unmarked_label: str = "",
) -> Markup:
    """The SVG of a horizontal bar chart (empty markup when there are no bars).

    Each option's name is written above its bar, wrapped onto up to three lines, so no name is
    cut off at any width; a shortened name keeps the full one in the bar's ``<title>`` (and in
    the data table beside the chart). With ``marked_label``, a legend names the two colours
    and marked bars carry a ✓ before their value.
    """
    if not bars:
        return Markup("")
    number = next(_ids)
    title_id, desc_id = f"chart-title-{number}", f"chart-desc-{number}"
    top = max((Decimal(bar.value) for bar in bars), default=Decimal(0))
    span = WIDTH - VALUE_SPACE
    legend = bool(marked_label)
    labels = [wrap_label(bar.label) for bar in bars]
    height = TOP * 2 + (LEGEND_HEIGHT if legend else 0)
    height += sum(len(lines) * LINE + BAR_HEIGHT + GAP for lines in labels)
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
    y = TOP
    if legend:
        parts.append(_legend(y, marked_label, unmarked_label))
        y += LEGEND_HEIGHT
    for bar, lines in zip(bars, labels, strict=True):
        length = 0 if top == 0 else int(Decimal(span) * Decimal(bar.value) / top)
        colour = BAR_MARKED if bar.marked else BAR
        shortened = len(wrap_label(bar.label, lines=len(bar.label) + 1)) > len(lines)
        parts.append("<g>")
        if shortened:
            parts.append(f"<title>{escape(bar.label)}</title>")
        for line in lines:
            y += LINE
            parts.append(
                f'<text x="0" y="{y - 4}" font-size="{FONT}" fill="{TEXT}">{escape(line)}</text>'
            )
        shown = f"{MARK} {bar.shown}" if bar.marked and legend else bar.shown
        parts.append(
            f'<rect x="0" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"></rect>'
            f'<text x="{max(length, 1) + 6}" y="{y + BAR_HEIGHT - 4}" font-size="{FONT}" '
            f'fill="{TEXT}">{escape(shown)}</text>'
        )
        parts.append("</g>")
        y += BAR_HEIGHT + GAP
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def _legend(y: int, marked_label: str, unmarked_label: str) -> str:
    """Two swatches: the marked colour (with ✓) and the plain one."""
    size = 14
    middle = y + size - 2
    second = WIDTH // 2
    return (
        f'<g><rect x="0" y="{y}" width="{size}" height="{size}" fill="{BAR_MARKED}"></rect>'
        f'<text x="{size + 6}" y="{middle}" font-size="{FONT}" fill="{TEXT}">'
        f"{escape(MARK)} {escape(marked_label)}</text>"
        f'<rect x="{second}" y="{y}" width="{size}" height="{size}" fill="{BAR}"></rect>'
        f'<text x="{second + size + 6}" y="{middle}" font-size="{FONT}" fill="{TEXT}">'
        f"{escape(unmarked_label)}</text></g>"
    )


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
        title = _("Support of the options (funded options in green, marked ✓)")
        return bar_chart(
            bars,
            title,
            _("Bar chart, the same numbers as in the table below."),
            marked_label=_("funded"),
            unmarked_label=_("not funded"),
        )
    return bar_chart(bars, title, _("Bar chart, the same numbers as in the table below."))
