"""Read helpers for surveys: a round's surveys, a respondent's response, the results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.consultations.models import Consultation
from app.extensions import db
from app.organizations.models import Membership, MembershipStatus
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


def surveys_between(start: datetime, end: datetime) -> list[Survey]:
    """Surveys of announced rounds opening or closing in [start, end), with their rounds and
    the rounds' areas (the calendar; two queries per kind of load, however many surveys)."""
    last = end - timedelta(microseconds=1)
    return list(
        db.session.scalars(
            select(Survey)
            .join(Consultation, Survey.consultation_id == Consultation.id)
            .options(selectinload(Survey.consultation).selectinload(Consultation.areas))
            .where(
                Consultation.announced_at.is_not(None),
                or_(Survey.opens_at.between(start, last), Survey.closes_at.between(start, last)),
            )
            .order_by(Survey.opens_at, Survey.id)
        )
    )


def surveys_of_announced_rounds(*conditions) -> list[Survey]:
    """Surveys of announced rounds meeting ``conditions``, with their rounds and the rounds'
    areas (reminders)."""
    return list(
        db.session.scalars(
            select(Survey)
            .join(Consultation, Survey.consultation_id == Consultation.id)
            .where(Consultation.announced_at.is_not(None), *conditions)
            .options(selectinload(Survey.consultation).selectinload(Consultation.areas))
            .order_by(Survey.id)
        )
    )


def answered_user_ids(survey: Survey) -> set[int]:
    """People who have sent the survey, and the representatives of organizations that have
    (their organization's one response is in)."""
    submitted = select(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_not(None)
    )
    users = set(db.session.scalars(submitted.with_only_columns(SurveyResponse.user_id)))
    organizations = submitted.with_only_columns(SurveyResponse.organization_id).where(
        SurveyResponse.organization_id.is_not(None)
    )
    users.update(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.status == MembershipStatus.APPROVED,
                Membership.organization_id.in_(organizations),
            )
        )
    )
    return users


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
    """Submitted responses with their answers, organizations and people (four queries)."""
    return _submitted_of([survey.id])


def _submitted_of(survey_ids: list[int]) -> list[SurveyResponse]:
    """The surveys' submitted responses with answers, organizations and people, in order of
    submission (four queries, however many surveys)."""
    if not survey_ids:
        return []
    return list(
        db.session.scalars(
            select(SurveyResponse)
            .where(
                SurveyResponse.survey_id.in_(survey_ids), SurveyResponse.submitted_at.is_not(None)
            )
            .options(
                selectinload(SurveyResponse.answers),
                selectinload(SurveyResponse.organization),
                selectinload(SurveyResponse.user),
            )
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
    )


def closed_surveys(consultation_id: int, by: datetime) -> list[Survey]:
    """The round's surveys closed at ``by``, with their questions (two queries)."""
    return list(
        db.session.scalars(
            select(Survey)
            .where(Survey.consultation_id == consultation_id, Survey.closes_at <= by)
            .options(selectinload(Survey.questions))
            .order_by(Survey.opens_at, Survey.id)
        )
    )


@dataclass
class QuestionResult:
    question: SurveyQuestion
    tally: logic.Tally
    #: Text answers with the response they belong to, in order of submission (of an anonymous
    #: survey: by their wording).
    texts: list[tuple[SurveyAnswer, SurveyResponse]] = field(default_factory=list)


@dataclass
class Results:
    survey: Survey
    responses: list[SurveyResponse]
    questions: list[QuestionResult]


def results(survey: Survey) -> Results:
    """Counts and percentages per question over the submitted responses."""
    return _results(survey, submitted_responses(survey))


def results_of_many(surveys: list[Survey]) -> list[Results]:
    """The results of several surveys (their questions loaded), in a constant number of
    queries: the report's section loads every closed survey of the round at once."""
    by_survey: dict[int, list[SurveyResponse]] = {s.id: [] for s in surveys}
    for response in _submitted_of(list(by_survey)):
        by_survey[response.survey_id].append(response)
    return [_results(survey, by_survey[survey.id]) for survey in surveys]


def _neutral_order(pair: tuple[SurveyAnswer, SurveyResponse]) -> str:
    """Anonymous text answers are listed by their wording: in order of submission, a few
    respondents could be told apart by when they answered (as in the anonymous exports)."""
    return str(pair[0].value).casefold()


def _results(survey: Survey, responses: list[SurveyResponse]) -> Results:
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
        if survey.is_anonymous:
            texts = sorted(texts, key=_neutral_order)
        questions.append(QuestionResult(question, tally, texts))
    return Results(survey, responses, questions)
