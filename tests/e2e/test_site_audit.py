"""axe-core on every kind of page of the demo site, for each kind of account.

The flow tests audit the pages they pass through; this walks the demo site from the home page
(following links, GET only) and audits the first page of each URL pattern (ids replaced by a
placeholder), so that pages no flow visits are checked too.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from app.common.demo import DEMO_PASSWORD, create_demo_data
from app.extensions import db
from tests.e2e.helpers import log_in

PATTERNS_PER_ACCOUNT = 80
SKIPPED = ("/logout", "/static/", "/unsubscribe", ".ics", ".pb", ".csv", ".json", "lang=")
ACCOUNTS = [
    None,
    "mieszkanka@konsulta.example.org",
    "ngo1@konsulta.example.org",
    "urzednik@konsulta.example.org",
    "admin@konsulta.example.org",
]


def _pattern(path: str) -> str:
    """/votes/3/results?page=2 → /votes/{}/results?page (one audit per kind of page)."""
    url = urlparse(path)
    query = "&".join(sorted(part.split("=")[0] for part in url.query.split("&") if part))
    return re.sub(r"/\d+", "/{}", url.path) + (f"?{query}" if query else "")


def _site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url = urlparse(href.split("#")[0])
        if f"{url.scheme}://{url.netloc}" != base:
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if not any(part in path for part in SKIPPED):
            found.append(path)
    return found


def _audit_site(page, base: str, audit) -> None:
    queue, seen = ["/"], set()
    while queue and len(seen) < PATTERNS_PER_ACCOUNT:
        path = queue.pop(0)
        pattern = _pattern(path)
        if pattern in seen:
            continue
        seen.add(pattern)
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
