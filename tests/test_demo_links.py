"""Every link the demo site shows to each kind of account leads to a working page.

A breadth-first walk from the home page over the links of each page (GET only, no downloads),
as a visitor, a resident, a representative, an official and an administrator. A link to a page
that refuses (403), is missing (404) or fails (500) is a defect even when each route is correct
on its own: it means a page offers something to the wrong person.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from sqlalchemy import select

from app.auth.models import User
from app.common.demo import create_demo_data
from app.extensions import db
from tests.conftest import Auth
from tests.demo_site import ACCOUNTS, page_path

PAGES_PER_ACCOUNT = 120


def _links(path: str, html: str) -> list[str]:
    origin = "http://localhost"
    hrefs = (
        urljoin(f"{origin}{path}", h.replace("&amp;", "&"))
        for h in re.findall(r'href="([^"#]+)"', html)
    )
    return [p for p in (page_path(href, origin) for href in hrefs) if p]


def _walk(client) -> list[tuple[str, int]]:
    seen: set[str] = set()
    queue = ["/"]
    broken = []
    while queue and len(seen) < PAGES_PER_ACCOUNT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code >= 400:
            broken.append((path, response.status_code))
        elif response.status_code == 200 and response.mimetype == "text/html":
            queue += _links(path, response.get_data(as_text=True))
    return broken


def test_no_link_leads_to_an_error(app):
    create_demo_data()  # seeded once for all the accounts (it takes a few seconds)
    db.session.commit()
    broken = {}
    for email in ACCOUNTS:
        client = app.test_client()
        if email:
            Auth(client).login_as(db.session.scalar(select(User).where(User.email == email)))
        broken[email or "visitor"] = _walk(client)
    assert broken == {(email or "visitor"): [] for email in ACCOUNTS}
