"""The survey pages everyone reads and the answering: a survey, the response form (signed-in
people), the results with charts and tables, and the exports."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.web import commit
from app.organizations.acting import chosen_organization, my_organizations
from app.surveys import chart, export, logic, permissions, queries, services
from app.surveys.forms import HideAnswerForm, ResponseForm
from app.surveys.messages import KIND_LABELS, PROBLEMS, REFUSALS, STATE_LABELS
from app.surveys.views._common import raw_from_request, raw_from_values, survey_or_404


def show(survey_id: int):
    """A survey: what it is about, when it is open, how to answer, where the results are."""
    survey = survey_or_404(survey_id)
    now = utcnow()
    return render_template(
        "surveys/show.html",
        survey=survey,
        state=logic.survey_state(survey.opens_at, survey.closes_at, now),
        state_labels=STATE_LABELS,
        responses=queries.response_counts([survey.id])[survey.id],
        can_read_results=permissions.can_read_results(current_user, survey, now),
        is_official=permissions.can_manage_surveys(current_user),
        by_organization=permissions.answers_by_organization(survey),
    )


def _problem_texts(survey, problems) -> dict[int, str]:
    texts = {}
    questions = {q.id: q for q in survey.questions}
    for question_id, problem in problems.items():
        question = questions[question_id]
        texts[question_id] = str(PROBLEMS[problem]) % {
            "max": question.max_choices
            if problem == logic.Problem.TOO_MANY_CHOICES
            else _number(question.number_max),
            "min": _number(question.number_min),
        }
    return texts


def _number(value) -> str:
    if value is None:
        return ""
    return str(logic.parse_number(str(value))).replace(".", ",")


def _render_form(survey, form, organization, raw, problems=None, refusal=None, status=200):
    response = (
        queries.response_of(survey, services.respondent_key(survey, current_user, organization))
        if organization is not None or not permissions.answers_by_organization(survey)
        else None
    )
    return (
        render_template(
            "surveys/respond.html",
            survey=survey,
            form=form,
            organization=organization,
            raw=raw
            if raw is not None
            else raw_from_values(survey, response.values() if response else {}),
            problems=problems or {},
            refusal=refusal,
            response=response,
            kind_labels=KIND_LABELS,
            preview=False,
        ),
        status,
    )


@login_required
def respond(survey_id: int):
    """Answer the survey (a draft first if wanted); the response stays editable until closing."""
    survey = survey_or_404(survey_id)
    now = utcnow()
    by_org = permissions.answers_by_organization(survey)
    form = ResponseForm()
    organizations = my_organizations() if by_org else []
    form.organization.choices = [(o.id, o.name) for o in organizations]
    if request.method == "POST":
        chosen_id = request.form.get("organization", type=int)
        organization = chosen_organization(chosen_id) if by_org else None
    else:
        wanted = request.args.get("organization", type=int)
        organization = next((o for o in organizations if o.id == wanted), None)
        organization = organization or (organizations[0] if organizations else None)
    if organization is not None:
        form.organization.data = organization.id
    refusal = permissions.response_refusal(current_user, survey, organization, now)
    if refusal in (
        permissions.ResponseRefusal.NOT_CONFIRMED,
        permissions.ResponseRefusal.NOT_REPRESENTATIVE,
    ):
        return render_template(
            "surveys/refused.html", survey=survey, message=REFUSALS[refusal]
        ), 403
    if request.method == "GET":
        return _render_form(survey, form, organization, None, refusal=REFUSALS.get(refusal))
    raw = raw_from_request(survey)
    if not form.validate_on_submit():
        return _render_form(survey, form, organization, raw, status=400)
    submit = request.form.get("action") == "submit"
    try:
        services.save_response(survey, current_user, organization, raw, submit, now)
    except services.SurveyNotOpen:
        commit_nothing()
        return _render_form(survey, form, organization, raw, refusal=REFUSALS[refusal], status=409)
    except services.InvalidAnswers as error:
        commit_nothing()
        return _render_form(
            survey, form, organization, raw, problems=_problem_texts(survey, error.problems)
        )
    commit()
    if submit:
        flash(
            _("Your answers have been sent. You can change them until the survey closes."),
            "success",
        )
    else:
        flash(
            _("Your answers have been saved as a draft; send them before the survey closes."),
            "info",
        )
    return redirect(
        url_for(
            "surveys.respond",
            survey_id=survey.id,
            organization=organization.id if organization else None,
        )
    )


def commit_nothing() -> None:
    from app.extensions import db

    db.session.rollback()


def results(survey_id: int):
    """Counts and percentages per question (charts and tables) and the text answers."""
    survey = survey_or_404(survey_id)
    now = utcnow()
    if not permissions.can_read_results(current_user, survey, now):
        return render_template(
            "surveys/refused.html",
            survey=survey,
            message=_(
                "The results will be published when the survey closes on %(date)s.",
                date=_local(survey.closes_at),
            ),
        ), 403
    data = queries.results(survey)
    is_official = permissions.can_manage_surveys(current_user)
    charts = {}
    for item in data.questions:
        if item.tally.rows:
            shown = [f"{row.count} ({_percent(row.percent)})" for row in item.tally.rows]
            charts[item.question.id] = chart.bar_chart(item.tally, item.question.text, shown)
    return render_template(
        "surveys/results.html",
        survey=survey,
        results=data,
        charts=charts,
        is_official=is_official,
        hide_form=HideAnswerForm() if is_official else None,
        kind_labels=KIND_LABELS,
        closed=now >= survey.closes_at,
    )


def _local(moment) -> str:
    from flask_babel import format_datetime

    from app.common.timeutil import to_local

    return format_datetime(to_local(moment).replace(tzinfo=None), "short", rebase=False)


def _percent(value) -> str:
    from flask_babel import get_locale

    text = f"{value:.1f}"
    return (text if str(get_locale()).startswith("en") else text.replace(".", ",")) + "%"


def _export_allowed(survey) -> None:
    require(permissions.can_read_results(current_user, survey, utcnow()))


def results_csv(survey_id: int):
    """Every submitted response as CSV for Polish Excel (semicolons, BOM)."""
    survey = survey_or_404(survey_id)
    _export_allowed(survey)
    response = Response(export.to_csv(queries.results(survey)), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=f"ankieta-{survey.id}.csv")
    return response


def results_xlsx(survey_id: int):
    """Every submitted response as an Excel workbook."""
    survey = survey_or_404(survey_id)
    _export_allowed(survey)
    response = Response(
        export.to_xlsx(queries.results(survey)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers.set("Content-Disposition", "attachment", filename=f"ankieta-{survey.id}.xlsx")
    return response
