"""The votes' URL map, on one screen: every page under ``/votes`` and the view that answers it."""

from __future__ import annotations

from flask import Blueprint

from app.priorities import export
from app.priorities.views import ballot, index, paper, results, setup

bp = Blueprint("priorities", __name__, url_prefix="/votes")

bp.add_app_template_filter(export.number, "number")
bp.add_app_template_filter(export.completion_changes, "completion_changes")
bp.add_app_template_filter(export.completion_points, "completion_points")
bp.add_app_template_filter(export.decimal_pl, "decimal_pl")

VOTE = "/<int:vote_id>"
OPTION = VOTE + "/options/<int:option_id>"
GET_POST = ["GET", "POST"]

# everyone: the index, a round's votes, a vote
bp.add_url_rule("/", endpoint="index", view_func=index.index, methods=["GET"])
bp.add_url_rule(
    "/rounds/<int:consultation_id>",
    endpoint="round_votes",
    view_func=index.round_votes,
    methods=["GET"],
)
bp.add_url_rule(VOTE, endpoint="show", view_func=index.show, methods=["GET"])

# officials: setting a vote up, opening and closing it early
bp.add_url_rule(
    "/rounds/<int:consultation_id>/new", endpoint="create", view_func=setup.create, methods=GET_POST
)
bp.add_url_rule(VOTE + "/edit", endpoint="edit", view_func=setup.edit, methods=GET_POST)
bp.add_url_rule(
    VOTE + "/options/new", endpoint="add_option", view_func=setup.add_option, methods=GET_POST
)
bp.add_url_rule(
    OPTION + "/edit", endpoint="edit_option", view_func=setup.edit_option, methods=GET_POST
)
bp.add_url_rule(
    OPTION + "/delete", endpoint="delete_option", view_func=setup.delete_option, methods=["POST"]
)
bp.add_url_rule(
    OPTION + "/move", endpoint="move_option", view_func=setup.move_option, methods=["POST"]
)
bp.add_url_rule(
    VOTE + "/import",
    endpoint="import_proposals",
    view_func=setup.import_proposals,
    methods=GET_POST,
)
bp.add_url_rule(VOTE + "/open", endpoint="open_early", view_func=setup.open_early, methods=["POST"])
bp.add_url_rule(
    VOTE + "/close", endpoint="close_early", view_func=setup.close_early, methods=["POST"]
)

# voters: the ballot, its review, its confirmation and receipt
bp.add_url_rule(VOTE + "/ballot", endpoint="ballot", view_func=ballot.ballot, methods=GET_POST)
bp.add_url_rule(
    VOTE + "/ballot/confirm",
    endpoint="confirm_ballot",
    view_func=ballot.confirm_ballot,
    methods=["POST"],
)

# officials: paper ballots
bp.add_url_rule(
    VOTE + "/paper", endpoint="paper_ballot", view_func=paper.paper_ballot, methods=GET_POST
)
bp.add_url_rule(
    VOTE + "/paper/confirm",
    endpoint="confirm_paper",
    view_func=paper.confirm_paper,
    methods=["POST"],
)

# results: the page (preview for officials), computing and publishing, downloads, receipts
bp.add_url_rule(VOTE + "/results", endpoint="results", view_func=results.show, methods=["GET"])
bp.add_url_rule(
    VOTE + "/results/manage", endpoint="results_manage", view_func=results.manage, methods=["GET"]
)
bp.add_url_rule(
    VOTE + "/results/preview",
    endpoint="results_preview",
    view_func=results.preview,
    methods=["POST"],
)
bp.add_url_rule(
    VOTE + "/results/publish",
    endpoint="results_publish",
    view_func=results.publish,
    methods=GET_POST,
)
bp.add_url_rule(
    VOTE + "/results.csv", endpoint="results_csv", view_func=results.results_csv, methods=["GET"]
)
bp.add_url_rule(
    VOTE + "/results.xlsx", endpoint="results_xlsx", view_func=results.results_xlsx, methods=["GET"]
)
bp.add_url_rule(
    VOTE + "/results.json", endpoint="results_json", view_func=results.results_json, methods=["GET"]
)
bp.add_url_rule(
    VOTE + "/ballots.pb", endpoint="ballots_pb", view_func=results.ballots_pb, methods=["GET"]
)
bp.add_url_rule("/receipt", endpoint="receipt", view_func=results.receipt, methods=GET_POST)
