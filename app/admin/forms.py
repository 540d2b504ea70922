"""Forms for account management."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional

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
    reason = TextAreaField(
        _l("Reason (recorded in the audit log)"), validators=[Optional(), Length(max=2000)]
    )
