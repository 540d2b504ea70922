"""Consultations through the test client: rounds, drafts, comments, answers, the report."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import to_local, utcnow
from app.consultations.models import Comment, Consultation
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import make_consultation, make_organization, make_user


def round_form(**overrides):
    data = {
        "title": "Program współpracy 2027",
        "subject": "Program współpracy z NGO na 2027",
        "summary": "Krótko",
        "rules": "Zasady",
        "contact_person": "Anna",
        "contact_email": "anna@example.org",
        "participation": "verified_organizations",
        "comment_visibility": "immediate",
        "commenting_opens": "2026-12-01T08:00",
        "commenting_closes": "2026-12-15T16:00",
        "areas": ["seniors"],
    }
    data.update(overrides)
    return data


#: The fields of a confirmation step (issue 12, item 7): the button and the ticked box.
CONFIRM = {"step": "confirm", "confirmed": "y"}


def close_commenting(consultation) -> None:
    """Move the commenting stage into the past (the report comes after it)."""
    stage = consultation.stage("commenting")
    stage.opens_at, stage.closes_at = utcnow() - timedelta(days=20), utcnow() - timedelta(days=6)
    db.session.commit()


@pytest.fixture
def official():
    return make_user(role=Role.OFFICIAL, name="Piotr Urzędnik")


def test_official_creates_announces_and_publishes(client, auth, official):
    auth.login_as(official)
    response = client.post("/consultations/new", data=round_form())
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    stage = consultation.stage("commenting")
    assert stage.opens_at.hour == 7  # 08:00 in Warsaw (winter time) is 07:00 UTC
    assert consultation.announced_at is None
    auth.logout()
    assert client.get(f"/consultations/{consultation.id}").status_code == 403
    assert "Program współpracy 2027" not in client.get("/consultations/").get_data(as_text=True)

    auth.login_as(official)
    client.post(f"/consultations/{consultation.id}/announce", data={"confirmed": "y"})
    response = client.post(
        f"/consultations/{consultation.id}/versions/new",
        data={
            "title": "Projekt",
            "source": "# § 1. Cele\n\nAkapit pierwszy.\n\n1) punkt",
            **CONFIRM,
        },
    )
    assert response.status_code == 302
    db.session.refresh(consultation)
    labels = [u.label for u in consultation.current_version.units]
    assert labels == ["§ 1", "§ 1 ust. 1", "§ 1 pkt 1"]
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "consultation.create",
        "consultation.announce",
        "consultation.publish_version",
    ]
    auth.logout()
    page = client.get(f"/consultations/{consultation.id}/draft").get_data(as_text=True)
    assert "§ 1 ust. 1" in page and "Akapit pierwszy." in page


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"title": ""}, "title", "tytuł"),
        ({"commenting_closes": "2026-11-30T08:00"}, "commenting_closes", "zamknięty"),
        ({"commenting_closes": "2026-12-03T08:00"}, "short_stage_justification", "uzasadnij"),
        ({"commenting_closes": ""}, "commenting_closes", "oba"),
    ],
)
def test_round_form_errors_keep_values(client, auth, official, overrides, field, text):
    auth.login_as(official)
    response = client.post("/consultations/new", data=round_form(**overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert text in html.lower()
    assert 'value="Program współpracy z NGO na 2027"' in html
    assert db.session.scalar(select(Consultation)) is None


def test_short_stage_with_justification_is_shown(client, auth, official):
    auth.login_as(official)
    client.post(
        "/consultations/new",
        data=round_form(
            commenting_closes="2026-12-03T08:00",
            short_stage_justification="Termin ustawowy: program do 30 listopada.",
        ),
    )
    consultation = db.session.scalar(select(Consultation))
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Termin ustawowy" in html


def _representative():
    organization = make_organization(name="Fundacja Seniorzy")
    return organization, organization.memberships[0].user


def test_comment_answer_publish_and_notify(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    unit = consultation.current_version.units[1]
    auth.login_as(rep)
    form = client.get(f"/consultations/{consultation.id}/comment?unit={unit.key}")
    assert unit.text_md in form.get_data(as_text=True)  # the current wording is pre-filled
    response = client.post(
        f"/consultations/{consultation.id}/comment",
        data={
            "organization": organization.id,
            "unit": unit.key,
            "current_wording": unit.text_md,
            "proposed_wording": "Program określa cele i zasady.",
            "justification": "Krócej.",
        },
    )
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert (comment.number, comment.unit_label, comment.organization_id) == (
        1,
        unit.label,
        organization.id,
    )
    auth.logout()

    auth.login_as(official)
    response = client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/answer",
        data={"decision": "accepted", "justification": "Przyjęto."},
    )
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.answer.published_at is None  # drafted only
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    public = client.get(f"/consultations/{consultation.id}/comments/{comment.id}")
    # publishing every draft goes through a confirmation saying how many become public
    page = client.get(f"/consultations/{consultation.id}/answers/publish")
    assert "1 odpowiedź zostanie teraz opublikowana" in page.get_data(as_text=True)
    unconfirmed = client.post(f"/consultations/{consultation.id}/answers/publish")
    assert unconfirmed.status_code == 400
    db.session.refresh(comment)
    assert comment.answer.published_at is None
    client.post(f"/consultations/{consultation.id}/answers/publish", data={"confirmed": "y"})
    db.session.refresh(comment)
    assert comment.answer.published_at is not None
    notification = db.session.scalar(select(Notification))
    assert (notification.user_id, notification.kind) == (rep.id, "comment.answered")
    assert public.status_code == 200
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"comment.answer_draft", "comment.answer_publish"} <= actions


def test_answer_needs_justification(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    comment = _comment(consultation, organization, rep)
    auth.login_as(official)
    response = client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/answer",
        data={"decision": "rejected", "justification": ""},
    )
    assert response.status_code == 400
    assert 'id="justification-error"' in response.get_data(as_text=True)


def _comment(consultation, organization, user, unit_index=1):
    from app.consultations import services

    comment = services.submit_comment(
        consultation,
        user,
        organization,
        services.CommentData(
            unit_key=consultation.current_version.units[unit_index].key,
            proposed_wording="nowe",
            justification="bo tak",
        ),
        utcnow(),
    )
    db.session.commit()
    return comment


def test_refusals_store_nothing(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    member = make_user()
    pending = make_organization(verified=False)
    pending_rep = pending.memberships[0].user
    data = {
        "organization": organization.id,
        "unit": "",
        "proposed_wording": "x",
        "justification": "y",
    }
    for person in (member, pending_rep):
        auth.login_as(person)
        response = client.post(f"/consultations/{consultation.id}/comment", data=data)
        assert response.status_code == 403
        assert "zweryfikowanych" in response.get_data(as_text=True)
        auth.logout()
    # a forged request for someone else's organization
    other = make_organization()
    auth.login_as(rep)
    forged = client.post(
        f"/consultations/{consultation.id}/comment", data={**data, "organization": other.id}
    )
    assert forged.status_code == 403
    # the stage is closed
    stage = consultation.stage("commenting")
    stage.opens_at, stage.closes_at = utcnow() - timedelta(days=20), utcnow() - timedelta(days=6)
    db.session.commit()
    closed = client.post(f"/consultations/{consultation.id}/comment", data=data)
    assert closed.status_code == 403
    assert "nie jest otwarte" in closed.get_data(as_text=True).lower() or "tylko w czasie" in (
        closed.get_data(as_text=True)
    )
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_edit_and_withdraw_until_closing(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    comment = _comment(consultation, organization, rep)
    auth.login_as(rep)
    response = client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/edit",
        data={
            "organization": organization.id,
            "unit": "",
            "proposed_wording": "poprawione",
            "justification": "lepiej",
        },
    )
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.proposed_wording == "poprawione" and comment.unit_key is None
    client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/withdraw",
        data={"confirmed": "y"},
    )
    db.session.refresh(comment)
    assert comment.is_withdrawn
    assert (
        client.get(f"/consultations/{consultation.id}/comments/{comment.id}/edit").status_code
        == 403
    )


def test_comments_hidden_until_close_when_configured(client, auth, official):
    consultation = make_consultation(official, comment_visibility="after_close")
    organization, rep = _representative()
    comment = _comment(consultation, organization, rep)
    page = client.get(f"/consultations/{consultation.id}/draft").get_data(as_text=True)
    assert "bo tak" not in page and "po zamknięciu" in page
    assert client.get(f"/consultations/{consultation.id}/comments/{comment.id}").status_code == 403
    stage = consultation.stage("commenting")
    stage.closes_at = utcnow() - timedelta(minutes=1)
    stage.opens_at = utcnow() - timedelta(days=10)
    db.session.commit()
    page = client.get(f"/consultations/{consultation.id}/draft").get_data(as_text=True)
    assert "bo tak" in page


def test_hide_comment_keeps_it_counted(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    comment = _comment(consultation, organization, rep)
    auth.login_as(official)
    missing = client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/hide", data={"reason": ""}
    )
    assert missing.status_code == 302
    client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/hide",
        data={"reason": "Treść obraźliwa"},
    )
    close_commenting(consultation)
    client.post(
        f"/consultations/{consultation.id}/report/publish",
        data={"prepared_by": "Biuro", "statement": "Dziękujemy.", **CONFIRM},
    )
    report = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "ukryta: Treść obraźliwa" in report.lower() or "Treść obraźliwa" in report
    assert "bo tak" not in report
    csv = client.get(f"/consultations/{consultation.id}/report.csv").get_data(as_text=True)
    assert "Treść obraźliwa" in csv and "bo tak" not in csv


def _today() -> str:
    """Today in Warsaw: a paper form counts only if received during the commenting stage."""
    return to_local(utcnow()).date().isoformat()


def test_paper_comment(client, auth, official):
    consultation = make_consultation(official)
    organization, _ = _representative()
    auth.login_as(official)
    response = client.post(
        f"/consultations/{consultation.id}/paper",
        data={
            "organization": organization.id,
            "unit": "",
            "proposed_wording": "z papieru",
            "justification": "list",
            "received_on": _today(),
        },
    )
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.is_paper and str(comment.received_on) == _today()
    assert comment.author_id == official.id and comment.organization_id == organization.id
    missing_date = client.post(
        f"/consultations/{consultation.id}/paper",
        data={
            "organization": organization.id,
            "unit": "",
            "proposed_wording": "x",
            "justification": "y",
        },
    )
    assert 'id="received_on-error"' in missing_date.get_data(as_text=True)


def test_second_version_links_changed_unit_to_accepted_comment(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    unit = consultation.current_version.units[1]
    comment = _comment(consultation, organization, rep, unit_index=1)
    auth.login_as(official)
    client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/answer",
        data={"decision": "accepted", "justification": "Tak.", "publish": "y"},
    )
    source = consultation.current_version.source_md.replace(
        "cele, zasady i formy współpracy", "cele i zasady współpracy"
    )
    client.post(
        f"/consultations/{consultation.id}/versions/new",
        data={"title": "Projekt v2", "source": source, "change_note": "Po uwagach", **CONFIRM},
    )
    db.session.refresh(consultation)
    v2 = consultation.current_version
    changed = next(u for u in v2.units if u.key == unit.key)
    assert changed.change == "changed"
    draft = client.get(f"/consultations/{consultation.id}/draft").get_data(as_text=True)
    assert f"/comments/{comment.id}" in draft
    changes = client.get(f"/consultations/{consultation.id}/draft/v2/changes")
    html = changes.get_data(as_text=True)
    assert "<del>" in html and "<ins>" in html or "<del>" in html
    old = client.get(f"/consultations/{consultation.id}/draft/v1").get_data(as_text=True)
    assert "cele, zasady i formy" in old


def test_report_page_csv_and_print(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    comment = _comment(consultation, organization, rep)
    auth.login_as(official)
    assert client.get(f"/consultations/{consultation.id}/report").status_code == 404
    client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/answer",
        data={"decision": "partly_accepted", "justification": "Częściowo.", "publish": "y"},
    )
    close_commenting(consultation)
    client.post(
        f"/consultations/{consultation.id}/report/publish",
        data={"prepared_by": "Biuro Aktywności Obywatelskiej", "statement": "Wnioski", **CONFIRM},
    )
    auth.logout()
    html = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "Biuro Aktywności Obywatelskiej" in html and "Fundacja Seniorzy" in html
    assert "Częściowo przyjęta" in html or "częściowo" in html.lower()
    response = client.get(f"/consultations/{consultation.id}/report.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and "Fundacja Seniorzy" in text and "nowe" in text
    assert client.get(f"/consultations/{consultation.id}/report?print=1").status_code == 200


def test_attachments_checked_by_content(app, client, auth, official):
    consultation = make_consultation(official)
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/attachments/new"
    fake = client.post(
        url,
        data={"file": (io.BytesIO(b"MZ\x90\x00binary"), "program.pdf")},
        content_type="multipart/form-data",
    )
    assert 'id="file-error"' in fake.get_data(as_text=True)
    renamed = client.post(
        url,
        data={"file": (io.BytesIO(b"%PDF-1.4 test"), "program.png")},
        content_type="multipart/form-data",
    )
    assert 'id="file-error"' in renamed.get_data(as_text=True)
    # a small limit: a real 10 MB body makes the test client spool to an unclosed temp file
    app.config["ATTACHMENT_MAX_BYTES"] = 1000
    big = client.post(
        url,
        data={"file": (io.BytesIO(b"%PDF-" + b"0" * 2000), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert 'id="file-error"' in big.get_data(as_text=True)
    ok = client.post(
        url,
        data={"file": (io.BytesIO(b"%PDF-1.4 real"), "../../program.pdf")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    db.session.refresh(consultation)
    attachment = consultation.attachments[0]
    assert attachment.filename == "program.pdf" and len(attachment.sha256) == 64
    download = client.get(f"/consultations/{consultation.id}/attachments/{attachment.id}")
    assert download.data == b"%PDF-1.4 real"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_docx_upload_becomes_units(client, auth, official):
    import docx

    document = docx.Document()
    document.add_heading("§ 1. Cele", level=1)
    document.add_paragraph("Akapit z pliku.")
    buffer = io.BytesIO()
    document.save(buffer)
    consultation = make_consultation(official, draft=None)
    auth.login_as(official)
    response = client.post(
        f"/consultations/{consultation.id}/versions/new",
        data={
            "title": "Z pliku",
            "source": "",
            "document": (io.BytesIO(buffer.getvalue()), "projekt.docx"),
            **CONFIRM,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert [u.label for u in consultation.current_version.units] == ["§ 1", "§ 1 ust. 1"]


def test_officials_list_shows_unanswered_counts(client, auth, official):
    consultation = make_consultation(official)
    organization, rep = _representative()
    _comment(consultation, organization, rep)
    auth.login_as(official)
    html = client.get("/consultations/").get_data(as_text=True)
    assert "bez opublikowanej odpowiedzi" in html


@pytest.mark.parametrize("page", ["", "/draft"])
def test_comment_links_are_offered_only_to_who_may_comment(client, auth, page):
    consultation = make_consultation()  # organizations only, commenting open
    resident = make_user(name="Mieszkanka")
    representative = make_organization().memberships[0].user
    url = f"/consultations/{consultation.id}{page}"
    link = f'href="/consultations/{consultation.id}/comment'

    assert link in client.get(url).get_data(as_text=True)  # anonymous: leads to log-in
    auth.login_as(resident)
    html = client.get(url).get_data(as_text=True)
    assert link not in html
    assert "W tych konsultacjach uwagi mogą zgłaszać tylko przedstawiciele" in html
    auth.login_as(representative)
    html = client.get(url).get_data(as_text=True)
    assert link in html and "uwagi mogą zgłaszać tylko" not in html

    everyone = make_consultation(participation="confirmed_persons", title="Dla wszystkich")
    auth.login_as(resident)
    everyone_url = f"/consultations/{everyone.id}{page}"
    assert f'href="/consultations/{everyone.id}/comment' in client.get(everyone_url).get_data(
        as_text=True
    )
