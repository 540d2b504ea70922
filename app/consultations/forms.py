"""Forms for consultation rounds, drafts, comments, answers and the report."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from app.consultations.messages import DECISION_LABELS, PARTICIPATION_LABELS, VISIBILITY_LABELS
from app.consultations.states import StageKind
from app.organizations.forms import MultiCheckboxField

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def warsaw_datetime_field(label) -> DateTimeLocalField:
    """An optional date-time field typed in Europe/Warsaw time (a stage's or a vote's bounds)."""
    return DateTimeLocalField(
        label,
        format=DATETIME_FORMAT,
        validators=[Optional()],
        description=_l("Europe/Warsaw time."),
    )


CONFIRM_LABEL = _l("I understand that this cannot be undone")


def confirm_field() -> BooleanField:
    """The box of a confirmation step; the view requires it on the confirming request only."""
    return BooleanField(CONFIRM_LABEL)


class ConfirmStepForm(FlaskForm):
    """The confirmation step of an action that cannot be undone: the box must be ticked."""

    confirmed = BooleanField(
        CONFIRM_LABEL, validators=[DataRequired(_l("Tick the box to confirm."))]
    )


class RoundForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    summary = TextAreaField(_l("Short summary"), validators=[Optional(), Length(max=2000)])
    subject = StringField(
        _l("Subject of the consultation"),
        validators=[DataRequired(_l("Enter what is consulted.")), Length(max=300)],
        description=_l("E.g. the programme of cooperation with NGOs for 2027."),
    )
    rules = TextAreaField(
        _l("Rules of the consultation"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Who may take part and how; Markdown is allowed."),
    )
    contact_person = StringField(
        _l("Contact person"),
        validators=[DataRequired(_l("Enter the contact person.")), Length(max=200)],
    )
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    participation = SelectField(
        _l("Who may take part"),
        choices=[SelectChoice(k.value, v) for k, v in PARTICIPATION_LABELS.items()],
    )
    comment_visibility = SelectField(
        _l("Visibility of comments"),
        choices=[SelectChoice(k.value, v) for k, v in VISIBILITY_LABELS.items()],
    )
    areas = MultiCheckboxField(_l("Areas of public benefit"), validators=[Optional()])
    commenting_opens = warsaw_datetime_field(_l("Commenting opens"))
    commenting_closes = warsaw_datetime_field(_l("Commenting closes"))
    proposals_opens = warsaw_datetime_field(_l("Proposals open"))
    proposals_closes = warsaw_datetime_field(_l("Proposals close"))
    voting_opens = warsaw_datetime_field(_l("Voting opens"))
    voting_closes = warsaw_datetime_field(_l("Voting closes"))
    results_opens = warsaw_datetime_field(_l("Results stage opens"))
    results_closes = warsaw_datetime_field(_l("Results stage closes"))
    short_stage_justification = TextAreaField(
        _l("Justification of a shorter commenting stage"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "Required when commenting lasts less than %(days)s days; shown publicly.", days=7
        ),
    )

    def stage_pairs(self):
        """(kind, opens field, closes field) for each stage kind."""
        for kind in StageKind:
            yield kind, self[f"{kind}_opens"], self[f"{kind}_closes"]


class VersionForm(FlaskForm):
    title = StringField(
        _l("Title of the document"),
        validators=[DataRequired(_l("Enter the document's title.")), Length(max=300)],
    )
    source = TextAreaField(
        _l("Text of the draft (Markdown)"),
        validators=[Optional(), Length(max=500_000)],
        description=_l(
            "Headings (#) become sections, paragraphs and list items become numbered units. "
            "Or upload a file below."
        ),
    )
    document = FileField(
        _l("Or upload the draft (DOCX, ODT or Markdown)"),
        description=_l("If a file is chosen, it replaces the text above."),
    )
    change_note = TextAreaField(
        _l("What changed in this version"), validators=[Optional(), Length(max=5000)]
    )
    confirmed = confirm_field()


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("File"),
        description=_l("PDF, DOCX, ODT, XLSX, ODS, PNG or JPG; at most 10 MB."),
    )


#: The "a person" choice among the organizations of a remark the office enters.
PERSON_CHOICE = 0


class SubmitterFields:
    """Who made a remark the office enters (at a meeting): a verified organization, or a
    person named here. Mixed into the form (with ``FlaskForm``) that needs them; the choices
    come from :func:`submitter_choices`."""

    organization = SelectField(_l("Who made the remark"), coerce=int, validate_choice=True)
    person_name = StringField(
        _l("Name of the person"),
        validators=[Length(max=200)],  # required for a person: validate_person_name
        description=_l("When a person, not an organization, made the remark."),
    )

    def validate_person_name(self, field) -> None:
        if self.organization.data == PERSON_CHOICE and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name of the person who made the remark."))


def submitter_choices(organizations) -> list[tuple[int, str]]:
    """The verified organizations, then "a person" (named in the next field)."""
    return [(o.id, o.name) for o in organizations] + [
        (PERSON_CHOICE, _("A person (give the name below)"))
    ]


class CommentForm(FlaskForm):
    organization = SelectField(_l("On behalf of"), coerce=int, validate_choice=True)
    unit = SelectField(_l("Part of the document"), validate_choice=True)
    # No "current wording" field: the page shows the chosen unit's text read-only and the
    # service quotes it from the draft when the comment is saved.
    proposed_wording = TextAreaField(
        _l("Proposed wording"),
        validators=[DataRequired(_l("Enter the proposed wording.")), Length(max=20000)],
    )
    justification = TextAreaField(
        _l("Justification"),
        validators=[DataRequired(_l("Give a justification for the change.")), Length(max=20000)],
    )


class PaperCommentForm(CommentForm):
    received_on = DateField(
        _l("Received at the office on"),
        validators=[InputRequired(_l("Enter the date the form was received."))],
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
    justification = TextAreaField(
        _l("Justification of the answer"),
        validators=[DataRequired(_l("Justify the answer.")), Length(max=20000)],
    )
    publish = BooleanField(_l("Publish the answer now"))


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for hiding"),
        validators=[DataRequired(_l("Give the reason for hiding.")), Length(max=2000)],
        description=_l("Shown publicly instead of the comment's text."),
    )


class ReportForm(FlaskForm):
    prepared_by = StringField(
        _l("Prepared by"),
        validators=[DataRequired(_l("Enter who prepared the report.")), Length(max=200)],
    )
    statement = TextAreaField(
        _l("The office's statement"),
        validators=[Optional(), Length(max=50000)],
        description=_l("The conclusions of the consultation; Markdown is allowed."),
    )
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Shown publicly with the new revision; the earlier text stays readable."),
    )
    confirmed = confirm_field()


class QueueActionForm(FlaskForm):
    """The work queue's bulk actions on the selected remarks (the ids come as checkboxes named
    ``ids``); which fields are required depends on the button pressed (checked in the view)."""

    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("", _l("— choose —"))]
        + [SelectChoice(k.value, v) for k, v in DECISION_LABELS.items()],
        default="",
        validators=[Optional()],
    )
    justification = TextAreaField(
        _l("Justification of the answer"),
        validators=[Optional(), Length(max=20000)],
        description=_l("The same text for every selected remark; each answer stays editable."),
    )
    assignee = SelectField(_l("Assign to"), coerce=int, validate_choice=True, default=0)
    due_on = DateField(_l("Answer due by"), validators=[Optional()])


class GroupAnswerForm(FlaskForm):
    """One answer for a group of similar remarks: each remark gets its own copy, as a draft."""

    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("", _l("— choose —"))]
        + [SelectChoice(k.value, v) for k, v in DECISION_LABELS.items()],
        default="",
        validators=[DataRequired(_l("Choose the decision."))],
    )
    justification = TextAreaField(
        _l("Justification of the answer"),
        validators=[DataRequired(_l("Justify the answer.")), Length(max=20000)],
    )


class AnswersImportForm(FlaskForm):
    file = FileField(
        _l("Answers spreadsheet (XLSX)"),
        description=_l(
            "The file exported from this page, edited in Excel or LibreOffice; at most 10 MB."
        ),
    )
