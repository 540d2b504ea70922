"""Download my data (RODO art. 15) and delete my account (art. 17, as anonymisation).

The URL map is ``app/privacy/blueprint.py``.
"""

from __future__ import annotations

import io
import json
import zipfile

from flask import Response, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.common.timeutil import utcnow
from app.common.web import commit
from app.extensions import db, limiter
from app.privacy import services
from app.privacy.collect import personal_data
from app.privacy.forms import DeleteAccountForm, DownloadForm
from app.privacy.messages import SECTION_LABELS
from app.privacy.queries import access_requests_filed_by


@login_required
def my_data():
    """What the export contains, and the button that makes it."""
    return render_template(
        "privacy/my_data.html", form=DownloadForm(), sections=SECTION_LABELS.values()
    )


def _per_person() -> str:
    return f"user:{current_user.get_id()}"


@login_required
@limiter.limit(
    lambda: current_app.config["DATA_EXPORT_RATE_LIMIT"], key_func=_per_person, methods=["POST"]
)
def download():
    """A ZIP of the person's data: data.json and the same as a readable data.html."""
    if not DownloadForm().validate_on_submit():
        return redirect(url_for("privacy.my_data"))
    now = utcnow()
    data = personal_data(current_user, now)
    html = render_template(
        "privacy/export.html", data=data, labels=SECTION_LABELS, generated_at=now
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("data.html", html)
    filename = f"konsulta-my-data-{now:%Y-%m-%d}.zip"
    return Response(
        buffer.getvalue(),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@login_required
def delete_account():
    """The confirmation page (what will happen), then the deletion with the password."""
    form = DeleteAccountForm()
    refusal = None
    if form.validate_on_submit():
        try:
            services.delete_account(current_user, form.password.data, utcnow())
        except services.WrongPassword:
            db.session.rollback()
            form.password.errors.append(_("The password is incorrect."))
        except services.LastAdministrator:
            db.session.rollback()
            refusal = _(
                "You are the only administrator: nobody could run the platform after you. "
                "Make another person an administrator first."
            )
        else:
            commit()
            logout_user()
            return redirect(url_for("privacy.account_deleted"))
    requests = db.session.scalars(access_requests_filed_by(current_user)).all()
    return render_template(
        "privacy/delete_account.html",
        form=form,
        refusal=refusal,
        is_official=current_user.is_official,
        requests_pending=sum(1 for r in requests if r.is_pending),
        requests_handled=sum(1 for r in requests if not r.is_pending),
        request_retention_days=current_app.config["ACCESS_REQUEST_RETENTION_DAYS"],
    )


def account_deleted():
    """Said once the account is gone (the person is signed out)."""
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    return render_template("privacy/account_deleted.html")
