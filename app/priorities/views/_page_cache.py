"""Rendered HTML of published results, per application and process (a small LRU).

A published result never changes, so entries hold the result's id and digest and are only
ever replaced, never wrong; the cache saves rendering, and nothing depends on it (every
process fills its own). Keys: ``("body", vote, result, digest, language)`` for the result
body, ``("page", vote, language, path)`` for the whole page of an anonymous visitor.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from app.extensions import db
from app.priorities.models import VoteResult


class RenderCache:
    def __init__(self, size: int = 64) -> None:
        self.entries: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.size = size

    def get(self, key: tuple) -> Any:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: tuple, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


@dataclass
class CachedPage:
    html: str  # with CSRF_PLACEHOLDER where the visitor's CSRF token goes
    result_key: tuple
    checked_at: float  # time.monotonic() of the last check that the result is still published


#: A cached page is served for this long before the database is asked again whether the
#: result is still the published one (it never changes; this bounds staleness if a vote is
#: ever deleted).
PAGE_CHECK_SECONDS = 10.0
#: Stands for the per-session CSRF token in a cached page (the language switch form needs it).
CSRF_PLACEHOLDER = "\x00csrf-token\x00"


def cache() -> RenderCache:
    return current_app.extensions.setdefault("priority_results_cache", RenderCache())


def public_page_key(vote_id: int) -> tuple | None:
    """The cache key of the whole page for an anonymous visitor, or None.

    Signed-in people (their menu differs) and pages with flashed messages are never cached.
    """
    if current_user.is_authenticated or session.get("_flashes"):
        return None
    return ("page", vote_id, str(get_locale()), request.full_path)


def _published_result_key(vote_id: int) -> tuple | None:
    row = db.session.execute(
        select(VoteResult.id, VoteResult.ballots_sha256, VoteResult.published_at).where(
            VoteResult.vote_id == vote_id
        )
    ).first()
    if row is None or row.published_at is None:
        return None
    return (row.id, row.ballots_sha256)


def cached_page(page_key: tuple | None, vote_id: int) -> str | None:
    """The cached page for an anonymous visitor, with their CSRF token, if still current."""
    if page_key is None:
        return None
    cached = cache().get(page_key)
    if cached is None:
        return None
    now = time.monotonic()
    if now - cached.checked_at >= PAGE_CHECK_SECONDS:
        if _published_result_key(vote_id) != cached.result_key:
            return None
        cached.checked_at = now
    return cached.html.replace(CSRF_PLACEHOLDER, generate_csrf())


def store_page(page_key: tuple, html: str, result: VoteResult) -> None:
    cache().put(
        page_key,
        CachedPage(
            html.replace(generate_csrf(), CSRF_PLACEHOLDER),
            (result.id, result.ballots_sha256),
            time.monotonic(),
        ),
    )
