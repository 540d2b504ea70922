"""The home page's to-do lists in a real browser, audited with axe-core: a representative sees
the consultation their organization has not commented on and the vote it has not cast, and
follows the link to the ballot; an official sees the comment awaiting an answer and the
organization awaiting verification, and follows the link to the verification queue.
"""

from __future__ import annotations

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from tests.e2e.helpers import log_in, log_out
from tests.factories import (
    PASSWORD,
    make_consultation,
    make_organization,
    make_user,
    make_vote,
)


def test_representative_and_official_to_do(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org")
    round_ = make_consultation(official, title="Program współpracy 2027")
    organization = make_organization(name="Klub Seniora")
    other = make_organization(name="Fundacja Zieleń")
    make_organization(verified=False, name="Sąsiedzi z Wólek")
    vote = make_vote(round_, official, title="Priorytety programu 2027")
    consultation_services.submit_comment(
        round_,
        other.memberships[0].user,
        other,
        consultation_services.CommentData(None, "Dodać paragraf o seniorach", "Potrzeba"),
        utcnow(),
    )
    db.session.commit()

    log_in(page, live_server, organization.memberships[0].user.email, PASSWORD)
    page.goto(f"{live_server}/")
    todo = page.get_by_role("region", name="Do zrobienia: Klub Seniora")
    expect(todo).to_contain_text("Otwarte konsultacje bez Waszych uwag")
    expect(todo.get_by_role("link", name="Program współpracy 2027")).to_be_visible()
    expect(todo).to_contain_text("Głosowania, w których jeszcze nie oddano głosu")
    audit(page)
    todo.get_by_role("link", name="Priorytety programu 2027").click()
    expect(page).to_have_url(f"{live_server}/votes/{vote.id}")
    audit(page)
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/")
    office = page.get_by_role("region", name="Czeka na urząd")
    expect(office).to_contain_text("Uwagi czekające na odpowiedź")
    expect(office).to_contain_text("Program współpracy 2027")
    expect(office).to_contain_text("Sąsiedzi z Wólek")
    audit(page)
    office.get_by_role("link", name="Przejdź do kolejki weryfikacji").click()
    expect(page.get_by_text("Sąsiedzi z Wólek")).to_be_visible()
    audit(page)
