"""Forms for calendar events and opportunities (input shape only; rules live in services)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from app.common.timeutil import to_utc, utcnow
from app.consultations.forms import DATETIME_FORMAT
from app.hub.messages import KIND_LABELS, MONTH_LABELS
from app.hub.models import OpportunityKind
from app.organizations.forms import MultiCheckboxField
from app.proposals.forms import CostField

MAX_AMOUNT = 1_000_000_000_000
COMPETITION_NEEDS_DEADLINE = _l(
    "An open grant competition needs a deadline for offers, or its planned month in the "
    "annual plan."
)


def _web_address(form: FlaskForm, field) -> None:
    """Only http(s) addresses: ``javascript:`` and other schemes never become links."""
    if field.data:
        field.data = field.data.strip()
        if not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Enter a web address starting with https://."))


def _url_validators() -> list:
    return [
        Optional(),
        Length(max=500),
        _web_address,
        URL(message=_l("Enter a valid web address, e.g. https://example.org/page.")),
    ]


def _when(label, required: bool = True, description=None) -> DateTimeLocalField:
    first = DataRequired(_l("Enter the date and time.")) if required else Optional()
    return DateTimeLocalField(
        label,
        format=DATETIME_FORMAT,
        validators=[first],
        description=description or _l("Europe/Warsaw time."),
    )


class EventForm(FlaskForm):
    organizer = SelectField(_l("Organizer"), coerce=int, validate_choice=True)
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    starts_at = _when(_l("Starts"))
    ends_at = _when(_l("Ends"))
    place = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=300)],
        description=_l("The address or room; leave empty for an online event."),
    )
    online_url = URLField(_l("Online link"), validators=_url_validators())
    area = SelectField(_l("Area of public benefit"), validate_choice=True)
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown is allowed: **bold**, *italics*, lists, links."),
    )
    is_open_to_join = BooleanField(
        _l("Open to join"),
        description=_l("A city-wide event that organizations are invited to join."),
    )

    def validate_ends_at(self, field) -> None:
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be later than the start."))

    def validate(self, extra_validators=None) -> bool:
        # Form-level: an empty place stops its own validators (Optional), so a
        # ``validate_place`` would never see the case it is meant for.
        valid = super().validate(extra_validators)
        if (
            not (self.place.data or "").strip()
            and not (self.online_url.data or "").strip()
            and not self.online_url.errors
        ):
            self.place.errors.append(_l("Enter the place or an online link."))
            valid = False
        return valid


class OpportunityForm(FlaskForm):
    kind = SelectField(
        _l("Type"), choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()]
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("The task, who may apply and how; Markdown is allowed."),
    )
    amount = CostField(
        _l("Amount in PLN"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("The amount cannot be negative.")),
            NumberRange(max=MAX_AMOUNT, message=_l("The amount is too large.")),
        ],
        description=_l("Optional. E.g. 150000 or 150 000,00."),
    )
    deadline_at = _when(
        _l("Deadline for offers"),
        required=False,
        description=_l("Europe/Warsaw time. Leave empty for a standing offer (e.g. rooms)."),
    )
    planned_month = SelectField(
        _l("Planned month (annual plan of competitions)"),
        coerce=int,
        choices=[SelectChoice(0, _l("not in the plan"))]
        + [SelectChoice(k, v) for k, v in MONTH_LABELS.items()],
    )
    planned_year = IntegerField(
        _l("Planned year"),
        validators=[
            Optional(),
            NumberRange(min=2000, max=2100, message=_l("Enter a year between 2000 and 2100.")),
        ],
    )
    criteria = TextAreaField(_l("Criteria"), validators=[Optional(), Length(max=10000)])
    announcement_url = URLField(
        _l("Link to the official announcement"), validators=_url_validators()
    )
    areas = MultiCheckboxField(_l("Areas of public benefit"), validators=[Optional()])

    #: The deadline stored before editing: it may stay even when it has passed.
    original_deadline: datetime | None = None

    def validate_deadline_at(self, field) -> None:
        deadline = to_utc(field.data)
        if deadline is not None and deadline != self.original_deadline and deadline < utcnow():
            raise ValidationError(_l("The deadline must be in the future."))

    def validate_planned_year(self, field) -> None:
        if field.data and not self.planned_month.data:
            raise ValidationError(_l("Choose the month as well as the year."))

    def validate(self, extra_validators=None) -> bool:
        # Form-level: empty fields stop their own validators (Optional), so the checks of
        # what is missing live here.
        valid = super().validate(extra_validators)
        if self.planned_month.data and self.planned_year.data is None:
            if not self.planned_year.errors:
                self.planned_year.errors.append(_l("Enter the year of the planned month."))
            valid = False
        if (
            self.kind.data == OpportunityKind.OPEN_COMPETITION
            and self.deadline_at.data is None
            and not self.deadline_at.errors
            and not self.planned_month.data
        ):
            self.deadline_at.errors.append(COMPETITION_NEEDS_DEADLINE)
            valid = False
        return valid
