"""Everything the platform holds about one person (RODO art. 15), gathered wing by wing.

The privacy wing sits on the top floor, so it reads each wing's models directly; nothing imports
it. Each ``_section`` returns plain rows (str, int, bool, None, lists and dicts of them) ready for
JSON. Secret ballots are listed as participation only: their content is never exported, so the
file cannot prove to anyone how the person voted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import Consent, User
from app.common.models import AuditEntry, OutboxMessage
from app.consultations.models import Comment
from app.extensions import db
from app.meetings.models import MeetingRegistration
from app.notifications.models import Follow, Notification, NotificationPreference
from app.organizations.models import Membership
from app.priorities.models import Ballot
from app.privacy.queries import access_requests_filed_by
from app.programmes.models import TaskUpdate
from app.proposals.models import Endorsement, Proposal, ProposalComment
from app.settings.states import RequestState
from app.surveys.models import SurveyAnswer, SurveyResponse

#: The export's format version, written into the file.
FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _account(user: User) -> list[dict]:
    return [
        {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "language": user.locale,
            "created_at": user.created_at,
            "email_confirmed_at": user.confirmed_at,
            "last_login_at": user.last_login_at,
            "is_active": user.is_active_account,
        }
    ]


def _consents(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Consent).where(Consent.user_id == user.id).order_by(Consent.given_at)
    )
    return [
        {"kind": c.kind, "version": c.version, "text": c.text, "given_at": c.given_at} for c in rows
    ]


def _memberships(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.organization))
        .order_by(Membership.id)
    )
    return [
        {
            "organization": m.organization.name,
            "status": m.status,
            "is_founder": m.is_founder,
            "name_shown_publicly": m.show_name_publicly,
            "message": m.message,
            "requested_at": m.requested_at,
            "decided_at": m.decided_at,
        }
        for m in rows
    ]


def _remarks(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.author_id == user.id)
        .options(
            selectinload(Comment.consultation),
            selectinload(Comment.organization),
            selectinload(Comment.answer),
        )
        .order_by(Comment.id)
    )
    out = []
    for c in rows:
        answer = c.answer if c.answer is not None and c.answer.published_at else None
        out.append(
            {
                "consultation": c.consultation.title,
                "number": c.number,
                "part": c.unit_label,
                "on_behalf_of": c.organization.name if c.organization else None,
                "current_wording": c.current_wording,
                "proposed_wording": c.proposed_wording,
                "justification": c.justification,
                "channel": c.channel,
                "created_at": c.created_at,
                "updated_at": c.updated_at,
                "withdrawn_at": c.withdrawn_at,
                "hidden_at": c.hidden_at,
                "answer_decision": answer.decision if answer else None,
                "answer": answer.justification_md if answer else None,
            }
        )
    return out


def _proposals(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Proposal)
        .where(Proposal.created_by_id == user.id)
        .options(selectinload(Proposal.organization))
        .order_by(Proposal.id)
    )
    return [
        {
            "title": p.title,
            "on_behalf_of": p.organization.name,
            "status": p.status,
            "problem": p.problem,
            "activities": p.activities,
            "created_at": p.created_at,
        }
        for p in rows
    ]


def _proposal_comments(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(ProposalComment)
        .where(ProposalComment.author_id == user.id)
        .options(selectinload(ProposalComment.proposal), selectinload(ProposalComment.organization))
        .order_by(ProposalComment.id)
    )
    return [
        {
            "proposal": c.proposal.title,
            "on_behalf_of": c.organization.name,
            "text": c.body_md,
            "created_at": c.created_at,
            "hidden_at": c.hidden_at,
        }
        for c in rows
    ]


def _endorsements(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Endorsement)
        .where(Endorsement.endorsed_by_id == user.id)
        .options(selectinload(Endorsement.proposal), selectinload(Endorsement.organization))
        .order_by(Endorsement.id)
    )
    return [
        {
            "proposal": e.proposal.title,
            "on_behalf_of": e.organization.name,
            "created_at": e.created_at,
        }
        for e in rows
    ]


def _follows(user: User) -> list[dict]:
    rows = db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.id))
    return [{"what": f.target_type, "id": f.target_id, "since": f.created_at} for f in rows]


def _notification_settings(user: User) -> list[dict]:
    pref = db.session.get(NotificationPreference, user.id)
    if pref is None:
        return []
    return [{"email_mode": pref.email_mode, "updated_at": pref.updated_at}]


def _notifications(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return [
        {
            "kind": n.kind,
            "about": n.params,
            "link": n.link,
            "created_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in rows
    ]


def _emails(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id)
    )
    return [
        {
            "to": m.to_address,
            "subject": m.subject,
            "status": m.status,
            "created_at": m.created_at,
            "sent_at": m.sent_at,
        }
        for m in rows
    ]


def _meeting_registrations(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(MeetingRegistration)
        .where(MeetingRegistration.user_id == user.id)
        .options(
            selectinload(MeetingRegistration.meeting),
            selectinload(MeetingRegistration.organization),
        )
        .order_by(MeetingRegistration.id)
    )
    return [
        {
            "meeting": r.meeting.title,
            "starts_at": r.meeting.starts_at,
            "on_behalf_of": r.organization.name if r.organization else None,
            "status": r.status,
            "registered_at": r.created_at,
        }
        for r in rows
    ]


def _survey_responses(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(SurveyResponse)
        .where(SurveyResponse.user_id == user.id)
        .options(
            selectinload(SurveyResponse.survey),
            selectinload(SurveyResponse.organization),
            selectinload(SurveyResponse.answers).selectinload(SurveyAnswer.question),
        )
        .order_by(SurveyResponse.id)
    )
    return [
        {
            "survey": r.survey.title,
            "on_behalf_of": r.organization.name if r.organization else None,
            "submitted_at": r.submitted_at,
            "updated_at": r.updated_at,
            "answers": {a.question.text: a.value for a in r.answers},
        }
        for r in rows
    ]


def _votes(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Ballot)
        .where(or_(Ballot.voter_id == user.id, Ballot.cast_by_id == user.id))
        .options(selectinload(Ballot.vote), selectinload(Ballot.organization))
        .order_by(Ballot.id)
    )
    return [
        {
            "vote": b.vote.title,
            "for": b.organization.name if b.organization else None,
            "channel": b.channel,
            "cast_at": b.cast_at,
        }
        for b in rows
    ]


def _programme_updates(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(TaskUpdate)
        .where(TaskUpdate.author_id == user.id)
        .options(selectinload(TaskUpdate.task))
        .order_by(TaskUpdate.id)
    )
    return [{"task": u.task.title, "text": u.body_md, "posted_at": u.posted_at} for u in rows]


def _access_requests(user: User) -> list[dict]:
    """Requests sent through the accessibility statement's form from the account's address
    (the model has no link to accounts: see :func:`access_requests_filed_by`). The reason for
    closing without an answer is an official's note about the person's request, so it is theirs
    to see too."""
    rows = db.session.scalars(access_requests_filed_by(user))
    return [
        {
            "filed_at": r.created_at,
            "filed_on": r.filed_on,
            "name": r.name,
            "email": r.email,
            "phone": r.phone,
            "concerns": r.concerns,
            "description": r.description,
            "alternative_form": r.alternative,
            "language": r.locale,
            "status": r.state,
            "deadline": r.deadline,
            "extended_until": r.extended_until,
            "extension_reason": r.extension_reason,
            "answer": r.answer if r.state == RequestState.ANSWERED else None,
            "closing_reason": r.answer if r.state == RequestState.CLOSED else None,
            "handled_at": r.handled_at,
        }
        for r in rows
    ]


def _audit(user: User) -> list[dict]:
    memberships = select(Membership.id).where(Membership.user_id == user.id)
    rows = db.session.scalars(
        select(AuditEntry)
        .where(
            or_(
                AuditEntry.actor_id == user.id,
                (AuditEntry.object_type == "users") & (AuditEntry.object_id == user.id),
                (AuditEntry.object_type == "memberships") & AuditEntry.object_id.in_(memberships),
            )
        )
        .order_by(AuditEntry.id)
    )
    return [
        {
            "at": e.created_at,
            "action": e.action,
            "by_you": e.actor_id == user.id,
            "object": f"{e.object_type}:{e.object_id}",
            "label": e.object_label,
            "reason": e.reason,
        }
        for e in rows
    ]


#: The sections in the order of the file and of the readable page.
SECTIONS: dict[str, Callable[[User], list[dict]]] = {
    "account": _account,
    "consents": _consents,
    "memberships": _memberships,
    "remarks": _remarks,
    "proposals": _proposals,
    "proposal_comments": _proposal_comments,
    "endorsements": _endorsements,
    "follows": _follows,
    "notification_settings": _notification_settings,
    "notifications": _notifications,
    "emails": _emails,
    "meeting_registrations": _meeting_registrations,
    "survey_responses": _survey_responses,
    "votes": _votes,
    "programme_updates": _programme_updates,
    "access_requests": _access_requests,
    "audit_log": _audit,
}


def personal_data(user: User, now: datetime) -> dict:
    """The whole export of one person, as plain JSON-ready values."""
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": now.isoformat(),
        "sections": {name: _plain(collect(user)) for name, collect in SECTIONS.items()},
    }
