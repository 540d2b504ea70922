"""Notifications and follows pages, the header badge, and unsubscribing without logging in."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.notifications import services
from app.notifications.models import EmailMode, Follow, NotificationPreference
from app.organizations.queries import area_by_code
from tests.factories import make_consultation, make_opportunity, make_organization, make_user


def _notify(user, kind="opportunity.published", **params):
    opportunity = make_opportunity()
    [row] = services.record_notifications(
        [user.id], kind, opportunity, link=f"/opportunities/{opportunity.id}", **params
    )
    db.session.commit()
    return row


def test_list_badge_and_marking_read(client, auth):
    person = make_user()
    first = _notify(person, title="Konkurs pierwszy")
    _notify(person, "vote.results_published", title="Budżet 2027")
    _notify(person, "something.new_from_another_feature")
    auth.login_as(person)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Nowa możliwość w obserwowanej sferze pożytku publicznego: „Konkurs pierwszy”." in page
    assert "Opublikowano wyniki głosowania „Budżet 2027”." in page
    assert "W serwisie wydarzyło się coś nowego." in page  # an unknown kind still shows
    assert "Masz 3 nieprzeczytane powiadomienia." in page
    assert '3<span class="visually-hidden"> nieprzeczytane</span>' in page

    response = client.post(f"/notifications/{first.id}/read", data={"open": "1"})
    assert response.headers["Location"] == first.link
    db.session.refresh(first)
    assert first.read_at is not None
    client.post("/notifications/read-all")
    assert services.unread_count(person.id) == 0
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'visually-hidden"> nieprzeczytane' not in page


def test_someone_elses_notification_is_refused(client, auth):
    row = _notify(make_user())
    auth.login_as(make_user())
    assert client.post(f"/notifications/{row.id}/read").status_code == 403
    db.session.refresh(row)
    assert row.read_at is None


def test_preferences_saved_and_bad_input_re_rendered(client, auth):
    person = make_user()
    auth.login_as(person)
    response = client.post("/notifications/preferences", data={"email_mode": "weekly"})
    assert response.status_code == 400
    assert "Nieprawidłowy wybór" in response.get_data(as_text=True)
    response = client.post("/notifications/preferences", data={})
    assert response.status_code == 400
    assert "Wybierz, jak chcesz otrzymywać powiadomienia." in response.get_data(as_text=True)
    assert db.session.get(NotificationPreference, person.id) is None  # nothing stored
    response = client.post("/notifications/preferences", data={"email_mode": "daily"})
    assert response.status_code == 302
    assert db.session.get(NotificationPreference, person.id).email_mode == EmailMode.DAILY
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'checked class="form-check-input" id="email_mode-1"' in page


def test_follow_and_unfollow_from_the_pages(client, auth):
    person = make_user()
    organization = make_organization(name="Fundacja Obserwowana")
    consultation = make_consultation()
    seniors = area_by_code("seniors")
    auth.login_as(person)

    profile = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert 'Obserwuj<span class="visually-hidden">: Fundacja Obserwowana' in profile
    client.post(
        f"/follows/organization/{organization.id}",
        data={"next": f"/organizations/{organization.id}"},
    )
    client.post(f"/follows/organization/{organization.id}")  # twice: still one row
    client.post(f"/follows/consultation/{consultation.id}")
    response = client.post(f"/follows/area/{seniors.id}", data={"next": "https://evil.example"})
    assert response.headers["Location"] == "/follows/"  # no open redirect
    assert len(db.session.scalars(select(Follow).where(Follow.user_id == person.id)).all()) == 3

    page = client.get("/follows/").get_data(as_text=True)
    assert "Fundacja Obserwowana" in page and consultation.title in page
    assert 'Obserwujesz<span class="visually-hidden">: ' + seniors.name_pl in page
    filtered = client.get("/opportunities/?area=seniors").get_data(as_text=True)
    assert "Powiadamiaj mnie o nowych możliwościach w tej sferze" in filtered

    client.post(f"/follows/organization/{organization.id}/delete")
    remaining = db.session.scalars(
        select(Follow.target_type).where(Follow.user_id == person.id)
    ).all()
    assert sorted(remaining) == ["area", "consultation"]


def test_unverified_organization_cannot_be_followed(client, auth):
    auth.login_as(make_user())
    pending = make_organization(verified=False)
    assert client.post(f"/follows/organization/{pending.id}").status_code == 404
    assert db.session.scalar(select(Follow)) is None


def test_messages_render_dates_and_stage_names_in_the_readers_language(client, auth):
    from datetime import UTC, datetime

    person = make_user(locale="en")
    consultation = make_consultation()
    services.record_notifications(
        [person.id],
        "stage.closing",
        consultation,
        title="Programme 2027",
        stage="commenting",
        closes=datetime(2027, 3, 1, 11, 0, tzinfo=UTC).isoformat(),
        organization="Seniors' Club",
    )
    db.session.commit()
    auth.login_as(person)
    client.set_cookie("konsulta_lang", "en")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "The stage “commenting” of the consultation “Programme 2027” closes on" in page
    # Warsaw time, in the site's short format (no seconds), as on other pages
    assert "closes on 3/1/27, 12:00" in page
    assert "12:00:00" not in page
    assert "Seniors&#39; Club has not taken part yet." in page
    assert "You have 1 unread notification." in page
    # the notification's own date is in the same short format (no seconds)
    created = re.search(r"<time datetime=[^>]*>([^<]*)</time>", page).group(1)
    assert re.fullmatch(r"\d+/\d+/\d+, \d+:\d\d\W[AP]M", created), created
