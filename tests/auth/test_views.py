"""Accounts end to end through the test client: register, confirm, log in, reset, profile."""

from __future__ import annotations

import re

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.auth.models import User
from app.common.tokens import TokenPurpose, make_token
from app.extensions import db
from tests.conftest import body_of, smtp_config
from tests.factories import PASSWORD, make_user

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def app_overrides(smtp):
    return smtp_config(smtp)


def _register(client, **overrides):
    data = {
        "name": "Jan Kowalski",
        "email": "jan@example.org",
        "password": "zielony-dunajec-2027",
        "password_confirm": "zielony-dunajec-2027",
        "accept_terms": "y",
    }
    data.update(overrides)
    return client.post("/auth/register", data=data)


def _link_in(message) -> str:
    return LINK.search(body_of(message)).group(0)


def test_register_confirm_login_logout(client, smtp):
    response = _register(client)
    assert response.status_code == 200
    assert "jan@example.org" in response.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "jan@example.org"))
    assert user is not None and not user.is_confirmed
    assert user.password_hash.startswith("scrypt:")

    message = smtp.last_to("jan@example.org")
    assert "Potwierdź" in message["Subject"]  # Polish by default
    link = _link_in(message)
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_confirmed

    response = client.post(
        "/auth/login", data={"email": "JAN@example.org", "password": "zielony-dunajec-2027"}
    )
    assert response.status_code == 302
    assert client.get("/auth/account").status_code == 200
    client.post("/auth/logout")
    assert client.get("/auth/account").status_code == 302


def test_duplicate_email_reveals_nothing_and_warns_the_owner(client, smtp):
    make_user(email="taken@example.org")
    response = _register(client, email="taken@example.org")
    assert response.status_code == 200
    assert "taken@example.org" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 1
    warning = smtp.last_to("taken@example.org")
    assert "login" in body_of(warning) or "auth/login" in body_of(warning)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password": "short1", "password_confirm": "short1"}, "password", "10"),
        ({"password": "1234567890", "password_confirm": "1234567890"}, "password", "popularne"),
        (
            {"password": "kowalski-haslo", "password_confirm": "kowalski-haslo"},
            "password",
            "imienia",
        ),
        ({"password_confirm": "something-else-42"}, "password_confirm", "nie są zgodne"),
        ({"email": "not-an-email"}, "email", "adres e-mail"),
        ({"accept_terms": ""}, "accept_terms", "klauzul"),
    ],
)
def test_register_bad_input_keeps_values(client, overrides, field, message):
    response = _register(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert message in html
    assert 'value="Jan Kowalski"' in html  # typed values are kept
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_register_errors_in_english_when_chosen(client):
    client.set_cookie("konsulta_lang", "en")
    html = _register(client, password="short1", password_confirm="short1").get_data(as_text=True)
    assert "at least 10 characters" in html
    assert '<html lang="en">' in html


def test_expired_and_tampered_confirmation_tokens(app, client):
    user = make_user(confirmed_at=None)
    token = make_token(TokenPurpose.CONFIRM_EMAIL, {"uid": user.id, "email": user.email})
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get(f"/auth/confirm/{tampered}")
    assert response.status_code == 400
    assert "nieprawidłowy" in response.get_data(as_text=True)

    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    response = client.get(f"/auth/confirm/{token}")
    assert response.status_code == 400
    assert "wygasł" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.is_confirmed


def test_token_for_other_purpose_is_rejected(client):
    user = make_user(confirmed_at=None)
    token = make_token(TokenPurpose.RESET_PASSWORD, {"uid": user.id, "email": user.email})
    assert client.get(f"/auth/confirm/{token}").status_code == 400


def test_login_wrong_password_and_deactivated(client, auth):
    make_user(email="a@example.org")
    response = auth.login("a@example.org", "wrong-password-1")
    assert response.status_code == 200
    assert "nieprawidłowe" in response.get_data(as_text=True)
    assert 'value="a@example.org"' in response.get_data(as_text=True)
    make_user(email="off@example.org", is_active_account=False)
    response = auth.login("off@example.org")
    assert "dezaktywowane" in response.get_data(as_text=True)


def test_password_reset_by_email(client, smtp, auth):
    user = make_user(email="reset@example.org")
    response = client.post("/auth/reset", data={"email": "reset@example.org"})
    assert response.status_code == 200
    unknown = client.post("/auth/reset", data={"email": "nobody@example.org"})
    # the same answer for an unknown address: no account enumeration
    assert unknown.get_data(as_text=True).replace("nobody", "reset") == response.get_data(
        as_text=True
    )
    assert smtp.to("nobody@example.org") == []
    link = _link_in(smtp.last_to("reset@example.org")).replace("http://localhost", "")

    weak = client.post(link, data={"password": "short", "password_confirm": "short"})
    assert weak.status_code == 200 and 'id="password-error"' in weak.get_data(as_text=True)

    new = "nowe-haslo-do-konta"
    response = client.post(link, data={"password": new, "password_confirm": new})
    assert response.status_code == 302
    assert auth.login(user.email, new).status_code == 302
    # the link works once
    assert client.get(link).status_code == 400


def test_reset_link_expires(app, client):
    user = make_user()
    from app.auth.services import reset_fingerprint

    token = make_token(TokenPurpose.RESET_PASSWORD, {"uid": user.id, "fp": reset_fingerprint(user)})
    assert client.get(f"/auth/reset/{token}").status_code == 200
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    assert client.get(f"/auth/reset/{token}").status_code == 400


def test_change_password_and_profile(client, auth):
    user = make_user(email="p@example.org")
    auth.login(user.email)
    wrong = client.post(
        "/auth/account/password",
        data={
            "current_password": "not-it-at-all",
            "password": "brand-new-secret",
            "password_confirm": "brand-new-secret",
        },
    )
    assert "obecne hasło jest nieprawidłowe" in wrong.get_data(as_text=True).lower()
    ok = client.post(
        "/auth/account/password",
        data={
            "current_password": PASSWORD,
            "password": "brand-new-secret",
            "password_confirm": "brand-new-secret",
        },
    )
    assert ok.status_code == 302
    db.session.refresh(user)
    assert user.check_password("brand-new-secret")

    response = client.post("/auth/account", data={"name": "Nowe Imię", "locale": "en"})
    assert response.status_code == 302
    assert "konsulta_lang=en" in response.headers["Set-Cookie"]
    db.session.refresh(user)
    assert user.name == "Nowe Imię" and user.locale == "en"
    assert '<html lang="en">' in client.get("/auth/account").get_data(as_text=True)


def test_open_redirect_is_refused(client, auth):
    user = make_user()
    response = client.post(
        "/auth/login?next=https://evil.example.com/",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == url_for("site.index", _external=False)


def test_resend_confirmation(client, smtp, auth):
    user = make_user(confirmed_at=None, email="later@example.org")
    auth.login(user.email)
    client.post("/auth/confirm/resend")
    assert smtp.last_to("later@example.org")
