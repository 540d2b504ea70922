"""Helpers shared by the calendar and the opportunities board."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

from app.common.domain import DomainError
from app.extensions import db


def filter_args(filters: Any) -> dict:
    """The filters that are set, as query arguments for links that keep them."""
    return {k: v for k, v in vars(filters).items() if v}


def attach_input_error(form: FlaskForm, error: DomainError, fields: dict) -> None:
    """Show a service's refusal of the form's input next to the field it concerns.

    ``fields`` maps the error class to (field name, message). The form validates the same
    rules first, so this is the last resort; nothing the service changed is kept.
    """
    db.session.rollback()
    name, message = fields[type(error)]
    form[name].errors = [*form[name].errors, message]
