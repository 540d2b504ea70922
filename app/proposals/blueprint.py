"""The proposals' URL map (under /proposals); the views are in :mod:`app.proposals.views`."""

from __future__ import annotations

from flask import Blueprint

from app.proposals.views import authoring, participation, public, review

bp = Blueprint("proposals", __name__, url_prefix="/proposals")

# everyone
bp.add_url_rule("/", endpoint="index", view_func=public.index)
bp.add_url_rule("/export.csv", endpoint="export_csv", view_func=public.export_csv)
bp.add_url_rule("/export.xlsx", endpoint="export_xlsx", view_func=public.export_xlsx)
bp.add_url_rule("/export.json", endpoint="export_json", view_func=public.export_json)
bp.add_url_rule("/partners", endpoint="partners", view_func=public.partners)
bp.add_url_rule("/<int:proposal_id>", endpoint="show", view_func=public.show)
bp.app_context_processor(public.organization_proposals)

# authors: filing, changing, co-authors
bp.add_url_rule("/new", endpoint="create", view_func=authoring.create, methods=["GET", "POST"])
bp.add_url_rule(
    "/<int:proposal_id>/edit", endpoint="edit", view_func=authoring.edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<int:proposal_id>/submit",
    endpoint="submit",
    view_func=authoring.submit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:proposal_id>/withdraw",
    endpoint="withdraw",
    view_func=authoring.withdraw,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:proposal_id>/invitations/<int:author_id>",
    endpoint="answer_invitation",
    view_func=authoring.answer_invitation,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:proposal_id>/offer", endpoint="offer", view_func=authoring.offer, methods=["POST"]
)
bp.add_url_rule(
    "/<int:proposal_id>/offers/<int:author_id>",
    endpoint="decide_offer",
    view_func=authoring.decide_offer,
    methods=["POST"],
)

# other organizations: endorsements, discussion
bp.add_url_rule(
    "/<int:proposal_id>/endorse",
    endpoint="endorse",
    view_func=participation.endorse,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:proposal_id>/endorse/withdraw",
    endpoint="unendorse",
    view_func=participation.unendorse,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:proposal_id>/comments",
    endpoint="comment",
    view_func=participation.comment,
    methods=["POST"],
)

# officials
bp.add_url_rule(
    "/<int:proposal_id>/comments/<int:comment_id>/hide",
    endpoint="hide_comment",
    view_func=review.hide_comment,
    methods=["POST"],
)
bp.add_url_rule("/review", endpoint="review", view_func=review.review)
bp.add_url_rule(
    "/<int:proposal_id>/review",
    endpoint="start_review",
    view_func=review.start_review,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:proposal_id>/answer", endpoint="answer", view_func=review.answer, methods=["POST"]
)
bp.add_url_rule("/<int:proposal_id>/note", endpoint="note", view_func=review.note, methods=["POST"])
