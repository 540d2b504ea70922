"""The organization directory, registration, joining, and the officials' review queue.

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit (which sends the e-mails it queued), then flash and redirect. The URL map is
``app/organizations/blueprint.py``.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.domain import InvalidState
from app.common.outbox import queue_email
from app.common.timeutil import utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.extensions import db
from app.organizations import permissions, queries, services
from app.organizations.forms import (
    LEGAL_FORM_LABELS,
    REGISTER_TYPE_LABELS,
    DecisionForm,
    JoinForm,
    NewOrganizationForm,
    OrganizationForm,
)
from app.organizations.models import Membership, MembershipStatus, Organization


def _form_data(form: OrganizationForm) -> services.OrganizationData:
    return services.OrganizationData(
        name=form.name.data,
        legal_form=form.legal_form.data,
        register_type=form.register_type.data,
        register_number=form.register_number.data,
        nip=form.nip.data,
        regon=form.regon.data,
        area_codes=tuple(form.areas.data or ()),
        description_md=form.description.data or "",
        website=form.website.data,
        email=form.email.data,
        phone=form.phone.data,
        address=form.address.data,
        show_email=form.show_email.data,
        show_phone=form.show_phone.data,
        show_address=form.show_address.data,
    )


def _prepare(form: OrganizationForm) -> OrganizationForm:
    form.set_area_choices(queries.all_areas(), str(get_locale()))
    return form


def _duplicate(form: OrganizationForm, error: services.DuplicateIdentifier) -> dict:
    """Show a number another organization registered at its field, and what the person can
    do instead: ask to join that organization (the join-request flow), or see that they
    already represent it or asked to."""
    attach_input_error(
        form,
        error,
        {
            services.DuplicateNip: (
                "nip",
                _("An organization with this NIP is already registered."),
            ),
            services.DuplicateKrs: (
                "register_number",
                _("An organization with this KRS number is already registered."),
            ),
        },
    )
    owner = db.session.get(Organization, error.organization_id)
    return {
        "field": "nip" if isinstance(error, services.DuplicateNip) else "register_number",
        "organization": owner,
        "is_public": owner is not None and permissions.can_view_organization(None, owner),
        "can_join": owner is not None and permissions.can_request_to_join(current_user, owner),
        "membership": owner and permissions.membership_of(current_user, owner),
    }


def directory():
    """Public directory of verified organizations: search, area filter, pages."""
    search = request.args.get("q", "").strip()[:100]
    area_code = request.args.get("area", "").strip() or None
    area = queries.area_by_code(area_code) if area_code else None
    page = db.paginate(
        queries.directory_query(search, area.code if area else None),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "organizations/directory.html",
        page=page,
        search=search,
        area=area,
        areas=queries.all_areas(),
    )


def show(organization_id: int):
    """An organization's profile."""
    organization = get_or_404(Organization, organization_id)
    require(permissions.can_view_organization(current_user, organization))
    membership = permissions.membership_of(current_user, organization)
    return render_template(
        "organizations/show.html",
        organization=organization,
        membership=membership,
        legal_form_label=LEGAL_FORM_LABELS.get(organization.legal_form, organization.legal_form),
        register_label=REGISTER_TYPE_LABELS.get(organization.register_type, ""),
        public_representatives=[
            m for m in organization.approved_memberships if m.show_name_publicly
        ],
        can_edit=permissions.can_edit_organization(current_user, organization),
        can_join=permissions.can_request_to_join(current_user, organization),
        can_act=permissions.can_act_for(current_user, organization),
        is_official=permissions.is_official(current_user),
        confirm_form=ConfirmForm(),
    )


@login_required
def create():
    """Register a new organization; it waits for an official's verification."""
    require(permissions.can_register_organization(current_user))
    form = _prepare(NewOrganizationForm())
    duplicate = None
    if form.validate_on_submit():
        try:
            organization = services.register_organization(
                current_user, _form_data(form), form.show_my_name.data, utcnow()
            )
            commit()
        except services.DuplicateIdentifier as error:
            duplicate = _duplicate(form, error)
        except IntegrityError:  # a concurrent twin registered at the same moment
            db.session.rollback()
            form.nip.errors.append(_("An organization with this NIP is already registered."))
        else:
            flash(
                _("The organization has been registered. An official will verify it soon."),
                "success",
            )
            return redirect(url_for("organizations.show", organization_id=organization.id))
    return render_template(
        "organizations/form.html", form=form, organization=None, duplicate=duplicate
    )


@login_required
def edit(organization_id: int):
    """Edit the organization's profile."""
    organization = get_or_404(Organization, organization_id)
    require(permissions.can_edit_organization(current_user, organization))
    form = _prepare(OrganizationForm(obj=organization))
    if request.method == "GET":
        form.description.data = organization.description_md
        form.areas.data = [area.code for area in organization.areas]
    duplicate = None
    if form.validate_on_submit():
        try:
            services.update_organization(organization, _form_data(form), utcnow())
            commit()
        except services.DuplicateIdentifier as error:
            duplicate = _duplicate(form, error)
        except IntegrityError:
            db.session.rollback()
            form.nip.errors.append(_("An organization with this NIP is already registered."))
        else:
            flash(_("The profile has been saved."), "success")
            return redirect(url_for("organizations.show", organization_id=organization.id))
    return render_template(
        "organizations/form.html", form=form, organization=organization, duplicate=duplicate
    )


@login_required
def join(organization_id: int):
    """Ask to represent an organization."""
    organization = get_or_404(Organization, organization_id)
    require(permissions.can_request_to_join(current_user, organization))
    form = JoinForm()
    if form.validate_on_submit():
        try:
            services.request_to_join(
                current_user,
                organization,
                form.message.data,
                form.show_name_publicly.data,
                utcnow(),
            )
            commit()
        except (services.AlreadyMember, IntegrityError):  # a double click lands here
            db.session.rollback()
            flash(_("You have already asked to represent this organization."), "info")
            return redirect(url_for("organizations.show", organization_id=organization_id))
        # the representatives are told by a notification (and e-mail, as each of them chose)
        flash(_("Your request has been sent to the organization's representatives."), "success")
        return redirect(url_for("organizations.show", organization_id=organization.id))
    return render_template("organizations/join.html", form=form, organization=organization)


@login_required
def leave(organization_id: int):
    """Leave the organization, withdraw one's request or forget a refused one, after a page
    saying what happens."""
    organization = get_or_404(Organization, organization_id)
    membership = permissions.membership_of(current_user, organization)
    require(membership is not None)
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        status = membership.status
        services.leave_organization(membership)
        commit()
        if status == MembershipStatus.APPROVED:
            flash(_("You have left %(name)s.", name=organization.name), "info")
        elif status == MembershipStatus.PENDING:
            flash(_("Your request to join %(name)s is withdrawn.", name=organization.name), "info")
        else:
            flash(_("%(name)s is removed from your list.", name=organization.name), "info")
        return redirect(url_for("organizations.mine"))
    return render_template(
        "organizations/leave.html",
        organization=organization,
        membership=membership,
        is_last=services.is_last_representative(membership),
        form=ConfirmForm(),
    )


@login_required
def requests(organization_id: int):
    """Join requests awaiting the representatives' decision."""
    organization = get_or_404(Organization, organization_id)
    require(
        permissions.can_act_for(current_user, organization) or permissions.is_official(current_user)
    )
    return render_template(
        "organizations/requests.html",
        organization=organization,
        pending=queries.pending_join_requests(organization.id),
        form=DecisionForm(),
    )


@login_required
def decide_membership(membership_id: int):
    """Approve or refuse a request to represent an organization."""
    # locked (PostgreSQL), so that two decisions on one request serialise
    membership = get_or_404(Membership, membership_id, lock=True)
    require(permissions.can_decide_membership(current_user, membership))
    form = DecisionForm()
    organization = membership.organization
    if not form.validate_on_submit():
        return render_template(
            "organizations/requests.html",
            organization=organization,
            pending=queries.pending_join_requests(organization.id),
            form=form,
            failed_id=membership.id,
        ), 400
    approve = form.decision.data == "approve"
    try:
        services.decide_membership(current_user, membership, approve, form.reason.data, utcnow())
    except InvalidState:
        flash(_("This request has already been decided."), "warning")
        return redirect(url_for("organizations.requests", organization_id=organization.id))
    queue_email(
        membership.user.email,
        "membership_decided",
        membership.user.locale,
        membership.user_id,
        membership=membership,
        organization=organization,
        approved=approve,
        link=url_for("organizations.show", organization_id=organization.id, _external=True),
    )
    commit()
    flash(_("The decision has been saved and the person notified."), "success")
    return redirect(url_for("organizations.requests", organization_id=organization.id))


@login_required
def mine():
    """The organizations I represent or asked to join."""
    return render_template(
        "organizations/mine.html",
        memberships=queries.memberships_of_user(current_user.id),
        can_register=permissions.can_register_organization(current_user),
    )


@login_required
def review_queue():
    """Officials' queue: organizations and representatives awaiting verification."""
    require(permissions.can_review_organizations(current_user))
    return render_template(
        "organizations/review.html",
        organizations=queries.pending_organizations(),
        join_requests=queries.pending_join_requests(),
        legal_form_labels=LEGAL_FORM_LABELS,
        register_labels=REGISTER_TYPE_LABELS,
        form=DecisionForm(),
    )


@login_required
def decide_organization(organization_id: int):
    """Verify or reject a pending organization; the founders are told by e-mail."""
    # locked (PostgreSQL), so that two decisions on one organization serialise
    organization = get_or_404(Organization, organization_id, lock=True)
    require(permissions.can_review_organizations(current_user))
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_template(
            "organizations/review.html",
            organizations=queries.pending_organizations(),
            join_requests=queries.pending_join_requests(),
            legal_form_labels=LEGAL_FORM_LABELS,
            register_labels=REGISTER_TYPE_LABELS,
            form=form,
            failed_id=organization.id,
        ), 400
    approve = form.decision.data == "approve"
    try:
        if approve:
            founders = services.verify_organization(current_user, organization, utcnow())
        else:
            founders = services.reject_organization(
                current_user, organization, form.reason.data, utcnow()
            )
    except InvalidState:
        flash(_("This organization has already been decided."), "warning")
        return redirect(url_for("organizations.review_queue"))
    for membership in founders:
        queue_email(
            membership.user.email,
            "organization_decided",
            membership.user.locale,
            membership.user_id,
            organization=organization,
            approved=approve,
            link=url_for("organizations.show", organization_id=organization.id, _external=True),
        )
    commit()
    if approve:
        flash(_("The organization is verified."), "success")
    else:
        flash(_("The organization has been rejected."), "info")
    return redirect(url_for("organizations.review_queue"))
