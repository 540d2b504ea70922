"""The officials' survey pages: preparing a survey and its questions, the preview, hiding an
abusive text answer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.timeutil import to_utc, to_warsaw_naive, utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.consultations.loading import round_or_404
from app.surveys import services
from app.surveys.forms import (
    HideAnswerForm,
    MoveQuestionForm,
    QuestionForm,
    ResponseForm,
    SurveyForm,
)
from app.surveys.messages import ANONYMITY_LOCKED, BAD_QUESTION, KIND_LABELS, QUESTIONS_LOCKED
from app.surveys.models import SurveyAnswer, SurveyQuestion
from app.surveys.states import CONDITION_KINDS
from app.surveys.views._common import raw_from_values, require_official, survey_or_404


def _survey_data(form: SurveyForm) -> services.SurveyData | None:
    opens, closes = to_utc(form.opens_at.data), to_utc(form.closes_at.data)
    if closes <= opens:
        form.closes_at.errors.append(_("The survey must close after it opens."))
        return None
    return services.SurveyData(
        title=form.title.data,
        intro_md=form.intro.data or "",
        is_anonymous=form.is_anonymous.data,
        opens_at=opens,
        closes_at=closes,
    )


@login_required
def create(consultation_id: int):
    """Prepare a survey of the round."""
    consultation = round_or_404(consultation_id)
    require_official()
    form = SurveyForm()
    if form.validate_on_submit():
        data = _survey_data(form)
        if data is not None:
            survey = services.create_survey(current_user, consultation, data, utcnow())
            commit()
            flash(_("The survey has been created; add its questions."), "success")
            return redirect(url_for("surveys.manage", survey_id=survey.id))
    return render_template("surveys/form.html", form=form, consultation=consultation, survey=None)


@login_required
def edit(survey_id: int):
    """Change the title, introduction, anonymity or dates."""
    survey = survey_or_404(survey_id)
    require_official()
    form = SurveyForm(obj=survey)
    if request.method == "GET":
        form.intro.data = survey.intro_md
        form.opens_at.data = to_warsaw_naive(survey.opens_at)
        form.closes_at.data = to_warsaw_naive(survey.closes_at)
    if form.validate_on_submit():
        data = _survey_data(form)
        if data is not None:
            try:
                services.update_survey(current_user, survey, data, utcnow())
            except services.AnonymityLocked as error:
                attach_input_error(
                    form, error, {services.AnonymityLocked: ("is_anonymous", ANONYMITY_LOCKED)}
                )
            else:
                commit()
                flash(_("The survey has been changed."), "success")
                return redirect(url_for("surveys.manage", survey_id=survey.id))
    return render_template(
        "surveys/form.html", form=form, consultation=survey.consultation, survey=survey
    )


def _question_form(survey, question: SurveyQuestion | None = None) -> QuestionForm:
    """The question form; an edited ``question`` is filled on a first display and may depend
    only on an earlier question (its type is shown, not changed)."""
    form = QuestionForm(obj=question) if question is not None else QuestionForm()
    form.show_if_question.choices = [(0, _("— always shown —"))] + [
        (q.id, f"{q.position}. {q.text}")
        for q in survey.questions
        if q.kind in CONDITION_KINDS and (question is None or q.position < question.position)
    ]
    if question is not None:
        form.kind.data = question.kind
        if request.method == "GET":
            form.options.data = "\n".join(question.options or [])
            form.show_if_question.data = question.show_if_question_id or 0
    return form


def _question_or_404(survey, question_id: int) -> SurveyQuestion:
    question = get_or_404(SurveyQuestion, question_id)
    if question.survey_id != survey.id:
        abort(404)
    return question


def _save_question(form: QuestionForm, save) -> int | None:
    """Run ``save`` with the form's data; None when it worked, else the status to answer with
    after putting the reason at its field (409 once someone has answered)."""
    try:
        save(_question_data(form))
    except services.QuestionsLocked as error:
        attach_input_error(
            form, error, {services.QuestionsLocked: ("is_required", QUESTIONS_LOCKED)}
        )
        return 409
    except services.BadQuestion as error:
        attach_input_error(
            form, error, {services.BadQuestion: (error.field, BAD_QUESTION[error.code])}
        )
        return 200
    return None


def _question_data(form: QuestionForm) -> services.QuestionData:
    options = tuple(line.strip() for line in (form.options.data or "").splitlines() if line.strip())
    return services.QuestionData(
        kind=form.kind.data,
        text=form.text.data,
        help_text=form.help_text.data or "",
        is_required=form.is_required.data,
        options=options,
        max_choices=form.max_choices.data,
        scale_low_label=form.scale_low_label.data or "",
        scale_high_label=form.scale_high_label.data or "",
        number_min=form.number_min.data,
        number_max=form.number_max.data,
        show_if_question_id=form.show_if_question.data or None,
        show_if_value=form.show_if_value.data,
    )


@login_required
def manage(survey_id: int):
    """The survey's questions, the form to add one, the preview and results links."""
    survey = survey_or_404(survey_id)
    require_official()
    form = _question_form(survey)
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        status = _save_question(
            form, lambda data: services.add_question(current_user, survey, data, utcnow())
        )
        if status is None:
            commit()
            flash(_("The question has been added."), "success")
            return redirect(url_for("surveys.manage", survey_id=survey.id))
    return render_template(
        "surveys/manage.html",
        survey=survey,
        form=form,
        kind_labels=KIND_LABELS,
        locked=services.has_responses(survey),
    ), status


@login_required
def edit_question(survey_id: int, question_id: int):
    """Change a question's wording, explanation, options, requirement or condition (until the
    first response)."""
    survey = survey_or_404(survey_id)
    require_official()
    question = _question_or_404(survey, question_id)
    form = _question_form(survey, question)
    status = 200
    if request.method == "GET" and services.has_responses(survey):
        form.is_required.errors = [QUESTIONS_LOCKED]  # said before anything is typed
    elif form.validate_on_submit():
        status = _save_question(
            form, lambda data: services.update_question(current_user, question, data, utcnow())
        )
        if status is None:
            commit()
            flash(_("The question has been changed."), "success")
            return redirect(url_for("surveys.manage", survey_id=survey.id))
    return render_template(
        "surveys/question_form.html",
        survey=survey,
        question=question,
        form=form,
        kind_labels=KIND_LABELS,
    ), status


@login_required
def move_question(survey_id: int, question_id: int):
    """Move a question one place up or down (until the first response)."""
    survey = survey_or_404(survey_id)
    require_official()
    question = _question_or_404(survey, question_id)
    form = MoveQuestionForm()
    if not form.validate_on_submit():
        abort(400)
    step = -1 if form.direction.data == "up" else 1
    try:
        services.move_question(current_user, question, step, utcnow())
    except services.BadQuestion as error:
        flash(str(BAD_QUESTION[error.code]), "danger")
    else:
        commit()
        flash(_("The question has been moved."), "success")
    return redirect(url_for("surveys.manage", survey_id=survey.id) + f"#question-{question.id}")


@login_required
def delete_question(survey_id: int, question_id: int):
    """Remove a question before anyone answers."""
    survey = survey_or_404(survey_id)
    require_official()
    question = _question_or_404(survey, question_id)
    services.delete_question(current_user, question)
    commit()
    flash(_("The question has been removed."), "success")
    return redirect(url_for("surveys.manage", survey_id=survey.id))


@login_required
def preview(survey_id: int):
    """The form as people will see it (nothing can be sent from the preview)."""
    survey = survey_or_404(survey_id)
    require_official()
    return render_template(
        "surveys/respond.html",
        survey=survey,
        form=ResponseForm(),
        organization=None,
        raw=raw_from_values(survey, {}),
        problems={},
        refusal=None,
        response=None,
        kind_labels=KIND_LABELS,
        preview=True,
    )


@login_required
def hide_answer(survey_id: int, answer_id: int):
    """Hide an abusive text answer with a public reason."""
    survey = survey_or_404(survey_id)
    require_official()
    answer = get_or_404(SurveyAnswer, answer_id)
    if answer.response.survey_id != survey.id:
        abort(404)
    form = HideAnswerForm()
    if form.validate_on_submit():
        services.hide_answer(current_user, answer, form.reason.data, utcnow())
        commit()
        flash(_("The answer has been hidden."), "success")
    else:
        flash(_("Give the reason for hiding."), "danger")
    return redirect(url_for("surveys.results", survey_id=survey.id) + f"#answer-{answer.id}")
