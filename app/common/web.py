"""The request protocol, written once (STYLE.md 3.6).

A view loads what it needs or answers 404 (:func:`get_or_404`), checks a permission predicate
(``app.common.authz.require``, 403), validates its form, calls *one* service, then calls
:func:`commit`: the one commit of the request, after which the e-mails the service queued in
the outbox are delivered.

A service refuses with a ``DomainError``. A view catches only the errors whose page it
re-renders (a form error, say); every other one reaches the handler registered here, which
rolls the transaction back once and answers 403 for ``NotAllowed``, 404 for ``NotFound`` and
409 with a message in the person's language for any other refusal (each wing registers the
texts of its own errors with :func:`refusal_text`, in its ``messages.py``). A refusal of a
form's input is shown at its field instead, with what was typed: :func:`attach_input_error`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort
from flask_babel import lazy_gettext as _l

from app.common.domain import DomainError, NotAllowed, NotFound
from app.common.errors import render_error
from app.common.outbox import deliver_queued
from app.extensions import db

M = TypeVar("M")

#: Texts of refusals, by error class (registered by the wings' ``messages.py``).
_REFUSALS: dict[type[DomainError], Any] = {}


def get_or_404(model: type[M], object_id: Any, *, lock: bool = False) -> M:
    """The row, or a 404 page; ``lock`` takes a row lock (and reloads the row) on PostgreSQL."""
    obj = db.session.get(model, object_id, with_for_update=lock, populate_existing=lock)
    if obj is None:
        abort(404)
    return obj


def commit() -> None:
    """Commit the request's one transaction, then deliver the e-mails it queued."""
    db.session.commit()
    deliver_queued()


def attach_input_error(form: Any, error: DomainError, fields: dict) -> None:
    """Show a service's refusal of a form's input next to the field it concerns, so a broken
    domain rule re-renders the form with what was typed instead of a refusal page.

    ``fields`` maps the error class to (field name, message). The form validates the same
    rules first, so this is the last resort; the transaction is rolled back, so nothing the
    service changed is kept.
    """
    db.session.rollback()
    name, message = fields[type(error)]
    form[name].errors = [*form[name].errors, message]


def refusal_text(*errors: type[DomainError]) -> Callable[[Any], Any]:
    """Register the text shown when a view lets one of ``errors`` through::

    refusal_text(VoteNotOpen)(_l("Voting is not open."))
    """

    def register(text: Any) -> Any:
        for error in errors:
            _REFUSALS[error] = text
        return text

    return register


def refusal_message(error: DomainError) -> Any:
    """The registered text of the error's class (or of its nearest registered parent)."""
    for cls in type(error).__mro__:
        if cls in _REFUSALS:
            return _REFUSALS[cls]
    return _l("This cannot be done now: the object is not in a state that allows it.")


def register_domain_errors(app: Flask) -> None:
    """Roll back once and answer a refusal that no view re-rendered."""

    @app.errorhandler(DomainError)
    def _refused(error: DomainError):
        db.session.rollback()
        if isinstance(error, NotAllowed):
            return render_error(403)
        if isinstance(error, NotFound):
            return render_error(404)
        return render_error(409, str(refusal_message(error)))
