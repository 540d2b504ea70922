"""Forms for priority votes: the setup, the options, the import, the paper ballot header, the
results statement and the public receipt check.

The ballot itself is not a WTForms form: its fields depend on the vote's options (``rank-<id>``,
``points-<id>``, ``choice``), so the view reads them and :mod:`app.priorities.rules` checks them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.consultations.forms import warsaw_datetime_field
from app.organizations.forms import MultiCheckboxField
from app.priorities import rules
from app.priorities.kinds import BallotType, Secrecy, VoterUnit
from app.priorities.receipts import looks_like_code
from app.proposals.forms import CostField

BALLOT_TYPE_LABELS = {
    BallotType.RANKED: _l("Ranked: voters order the options"),
    BallotType.POINTS: _l("Points: voters distribute points among the options"),
    BallotType.APPROVAL: _l("Approval with costs: voters choose options within a budget"),
}
#: The counting methods offered on the set-up form (``rules.OFFERED_METHODS``) by name.
METHOD_LABELS = {
    "borda": _l("Borda count"),
    "schulze": _l("Schulze method"),
    "irv": _l("Instant-runoff"),
    "points": _l("Sum of points"),
    "equalshares/add1": _l("Method of Equal Shares, as equalshares.net computes it"),
    "equalshares/add1-comparison": _l(
        "Method of Equal Shares, compared with the most-votes method"
    ),
    "mes": _l("Method of Equal Shares, as the pabutools library computes it"),
    "mes-plain": _l("Method of Equal Shares without raising the shares"),
    "greedy": _l("Most votes first, skipping what does not fit"),
    "greedy-no-skip": _l("Most votes first, stopping at the first that does not fit"),
}
#: What each offered method does, in one plain sentence (the set-up form and the results page).
METHOD_SENTENCES = {
    "borda": _l(
        "Each place on a ballot gives points, the first place the most, and the options are "
        "ordered by their total."
    ),
    "schulze": _l(
        "Options are compared in pairs, and the one that wins its head-to-head comparisons, "
        "directly or through a chain of wins, comes first."
    ),
    "irv": _l(
        "The option with the fewest first choices is removed and its ballots count for their "
        "next choice, until one option has a majority."
    ),
    "points": _l(
        "The points are added up, and a budget, if there is one, is split in proportion to them."
    ),
    "equalshares/add1": _l(
        "Each voter gets an equal share of the budget to pay for the options they chose, so each "
        "group of voters gets options in proportion to its size; the shares are raised as long "
        "as the result fits the budget, as the cities using this method count."
    ),
    "equalshares/add1-comparison": _l(
        "The Method of Equal Shares as above, but if more voters prefer what the most-votes "
        "method funds, that result is used instead."
    ),
    "mes": _l(
        "The Method of Equal Shares, with the shares raised only until nothing else fits in the "
        "budget, as the pabutools library counts."
    ),
    "mes-plain": _l(
        "The Method of Equal Shares counted once, without raising the shares, so part of the "
        "budget may stay unspent."
    ),
    "greedy": _l(
        "Options are funded from the most votes down, and one that does not fit in the money "
        "left is skipped for the next one."
    ),
    "greedy-no-skip": _l(
        "Options are funded from the most votes down, and the count stops at the first one that "
        "does not fit in the money left."
    ),
}
#: The groups of the method choice on the set-up form: a heading and the ballot types.
METHOD_GROUPS = (
    (_l("Ranked ballots"), (BallotType.RANKED,)),
    (_l("Points ballots without costs"), (BallotType.POINTS,)),
    (_l("Approval or points ballots with costs and a budget"), rules.BUDGET_BALLOTS),
)
#: Short names of methods (lists of votes); every offered method and the older names.
SHORT_METHOD_LABELS = {
    **METHOD_LABELS,
    "greedy": _l("Greedy by support"),
    "mes": _l("Method of Equal Shares"),
    "mes-plain": _l("Method of Equal Shares"),
    "equalshares/add1": _l("Method of Equal Shares"),
    "equalshares/add1-comparison": _l("Method of Equal Shares"),
}


def method_groups(current: str | None = None) -> list[tuple[str, list[str]]]:
    """The method choices in their groups, each method once (in the first group offering it);
    ``current``, a registry name the form does not offer (set elsewhere), is added last."""
    seen: set[str] = set()
    groups = []
    for heading, ballot_types in METHOD_GROUPS:
        names = [
            offered.name
            for offered in rules.OFFERED_METHODS
            if offered.name not in seen and set(offered.ballot_types) <= set(ballot_types)
        ]
        seen.update(names)
        groups.append((str(heading), names))
    if current and current not in seen:
        groups[-1][1].append(current)
    return groups


def method_choices(current: str | None = None) -> list[SelectChoice]:
    return [
        SelectChoice(name, METHOD_LABELS.get(name, name))
        for _heading, names in method_groups(current)
        for name in names
    ]


VOTER_UNIT_LABELS = {
    VoterUnit.ORGANIZATION: _l("One ballot per verified organization"),
    VoterUnit.PERSON: _l("One ballot per confirmed person"),
}
SECRECY_LABELS = {
    Secrecy.SECRET: _l("Secret: ballots are published without who cast them"),
    Secrecy.OPEN: _l("Open: each organization's ballot is public"),
}


def _optional_int(label, description=None, minimum=1) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=minimum, message=_l("Enter a whole number of at least %(min)s.")),
        ],
        description=description,
    )


class VoteForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    explanation = TextAreaField(
        _l("Explanation for voters"),
        validators=[Optional(), Length(max=20000)],
        description=_l("What is decided and how to vote. Markdown formatting is allowed."),
    )
    ballot_type = SelectField(
        _l("Ballot type"), choices=[SelectChoice(k, v) for k, v in BALLOT_TYPE_LABELS.items()]
    )
    method = RadioField(
        _l("Counting method"),
        choices=method_choices(),
        default=rules.RECOMMENDED_METHOD[BallotType.RANKED],
        validators=[InputRequired(_l("Choose a counting method."))],
        description=_l(
            "Choose a method that counts the ballot type above; the recommended one of each "
            "type is marked."
        ),
    )
    voter_unit = SelectField(
        _l("Who votes"), choices=[SelectChoice(k, v) for k, v in VOTER_UNIT_LABELS.items()]
    )
    secrecy = SelectField(
        _l("Secrecy"), choices=[SelectChoice(k, v) for k, v in SECRECY_LABELS.items()]
    )
    min_ballots_for_publication = IntegerField(
        _l("Fewest ballots to publish the ballots file"),
        validators=[
            Optional(),
            NumberRange(min=1, message=_l("Enter a whole number of at least %(min)s.")),
        ],
        description=_l(
            "Secret votes: with fewer ballots the result is published, but the file with the "
            "ballots and the split into online and paper ballots are not, because they would "
            "show how the few voters voted."
        ),
    )
    max_points = _optional_int(
        _l("Points per voter"), _l("Points ballots: how many points each voter distributes.")
    )
    max_points_per_option = _optional_int(
        _l("Most points for one option"), _l("Points ballots, optional.")
    )
    budget = CostField(
        _l("Budget (PLN)"),
        validators=[Optional(), NumberRange(min=0, message=_l("Enter an amount of 0 or more."))],
        description=_l(
            "Required by the greedy method and the Method of Equal Shares; points ballots may "
            "split it in proportion to the points."
        ),
    )
    rounding_unit = CostField(
        _l("Rounding unit of the split (PLN)"),
        default=1,
        validators=[
            InputRequired(_l("Enter the rounding unit, e.g. 1.")),
            NumberRange(min=0.01, message=_l("Enter an amount greater than 0.")),
        ],
    )
    min_choices = _optional_int(
        _l("Fewest options a voter must choose"), _l("Approval ballots, optional."), minimum=0
    )
    max_choices = _optional_int(
        _l("Most options a voter may choose"), _l("Approval ballots, optional.")
    )
    opens_at = warsaw_datetime_field(_l("Voting opens"))
    closes_at = warsaw_datetime_field(_l("Voting closes"))


class OptionForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown formatting is allowed."),
    )
    area = SelectField(_l("Area of public benefit"), coerce=int, validate_choice=True)
    cost = CostField(
        _l("Cost (PLN)"),
        validators=[Optional(), NumberRange(min=0, message=_l("Enter an amount of 0 or more."))],
        description=_l("Required when the counting method uses costs."),
    )


class ImportForm(FlaskForm):
    proposals = MultiCheckboxField(
        _l("Accepted proposals of this consultation"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one proposal."))],
    )


class ConfirmActionForm(FlaskForm):
    confirmed = BooleanField(
        _l("I confirm"), validators=[DataRequired(_l("Tick the box to confirm."))]
    )


class PublishResultsForm(FlaskForm):
    """The confirmation of publishing results: the digest of the checked preview's ballots file
    (publishing is refused if the ballots are no longer those) and a required tick."""

    previewed_sha256 = HiddenField(validators=[DataRequired()])
    confirmed = BooleanField(
        _l("I have checked the preview; publish these results"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class PaperHeaderForm(FlaskForm):
    organization = SelectField(_l("Organization"), coerce=int, validate_choice=False)
    received_on = DateField(
        _l("Received at the office on"),
        validators=[InputRequired(_l("Enter the date the ballot was received."))],
    )


class StatementForm(FlaskForm):
    """The office's statement, saved with the preview or with the publication."""

    statement = TextAreaField(
        _l("The office's statement"),
        validators=[Optional(), Length(max=50000)],
        description=_l("How the office will use the results; Markdown is allowed."),
    )


def _receipt_code(form, field) -> None:
    if field.data and not looks_like_code(field.data):
        raise ValidationError(
            _l("A receipt code has 20 letters and digits, e.g. K7QF-3M2X-P4TA-HC3W-ZN5D.")
        )


class ReceiptForm(FlaskForm):
    code = StringField(
        _l("Receipt code"),
        validators=[
            DataRequired(_l("Enter the receipt code.")),
            Length(max=60, message=_l("A receipt code is at most 60 characters long.")),
            _receipt_code,
        ],
        description=_l("As shown after voting and in the e-mail, e.g. K7QF-3M2X-P4TA-HC3W-ZN5D."),
    )
