"""Demo of the site's identity (issue 16): the platform as Nowy Sącz's Civic Activity Office
(Biuro Aktywności Obywatelskiej) would run it, its accessibility statement, and access requests
in every state of the officials' queue (one late, one extended, one answered, one new).

The contact addresses are examples (``.example.org``), so nothing is ever sent to the real office.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.common.identity import forget_identity
from app.common.timeutil import to_local, utcnow
from app.extensions import db
from app.settings import services

IDENTITY = {
    "platform_name": "Konsulta Nowy Sącz",
    "body_name_pl": "Urząd Miasta Nowego Sącza",
    "body_name_en": "Nowy Sącz City Office",
    "office_name": "Biuro Aktywności Obywatelskiej",
    "office_email": "bao@nowysacz.example.org",
    "office_phone": "18 443 00 00",
    "office_address": "Rynek 1\n33-300 Nowy Sącz",
    "bip_url": "https://bip.malopolska.pl/nowysacz",
    "privacy_controller": "Prezydent Miasta Nowego Sącza, Rynek 1, 33-300 Nowy Sącz",
    "dpo_contact": "Inspektor ochrony danych: iod@nowysacz.example.org, Rynek 1, 33-300 Nowy Sącz",
    "footer_links": (
        "Miasto Nowy Sącz | https://www.nowysacz.pl\nBudżet obywatelski | https://bo.nowysacz.pl"
    ),
    "default_locale": "pl",
    "min_commenting_days": 7,
}

STATEMENT = {
    "statement_published_on": date(2026, 3, 2),
    "statement_updated_on": date(2026, 12, 1),
    "compliance": "partial",
    "non_compliant": (
        "Część załączników PDF opublikowanych przez organizacje nie ma struktury nagłówków "
        "(dokumenty zewnętrzne; na żądanie przekazujemy wersję tekstową).\n"
        "Nagrania spotkań konsultacyjnych mają napisy dodawane w ciągu 14 dni od spotkania."
    ),
    "exemptions": "Skany uchwał opublikowane przed 23 września 2018 r.",
    "statement_prepared_on": date(2026, 12, 1),
    "preparation_method": "self",
    "statement_contact_name": "Biuro Aktywności Obywatelskiej",
    "statement_contact_email": "dostepnosc@nowysacz.example.org",
    "statement_contact_phone": "18 443 00 00",
    "architectural": (
        "Ratusz, Rynek 1: wejście od strony Rynku z podjazdem dla wózków; winda na wszystkie "
        "piętra. Biuro Aktywności Obywatelskiej mieści się na parterze; w punkcie obsługi jest "
        "pętla indukcyjna. Do budynku można wejść z psem asystującym. Tłumacza PJM zapewniamy "
        "po zgłoszeniu co najmniej 3 dni robocze wcześniej."
    ),
}


def create_demo_settings(admin, official) -> None:
    """Configure the identity and the statement, and file four access requests."""
    now = utcnow()
    services.save_identity(admin, IDENTITY, now)
    services.save_statement(admin, STATEMENT, now)
    today = to_local(now).date()
    requests = [
        (
            services.RequestData(
                "Krystyna Wójcik",
                "k.wojcik@example.org",
                "Sprawozdanie z konsultacji programu współpracy (PDF)",
                "Czytnik ekranu nie odczytuje tabeli z kwotami.",
                alternative="plik tekstowy lub arkusz",
            ),
            9,
        ),
        (
            services.RequestData(
                "Tomasz Lis",
                "t.lis@example.org",
                "Nagranie spotkania konsultacyjnego",
                "Nagranie nie ma napisów.",
                alternative="transkrypcja",
            ),
            5,
        ),
        (
            services.RequestData(
                "Ewa Mazur",
                "e.mazur@example.org",
                "Mapa zadań w kalendarzu",
                "Nie mogę obsłużyć mapy klawiaturą.",
            ),
            2,
        ),
        (
            services.RequestData(
                "Jan Nowicki",
                "j.nowicki@example.org",
                "Formularz uwag",
                "Komunikaty o błędach są za małe przy powiększeniu.",
                alternative="rozmowa telefoniczna",
            ),
            0,
        ),
    ]
    filed = [
        services.file_access_request(
            data, "pl", now - timedelta(days=days), today - timedelta(days=days)
        )
        for data, days in requests
    ]
    services.extend_access_request(
        official,
        filed[1],
        filed[1].filed_on + timedelta(days=30),
        "Transkrypcję przygotowuje zewnętrzny wykonawca.",
        today,
    )
    services.answer_access_request(
        official,
        filed[2],
        "Dziękujemy. Lista zadań pod mapą zawiera te same informacje i obsługuje się ją "
        "klawiaturą; poprawiamy też samą mapę.",
        now,
    )
    db.session.commit()
    forget_identity()
