"""The things the office can hide, seen the same way: who wrote them, where, what they say,
where they are shown, and how to show them again. One entry per kind, keyed by the stored
``ModerationReview.kind``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.common.urls import path_for
from app.consultations.models import Comment
from app.extensions import db
from app.proposals.models import ProposalComment
from app.surveys.models import SurveyAnswer

KINDS = ("remark", "proposal_comment", "survey_answer")


@dataclass(frozen=True)
class Target:
    kind: str
    obj: Any
    author_ids: list[int]
    #: Where it was written: the round's, proposal's or survey's title.
    title: str
    #: What it says (the author and officials may read it).
    text: str
    #: The page where it is shown (hidden, with the reason).
    link: str
    #: False for an answer in an anonymous survey: the office's pages and notices do not name
    #: who asks for the review.
    names_author: bool = True

    @property
    def is_hidden(self) -> bool:
        return self.obj.hidden_at is not None

    @property
    def hidden_reason(self) -> str:
        return self.obj.hidden_reason or ""

    @property
    def hidden_by_id(self) -> int | None:
        return self.obj.hidden_by_id


def _remark(comment: Comment) -> Target:
    text = "\n\n".join(p for p in (comment.proposed_wording, comment.justification) if p)
    return Target(
        "remark",
        comment,
        comment.speaker_ids,
        comment.consultation.title,
        text,
        path_for(
            "consultations.comment", consultation_id=comment.consultation_id, comment_id=comment.id
        ),
    )


def _proposal_comment(comment: ProposalComment) -> Target:
    return Target(
        "proposal_comment",
        comment,
        [comment.author_id],
        comment.proposal.title,
        comment.body_md,
        path_for("proposals.show", proposal_id=comment.proposal_id) + f"#comment-{comment.id}",
    )


def _survey_answer(answer: SurveyAnswer) -> Target:
    value = answer.value
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value or "")
    survey = answer.response.survey
    return Target(
        "survey_answer",
        answer,
        [answer.response.user_id],
        survey.title,
        f"{answer.question.text}\n\n{text}",
        path_for("surveys.show", survey_id=survey.id),
        names_author=not survey.is_anonymous,
    )


LOADERS: dict[str, tuple[type, Callable[[Any], Target]]] = {
    "remark": (Comment, _remark),
    "proposal_comment": (ProposalComment, _proposal_comment),
    "survey_answer": (SurveyAnswer, _survey_answer),
}


def load(kind: str, target_id: int) -> Target | None:
    """The hideable thing of this kind and id, or None."""
    if kind not in LOADERS:
        return None
    model, build = LOADERS[kind]
    obj = db.session.get(model, target_id)
    return build(obj) if obj is not None else None


def restore(target: Target) -> None:
    """Show it again: the hiding is undone (the audit log keeps that it happened)."""
    target.obj.hidden_at = None
    target.obj.hidden_reason = None
    target.obj.hidden_by_id = None
