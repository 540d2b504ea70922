"""axe-core on every kind of page of the demo site, for each kind of account.

The flow tests audit the pages they pass through; this walks the demo site from the home page
(following links, GET only) as each account and audits the first page of each URL pattern (ids
replaced by a placeholder) that no earlier account had audited, and each account's home page, so
that pages no flow visits are checked too.
"""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.site.demo import DEMO_PASSWORD, create_demo_data
from tests.conftest import Auth
from tests.demo_site import ACCOUNTS, pattern, walk
from tests.e2e.helpers import log_in

PAGES_PER_ACCOUNT = 120


def _new_kinds(app, email: str | None, audited: set[str]) -> list[str]:
    """The first page of each kind the account reaches (found with the test client, which is
    much faster than the browser) that no earlier account had audited, and its home page."""
    client = app.test_client()
    if email:
        Auth(client).login_as(db.session.scalar(select(User).where(User.email == email)))
    chosen: dict[str, str] = {}
    for path, status in walk(client, PAGES_PER_ACCOUNT):
        assert status < 400, f"{path}: {status}"
        kind = pattern(path)
        if (kind == "/" or kind not in audited) and kind not in chosen:
            chosen[kind] = path
    audited.update(chosen)
    return list(chosen.values())


def test_every_kind_of_page_passes_axe(app, live_server, page, audit):
    create_demo_data()
    db.session.commit()
    audited: set[str] = set()
    for email in ACCOUNTS:
        if email:
            log_in(page, live_server, email, DEMO_PASSWORD)
        for path in _new_kinds(app, email, audited):
            response = page.goto(f"{live_server}{path}")
            assert response.status < 400, f"{path}: {response.status}"
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            audit(page)
        if email:
            page.context.clear_cookies()
    assert len(audited) > 50  # kinds of page
