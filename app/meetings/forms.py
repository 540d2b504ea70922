"""Forms of consultation meetings: planning, registering, minutes, files, remarks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from app.consultations.forms import SubmitterFields
from app.organizations.forms import MultiCheckboxField

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class MeetingForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Enter when the meeting starts."))],
        description=_l("Europe/Warsaw time."),
    )
    ends_at = DateTimeLocalField(
        _l("Ends"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Enter when the meeting ends."))],
        description=_l("Europe/Warsaw time."),
    )
    place = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=300)],
        description=_l("Address and room; leave empty for a meeting held only online."),
    )
    online_url = URLField(
        _l("Link to the online meeting"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full address (https://…).")),
            Length(max=500),
        ],
    )
    agenda = TextAreaField(
        _l("Agenda"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown is allowed."),
    )
    capacity = IntegerField(
        _l("Number of seats"),
        validators=[Optional(), NumberRange(min=1, message=_l("Enter at least 1 seat."))],
        description=_l("Leave empty for no limit; people beyond it go to the waiting list."),
    )
    accessibility_note = TextAreaField(
        _l("Accessibility of the venue"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "E.g. step-free entrance, induction loop, sign-language interpreter on request."
        ),
    )


class RegistrationForm(FlaskForm):
    organization = SelectField(_l("I take part"), coerce=int, validate_choice=True)


class MinutesForm(FlaskForm):
    minutes = TextAreaField(
        _l("Minutes"),
        validators=[DataRequired(_l("Write the minutes.")), Length(max=100000)],
        description=_l("Markdown is allowed."),
    )
    organizations = MultiCheckboxField(
        _l("Organizations that took part"), coerce=int, validators=[Optional()]
    )
    confirmed = BooleanField(
        _l("I confirm: publish the minutes and the list of organizations for everyone to read"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class MeetingAttachmentForm(FlaskForm):
    file = FileField(
        _l("File"),
        description=_l("PDF, DOCX, ODT, XLSX, ODS, PNG or JPG; at most 10 MB."),
    )


class RemarkForm(SubmitterFields, FlaskForm):
    """A remark said at the meeting, by an organization or a person (the office's shared
    pieces for who made a remark: :class:`app.consultations.forms.SubmitterFields`)."""

    unit = SelectField(_l("Part of the document"), validate_choice=True)
    proposed_wording = TextAreaField(
        _l("Proposed wording"),
        validators=[DataRequired(_l("Enter the proposed wording.")), Length(max=20000)],
    )
    justification = TextAreaField(
        _l("Justification"),
        validators=[DataRequired(_l("Give a justification for the change.")), Length(max=20000)],
    )
