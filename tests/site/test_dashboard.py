"""The home page: what is open for everyone, each representative's and official's to-do."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.organizations.models import MembershipStatus
from app.site import dashboard
from tests.factories import (
    add_member,
    make_consultation,
    make_event,
    make_opportunity,
    make_organization,
    make_proposal,
    make_user,
)


def _world():
    now = utcnow()
    official = make_user(role=Role.OFFICIAL)
    soon = make_consultation(
        official,
        title="Program seniorów",
        stages=(
            consultation_services.StageData(
                "commenting", now - timedelta(days=10), now + timedelta(days=2)
            ),
        ),
    )
    later = make_consultation(official, title="Program kultury")
    make_consultation(official, title="Szkic tajny", announce=False)
    make_event(official, title="Forum organizacji")
    make_opportunity(official, title="Konkurs na 2027")
    return official, soon, later


def test_public_home_page(client):
    _world()
    page = client.get("/").get_data(as_text=True)
    assert "Otwarte teraz" in page
    assert page.index("Program seniorów") < page.index("Program kultury")  # closing first
    assert "wkrótce się kończy" in page
    assert "Szkic tajny" not in page
    assert "Forum organizacji" in page and "Konkurs na 2027" in page


def test_representative_sees_the_organizations_to_do(client, auth):
    official, soon, later = _world()
    organization = make_organization(name="Klub Seniora")
    representative = organization.memberships[0].user
    consultation_services.submit_comment(
        later,
        representative,
        organization,
        consultation_services.CommentData(None, "Zmiana", "Bo tak"),
        utcnow(),
    )
    other = make_organization(name="Inna")  # another organization's comment does not count
    consultation_services.submit_comment(
        soon,
        other.memberships[0].user,
        other,
        consultation_services.CommentData(None, "Zmiana", "Bo tak"),
        utcnow(),
    )
    make_proposal(make_organization(name="Wiodąca"), invited=[organization])
    db.session.commit()

    [todo] = dashboard.representative_todo(representative.id, utcnow())
    assert [s.consultation.title for s in todo.to_comment] == ["Program seniorów"]
    assert len(todo.invitations) == 1 and todo.votes == []

    own = consultation_services.submit_comment(
        soon,
        representative,
        organization,
        consultation_services.CommentData(None, "Inna zmiana", "Uzasadnienie"),
        utcnow(),
    )
    consultation_services.save_answer(official, own, "accepted", "Przyjęto.", True, utcnow())
    db.session.commit()
    auth.login_as(representative)
    page = client.get("/").get_data(as_text=True)
    assert "Do zrobienia: Klub Seniora" in page
    assert "Zaproszenia do współautorstwa" in page
    assert f"Uwaga nr {own.number}" in page
    assert "Otwarte konsultacje bez Waszych uwag" not in page  # both rounds now commented


def test_official_sees_what_waits_for_the_office(client, auth):
    official, soon, _later = _world()
    organization = make_organization(name="Pisząca")
    consultation_services.submit_comment(
        soon,
        organization.memberships[0].user,
        organization,
        consultation_services.CommentData(None, "Zmiana", "Bo tak"),
        utcnow(),
    )
    make_proposal(organization, title="Klub dla seniorów")
    make_organization(verified=False, name="Czekająca na weryfikację")
    db.session.commit()
    auth.login_as(official)
    page = client.get("/").get_data(as_text=True)
    assert "Czeka na urząd" in page
    assert "Program seniorów</a>: 1 uwaga" in page
    assert "Klub dla seniorów" in page
    assert "Czekająca na weryfikację" in page


def test_query_count_does_not_grow_with_the_data(client, auth, app):
    official, _soon, _later = _world()
    represented = make_organization()
    representative = represented.memberships[0].user

    def count_queries(user) -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        auth.login_as(user)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            client.get("/")
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    add_member(represented, status=MembershipStatus.PENDING)
    before = (count_queries(official), count_queries(representative))
    for number in range(5):
        make_consultation(official, title=f"Runda {number}")
        make_event(official, title=f"Wydarzenie {number}")
        make_organization(verified=False)
        organization = make_organization(founder=representative)
        add_member(organization, status=MembershipStatus.PENDING)
    after = (count_queries(official), count_queries(representative))
    assert after == before


def test_pending_join_requests_are_on_the_representatives_list(client, auth):
    organization = make_organization(name="Klub Seniora")
    representative = organization.memberships[0].user
    quiet = make_organization(name="Cicha Fundacja", founder=representative)
    for _person in range(2):
        add_member(organization, status=MembershipStatus.PENDING)
    add_member(quiet, status=MembershipStatus.REFUSED)
    auth.login_as(representative)
    page = client.get("/").get_data(as_text=True)
    assert (
        f'<a href="/organizations/{organization.id}/requests">'
        "Klub Seniora: 2 prośby o dołączenie czekają na Twoją decyzję</a>"
    ) in page
    assert f"/organizations/{quiet.id}/requests" not in page
    todos = {
        t.organization.name: t for t in dashboard.representative_todo(representative.id, utcnow())
    }
    assert (todos["Klub Seniora"].join_requests, todos["Cicha Fundacja"].join_requests) == (2, 0)
    # a person asking to join does not see the others' requests
    auth.login_as(add_member(organization, status=MembershipStatus.PENDING).user)
    assert "prośb" not in client.get("/").get_data(as_text=True)


def test_answers_to_co_authored_proposals_reach_each_author(app):
    from app.proposals import services as proposal_services

    official = make_user(role=Role.OFFICIAL)
    lead = make_organization(name="Wiodąca")
    partner = make_organization(name="Partnerska")
    proposal = make_proposal(lead, invited=[partner])
    partner_rep = partner.memberships[0].user
    proposal_services.answer_invitation(partner_rep, proposal.authors[0], True, utcnow())
    proposal_services.start_review(official, proposal, utcnow())
    proposal_services.save_answer(
        official, proposal, "accepted", "Dobry pomysł.", None, True, utcnow()
    )
    db.session.commit()
    for person in (lead.memberships[0].user, partner_rep):
        [todo] = dashboard.representative_todo(person.id, utcnow())
        assert [p.title for p in todo.answered_proposals] == [proposal.title]


def test_representative_sees_open_votes_the_organization_has_not_cast(client, auth):
    from tests.factories import make_ballot, make_vote

    official = make_user(role=Role.OFFICIAL)
    round_ = make_consultation(official, draft=None)
    organization = make_organization(name="Klub Seniora")
    other = make_organization(name="Fundacja Zieleń")
    representative = organization.memberships[0].user
    cast = make_vote(round_, official, title="Głosowanie oddane")
    pending = make_vote(round_, official, title="Głosowanie czeka")
    make_vote(
        round_,
        official,
        title="Głosowanie przyszłe",
        opens_at=utcnow() + timedelta(days=1),
        closes_at=utcnow() + timedelta(days=8),
    )
    make_ballot(cast, organization)
    make_ballot(pending, other)  # another organization's ballot does not count for this one

    auth.login_as(representative)
    page = client.get("/").get_data(as_text=True)
    assert "Głosowanie czeka" in page
    assert f"/votes/{pending.id}" in page
    assert "Głosowanie oddane" not in page
    assert "Głosowanie przyszłe" not in page
