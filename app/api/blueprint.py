"""The open data API's whole URL map (under /api/v1): read-only JSON, CORS, rate-limited."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.api import views
from app.api.params import BadParameter
from app.api.resources import RESOURCES
from app.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")

bp.add_url_rule("/", endpoint="index", view_func=views.index)
bp.add_url_rule("/openapi.json", endpoint="openapi_document", view_func=views.openapi_document)
bp.add_url_rule("/dump.zip", endpoint="dump_file", view_func=views.dump_file)


def _view(handler, resource_name: str, name: str):
    """A named view for one resource (Flask-Limiter and the URL map need a name)."""

    def view(**kwargs):
        return handler(resource_name, **kwargs)

    view.__name__ = view.__qualname__ = name
    view.__doc__ = handler.__doc__
    return view


# one list and one object route per published resource (app/api/resources.py)
for _name in RESOURCES:
    _endpoint = _name.replace("-", "_")
    bp.add_url_rule(
        f"/{_name}",
        endpoint=_endpoint,
        view_func=_view(views.list_objects, _name, _endpoint),
    )
    bp.add_url_rule(
        f"/{_name}/<int:object_id>",
        endpoint=f"{_endpoint}_one",
        view_func=_view(views.show_object, _name, f"{_endpoint}_one"),
    )
bp.add_url_rule(
    "/votes/<int:vote_id>/ballots.pb", endpoint="vote_ballots", view_func=views.vote_ballots
)

bp.after_request(views.add_cors_headers)
bp.register_error_handler(BadParameter, views.bad_parameter)
bp.register_error_handler(404, views.not_found)
bp.register_error_handler(429, views.too_many_requests)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)
