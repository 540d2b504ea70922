"""RODO rights over access requests (the accessibility statement's form, issue 16): they are in
the person's data download, account deletion keeps the open ones and erases the requester from
the handled ones, and the retention rule erases the requester from requests handled long ago."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.common.audit import Action
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.privacy import services
from app.privacy.collect import personal_data
from app.settings import services as settings_services
from app.settings.models import AccessRequest
from app.settings.states import RequestState
from tests.factories import PASSWORD, make_user


def _file(email, name="Anna Kowalska", concerns="Sprawozdanie (PDF)", phone="600 100 200"):
    data = settings_services.RequestData(
        name, email, concerns, "Czytnik nie czyta tabel.", phone=phone, alternative="plik tekstowy"
    )
    filed = settings_services.file_access_request(data, "pl", utcnow(), date.today())
    db.session.commit()
    return filed


@pytest.fixture
def official():
    return make_user(role="official")


@pytest.fixture
def person():
    return make_user(name="Anna Kowalska", email="anna@example.org")


@pytest.fixture
def requests(person, official):
    """Anna's open request (sent with her address in other letter case), her answered one, her
    closed one, and somebody else's."""
    open_one = _file(" Anna@Example.ORG ", concerns="Mapa przystanków")
    answered = _file("anna@example.org", concerns="Sprawozdanie (PDF)")
    settings_services.answer_access_request(
        official, answered, "Wysłaliśmy plik tekstowy.", utcnow()
    )
    closed = _file("anna@example.org", concerns="Uchwała budżetowa")
    settings_services.close_access_request(official, closed, "Duplikat wniosku", utcnow())
    other = _file("jan@example.org", name="Jan Nowak", concerns="Nagranie sesji")
    settings_services.answer_access_request(official, other, "Dodaliśmy napisy.", utcnow())
    db.session.commit()
    return open_one, answered, closed, other


# --- the download ----------------------------------------------------------------------------


def test_the_export_lists_the_persons_requests_and_not_anyone_elses(app, person, requests):
    rows = personal_data(person, utcnow())["sections"]["access_requests"]
    assert [r["concerns"] for r in rows] == [
        "Mapa przystanków",
        "Sprawozdanie (PDF)",
        "Uchwała budżetowa",
    ]
    open_one, answered, closed = rows
    assert open_one["status"] == "open" and open_one["answer"] is None
    assert open_one["name"] == "Anna Kowalska" and open_one["phone"] == "600 100 200"
    assert open_one["description"] == "Czytnik nie czyta tabel."
    assert open_one["alternative_form"] == "plik tekstowy"
    assert open_one["filed_on"] == date.today().isoformat() and open_one["deadline"]
    assert answered["status"] == "answered"
    assert answered["answer"] == "Wysłaliśmy plik tekstowy." and answered["handled_at"]
    assert closed["status"] == "closed" and closed["closing_reason"] == "Duplikat wniosku"
    assert "Jan Nowak" not in json.dumps(rows) and "Dodaliśmy napisy." not in json.dumps(rows)


def test_an_unconfirmed_address_does_not_reach_the_requests(app, requests):
    """Anybody can register with another person's address and log in before confirming it."""
    impostor = make_user(email="jan@example.org", confirmed_at=None)
    assert personal_data(impostor, utcnow())["sections"]["access_requests"] == []


def test_the_download_has_the_requests_in_json_and_html(client, auth, person, requests):
    auth.login_as(person)
    page = client.get("/privacy/my-data").get_data(as_text=True)
    assert "Żądania zapewnienia dostępności wysłane z Twojego adresu e-mail" in page
    archive = zipfile.ZipFile(io.BytesIO(client.post("/privacy/my-data/download").data))
    data = json.loads(archive.read("data.json"))
    assert len(data["sections"]["access_requests"]) == 3
    html = archive.read("data.html").decode()
    assert "Żądania zapewnienia dostępności wysłane z Twojego adresu e-mail" in html
    assert "Mapa przystanków" in html and "Wysłaliśmy plik tekstowy." in html
    assert "Nagranie sesji" not in html


# --- deleting the account --------------------------------------------------------------------


def test_deletion_keeps_an_open_request_and_erases_the_requester_from_handled_ones(
    app, person, requests
):
    removed = services.delete_account(person, PASSWORD, utcnow())
    db.session.commit()
    assert (removed.access_requests_kept, removed.access_requests_erased) == (1, 2)
    db.session.expire_all()
    open_one, answered, closed, other = (db.session.get(AccessRequest, r.id) for r in requests)
    # the office must still answer the open request, to the address it was sent from
    assert open_one.name == "Anna Kowalska" and open_one.email == "Anna@Example.ORG"
    assert open_one.phone == "600 100 200" and open_one.state == RequestState.OPEN
    # ...but it is no longer the account's: the deleted account reaches no request
    assert personal_data(person, utcnow())["sections"]["access_requests"] == []
    for handled in (answered, closed):
        assert handled.name == services.ERASED_REQUESTER_NAME == "Osoba usunięta"
        assert handled.email == "" and handled.phone == ""
        # the register keeps what was asked and the office's answer
        assert handled.description == "Czytnik nie czyta tabel." and handled.answer
    assert answered.answer == "Wysłaliśmy plik tekstowy." and answered.handled_at is not None
    assert other.name == "Jan Nowak" and other.email == "jan@example.org"
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == Action.ACCESS_REQUEST_ERASE)
    ).all()
    assert sorted(e.object_id for e in entries) == sorted([answered.id, closed.id])
    assert all(e.details == {"cause": "account_deleted"} for e in entries)
    deletion = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == Action.ACCOUNT_DELETE)
    )
    assert deletion.details["kept_access_requests"] == 1
    assert deletion.details["erased_access_requests"] == 2


def test_the_office_can_still_answer_a_kept_request(app, person, requests, official):
    open_one = requests[0]
    services.delete_account(person, PASSWORD, utcnow())
    db.session.commit()
    settings_services.answer_access_request(official, open_one, "Mapa w HTML.", utcnow())
    db.session.commit()
    assert open_one.state == RequestState.ANSWERED and open_one.email == "Anna@Example.ORG"


def test_an_erased_request_shows_no_contact_to_officials(client, auth, person, requests, official):
    services.delete_account(person, PASSWORD, utcnow())
    db.session.commit()
    auth.login_as(official)
    page = client.get(f"/access-requests/{requests[1].id}").get_data(as_text=True)
    assert "Osoba usunięta" in page and "mailto:" not in page
    assert "Sprawozdanie (PDF)" in page and "Wysłaliśmy plik tekstowy." in page


def test_the_deletion_page_tells_what_happens_to_the_requests(client, auth, person, requests):
    auth.login_as(person)
    page = client.get("/privacy/delete-account").get_data(as_text=True)
    assert "które urząd jeszcze rozpatruje (1)" in page
    assert "odpowiedź nadal przyjdzie na podany przez Ciebie adres e-mail" in page
    assert "już rozpatrzone lub zamknięte (2)" in page
    client.get("/language/en")  # the same in English
    page = client.get("/privacy/delete-account").get_data(as_text=True)
    assert "the office is still handling (1)" in page


def test_the_deletion_page_says_nothing_of_requests_to_a_person_without_any(client, auth):
    auth.login_as(make_user())
    page = client.get("/privacy/delete-account").get_data(as_text=True)
    assert "żądania zapewnienia dostępności" not in page


# --- retention -------------------------------------------------------------------------------


def _handled_days_ago(filed, days):
    filed.handled_at = utcnow() - timedelta(days=days)
    db.session.commit()


def test_retention_erases_handled_requests_after_the_period_and_not_before(app, runner, requests):
    open_one, answered, closed, other = requests
    _handled_days_ago(answered, 366)
    _handled_days_ago(closed, 400)
    _handled_days_ago(other, 364)
    open_one.created_at = utcnow() - timedelta(days=500)  # open: never erased, however old
    db.session.commit()
    result = runner.invoke(args=["privacy", "retention"])
    assert result.exit_code == 0, result.output
    assert "2 handled access requests erased of personal data" in result.output
    db.session.expire_all()
    for filed in (answered, closed):
        row = db.session.get(AccessRequest, filed.id)
        assert (row.name, row.email, row.phone) == ("Osoba usunięta", "", "")
        assert row.description == "Czytnik nie czyta tabel." and row.answer
    assert db.session.get(AccessRequest, other.id).email == "jan@example.org"
    assert db.session.get(AccessRequest, open_one.id).name == "Anna Kowalska"
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == Action.ACCESS_REQUEST_ERASE, AuditEntry.object_id == answered.id
        )
    )
    assert entry.actor_id is None and entry.details == {"cause": "retention", "days": 365}
    assert "Anna" not in entry.object_label
    # a second run finds nothing left to erase
    again = runner.invoke(args=["privacy", "retention"])
    assert "0 handled access requests erased of personal data" in again.output


class TestRetentionPeriod:
    @pytest.fixture
    def app_overrides(self):
        return {"ACCESS_REQUEST_RETENTION_DAYS": 30}

    def test_the_period_is_configurable(self, runner, requests):
        answered = requests[1]
        _handled_days_ago(answered, 31)
        result = runner.invoke(args=["privacy", "retention"])
        assert "1 handled access requests erased of personal data" in result.output
        db.session.expire_all()
        assert db.session.get(AccessRequest, answered.id).email == ""


def test_the_privacy_notice_states_the_period(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "do upływu 365 dni od odpowiedzi urzędu" in page
