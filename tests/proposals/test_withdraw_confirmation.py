"""Withdrawing a proposal is confirmed on a page saying what happens (issue 12, item 7), and a
withdrawn draft, never submitted, stays private (nothing public by accident)."""

from __future__ import annotations

from sqlalchemy import select

from app.common.timeutil import utcnow
from app.extensions import db
from app.proposals import permissions, queries, services
from app.proposals.models import Proposal
from tests.factories import make_organization, make_proposal, make_user


def _rep(organization):
    return organization.memberships[0].user


def test_withdrawal_is_confirmed_first(client, auth):
    lead = make_organization()
    proposal = make_proposal(lead, title="Festyn sąsiedzki")
    auth.login_as(_rep(lead))
    assert f'href="/proposals/{proposal.id}/withdraw"' in client.get(
        f"/proposals/{proposal.id}"
    ).get_data(as_text=True)
    page = client.get(f"/proposals/{proposal.id}/withdraw")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Tego nie można cofnąć" in html and "Urząd nie odpowie na propozycję" in html
    assert db.session.get(Proposal, proposal.id).status == "submitted"  # a GET changes nothing
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 302
    assert db.session.get(Proposal, proposal.id).status == "withdrawn"


def test_others_may_not_open_the_withdrawal(client, auth):
    proposal = make_proposal(title="Cudza propozycja")
    auth.login_as(_rep(make_organization()))
    assert client.get(f"/proposals/{proposal.id}/withdraw").status_code == 403
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 403


def test_a_withdrawn_draft_stays_private(client, auth):
    lead = make_organization()
    draft = make_proposal(lead, submit=False, title="Szkic wycofany")
    services.withdraw_proposal(_rep(lead), draft, utcnow())
    db.session.commit()
    assert draft.status == "withdrawn"
    assert not permissions.can_view_proposal(make_user(), draft)
    assert permissions.can_view_proposal(_rep(lead), draft)
    public = db.session.scalars(queries.public_query(queries.Filters())).all()
    assert draft not in public
    assert client.get(f"/proposals/{draft.id}").status_code == 403
    assert "Szkic wycofany" not in client.get("/proposals/export.csv").get_data(as_text=True)
    assert "Szkic wycofany" not in client.get(f"/organizations/{lead.id}").get_data(as_text=True)
    auth.login_as(_rep(lead))
    assert client.get(f"/proposals/{draft.id}").status_code == 200
    assert db.session.scalar(select(Proposal.status).where(Proposal.id == draft.id)) == "withdrawn"
