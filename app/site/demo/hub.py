"""Demo data for the calendar (a month of city and NGO events) and the opportunities board."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.auth.models import User
from app.common.timeutil import WARSAW, utcnow
from app.extensions import db
from app.hub import services
from app.hub.models import Opportunity, OpportunityKind
from app.organizations.models import Organization

#: (day offset, hour, hours long, title, place, online link, area, organization index or None,
#: open to join)
EVENTS = [
    (
        1,
        17,
        2,
        "Forum organizacji pozarządowych",
        "Ratusz, sala obrad",
        None,
        "ngo-support",
        None,
        True,
    ),
    (
        3,
        10,
        3,
        "Szkolenie: jak rozliczyć dotację",
        "Centrum Aktywności Obywatelskiej",
        None,
        "ngo-support",
        None,
        False,
    ),
    (5, 16, 2, "Wtorkowy klub seniora", "ul. Kilińskiego 5", None, "seniors", 0, False),
    (
        8,
        9,
        4,
        "Sprzątanie brzegów Dunajca",
        "Zbiórka: most heleński",
        None,
        "ecology-animals-nature",
        1,
        False,
    ),
    (
        10,
        18,
        1,
        "Webinar: wkład własny w projektach unijnych",
        "",
        "https://spotkania.example.org/wklad-wlasny",
        "ngo-support",
        None,
        False,
    ),
    (
        13,
        11,
        6,
        "Dzień Sąsiada: festyn miejski",
        "Rynek",
        None,
        "local-community-development",
        None,
        True,
    ),
    (
        17,
        15,
        2,
        "Turniej piłkarski dla dzieci",
        "Stadion przy ul. Kilińskiego",
        None,
        "physical-culture-sport",
        2,
        False,
    ),
    (
        21,
        17,
        2,
        "Dyżur doradcy: zakładanie fundacji",
        "Centrum Aktywności Obywatelskiej",
        None,
        "ngo-support",
        None,
        False,
    ),
    (24, 10, 2, "Warsztaty ekologiczne w szkole", "SP nr 5", None, "education-science", 1, False),
    (
        28,
        12,
        5,
        "Wolontariacki Dzień Seniora",
        "Miejskie Centrum Kultury",
        None,
        "seniors",
        None,
        True,
    ),
]


def _at(now: datetime, days: int, hour: int) -> datetime:
    local = (now + timedelta(days=days)).astimezone(WARSAW)
    return datetime(local.year, local.month, local.day, hour, tzinfo=WARSAW).astimezone(UTC)


def create_demo_events(official: User, organizations: list[Organization]) -> None:
    """A month of events from tomorrow: the city's (some open to join) and organizations'."""
    now = utcnow()
    for days, hour, hours, title, place, link, area, org_index, open_to_join in EVENTS:
        organization = (
            organizations[org_index]
            if org_index is not None and org_index < len(organizations)
            else None
        )
        author = organization.memberships[0].user if organization else official
        start = _at(now, days, hour)
        data = services.EventData(
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            place=place,
            online_url=link,
            description=f"{title}. Zapraszamy! Szczegóły u organizatora.",
            area_code=area,
            is_open_to_join=open_to_join,
        )
        services.create_event(author, organization, data, now)


def create_demo_opportunities(official: User) -> None:
    """About ten opportunities of every type: current, standing, planned and past ones."""
    now = utcnow()
    year = now.astimezone(WARSAW).year + 1
    K = OpportunityKind
    items = [
        (
            K.OPEN_COMPETITION,
            "Otwarty konkurs ofert: aktywizacja seniorów",
            "150000",
            21,
            None,
            ("seniors",),
        ),
        (
            K.OPEN_COMPETITION,
            "Otwarty konkurs ofert: sport dzieci i młodzieży",
            "300000",
            45,
            None,
            ("physical-culture-sport", "children-youth"),
        ),
        (
            K.SMALL_GRANT,
            "Małe granty (tryb art. 19a): inicjatywy sąsiedzkie",
            "10000",
            60,
            None,
            ("local-community-development",),
        ),
        (
            K.OWN_CONTRIBUTION,
            "Fundusz wkładów własnych na projekty zewnętrzne",
            "80000",
            90,
            None,
            ("ngo-support",),
        ),
        (
            K.ROOMS_EQUIPMENT,
            "Sale Centrum Aktywności Obywatelskiej",
            None,
            None,
            None,
            ("ngo-support",),
        ),
        (
            K.TRAINING_ADVICE,
            "Doradztwo: pisanie i rozliczanie projektów",
            None,
            None,
            None,
            ("ngo-support",),
        ),
        (K.OTHER, "Patronat Prezydenta Miasta dla wydarzeń organizacji", None, None, None, ()),
        (
            K.OPEN_COMPETITION,
            "Otwarty konkurs ofert: kultura i dziedzictwo",
            "200000",
            None,
            (year, 2),
            ("culture-heritage",),
        ),
        (
            K.OPEN_COMPETITION,
            "Otwarty konkurs ofert: ekologia i ochrona zwierząt",
            "120000",
            None,
            (year, 3),
            ("ecology-animals-nature",),
        ),
        (K.SMALL_GRANT, "Małe granty dla młodzieży", "30000", None, (year, 5), ("children-youth",)),
    ]
    for kind, title, amount, days, planned, areas in items:
        data = services.OpportunityData(
            kind=kind,
            title=title,
            description=f"**{title}.** Szczegóły w ogłoszeniu.",
            amount=Decimal(amount) if amount else None,
            deadline_at=_at(now, days, 15) if days else None,
            planned_year=planned[0] if planned else None,
            planned_month=planned[1] if planned else None,
            criteria="Zgodność z programem współpracy; budżet; doświadczenie." if amount else "",
            announcement_url="https://bip.example.org/konkursy" if amount else None,
            area_codes=areas,
        )
        services.create_opportunity(official, data, now)
    # Two past ones, for the archive: created as current, then their deadlines passed.
    for title in ("Otwarty konkurs ofert: zdrowie 2026", "Małe granty: wiosna 2026"):
        data = services.OpportunityData(
            kind=K.OPEN_COMPETITION if "konkurs" in title else K.SMALL_GRANT,
            title=title,
            description="Konkurs rozstrzygnięty.",
            amount=Decimal("50000"),
            deadline_at=_at(now, 1, 15),
            area_codes=("health",),
        )
        opportunity: Opportunity = services.create_opportunity(official, data, now)
        opportunity.deadline_at = now - timedelta(days=40)
    db.session.flush()


def create_demo_hub(official: User, organizations: list[Organization]) -> None:
    create_demo_events(official, organizations)
    create_demo_opportunities(official)
