"""Surveys of a consultation round: questions, responses (one per organization or person, as
the round's participation says) and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.consultations.models import Consultation
from app.extensions import Model
from app.organizations.models import Organization
from app.surveys.states import QuestionKind


class Survey(Model):
    """A questionnaire of a round, open from ``opens_at`` to ``closes_at``."""

    __tablename__ = "surveys"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(250))
    intro_md: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    #: Results and exports never name who answered.
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        order_by="SurveyQuestion.position",
        foreign_keys="SurveyQuestion.survey_id",
    )


class SurveyQuestion(Model):
    __tablename__ = "survey_questions"
    __table_args__ = (
        UniqueConstraint("survey_id", "position"),
        CheckConstraint(
            "kind IN ('single', 'multiple', 'scale', 'ranking', 'short_text', 'long_text', "
            "'number')",
            name="kind",
        ),
        CheckConstraint("max_choices IS NULL OR max_choices > 0", name="max_choices_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default=QuestionKind.SINGLE)
    text: Mapped[str] = mapped_column(String(500))
    help_text: Mapped[str] = mapped_column(Text, default="")
    is_required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The options of a choice or ranking question, in order.
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The most options a multiple-choice answer may tick (NULL: no limit).
    max_choices: Mapped[int | None] = mapped_column(Integer)
    #: The words under 1 and 5 of a scale ("not important" … "very important").
    scale_low_label: Mapped[str] = mapped_column(String(100), default="")
    scale_high_label: Mapped[str] = mapped_column(String(100), default="")
    number_min: Mapped[float | None] = mapped_column(Float)
    number_max: Mapped[float | None] = mapped_column(Float)
    #: Shown only when the answer to this earlier question is ``show_if_value``.
    show_if_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="SET NULL")
    )
    show_if_value: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="questions", foreign_keys=[survey_id])
    show_if_question: Mapped[SurveyQuestion | None] = relationship(
        remote_side=[id], foreign_keys=[show_if_question_id]
    )


class SurveyResponse(Model):
    """The one response of an organization (any of its representatives edits it) or a person."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "respondent_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: "organization:<id>" or "person:<id>": one response each, enforced by the database.
    respondent_key: Mapped[str] = mapped_column(String(40))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    #: Who saved it last.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: NULL while it is a draft; a submitted response stays editable until the survey closes.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    survey: Mapped[Survey] = relationship()
    organization: Mapped[Organization | None] = relationship()
    user: Mapped[User] = relationship()
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="SurveyAnswer.id"
    )

    def values(self) -> dict[int, Any]:
        return {answer.question_id: answer.value for answer in self.answers}


class SurveyAnswer(Model):
    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True
    )
    #: The stored value (see ``app.surveys.logic``): text, number, option or list of options.
    value: Mapped[Any] = mapped_column(JSON)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
