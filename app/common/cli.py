"""Command-line commands: ``flask create-admin`` and ``flask seed-demo``."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.auth.passwords import password_problem
from app.auth.services import find_user_by_email, normalize_email
from app.common.timeutil import utcnow
from app.extensions import db


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)


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


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when accounts already exist.")
def seed_demo(if_empty: bool) -> None:
    """Fill the database with demo accounts and organizations and print the log-ins."""
    from app.common.demo import DEMO_PASSWORD, create_demo_data

    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has accounts; demo data not added.")
        return
    accounts = create_demo_data()
    db.session.commit()
    click.echo("Demo data created. Log in at http://127.0.0.1:5000/auth/login")
    click.echo(f"Every demo account has the password: {DEMO_PASSWORD}")
    for role, email in accounts:
        click.echo(f"  {email:<34} {role}")
