"""One-click unsubscribe (RFC 8058): no log-in, no CSRF token, only the signed token."""

from __future__ import annotations

import pytest

from app.common.tokens import TokenPurpose, make_token
from app.extensions import db
from app.notifications.models import EmailMode, NotificationPreference
from tests.factories import make_user


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_one_click_unsubscribe_needs_no_login_nor_csrf(client):
    person = make_user(email="stop@example.org")
    token = make_token(TokenPurpose.UNSUBSCRIBE, {"user": person.id})
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and "stop@example.org" in page.get_data(as_text=True)
    response = client.post(
        f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert db.session.get(NotificationPreference, person.id).email_mode == EmailMode.NEVER
    forged = client.post(f"/notifications/unsubscribe/{token}x", data={})
    assert forged.status_code == 400
    other_purpose = make_token(TokenPurpose.RESET_PASSWORD, {"user": person.id})
    assert client.get(f"/notifications/unsubscribe/{other_purpose}").status_code == 400
    # other forms still need the CSRF token
    assert client.post("/notifications/preferences", data={"email_mode": "daily"}).status_code in (
        302,
        400,
    )
