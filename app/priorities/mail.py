"""The e-mails of a ballot: the receipt to whoever cast it online, the receipt of a paper ballot
to the organization's representatives, and the notice that an organization's ballot was replaced.

The replacement notice carries no receipt code: it is written to the outbox
(:mod:`app.common.outbox`) in the ballot's transaction and sent after the commit, or later by the
worker. Receipt codes are never stored (only their digests), so the messages carrying one cannot
wait in the outbox: they are sent at once, after the commit, and the receipt page shows the code
and says so when the e-mail failed.
"""

from __future__ import annotations

from flask import current_app, url_for

from app.common.mail import send_email
from app.common.outbox import queue_email
from app.priorities.models import Vote
from app.priorities.services import CastResult


def _vote_url(vote: Vote) -> str:
    return url_for("priorities.show", vote_id=vote.id, _external=True)


def queue_replacement_notices(vote: Vote, result: CastResult, organization) -> None:
    """Tell the organization's other representatives that its ballot was replaced online
    (in the ballot's transaction, through the outbox: the notice carries no receipt code)."""
    if not result.replaced:
        return
    link = _vote_url(vote)
    for person in result.others:
        queue_email(
            person.email,
            "ballot_replaced",
            person.locale,
            person.id,
            vote=vote,
            organization=organization,
            cast_by=result.ballot.cast_by,
            code=None,
            replaced=True,
            link=link,
        )


def _mail_code(person, template: str, **context) -> bool:
    """Send a message carrying a receipt code now; False when the mail server refused it."""
    try:
        send_email(person.email, template, person.locale, **context)
    except Exception:  # noqa: BLE001 - any SMTP or network failure; the page shows the code
        current_app.logger.exception("could not e-mail a receipt code to user %s", person.id)
        return False
    return True


def mail_receipts(vote: Vote, result: CastResult, organization, paper: bool) -> bool:
    """E-mail the receipt to whoever cast it online, or, for a paper ballot, to the
    organization's representatives (after the commit); True when every message went out."""
    context = {
        "vote": vote,
        "organization": organization,
        "code": result.code,
        "link": _vote_url(vote),
    }
    caster = result.ballot.cast_by
    if not paper:
        if caster is None:
            return True
        return _mail_code(caster, "ballot_receipt", replaced=result.replaced, **context)
    sent = [
        _mail_code(person, "ballot_paper", cast_by=caster, replaced=result.replaced, **context)
        for person in result.others
    ]
    return all(sent)
