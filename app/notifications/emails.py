"""Composing notification e-mails (plain text and HTML) in the recipient's language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from app.auth.models import User
from app.common.mail import render_email
from app.common.models import OutboxMessage
from app.common.tokens import TokenPurpose, make_token
from app.common.urls import path_for, site_url
from app.notifications.messages import describe
from app.notifications.models import Notification

#: An unsubscribe link keeps working for a year (the token only ever switches e-mail off).
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600


def unsubscribe_token(user: User) -> str:
    return make_token(TokenPurpose.UNSUBSCRIBE, {"user": user.id})


def unsubscribe_url(user: User) -> str:
    return site_url(path_for("notifications.unsubscribe", token=unsubscribe_token(user)))


def locale_of(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def compose(user: User, notifications: list[Notification], digest: bool) -> OutboxMessage:
    """An outbox message about one notification, or a digest of several."""
    locale = locale_of(user)
    unsubscribe = unsubscribe_url(user)
    context = {
        "user": user,
        "items": [
            {"text": "", "link": site_url(n.link) if n.link else "", "notification": n}
            for n in notifications
        ],
        "unsubscribe_url": unsubscribe,
        "settings_url": site_url(path_for("notifications.index")),
        "digest": digest,
    }
    with force_locale(locale):
        for item in context["items"]:
            item["text"] = describe(item["notification"].kind, item["notification"].params)
        name = "digest" if digest else "notification"
        subject, text = render_email(name, locale, **context)
        html = render_template(f"emails/{name}.html", subject=subject, locale=locale, **context)
    return OutboxMessage(
        user_id=user.id,
        to_address=user.email,
        locale=locale,
        kind="digest" if digest else "immediate",
        subject=subject[:300],
        text_body=text,
        html_body=html,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
