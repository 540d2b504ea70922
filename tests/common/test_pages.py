"""Site pages, error pages and the language switch."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import InternalServerError


def test_home_in_polish_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="pl">' in html
    assert "Przejdź do treści głównej" in html


def test_language_switch_sticks_and_refuses_other_sites(client):
    response = client.post("/language", data={"lang": "en", "next": "/organizations/?q=a"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organizations/?q=a")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    response = client.post("/language", data={"lang": "xx", "next": "https://evil.example.com"})
    assert response.headers["Location"].endswith("/")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("locale", "text"), [("pl", "Nie znaleziono strony"), ("en", "Page not found")]
)
def test_404_in_both_languages(client, locale, text):
    client.set_cookie("konsulta_lang", locale)
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_error_pages_for_every_code(app, client):
    from flask import abort

    for code in (400, 403, 405, 413, 429):

        def _boom(code=code):
            abort(code)

        app.add_url_rule(f"/boom{code}", f"boom{code}", _boom)
    for code in (400, 403, 413, 429):
        response = client.get(f"/boom{code}")
        assert response.status_code == code
        assert f"{code}" in response.get_data(as_text=True)
    assert client.post("/").status_code == 405


def test_500_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def _fail():
        raise InternalServerError()

    app.add_url_rule("/fail", "fail", _fail)
    response = client.get("/fail")
    assert response.status_code == 500
    assert "Coś poszło nie tak" in response.get_data(as_text=True) or "500" in response.get_data(
        as_text=True
    )


def test_visitors_switch_language_with_a_link_and_no_token(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/language/en?next=/"' in home and "csrf_token" not in home
    response = client.get("/language/en?next=/organizations/?q=a")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organizations/?q=a")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    response = client.get("/language/xx?next=https://evil.example.com")
    assert response.headers["Location"].endswith("/")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
