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
from app.priorities.kinds import BallotType, Secrecy, VoterUnit
from app.priorities.receipts import looks_like_code
from app.proposals.forms import CostField

BALLOT_TYPE_LABELS = {
    BallotType.RANKED: _l("Ranked: voters order the options"),
    BallotType.POINTS: _l("Points: voters distribute points among the options"),
    BallotType.APPROVAL: _l("Approval with costs: voters choose options within a budget"),
}
METHOD_LABELS = {
    "borda": _l("Borda count (ranked)"),
    "schulze": _l("Schulze method (ranked)"),
    "irv": _l("Instant-runoff (ranked)"),
    "points": _l("Sum of points, budget split in proportion (points)"),
    "greedy": _l("Greedy: fund the most supported options while money lasts (approval or points)"),
    "mes": _l("Method of Equal Shares (approval or points)"),
}
SHORT_METHOD_LABELS = {
    "borda": _l("Borda count"),
    "schulze": _l("Schulze method"),
    "irv": _l("Instant-runoff"),
    "points": _l("Sum of points"),
    "greedy": _l("Greedy by support"),
    "mes": _l("Method of Equal Shares"),
    "mes-plain": _l("Method of Equal Shares"),
}
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
    method = SelectField(
        _l("Counting method"), choices=[SelectChoice(k, v) for k, v in METHOD_LABELS.items()]
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
