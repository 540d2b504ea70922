"""The open data API's protocol: pagination, changed_since, ETag/304, CORS, errors as JSON,
the rate limit, constant queries per page, the dump command and the footer link."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event

from app.api.params import BadParameter, parse_datetime, parse_listing
from app.common.timeutil import utcnow
from app.extensions import db
from tests.factories import make_event, make_organization, make_user


def test_parse_listing_defaults_and_limits():
    listing = parse_listing({})
    assert (listing.page, listing.per_page, listing.changed_since) == (1, 50, None)
    assert parse_listing({"page": "3", "per_page": "10"}).offset == 20
    for args in ({"page": "0"}, {"per_page": "201"}, {"page": "²"}, {"page": "-1"}):
        with pytest.raises(BadParameter):
            parse_listing(args)


def test_parse_datetime_accepts_rfc3339_and_dates():
    assert parse_datetime("2026-01-31T12:00:00Z").isoformat() == "2026-01-31T12:00:00+00:00"
    assert parse_datetime("2026-01-31T13:00:00+01:00").hour == 12
    assert parse_datetime("2026-01-31").isoformat() == "2026-01-31T00:00:00+00:00"
    with pytest.raises(BadParameter):
        parse_datetime("yesterday")


def _args(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def test_pagination_links_and_counts(client):
    for number in range(5):
        make_organization(name=f"Organizacja {number}")
    body = client.get("/api/v1/organizations?per_page=2&page=2").json
    assert body["meta"] == {
        "page": 2,
        "per_page": 2,
        "total": 5,
        "pages": 3,
        "changed_since": None,
    }
    assert [o["name"] for o in body["data"]] == ["Organizacja 2", "Organizacja 3"]
    assert _args(body["links"]["next"]) == {"page": ["3"], "per_page": ["2"]}
    assert _args(body["links"]["prev"]) == {"page": ["1"], "per_page": ["2"]}
    last = client.get(body["links"]["last"]).json
    assert last["links"]["next"] is None
    assert [o["name"] for o in last["data"]] == ["Organizacja 4"]


def test_ids_are_stable_and_objects_found_by_id(client):
    organization = make_organization(name="Stała")
    body = client.get(f"/api/v1/organizations/{organization.id}").json
    assert body["data"]["id"] == organization.id
    assert body["data"]["url"].endswith(f"/organizations/{organization.id}")


def test_changed_since_filters(client):
    old = make_event(title="Dawne")
    old.updated_at = utcnow() - timedelta(days=30)
    db.session.commit()
    make_event(title="Nowe")
    since = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = client.get(f"/api/v1/events?changed_since={since}").json
    assert [e["title"] for e in body["data"]] == ["Nowe"]
    assert body["meta"]["changed_since"] == since
    assert len(client.get("/api/v1/events").json["data"]) == 2


@pytest.mark.parametrize(
    "query",
    ["page=0", "per_page=1000", "changed_since=wczoraj", "page=abc"],
)
def test_bad_parameters_are_400_json(client, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_parameter"
    assert response.json["error"]["parameter"] == query.split("=")[0]


def test_bad_filter_and_missing_objects(client):
    assert client.get("/api/v1/remarks?consultation_id=x").status_code == 400
    missing = client.get("/api/v1/events/4242")
    assert missing.status_code == 404
    assert missing.json == {
        "error": {"code": "not_found", "message": "No public object at this address."}
    }
    assert client.get("/api/v1/events/99999999999").status_code == 404


def test_read_only(client):
    assert client.post("/api/v1/events").status_code == 405
    assert client.delete("/api/v1/events/1").status_code == 405


def test_etag_and_if_none_match(client):
    make_event(title="Z ETagiem")
    first = client.get("/api/v1/events")
    etag = first.headers["ETag"]
    assert etag
    again = client.get("/api/v1/events", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    make_event(title="Drugie")
    changed = client.get("/api/v1/events", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_cors_for_get_and_preflight(client):
    response = client.get("/api/v1/events", headers={"Origin": "https://dane.gov.pl"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/events",
        headers={
            "Origin": "https://dane.gov.pl",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    # the rest of the site is not opened to other origins
    assert "Access-Control-Allow-Origin" not in client.get("/").headers


def test_api_sets_no_cookie(client):
    response = client.get("/api/v1/events")
    assert "Set-Cookie" not in response.headers


class TestRateLimit:
    @pytest.fixture
    def app_overrides(self):
        return {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}

    def test_fourth_request_in_a_minute_is_429_json(self, client):
        statuses = [client.get("/api/v1/events").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/events")
        assert limited.json["error"]["code"] == "rate_limited"
        assert limited.headers["Access-Control-Allow-Origin"] == "*"
        assert client.get("/").status_code == 200  # the site's own pages are not counted


def _count_queries(client, url: str) -> int:
    statements = []

    def record(*_args, **_kwargs):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize(
    "collection",
    ["organizations", "events", "proposals", "remarks", "votes", "consultations"],
)
def test_queries_per_page_do_not_grow_with_the_page(client, collection):
    from app.consultations import services as consultation_services
    from tests.factories import (
        make_ballot,
        make_closed_vote,
        make_consultation,
        make_proposal,
        publish_vote_results,
    )

    official = make_user(role="official")
    for number in range(6):
        organization = make_organization(name=f"Org {number}")
        make_event(official, organization, title=f"Wydarzenie {number}")
        make_proposal(organization, title=f"Wniosek {number}")
        round_ = make_consultation(official, title=f"Runda {number}")
        person = organization.memberships[0].user
        comment = consultation_services.submit_comment(
            round_,
            person,
            organization,
            consultation_services.CommentData(None, f"Uwaga {number}", "Bo tak."),
            utcnow(),
        )
        consultation_services.save_answer(official, comment, "accepted", "Tak.", True, utcnow())
        vote = make_closed_vote(consultation=round_, official=official)
        make_ballot(vote, organization)
        publish_vote_results(vote, official, "Wyniki.", utcnow())
        db.session.commit()
    small = _count_queries(client, f"/api/v1/{collection}?per_page=1")
    large = _count_queries(client, f"/api/v1/{collection}?per_page=6")
    assert small == large


def test_dump_writes_json_csv_and_licence(app, runner, tmp_path):
    make_organization(name="Fundacja w zrzucie")
    make_event(title="Wydarzenie w zrzucie")
    target = tmp_path / "out" / "opendata.zip"
    result = runner.invoke(args=["opendata", "dump", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "organizations: 1" in result.output
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        for resource in ("consultations", "remarks", "proposals", "votes", "organizations"):
            assert {f"{resource}.json", f"{resource}.csv"} <= names
        assert {"LICENCE.txt", "metadata.json", "openapi.json"} <= names
        organizations = json.loads(archive.read("organizations.json"))
        assert organizations[0]["name"] == "Fundacja w zrzucie"
        rows = list(csv.DictReader(io.StringIO(archive.read("events.csv").decode("utf-8-sig"))))
        assert rows[0]["title"] == "Wydarzenie w zrzucie"
        licence = archive.read("LICENCE.txt").decode()
        assert "CC BY 4.0" in licence
        assert "o otwartych danych" in licence
        metadata = json.loads(archive.read("metadata.json"))
        assert metadata["resources"]["organizations"] == 1
        # the publisher comes from the site settings (issue 16, item 1)
        assert metadata["publisher"]["name"] == "Urząd Miasta"
        assert licence.startswith("Konsulta (Urząd Miasta) — otwarte dane")
    assert not list(target.parent.glob("*.part"))


def test_footer_links_the_openapi_document(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/api/v1/openapi.json"' in page
    assert ">API</a>" in page


def test_nightly_dump_is_served_once_written(app, client, runner, tmp_path):
    app.instance_path = str(tmp_path)  # not the checkout's instance/ folder
    assert client.get("/api/v1/dump.zip").status_code == 404
    assert runner.invoke(args=["opendata", "dump"]).exit_code == 0
    assert (tmp_path / "opendata" / "konsulta-opendata.zip").is_file()
    response = client.get("/api/v1/dump.zip")
    try:
        assert response.status_code == 200
        assert response.mimetype == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
        assert "LICENCE.txt" in archive.namelist()
    finally:
        response.close()


class TestTheDocumentNamesTheSite:
    @pytest.fixture
    def app_overrides(self):
        return {
            "SITE_PLATFORM_NAME": "Sądecka Konsulta",
            "SITE_BODY_NAME_EN": "Nowy Sącz City Hall",
        }

    def test_title_and_publisher_come_from_the_site_settings(self, client):
        info = client.get("/api/v1/openapi.json").get_json()["info"]
        assert info["title"] == "Sądecka Konsulta open data API"
        assert info["contact"]["name"] == "Nowy Sącz City Hall"
        assert client.get("/api/v1/").get_json()["name"] == "Sądecka Konsulta open data API"


def test_the_dumps_openapi_document_names_the_site_as_the_served_one(app, client, runner, tmp_path):
    from tests.exports import CUSTOM_IDENTITY, save_custom_identity

    save_custom_identity()
    make_event(title="Wydarzenie w zrzucie")
    target = tmp_path / "opendata.zip"
    assert runner.invoke(args=["opendata", "dump", "--output", str(target)]).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        dumped = json.loads(archive.read("openapi.json"))["info"]
        # the machine-readable tables stay clean: no metryka above their header
        assert archive.read("events.csv").decode("utf-8-sig").startswith("id,")
    served = client.get("/api/v1/openapi.json").get_json()["info"]
    assert dumped["title"] == served["title"] == "Sądeckie Konsultacje open data API"
    assert dumped["contact"] == served["contact"] == {"name": CUSTOM_IDENTITY["body_name_en"]}
