"""Values kept for one request only.

``flask.g`` lives as long as the application context, and the test client and CLI commands keep
one context across several requests; values that must not outlive a request (a lookup cached
for the page, e-mails queued until the commit) go here instead.
"""

from __future__ import annotations

from flask import g, has_request_context, request

_KEY = "konsulta.request_scope"


def request_scope() -> dict:
    """This request's own dict (outside a request: the application context's)."""
    if has_request_context():
        return request.environ.setdefault(_KEY, {})
    if _KEY not in g:
        setattr(g, _KEY, {})
    return getattr(g, _KEY)
