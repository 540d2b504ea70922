"""Every link the demo site shows to each kind of account leads to a working page.

A breadth-first walk from the home page over the links of each page (GET only, no downloads),
as a visitor, a resident, a representative, an official and an administrator. A link to a page
that refuses (403), is missing (404) or fails (500) is a defect even when each route is correct
on its own: it means a page offers something to the wrong person.
"""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.site.demo import create_demo_data
from tests.conftest import Auth
from tests.demo_site import ACCOUNTS, walk

PAGES_PER_ACCOUNT = 120


def test_no_link_leads_to_an_error(app):
    create_demo_data()  # seeded once for all the accounts (it takes a few seconds)
    db.session.commit()
    broken = {}
    for email in ACCOUNTS:
        client = app.test_client()
        if email:
            Auth(client).login_as(db.session.scalar(select(User).where(User.email == email)))
        visited = walk(client, PAGES_PER_ACCOUNT)
        broken[email or "visitor"] = [(path, status) for path, status in visited if status >= 400]
    assert broken == {(email or "visitor"): [] for email in ACCOUNTS}
