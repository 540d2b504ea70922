"""Sending e-mail from templates, in the recipient's language.

Each message is ``templates/emails/<name>.txt``; its first line is ``Subject: ...`` and the rest
is the body. In development (``MAIL_TO_CONSOLE``) messages are written to the log instead.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from app.extensions import mail


def render_email(name: str, locale: str, **context: Any) -> tuple[str, str]:
    """Return (subject, body) of the e-mail template rendered in ``locale``."""
    with force_locale(locale):
        text = render_template(f"emails/{name}.txt", **context)
    first, _, body = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"e-mail template {name} must start with 'Subject:'")
    return first.removeprefix("Subject:").strip(), body.strip() + "\n"


def send_email(to: str, name: str, locale: str | None = None, **context: Any) -> None:
    """Render and send one message; call it only after the database commit."""
    subject, body = render_email(
        name, locale or current_app.config["BABEL_DEFAULT_LOCALE"], **context
    )
    if current_app.config.get("MAIL_TO_CONSOLE"):
        current_app.logger.warning("E-mail to %s\nSubject: %s\n\n%s", to, subject, body)
        return
    message = Message(subject=subject, recipients=[to], body=body)
    mail.send(message)
