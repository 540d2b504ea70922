"""The site's identity in what leaves the site besides pages (issue 16): the sender of every
e-mail, the iCalendar files and their events' UIDs, and the configured defaults of the
settings."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from app.common.calendars import slug, uid_domain
from app.common.identity import SiteSettings, forget_identity, site_identity
from app.common.mail import send_email
from app.common.outbox import deliver_queued, queue_email
from app.extensions import db, mail
from tests.exports import CUSTOM_IDENTITY, save_custom_identity
from tests.factories import make_meeting, make_user


def _calendar(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


# --- e-mail -------------------------------------------------------------------------------


def test_mail_is_sent_from_the_saved_platform_name_at_the_configured_address(app):
    save_custom_identity()
    user = make_user()
    with mail.record_messages() as outbox:
        queue_email(user.email, "reset_password", user=user, link="http://x/reset")
        db.session.commit()
        deliver_queued()
        send_email(user.email, "reset_password", user=user, link="http://x/reset")
    assert len(outbox) == 2
    for message in outbox:
        assert message.sender == "Sądeckie Konsultacje <no-reply@konsulta.local>"


def test_before_any_save_the_configured_platform_name_signs_the_mail(app):
    app.config["MAIL_DEFAULT_SENDER"] = "Biuro <biuro@miasto.example>"
    app.config["SITE_PLATFORM_NAME"] = "Konsulta Miasto"
    forget_identity()
    user = make_user()
    with mail.record_messages() as outbox:
        send_email(user.email, "reset_password", user=user, link="http://x/reset")
    assert outbox[0].sender == "Konsulta Miasto <biuro@miasto.example>"


# --- iCalendar ----------------------------------------------------------------------------


class TestCalendarsNameTheSite:
    @pytest.fixture
    def app_overrides(self):
        return {"SITE_URL": "https://konsultacje.nowysacz.example"}

    def test_a_meetings_file_names_the_platform_and_the_body(self, client):
        save_custom_identity()
        meeting = make_meeting()
        body = client.get(f"/meetings/{meeting.id}.ics").data
        calendar = _calendar(body)
        assert str(calendar["PRODID"]) == "-//Sądeckie Konsultacje//Spotkania//PL"
        assert str(calendar["X-WR-CALNAME"]) == "Sądeckie Konsultacje"
        assert str(calendar["X-WR-CALDESC"]) == (
            "Sądeckie Konsultacje — " + CUSTOM_IDENTITY["body_name_pl"]
        )
        (event,) = calendar.walk("VEVENT")
        # the UID is the site's own, and the same as in the calendar's feed
        assert str(event["UID"]) == f"meeting-{meeting.id}@konsultacje.nowysacz.example"
        feed = _calendar(client.get("/calendar/feed.ics").data)
        assert str(event["UID"]) in [str(e["UID"]) for e in feed.walk("VEVENT")]

    def test_uids_do_not_change_when_the_platform_is_renamed(self, client):
        meeting = make_meeting()
        before = str(
            _calendar(client.get(f"/meetings/{meeting.id}.ics").data).walk("VEVENT")[0]["UID"]
        )
        save_custom_identity()
        after = str(
            _calendar(client.get(f"/meetings/{meeting.id}.ics").data).walk("VEVENT")[0]["UID"]
        )
        assert before == after and uid_domain() == "konsultacje.nowysacz.example"

    def test_the_feeds_file_is_named_after_the_platform(self, client):
        save_custom_identity()
        response = client.get("/calendar/feed.ics")
        assert 'filename="sadeckie-konsultacje.ics"' in response.headers["Content-Disposition"]


def test_slugs_of_platform_names():
    assert slug("Sądeckie Konsultacje") == "sadeckie-konsultacje"
    assert slug("Łódź // Głos mieszkańców!") == "lodz-glos-mieszkancow"
    assert slug("***") == "konsulta"


def test_the_uid_domain_falls_back_without_a_site_host(app):
    app.config["SITE_URL"] = ""
    assert uid_domain() == "konsulta"


# --- defaults from the configuration ---------------------------------------------------------


class TestDefaultsFromTheConfiguration:
    @pytest.fixture
    def app_overrides(self):
        return {
            "SITE_OFFICE_NAME": "Biuro Aktywności Obywatelskiej",
            "SITE_OFFICE_PHONE": "+48 18 443 00 00",
            "SITE_OFFICE_ADDRESS": "Rynek 1, 33-300 Nowy Sącz",
            "SITE_PRIVACY_CONTROLLER": "Prezydent Miasta Nowego Sącza",
            "SITE_DPO_CONTACT": "iod@nowysacz.example",
            "SITE_FOOTER_LINKS": "Miasto | https://nowysacz.example\\nBIP | https://bip.example",
        }

    def test_with_no_settings_saved_the_configuration_stands_in(self, app):
        assert db.session.get(SiteSettings, 1) is None
        identity = site_identity()
        assert identity.office_name == "Biuro Aktywności Obywatelskiej"
        assert identity.office_phone == "+48 18 443 00 00"
        assert identity.office_address == "Rynek 1, 33-300 Nowy Sącz"
        assert identity.privacy_controller == "Prezydent Miasta Nowego Sącza"
        assert identity.dpo_contact == "iod@nowysacz.example"
        assert [(link.label, link.url) for link in identity.footer_links] == [
            ("Miasto", "https://nowysacz.example"),
            ("BIP", "https://bip.example"),
        ]

    def test_the_first_save_keeps_the_configured_values(self, app):
        save_custom_identity()  # names only: the rest stays as configured
        row = db.session.get(SiteSettings, 1)
        assert row.office_phone == "+48 18 443 00 00"
        assert row.footer_links == "Miasto | https://nowysacz.example\nBIP | https://bip.example"
        identity = site_identity()
        assert identity.office_name == CUSTOM_IDENTITY["office_name"]
        assert identity.dpo_contact == "iod@nowysacz.example"

    def test_the_settings_page_offers_them_before_the_first_save(self, client, auth):
        auth.login_as(make_user(role="admin"))
        page = client.get("/admin/settings").get_data(as_text=True)
        assert "+48 18 443 00 00" in page and "Prezydent Miasta Nowego Sącza" in page
        assert "Miasto | https://nowysacz.example" in page
