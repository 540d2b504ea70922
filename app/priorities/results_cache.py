"""The rendered body of published results, kept in the application's cache (Flask-Caching).

What is cached is only the part of the results page that is the same for everyone: the body
(turnout, outcome table, chart, the count step by step, downloads) of a *published* result,
rendered in one language. The page around it — the menu with the person's name, the CSRF
tokens of the log-out and language forms, flashed messages, the officials' link — is rendered
for every request, so nothing personal and no token is ever served to another person.

Visitors who are not signed in get the whole page from the cache (:func:`cached_for_visitors`,
which says why that is safe); everyone else gets the frame rendered for them around the cached
body.

The key of the body names the version of the body's template, the vote, the result's id, the
SHA-256 of its ballots file, its publication time, the exact rule and the language: a
published result never changes, so an entry is never wrong, and a different result (a new id
or digest) simply has another key; old entries expire (``CACHE_DEFAULT_TIMEOUT``). Previews
are not cached: only officials see them, and they may be recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from flask import g, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from app.extensions import cache
from app.priorities.models import Vote, VoteResult

#: The version of what the body shows: raised whenever the body starts showing something new
#: (2: the explanations, the share per voter, the side-by-side and the new chart of issue 13;
#: 3: the XLSX download of issue 15), so that a deployment never serves a body rendered by the
#: previous templates.
BODY_VERSION = 3


def body_key(vote: Vote, result: VoteResult) -> str:
    """The body's version, the vote, the result (its id, digest and publication time: a row
    that replaces a deleted one gets another key even if a database reuses the id), the exact
    rule it was counted with (the method's name and sentence are on the page) and the
    language."""
    published = result.published_at.timestamp() if result.published_at else ""
    return (
        f"priorities/results-body/v{BODY_VERSION}/{vote.id}/{result.id}/{result.ballots_sha256}"
        f"/{published}/{quote(vote.method, safe='')}/{get_locale()}"
    )


def published_body(vote: Vote, result: VoteResult, render: Callable[[], str]) -> Markup:
    """The rendered body of a published result: from the cache, or ``render()`` stored there."""
    key = body_key(vote, result)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html)
    return Markup(html)  # noqa: S704 - a template rendered with autoescaping


#: How long a visitor's copy of a published results page is kept (the results never change;
#: this bounds how long a renamed vote or round keeps its old title on the page).
PAGE_TIMEOUT = 60


def _page_key() -> str:
    return f"priorities/results-page/{get_locale()}/{request.full_path}"


def _personal_request() -> bool:
    """A request whose page may differ from the next visitor's: a signed-in person, or a
    session with something in it (flashed messages, a CSRF token for a form)."""
    return bool(current_user.is_authenticated or session)


def share_with_visitors(shared: bool) -> None:
    """Say whether this request's page may be kept for visitors: only published results (a
    page saying the results are not published yet must not outlive their publication)."""
    g.results_page_shared = shared


def _shared_response(response) -> bool:
    """Keep only pages that are the same for every visitor: a 200 that set no cookie, which
    the view marked with :func:`share_with_visitors`."""
    status = getattr(response, "status_code", 200)
    headers = getattr(response, "headers", {})
    return status == 200 and "Set-Cookie" not in headers and g.get("results_page_shared", False)


def cached_for_visitors(view: Callable) -> Callable:
    """Serve the whole page from the cache to visitors who are not signed in.

    Safe because such a page carries nothing personal and no CSRF token: the menu of a
    visitor who is not signed in has no form (the language switch is a link for them), the
    results page has no form of its own, and a request with a session (flashed messages, a
    token) or a signed-in person always gets a page rendered for them. Only 200 answers of
    published results are kept, so a refusal or a "not published yet" page is never cached.
    """
    return cache.cached(
        timeout=PAGE_TIMEOUT,
        key_prefix=_page_key,
        unless=_personal_request,
        response_filter=_shared_response,
    )(view)
