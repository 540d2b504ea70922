"""Forms of surveys: the survey, a question, hiding an answer. The answers' form is built from
the questions in the template; ``ResponseForm`` only carries its CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FloatField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.surveys.messages import KIND_LABELS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class SurveyForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=250)]
    )
    intro = TextAreaField(
        _l("Introduction"),
        validators=[Optional(), Length(max=20000)],
        description=_l("What the survey is for and how its results are used; Markdown is allowed."),
    )
    is_anonymous = BooleanField(
        _l("Anonymous survey"),
        description=_l("Results and exports do not name who answered."),
    )
    opens_at = DateTimeLocalField(
        _l("Opens"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Enter when the survey opens."))],
        description=_l("Europe/Warsaw time."),
    )
    closes_at = DateTimeLocalField(
        _l("Closes"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Enter when the survey closes."))],
        description=_l("Europe/Warsaw time."),
    )


class QuestionForm(FlaskForm):
    kind = SelectField(
        _l("Type of question"),
        choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()],
    )
    text = StringField(
        _l("Question"), validators=[DataRequired(_l("Enter the question.")), Length(max=500)]
    )
    help_text = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=2000)])
    is_required = BooleanField(_l("An answer is required"))
    options = TextAreaField(
        _l("Options"),
        validators=[Optional(), Length(max=5000)],
        description=_l("One per line; for single and multiple choice and ranking."),
    )
    max_choices = IntegerField(
        _l("At most this many choices"),
        validators=[Optional(), NumberRange(min=1, message=_l("Enter at least 1."))],
        description=_l("For multiple choice; leave empty for no limit."),
    )
    scale_low_label = StringField(
        _l("Meaning of 1"), validators=[Optional(), Length(max=100)], description=_l("For a scale.")
    )
    scale_high_label = StringField(
        _l("Meaning of 5"), validators=[Optional(), Length(max=100)], description=_l("For a scale.")
    )
    number_min = FloatField(_l("Smallest number allowed"), validators=[Optional()])
    number_max = FloatField(_l("Largest number allowed"), validators=[Optional()])
    show_if_question = SelectField(
        _l("Show only if the answer to"), coerce=int, validate_choice=True
    )
    show_if_value = StringField(
        _l("is"),
        validators=[Optional(), Length(max=300)],
        description=_l("The option (or the number of the scale) that shows this question."),
    )


class MoveQuestionForm(FlaskForm):
    """Move a question one place up or down (the buttons send the direction)."""

    direction = SelectField(
        choices=[SelectChoice("up", "up"), SelectChoice("down", "down")], validate_choice=True
    )


class HideAnswerForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for hiding"),
        validators=[DataRequired(_l("Give the reason for hiding.")), Length(max=2000)],
        description=_l("Shown publicly instead of the answer."),
    )


class ResponseForm(FlaskForm):
    """Only the CSRF token; the answers are read by question from the request."""

    organization = SelectField(_l("On behalf of"), coerce=int, validate_choice=False)
