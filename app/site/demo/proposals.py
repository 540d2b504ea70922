"""Demo proposals: a dozen realistic (fictional) proposals in every state, two of them joint
and one waiting for its co-authors' consent, some looking for partners, with endorsements, a
discussion and the office's answers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.common.timeutil import utcnow
from app.proposals import services
from app.proposals.models import Proposal


def _data(title, area, problem, activities, target, results, cost, frame, **extra):
    return services.ProposalData(
        title=title,
        area_code=area,
        problem=problem,
        evidence=extra.pop("evidence", ""),
        activities=activities,
        target_group=target,
        expected_results=results,
        estimated_cost=Decimal(cost) if cost is not None else None,
        time_frame=frame,
        looking_for_partners=bool(extra.get("partners")),
        partner_needs=extra.get("partners", ""),
    )


def create_demo_proposals(official, organizations: list, consultation) -> list[Proposal]:
    """``organizations``: six verified organizations, each with an approved representative;
    ``consultation``: a round whose proposals stage is open now."""
    now = utcnow()
    day = timedelta(days=1)
    orgs = organizations
    rep = {o.id: o.memberships[0].user for o in orgs}

    def propose(org, data, *, round_=consultation, submit=True, invited=(), when=3 * day):
        return services.create_proposal(rep[org.id], org, round_, data, invited, submit, now - when)

    def answer(proposal, decision, text, publish=True, merged_into=None):
        services.start_review(official, proposal, now - day)
        services.save_answer(official, proposal, decision, text, merged_into, publish, now)

    seniors, green, sport, together, culture, family = orgs[:6]

    first_aid = propose(
        seniors,
        _data(
            "Kurs pierwszej pomocy dla seniorów",
            "seniors",
            "Seniorzy boją się, że nie udzielą pomocy bliskim w razie zasłabnięcia.",
            "Sześć spotkań z ratownikiem medycznym w klubach seniora, ćwiczenia na fantomach.",
            "Osoby 60+ z klubów seniora",
            "120 przeszkolonych osób, broszura dla uczestników.",
            "18000",
            "kwiecień–czerwiec 2027",
        ),
        submit=False,
    )
    river = propose(
        green,
        _data(
            "Sprzątanie brzegów Kamienicy — akcja wiosenna",
            "ecology-animals-nature",
            "Po roztopach brzegi Kamienicy są zaśmiecone, śmieci spływają do Dunajca.",
            "Trzy soboty sprzątania z wolontariuszami, worki, rękawice, odbiór odpadów.",
            "Mieszkańcy, uczniowie szkół nad Kamienicą",
            "Około 3 ton zebranych odpadów, 200 wolontariuszy.",
            "9500",
            "marzec–kwiecień 2027",
            evidence="W 2026 r. zebraliśmy 2,4 tony odpadów na odcinku 3 km.",
            partners="Szkoła lub klub sportowy, który przyprowadzi grupę wolontariuszy.",
        ),
    )
    digital = propose(
        seniors,
        _data(
            "Międzypokoleniowe warsztaty cyfrowe",
            "seniors",
            "Wielu seniorów nie umie zamówić e-recepty ani umówić wizyty przez internet.",
            "Licealiści uczą seniorów obsługi smartfona i usług publicznych online.",
            "Seniorzy i młodzież szkół średnich",
            "80 seniorów samodzielnie korzysta z IKP i mObywatela.",
            "24000",
            "wrzesień–grudzień 2027",
        ),
        invited=[together],
        when=4 * day,
    )
    services.answer_invitation(rep[together.id], digital.authors[0], True, now - 3 * day)
    football = propose(
        sport,
        _data(
            "Turniej piłkarski dla dzieci z rodzin zastępczych",
            "physical-culture-sport",
            "Dzieci z pieczy zastępczej rzadko uczestniczą w zajęciach sportowych.",
            "Cykl treningów i turniej finałowy na stadionie przy ul. Kilińskiego.",
            "Dzieci 8–14 lat z rodzin zastępczych",
            "60 dzieci w regularnych treningach.",
            "15000",
            "maj–sierpień 2027",
            partners="Organizacja pracująca z rodzinami zastępczymi.",
        ),
        invited=[family],
    )
    transport = propose(
        together,
        _data(
            "Transport do warsztatów terapii zajęciowej",
            "disability",
            "Uczestnicy WTZ z dalszych osiedli nie mają jak dojechać na zajęcia.",
            "Bus z kierowcą i opiekunem, stałe trasy poranne i popołudniowe.",
            "Osoby z niepełnosprawnościami, uczestnicy WTZ",
            "25 osób dojeżdża regularnie, mniej nieobecności.",
            "96000",
            "cały 2027 rok",
        ),
        when=4 * day,
    )
    heritage = propose(
        culture,
        _data(
            "Mapa dostępności zabytków Starego Miasta",
            "culture-heritage",
            "Turyści z niepełnosprawnościami nie wiedzą, które zabytki są dostępne.",
            "Audyt 30 obiektów, mapa online i papierowa, oznakowanie wejść.",
            "Turyści i mieszkańcy z niepełnosprawnościami, seniorzy, rodzice z wózkami",
            "Mapa 30 obiektów, 5000 egzemplarzy drukowanych.",
            "32000",
            "2027",
        ),
        round_=None,
        invited=[together],
        when=20 * day,
    )
    services.answer_invitation(rep[together.id], heritage.authors[0], True, now - 19 * day)
    helpline = propose(
        family,
        _data(
            "Telefon zaufania dla rodzin zastępczych — dyżury weekendowe",
            "family-support-foster-care",
            "W weekendy rodziny zastępcze zostają bez wsparcia w kryzysie.",
            "Dyżury psychologa w soboty i niedziele, 10:00–20:00.",
            "Rodziny zastępcze z Nowego Sącza",
            "Około 300 rozmów rocznie, szybsza interwencja.",
            "42000",
            "styczeń–grudzień 2027",
        ),
        when=4 * day,
    )
    stage = propose(
        culture,
        _data(
            "Nowa scena plenerowa na Rynku",
            "culture-heritage",
            "Wynajem sceny na każde wydarzenie jest drogi.",
            "Zakup mobilnej sceny z zadaszeniem i nagłośnieniem.",
            "Organizatorzy wydarzeń kulturalnych",
            "Tańsze wydarzenia plenerowe.",
            "850000",
            "2027–2028",
        ),
        round_=None,
        when=40 * day,
    )
    clubs = propose(
        seniors,
        _data(
            "Sieć klubów seniora w dzielnicach",
            "seniors",
            "Kluby seniora działają tylko w centrum; seniorzy z osiedli nie dojeżdżają.",
            "Otwarcie trzech klubów w domach kultury na osiedlach, zajęcia dwa razy w tygodniu.",
            "Seniorzy z osiedli Millenium, Zawada i Wólki",
            "Trzy nowe kluby, 150 stałych uczestników.",
            "120000",
            "2027",
        ),
        when=4 * day,
    )
    millenium = propose(
        family,
        _data(
            "Klub seniora na osiedlu Millenium",
            "seniors",
            "Na osiedlu Millenium nie ma miejsca spotkań dla seniorów.",
            "Klub seniora w świetlicy osiedlowej.",
            "Seniorzy z osiedla Millenium",
            "40 stałych uczestników.",
            "35000",
            "2027",
        ),
        when=4 * day,
    )
    festival = propose(
        culture,
        _data(
            "Warsztaty muzyki dawnej dla młodzieży",
            "culture-heritage",
            "Młodzież nie zna muzyki dawnej.",
            "Warsztaty gry na instrumentach dawnych przed festiwalem.",
            "Młodzież 13–19 lat",
            "30 uczestników, koncert finałowy.",
            None,
            "lipiec 2027",
        ),
        when=4 * day,
    )
    gardens = propose(
        green,
        _data(
            "Ogrody społeczne na Wólkach",
            "ecology-animals-nature",
            "Mieszkańcy bloków chcą uprawiać warzywa, a teren przy pętli jest nieużywany.",
            "Założenie 20 grządek, kompostownik, warsztaty ogrodnicze.",
            "Mieszkańcy osiedla Wólki",
            "20 rodzin uprawia grządki, spotkania sąsiedzkie.",
            "12000",
            "kwiecień–październik 2027",
            partners="Rada osiedla lub organizacja sąsiedzka z Wólek.",
        ),
        round_=None,
        when=10 * day,
    )
    # a joint proposal waiting for its co-authors' consent (issue 12, item 4): one accepted,
    # one has not answered yet, so it is still a draft that nobody else sees
    walks = services.create_proposal(
        rep[sport.id],
        sport,
        consultation,
        _data(
            "Marsze nordic walking nad Dunajcem",
            "physical-culture-sport",
            "Seniorzy chcą się ruszać, ale nie mają z kim i gdzie bezpiecznie chodzić.",
            "Cotygodniowe marsze z instruktorem, kijki do wypożyczenia, trasy nad Dunajcem.",
            "Osoby 60+",
            "50 stałych uczestników, dwie grupy tygodniowo.",
            "14000",
            "kwiecień–październik 2027",
        ),
        [seniors, green],
        True,
        now - 2 * day,
        wait_for_coauthors=True,
    )
    services.answer_invitation(rep[seniors.id], walks.authors[0], True, now - day)

    for proposal, supporters in (
        (river, [sport]),
        (digital, [green, family]),
        (transport, [seniors, family, culture]),
        (helpline, [seniors, together]),
        (clubs, [together, sport]),
        (gardens, [seniors]),
    ):
        for org in supporters:
            services.endorse_proposal(rep[org.id], proposal, org, now - day)

    question = services.add_comment(
        rep[green.id],
        digital,
        green,
        "Czy warsztaty będą też w **soboty**? Wielu seniorów opiekuje się w tygodniu wnukami.",
        None,
        now - 2 * day,
    )
    services.add_comment(
        rep[seniors.id],
        digital,
        seniors,
        "Tak, planujemy dwie grupy sobotnie.",
        question,
        now - day,
    )
    rude = services.add_comment(
        rep[sport.id], gardens, sport, "Kolejny pomysł na wydawanie cudzych pieniędzy.", None, now
    )
    services.hide_comment(official, rude, "Komentarz nie odnosi się do treści propozycji.", now)
    services.add_comment(
        rep[family.id],
        gardens,
        family,
        "Chętnie przyprowadzimy rodziny zastępcze z dziećmi na warsztaty.",
        None,
        now,
    )

    services.start_review(official, transport, now - day)
    services.save_internal_note(
        official, transport, "Sprawdzić z MOPS, czy podobny transport nie jest już finansowany."
    )
    services.save_answer(
        official,
        transport,
        "accepted",
        "Propozycja zostanie uwzględniona w priorytetach programu na 2027 r.",
        None,
        False,
        now,
    )
    services.start_review(official, heritage, now - 2 * day)
    services.start_review(official, clubs, now - day)
    answer(
        helpline,
        "accepted",
        "Zadanie zostanie wpisane do programu współpracy i ogłoszone w otwartym konkursie ofert.",
    )
    answer(
        stage,
        "rejected",
        "Zakup sceny to wydatek majątkowy, którego program współpracy nie obejmuje. "
        "Miasto udostępnia scenę MCK Sokół nieodpłatnie organizacjom pozarządowym.",
    )
    answer(
        millenium,
        "merged",
        "Propozycja połączona z propozycją sieci klubów seniora, która obejmuje osiedle Millenium.",
        merged_into=clubs,
    )
    services.withdraw_proposal(rep[culture.id], festival, now - day)
    return [
        first_aid,
        river,
        digital,
        football,
        transport,
        heritage,
        helpline,
        stage,
        clubs,
        millenium,
        festival,
        gardens,
        walks,
    ]
