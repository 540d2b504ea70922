"""The request protocol written once (app.common.web): refusals, one rollback, commit then mail."""

from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.auth.models import User
from app.common.domain import InvalidState, NotAllowed, NotFound
from app.common.models import OutboxMessage, OutboxStatus
from app.common.outbox import queue_email
from app.common.web import commit, get_or_404, refusal_text
from app.extensions import db
from tests.factories import make_user


class _Frozen(InvalidState):
    """A refusal with a registered text."""


refusal_text(_Frozen)(_l("The thing is frozen."))


def _add_routes(app, error: Exception | None):
    @app.post("/_test/act")
    def act():
        db.session.add(
            User(email="written@example.org", name="Written", password_hash="x", locale="pl")
        )
        db.session.flush()
        if error is not None:
            raise error
        commit()
        return "done"

    @app.get("/_test/user/<int:user_id>")
    def show(user_id: int):
        return get_or_404(User, user_id).name


def _written() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.email == "written@example.org"))


@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (NotAllowed(), 403, "Brak dostępu"),
        (NotFound(), 404, "Nie znaleziono strony"),
        (_Frozen(), 409, "The thing is frozen."),
        (InvalidState("closed"), 409, "obecny stan na to nie pozwala"),
    ],
)
def test_a_refusal_no_view_rerenders_rolls_back_once_and_answers(app, error, status, text):
    _add_routes(app, error)
    response = app.test_client().post("/_test/act")
    assert response.status_code == status
    assert text in response.get_data(as_text=True)
    db.session.rollback()
    assert _written() == 0


def test_commit_stores_and_then_delivers_the_queued_mail(app):
    @app.post("/_test/mail")
    def mail():
        queue_email("someone@example.org", "confirm_email", "pl", user=make_user(), link="/x")
        commit()
        return "sent"

    with app.extensions["mail"].record_messages() as outbox:
        response = app.test_client().post("/_test/mail")
    assert response.status_code == 200
    assert [m.recipients for m in outbox] == [["someone@example.org"]]
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.status == OutboxStatus.SENT


def test_get_or_404(app):
    _add_routes(app, None)
    user = make_user(name="Ala")
    db.session.commit()
    client = app.test_client()
    assert client.get(f"/_test/user/{user.id}").get_data(as_text=True) == "Ala"
    assert client.get("/_test/user/999999").status_code == 404
