"""Account management and the audit log, for administrators.

The URL map (and the admin-only check run before every page) is ``app/admin/blueprint.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.admin import permissions
from app.admin.forms import ROLE_LABELS, ActiveForm, DeactivateForm, RoleForm
from app.admin.messages import ACTION_LABELS, MEMBERSHIP_LABELS, OBJECT_LABELS
from app.auth import services
from app.auth.models import Role, User
from app.common import tables
from app.common.audit import Action
from app.common.authz import require
from app.common.domain import InvalidState
from app.common.models import AuditEntry
from app.common.timeutil import to_utc
from app.common.web import attach_input_error, commit, get_or_404
from app.extensions import db
from app.organizations.queries import memberships_of_user


@login_required
def only_admins():
    """Every admin page needs the admin role: checked once for the whole blueprint."""
    require(permissions.can_manage_accounts(current_user))


def users():
    """Accounts, searchable by name or e-mail."""
    search = request.args.get("q", "").strip()[:100]
    query = select(User).order_by(func.lower(User.name), User.id)
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern))
        )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("admin/users.html", page=page, search=search, role_labels=ROLE_LABELS)


def _user_page(account: User, status: int = 200, **forms):
    """One account's page; ``forms`` replaces a blank form (to show its errors)."""
    return render_template(
        "admin/user.html",
        account=account,
        role_form=forms.get("role_form") or RoleForm(role=account.role),
        active_form=forms.get("active_form")
        or (
            DeactivateForm(prefix="active")
            if account.is_active_account
            else ActiveForm(prefix="active")
        ),
        memberships=memberships_of_user(account.id),
        role_labels=ROLE_LABELS,
        membership_labels=MEMBERSHIP_LABELS,
    ), status


def user(user_id: int):
    """One account: its role, state and organizations."""
    return _user_page(get_or_404(User, user_id))


def change_role(user_id: int):
    """Grant or revoke the official and admin roles."""
    account = get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.change_role(current_user, account, Role(form.role.data), form.reason.data)
        except services.AccountDeleted:
            flash(_("This account was deleted by its owner; it cannot be changed."), "danger")
        except InvalidState:
            flash(_("You cannot change your own role."), "danger")
        else:
            commit()
            flash(_("The role has been changed."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


def set_active(user_id: int):
    """Deactivate an account (a reason and a ticked confirmation required) or reactivate it."""
    account = get_or_404(User, user_id)
    deactivating = account.is_active_account
    form = DeactivateForm(prefix="active") if deactivating else ActiveForm(prefix="active")
    if not form.validate_on_submit():
        return _user_page(account, 400, active_form=form)
    try:
        services.set_active(current_user, account, not deactivating, form.reason.data)
    except services.ReasonRequired as error:
        attach_input_error(
            form,
            error,
            {
                services.ReasonRequired: (
                    "reason",
                    _("Give the reason for deactivating the account."),
                )
            },
        )
        return _user_page(account, 400, active_form=form)
    except services.AccountDeleted:
        flash(_("This account was deleted by its owner; it cannot be changed."), "danger")
        return redirect(url_for("admin.user", user_id=account.id))
    except InvalidState:
        flash(_("You cannot deactivate your own account."), "danger")
        return redirect(url_for("admin.user", user_id=account.id))
    commit()
    if account.is_active_account:
        flash(_("The account has been reactivated."), "success")
    else:
        flash(_("The account has been deactivated."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


#: Rows of one audit export at most (a year of a city office is a few thousand).
AUDIT_EXPORT_LIMIT = 50_000


@dataclass(frozen=True)
class AuditFilters:
    """The audit log's filters as typed in the address, with what was wrong in them."""

    action: str
    date_from: date | None
    date_to: date | None
    problems: dict[str, str]

    def args(self) -> dict[str, str]:
        values = {
            "action": self.action,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}


def _date_arg(name: str, problems: dict[str, str]) -> date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        problems[name] = _("Give a date as YYYY-MM-DD, e.g. 2026-12-06.")
        return None


def _audit_filters() -> AuditFilters:
    problems: dict[str, str] = {}
    action = request.args.get("action", "")
    if action not in {a.value for a in Action}:
        action = ""
    date_from = _date_arg("date_from", problems)
    date_to = _date_arg("date_to", problems)
    if date_from and date_to and date_from > date_to:
        problems["date_to"] = _("The end of the range is before its start.")
        date_to = None
    return AuditFilters(action, date_from, date_to, problems)


def _audit_query(filters: AuditFilters):
    """The entries matching the filters, newest first; dates are whole days in Warsaw time."""
    query = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.date_from:
        start = to_utc(datetime.combine(filters.date_from, time.min))
        query = query.where(AuditEntry.created_at >= start)
    if filters.date_to:
        end = to_utc(datetime.combine(filters.date_to + timedelta(days=1), time.min))
        query = query.where(AuditEntry.created_at < end)
    return query


def audit_log():
    """The audit log of official and admin actions, newest first, by action and date range."""
    filters = _audit_filters()
    page = db.paginate(_audit_query(filters), per_page=50, error_out=False)
    return render_template(
        "admin/audit.html",
        page=page,
        action=filters.action,
        filters=filters,
        actions=list(Action),
        action_labels=ACTION_LABELS,
        object_labels=OBJECT_LABELS,
    )


def _audit_table(filters: AuditFilters) -> tuple[list[str], list[list]]:
    entries = db.session.scalars(_audit_query(filters).limit(AUDIT_EXPORT_LIMIT))
    header = [
        _("When"),
        _("Who"),
        _("Action"),
        _("Action code"),
        _("Object"),
        _("Object id"),
        _("Object label"),
        _("Reason"),
        _("Details"),
    ]
    rows = [
        [
            entry.created_at,
            entry.actor.name if entry.actor else "",
            str(ACTION_LABELS.get(entry.action, entry.action)),
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_label,
            entry.reason or "",
            ", ".join(f"{key}={value}" for key, value in (entry.details or {}).items()),
        ]
        for entry in entries
    ]
    return header, rows


def _audit_filename(filters: AuditFilters, extension: str) -> str:
    parts = ["dziennik-zdarzen"]
    if filters.date_from:
        parts.append(filters.date_from.isoformat())
    if filters.date_to:
        parts.append(filters.date_to.isoformat())
    return "-".join(parts) + "." + extension


def _audit_about() -> list[list]:
    """The exports' metryka; the source is the log's page filtered as the download was."""
    return tables.about_rows(source_url=url_for("admin.audit_log", _external=True, **request.args))


def audit_log_csv():
    """The filtered audit log as CSV for Polish spreadsheets, under the site's metryka."""
    filters = _audit_filters()
    return tables.csv_response(
        _audit_filename(filters, "csv"), *_audit_table(filters), about=_audit_about()
    )


def audit_log_xlsx():
    """The filtered audit log (action, date range) as an XLSX workbook, with the metryka."""
    filters = _audit_filters()
    header, rows = _audit_table(filters)
    return tables.xlsx_response(
        _audit_filename(filters, "xlsx"),
        [tables.Sheet(_("Audit log"), header, rows)],
        about=_audit_about(),
    )
