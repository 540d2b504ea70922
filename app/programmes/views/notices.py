"""Change notices: a funded organization tells the office of a change or a problem in its
task, and the office answers; both see the thread."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.organizations.acting import chosen_organization, my_organizations
from app.programmes import permissions, queries, services
from app.programmes.forms import AnswerForm, NoticeForm, ReplyForm
from app.programmes.models import ChangeNotice, ProgrammeTask
from app.programmes.states import NoticeAnswer, NoticeKind
from app.programmes.views._common import read_upload
from app.programmes.views.public import LABELS

NOT_FUNDED = _l(
    "This organization received no grant for this task, so it cannot file a change notice about it."
)


@login_required
def create(task_id: int):
    """File a change notice on a task the organization is funded for (representatives)."""
    task = get_or_404(ProgrammeTask, task_id)
    mine = my_organizations()
    require(bool(mine))
    form = NoticeForm()
    form.organization.choices = [(o.id, o.name) for o in mine]
    if form.validate_on_submit():
        organization = chosen_organization(form.organization.data)
        ok, upload = read_upload(form.file)
        if ok:
            try:
                notice = services.file_notice(
                    current_user,
                    task,
                    organization,
                    NoticeKind(form.kind.data),
                    form.description.data,
                    form.justification.data,
                    upload,
                    utcnow(),
                )
            except services.NotFundedOrganization as error:
                attach_input_error(
                    form, error, {services.NotFundedOrganization: ("organization", NOT_FUNDED)}
                )
            else:
                commit()
                flash(_("The change notice has been sent to the office."), "success")
                return redirect(url_for("programmes.notice", notice_id=notice.id))
    return render_template(
        "programmes/notice_form.html", form=form, task=task, programme=task.programme
    )


def _notice_page(
    notice: ChangeNotice, form: AnswerForm | None = None, reply_form: ReplyForm | None = None
):
    is_office = permissions.can_manage(current_user)
    return render_template(
        "programmes/notice.html",
        notice=notice,
        task=notice.task,
        programme=notice.task.programme,
        answer_form=(form or AnswerForm(formdata=None)) if is_office else None,
        reply_form=reply_form or ReplyForm(formdata=None),
        is_office=is_office,
        now_date=services.local_today(utcnow()),
        **LABELS,
    )


@login_required
def show(notice_id: int):
    """The thread of a change notice: the notice, the answers and replies, their deadlines."""
    notice = queries.notice_for_page(notice_id)
    if notice is None:
        abort(404)
    if not permissions.can_view_notice(current_user, notice):
        abort(404)
    return _notice_page(notice)


@login_required
def answer(notice_id: int):
    """The office answers a change notice: accepted, needs an annex, or rejected."""
    notice = get_or_404(ChangeNotice, notice_id)
    require(permissions.can_manage(current_user))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            services.answer_notice(
                current_user,
                notice,
                NoticeAnswer(form.answer.data),
                form.reason.data,
                utcnow(),
                reply_due_on=form.reply_due_on.data,
            )
        except tuple(ANSWER_ERRORS) as error:
            attach_input_error(form, error, ANSWER_ERRORS)
        else:
            commit()
            flash(_("The answer has been sent."), "success")
            return redirect(url_for("programmes.notice", notice_id=notice.id))
    return _notice_page(queries.notice_for_page(notice.id), form)


ANSWER_ERRORS = {
    services.ReplyDateRequired: (
        "reply_due_on",
        _l("The change needs an annex: enter the day the organization is to send it by."),
    ),
    services.ReplyDueInPast: ("reply_due_on", _l("The date cannot be in the past.")),
}


REPLY_ERRORS = {
    services.EmptyReply: ("body", _l("Write the message.")),
    services.ReplyDueInPast: ("due_on", _l("The date cannot be in the past.")),
}


@login_required
def reply(notice_id: int):
    """A further message in the thread, from the office or the organization that filed it."""
    notice = get_or_404(ChangeNotice, notice_id)
    if not permissions.can_view_notice(current_user, notice):
        abort(404)
    is_office = permissions.can_manage(current_user)
    form = ReplyForm()
    if form.validate_on_submit():
        ok, upload = read_upload(form.file)
        if ok:
            try:
                services.reply_to_notice(
                    current_user,
                    notice,
                    form.body.data,
                    upload,
                    utcnow(),
                    answer=NoticeAnswer(form.answer.data)
                    if is_office and form.answer.data
                    else None,
                    due_on=form.due_on.data if is_office else None,
                )
            except tuple(REPLY_ERRORS) as error:
                attach_input_error(form, error, REPLY_ERRORS)
            else:
                commit()
                flash(_("The message has been added to the thread."), "success")
                return redirect(url_for("programmes.notice", notice_id=notice.id))
    return _notice_page(notice, reply_form=form)
