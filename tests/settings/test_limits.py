"""The public access request form is rate-limited per client and needs its CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.settings.models import AccessRequest

REQUEST = {
    "name": "Anna Nowak",
    "email": "anna@example.org",
    "concerns": "Sprawozdanie",
    "description": "Tabela bez nagłówków.",
}


@pytest.fixture
def app_overrides():
    return {"RATELIMIT_ENABLED": True, "ACCESS_REQUEST_RATE_LIMIT": "2 per minute"}


def test_a_client_may_file_only_so_many_requests(client):
    statuses = [
        client.post("/deklaracja-dostepnosci/wniosek", data=REQUEST).status_code for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert db.session.scalar(select(func.count(AccessRequest.id))) == 2
    assert client.get("/deklaracja-dostepnosci/wniosek").status_code == 200  # reading is free


def test_a_request_without_the_csrf_token_is_refused(client, app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/deklaracja-dostepnosci/wniosek", data=REQUEST)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(AccessRequest.id))) == 0
