"""Everything the implementation report shows, as plain JSON: what a published report keeps.

``take`` turns the live ``queries.report_data`` into a snapshot (amounts as strings, names of
areas in every language, titles instead of rows of other tables), stored with each published
revision; ``view`` turns a snapshot back into what the report page, the print view, the CSV and
the XLSX read. A draft is shown through the same path from a snapshot taken on the fly, so a
published report and its draft look alike and the downloads always match the page.

When ``report_data`` learns something new that the report shows, add it to ``take`` and ``view``
(an older snapshot without it shows it empty, never the live value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import force_locale

from app.programmes.measures import MEASURE_LABELS
from app.programmes.queries import AreaTotal, ReportData, area_totals

VERSION = 1
#: The languages a snapshot keeps the names of areas and of the indicators' measures in.
LOCALES = ("pl", "en")


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _area_names(area: Any) -> dict[str, str]:
    return {locale: area.name(locale) for locale in LOCALES} if area is not None else {}


def _measure_labels(measure: str | None) -> dict[str, str]:
    """How an indicator is measured, said in every language (empty: typed by the office)."""
    label = MEASURE_LABELS.get(measure) if measure else None
    if label is None:
        return {}
    labels = {}
    for locale in LOCALES:
        with force_locale(locale):
            labels[locale] = str(label)
    return labels


def _indicator(item: Any) -> dict:
    """An evaluation indicator: a line of the programme, or a row with its value for the year
    (measured on the platform - with the label of the measure in every language - or typed
    by the office, with a note); an amount is marked as money."""
    if isinstance(item, str):
        return {
            "name": item,
            "measure": None,
            "measure_label": {},
            "value": None,
            "note": "",
            "money": False,
        }
    value = getattr(item, "value", None)
    money = bool(getattr(item, "is_money", False))
    if isinstance(value, Decimal):
        value = _amount(value)
    elif value is not None and not isinstance(value, int | str):
        value = str(value)
    measure = getattr(item, "measure", None) or None
    return {
        "name": str(getattr(item, "name", item)),
        "measure": None if measure is None else str(measure),
        "measure_label": _measure_labels(measure),
        "value": value,
        "note": getattr(item, "note", "") or "",
        "money": money,
    }


def take(data: ReportData) -> dict:
    """A JSON-ready snapshot of the report's tables."""
    return {
        "version": VERSION,
        "year": data.year,
        "statuses": dict(data.statuses),
        "planned": _amount(data.planned),
        "spent": _amount(data.spent),
        "tasks": [
            {
                "title": t.title,
                "area": _area_names(t.area),
                "status": str(t.status),
                "progress": t.progress,
                "planned": _amount(t.planned_amount),
                "spent": _amount(t.spent_amount),
                "note": t.spent_note or "",
                "drop_reason": t.drop_reason or "",
            }
            for t in data.tasks
        ],
        "grants": [
            {
                "task": t.title,
                "organization": g.organization.name,
                "opportunity": g.opportunity.title if g.opportunity else "",
                "amount": _amount(g.amount),
                "purpose": g.purpose,
            }
            for t in data.tasks
            for g in t.grants
        ],
        "areas": {
            locale: [
                {
                    "name": a.name,
                    "tasks": a.tasks,
                    "planned": _amount(a.planned),
                    "spent": _amount(a.spent),
                }
                for a in area_totals(data.tasks, locale)
            ]
            for locale in LOCALES
        },
        "forms": {str(kind): number for kind, number in sorted(data.forms.items())},
        "competitions": [
            {
                "title": c.opportunity.title,
                "kind": str(c.opportunity.kind),
                "offers": c.offers,
                "grants": c.grants,
                "amount": _amount(c.amount),
            }
            for c in data.competitions
        ],
        "organizations": [
            {"name": o.name, "grants": o.grants, "amount": _amount(o.amount)}
            for o in data.organizations
        ],
        "consultations": [
            {
                "title": c.consultation.title,
                "comments": c.comments,
                "answered": c.answered,
                "decisions": dict(c.decisions),
            }
            for c in data.consultations
        ],
        "votes": [
            {"title": v.vote.title, "ballots": v.ballots, "selected": list(v.selected)}
            for v in data.votes
        ],
        "indicators": [_indicator(i) for i in data.indicators],
    }


@dataclass(frozen=True)
class Row:
    """One row of a table of the report, read by attribute in the templates."""

    values: dict

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class ReportView:
    """A snapshot as the page and the downloads read it (amounts as Decimal, areas named in
    the page's language)."""

    statuses: dict[str, int]
    planned: Decimal
    spent: Decimal
    tasks: list[Row]
    grants: list[Row]
    areas: list[AreaTotal]
    forms: dict[str, int]
    competitions: list[Row]
    organizations: list[Row]
    consultations: list[Row]
    votes: list[Row]
    indicators: list[Row] = field(default_factory=list)
    #: The year the report is about (None in a snapshot older than this key: the report's).
    year: int | None = None


def _in_locale(names: dict[str, str], locale: str) -> str:
    return names.get(locale) or names.get("pl") or next(iter(names.values()), "")


def view(snapshot: dict, locale: str) -> ReportView:
    """What a snapshot shows, in ``locale``."""
    areas = snapshot.get("areas") or {}
    area_rows = areas.get(locale) or areas.get("pl") or []
    return ReportView(
        year=snapshot.get("year"),
        statuses=dict(snapshot.get("statuses") or {}),
        planned=_dec(snapshot.get("planned")) or Decimal(0),
        spent=_dec(snapshot.get("spent")) or Decimal(0),
        tasks=[
            Row(
                {
                    **t,
                    "area": _in_locale(t.get("area") or {}, locale),
                    "planned": _dec(t.get("planned")),
                    "spent": _dec(t.get("spent")),
                }
            )
            for t in snapshot.get("tasks") or []
        ],
        grants=[Row({**g, "amount": _dec(g["amount"])}) for g in snapshot.get("grants") or []],
        areas=[
            AreaTotal(a["name"], Decimal(a["planned"]), Decimal(a["spent"]), a["tasks"])
            for a in area_rows
        ],
        forms=dict(snapshot.get("forms") or {}),
        competitions=[
            Row({**c, "amount": _dec(c["amount"])}) for c in snapshot.get("competitions") or []
        ],
        organizations=[
            Row({**o, "amount": _dec(o["amount"])}) for o in snapshot.get("organizations") or []
        ],
        consultations=[Row(c) for c in snapshot.get("consultations") or []],
        votes=[Row(v) for v in snapshot.get("votes") or []],
        indicators=[_indicator_row(i, locale) for i in snapshot.get("indicators") or []],
    )


def _indicator_row(values: dict, locale: str) -> Row:
    """An indicator as the table shows it: ``measure_label`` in ``locale`` (a snapshot older
    than the stored labels names the measure as the platform does now; empty: typed)."""
    row = {"measure": None, "value": None, "note": "", "money": False, **values}
    labels = row.get("measure_label") or {}
    if not row["measure"]:
        row["measure_label"] = ""
    elif labels:
        row["measure_label"] = _in_locale(labels, locale)
    else:
        row["measure_label"] = str(MEASURE_LABELS.get(row["measure"], row["measure"]))
    if row["money"] and row["value"] is not None:
        row["value"] = Decimal(row["value"])
    return Row(row)
