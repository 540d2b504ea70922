"""``flask create-admin``: the first administrator of a new installation."""

from __future__ import annotations

import click

from app.auth.models import Role, User
from app.auth.passwords import password_problem
from app.auth.services import find_user_by_email, normalize_email
from app.common.timeutil import utcnow
from app.extensions import db


@click.command("create-admin")
@click.argument("email")
@click.option("--name", prompt="Full name", help="The administrator's name.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 10 characters (prompted when omitted).",
)
def create_admin(email: str, name: str, password: str) -> None:
    """Create the first administrator (or make an existing account an administrator)."""
    user = find_user_by_email(email)
    if user is not None:
        user.role = Role.ADMIN
        user.confirmed_at = user.confirmed_at or utcnow()
        db.session.commit()
        click.echo(f"{user.email} is now an administrator.")
        return
    problem = password_problem(password, email, name)
    if problem is not None:
        raise click.ClickException(f"weak password: {problem.value.replace('_', ' ')}")
    user = User(
        email=normalize_email(email), name=name, role=Role.ADMIN, confirmed_at=utcnow(), locale="pl"
    )
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Administrator {user.email} created.")
