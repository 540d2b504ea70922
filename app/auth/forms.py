"""Forms for accounts: they check the shape of the input only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.auth.passwords import PasswordProblem, password_problem

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("The password must have at least 10 characters."),
    PasswordProblem.TOO_LONG: _l("The password may have at most 200 characters."),
    PasswordProblem.TOO_COMMON: _l("This password is too common. Choose another one."),
    PasswordProblem.TOO_SIMPLE: _l("This password is too simple. Use more different characters."),
    PasswordProblem.TOO_PERSONAL: _l("The password must not contain your name or e-mail address."),
}


def strong_password(email_field: str | None = None, name_field: str | None = None):
    """A validator that explains in the person's language why a password is weak."""

    def _check(form: FlaskForm, field) -> None:
        email = form[email_field].data if email_field else ""
        name = form[name_field].data if name_field else ""
        problem = password_problem(field.data or "", email or "", name or "")
        if problem is not None:
            raise ValidationError(str(PASSWORD_MESSAGES[problem]))

    return _check


def _email_field(label=None) -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address, e.g. name@example.com.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email"},
    )


def _new_password_fields(email_field: str | None, name_field: str | None):
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter a password.")),
            strong_password(email_field, name_field),
        ],
        description=_l("At least 10 characters; not your name or e-mail address."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    password, password_confirm = _new_password_fields("email", "name")
    accept_terms = BooleanField(
        _l(
            "I agree to the processing of my data to run my account, as described in the "
            "privacy notice."
        ),
        validators=[DataRequired(_l("You must accept the privacy notice to register."))],
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Remember me on this device"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password, password_confirm = _new_password_fields(None, None)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, password_confirm = _new_password_fields(None, None)


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    locale = SelectField(
        _l("Language of the site and e-mails"),
        choices=[SelectChoice("pl", "polski"), SelectChoice("en", "English")],
    )


class ConfirmForm(FlaskForm):
    """An empty form: only the CSRF token, for buttons that change state."""
