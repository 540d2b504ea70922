"""Forms of the settings pages, the accessibility statement and access requests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from app.settings.services import is_web_address

BAD_EMAIL = _l("Enter a valid e-mail address, e.g. name@example.com.")
BAD_ADDRESS = _l("Enter a web address starting with https://, e.g. https://bip.example.org.")
BAD_LINKS = _l("Write each link on its own line as: label | https://address.")
NAME_REQUIRED = _l("Enter the name.")


def _optional_email(label) -> EmailField:
    return EmailField(label, validators=[Optional(), Email(BAD_EMAIL), Length(max=254)])


def _web_address(_form, field) -> None:
    if field.data:
        field.data = field.data.strip()
        if not is_web_address(field.data):
            raise ValidationError(BAD_ADDRESS)


def _links(_form, field) -> None:
    for line in (field.data or "").splitlines():
        _label, sep, url = line.partition("|")
        if line.strip() and (not sep or not _label.strip() or not is_web_address(url.strip())):
            raise ValidationError(BAD_LINKS)


class IdentityForm(FlaskForm):
    platform_name = StringField(
        _l("Platform name"),
        validators=[DataRequired(NAME_REQUIRED), Length(max=100)],
        description=_l("Shown in the header, page titles and e-mails, e.g. Konsulta."),
    )
    body_name_pl = StringField(
        _l("Name of the public body (Polish)"),
        validators=[DataRequired(NAME_REQUIRED), Length(max=300)],
        description=_l("E.g. Urząd Miasta Nowego Sącza."),
    )
    body_name_en = StringField(
        _l("Name of the public body (English)"),
        validators=[Optional(), Length(max=300)],
        description=_l("E.g. Nowy Sącz City Office. Empty: the Polish name is shown."),
    )
    office_name = StringField(
        _l("Office responsible for the platform"), validators=[Optional(), Length(max=300)]
    )
    office_email = _optional_email(_l("Office e-mail"))
    office_phone = StringField(_l("Office phone"), validators=[Optional(), Length(max=50)])
    office_address = TextAreaField(
        _l("Office postal address"), validators=[Optional(), Length(max=1000)]
    )
    bip_url = URLField(
        _l("BIP address (Public Information Bulletin)"),
        validators=[Optional(), Length(max=500), _web_address],
    )
    privacy_controller = TextAreaField(
        _l("Controller of personal data (privacy notice)"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "Who the controller is and how to reach them, e.g. the Mayor's name and address."
        ),
    )
    dpo_contact = TextAreaField(
        _l("Data protection officer"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Name, e-mail and address of the data protection officer."),
    )
    footer_links = TextAreaField(
        _l("Footer links"),
        validators=[Optional(), Length(max=3000), _links],
        description=_l("One per line: label | https://address."),
    )
    default_locale = SelectField(
        _l("Default language"),
        choices=[SelectChoice("pl", "Polski"), SelectChoice("en", "English")],
    )
    min_commenting_days = IntegerField(
        _l("Minimum length of a commenting stage (days)"),
        validators=[
            DataRequired(_l("Enter a number of days from 1 to 90.")),
            NumberRange(1, 90, _l("Enter a number of days from 1 to 90.")),
        ],
        description=_l("A shorter stage needs a public justification."),
    )


class AssetForm(FlaskForm):
    file = FileField(_l("Image file"))


class StatementForm(FlaskForm):
    statement_published_on = DateField(_l("Date the site was published"), validators=[Optional()])
    statement_updated_on = DateField(_l("Date of the last major update"), validators=[Optional()])
    compliance = SelectField(
        _l("Compliance status"),
        choices=[
            SelectChoice("full", _l("fully compliant")),
            SelectChoice("partial", _l("partially compliant")),
            SelectChoice("none", _l("not compliant")),
        ],
    )
    non_compliant = TextAreaField(
        _l("Content that is not accessible, and why"),
        validators=[Optional(), Length(max=5000)],
        description=_l("One item per line."),
    )
    exemptions = TextAreaField(
        _l("Content exempted by the act"),
        validators=[Optional(), Length(max=5000)],
        description=_l("One item per line, e.g. recordings published before 23 September 2020."),
    )
    statement_prepared_on = DateField(
        _l("Date the statement was prepared"), validators=[Optional()]
    )
    preparation_method = SelectField(
        _l("How the statement was prepared"),
        choices=[
            SelectChoice("self", _l("self-assessment by the body")),
            SelectChoice("external", _l("assessment by an external entity")),
        ],
    )
    assessed_by = StringField(
        _l("External entity (if any)"), validators=[Optional(), Length(max=300)]
    )
    statement_contact_name = StringField(
        _l("Contact person for accessibility"), validators=[Optional(), Length(max=200)]
    )
    statement_contact_email = _optional_email(_l("Contact e-mail for accessibility"))
    statement_contact_phone = StringField(
        _l("Contact phone for accessibility"), validators=[Optional(), Length(max=50)]
    )
    architectural = TextAreaField(
        _l("Architectural accessibility of the office"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Entrances, lifts, parking, induction loops, sign-language interpreting."),
    )


class AccessRequestForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Your e-mail address"),
        validators=[DataRequired(BAD_EMAIL), Email(BAD_EMAIL), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[Optional(), Length(max=50)],
        render_kw={"autocomplete": "tel"},
    )
    concerns = StringField(
        _l("Page or document concerned"),
        validators=[DataRequired(_l("Say which page or document it is.")), Length(max=500)],
        description=_l("Its address or title."),
    )
    description = TextAreaField(
        _l("What is not accessible to you"),
        validators=[DataRequired(_l("Describe what you cannot use.")), Length(max=5000)],
    )
    alternative = StringField(
        _l("Alternative form you would like (optional)"),
        validators=[Optional(), Length(max=500)],
        description=_l("E.g. a text file, a phone call, a letter, easy-to-read text."),
    )


class AnswerForm(FlaskForm):
    answer = TextAreaField(
        _l("Answer to the person"),
        validators=[DataRequired(_l("Write the answer.")), Length(max=10000)],
    )
    confirmed = BooleanField(
        _l("I understand that this answer is e-mailed to the person and closes the request"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class ExtendForm(FlaskForm):
    until = DateField(
        _l("New date"), validators=[DataRequired(_l("Enter the date by which access is given."))]
    )
    reason = TextAreaField(
        _l("Reason for the delay (e-mailed to the person)"),
        validators=[DataRequired(_l("Give the reason for the delay.")), Length(max=2000)],
    )


class CloseForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for closing without an answer (recorded in the audit log)"),
        validators=[DataRequired(_l("Give the reason for closing.")), Length(max=2000)],
    )
    confirmed = BooleanField(
        _l("I understand that the request is closed and the person gets no answer"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
