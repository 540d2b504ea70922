"""The auth wing's whole URL map (under /auth): accounts, log-in, passwords, the profile."""

from __future__ import annotations

from flask import Blueprint

from app.auth import views

bp = Blueprint("auth", __name__, url_prefix="/auth")

# an account and its e-mail address
bp.add_url_rule("/register", endpoint="register", view_func=views.register, methods=["GET", "POST"])
bp.add_url_rule("/confirm/<token>", endpoint="confirm", view_func=views.confirm)
bp.add_url_rule(
    "/confirm/resend",
    endpoint="resend_confirmation",
    view_func=views.resend_confirmation,
    methods=["POST"],
)

# logging in and out
bp.add_url_rule("/login", endpoint="login", view_func=views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", endpoint="logout", view_func=views.logout, methods=["POST"])

# a forgotten password
bp.add_url_rule(
    "/reset", endpoint="forgot_password", view_func=views.forgot_password, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/reset/<token>",
    endpoint="reset_password",
    view_func=views.reset_password,
    methods=["GET", "POST"],
)

# the profile
bp.add_url_rule("/account", endpoint="account", view_func=views.account, methods=["GET", "POST"])
bp.add_url_rule(
    "/account/password",
    endpoint="change_password",
    view_func=views.change_password,
    methods=["GET", "POST"],
)
