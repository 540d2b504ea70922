"""The headings of the sections of the data export (the JSON keys stay in English)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SECTION_LABELS = {
    "account": _l("Account"),
    "consents": _l("Consents"),
    "memberships": _l("Organizations you represent or asked to represent"),
    "remarks": _l("Remarks in consultations"),
    "proposals": _l("Proposals you created"),
    "proposal_comments": _l("Comments on proposals"),
    "endorsements": _l("Endorsements of proposals"),
    "follows": _l("What you follow"),
    "notification_settings": _l("Notification settings"),
    "notifications": _l("Notifications"),
    "emails": _l("E-mails sent to you"),
    "meeting_registrations": _l("Meeting registrations"),
    "survey_responses": _l("Survey responses"),
    "votes": _l("Votes you took part in (the content of a secret ballot is never exported)"),
    "programme_updates": _l("Updates on tasks of the cooperation programme"),
    "access_requests": _l("Requests for accessible content sent from your e-mail address"),
    "audit_log": _l("Audit log entries by you or about your account"),
}
