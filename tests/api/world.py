"""A world with public and non-public objects side by side, for the open data API's tests.

Every text that must never reach the API contains ``SEKRET``; every text that must contains
``JAWN`` (jawny: public).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.priorities import results
from tests.factories import (
    make_ballot,
    make_closed_vote,
    make_consultation,
    make_event,
    make_opportunity,
    make_organization,
    make_proposal,
    make_user,
    make_vote,
    publish_vote_results,
)


@dataclass
class World:
    round_id: int = 0
    hidden_round_id: int = 0
    later_round_id: int = 0
    public_comment_id: int = 0
    answered_comment_id: int = 0
    drafted_comment_id: int = 0
    hidden_comment_id: int = 0
    withdrawn_comment_id: int = 0
    later_comment_id: int = 0
    proposal_id: int = 0
    draft_proposal_id: int = 0
    published_vote_id: int = 0
    withheld_vote_id: int = 0
    preview_vote_id: int = 0
    setup_vote_id: int = 0
    organization_id: int = 0
    pending_organization_id: int = 0
    programme_id: int = 0
    task_id: int = 0
    ids: dict = field(default_factory=dict)


def _comment(round_, person, organization, text, now):
    data = consultation_services.CommentData(None, text, f"Uzasadnienie: {text}")
    comment = consultation_services.submit_comment(round_, person, organization, data, now)
    db.session.commit()
    return comment


def build_world() -> World:
    world = World()
    now = utcnow()
    official = make_user(role=Role.OFFICIAL, name="SEKRET Urzędnik", email="sekret1@example.org")
    organization = make_organization(name="Fundacja JAWNA")
    organization.email = "sekret-ukryty-adres@example.org"
    organization.show_email = False
    db.session.commit()
    person = organization.memberships[0].user
    person.name = "SEKRET Osoba"
    world.organization_id = organization.id
    world.pending_organization_id = make_organization(
        verified=False, name="SEKRET niezweryfikowana"
    ).id

    round_ = make_consultation(official, title="Runda JAWNA")
    world.round_id = round_.id
    world.public_comment_id = _comment(round_, person, organization, "JAWNA uwaga", now).id
    answered = _comment(round_, person, organization, "JAWNA z odpowiedzią", now)
    consultation_services.save_answer(official, answered, "accepted", "JAWNA odpowiedź", True, now)
    world.answered_comment_id = answered.id
    drafted = _comment(round_, person, organization, "JAWNA bez odpowiedzi", now)
    consultation_services.save_answer(
        official, drafted, "rejected", "SEKRET szkic odpowiedzi", False, now
    )
    world.drafted_comment_id = drafted.id
    hidden = _comment(round_, person, organization, "SEKRET ukryta", now)
    consultation_services.hide_comment(official, hidden, "SEKRET powód", now)
    world.hidden_comment_id = hidden.id
    withdrawn = _comment(round_, person, organization, "SEKRET wycofana", now)
    consultation_services.withdraw_comment(person, withdrawn, now)
    world.withdrawn_comment_id = withdrawn.id
    db.session.commit()

    world.hidden_round_id = make_consultation(official, announce=False, title="SEKRET runda").id
    later = make_consultation(
        official, title="Runda JAWNA później", comment_visibility="after_close"
    )
    world.later_round_id = later.id
    world.later_comment_id = _comment(later, person, organization, "SEKRET przed końcem", now).id

    proposal = make_proposal(organization, title="Wniosek JAWNY")
    proposal.internal_note = "SEKRET notatka urzędu"
    db.session.commit()
    world.proposal_id = proposal.id
    world.draft_proposal_id = make_proposal(organization, submit=False, title="SEKRET szkic").id

    published = make_closed_vote(consultation=round_, official=official, title="Głosowanie JAWNE")
    make_ballot(published, organization)
    publish_vote_results(published, official, "JAWNE wyniki", now)
    world.published_vote_id = published.id
    withheld = make_closed_vote(
        consultation=round_,
        official=official,
        title="Głosowanie JAWNE, karty wstrzymane",
        min_ballots_for_publication=5,
    )
    make_ballot(withheld, organization)
    publish_vote_results(withheld, official, "JAWNE wyniki bez kart", now)
    world.withheld_vote_id = withheld.id
    preview = make_closed_vote(consultation=round_, official=official, title="Podgląd JAWNY")
    make_ballot(preview, organization)
    results.compute_preview(preview, official, "SEKRET podgląd wyników", now)
    world.preview_vote_id = preview.id
    world.setup_vote_id = make_vote(
        round_,
        official,
        title="SEKRET w przygotowaniu",
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=9),
    ).id
    db.session.commit()

    make_event(official, title="Wydarzenie JAWNE")
    make_opportunity(official, title="Konkurs JAWNY")
    db.session.commit()

    # a programme with a funded task; its report only drafted; a change notice (private)
    from app.programmes import services as programme_services
    from app.programmes.states import NoticeKind
    from tests.programmes.builders import make_funded_task, make_programme

    programme = make_programme(official, year=2026, title="Program JAWNY")
    task = make_funded_task(programme, organization, official)
    programme_services.save_report(official, programme, "SEKRET szkic sprawozdania", "Biuro", now)
    programme_services.file_notice(
        person, task, organization, NoticeKind.SCHEDULE, "SEKRET zmiana", "SEKRET powód", None, now
    )
    db.session.commit()
    world.programme_id = programme.id
    world.task_id = task.id
    return world
