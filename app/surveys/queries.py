"""Read helpers for surveys: a round's surveys, a respondent's response, the results."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.surveys import logic
from app.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from app.surveys.services import specs_of
from app.surveys.states import TEXT_KINDS


def surveys_of(consultation_id: int) -> list[Survey]:
    return list(
        db.session.scalars(
            select(Survey)
            .where(Survey.consultation_id == consultation_id)
            .order_by(Survey.opens_at, Survey.id)
        )
    )


def response_counts(survey_ids: list[int]) -> dict[int, int]:
    """Submitted responses per survey (one query)."""
    if not survey_ids:
        return {}
    rows = db.session.execute(
        select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
        .where(SurveyResponse.survey_id.in_(survey_ids), SurveyResponse.submitted_at.is_not(None))
        .group_by(SurveyResponse.survey_id)
    )
    counts = dict.fromkeys(survey_ids, 0)
    counts.update(dict(rows.all()))
    return counts


def response_of(survey: Survey, key: str) -> SurveyResponse | None:
    return db.session.scalar(
        select(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.respondent_key == key)
        .options(selectinload(SurveyResponse.answers))
    )


def submitted_responses(survey: Survey) -> list[SurveyResponse]:
    """Submitted responses with their answers, organizations and people (three queries)."""
    return list(
        db.session.scalars(
            select(SurveyResponse)
            .where(SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_not(None))
            .options(
                selectinload(SurveyResponse.answers),
                selectinload(SurveyResponse.organization),
                selectinload(SurveyResponse.user),
            )
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
    )


@dataclass
class QuestionResult:
    question: SurveyQuestion
    tally: logic.Tally
    #: Text answers with the response they belong to, in order of submission.
    texts: list[tuple[SurveyAnswer, SurveyResponse]] = field(default_factory=list)


@dataclass
class Results:
    survey: Survey
    responses: list[SurveyResponse]
    questions: list[QuestionResult]


def results(survey: Survey) -> Results:
    """Counts and percentages per question over the submitted responses."""
    responses = submitted_responses(survey)
    specs = {spec.id: spec for spec in specs_of(survey)}
    answers: dict[int, list[tuple[SurveyAnswer, SurveyResponse]]] = {
        q.id: [] for q in survey.questions
    }
    for response in responses:
        for answer in response.answers:
            answers.setdefault(answer.question_id, []).append((answer, response))
    questions = []
    for question in survey.questions:
        given = answers.get(question.id, [])
        tally = logic.tally(specs[question.id], [a.value for a, _ in given])
        texts = given if question.kind in TEXT_KINDS else []
        questions.append(QuestionResult(question, tally, texts))
    return Results(survey, responses, questions)
