"""Organizations through the test client: registration, verification, joining, directory."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.outbox import send_due
from app.extensions import db
from app.organizations.models import Membership, Organization
from tests.conftest import body_of, smtp_config
from tests.factories import make_organization, make_user


@pytest.fixture
def app_overrides(smtp):
    return smtp_config(smtp)


def form(**overrides):
    data = {
        "name": "Fundacja Testowa",
        "legal_form": "foundation",
        "register_type": "krs",
        "register_number": "123456",
        "nip": "526-000-12-98",
        "regon": "123456785",
        "areas": ["seniors", "culture-heritage"],
        "description": "Pomagamy **seniorom**.",
        "website": "https://fundacja.example.org",
        "email": "Kontakt@Example.org",
        "phone": "+48 18 111 22 33",
        "address": "ul. Długa 1",
        "show_email": "y",
        "show_my_name": "y",
    }
    data.update(overrides)
    return data


def test_register_and_verify_organization(client, auth, smtp):
    founder = make_user(email="founder@example.org")
    auth.login(founder.email)
    response = client.post("/organizations/new", data=form())
    assert response.status_code == 302
    organization = db.session.scalar(select(Organization))
    assert organization.status == "pending"
    assert organization.register_number == "0000123456"
    assert organization.nip == "5260001298"
    assert [a.code for a in organization.areas] == ["seniors", "culture-heritage"] or {
        a.code for a in organization.areas
    } == {"seniors", "culture-heritage"}
    assert "<strong>seniorom</strong>" in organization.description_html
    membership = organization.memberships[0]
    assert membership.is_founder and membership.status == "pending"
    # not in the public directory yet
    auth.logout()
    assert "Fundacja Testowa" not in client.get("/organizations/").get_data(as_text=True)
    assert client.get(f"/organizations/{organization.id}").status_code == 403

    official = make_user(role=Role.OFFICIAL, email="official@example.org")
    auth.login(official.email)
    queue = client.get("/organizations/review").get_data(as_text=True)
    assert "Fundacja Testowa" in queue
    response = client.post(
        f"/organizations/{organization.id}/decide", data={"decision": "approve", "reason": ""}
    )
    assert response.status_code == 302
    db.session.refresh(organization)
    assert organization.status == "verified"
    assert organization.memberships[0].status == "approved"
    assert "zweryfikowana" in smtp.last_to("founder@example.org")["Subject"]
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "organization.verify",
        official.id,
        organization.id,
    )
    auth.logout()
    directory = client.get("/organizations/").get_data(as_text=True)
    assert "Fundacja Testowa" in directory


def test_reject_needs_reason_and_mails_it(client, auth, smtp):
    organization = make_organization(verified=False, name="Do odrzucenia")
    founder = organization.memberships[0].user
    auth.login(make_user(role=Role.OFFICIAL).email)
    response = client.post(
        f"/organizations/{organization.id}/decide", data={"decision": "reject", "reason": ""}
    )
    assert response.status_code == 400
    assert "Podaj powód" in response.get_data(as_text=True)
    response = client.post(
        f"/organizations/{organization.id}/decide",
        data={"decision": "reject", "reason": "Numer KRS należy do innej organizacji."},
    )
    assert response.status_code == 302
    db.session.refresh(organization)
    assert organization.status == "rejected"
    message = smtp.last_to(founder.email)
    assert "Numer KRS należy do innej organizacji." in body_of(message)
    entry = db.session.scalar(select(AuditEntry))
    assert entry.reason == "Numer KRS należy do innej organizacji."
    # a second decision is refused clearly
    again = client.post(f"/organizations/{organization.id}/decide", data={"decision": "approve"})
    assert again.status_code == 302


def test_rejected_organization_returns_to_queue_after_edit(client, auth):
    organization = make_organization(verified=False)
    founder = organization.memberships[0].user
    organization.status = "rejected"
    db.session.commit()
    auth.login(founder.email)
    response = client.post(
        f"/organizations/{organization.id}/edit", data=form(name="Poprawiona nazwa", nip="")
    )
    assert response.status_code == 302
    db.session.refresh(organization)
    assert organization.status == "pending" and organization.name == "Poprawiona nazwa"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nip": "7343567892"}, "nip", "cyfra kontrolna"),
        ({"nip": "734356789"}, "nip", "10 cyfr"),
        ({"regon": "123456784"}, "regon", "cyfra kontrolna"),
        ({"regon": "12345678"}, "regon", "9 lub 14"),
        ({"register_number": "00001234567"}, "register_number", "10 cyfr"),
        ({"register_number": "0000ABC123"}, "register_number", "cyfry"),
        ({"areas": []}, "areas", "sferę"),
        ({"name": ""}, "name", "nazwę"),
        ({"website": "fundacja"}, "website", "https://"),
    ],
)
def test_bad_organization_input_keeps_values(client, auth, overrides, field, message):
    auth.login(make_user().email)
    response = client.post("/organizations/new", data=form(**overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert message in html
    if field != "name":
        assert 'value="Fundacja Testowa"' in html
    if field != "areas":
        assert re.search(r'<input checked[^>]*value="culture-heritage"', html)
    assert db.session.scalar(select(Organization)) is None


def test_duplicate_nip(client, auth):
    make_organization(nip="5260001298")
    auth.login(make_user().email)
    response = client.post("/organizations/new", data=form())
    assert 'id="nip-error"' in response.get_data(as_text=True)
    assert "już zarejestrowana" in response.get_data(as_text=True)


def test_markdown_is_sanitised(client, auth):
    auth.login(make_user().email)
    evil = (
        "Hello <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[link](javascript:alert(3)) **bold**"
    )
    client.post("/organizations/new", data=form(description=evil))
    organization = db.session.scalar(select(Organization))
    assert organization.description_md == evil  # what they typed is kept
    html = organization.description_html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "<strong>bold</strong>" in html
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "onerror=alert" not in page


def test_join_request_approved_by_representative(client, auth, smtp):
    organization = make_organization(name="Klub Seniora")
    representative = organization.memberships[0].user
    person = make_user(email="joiner@example.org", name="Ewa Nowak")
    auth.login(person.email)
    response = client.post(
        f"/organizations/{organization.id}/join",
        data={"message": "Członkini zarządu", "show_name_publicly": "y"},
    )
    assert response.status_code == 302
    assert smtp.to(representative.email) == []  # in the outbox, until the worker sends it
    send_due()
    assert "Ewa Nowak" in smtp.last_to(representative.email)["Subject"]
    assert client.get(f"/organizations/{organization.id}/join").status_code == 403  # asked once
    auth.logout()

    auth.login(representative.email)
    page = client.get(f"/organizations/{organization.id}/requests").get_data(as_text=True)
    assert "Ewa Nowak" in page and "Członkini zarządu" in page
    membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
    response = client.post(
        f"/organizations/memberships/{membership.id}/decide", data={"decision": "approve"}
    )
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.status == "approved"
    assert "reprezentujesz" in smtp.last_to("joiner@example.org")["Subject"].lower()
    # representatives decide without an audit entry; officials' decisions are audited
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("membership%"))) is None
    )
    profile = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "Ewa Nowak" in profile


def test_join_request_refused_with_reason(client, auth, smtp):
    organization = make_organization()
    person = make_user(email="nope@example.org")
    membership = Membership(user_id=person.id, organization_id=organization.id)
    db.session.add(membership)
    db.session.commit()
    auth.login(make_user(role=Role.OFFICIAL).email)
    bad = client.post(
        f"/organizations/memberships/{membership.id}/decide", data={"decision": "reject"}
    )
    assert bad.status_code == 400
    client.post(
        f"/organizations/memberships/{membership.id}/decide",
        data={"decision": "reject", "reason": "Nie znamy tej osoby."},
    )
    db.session.refresh(membership)
    assert membership.status == "refused"
    assert "Nie znamy tej osoby." in body_of(smtp.last_to("nope@example.org"))
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "membership.refuse" in actions


def test_directory_search_filter_and_pages(app, client):
    app.config["PAGE_SIZE"] = 2
    make_organization(name="Alfa Seniorzy", area_codes=("seniors",))
    make_organization(name="Beta Kultura", area_codes=("culture-heritage",))
    make_organization(name="Gamma Seniorzy", area_codes=("seniors", "culture-heritage"))
    make_organization(name="Delta Ukryta", verified=False)
    page1 = client.get("/organizations/").get_data(as_text=True)
    assert "Alfa Seniorzy" in page1 and "Beta Kultura" in page1 and "Gamma" not in page1
    assert "Delta" not in page1
    page2 = client.get("/organizations/?page=2").get_data(as_text=True)
    assert "Gamma Seniorzy" in page2
    search = client.get("/organizations/?q=senior").get_data(as_text=True)
    assert "Alfa Seniorzy" in search and "Gamma Seniorzy" in search and "Beta" not in search
    area = client.get("/organizations/?area=culture-heritage").get_data(as_text=True)
    assert "Beta Kultura" in area and "Gamma Seniorzy" in area and "Alfa" not in area


def test_profile_shows_only_published_contact_and_consenting_names(client):
    organization = make_organization(
        email="public@example.org", phone="+48 111", show_phone=False, address="ul. Widoczna 2"
    )
    organization.memberships[0].show_name_publicly = False
    db.session.commit()
    html = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "public@example.org" in html and "ul. Widoczna 2" in html
    assert "+48 111" not in html
    assert organization.memberships[0].user.name not in html


def test_leave_organization(client, auth):
    organization = make_organization()
    founder = organization.memberships[0].user
    auth.login(founder.email)
    assert client.post(f"/organizations/{organization.id}/leave").status_code == 302
    assert db.session.scalar(select(Membership)) is None
