"""The OpenAPI 3.1 document of the open data API, built from plain dictionaries (pure).

Kept next to ``resources.py``: a field added there must be added to its schema here; the tests
validate this document (openapi-spec-validator) and check every response against it
(schemathesis), so a mismatch fails the suite.
"""

from __future__ import annotations

from typing import Any

API_VERSION = "1.0.0"


def _t(kind: str, nullable: bool = False, **extra: Any) -> dict:
    schema: dict[str, Any] = {"type": [kind, "null"] if nullable else kind}
    schema.update(extra)
    return schema


STR = _t("string")
STR_N = _t("string", True)
INT = _t("integer")
INT_N = _t("integer", True)
BOOL = _t("boolean")
TIME = _t("string", format="date-time")
TIME_N = _t("string", True, format="date-time")
MONEY_N = _t("string", True, pattern=r"^-?\d+\.\d{2}$", description="Amount in PLN, 2 decimals")
DAY = _t("string", format="date")
DAY_N = _t("string", True, format="date")
URL = _t("string", format="uri")
URL_N = _t("string", True)


def _obj(properties: dict, description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _nullable_ref(name: str) -> dict:
    return {"oneOf": [{"$ref": f"#/components/schemas/{name}"}, {"type": "null"}]}


def _list_of(schema: dict) -> dict:
    return {"type": "array", "items": schema}


ORG_REF = _obj({"id": INT, "name": STR}, "An organization (its public name).")

SCHEMAS: dict[str, dict] = {
    "OrganizationRef": ORG_REF,
    "Consultation": _obj(
        {
            "id": INT,
            "title": STR,
            "summary": STR,
            "subject": STR,
            "rules_html": STR,
            "contact_person": STR,
            "contact_email": STR_N,
            "participation": _t("string", enum=["verified_organizations", "confirmed_persons"]),
            "comment_visibility": _t("string", enum=["immediate", "after_close"]),
            "areas": _list_of(STR),
            "stages": _list_of(
                _obj(
                    {
                        "kind": _t("string", enum=["commenting", "proposals", "voting", "results"]),
                        "opens_at": TIME,
                        "closes_at": TIME,
                    }
                )
            ),
            "draft_versions": _list_of(
                _obj({"id": INT, "number": INT, "title": STR, "published_at": TIME})
            ),
            "report_id": INT_N,
            "announced_at": TIME,
            "changed_at": TIME_N,
            "url": URL,
        },
        "An announced consultation round.",
    ),
    "DraftVersion": _obj(
        {
            "id": INT,
            "consultation_id": INT,
            "number": INT,
            "title": STR,
            "change_note": STR_N,
            "published_at": TIME,
            "changed_at": TIME_N,
            "units": _list_of(
                _obj(
                    {
                        "key": STR,
                        "position": INT,
                        "kind": STR,
                        "level": INT,
                        "marker": STR,
                        "label": STR,
                        "text_md": STR,
                        "text_html": STR,
                        "change": STR,
                    }
                )
            ),
        },
        "A published version of a round's draft, unit by unit (paragraphs, points, …).",
    ),
    "Remark": _obj(
        {
            "id": INT,
            "consultation_id": INT,
            "number": INT,
            "draft_version_id": INT,
            "unit_key": STR_N,
            "unit_label": STR_N,
            "organization": _nullable_ref("OrganizationRef"),
            "channel": _t("string", enum=["platform", "paper", "meeting"]),
            "current_wording": STR,
            "proposed_wording": STR,
            "justification": STR,
            "created_at": TIME,
            "changed_at": TIME_N,
            "answer": {
                "oneOf": [
                    _obj(
                        {
                            "decision": STR,
                            "justification_html": STR,
                            "published_at": TIME,
                        }
                    ),
                    {"type": "null"},
                ]
            },
        },
        "A public remark on a draft with the office's published answer (null until then). "
        "Remarks are attributed to organizations only, never to a person.",
    ),
    "Report": _obj(
        {
            "id": INT,
            "consultation_id": INT,
            "statement_html": STR,
            "prepared_by": STR,
            "published_at": TIME,
            "changed_at": TIME_N,
            "url": URL,
        },
        "The published report of a consultation round.",
    ),
    "Proposal": _obj(
        {
            "id": INT,
            "title": STR,
            "area": STR_N,
            "problem": STR,
            "evidence": STR,
            "activities": STR,
            "target_group": STR,
            "expected_results": STR,
            "estimated_cost": MONEY_N,
            "time_frame": STR,
            "consultation_id": INT_N,
            "status": _t(
                "string",
                enum=["submitted", "under_review", "accepted", "rejected", "merged", "withdrawn"],
            ),
            "organization": {"$ref": "#/components/schemas/OrganizationRef"},
            "co_authors": _list_of({"$ref": "#/components/schemas/OrganizationRef"}),
            "merged_into_id": INT_N,
            "submitted_at": TIME_N,
            "changed_at": TIME_N,
            "answer": {
                "oneOf": [
                    _obj({"decision": STR_N, "answer_html": STR, "published_at": TIME}),
                    {"type": "null"},
                ]
            },
            "url": URL,
        },
        "A submitted proposal of a public task, with the office's published answer.",
    ),
    "VoteResult": _obj(
        {
            "published_at": TIME,
            "statement_html": STR,
            "outcome": {
                "type": "object",
                "description": "The counted outcome (aggregates only; keys depend on the method)",
            },
            "turnout": {
                "type": "object",
                "properties": {
                    "eligible": INT,
                    "ballots": INT,
                    "online": INT,
                    "paper": INT,
                    "support": {"type": "object", "additionalProperties": {"type": "number"}},
                },
                "required": ["eligible", "ballots", "support"],
                "additionalProperties": False,
            },
            "ballots_withheld": BOOL,
            "ballots_sha256": STR_N,
            "ballots_pb_url": URL_N,
        }
    ),
    "Vote": _obj(
        {
            "id": INT,
            "consultation_id": INT,
            "title": STR,
            "explanation_html": STR,
            "ballot_type": STR,
            "method": STR,
            "voter_unit": STR,
            "secrecy": _t("string", enum=["secret", "open"]),
            "budget": MONEY_N,
            "opens_at": TIME,
            "closes_at": TIME,
            "options": _list_of(
                _obj(
                    {
                        "id": INT,
                        "position": INT,
                        "title": STR,
                        "description_html": STR,
                        "cost": MONEY_N,
                        "proposal_id": INT_N,
                    }
                )
            ),
            "result": _nullable_ref("VoteResult"),
            "changed_at": TIME_N,
            "url": URL,
        },
        "A priority vote (open, closed or with published results; never one being set up).",
    ),
    "Organization": _obj(
        {
            "id": INT,
            "name": STR,
            "legal_form": STR,
            "register_type": STR,
            "register_number": STR_N,
            "nip": STR_N,
            "regon": STR_N,
            "description_html": STR,
            "website": STR_N,
            "email": STR_N,
            "phone": STR_N,
            "address": STR_N,
            "areas": _list_of(STR),
            "verified_at": TIME_N,
            "changed_at": TIME_N,
            "url": URL,
        },
        "A verified organization: public data only (contact details it chose to show).",
    ),
    "Event": _obj(
        {
            "id": INT,
            "title": STR,
            "starts_at": TIME,
            "ends_at": TIME,
            "place": STR,
            "online_url": STR_N,
            "description_html": STR,
            "area": STR_N,
            "organization": _nullable_ref("OrganizationRef"),
            "is_open_to_join": BOOL,
            "changed_at": TIME_N,
            "url": URL,
        },
        "An event in the calendar of cooperation.",
    ),
    "Opportunity": _obj(
        {
            "id": INT,
            "kind": STR,
            "title": STR,
            "description_html": STR,
            "amount": MONEY_N,
            "deadline_at": TIME_N,
            "planned_year": INT_N,
            "planned_month": INT_N,
            "criteria": STR,
            "announcement_url": STR_N,
            "areas": _list_of(STR),
            "changed_at": TIME_N,
            "url": URL,
        },
        "A grant competition or another opportunity for organizations.",
    ),
    "Programme": _obj(
        {
            "id": INT,
            "year": INT,
            "end_year": INT,
            "title": STR,
            "goals_html": STR,
            "priority_tasks": _list_of(STR),
            "indicators": STR,
            "draft_published_on": DAY_N,
            "opinion_on": DAY_N,
            "resolution_number": STR_N,
            "adopted_on": DAY_N,
            "bip_url": STR_N,
            "consultation_ids": _list_of(INT),
            "report": {
                "oneOf": [
                    _obj({"report_html": STR, "prepared_by": STR, "published_at": TIME}),
                    {"type": "null"},
                ]
            },
            "changed_at": TIME_N,
            "url": URL,
        },
        "A programme of cooperation with organizations (its report once published).",
    ),
    "ProgrammeTask": _obj(
        {
            "id": INT,
            "programme_id": INT,
            "position": INT,
            "source": STR,
            "title": STR,
            "area": STR_N,
            "proposal_id": INT_N,
            "vote_option_id": INT_N,
            "status": _t("string", enum=["planned", "in_progress", "done", "dropped"]),
            "drop_reason": STR,
            "progress": INT,
            "planned_amount": MONEY_N,
            "spent_amount": MONEY_N,
            "spent_note": STR,
            "milestones": _list_of(_obj({"title": STR, "due_on": DAY, "done_on": DAY_N})),
            "grants": _list_of(
                _obj(
                    {
                        "organization": {"$ref": "#/components/schemas/OrganizationRef"},
                        "amount": MONEY_N,
                        "purpose": STR,
                        "opportunity_id": INT_N,
                    }
                )
            ),
            "opportunity_ids": _list_of(INT),
            "changed_at": TIME_N,
            "url": URL,
        },
        "A task tracked in a programme: its state, milestones and grants.",
    ),
    "Links": {
        "type": "object",
        "properties": {
            "self": URL,
            "first": URL,
            "last": URL,
            "next": URL_N,
            "prev": URL_N,
        },
        "required": ["self", "first", "last", "next", "prev"],
        "additionalProperties": False,
    },
    "Meta": _obj(
        {
            "page": INT,
            "per_page": INT,
            "total": INT,
            "pages": INT,
            "changed_since": STR_N,
        }
    ),
    "Error": _obj(
        {
            "error": {
                "type": "object",
                "properties": {"code": STR, "message": STR, "parameter": STR},
                "required": ["code", "message"],
                "additionalProperties": False,
            }
        }
    ),
}

#: path segment → (schema name, summary, extra list parameters)
COLLECTIONS = {
    "consultations": ("Consultation", "Announced consultation rounds", ()),
    "draft-versions": ("DraftVersion", "Published draft versions with their units", ()),
    "remarks": ("Remark", "Public remarks with published answers", ("consultation_id",)),
    "reports": ("Report", "Published consultation reports", ()),
    "proposals": ("Proposal", "Submitted proposals with published answers", ()),
    "votes": ("Vote", "Priority votes with published results", ()),
    "organizations": ("Organization", "Verified organizations (public data)", ()),
    "events": ("Event", "Events of the calendar", ()),
    "opportunities": ("Opportunity", "Grant competitions and other opportunities", ()),
    "programmes": ("Programme", "Programmes of cooperation", ()),
    "programme-tasks": ("ProgrammeTask", "Tasks tracked in the programmes", ()),
}

PARAMETERS = {
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": "Objects per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    },
    "changed_since": {
        "name": "changed_since",
        "in": "query",
        "required": False,
        "description": "Only objects created or changed (or answered, or published) at or "
        "after this moment (RFC 3339; a date alone means its midnight UTC).",
        "schema": {"type": "string", "format": "date-time"},
    },
    "consultation_id": {
        "name": "consultation_id",
        "in": "query",
        "required": False,
        "description": "Only the remarks of this consultation round.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647},
    },
    "id": {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647},
    },
}


def _response(description: str, schema: dict | None = None, media: str = "application/json"):
    response: dict[str, Any] = {"description": description}
    if schema is not None:
        response["content"] = {media: {"schema": schema}}
    return response


ERROR = {"$ref": "#/components/schemas/Error"}
COMMON_ERRORS = {
    "304": {"description": "Not modified (the If-None-Match ETag still matches)."},
    "429": _response("Too many requests (see the X-RateLimit-* headers).", ERROR),
}


def _paths() -> dict:
    paths: dict[str, Any] = {
        "/": {
            "get": {
                "operationId": "index",
                "summary": "What the API offers",
                "responses": {"200": _response("Links to the collections", {"type": "object"})},
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": _response("OpenAPI 3.1", {"type": "object"})},
            }
        },
    }
    paths["/dump.zip"] = {
        "get": {
            "operationId": "get_dump",
            "summary": "The nightly full dump: every collection as JSON and CSV, zipped, with "
            "the licence statement",
            "responses": {
                "200": _response("The ZIP file", {"type": "string"}, "application/zip"),
                "404": _response("No dump written yet", ERROR),
                "429": COMMON_ERRORS["429"],
            },
        }
    }
    for segment, (schema, summary, extra) in COLLECTIONS.items():
        ref = {"$ref": f"#/components/schemas/{schema}"}
        operation = segment.replace("-", "_")
        paths[f"/{segment}"] = {
            "get": {
                "operationId": f"list_{operation}",
                "summary": summary,
                "parameters": [
                    {"$ref": f"#/components/parameters/{name}"}
                    for name in ("page", "per_page", "changed_since", *extra)
                ],
                "responses": {
                    "200": _response(
                        f"A page of {segment}, oldest id first",
                        _obj(
                            {
                                "data": _list_of(ref),
                                "meta": {"$ref": "#/components/schemas/Meta"},
                                "links": {"$ref": "#/components/schemas/Links"},
                            }
                        ),
                    ),
                    "400": _response("A query parameter is invalid", ERROR),
                    **COMMON_ERRORS,
                },
            }
        }
        paths[f"/{segment}/{{id}}"] = {
            "get": {
                "operationId": f"get_{operation}",
                "summary": f"One of {segment}",
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {
                    "200": _response("The object", _obj({"data": ref})),
                    "404": _response("No public object with this id", ERROR),
                    **COMMON_ERRORS,
                },
            }
        }
    paths["/votes/{id}/ballots.pb"] = {
        "get": {
            "operationId": "get_vote_ballots",
            "summary": "The anonymised ballots of a published result (pabulib .pb format)",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
                "200": _response("The .pb file", {"type": "string"}, "text/plain"),
                "404": _response(
                    "No published result, or its ballots are withheld (a secret vote with "
                    "too few ballots)",
                    ERROR,
                ),
                **COMMON_ERRORS,
            },
        }
    }
    return paths


def document(server_url: str, platform: str = "Konsulta", publisher: str = "") -> dict:
    """The whole OpenAPI 3.1 document, its server set to ``server_url`` (…/api/v1/), titled
    with the site's platform name and, when given, naming the body that publishes the data."""
    info_contact = {"contact": {"name": publisher}} if publisher else {}
    return {
        "openapi": "3.1.0",
        "info": {
            **info_contact,
            "title": f"{platform} open data API",
            "version": API_VERSION,
            "description": (
                "Read-only public data of the consultations between the city office and "
                "non-governmental organizations: rounds, drafts, remarks and answers, reports, "
                "proposals, votes and their results, organizations, events and opportunities. "
                "JSON; ids are stable; lists are paginated (page, per_page) and filtered by "
                "changed_since; every answer carries an ETag (send If-None-Match); any origin "
                "may read it (CORS); requests per client are rate-limited. A full dump (JSON "
                "and CSV, zipped) is produced nightly by `flask opendata dump`."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": _paths(),
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
    }
