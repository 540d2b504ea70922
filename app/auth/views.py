"""Registration, confirmation, log-in, password reset and the profile.

The URL map is ``app/auth/blueprint.py``.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services
from app.auth.forms import (
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from app.auth.models import ConsentKind, User
from app.common.i18n import select_locale, set_language_cookie
from app.common.outbox import queue_email
from app.common.timeutil import utcnow
from app.common.tokens import TokenError, TokenPurpose, make_token, read_token
from app.common.urls import safe_next_url
from app.common.web import commit
from app.extensions import db, limiter, login_manager


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in person; a deactivated account is signed out at its next request."""
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active_account else None


def _limit(key: str):
    return limiter.limit(lambda: current_app.config[key], methods=["POST"])


def _queue_confirmation(user: User) -> None:
    token = make_token(TokenPurpose.CONFIRM_EMAIL, {"uid": user.id, "email": user.email})
    link = url_for("auth.confirm", token=token, _external=True)
    queue_email(user.email, "confirm_email", user.locale, user.id, user=user, link=link)


@_limit("REGISTER_RATE_LIMIT")
def register():
    """Create an account and e-mail a confirmation link."""
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        user, created = services.register_user(
            form.name.data, form.email.data, form.password.data, select_locale(), utcnow()
        )
        if created:
            services.record_consent(
                user,
                ConsentKind.PRIVACY_NOTICE,
                current_app.config["PRIVACY_NOTICE_VERSION"],
                str(form.accept_terms.label.text),
                user.created_at,
            )
            _queue_confirmation(user)
        else:
            queue_email(
                user.email,
                "already_registered",
                user.locale,
                user.id,
                user=user,
                login_link=url_for("auth.login", _external=True),
                reset_link=url_for("auth.forgot_password", _external=True),
            )
        commit()
        return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/register.html", form=form)


def confirm(token: str):
    """Confirm an e-mail address from the signed link."""
    try:
        payload = read_token(
            TokenPurpose.CONFIRM_EMAIL, token, current_app.config["CONFIRM_TOKEN_MAX_AGE"]
        )
    except TokenError as error:
        return render_template("auth/token_invalid.html", expired=error.expired), 400
    user = db.session.get(User, payload.get("uid", 0))
    if user is None or not services.confirm_email(user, payload.get("email", ""), utcnow()):
        return render_template("auth/token_invalid.html", expired=False), 400
    commit()
    flash(_("Your e-mail address is confirmed. Welcome!"), "success")
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    return redirect(url_for("auth.login"))


@login_required
@_limit("RESET_RATE_LIMIT")
def resend_confirmation():
    """Send the confirmation link again."""
    if ConfirmForm().validate_on_submit() and not current_user.is_confirmed:
        _queue_confirmation(current_user)
        commit()
        flash(_("We have sent the confirmation link again."), "info")
    return redirect(url_for("auth.account"))


@_limit("LOGIN_RATE_LIMIT")
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is None or not user.check_password(form.password.data):
            form.password.errors.append(_("The e-mail address or password is incorrect."))
        elif not user.is_active:
            form.email.errors.append(_("This account has been deactivated."))
        else:
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            commit()
            response = redirect(safe_next_url(request.args.get("next")) or url_for("site.index"))
            if user.locale:
                set_language_cookie(response, user.locale)
            flash(_("You are logged in."), "success")
            return response
    return render_template("auth/login.html", form=form)


def logout():
    """Log out (a POST, so that no link can log anyone out)."""
    if ConfirmForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("site.index"))


@_limit("RESET_RATE_LIMIT")
def forgot_password():
    """Ask for a reset link; the answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.is_active:
            token = make_token(
                TokenPurpose.RESET_PASSWORD,
                {"uid": user.id, "fp": services.reset_fingerprint(user)},
            )
            link = url_for("auth.reset_password", token=token, _external=True)
            queue_email(user.email, "reset_password", user.locale, user.id, user=user, link=link)
            commit()
        return render_template("auth/check_email.html", email=form.email.data, reset=True)
    return render_template("auth/forgot_password.html", form=form)


@_limit("RESET_RATE_LIMIT")
def reset_password(token: str):
    """Choose a new password from the e-mailed link (the link works once)."""
    try:
        payload = read_token(
            TokenPurpose.RESET_PASSWORD, token, current_app.config["RESET_TOKEN_MAX_AGE"]
        )
    except TokenError as error:
        return render_template("auth/token_invalid.html", expired=error.expired), 400
    user = db.session.get(User, payload.get("uid", 0))
    if user is None or payload.get("fp") != services.reset_fingerprint(user):
        return render_template("auth/token_invalid.html", expired=False), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        if user.confirmed_at is None:  # the link proves the address, too
            user.confirmed_at = utcnow()
        commit()
        flash(_("Your password has been changed. You can log in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@login_required
def account():
    """Edit one's name and language."""
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or select_locale()
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.locale.data)
        commit()
        flash(_("Your profile has been saved."), "success")
        return set_language_cookie(redirect(url_for("auth.account")), form.locale.data)
    return render_template("auth/account.html", form=form, resend_form=ConfirmForm())


@login_required
def change_password():
    """Change the password, knowing the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except services.WrongPassword:
            form.current_password.errors.append(_("The current password is incorrect."))
        else:
            commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)
