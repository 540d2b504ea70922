"""The first draft of the implementation report's text, written from the platform's data.

The official edits it before publication; the report's tables are not part of the text: the
report page computes them from the data each time it is shown.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from app.common.money import money
from app.consultations.messages import DECISION_LABELS
from app.hub.messages import KIND_LABELS
from app.programmes.messages import STATUS_LABELS
from app.programmes.models import Programme
from app.programmes.queries import IndicatorRow, ReportData


def draft_text(programme: Programme, data: ReportData) -> str:
    """Markdown: goals and tasks, forms of cooperation, money, consultations, votes and the
    evaluation indicators with their values for the report year."""
    lines = [
        "## " + _("Goals and priority tasks"),
        "",
        programme.goals_md or _("(The goals of the programme.)"),
        "",
    ]
    for task in data.tasks:
        lines.append(
            f"- **{task.title}** — {STATUS_LABELS[task.status]}, {task.progress}%"
            + (f" ({task.drop_reason})" if task.drop_reason else "")
        )
    lines += [
        "",
        "## " + _("Forms of cooperation"),
        "",
    ]
    if data.forms:
        for kind, number in sorted(data.forms.items()):
            lines.append(f"- {KIND_LABELS.get(kind, kind)}: {number}")
    else:
        lines.append(_("No form of cooperation was recorded on the platform."))
    lines += [
        "",
        "## " + _("Funds"),
        "",
        _(
            "Planned: %(planned)s; spent: %(spent)s.",
            planned=money(data.planned),
            spent=money(data.spent),
        ),
        ngettext(
            "%(num)d organization received grants.",
            "%(num)d organizations received grants.",
            len(data.organizations),
        ),
        "",
        "## " + _("Consultations and votes"),
        "",
    ]
    for row in data.consultations:
        lines.append(
            "- "
            + _(
                "%(title)s: %(comments)d comments, %(answered)d answered.",
                title=row.consultation.title,
                comments=row.comments,
                answered=row.answered,
            )
            + decisions_text(row.decisions)
        )
    for row in data.votes:
        lines.append(
            "- "
            + _(
                "%(title)s: %(ballots)d ballots; chosen: %(chosen)s.",
                title=row.vote.title,
                ballots=row.ballots,
                chosen=", ".join(row.selected) or "—",
            )
        )
    lines += ["", "## " + _("Evaluation"), ""]
    lines += [f"- {row.name}: {indicator_text(row)}" for row in data.indicators] or [
        _("(The evaluation indicators of the programme.)")
    ]
    return "\n".join(lines) + "\n"


def indicator_text(row: IndicatorRow) -> str:
    """An indicator's value as the report writes it: an amount in PLN, a number, the typed
    value with its note, or a placeholder asking for the value."""
    if row.value is None:
        return _("(no value given yet)")
    text = money(row.value) if row.is_money else str(row.value)
    if row.measure:
        return text + " (" + _("measured on the platform") + ")"
    return f"{text} ({row.note})" if row.note else text


def decisions_text(decisions: dict[str, int]) -> str:
    """The decisions in brackets, in the labels' order: " (Accepted: 2, Rejected: 3)"."""
    parts = [
        f"{label}: {decisions[key]}" for key, label in DECISION_LABELS.items() if decisions.get(key)
    ]
    parts += [f"{key}: {n}" for key, n in decisions.items() if key not in DECISION_LABELS and n]
    return f" ({', '.join(parts)})" if parts else ""
