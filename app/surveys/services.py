"""State changes of surveys. Services flush but never commit.

One response per organization or person is held by a unique key in the database; two
representatives of one organization saving at the same moment both end up editing the one
response (the second insert fails inside a savepoint and updates the row the first created).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, NotAllowed
from app.common.moderation import content_hidden
from app.common.sanitize import render_markdown
from app.consultations.models import Consultation
from app.extensions import db
from app.organizations.models import Organization
from app.surveys import logic, permissions, signals
from app.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from app.surveys.states import CHOICE_KINDS, CONDITION_KINDS, SCALE_VALUES, QuestionKind


class QuestionsLocked(DomainError):
    """Someone has answered: questions cannot change (only optional ones may be added)."""


class AnonymityLocked(DomainError):
    """Someone has answered: whether the survey is anonymous cannot change."""


class SurveyNotOpen(DomainError):
    """The survey is closed (or not open yet): answers cannot be saved."""


class BadQuestion(DomainError):
    """The question is not well formed."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(code)
        self.field = field
        self.code = code


class InvalidAnswers(DomainError):
    """Some answers break the questions' rules; ``problems`` maps question ids to codes."""

    def __init__(self, problems: dict[int, logic.Problem]) -> None:
        super().__init__("invalid answers")
        self.problems = problems


@dataclass(frozen=True)
class SurveyData:
    title: str
    intro_md: str
    is_anonymous: bool
    opens_at: datetime
    closes_at: datetime


@dataclass(frozen=True)
class QuestionData:
    kind: str
    text: str
    help_text: str = ""
    is_required: bool = False
    options: tuple[str, ...] = ()
    max_choices: int | None = None
    scale_low_label: str = ""
    scale_high_label: str = ""
    number_min: float | None = None
    number_max: float | None = None
    show_if_question_id: int | None = None
    show_if_value: str | None = None


def has_responses(survey: Survey) -> bool:
    return bool(db.session.scalar(select(exists().where(SurveyResponse.survey_id == survey.id))))


def create_survey(
    actor: User, consultation: Consultation, data: SurveyData, now: datetime
) -> Survey:
    """Prepare a survey of the round (it opens at ``opens_at``; officials preview it before)."""
    survey = Survey(consultation_id=consultation.id, created_by_id=actor.id, created_at=now)
    _apply(survey, data, now)
    db.session.add(survey)
    db.session.flush()
    record_audit(actor, Action.SURVEY_CREATE, survey, label=survey.title)
    return survey


def update_survey(actor: User, survey: Survey, data: SurveyData, now: datetime) -> None:
    """Change the title, introduction or dates (anonymity only before the first response).

    :raises AnonymityLocked: anonymity changed after someone answered.
    """
    if data.is_anonymous != survey.is_anonymous and has_responses(survey):
        raise AnonymityLocked()
    moved = (data.opens_at, data.closes_at) != (survey.opens_at, survey.closes_at)
    _apply(survey, data, now)
    db.session.flush()
    record_audit(actor, Action.SURVEY_UPDATE, survey, label=survey.title)
    if moved:  # "opened" and "closes soon" become due again for the new dates
        signals.rescheduled.send(survey)


def _apply(survey: Survey, data: SurveyData, now: datetime) -> None:
    survey.title = data.title.strip()
    survey.intro_md = data.intro_md or ""
    survey.intro_html = render_markdown(data.intro_md)
    survey.is_anonymous = data.is_anonymous
    survey.opens_at = data.opens_at
    survey.closes_at = data.closes_at
    survey.updated_at = now


def _check_question(
    survey: Survey, data: QuestionData, question: SurveyQuestion | None = None
) -> None:
    """Options, maximum, range and condition fit; an edited ``question`` depends only on an
    earlier one, and keeps the options that later questions' conditions name."""
    kind = QuestionKind(data.kind)
    options = [o for o in data.options if o]
    if kind in CHOICE_KINDS:
        if len(options) < 2:
            raise BadQuestion("options", "too_few_options")
        if len(set(options)) != len(options):
            raise BadQuestion("options", "duplicate_options")
    if (
        kind == QuestionKind.MULTIPLE
        and data.max_choices is not None
        and data.max_choices > len(options)
    ):
        raise BadQuestion("max_choices", "max_over_options")
    if (
        kind == QuestionKind.NUMBER
        and data.number_min is not None
        and data.number_max is not None
        and data.number_min > data.number_max
    ):
        raise BadQuestion("number_max", "max_below_min")
    if data.show_if_question_id is not None:
        earlier = [
            q for q in survey.questions if question is None or q.position < question.position
        ]
        source = next((q for q in earlier if q.id == data.show_if_question_id), None)
        if source is None or source.kind not in CONDITION_KINDS:
            raise BadQuestion("show_if_question", "bad_condition")
        allowed = [str(v) for v in SCALE_VALUES] if source.kind == "scale" else source.options
        if (data.show_if_value or "").strip() not in allowed:
            raise BadQuestion("show_if_value", "condition_value_not_an_option")
    if question is not None and kind in CHOICE_KINDS:
        named = {q.show_if_value for q in survey.questions if q.show_if_question_id == question.id}
        if named - set(options):
            raise BadQuestion("options", "option_in_a_condition")


def add_question(actor: User, survey: Survey, data: QuestionData, now: datetime) -> SurveyQuestion:
    """Add a question at the end.

    :raises QuestionsLocked: a required question after the first response.
    :raises BadQuestion: options, maximum, range or condition do not fit.
    """
    if data.is_required and has_responses(survey):
        raise QuestionsLocked()
    _check_question(survey, data)
    kind = QuestionKind(data.kind)
    question = SurveyQuestion(
        position=max((q.position for q in survey.questions), default=0) + 1,
        kind=kind,
        text=data.text.strip(),
        help_text=(data.help_text or "").strip(),
        is_required=data.is_required,
        options=[o for o in data.options if o] if kind in CHOICE_KINDS else [],
        max_choices=data.max_choices if kind == QuestionKind.MULTIPLE else None,
        scale_low_label=(data.scale_low_label or "").strip() if kind == "scale" else "",
        scale_high_label=(data.scale_high_label or "").strip() if kind == "scale" else "",
        number_min=data.number_min if kind == QuestionKind.NUMBER else None,
        number_max=data.number_max if kind == QuestionKind.NUMBER else None,
        show_if_question_id=data.show_if_question_id,
        show_if_value=(data.show_if_value or "").strip() or None
        if data.show_if_question_id
        else None,
        created_at=now,
    )
    survey.questions.append(question)
    db.session.flush()
    record_audit(
        actor,
        Action.SURVEY_QUESTIONS,
        survey,
        label=survey.title,
        added=question.text,
        kind=str(kind),
    )
    return question


def update_question(
    actor: User, question: SurveyQuestion, data: QuestionData, now: datetime
) -> None:
    """Change a question's wording, explanation, options, requirement or condition (its type
    stays), before anyone answers.

    :raises QuestionsLocked: someone has answered.
    :raises BadQuestion: options, maximum, range or condition do not fit.
    """
    survey = question.survey
    if has_responses(survey):
        raise QuestionsLocked()
    data = replace(data, kind=question.kind)
    _check_question(survey, data, question)
    before = question.text
    kind = QuestionKind(question.kind)
    question.text = data.text.strip()
    question.help_text = (data.help_text or "").strip()
    question.is_required = data.is_required
    question.options = [o for o in data.options if o] if kind in CHOICE_KINDS else []
    question.max_choices = data.max_choices if kind == QuestionKind.MULTIPLE else None
    question.scale_low_label = (data.scale_low_label or "").strip() if kind == "scale" else ""
    question.scale_high_label = (data.scale_high_label or "").strip() if kind == "scale" else ""
    question.number_min = data.number_min if kind == QuestionKind.NUMBER else None
    question.number_max = data.number_max if kind == QuestionKind.NUMBER else None
    question.show_if_question_id = data.show_if_question_id
    question.show_if_value = (
        (data.show_if_value or "").strip() or None if data.show_if_question_id else None
    )
    survey.updated_at = now
    db.session.flush()
    record_audit(
        actor,
        Action.SURVEY_QUESTIONS,
        survey,
        label=survey.title,
        edited=question.text,
        before=before,
        position=question.position,
    )


def move_question(actor: User, question: SurveyQuestion, step: int, now: datetime) -> None:
    """Swap the question with the one above (``step`` -1) or below (+1), before anyone answers;
    at either end nothing moves.

    :raises QuestionsLocked: someone has answered.
    :raises BadQuestion: a question would come before the question its condition reads.
    """
    survey = question.survey
    if has_responses(survey):
        raise QuestionsLocked()
    questions = list(survey.questions)
    index = questions.index(question)
    other_index = index + step
    if step not in (-1, 1) or not 0 <= other_index < len(questions):
        return
    other = questions[other_index]
    upper, lower = (other, question) if step == -1 else (question, other)
    if lower.show_if_question_id == upper.id:
        raise BadQuestion("position", "condition_order")
    first, second = question.position, other.position
    question.position = -first  # the unique (survey, position) holds at each flush
    db.session.flush()
    other.position = first
    db.session.flush()
    question.position = second
    survey.updated_at = now
    db.session.flush()
    db.session.expire(survey, ["questions"])
    record_audit(
        actor,
        Action.SURVEY_QUESTIONS,
        survey,
        label=survey.title,
        moved=question.text,
        position=second,
    )


def delete_question(actor: User, question: SurveyQuestion) -> None:
    """Remove a question (before anyone answers; questions depending on it lose the condition).

    :raises QuestionsLocked: someone has answered.
    """
    survey = question.survey
    if has_responses(survey):
        raise QuestionsLocked()
    for other in survey.questions:
        if other.show_if_question_id == question.id:
            other.show_if_question_id = None
            other.show_if_value = None
    survey.questions.remove(question)
    db.session.flush()
    record_audit(actor, Action.SURVEY_QUESTIONS, survey, label=survey.title, removed=question.text)


def specs_of(survey: Survey) -> list[logic.QuestionSpec]:
    """The survey's questions as the pure rules see them."""
    return [
        logic.QuestionSpec(
            id=q.id,
            kind=QuestionKind(q.kind),
            required=q.is_required,
            options=tuple(q.options or ()),
            max_choices=q.max_choices,
            minimum=q.number_min,
            maximum=q.number_max,
            show_if=logic.Condition(q.show_if_question_id, q.show_if_value or "")
            if q.show_if_question_id
            else None,
        )
        for q in survey.questions
    ]


def respondent_key(survey: Survey, user: User, organization: Organization | None) -> str:
    if permissions.answers_by_organization(survey):
        return f"organization:{organization.id}"
    return f"person:{user.id}"


def save_response(
    survey: Survey,
    user: User,
    organization: Organization | None,
    raw: Mapping[int, Sequence[str]],
    submit: bool,
    now: datetime,
) -> SurveyResponse:
    """Save the organization's (or person's) one response as a draft or submit it.

    :raises SurveyNotOpen: the survey is closed or not open yet.
    :raises NotAllowed: the person may not answer (for that organization).
    :raises InvalidAnswers: some answers break the rules (nothing is stored).
    """
    refusal = permissions.response_refusal(user, survey, organization, now)
    if refusal in (
        permissions.ResponseRefusal.CLOSED,
        permissions.ResponseRefusal.NOT_OPEN_YET,
    ):
        raise SurveyNotOpen()
    if refusal is not None:
        raise NotAllowed()
    checked = logic.check_response(specs_of(survey), raw, submit=submit)
    if not checked.ok:
        raise InvalidAnswers(checked.problems)
    by_org = permissions.answers_by_organization(survey)
    key = respondent_key(survey, user, organization)
    response = _response_row(survey, key, organization if by_org else None, user, now)
    response.user_id = user.id
    response.updated_at = now
    if submit:
        response.submitted_at = response.submitted_at or now
    current = {answer.question_id: answer for answer in response.answers}
    for question_id, answer in list(current.items()):
        if question_id not in checked.values:
            response.answers.remove(answer)
    for question_id, value in checked.values.items():
        answer = current.get(question_id)
        if answer is None:
            response.answers.append(SurveyAnswer(question_id=question_id, value=value))
        elif answer.value != value:
            answer.value = value
            answer.hidden_at = answer.hidden_reason = answer.hidden_by_id = None
    db.session.flush()
    return response


def _response_row(survey, key, organization, user, now) -> SurveyResponse:
    """The existing response of ``key``, or a new one (a concurrent insert of the same key
    is caught in a savepoint and the other's row is used)."""
    query = select(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.respondent_key == key
    )
    response = db.session.scalar(query.with_for_update())
    if response is not None:
        return response
    row = SurveyResponse(
        survey_id=survey.id,
        respondent_key=key,
        organization_id=organization.id if organization else None,
        user_id=user.id,
        created_at=now,
        updated_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return db.session.scalar(query.with_for_update())
    return row


def hide_answer(actor: User, answer: SurveyAnswer, reason: str, now: datetime) -> None:
    """Withhold an abusive text answer from the results; it is still counted as given."""
    answer.hidden_at = now
    answer.hidden_reason = reason.strip()
    answer.hidden_by_id = actor.id
    record_audit(
        actor,
        Action.SURVEY_ANSWER_HIDE,
        answer.response.survey,
        label=answer.response.survey.title,
        reason=reason,
        answer=answer.id,
    )
    db.session.flush()
    content_hidden.send(
        answer,
        kind="survey_answer",
        author_ids=[answer.response.user_id],
        reason=answer.hidden_reason,
        title=answer.response.survey.title,
        actor=actor,
    )
