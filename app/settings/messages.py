"""The settings wing's texts: refusals, upload problems, state and compliance labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.common.web import refusal_text
from app.settings import services
from app.settings.states import Compliance, PreparationMethod, RequestState

refusal_text(services.ExtensionTooLate)(
    _l("The new date must be after today and at most 2 months after the request.")
)
refusal_text(services.ReasonRequired)(_l("Give the reason."))

ASSET_PROBLEMS = {
    "svg": _l("SVG images are not accepted (they can carry scripts): upload a PNG or JPEG file."),
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large."),
    "type_not_allowed": _l("This type of file is not accepted here."),
    "extension_mismatch": _l("The file's name does not match its content."),
}
ASSET_TYPES = {
    "logo": _l("PNG or JPEG, at most 512 KB; about 48 px high looks best."),
    "favicon": _l("PNG or ICO, square, at most 100 KB."),
}
ASSET_LABELS = {"logo": _l("Logo"), "favicon": _l("Favicon (the browser tab's icon)")}

STATE_LABELS = {
    RequestState.OPEN: _l("waiting"),
    RequestState.EXTENDED: _l("extended"),
    RequestState.ANSWERED: _l("answered"),
    RequestState.CLOSED: _l("closed"),
}
COMPLIANCE_TEXTS = {
    Compliance.FULL: _l(
        "The website is fully compliant with the Act of 4 April 2019 on digital accessibility "
        "of websites and mobile applications of public bodies."
    ),
    Compliance.PARTIAL: _l(
        "The website is partially compliant with the Act of 4 April 2019 on digital "
        "accessibility of websites and mobile applications of public bodies, due to the "
        "non-compliances or exemptions listed below."
    ),
    Compliance.NONE: _l(
        "The website is not compliant with the Act of 4 April 2019 on digital accessibility "
        "of websites and mobile applications of public bodies."
    ),
}
METHOD_TEXTS = {
    PreparationMethod.SELF: _l(
        "The statement was prepared on the basis of a self-assessment by the public body."
    ),
    PreparationMethod.EXTERNAL: _l(
        "The statement was prepared on the basis of an assessment by an external entity: %(name)s."
    ),
}
