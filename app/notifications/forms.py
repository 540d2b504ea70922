"""Forms for notification settings: they check the shape of the input only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from app.notifications.models import EmailMode

EMAIL_MODE_CHOICES = [
    SelectChoice(EmailMode.IMMEDIATE, _l("At once: one e-mail for each notification")),
    SelectChoice(EmailMode.DAILY, _l("Once a day: a summary of the day's notifications")),
    SelectChoice(EmailMode.NEVER, _l("Never: I will read them on the site")),
]


class PreferencesForm(FlaskForm):
    email_mode = RadioField(
        _l("Notifications by e-mail"),
        choices=EMAIL_MODE_CHOICES,
        validators=[InputRequired(_l("Choose how you want to receive notifications."))],
    )
