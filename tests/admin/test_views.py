"""Account management by administrators, with the audit log."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.extensions import db
from tests.factories import make_user


def test_grant_and_revoke_roles_are_audited(client, auth):
    admin = make_user(role=Role.ADMIN)
    person = make_user(email="kto@example.org")
    auth.login_as(admin)
    response = client.post(
        f"/admin/users/{person.id}/role", data={"role": "official", "reason": "Nowa pracownica"}
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.role == "official"
    client.post(f"/admin/users/{person.id}/role", data={"role": "member"})
    db.session.refresh(person)
    assert person.role == "member"
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.details["new"], e.reason) for e in entries] == [
        ("user.role_change", "official", "Nowa pracownica"),
        ("user.role_change", "member", None),
    ]
    assert all(e.actor_id == admin.id and e.object_id == person.id for e in entries)
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Nowa pracownica" in log and "user.role_change" in log
    filtered = client.get("/admin/audit?action=user.deactivate").get_data(as_text=True)
    assert "Nowa pracownica" not in filtered


def test_deactivated_account_cannot_log_in_and_is_logged_out(client, auth):
    admin = make_user(role=Role.ADMIN)
    person = make_user(email="off@example.org")
    auth.login_as(admin)
    client.post(
        f"/admin/users/{person.id}/active", data={"active-reason": "Spam", "active-confirmed": "y"}
    )
    db.session.refresh(person)
    assert not person.is_active_account
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.reason) == ("user.deactivate", "Spam")
    auth.logout()
    assert "dezaktywowane" in auth.login("off@example.org").get_data(as_text=True)
    auth.login_as(admin)
    response = client.post(f"/admin/users/{person.id}/active", data={})
    assert response.status_code == 302, response.headers
    db.session.refresh(person)
    assert person.is_active_account


def test_deactivation_needs_a_reason_and_a_confirmation(client, auth):
    """Issue 12, item 7: an empty reason or no ticked confirmation is a field error, with what
    was typed kept; nothing changes and nothing is audited."""
    admin = make_user(role=Role.ADMIN)
    person = make_user(email="nie@example.org", name="Jan Spokojny")
    auth.login_as(admin)
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "zostanie od razu wylogowany" in page or "wylogowan" in page
    url = f"/admin/users/{person.id}/active"
    response = client.post(url, data={"active-reason": "   ", "active-confirmed": "y"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="active-reason-error"' in html and "Podaj powód dezaktywacji konta." in html
    response = client.post(url, data={"active-reason": "Rozsyła spam"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="active-confirmed-error"' in html and "Rozsyła spam" in html
    db.session.refresh(person)
    assert person.is_active_account
    assert db.session.scalar(select(AuditEntry)) is None


def test_deactivation_service_refuses_an_empty_reason(app):
    import pytest

    from app.auth import services

    admin = make_user(role=Role.ADMIN)
    person = make_user()
    with pytest.raises(services.ReasonRequired):
        services.set_active(admin, person, False, "  ")
    assert person.is_active_account


def test_a_deactivated_person_is_signed_out_at_the_next_request(client, auth):
    admin = make_user(role=Role.ADMIN)
    person = make_user(email="sesja@example.org")
    auth.login_as(person)
    assert client.get("/auth/account").status_code == 200
    from app.auth import services

    services.set_active(admin, person, False, "Naruszenie regulaminu")
    db.session.commit()
    response = client.get("/auth/account")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_admin_cannot_demote_or_deactivate_self(client, auth):
    admin = make_user(role=Role.ADMIN)
    auth.login_as(admin)
    client.post(f"/admin/users/{admin.id}/role", data={"role": "member"})
    client.post(f"/admin/users/{admin.id}/active", data={})
    db.session.refresh(admin)
    assert admin.is_admin and admin.is_active_account
    assert db.session.scalar(select(AuditEntry)) is None


def test_user_search(client, auth):
    auth.login_as(make_user(role=Role.ADMIN, name="Admin"))
    make_user(name="Zofia Zielińska", email="zofia@example.org")
    make_user(name="Adam Nowak", email="adam@example.org")
    html = client.get("/admin/users?q=zofia").get_data(as_text=True)
    assert "Zofia Zielińska" in html and "Adam Nowak" not in html


def test_every_audit_action_has_a_label():
    from app.admin.messages import ACTION_LABELS
    from app.common.audit import Action

    assert set(ACTION_LABELS) == set(Action)


def test_audit_log_shows_actions_by_name_in_the_page_language(app, client, auth):
    admin = make_user(role=Role.ADMIN)
    person = make_user(email="off2@example.org")
    auth.login_as(admin)
    client.post(
        f"/admin/users/{person.id}/active", data={"active-reason": "Spam", "active-confirmed": "y"}
    )
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Dezaktywowano konto" in log and '<code class="small">user.deactivate</code>' in log
    assert ">Zmieniono rolę</option>" in log
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Account deactivated" in log


def test_user_page_names_membership_states_in_the_page_language(app, client, auth):
    from tests.factories import add_member, make_organization

    auth.login_as(make_user(role=Role.ADMIN))
    person = make_user(email="czlonek@example.org")
    add_member(make_organization(name="Fundacja Przykład"), person)
    html = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "(przedstawiciel" in html and "(approved)" not in html
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    html = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "(representative)" in html
