"""The kinds of survey questions and the states of a survey — a pure module."""

from __future__ import annotations

from enum import StrEnum


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    RANKING = "ranking"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"


#: Kinds answered by choosing among the question's options.
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
#: A conditional question may depend on a question of these kinds ("show B if A is X").
CONDITION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)


class SurveyState(StrEnum):
    DRAFT = "draft"  #: not opened yet (officials prepare and preview it)
    OPEN = "open"
    CLOSED = "closed"


SCALE_VALUES = (1, 2, 3, 4, 5)
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
