"""The site's commands: ``flask seed-demo`` and ``flask notifications tick`` (reminders read
several wings, so they live on the top floor)."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import func, select

from app.auth.models import User
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.cli import notifications_cli, site_context


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when accounts already exist.")
def seed_demo(if_empty: bool) -> None:
    """Fill the database with demo accounts and organizations and print the log-ins."""
    from app.site.demo import DEMO_PASSWORD, create_demo_data

    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has accounts; demo data not added.")
        return
    accounts = create_demo_data()
    db.session.commit()
    site = current_app.config["SITE_URL"].rstrip("/")
    click.echo(f"Demo data created. Log in at {site}/auth/login")
    click.echo(f"Every demo account has the password: {DEMO_PASSWORD}")
    for role, email in accounts:
        click.echo(f"  {email:<34} {role}")


@notifications_cli.command("tick")
def tick_command() -> None:
    """Record due reminders: stages opened, stages closing in 3 days, deadlines in 7 days."""
    from app.site.reminders import run_reminders

    with site_context():
        result = run_reminders(utcnow())
        db.session.commit()
    click.echo(", ".join(f"{key}: {value}" for key, value in result.items()))
