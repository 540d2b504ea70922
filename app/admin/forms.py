"""Forms for account management."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.auth.models import Role

ROLE_LABELS = {
    Role.MEMBER: _l("Member"),
    Role.OFFICIAL: _l("Official"),
    Role.ADMIN: _l("Administrator"),
}


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()]
    )
    reason = TextAreaField(
        _l("Reason (recorded in the audit log)"), validators=[Optional(), Length(max=2000)]
    )


class ActiveForm(FlaskForm):
    """Reactivate an account; the reason is optional."""

    reason = TextAreaField(
        _l("Reason (recorded in the audit log)"), validators=[Optional(), Length(max=2000)]
    )


class DeactivateForm(FlaskForm):
    """Deactivate someone's account: a reason and an explicit confirmation are required."""

    reason = TextAreaField(
        _l("Reason (recorded in the audit log)"),
        validators=[
            DataRequired(_l("Give the reason for deactivating the account.")),
            Length(max=2000),
        ],
    )
    confirmed = BooleanField(
        _l("I understand that the person will be signed out and unable to log in"),
        validators=[DataRequired(_l("Tick the box to confirm the deactivation."))],
    )
