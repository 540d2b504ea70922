"""Functions that create model objects for tests, with sensible defaults."""

from __future__ import annotations

import itertools

from werkzeug.security import generate_password_hash

from app.auth.models import Role, User
from app.common.timeutil import utcnow
from app.extensions import db
from app.organizations import services
from app.organizations.models import Membership, MembershipStatus, Organization

PASSWORD = "correct-horse-battery"  # noqa: S105
_sequence = itertools.count(1)
_hashes: dict[str, str] = {}


def _password_hash(password: str) -> str:
    """scrypt is slow on purpose; hash each test password once per session."""
    if password not in _hashes:
        _hashes[password] = generate_password_hash(password, method="scrypt")
    return _hashes[password]


VALID_NIPS = ["7343567891", "5260001298", "7730012344"]
VALID_REGONS = ["123456785", "192598184", "012345675", "12345678512347"]


def make_user(**overrides) -> User:
    number = next(_sequence)
    values = {
        "email": f"person{number}@example.org",
        "name": f"Person {number}",
        "role": Role.MEMBER,
        "confirmed_at": utcnow(),
        "locale": "pl",
    }
    values.update(overrides)
    password = values.pop("password", PASSWORD)
    user = User(**values, password_hash=_password_hash(password))
    db.session.add(user)
    db.session.commit()
    return user


def organization_data(**overrides) -> services.OrganizationData:
    number = next(_sequence)
    values = {
        "name": f"Stowarzyszenie Testowe {number}",
        "legal_form": "association",
        "register_type": "krs",
        "register_number": f"{number:010d}",
        "nip": None,
        "regon": None,
        "area_codes": ("seniors",),
        "description_md": "Opis **organizacji**.",
        "website": None,
        "email": f"org{number}@example.org",
        "phone": "+48 18 000 00 00",
        "address": "ul. Testowa 1, Nowy Sącz",
        "show_email": True,
        "show_phone": False,
        "show_address": True,
    }
    values.update(overrides)
    return services.OrganizationData(**values)


def make_organization(founder: User | None = None, verified: bool = True, **overrides):
    founder = founder or make_user()
    organization = services.register_organization(
        founder, organization_data(**overrides), show_name=True, now=utcnow()
    )
    if verified:
        official = make_user(role=Role.OFFICIAL)
        services.verify_organization(official, organization, utcnow())
    db.session.commit()
    return organization


def add_member(
    organization: Organization, user: User | None = None, status=MembershipStatus.APPROVED
) -> Membership:
    user = user or make_user()
    membership = Membership(user_id=user.id, organization_id=organization.id, status=status)
    db.session.add(membership)
    db.session.commit()
    return membership


DRAFT_MD = """# § 1. Postanowienia ogólne

Program określa cele, zasady i formy współpracy Miasta z organizacjami pozarządowymi.

# § 2. Cele programu

Celem głównym jest budowanie partnerstwa między Miastem a organizacjami.

1) wzmacnianie potencjału organizacji,
2) zwiększanie udziału mieszkańców w życiu publicznym.

# § 3. Priorytetowe zadania publiczne

Priorytetem jest wsparcie seniorów i osób z niepełnosprawnościami.
"""


def make_consultation(official: User | None = None, **overrides):
    """An announced round with an open commenting stage and a published draft."""
    from datetime import timedelta

    from app.consultations import services as consultation_services

    official = official or make_user(role=Role.OFFICIAL)
    now = utcnow()
    values = {
        "title": "Program współpracy 2027",
        "summary": "Konsultacje projektu programu.",
        "subject": "Program współpracy z organizacjami pozarządowymi na rok 2027",
        "rules_md": "Uwagi zgłaszają **organizacje**.",
        "contact_person": "Piotr Urzędnik",
        "contact_email": "biuro@example.org",
        "participation": "verified_organizations",
        "comment_visibility": "immediate",
        "short_stage_justification": None,
        "area_codes": ("seniors",),
        "stages": (
            consultation_services.StageData(
                "commenting", now - timedelta(days=1), now + timedelta(days=13)
            ),
        ),
    }
    announce = overrides.pop("announce", True)
    draft = overrides.pop("draft", DRAFT_MD)
    values.update(overrides)
    consultation = consultation_services.create_consultation(
        official, consultation_services.RoundData(**values), now
    )
    if announce:
        consultation_services.announce_consultation(official, consultation, now)
    if draft:
        consultation_services.publish_version(
            official, consultation, "Projekt programu", draft, None, now
        )
    db.session.commit()
    return consultation


def proposal_data(**overrides):
    from app.proposals.services import ProposalData

    values = {
        "title": "Klub seniora na Wólkach",
        "area_code": "seniors",
        "problem": "Seniorzy z osiedla nie mają miejsca spotkań.",
        "evidence": "Ankieta rady osiedla, 2026.",
        "activities": "Otwarcie klubu seniora dwa razy w tygodniu.",
        "target_group": "Seniorzy z osiedla Wólki",
        "expected_results": "Stałe spotkania 40 osób.",
        "estimated_cost": None,
        "time_frame": "marzec–listopad 2027",
        "looking_for_partners": False,
        "partner_needs": "",
    }
    values.update(overrides)
    return ProposalData(**values)


def make_proposal(organization=None, consultation=None, submit: bool = True, **overrides):
    """A proposal of ``organization`` (a new verified one by default) in the ideas box."""
    from app.proposals import services as proposal_services

    organization = organization or make_organization()
    author = organization.memberships[0].user
    invited = overrides.pop("invited", ())
    proposal = proposal_services.create_proposal(
        author,
        organization,
        consultation,
        proposal_data(**overrides),
        invited,
        submit,
        utcnow(),
    )
    db.session.commit()
    return proposal


def event_data(**overrides):
    """Calendar event fields: tomorrow 17:00–19:00 UTC in a community room, by default."""
    from datetime import timedelta

    from app.hub.services import EventData

    start = utcnow().replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=1)
    values = {
        "title": "Spotkanie organizacji seniorów",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Centrum Aktywności Obywatelskiej, ul. Jagiellońska 11",
        "online_url": None,
        "description": "Rozmowa o **programie** współpracy.",
        "area_code": "seniors",
        "is_open_to_join": False,
    }
    values.update(overrides)
    return EventData(**values)


def make_event(author: User | None = None, organization=None, **overrides):
    """An event published by ``author`` (a new official by default) for ``organization``."""
    from app.hub import services as hub_services

    author = author or make_user(role=Role.OFFICIAL)
    event = hub_services.create_event(author, organization, event_data(**overrides), utcnow())
    db.session.commit()
    return event


def opportunity_data(**overrides):
    """An open grant competition with a deadline in 30 days, by default."""
    from datetime import timedelta
    from decimal import Decimal

    from app.hub.models import OpportunityKind
    from app.hub.services import OpportunityData

    values = {
        "kind": OpportunityKind.OPEN_COMPETITION,
        "title": "Otwarty konkurs ofert: aktywizacja seniorów 2027",
        "description": "Wsparcie zadań z zakresu **aktywizacji seniorów**.",
        "amount": Decimal("150000.00"),
        "deadline_at": utcnow().replace(microsecond=0) + timedelta(days=30),
        "planned_year": None,
        "planned_month": None,
        "criteria": "Doświadczenie, budżet, wkład własny.",
        "announcement_url": "https://bip.example.org/konkurs-1",
        "area_codes": ("seniors",),
    }
    values.update(overrides)
    return OpportunityData(**values)


def make_opportunity(official: User | None = None, **overrides):
    from app.hub import services as hub_services

    official = official or make_user(role=Role.OFFICIAL)
    opportunity = hub_services.create_opportunity(official, opportunity_data(**overrides), utcnow())
    db.session.commit()
    return opportunity


def make_vote(consultation=None, official: User | None = None, options=3, **overrides):
    """A vote stored directly (no service): open now unless ``opens_at``/``closes_at`` given.

    ``options`` is a number of plain options or a list of dicts of VoteOption fields.
    """
    from datetime import timedelta
    from decimal import Decimal

    from app.priorities.models import Vote, VoteOption

    official = official or make_user(role=Role.OFFICIAL)
    consultation = consultation or make_consultation(official, draft=None)
    now = utcnow()
    values = {
        "title": "Priorytety programu 2027",
        "explanation_md": "Uszereguj priorytety.",
        "explanation_html": "<p>Uszereguj priorytety.</p>",
        "ballot_type": "ranked",
        "method": "borda",
        "voter_unit": "organization",
        "secrecy": "secret",
        # the ballots file is published whatever the number of ballots; the tests of its
        # withholding (issue 12, item 3) set the site's default, 5
        "min_ballots_for_publication": 1,
        "rounding_unit": Decimal(1),
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=7),
        "created_by": official,
    }
    values.update(overrides)
    vote = Vote(consultation=consultation, **values)
    specs = (
        [{"title": f"Opcja {n}"} for n in range(1, options + 1)]
        if isinstance(options, int)
        else options
    )
    for position, spec in enumerate(specs):
        vote.options.append(VoteOption(position=position, **spec))
    db.session.add(vote)
    db.session.commit()
    return vote


def make_ballot(vote, organization=None, content=None, voter=None, code=None, **overrides):
    """A stored ballot for ``organization`` (or the person ``voter``); returns (ballot, code).

    ``content`` is the canonical form: a list of option ids (ranked / approval) or a dict
    ``{option id: points}``; by default every option ranked in order.
    """
    from app.priorities.models import Ballot
    from app.priorities.receipts import new_receipt_code, receipt_digest

    code = code or new_receipt_code()
    if content is None:
        content = [option.key for option in vote.options]
    key = f"org:{organization.id}" if organization is not None else f"person:{voter.id}"
    ballot = Ballot(
        vote=vote,
        voter_key=key,
        organization=organization,
        voter=voter,
        content=content,
        receipt_digest=receipt_digest(code),
        **overrides,
    )
    db.session.add(ballot)
    db.session.commit()
    return ballot, code


def add_voting_stage(consultation, opens_at=None, closes_at=None):
    """Give ``consultation`` a voting stage (default: opens in a day, lasts a week)."""
    from datetime import timedelta

    from app.consultations.models import Stage

    now = utcnow()
    opens_at = opens_at or now + timedelta(days=1)
    closes_at = closes_at or opens_at + timedelta(days=7)
    consultation.stages.append(Stage(kind="voting", opens_at=opens_at, closes_at=closes_at))
    db.session.commit()
    return consultation


def make_closed_vote(**fields):
    """A vote whose voting ended an hour ago (see :func:`make_vote` for ``fields``)."""
    from datetime import timedelta

    now = utcnow()
    fields.setdefault("opens_at", now - timedelta(days=3))
    fields.setdefault("closes_at", now - timedelta(hours=1))
    return make_vote(**fields)


def publish_vote_results(vote, official, statement="", now=None):
    """Compute the preview of a closed vote and publish it, as an official does (the service
    publishes only a previewed result); returns the result, not committed."""
    from app.priorities import results

    now = now or utcnow()
    preview = results.compute_preview(vote, official, statement, now)
    return results.publish_results(vote, official, now, previewed_sha256=preview.ballots_sha256)


def cast_ballots(vote, contents, paper=()):
    """One ballot per content, each by a new organization (those numbered in ``paper`` on
    paper); returns the organizations."""
    organizations = []
    for number, content in enumerate(contents):
        organization = make_organization(name=f"Organizacja Tajna {number + 1}")
        extra = {"channel": "paper"} if number in paper else {}
        make_ballot(vote, organization, content, **extra)
        organizations.append(organization)
    return organizations


def option_keys(vote) -> list[str]:
    return [option.key for option in vote.options]


def make_meeting(consultation=None, official: User | None = None, **overrides):
    """A consultation meeting of ``consultation`` in three days (two hours, 20 seats)."""
    from datetime import timedelta

    from app.meetings import services as meeting_services

    official = official or make_user(role=Role.OFFICIAL)
    consultation = consultation or make_consultation(official)
    starts = overrides.pop("starts_at", utcnow() + timedelta(days=3))
    values = {
        "title": "Otwarte spotkanie konsultacyjne",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Urząd Miasta, sala 101, ul. Rynek 1",
        "online_url": None,
        "agenda_md": "1. Przedstawienie projektu\n2. Uwagi organizacji",
        "capacity": 20,
        "accessibility_note": "Wejście bez schodów, pętla indukcyjna.",
    }
    values.update(overrides)
    meeting = meeting_services.create_meeting(
        official, consultation, meeting_services.MeetingData(**values), utcnow()
    )
    db.session.commit()
    return meeting


#: The questions of the demo-like survey used by the tests: a condition shows question 3 only
#: to those who answered "Tak" to question 1.
SURVEY_QUESTIONS = [
    {"kind": "single", "text": "Czy prowadzicie zajęcia dla seniorów?", "options": ("Tak", "Nie")},
    {
        "kind": "multiple",
        "text": "Które obszary są najważniejsze?",
        "options": ("Seniorzy", "Sport", "Kultura", "Ekologia"),
        "max_choices": 2,
        "is_required": True,
    },
    {
        "kind": "number",
        "text": "Ilu seniorów uczestniczy w zajęciach?",
        "number_min": 0,
        "show_if": (0, "Tak"),
    },
    {
        "kind": "scale",
        "text": "Jak oceniacie współpracę z urzędem?",
        "scale_low_label": "źle",
        "scale_high_label": "bardzo dobrze",
    },
    {
        "kind": "ranking",
        "text": "Uszereguj priorytety",
        "options": ("Lokale", "Granty", "Szkolenia"),
    },
    {"kind": "long_text", "text": "Co jeszcze chcecie przekazać?"},
]


def make_survey(consultation=None, official: User | None = None, questions=None, **overrides):
    """An open survey of ``consultation`` (closes in a week) with ``SURVEY_QUESTIONS``."""
    from datetime import timedelta

    from app.surveys import services as survey_services

    official = official or make_user(role=Role.OFFICIAL)
    consultation = consultation or make_consultation(official)
    now = utcnow()
    values = {
        "title": "Ankieta o potrzebach organizacji",
        "intro_md": "Prosimy o **odpowiedzi** do końca miesiąca.",
        "is_anonymous": False,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=7),
    }
    values.update(overrides)
    survey = survey_services.create_survey(
        official, consultation, survey_services.SurveyData(**values), now
    )
    created = []
    for spec in SURVEY_QUESTIONS if questions is None else questions:
        spec = dict(spec)
        condition = spec.pop("show_if", None)
        if condition is not None:
            spec["show_if_question_id"] = created[condition[0]].id
            spec["show_if_value"] = condition[1]
        created.append(
            survey_services.add_question(
                official, survey, survey_services.QuestionData(**spec), now
            )
        )
    db.session.commit()
    return survey
