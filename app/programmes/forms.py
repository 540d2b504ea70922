"""Forms of the programme of cooperation (input shape only; rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.hub.forms import MAX_AMOUNT, _url_validators
from app.organizations.forms import MultiCheckboxField
from app.programmes.messages import (
    ANSWER_LABELS,
    MEASURE_LABELS,
    NOTICE_KIND_LABELS,
    STATUS_LABELS,
)
from app.proposals.forms import CostField

FILE_HINT = _l("PDF, DOCX, ODT, XLSX, ODS, PNG or JPG; at most 10 MB.")
DATE_HINT = _l("E.g. 2026-11-27.")


def _amount(label, description=None) -> CostField:
    return CostField(
        label,
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("The amount cannot be negative.")),
            NumberRange(max=MAX_AMOUNT, message=_l("The amount is too large.")),
        ],
        description=description or _l("In PLN, e.g. 150000 or 150 000,00."),
    )


def _choice(label, message) -> SelectField:
    """A choice of a row by its id that says ``message`` when left empty or sent with a value
    not on the list (instead of WTForms' "Invalid choice: could not coerce")."""
    return SelectField(
        label,
        coerce=int,
        validate_choice=True,
        invalid_value_message=message,
        invalid_choice_message=message,
    )


def _date(label, required: bool = True, description=None) -> DateField:
    first = DataRequired(_l("Enter the date.")) if required else Optional()
    return DateField(label, validators=[first], description=description or DATE_HINT)


class ProgrammeForm(FlaskForm):
    year = IntegerField(
        _l("Year"),
        validators=[
            DataRequired(_l("Enter the year.")),
            NumberRange(min=2000, max=2100, message=_l("Enter a year between 2000 and 2100.")),
        ],
    )
    end_year = IntegerField(
        _l("Last year (a multi-year programme)"),
        validators=[
            Optional(),
            NumberRange(min=2000, max=2100, message=_l("Enter a year between 2000 and 2100.")),
        ],
        description=_l("Leave empty for an annual programme."),
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    goals = TextAreaField(
        _l("Goals"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown is allowed: **bold**, *italics*, lists, links."),
    )
    priority_tasks = TextAreaField(
        _l("Priority tasks"),
        validators=[Optional(), Length(max=20000)],
        description=_l("One task per line; each can become a tracked task once adopted."),
    )
    indicators = TextAreaField(
        _l("Evaluation indicators"),
        validators=[Optional(), Length(max=10000)],
        description=_l("One indicator per line."),
    )
    draft_published_on = _date(
        _l("Draft published on"), required=False, description=_l("Leave empty until it is.")
    )
    rounds = MultiCheckboxField(
        _l("Consultation rounds of the programme"), coerce=int, validators=[Optional()]
    )
    consultation_from = _date(
        _l("Consultation held outside the platform: from"),
        required=False,
        description=_l("Only when the consultation was not a round of this platform."),
    )
    consultation_to = _date(_l("Consultation held outside the platform: to"), required=False)


class IndicatorRowForm(Form):
    """One indicator: how it is measured, or its typed value and note for the year."""

    measure = SelectField(
        _l("Measured by"),
        choices=[SelectChoice("", _l("— typed by the office —"))]
        + [SelectChoice(k.value, v) for k, v in MEASURE_LABELS.items()],
        validators=[Optional()],
    )
    value = StringField(
        _l("Value"),
        validators=[Optional(), Length(max=100)],
        description=_l("Only when typed by the office, e.g. 12 or 85%."),
    )
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Where the value comes from (e.g. the survey of organizations)."),
    )


class IndicatorsForm(FlaskForm):
    """Every indicator of the programme: one row each, in the programme's order."""

    rows = FieldList(FormField(IndicatorRowForm))


class OpinionForm(FlaskForm):
    opinion_on = _date(_l("Date of the opinion"))
    file = FileField(_l("The opinion (document)"), description=FILE_HINT)


class AdoptForm(FlaskForm):
    resolution_number = StringField(
        _l("Resolution number"),
        validators=[DataRequired(_l("Enter the resolution number.")), Length(max=60)],
        description=_l("E.g. XVI/210/2025."),
    )
    adopted_on = _date(_l("Adopted on"))
    bip_url = URLField(_l("Link to the resolution in BIP"), validators=_url_validators())
    confirm = BooleanField(
        _l("I confirm: the adoption is public at once and cannot be undone."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class TrackPrioritiesForm(FlaskForm):
    area = SelectField(
        _l("Area of public benefit"),
        validate_choice=True,
        invalid_choice_message=_l("Choose an area from the list."),
    )


class TrackProposalForm(FlaskForm):
    proposal = _choice(_l("Accepted proposal"), _l("Choose an accepted proposal."))


class TrackOptionForm(FlaskForm):
    option = _choice(_l("Funded option of a vote"), _l("Choose a funded option of a vote."))


class TaskForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(k.value, v) for k, v in STATUS_LABELS.items()]
    )
    progress = IntegerField(
        _l("Progress in %"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("Enter a number from 0 to 100.")),
        ],
    )
    drop_reason = TextAreaField(
        _l("Why the task was dropped"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Required when the status is dropped."),
    )
    #: Checked by the service (an unknown code is refused there); absent: the area is kept.
    area = SelectField(_l("Area of public benefit"), validate_choice=False)
    planned_amount = _amount(_l("Planned amount"))
    spent_amount = _amount(_l("Spent amount"))
    spent_note = TextAreaField(
        _l("Note on spending"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Required when more was spent than planned."),
    )


class TaskDetailsForm(FlaskForm):
    """A task's title, area and plan, corrected (its source stays as tracked)."""

    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=300)]
    )
    #: Checked by the service (an unknown code is refused there).
    area = SelectField(_l("Area of public benefit"), validate_choice=False)
    planned_amount = _amount(_l("Planned amount"))


class MilestoneForm(FlaskForm):
    title = StringField(
        _l("Milestone"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    due_on = _date(_l("Planned date"))
    done_on = _date(_l("Reached on"), required=False, description=_l("Leave empty if not yet."))


class UpdateTextForm(FlaskForm):
    """The text of an update: posted with :class:`UpdateForm`, corrected alone."""

    body = TextAreaField(
        _l("Update"),
        validators=[DataRequired(_l("Write the update.")), Length(max=20000)],
        description=_l("Markdown is allowed: **bold**, *italics*, lists, links."),
    )


class UpdateForm(UpdateTextForm):
    file = FileField(_l("Attachment (optional)"), description=FILE_HINT)


class LinkOpportunityForm(FlaskForm):
    opportunity = _choice(
        _l("Competition or other form of cooperation"),
        _l("Choose a competition or another form of cooperation."),
    )


class GrantForm(FlaskForm):
    organization = _choice(_l("Organization"), _l("Choose an organization."))
    opportunity = _choice(
        _l("Competition or other form"),
        _l("Choose a competition or form from the list, or “— none —”."),
    )
    amount = CostField(
        _l("Amount granted"),
        places=2,
        validators=[
            InputRequired(_l("Enter the amount.")),
            NumberRange(min=0, message=_l("The amount cannot be negative.")),
            NumberRange(max=MAX_AMOUNT, message=_l("The amount is too large.")),
        ],
        description=_l("In PLN, e.g. 150000 or 150 000,00."),
    )
    purpose = StringField(
        _l("What for"), validators=[DataRequired(_l("Say what for.")), Length(max=500)]
    )
    offers_received = IntegerField(
        _l("Offers received in the competition"),
        validators=[Optional(), NumberRange(min=0, max=100000)],
    )


class NoticeForm(FlaskForm):
    organization = _choice(_l("On behalf of"), _l("Choose the organization you write for."))
    kind = SelectField(
        _l("What changes"),
        choices=[SelectChoice(k.value, v) for k, v in NOTICE_KIND_LABELS.items()],
    )
    description = TextAreaField(
        _l("The change or the problem"),
        validators=[DataRequired(_l("Describe the change.")), Length(max=10000)],
    )
    justification = TextAreaField(
        _l("Justification"),
        validators=[DataRequired(_l("Give the justification.")), Length(max=10000)],
    )
    file = FileField(_l("Attachment (optional)"), description=FILE_HINT)


class AnswerForm(FlaskForm):
    answer = SelectField(
        _l("Answer"),
        choices=[SelectChoice("", _l("— choose —"))]
        + [SelectChoice(k.value, v) for k, v in ANSWER_LABELS.items()],
        validators=[DataRequired(_l("Choose the answer."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Give the reason.")), Length(max=10000)],
    )
    reply_due_on = _date(
        _l("The organization replies by"),
        required=False,
        description=_l("Required when the change needs an annex: the day it is to be sent by."),
    )


class ReplyForm(FlaskForm):
    """A further message in a change notice's thread; the decision and the date are the
    office's."""

    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(_l("Write the message.")), Length(max=10000)],
    )
    answer = SelectField(
        _l("Decision (optional)"),
        choices=[SelectChoice("", _l("— no decision, a question or a remark —"))]
        + [SelectChoice(k.value, v) for k, v in ANSWER_LABELS.items()],
        validators=[Optional()],
    )
    due_on = _date(
        _l("The organization replies by"),
        required=False,
        description=_l("Optional, e.g. the day by which the annex is to be sent."),
    )
    file = FileField(_l("Attachment (optional)"), description=FILE_HINT)


class RemoveForm(FlaskForm):
    """The confirmation of removing a public record entered by mistake."""

    reason = TextAreaField(
        _l("Why it is removed"),
        validators=[DataRequired(_l("Give the reason.")), Length(max=2000)],
        description=_l("Recorded in the audit log."),
    )
    confirm = BooleanField(
        _l("I confirm: the record disappears from the public pages and the report."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class ReportForm(FlaskForm):
    text = TextAreaField(
        _l("Text of the report"),
        validators=[DataRequired(_l("Write the report.")), Length(max=100000)],
        description=_l("Markdown. The tables are added from the platform's data."),
    )
    prepared_by = StringField(
        _l("Prepared by"),
        validators=[DataRequired(_l("Enter who prepared it.")), Length(max=200)],
    )


class PublishReportForm(FlaskForm):
    confirm = BooleanField(
        _l("I confirm: the report becomes public at once, with its tables."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class CorrectReportForm(ReportForm):
    """A correction of a published report: a new revision with its public reason, published
    after a confirmation step (the box is required on the confirming request only)."""

    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[
            DataRequired(
                _l(
                    "Say why the published implementation report is corrected: the reason is "
                    "shown publicly."
                )
            ),
            Length(max=5000),
        ],
        description=_l("Shown publicly with the new revision; the earlier text stays readable."),
    )
    confirmed = BooleanField(_l("I understand that this cannot be undone"))
