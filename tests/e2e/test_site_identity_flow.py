"""Issue 16, items 1 and 5 in a real browser: an administrator configures the site's identity
(names, office, BIP; a wrong e-mail is a field error with the values kept) and uploads a logo (an
SVG is refused at its field); the header and footer show them. A visitor follows the footer to
the accessibility statement and files an access request (sent by keyboard); an official finds it
in the queue with its 7-day deadline, beside a late one that is flagged, and answers it with the
confirmation ticked by keyboard. axe at 1280 px and 390 px on every page."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

from playwright.sync_api import expect

from app.common.timeutil import to_local, utcnow
from app.extensions import db
from app.settings import services
from app.settings.models import AccessRequest
from tests.e2e.helpers import log_in, log_out, menu_link
from tests.factories import PASSWORD, make_user

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def audit_both(page, audit) -> None:
    audit(page)
    page.set_viewport_size(PHONE)
    audit(page)
    page.set_viewport_size(DESKTOP)


def png(width: int = 48, height: int = 48) -> bytes:
    """A real PNG (a navy square with a light band) that the browser can draw."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b""
    for y in range(height):
        colour = b"\xf0\xc0\x30" if height // 3 <= y < 2 * height // 3 else b"\x1a\x2b\x5c"
        rows += b"\x00" + colour * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_identity_statement_and_access_request(live_server, page, audit, tmp_path):
    admin = make_user(role="admin", name="Anna Administratorka")
    official = make_user(role="official", name="Piotr Urzędnik")
    today = to_local(utcnow()).date()
    late = services.file_access_request(
        services.RequestData("Krystyna Wójcik", "k@example.org", "Mapa zadań", "Mapa myszą."),
        "pl",
        utcnow() - timedelta(days=9),
        today - timedelta(days=9),
    )
    db.session.commit()

    # the administrator configures the identity
    log_in(page, live_server, admin.email, PASSWORD)
    menu_link(page, "Ustawienia serwisu", "Zarządzanie").click()
    expect(page.get_by_role("heading", name="Ustawienia serwisu", level=1)).to_be_visible()
    audit_both(page, audit)
    page.get_by_label("Nazwa platformy").fill("Konsulta Nowy Sącz")
    page.get_by_label("Nazwa podmiotu publicznego (po polsku)").fill("Urząd Miasta Nowego Sącza")
    page.get_by_label("Nazwa podmiotu publicznego (po angielsku)").fill("Nowy Sącz City Office")
    page.get_by_label("Komórka odpowiedzialna za platformę").fill("Biuro Aktywności Obywatelskiej")
    page.get_by_label("E-mail komórki").fill("bao(at)nowysacz")
    page.get_by_label("Adres BIP (Biuletynu Informacji Publicznej)").fill(
        "https://bip.malopolska.pl/nowysacz"
    )
    page.get_by_role("button", name="Zapisz ustawienia").click()
    page.wait_for_load_state()
    expect(page.locator("#office_email-error")).to_contain_text("Wpisz poprawny adres e-mail")
    expect(page.get_by_label("Komórka odpowiedzialna za platformę")).to_have_value(
        "Biuro Aktywności Obywatelskiej"
    )
    audit(page)
    page.get_by_label("E-mail komórki").fill("bao@nowysacz.example.org")
    page.get_by_role("button", name="Zapisz ustawienia").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Ustawienia zostały zapisane.")).to_be_visible()

    # a logo: an SVG is refused at its field, a PNG is taken
    svg = tmp_path / "herb.svg"
    svg.write_bytes(SVG)
    page.locator("#logo-file").set_input_files(str(svg))
    page.locator("#logo-heading").locator("..").get_by_role("button", name="Prześlij").click()
    page.wait_for_load_state()
    expect(page.locator("#logo-file-error")).to_contain_text("Obrazy SVG nie są przyjmowane")
    audit(page)
    logo = tmp_path / "herb.png"
    logo.write_bytes(png())
    page.locator("#logo-file").set_input_files(str(logo))
    page.locator("#logo-heading").locator("..").get_by_role("button", name="Prześlij").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Obraz został zapisany.")).to_be_visible()

    # the statement's form is linked from the settings page (and audited like it)
    page.get_by_role("link", name="Edytuj deklarację dostępności").first.click()
    expect(
        page.get_by_role("heading", name="Edytuj deklarację dostępności", level=1)
    ).to_be_visible()
    assert page.url.endswith("/admin/settings/statement")
    audit_both(page, audit)

    # every page shows it: the header's logo and names, the footer's office and BIP
    page.goto(f"{live_server}/")
    brand = page.locator(".site-brand")
    expect(brand).to_contain_text("Konsulta Nowy Sącz")
    expect(brand).to_contain_text("Urząd Miasta Nowego Sącza")
    assert page.locator(".site-logo").evaluate("img => img.naturalWidth") == 48
    footer = page.locator("footer")
    expect(footer).to_contain_text("Biuro Aktywności Obywatelskiej")
    expect(
        footer.get_by_role("link", name="Biuletyn Informacji Publicznej (BIP)")
    ).to_have_attribute("href", "https://bip.malopolska.pl/nowysacz")
    assert page.title().endswith("· Konsulta Nowy Sącz")
    audit_both(page, audit)
    log_out(page)

    # a visitor follows the footer to the statement and files a request
    page.locator("footer").get_by_role("link", name="Deklaracja dostępności").click()
    page.wait_for_load_state()
    expect(page.locator("#a11y-podmiot")).to_have_text("Urząd Miasta Nowego Sącza")
    expect(page.locator("#a11y-procedura")).to_contain_text("7 dni")
    audit_both(page, audit)
    page.get_by_role(
        "link", name="Żądanie zapewnienia dostępności lub dostępu alternatywnego"
    ).click()
    page.wait_for_load_state()
    audit_both(page, audit)
    page.get_by_label("Imię i nazwisko").fill("Anna Nowak")
    page.get_by_label("Adres e-mail").fill("anna@example.org")
    page.get_by_label("Strona lub dokument, którego dotyczy żądanie").fill(
        "Sprawozdanie z konsultacji (PDF)"
    )
    page.get_by_label("Preferowany alternatywny sposób dostępu (nieobowiązkowo)").fill(
        "plik tekstowy"
    )
    page.get_by_role("button", name="Wyślij żądanie").click()
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_contain_text("Opisz, z czego nie możesz skorzystać")
    expect(page.get_by_label("Adres e-mail")).to_have_value("anna@example.org")
    audit(page)
    description = page.get_by_label("Co jest dla Ciebie niedostępne")
    description.fill("Czytnik ekranu nie odczytuje tabeli z kwotami.")
    description.press("Tab")  # to the optional alternative
    page.keyboard.press("Tab")  # the privacy notice link
    page.keyboard.press("Tab")  # the send button
    expect(page.get_by_role("button", name="Wyślij żądanie")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Żądanie wysłane")).to_be_visible()
    audit_both(page, audit)
    filed = db.session.query(AccessRequest).filter_by(email="anna@example.org").one()
    assert filed.deadline == today + timedelta(days=7)

    # the official sees it with its deadline, the late one flagged, and answers it
    log_in(page, live_server, official.email, PASSWORD)
    menu_link(page, "Żądania dostępności", "Zarządzanie").click()
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Mapa zadań")
    expect(rows.nth(0)).to_contain_text("spóźnione o 2 dni")
    expect(rows.nth(0)).to_have_class("table-danger")
    expect(rows.nth(1)).to_contain_text("Sprawozdanie z konsultacji (PDF)")
    expect(rows.nth(1)).to_contain_text("zostało 7 dni")
    audit_both(page, audit)
    rows.nth(1).get_by_role("link").click()
    page.wait_for_load_state()
    expect(page.locator("dl")).to_contain_text("plik tekstowy")
    audit_both(page, audit)
    page.get_by_label("Odpowiedź dla wnioskodawcy").fill(
        "Przesyłamy tabelę jako plik tekstowy w załączniku."
    )
    confirm = page.get_by_label("Rozumiem, że ta odpowiedź zostanie wysłana e-mailem")
    confirm.focus()
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Wyślij odpowiedź")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Odpowiedź została wysłana.")).to_be_visible()
    expect(page.locator("tbody")).not_to_contain_text("Sprawozdanie z konsultacji (PDF)")
    audit(page)
    db.session.expire_all()
    assert db.session.get(AccessRequest, filed.id).state == "answered"
    assert db.session.get(AccessRequest, late.id).is_late(today)
