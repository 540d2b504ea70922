"""The rendered body of published results, kept in the application's cache (Flask-Caching).

What is cached is only the part of the results page that is the same for everyone: the body
(turnout, outcome table, chart, the count step by step, downloads) of a *published* result,
rendered in one language. The page around it — the menu with the person's name, the CSRF
tokens of the log-out and language forms, flashed messages, the officials' link — is rendered
for every request, so nothing personal and no token is ever served to another person.

The key names the vote, the result's id, the SHA-256 of its ballots file, its publication time
and the language: a published result never changes, so an entry is never wrong, and a different
result (a new id or digest) simply has another key; old entries expire
(``CACHE_DEFAULT_TIMEOUT``). Previews are not cached: only officials see them, and they may be
recomputed.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import get_locale
from markupsafe import Markup

from app.extensions import cache
from app.priorities.models import Vote, VoteResult


def body_key(vote: Vote, result: VoteResult) -> str:
    """The vote, the result (its id, digest and publication time: a row that replaces a
    deleted one gets another key even if a database reuses the id) and the language."""
    published = result.published_at.timestamp() if result.published_at else ""
    return (
        f"priorities/results-body/{vote.id}/{result.id}/{result.ballots_sha256}/{published}"
        f"/{get_locale()}"
    )


def published_body(vote: Vote, result: VoteResult, render: Callable[[], str]) -> Markup:
    """The rendered body of a published result: from the cache, or ``render()`` stored there."""
    key = body_key(vote, result)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html)
    return Markup(html)  # noqa: S704 - a template rendered with autoescaping
