"""Results of votes: the officials' preview, statement and publication, the public results page,
the downloads (CSV, JSON, the anonymised ``.pb``) and the public receipt check.

Pages read the stored :class:`VoteResult` only: nothing here recounts per request.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.common.authz import require
from app.common.domain import InvalidState
from app.common.money import percent
from app.common.tables import XLSX_MIMETYPE
from app.common.timeutil import utcnow
from app.common.web import commit
from app.extensions import db, limiter
from app.priorities import explanations, export, messages, permissions, results, rules
from app.priorities.chart import outcome_chart
from app.priorities.forms import PublishResultsForm, ReceiptForm, StatementForm
from app.priorities.models import Ballot, BallotType, ReplacedReceipt, Vote, VoteResult
from app.priorities.phases import VoteState, state_of
from app.priorities.receipts import receipt_digest, share_of_ballot
from app.priorities.results_cache import (
    cached_for_visitors,
    published_body,
    share_with_visitors,
)


def _results_vote(vote_id: int) -> Vote:
    vote = db.session.scalar(
        select(Vote)
        .where(Vote.id == vote_id)
        .options(selectinload(Vote.options), joinedload(Vote.result), joinedload(Vote.consultation))
    )
    if vote is None:
        abort(404)
    return vote


def _require_viewable(vote: Vote):
    state = state_of(vote, utcnow())
    require(permissions.can_view_results(current_user, state, vote.result is not None))
    return state


def _stored_result(vote: Vote):
    """The stored result a download serves (404 before the first count)."""
    _require_viewable(vote)
    if vote.result is None:
        abort(404)
    return vote.result


@cached_for_visitors
def show(vote_id: int):
    """The results page: published for everyone, the preview for officials; anyone else
    learns that the results are not published yet and when they will be."""
    vote = db.session.scalar(
        select(Vote)
        .where(Vote.id == vote_id)
        .options(
            joinedload(Vote.result).defer(VoteResult.ballots_pb),
            joinedload(Vote.result).defer(VoteResult.outcome),
            joinedload(Vote.result).defer(VoteResult.turnout),
            joinedload(Vote.consultation),
        )
    )
    if vote is None:
        abort(404)
    state = state_of(vote, utcnow())
    share_with_visitors(state is VoteState.PUBLISHED)
    if state is not VoteState.PUBLISHED and not permissions.can_preview_results(current_user):
        return render_template("priorities/results_pending.html", vote=vote, state=state)
    result = vote.result
    body = None
    if result is not None:

        def render() -> str:
            return render_template("priorities/_results_body.html", **_body_context(vote, result))

        if state is VoteState.PUBLISHED:
            body = published_body(vote, result, render)
        else:
            body = Markup(render())  # noqa: S704 - a rendered (autoescaped) template
    return render_template(
        "priorities/results_show.html",
        vote=vote,
        state=state,
        result=result,
        body=body,
        can_manage=permissions.can_manage_results(current_user),
    )


def _body_context(vote: Vote, result: VoteResult) -> dict:
    """Everything the result body shows, from the stored result (nothing is recounted)."""
    rows = export.outcome_rows(vote, result)
    titles = {option.key: option.title for option in vote.options}

    def names(keys) -> str:
        return ", ".join(titles.get(key, key) for key in keys)

    turnout = result.turnout
    withheld = results.ballots_withheld(vote, result)
    return {
        "vote": vote,
        "result": result,
        "ballots_withheld": withheld,
        "withheld_text": messages.ballots_withheld_message(
            int(turnout.get("ballots", 0)), vote.min_ballots_for_publication
        )
        if withheld
        else "",
        "rows": rows,
        "trace": export.trace_groups(result.outcome),
        "irv_order": export.irv_table,
        "names": names,
        "ballot_text": lambda ballot: export.ballot_text(vote, ballot.content),
        "winner_names": names(result.outcome.get("winners", [])),
        "turnout_percent": percent(turnout.get("ballots", 0), turnout.get("eligible", 0)),
        "points_total": sum(row.points or 0 for row in rows),
        "method_labels": messages.RESULT_METHOD_LABELS,
        **_explained(vote, result, rows, titles),
        "tie_stage_labels": messages.TIE_STAGE_LABELS,
        "completion_labels": messages.COMPLETION_LABELS,
        "family": export.family(vote),
        "chart": outcome_chart(vote, rows) if rows else None,
        "titles": titles,
        "open_ballots": results.ballots_with_voters(vote.id)
        if permissions.shows_voters(vote.secrecy)
        else [],
        "pb_filename": results.pb_filename(vote),
        "recount_command": results.recount_command(vote),
    }


def _explained(vote: Vote, result: VoteResult, rows, titles: dict[str, str]) -> dict:
    """The words of the result (issue 13): the exact method and what it does, why each option
    was funded or not, the share per voter, the comparison step and the side-by-side with the
    simple most-votes method. All from the stored result."""
    outcome = result.outcome
    ballots = int((result.turnout or {}).get("ballots", 0))
    summary = explanations.share_summary(outcome, vote.budget, ballots)
    return {
        "method_label": messages.method_label(vote.method),
        "method_sentence": messages.method_sentence(vote.method),
        "variant": outcome.get("variant") or vote.method,
        "why": explanations.explain(outcome, titles, points=vote.ballot_type == BallotType.POINTS),
        "share_sentence": explanations.share_sentence(summary) if summary else "",
        "comparison_sentence": explanations.comparison_sentence(outcome),
        "side": explanations.side_by_side(outcome, result.most_votes, [row.key for row in rows]),
        "most_votes_label": messages.method_label(results.MOST_VOTES),
        "tie_rule_labels": messages.TIE_RULE_LABELS,
        "greedy_decision_labels": messages.GREEDY_DECISION_LABELS,
    }


@login_required
def manage(vote_id: int):
    """The officials' page: compute a preview, write the statement, publish."""
    vote = _results_vote(vote_id)
    require(permissions.can_manage_results(current_user))
    form = StatementForm()
    if vote.result is not None:
        form.statement.data = vote.result.statement_md
    return _manage_page(vote, form)


@login_required
def preview(vote_id: int):
    """Compute (or refresh) the preview of a closed vote and save the statement."""
    vote, form = _locked_vote_and_statement(vote_id)
    if not form.validate_on_submit():
        return _manage_page(vote, form)
    try:
        results.compute_preview(vote, current_user, form.statement.data or "", utcnow())
    except InvalidState:
        flash(
            _("Results can be computed only after the vote closes and before publication."),
            "danger",
        )
        return redirect(url_for("priorities.results_manage", vote_id=vote.id))
    commit()
    flash(_("The preview has been computed. Only officials can see it."), "success")
    return redirect(url_for("priorities.results", vote_id=vote.id))


def _publish_refusal(vote: Vote) -> str | None:
    """Why the results of ``vote`` cannot be published now (None: they can, after the tick)."""
    state = state_of(vote, utcnow())
    if state is not VoteState.CLOSED:
        return _("Results can be published once, after the vote closes.")
    if vote.result is None:
        return messages.preview_missing_message()
    return None


@login_required
def publish(vote_id: int):
    """Publishing the previewed results: the confirmation page (GET) says what will happen;
    the POST publishes, with the tick, if the ballots are still those of the checked preview."""
    if request.method == "GET":
        vote = _results_vote(vote_id)
        require(permissions.can_manage_results(current_user))
        form = PublishResultsForm()
    else:
        vote, form = _locked_vote_and_form(vote_id, PublishResultsForm)
    refusal = _publish_refusal(vote)
    if refusal is not None:
        flash(refusal, "danger")
        return redirect(url_for("priorities.results_manage", vote_id=vote.id))
    if request.method == "GET" or not form.validate_on_submit():
        return _confirm_page(vote, form)
    try:
        results.publish_results(
            vote, current_user, utcnow(), previewed_sha256=form.previewed_sha256.data or ""
        )
    except results.PreviewOutdated:
        db.session.rollback()
        flash(messages.preview_outdated_message(), "danger")
        return redirect(url_for("priorities.results_manage", vote_id=vote_id))
    except InvalidState:
        db.session.rollback()
        flash(_("Results can be published once, after the vote closes."), "danger")
        return redirect(url_for("priorities.results_manage", vote_id=vote_id))
    results.notify_results_published(vote, url_for("priorities.results", vote_id=vote.id))
    commit()
    flash(_("The results have been published."), "success")
    return redirect(url_for("priorities.results", vote_id=vote.id))


def _confirm_page(vote: Vote, form: PublishResultsForm):
    """The confirmation of publishing: what becomes public, from which preview."""
    result = vote.result
    if request.method == "GET":
        form.previewed_sha256.data = result.ballots_sha256
    withheld = results.ballots_withheld(vote, result)
    return render_template(
        "priorities/results_publish.html",
        vote=vote,
        result=result,
        form=form,
        ballots_withheld=withheld,
        withheld_text=messages.ballots_withheld_message(
            int(result.turnout.get("ballots", 0)), vote.min_ballots_for_publication
        )
        if withheld
        else "",
    )


def _locked_vote_and_statement(vote_id: int) -> tuple[Vote, StatementForm]:
    """The vote, locked for this transaction, and the submitted statement (officials only)."""
    return _locked_vote_and_form(vote_id, StatementForm)


def _locked_vote_and_form(vote_id: int, form_class):
    """The vote, locked for this transaction, and the submitted form (officials only)."""
    vote = _results_vote(vote_id)
    require(permissions.can_manage_results(current_user))
    results.lock_vote(vote.id)
    db.session.expire(vote)  # read the result again: another official may have just published
    return vote, form_class()


def _manage_page(vote: Vote, form: StatementForm):
    return render_template(
        "priorities/results_manage.html",
        vote=vote,
        state=state_of(vote, utcnow()),
        result=vote.result,
        form=form,
    )


# ---------------------------------------------------------------------------------------------
# Downloads


def _download(data: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def results_csv(vote_id: int):
    """The outcome as CSV for Polish spreadsheets (UTF-8 with BOM, ';', decimal comma)."""
    vote = _results_vote(vote_id)
    result = _stored_result(vote)
    return _download(
        export.results_csv(vote, result, messages.csv_headers()),
        "text/csv; charset=utf-8",
        f"wyniki-glosowania-{vote.id}.csv",
    )


def results_xlsx(vote_id: int):
    """The outcome as an XLSX workbook."""
    vote = _results_vote(vote_id)
    result = _stored_result(vote)
    return _download(
        export.results_xlsx(vote, result, messages.csv_headers()),
        XLSX_MIMETYPE,
        f"wyniki-glosowania-{vote.id}.xlsx",
    )


def results_json(vote_id: int):
    """The stored result as one JSON document (the engine's outcome with its trace)."""
    vote = _results_vote(vote_id)
    result = _stored_result(vote)
    url = url_for("priorities.results", vote_id=vote.id, _external=True)
    return _download(
        export.results_json(vote, result, url, withheld=results.ballots_withheld(vote, result)),
        "application/json",
        f"wyniki-glosowania-{vote.id}.json",
    )


def ballots_pb(vote_id: int):
    """The anonymised ballots the result was computed from, as a pabulib file; a secret vote
    with too few ballots answers 403 with the reason, to everyone (the file would show how
    the few voters voted)."""
    vote = _results_vote(vote_id)
    result = _stored_result(vote)
    if results.ballots_withheld(vote, result):
        text = messages.ballots_withheld_message(
            int(result.turnout.get("ballots", 0)), vote.min_ballots_for_publication
        )
        return render_template("priorities/ballots_withheld.html", vote=vote, text=text), 403
    return _download(result.ballots_pb, "text/plain", results.pb_filename(vote))


# ---------------------------------------------------------------------------------------------
# Receipt check


def _receipt_limit() -> str:
    return current_app.config.get("RECEIPT_RATE_LIMIT", "20 per minute;200 per hour")


@limiter.limit(_receipt_limit, methods=["POST"])
def receipt():
    """Check that a ballot with a receipt code was counted, and how (never who cast it)."""
    form = ReceiptForm()
    found = replaced = None
    checked = False
    if request.method == "POST" and form.validate_on_submit():
        checked = True
        digest = receipt_digest(form.code.data)
        found = db.session.scalar(select(Ballot).where(Ballot.receipt_digest == digest))
        if found is None:
            replaced = db.session.get(ReplacedReceipt, digest)
    context = {}
    if found is not None:
        vote = _results_vote(found.vote_id)
        state = state_of(vote, utcnow())
        context = {
            "vote": vote,
            "state": state,
            "content": export.ballot_lines(vote, found.content),
            "position": results.file_position(found)
            if state is VoteState.PUBLISHED and not results.ballots_withheld(vote, vote.result)
            else None,
        }
        if state is VoteState.PUBLISHED:
            context.update(_where_the_share_went(vote, found, results.file_position(found)))
    elif replaced is not None:
        context = {"vote": db.session.get(Vote, replaced.vote_id)}
    return render_template(
        "priorities/receipt_check.html",
        form=form,
        checked=checked,
        ballot=found,
        replaced=replaced,
        pb_filename=results.pb_filename(context["vote"]) if context.get("vote") else "",
        **context,
    )


def _where_the_share_went(vote: Vote, ballot: Ballot, position: int) -> dict:
    """Published results of a budget rule: what the ballot's share of the budget paid for (the
    Method of Equal Shares records it per ballot) and which options it supported were funded.
    ``position`` is the ballot's number in the count (its voter id in the ``.pb`` file)."""
    if vote.result is None or not rules.uses_budget(vote.method):
        return {}
    outcome = vote.result.outcome
    selected = set(outcome.get("selected", ()))
    chosen = {option.key for option, _points in export.ballot_lines(vote, ballot.content)}
    return {
        "share": share_of_ballot(outcome, position),
        "option_titles": {option.key: option.title for option in vote.options},
        "supported_funded": [o for o in vote.options if o.key in chosen and o.key in selected],
        "supported_not_funded": [
            o for o in vote.options if o.key in chosen and o.key not in selected
        ],
    }
