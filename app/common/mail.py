"""Sending e-mail from templates, in the recipient's language.

Each message is ``templates/emails/<name>.txt``; its first line is ``Subject: ...`` and the rest
is the body (:func:`render_email`, used by the outbox too), followed by the site's signature
(``emails/_signature.txt``: the platform, the body and its office's contact, from the site
settings). Every message is sent from the platform's name (the site settings) at the
configured ``MAIL_DEFAULT_SENDER`` address (:func:`sender`). In development
(``MAIL_TO_CONSOLE``) messages are written to the log instead.
"""

from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from app.common.identity import site_identity
from app.extensions import mail


def sender() -> str | tuple[str, str]:
    """The From of outgoing mail: the saved platform name as its display name, at the address
    of ``MAIL_DEFAULT_SENDER`` (its own display name, "Konsulta", only stands in for a
    platform without a name)."""
    configured = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    name, address = parseaddr(configured)
    if not address:
        return configured
    return (site_identity().platform_name or name, address)


def render_email(name: str, locale: str, **context: Any) -> tuple[str, str]:
    """Return (subject, body) of the e-mail template rendered in ``locale``."""
    with force_locale(locale):
        text = render_template(f"emails/{name}.txt", **context)
        signature = render_template("emails/_signature.txt", locale=locale).strip()
    first, _, body = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"e-mail template {name} must start with 'Subject:'")
    return first.removeprefix("Subject:").strip(), f"{body.strip()}\n\n{signature}\n"


def send_email(to: str, name: str, locale: str | None = None, **context: Any) -> None:
    """Render and send one message now; call it only after the database commit.

    Only for messages that must not be stored (a ballot's receipt code): everything else is
    written to the outbox with :func:`app.common.outbox.queue_email`, so that a mail
    server that does not answer delays it rather than losing it.
    """
    subject, body = render_email(
        name, locale or current_app.config["BABEL_DEFAULT_LOCALE"], **context
    )
    if current_app.config.get("MAIL_TO_CONSOLE"):
        current_app.logger.warning("E-mail to %s\nSubject: %s\n\n%s", to, subject, body)
        return
    message = Message(subject=subject, recipients=[to], body=body, sender=sender())
    mail.send(message)
