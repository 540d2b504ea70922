"""All responses of a survey as CSV (the Polish Excel form: semicolons, decimal commas, UTF-8
with BOM) and XLSX, both with the site's metryka (app/common/tables.py). An anonymous survey's
exports name nobody; answers hidden by the office are replaced by the note that they were
hidden."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from app.common import tables
from app.common.timeutil import to_local
from app.surveys.queries import Results
from app.surveys.states import QuestionKind


def _cell(kind: str, value: Any, for_csv: bool) -> Any:
    if value is None:
        return ""
    if kind == QuestionKind.MULTIPLE:
        return "; ".join(value)
    if kind == QuestionKind.RANKING:
        return " > ".join(value)
    if kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
        return str(value).replace(".", ",") if for_csv else value
    return value


def rows(results: Results, for_csv: bool) -> list[list[Any]]:
    """A header row, then one row per submitted response.

    An anonymous survey's rows carry neither the respondent nor the time of sending, and come
    sorted by their answers rather than in order of submission: who answered at 9:14 (or
    answered first) cannot be matched to a row."""
    survey = results.survey
    anonymous = survey.is_anonymous
    questions = survey.questions
    header = [_("No.")]
    if not anonymous:
        header += [_("Respondent"), _("Submitted at")]
    header += [f"{n}. {q.text}" for n, q in enumerate(questions, start=1)]
    body: list[list[Any]] = []
    for response in results.responses:
        answers = {a.question_id: a for a in response.answers}
        row: list[Any] = []
        if not anonymous:
            row.append(response.organization.name if response.organization else response.user.name)
            row.append(to_local(response.submitted_at).strftime("%Y-%m-%d %H:%M"))
        for question in questions:
            answer = answers.get(question.id)
            if answer is not None and answer.is_hidden:
                row.append(_("hidden: %(reason)s", reason=answer.hidden_reason))
            else:
                row.append(_cell(question.kind, answer.value if answer else None, for_csv))
        body.append(row)
    if anonymous:
        body.sort(key=lambda row: [str(cell) for cell in row])
    return [header] + [[number, *row] for number, row in enumerate(body, start=1)]


def about(results: Results) -> list[list[Any]]:
    """The metryka: the site's identity, the survey, and its results page's address."""
    survey = results.survey
    return tables.about_rows(
        source_url=url_for("surveys.results", survey_id=survey.id, _external=True),
        extra=[[_("Survey"), survey.title]],
    )


def to_csv(results: Results) -> str:
    """In the form Polish spreadsheets open (app/common/tables.py), under the metryka."""
    header, *body = rows(results, for_csv=True)  # numbers already with a decimal comma
    return tables.csv_text(header, body, about=about(results))


def to_xlsx(results: Results) -> bytes:
    """The responses' sheet, then the metryka."""
    header, *body = rows(results, for_csv=False)
    return tables.xlsx_bytes([tables.Sheet(_("Responses"), header, body)], about=about(results))
