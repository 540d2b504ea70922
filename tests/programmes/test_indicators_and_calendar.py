"""Issue 14 audit: indicators measured for the report year, the report's consultations and
votes of the year, the consultation step done by a round, recorded dates or adoption,
reminders of the planning dates, the reply-by day of a first answer needing an annex, the
programme page's queries, and an opportunity linking back to the tasks it implements."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.programmes import queries, report, services, timeline
from app.programmes.models import Indicator
from app.programmes.states import ConsultationBasis, Measure, NoticeAnswer, NoticeKind, Step
from app.site.reminders import programme_deadlines
from tests.factories import (
    make_closed_vote,
    make_consultation,
    make_opportunity,
    make_organization,
    make_user,
    publish_vote_results,
)
from tests.programmes.builders import make_funded_task, make_programme

INDICATORS = "Liczba ofert\nKwota dotacji\nZadowolenie organizacji"


def _official():
    return make_user(role=Role.OFFICIAL)


def _close_round_in(consultation, day: date) -> None:
    """Move the round's stages so that its last one closed on ``day``."""
    end = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    for n, stage in enumerate(sorted(consultation.stages, key=lambda s: s.closes_at)):
        stage.opens_at = end - timedelta(days=20 - n)
        stage.closes_at = end - timedelta(days=10 - n) if n < len(consultation.stages) - 1 else end
    db.session.commit()


# --- 1. indicators ---------------------------------------------------------------------------


def test_indicators_are_measured_by_the_platform_or_typed_for_the_year(app):
    official = _official()
    programme = make_programme(official, year=2025, indicators=INDICATORS)
    make_funded_task(programme=programme, official=official, amount="12000")
    assert [row.name for row in programme.indicator_rows] == INDICATORS.splitlines()
    services.set_indicators(
        official,
        programme,
        2025,
        [
            services.IndicatorEntry("Liczba ofert", Measure.OFFERS),
            services.IndicatorEntry("Kwota dotacji", Measure.AMOUNT_GRANTED),
            services.IndicatorEntry("Zadowolenie organizacji", None, "80%", "Ankieta"),
        ],
        utcnow(),
    )
    db.session.commit()
    data = queries.report_data(programme, "pl")
    values = {row.name: (row.measure, row.value, row.note) for row in data.indicators}
    assert values == {
        "Liczba ofert": ("offers", 4, ""),
        "Kwota dotacji": ("amount_granted", Decimal("12000.00"), ""),
        "Zadowolenie organizacji": (None, "80%", "Ankieta"),
    }
    with app.test_request_context():
        text = report.draft_text(programme, data)
    assert "- Liczba ofert: 4 (zmierzone na platformie)" in text
    assert "- Kwota dotacji: 12 000 zł" in text
    assert "- Zadowolenie organizacji: 80% (Ankieta)" in text
    assert "…" not in text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "programme.indicators"))
    assert entry is not None


def test_a_computed_indicator_takes_no_typed_value_and_lines_keep_their_rows(app):
    official = _official()
    programme = make_programme(official, year=2025, indicators=INDICATORS)
    with pytest.raises(services.IndicatorValueComputed):
        services.set_indicators(
            official,
            programme,
            2025,
            [services.IndicatorEntry("Liczba ofert", Measure.OFFERS, "5")],
            utcnow(),
        )
    db.session.rollback()
    with pytest.raises(services.NotAYearOfTheProgramme):
        services.set_indicators(official, programme, 2024, [], utcnow())
    services.set_indicators(
        official,
        programme,
        2025,
        [services.IndicatorEntry("Liczba ofert", Measure.OFFERS)],
        utcnow(),
    )
    # a line removed loses its row; the others keep how they are measured
    services.update_programme(
        official,
        programme,
        services.ProgrammeData(
            year=2025, title=programme.title, indicators="Liczba ofert\nNowy wskaźnik"
        ),
        utcnow(),
    )
    db.session.commit()
    rows = {r.name: r.measure for r in db.session.scalars(select(Indicator))}
    assert rows == {"Liczba ofert": "offers", "Nowy wskaźnik": None}


def test_every_measure_has_a_value_and_a_label(app):
    from app.programmes.messages import MEASURE_LABELS

    official = _official()
    programme = make_programme(official, year=2025)
    data = queries.report_data(programme, "pl")
    for measure in Measure:
        assert queries.measured(measure, data) == 0
        assert measure in MEASURE_LABELS


def test_indicators_page_keeps_values_and_says_what_is_wrong(client, auth):
    official = _official()
    programme = make_programme(official, year=2025, indicators=INDICATORS)
    make_funded_task(programme=programme, official=official)
    auth.login_as(official)
    url = f"/programmes/{programme.id}/indicators"
    page = client.get(url).get_data(as_text=True)
    assert "Zadowolenie organizacji" in page and "liczba złożonych ofert" in page
    data = {
        "rows-0-measure": "offers",
        "rows-0-value": "7",
        "rows-1-measure": "amount_granted",
        "rows-2-measure": "",
        "rows-2-value": "80%",
        "rows-2-note": "Ankieta",
    }
    refused = client.post(url, data=data)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Ten wskaźnik mierzy platforma" in text
    assert 'value="80%"' in text and "Ankieta" in text
    data["rows-0-value"] = ""
    saved = client.post(url, data=data)
    assert saved.status_code == 302
    report_page = client.get(f"/programmes/{programme.id}/indicators").get_data(as_text=True)
    assert 'value="80%"' in report_page
    programme = db.session.get(type(programme), programme.id)
    values = {r.name: r.value for r in queries.report_data(programme, "pl").indicators}
    assert values["Liczba ofert"] == 4 and values["Zadowolenie organizacji"] == "80%"


# --- 2. consultations and votes of the report year -------------------------------------------


def test_report_has_the_rounds_and_votes_of_its_year_and_those_tasks_came_from(app):
    official = _official()
    in_year = make_consultation(official, title="Konsultacje 2025")
    _close_round_in(in_year, date(2025, 6, 30))
    other_year = make_consultation(official, title="Konsultacje 2023")
    _close_round_in(other_year, date(2023, 6, 30))
    vote = make_closed_vote(
        official=official,
        opens_at=datetime(2025, 3, 1, tzinfo=UTC),
        closes_at=datetime(2025, 3, 10, tzinfo=UTC),
    )
    publish_vote_results(vote, official)
    db.session.commit()
    programme = make_programme(official, year=2025)
    data = queries.report_data(programme, "pl")
    titles = [row.consultation.title for row in data.consultations]
    assert "Konsultacje 2025" in titles and "Konsultacje 2023" not in titles
    assert [row.vote.id for row in data.votes] == [vote.id]
    # the rounds a tracked task came from count even from another year
    later = make_programme(official, year=2024)
    services.update_programme(
        official,
        later,
        services.ProgrammeData(year=2024, title=later.title, round_ids=[other_year.id]),
        utcnow(),
    )
    db.session.commit()
    titles = [row.consultation.title for row in queries.report_data(later, "pl").consultations]
    assert titles == ["Konsultacje 2023"]


# --- 3. the consultation step ----------------------------------------------------------------


def test_consultation_step_done_by_round_recorded_dates_or_adoption():
    today = date(2026, 12, 6)
    base = timeline.ProgrammeDates(year=2027, end_year=2027)

    def consultation(dates):
        return next(s for s in timeline.steps(dates, today) if s.step == Step.CONSULTATION)

    assert consultation(base).state == "late"
    by_round = consultation(
        timeline.ProgrammeDates(2027, 2027, consultation_closed_on=date(2026, 10, 1))
    )
    assert (by_round.state, by_round.basis) == ("done", ConsultationBasis.ROUND)
    recorded = consultation(
        timeline.ProgrammeDates(2027, 2027, consultation_recorded_on=date(2026, 10, 20))
    )
    assert (recorded.done_on, recorded.basis) == (date(2026, 10, 20), ConsultationBasis.RECORDED)
    adopted = consultation(timeline.ProgrammeDates(2027, 2027, adopted_on=date(2026, 11, 20)))
    assert (adopted.state, adopted.basis) == ("done", ConsultationBasis.ADOPTION)
    # recorded dates still to come do not count yet
    ahead = consultation(
        timeline.ProgrammeDates(2028, 2028, consultation_recorded_on=date(2027, 1, 20))
    )
    assert ahead.state == "due" and ahead.basis is None


def test_adopted_programme_shows_its_consultation_done_not_late(client):
    programme = make_programme(year=2026)
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    late = page.split("Po terminie:")[1].split("</div>")[0] if "Po terminie:" in page else ""
    assert "Konsultacje z organizacjami" not in late
    assert "program uchwalono po konsultacjach" in page


def test_consultation_dates_recorded_by_hand_with_clear_errors(client, auth):
    official = _official()
    programme = make_programme(official, year=2027, adopted=False)
    auth.login_as(official)
    url = f"/programmes/{programme.id}/edit"
    base = {"year": "2027", "title": "Program 2027"}
    only_one = client.post(url, data={**base, "consultation_from": "2026-10-01"})
    text = only_one.get_data(as_text=True)
    assert only_one.status_code == 200 and "Podaj oba dni konsultacji" in text
    assert 'value="2026-10-01"' in text
    backwards = client.post(
        url, data={**base, "consultation_from": "2026-10-20", "consultation_to": "2026-10-01"}
    )
    assert "nie może być wcześniejszy niż pierwszy" in backwards.get_data(as_text=True)
    saved = client.post(
        url, data={**base, "consultation_from": "2026-10-01", "consultation_to": "2026-10-21"}
    )
    assert saved.status_code == 302
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Konsultacje przeprowadzone poza platformą" in page
    assert "przeprowadzone poza platformą (daty wpisane przez urząd)" in page


# --- 4. reminders of the planning dates ------------------------------------------------------


def _kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def test_officials_are_reminded_once_before_each_planning_date(app):
    official = _official()
    make_programme(official, year=2031, adopted=False)
    before_draft = datetime(2030, 9, 10, 9, tzinfo=UTC)
    assert programme_deadlines(before_draft) == 1
    assert programme_deadlines(before_draft) == 0  # once
    before_consultation = datetime(2030, 10, 15, 9, tzinfo=UTC)
    assert programme_deadlines(before_consultation) == 2  # consultation and opinion
    assert programme_deadlines(before_consultation) == 0
    db.session.commit()
    assert _kinds(official) == [
        "programme.draft_due",
        "programme.consultation_due",
        "programme.opinion_due",
    ]


def test_no_planning_reminder_for_steps_taken(app):
    official = _official()
    make_programme(
        official,
        year=2031,
        adopted=False,
        draft_published_on=date(2026, 1, 5),
        consultation_from=date(2026, 2, 1),
        consultation_to=date(2026, 2, 20),
    )
    # only the opinion is still to come
    assert programme_deadlines(datetime(2030, 10, 15, 9, tzinfo=UTC)) == 1
    db.session.commit()
    assert _kinds(official) == ["programme.opinion_due"]


# --- 5. the reply-by day of an answer needing an annex ---------------------------------------


def _notice(official):
    funded = make_organization()
    task = make_funded_task(organization=funded, official=official)
    notice = services.file_notice(
        funded.memberships[0].user, task, funded, NoticeKind.BUDGET, "a", "b", None, utcnow()
    )
    db.session.commit()
    return notice, funded


def test_answer_needing_an_annex_needs_the_reply_day_with_values_kept(client, auth):
    official = _official()
    notice, funded = _notice(official)
    auth.login_as(official)
    url = f"/programmes/notices/{notice.id}/answer"
    refused = client.post(url, data={"answer": "needs_annex", "reason": "Potrzebny aneks."})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Zmiana wymaga aneksu: podaj dzień" in text and "Potrzebny aneks." in text
    past = client.post(
        url,
        data={"answer": "needs_annex", "reason": "Potrzebny aneks.", "reply_due_on": "2020-01-01"},
    )
    assert "nie może być w przeszłości" in past.get_data(as_text=True)
    day = services.local_today(utcnow()) + timedelta(days=9)
    done = client.post(
        url,
        data={
            "answer": "needs_annex",
            "reason": "Potrzebny aneks.",
            "reply_due_on": day.isoformat(),
        },
    )
    assert done.status_code == 302
    db.session.refresh(notice)
    assert notice.reply_due_on == day and notice.waiting == ("organization", day)
    page = client.get(f"/programmes/notices/{notice.id}").get_data(as_text=True)
    assert "Nikt nie czeka na odpowiedź" not in page
    told = db.session.scalar(
        select(Notification).where(Notification.kind == "change_notice.answered")
    )
    assert told.user_id == funded.memberships[0].user_id
    assert told.params.get("due") == day.isoformat()


def test_accepted_answer_needs_no_reply_day(app):
    official = _official()
    notice, _funded = _notice(official)
    services.answer_notice(official, notice, NoticeAnswer.ACCEPTED, "Zgoda.", utcnow())
    assert notice.reply_due_on is None and notice.waiting is None


# --- 6. the programme page's queries ---------------------------------------------------------


def test_programme_page_queries_do_not_grow_with_rounds(client):
    official = _official()
    programme = make_programme(official, year=2026)

    def count() -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        db.session.expire_all()
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(f"/programmes/{programme.id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    def link(number: int) -> None:
        rounds = []
        for n in range(number):
            consultation = make_consultation(official, title=f"Runda {n}")
            make_closed_vote(consultation=consultation, official=official)
            rounds.append(consultation.id)
        services.update_programme(
            official,
            db.session.get(type(programme), programme.id),
            services.ProgrammeData(year=2026, title=programme.title, round_ids=rounds),
            utcnow(),
        )
        db.session.commit()

    link(1)
    count()  # warm up
    one = count()
    link(3)
    assert count() == one


# --- 7. the opportunity links back to the tasks it implements --------------------------------


def test_opportunity_page_links_to_the_programme_tasks_it_implements(client):
    official = _official()
    task = make_funded_task(official=official)
    opportunity = task.grants[0].opportunity
    page = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "Realizuje program współpracy" in page
    assert f'href="/programmes/tasks/{task.id}"' in page
    lonely = make_opportunity(official)
    assert "Realizuje program współpracy" not in client.get(f"/opportunities/{lonely.id}").get_data(
        as_text=True
    )


# --- the demo --------------------------------------------------------------------------------


def test_demo_2026_report_has_its_rounds_votes_and_measured_indicators(runner):
    from app.programmes.models import ChangeNotice, Programme

    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    programme = db.session.scalar(select(Programme).where(Programme.year == 2026))
    assert programme.rounds
    data = queries.report_data(programme, "pl")
    assert data.consultations and data.votes
    assert all(row.value is not None for row in data.indicators)
    assert {row.measure for row in data.indicators} >= {"competitions", "amount_granted"}
    annex = db.session.scalar(select(ChangeNotice).where(ChangeNotice.answer == "needs_annex"))
    assert annex.reply_due_on == date(2026, 5, 22)
