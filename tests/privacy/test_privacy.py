"""RODO rights (issue 16, item 3): the data export, deleting one's account, consents, retention."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Consent, Role, User
from app.common.models import AuditEntry, OutboxMessage
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.meetings.models import MeetingRegistration
from app.notifications.models import Follow, Notification
from app.organizations.models import Membership
from app.privacy import services
from app.privacy.collect import SECTIONS, personal_data
from app.proposals import services as proposal_services
from tests.factories import PASSWORD, make_consultation, make_organization, make_proposal, make_user


def _remark(consultation, author, organization, text="Proszę dopisać seniorów."):
    comment = consultation_services.submit_comment(
        consultation,
        author,
        organization,
        consultation_services.CommentData(None, text, "Uzasadnienie."),
        utcnow(),
    )
    db.session.commit()
    return comment


@pytest.fixture
def person():
    """A representative with a remark, a proposal comment, a follow and a notification."""
    user = make_user(name="Anna Kowalska", email="anna@example.org")
    organization = make_organization(founder=user, name="Stowarzyszenie Sądeckie")
    consultation = make_consultation()
    _remark(consultation, user, organization)
    proposal = make_proposal(organization=organization)
    proposal_services.add_comment(user, proposal, organization, "Dobry pomysł.", None, utcnow())
    db.session.add(Follow(user_id=user.id, target_type="organization", target_id=organization.id))
    db.session.add(
        Notification(
            user_id=user.id, kind="test", object_type="x", object_id=1, read_at=None, params={}
        )
    )
    db.session.add(
        Consent(user_id=user.id, kind="privacy_notice", version="2026-12-06", text="Zgoda")
    )
    db.session.commit()
    return user


# --- the export ------------------------------------------------------------------------------


def test_personal_data_has_every_section_with_the_persons_rows(app, person):
    data = personal_data(person, utcnow())
    sections = data["sections"]
    assert set(sections) == set(SECTIONS)
    assert sections["account"][0]["email"] == "anna@example.org"
    assert sections["consents"][0]["version"] == "2026-12-06"
    assert sections["memberships"][0]["organization"] == "Stowarzyszenie Sądeckie"
    assert sections["remarks"][0]["proposed_wording"] == "Proszę dopisać seniorów."
    assert sections["proposal_comments"][0]["text"] == "Dobry pomysł."
    assert sections["follows"][0]["what"] == "organization"
    assert len(sections["notifications"]) == 1
    json.dumps(data)  # JSON-ready throughout


def test_export_never_contains_the_content_of_a_ballot(app):
    from tests.factories import make_ballot, make_vote

    voter = make_user()
    vote = make_vote()
    make_ballot(vote, voter=voter, content=None)
    rows = personal_data(voter, utcnow())["sections"]["votes"]
    assert len(rows) == 1
    assert set(rows[0]) == {"vote", "for", "channel", "cast_at"}


def test_download_is_a_zip_with_json_and_readable_html(client, auth, person):
    auth.login_as(person)
    page = client.get("/privacy/my-data")
    assert page.status_code == 200
    response = client.post("/privacy/my-data/download")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["data.html", "data.json"]
    data = json.loads(archive.read("data.json"))
    assert data["sections"]["account"][0]["name"] == "Anna Kowalska"
    html = archive.read("data.html").decode()
    assert "Anna Kowalska" in html
    assert "Proszę dopisać seniorów." in html


class TestRateLimit:
    @pytest.fixture
    def app_overrides(self):
        return {"RATELIMIT_ENABLED": True, "DATA_EXPORT_RATE_LIMIT": "2 per minute"}

    def test_download_is_rate_limited_per_person(self, client, auth, person):
        auth.login_as(person)
        codes = [client.post("/privacy/my-data/download").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        other = make_user()
        auth.login_as(other)
        assert client.post("/privacy/my-data/download").status_code == 200


def test_download_needs_an_account(client):
    assert client.post("/privacy/my-data/download").status_code == 302


# --- deleting the account --------------------------------------------------------------------


def test_delete_account_anonymises_and_keeps_the_organizations_remark(app, person):
    organization_id = db.session.scalar(
        select(Membership.organization_id).where(Membership.user_id == person.id)
    )
    db.session.add(
        OutboxMessage(
            user_id=person.id,
            to_address=person.email,
            locale="pl",
            subject="s",
            text_body="t",
            html_body="h",
        )
    )
    db.session.commit()
    removed = services.delete_account(person, PASSWORD, utcnow())
    db.session.commit()
    user = db.session.get(User, person.id)
    assert user.is_deleted and not user.is_active
    assert user.name == services.DELETED_NAME
    assert "anna" not in user.email and user.email.endswith(".invalid")
    assert not user.check_password(PASSWORD)
    assert removed.follows == 1 and removed.notifications == 1 and removed.memberships == 1
    for model in (Follow, Notification, Membership, MeetingRegistration, OutboxMessage):
        assert (
            db.session.scalar(
                select(func.count()).select_from(model).where(model.user_id == person.id)
            )
            == 0
        )
    # the remark stays, attributed to the organization
    from app.consultations.models import Comment

    remark = db.session.scalar(select(Comment).where(Comment.author_id == person.id))
    assert remark.organization_id == organization_id
    # the audit log keeps the deletion without personal data, and no label names the person
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "user.delete_own_account")
    )
    assert entry.actor_id == person.id
    labels = db.session.scalars(select(AuditEntry.object_label)).all()
    assert not any("Anna" in label or "anna@" in label for label in labels)
    assert "Anna" not in json.dumps(entry.details)


def test_wrong_password_refuses_and_changes_nothing(app, person):
    with pytest.raises(services.WrongPassword):
        services.delete_account(person, "not-the-password", utcnow())
    db.session.rollback()
    assert db.session.get(User, person.id).name == "Anna Kowalska"


def test_the_only_administrator_is_refused_another_admin_can_delete(app):
    admin = make_user(role=Role.ADMIN)
    with pytest.raises(services.LastAdministrator):
        services.delete_account(admin, PASSWORD, utcnow())
    db.session.rollback()
    make_user(role=Role.ADMIN)
    services.delete_account(admin, PASSWORD, utcnow())
    assert admin.name == f"{services.DELETED_NAME} #{admin.id}"  # a pseudonym in the audit log


def test_delete_page_says_what_happens_and_wrong_password_is_a_field_error(client, auth, person):
    auth.login_as(person)
    page = client.get("/privacy/delete-account").get_data(as_text=True)
    assert "organizacji" in page  # says contributions stay under the organization's name
    response = client.post("/privacy/delete-account", data={"password": "wrong", "understood": "y"})
    assert response.status_code == 200
    assert "Hasło jest nieprawidłowe" in response.get_data(as_text=True) or (
        "password is incorrect" in response.get_data(as_text=True)
    )
    assert db.session.get(User, person.id).deleted_at is None
    # without ticking the box: nothing happens either
    response = client.post("/privacy/delete-account", data={"password": PASSWORD})
    assert response.status_code == 200
    assert db.session.get(User, person.id).deleted_at is None


def test_deleting_signs_out_and_the_old_session_is_refused(app, client, auth, person):
    auth.login_as(person)
    other = app.test_client()  # a second device, signed in too
    with other.session_transaction() as session:
        session["_user_id"] = str(person.id)
        session["_fresh"] = True
    assert other.get("/auth/account").status_code == 200
    response = client.post(
        "/privacy/delete-account", data={"password": PASSWORD, "understood": "y"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/privacy/account-deleted")
    assert client.get("/privacy/account-deleted").status_code == 200
    assert client.get("/auth/account").status_code == 302  # signed out
    assert other.get("/auth/account").status_code == 302  # the other device too
    assert auth.login("anna@example.org", PASSWORD).status_code == 200  # cannot log in


def test_proposal_comment_of_a_deleted_person_shows_the_organization_only(app, client, person):
    from app.proposals.models import ProposalComment

    comment = db.session.scalar(select(ProposalComment))
    services.delete_account(person, PASSWORD, utcnow())
    db.session.commit()
    page = client.get(f"/proposals/{comment.proposal_id}").get_data(as_text=True)
    assert "Stowarzyszenie Sądeckie" in page
    assert "Anna" not in page
    assert services.DELETED_NAME not in page


def test_registration_records_the_consent_with_version_and_date(app, client):
    response = client.post(
        "/auth/register",
        data={
            "name": "Jan Nowak",
            "email": "jan@example.org",
            "password": "very-long-password-42",
            "password_confirm": "very-long-password-42",
            "accept_terms": "y",
        },
    )
    assert response.status_code == 200
    consent = db.session.scalar(select(Consent))
    assert consent.version == app.config["PRIVACY_NOTICE_VERSION"]
    assert consent.kind == "privacy_notice"
    assert consent.text and consent.given_at is not None


# --- retention -------------------------------------------------------------------------------


def test_retention_anonymises_stale_unconfirmed_and_deletes_old_read_notifications(app, runner):
    now = utcnow()
    stale = make_user(confirmed_at=None, created_at=now - timedelta(days=31), name="Stary")
    fresh = make_user(confirmed_at=None, created_at=now - timedelta(days=2))
    official = make_user(role=Role.OFFICIAL, confirmed_at=None, created_at=now - timedelta(days=90))
    confirmed = make_user(created_at=now - timedelta(days=400))
    for read_at in (now - timedelta(days=400), now - timedelta(days=10), None):
        db.session.add(
            Notification(
                user_id=confirmed.id,
                kind="k",
                object_type="x",
                object_id=1,
                read_at=read_at,
                params={},
            )
        )
    db.session.commit()
    result = runner.invoke(args=["privacy", "retention"])
    assert result.exit_code == 0, result.output
    assert "1 unconfirmed accounts anonymised, 1 read notifications deleted" in result.output
    db.session.expire_all()
    assert db.session.get(User, stale.id).is_deleted
    assert not db.session.get(User, fresh.id).is_deleted
    assert not db.session.get(User, official.id).is_deleted
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2


def test_an_administrator_cannot_reactivate_or_promote_a_deleted_account(app, client, auth, person):
    services.delete_account(person, PASSWORD, utcnow())
    db.session.commit()
    admin = make_user(role=Role.ADMIN)
    auth.login_as(admin)
    client.post(f"/admin/users/{person.id}/active", data={"active-confirm": "y"})
    client.post(f"/admin/users/{person.id}/role", data={"role": "official"})
    db.session.expire_all()
    user = db.session.get(User, person.id)
    assert not user.is_active_account
    assert user.role == Role.MEMBER


def test_audit_entries_about_the_persons_membership_are_in_the_export(app, person):
    rows = personal_data(person, utcnow())["sections"]["audit_log"]
    # the organization's verification is about the organization; approving the founder is not
    # recorded separately, so add a decision on a membership as an official would
    membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
    from app.common.audit import Action, record_audit

    record_audit(make_user(role=Role.OFFICIAL), Action.MEMBERSHIP_APPROVE, membership, label="x")
    db.session.commit()
    after = personal_data(person, utcnow())["sections"]["audit_log"]
    assert len(after) == len(rows) + 1
    assert after[-1]["action"] == "membership.approve" and after[-1]["by_you"] is False


def test_the_export_makes_the_same_number_of_queries_for_more_data(app, person):
    from sqlalchemy import event

    def count_queries() -> int:
        statements = []

        def record(*_args) -> None:
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            db.session.expire_all()
            personal_data(db.session.get(User, person.id), utcnow())
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    before = count_queries()
    organization = make_organization(founder=person)
    consultation = make_consultation()
    for number in range(4):
        _remark(consultation, person, organization, text=f"Uwaga {number}")
        db.session.add(
            Notification(user_id=person.id, kind="k", object_type="x", object_id=number, params={})
        )
    db.session.commit()
    assert count_queries() == before


def test_links_e_mailed_before_the_deletion_stop_working(app, client, person):
    from app.auth.services import reset_fingerprint
    from app.common.tokens import TokenPurpose, make_token

    reset = make_token(
        TokenPurpose.RESET_PASSWORD, {"uid": person.id, "fp": reset_fingerprint(person)}
    )
    confirm = make_token(TokenPurpose.CONFIRM_EMAIL, {"uid": person.id, "email": person.email})
    services.delete_account(person, PASSWORD, utcnow())
    db.session.commit()
    assert client.get(f"/auth/reset/{reset}").status_code == 400
    assert client.get(f"/auth/confirm/{confirm}").status_code == 400
