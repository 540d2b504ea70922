"""The search wing's URL map: one results page."""

from flask import Blueprint

from app.search import views

bp = Blueprint("search", __name__, url_prefix="/search")

bp.add_url_rule("", endpoint="results", view_func=views.results)
