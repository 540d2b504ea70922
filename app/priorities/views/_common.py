"""What the vote pages share: loading a vote for a page, its link, the refusal page and the
ballot page (the online ballot and the paper ballot fill in the same form)."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.common.authz import require
from app.common.timeutil import utcnow
from app.extensions import db
from app.priorities import ballot_form, messages, permissions, rules
from app.priorities.models import Vote, VoteOption, VoteResult
from app.priorities.permissions import BallotRefusal


def load_vote(vote_id: int) -> Vote:
    """The vote, or 404; 403 for a vote the person may not see."""
    # every vote page checks the round's visibility and the vote's phase: one query for all
    # (the stored ballots and outcome of a result are loaded only where a page shows them)
    vote = db.session.get(
        Vote,
        vote_id,
        options=[
            joinedload(Vote.consultation),
            joinedload(Vote.result).defer(VoteResult.ballots_pb).defer(VoteResult.outcome),
        ],
    )
    if vote is None:
        abort(404)
    require(permissions.can_view_vote(current_user, vote, utcnow()))
    return vote


def option_or_404(vote: Vote, option_id: int) -> VoteOption:
    option = next((o for o in vote.options if o.id == option_id), None)
    if option is None:
        abort(404)
    return option


def vote_link(vote: Vote) -> str:
    return url_for("priorities.show", vote_id=vote.id)


def refused_page(vote: Vote, message: str):
    """The 403 page that says why a ballot may not be cast (now)."""
    return render_template("priorities/ballot_refused.html", vote=vote, message=message), 403


def refused(vote: Vote, refusal: BallotRefusal):
    return refused_page(vote, messages.refusal_message(refusal))


def ballot_page(vote, raw, template="priorities/ballot_form.html", problems=(), **context):
    """The ballot form (or its review) with the raw values and the problems of them."""
    titles = {o.key: o.title for o in vote.options}
    problem_texts = [messages.ballot_message(p, titles) for p in problems]
    option_errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.option:
            option_errors.setdefault(problem.option, []).append(
                messages.ballot_message(problem, {})
            )
    return render_template(
        template,
        vote=vote,
        raw=raw,
        ordered_options=ballot_form.ordered_options(vote, raw),
        messages=problem_texts,
        option_errors=option_errors,
        titles=titles,
        uses_costs=rules.uses_budget(vote.method),
        script_text=messages.script_text(),
        **context,
    )
