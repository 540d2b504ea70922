"""Forms for proposals: the proposal itself, co-authors, endorsements, discussion, review."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from app.common.money import parse_amount
from app.organizations.forms import MultiCheckboxField
from app.proposals.models import ProposalStatus
from app.proposals.services import MAX_COST

STATUS_LABELS = {
    ProposalStatus.DRAFT: _l("draft"),
    ProposalStatus.SUBMITTED: _l("submitted"),
    ProposalStatus.UNDER_REVIEW: _l("under review"),
    ProposalStatus.ACCEPTED: _l("accepted"),
    ProposalStatus.REJECTED: _l("rejected"),
    ProposalStatus.MERGED: _l("merged"),
    ProposalStatus.WITHDRAWN: _l("withdrawn"),
}
DECISION_LABELS = {
    ProposalStatus.ACCEPTED: _l("Accept"),
    ProposalStatus.REJECTED: _l("Reject"),
    ProposalStatus.MERGED: _l("Merge into another proposal"),
}
SORT_LABELS = {"newest": _l("Newest first"), "endorsed": _l("Most endorsed first")}


class CostField(DecimalField):
    """An amount in PLN typed the Polish or the English way: "12 500,50" and "12,500.50" are
    12500.50, "45,000" is 45000 (:func:`app.common.money.parse_amount`).

    A text input, not ``type=number``: browsers refuse spaces and decimal commas there.
    """

    widget = TextInput()

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_amount(valuelist[0])
            except ValueError as error:
                self.data = None
                raise ValueError(
                    self.gettext("Enter the amount as a number, e.g. 12500.")
                ) from error
        else:
            self.data = None


def _text(label, message, maximum: int, **kwargs) -> TextAreaField:
    return TextAreaField(label, validators=[DataRequired(message), Length(max=maximum)], **kwargs)


class ProposalForm(FlaskForm):
    organization = SelectField(_l("On behalf of"), coerce=int, validate_choice=True)
    consultation = SelectField(
        _l("Consultation"),
        coerce=int,
        validate_choice=True,
        description=_l("The round whose proposals stage is open, or the city's ideas box."),
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    area = SelectField(
        _l("Area of public benefit"),
        validators=[DataRequired(_l("Choose the area of public benefit."))],
        validate_choice=True,
    )
    problem = _text(
        _l("Problem or need"),
        _l("Describe the problem or need the proposal answers."),
        5000,
    )
    evidence = TextAreaField(
        _l("Evidence of the need"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Data, studies or experience, if any."),
    )
    activities = _text(_l("What would be done"), _l("Describe what would be done."), 10000)
    target_group = _text(_l("Target group"), _l("Describe the target group."), 2000)
    expected_results = _text(_l("Expected results"), _l("Describe the expected results."), 5000)
    estimated_cost = CostField(
        _l("Estimated cost in PLN"),
        places=2,
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_COST,
                message=_l("The cost must be between 0 and 1 000 000 000 PLN."),
            ),
        ],
        description=_l("Optional. E.g. 45000 or 45 000,50."),
    )
    time_frame = StringField(
        _l("Time frame"),
        validators=[DataRequired(_l("Enter the time frame.")), Length(max=200)],
        description=_l("E.g. March–November 2027."),
    )
    looking_for_partners = BooleanField(_l("Looking for partners"))
    partner_needs = TextAreaField(
        _l("What kind of partner is needed"),
        validators=[Length(max=2000)],
    )
    coauthors = MultiCheckboxField(
        _l("Invite organizations as co-authors"), coerce=int, validators=[Optional()]
    )

    def validate_partner_needs(self, field) -> None:
        if self.looking_for_partners.data and not (field.data or "").strip():
            raise ValidationError(_l("Describe the partner you are looking for."))


class OrganizationChoiceForm(FlaskForm):
    """An action on behalf of one of the person's organizations (endorse, withdraw it)."""

    organization = SelectField(_l("On behalf of"), coerce=int, validate_choice=True)


class OfferForm(OrganizationChoiceForm):
    message = TextAreaField(
        _l("What your organization would bring"),
        validators=[
            DataRequired(_l("Write what your organization would bring.")),
            Length(max=2000),
        ],
    )


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("accept", _l("Accept")), SelectChoice("decline", _l("Decline"))],
    )


class CommentForm(OrganizationChoiceForm):
    parent = HiddenField()
    body = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(_l("Write the comment.")), Length(max=5000)],
        description=_l("Markdown is allowed: **bold**, *italics*, lists, links."),
    )


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for hiding"),
        validators=[DataRequired(_l("Give the reason for hiding.")), Length(max=2000)],
        description=_l("Shown publicly instead of the comment's text."),
    )


class AnswerForm(FlaskForm):
    #: No decision is preselected: the official chooses one (an answer being edited shows its
    #: stored decision).
    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("", _l("— choose —"))]
        + [SelectChoice(k.value, v) for k, v in DECISION_LABELS.items()],
        default="",
        validators=[DataRequired(_l("Choose the decision."))],
    )
    merged_into = SelectField(
        _l("Merge into"),
        coerce=int,
        validate_choice=False,
        description=_l("Only when the decision is to merge."),
    )
    answer = TextAreaField(
        _l("Public answer (justification)"),
        validators=[DataRequired(_l("Justify the answer.")), Length(max=20000)],
        description=_l("Markdown is allowed."),
    )
    publish = BooleanField(_l("Publish the answer now"))


class NoteForm(FlaskForm):
    note = TextAreaField(
        _l("Internal note"),
        validators=[Optional(), Length(max=10000)],
        description=_l("Visible only to officials."),
    )
