"""The author's request for a review, and the office's decision (input shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.moderation.messages import OUTCOME_CHOICES


class RequestReviewForm(FlaskForm):
    message = TextAreaField(
        _l("Why should it be shown again?"),
        validators=[
            DataRequired(_l("Say why the office should look at it again.")),
            Length(max=3000),
        ],
        description=_l("Only the office reads this."),
    )
    confirmed = BooleanField(
        _l("I understand that I can ask for a review of this only once"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class DecideReviewForm(FlaskForm):
    outcome = SelectField(
        _l("Decision"),
        choices=[SelectChoice(value, label) for value, label in OUTCOME_CHOICES],
        validators=[DataRequired(_l("Choose the decision."))],
    )
    note = TextAreaField(
        _l("A word to the author"),
        validators=[Length(max=3000)],
        description=_l("Required when the text stays hidden; the author reads it."),
    )
    confirmed = BooleanField(
        _l("I understand that the author is told and that this decision is final"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
