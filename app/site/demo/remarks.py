"""Demo remarks at scale (issue 15): the small grants round, its commenting over, has 64
remarks for the office to answer — on the platform, on paper and said at a meeting — among them
four that say the same thing (raise the grant limit to 15 000 zł), which the groups page
suggests as one group; some are answered, some drafted, some assigned to an official."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.common.timeutil import utcnow
from app.consultations import services
from app.consultations.models import Consultation, Decision
from app.extensions import db

ROUND_TITLE = "Regulamin małych grantów"

#: (a fragment of the commented unit's text, or None for a general remark; proposed wording)
PROPOSALS = [
    ("tryb przyznawania", "Regulamin określa tryb i kryteria przyznawania małych grantów."),
    ("Wkład własny", "Wkład własny w formie pracy wolontariuszy liczy się jako wkład osobowy."),
    ("generator ofert", "Oferty składa się wyłącznie elektronicznie przez generator Witkac."),
    ("7 dni roboczych", "Oferty rozpatruje się w terminie 14 dni kalendarzowych."),
    ("90 dni", "Zadanie realizuje się w terminie nie dłuższym niż 120 dni."),
    ("30 dni od dnia", "Sprawozdanie składa się w terminie 45 dni od zakończenia zadania."),
    ("wchodzi w życie", "Regulamin wchodzi w życie po 14 dniach od ogłoszenia w BIP."),
    (None, "Prosimy o szkolenie z rozliczania małych grantów przed pierwszym naborem."),
    (None, "Wnioskujemy o publikowanie listy przyznanych grantów co miesiąc."),
    ("tryb przyznawania", "Dodać definicję młodej organizacji działającej krócej niż 2 lata."),
    ("Wkład własny", "Wkład finansowy nie może być warunkiem oceny oferty."),
    ("generator ofert", "Dopuścić składanie ofert pocztą tradycyjną z datą stempla."),
    ("90 dni", "Dopuścić przedłużenie zadania na wniosek organizacji o 30 dni."),
    (None, "Komisja oceniająca powinna mieć przedstawiciela Rady Pożytku."),
]

#: reasons, each different in wording
JUSTIFICATIONS = [
    "Małe organizacje nie mają księgowych i potrzebują jasnych zasad.",
    "Wolontariusze są podstawą działania stowarzyszeń osiedlowych w naszym mieście.",
    "Papierowe wnioski ginęły w obiegu dokumentów urzędu w ubiegłym roku.",
    "Tydzień to zbyt mało, aby rzetelnie ocenić ofertę złożoną w okresie wakacyjnym.",
    "Zadania sportowe trwają cały sezon i nie mieszczą się w trzech miesiącach.",
    "Faktury od dostawców przychodzą z opóźnieniem, co utrudnia terminowe rozliczenie.",
    "Mieszkańcy muszą mieć czas, aby zapoznać się z nowymi zasadami przed naborem.",
    "Coraz więcej grup nieformalnych chce korzystać z trybu pozakonkursowego.",
    "Jawność wydatkowania środków publicznych buduje zaufanie do współpracy.",
    "Rada Działalności Pożytku Publicznego opiniuje programy, więc zna potrzeby sektora.",
    "Pogoda i terminy dostaw często opóźniają wydarzenia plenerowe organizowane latem.",
    "Osoby starsze nie korzystają z generatorów internetowych i wolą formularz papierowy.",
    "Kryterium finansowe wyklucza najbiedniejsze organizacje z dzielnic peryferyjnych.",
    "Definicja pozwoli przyznać dodatkowe punkty debiutantom w ocenie merytorycznej.",
]

#: the four remarks that say the same thing (the suggested group of the demo)
SAME_THING = [
    (
        "Dofinansowanie jednego zadania nie może przekroczyć 15 000 zł.",
        "Koszty organizacji wydarzeń wzrosły, kwota 10 000 zł nie wystarcza na realizację zadania.",
    ),
    (
        "Dofinansowanie jednego zadania nie może przekroczyć 15 000 zł.",
        "Koszty organizacji wydarzeń znacznie wzrosły i kwota 10 000 zł nie wystarcza.",
    ),
    (
        "Dofinansowanie jednego zadania nie może przekroczyć kwoty 15 000 zł.",
        "Kwota 10 000 zł nie wystarcza na realizację zadania, bo koszty organizacji "
        "wydarzeń wzrosły.",
    ),
    (
        "Dofinansowanie zadania nie może przekroczyć 15 000 zł.",
        "Koszty organizacji wydarzeń wzrosły; 10 000 zł nie wystarcza na realizację zadania.",
    ),
]


def _unit_key(consultation: Consultation, fragment: str | None) -> str | None:
    if fragment is None:
        return None
    version = consultation.current_version
    return next(u.key for u in version.units if fragment in u.text_md)


def _remark(consultation, representative, organization, fragment, proposed, why, when, k):
    data = services.CommentData(_unit_key(consultation, fragment), proposed, why)
    if k % 9 == 4:
        return services.enter_paper_comment(
            representative, consultation, organization, data, when.date(), when
        )
    if k % 11 == 6:
        return services.enter_meeting_remark(
            representative, consultation, organization, data, when.date(), when
        )
    return services._store_comment(consultation, representative, organization, data, when)


def create_demo_remarks(official, organizations: list) -> Consultation | None:
    """Add the remarks to the small grants round (made by ``create_demo_consultations``)."""
    consultation = db.session.scalar(select(Consultation).where(Consultation.title == ROUND_TITLE))
    if consultation is None or consultation.current_version is None:
        return None
    now = utcnow()
    reps = [(o.memberships[0].user, o) for o in organizations]
    start = now - timedelta(days=25)
    remarks = []
    for k, (proposed, why) in enumerate(SAME_THING):
        rep, organization = reps[(k + 2) % len(reps)]
        remarks.append(
            services._store_comment(
                consultation,
                rep,
                organization,
                services.CommentData(
                    _unit_key(consultation, "nie może przekroczyć"), proposed, why
                ),
                start + timedelta(hours=3 * k),
            )
        )
    for k in range(59):
        fragment, proposed = PROPOSALS[k % len(PROPOSALS)]
        why = JUSTIFICATIONS[(k * 5 + k // len(PROPOSALS)) % len(JUSTIFICATIONS)]
        rep, organization = reps[k % len(reps)]
        # paper and meeting remarks are entered by the official
        author = official if k % 9 == 4 or k % 11 == 6 else rep
        remarks.append(
            _remark(
                consultation,
                author,
                organization,
                fragment,
                proposed,
                why,
                # every remark within the commenting stage (it closed 10 days ago)
                start + timedelta(hours=6 * k + 1),
                k,
            )
        )
    # some answered already (published), some drafted, some assigned to the official
    others = remarks[len(SAME_THING) :]
    answered_on = now - timedelta(days=5)
    for index, remark in enumerate(others[:12]):
        decision = (Decision.ACCEPTED, Decision.REJECTED, Decision.PARTLY_ACCEPTED)[index % 3]
        services.save_answer(
            official,
            remark,
            decision,
            "Uwaga rozpatrzona przez Biuro Aktywności Obywatelskiej.",
            index < 8,
            answered_on,
        )
    for remark in others[12:20]:
        remark.assigned_to_id = official.id
        remark.due_on = date.today() + timedelta(days=7)
    db.session.flush()
    return consultation
