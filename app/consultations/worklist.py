"""Reading the answer work queue of a round: filters, sorting, one page of remarks, and the
suggested groups of similar remarks. A page costs the same few queries however many remarks
the round holds (the remarks of the page and their related rows are loaded in bulk)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.consultations import similarity
from app.consultations.models import Answer, Comment, CommentGroup, Consultation
from app.consultations.states import Channel, Decision
from app.extensions import db
from app.organizations.models import Organization

PER_PAGE = 50
#: the general remarks' "unit" in the filter
GENERAL = "general"


class AnswerState(StrEnum):
    UNANSWERED = "unanswered"
    DRAFT = "draft"
    PUBLISHED = "published"


class Sort(StrEnum):
    NUMBER = "number"
    UNIT = "unit"
    ORGANIZATION = "organization"
    DUE = "due"
    STATE = "state"


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters as read from the query string (unknown values are ignored)."""

    unit: str = ""
    organization: int | None = None
    channel: str = ""
    decision: str = ""
    state: str = ""
    #: "1": only remarks in a confirmed group or a suggested one
    duplicates: bool = False
    assignee: int | None = None
    sort: str = Sort.NUMBER
    descending: bool = False

    @classmethod
    def from_args(cls, args) -> QueueFilter:
        def number(name: str) -> int | None:
            value = args.get(name, "")
            return int(value) if value.isdigit() else None

        def one_of(name: str, allowed) -> str:
            value = args.get(name, "")
            return value if value in {str(a) for a in allowed} else ""

        return cls(
            unit=args.get("unit", "")[:20],
            organization=number("organization"),
            channel=one_of("channel", Channel),
            decision=one_of("decision", Decision),
            state=one_of("state", AnswerState),
            duplicates=args.get("duplicates") == "1",
            assignee=number("assignee"),
            sort=one_of("sort", Sort) or Sort.NUMBER,
            descending=args.get("order") == "desc",
        )

    def as_args(self) -> dict:
        """The query string of these filters (for pagination and the return address)."""
        args = {
            "unit": self.unit,
            "organization": self.organization,
            "channel": self.channel,
            "decision": self.decision,
            "state": self.state,
            "duplicates": "1" if self.duplicates else "",
            "assignee": self.assignee,
            "sort": "" if self.sort == Sort.NUMBER else self.sort,
            "order": "desc" if self.descending else "",
        }
        return {k: v for k, v in args.items() if v not in ("", None)}


def _filtered(consultation: Consultation, f: QueueFilter, ids: set[int] | None) -> Select:
    query = (
        select(Comment)
        .outerjoin(Answer, Answer.comment_id == Comment.id)
        .where(Comment.consultation_id == consultation.id, Comment.withdrawn_at.is_(None))
    )
    if f.unit == GENERAL:
        query = query.where(Comment.unit_key.is_(None))
    elif f.unit:
        query = query.where(Comment.unit_key == f.unit)
    if f.organization is not None:
        query = query.where(Comment.organization_id == f.organization)
    if f.channel:
        query = query.where(Comment.channel == f.channel)
    if f.decision:
        query = query.where(Answer.decision == f.decision)
    if f.state == AnswerState.UNANSWERED:
        query = query.where(Answer.id.is_(None))
    elif f.state == AnswerState.DRAFT:
        query = query.where(Answer.id.is_not(None), Answer.published_at.is_(None))
    elif f.state == AnswerState.PUBLISHED:
        query = query.where(Answer.published_at.is_not(None))
    if f.assignee is not None:
        query = query.where(Comment.assigned_to_id == f.assignee)
    if ids is not None:
        query = query.where(or_(Comment.group_id.is_not(None), Comment.id.in_(ids or {0})))
    return query


def _ordered(query: Select, f: QueueFilter) -> Select:
    if f.sort == Sort.UNIT:
        keys = [func.coalesce(Comment.unit_label, "")]
    elif f.sort == Sort.ORGANIZATION:
        query = query.outerjoin(Organization, Organization.id == Comment.organization_id)
        keys = [func.coalesce(Organization.name, "")]
    elif f.sort == Sort.DUE:
        # remarks without a due date last, whichever the direction
        keys = [Comment.due_on.is_(None), Comment.due_on]
    elif f.sort == Sort.STATE:
        # unanswered, then drafts, then published
        keys = [Answer.id.is_not(None), Answer.published_at.is_not(None)]
    else:
        keys = []
    if f.descending:
        keys = [k if i == 0 and f.sort == Sort.DUE else k.desc() for i, k in enumerate(keys)]
    number = Comment.number.desc() if f.descending and f.sort == Sort.NUMBER else Comment.number
    return query.order_by(*keys, number)


def queue_page(consultation: Consultation, f: QueueFilter, page: int):
    """One page (``PER_PAGE`` remarks) of the filtered, sorted queue, with its related rows
    loaded in bulk; a Flask-SQLAlchemy pagination object."""
    ids = suggested_ids(consultation) if f.duplicates else None
    query = _ordered(_filtered(consultation, f, ids), f).options(
        selectinload(Comment.organization),
        selectinload(Comment.author),
        selectinload(Comment.answer),
        selectinload(Comment.assigned_to),
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def selected_comments(consultation: Consultation, ids: list[int]) -> list[Comment]:
    """The round's remarks among ``ids`` (others ignored), in number order, with answers."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.consultation_id == consultation.id, Comment.id.in_(ids))
            .options(selectinload(Comment.answer))
            .order_by(Comment.number)
        )
    )


def drafted_comments(consultation: Consultation) -> list[Comment]:
    """The round's active remarks with a drafted, unpublished answer, in number order."""
    return list(
        db.session.scalars(
            select(Comment)
            .join(Answer, Answer.comment_id == Comment.id)
            .where(
                Comment.consultation_id == consultation.id,
                Comment.withdrawn_at.is_(None),
                Answer.published_at.is_(None),
            )
            .options(selectinload(Comment.answer))
            .order_by(Comment.number)
        )
    )


def filter_choices(consultation: Consultation) -> dict:
    """What the filters offer: the units commented on, the organizations, the officials."""
    units = db.session.execute(
        select(Comment.unit_key, Comment.unit_label)
        .where(Comment.consultation_id == consultation.id, Comment.unit_key.is_not(None))
        .group_by(Comment.unit_key, Comment.unit_label)
        .order_by(Comment.unit_key)
    ).all()
    organizations = db.session.execute(
        select(Organization.id, Organization.name)
        .where(
            Organization.id.in_(
                select(Comment.organization_id).where(Comment.consultation_id == consultation.id)
            )
        )
        .order_by(Organization.name)
    ).all()
    return {
        "units": _unique_units(units),
        "organizations": organizations,
        "officials": officials(),
    }


def _unique_units(rows) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for key, label in rows:
        seen.setdefault(key, label or key)
    return sorted(seen.items(), key=lambda item: _natural(item[1]))


def _natural(text: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def officials() -> list[User]:
    """Everyone who may answer remarks (officials and administrators), by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_((Role.OFFICIAL, Role.ADMIN)), User.is_active_account.is_(True))
            .order_by(User.name)
        )
    )


def counts(consultation: Consultation) -> dict[str, int]:
    """How many active remarks are unanswered, drafted and published (one query)."""
    row = db.session.execute(
        select(
            func.count(Comment.id).filter(Answer.id.is_(None)),
            func.count(Comment.id).filter(
                and_(Answer.id.is_not(None), Answer.published_at.is_(None))
            ),
            func.count(Comment.id).filter(Answer.published_at.is_not(None)),
        )
        .select_from(Comment)
        .outerjoin(Answer, Answer.comment_id == Comment.id)
        .where(Comment.consultation_id == consultation.id, Comment.withdrawn_at.is_(None))
    ).one()
    return {"unanswered": row[0], "draft": row[1], "published": row[2]}


def suggestions(consultation: Consultation) -> list[similarity.Suggestion]:
    """Suggested groups among the round's active remarks not yet in a group (one query)."""
    rows = db.session.execute(
        select(Comment.id, Comment.unit_key, Comment.proposed_wording, Comment.justification)
        .where(
            Comment.consultation_id == consultation.id,
            Comment.withdrawn_at.is_(None),
            Comment.hidden_at.is_(None),
            Comment.group_id.is_(None),
        )
        .order_by(Comment.number)
    )
    return similarity.suggest_groups(
        similarity.Remark(r.id, r.unit_key, f"{r.proposed_wording}\n{r.justification}")
        for r in rows
    )


def suggested_ids(consultation: Consultation) -> set[int]:
    return {i for s in suggestions(consultation) for i in s.ids}


def groups_of(consultation: Consultation) -> list[CommentGroup]:
    """The confirmed groups, each with its remarks and their answers (three queries)."""
    return list(
        db.session.scalars(
            select(CommentGroup)
            .where(CommentGroup.consultation_id == consultation.id)
            .options(
                selectinload(CommentGroup.comments).selectinload(Comment.answer),
                selectinload(CommentGroup.comments).selectinload(Comment.organization),
                selectinload(CommentGroup.comments).selectinload(Comment.author),
            )
            .order_by(CommentGroup.id)
        )
    )


def comments_by_id(consultation: Consultation, ids) -> dict[int, Comment]:
    """The round's remarks among ``ids`` with their organization and author, by id."""
    return {
        c.id: c
        for c in db.session.scalars(
            select(Comment)
            .where(Comment.consultation_id == consultation.id, Comment.id.in_(list(ids) or [0]))
            .options(selectinload(Comment.organization), selectinload(Comment.author))
        )
    }
