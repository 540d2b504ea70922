"""Follows and notifications in a real browser, every page audited with axe-core: a person
follows an area → an official publishes an opportunity and announces a consultation in it →
the notifications show in the site (unread badge) and arrive by e-mail in a real SMTP sink →
the message's unsubscribe link works without logging in; the person also marks all read,
switches to the daily summary and stops following the area on the follows page.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.outbox import send_due
from app.common.timeutil import WARSAW, utcnow
from app.extensions import db
from app.notifications.models import EmailMode, NotificationPreference
from app.organizations.queries import area_by_code
from tests.e2e.helpers import log_in, log_out, menu_link, open_menu
from tests.factories import PASSWORD, make_consultation, make_user

UNSUBSCRIBE = re.compile(r"https?://\S+/notifications/unsubscribe/\S+")


def _local(value) -> str:
    return value.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def test_follow_notify_email_and_unsubscribe(live_server, page, audit, smtp):
    follower = make_user(email="obserwator@example.org", name="Olga Obserwująca")
    official = make_user(role=Role.OFFICIAL, email="urzednik@example.org", name="Jan Urzędnik")
    draft = make_consultation(official, announce=False, title="Program dla seniorów 2027")
    seniors = area_by_code("seniors").name_pl

    log_in(page, live_server, follower.email, PASSWORD, audit)
    menu_link(page, "Powiadomienia", "account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Powiadomienia")
    audit(page)
    page.get_by_role("link", name="Obserwowane").click()
    audit(page)
    # the visually hidden part of a button's name is read after a space: "Obserwuj : <area>"
    page.get_by_role("button", name=re.compile(rf"^Obserwuj\s*: {re.escape(seniors)}$")).click()
    expect(page.locator(".alert-success")).to_contain_text("Obserwujesz")
    following = re.compile(rf"^Obserwujesz\s*: {re.escape(seniors)}")
    expect(page.get_by_role("button", name=following)).to_be_visible()
    audit(page)
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/opportunities/new")
    audit(page)
    page.get_by_label("Tytuł").fill("Mały grant: kluby seniora")
    page.get_by_label("Termin składania ofert").fill(_local(utcnow() + timedelta(days=20)))
    page.get_by_label(seniors).check()
    page.get_by_role("button", name="Opublikuj ogłoszenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mały grant: kluby seniora")
    page.goto(f"{live_server}/consultations/{draft.id}")
    audit(page)
    page.get_by_role("link", name="Ogłoś…").click()  # a confirmation page says what happens
    audit(page)
    page.get_by_label("Rozumiem, że tego nie można cofnąć").check()
    page.get_by_role("button", name="Ogłoś konsultacje").click()
    expect(page.locator(".alert-success")).to_be_visible()
    audit(page)
    log_out(page)

    # nothing is sent before the worker runs (cron: `flask notifications send`)
    assert smtp.to(follower.email) == []
    assert send_due().sent == 2
    messages = smtp.to(follower.email)
    assert len(messages) == 2
    subjects = " | ".join(m["Subject"] for m in messages)
    assert "Mały grant: kluby seniora" in subjects and "Program dla seniorów 2027" in subjects
    message = messages[-1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(preferencelist=("html",)) is not None

    log_in(page, live_server, follower.email, PASSWORD)
    # the unread count shows on the person's name, which opens their menu
    expect(page.locator("details.nav-dropdown-end summary")).to_contain_text("2 nieprzeczytane")
    audit(page)
    open_menu(page, "account")
    badge = page.get_by_role("link", name=re.compile("Powiadomienia 2 nieprzeczytane"))
    expect(badge).to_be_visible()
    badge.click()
    expect(page.get_by_text("Masz 2 nieprzeczytane powiadomienia.")).to_be_visible()
    items = page.locator(".notification-list > li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Nowe konsultacje w obserwowanej sferze")
    expect(items.last).to_contain_text("Nowa możliwość w obserwowanej sferze")
    audit(page)
    page.get_by_role("button", name=re.compile(r"^Otwórz\s*: Nowe konsultacje")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Program dla seniorów 2027")
    expect(page.locator("details.nav-dropdown-end summary")).to_contain_text("1 nieprzeczytane")
    # the rest marked read at once; e-mail switched to the daily summary
    open_menu(page, "account")
    page.get_by_role("link", name=re.compile("Powiadomienia 1 nieprzeczytane")).click()
    page.get_by_role("button", name="Oznacz wszystkie jako przeczytane").click()
    expect(page.locator(".alert-success")).to_contain_text("oznaczono jako przeczytane")
    expect(page.locator(".site-header")).not_to_contain_text("nieprzeczytane")
    page.get_by_label("Raz dziennie: podsumowanie powiadomień z całego dnia").check()
    page.get_by_role("button", name="Zapisz ustawienia").click()
    expect(page.locator(".alert-success")).to_contain_text("Ustawienia powiadomień")
    expect(
        page.get_by_label("Raz dziennie: podsumowanie powiadomień z całego dnia")
    ).to_be_checked()
    audit(page)
    db.session.expire_all()
    assert db.session.get(NotificationPreference, follower.id).email_mode == EmailMode.DAILY
    log_out(page)

    body = message.get_body(preferencelist=("plain",)).get_content()
    link = UNSUBSCRIBE.search(body).group(0)
    page.goto(link)  # signed out: no log-in needed
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wyłączenie e-maili z powiadomieniami"
    )
    audit(page)
    page.get_by_role("button", name="Wyłącz e-maile").click()
    expect(page.get_by_role("status").last).to_contain_text("obserwator@example.org")
    audit(page)
    db.session.expire_all()
    assert db.session.get(NotificationPreference, follower.id).email_mode == EmailMode.NEVER

    # the follows page: stop following the area
    log_in(page, live_server, follower.email, PASSWORD)
    page.goto(f"{live_server}/follows/")
    expect(page.get_by_role("cell", name=seniors, exact=True)).to_be_visible()
    page.get_by_role("button", name=following).click()
    expect(page.locator(".alert-info")).to_contain_text("Już tego nie obserwujesz.")
    expect(page.get_by_role("button", name=following)).to_have_count(0)
    audit(page)
