"""Every proposals test runs inside the ``app`` fixture (a migrated, emptied database)."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _app(app):
    return app


@pytest.fixture
def official(_app):
    return make_user(role=Role.OFFICIAL, name="Piotr Urzędnik")
