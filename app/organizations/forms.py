"""Forms for organizations and memberships: shape of the input and identifier check digits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.organizations.identifiers import (
    IdentifierProblem,
    InvalidIdentifier,
    normalize_krs,
    normalize_nip,
    normalize_regon,
)
from app.organizations.models import LegalForm, RegisterType

LEGAL_FORM_LABELS = {
    LegalForm.ASSOCIATION: _l("Association (stowarzyszenie)"),
    LegalForm.ORDINARY_ASSOCIATION: _l("Ordinary association (stowarzyszenie zwykłe)"),
    LegalForm.FOUNDATION: _l("Foundation (fundacja)"),
    LegalForm.SOCIAL_COOPERATIVE: _l("Social cooperative"),
    LegalForm.CHURCH_ENTITY: _l("Church legal person or religious organization"),
    LegalForm.NONPROFIT_COMPANY: _l("Non-profit company"),
    LegalForm.SPORTS_CLUB: _l("Sports club"),
    LegalForm.OTHER: _l("Other"),
}

REGISTER_TYPE_LABELS = {
    RegisterType.KRS: _l("National Court Register (KRS)"),
    RegisterType.CITY_REGISTER: _l("City register of ordinary associations"),
    RegisterType.OTHER: _l("Other register"),
    RegisterType.NONE: _l("Not registered"),
}

NIP_MESSAGES = {
    IdentifierProblem.NOT_DIGITS: _l(
        "NIP may contain only digits (dashes and spaces are ignored)."
    ),
    IdentifierProblem.WRONG_LENGTH: _l("NIP must have exactly 10 digits."),
    IdentifierProblem.BAD_CHECKSUM: _l("This NIP is not valid: its check digit does not match."),
    IdentifierProblem.ALL_ZEROS: _l("This NIP is not valid."),
}
REGON_MESSAGES = {
    IdentifierProblem.NOT_DIGITS: _l("REGON may contain only digits."),
    IdentifierProblem.WRONG_LENGTH: _l("REGON must have 9 or 14 digits."),
    IdentifierProblem.BAD_CHECKSUM: _l("This REGON is not valid: its check digit does not match."),
    IdentifierProblem.ALL_ZEROS: _l("This REGON is not valid."),
}
KRS_MESSAGES = {
    IdentifierProblem.NOT_DIGITS: _l("The KRS number may contain only digits."),
    IdentifierProblem.WRONG_LENGTH: _l("The KRS number has at most 10 digits."),
    IdentifierProblem.BAD_CHECKSUM: _l("This KRS number is not valid."),
    IdentifierProblem.ALL_ZEROS: _l("The KRS number cannot be all zeros."),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _identifier(normalize, messages):
    """A field filter+validator: normalise the identifier in place or explain what is wrong."""

    def _check(form: FlaskForm, field) -> None:
        if not field.data:
            field.data = None
            return
        try:
            field.data = normalize(field.data)
        except InvalidIdentifier as error:
            raise ValidationError(str(messages[error.problem])) from error

    return _check


class OrganizationForm(FlaskForm):
    name = StringField(
        _l("Name of the organization"),
        validators=[DataRequired(_l("Enter the organization's name.")), Length(max=250)],
    )
    legal_form = SelectField(
        _l("Legal form"),
        choices=[SelectChoice(value.value, label) for value, label in LEGAL_FORM_LABELS.items()],
    )
    register_type = SelectField(
        _l("Register"),
        choices=[SelectChoice(value.value, label) for value, label in REGISTER_TYPE_LABELS.items()],
    )
    register_number = StringField(
        _l("Number in the register"),
        validators=[Optional(), Length(max=40)],
        description=_l("For KRS: up to 10 digits, e.g. 0000123456. Leave empty if not registered."),
    )
    nip = StringField(
        _l("NIP (tax identification number)"),
        validators=[_identifier(normalize_nip, NIP_MESSAGES)],
        description=_l("10 digits, e.g. 526-000-12-98. Optional."),
    )
    regon = StringField(
        _l("REGON (statistical number)"),
        validators=[_identifier(normalize_regon, REGON_MESSAGES)],
        description=_l("9 or 14 digits. Optional."),
    )
    areas = MultiCheckboxField(
        _l("Areas of public benefit"),
        validators=[DataRequired(_l("Choose at least one area of public benefit."))],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("What the organization does, its plans and needs. Markdown is allowed."),
    )
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full address, e.g. https://example.org.")),
            Length(max=300),
        ],
    )
    email = EmailField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    show_email = BooleanField(_l("Publish the e-mail address in the directory"), default=True)
    show_phone = BooleanField(_l("Publish the phone number in the directory"), default=True)
    show_address = BooleanField(_l("Publish the address in the directory"), default=True)

    def set_area_choices(self, areas, locale: str) -> None:
        self.areas.choices = [SelectChoice(area.code, area.name(locale)) for area in areas]

    def validate_register_number(self, field) -> None:
        kind = self.register_type.data
        if kind == RegisterType.NONE:
            field.data = None
            return
        if not field.data:
            raise ValidationError(str(_l("Enter the number in the register.")))
        if kind == RegisterType.KRS:
            try:
                field.data = normalize_krs(field.data)
            except InvalidIdentifier as error:
                raise ValidationError(str(KRS_MESSAGES[error.problem])) from error


class NewOrganizationForm(OrganizationForm):
    show_my_name = BooleanField(
        _l("Show my name as a representative on the organization's public profile")
    )


class JoinForm(FlaskForm):
    message = TextAreaField(
        _l("Your role in the organization"),
        validators=[Optional(), Length(max=2000)],
        description=_l("E.g. board member, coordinator. The representatives will read it."),
    )
    show_name_publicly = BooleanField(
        _l("Show my name as a representative on the organization's public profile")
    )


class DecisionForm(FlaskForm):
    """Approve or reject; a reason is required for a rejection."""

    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Approve")), SelectChoice("reject", _l("Reject"))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[Length(max=2000)],
        description=_l("Required when rejecting; the person will receive it by e-mail."),
    )

    def validate_reason(self, field) -> None:
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError(str(_l("Give a reason for the rejection.")))
