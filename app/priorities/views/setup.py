"""The officials' pages that set a vote up: its rules, its options (typed in or imported from
the round's accepted proposals), and opening or closing voting early."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.authz import require
from app.common.timeutil import to_utc, to_warsaw_naive, utcnow
from app.common.web import commit
from app.consultations.loading import round_or_404
from app.consultations.models import Participation
from app.extensions import db
from app.organizations.queries import all_areas
from app.priorities import messages, permissions, rules, services
from app.priorities.forms import (
    METHOD_SENTENCES,
    ConfirmActionForm,
    ImportForm,
    OptionForm,
    VoteForm,
    method_choices,
    method_groups,
)
from app.priorities.models import VoteOption, VoterUnit
from app.priorities.rules import SetupProblem
from app.priorities.views._common import load_vote, option_or_404, vote_link


def _vote_data(form: VoteForm) -> services.VoteData:
    return services.VoteData(
        title=form.title.data or "",
        explanation=form.explanation.data or "",
        ballot_type=form.ballot_type.data,
        method=form.method.data,
        voter_unit=form.voter_unit.data,
        secrecy=form.secrecy.data,
        # empty: the site's default
        min_ballots_for_publication=form.min_ballots_for_publication.data
        or current_app.config["VOTE_MIN_BALLOTS_FOR_PUBLICATION"],
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
    SetupProblem.UNKNOWN_METHOD: "method",
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
        field.errors = [*field.errors, messages.setup_message(problem)]


def _method_context(current: str | None) -> dict:
    """The method choice of the set-up form: its groups, each method's sentence, the
    recommended ones."""
    return {
        "method_groups": method_groups(current),
        "method_sentences": METHOD_SENTENCES,
        "recommended_methods": {o.name for o in rules.OFFERED_METHODS if o.recommended},
    }


@login_required
def create(consultation_id: int):
    """Set up a vote in a round's voting stage."""
    consultation = round_or_404(consultation_id)
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
        if consultation.participation == Participation.CONFIRMED_PERSONS:
            form.voter_unit.data = VoterUnit.PERSON
        form.min_ballots_for_publication.data = current_app.config[
            "VOTE_MIN_BALLOTS_FOR_PUBLICATION"
        ]
    if form.validate_on_submit():
        try:
            vote = services.create_vote(current_user, consultation, _vote_data(form), utcnow())
        except services.InvalidSetup as error:
            db.session.rollback()
            _attach_setup_problems(form, error.problems)
        else:
            commit()
            flash(_("The vote has been set up. Add its options."), "success")
            return redirect(vote_link(vote))
    return render_template(
        "priorities/setup_form.html",
        form=form,
        consultation=consultation,
        vote=None,
        **_method_context(None),
    )


@login_required
def edit(vote_id: int):
    """Change a vote's rules until voting opens."""
    vote = load_vote(vote_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(messages.locked_message(), "danger")
        return redirect(vote_link(vote))
    form = VoteForm(obj=vote if request.method == "GET" else None)
    # a variant set up outside the form (any registry name) stays choosable
    form.method.choices = method_choices(vote.method)
    if request.method == "GET":
        form.explanation.data = vote.explanation_md
        form.opens_at.data = to_warsaw_naive(vote.opens_at)
        form.closes_at.data = to_warsaw_naive(vote.closes_at)
    if form.validate_on_submit():
        try:
            services.update_vote(current_user, vote, _vote_data(form), utcnow())
        except services.Locked:
            db.session.rollback()
            flash(messages.locked_message(), "danger")
            return redirect(vote_link(vote))
        except services.InvalidSetup as error:
            db.session.rollback()
            vote = load_vote(vote_id)
            _attach_setup_problems(form, error.problems)
        else:
            commit()
            flash(_("The vote has been saved."), "success")
            return redirect(vote_link(vote))
    return render_template(
        "priorities/setup_form.html",
        form=form,
        consultation=vote.consultation,
        vote=vote,
        **_method_context(vote.method),
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


@login_required
def add_option(vote_id: int):
    """Add an option to a vote that has not opened."""
    vote = load_vote(vote_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(messages.locked_message(), "danger")
        return redirect(vote_link(vote))
    form = _option_form()
    if form.validate_on_submit():
        services.add_option(current_user, vote, _option_data(form), utcnow())
        commit()
        flash(_("The option has been added."), "success")
        return redirect(vote_link(vote) + "#options")
    return render_template("priorities/setup_option_form.html", form=form, vote=vote, option=None)


@login_required
def edit_option(vote_id: int, option_id: int):
    """Change an option of a vote that has not opened."""
    vote = load_vote(vote_id)
    option = option_or_404(vote, option_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(messages.locked_message(), "danger")
        return redirect(vote_link(vote))
    form = _option_form(option)
    if form.validate_on_submit():
        services.update_option(current_user, vote, option, _option_data(form), utcnow())
        commit()
        flash(_("The option has been saved."), "success")
        return redirect(vote_link(vote) + "#options")
    return render_template("priorities/setup_option_form.html", form=form, vote=vote, option=option)


@login_required
def delete_option(vote_id: int, option_id: int):
    """Remove an option from a vote that has not opened."""
    vote = load_vote(vote_id)
    option = option_or_404(vote, option_id)
    require(permissions.can_manage_votes(current_user))
    try:
        services.remove_option(current_user, vote, option, utcnow())
    except services.Locked:
        flash(messages.locked_message(), "danger")
        return redirect(vote_link(vote))
    commit()
    flash(_("The option has been removed."), "success")
    return redirect(vote_link(vote) + "#options")


@login_required
def move_option(vote_id: int, option_id: int):
    """Move an option up or down on the ballot."""
    vote = load_vote(vote_id)
    option = option_or_404(vote, option_id)
    require(permissions.can_manage_votes(current_user))
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        services.move_option(current_user, vote, option, step, utcnow())
    except services.Locked:
        flash(messages.locked_message(), "danger")
        return redirect(vote_link(vote))
    commit()
    return redirect(vote_link(vote) + "#options")


@login_required
def import_proposals(vote_id: int):
    """Add the round's accepted proposals as options (linked back, none twice)."""
    vote = load_vote(vote_id)
    require(permissions.can_manage_votes(current_user))
    if not permissions.is_editable(vote, utcnow()):
        flash(messages.locked_message(), "danger")
        return redirect(vote_link(vote))
    candidates = services.importable_proposals(vote)
    form = ImportForm()
    form.proposals.choices = [(p.id, p.title) for p in candidates]
    # a proposal imported meanwhile (a stale page) is skipped, not an error
    form.proposals.validate_choice = False
    if form.validate_on_submit():
        chosen = [p for p in candidates if p.id in set(form.proposals.data)]
        added = services.import_proposals(current_user, vote, chosen, utcnow())
        commit()
        flash(
            ngettext(
                "%(num)d proposal added as an option.",
                "%(num)d proposals added as options.",
                len(added),
            ),
            "success",
        )
        return redirect(vote_link(vote) + "#options")
    return render_template(
        "priorities/setup_import.html", form=form, vote=vote, candidates=candidates
    )


@login_required
def open_early(vote_id: int):
    """Open voting now (confirmed by ticking a box)."""
    vote = load_vote(vote_id)
    require(permissions.can_open_early(current_user, vote, utcnow()))
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        flash(_("Tick “I confirm” to open voting now."), "danger")
        return redirect(vote_link(vote))
    try:
        services.open_early(current_user, vote, utcnow())
    except services.InvalidSetup as error:
        db.session.rollback()
        for problem in error.problems:
            flash(messages.setup_message(problem), "danger")
        return redirect(vote_link(vote))
    commit()
    flash(_("Voting is open. The method and the options are now locked."), "success")
    return redirect(vote_link(vote))


@login_required
def close_early(vote_id: int):
    """Close voting now (confirmed by ticking a box)."""
    vote = load_vote(vote_id)
    require(permissions.can_close_early(current_user, vote, utcnow()))
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        flash(_("Tick “I confirm” to close voting now."), "danger")
        return redirect(vote_link(vote))
    services.lock_window(vote)  # ballots in flight finish before the closing time is read
    services.close_early(current_user, vote, utcnow())
    commit()
    flash(_("Voting is closed: no more ballots are accepted."), "success")
    return redirect(vote_link(vote))
