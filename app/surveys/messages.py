"""What the survey pages say for a code: kinds of questions, states, problems and refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.common.web import refusal_text
from app.surveys.logic import Problem
from app.surveys.permissions import ResponseRefusal
from app.surveys.services import AnonymityLocked, QuestionsLocked, SurveyNotOpen
from app.surveys.states import QuestionKind, SurveyState

KIND_LABELS = {
    QuestionKind.SINGLE: _l("Single choice"),
    QuestionKind.MULTIPLE: _l("Multiple choice"),
    QuestionKind.SCALE: _l("Scale from 1 to 5"),
    QuestionKind.RANKING: _l("Ranking"),
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
    QuestionKind.NUMBER: _l("Number"),
}

STATE_LABELS = {
    SurveyState.DRAFT: _l("not open yet"),
    SurveyState.OPEN: _l("open for answers"),
    SurveyState.CLOSED: _l("closed for answers"),
}

PROBLEMS = {
    Problem.REQUIRED: _l("This question needs an answer."),
    Problem.NOT_AN_OPTION: _l("Choose one of the options given."),
    Problem.TOO_MANY_CHOICES: _l("Too many options chosen: choose at most %(max)s."),
    Problem.OUT_OF_SCALE: _l("Choose a value from 1 to 5."),
    Problem.NOT_A_NUMBER: _l("Enter a number, e.g. 12 or 3,5."),
    Problem.BELOW_MINIMUM: _l("The number is too small: at least %(min)s."),
    Problem.ABOVE_MAXIMUM: _l("The number is too large: at most %(max)s."),
    Problem.RANK_TWICE: _l("Each position can be given to one option only."),
    Problem.TOO_LONG: _l("The answer is too long."),
}

REFUSALS = {
    ResponseRefusal.NOT_SIGNED_IN: _l("Log in to answer the survey."),
    ResponseRefusal.NOT_CONFIRMED: _l("Confirm your e-mail address to answer the survey."),
    ResponseRefusal.NOT_ANNOUNCED: _l("The consultation has not been announced yet."),
    ResponseRefusal.NOT_OPEN_YET: _l("The survey is not open yet."),
    ResponseRefusal.CLOSED: _l("The survey is closed: answers can no longer be given or changed."),
    ResponseRefusal.NOT_REPRESENTATIVE: _l(
        "Organizations answer this survey: only representatives of a verified organization can "
        "answer, once per organization."
    ),
}

BAD_QUESTION = {
    "too_few_options": _l("Give at least two options, one per line."),
    "duplicate_options": _l("Each option must be different."),
    "max_over_options": _l("The maximum is larger than the number of options."),
    "max_below_min": _l("The largest number must not be smaller than the smallest."),
    "bad_condition": _l("A question can depend only on an earlier choice or scale question."),
    "condition_value_not_an_option": _l(
        "Give one of the options of that question (or a number from 1 to 5 for a scale)."
    ),
    "option_in_a_condition": _l(
        "A later question is shown for an option you removed: change that question's condition "
        "first."
    ),
    "condition_order": _l(
        "A question must come after the question its condition depends on: change the "
        "condition first."
    ),
}

QUESTIONS_LOCKED = refusal_text(QuestionsLocked)(
    _l(
        "Someone has already answered: the questions can no longer change. You can still add "
        "an optional question."
    )
)
ANONYMITY_LOCKED = refusal_text(AnonymityLocked)(
    _l("Someone has already answered: whether the survey is anonymous can no longer change.")
)
refusal_text(SurveyNotOpen)(REFUSALS[ResponseRefusal.CLOSED])
