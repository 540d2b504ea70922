"""Demo priority votes: one of each kind, with ballots from the demo organizations.

- the ranked priorities of the 2027 programme (Borda, secret), open for voting, some ballots cast;
- a 100-point allocation of the programme's budget among priority areas (closed, published);
- an approval vote over public tasks with costs (the Method of Equal Shares as equalshares.net
  counts it, the recommended variant; closed, published: its results page says why each task
  was funded or not), with one ballot entered from paper;
- a small secret vote (Borda) of the organizations working with seniors, closed and published
  with three ballots, fewer than the five its secrecy needs: its result is public, the ballots
  file is withheld, and the results page says why.

Ballots are stored directly (as the ballot service would store them) with fresh receipt codes.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.common.sanitize import render_markdown
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.consultations.models import CommentVisibility, Participation, StageKind
from app.extensions import db
from app.organizations.models import PublicBenefitArea
from app.priorities import results
from app.priorities.models import Ballot, BallotType, Channel, Secrecy, Vote, VoteOption
from app.priorities.receipts import new_receipt_code, receipt_digest

DAY = timedelta(days=1)

PRIORITIES = [
    ("Wsparcie seniorów i klubów seniora", "seniors"),
    ("Integracja osób z niepełnosprawnościami", "disability"),
    ("Sport dzieci i młodzieży", "physical-culture-sport"),
    ("Ochrona przyrody nad Dunajcem i Kamienicą", "ecology-animals-nature"),
    ("Wspieranie organizacji pozarządowych i wolontariatu", "ngo-support"),
]

SENIOR_TASKS = [
    ("Zajęcia ruchowe w klubach seniora", "seniors", None),
    ("Teleopieka dla osób samotnych", "seniors", None),
    ("Wolontariat międzypokoleniowy w szkołach", "seniors", None),
    ("Uniwersytet Trzeciego Wieku na osiedlach", "seniors", None),
]

TASKS = [
    ("Klub seniora na Wólkach: zajęcia przez cały rok", "seniors", "180000"),
    ("Dowóz osób z niepełnosprawnościami na zajęcia", "disability", "150000"),
    ("Liga piłkarska szkół podstawowych", "physical-culture-sport", "90000"),
    ("Sprzątanie brzegów Dunajca z mieszkańcami", "ecology-animals-nature", "40000"),
    ("Centrum wolontariatu przy Rynku", "ngo-support", "120000"),
    ("Warsztaty ekologiczne w szkołach", "ecology-animals-nature", "60000"),
]


def _round(official, title, subject, stages, now):
    data = consultation_services.RoundData(
        title=title,
        summary="Głosowanie organizacji pozarządowych nad priorytetami i podziałem środków.",
        subject=subject,
        rules_md="Głosują **przedstawiciele zweryfikowanych organizacji**: jedna karta na "
        "organizację. Karty papierowe przyjmuje Biuro Aktywności Obywatelskiej.",
        contact_person=official.name,
        contact_email="bao@konsulta.example.org",
        participation=Participation.VERIFIED_ORGANIZATIONS,
        comment_visibility=CommentVisibility.IMMEDIATE,
        short_stage_justification=None,
        area_codes=("ngo-support",),
        stages=tuple(
            consultation_services.StageData(kind, now + a, now + b) for kind, a, b in stages
        ),
    )
    consultation = consultation_services.create_consultation(official, data, now - 40 * DAY)
    consultation_services.announce_consultation(official, consultation, now - 35 * DAY)
    return consultation


def _vote(consultation, official, title, explanation, options, **fields) -> Vote:
    vote = Vote(
        consultation=consultation,
        title=title,
        explanation_md=explanation,
        explanation_html=render_markdown(explanation),
        created_by=official,
        **fields,
    )
    areas = {area.code: area for area in db.session.scalars(select(PublicBenefitArea))}
    for position, (option_title, area_code, cost) in enumerate(options):
        vote.options.append(
            VoteOption(
                position=position,
                title=option_title,
                area=areas.get(area_code),
                cost=None if cost is None else Decimal(cost),
            )
        )
    db.session.add(vote)
    db.session.flush()
    return vote


def _ballot(vote, organization, content, cast_by, when, paper: bool = False) -> Ballot:
    ballot = Ballot(
        vote=vote,
        voter_key=f"org:{organization.id}",
        organization=organization,
        content=content,
        channel=Channel.PAPER if paper else Channel.ONLINE,
        cast_by=cast_by,
        paper_received_on=date.today() if paper else None,
        receipt_digest=receipt_digest(new_receipt_code()),
        cast_at=when,
    )
    db.session.add(ballot)
    return ballot


def create_demo_votes(official, organizations: list) -> list[Vote]:
    """Create the demo votes; ``organizations`` are verified, each with a representative."""
    now = utcnow()
    reps = [organization.memberships[0].user for organization in organizations]

    current = _round(
        official,
        "Priorytety Programu współpracy na rok 2027 — głosowanie organizacji",
        "Ustalenie kolejności priorytetowych zadań publicznych Programu współpracy na rok 2027",
        [(StageKind.VOTING, -2 * DAY, 5 * DAY), (StageKind.RESULTS, 6 * DAY, 30 * DAY)],
        now,
    )
    ranked = _vote(
        current,
        official,
        "Kolejność priorytetów Programu 2027",
        "Uszereguj priorytety od najważniejszego. Możesz uszeregować tylko część z nich; "
        "liczy się **metoda Bordy**.",
        [(title, area, None) for title, area in PRIORITIES],
        ballot_type=BallotType.RANKED,
        method="borda",
        secrecy=Secrecy.SECRET,
        opens_at=now - 2 * DAY,
        closes_at=now + 5 * DAY,
    )
    keys = [option.key for option in ranked.options]
    for index, (organization, rep) in enumerate(zip(organizations[:2], reps, strict=False)):
        order = keys[index:] + keys[:index]
        _ballot(ranked, organization, order[:4], rep, now - DAY)

    finished = _round(
        official,
        "Budżet Programu współpracy na rok 2027 — podział środków i zadania",
        "Podział środków Programu 2027 między obszary priorytetowe i wybór zadań publicznych",
        [(StageKind.VOTING, -30 * DAY, -20 * DAY), (StageKind.RESULTS, -19 * DAY, 30 * DAY)],
        now,
    )
    points = _vote(
        finished,
        official,
        "Podział 3 000 000 zł między obszary priorytetowe",
        "Rozdziel **100 punktów** między obszary. Budżet zostanie podzielony proporcjonalnie "
        "do punktów, w zaokrągleniu do 1 000 zł.",
        [(title, area, None) for title, area in PRIORITIES],
        ballot_type=BallotType.POINTS,
        method="points",
        secrecy=Secrecy.SECRET,
        max_points=100,
        max_points_per_option=60,
        budget=Decimal("3000000"),
        rounding_unit=Decimal("1000"),
        opens_at=now - 30 * DAY,
        closes_at=now - 20 * DAY,
    )
    keys = [option.key for option in points.options]
    allocations = [
        [40, 30, 10, 10, 10],
        [10, 10, 20, 50, 10],
        [10, 10, 60, 10, 10],
        [20, 50, 0, 0, 30],
        [25, 25, 25, 0, 25],
    ]
    for index, (organization, rep) in enumerate(zip(organizations, reps, strict=False)):
        given = allocations[index % len(allocations)]
        content = {key: value for key, value in zip(keys, given, strict=True) if value}
        paper = index == len(organizations) - 1
        _ballot(points, organization, content, official if paper else rep, now - 25 * DAY, paper)

    approval = _vote(
        finished,
        official,
        "Zadania publiczne do sfinansowania w 2027 r.",
        "Zaznacz zadania, które Twoja organizacja uważa za potrzebne (najwyżej cztery). "
        "Zadania wybiera **metoda równych udziałów** w ramach 400 000 zł, liczona tak jak "
        "w miastach, które ją stosują (equalshares.net): wyniki mówią przy każdym zadaniu, "
        "dlaczego zostało sfinansowane albo nie, a potwierdzenie głosu – na co poszedł "
        "udział Twojej organizacji.",
        TASKS,
        ballot_type=BallotType.APPROVAL,
        method="equalshares/add1",  # the recommended variant (rules.RECOMMENDED_METHOD)
        secrecy=Secrecy.OPEN,
        budget=Decimal("400000"),
        min_choices=1,
        max_choices=4,
        opens_at=now - 30 * DAY,
        closes_at=now - 20 * DAY,
    )
    keys = [option.key for option in approval.options]
    choices = [[0, 1, 4], [3, 5], [2, 3], [0, 1], [1, 4, 5]]
    for index, (organization, rep) in enumerate(zip(organizations, reps, strict=False)):
        content = sorted(keys[i] for i in choices[index % len(choices)])
        paper = index == 0
        _ballot(approval, organization, content, official if paper else rep, now - 24 * DAY, paper)
    few = _few_ballots_vote(official, organizations, reps, now)
    db.session.flush()

    statements = {
        points.id: "Urząd przyjmuje podział środków z głosowania jako podstawę projektu "
        "budżetu Programu 2027. Kwoty mogą się zmienić o najwyżej 10% po uchwaleniu "
        "budżetu Miasta.",
        approval.id: "Wybrane zadania zostaną ogłoszone w otwartym konkursie ofert w styczniu "
        "2027 r. Dziękujemy organizacjom za udział w głosowaniu.",
    }
    for vote in (points, approval):
        db.session.refresh(vote)
        preview = results.compute_preview(vote, official, statements[vote.id], now - 19 * DAY)
        results.publish_results(
            vote, official, now - 18 * DAY, previewed_sha256=preview.ballots_sha256
        )
        results.notify_results_published(vote, f"/votes/{vote.id}/results")
    db.session.refresh(few)
    preview = results.compute_preview(
        few,
        official,
        "Kolejność zadań uwzględnimy w projekcie Programu 2027. Głosowały trzy organizacje, "
        "więc plik z kartami nie jest publikowany: przy tak małej liczbie kart można by "
        "odczytać, jak głosowała każda z nich.",
        now - 9 * DAY,
    )
    results.publish_results(few, official, now - 8 * DAY, previewed_sha256=preview.ballots_sha256)
    results.notify_results_published(few, f"/votes/{few.id}/results")
    return [ranked, points, approval, few]


def _few_ballots_vote(official, organizations: list, reps: list, now) -> Vote:
    """A secret vote that three organizations took part in: fewer ballots than the minimum for
    publishing them (the default five), so only the result is published."""
    seniors = _round(
        official,
        "Zadania senioralne na rok 2027 — głosowanie organizacji",
        "Kolejność zadań publicznych na rzecz seniorów w Programie współpracy na rok 2027",
        [(StageKind.VOTING, -15 * DAY, -10 * DAY), (StageKind.RESULTS, -9 * DAY, 30 * DAY)],
        now,
    )
    vote = _vote(
        seniors,
        official,
        "Kolejność zadań na rzecz seniorów",
        "Uszereguj zadania od najważniejszego; liczy się **metoda Bordy**. Głosowanie jest "
        "tajne: plik z kartami publikujemy tylko wtedy, gdy oddano co najmniej 5 kart.",
        SENIOR_TASKS,
        ballot_type=BallotType.RANKED,
        method="borda",
        secrecy=Secrecy.SECRET,
        min_ballots_for_publication=5,
        opens_at=now - 15 * DAY,
        closes_at=now - 10 * DAY,
    )
    keys = [option.key for option in vote.options]
    orders = [[0, 1, 2, 3], [1, 0, 3, 2], [0, 2, 1]]
    for organization, rep, order in zip(organizations[:3], reps, orders, strict=False):
        _ballot(vote, organization, [keys[i] for i in order], rep, now - 12 * DAY)
    return vote
