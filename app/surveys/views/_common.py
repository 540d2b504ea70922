"""What the survey pages share: loading a survey, the officials' check, raw answers."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.web import get_or_404
from app.surveys import permissions
from app.surveys.models import Survey, SurveyQuestion
from app.surveys.states import QuestionKind


def survey_or_404(survey_id: int) -> Survey:
    """The survey, or 404; 403 before it opens (or in an unannounced round) for non-officials."""
    survey = get_or_404(Survey, survey_id)
    require(permissions.can_view_survey(current_user, survey, utcnow()))
    return survey


def require_official() -> None:
    require(permissions.can_manage_surveys(current_user))


def raw_from_request(survey: Survey) -> dict[int, list[str]]:
    """The answers as typed: ``q<id>`` fields (ranking: one ``q<id>_<n>`` per option)."""
    raw: dict[int, list[str]] = {}
    for question in survey.questions:
        if question.kind == QuestionKind.RANKING:
            raw[question.id] = [
                request.form.get(f"q{question.id}_{n}", "") for n in range(len(question.options))
            ]
        else:
            raw[question.id] = request.form.getlist(f"q{question.id}")
    return raw


def raw_from_values(survey: Survey, values: dict[int, Any]) -> dict[int, list[str]]:
    """Stored answers as the form shows them."""
    raw: dict[int, list[str]] = {}
    for question in survey.questions:
        value = values.get(question.id)
        raw[question.id] = _raw(question, value)
    return raw


def _raw(question: SurveyQuestion, value: Any) -> list[str]:
    if value is None:
        return []
    if question.kind == QuestionKind.RANKING:
        places = {option: n for n, option in enumerate(value, start=1)}
        return [str(places[o]) if o in places else "" for o in question.options]
    if isinstance(value, list):
        return [str(v) for v in value]
    if question.kind == QuestionKind.NUMBER:
        return [str(value).replace(".", ",")]
    return [str(value)]
