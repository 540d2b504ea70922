"""Issue 12 item 2: a published report never changes silently. Once a round's report is
published, no remark is entered (paper, meeting), filed, edited or withdrawn, and the round's
title, subject and the dates of the stages the report quotes stay as they were; the report
never states a stage as planned or still going. A paper form counts only if it was received
during the commenting stage. Refusals are form errors with the typed values kept, never a 500,
and the report (page and CSV) is the same before and after a refused attempt."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from app.auth.models import Role
from app.common.timeutil import to_local, to_warsaw_naive, utcnow
from app.consultations import services
from app.consultations.models import Comment
from app.extensions import db
from app.meetings import services as meeting_services
from tests.factories import make_consultation, make_meeting, make_organization, make_user

FROZEN_PL = (
    "Raport z konsultacji został opublikowany – uwag nie można już wprowadzać ani zmieniać, "
    "bo zmieniłoby to opublikowany raport. Uwagę, która wpłynęła po terminie, opisz w nowej "
    "wersji raportu."
)
FROZEN_EN = (
    "The consultation report has been published: remarks can no longer be entered or changed, "
    "as they would change the published report. Describe a late remark in a new revision of "
    "the report."
)
QUOTED_PL = "Raport z konsultacji został opublikowany i przytacza tę informację"
LATE_PL = "Formularz wpłynął po zamknięciu etapu zgłaszania uwag"


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL, name="Piotr Urzędnik")


def _round(official, **overrides):
    """A round whose commenting stage ran from 40 to 6 days ago, with one remark."""
    now = utcnow()
    stages = (services.StageData("commenting", now - timedelta(days=40), now - timedelta(days=6)),)
    consultation = make_consultation(official, stages=overrides.pop("stages", stages), **overrides)
    organization = make_organization(name="Fundacja Sądeckich Seniorów")
    services._store_comment(
        consultation,
        organization.memberships[0].user,
        organization,
        services.CommentData(None, "Brzmienie przed raportem.", "Uzasadnienie."),
        now - timedelta(days=10),
    )
    db.session.commit()
    return consultation, organization


def _publish(official, consultation):
    services.publish_report(official, consultation, "Raport.", "Biuro", utcnow())
    db.session.commit()


@pytest.fixture
def reported(official):
    consultation, organization = _round(official)
    _publish(official, consultation)
    return consultation, organization


def _comments() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def _report(client, consultation) -> tuple[str, str]:
    """The report's table of remarks and course (as the page shows them) and its CSV."""
    page = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    course = page.split('<h2 class="h4">', 2)[1]
    table = page.split("<tbody>")[-1].split("</tbody>")[0]
    csv = client.get(f"/consultations/{consultation.id}/report.csv").get_data(as_text=True)
    return course + table, csv


def _today() -> str:
    return to_local(utcnow()).date().isoformat()


def _days_ago(days: int) -> str:
    return (to_local(utcnow()).date() - timedelta(days=days)).isoformat()


# --- services -------------------------------------------------------------------------------


def test_every_way_of_adding_or_changing_a_remark_is_refused_after_the_report(official, reported):
    consultation, organization = reported
    remark = db.session.scalar(select(Comment))
    meeting = make_meeting(consultation, official, starts_at=utcnow() - timedelta(days=12))
    data = services.CommentData(None, "Spóźniona uwaga.", "Przyszła pocztą.")
    now = utcnow()
    user = organization.memberships[0].user
    calls = [
        lambda: services.enter_paper_comment(
            official, consultation, organization, data, (now - timedelta(days=8)).date(), now
        ),
        lambda: services.enter_meeting_remark(
            official, consultation, organization, data, (now - timedelta(days=12)).date(), now
        ),
        lambda: meeting_services.enter_remark(official, meeting, organization, data, now),
        lambda: services._store_comment(consultation, user, organization, data, now),
        lambda: services.update_comment(remark, data, now),
        lambda: services.withdraw_comment(user, remark, now),
    ]
    for call in calls:
        with pytest.raises(services.RemarksFrozen):
            call()
        db.session.rollback()
    db.session.expire_all()
    assert _comments() == 1
    remark = db.session.scalar(select(Comment))
    assert remark.proposed_wording == "Brzmienie przed raportem." and not remark.is_withdrawn


def test_a_paper_form_counts_only_if_received_during_the_commenting_stage(official):
    consultation, organization = _round(official)
    stage = consultation.stage("commenting")
    first, last = to_local(stage.opens_at).date(), to_local(stage.closes_at).date()
    data = services.CommentData(None, "Z papieru.", "List.")
    now = utcnow()
    refused = {
        last + timedelta(days=1): services.ReceiptProblem.AFTER_STAGE,
        first - timedelta(days=1): services.ReceiptProblem.BEFORE_STAGE,
        to_local(now).date() + timedelta(days=1): services.ReceiptProblem.IN_FUTURE,
    }
    for received_on, problem in refused.items():
        with pytest.raises(services.ReceivedOutsideStage) as caught:
            services.enter_paper_comment(
                official, consultation, organization, data, received_on, now
            )
        assert caught.value.problem == problem
        assert (caught.value.first_day, caught.value.last_day) == (first, last)
        db.session.rollback()
    for received_on in (first, last):  # the first and the last day of the stage count
        services.enter_paper_comment(official, consultation, organization, data, received_on, now)
    db.session.commit()
    assert _comments() == 3


def test_a_round_without_commenting_stage_takes_no_paper_form(official):
    now = utcnow()
    consultation, organization = _round(
        official,
        stages=(services.StageData("voting", now - timedelta(days=3), now + timedelta(days=3)),),
    )
    with pytest.raises(services.ReceivedOutsideStage) as caught:
        services.enter_paper_comment(
            official,
            consultation,
            organization,
            services.CommentData(None, "x", "y"),
            now.date(),
            now,
        )
    assert caught.value.problem == services.ReceiptProblem.NO_COMMENTING_STAGE


def _data(consultation, **changes) -> services.RoundData:
    """The round's data as the form sends it back (times to the minute), with ``changes``."""
    stages = tuple(
        services.StageData(s.kind, s.opens_at.replace(second=0, microsecond=0), s.closes_at)
        for s in consultation.stages
    )
    values = {
        "title": consultation.title,
        "summary": consultation.summary,
        "subject": consultation.subject,
        "rules_md": consultation.rules_md,
        "contact_person": consultation.contact_person,
        "contact_email": consultation.contact_email,
        "participation": consultation.participation,
        "comment_visibility": consultation.comment_visibility,
        "short_stage_justification": None,
        "area_codes": tuple(a.code for a in consultation.areas),
        "stages": stages,
    }
    values.update(changes)
    return services.RoundData(**values)


def test_what_the_report_quotes_cannot_change(official):
    now = utcnow()
    commenting = services.StageData("commenting", now - timedelta(days=40), now - timedelta(days=6))
    voting = services.StageData("voting", now + timedelta(days=2), now + timedelta(days=9))
    consultation, _organization = _round(official, stages=(commenting, voting))
    _publish(official, consultation)
    stored = (commenting.opens_at, commenting.closes_at)

    reopened = services.StageData("commenting", commenting.opens_at, now + timedelta(days=10))
    attempts = {
        ("title",): {"title": "Inny tytuł"},
        ("subject",): {"subject": "Inny przedmiot"},
        ("commenting_closes",): {"stages": (reopened, voting)},
        ("commenting_opens",): {"stages": (voting,)},  # a quoted stage is not removed
        # a stage still to come is not moved into what the report covers
        ("voting_closes",): {
            "stages": (
                commenting,
                services.StageData("voting", now - timedelta(days=5), now - timedelta(days=1)),
            )
        },
    }
    for fields, changes in attempts.items():
        with pytest.raises(services.ReportQuotesRound) as caught:
            services.update_consultation(
                official, consultation, _data(consultation, **changes), now
            )
        assert caught.value.fields == fields
        db.session.rollback()

    # the rest may change, the voting stage still to come may move, and the quoted stage
    # sent back to the minute keeps its stored times
    later = services.StageData("voting", now + timedelta(days=3), now + timedelta(days=12))
    stages = (_data(consultation).stages[0], later)
    services.update_consultation(
        official,
        consultation,
        _data(consultation, summary="Nowe streszczenie.", stages=stages),
        now,
    )
    db.session.commit()
    db.session.expire_all()
    stage = consultation.stage("commenting")
    assert (stage.opens_at, stage.closes_at) == stored
    assert consultation.summary == "Nowe streszczenie."
    assert consultation.stage("voting").closes_at == later.closes_at


# --- pages ----------------------------------------------------------------------------------


def _paper_form(organization, **overrides):
    data = {
        "organization": organization.id,
        "unit": "",
        "proposed_wording": "Mój spóźniony zapis.",
        "justification": "Moje uzasadnienie z listu.",
        "received_on": _days_ago(8),
    }
    data.update(overrides)
    return data


def test_a_late_paper_remark_is_refused_with_the_typed_values_kept(
    client, auth, official, reported
):
    consultation, organization = reported
    before = _report(client, consultation)
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/paper"
    page = client.get(url).get_data(as_text=True)
    assert FROZEN_PL in page and 'id="remarks-frozen"' in page
    assert 'name="proposed_wording"' not in page  # the notice instead of the form
    show = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert url not in show  # no offer to enter a paper form
    refused = client.post(url, data=_paper_form(organization))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert FROZEN_PL in html and 'id="justification-error"' in html
    assert "Mój spóźniony zapis." in html and "Moje uzasadnienie z listu." in html
    assert f'value="{_days_ago(8)}"' in html
    assert _comments() == 1
    assert _report(client, consultation) == before


def test_a_paper_form_received_after_the_stage_is_refused_at_its_date(client, auth, official):
    consultation, organization = _round(official)
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/paper"
    refused = client.post(url, data=_paper_form(organization, received_on=_days_ago(2)))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert LATE_PL in html and 'id="received_on-error"' in html
    assert "Mój spóźniony zapis." in html and f'value="{_days_ago(2)}"' in html
    assert _comments() == 1
    entered = client.post(url, data=_paper_form(organization, received_on=_days_ago(7)))
    assert entered.status_code == 302 and _comments() == 2


def test_a_meeting_remark_after_the_report_is_refused(client, auth, official, reported):
    consultation, organization = reported
    meeting = make_meeting(consultation, official, starts_at=utcnow() - timedelta(days=12))
    before = _report(client, consultation)
    auth.login_as(official)
    url = f"/meetings/{meeting.id}/remarks/new"
    assert url not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert FROZEN_PL in page and 'name="proposed_wording"' not in page
    refused = client.post(
        url,
        data={
            "organization": organization.id,
            "unit": "",
            "proposed_wording": "Powiedziane na spotkaniu.",
            "justification": "Z protokołu.",
        },
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert FROZEN_PL in html and "Powiedziane na spotkaniu." in html and "Z protokołu." in html
    assert _comments() == 1
    assert _report(client, consultation) == before


def _round_form(consultation, **overrides):
    stage = consultation.stage("commenting")
    data = {
        "title": consultation.title,
        "subject": consultation.subject,
        "summary": consultation.summary,
        "rules": consultation.rules_md,
        "contact_person": consultation.contact_person,
        "contact_email": consultation.contact_email,
        "participation": consultation.participation,
        "comment_visibility": consultation.comment_visibility,
        "commenting_opens": to_warsaw_naive(stage.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "commenting_closes": to_warsaw_naive(stage.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "areas": [a.code for a in consultation.areas],
    }
    data.update(overrides)
    return data


def test_editing_the_round_cannot_reopen_commenting_or_rename_it(client, auth, official, reported):
    consultation, _organization = reported
    before = _report(client, consultation)
    reopened = to_warsaw_naive(utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'id="report-quotes"' in page
    refused = client.post(
        url, data=_round_form(consultation, commenting_closes=reopened, title="Nowy tytuł")
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert QUOTED_PL in html
    assert 'id="commenting_closes-error"' in html and 'id="title-error"' in html
    assert 'id="commenting_opens-error"' not in html
    assert f'value="{reopened}"' in html and 'value="Nowy tytuł"' in html
    after = _report(client, consultation)
    assert after == before
    assert "zaplanowany" not in after[0] and "jeszcze trwa" not in after[0]
    # a change the report does not quote is saved (the dates sent back as they are)
    saved = client.post(url, data=_round_form(consultation, summary="Nowe streszczenie."))
    assert saved.status_code == 302
    assert _report(client, consultation) == before


def test_the_refusals_read_in_english(client, auth, reported):
    consultation, organization = reported
    auth.login_as(make_user(role=Role.OFFICIAL, locale="en"))
    refused = client.post(f"/consultations/{consultation.id}/paper", data=_paper_form(organization))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409 and FROZEN_EN in html
    edit = client.post(
        f"/consultations/{consultation.id}/edit", data=_round_form(consultation, title="New")
    ).get_data(as_text=True)
    assert "The consultation report has been published and quotes this" in edit


# --- PostgreSQL: a remark entered while the report is being published -----------------------


def test_a_paper_remark_waiting_for_the_report_is_refused(app, official):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")
    consultation, organization = _round(official)
    url = f"/consultations/{consultation.id}/paper"
    official_id = official.id
    form = _paper_form(organization)  # read here: the thread touches no object of this session
    # the report is being published: the round's row is locked until the commit below
    services.publish_report(official, consultation, "Raport.", "Biuro", utcnow())
    outcome: list = []

    def enter() -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(official_id)
        try:
            response = client.post(url, data=form)
        except Exception as error:  # a crash in a thread must fail the test, not vanish
            outcome.append(repr(error))
            return
        outcome.append((response.status_code, response.get_data(as_text=True)))

    thread = threading.Thread(target=enter)
    thread.start()
    with db.engine.connect() as watcher:  # wait until the remark waits for the lock
        for _ in range(600):
            waiting = watcher.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            ).scalar()
            if waiting or not thread.is_alive():
                break
            thread.join(timeout=0.05)
    db.session.commit()
    thread.join(timeout=30)
    assert len(outcome) == 1 and not isinstance(outcome[0], str), outcome
    status, html = outcome[0]
    assert status == 409 and re.search("uwag nie można już wprowadzać", html)
    db.session.expire_all()
    assert _comments() == 1


def test_the_spreadsheet_states_only_the_stages_the_report_quotes(client, official):
    from io import BytesIO

    from openpyxl import load_workbook

    now = utcnow()
    commenting = services.StageData("commenting", now - timedelta(days=40), now - timedelta(days=6))
    voting = services.StageData("voting", now + timedelta(days=2), now + timedelta(days=9))
    consultation, _organization = _round(official, stages=(commenting, voting))
    _publish(official, consultation)
    data = client.get(f"/consultations/{consultation.id}/report.xlsx").data
    course = load_workbook(BytesIO(data))["Przebieg konsultacji"]
    stages = [row[0] for row in course.iter_rows(min_row=2, values_only=True) if row[0]]
    assert stages == ["Zgłaszanie uwag do projektu"]  # the vote still to come is not stated
