"""Each published document named as the law names it in its correction pieces: the
programme's "sprawozdanie z realizacji programu współpracy", the consultation's "raport z
konsultacji" (the shared notice macro takes its sentence from the caller)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.consultations.models import Report
from app.extensions import db
from app.programmes import services
from tests.factories import make_consultation, make_user
from tests.programmes.builders import make_funded_task, make_programme

CONFIRM = {"step": "confirm", "confirmed": "y"}


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _main(page: str) -> str:
    """The text of the page's main part (not the menu or the footer)."""
    body = re.search(r"<main.*?</main>", page, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_programme_report_correction_says_sprawozdanie(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(programme=make_programme(official, year=2025), official=official)
    programme = task.programme
    services.save_report(official, programme, "Rok 2025.", "Wydział", utcnow())
    services.publish_report(official, programme, utcnow())
    db.session.commit()
    auth.login_as(official)
    url = f"/programmes/{programme.id}/report/correct"
    form = _main(_page(client.get(url)))
    assert "Popraw opublikowane sprawozdanie" in form
    data = {"text": "Rok 2025, po korekcie.", "prepared_by": "Wydział", "step": "preview"}
    missing = _main(_page(client.post(url, data={**data, "reason": ""})))
    assert "Podaj, dlaczego poprawiasz opublikowane sprawozdanie" in missing
    data["reason"] = "Uzupełniono kwoty."
    confirm = _main(_page(client.post(url, data=data)))
    assert "Potwierdź korektę sprawozdania" in confirm
    assert "Wersja 2 sprawozdania zostanie opublikowana teraz" in confirm
    done = client.post(url, data={**data, **CONFIRM}, follow_redirects=True)
    shown = _main(_page(done))
    assert "Poprawione sprawozdanie opublikowano jako nową wersję." in shown
    assert "To sprawozdanie poprawiono" in shown and "Uzupełniono kwoty." in shown
    for page in (form, missing, confirm, shown):
        assert not re.search(r"\braport", page, re.I), page
    auth.logout()
    public = _main(_page(client.get(f"/programmes/{programme.id}/report")))
    assert "To sprawozdanie poprawiono" in public and "Historia wersji" in public
    assert not re.search(r"\braport", public, re.I)
    # in English "report" is right for both
    client.get("/language/en")
    english = _main(_page(client.get(f"/programmes/{programme.id}/report")))
    assert "This implementation report was corrected on" in english


def test_consultation_report_correction_keeps_raport(client, auth):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official)
    stage = consultation.stage("commenting")
    stage.opens_at, stage.closes_at = utcnow() - timedelta(days=20), utcnow() - timedelta(days=6)
    db.session.commit()
    consultation_services.publish_report(official, consultation, "Pierwszy.", "Biuro", utcnow())
    consultation_services.publish_report(
        official, consultation, "Drugi.", "Biuro", utcnow(), reason="Błędna data."
    )
    db.session.commit()
    assert len(db.session.scalar(select(Report)).revisions) == 2
    page = _main(_page(client.get(f"/consultations/{consultation.id}/report")))
    assert "Ten raport poprawiono" in page and "Błędna data." in page
    assert "sprawozdanie" not in page.lower()
