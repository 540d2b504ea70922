"""axe-core on every kind of page of the demo site, for each kind of account.

The flow tests audit the pages they pass through; this walks the demo site from the home page
(following links, GET only) and audits the first page of each URL pattern (ids replaced by a
placeholder), so that pages no flow visits are checked too.
"""

from __future__ import annotations

from app.common.demo import DEMO_PASSWORD, create_demo_data
from app.extensions import db
from tests.demo_site import ACCOUNTS, page_path, pattern
from tests.e2e.helpers import log_in

PATTERNS_PER_ACCOUNT = 80


def _site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    return [p for p in (page_path(href, base) for href in hrefs) if p]


def _audit_site(page, base: str, audit) -> None:
    queue, seen = ["/"], set()
    while queue and len(seen) < PATTERNS_PER_ACCOUNT:
        path = queue.pop(0)
        kind = pattern(path)
        if kind in seen:
            continue
        seen.add(kind)
        response = page.goto(f"{base}{path}")
        assert response.status < 400, f"{path}: {response.status}"
        audit(page)
        queue += _site_links(page, base)


def test_every_kind_of_page_passes_axe(live_server, page, audit):
    create_demo_data()
    db.session.commit()
    for email in ACCOUNTS:
        if email:
            log_in(page, live_server, email, DEMO_PASSWORD)
        _audit_site(page, live_server, audit)
        if email:
            page.context.clear_cookies()
    assert len(audit.audited) > 100
