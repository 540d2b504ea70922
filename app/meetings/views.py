"""Pages of consultation meetings: the meeting (everyone), registering and cancelling (signed-in
people), planning, minutes, files and remarks (officials)."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.authz import require
from app.common.timeutil import to_utc, to_warsaw_naive, utcnow
from app.common.uploads import RejectedUpload, check_upload
from app.common.web import attach_input_error, commit, get_or_404
from app.consultations import services as consultation_services
from app.consultations.forms import PERSON_CHOICE, submitter_choices
from app.consultations.loading import round_or_404
from app.consultations.messages import REMARKS_FROZEN, upload_message
from app.consultations.permissions import can_view_round, remarks_frozen
from app.meetings import permissions, queries, services
from app.meetings.forms import (
    MeetingAttachmentForm,
    MeetingForm,
    MinutesForm,
    RegistrationForm,
    RemarkForm,
)
from app.meetings.messages import (
    CAPACITY_BELOW_SEATS,
    REGISTRATION_REFUSALS,
    STATUS_LABELS,
)
from app.meetings.models import Meeting, MeetingAttachment
from app.meetings.states import RegistrationStatus
from app.organizations.acting import chosen_organization, my_organizations
from app.organizations.models import Organization
from app.organizations.queries import verified_organizations

ATTACHMENT_KINDS = {"pdf", "docx", "odt", "xlsx", "ods", "png", "jpg"}


def meeting_or_404(meeting_id: int, lock: bool = False) -> Meeting:
    """The meeting, or 404; 403 when its round is a draft the person may not see."""
    meeting = get_or_404(Meeting, meeting_id, lock=lock)
    require(can_view_round(current_user, meeting.consultation))
    return meeting


def _require_official() -> None:
    require(permissions.can_manage_meetings(current_user))


def _registration_form() -> RegistrationForm:
    form = RegistrationForm()
    form.organization.choices = [(0, _("Myself"))] + [(o.id, o.name) for o in my_organizations()]
    return form


def show(meeting_id: int):
    """A meeting: when, where, agenda, seats, registration; after it, minutes and remarks."""
    meeting = meeting_or_404(meeting_id)
    now = utcnow()
    mine = queries.registration_of(meeting, current_user)
    counts = queries.seat_counts([meeting.id])[meeting.id]
    refusal = permissions.registration_refusal(current_user, meeting, now)
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        consultation=meeting.consultation,
        mine=mine,
        position=queries.waiting_position(mine) if mine and mine.is_waiting else None,
        seated=counts[RegistrationStatus.REGISTERED],
        waiting=counts[RegistrationStatus.WAITING],
        started=permissions.has_started(meeting, now),
        can_register=refusal is None and mine is None,
        refusal=REGISTRATION_REFUSALS.get(refusal) if refusal and mine is None else None,
        can_cancel=mine is not None and permissions.can_cancel(current_user, mine, now),
        form=_registration_form() if refusal is None and mine is None else None,
        is_official=permissions.can_manage_meetings(current_user),
        remarks=queries.remarks_of(meeting) if meeting.minutes_published_at else [],
        status_labels=STATUS_LABELS,
    )


@login_required
def register(meeting_id: int):
    """Take a seat, or a place on the waiting list when the meeting is full."""
    meeting = meeting_or_404(meeting_id)
    form = _registration_form()
    if not form.validate_on_submit():
        flash(_("Choose for whom you register."), "danger")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    organization = chosen_organization(form.organization.data) if form.organization.data else None
    registration = services.register(meeting, current_user, organization, utcnow())
    position = queries.waiting_position(registration) if registration.is_waiting else None
    commit()
    if position is not None:
        flash(
            _(
                "The meeting is full: you are on the waiting list (number %(position)s). If "
                "someone cancels, you get their seat and we let you know.",
                position=position,
            ),
            "warning",
        )
    else:
        flash(_("You are registered for the meeting."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


@login_required
def cancel(meeting_id: int):
    """Give up one's seat or place on the waiting list."""
    meeting = meeting_or_404(meeting_id)
    registration = queries.registration_of(meeting, current_user)
    if registration is None:
        abort(404)
    services.cancel_registration(registration, utcnow())
    commit()
    flash(_("Your registration has been cancelled."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


@login_required
def registrations(meeting_id: int):
    """The officials' list of who registered and who waits."""
    meeting = meeting_or_404(meeting_id)
    _require_official()
    return render_template(
        "meetings/registrations.html",
        meeting=meeting,
        registrations=queries.registrations(meeting),
        status_labels=STATUS_LABELS,
    )


def _meeting_data(form: MeetingForm) -> services.MeetingData | None:
    """The form's data, or None after putting the problems at their fields."""
    starts, ends = to_utc(form.starts_at.data), to_utc(form.ends_at.data)
    ok = True
    if ends <= starts:
        form.ends_at.errors.append(_("The meeting must end after it starts."))
        ok = False
    if not (form.place.data or "").strip() and not (form.online_url.data or "").strip():
        form.place.errors.append(_("Give the place or the link to the online meeting."))
        ok = False
    if not ok:
        return None
    return services.MeetingData(
        title=form.title.data,
        starts_at=starts,
        ends_at=ends,
        place=form.place.data,
        online_url=form.online_url.data,
        agenda_md=form.agenda.data or "",
        capacity=form.capacity.data,
        accessibility_note=form.accessibility_note.data or "",
    )


@login_required
def create(consultation_id: int):
    """Plan a consultation meeting of the round."""
    consultation = round_or_404(consultation_id)
    _require_official()
    form = MeetingForm()
    if form.validate_on_submit():
        data = _meeting_data(form)
        if data is not None:
            meeting = services.create_meeting(current_user, consultation, data, utcnow())
            commit()
            flash(_("The meeting has been planned."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, consultation=consultation, meeting=None)


@login_required
def edit(meeting_id: int):
    """Change a meeting's date, place, agenda or seats."""
    meeting = meeting_or_404(meeting_id)
    _require_official()
    form = MeetingForm(obj=meeting)
    if request.method == "GET":
        form.starts_at.data = to_warsaw_naive(meeting.starts_at)
        form.ends_at.data = to_warsaw_naive(meeting.ends_at)
        form.agenda.data = meeting.agenda_md
    if form.validate_on_submit():
        data = _meeting_data(form)
        if data is not None:
            try:
                services.update_meeting(current_user, meeting, data, utcnow())
            except services.CapacityBelowSeats as error:
                attach_input_error(
                    form, error, {services.CapacityBelowSeats: ("capacity", CAPACITY_BELOW_SEATS)}
                )
            else:
                commit()
                flash(_("The meeting has been changed."), "success")
                return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/form.html", form=form, consultation=meeting.consultation, meeting=meeting
    )


def _minutes_form(meeting: Meeting) -> MinutesForm:
    form = MinutesForm()
    form.organizations.choices = [(o.id, o.name) for o in verified_organizations()]
    if request.method == "GET":
        form.minutes.data = meeting.minutes_md
        if meeting.minutes_published_at:
            form.organizations.data = [o.id for o in meeting.organizations]
        else:  # start from the organizations that registered
            form.organizations.data = sorted(
                {
                    r.organization_id
                    for r in meeting.registrations
                    if r.organization_id and r.status == RegistrationStatus.REGISTERED
                }
            )
    return form


@login_required
def minutes(meeting_id: int):
    """Publish the minutes and the organizations that took part (confirmed by a tick)."""
    meeting = meeting_or_404(meeting_id)
    _require_official()
    if not permissions.has_started(meeting, utcnow()):
        flash(
            _("The meeting has not taken place yet: minutes and remarks come after it."), "warning"
        )
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = _minutes_form(meeting)
    if form.validate_on_submit():
        chosen = [o for o in verified_organizations() if o.id in set(form.organizations.data)]
        services.publish_minutes(current_user, meeting, form.minutes.data, chosen, utcnow())
        commit()
        flash(_("The minutes have been published."), "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/minutes_form.html",
        form=form,
        meeting=meeting,
        attachment_form=MeetingAttachmentForm(),
    )


@login_required
def add_attachment(meeting_id: int):
    """Attach a file to the minutes."""
    meeting = meeting_or_404(meeting_id)
    _require_official()
    if not permissions.has_started(meeting, utcnow()):
        flash(
            _("The meeting has not taken place yet: minutes and remarks come after it."), "warning"
        )
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = MeetingAttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not upload.filename:
            form.file.errors.append(_("Choose a file."))
        else:
            data = upload.read()
            upload.close()
            try:
                checked = check_upload(
                    upload.filename,
                    data,
                    ATTACHMENT_KINDS,
                    current_app.config["ATTACHMENT_MAX_BYTES"],
                )
            except RejectedUpload as error:
                form.file.errors.append(upload_message(error.problem))
            else:
                services.add_attachment(current_user, meeting, checked, data, utcnow())
                commit()
                flash(_("The file has been attached."), "success")
                return redirect(url_for("meetings.show", meeting_id=meeting.id))
    for error in form.file.errors:
        flash(error, "danger")
    return redirect(url_for("meetings.minutes", meeting_id=meeting.id))


def attachment(meeting_id: int, attachment_id: int):
    """Download a file of the minutes (always as a download); public with the minutes, the
    office's alone before they are published."""
    meeting = meeting_or_404(meeting_id)
    item = get_or_404(MeetingAttachment, attachment_id)
    if item.meeting_id != meeting.id or not permissions.can_download_attachment(
        current_user, meeting
    ):
        abort(404)
    response = Response(item.data, mimetype=item.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=item.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _remark_form(meeting: Meeting) -> RemarkForm:
    form = RemarkForm()
    version = meeting.consultation.current_version
    form.unit.choices = [("", _("General comment on the whole document"))] + [
        (u.key, f"{u.label}: {u.text_md[:80]}") for u in version.units
    ]
    form.organization.choices = submitter_choices(verified_organizations())
    return form


@login_required
def new_remark(meeting_id: int):
    """Enter a remark made at the meeting; it becomes a comment of the round to answer."""
    meeting = meeting_or_404(meeting_id)
    _require_official()
    if not permissions.has_started(meeting, utcnow()):
        flash(
            _("The meeting has not taken place yet: minutes and remarks come after it."), "warning"
        )
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    if meeting.consultation.current_version is None:
        flash(_("Publish the draft first."), "warning")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = _remark_form(meeting)
    if form.validate_on_submit():
        organization = (
            get_or_404(Organization, form.organization.data)
            if form.organization.data != PERSON_CHOICE
            else None
        )
        data = consultation_services.CommentData(
            unit_key=form.unit.data or None,
            proposed_wording=form.proposed_wording.data,
            justification=form.justification.data,
        )
        try:
            comment = services.enter_remark(
                current_user,
                meeting,
                organization,
                data,
                utcnow(),
                person_name=form.person_name.data if organization is None else None,
            )
        except consultation_services.RemarksFrozen as error:
            attach_input_error(
                form,
                error,
                {consultation_services.RemarksFrozen: ("justification", str(REMARKS_FROZEN))},
            )
            return render_template(
                "meetings/remark_form.html", form=form, meeting=meeting, frozen=REMARKS_FROZEN
            ), 409
        commit()
        flash(
            _(
                "Remark no. %(number)s from the meeting has been entered; answer it here.",
                number=comment.number,
            ),
            "success",
        )
        return redirect(
            url_for(
                "consultations.comment",
                consultation_id=comment.consultation_id,
                comment_id=comment.id,
            )
        )
    return render_template(
        "meetings/remark_form.html",
        form=form,
        meeting=meeting,
        frozen=REMARKS_FROZEN if remarks_frozen(meeting.consultation) else None,
    )


def ics(meeting_id: int):
    """The meeting as an iCalendar file."""
    from app.meetings.ical import meeting_calendar

    meeting = meeting_or_404(meeting_id)
    link = url_for("meetings.show", meeting_id=meeting.id, _external=True)
    response = Response(
        meeting_calendar(meeting, link), content_type="text/calendar; charset=utf-8"
    )
    response.headers["Content-Disposition"] = f'inline; filename="meeting-{meeting.id}.ics"'
    return response
