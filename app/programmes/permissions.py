"""Who may do what in the programme of cooperation: pure predicates (no Flask, no database)."""

from __future__ import annotations

from typing import Any

from app.organizations.permissions import can_act_for, is_official


def can_manage(user: Any) -> bool:
    """Officials keep the programme, its tasks and its report."""
    return is_official(user)


def funded_organization_ids(task: Any) -> set[int]:
    """The organizations that received a grant for the task."""
    return {grant.organization_id for grant in task.grants}


def can_file_notice(user: Any, task: Any, organization: Any) -> bool:
    """A representative of an organization funded for this task."""
    return can_act_for(user, organization) and organization.id in funded_organization_ids(task)


def can_view_notice(user: Any, notice: Any) -> bool:
    """The office and the organization that filed it."""
    return is_official(user) or can_act_for(user, notice.organization)


def can_see_report(user: Any, report: Any) -> bool:
    """A published report (on a year of a programme) is public; a draft only for officials."""
    return report.published_at is not None or is_official(user)
