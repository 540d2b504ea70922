"""What the demo-site walks (tests/test_demo_links.py, tests/e2e/test_site_audit.py) share:
the accounts to walk as, which links to follow, and the walk itself (with the test client)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

#: A visitor (None), a resident, a representative, an official and an administrator.
ACCOUNTS = [
    None,
    "mieszkanka@konsulta.example.org",
    "ngo1@konsulta.example.org",
    "urzednik@konsulta.example.org",
    "admin@konsulta.example.org",
]

#: Log-out, assets, one-click unsubscribe, the language switch and downloads are not pages.
_NOT_PAGES = re.compile(
    r"/logout|/static/|/unsubscribe|lang=|/language/|\.(ics|pb|csv|json|xlsx)\b|/attachments/\d+$"
)


def page_path(href: str, origin: str) -> str | None:
    """The path (with query) of a link to a page of the site at ``origin``, or None."""
    url = urlparse(href.split("#")[0])
    if f"{url.scheme}://{url.netloc}" != origin:
        return None
    path = url.path + (f"?{url.query}" if url.query else "")
    return None if _NOT_PAGES.search(path) else path


def pattern(path: str) -> str:
    """/votes/3/results?page=2 → /votes/{}/results?page (one audit per kind of page)."""
    url = urlparse(path)
    query = "&".join(sorted(part.split("=")[0] for part in url.query.split("&") if part))
    return re.sub(r"/\d+", "/{}", url.path) + (f"?{query}" if query else "")


def _links(path: str, html: str, origin: str) -> list[str]:
    found = re.findall(r'href="([^"#]+)"', html)
    hrefs = (urljoin(f"{origin}{path}", href.replace("&amp;", "&")) for href in found)
    return [p for p in (page_path(href, origin) for href in hrefs) if p]


def walk(client, limit: int) -> list[tuple[str, int]]:
    """(path, status) of up to ``limit`` pages reached from the home page, breadth first."""
    origin = "http://localhost"
    seen: set[str] = set()
    queue = ["/"]
    visited = []
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        visited.append((path, response.status_code))
        if response.status_code == 200 and response.mimetype == "text/html":
            queue += _links(path, response.get_data(as_text=True), origin)
    return visited
