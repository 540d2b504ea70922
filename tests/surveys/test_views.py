"""Survey pages: answering with bad input (values kept), conditions, drafts, one response per
organization, closing, locked questions, preview, results, exports, hiding, the report."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import event, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.surveys.models import Survey, SurveyAnswer, SurveyResponse
from tests.factories import add_member, make_organization, make_survey, make_user


def _ids(survey):
    return [q.id for q in survey.questions]


def _answers(survey, **overrides):
    q = _ids(survey)
    data = {
        f"q{q[0]}": "Tak",
        f"q{q[1]}": ["Seniorzy", "Kultura"],
        f"q{q[2]}": "35",
        f"q{q[3]}": "4",
        f"q{q[4]}_0": "2",
        f"q{q[4]}_1": "1",
        f"q{q[4]}_2": "",
        f"q{q[5]}": "Potrzebujemy sali na spotkania.",
        "action": "submit",
    }
    data.update(overrides)
    return data


def _post(client, survey, organization, **overrides):
    data = _answers(survey, **overrides)
    data["organization"] = organization.id
    return client.post(f"/surveys/{survey.id}/respond", data=data)


def test_bad_answers_are_refused_with_the_reason_and_what_was_typed_kept(client, auth):
    survey = make_survey()
    organization = make_organization()
    auth.login_as(organization.memberships[0].user)
    q = _ids(survey)
    response = _post(client, survey, organization, **{f"q{q[1]}": []})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "To pytanie wymaga odpowiedzi." in page
    assert "Potrzebujemy sali na spotkania." in page and 'value="35"' in page
    response = _post(client, survey, organization, **{f"q{q[1]}": ["Seniorzy", "Sport", "Kultura"]})
    assert "Wybrano za dużo opcji: wybierz najwyżej 2." in response.get_data(as_text=True)
    response = _post(client, survey, organization, **{f"q{q[3]}": "7"})
    page = response.get_data(as_text=True)
    assert "Wybierz wartość od 1 do 5." in page and "Potrzebujemy sali" in page
    assert db.session.scalar(select(SurveyResponse.id)) is None


def test_answer_edit_and_the_condition_drops_a_hidden_answer(client, auth):
    survey = make_survey()
    organization = make_organization()
    representative = organization.memberships[0].user
    auth.login_as(representative)
    assert _post(client, survey, organization).status_code == 302
    row = db.session.scalar(select(SurveyResponse))
    assert row.submitted_at is not None and row.respondent_key == f"organization:{organization.id}"
    values = row.values()
    q = _ids(survey)
    assert values[q[2]] == 35 and values[q[4]] == ["Granty", "Lokale"]
    # edited: "Nie" hides question 3, whose typed answer is then dropped
    assert _post(client, survey, organization, **{f"q{q[0]}": "Nie"}).status_code == 302
    db.session.expire_all()
    values = db.session.scalar(select(SurveyResponse)).values()
    assert values[q[0]] == "Nie" and q[2] not in values
    # another representative of the same organization edits the same one response
    second = make_user()
    add_member(organization, user=second)
    auth.login_as(second)
    page = client.get(f"/surveys/{survey.id}/respond").get_data(as_text=True)
    assert "Wysłano" in page and "Potrzebujemy sali na spotkania." in page
    _post(client, survey, organization, **{f"q{q[3]}": "2"})
    assert len(list(db.session.scalars(select(SurveyResponse)))) == 1


def test_a_draft_is_saved_without_required_answers_and_not_counted(client, auth):
    survey = make_survey()
    organization = make_organization()
    auth.login_as(organization.memberships[0].user)
    q = _ids(survey)
    response = _post(client, survey, organization, action="draft", **{f"q{q[1]}": []})
    assert response.status_code == 302
    row = db.session.scalar(select(SurveyResponse))
    assert row.submitted_at is None
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "Wysłane odpowiedzi" in page


def test_after_closing_an_answer_is_refused_and_kept_on_the_page(client, auth):
    survey = make_survey()
    organization = make_organization()
    auth.login_as(organization.memberships[0].user)
    survey.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = _post(client, survey, organization)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Ankieta jest zamknięta" in page and "Potrzebujemy sali na spotkania." in page
    assert db.session.scalar(select(SurveyResponse.id)) is None


def test_a_person_who_does_not_represent_the_organization_is_refused(client, auth):
    survey = make_survey()
    organization = make_organization()
    auth.login_as(make_user())
    assert client.get(f"/surveys/{survey.id}/respond").status_code == 403
    assert _post(client, survey, organization).status_code == 403


def test_questions_are_locked_after_the_first_response(client, auth):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official)
    organization = make_organization()
    auth.login_as(organization.memberships[0].user)
    _post(client, survey, organization)
    auth.login_as(official)
    url = f"/surveys/{survey.id}/manage"
    response = client.post(
        url,
        data={
            "kind": "short_text",
            "text": "Nowe pytanie",
            "is_required": "y",
            "show_if_question": 0,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "nie mogą się już zmienić" in page
    assert "Nowe pytanie" in page
    response = client.post(
        url, data={"kind": "short_text", "text": "Dodatkowe", "show_if_question": 0}
    )
    assert response.status_code == 302
    question = survey.questions[0]
    response = client.post(f"/surveys/{survey.id}/questions/{question.id}/delete")
    assert response.status_code == 409
    assert len(db.session.get(Survey, survey.id).questions) == len(_ids(survey))


def test_a_bad_question_is_a_field_error(client, auth):
    survey = make_survey(questions=[])
    auth.login_as(make_user(role=Role.OFFICIAL))
    response = client.post(
        f"/surveys/{survey.id}/manage",
        data={
            "kind": "multiple",
            "text": "Wybierz",
            "options": "a\nb",
            "max_choices": "3",
            "show_if_question": 0,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Maksimum jest większe niż liczba opcji." in page


def test_preview_before_opening_and_nobody_else_sees_it(client, auth):
    survey = make_survey(
        opens_at=utcnow() + timedelta(days=1), closes_at=utcnow() + timedelta(days=9)
    )
    auth.login_as(make_user(role=Role.OFFICIAL))
    page = client.get(f"/surveys/{survey.id}/preview").get_data(as_text=True)
    assert "Podgląd" in page and "Czy prowadzicie zajęcia dla seniorów?" in page
    auth.login_as(make_user())
    assert client.get(f"/surveys/{survey.id}").status_code == 403


def _closed_survey_with_answers(client, auth, anonymous=False):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official, is_anonymous=anonymous)
    for n, answer in enumerate(["Tak", "Nie", "Tak"]):
        organization = make_organization(name=f"Fundacja Ankietowa {n}")
        auth.login_as(organization.memberships[0].user)
        q = _ids(survey)
        _post(client, survey, organization, **{f"q{q[0]}": answer, f"q{q[5]}": f"Uwaga {n}"})
    survey.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.logout()
    with client.session_transaction() as session:
        session.clear()
    return survey, official


def test_results_after_closing_for_everyone_with_charts_tables_and_exports(client, auth):
    survey, _official = _closed_survey_with_answers(client, auth)
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "<svg" in page and "66,7%" in page and "Uwaga 1" in page
    assert "Fundacja Ankietowa 0" in page
    csv_text = client.get(f"/surveys/{survey.id}/results.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeff") and ";" in csv_text.splitlines()[0]
    assert "Fundacja Ankietowa 2" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(f"/surveys/{survey.id}/results.xlsx").data))
    assert workbook.active.max_row == 4


def test_anonymous_exports_name_nobody(client, auth):
    survey, _official = _closed_survey_with_answers(client, auth, anonymous=True)
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    csv_text = client.get(f"/surveys/{survey.id}/results.csv").get_data(as_text=True)
    assert "Fundacja Ankietowa" not in page and "Fundacja Ankietowa" not in csv_text


def test_results_wait_for_closing_except_for_officials(client, auth):
    survey = make_survey()
    assert client.get(f"/surveys/{survey.id}/results").status_code == 403
    assert client.get(f"/surveys/{survey.id}/results.csv").status_code in (302, 403)
    auth.login_as(make_user(role=Role.OFFICIAL))
    assert client.get(f"/surveys/{survey.id}/results").status_code == 200


def test_an_official_hides_an_abusive_answer_with_a_reason(client, auth):
    survey, official = _closed_survey_with_answers(client, auth)
    answer = next(a for a in db.session.scalars(select(SurveyAnswer)) if a.value == "Uwaga 1")
    auth.login_as(official)
    client.post(f"/surveys/{survey.id}/answers/{answer.id}/hide", data={"reason": "Obraźliwe"})
    auth.logout()
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Uwaga 1" not in page and "Obraźliwe" in page
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "survey.hide_answer"))


def test_the_report_summarises_closed_surveys(client, auth):
    from app.consultations import services as consultation_services

    survey, official = _closed_survey_with_answers(client, auth)
    consultation = survey.consultation
    after = consultation.stage("commenting").closes_at + timedelta(days=1)
    consultation_services.publish_report(official, consultation, "", "Piotr", after)
    db.session.commit()
    page = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "Ankieta o potrzebach organizacji" in page and "Wysłano 3 odpowiedzi." in page


def test_results_page_queries_do_not_grow_with_responses(client, auth):
    survey, official = _closed_survey_with_answers(client, auth)

    def count() -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(f"/surveys/{survey.id}/results").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    before = count()
    for n in range(4):
        organization = make_organization(name=f"Kolejna {n}")
        auth.login_as(organization.memberships[0].user)
        survey.closes_at = utcnow() + timedelta(days=1)
        db.session.commit()
        _post(client, survey, organization)
    survey.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.logout()
    assert count() == before


def test_in_a_round_open_to_persons_each_person_answers_once(client, auth):
    from tests.factories import make_consultation

    consultation = make_consultation(participation="confirmed_persons")
    survey = make_survey(consultation, questions=[{"kind": "scale", "text": "Ocena"}])
    person = make_user()
    auth.login_as(person)
    page = client.get(f"/surveys/{survey.id}/respond").get_data(as_text=True)
    assert "W imieniu" not in page
    field = f"q{survey.questions[0].id}"
    for value in ("3", "5"):
        response = client.post(
            f"/surveys/{survey.id}/respond", data={field: value, "action": "submit"}
        )
        assert response.status_code == 302
    rows = list(db.session.scalars(select(SurveyResponse)))
    assert len(rows) == 1 and rows[0].respondent_key == f"person:{person.id}"
    assert rows[0].values() == {survey.questions[0].id: 5}


def test_a_representative_of_two_organizations_answers_for_each_separately(client, auth):
    survey = make_survey(questions=[{"kind": "short_text", "text": "Jedno słowo"}])
    first = make_organization(name="Pierwsza Fundacja")
    representative = first.memberships[0].user
    second = make_organization(founder=representative, name="Druga Fundacja")
    auth.login_as(representative)
    field = f"q{survey.questions[0].id}"
    for organization, word in ((first, "pierwsza"), (second, "druga")):
        client.post(
            f"/surveys/{survey.id}/respond",
            data={"organization": organization.id, field: word, "action": "submit"},
        )
    page = client.get(f"/surveys/{survey.id}/respond?organization={second.id}").get_data(
        as_text=True
    )
    assert "W imieniu organizacji: Druga Fundacja" in page and 'value="druga"' in page
    assert "Odpowiedz w imieniu innej organizacji:" in page and "Pierwsza Fundacja" in page
    keys = sorted(db.session.scalars(select(SurveyResponse.respondent_key)))
    assert keys == [f"organization:{first.id}", f"organization:{second.id}"]
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"survey.create", "survey.change_questions"} <= actions
