"""The settings pages, the accessibility statement and the access request queue over HTTP."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.common.audit import Action
from app.common.models import AuditEntry, OutboxMessage
from app.common.timeutil import utcnow
from app.extensions import db
from app.settings import services
from app.settings.models import AccessRequest
from app.settings.states import RequestState
from tests.factories import make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
IDENTITY = {
    "platform_name": "Konsultacje Nowy Sącz",
    "body_name_pl": "Urząd Miasta Nowego Sącza",
    "body_name_en": "Nowy Sącz City Office",
    "office_name": "Biuro Aktywności Obywatelskiej",
    "office_email": "bao@nowysacz.example",
    "office_phone": "18 443 53 08",
    "office_address": "Rynek 1\n33-300 Nowy Sącz",
    "bip_url": "https://bip.example.org/nowysacz",
    "privacy_controller": "Prezydent Miasta Nowego Sącza",
    "dpo_contact": "iod@nowysacz.example",
    "footer_links": "Miasto | https://nowysacz.example",
    "default_locale": "pl",
    "min_commenting_days": "14",
}


@pytest.fixture
def admin(auth):
    user = make_user(role="admin")
    auth.login_as(user)
    return user


def test_an_administrator_sets_the_identity_and_every_page_shows_it(client, admin):
    assert client.get("/admin/settings").status_code == 200
    response = client.post("/admin/settings", data=IDENTITY)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Konsultacje Nowy Sącz" in page and "Urząd Miasta Nowego Sącza" in page
    assert "Biuro Aktywności Obywatelskiej" in page and "https://bip.example.org/nowysacz" in page
    assert "https://nowysacz.example" in page and "/deklaracja-dostepnosci" in page
    assert "<title>" in page and "· Konsultacje Nowy Sącz</title>" in page
    privacy = client.get("/privacy").get_data(as_text=True)
    assert "Prezydent Miasta Nowego Sącza" in privacy and "iod@nowysacz.example" in privacy
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == Action.SETTINGS_UPDATE))
    assert entry.actor_id == admin.id


def test_the_footer_cache_follows_a_change(client, admin):
    client.get("/")  # fills the cached footer
    client.post("/admin/settings", data=IDENTITY)
    client.post("/admin/settings", data={**IDENTITY, "office_name": "Biuro Nowe"})
    assert "Biuro Nowe" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"platform_name": ""}, "Enter the name."),
        ({"body_name_pl": "  "}, "Enter the name."),
        ({"office_email": "bao(at)nowysacz"}, "Enter a valid e-mail address"),
        ({"bip_url": "javascript:alert(1)"}, "Enter a web address starting with https://"),
        ({"footer_links": "just text"}, "label | https://address"),
        ({"min_commenting_days": "0"}, "from 1 to 90"),
    ],
)
def test_bad_input_is_a_field_error_with_the_values_kept(client, admin, changes, message):
    client.get("/language/en")
    response = client.post("/admin/settings", data={**IDENTITY, **changes})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "Biuro Aktywności Obywatelskiej" in page  # what was typed stays
    assert db.session.scalar(select(AuditEntry)) is None


def test_the_logo_is_uploaded_checked_and_served_with_its_type(client, admin):
    response = client.post(
        "/admin/settings/logo",
        data={"logo-file": (io.BytesIO(PNG), "herb.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert 'class="site-logo" src="/site/logo?v=' in page
    served = client.get("/site/logo")
    assert served.status_code == 200 and served.content_type == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.data == PNG
    assert (
        client.get("/site/logo", headers={"If-None-Match": served.headers["ETag"]}).status_code
        == 304
    )
    assert client.get("/site/favicon").status_code == 404
    assert client.get("/site/other").status_code == 404


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("logo.svg", SVG, "SVG images are not accepted"),
        ("logo.png", b"GIF89a" + b"\x00" * 10, "This type of file is not accepted here."),
        ("logo.jpg", PNG, "does not match its content"),
        ("logo.png", PNG * 10, "The file is too large."),
    ],
)
def test_a_bad_logo_is_refused_at_its_field(client, admin, filename, data, message):
    client.application.config["SITE_LOGO_MAX_BYTES"] = 500
    client.get("/language/en")
    response = client.post(
        "/admin/settings/logo",
        data={"logo-file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert client.get("/site/logo").status_code == 404


def test_an_uploaded_favicon_is_what_favicon_ico_serves(client, admin):
    ico = b"\x00\x00\x01\x00\x01\x00" + b"\x00" * 40
    client.post(
        "/admin/settings/favicon",
        data={"favicon-file": (io.BytesIO(ico), "favicon.ico")},
        content_type="multipart/form-data",
    )
    response = client.get("/favicon.ico")
    assert response.content_type == "image/vnd.microsoft.icon" and response.data == ico
    client.post("/admin/settings/favicon/remove")
    assert client.get("/favicon.ico").content_type == "image/svg+xml"


def test_the_minimum_commenting_length_comes_from_the_settings(client, admin):
    from tests.consultations.test_views import round_form

    # 14 days of commenting: enough under the default 7, too short under 21
    assert client.post("/consultations/new", data=round_form()).status_code == 302
    client.post("/admin/settings", data={**IDENTITY, "min_commenting_days": "21"})
    response = client.post("/consultations/new", data=round_form(title="Druga runda"))
    assert 'id="short_stage_justification-error"' in response.get_data(as_text=True)


def test_the_statement_follows_the_prescribed_structure(client, admin):
    client.post("/admin/settings", data=IDENTITY)
    response = client.post(
        "/admin/settings/statement",
        data={
            "statement_published_on": "2026-01-15",
            "statement_updated_on": "2026-12-01",
            "compliance": "partial",
            "non_compliant": "Niektóre załączniki PDF nie mają struktury.\nFilmy bez napisów.",
            "exemptions": "Nagrania sprzed 23 września 2020 r.",
            "statement_prepared_on": "2026-12-01",
            "preparation_method": "self",
            "statement_contact_name": "Jan Kowalski",
            "statement_contact_email": "dostepnosc@nowysacz.example",
            "statement_contact_phone": "18 443 53 08",
            "architectural": "Wejście od Rynku bez schodów; pętla indukcyjna w biurze.",
        },
    )
    assert response.status_code == 302
    page = client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    for mark in (
        'id="a11y-podmiot">Urząd Miasta Nowego Sącza',
        'id="a11y-data-publikacja"><time datetime="2026-01-15"',
        'id="a11y-data-aktualizacja"',
        'id="a11y-status"',
        "Filmy bez napisów.",
        "Nagrania sprzed 23 września 2020 r.",
        'id="a11y-data-sporzadzenie"',
        'id="a11y-osoba">Jan Kowalski',
        "mailto:dostepnosc@nowysacz.example",
        'id="a11y-procedura"',
        "7",
        'id="a11y-architektura"',
        "pętla indukcyjna",
        "/deklaracja-dostepnosci/wniosek",
    ):
        assert mark in page, mark
    assert "częściowo zgodna" in page or "partially compliant" in page
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == Action.STATEMENT_UPDATE)
    )
    assert "non_compliant" in entry.details["changes"]


def test_the_old_address_leads_to_the_statement(client):
    response = client.get("/accessibility")
    assert response.status_code == 301 and response.headers["Location"].endswith(
        "/deklaracja-dostepnosci"
    )


def test_a_bad_statement_email_is_a_field_error(client, admin):
    response = client.post(
        "/admin/settings/statement",
        data={
            "compliance": "partial",
            "preparation_method": "self",
            "statement_contact_email": "x",
        },
    )
    assert response.status_code == 400


REQUEST = {
    "name": "Anna Nowak",
    "email": "anna@example.org",
    "concerns": "Sprawozdanie z konsultacji (PDF)",
    "description": "Czytnik ekranu nie odczytuje tabel.",
    "alternative": "plik tekstowy",
}


def test_a_visitor_files_a_request_and_the_office_is_told(client, admin):
    client.post("/admin/settings", data=IDENTITY)
    client.post("/auth/logout")
    response = client.post("/deklaracja-dostepnosci/wniosek", data=REQUEST)
    assert response.status_code == 201
    filed = db.session.scalar(select(AccessRequest))
    assert filed.deadline == filed.filed_on + timedelta(days=7)
    assert filed.deadline.strftime("%Y") in response.get_data(as_text=True)
    recipients = sorted(db.session.scalars(select(OutboxMessage.to_address)))
    assert recipients == ["anna@example.org", "bao@nowysacz.example"]
    confirmation = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "anna@example.org")
    )
    # every e-mail ends with the site's signature
    assert "Konsultacje Nowy Sącz · Urząd Miasta Nowego Sącza" in confirmation.text_body
    assert "Biuro Aktywności Obywatelskiej" in confirmation.text_body


def test_a_request_with_bad_input_keeps_what_was_typed(client):
    response = client.post(
        "/deklaracja-dostepnosci/wniosek", data={**REQUEST, "email": "anna", "description": ""}
    )
    assert response.status_code == 400
    assert "Sprawozdanie z konsultacji (PDF)" in response.get_data(as_text=True)
    assert db.session.scalar(select(AccessRequest)) is None


def _file(days_ago: int = 0) -> AccessRequest:
    data = services.RequestData(
        **{k: REQUEST[k] for k in ("name", "email", "concerns", "description")}
    )
    filed = services.file_access_request(
        data, "pl", utcnow(), date.today() - timedelta(days=days_ago)
    )
    db.session.commit()
    return filed


def test_the_queue_shows_deadlines_and_flags_late_ones(client, auth):
    auth.login_as(make_user(role="official"))
    late = _file(days_ago=9)
    fresh = _file()
    client.get("/language/en")
    page = client.get("/access-requests").get_data(as_text=True)
    assert page.index(f"/access-requests/{late.id}") < page.index(f"/access-requests/{fresh.id}")
    assert "late by 2 days" in page and "7 days left" in page
    assert 'class="table-danger"' in page
    detail = client.get(f"/access-requests/{late.id}").get_data(as_text=True)
    assert "past its deadline" in detail


def test_an_official_answers_with_a_confirmation(client, auth):
    official = make_user(role="official")
    auth.login_as(official)
    filed = _file()
    refused = client.post(f"/access-requests/{filed.id}/answer", data={"answer-answer": "Plik"})
    assert refused.status_code == 400  # not confirmed
    assert "Plik" in refused.get_data(as_text=True)
    response = client.post(
        f"/access-requests/{filed.id}/answer",
        data={"answer-answer": "Wysłaliśmy plik tekstowy.", "answer-confirmed": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(filed)
    assert filed.state == RequestState.ANSWERED and filed.handled_by_id == official.id
    answer = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "anna@example.org")
    )
    assert "Wysłaliśmy plik tekstowy." in answer.text_body
    assert "Rzecznik" in answer.text_body
    again = client.post(
        f"/access-requests/{filed.id}/close",
        data={"close-reason": "x", "close-confirmed": "y"},
    )
    assert again.status_code == 409


def test_an_extension_beyond_two_months_is_a_field_error(client, auth):
    auth.login_as(make_user(role="official"))
    filed = _file()
    too_late = (date.today() + timedelta(days=70)).isoformat()
    client.get("/language/en")
    response = client.post(
        f"/access-requests/{filed.id}/extend",
        data={"extend-until": too_late, "extend-reason": "Transkrypcja"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "at most 2 months after the request" in page and "Transkrypcja" in page
    ok = (date.today() + timedelta(days=30)).isoformat()
    response = client.post(
        f"/access-requests/{filed.id}/extend",
        data={"extend-until": ok, "extend-reason": "Transkrypcja"},
    )
    assert response.status_code == 302
    db.session.refresh(filed)
    assert filed.state == RequestState.EXTENDED and filed.deadline.isoformat() == ok
    told = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "anna@example.org")
    )
    assert "Transkrypcja" in told.text_body


def test_closing_needs_a_reason_and_is_audited(client, auth):
    auth.login_as(make_user(role="official"))
    filed = _file()
    assert (
        client.post(f"/access-requests/{filed.id}/close", data={"close-confirmed": "y"}).status_code
        == 400
    )
    client.post(
        f"/access-requests/{filed.id}/close",
        data={"close-reason": "Duplikat", "close-confirmed": "y"},
    )
    db.session.refresh(filed)
    assert filed.state == RequestState.CLOSED
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == Action.ACCESS_REQUEST_CLOSE)
    )
    assert entry.reason == "Duplikat"


def test_calendar_feeds_name_the_platform_and_the_body(client, admin):
    client.post("/admin/settings", data=IDENTITY)
    feed = client.get("/calendar/feed.ics").get_data(as_text=True).replace("\r\n ", "")  # unfold
    assert "PRODID:-//Konsultacje Nowy Sącz//Kalendarz//PL" in feed
    assert "X-WR-CALNAME:Konsultacje Nowy Sącz: kalendarz" in feed
    assert "X-WR-CALDESC:Konsultacje Nowy Sącz: kalendarz — Urząd Miasta Nowego Sącza" in feed


def test_the_queue_takes_the_same_queries_whatever_its_length(client, auth):
    from sqlalchemy import event

    official = make_user(role="official")
    auth.login_as(official)

    def count() -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get("/access-requests?show=all").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    first = _file()
    services.answer_access_request(official, first, "Odpowiedź", utcnow())
    db.session.commit()
    before = count()
    for days in range(5):
        filed = _file(days_ago=days)
        services.answer_access_request(official, filed, "Odpowiedź", utcnow())
    db.session.commit()
    assert count() == before


def test_the_default_language_is_the_administrators_choice(client, admin, app):
    client.post("/admin/settings", data={**IDENTITY, "default_locale": "en"})
    visitor = app.test_client()
    page = visitor.get("/deklaracja-dostepnosci").get_data(as_text=True)
    assert '<html lang="en">' in page and "Accessibility statement" in page
    assert "Nowy Sącz City Office" in page  # the body's English name
    visitor.get("/language/pl")  # a visitor's own choice still wins
    assert '<html lang="pl">' in visitor.get("/deklaracja-dostepnosci").get_data(as_text=True)
