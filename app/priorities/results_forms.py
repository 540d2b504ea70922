"""Forms of the results workflow and the public receipt check (input shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.priorities.receipts import looks_like_code


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
