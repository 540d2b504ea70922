"""The site's settings (administrators), its accessibility statement and access requests.

The URL map is ``app/settings/blueprint.py``.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.identity import (
    SiteAsset,
    footer_links_text,
    forget_identity,
    load_settings,
    site_identity,
)
from app.common.outbox import queue_email
from app.common.timeutil import to_local, utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.extensions import db
from app.settings import deadlines, permissions, services
from app.settings.forms import (
    BAD_ADDRESS,
    BAD_EMAIL,
    NAME_REQUIRED,
    AccessRequestForm,
    AnswerForm,
    AssetForm,
    CloseForm,
    ExtendForm,
    IdentityForm,
    StatementForm,
)
from app.settings.messages import (
    ASSET_LABELS,
    ASSET_PROBLEMS,
    ASSET_TYPES,
    COMPLIANCE_TEXTS,
    METHOD_TEXTS,
    STATE_LABELS,
)
from app.settings.models import AccessRequest
from app.settings.states import PENDING, AssetKind, Compliance, PreparationMethod


def _today():
    return to_local(utcnow()).date()


def _identity_errors() -> dict:
    days = _("Enter a number of days from 1 to 90.")
    return {
        services.NameRequired: ("platform_name", NAME_REQUIRED),
        services.InvalidEmail: ("office_email", BAD_EMAIL),
        services.InvalidAddress: ("bip_url", BAD_ADDRESS),
        services.InvalidNumber: ("min_commenting_days", days),
    }


# --- the identity (administrators) -------------------------------------------------------------


def _edit_page(form: IdentityForm, status: int = 200, asset_forms: dict | None = None):
    return render_template(
        "settings/edit.html",
        form=form,
        asset_forms=asset_forms or {kind: AssetForm(prefix=kind) for kind in AssetKind},
        asset_labels=ASSET_LABELS,
        asset_types=ASSET_TYPES,
        remove_form=ConfirmForm(),
        identity=site_identity(),
    ), status


@login_required
def edit():
    """The identity page: names, contact, BIP, privacy notice, footer, language, rules."""
    require(permissions.can_manage_settings(current_user))
    if request.method == "GET":
        identity = site_identity()
        row = load_settings()
        form = IdentityForm(
            obj=row,
            data=None
            if row
            else {
                "platform_name": identity.platform_name,
                "body_name_pl": identity.body_name_pl,
                "body_name_en": identity.body_name_en,
                "office_name": identity.office_name,
                "office_email": identity.office_email,
                "office_phone": identity.office_phone,
                "office_address": identity.office_address,
                "bip_url": identity.bip_url,
                "privacy_controller": identity.privacy_controller,
                "dpo_contact": identity.dpo_contact,
                "footer_links": footer_links_text(identity.footer_links),
                "default_locale": identity.default_locale,
                "min_commenting_days": identity.min_commenting_days,
            },
        )
        return _edit_page(form)
    form = IdentityForm()
    if not form.validate_on_submit():
        return _edit_page(form, 400)
    values = {name: form[name].data for name in services.IDENTITY_FIELDS}
    try:
        changes = services.save_identity(current_user, values, utcnow())
    except (
        services.NameRequired,
        services.InvalidEmail,
        services.InvalidAddress,
        services.InvalidNumber,
    ) as error:
        attach_input_error(form, error, _identity_errors())
        return _edit_page(form, 400)
    commit()
    forget_identity()
    flash(_("The settings have been saved.") if changes else _("Nothing changed."), "success")
    return redirect(url_for("settings.edit"))


@login_required
def upload_asset(kind: str):
    """Upload the logo or the favicon (checked by content; SVG refused)."""
    require(permissions.can_manage_settings(current_user))
    asset_kind = _asset_kind(kind)
    form = AssetForm(prefix=kind)
    upload = form.file.data if form.validate_on_submit() else None
    problem = None
    if upload is None or not getattr(upload, "filename", ""):
        problem = _("Choose an image file.")
    else:
        limit = current_app.config[
            "SITE_LOGO_MAX_BYTES" if asset_kind == AssetKind.LOGO else "SITE_FAVICON_MAX_BYTES"
        ]
        try:
            services.save_asset(
                current_user, asset_kind, upload.filename, upload.read(), limit, utcnow()
            )
        except services.AssetRefused as error:
            db.session.rollback()
            problem = str(ASSET_PROBLEMS[error.problem])
    if problem:
        # the page again, with the problem at the file field it concerns
        asset_forms = {k: AssetForm(prefix=k, formdata=None) for k in AssetKind}
        asset_forms[asset_kind].file.errors = [problem]
        return _edit_page(IdentityForm(obj=load_settings(), formdata=None), 400, asset_forms)
    commit()
    forget_identity()
    flash(_("The image has been saved."), "success")
    return redirect(url_for("settings.edit"))


@login_required
def remove_asset(kind: str):
    """Go back to the built-in image."""
    require(permissions.can_manage_settings(current_user))
    asset_kind = _asset_kind(kind)
    if ConfirmForm().validate_on_submit():
        services.remove_asset(current_user, asset_kind, utcnow())
        commit()
        forget_identity()
        flash(_("The image has been removed."), "success")
    return redirect(url_for("settings.edit"))


def _asset_kind(kind: str) -> AssetKind:
    try:
        return AssetKind(kind)
    except ValueError:
        abort(404)


def asset(kind: str):
    """The uploaded logo or favicon, with its checked content type; 404 when none."""
    stored = db.session.get(SiteAsset, str(_asset_kind(kind)))
    if stored is None:
        abort(404)
    response = Response(stored.data, content_type=stored.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.set_etag(stored.sha256)
    return response.make_conditional(request)


# --- the accessibility statement -----------------------------------------------------------------


def statement():
    """The accessibility statement in the prescribed structure, built from the settings."""
    identity = site_identity()
    return render_template(
        "settings/statement.html",
        identity=identity,
        compliance_text=COMPLIANCE_TEXTS[Compliance(identity.compliance)],
        method_text=str(METHOD_TEXTS[PreparationMethod(identity.preparation_method)])
        % {"name": identity.assessed_by or "—"},
        body_name=identity.body_name(str(get_locale())),
        answer_days=deadlines.ANSWER_DAYS,
    )


@login_required
def edit_statement():
    """Edit the statement's data (administrators)."""
    require(permissions.can_manage_settings(current_user))
    row = load_settings()
    form = StatementForm(obj=row) if request.method == "GET" else StatementForm()
    if request.method == "POST" and form.validate_on_submit():
        values = {name: form[name].data for name in services.STATEMENT_FIELDS}
        try:
            changes = services.save_statement(current_user, values, utcnow())
        except services.InvalidEmail as error:
            attach_input_error(
                form, error, {services.InvalidEmail: ("statement_contact_email", BAD_EMAIL)}
            )
        else:
            commit()
            forget_identity()
            flash(
                _("The accessibility statement has been saved.")
                if changes
                else _("Nothing changed."),
                "success",
            )
            return redirect(url_for("settings.statement"))
    status = 400 if request.method == "POST" else 200
    return render_template("settings/statement_form.html", form=form), status


# --- access requests ----------------------------------------------------------------------------


def request_access():
    """The public form: ask for access to content, or for it in another form (art. 18)."""
    form = AccessRequestForm()
    identity = site_identity()
    if form.validate_on_submit():
        data = services.RequestData(
            name=form.name.data,
            email=form.email.data,
            phone=form.phone.data or "",
            concerns=form.concerns.data,
            description=form.description.data,
            alternative=form.alternative.data or "",
        )
        locale = str(get_locale())
        filed = services.file_access_request(data, locale, utcnow(), _today())
        queue_email(filed.email, "access_request_received", locale, filed=filed)
        if identity.contact_email:
            queue_email(
                identity.contact_email,
                "access_request_new",
                identity.default_locale,
                filed=filed,
                link=url_for("settings.access_request", request_id=filed.id, _external=True),
            )
        commit()
        return render_template("settings/request_sent.html", filed=filed), 201
    status = 400 if request.method == "POST" else 200
    return render_template(
        "settings/request_form.html", form=form, answer_days=deadlines.ANSWER_DAYS
    ), status


@login_required
def access_requests():
    """The officials' queue: waiting requests first, by deadline; late ones flagged."""
    require(permissions.can_handle_access_requests(current_user))
    show = request.args.get("show", "pending")
    query = select(AccessRequest).options(selectinload(AccessRequest.handled_by))
    if show == "pending":
        query = query.where(AccessRequest.state.in_([str(s) for s in PENDING]))
    deadline_order = case(
        (AccessRequest.extended_until.is_not(None), AccessRequest.extended_until),
        else_=AccessRequest.filed_on,
    )
    query = query.order_by(deadline_order, AccessRequest.id)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "settings/requests.html",
        page=page,
        show=show,
        today=_today(),
        state_labels=STATE_LABELS,
    )


def _request_page(filed: AccessRequest, status: int = 200, **forms):
    today = _today()
    return render_template(
        "settings/request.html",
        filed=filed,
        today=today,
        latest_extension=deadlines.latest_extension(filed.filed_on),
        state_labels=STATE_LABELS,
        answer_form=forms.get("answer_form") or AnswerForm(prefix="answer"),
        extend_form=forms.get("extend_form") or ExtendForm(prefix="extend"),
        close_form=forms.get("close_form") or CloseForm(prefix="close"),
    ), status


@login_required
def access_request(request_id: int):
    """One request, with the forms to answer, extend or close it."""
    require(permissions.can_handle_access_requests(current_user))
    return _request_page(get_or_404(AccessRequest, request_id))


@login_required
def answer_request(request_id: int):
    """Answer the person by e-mail and close the request (confirmed, audited)."""
    require(permissions.can_handle_access_requests(current_user))
    filed = get_or_404(AccessRequest, request_id, lock=True)
    form = AnswerForm(prefix="answer")
    if not form.validate_on_submit():
        return _request_page(filed, 400, answer_form=form)
    services.answer_access_request(current_user, filed, form.answer.data, utcnow())
    queue_email(filed.email, "access_request_answer", filed.locale, filed=filed)
    commit()
    flash(_("The answer has been sent."), "success")
    return redirect(url_for("settings.access_requests"))


@login_required
def extend_request(request_id: int):
    """Name a later date (at most 2 months after the request) and tell the person why."""
    require(permissions.can_handle_access_requests(current_user))
    filed = get_or_404(AccessRequest, request_id, lock=True)
    form = ExtendForm(prefix="extend")
    if not form.validate_on_submit():
        return _request_page(filed, 400, extend_form=form)
    try:
        services.extend_access_request(
            current_user, filed, form.until.data, form.reason.data, _today()
        )
    except services.ExtensionTooLate as error:
        attach_input_error(
            form,
            error,
            {
                services.ExtensionTooLate: (
                    "until",
                    _("The new date must be after today and at most 2 months after the request."),
                )
            },
        )
        return _request_page(get_or_404(AccessRequest, request_id), 400, extend_form=form)
    queue_email(filed.email, "access_request_extended", filed.locale, filed=filed)
    commit()
    flash(_("The person has been told the new date."), "success")
    return redirect(url_for("settings.access_request", request_id=filed.id))


@login_required
def close_request(request_id: int):
    """Close without an answer, with the reason (confirmed, audited)."""
    require(permissions.can_handle_access_requests(current_user))
    filed = get_or_404(AccessRequest, request_id, lock=True)
    form = CloseForm(prefix="close")
    if not form.validate_on_submit():
        return _request_page(filed, 400, close_form=form)
    services.close_access_request(current_user, filed, form.reason.data, utcnow())
    commit()
    flash(_("The request has been closed."), "success")
    return redirect(url_for("settings.access_requests"))
