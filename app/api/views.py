"""The open data API's handlers: JSON lists with pagination, single objects, the ballots file
and the OpenAPI document. Read-only; CORS for GET; ETag/If-None-Match; rate-limited.

The URL map is ``app/api/blueprint.py``; what is published is ``app/api/resources.py``.
"""

from __future__ import annotations

import json

from flask import Response, abort, request, send_file, url_for
from sqlalchemy import func, select

from app.api import openapi
from app.api.dump import LICENCE_URL, dump_path
from app.api.params import MAX_ID, BadParameter, parse_id_filter, parse_listing
from app.api.resources import RESOURCES, ballots_withheld, one, published_result
from app.common.identity import site_identity
from app.extensions import db


def json_response(body: dict, status: int = 200) -> Response:
    """Compact, key-sorted UTF-8 JSON with a strong ETag; answers 304 to a matching
    If-None-Match."""
    data = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    response = Response(data, status=status, mimetype="application/json")
    if status == 200:
        response.add_etag()
        response.headers["Cache-Control"] = "public, max-age=60"
        response.make_conditional(request)
    return response


def error_response(status: int, code: str, message: str, parameter: str | None = None):
    error = {"code": code, "message": message}
    if parameter:
        error["parameter"] = parameter
    response = json_response({"error": error}, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def list_objects(resource_name: str):
    """One page of a resource's public objects, oldest id first."""
    resource = RESOURCES[resource_name]
    listing = parse_listing(request.args)
    filters = {name: parse_id_filter(request.args, name) for name in resource.filters}
    query = resource.query(listing.changed_since, **filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(listing.per_page).offset(listing.offset)).unique().all()
    last_page = max(1, -(-total // listing.per_page))

    def link(page: int) -> str:
        args = {**request.args.to_dict(), "page": page, "per_page": listing.per_page}
        return url_for(request.endpoint, _external=True, **args)

    links = {"self": link(listing.page), "first": link(1), "last": link(last_page)}
    links["next"] = link(listing.page + 1) if listing.page < last_page else None
    links["prev"] = link(listing.page - 1) if 1 < listing.page <= last_page else None
    body = {
        "data": [resource.to_dict(row) for row in rows],
        "meta": {
            "page": listing.page,
            "per_page": listing.per_page,
            "total": total,
            "pages": last_page,
            "changed_since": request.args.get("changed_since") or None,
        },
        "links": links,
    }
    response = json_response(body)
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="{rel}"' for rel, url in links.items() if url
    )
    return response


def show_object(resource_name: str, object_id: int):
    """One public object, or 404 (missing and not public look the same)."""
    resource = RESOURCES[resource_name]
    row = one(resource, object_id) if object_id <= MAX_ID else None
    if row is None:
        abort(404)
    return json_response({"data": resource.to_dict(row)})


def vote_ballots(vote_id: int):
    """The anonymised ballots (pabulib ``.pb``) a published result was counted from."""
    vote = one(RESOURCES["votes"], vote_id) if vote_id <= MAX_ID else None
    result = published_result(vote) if vote is not None else None
    if result is None or ballots_withheld(vote, result):
        abort(404)
    response = Response(result.ballots_pb, mimetype="text/plain")
    response.headers["Content-Disposition"] = f'inline; filename="glosowanie-{vote.id}.pb"'
    response.headers["Digest"] = f"sha-256={result.ballots_sha256}"
    response.add_etag()
    response.headers["Cache-Control"] = "public, max-age=300"
    return response.make_conditional(request)


def dump_file():
    """The latest nightly dump (``flask opendata dump``), or 404 before the first one."""
    path = dump_path()
    if not path.is_file():
        abort(404)
    response = send_file(
        path, mimetype="application/zip", as_attachment=True, download_name=path.name
    )
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    identity = site_identity()
    return json_response(
        openapi.document(
            url_for("api.index", _external=True),
            platform=identity.platform_name,
            publisher=identity.body_name("en"),
        )
    )


def index():
    """What the API offers, with links (also the base of the OpenAPI servers entry)."""
    links = {name: url_for(f"api.{name.replace('-', '_')}", _external=True) for name in RESOURCES}
    return json_response(
        {
            "name": f"{site_identity().platform_name} open data API",
            "version": openapi.API_VERSION,
            "openapi": url_for("api.openapi_document", _external=True),
            "dump": url_for("api.dump_file", _external=True),
            "licence": LICENCE_URL,
            "resources": links,
        }
    )


# --- blueprint hooks ------------------------------------------------------------------------


def add_cors_headers(response: Response) -> Response:
    """Any site may read the API from a browser (GET only; no cookies are involved)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
    response.headers["Access-Control-Expose-Headers"] = (
        "ETag, Link, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
    )
    response.headers["Access-Control-Max-Age"] = "86400"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.vary.discard("Cookie")
    return response


def bad_parameter(error: BadParameter):
    return error_response(400, "invalid_parameter", error.message, error.name)


def not_found(_error):
    return error_response(404, "not_found", "No public object at this address.")


def too_many_requests(_error):
    return error_response(429, "rate_limited", "Too many requests; try again in a minute.")
