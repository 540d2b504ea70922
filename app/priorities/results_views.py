"""Results of priority votes: the officials' preview and publication, the public results page,
downloads (CSV, JSON, the anonymised ``.pb``) and the public receipt check.

Every handler: load or 404, check a predicate from ``results_permissions`` (403), validate, call
one service from ``results``, commit, then flash and redirect. Pages read the stored
:class:`VoteResult` only: nothing here recounts per request.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.common.authz import require
from app.common.domain import InvalidState
from app.common.timeutil import utcnow
from app.extensions import db, limiter
from app.priorities import export, results, results_permissions
from app.priorities.chart import Bar, bar_chart
from app.priorities.models import Ballot, ReplacedReceipt, Vote, VoteOption, VoteResult
from app.priorities.phases import VoteState
from app.priorities.receipts import receipt_digest
from app.priorities.results_forms import ReceiptForm, StatementForm

bp = Blueprint("priority_results", __name__, url_prefix="/votes")

bp.add_app_template_filter(export.number_pl, "number_pl")
bp.add_app_template_filter(export.completion_changes, "completion_changes")
bp.add_app_template_filter(export.decimal_pl, "decimal_pl")


METHOD_LABELS = {
    "borda": _l("Borda count"),
    "schulze": _l("Schulze method"),
    "irv": _l("Instant-runoff voting"),
    "points": _l("Sum of points (budget split in proportion to points)"),
    "greedy": _l("Greedy rule (most supported first, while money lasts)"),
    "mes": _l("Method of Equal Shares"),
    "mes-plain": _l("Method of Equal Shares (without completion)"),
}
TIE_STAGE_LABELS = {
    "ranking": _l("Tie for place"),
    "greedy_order": _l("Tie in the order of the greedy rule, step"),
    "mes_round": _l("Tie in round"),
    "remainder": _l("Tie of remainders in the budget split, position"),
}
COMPLETION_LABELS = {
    "continue": _l("fits: raise the shares again"),
    "exhaustive": _l("nothing else fits: this outcome is final"),
    "over_budget": _l("over the budget: the previous outcome is final"),
}


def _get_vote(vote_id: int) -> Vote:
    vote = db.session.scalar(
        select(Vote)
        .where(Vote.id == vote_id)
        .options(selectinload(Vote.options), joinedload(Vote.result), joinedload(Vote.consultation))
    )
    if vote is None:
        abort(404)
    return vote


def _require_viewable(vote: Vote):
    state = results.state_of(vote, utcnow())
    require(results_permissions.can_view_results(current_user, state, vote.result is not None))
    return state


def _stored_result(vote: Vote):
    """The stored result a download serves (404 before the first count)."""
    _require_viewable(vote)
    if vote.result is None:
        abort(404)
    return vote.result


def _chart(vote: Vote, rows: list[export.Row]):
    kind = export.family(vote)
    if kind == "ranked":
        scored = all(row.score is not None for row in rows)
        bars = [
            Bar(row.title, export.exact_number(row.score), export.number_pl(row.score))
            if scored
            else Bar(row.title, row.support, export.number_pl(row.support))
            for row in rows
        ]
        title = _("Scores of the options") if scored else _("First preferences of the options")
    elif kind == "points":
        bars = [Bar(row.title, row.points or 0, export.number_pl(row.points)) for row in rows]
        title = _("Points given to the options")
    else:
        bars = [
            Bar(
                row.title,
                row.support,
                ngettext("%(num)d point", "%(num)d points", row.support)
                if vote.ballot_type == "points"
                else ngettext("%(num)d vote", "%(num)d votes", row.support),
                row.funded,
            )
            for row in rows
        ]
        title = _("Support of the options (funded options in green)")
    return bar_chart(
        bars,
        title,
        _("Bar chart, the same numbers as in the table below."),
        marked_label=_("funded"),
    )


def _open_ballots(vote: Vote) -> list[Ballot]:
    """Open votes only: each organization's (or person's) ballot, by name."""
    return list(
        db.session.scalars(
            select(Ballot)
            .where(Ballot.vote_id == vote.id)
            .options(joinedload(Ballot.organization), joinedload(Ballot.voter))
            .order_by(Ballot.voter_key)
        ).unique()
    )


class _RenderCache:
    """Rendered HTML of published results, per application and process (a small LRU).

    A published result never changes, so entries hold the result's id and digest and are only
    ever replaced, never wrong; the cache saves rendering, and nothing depends on it (every
    process fills its own). Keys: ``("body", vote, result, digest, language)`` for the result
    body, ``("page", vote, language, path)`` for the whole page of an anonymous visitor.
    """

    def __init__(self, size: int = 64) -> None:
        self.entries: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.size = size

    def get(self, key: tuple) -> Any:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: tuple, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


@dataclass
class _CachedPage:
    html: str  # with CSRF_PLACEHOLDER where the visitor's CSRF token goes
    result_key: tuple
    checked_at: float  # time.monotonic() of the last check that the result is still published


#: A cached page is served for this long before the database is asked again whether the
#: result is still the published one (it never changes; this bounds staleness if a vote is
#: ever deleted).
PAGE_CHECK_SECONDS = 10.0
#: Stands for the per-session CSRF token in a cached page (the language switch form needs it).
CSRF_PLACEHOLDER = "\x00csrf-token\x00"


def _cache() -> _RenderCache:
    return current_app.extensions.setdefault("priority_results_cache", _RenderCache())


def _public_page_key(vote_id: int) -> tuple | None:
    """The cache key of the whole page for an anonymous visitor, or None.

    Signed-in people (their menu differs) and pages with flashed messages are never cached.
    """
    if current_user.is_authenticated or session.get("_flashes"):
        return None
    return ("page", vote_id, str(get_locale()), request.full_path)


def _published_result_key(vote_id: int) -> tuple | None:
    row = db.session.execute(
        select(VoteResult.id, VoteResult.ballots_sha256, VoteResult.published_at).where(
            VoteResult.vote_id == vote_id
        )
    ).first()
    if row is None or row.published_at is None:
        return None
    return (row.id, row.ballots_sha256)


def _cached_page(page_key: tuple | None, vote_id: int) -> str | None:
    """The cached page for an anonymous visitor, with their CSRF token, if still current."""
    if page_key is None:
        return None
    cached = _cache().get(page_key)
    if cached is None:
        return None
    now = time.monotonic()
    if now - cached.checked_at >= PAGE_CHECK_SECONDS:
        if _published_result_key(vote_id) != cached.result_key:
            return None
        cached.checked_at = now
    return cached.html.replace(CSRF_PLACEHOLDER, generate_csrf())


@bp.route("/<int:vote_id>/results")
def show(vote_id: int):
    """The results page: published for everyone, the preview for officials."""
    page_key = _public_page_key(vote_id)
    page = _cached_page(page_key, vote_id)
    if page is not None:
        return page
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
    state = _require_viewable(vote)
    result = vote.result
    body = None
    if result is not None:
        key = ("body", vote.id, result.id, result.ballots_sha256, str(get_locale()))
        published = state is VoteState.PUBLISHED
        body = _cache().get(key) if published else None
        if body is None:
            body = Markup(  # noqa: S704 - a rendered (autoescaped) template
                render_template("priorities/_results_body.html", **_body_context(vote, result))
            )
            if published:
                _cache().put(key, body)
    html = render_template(
        "priorities/results_show.html",
        vote=vote,
        state=state,
        result=result,
        body=body,
        can_manage=results_permissions.can_manage_results(current_user),
    )
    if page_key is not None and state is VoteState.PUBLISHED:
        _cache().put(
            page_key,
            _CachedPage(
                html.replace(generate_csrf(), CSRF_PLACEHOLDER),
                (result.id, result.ballots_sha256),
                time.monotonic(),
            ),
        )
    return html


def _body_context(vote: Vote, result: VoteResult) -> dict:
    """Everything the result body shows, from the stored result (nothing is recounted)."""
    rows = export.outcome_rows(vote, result)
    titles = {option.key: option.title for option in vote.options}

    def names(keys) -> str:
        return ", ".join(titles.get(key, key) for key in keys)

    def ballot_text(ballot: Ballot) -> str:
        lines = _ballot_lines(vote, ballot.content)
        if vote.ballot_type == "points":
            return "; ".join(f"{option.title}: {points}" for option, points in lines)
        separator = " > " if vote.ballot_type == "ranked" else "; "
        return separator.join(option.title for option, _points in lines) or "–"

    turnout = result.turnout
    return {
        "vote": vote,
        "result": result,
        "rows": rows,
        "trace": export.trace_groups(result.outcome),
        "irv_order": export.irv_table,
        "names": names,
        "ballot_text": ballot_text,
        "winner_names": names(result.outcome.get("winners", [])),
        "turnout_percent": export.percent_pl(turnout.get("ballots", 0), turnout.get("eligible", 0)),
        "method_labels": METHOD_LABELS,
        "tie_stage_labels": TIE_STAGE_LABELS,
        "completion_labels": COMPLETION_LABELS,
        "family": export.family(vote),
        "chart": _chart(vote, rows) if rows else None,
        "titles": titles,
        "open_ballots": _open_ballots(vote)
        if results_permissions.shows_voters(vote.secrecy)
        else [],
        "pb_filename": results.pb_filename(vote),
        "recount_command": results.recount_command(vote),
    }


@bp.route("/<int:vote_id>/results/manage")
@login_required
def manage(vote_id: int):
    """The officials' page: compute a preview, write the statement, publish."""
    vote = _get_vote(vote_id)
    require(results_permissions.can_manage_results(current_user))
    form = StatementForm()
    if vote.result is not None:
        form.statement.data = vote.result.statement_md
    return render_template(
        "priorities/results_manage.html",
        vote=vote,
        state=results.state_of(vote, utcnow()),
        result=vote.result,
        form=form,
    )


@bp.post("/<int:vote_id>/results/preview")
@login_required
def preview(vote_id: int):
    """Compute (or refresh) the preview of a closed vote and save the statement."""
    vote, form = _locked_vote_and_statement(vote_id)
    if not form.validate_on_submit():
        return _manage_with_errors(vote, form)
    try:
        results.compute_preview(vote, current_user, form.statement.data or "", utcnow())
    except InvalidState:
        flash(
            _("Results can be computed only after the vote closes and before publication."),
            "danger",
        )
        return redirect(url_for("priority_results.manage", vote_id=vote.id))
    db.session.commit()
    flash(_("The preview has been computed. Only officials can see it."), "success")
    return redirect(url_for("priority_results.show", vote_id=vote.id))


@bp.post("/<int:vote_id>/results/publish")
@login_required
def publish(vote_id: int):
    """Recount from the current ballots and publish the results with the statement."""
    vote, form = _locked_vote_and_statement(vote_id)
    if not form.validate_on_submit():
        return _manage_with_errors(vote, form)
    try:
        results.publish_results(vote, current_user, form.statement.data or "", utcnow())
    except InvalidState:
        flash(_("Results can be published once, after the vote closes."), "danger")
        return redirect(url_for("priority_results.manage", vote_id=vote.id))
    results.notify_results_published(vote, url_for("priority_results.show", vote_id=vote.id))
    db.session.commit()
    flash(_("The results have been published."), "success")
    return redirect(url_for("priority_results.show", vote_id=vote.id))


def _locked_vote_and_statement(vote_id: int) -> tuple[Vote, StatementForm]:
    """The vote, locked for this transaction, and the submitted statement (officials only)."""
    vote = _get_vote(vote_id)
    require(results_permissions.can_manage_results(current_user))
    results.lock_vote(vote.id)
    db.session.expire(vote)  # read the result again: another official may have just published
    return vote, StatementForm()


def _manage_with_errors(vote: Vote, form: StatementForm):
    return render_template(
        "priorities/results_manage.html",
        vote=vote,
        state=results.state_of(vote, utcnow()),
        result=vote.result,
        form=form,
    )


# ---------------------------------------------------------------------------------------------
# Downloads


def _download(data: str, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


@bp.route("/<int:vote_id>/results.csv")
def results_csv(vote_id: int):
    """The outcome as CSV (UTF-8 with BOM)."""
    vote = _get_vote(vote_id)
    result = _stored_result(vote)
    headers = {
        "position": _("Position"),
        "option_id": _("Option id"),
        "title": _("Option"),
        "support": _("Support"),
        "score": _("Score"),
        "tied": _("Tie"),
        "share": _("Share of points"),
        "allocation": _("Amount (PLN)"),
        "cost": _("Cost (PLN)"),
        "funded": _("Funded"),
        "yes": _("yes"),
        "no": _("no"),
    }
    return _download(
        export.results_csv(vote, result, headers),
        "text/csv",
        f"wyniki-glosowania-{vote.id}.csv",
    )


@bp.route("/<int:vote_id>/results.json")
def results_json(vote_id: int):
    """The stored result as one JSON document (the engine's outcome with its trace)."""
    vote = _get_vote(vote_id)
    result = _stored_result(vote)
    url = url_for("priority_results.show", vote_id=vote.id, _external=True)
    document = export.results_document(vote, result, url)
    return _download(
        json.dumps(document, ensure_ascii=False, indent=2),
        "application/json",
        f"wyniki-glosowania-{vote.id}.json",
    )


@bp.route("/<int:vote_id>/ballots.pb")
def ballots_pb(vote_id: int):
    """The anonymised ballots the result was computed from, as a pabulib file."""
    vote = _get_vote(vote_id)
    result = _stored_result(vote)
    return _download(result.ballots_pb, "text/plain", results.pb_filename(vote))


# ---------------------------------------------------------------------------------------------
# Receipt check


def _receipt_limit() -> str:
    return current_app.config.get("RECEIPT_RATE_LIMIT", "20 per minute;200 per hour")


@bp.route("/receipt", methods=["GET", "POST"])
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
        vote = _get_vote(found.vote_id)
        state = results.state_of(vote, utcnow())
        context = {
            "vote": vote,
            "state": state,
            "content": _ballot_lines(vote, found.content),
            "position": results.file_position(found) if state is VoteState.PUBLISHED else None,
        }
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


def _ballot_lines(vote: Vote, content) -> list[tuple[VoteOption, int | None]]:
    """The ballot as counted: (option, points or None) in the ballot's order."""
    options = {option.key: option for option in vote.options}
    ballot = results.engine_ballot(vote, content)
    if vote.ballot_type == "points":
        return [(options[key], points) for key, points in ballot]
    if vote.ballot_type == "approval":
        return [(option, None) for key, option in options.items() if key in ballot]
    return [(options[key], None) for key in ballot if key in options]
