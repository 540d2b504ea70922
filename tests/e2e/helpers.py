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


def log_out(page) -> None:
    page.get_by_role("button", name="Wyloguj się").click()
    page.wait_for_load_state()


def link_from(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return LINK.search(body).group(0)
