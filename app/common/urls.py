"""URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def safe_next_url(target: str | None) -> str | None:
    """Return ``target`` only when it is a path on this site (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def site_url(path: str) -> str:
    """An absolute address of ``path`` on this site (the request's host, else SITE_URL)."""
    if path.startswith(("http://", "https://")):
        return path
    base = request.host_url if has_request_context() else current_app.config["SITE_URL"]
    return base.rstrip("/") + "/" + path.lstrip("/")


def path_for(endpoint: str, **values) -> str:
    """``url_for`` that also works outside a request (cron jobs, ``flask seed-demo``)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        return url_for(endpoint, **values)
