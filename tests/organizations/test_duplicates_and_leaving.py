"""Issue 12, items 11 and 7: a number another organization registered offers to ask to join it;
the verification queue shows what an official needs to check an organization; leaving an
organization says what happens first, and is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.organizations import services
from app.organizations.models import Membership, Organization
from tests.factories import add_member, make_organization, make_user, organization_data
from tests.organizations.test_views import form


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- a duplicate NIP or KRS number -------------------------------------------------------------


def test_duplicate_nip_offers_to_ask_to_join(client, auth):
    existing = make_organization(name="Fundacja Już Jest", nip="5260001298")
    auth.login_as(make_user())
    response = client.post("/organizations/new", data=form(name="Fundacja Druga"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="nip-error"' in html and "już zarejestrowana" in html
    assert f'href="/organizations/{existing.id}/join"' in html
    assert "Poproś o dołączenie do tej organizacji" in html
    assert 'value="Fundacja Druga"' in html  # what was typed is kept
    assert _count(Organization) == 1


def test_duplicate_krs_is_a_field_error_with_the_same_offer(client, auth):
    existing = make_organization(name="Stowarzyszenie KRS", register_number="0000123456")
    auth.login_as(make_user())
    response = client.post("/organizations/new", data=form(nip="", register_number="123456"))
    html = response.get_data(as_text=True)
    assert 'id="register_number-error"' in html
    assert "Organizacja o tym numerze KRS jest już zarejestrowana." in html
    assert f'href="/organizations/{existing.id}/join"' in html
    assert _count(Organization) == 1


def test_krs_service_rule_holds_without_the_view(app):
    make_organization(register_number="0000000042")
    with pytest.raises(services.DuplicateKrs) as caught:
        services.register_organization(
            make_user(), organization_data(register_number="0000000042"), False, utcnow()
        )
    assert caught.value.organization_id is not None
    # the same number in another register is no duplicate
    services.register_organization(
        make_user(),
        organization_data(register_type="city_register", register_number="0000000042"),
        False,
        utcnow(),
    )


def test_duplicate_of_my_own_organization_points_to_my_list(client, auth):
    existing = make_organization(nip="5260001298")
    auth.login_as(existing.memberships[0].user)
    html = client.post("/organizations/new", data=form()).get_data(as_text=True)
    assert "Już reprezentujesz tę organizację" in html and 'href="/organizations/mine"' in html
    assert f"/organizations/{existing.id}/join" not in html


def test_duplicate_of_an_unverified_organization_reveals_no_name(client, auth):
    make_organization(name="Tajna Oczekująca", nip="5260001298", verified=False)
    auth.login_as(make_user())
    html = client.post("/organizations/new", data=form()).get_data(as_text=True)
    assert "czeka na weryfikację" in html and "Tajna Oczekująca" not in html


def test_duplicate_on_edit_is_a_field_error_too(client, auth):
    make_organization(name="Pierwsza", nip="5260001298")
    mine = make_organization(name="Moja")
    auth.login_as(mine.memberships[0].user)
    response = client.post(f"/organizations/{mine.id}/edit", data=form(name="Moja"))
    assert 'id="nip-error"' in response.get_data(as_text=True)
    db.session.refresh(mine)
    assert mine.nip is None


# --- the verification queue --------------------------------------------------------------------


def test_queue_shows_description_areas_and_register_links(client, auth):
    make_organization(
        name="Fundacja Do Sprawdzenia",
        verified=False,
        register_number="0000311452",
        nip="5260001298",
        regon="123456785",
        area_codes=("seniors", "culture-heritage"),
        description_md="Prowadzimy **klub seniora**.",
    )
    auth.login_as(make_user(role=Role.OFFICIAL))
    html = client.get("/organizations/review").get_data(as_text=True)
    assert "<strong>klub seniora</strong>" in html
    assert "wieku emerytalnym" in html and "kultury" in html  # the areas, by name
    assert 'href="https://wyszukiwarka-krs.ms.gov.pl/"' in html
    assert 'href="https://wyszukiwarkaregon.stat.gov.pl/"' in html
    assert "<code>0000311452</code>" in html and "<code>5260001298</code>" in html
    assert "<code>123456785</code>" in html


# --- leaving an organization -------------------------------------------------------------------


def test_leaving_asks_first_and_says_what_happens(client, auth):
    organization = make_organization(name="Fundacja Odejścia")
    person = add_member(organization).user
    auth.login_as(person)
    mine = client.get("/organizations/mine").get_data(as_text=True)
    assert "Opuść organizację…" in mine and ">Usuń<" not in mine
    page = client.get(f"/organizations/{organization.id}/leave")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Opuść organizację: Fundacja Odejścia" in html
    assert "Tego nie można cofnąć" in html
    assert "jedynym przedstawicielem" not in html  # the founder still represents it
    assert _count(Membership) == 2  # a GET changes nothing
    response = client.post(f"/organizations/{organization.id}/leave")
    assert response.status_code == 302
    assert _count(Membership) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.leave"))
    assert entry.actor_id == person.id
    assert entry.object_id == organization.id and entry.details == {"status": "approved"}


def test_last_representative_is_warned(client, auth):
    organization = make_organization(name="Fundacja Jednoosobowa")
    founder = organization.memberships[0].user
    auth.login_as(founder)
    html = client.get(f"/organizations/{organization.id}/leave").get_data(as_text=True)
    assert "Jesteś jedynym przedstawicielem organizacji Fundacja Jednoosobowa." in html
    client.post(f"/organizations/{organization.id}/leave")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.leave"))
    assert entry.details == {"status": "approved", "last_representative": True}


def test_withdrawing_a_request_is_named_so(client, auth):
    organization = make_organization(name="Fundacja Prośby")
    person = make_user()
    add_member(organization, person, status="pending")
    auth.login_as(person)
    mine = client.get("/organizations/mine").get_data(as_text=True)
    assert "Wycofaj prośbę…" in mine
    html = client.get(f"/organizations/{organization.id}/leave").get_data(as_text=True)
    assert "Wycofaj prośbę o dołączenie do organizacji: Fundacja Prośby" in html
    client.post(f"/organizations/{organization.id}/leave")
    assert db.session.scalar(select(Membership).where(Membership.user_id == person.id)) is None


def test_someone_without_a_membership_cannot_leave(client, auth):
    organization = make_organization()
    auth.login_as(make_user())
    assert client.get(f"/organizations/{organization.id}/leave").status_code == 403
    assert client.post(f"/organizations/{organization.id}/leave").status_code == 403


def test_queue_query_count_does_not_grow_with_the_organizations(client, auth):
    from sqlalchemy import event

    auth.login_as(make_user(role=Role.OFFICIAL))

    def count_queries() -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get("/organizations/review").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    make_organization(verified=False)
    before = count_queries()
    for _number in range(4):
        make_organization(verified=False, area_codes=("seniors", "culture-heritage"))
    assert count_queries() == before
