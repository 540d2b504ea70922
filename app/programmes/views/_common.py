"""Helpers shared by the programme's views: uploads and loading."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale

from app.common.uploads import RejectedUpload, check_upload
from app.consultations.messages import upload_message
from app.programmes.services import Upload

ATTACHMENT_KINDS = {"pdf", "docx", "odt", "xlsx", "ods", "png", "jpg"}


def locale() -> str:
    return str(get_locale() or "pl")


def read_upload(field, required: bool = False) -> tuple[bool, Upload | None]:
    """(ok, upload): the checked file of a FileField, or its error attached to the field."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        if required:
            field.errors = [*field.errors, upload_message_choose()]
            return False, None
        return True, None
    try:
        data = upload.read()
    finally:
        upload.close()
    try:
        checked = check_upload(
            upload.filename, data, ATTACHMENT_KINDS, current_app.config["ATTACHMENT_MAX_BYTES"]
        )
    except RejectedUpload as error:
        field.errors = [*field.errors, upload_message(error.problem)]
        return False, None
    return True, Upload(checked, data)


def upload_message_choose() -> str:
    from flask_babel import gettext as _

    return _("Choose a file.")


def long_date(value) -> str:
    """A date in the page's language ("30 listopada 2026" / "November 30, 2026")."""
    from flask_babel import format_date

    return format_date(value, "long") if value else ""
