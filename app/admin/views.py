"""Account management and the audit log, for administrators.

The URL map (and the admin-only check run before every page) is ``app/admin/blueprint.py``.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.admin import permissions
from app.admin.forms import ROLE_LABELS, ActiveForm, DeactivateForm, RoleForm
from app.admin.messages import ACTION_LABELS, MEMBERSHIP_LABELS
from app.auth import services
from app.auth.models import Role, User
from app.common.audit import Action
from app.common.authz import require
from app.common.domain import InvalidState
from app.common.models import AuditEntry
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
    except InvalidState:
        flash(_("You cannot deactivate your own account."), "danger")
        return redirect(url_for("admin.user", user_id=account.id))
    commit()
    if account.is_active_account:
        flash(_("The account has been reactivated."), "success")
    else:
        flash(_("The account has been deactivated."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


def audit_log():
    """The audit log of official and admin actions, newest first."""
    action = request.args.get("action", "")
    query = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if action in {a.value for a in Action}:
        query = query.where(AuditEntry.action == action)
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template(
        "admin/audit.html",
        page=page,
        action=action,
        actions=list(Action),
        action_labels=ACTION_LABELS,
    )
