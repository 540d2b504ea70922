"""The programme's selects of a row by id: left empty, they say what to choose in the page's
language (not WTForms' "could not coerce"); with nothing to choose from, a sentence says why."""

from __future__ import annotations

import html
import re

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from app.programmes import services
from tests.factories import make_opportunity, make_user
from tests.programmes.builders import make_funded_task, make_programme


def _error(page: str, field: str) -> str:
    match = re.search(rf'<div id="{field}-error"[^>]*>(.*?)</div>', page, re.S)
    assert match, f"no error block for {field}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def _grant() -> dict:
    return {"organization": "", "opportunity": "0", "amount": "100", "purpose": "Warsztaty"}


def test_empty_selects_say_what_to_choose_in_polish_and_english(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    make_opportunity(official, title="Konkurs na zadania sportowe")
    auth.login_as(official)
    cases = [
        (f"/programmes/tasks/{task.id}/opportunities", {"opportunity": ""}, "opportunity"),
        (f"/programmes/tasks/{task.id}/grants", _grant(), "organization"),
        (f"/programmes/grants/{task.grants[0].id}/edit", _grant(), "organization"),
    ]
    polish = {
        "opportunity": "Wybierz konkurs lub inną formę współpracy.",
        "organization": "Wybierz organizację.",
    }
    english = {
        "opportunity": "Choose a competition or another form of cooperation.",
        "organization": "Choose an organization.",
    }
    for url, data, field in cases:
        page = client.post(url, data=data).get_data(as_text=True)
        assert _error(page, field) == polish[field], url
        assert "Nieprawidłowy wybór" not in page and "coerce" not in page
    # a value not on the list says the same
    tampered = client.post(cases[0][0], data={"opportunity": "999999"}).get_data(as_text=True)
    assert _error(tampered, "opportunity") == polish["opportunity"]
    client.get("/language/en")
    for url, data, field in cases:
        page = client.post(url, data=data).get_data(as_text=True)
        assert _error(page, field) == english[field], url
        assert "Invalid Choice" not in page


def test_the_other_id_selects_of_the_wing_say_what_to_choose(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official)
    auth.login_as(official)
    proposal = client.post(f"/programmes/{programme.id}/tasks/proposal", data={"proposal": "x"})
    option = client.post(f"/programmes/{programme.id}/tasks/option", data={"option": ""})
    area = client.post(f"/programmes/{programme.id}/tasks/priorities", data={"area": "nope"})
    for response, field, message in (  # in the error summary (no select without choices)
        (proposal, "proposal", "Wybierz przyjętą propozycję."),
        (option, "option", "Wybierz sfinansowaną pozycję głosowania."),
        (area, "area", "Wybierz sferę z listy."),
    ):
        page = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 200 and message in page, field
        assert "Nieprawidłowy wybór" not in page


def test_nothing_to_choose_from_is_said_instead_of_an_empty_select(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official)
    task = services.track_priority_tasks(official, programme, "seniors", utcnow())[0]
    db.session.commit()
    auth.login_as(official)
    page = client.get(f"/programmes/tasks/{task.id}/manage").get_data(as_text=True)
    assert "Nie ma jeszcze konkursu ani innej formy współpracy do powiązania" in page
    assert "Żadna organizacja nie może jeszcze otrzymać dotacji" in page
    assert 'name="opportunity"' not in page and 'name="organization"' not in page
    client.get("/language/en")
    page = client.get(f"/programmes/tasks/{task.id}/manage").get_data(as_text=True)
    assert "There is no competition or other form of cooperation to link yet" in page
    assert "No organization can receive a grant yet" in page
