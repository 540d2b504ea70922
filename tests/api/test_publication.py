"""The open data API publishes what the site shows a visitor, nothing more; its OpenAPI document
validates (openapi-spec-validator) and every operation answers according to it (schemathesis).

One world is built for the module (tests/api/world.py) and only read.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from sqlalchemy import select

from app import create_app
from app.auth.models import User
from app.extensions import db
from app.organizations.models import Organization
from config import TestingConfig
from tests.api.world import build_world
from tests.conftest import TEMPLATE_CACHE, empty_tables, forget_request_state


@pytest.fixture(scope="module")
def world_app(database_url):
    app = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost"}
    )
    app.before_request(forget_request_state)
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    with app.app_context():
        app.world = build_world()
        yield app
        db.session.remove()
        empty_tables()
        db.engine.dispose()


@pytest.fixture(scope="module")
def everything(world_app, tmp_path_factory):
    """Every page of every collection, every object, and the dump's files, as text."""
    client = world_app.test_client()
    texts = []
    index = client.get("/api/v1/").json
    for url in index["resources"].values():
        body = client.get(url + "?per_page=200").json
        assert body["meta"]["pages"] == 1
        texts.append(json.dumps(body, ensure_ascii=False))
        for item in body["data"]:
            texts.append(client.get(f"{url}/{item['id']}").get_data(as_text=True))
            if item.get("result") and item["result"]["ballots_pb_url"]:
                texts.append(client.get(item["result"]["ballots_pb_url"]).get_data(as_text=True))
    path = tmp_path_factory.mktemp("dump") / "konsulta-opendata.zip"
    result = world_app.test_cli_runner().invoke(args=["opendata", "dump", "--output", str(path)])
    assert result.exit_code == 0, result.output
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer) as archive:
        for name in archive.namelist():
            texts.append(archive.read(name).decode("utf-8-sig"))
    return "\n".join(texts)


def ids_of(client, collection: str, **args) -> set[int]:
    query = "&".join(f"{k}={v}" for k, v in {"per_page": 200, **args}.items())
    return {item["id"] for item in client.get(f"/api/v1/{collection}?{query}").json["data"]}


def test_public_objects_are_published(world_app, everything):
    world = world_app.world
    client = world_app.test_client()
    assert world.round_id in ids_of(client, "consultations")
    remarks = ids_of(client, "remarks")
    assert {world.public_comment_id, world.answered_comment_id, world.drafted_comment_id} <= (
        remarks
    )
    assert world.proposal_id in ids_of(client, "proposals")
    assert {world.published_vote_id, world.withheld_vote_id, world.preview_vote_id} <= ids_of(
        client, "votes"
    )
    assert world.organization_id in ids_of(client, "organizations")
    assert world.programme_id in ids_of(client, "programmes")
    task = client.get(f"/api/v1/programme-tasks/{world.task_id}").json["data"]
    assert task["grants"][0]["organization"]["name"] == "Fundacja JAWNA"
    programme = client.get(f"/api/v1/programmes/{world.programme_id}").json["data"]
    assert programme["report"] is None  # drafted, not published
    for text in ("JAWNA odpowiedź", "JAWNE wyniki", "Wydarzenie JAWNE", "Konkurs JAWNY"):
        assert text in everything


def test_nothing_unpublished_hidden_or_personal_leaks(world_app, everything):
    world = world_app.world
    client = world_app.test_client()
    assert "SEKRET" not in everything
    assert world.hidden_round_id not in ids_of(client, "consultations")
    remarks = ids_of(client, "remarks")
    for comment_id in (world.hidden_comment_id, world.withdrawn_comment_id, world.later_comment_id):
        assert comment_id not in remarks
        assert client.get(f"/api/v1/remarks/{comment_id}").status_code == 404
    assert world.draft_proposal_id not in ids_of(client, "proposals")
    assert world.setup_vote_id not in ids_of(client, "votes")
    assert client.get(f"/api/v1/votes/{world.setup_vote_id}").status_code == 404
    assert world.pending_organization_id not in ids_of(client, "organizations")
    # people: no account's e-mail address or name, anywhere
    public_emails = {
        o.email for o in db.session.scalars(select(Organization)) if o.show_email and o.email
    }
    for user in db.session.scalars(select(User)):
        if user.email not in public_emails:
            assert user.email not in everything
        assert user.name not in everything
    assert "author_id" not in everything
    assert "internal_note" not in everything


def test_unpublished_answers_and_results_stay_null(world_app):
    world = world_app.world
    client = world_app.test_client()
    drafted = client.get(f"/api/v1/remarks/{world.drafted_comment_id}").json["data"]
    assert drafted["answer"] is None
    answered = client.get(f"/api/v1/remarks/{world.answered_comment_id}").json["data"]
    assert answered["answer"]["decision"] == "accepted"
    assert answered["organization"] == {"id": world.organization_id, "name": "Fundacja JAWNA"}
    preview = client.get(f"/api/v1/votes/{world.preview_vote_id}").json["data"]
    assert preview["result"] is None


def test_ballots_file_only_where_the_vote_allows(world_app):
    world = world_app.world
    client = world_app.test_client()
    published = client.get(f"/api/v1/votes/{world.published_vote_id}").json["data"]["result"]
    assert published["ballots_withheld"] is False
    pb = client.get(f"/api/v1/votes/{world.published_vote_id}/ballots.pb")
    assert pb.status_code == 200
    assert pb.mimetype == "text/plain"
    assert "VOTES" in pb.get_data(as_text=True)
    withheld = client.get(f"/api/v1/votes/{world.withheld_vote_id}").json["data"]["result"]
    assert withheld["ballots_withheld"] is True
    assert withheld["ballots_pb_url"] is None
    assert "online" not in withheld["turnout"]
    assert withheld["turnout"]["ballots"] == 1
    for vote_id in (world.withheld_vote_id, world.preview_vote_id, world.setup_vote_id):
        assert client.get(f"/api/v1/votes/{vote_id}/ballots.pb").status_code == 404


def test_outcome_is_aggregates_only(world_app):
    vote = world_app.test_client().get(f"/api/v1/votes/{world_app.world.published_vote_id}")
    outcome = vote.json["data"]["result"]["outcome"]
    assert "trace" not in outcome
    assert outcome["method"] == "borda"


def test_openapi_document_is_valid(world_app):
    document = world_app.test_client().get("/api/v1/openapi.json").json
    validate(document)  # raises on an invalid OpenAPI 3.1 document
    assert document["openapi"] == "3.1.0"
    paths = set(document["paths"])
    routes = {
        rule.rule.removeprefix("/api/v1").replace("<int:object_id>", "{id}")
        for rule in world_app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    routes = {r.replace("<int:vote_id>", "{id}") for r in routes}
    assert paths == routes  # every route documented, nothing documented that is not served


def test_every_operation_answers_by_its_schema(world_app):
    """schemathesis: generated requests to every documented operation (a bounded number each);
    every response must match the document (status, content type, body schema) and never be a
    server error. (Driven through hypothesis directly: schemathesis' pytest plugin does not
    support pytest 9 yet.)"""
    api_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", world_app)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    document = world_app.test_client().get("/api/v1/openapi.json").json
    # schemathesis leaves out the document's own path (validated above)
    expected = {f"GET {path}" for path in document["paths"]} - {"GET /openapi.json"}
    assert {op.label for op in operations} == expected
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        check()
