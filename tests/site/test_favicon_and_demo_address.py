"""The favicon (linked and answered at /favicon.ico) and the address seed-demo prints."""

from __future__ import annotations


def test_favicon_is_linked_and_served(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    for url in ("/favicon.ico", "/static/favicon.svg"):
        with client.get(url) as response:
            assert response.status_code == 200
            assert response.mimetype == "image/svg+xml"
            assert b"<svg" in response.data


def test_seed_demo_prints_the_configured_site_address(app, runner):
    app.config["SITE_URL"] = "http://127.0.0.1:8123/"
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Log in at http://127.0.0.1:8123/auth/login" in result.output
    assert "5000" not in result.output
