"""Headers, cookies, CSRF, rate limits and the production configuration."""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth.models import User
from app.extensions import db
from config import ProductionConfig, TestingConfig
from tests.factories import make_user


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_flags(app, client, auth):
    make_user(email="c@example.org")
    response = auth.login("c@example.org")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


class TestCsrf:
    @pytest.fixture
    def app_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_post_without_token_is_refused(self, client):
        make_user(email="csrf@example.org")
        response = client.post(
            "/auth/login", data={"email": "csrf@example.org", "password": "x" * 12}
        )
        assert response.status_code == 400
        assert "formularz" in response.get_data(as_text=True).lower()

    def test_every_post_route_needs_the_token(self, app, client):
        for rule in app.url_map.iter_rules():
            if "POST" not in rule.methods:
                continue
            url = re.sub(r"<int:[a-z_]+>", "1", rule.rule).replace("<token>", "t")
            # <any(a, b):name> → its first choice
            url = re.sub(r"<any\(([a-z_]+)[^>]*>", r"\1", url)
            assert client.post(url, data={}).status_code == 400, url


class TestRateLimits:
    @pytest.fixture
    def app_overrides(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}

    def test_login_is_rate_limited(self, client):
        statuses = [
            client.post("/auth/login", data={"email": "x@example.org", "password": "p"}).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        page = client.post("/auth/login", data={}).get_data(as_text=True)
        assert "Zbyt wiele prób" in page or "zbyt wiele" in page.lower()
        assert client.get("/auth/login").status_code == 200  # only POSTs are counted

    def test_register_and_reset_are_rate_limited(self, app, client):
        app.config["REGISTER_RATE_LIMIT"] = "2 per minute"
        app.config["RESET_RATE_LIMIT"] = "2 per minute"
        assert [client.post("/auth/register", data={}).status_code for _ in range(3)][-1] == 429
        assert [client.post("/auth/reset", data={}).status_code for _ in range(3)][-1] == 429


@pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL") and not os.environ.get("CI"),
    reason="set TEST_REDIS_URL to test Redis-backed rate limits",
)
class TestRedisRateLimits:
    @pytest.fixture
    def app_overrides(self):
        return {
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": os.environ["TEST_REDIS_URL"],
            "LOGIN_RATE_LIMIT": "2 per minute",
        }

    def test_login_limit_is_shared_through_redis(self, app, database_url):
        statuses = [app.test_client().post("/auth/login", data={}).status_code for _ in range(2)]
        # a second app process (another worker) sees the same counter
        other = create_app(
            TestingConfig,
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "RATELIMIT_ENABLED": True,
                "RATELIMIT_STORAGE_URI": os.environ["TEST_REDIS_URL"],
                "LOGIN_RATE_LIMIT": "2 per minute",
            },
        )
        statuses.append(other.test_client().post("/auth/login", data={}).status_code)
        with other.app_context():
            db.engine.dispose()
        assert statuses == [200, 200, 429]


def test_production_refuses_to_start_without_settings(monkeypatch):
    class Bare(ProductionConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Bare)


def test_production_app_factory_with_required_settings(database_url):
    app = create_app(
        ProductionConfig,
        {
            "SECRET_KEY": "a-real-secret-from-the-environment",
            "SQLALCHEMY_DATABASE_URI": database_url,
        },
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert not app.debug
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0
        response = app.test_client().get("/")
        assert response.status_code == 200
        assert "max-age" in response.headers["Strict-Transport-Security"]
        db.session.remove()
        db.engine.dispose()
