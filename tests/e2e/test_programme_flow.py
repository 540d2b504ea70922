"""Browser flow of the year of cooperation (issue 14, "Done when"): an official adopts the
programme, tracks its priority tasks and an accepted proposal, links a competition and its
result, posts an update and a spent amount (bad input first); a representative follows the
task, receives the update, files a change notice and reads the answer; the official drafts,
edits and publishes the annual report; a visitor reads the implementation page, its chart and
the report and downloads its tables, in Polish and in English. axe at 390 and 1280 px."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from app.programmes import services
from app.proposals.models import ProposalStatus
from tests.e2e.helpers import log_in, log_out
from tests.factories import (
    PASSWORD,
    make_ballot,
    make_closed_vote,
    make_opportunity,
    make_organization,
    make_proposal,
    make_user,
    publish_vote_results,
)

ANNEX = b"%PDF-1.4\n% aneks\n"


def build_world():
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization(name="Fundacja Pomocna Dłoń")
    proposal = make_proposal(title="Telefon zaufania dla seniorów")
    proposal.status = ProposalStatus.ACCEPTED
    competition = make_opportunity(official, title="Konkurs ofert 2025: seniorzy")
    make_organization(name="Stowarzyszenie Pomyłka")
    vote = make_closed_vote(
        title="Głosowanie nad zadaniami 2025",
        ballot_type="approval",
        method="greedy",
        budget=Decimal("60000"),
        options=[{"title": "Świetlica osiedlowa", "cost": Decimal("50000")}],
    )
    make_ballot(vote, funded, [vote.options[0].key])
    publish_vote_results(vote, official)
    programme = services.create_programme(
        official,
        services.ProgrammeData(
            year=2025,
            title="Program współpracy na 2025 rok",
            goals="Partnerstwo z organizacjami.",
            priority_tasks="Aktywizacja seniorów\nSport w dzielnicach",
            indicators="Liczba ofert",
        ),
        utcnow(),
    )
    db.session.commit()
    return official, funded, competition, programme


def _submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_year_of_cooperation(live_server, page, audit):
    official, funded, competition, programme = build_world()
    representative = funded.memberships[0].user
    base = f"{live_server}/programmes/{programme.id}"

    # the official adopts the programme (confirmation ticked by keyboard)
    log_in(page, live_server, official.email, PASSWORD)
    page.goto(base)
    audit(page)
    page.get_by_role("link", name="Odnotuj uchwalenie").click()
    page.wait_for_load_state()
    assert "Tego nie można cofnąć" in page.content()
    audit(page)
    page.get_by_label("Numer uchwały").fill("IV/44/2024")
    page.get_by_label("Data uchwalenia").fill("2024-11-27")
    page.get_by_label("Potwierdzam").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Odnotuj uchwalenie").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Uchwalenie zostało odnotowane." in page.content()
    expect(page.locator("main")).to_contain_text("nr IV/44/2024")

    # priority tasks and the accepted proposal become tracked tasks
    page.goto(f"{base}/tasks")
    audit(page)
    page.get_by_label("Sfera pożytku publicznego").select_option("seniors")
    _submit(page, "Monitoruj zadania priorytetowe")
    assert "Utworzono monitorowane zadania: 2." in page.content()
    page.locator("select#proposal").select_option(label="Telefon zaufania dla seniorów")
    _submit(page, "Monitoruj propozycję")
    assert "Propozycja jest teraz monitorowanym zadaniem." in page.content()
    # the funded option of the published vote too
    page.goto(f"{base}/tasks")
    page.locator("select#option").select_option(
        label="Świetlica osiedlowa (Głosowanie nad zadaniami 2025)"
    )
    _submit(page, "Monitoruj pozycję")
    assert "Pozycja głosowania jest teraz monitorowanym zadaniem." in page.content()
    expect(page.get_by_label("Kwota planowana")).to_have_value(re.compile(r"^50\s?000"))
    page.goto(f"{base}/tasks")
    page.get_by_role("link", name="Aktywizacja seniorów").click()
    page.wait_for_load_state()
    audit(page)
    task_manage = page.url

    # a competition and its result
    page.get_by_label("Konkurs lub inna forma współpracy").select_option(
        label="Konkurs ofert 2025: seniorzy (otwarty konkurs ofert)"
    )
    _submit(page, "Powiąż z zadaniem")
    page.get_by_label("Organizacja", exact=True).select_option(label="Fundacja Pomocna Dłoń")
    page.get_by_label("Konkurs lub inna forma", exact=True).select_option(
        label="Konkurs ofert 2025: seniorzy"
    )
    page.get_by_label("Przyznana kwota").fill("40 000")
    page.get_by_label("Na co").fill("Kluby seniora w dwóch dzielnicach")
    page.get_by_label("Liczba ofert złożonych w konkursie").fill("5")
    _submit(page, "Odnotuj wynik")
    assert "Dotacja została odnotowana." in page.content()
    # a mistaken row: recorded for the wrong organization, then removed after a confirmation
    page.get_by_label("Organizacja", exact=True).select_option(label="Stowarzyszenie Pomyłka")
    page.get_by_label("Przyznana kwota").fill("4 000")
    page.get_by_label("Na co").fill("Wpis pomyłkowy")
    _submit(page, "Odnotuj wynik")
    page.get_by_role("link", name=re.compile(r"^Usuń\s?: Stowarzyszenie Pomyłka")).click()
    page.wait_for_load_state()
    audit(page)
    expect(page.locator("main")).to_contain_text("Tego nie można cofnąć")
    page.get_by_label("Potwierdzam").focus()
    page.keyboard.press("Space")
    _submit(page, "Usuń wynik")
    assert "Podaj powód." in page.content()  # the reason is required; the tick is kept
    expect(page.get_by_label("Potwierdzam")).to_be_checked()
    page.get_by_label("Powód usunięcia").fill("Wpisano niewłaściwą organizację.")
    page.get_by_role("button", name="Usuń wynik").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Wynik został usunięty." in page.content()
    assert "Wpis pomyłkowy" not in page.content()
    log_out(page)

    # the representative follows the task
    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/programmes/tasks/{_task_id(task_manage)}")
    audit(page)
    page.get_by_role("button", name="Obserwuj").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    log_out(page)

    # the official: bad input first (values kept), then the update and the money
    log_in(page, live_server, official.email, PASSWORD)
    page.goto(task_manage)
    page.get_by_label("Status", exact=True).select_option("in_progress")
    page.get_by_label("Postęp w %").fill("70")
    page.get_by_label("Kwota planowana").fill("40 000")
    page.get_by_label("Kwota wydana").fill("42 500,50")
    _submit(page, "Zapisz zadanie")
    assert "Wydano więcej, niż planowano: wyjaśnij to w uwagach." in page.content()
    assert page.get_by_label("Kwota wydana").input_value() == "42 500,50"
    audit(page)
    page.get_by_label("Wyjaśnienie wydatków").fill("Wyższe ceny wynajmu sal.")
    _submit(page, "Zapisz zadanie")
    assert "Zadanie zostało zapisane." in page.content()
    page.get_by_label("Etap", exact=True).fill("Otwarcie klubu")
    page.get_by_label("Planowana data").fill("2026-02-01")
    _submit(page, "Dodaj etap")
    assert "Data musi mieścić się w okresie programu." in page.content()
    assert page.get_by_label("Etap", exact=True).input_value() == "Otwarcie klubu"
    page.get_by_label("Planowana data").fill("2025-03-01")
    _submit(page, "Dodaj etap")
    # later: the day it was reached (outside the year first, values kept)
    page.get_by_role("link", name=re.compile(r"^Edytuj\s?: Otwarcie klubu")).click()
    page.wait_for_load_state()
    page.get_by_label("Osiągnięto dnia").fill("2026-01-10")
    _submit(page, "Zapisz etap")
    assert "Data musi mieścić się w okresie programu." in page.content()
    assert page.get_by_label("Osiągnięto dnia").input_value() == "2026-01-10"
    audit(page)
    page.get_by_label("Osiągnięto dnia").fill("2025-03-03")
    _submit(page, "Zapisz etap")
    assert "Etap został zmieniony." in page.content()
    page.get_by_label("Informacja", exact=True).fill("Kluby seniora **działają** od marca.")
    _submit(page, "Opublikuj informację")
    assert "Informacja została opublikowana." in page.content()
    _correct_task_and_update(page, audit, task_manage)
    log_out(page)

    # the representative reads the notification and files a change notice
    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/notifications/")
    audit(page)
    expect(page.locator("main")).to_contain_text(
        "Nowa informacja o zadaniu „Aktywizacja seniorów” programu współpracy."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Otwórz").first.click()
    assert "działają" in page.content()
    page.get_by_role("link", name="Zgłoś urzędowi zmianę").click()
    page.wait_for_load_state()
    audit(page)
    page.get_by_label("Czego dotyczy zmiana").select_option("schedule")
    page.get_by_label("Zmiana lub problem").fill("Zajęcia przesuwamy na kwiecień.")
    page.get_by_label("Uzasadnienie").fill("Remont sali.")
    _submit(page, "Wyślij do urzędu")
    assert "Zgłoszenie zmiany zostało wysłane do urzędu." in page.content()
    notice_url = page.url
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    page.goto(notice_url)
    audit(page)
    page.get_by_label("Odpowiedź", exact=True).select_option("needs_annex")
    page.get_by_label("Powód").fill("Zmiana terminu wymaga aneksu do umowy.")
    _submit(page, "Wyślij odpowiedź")
    # an annex needs the day the organization sends it by: refused with the reason kept
    expect(page.locator("#error-summary")).to_contain_text("Zmiana wymaga aneksu: podaj dzień")
    expect(page.get_by_label("Powód")).to_have_value("Zmiana terminu wymaga aneksu do umowy.")
    audit(page)
    annex_by = services.local_today(utcnow()) + timedelta(days=10)
    page.locator("#reply_due_on").fill(annex_by.isoformat())
    _submit(page, "Wyślij odpowiedź")
    assert "Odpowiedź została wysłana." in page.content()
    expect(page.locator("main")).to_contain_text("Czeka na odpowiedź organizacji")

    # the evaluation indicators: measured by the platform, by keyboard
    page.goto(f"{base}/indicators")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)
    page.get_by_label("Sposób pomiaru").select_option("offers")
    page.get_by_role("button", name="Zapisz wskaźniki").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Wskaźniki ewaluacji zostały zapisane.")

    # the report: drafted from the data, edited, published after the confirmation
    page.goto(f"{base}/report/edit")
    audit(page)
    text = page.get_by_label("Treść sprawozdania")
    assert "Aktywizacja seniorów" in text.input_value()
    assert "- Liczba ofert: 5 (zmierzone na platformie)" in text.input_value()
    text.fill(text.input_value() + "\n\nRok udanej współpracy.")
    _submit(page, "Zapisz sprawozdanie")
    assert "Sprawozdanie zostało zapisane." in page.content()
    page.get_by_role("link", name="Opublikuj sprawozdanie").click()
    page.wait_for_load_state()
    audit(page)
    page.get_by_label("Potwierdzam").check()
    _submit(page, "Opublikuj sprawozdanie")
    assert "Sprawozdanie zostało opublikowane." in page.content()
    # published: no edit any more; a correction is a new revision with its public reason,
    # published through a confirmation page saying what will happen - all by keyboard
    expect(page.get_by_role("link", name="Edytuj sprawozdanie")).to_have_count(0)
    page.get_by_role("link", name="Opublikuj korektę").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Popraw opublikowane sprawozdanie")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)
    page.get_by_label("Powód korekty").fill("Uzupełniono rozliczenie dotacji.")
    page.get_by_role("button", name="Przejdź do potwierdzenia").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Potwierdź korektę sprawozdania")
    expect(page.locator("main")).to_contain_text("Wersja 2")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)
    page.get_by_label("Rozumiem, że tego nie można cofnąć").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Opublikuj wersję 2").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(
        "Poprawione sprawozdanie opublikowano jako nową wersję."
    )
    log_out(page)

    # the thread goes on: the representative sends the annex, the office answers again
    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(notice_url)
    expect(page.locator("main")).to_contain_text("Zmiana terminu wymaga aneksu do umowy.")
    audit(page)
    page.get_by_label("Wiadomość", exact=True).fill("W załączeniu podpisany aneks.")
    page.get_by_label("Załącznik (nieobowiązkowy)").set_input_files(
        files=[{"name": "aneks.pdf", "mimeType": "application/pdf", "buffer": ANNEX}]
    )
    _submit(page, "Wyślij wiadomość")
    assert "Wiadomość została dodana do wątku." in page.content()
    expect(page.locator("main")).to_contain_text("Czeka na odpowiedź urzędu")
    log_out(page)
    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/notifications/")
    expect(page.locator("main")).to_contain_text(
        "Nowa wiadomość od: Fundacja Pomocna Dłoń w zgłoszeniu zmiany"
    )
    page.goto(notice_url)
    expect(page.get_by_role("link", name="aneks.pdf")).to_be_visible()
    page.get_by_label("Wiadomość", exact=True).fill("Aneks podpisany, zmiana przyjęta.")
    page.get_by_label("Rozstrzygnięcie (opcjonalnie)").select_option("accepted")
    _submit(page, "Wyślij wiadomość")
    audit(page)
    log_out(page)
    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(notice_url)
    expect(page.locator("main")).to_contain_text("Aneks podpisany, zmiana przyjęta.")
    expect(page.locator("main")).to_contain_text("Nikt nie czeka na odpowiedź.")
    page.set_viewport_size({"width": 390, "height": 900})  # the thread on a phone
    audit(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)

    # a visitor: the implementation page (phone and desktop), the report and its tables
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/implementation")
        audit(page)
        expect(page.locator("svg[role=img] title")).to_have_text(
            "Kwoty planowane i wydane według obszarów"
        )
        expect(page.locator("main")).to_contain_text("42 500,50 zł")
    page.get_by_label("Status", exact=True).select_option("planned")
    _submit(page, "Filtruj")
    assert "Sport w dzielnicach" in page.content()
    page.goto(f"{base}/report")
    expect(page.locator(".alert-info")).to_contain_text("Powód: Uzupełniono rozliczenie dotacji.")
    expect(page.locator("#revisions")).to_have_text("Historia wersji")
    for width in (390, 1280):  # the correction notice and the history
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)
    page.get_by_role("link", name="Przeczytaj wersję 1 w opublikowanym brzmieniu").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("To wersja 1 z")
    audit(page)
    page.goto(f"{base}/report")
    expect(page.locator("main")).to_contain_text("Rok udanej współpracy.")
    expect(page.locator("main")).to_contain_text("Fundacja Pomocna Dłoń")
    with page.expect_download() as download:
        page.get_by_role("link", name="Zadania (CSV)").click()
    data = download.value.path().read_bytes().decode("utf-8")
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:]), delimiter=";"))
    rows = rows[rows.index([]) + 1 :]  # the table after the metryka
    assert [rows[1][0], rows[1][5]] == ["Aktywizacja seniorów", "42500,50"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Wszystkie tabele (XLSX)").click()
    assert download.value.path().read_bytes()[:2] == b"PK"

    # in English, reached by keyboard through the language link
    page.goto(f"{base}/implementation")
    page.locator(".site-language a").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Implementation of the programme 2025"
    )
    expect(page.locator("svg[role=img] title")).to_have_text("Planned and spent money by area")
    audit(page)
    page.goto(base)
    expect(page.locator("main")).to_contain_text("Statutory calendar")
    audit(page)


def _correct_task_and_update(page, audit, task_manage: str) -> None:
    """The official opens the task's correction form (a bad title refused, the plan kept),
    then corrects the posted update by keyboard; the public page marks it as corrected."""
    page.get_by_role("link", name="Popraw tytuł, sferę lub kwotę planowaną").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Popraw zadanie")
    expect(page.get_by_label("Tytuł")).to_have_value("Aktywizacja seniorów")
    page.get_by_label("Tytuł").fill("")
    _submit(page, "Zapisz poprawkę")
    expect(page.locator("main")).to_contain_text("Wpisz tytuł.")
    expect(page.get_by_label("Kwota planowana")).to_have_value(re.compile(r"^40\s?000"))
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)
    page.goto(task_manage)
    page.get_by_role("link", name=re.compile(r"^Popraw\s?: informacja z ")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Popraw informację z")
    body = page.get_by_label("Informacja", exact=True)
    expect(body).to_have_value("Kluby seniora **działają** od marca.")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)
    body.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.get_by_role("button", name="Zapisz poprawkę").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Wpisz treść informacji.")
    page.get_by_label("Informacja", exact=True).focus()
    page.keyboard.type("Kluby seniora **działają** od marca w dwóch dzielnicach.")
    page.get_by_role("button", name="Zapisz poprawkę").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Informacja została poprawiona.")
    page.goto(task_manage.removesuffix("/manage"))
    updates = page.locator("main article")
    expect(updates).to_have_count(1)
    expect(updates).to_contain_text("w dwóch dzielnicach")
    expect(updates.locator("h3")).to_contain_text("poprawiono")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)


def _task_id(manage_url: str) -> str:
    return manage_url.rstrip("/").split("/")[-2]
