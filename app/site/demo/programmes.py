"""Demo data of the programme of cooperation (issue 14): the 2026 programme adopted, its
tasks in every state with updates, milestones, spent money, competitions and grants, one
grantee's change notice answered and the 2026 implementation report drafted; the 2027
programme in consultation with the public benefit council's opinion attached."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select

from app.auth.models import User
from app.common.timeutil import utcnow
from app.common.uploads import check_upload
from app.consultations.models import Consultation
from app.extensions import db
from app.hub import services as hub_services
from app.hub.models import OpportunityKind
from app.organizations.models import Organization
from app.organizations.queries import area_by_code
from app.programmes import queries, report, services
from app.programmes.states import Measure, NoticeAnswer, NoticeKind, TaskStatus
from app.proposals.models import Proposal, ProposalStatus

GOALS_2026 = (
    "Celem głównym Programu jest **budowanie partnerstwa** między Miastem a organizacjami "
    "pozarządowymi.\n\n- wzmacnianie potencjału organizacji\n- zwiększanie udziału mieszkańców "
    "w życiu publicznym\n- lepsza jakość usług społecznych"
)
PRIORITIES_2026 = [
    ("Aktywizacja i integracja seniorów", "seniors"),
    ("Sport dzieci i młodzieży w dzielnicach", "physical-culture-sport"),
    ("Edukacja ekologiczna nad Dunajcem", "ecology-animals-nature"),
    ("Kultura w dzielnicach: festiwal podwórek", "culture-heritage"),
    ("Wsparcie osób z niepełnosprawnościami w dostępie do kultury", "disability"),
]
INDICATORS = (
    "Liczba ogłoszonych konkursów\nLiczba złożonych ofert\nLiczba zawartych umów\n"
    "Wysokość środków przekazanych organizacjom"
)
#: How the platform measures the indicators above, in their order.
MEASURES = (Measure.COMPETITIONS, Measure.OFFERS, Measure.GRANTS, Measure.AMOUNT_GRANTED)
#: An indicator the platform does not know: typed by the office with a note.
INDICATOR_TYPED = "Odsetek organizacji zadowolonych ze współpracy"

#: The opinion of the public benefit council, a one-page PDF.
OPINION_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 1, tzinfo=UTC)


def _opinion(name: str) -> services.Upload:
    checked = check_upload(name, OPINION_PDF, {"pdf"}, 10**6)
    return services.Upload(checked, OPINION_PDF)


def _competition(official: User, title: str, kind: OpportunityKind, amount: str, deadline: date):
    data = hub_services.OpportunityData(
        kind=kind,
        title=title,
        description="Konkurs w ramach Programu współpracy na 2026 rok.",
        amount=Decimal(amount),
        deadline_at=_at(deadline, 16),
    )
    return hub_services.create_opportunity(official, data, _at(deadline) - timedelta(days=30))


def create_demo_programmes(official: User, organizations: list[Organization]) -> None:
    """``organizations``: verified, each with an approved representative."""
    now = utcnow()
    year = 2026
    data_2026 = services.ProgrammeData(
        year=year,
        title="Program współpracy Miasta Nowego Sącza z organizacjami na 2026 rok",
        goals=GOALS_2026,
        priority_tasks="\n".join(title for title, _area in PRIORITIES_2026),
        indicators=INDICATORS + "\n" + INDICATOR_TYPED,
        draft_published_on=date(2025, 9, 15),
    )
    programme = services.create_programme(official, data_2026, _at(date(2025, 9, 15)))
    services.attach_opinion(
        official,
        programme,
        date(2025, 10, 14),
        _opinion("opinia-MRDPP-2026.pdf"),
        _at(date(2025, 10, 15)),
    )
    services.adopt_programme(
        official,
        programme,
        "XLII/512/2025",
        date(2025, 11, 26),
        "https://bip.example.org/uchwaly/XLII-512-2025",
        _at(date(2025, 11, 27)),
    )
    tasks = services.track_priority_tasks(official, programme, None, _at(date(2026, 1, 2)))
    for task, (_title, code) in zip(tasks, PRIORITIES_2026, strict=True):
        task.area = area_by_code(code)
    accepted = db.session.scalar(
        select(Proposal).where(Proposal.status == ProposalStatus.ACCEPTED).order_by(Proposal.id)
    )
    if accepted is not None:
        tasks.append(services.track_proposal(official, programme, accepted, _at(date(2026, 1, 5))))
    # the funded options of the published votes become tracked tasks too
    funded_options = [
        services.track_vote_option(official, programme, option, _at(date(2026, 1, 7)))
        for option in queries.trackable_options(programme)[:2]
    ]
    # the rounds of the votes its funded options came from are the programme's rounds
    services.update_programme(
        official,
        programme,
        replace(
            data_2026,
            round_ids=sorted({t.vote_option.vote.consultation_id for t in funded_options}),
        ),
        _at(date(2026, 1, 7), 12),
    )
    seniors, sport, ecology, culture, disability = tasks[:5]
    seniors_org, ecology_org, sport_org = organizations[0], organizations[1], organizations[2]

    seniors_call = _competition(
        official,
        "Otwarty konkurs ofert 2026: aktywizacja seniorów",
        OpportunityKind.OPEN_COMPETITION,
        "150000",
        date(2026, 1, 30),
    )
    sport_call = _competition(
        official,
        "Otwarty konkurs ofert 2026: sport dzieci i młodzieży",
        OpportunityKind.OPEN_COMPETITION,
        "300000",
        date(2026, 2, 13),
    )
    small = _competition(
        official,
        "Małe granty 2026: edukacja ekologiczna",
        OpportunityKind.SMALL_GRANT,
        "10000",
        date(2026, 4, 15),
    )
    grants = [
        (seniors, seniors_org, seniors_call, "120000", "Klub seniora i kursy komputerowe", 6),
        (sport, sport_org, sport_call, "180000", "Liga podwórkowa w czterech dzielnicach", 5),
        (ecology, ecology_org, small, "9500", "Warsztaty nad Dunajcem dla szkół", None),
    ]
    for task, organization, opportunity, amount, purpose, offers in grants:
        services.add_grant(
            official, task, organization, Decimal(amount), purpose, opportunity, offers
        )

    def progress(task, status, percent, planned, spent=None, note="", reason="", day=None):
        services.update_task(
            official,
            task,
            services.TaskProgress(
                status,
                percent,
                drop_reason=reason,
                planned_amount=Decimal(planned) if planned else None,
                spent_amount=Decimal(spent) if spent else None,
                spent_note=note,
            ),
            _at(day or date(2026, 11, 30)),
        )

    progress(seniors, TaskStatus.IN_PROGRESS, 80, "150000", "98000")
    progress(
        sport,
        TaskStatus.DONE,
        100,
        "170000",
        "180000",
        note="Dodatkowa drużyna dziewcząt; różnicę pokryto z rezerwy programu.",
    )
    progress(ecology, TaskStatus.DONE, 100, "10000", "9500")
    progress(culture, TaskStatus.PLANNED, 0, "60000")
    progress(
        disability,
        TaskStatus.DROPPED,
        0,
        "40000",
        reason="Zadanie przejął Miejski Ośrodek Pomocy Rodzinie w ramach projektu unijnego.",
    )
    for number, task in enumerate(funded_options):
        progress(
            task,
            TaskStatus.IN_PROGRESS if number == 0 else TaskStatus.PLANNED,
            45 if number == 0 else 0,
            str(task.planned_amount) if task.planned_amount is not None else None,
            str((task.planned_amount or 0) * Decimal("0.4")) if number == 0 else None,
        )
        services.post_update(
            official,
            task,
            "Zadanie wybrane w głosowaniu organizacji: "
            + (
                "realizacja trwa, zawarto umowę."
                if number == 0
                else "ogłoszenie konkursu w I kwartale."
            ),
            None,
            _at(date(2026, 5, 4 + number), 12),
        )
    for task, title, due, done in [
        (seniors, "Otwarcie klubu seniora na Wólkach", date(2026, 3, 2), date(2026, 3, 2)),
        (seniors, "Kurs komputerowy dla 60 osób", date(2026, 10, 30), None),
        (sport, "Finał ligi podwórkowej", date(2026, 9, 19), date(2026, 9, 19)),
        (ecology, "Warsztaty w pięciu szkołach", date(2026, 6, 12), date(2026, 6, 10)),
        (culture, "Festiwal podwórek", date(2026, 12, 20), None),
    ]:
        services.add_milestone(official, task, title, due, done)
    for task, text, day in [
        (
            seniors,
            "Klub seniora na Wólkach **działa od 2 marca**: zajęcia w poniedziałki "
            "i środy, 45 stałych uczestników.",
            date(2026, 3, 10),
        ),
        (
            seniors,
            "Rozliczono I transzę dotacji (98 000 zł). Kurs komputerowy potrwa do końca listopada.",
            date(2026, 10, 5),
        ),
        (
            sport,
            "Liga zakończona: 24 drużyny, 310 zawodników. [Wyniki](https://example.org/liga).",
            date(2026, 9, 21),
        ),
        (
            ecology,
            "Warsztaty odbyły się w pięciu szkołach, wzięło w nich udział 420 uczniów.",
            date(2026, 6, 15),
        ),
        (
            disability,
            "Zadanie przejął MOPR w ramach projektu unijnego; środki przesunięto "
            "na rezerwę programu.",
            date(2026, 4, 1),
        ),
    ]:
        services.post_update(official, task, text, None, _at(day, 12))
    seniors_rep = seniors_org.memberships[0].user
    notice = services.file_notice(
        seniors_rep,
        seniors,
        seniors_org,
        NoticeKind.SCHEDULE,
        "Kurs komputerowy przesuwamy z października na listopad.",
        "Sala w szkole jest w remoncie do końca października.",
        None,
        _at(date(2026, 9, 28)),
    )
    services.answer_notice(
        official,
        notice,
        NoticeAnswer.ACCEPTED,
        "Zgoda na zmianę terminu; harmonogram w umowie nie wymaga aneksu.",
        _at(date(2026, 10, 2)),
    )
    # a longer thread: the office asks for an annex, the organization sends it, the office accepts
    ecology_rep = ecology_org.memberships[0].user
    budget = services.file_notice(
        ecology_rep,
        ecology,
        ecology_org,
        NoticeKind.BUDGET,
        "Przesuwamy 1 200 zł z transportu na materiały warsztatowe.",
        "Dwie szkoły zorganizowały dojazd we własnym zakresie.",
        None,
        _at(date(2026, 5, 11)),
    )
    services.answer_notice(
        official,
        budget,
        NoticeAnswer.NEEDS_ANNEX,
        "Przesunięcie przekracza 10% pozycji kosztorysu: potrzebny aneks do umowy.",
        _at(date(2026, 5, 13)),
        reply_due_on=date(2026, 5, 22),
    )
    services.reply_to_notice(
        official,
        budget,
        "Prosimy o podpisany aneks ze zaktualizowanym kosztorysem.",
        None,
        _at(date(2026, 5, 13), 11),
        due_on=date(2026, 5, 22),
    )
    services.reply_to_notice(
        ecology_rep,
        budget,
        "W załączeniu podpisany aneks nr 1 z kosztorysem.",
        _opinion("aneks-1-kosztorys.pdf"),
        _at(date(2026, 5, 20)),
    )
    services.reply_to_notice(
        official,
        budget,
        "Aneks przyjęty; kosztorys po zmianie obowiązuje od 20 maja.",
        None,
        _at(date(2026, 5, 25)),
        answer=NoticeAnswer.ACCEPTED,
    )
    services.set_indicators(
        official,
        programme,
        year,
        [
            *(
                services.IndicatorEntry(name, measure)
                for name, measure in zip(INDICATORS.splitlines(), MEASURES, strict=True)
            ),
            services.IndicatorEntry(
                INDICATOR_TYPED, None, "78%", "Ankieta wśród organizacji, listopad 2026 r."
            ),
        ],
        _at(date(2026, 12, 1)),
    )
    db.session.flush()
    data = queries.report_data(programme, "pl")
    with force_locale("pl"):  # the report is written in Polish (no request in the command)
        text = report.draft_text(programme, data)
    services.save_report(
        official,
        programme,
        text,
        "Wydział Spraw Społecznych, Biuro ds. Organizacji Pozarządowych",
        now,
    )

    # 2027: in consultation, the council's opinion on the draft attached
    rounds = list(
        db.session.scalars(
            select(Consultation.id)
            .where(Consultation.title.contains("Program"), Consultation.title.contains("2027"))
            .order_by(Consultation.id)
        )
    )
    today = services.local_today(now)
    draft = services.create_programme(
        official,
        services.ProgrammeData(
            year=2027,
            title="Program współpracy Miasta Nowego Sącza z organizacjami na 2027 rok",
            goals="Projekt w konsultacjach: cele jak w 2026 r. oraz **cyfryzacja** współpracy.",
            priority_tasks="\n".join(title for title, _area in PRIORITIES_2026[:3]),
            indicators=INDICATORS,
            draft_published_on=today - timedelta(days=6),
            round_ids=rounds,
        ),
        now - timedelta(days=6),
    )
    services.attach_opinion(
        official, draft, today - timedelta(days=2), _opinion("opinia-MRDPP-2027.pdf"), now
    )
