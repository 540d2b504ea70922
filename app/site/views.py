"""The home page, the language switch and the site's information pages.

The URL map is ``app/site/blueprint.py``.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app.auth.forms import ConfirmForm
from app.common.i18n import set_language_cookie
from app.common.identity import site_identity
from app.common.timeutil import utcnow
from app.common.urls import safe_next_url
from app.common.web import commit
from app.consultations.messages import STAGE_LABELS
from app.extensions import db
from app.organizations.models import Organization, OrganizationStatus
from app.organizations.permissions import is_official
from app.organizations.queries import latest_verified_organizations
from app.settings import views as settings_views
from app.site import dashboard, readiness


def index():
    """The home page: what is open now, and each signed-in person's to-do list."""
    now = utcnow()
    verified_count = db.session.scalar(
        select(func.count(Organization.id)).where(
            Organization.status == OrganizationStatus.VERIFIED
        )
    )
    signed_in = current_user.is_authenticated
    return render_template(
        "site/index.html",
        verified_count=verified_count,
        latest=latest_verified_organizations(limit=6),
        open_stages=dashboard.open_stages(now),
        events=dashboard.upcoming_events(now),
        opportunities=dashboard.opportunities_by_deadline(now),
        todos=dashboard.representative_todo(current_user.id, now) if signed_in else [],
        official=dashboard.official_todo() if is_official(current_user) else None,
        stage_labels=STAGE_LABELS,
    )


def choose_language(locale: str):
    """The language link of visitors who are not signed in: only a cookie changes (nothing
    stored on the server, hence a link and no form), so their pages carry no CSRF token."""
    target = safe_next_url(request.args.get("next")) or url_for("site.index")
    response = redirect(target)
    if locale in current_app.config["LANGUAGES"]:
        set_language_cookie(response, locale)
    return response


def set_language():
    """Switch the interface language; the choice is kept in a cookie and the profile."""
    locale = request.form.get("lang", "")
    target = safe_next_url(request.form.get("next")) or url_for("site.index")
    response = redirect(target)
    if ConfirmForm().validate_on_submit() and locale in current_app.config["LANGUAGES"]:
        set_language_cookie(response, locale)
        if current_user.is_authenticated:
            current_user.locale = locale
            commit()
    return response


def privacy():
    """The privacy notice (GDPR art. 13)."""
    return render_template("site/privacy.html")


def accessibility():
    """The old address of the accessibility statement: it now lives at the address the
    statement's template expects (``/deklaracja-dostepnosci``, the settings wing)."""
    return redirect(url_for("settings.statement"), 301)


def healthz():
    """A minimal liveness check for load balancers (and the benchmarks' baseline route)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def readyz():
    """Readiness for load balancers and orchestrators: the database and Redis (when used) answer.

    503 with the failing check named (never the error text, which may hold addresses) when not.
    """
    checks = {"database": readiness.check_database()}
    for name, url in readiness.redis_urls(current_app.config).items():
        checks[name] = readiness.check_redis(url, current_app.config["READYZ_TIMEOUT_SECONDS"])
    ready = all(state == "ok" for state in checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return jsonify(body), 200 if ready else 503, {"Cache-Control": "no-store"}


def favicon():
    """``/favicon.ico``, which browsers ask for whatever the page links: the uploaded favicon
    (site settings), else the built-in SVG mark."""
    if site_identity().favicon_hash:
        return settings_views.asset("favicon")
    svg = Path(current_app.static_folder, "favicon.svg").read_bytes()
    return svg, 200, {"Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400"}
