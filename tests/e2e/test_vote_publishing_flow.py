"""Browser flow (issue 12, items 3 and 7 for votes): an official can publish results only from
a checked preview of the same ballots, through a confirmation that says what will happen; a
secret vote with too few ballots publishes its result but not its ballots file, and says why.
Every page is audited with axe, on a phone (390 px) and on a desktop (1280 px)."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import utcnow
from tests.e2e.helpers import log_in, log_out
from tests.factories import PASSWORD, make_ballot, make_organization, make_user, make_vote

OPTIONS = [{"title": "Seniorzy"}, {"title": "Sport dzieci"}, {"title": "Przyroda"}]
WARNING = (
    "Wyniki staną się publiczne i zostaną wysłane powiadomienia; tej czynności nie można cofnąć."
)


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_publish_from_a_checked_preview_with_a_confirmation(live_server, page, audit):
    now = utcnow()
    vote = make_vote(
        title="Priorytety tajne",
        options=OPTIONS,
        min_ballots_for_publication=5,
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(hours=1),
    )
    keys = [option.key for option in vote.options]
    make_ballot(vote, make_organization(name="Fundacja Jedyna"), keys, channel="paper")
    official = make_user(role=Role.OFFICIAL)
    manage = f"{live_server}/votes/{vote.id}/results/manage"

    # --- on a phone: no publishing before a preview; the confirmation; a changed ballot ----
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, official.email, PASSWORD)
    page.goto(manage)
    expect(page.locator("main")).to_contain_text(
        "Wyniki można opublikować dopiero po obliczeniu i sprawdzeniu podglądu."
    )
    expect(page.locator("main")).to_contain_text("co najmniej 5 kart")
    expect(page.get_by_role("link", name="Opublikuj wyniki…")).to_have_count(0)
    audit(page)
    page.get_by_label("Stanowisko urzędu").fill("Urząd uwzględni wyniki.")
    page.get_by_role("button", name="Zapisz stanowisko i oblicz podgląd").click()
    expect(page.locator("main")).to_contain_text("Podgląd: te wyniki nie są opublikowane")
    expect(page.locator("#ballots-withheld")).to_contain_text(
        "Plik z kartami nie jest publikowany: oddano 1 kartę, a tajność głosowania wymaga co "
        "najmniej 5."
    )
    audit(page)

    page.goto(manage)
    page.get_by_role("link", name="Opublikuj wyniki…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opublikuj wyniki")
    expect(page.locator("#publish-warning")).to_have_text(WARNING)
    audit(page)
    # the button without the tick: the page again, with the message at the box
    page.get_by_role("button", name="Opublikuj wyniki teraz").click()
    expect(page.locator("main")).to_contain_text("Zaznacz pole, aby potwierdzić.")
    audit(page)

    # a paper ballot is typed in after the preview: publishing is refused
    make_ballot(vote, make_organization(name="Stowarzyszenie Późne"), keys[:1], channel="paper")
    page.get_by_label("Potwierdzam: podgląd jest sprawdzony").check()
    page.get_by_role("button", name="Opublikuj wyniki teraz").click()
    expect(page).to_have_url(manage)
    expect(page.locator("main")).to_contain_text("Karty zmieniły się od sprawdzonego podglądu")
    audit(page)

    # --- on a desktop: a new preview, then publishing by keyboard --------------------------
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Zapisz stanowisko i oblicz podgląd").click()
    expect(page.locator("#ballots-withheld")).to_contain_text("oddano 2 karty")
    page.goto(manage)
    page.get_by_role("link", name="Opublikuj wyniki…").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#publish-warning")).to_have_text(WARNING)
    expect(page.locator("main")).to_contain_text("oddano 2 karty")  # what will stay unpublished
    audit(page)
    _tab_to(page, "input[name=confirmed]")
    page.keyboard.press("Space")
    _tab_to(page, "form button.btn-danger")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Wyniki zostały opublikowane.")
    audit(page)
    log_out(page)

    # --- a visitor: the result is public, the ballots file is not, and the page says why ---
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/votes/{vote.id}/results")
        expect(page.locator("#outcome-table")).to_contain_text("Seniorzy")
        expect(page.locator("#ballots-withheld")).to_contain_text(
            "oddano 2 karty, a tajność głosowania wymaga co najmniej 5"
        )
        expect(page.get_by_role("link", name="Zanonimizowane karty do głosowania")).to_have_count(0)
        expect(page.locator("main")).not_to_contain_text("wprowadzone z kart papierowych")
        audit(page)
        response = page.goto(f"{live_server}/votes/{vote.id}/ballots.pb")
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Plik z kartami nie jest publikowany"
        )
        audit(page)
