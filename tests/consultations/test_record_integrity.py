"""Issue 12, items 1, 2 and 7 for consultations: the comment quotes the draft (never the form),
the report waits for the commenting stage and is corrected only by a dated revision with a
reason, and the irreversible actions (announce, publish a version, publish the report,
withdraw a comment) each pass a server-side confirmation step and are audited."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import to_local, utcnow
from app.consultations import services
from app.consultations.models import Comment, DraftVersion, Report, ReportRevision
from app.consultations.permissions import ReportRefusal, report_refusal
from app.extensions import db
from tests.factories import make_consultation, make_organization, make_user

CONFIRM = {"step": "confirm", "confirmed": "y"}
FORGED = "Tekst podrobiony w formularzu."


@pytest.fixture
def official():
    return make_user(role=Role.OFFICIAL, name="Piotr Urzędnik")


@pytest.fixture
def representative():
    organization = make_organization(name="Fundacja Seniorzy")
    return organization, organization.memberships[0].user


def _close_commenting(consultation) -> None:
    stage = consultation.stage("commenting")
    stage.opens_at, stage.closes_at = utcnow() - timedelta(days=20), utcnow() - timedelta(days=6)
    db.session.commit()


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- item 1: the current wording is the chosen unit's text, quoted by the server -------------


def test_switched_unit_and_forged_wording_store_the_chosen_units_text(
    client, auth, official, representative
):
    consultation = make_consultation(official)
    organization, rep = representative
    unit_a, unit_b = consultation.current_version.units[1], consultation.current_version.units[3]
    auth.login_as(rep)
    form = client.get(f"/consultations/{consultation.id}/comment?unit={unit_a.key}")
    page = _page(form)
    assert 'name="current_wording"' not in page  # read-only: not a form field
    assert 'id="current-wording"' in page and unit_a.text_md in page
    response = client.post(
        f"/consultations/{consultation.id}/comment",
        data={
            "organization": organization.id,
            "unit": unit_b.key,  # switched before submitting
            "current_wording": FORGED,  # a forged field is ignored
            "proposed_wording": "Nowy zapis.",
            "justification": "Bo tak.",
        },
    )
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert (comment.unit_key, comment.unit_label) == (unit_b.key, unit_b.label)
    assert comment.current_wording == unit_b.text_md
    auth.logout()

    _close_commenting(consultation)
    auth.login_as(official)
    client.post(
        f"/consultations/{consultation.id}/report/publish",
        data={"prepared_by": "Biuro", "statement": "", **CONFIRM},
    )
    auth.logout()
    report = _page(client.get(f"/consultations/{consultation.id}/report"))
    assert unit_b.text_md in report
    assert FORGED not in report and unit_a.text_md not in report
    csv = client.get(f"/consultations/{consultation.id}/report.csv").get_data(as_text=True)
    assert unit_b.text_md in csv and FORGED not in csv


def test_form_redisplay_shows_the_chosen_units_text(client, auth, official, representative):
    consultation = make_consultation(official)
    organization, rep = representative
    unit_a, unit_b = consultation.current_version.units[1], consultation.current_version.units[3]
    auth.login_as(rep)
    response = client.post(
        f"/consultations/{consultation.id}/comment",
        data={"organization": organization.id, "unit": unit_b.key, "justification": "x"},
    )
    page = _page(response)
    shown = page.split('id="current-wording"', 1)[1].split("</div>", 1)[0]
    assert unit_b.text_md in shown and unit_a.text_md not in shown
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_paper_comment_quotes_the_draft(client, auth, official, representative):
    consultation = make_consultation(official)
    organization, _ = representative
    unit = consultation.current_version.units[1]
    auth.login_as(official)
    client.post(
        f"/consultations/{consultation.id}/paper",
        data={
            "organization": organization.id,
            "unit": unit.key,
            "current_wording": FORGED,
            "proposed_wording": "z papieru",
            "justification": "list",
            "received_on": to_local(utcnow()).date().isoformat(),
        },
    )
    comment = db.session.scalar(select(Comment))
    assert comment.is_paper and comment.current_wording == unit.text_md


def test_editing_to_another_unit_requotes(client, auth, official, representative):
    consultation = make_consultation(official)
    organization, rep = representative
    unit_a, unit_b = consultation.current_version.units[1], consultation.current_version.units[3]
    comment = services.submit_comment(
        consultation, rep, organization, services.CommentData(unit_a.key, "a", "b"), utcnow()
    )
    db.session.commit()
    assert comment.current_wording == unit_a.text_md
    auth.login_as(rep)
    client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/edit",
        data={
            "organization": organization.id,
            "unit": unit_b.key,
            "current_wording": FORGED,
            "proposed_wording": "a",
            "justification": "b",
        },
    )
    db.session.refresh(comment)
    assert comment.unit_key == unit_b.key and comment.current_wording == unit_b.text_md
    client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/edit",
        data={"organization": organization.id, "unit": "", "proposed_wording": "a",
              "justification": "b"},
    )  # fmt: skip
    db.session.refresh(comment)
    assert comment.unit_key is None and comment.current_wording == ""


def test_a_comment_on_an_earlier_version_quotes_that_version(app, official, representative):
    consultation = make_consultation(official)
    organization, rep = representative
    unit = consultation.current_version.units[1]
    comment = services.submit_comment(
        consultation, rep, organization, services.CommentData(unit.key, "a", "b"), utcnow()
    )
    services.publish_version(
        official,
        consultation,
        "v2",
        consultation.current_version.source_md.replace("cele, zasady i formy", "cele"),
        None,
        utcnow(),
    )
    services.update_comment(comment, services.CommentData(unit.key, "c", "d"), utcnow())
    assert comment.version.number == 1 and comment.current_wording == unit.text_md


# --- item 2: the report after the commenting stage, corrections as revisions -----------------


def _round(**stages):
    return SimpleNamespace(
        announced_at=datetime(2026, 1, 1, tzinfo=UTC),
        stages=[SimpleNamespace(kind=k, closes_at=v) for k, v in stages.items()],
    )


def test_report_refusal_rules():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    before, after = now - timedelta(seconds=1), now + timedelta(seconds=1)
    assert report_refusal(_round(commenting=after), now) == ReportRefusal.COMMENTING_NOT_CLOSED
    assert report_refusal(_round(commenting=now), now) is None  # closed exactly at closes_at
    assert report_refusal(_round(commenting=before, voting=after), now) is None
    assert report_refusal(_round(voting=after), now) == ReportRefusal.STAGES_NOT_CLOSED
    assert report_refusal(_round(voting=before), now) is None
    unannounced = _round(commenting=before)
    unannounced.announced_at = None
    assert report_refusal(unannounced, now) == ReportRefusal.NOT_ANNOUNCED


def test_report_is_refused_while_commenting_is_open(client, auth, official):
    consultation = make_consultation(official)
    auth.login_as(official)
    page = client.get(f"/consultations/{consultation.id}/report/publish")
    assert page.status_code == 200
    text = _page(page)
    assert "dopiero po zamknięciu etapu zgłaszania uwag" in text
    assert 'name="prepared_by"' not in text
    response = client.post(
        f"/consultations/{consultation.id}/report/publish",
        data={"prepared_by": "Biuro", "statement": "x", **CONFIRM},
    )
    assert response.status_code == 409
    assert "dopiero po zamknięciu etapu zgłaszania uwag" in _page(response)
    assert db.session.scalar(select(func.count(Report.id))) == 0
    with pytest.raises(services.ReportNotDue):
        services.publish_report(official, consultation, "x", "Biuro", utcnow())


def test_report_confirmation_warns_and_publishes_only_when_ticked(
    client, auth, official, representative
):
    consultation = make_consultation(official)
    organization, rep = representative
    first = services.submit_comment(
        consultation, rep, organization, services.CommentData(None, "a", "b"), utcnow()
    )
    services.submit_comment(
        consultation, rep, organization, services.CommentData(None, "c", "d"), utcnow()
    )
    services.save_answer(official, first, "rejected", "Nie.", False, utcnow())  # drafted only
    db.session.commit()
    _close_commenting(consultation)
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/report/publish"
    data = {"prepared_by": "Biuro Aktywności", "statement": "**Wnioski** końcowe"}
    step = client.post(url, data=data)
    page = _page(step)
    assert step.status_code == 200
    assert "Potwierdź publikację raportu" in page and "nie można cofnąć" in page.lower()
    assert "1 uwaga nie ma odpowiedzi" in page
    assert "1 odpowiedź jest przygotowana, ale nieopublikowana" in page
    assert "<strong>Wnioski</strong>" in page  # the statement as it will read
    unticked = client.post(url, data={**data, "step": "confirm"})
    assert 'id="confirmed-error"' in unticked.get_data(as_text=True)
    back = client.post(url, data={**data, "step": "edit"})
    assert 'name="prepared_by"' in back.get_data(as_text=True)
    assert "Biuro Aktywności" in _page(back)
    assert db.session.scalar(select(func.count(Report.id))) == 0
    done = client.post(url, data={**data, **CONFIRM})
    assert done.status_code == 302
    report = db.session.scalar(select(Report))
    assert [r.number for r in report.revisions] == [1]
    assert report.revisions[0].reason is None
    assert _actions()[-1] == "consultation.publish_report"


def test_a_correction_is_a_new_revision_with_a_public_reason(client, auth, official):
    consultation = make_consultation(official)
    _close_commenting(consultation)
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/report/publish"
    client.post(url, data={"prepared_by": "Biuro", "statement": "Pierwszy tekst.", **CONFIRM})
    report = db.session.scalar(select(Report))
    first_published = report.published_at
    form = _page(client.get(url))
    assert "Popraw opublikowany raport" in form and 'name="reason"' in form
    missing = client.post(url, data={"prepared_by": "Biuro", "statement": "Drugi.", **CONFIRM})
    assert 'id="reason-error"' in missing.get_data(as_text=True)
    assert len(report.revisions) == 1
    with pytest.raises(services.MissingCorrectionReason):
        services.publish_report(official, consultation, "x", "Biuro", utcnow())
    db.session.rollback()
    data = {"prepared_by": "Biuro", "statement": "Drugi tekst.", "reason": "Błędna data."}
    step = _page(client.post(url, data=data))
    assert "Wersja 2 raportu zostanie opublikowana" in step
    client.post(url, data={**data, **CONFIRM})
    db.session.refresh(report)
    assert [(r.number, r.reason) for r in report.revisions] == [(1, None), (2, "Błędna data.")]
    assert report.published_at == first_published and report.statement_md == "Drugi tekst."
    assert _actions()[-2:] == ["consultation.publish_report", "consultation.revise_report"]
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert entry.reason == "Błędna data."
    auth.logout()
    page = _page(client.get(f"/consultations/{consultation.id}/report"))
    assert "Drugi tekst." in page and "Błędna data." in page
    assert "Historia wersji" in page and "Pierwszy tekst." in page  # the earlier text stays
    assert db.session.scalar(select(func.count(ReportRevision.id))) == 2


# --- item 7: confirmation steps ---------------------------------------------------------------


def test_announcing_needs_the_confirmation(client, auth, official):
    consultation = make_consultation(official, announce=False, draft=None)
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/announce"
    page = _page(client.get(url))
    assert "Ogłoś konsultacje" in page and "nie można cofnąć" in page.lower()
    assert 'name="confirmed"' in page
    unticked = client.post(url, data={})
    assert unticked.status_code == 200 and 'id="confirmed-error"' in unticked.get_data(as_text=True)
    db.session.refresh(consultation)
    assert consultation.announced_at is None
    assert client.post(url, data={"confirmed": "y"}).status_code == 302
    db.session.refresh(consultation)
    assert consultation.announced_at is not None
    assert _actions()[-1] == "consultation.announce"
    again = client.get(url)
    assert again.status_code == 302  # already announced: back to the round


def test_publishing_a_version_goes_through_a_preview(client, auth, official):
    consultation = make_consultation(official, draft=None)
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/versions/new"
    data = {"title": "Projekt", "source": "# § 1. Cele\n\nAkapit pierwszy.\n\n1) punkt"}
    step = client.post(url, data=data)
    page = _page(step)
    assert "Potwierdź publikację wersji 1" in page and "nie można cofnąć" in page.lower()
    assert "§ 1 ust. 1" in page and "Akapit pierwszy." in page
    assert "Opublikuj wersję 1" in page
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 0
    unticked = client.post(url, data={**data, "step": "confirm"})
    assert 'id="confirmed-error"' in unticked.get_data(as_text=True)
    back = client.post(url, data={**data, "step": "edit"})
    assert "Akapit pierwszy." in _page(back) and 'type="file"' in back.get_data(as_text=True)
    assert db.session.scalar(select(func.count(DraftVersion.id))) == 0
    assert client.post(url, data={**data, **CONFIRM}).status_code == 302
    db.session.refresh(consultation)
    assert consultation.current_version.source_md == data["source"]
    assert _actions()[-1] == "consultation.publish_version"


def test_withdrawing_a_comment_needs_the_confirmation(client, auth, official, representative):
    consultation = make_consultation(official)
    organization, rep = representative
    comment = services.submit_comment(
        consultation, rep, organization, services.CommentData(None, "a", "b"), utcnow()
    )
    db.session.commit()
    auth.login_as(rep)
    url = f"/consultations/{consultation.id}/comments/{comment.id}/withdraw"
    page = _page(client.get(url))
    assert "Wycofaj uwagę nr 1" in page and "nie można cofnąć" in page.lower()
    assert client.post(url, data={}).status_code == 200
    db.session.refresh(comment)
    assert not comment.is_withdrawn
    assert client.post(url, data={"confirmed": "y"}).status_code == 302
    db.session.refresh(comment)
    assert comment.is_withdrawn
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.actor_id) == ("comment.withdraw", rep.id)
    assert client.get(url).status_code == 403  # withdrawn: nothing more to do


def test_report_page_queries_do_not_grow_with_revisions(client, official):
    from sqlalchemy import event

    consultation = make_consultation(official)
    _close_commenting(consultation)
    services.publish_report(official, consultation, "Tekst 1", "Biuro", utcnow())
    db.session.commit()

    def count_queries() -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(f"/consultations/{consultation.id}/report").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    before = count_queries()
    for number in range(2, 6):
        someone = make_user(role=Role.OFFICIAL)
        services.publish_report(
            someone, consultation, f"Tekst {number}", "Biuro", utcnow(), reason=f"Powód {number}"
        )
        db.session.commit()
    assert count_queries() == before


def test_the_new_pages_read_in_english(app, client, auth, official, representative):
    consultation = make_consultation(official)
    organization, rep = representative
    comment = services.submit_comment(
        consultation, rep, organization, services.CommentData(None, "a", "b"), utcnow()
    )
    draft = make_consultation(official, announce=False, title="Draft round")
    db.session.commit()
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    auth.login_as(official)
    base = f"/consultations/{consultation.id}"
    refused = _page(client.get(f"{base}/report/publish"))
    assert "The report can be published only after the commenting stage has closed" in refused
    announce = _page(client.get(f"/consultations/{draft.id}/announce"))
    assert (
        "It cannot be undone" in announce and "I understand that this cannot be undone" in announce
    )
    version = _page(
        client.post(f"{base}/versions/new", data={"title": "T", "source": "# § 1\n\nA."})
    )
    assert "Confirm the publication of version 2" in version and "Publish version 2" in version
    auth.logout()
    auth.login_as(rep)
    withdraw = _page(client.get(f"{base}/comments/{comment.id}/withdraw"))
    assert "Withdraw comment no. 1" in withdraw
    form = _page(client.get(f"{base}/comment"))
    assert "A general comment quotes no wording." in form
    auth.logout()
    auth.login_as(official)
    _close_commenting(consultation)
    confirm = _page(client.post(f"{base}/report/publish", data={"prepared_by": "Office"}))
    assert "1 comment has not been answered." in confirm


def test_the_report_states_only_the_stages_closed_when_it_was_published(client, official):
    """Issue 12: a published report never says a stage is planned or still going: a stage still
    to come when the report was published is not stated at all (and the page does not change
    when it ends)."""
    now = utcnow()
    consultation = make_consultation(
        official,
        stages=(
            services.StageData("commenting", now - timedelta(days=20), now - timedelta(days=6)),
            services.StageData("voting", now + timedelta(days=1), now + timedelta(days=8)),
        ),
    )
    services.publish_report(official, consultation, "", "Biuro", now)
    db.session.commit()
    page = _page(client.get(f"/consultations/{consultation.id}/report"))
    course = page.split("Przebieg konsultacji", 1)[1].split("</ul>", 1)[0]
    assert "Zgłaszanie uwag do projektu" in course
    assert "Głosowanie nad priorytetami" not in course
    assert "zaplanowany" not in course and "jeszcze trwa" not in course
