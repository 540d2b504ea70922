"""The moderation wing's URL map: an author's hidden thing, the office's review requests."""

from flask import Blueprint

from app.moderation import views

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

GET_POST = ["GET", "POST"]

bp.add_url_rule(
    "/<any(remark, proposal_comment, survey_answer):kind>/<int:target_id>",
    endpoint="review",
    view_func=views.review,
    methods=GET_POST,
)
bp.add_url_rule("/reviews", endpoint="queue", view_func=views.queue)
bp.add_url_rule(
    "/reviews/<int:review_id>", endpoint="decide", view_func=views.decide, methods=GET_POST
)
