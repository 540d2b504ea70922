"""Account, decision and ballot e-mails when the mail server does not answer.

Messages without secrets are written to the outbox with the change they report and sent at
once after the commit; when that fails, the page still works and the worker sends them later.
Receipt codes are never stored, so their e-mails are tried once and the page says when that
failed.
"""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.auth.models import User
from app.common.models import OutboxMessage, OutboxStatus
from app.common.outbox import send_due
from app.extensions import db
from app.priorities.models import Ballot
from tests.conftest import Inbox, _free_port, body_of, smtp_config
from tests.factories import add_member, make_ballot, make_organization, make_vote


@pytest.fixture
def sink_port():
    return _free_port()


@pytest.fixture
def app_overrides(sink_port):
    inbox = Inbox()
    inbox.port = sink_port
    return smtp_config(inbox)


@pytest.fixture
def sink(sink_port):
    """Start the SMTP sink on the port the app uses (until then nothing answers there)."""
    controllers = []

    def start() -> Inbox:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=sink_port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def _messages_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
            .execution_options(populate_existing=True)
        )
    )


def _register(client, email="nowa@example.org"):
    return client.post(
        "/auth/register",
        data={
            "name": "Nowa Osoba",
            "email": email,
            "password": "correct-horse-battery",
            "password_confirm": "correct-horse-battery",
            "accept_terms": "y",
        },
    )


def test_confirmation_mail_waits_in_the_outbox_while_the_server_is_down(client, sink):
    response = _register(client)
    assert response.status_code == 200
    assert "nowa@example.org" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "nowa@example.org"))
    [message] = _messages_to("nowa@example.org")
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.last_error  # the failed attempt right after the commit is recorded
    assert message.html_body == "" and message.headers == {}  # no unsubscribe: an account mail

    inbox = sink()
    assert send_due(now=message.next_attempt_at).sent == 1
    [mail] = inbox.to("nowa@example.org")
    assert "/auth/confirm/" in body_of(mail)
    assert _messages_to("nowa@example.org")[0].status == OutboxStatus.SENT


def test_with_the_server_up_the_mail_goes_at_once_and_only_once(client, sink):
    inbox = sink()
    _register(client, "szybka@example.org")
    [message] = _messages_to("szybka@example.org")
    assert message.status == OutboxStatus.SENT and message.attempts == 1
    assert len(inbox.to("szybka@example.org")) == 1
    assert send_due().sent == 0  # the worker finds nothing left to send
    assert len(inbox.to("szybka@example.org")) == 1


def test_password_reset_mail_is_not_lost(client, sink):
    organization = make_organization()
    person = organization.memberships[0].user
    response = client.post("/auth/reset", data={"email": person.email})
    assert response.status_code == 200
    [message] = _messages_to(person.email)
    assert message.status == OutboxStatus.PENDING
    inbox = sink()
    send_due(now=message.next_attempt_at)
    assert "/auth/reset/" in body_of(inbox.to(person.email)[0])


def _ranked_ballot(vote, organization):
    data = {"organization": organization.id}
    for rank, option in enumerate(vote.options[:2], start=1):
        data[f"rank-{option.key}"] = str(rank)
    return data


def test_a_receipt_that_cannot_be_mailed_is_shown_with_a_warning(client, auth):
    vote = make_vote(options=3)
    organization = make_organization(name="Fundacja Bez Poczty")
    representative = organization.memberships[0].user
    auth.login_as(representative)
    done = client.post(f"/votes/{vote.id}/ballot/confirm", data=_ranked_ballot(vote, organization))
    page = done.get_data(as_text=True)
    assert done.status_code == 200
    assert db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id)) is not None
    code = page.split('id="receipt-code">')[1].split("<")[0]
    assert "Nie udało się wysłać wiadomości z tym kodem" in page
    assert "Wysłaliśmy go też na Twój adres e-mail." not in page
    # the code is never stored, not even in the outbox
    assert all(code not in m.text_body for m in db.session.scalars(select(OutboxMessage)))


def test_a_replaced_ballot_notice_goes_through_the_outbox(client, auth, sink):
    vote = make_vote(options=3)
    organization = make_organization(name="Fundacja Dwóch")
    colleague = add_member(organization).user
    make_ballot(vote, organization, [vote.options[0].key])
    auth.login_as(organization.memberships[0].user)
    client.post(f"/votes/{vote.id}/ballot/confirm", data=_ranked_ballot(vote, organization))
    [notice] = _messages_to(colleague.email)
    assert notice.status == OutboxStatus.PENDING  # the server is down; the worker will retry
    inbox = sink()
    send_due(now=notice.next_attempt_at)
    assert "Fundacja Dwóch" in body_of(inbox.to(colleague.email)[0])


def test_a_message_of_a_rolled_back_transaction_is_never_sent(app, sink):
    from app.common.outbox import deliver_queued, queue_email

    inbox = sink()
    with app.test_request_context():
        queue_email("wycofana@example.org", "confirm_email", "pl", user=None, link="x")
        db.session.flush()
        db.session.rollback()
        queue_email("zapisana@example.org", "confirm_email", "pl", user=None, link="y")
        db.session.commit()
        assert deliver_queued().sent == 1
    assert inbox.to("wycofana@example.org") == []
    assert len(inbox.to("zapisana@example.org")) == 1
    assert [m.to_address for m in db.session.scalars(select(OutboxMessage))] == [
        "zapisana@example.org"
    ]
