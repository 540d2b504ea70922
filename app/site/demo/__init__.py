"""Demo data for a newcomer (``flask seed-demo``): accounts of every role and realistic
(fictional) organizations, then each wing's data from the modules beside this one —
``consultations``, ``proposals``, ``hub``, ``priorities``, ``programmes`` — and the reminders and
notifications they lead to.

Identifiers are made valid by computing their check digits; any match with a real entity is
accidental.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from app.auth.models import Role, User
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications import services as notification_services
from app.notifications.models import EmailMode, FollowTarget, Notification
from app.organizations import services as org_services
from app.organizations.models import LegalForm, RegisterType
from app.organizations.queries import area_by_code
from app.site.demo.consultations import create_demo_consultations
from app.site.demo.hub import create_demo_hub
from app.site.demo.moderation import create_demo_moderation
from app.site.demo.participation import create_demo_participation
from app.site.demo.priorities import create_demo_votes
from app.site.demo.privacy import create_demo_consents
from app.site.demo.programmes import create_demo_programmes
from app.site.demo.proposals import create_demo_proposals
from app.site.demo.remarks import create_demo_remarks
from app.site.demo.settings import create_demo_settings
from app.site.reminders import run_reminders

DEMO_PASSWORD = "konsulta-demo-2026"  # noqa: S105 - printed on purpose for the demo site


def _nip(first9: str) -> str:
    """Complete nine digits with the check digit (a base whose check digit would be 10 fails)."""
    for digit in "0123456789":
        if stdnum_nip.is_valid(first9 + digit):
            return first9 + digit
    raise ValueError(f"no valid NIP starts with {first9}")


def _regon(first8: str) -> str:
    return first8 + stdnum_regon.calc_check_digit(first8)


#: (name, legal form, register, number, nip base, regon base, areas, description, verified)
ORGANIZATIONS = [
    (
        "Stowarzyszenie „Sądeckie Forum Seniora”",
        LegalForm.ASSOCIATION,
        RegisterType.KRS,
        "0000311452",
        "734351120",
        "12076543",
        ("seniors", "social-assistance"),
        "Prowadzimy **klub seniora** przy ul. Kilińskiego, zajęcia ruchowe i kursy "
        "komputerowe.\n\n- spotkania co wtorek\n- wolontariat międzypokoleniowy",
        True,
    ),
    (
        "Fundacja „Zielony Dunajec”",
        LegalForm.FOUNDATION,
        RegisterType.KRS,
        "0000547120",
        "734360215",
        "36120548",
        ("ecology-animals-nature", "education-science"),
        "Sprzątamy brzegi Dunajca i Kamienicy, prowadzimy warsztaty ekologiczne w szkołach.",
        True,
    ),
    (
        "Klub Sportowy „Kamienica Nowy Sącz”",
        LegalForm.SPORTS_CLUB,
        RegisterType.KRS,
        "0000098231",
        "734290118",
        "49200317",
        ("physical-culture-sport", "children-youth"),
        "Szkolimy dzieci i młodzież w piłce nożnej i lekkiej atletyce.",
        True,
    ),
    (
        "Stowarzyszenie na rzecz Osób z Niepełnosprawnościami „Razem”",
        LegalForm.ASSOCIATION,
        RegisterType.KRS,
        "0000207719",
        "734310527",
        "49130625",
        ("disability", "social-professional-integration"),
        "Warsztaty terapii zajęciowej, transport do placówek, doradztwo dla rodzin.",
        True,
    ),
    (
        "Fundacja Kultury „Rynek 1”",
        LegalForm.FOUNDATION,
        RegisterType.KRS,
        "0000655301",
        "734365540",
        "36544120",
        ("culture-heritage", "tourism"),
        "Organizujemy festiwal muzyki dawnej i spacery po zabytkach Starego Miasta.",
        True,
    ),
    (
        "Stowarzyszenie „Bezpieczna Rodzina”",
        LegalForm.ASSOCIATION,
        RegisterType.KRS,
        "0000401288",
        "734345029",
        "12198764",
        ("family-support-foster-care", "addiction-prevention"),
        "Wspieramy rodziny zastępcze i prowadzimy telefon zaufania.",
        True,
    ),
    (
        "Sąsiedzi z Wólek",
        LegalForm.ORDINARY_ASSOCIATION,
        RegisterType.CITY_REGISTER,
        "SZ/7/2024",
        None,
        None,
        ("local-community-development", "revitalisation"),
        "Stowarzyszenie zwykłe mieszkańców osiedla Wólki: festyny, wspólne ogrody.",
        False,
    ),
    (
        "Fundacja „Kod Przyszłości”",
        LegalForm.FOUNDATION,
        RegisterType.KRS,
        "0000987654",
        "734371003",
        "52741036",
        ("education-science", "technology-innovation"),
        "Uczymy programowania dzieci z mniejszych miejscowości Sądecczyzny.",
        False,
    ),
]


def _person(email: str, name: str, role: Role = Role.MEMBER) -> User:
    user = User(email=email, name=name, role=role, confirmed_at=utcnow(), locale="pl")
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    return user


def create_demo_data() -> list[tuple[str, str]]:
    """Create the demo accounts and organizations; return (description, e-mail) pairs."""
    now = utcnow()
    admin = _person("admin@konsulta.example.org", "Anna Administratorka", Role.ADMIN)
    official = _person("urzednik@konsulta.example.org", "Piotr Urzędnik", Role.OFFICIAL)
    create_demo_settings(admin, official)
    accounts = [("administrator", admin.email), ("official (urzędnik)", official.email)]
    verified_organizations = []
    for index, (name, form, register, number, nip, regon, areas, text, verified) in enumerate(
        ORGANIZATIONS, start=1
    ):
        rep = _person(f"ngo{index}@konsulta.example.org", f"Przedstawiciel NGO {index}")
        data = org_services.OrganizationData(
            name=name,
            legal_form=form,
            register_type=register,
            register_number=number,
            nip=_nip(nip) if nip else None,
            regon=_regon(regon) if regon else None,
            area_codes=areas,
            description_md=text,
            website=None,
            email=f"kontakt{index}@example.org",
            phone=f"+48 18 443 {index:02d} 00",
            address=f"ul. Jagiellońska {index}, 33-300 Nowy Sącz",
            show_email=True,
            show_phone=index % 2 == 0,
            show_address=True,
        )
        organization = org_services.register_organization(
            rep, data, show_name=index % 3 != 0, now=now - timedelta(days=30 - index)
        )
        if verified:
            org_services.verify_organization(official, organization, now - timedelta(days=20))
            verified_organizations.append(organization)
        state = "verified" if verified else "pending verification"
        accounts.append((f"representative, {state}: {name}", rep.email))
    member = _person("mieszkanka@konsulta.example.org", "Maria Mieszkanka")
    _create_demo_follows(verified_organizations, member, now)
    programme = create_demo_consultations(official, verified_organizations)
    create_demo_remarks(official, verified_organizations)
    create_demo_proposals(official, verified_organizations, programme)
    create_demo_participation(official, verified_organizations, programme)
    create_demo_hub(official, verified_organizations)
    create_demo_votes(official, verified_organizations)
    create_demo_programmes(official, verified_organizations)
    create_demo_moderation(official)
    _create_demo_reminders(verified_organizations, now)
    create_demo_consents()
    accounts.append(("member without organization", member.email))
    return accounts


def _create_demo_follows(organizations: list, member: User, now) -> None:
    """Follows made before the consultations and the hub are created, so that their
    publication notifies these people as it would on the live site."""

    def area(code: str) -> int:
        return area_by_code(code).id

    seniors_rep = organizations[0].memberships[0].user
    ecology_rep = organizations[1].memberships[0].user
    for code in ("seniors", "social-assistance"):
        notification_services.follow(seniors_rep, FollowTarget.AREA, area(code), now)
    notification_services.follow(
        ecology_rep, FollowTarget.AREA, area("ecology-animals-nature"), now
    )
    notification_services.follow(ecology_rep, FollowTarget.ORGANIZATION, organizations[0].id, now)
    for code in ("seniors", "culture-heritage"):
        notification_services.follow(member, FollowTarget.AREA, area(code), now)
    # the resident reads a daily summary rather than one e-mail per notification
    notification_services.set_email_mode(member.id, EmailMode.DAILY, now)


def _create_demo_reminders(organizations: list, now) -> None:
    """Reminders as ``flask notifications tick`` would make them, and one notification read."""
    run_reminders(now)
    first = db.session.scalar(
        select(Notification)
        .where(Notification.user_id == organizations[0].memberships[0].user_id)
        .order_by(Notification.id)
    )
    if first is not None:
        first.read_at = now
    db.session.flush()
