"""Small steps shared by the browser tests."""

from __future__ import annotations

import re

LINK = re.compile(r"https?://\S+")


def log_in(page, base: str, email: str, password: str, audit=None) -> None:
    page.goto(f"{base}/auth/login")
    if audit:
        audit(page)
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()


def open_menu(page, group: str | None = None) -> None:
    """Make the site menu's items visible: on a phone open the folded menu; with ``group`` also
    open that group of the menu: "account" (under the signed-in person's name) or the text of
    its summary (e.g. "Zarządzanie")."""
    toggle = page.locator(".site-menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    if group is not None:
        if group == "account":
            details = page.locator("details.nav-dropdown-end")
        else:
            details = page.locator("details.nav-dropdown").filter(
                has=page.locator("summary", has_text=group)
            )
        if details.get_attribute("open") is None:
            details.locator("summary").click()


def menu_link(page, name: str, group: str | None = None):
    """The site menu's link ``name`` (in ``group``, see :func:`open_menu`), made visible."""
    open_menu(page, group)
    return page.locator(".site-menu").get_by_role("link", name=name, exact=True)


def log_out(page) -> None:
    open_menu(page, "account")
    page.get_by_role("button", name="Wyloguj się").click()
    page.wait_for_load_state()


def link_from(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return LINK.search(body).group(0)


def publish_results(page, audit, base: str, vote_id: int, statement: str) -> None:
    """As a signed-in official: compute the preview with a statement, check it, then publish
    through the confirmation page (a required tick; issue 12, item 7)."""
    page.goto(f"{base}/votes/{vote_id}/results/manage")
    audit(page)
    page.get_by_label("Stanowisko urzędu").fill(statement)
    with page.expect_navigation():
        page.get_by_role("button", name="Zapisz stanowisko i oblicz podgląd").click()
    assert "Podgląd: te wyniki nie są opublikowane" in page.content()
    audit(page)
    page.goto(f"{base}/votes/{vote_id}/results/manage")
    with page.expect_navigation():
        page.get_by_role("link", name="Opublikuj wyniki…").click()
    assert "tej czynności nie można cofnąć" in page.content()
    audit(page)
    page.get_by_label("Potwierdzam: podgląd jest sprawdzony").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opublikuj wyniki teraz").click()
    assert "Wyniki zostały opublikowane." in page.content()


def download_and_recount(page, app, base: str, vote, tmp_path) -> str:
    """On the results page: download the anonymised ballots, recount them with
    ``flask priorities recount`` (the rule the file names) and check the published outcome;
    returns the page text."""
    import json

    text = page.content()
    with page.expect_download() as info:
        page.get_by_role("link", name="Zanonimizowane karty do głosowania").click()
    download = info.value
    assert download.suggested_filename == f"glosowanie-{vote.id}.pb"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    published = page.request.get(f"{base}/votes/{vote.id}/results.json").json()
    # the file alone names its rule (META rule): no --method
    recount = app.test_cli_runner().invoke(
        args=["priorities", "recount", str(path), "--json", "--shares"]
    )
    assert recount.exit_code == 0, recount.output
    recounted = json.loads(recount.output)
    assert recounted.pop("rule_source") == "file"
    assert recounted == published["outcome"]
    assert f"votecount glosowanie-{vote.id}.pb</code>" in text
    return text


def check_receipt(page, audit, base: str, code: str) -> str:
    """The public receipt check page's answer for ``code`` (audited)."""
    page.goto(f"{base}/votes/receipt")
    page.get_by_label("Kod potwierdzenia").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Sprawdź").click()
    audit(page)
    return page.content()
