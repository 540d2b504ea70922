"""An adopted programme's steps before adoption are done even where their day was never
recorded (adoption comes only after the draft was published and the council gave its
opinion): never late, shown as done because the programme is adopted."""

from __future__ import annotations

import html
import re
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.programmes import timeline
from app.programmes.models import Programme
from app.programmes.states import ConsultationBasis, Step, StepState
from tests.programmes.builders import make_programme

NOTE = "zrealizowane (program uchwalono; dnia nie zapisano)"


def _by_step(dates, today=date(2026, 12, 6)):
    return {s.step: s for s in timeline.steps(dates, today)}


def test_draft_and_opinion_done_by_adoption_or_their_day():
    adopted = _by_step(timeline.ProgrammeDates(2027, 2027, adopted_on=date(2026, 11, 20)))
    for step in (Step.DRAFT, Step.CONSULTATION, Step.OPINION):
        assert adopted[step].state == StepState.DONE, step
        assert adopted[step].basis == ConsultationBasis.ADOPTION, step
    # the days of the draft and the opinion stay unknown; the consultation's is the adoption's
    assert adopted[Step.DRAFT].done_on is None and adopted[Step.OPINION].done_on is None
    assert adopted[Step.CONSULTATION].done_on == date(2026, 11, 20)
    recorded = _by_step(
        timeline.ProgrammeDates(
            2027,
            2027,
            draft_published_on=date(2026, 9, 1),
            opinion_on=date(2026, 10, 2),
            adopted_on=date(2026, 11, 20),
        )
    )
    assert (recorded[Step.DRAFT].done_on, recorded[Step.DRAFT].basis) == (date(2026, 9, 1), None)
    assert (recorded[Step.OPINION].done_on, recorded[Step.OPINION].basis) == (
        date(2026, 10, 2),
        None,
    )
    # not adopted: late as before
    pending = _by_step(timeline.ProgrammeDates(2027, 2027))
    assert pending[Step.DRAFT].state == pending[Step.OPINION].state == StepState.LATE
    assert timeline.late_steps(timeline.ProgrammeDates(2027, 2027), date(2026, 12, 6)) == [
        Step.DRAFT,
        Step.CONSULTATION,
        Step.OPINION,
        Step.ADOPTION,
    ]


def _late(page: str) -> str:
    return page.split("Po terminie:")[1].split("</div>")[0] if "Po terminie:" in page else ""


def _row(page: str, label: str) -> str:
    return re.search(rf"<tr[^>]*>\s*<th scope=\"row\">{label}.*?</tr>", page, re.S).group(0)


def test_adopted_programme_without_recorded_dates_shows_no_late_step(client):
    programme = make_programme(year=2026)  # adopted; no draft day, no opinion
    assert programme.draft_published_on is None and programme.opinion_on is None
    page = html.unescape(client.get(f"/programmes/{programme.id}").get_data(as_text=True))
    assert _late(page) == ""
    for label in ("Publikacja projektu", "Opinia Miejskiej Rady"):
        row = _row(page, label)
        assert "po terminie" not in row and NOTE in row and "zrealizowane" in row
    index = html.unescape(client.get("/programmes/").get_data(as_text=True))
    assert "Po terminie:" not in index


def test_demo_programme_without_its_dates_is_not_late(client, runner):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    programme = db.session.scalar(select(Programme).where(Programme.year == 2026))
    programme.draft_published_on = None
    programme.opinion_on = None
    db.session.commit()
    page = html.unescape(client.get(f"/programmes/{programme.id}").get_data(as_text=True))
    assert "Po terminie:" not in page
    assert page.count(NOTE) == 2
