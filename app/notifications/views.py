"""The in-site notifications, e-mail settings, one-click unsubscribe, and follows.

The URL map is ``app/notifications/blueprint.py``.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from app.auth.forms import ConfirmForm
from app.auth.models import User
from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.tokens import TokenError, TokenPurpose, read_token
from app.common.urls import safe_next_url
from app.common.web import commit, get_or_404
from app.extensions import csrf, db
from app.notifications import queries, services
from app.notifications.emails import UNSUBSCRIBE_MAX_AGE
from app.notifications.forms import PreferencesForm
from app.notifications.messages import describe
from app.notifications.models import EmailMode, FollowTarget, Notification
from app.organizations.queries import all_areas


def _preferences_form() -> PreferencesForm:
    mode = services.email_modes([current_user.id])[current_user.id]
    return PreferencesForm(data={"email_mode": mode})


def _render_index(form: PreferencesForm, status: int = 200):
    page = db.paginate(
        queries.notifications_query(current_user.id),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "notifications/index.html",
        page=page,
        describe=describe,
        form=form,
        confirm_form=ConfirmForm(),
        unread=services.unread_count(current_user.id),
    ), status


@login_required
def index():
    """My notifications, newest first, and how I want them by e-mail."""
    return _render_index(_preferences_form())


@login_required
def read(notification_id: int):
    """Mark one notification read; with ``open`` set, go on to what it is about."""
    notification = get_or_404(Notification, notification_id)
    require(notification.user_id == current_user.id)
    if ConfirmForm().validate_on_submit():
        services.mark_read(notification, utcnow())
        commit()
        if request.form.get("open") and notification.link.startswith("/"):
            return redirect(notification.link)
    return redirect(url_for("notifications.index"))


@login_required
def read_all():
    """Mark all my notifications read."""
    if ConfirmForm().validate_on_submit():
        services.mark_all_read(current_user, utcnow())
        commit()
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@login_required
def preferences():
    """Choose how notifications come by e-mail: at once, daily, or never."""
    form = PreferencesForm()
    if not form.validate_on_submit():
        return _render_index(form, 400)
    services.set_email_mode(current_user.id, form.email_mode.data, utcnow())
    commit()
    flash(_("Your notification settings have been saved."), "success")
    return redirect(url_for("notifications.index"))


def _unsubscribing_user(token: str) -> User | None:
    try:
        payload = read_token(TokenPurpose.UNSUBSCRIBE, token, UNSUBSCRIBE_MAX_AGE)
    except TokenError:
        return None
    user_id = payload.get("user")
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


def unsubscribe(token: str):
    """The page an e-mail's unsubscribe link opens: one button, no log-in needed."""
    user = _unsubscribing_user(token)
    if user is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 400
    return render_template("notifications/unsubscribe.html", person=user, token=token, done=False)


@csrf.exempt  # RFC 8058 one-click: mail clients POST without a session; the token authorises
def unsubscribe_post(token: str):
    """Stop all notification e-mails of the token's person (RFC 8058 one-click or the page)."""
    user = _unsubscribing_user(token)
    if user is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 400
    services.set_email_mode(user.id, EmailMode.NEVER, utcnow())
    commit()
    if request.form.get("List-Unsubscribe") == "One-Click":
        return "Unsubscribed\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("notifications/unsubscribe.html", person=user, done=True)


@login_required
def follows():
    """What I follow, grouped by kind, with the areas of public benefit to follow."""
    followed = queries.follows_of(current_user.id)
    return render_template(
        "follows/index.html",
        followed=followed,
        areas=all_areas(),
        followed_areas={item.target.id for item in followed[FollowTarget.AREA]},
        form=ConfirmForm(),
    )


def _target_or_404(target_type: str, target_id: int):
    target = queries.followable(target_type, target_id)
    if target is None:
        abort(404)
    return target


def _back() -> str:
    return safe_next_url(request.form.get("next")) or url_for("notifications.follows")


@login_required
def follow(target_type: str, target_id: int):
    """Follow an area, organization, consultation or opportunity."""
    _target_or_404(target_type, target_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.follow(current_user, FollowTarget(target_type), target_id, utcnow())
            commit()
        except IntegrityError:  # a double click: the first request already saved it
            db.session.rollback()
        flash(_("You follow it now: you will be notified of what is new."), "success")
    return redirect(_back())


@login_required
def unfollow(target_type: str, target_id: int):
    """Stop following."""
    if target_type not in {t.value for t in FollowTarget}:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.unfollow(current_user, target_type, target_id)
        commit()
        flash(_("You no longer follow it."), "info")
    return redirect(_back())
