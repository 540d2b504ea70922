"""Priority votes: a round's votes, a vote's page, the officials' setup, casting a ballot online
(form → review → confirm → receipt) and entering paper ballots.

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit, then mail, flash and redirect. The ballot is carried between the form and the
review page in hidden fields, so no state is kept on the server between the steps.
"""

from __future__ import annotations

from decimal import Decimal

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from app.common.authz import require
from app.common.domain import InvalidState, NotAllowed
from app.common.mail import send_email
from app.common.money import money
from app.common.outbox import deliver_queued, queue_email
from app.common.request_scope import request_scope
from app.common.timeutil import to_utc, to_warsaw_naive, utcnow
from app.consultations.models import Consultation
from app.consultations.permissions import can_view_round
from app.extensions import db
from app.organizations.models import Organization
from app.organizations.permissions import VERIFIED
from app.organizations.queries import all_areas, organizations_acting_for
from app.priorities import permissions, rules, services
from app.priorities.forms import (
    BALLOT_TYPE_LABELS,
    SHORT_METHOD_LABELS,
    ConfirmActionForm,
    ImportForm,
    OptionForm,
    PaperHeaderForm,
    VoteForm,
)
from app.priorities.models import Vote, VoteOption, VoteResult
from app.priorities.permissions import BallotRefusal
from app.priorities.phases import VoteState
from app.priorities.rules import BallotProblem, SetupProblem

bp = Blueprint("priorities", __name__, url_prefix="/votes")


def _state_labels() -> dict:
    return {
        VoteState.SETUP: _("being set up"),
        VoteState.OPEN: _("open for voting"),
        VoteState.CLOSED: _("closed"),
        VoteState.PUBLISHED: _("results published"),
    }


# --- loading ------------------------------------------------------------------------------


def _get_round(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    require(can_view_round(current_user, consultation))
    return consultation


def _my_organizations() -> list[Organization]:
    """The organizations the signed-in person may vote for, looked up once per request."""
    scope = request_scope()
    if "voter_organizations" not in scope:
        scope["voter_organizations"] = organizations_acting_for(current_user)
    return scope["voter_organizations"]


def _get_vote(vote_id: int) -> Vote:
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


def _get_option(vote: Vote, option_id: int) -> VoteOption:
    option = next((o for o in vote.options if o.id == option_id), None)
    if option is None:
        abort(404)
    return option


def _vote_link(vote: Vote) -> str:
    return url_for("priorities.show", vote_id=vote.id)


# --- messages -----------------------------------------------------------------------------


def _setup_message(problem: rules.Problem) -> str:
    params = problem.params
    return {
        SetupProblem.UNKNOWN_BALLOT_TYPE: lambda: _("Choose a ballot type."),
        SetupProblem.METHOD_DOES_NOT_FIT: lambda: _(
            "This counting method cannot count this ballot type: ranked ballots use Borda, "
            "Schulze or instant-runoff; approval ballots use greedy or equal shares."
        ),
        SetupProblem.POINTS_REQUIRED: lambda: _("Enter how many points each voter distributes."),
        SetupProblem.CAP_OVER_TOTAL: lambda: _(
            "The most points for one option cannot exceed the points per voter."
        ),
        SetupProblem.BUDGET_REQUIRED: lambda: _(
            "Enter the budget: this counting method funds options within it."
        ),
        SetupProblem.ROUNDING_UNIT_POSITIVE: lambda: _("Enter a rounding unit greater than 0."),
        SetupProblem.CHOICES_RANGE: lambda: _(
            "The most options a voter may choose cannot be fewer than the fewest they must."
        ),
        SetupProblem.CLOSES_BEFORE_OPENING: lambda: _(
            "Voting must open in the future and close after it opens."
        ),
        SetupProblem.TOO_FEW_OPTIONS: lambda: _(
            "Add at least %(minimum)s options before voting opens.", minimum=params["minimum"]
        ),
        SetupProblem.COST_REQUIRED: lambda: _(
            "Enter the cost of “%(title)s”: the counting method uses costs.",
            title=params["title"],
        ),
        SetupProblem.MIN_CHOICES_OVER_OPTIONS: lambda: _(
            "Voters are asked to choose more options than there are."
        ),
    }[problem.code]()


def _ballot_message(problem: rules.Problem, titles: dict[str, str]) -> str:
    params = problem.params
    title = titles.get(problem.option or "", "")
    message = {
        BallotProblem.EMPTY: lambda: _("The ballot is empty: rank, score or choose an option."),
        BallotProblem.UNKNOWN_OPTION: lambda: _(
            "The ballot names an option that is not on this vote. Reload the page and vote again."
        ),
        BallotProblem.DUPLICATE_OPTION: lambda: _("An option appears on the ballot twice."),
        BallotProblem.NOT_A_WHOLE_NUMBER: lambda: _("Enter a whole number."),
        BallotProblem.NEGATIVE: lambda: _("Enter 0 or more points, not a negative number."),
        BallotProblem.RANK_OUT_OF_RANGE: lambda: _(
            "Choose a rank from 1 to %(count)s.", count=params["count"]
        ),
        BallotProblem.RANK_REPEATED: lambda: _(
            "Rank %(rank)s is given to more than one option: each rank may be used once.",
            rank=params["rank"],
        ),
        BallotProblem.RANK_GAP: lambda: _(
            "Rank %(rank)s is missing: number the options you rank 1, 2, 3… without gaps.",
            rank=params["rank"],
        ),
        BallotProblem.OVER_TOTAL: lambda: _(
            "You gave %(total)s points but may give at most %(maximum)s in total.",
            total=params["total"],
            maximum=params["maximum"],
        ),
        BallotProblem.OVER_CAP: lambda: _(
            "At most %(cap)s points may go to one option.", cap=params["cap"]
        ),
        BallotProblem.OVER_BUDGET: lambda: _(
            "The options you chose cost %(total)s, more than the budget of %(budget)s.",
            total=money(params["total"]),
            budget=money(params["budget"]),
        ),
        BallotProblem.TOO_FEW: lambda: ngettext(
            "Choose at least %(num)d option.",
            "Choose at least %(num)d options.",
            params["minimum"],
        ),
        BallotProblem.TOO_MANY: lambda: ngettext(
            "Choose at most %(num)d option.", "Choose at most %(num)d options.", params["maximum"]
        ),
    }[problem.code]()
    return f"{title}: {message}" if title else message


def _refusal_message(refusal: BallotRefusal) -> str:
    return {
        BallotRefusal.NOT_OPEN_YET: _("Voting has not opened yet."),
        BallotRefusal.CLOSED: _("Voting is closed: ballots are no longer accepted."),
        BallotRefusal.NOT_ELIGIBLE: _(
            "Only approved representatives of verified organizations may vote in this vote."
        ),
    }[refusal]


def _refused(vote: Vote, refusal: BallotRefusal):
    return render_template(
        "priorities/ballot_refused.html", vote=vote, message=_refusal_message(refusal)
    ), 403


def _person_refusal_message() -> str:
    return _("Only signed-in people with a confirmed e-mail address may vote in this vote.")


# --- public pages -------------------------------------------------------------------------


#: The sections of the votes index, in the order shown.
INDEX_SECTIONS = (VoteState.OPEN, VoteState.SETUP, VoteState.CLOSED, VoteState.PUBLISHED)


@bp.route("/")
def index():
    """All the votes one may see: open now, upcoming (officials), awaiting results, published."""
    now = utcnow()
    votes = db.session.scalars(
        db.select(Vote)
        .options(
            joinedload(Vote.consultation),
            joinedload(Vote.result).load_only(VoteResult.id, VoteResult.published_at),
        )
        .order_by(Vote.closes_at.desc(), Vote.id.desc())
    ).all()
    sections: dict[VoteState, list[Vote]] = {state: [] for state in INDEX_SECTIONS}
    for vote in votes:
        if permissions.can_view_vote(current_user, vote, now):
            sections[permissions.state_of(vote, now)].append(vote)
    sections[VoteState.OPEN].sort(key=lambda vote: vote.closes_at)  # closing soonest first
    return render_template(
        "priorities/index.html",
        sections=sections,
        section_titles={
            VoteState.OPEN: _("Open for voting"),
            VoteState.SETUP: _("Being set up"),
            VoteState.CLOSED: _("Closed, results not published yet"),
            VoteState.PUBLISHED: _("Results published"),
        },
        method_labels=SHORT_METHOD_LABELS,
    )


@bp.route("/rounds/<int:consultation_id>")
def round_votes(consultation_id: int):
    """The votes of a round (those being set up only for officials)."""
    consultation = _get_round(consultation_id)
    now = utcnow()
    votes = db.session.scalars(
        db.select(Vote).where(Vote.consultation_id == consultation.id).order_by(Vote.opens_at)
    ).all()
    visible = [v for v in votes if permissions.can_view_vote(current_user, v, now)]
    labels = _state_labels()
    return render_template(
        "priorities/vote_list.html",
        consultation=consultation,
        votes=visible,
        state_of={v.id: labels[permissions.state_of(v, now)] for v in visible},
        method_labels=SHORT_METHOD_LABELS,
        can_create=permissions.can_manage_votes(current_user)
        and permissions.has_voting_stage(consultation),
    )


def _own_ballots(vote: Vote) -> list[tuple[object, object]]:
    """(organization or None for oneself, current ballot) the signed-in person may see."""
    if not current_user.is_authenticated:
        return []
    if vote.voter_unit == "person":
        return [(None, services.current_ballot(vote, person=current_user))]
    return [
        (organization, services.current_ballot(vote, organization=organization))
        for organization in _my_organizations()
    ]


@bp.route("/<int:vote_id>")
def show(vote_id: int):
    """A vote: explanation, options, window, what to do next; one's own current ballot."""
    vote = _get_vote(vote_id)
    now = utcnow()
    state = permissions.state_of(vote, now)
    is_official = permissions.can_manage_votes(current_user)
    return render_template(
        "priorities/vote_show.html",
        vote=vote,
        state=state,
        state_labels=_state_labels(),
        ballot_labels=BALLOT_TYPE_LABELS,
        method_labels=SHORT_METHOD_LABELS,
        uses_costs=vote.method in rules.COST_METHODS,
        own_ballots=_own_ballots(vote),
        titles={o.key: o.title for o in vote.options},
        is_official=is_official,
        editable=is_official and permissions.is_editable(vote, now),
        problems=[_setup_message(p) for p in services.opening_problems(vote)]
        if is_official and state == VoteState.SETUP
        else [],
        ballot_count=services.ballot_count(vote) if is_official else None,
        confirm_form=ConfirmActionForm(),
        can_vote=_may_vote(vote),
    )


def _may_vote(vote: Vote) -> bool:
    if vote.voter_unit == "person":
        return permissions.can_vote_as_person(current_user, vote)
    return bool(_my_organizations())


# --- setup --------------------------------------------------------------------------------


def _vote_data(form: VoteForm) -> services.VoteData:
    return services.VoteData(
        title=form.title.data or "",
        explanation=form.explanation.data or "",
        ballot_type=form.ballot_type.data,
        method=form.method.data,
        voter_unit=form.voter_unit.data,
        secrecy=form.secrecy.data,
        max_points=form.max_points.data,
        max_points_per_option=form.max_points_per_option.data,
        budget=form.budget.data,
        rounding_unit=form.rounding_unit.data or Decimal(1),
        min_choices=form.min_choices.data,
        max_choices=form.max_choices.data,
        opens_at=to_utc(form.opens_at.data),
        closes_at=to_utc(form.closes_at.data),
    )


_SETUP_FIELDS = {
    SetupProblem.METHOD_DOES_NOT_FIT: "method",
    SetupProblem.POINTS_REQUIRED: "max_points",
    SetupProblem.CAP_OVER_TOTAL: "max_points_per_option",
    SetupProblem.BUDGET_REQUIRED: "budget",
    SetupProblem.ROUNDING_UNIT_POSITIVE: "rounding_unit",
    SetupProblem.CHOICES_RANGE: "max_choices",
    SetupProblem.CLOSES_BEFORE_OPENING: "closes_at",
    SetupProblem.UNKNOWN_BALLOT_TYPE: "ballot_type",
}


def _attach_setup_problems(form: VoteForm, problems: list[rules.Problem]) -> None:
    for problem in problems:
        field = getattr(form, _SETUP_FIELDS.get(problem.code, "title"))
        field.errors = [*field.errors, _setup_message(problem)]


def _locked_message() -> str:
    return _("Voting has opened: the method, the rules and the options can no longer be changed.")


@bp.route("/rounds/<int:consultation_id>/new", methods=["GET", "POST"])
@login_required
def create(consultation_id: int):
    """Set up a vote in a round's voting stage."""
    consultation = _get_round(consultation_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.has_voting_stage(consultation):
        flash(_("This consultation has no voting stage: add one to the round first."), "danger")
        return redirect(url_for("priorities.round_votes", consultation_id=consultation.id))
    form = VoteForm()
    if request.method == "GET":
        opens_at, closes_at = services.default_window(consultation)
        form.opens_at.data = to_warsaw_naive(opens_at)
        form.closes_at.data = to_warsaw_naive(closes_at)
        # the round's participation suggests the voter unit (the official may change it)
        if consultation.participation == "confirmed_persons":
            form.voter_unit.data = "person"
    if form.validate_on_submit():
        try:
            vote = services.create_vote(current_user, consultation, _vote_data(form), utcnow())
        except services.InvalidSetup as error:
            db.session.rollback()
            _attach_setup_problems(form, error.problems)
        else:
            db.session.commit()
            flash(_("The vote has been set up. Add its options."), "success")
            return redirect(_vote_link(vote))
    return render_template(
        "priorities/setup_form.html", form=form, consultation=consultation, vote=None
    )


@bp.route("/<int:vote_id>/edit", methods=["GET", "POST"])
@login_required
def edit(vote_id: int):
    """Change a vote's rules until voting opens."""
    vote = _get_vote(vote_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(_locked_message(), "danger")
        return redirect(_vote_link(vote))
    form = VoteForm(obj=vote if request.method == "GET" else None)
    if request.method == "GET":
        form.explanation.data = vote.explanation_md
        form.opens_at.data = to_warsaw_naive(vote.opens_at)
        form.closes_at.data = to_warsaw_naive(vote.closes_at)
    if form.validate_on_submit():
        try:
            services.update_vote(current_user, vote, _vote_data(form), utcnow())
        except services.Locked:
            db.session.rollback()
            flash(_locked_message(), "danger")
            return redirect(_vote_link(vote))
        except services.InvalidSetup as error:
            db.session.rollback()
            vote = _get_vote(vote_id)
            _attach_setup_problems(form, error.problems)
        else:
            db.session.commit()
            flash(_("The vote has been saved."), "success")
            return redirect(_vote_link(vote))
    return render_template(
        "priorities/setup_form.html", form=form, consultation=vote.consultation, vote=vote
    )


def _option_form(option: VoteOption | None = None) -> OptionForm:
    form = OptionForm(obj=option if request.method == "GET" else None)
    form.area.choices = [(0, _("— none —"))] + [
        (a.id, a.name(str(get_locale()))) for a in all_areas()
    ]
    if request.method == "GET" and option is not None:
        form.description.data = option.description_md
        form.area.data = option.area_id or 0
    return form


def _option_data(form: OptionForm) -> services.OptionData:
    return services.OptionData(
        title=form.title.data or "",
        description=form.description.data or "",
        area_id=form.area.data or None,
        cost=form.cost.data,
    )


@bp.route("/<int:vote_id>/options/new", methods=["GET", "POST"])
@login_required
def add_option(vote_id: int):
    """Add an option to a vote that has not opened."""
    vote = _get_vote(vote_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(_locked_message(), "danger")
        return redirect(_vote_link(vote))
    form = _option_form()
    if form.validate_on_submit():
        services.add_option(current_user, vote, _option_data(form), utcnow())
        db.session.commit()
        flash(_("The option has been added."), "success")
        return redirect(_vote_link(vote) + "#options")
    return render_template("priorities/setup_option_form.html", form=form, vote=vote, option=None)


@bp.route("/<int:vote_id>/options/<int:option_id>/edit", methods=["GET", "POST"])
@login_required
def edit_option(vote_id: int, option_id: int):
    """Change an option of a vote that has not opened."""
    vote = _get_vote(vote_id)
    option = _get_option(vote, option_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(_locked_message(), "danger")
        return redirect(_vote_link(vote))
    form = _option_form(option)
    if form.validate_on_submit():
        services.update_option(current_user, vote, option, _option_data(form), utcnow())
        db.session.commit()
        flash(_("The option has been saved."), "success")
        return redirect(_vote_link(vote) + "#options")
    return render_template("priorities/setup_option_form.html", form=form, vote=vote, option=option)


@bp.route("/<int:vote_id>/options/<int:option_id>/delete", methods=["POST"])
@login_required
def delete_option(vote_id: int, option_id: int):
    """Remove an option from a vote that has not opened."""
    vote = _get_vote(vote_id)
    option = _get_option(vote, option_id)
    require(permissions.can_manage_votes(current_user))
    try:
        services.remove_option(current_user, vote, option, utcnow())
    except services.Locked:
        flash(_locked_message(), "danger")
        return redirect(_vote_link(vote))
    db.session.commit()
    flash(_("The option has been removed."), "success")
    return redirect(_vote_link(vote) + "#options")


@bp.route("/<int:vote_id>/options/<int:option_id>/move", methods=["POST"])
@login_required
def move_option(vote_id: int, option_id: int):
    """Move an option up or down on the ballot."""
    vote = _get_vote(vote_id)
    option = _get_option(vote, option_id)
    require(permissions.can_manage_votes(current_user))
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        services.move_option(current_user, vote, option, step, utcnow())
    except services.Locked:
        flash(_locked_message(), "danger")
        return redirect(_vote_link(vote))
    db.session.commit()
    return redirect(_vote_link(vote) + "#options")


@bp.route("/<int:vote_id>/import", methods=["GET", "POST"])
@login_required
def import_proposals(vote_id: int):
    """Add the round's accepted proposals as options (linked back, none twice)."""
    vote = _get_vote(vote_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(_locked_message(), "danger")
        return redirect(_vote_link(vote))
    candidates = services.importable_proposals(vote)
    form = ImportForm()
    form.proposals.choices = [(p.id, p.title) for p in candidates]
    # a proposal imported meanwhile (a stale page) is skipped, not an error
    form.proposals.validate_choice = False
    if form.validate_on_submit():
        chosen = [p for p in candidates if p.id in set(form.proposals.data)]
        added = services.import_proposals(current_user, vote, chosen, utcnow())
        db.session.commit()
        flash(
            ngettext(
                "%(num)d proposal added as an option.",
                "%(num)d proposals added as options.",
                len(added),
            ),
            "success",
        )
        return redirect(_vote_link(vote) + "#options")
    return render_template(
        "priorities/setup_import.html", form=form, vote=vote, candidates=candidates
    )


@bp.route("/<int:vote_id>/open", methods=["POST"])
@login_required
def open_early(vote_id: int):
    """Open voting now (confirmed by ticking a box)."""
    vote = _get_vote(vote_id)
    require(permissions.can_open_early(current_user, vote, utcnow()))
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        flash(_("Tick “I confirm” to open voting now."), "danger")
        return redirect(_vote_link(vote))
    try:
        services.open_early(current_user, vote, utcnow())
    except services.InvalidSetup as error:
        db.session.rollback()
        for problem in error.problems:
            flash(_setup_message(problem), "danger")
        return redirect(_vote_link(vote))
    db.session.commit()
    flash(_("Voting is open. The method and the options are now locked."), "success")
    return redirect(_vote_link(vote))


@bp.route("/<int:vote_id>/close", methods=["POST"])
@login_required
def close_early(vote_id: int):
    """Close voting now (confirmed by ticking a box)."""
    vote = _get_vote(vote_id)
    require(permissions.can_close_early(current_user, vote, utcnow()))
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        flash(_("Tick “I confirm” to close voting now."), "danger")
        return redirect(_vote_link(vote))
    services.lock_window(vote)  # ballots in flight finish before the closing time is read
    services.close_early(current_user, vote, utcnow())
    db.session.commit()
    flash(_("Voting is closed: no more ballots are accepted."), "success")
    return redirect(_vote_link(vote))


# --- the ballot ---------------------------------------------------------------------------


def _raw_ballot(vote: Vote) -> dict | list:
    """The ballot fields of the request: ranks or points per option, or the ticked options."""
    if vote.ballot_type == "approval":
        return request.form.getlist("choice")
    prefix = "rank-" if vote.ballot_type == "ranked" else "points-"
    raw = {o.key: request.form.get(prefix + o.key, "") for o in vote.options}
    for name, value in request.form.items():
        if name.startswith(prefix) and name[len(prefix) :] not in raw:
            raw[name[len(prefix) :]] = value
    return raw


def _parse(vote: Vote, raw) -> tuple[list | dict, list[rules.Problem]]:
    ballot_rules = rules.rules_of(vote)
    if vote.ballot_type == "ranked":
        return rules.parse_ranked(raw, ballot_rules)
    if vote.ballot_type == "points":
        return rules.parse_points(raw, ballot_rules)
    return rules.parse_approval(raw, ballot_rules)


def _raw_from_content(vote: Vote, content) -> dict | list:
    """The form values that show a stored ballot again."""
    if vote.ballot_type == "approval":
        return list(content)
    if vote.ballot_type == "points":
        return {k: str(v) for k, v in content.items()}
    return {key: str(n) for n, key in enumerate(content, start=1)}


def _blank(vote: Vote) -> dict | list:
    return [] if vote.ballot_type == "approval" else {}


def _ballot_page(vote, raw, template="priorities/ballot_form.html", problems=(), **context):
    titles = {o.key: o.title for o in vote.options}
    messages = [_ballot_message(p, titles) for p in problems]
    option_errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.option:
            option_errors.setdefault(problem.option, []).append(_ballot_message(problem, {}))
    return render_template(
        template,
        vote=vote,
        raw=raw,
        ordered_options=_ordered(vote, raw),
        messages=messages,
        option_errors=option_errors,
        titles=titles,
        uses_costs=vote.method in rules.COST_METHODS,
        script_text=_script_text(),
        **context,
    )


def _script_text() -> dict[str, str]:
    """The messages of ballot.js in the user's language (placeholders filled in by the script)."""
    return {
        "up": _("Move up"),
        "down": _("Move down"),
        "moved": _("%(title)s: rank %(rank)s"),
        "unranked": _("%(title)s: not ranked"),
        "points_left": _("Points left: %(left)s of %(total)s."),
        "points_over": _("%(over)s points too many: you may give at most %(total)s."),
        "budget_ok": _("Chosen: %(spent)s of %(budget)s; %(left)s left."),
        "budget_near": _("Close to the limit: %(spent)s of %(budget)s; %(left)s left."),
        "budget_over": _("Over the budget by %(over)s: %(spent)s of %(budget)s."),
    }


def _ordered(vote: Vote, raw) -> list[VoteOption]:
    """Ranked ballots list the options by the ranks given, unranked ones last."""
    if vote.ballot_type != "ranked":
        return list(vote.options)

    def rank(option: VoteOption) -> int:
        value = str(raw.get(option.key, "")).strip()
        return int(value) if value.isdigit() else len(vote.options) + 1

    return sorted(vote.options, key=rank)


def _voter(vote: Vote, orgs: list[Organization]) -> Organization | None:
    """The organization named in the request; one the person does not act for is forged."""
    if vote.voter_unit == "person":
        return None
    wanted = request.values.get("organization", type=int)
    if wanted is None and len(orgs) == 1:
        return orgs[0]
    organization = next((o for o in orgs if o.id == wanted), None)
    require(organization is not None)
    return organization


def _ballot_guard(vote: Vote):
    """The refusal page for someone who may not vote (now), or None."""
    refusal = permissions.timing_refusal(vote, utcnow())
    if refusal is not None:
        return _refused(vote, refusal)
    if vote.voter_unit == "person":
        if not permissions.can_vote_as_person(current_user, vote):
            return render_template(
                "priorities/ballot_refused.html", vote=vote, message=_person_refusal_message()
            ), 403
        return None
    if not _my_organizations():
        return _refused(vote, BallotRefusal.NOT_ELIGIBLE)
    return None


@bp.route("/<int:vote_id>/ballot", methods=["GET", "POST"])
@login_required
def ballot(vote_id: int):
    """The ballot form (GET, or POST "change" from the review); POST "review" checks it."""
    vote = _get_vote(vote_id)
    refused = _ballot_guard(vote)
    if refused:
        return refused
    orgs = _my_organizations()
    if request.method == "GET":
        organization = _voter(vote, orgs) if request.args.get("organization") else None
        if organization is None and vote.voter_unit == "organization":
            organization = orgs[0]
        current = services.current_ballot(
            vote, organization=organization, person=None if organization else current_user
        )
        raw = _raw_from_content(vote, current.content) if current else _blank(vote)
        return _ballot_page(vote, raw, organization=organization, orgs=orgs, current=current)
    organization = _voter(vote, orgs)
    raw = _raw_ballot(vote)
    if request.form.get("action") == "change":
        return _ballot_page(vote, raw, organization=organization, orgs=orgs)
    content, problems = _parse(vote, raw)
    if problems:
        return _ballot_page(vote, raw, problems=problems, organization=organization, orgs=orgs)
    current = services.current_ballot(
        vote, organization=organization, person=None if organization else current_user
    )
    return _ballot_page(
        vote,
        _raw_from_content(vote, content),
        template="priorities/ballot_review.html",
        content=content,
        organization=organization,
        current=current,
        paper=False,
    )


def _queue_replacement_notices(vote: Vote, result: services.CastResult, organization) -> None:
    """Tell the organization's other representatives that its ballot was replaced online
    (in the ballot's transaction, through the outbox: the notice carries no receipt code)."""
    if not result.replaced:
        return
    link = url_for("priorities.show", vote_id=vote.id, _external=True)
    for person in result.others:
        queue_email(
            person.email,
            "ballot_replaced",
            person.locale,
            person.id,
            vote=vote,
            organization=organization,
            cast_by=result.ballot.cast_by,
            code=None,
            replaced=True,
            link=link,
        )


def _commit_keeping_loaded() -> None:
    """Commit a ballot without expiring the loaded objects: they hold what this request read
    and wrote, and the receipt page and e-mail need them (a normal commit would load the
    vote, organization, ballot and person again, one query each)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def _mail_code(person, template: str, **context) -> bool:
    """Send a message carrying a receipt code now; False when the mail server refused it.

    Codes are never stored (only their digests), so these messages cannot wait in the
    outbox; the page shows the code, and says so when the e-mail failed.
    """
    try:
        send_email(person.email, template, person.locale, **context)
    except Exception:  # noqa: BLE001 - any SMTP or network failure; the page shows the code
        current_app.logger.exception("could not e-mail a receipt code to user %s", person.id)
        return False
    return True


def _mail_receipts(vote: Vote, result: services.CastResult, organization, paper: bool) -> bool:
    """E-mail the receipt to whoever cast it online, or, for a paper ballot, to the
    organization's representatives; True when every message went out."""
    link = url_for("priorities.show", vote_id=vote.id, _external=True)
    context = {"vote": vote, "organization": organization, "code": result.code, "link": link}
    caster = result.ballot.cast_by
    if not paper:
        if caster is None:
            return True
        return _mail_code(caster, "ballot_receipt", replaced=result.replaced, **context)
    sent = [
        _mail_code(person, "ballot_paper", cast_by=caster, replaced=result.replaced, **context)
        for person in result.others
    ]
    return all(sent)


@bp.route("/<int:vote_id>/ballot/confirm", methods=["POST"])
@login_required
def confirm_ballot(vote_id: int):
    """Store the reviewed ballot (replacing the voter unit's earlier one); show the receipt once."""
    vote = _get_vote(vote_id)
    refused = _ballot_guard(vote)
    if refused:
        return refused
    organization = _voter(vote, _my_organizations())
    raw = _raw_ballot(vote)
    content, problems = _parse(vote, raw)
    if problems:
        orgs = _my_organizations()
        return _ballot_page(vote, raw, problems=problems, organization=organization, orgs=orgs)
    try:
        result = services.cast_ballot(
            vote,
            content,
            current_user,
            utcnow(),
            organization=organization,
            person=None if organization else current_user,
        )
    except services.VoteNotOpen as error:
        db.session.rollback()
        return _refused(vote, error.refusal)
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except services.InvalidBallot as error:
        db.session.rollback()
        orgs = _my_organizations()
        return _ballot_page(
            vote, raw, problems=error.problems, organization=organization, orgs=orgs
        )
    _queue_replacement_notices(vote, result, organization)
    _commit_keeping_loaded()
    deliver_queued()
    return render_template(
        "priorities/ballot_receipt.html",
        vote=vote,
        result=result,
        organization=organization,
        paper=False,
        mailed=_mail_receipts(vote, result, organization, paper=False),
    )


# --- paper ballots ------------------------------------------------------------------------


def _paper_header() -> PaperHeaderForm:
    form = PaperHeaderForm()
    organizations = db.session.scalars(
        db.select(Organization).where(Organization.status == VERIFIED).order_by(Organization.name)
    ).all()
    form.organization.choices = [(0, _("— choose —"))] + [(o.id, o.name) for o in organizations]
    return form


def _paper_guard(vote: Vote):
    require(permissions.can_manage_votes(current_user))
    if vote.voter_unit != "organization":
        abort(404)
    refusal = permissions.timing_refusal(vote, utcnow())
    if refusal is not None:
        return _refused(vote, refusal)
    return None


def _paper_page(vote, header, raw, problems=(), template="priorities/ballot_form.html", **ctx):
    return _ballot_page(
        vote, raw, template=template, problems=problems, paper=True, header=header, **ctx
    )


def _checked_header(header: PaperHeaderForm) -> tuple[Organization | None, bool]:
    valid = header.validate()
    organization = db.session.get(Organization, header.organization.data or 0)
    if organization is None or organization.status != VERIFIED:
        header.organization.errors = [_("Choose the organization whose ballot this is.")]
        return None, False
    return organization, valid


@bp.route("/<int:vote_id>/paper", methods=["GET", "POST"])
@login_required
def paper_ballot(vote_id: int):
    """An official types in a ballot received on paper (form, then review)."""
    vote = _get_vote(vote_id)
    refused = _paper_guard(vote)
    if refused:
        return refused
    header = _paper_header()
    if request.method == "GET":
        return _paper_page(vote, header, _blank(vote))
    raw = _raw_ballot(vote)
    if request.form.get("action") == "change":
        return _paper_page(vote, header, raw)
    organization, valid = _checked_header(header)
    content, problems = _parse(vote, raw)
    if problems or not valid:
        return _paper_page(vote, header, raw, problems)
    return _paper_page(
        vote,
        header,
        _raw_from_content(vote, content),
        template="priorities/ballot_review.html",
        content=content,
        organization=organization,
        current=services.current_ballot(vote, organization=organization),
    )


@bp.route("/<int:vote_id>/paper/confirm", methods=["POST"])
@login_required
def confirm_paper(vote_id: int):
    """Store the reviewed paper ballot; it replaces the organization's earlier ballot."""
    vote = _get_vote(vote_id)
    refused = _paper_guard(vote)
    if refused:
        return refused
    header = _paper_header()
    raw = _raw_ballot(vote)
    organization, valid = _checked_header(header)
    content, problems = _parse(vote, raw)
    if problems or not valid:
        return _paper_page(vote, header, raw, problems)
    try:
        result = services.enter_paper_ballot(
            current_user, vote, organization, content, header.received_on.data, utcnow()
        )
    except services.VoteNotOpen as error:
        db.session.rollback()
        return _refused(vote, error.refusal)
    except services.InvalidBallot as error:
        db.session.rollback()
        return _paper_page(vote, header, raw, error.problems)
    except (NotAllowed, InvalidState):
        db.session.rollback()
        abort(403)
    db.session.commit()
    return render_template(
        "priorities/ballot_receipt.html",
        vote=vote,
        result=result,
        organization=organization,
        paper=True,
        mailed=_mail_receipts(vote, result, organization, paper=True),
    )
