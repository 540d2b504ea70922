"""The site settings and access requests: services, the pure deadlines, the cached identity."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.common.audit import Action
from app.common.domain import InvalidState
from app.common.identity import (
    SiteSettings,
    forget_identity,
    parse_footer_links,
    site_identity,
)
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.settings import deadlines, services
from app.settings.states import AssetKind, RequestState
from tests.factories import make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ICO = b"\x00\x00\x01\x00\x01\x00" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_deadlines_are_seven_days_and_at_most_two_months():
    filed = date(2026, 12, 30)
    assert deadlines.due_on(filed) == date(2027, 1, 6)
    assert deadlines.latest_extension(filed) == date(2027, 2, 28)  # no 30 February
    assert deadlines.latest_extension(date(2026, 3, 31)) == date(2026, 5, 31)
    assert deadlines.deadline(filed, None) == date(2027, 1, 6)
    assert deadlines.deadline(filed, date(2027, 2, 1)) == date(2027, 2, 1)
    assert not deadlines.is_late(filed, None, True, date(2027, 1, 6))
    assert deadlines.is_late(filed, None, True, date(2027, 1, 7))
    assert not deadlines.is_late(filed, None, False, date(2027, 3, 1))
    assert deadlines.days_left(filed, None, date(2027, 1, 8)) == -2


PROBE = """
import sys, types
app = types.ModuleType("app")
app.__path__ = [sys.argv[1] + "/app"]
sys.modules["app"] = app
import app.settings.deadlines, app.settings.states, app.settings.permissions
print(sorted({m.split(".")[0] for m in sys.modules} & {"flask", "sqlalchemy", "werkzeug"}
             | ({"app.extensions"} & set(sys.modules))))
"""


def test_pure_modules_need_neither_flask_nor_a_database():
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-I", "-c", PROBE, root], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_footer_links_parse_label_and_address():
    links = parse_footer_links("BIP | https://bip.example.org\nbroken line\n | https://x.org\n")
    assert [(link.label, link.url) for link in links] == [("BIP", "https://bip.example.org")]


def test_defaults_come_from_the_configuration(app):
    identity = site_identity()
    assert identity.platform_name == app.config["SITE_PLATFORM_NAME"]
    assert identity.body_name("pl") == app.config["SITE_BODY_NAME_PL"]
    assert identity.min_commenting_days == app.config["MIN_COMMENTING_DAYS"]
    assert identity.default_locale == "pl"


def test_saving_the_identity_is_audited_and_shown_after_the_cache_is_dropped(app):
    admin = make_user(role="admin")
    before = site_identity()
    changes = services.save_identity(
        admin,
        {
            "platform_name": "Konsultacje Nowy Sącz",
            "body_name_pl": "Urząd Miasta Nowego Sącza",
            "body_name_en": "Nowy Sącz City Office",
            "office_email": "bao@nowysacz.example",
            "bip_url": "https://bip.example.org/nowysacz",
            "min_commenting_days": 14,
            "default_locale": "pl",
            "footer_links": "Miasto | https://nowysacz.example",
        },
        utcnow(),
    )
    db.session.commit()
    assert changes["platform_name"] == [before.platform_name, "Konsultacje Nowy Sącz"]
    assert site_identity() is before  # the request's copy stays until it is dropped
    forget_identity()
    identity = site_identity()
    assert identity.body_name("en") == "Nowy Sącz City Office"
    assert identity.min_commenting_days == 14
    assert identity.footer_links[0].url == "https://nowysacz.example"
    assert identity.version != before.version
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == Action.SETTINGS_UPDATE))
    assert entry.actor_id == admin.id
    assert entry.details["changes"]["min_commenting_days"] == [7, 14]


def test_saving_nothing_new_records_nothing(app):
    admin = make_user(role="admin")
    services.save_identity(admin, {"platform_name": "A", "body_name_pl": "B"}, utcnow())
    assert services.save_identity(admin, {"platform_name": "A"}, utcnow()) == {}
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == [Action.SETTINGS_UPDATE]


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"platform_name": "  "}, services.NameRequired),
        ({"body_name_pl": ""}, services.NameRequired),
        ({"office_email": "not-an-address"}, services.InvalidEmail),
        ({"bip_url": "javascript:alert(1)"}, services.InvalidAddress),
        ({"footer_links": "Label | ftp://x"}, services.InvalidAddress),
        ({"min_commenting_days": 0}, services.InvalidNumber),
        ({"min_commenting_days": 365}, services.InvalidNumber),
    ],
)
def test_bad_values_are_refused(app, values, error):
    with pytest.raises(error):
        services.save_identity(make_user(role="admin"), values, utcnow())


@pytest.mark.parametrize(
    ("kind", "filename", "data", "problem"),
    [
        (AssetKind.LOGO, "logo.svg", SVG, "svg"),
        (AssetKind.LOGO, "logo.png", SVG, "svg"),
        (AssetKind.LOGO, "logo.png", b"", "empty"),
        (AssetKind.LOGO, "logo.png", PNG * 100, "too_large"),
        (AssetKind.LOGO, "logo.pdf", b"%PDF-1.4 ...", "type_not_allowed"),
        (AssetKind.LOGO, "logo.jpg", PNG, "extension_mismatch"),
        (AssetKind.FAVICON, "icon.jpg", JPEG, "type_not_allowed"),
    ],
)
def test_bad_images_are_refused(app, kind, filename, data, problem):
    with pytest.raises(services.AssetRefused) as refused:
        services.save_asset(make_user(role="admin"), kind, filename, data, 1000, utcnow())
    assert refused.value.problem == problem


def test_logo_and_favicon_are_stored_with_their_type_and_audited(app):
    admin = make_user(role="admin")
    logo = services.save_asset(admin, AssetKind.LOGO, "herb.png", PNG, 1000, utcnow())
    icon = services.save_asset(admin, AssetKind.FAVICON, "favicon.ico", ICO, 1000, utcnow())
    db.session.commit()
    forget_identity()
    assert (logo.content_type, icon.content_type) == ("image/png", "image/vnd.microsoft.icon")
    assert site_identity().logo_hash == logo.sha256
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == Action.SETTINGS_ASSET))
    assert [e.details["asset"] for e in audit] == ["logo", "favicon"]
    services.remove_asset(admin, AssetKind.LOGO, utcnow())
    db.session.commit()
    forget_identity()
    assert site_identity().logo_hash == ""
    assert db.session.get(SiteSettings, 1) is not None


def _request(today=date(2026, 12, 1)):
    data = services.RequestData(
        "Anna Nowak", "anna@example.org", "Sprawozdanie (PDF)", "Czytnik nie czyta tabel."
    )
    return services.file_access_request(data, "pl", utcnow(), today)


def test_a_request_is_due_in_seven_days_and_late_after(app):
    filed = _request()
    assert filed.deadline == date(2026, 12, 8)
    assert filed.is_pending and not filed.is_late(date(2026, 12, 8))
    assert filed.is_late(date(2026, 12, 9))


def test_a_request_needs_its_parts(app):
    with pytest.raises(services.InvalidEmail):
        services.file_access_request(
            services.RequestData("A", "nope", "x", "y"), "pl", utcnow(), date.today()
        )
    with pytest.raises(services.ReasonRequired):
        services.file_access_request(
            services.RequestData("A", "a@b.pl", " ", "y"), "pl", utcnow(), date.today()
        )


def test_extension_is_limited_to_two_months_and_audited(app):
    official = make_user(role="official")
    filed = _request(date(2026, 12, 1))
    with pytest.raises(services.ExtensionTooLate):
        services.extend_access_request(
            official, filed, date(2027, 2, 2), "Nagranie", date(2026, 12, 2)
        )
    with pytest.raises(services.ExtensionTooLate):
        services.extend_access_request(official, filed, date(2026, 12, 2), "x", date(2026, 12, 2))
    with pytest.raises(services.ReasonRequired):
        services.extend_access_request(official, filed, date(2027, 1, 10), " ", date(2026, 12, 2))
    services.extend_access_request(
        official, filed, date(2027, 2, 1), "Transkrypcja nagrania", date(2026, 12, 2)
    )
    assert filed.state == RequestState.EXTENDED and filed.deadline == date(2027, 2, 1)
    assert not filed.is_late(date(2027, 1, 20))
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == Action.ACCESS_REQUEST_EXTEND)
    )
    assert entry.details["until"] == "2027-02-01" and entry.reason == "Transkrypcja nagrania"


def test_answering_and_closing_end_the_request(app):
    official = make_user(role="official")
    filed = _request()
    services.answer_access_request(official, filed, "Wysłaliśmy plik tekstowy.", utcnow())
    assert filed.state == RequestState.ANSWERED and filed.handled_by_id == official.id
    with pytest.raises(InvalidState):
        services.close_access_request(official, filed, "duplikat", utcnow())
    other = _request(date.today() - timedelta(days=10))
    with pytest.raises(services.ReasonRequired):
        services.close_access_request(official, other, "", utcnow())
    services.close_access_request(official, other, "Duplikat wniosku 1", utcnow())
    assert other.state == RequestState.CLOSED
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {Action.ACCESS_REQUEST_ANSWER, Action.ACCESS_REQUEST_CLOSE} <= actions


def test_without_the_settings_table_the_defaults_stand_in(app):
    from sqlalchemy import text

    db.session.rollback()  # release the warm-up's read of the table (PostgreSQL locks it)
    with db.engine.connect() as connection:
        connection.execute(text("ALTER TABLE site_assets RENAME TO site_assets_away"))
        connection.commit()
    try:
        forget_identity()
        from app.common.identity import cache

        cache.clear()
        assert site_identity().platform_name == app.config["SITE_PLATFORM_NAME"]
    finally:
        db.session.rollback()
        with db.engine.connect() as connection:
            connection.execute(text("ALTER TABLE site_assets_away RENAME TO site_assets"))
            connection.commit()
