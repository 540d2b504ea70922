"""Follow-up of issue 17: editing and reordering questions until the first response, anonymous
exports without times or submission order, the report's survey section frozen at publication
(and loaded in constant queries), surveys in the calendar and its feeds, and the "survey
opened" and "survey closes soon" reminders."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import event, func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications import services as notification_services
from app.notifications.models import FollowTarget, Notification
from app.surveys import services
from app.surveys.models import Survey, SurveyQuestion
from tests.factories import make_organization, make_survey, make_user
from tests.surveys.test_views import _closed_survey_with_answers, _ids, _post


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    """The CSV export's header and rows (after the "about" block, if any)."""
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    start = next(n for n, row in enumerate(lines) if row and row[0] == "Nr")
    header, *rows = lines[start:]
    return header, rows


def _audits(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _question_form(question: SurveyQuestion, **overrides) -> dict:
    data = {
        "text": question.text,
        "help_text": question.help_text,
        "options": "\n".join(question.options or []),
        "show_if_question": question.show_if_question_id or 0,
        "show_if_value": question.show_if_value or "",
    }
    if question.is_required:
        data["is_required"] = "y"
    if question.max_choices:
        data["max_choices"] = str(question.max_choices)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_official_edits_a_question_before_anyone_answers(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official)
    first, second, third = survey.questions[:3]
    auth.login_as(official)
    url = f"/surveys/{survey.id}/questions/{second.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Edytuj pytanie 2" in page and "Seniorzy\nSport" in page.replace("\r", "")
    response = client.post(
        url,
        data=_question_form(
            second,
            text="Które obszary są dla was najważniejsze?",
            help_text="Najwyżej trzy.",
            options="Seniorzy\nSport\nKultura\nEkologia\nZdrowie",
            max_choices="3",
            is_required=None,
            show_if_question=first.id,
            show_if_value="Tak",
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    second = db.session.get(SurveyQuestion, second.id)
    assert second.text == "Które obszary są dla was najważniejsze?"
    assert second.help_text == "Najwyżej trzy." and second.max_choices == 3
    assert second.options[-1] == "Zdrowie" and not second.is_required
    assert (second.show_if_question_id, second.show_if_value) == (first.id, "Tak")
    assert second.kind == "multiple"  # the type stays
    entry = _audits("survey.change_questions")[-1]
    assert entry.details["edited"] == "Które obszary są dla was najważniejsze?"
    assert entry.details["before"] == "Które obszary są najważniejsze?"


def test_a_bad_edit_keeps_what_was_typed_and_says_why(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official)
    first, second, third = survey.questions[:3]
    auth.login_as(official)
    # question 3 is shown when question 1 is "Tak": that option cannot go
    response = client.post(
        f"/surveys/{survey.id}/questions/{first.id}/edit",
        data=_question_form(first, text="Czy macie zajęcia?", options="Owszem\nNie"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dalsze pytanie jest pokazywane dla usuniętej opcji" in page
    assert "Czy macie zajęcia?" in page and "Owszem" in page
    # a condition on a later question is refused
    response = client.post(
        f"/surveys/{survey.id}/questions/{first.id}/edit",
        data=_question_form(first, show_if_question=second.id, show_if_value="Sport"),
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(SurveyQuestion, first.id).options == ["Tak", "Nie"]
    assert db.session.get(SurveyQuestion, first.id).show_if_question_id is None


def test_questions_move_up_and_down_but_not_above_their_condition(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official)
    ids = _ids(survey)
    auth.login_as(official)
    move = f"/surveys/{survey.id}/questions/{{}}/move"
    page = client.get(f"/surveys/{survey.id}/manage").get_data(as_text=True)
    assert "Przesuń pytanie 2 w górę" in page and "Przesuń pytanie 1 w górę" not in page
    assert client.post(move.format(ids[1]), data={"direction": "up"}).status_code == 302
    db.session.expire_all()
    assert _ids(db.session.get(Survey, survey.id)) == [ids[1], ids[0], *ids[2:]]
    assert (
        _audits("survey.change_questions")[-1].details["moved"] == "Które obszary są najważniejsze?"
    )
    # question 3 depends on question 1 (now second): it cannot go above it
    response = client.post(move.format(ids[2]), data={"direction": "up"}, follow_redirects=True)
    assert "Pytanie musi stać po pytaniu, od którego zależy jego warunek" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert _ids(db.session.get(Survey, survey.id)) == [ids[1], ids[0], *ids[2:]]
    # the last one cannot go further down: nothing moves
    client.post(move.format(ids[-1]), data={"direction": "down"})
    assert client.post(move.format(ids[0]), data={"direction": "sideways"}).status_code == 400
    db.session.expire_all()
    positions = [q.position for q in db.session.get(Survey, survey.id).questions]
    assert positions == list(range(1, len(ids) + 1))


def test_after_the_first_response_edits_and_moves_are_refused(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official)
    organization = make_organization()
    auth.login_as(organization.memberships[0].user)
    _post(client, survey, organization)
    auth.login_as(official)
    question = survey.questions[0]
    url = f"/surveys/{survey.id}/questions/{question.id}/edit"
    assert "nie mogą się już zmienić" in client.get(url).get_data(as_text=True)
    response = client.post(url, data=_question_form(question, text="Inaczej sformułowane"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "nie mogą się już zmienić" in page and "Inaczej sformułowane" in page
    response = client.post(
        f"/surveys/{survey.id}/questions/{survey.questions[1].id}/move", data={"direction": "up"}
    )
    assert response.status_code == 409
    db.session.expire_all()
    survey = db.session.get(Survey, survey.id)
    assert survey.questions[0].id == question.id and question.text != "Inaczej sformułowane"
    page = client.get(f"/surveys/{survey.id}/manage").get_data(as_text=True)
    assert "Edytuj pytanie" not in page and "Przesuń pytanie" not in page


def test_a_question_of_another_survey_is_not_found(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey, other = make_survey(official=official), make_survey(official=official)
    auth.login_as(official)
    question = other.questions[0]
    assert client.get(f"/surveys/{survey.id}/questions/{question.id}/edit").status_code == 404
    response = client.post(
        f"/surveys/{survey.id}/questions/{question.id}/move", data={"direction": "down"}
    )
    assert response.status_code == 404


def test_changing_the_survey_is_audited(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official)
    auth.login_as(official)
    response = client.post(
        f"/surveys/{survey.id}/edit",
        data={
            "title": "Ankieta po zmianie",
            "intro": "",
            "opens_at": "2026-01-01T10:00",
            "closes_at": "2026-01-01T09:00",
        },
    )
    assert response.status_code == 200 and "Ankieta po zmianie" in response.get_data(as_text=True)
    assert _audits("survey.update") == []
    response = client.post(
        f"/surveys/{survey.id}/edit",
        data={
            "title": "Ankieta po zmianie",
            "intro": "",
            "opens_at": "2026-01-01T10:00",
            "closes_at": "2036-01-01T09:00",
        },
    )
    assert response.status_code == 302
    [entry] = _audits("survey.update")
    assert entry.object_label == "Ankieta po zmianie"


# --- anonymous exports -----------------------------------------------------------------------


def test_anonymous_exports_have_no_time_and_no_submission_order(client, auth):
    survey, _official = _closed_survey_with_answers(client, auth, anonymous=True)
    text = client.get(f"/surveys/{survey.id}/results.csv").get_data(as_text=True)
    header, rows = _table(text)
    assert "Wysłano" not in ";".join(header) and "Submitted at" not in header
    assert len(rows) == 3 and [row[0] for row in rows] == ["1", "2", "3"]
    assert not any(":" in cell and cell[:2].isdigit() for row in rows for cell in row)
    # sent as Tak/Uwaga 0, Nie/Uwaga 1, Tak/Uwaga 2: listed by the answers, not in that order
    assert [(row[1], row[-1]) for row in rows] == [
        ("Nie", "Uwaga 1"),
        ("Tak", "Uwaga 0"),
        ("Tak", "Uwaga 2"),
    ]
    # the same order every time, and in the spreadsheet too
    assert client.get(f"/surveys/{survey.id}/results.csv").get_data(as_text=True) == text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(f"/surveys/{survey.id}/results.xlsx").data)).active
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == ["Nie", "Tak", "Tak"]


def test_anonymous_text_answers_are_listed_by_their_wording_without_ids(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official, is_anonymous=True)
    sent = ["Zieleń przy szkołach", "Autobusy nocne", "Mosty i kładki"]
    for n, text in enumerate(sent):
        organization = make_organization(name=f"Stowarzyszenie Anonimowe {n}")
        auth.login_as(organization.memberships[0].user)
        q = _ids(survey)
        _post(client, survey, organization, **{f"q{q[0]}": "Tak", f"q{q[5]}": text})
    survey.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.logout()
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    positions = [page.index(text) for text in sorted(sent)]
    assert positions == sorted(positions)  # by wording, not in the order they were sent
    assert 'id="answer-' not in page  # answer ids would give the order away
    auth.login_as(official)  # officials keep the anchors their hide forms lead back to
    assert 'id="answer-' in client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)


def test_named_exports_keep_the_respondent_and_the_time(client, auth):
    survey, _official = _closed_survey_with_answers(client, auth)
    text = client.get(f"/surveys/{survey.id}/results.csv").get_data(as_text=True)
    header, rows = _table(text)
    assert [row[1] for row in rows] == [f"Fundacja Ankietowa {n}" for n in range(3)]
    assert all(len(row[2]) == 16 for row in rows)  # YYYY-MM-DD HH:MM


# --- the report ------------------------------------------------------------------------------


def _publish_report(official, consultation, when):
    from app.consultations import services as consultation_services

    after = consultation.stage("commenting").closes_at + timedelta(days=1)
    report = consultation_services.publish_report(official, consultation, "", "Piotr", after)
    report.published_at = when  # as if published at ``when``
    db.session.commit()


def test_a_survey_closing_after_the_report_does_not_join_it(client, auth):
    survey, official = _closed_survey_with_answers(client, auth)
    consultation = survey.consultation
    survey.closes_at = utcnow() - timedelta(days=1)
    late = make_survey(consultation, official, title="Ankieta spóźniona")
    late.opens_at = utcnow() - timedelta(days=3)
    late.closes_at = utcnow() - timedelta(hours=1)  # closed after the report below
    db.session.commit()
    _publish_report(official, consultation, utcnow() - timedelta(hours=2))
    page = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "Ankieta o potrzebach organizacji" in page
    assert "Ankieta spóźniona" not in page


def test_the_report_page_loads_all_surveys_in_constant_queries(client, auth):
    survey, official = _closed_survey_with_answers(client, auth)
    consultation = survey.consultation
    _publish_report(official, consultation, utcnow())
    url = f"/consultations/{consultation.id}/report"

    def count() -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    count()  # the first request warms the caches (site settings)
    before = count()
    for n in range(3):  # more closed surveys, each with responses
        more = make_survey(consultation, official, title=f"Kolejna ankieta {n}")
        organization = make_organization()
        auth.login_as(organization.memberships[0].user)
        _post(client, more, organization)
        more.closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    consultation.report.published_at = utcnow()
    db.session.commit()
    auth.logout()
    page = client.get(url).get_data(as_text=True)
    assert "Kolejna ankieta 2" in page
    assert count() == before


# --- the calendar and reminders --------------------------------------------------------------


def test_surveys_are_in_the_calendar_and_its_feeds(client):
    survey = make_survey(
        title="Ankieta w kalendarzu",
        opens_at=utcnow() + timedelta(days=2),
        closes_at=utcnow() + timedelta(days=9),
    )
    page = client.get("/calendar/").get_data(as_text=True)
    assert "Ankieta – otwarcie: Ankieta w kalendarzu" in page
    assert "Ankieta – zamknięcie: Ankieta w kalendarzu" in page
    feed = client.get("/calendar/feed.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"UID:survey-{survey.id}-opens@" in feed and f"UID:survey-{survey.id}-closes@" in feed
    area = survey.consultation.areas[0].code
    area_feed = client.get(f"/calendar/areas/{area}.ics").get_data(as_text=True)
    assert f"survey-{survey.id}-opens@" in area_feed.replace("\r\n ", "")
    local = (survey.opens_at + timedelta(hours=1)).date()
    month = client.get(f"/calendar/{local.year}/{local.month}").get_data(as_text=True)
    assert "Ankieta w kalendarzu" in month or local.month != survey.opens_at.month


def test_surveys_of_an_unannounced_round_are_not_in_the_calendar(client):
    from tests.factories import make_consultation

    consultation = make_consultation()
    consultation.announced_at = None
    db.session.commit()
    make_survey(consultation, title="Ankieta ukryta", opens_at=utcnow() + timedelta(days=1))
    assert "Ankieta ukryta" not in client.get("/calendar/").get_data(as_text=True)


def _kinds(kind: str) -> list[int]:
    return list(
        db.session.scalars(
            select(Notification.user_id).where(Notification.kind == kind).order_by(Notification.id)
        )
    )


def test_followers_hear_once_that_a_survey_opened_and_closes_soon(app):
    from app.site.reminders import run_reminders

    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(
        official=official,
        opens_at=utcnow() - timedelta(hours=1),
        closes_at=utcnow() + timedelta(days=2),
    )
    follower, answered, stranger = make_user(), make_organization(), make_user()
    answered_rep = answered.memberships[0].user
    for user in (follower, answered_rep):
        notification_services.follow(
            user, FollowTarget.CONSULTATION, survey.consultation_id, utcnow()
        )
    db.session.commit()
    services.save_response(survey, answered_rep, answered, {}, submit=False, now=utcnow())
    # a draft is not an answer; the organization's sent response is
    q = {q.id: [] for q in survey.questions}
    q[survey.questions[1].id] = ["Sport"]
    services.save_response(survey, answered_rep, answered, q, submit=True, now=utcnow())
    db.session.commit()
    counts = run_reminders(utcnow())
    db.session.commit()
    assert counts["surveys_opened"] == 1 and counts["surveys_closing"] == 1
    assert sorted(_kinds("survey.opened")) == sorted([follower.id, answered_rep.id])
    assert _kinds("survey.closing") == [follower.id]
    assert stranger.id not in _kinds("survey.opened")
    again = run_reminders(utcnow() + timedelta(hours=1))
    db.session.commit()
    assert again["surveys_opened"] == 0 and again["surveys_closing"] == 0
    # new dates: both become due again
    services.update_survey(
        official,
        survey,
        services.SurveyData(
            title=survey.title,
            intro_md=survey.intro_md,
            is_anonymous=survey.is_anonymous,
            opens_at=utcnow() - timedelta(minutes=30),
            closes_at=utcnow() + timedelta(days=1),
        ),
        utcnow(),
    )
    db.session.commit()
    moved = run_reminders(utcnow())
    db.session.commit()
    assert moved["surveys_opened"] == 1 and moved["surveys_closing"] == 1
    assert (
        db.session.scalar(
            select(func.count(Notification.id)).where(Notification.kind == "survey.closing")
        )
        == 2
    )


def test_a_survey_far_from_closing_or_long_open_is_not_reminded(app):
    from app.site.reminders import run_reminders

    survey = make_survey(
        opens_at=utcnow() - timedelta(days=5), closes_at=utcnow() + timedelta(days=10)
    )
    follower = make_user()
    notification_services.follow(
        follower, FollowTarget.CONSULTATION, survey.consultation_id, utcnow()
    )
    db.session.commit()
    counts = run_reminders(utcnow())
    assert counts["surveys_opened"] == 0 and counts["surveys_closing"] == 0
