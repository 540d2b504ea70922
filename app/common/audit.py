"""Writing the audit log of official and admin actions."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from app.common.models import AuditEntry
from app.extensions import db


class Action(StrEnum):
    ORGANIZATION_VERIFY = "organization.verify"
    ORGANIZATION_REJECT = "organization.reject"
    MEMBERSHIP_APPROVE = "membership.approve"
    MEMBERSHIP_REFUSE = "membership.refuse"
    MEMBERSHIP_LEAVE = "membership.leave"
    ROLE_CHANGE = "user.role_change"
    DEACTIVATE = "user.deactivate"
    REACTIVATE = "user.reactivate"
    ACCOUNT_DELETE = "user.delete_own_account"
    RETENTION_ANONYMISE = "user.retention_anonymise"
    CONSULTATION_CREATE = "consultation.create"
    CONSULTATION_UPDATE = "consultation.update"
    CONSULTATION_ANNOUNCE = "consultation.announce"
    VERSION_PUBLISH = "consultation.publish_version"
    ATTACHMENT_ADD = "consultation.add_attachment"
    COMMENT_PAPER = "comment.enter_paper"
    COMMENT_MEETING = "comment.enter_meeting"
    COMMENT_HIDE = "comment.hide"
    COMMENT_WITHDRAW = "comment.withdraw"
    ANSWER_SAVE = "comment.answer_draft"
    ANSWER_PUBLISH = "comment.answer_publish"
    COMMENT_ASSIGN = "comment.assign"
    GROUP_SAVE = "comment_group.save"
    GROUP_DISSOLVE = "comment_group.dissolve"
    GROUP_ANSWER = "comment_group.answer"
    ANSWERS_IMPORT = "consultation.answers_import"
    REPORT_PUBLISH = "consultation.publish_report"
    REPORT_REVISE = "consultation.revise_report"
    PROPOSAL_REVIEW_START = "proposal.review_start"
    PROPOSAL_ANSWER_SAVE = "proposal.answer_draft"
    PROPOSAL_ANSWER_PUBLISH = "proposal.answer_publish"
    PROPOSAL_NOTE = "proposal.internal_note"
    PROPOSAL_COMMENT_HIDE = "proposal.comment_hide"
    EVENT_CREATE = "event.create"
    EVENT_UPDATE = "event.update"
    EVENT_DELETE = "event.delete"
    OPPORTUNITY_CREATE = "opportunity.create"
    OPPORTUNITY_UPDATE = "opportunity.update"
    VOTE_CREATE = "vote.create"
    VOTE_UPDATE = "vote.update"
    VOTE_OPTIONS = "vote.change_options"
    VOTE_OPEN_EARLY = "vote.open_early"
    VOTE_CLOSE_EARLY = "vote.close_early"
    BALLOT_CAST = "ballot.cast"
    BALLOT_PAPER = "ballot.enter_paper"
    VOTE_RESULTS_PREVIEW = "vote.results_preview"
    VOTE_RESULTS_PUBLISH = "vote.results_publish"
    PROGRAMME_CREATE = "programme.create"
    PROGRAMME_UPDATE = "programme.update"
    PROGRAMME_OPINION = "programme.attach_opinion"
    PROGRAMME_ADOPT = "programme.adopt"
    PROGRAMME_INDICATORS = "programme.indicators"
    TASK_CREATE = "programme_task.create"
    TASK_UPDATE = "programme_task.update"
    TASK_MILESTONE = "programme_task.add_milestone"
    TASK_POST_UPDATE = "programme_task.post_update"
    TASK_LINK_OPPORTUNITY = "programme_task.link_opportunity"
    TASK_GRANT = "programme_task.add_grant"
    TASK_MILESTONE_EDIT = "programme_task.edit_milestone"
    TASK_MILESTONE_REMOVE = "programme_task.remove_milestone"
    TASK_GRANT_EDIT = "programme_task.edit_grant"
    TASK_GRANT_REMOVE = "programme_task.remove_grant"
    TASK_REMOVE = "programme_task.remove"
    TASK_CORRECT = "programme_task.correct"
    TASK_EDIT_UPDATE = "programme_task.edit_update"
    NOTICE_FILE = "change_notice.file"
    NOTICE_REPLY = "change_notice.reply"
    NOTICE_ANSWER = "change_notice.answer"
    PROGRAMME_REPORT_SAVE = "programme.report_save"
    PROGRAMME_REPORT_PUBLISH = "programme.report_publish"
    PROGRAMME_REPORT_REVISE = "programme.report_revise"
    MEETING_CREATE = "meeting.create"
    MEETING_UPDATE = "meeting.update"
    MEETING_MINUTES = "meeting.publish_minutes"
    MEETING_ATTACHMENT = "meeting.add_attachment"
    SURVEY_CREATE = "survey.create"
    SURVEY_UPDATE = "survey.update"
    SURVEY_QUESTIONS = "survey.change_questions"
    SURVEY_ANSWER_HIDE = "survey.hide_answer"
    MODERATION_REVIEW_REQUEST = "moderation.review_request"
    MODERATION_REVIEW_DECIDE = "moderation.review_decide"
    SETTINGS_UPDATE = "site.settings_update"
    SETTINGS_ASSET = "site.asset_change"
    STATEMENT_UPDATE = "site.statement_update"
    ACCESS_REQUEST_ANSWER = "access_request.answer"
    ACCESS_REQUEST_EXTEND = "access_request.extend"
    ACCESS_REQUEST_CLOSE = "access_request.close"
    ACCESS_REQUEST_ERASE = "access_request.erase_requester"


def record_audit(
    actor: Any,
    action: Action,
    obj: Any,
    *,
    label: str = "",
    reason: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry for ``obj`` to the session (the caller commits with the change)."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=str(action),
        object_type=obj.__tablename__,
        object_id=obj.id,
        object_label=label or str(getattr(obj, "name", "") or getattr(obj, "email", "")),
        reason=reason or None,
        details={k: v for k, v in details.items() if v is not None},
    )
    db.session.add(entry)
    return entry
