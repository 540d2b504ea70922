"""Demo consultations: the 2027 programme of cooperation open for comments, and one round in
every other state, with comments from several organizations and answers in every state."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from app.common.timeutil import utcnow
from app.consultations import services
from app.consultations.models import (
    CommentVisibility,
    Consultation,
    Decision,
    Participation,
    StageKind,
)

DATA = Path(__file__).with_name("demo_data")
PROGRAMME_2027 = (DATA / "programme_2027.md").read_text(encoding="utf-8")

SMALL_GRANTS = (DATA / "small_grants.md").read_text(encoding="utf-8")


def _round(official, now, title, subject, stages, **extra) -> Consultation:
    data = services.RoundData(
        title=title,
        summary=extra.pop("summary", ""),
        subject=subject,
        rules_md=(
            "Uwagi mogą zgłaszać **przedstawiciele zweryfikowanych organizacji** "
            "za pomocą formularza na platformie lub formularza papierowego złożonego w "
            "Biurze Aktywności Obywatelskiej."
        ),
        contact_person=official.name,
        contact_email="bao@konsulta.example.org",
        participation=Participation.VERIFIED_ORGANIZATIONS,
        comment_visibility=CommentVisibility.IMMEDIATE,
        short_stage_justification=None,
        area_codes=extra.pop("areas", ("ngo-support",)),
        stages=tuple(services.StageData(kind, now + a, now + b) for kind, a, b in stages),
    )
    return services.create_consultation(official, data, now - timedelta(days=30))


def _comment(consultation, representative, organization, fragment, proposed, why, now):
    """A comment on the unit whose text contains ``fragment`` (None: a general comment)."""
    version = consultation.current_version
    unit = next(u for u in version.units if fragment in u.text_md) if fragment else None
    return services._store_comment(
        consultation,
        representative,
        organization,
        services.CommentData(
            unit_key=unit.key if unit else None,
            proposed_wording=proposed,
            justification=why,
        ),
        now,
    )


def create_demo_consultations(official, organizations: list) -> Consultation:
    """``organizations``: verified organizations, each with an approved representative.

    Returns the 2027 programme round (its proposals stage is open)."""
    now = utcnow()
    day = timedelta(days=1)
    reps = [(o.memberships[0].user, o) for o in organizations]

    programme = _round(
        official,
        now,
        "Program współpracy na rok 2027",
        "Projekt Programu współpracy Miasta Nowego Sącza z organizacjami pozarządowymi na rok 2027",
        [
            (StageKind.COMMENTING, -5 * day, 9 * day),
            (StageKind.PROPOSALS, -5 * day, 9 * day),
            (StageKind.VOTING, 10 * day, 17 * day),
            (StageKind.RESULTS, 18 * day, 40 * day),
        ],
        summary="Zapraszamy organizacje do zgłaszania uwag do projektu Programu na 2027 r.",
        areas=("ngo-support", "seniors", "disability"),
    )
    services.announce_consultation(official, programme, now - 6 * day)
    services.publish_version(
        official,
        programme,
        "Projekt Programu współpracy na rok 2027",
        PROGRAMME_2027,
        None,
        now - 5 * day,
    )
    comments = [
        _comment(
            programme,
            *reps[0],
            "wspieranie aktywności seniorów",
            "wspieranie aktywności seniorów, w tym klubów seniora "
            "i wolontariatu międzypokoleniowego,",
            "Kluby seniora wymagają stałego wsparcia.",
            now - 4 * day,
        ),
        _comment(
            programme,
            *reps[1],
            "planuje się przeznaczyć",
            "Na realizację Programu planuje się przeznaczyć kwotę 3 000 000 zł.",
            "Kwota nie rośnie od trzech lat mimo inflacji.",
            now - 4 * day,
        ),
        _comment(
            programme,
            *reps[2],
            "zasadach pomocniczości",
            "Współpraca opiera się na zasadach pomocniczości, "
            "partnerstwa, efektywności, uczciwej konkurencji, jawności i dostępności.",
            "Dostępność jest obowiązkiem ustawowym.",
            now - 3 * day,
        ),
        _comment(
            programme,
            *reps[3],
            None,
            "Proponujemy coroczne spotkanie podsumowujące.",
            "Brak informacji zwrotnej o realizacji programu.",
            now - 2 * day,
        ),
        _comment(
            programme,
            *reps[4],
            "do dnia 31 maja",
            "Sprawozdanie przedkłada się do dnia 30 kwietnia.",
            "Wcześniejszy termin.",
            now - 2 * day,
        ),
        _comment(
            programme,
            *reps[5],
            "konsultowanie projektów",
            "Nowe brzmienie punktu.",
            "Nieprzyjazny komentarz.",
            now - 1 * day,
        ),
    ]
    answers = [
        (Decision.ACCEPTED, "Uwzględniono: dopisano kluby seniora.", True),
        (Decision.PARTLY_ACCEPTED, "Kwota zostanie zwiększona do 2 700 000 zł.", True),
        (Decision.REJECTED, "Zasady wynikają z ustawy; dostępność opisuje § 8.", True),
        (Decision.NOT_APPLICABLE, "Uwaga dotyczy sprawozdania, nie programu.", False),
    ]
    for comment, (decision, text, publish) in zip(comments, answers, strict=False):
        services.save_answer(official, comment, decision, text, publish, now - day)
    services.hide_comment(official, comments[5], "Treść naruszała regulamin konsultacji.", now)
    services.enter_paper_comment(
        official,
        programme,
        reps[0][1],
        services.CommentData(
            None,
            "Prosimy o dyżury urzędnika w klubie seniora.",
            "Seniorzy rzadko korzystają z internetu.",
        ),
        date.today() - timedelta(days=2),
        now,
    )

    draft = _round(
        official,
        now,
        "Gminny Program Rewitalizacji — aktualizacja",
        "Projekt aktualizacji Gminnego Programu Rewitalizacji",
        [(StageKind.COMMENTING, 20 * day, 41 * day)],
        areas=("revitalisation",),
    )
    upcoming = _round(
        official,
        now,
        "Strategia rozwiązywania problemów społecznych 2027–2030",
        "Projekt Strategii rozwiązywania problemów społecznych na lata 2027–2030",
        [(StageKind.COMMENTING, 10 * day, 31 * day)],
        areas=("social-assistance",),
    )
    services.announce_consultation(official, upcoming, now - day)

    closed = _round(
        official,
        now,
        "Regulamin małych grantów",
        "Projekt regulaminu przyznawania małych grantów",
        [(StageKind.COMMENTING, -30 * day, -10 * day)],
    )
    services.announce_consultation(official, closed, now - 31 * day)
    services.publish_version(
        official, closed, "Projekt regulaminu", SMALL_GRANTS, None, now - 30 * day
    )
    _comment(
        closed,
        *reps[1],
        "nie może przekroczyć",
        "Dofinansowanie nie może przekroczyć 12 000 zł.",
        "Koszty wzrosły.",
        now - 20 * day,
    )

    finished = _round(
        official,
        now,
        "Program współpracy na rok 2026",
        "Program współpracy Miasta z organizacjami pozarządowymi na rok 2026",
        [(StageKind.COMMENTING, -400 * day, -386 * day)],
    )
    services.announce_consultation(official, finished, now - 401 * day)
    old = PROGRAMME_2027.replace("2027", "2026").replace("2028", "2027")
    services.publish_version(
        official, finished, "Projekt Programu na rok 2026", old, None, now - 400 * day
    )
    accepted = _comment(
        finished,
        *reps[0],
        "wspieranie aktywności seniorów",
        "wspieranie aktywności seniorów i klubów seniora,",
        "Kluby seniora.",
        now - 395 * day,
    )
    services.save_answer(
        official, accepted, Decision.ACCEPTED, "Uwzględniono.", True, now - 385 * day
    )
    services.publish_version(
        official,
        finished,
        "Program na rok 2026 (po konsultacjach)",
        old.replace(
            "wspieranie aktywności seniorów,", "wspieranie aktywności seniorów i klubów seniora,"
        ),
        "Wersja po uwzględnieniu uwag.",
        now - 384 * day,
    )
    services.publish_report(
        official,
        finished,
        "Konsultacje przeprowadzono zgodnie z uchwałą Rady Miasta. Dziękujemy za uwagi.",
        "Biuro Aktywności Obywatelskiej",
        now - 380 * day,
    )
    # a published report is corrected by a new dated revision with a public reason
    services.publish_report(
        official,
        finished,
        "Konsultacje przeprowadzono zgodnie z uchwałą Rady Miasta nr XII/145/2025. "
        "Dziękujemy za uwagi.",
        "Biuro Aktywności Obywatelskiej",
        now - 378 * day,
        reason="Uzupełniono numer uchwały Rady Miasta, pominięty w pierwszej wersji raportu.",
    )
    del draft
    return programme
