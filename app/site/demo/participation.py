"""Demo meetings and surveys of the 2027 programme round (issue 17): a meeting held three days
ago with its minutes and the remarks made there (one answered), a meeting next week with
registrations and a waiting list, an open survey with responses from several organizations and
a closed one with its results."""

from __future__ import annotations

from datetime import timedelta

from app.common.timeutil import WARSAW, utcnow
from app.consultations import services as consultation_services
from app.consultations.models import Consultation
from app.meetings import services as meetings
from app.surveys import services as surveys

MINUTES = """## Przebieg spotkania

1. Naczelnik Wydziału Spraw Społecznych przedstawił projekt Programu na 2027 r.
2. Przedstawiciele organizacji zgłosili uwagi (wpisane do konsultacji jako uwagi ze spotkania).
3. Ustalono, że urząd odpowie na uwagi w sprawozdaniu z konsultacji.

Obecnych było 14 osób z 6 organizacji oraz 3 pracowników urzędu.
"""

NEEDS_QUESTIONS = [
    {
        "kind": "single",
        "text": "Czy Wasza organizacja korzysta z lokalu miejskiego?",
        "options": ("Tak", "Nie"),
        "is_required": True,
    },
    {
        "kind": "number",
        "text": "Ile godzin w tygodniu korzystacie z lokalu?",
        "number_min": 0,
        "number_max": 168,
        "show_if": (0, "Tak"),
    },
    {
        "kind": "multiple",
        "text": "Jakiego wsparcia najbardziej potrzebujecie?",
        "options": ("Szkolenia", "Lokal", "Wkład własny do grantów", "Promocja", "Doradztwo"),
        "max_choices": 2,
        "is_required": True,
    },
    {
        "kind": "scale",
        "text": "Jak oceniacie współpracę z urzędem w 2026 r.?",
        "scale_low_label": "bardzo źle",
        "scale_high_label": "bardzo dobrze",
    },
    {"kind": "long_text", "text": "Co urząd powinien zmienić we współpracy?"},
]

PRIORITY_QUESTIONS = [
    {
        "kind": "ranking",
        "text": "Uszereguj obszary według ważności na 2027 r.",
        "options": ("Seniorzy", "Osoby z niepełnosprawnościami", "Sport dzieci", "Ekologia"),
        "is_required": True,
    },
    {
        "kind": "single",
        "text": "Czy konkursy powinny być ogłaszane do końca stycznia?",
        "options": ("Tak", "Nie", "Nie mamy zdania"),
    },
    {"kind": "short_text", "text": "Jedno słowo o współpracy w 2026 r."},
]


def _survey(official, programme, title, questions, opens_at, closes_at, now, anonymous=False):
    survey = surveys.create_survey(
        official,
        programme,
        surveys.SurveyData(
            title=title,
            intro_md="Ankieta pomoże przygotować **Program współpracy na rok 2027**.",
            is_anonymous=anonymous,
            opens_at=opens_at,
            closes_at=closes_at,
        ),
        opens_at - timedelta(days=1),
    )
    created = []
    for spec in questions:
        spec = dict(spec)
        condition = spec.pop("show_if", None)
        if condition is not None:
            spec["show_if_question_id"] = created[condition[0]].id
            spec["show_if_value"] = condition[1]
        created.append(surveys.add_question(official, survey, surveys.QuestionData(**spec), now))
    return survey, [q.id for q in created]


def _at(now, days: int, hour: int):
    """``days`` from ``now`` at ``hour``:00 in Warsaw (meetings start on the hour)."""
    local = (now + timedelta(days=days)).astimezone(WARSAW)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _meetings(official, programme: Consultation, reps, now) -> None:
    day = timedelta(days=1)
    held = meetings.create_meeting(
        official,
        programme,
        meetings.MeetingData(
            title="Otwarte spotkanie konsultacyjne projektu Programu 2027",
            starts_at=_at(now, -3, 17),
            ends_at=_at(now, -3, 19),
            place="Ratusz, sala obrad, Rynek 1, Nowy Sącz",
            online_url=None,
            agenda_md="1. Przedstawienie projektu\n2. Uwagi organizacji\n3. Dalsze kroki",
            capacity=40,
            accessibility_note="Wejście od ul. Szwedzkiej bez schodów; pętla indukcyjna w sali.",
        ),
        now - 10 * day,
    )
    for user, organization in reps[:4]:
        meetings.register(held, user, organization, now - 8 * day)
    meetings.publish_minutes(
        official, held, MINUTES, [organization for _user, organization in reps[:4]], now - 2 * day
    )
    units = programme.current_version.units
    unit = next((u for u in units if "konsultac" in u.text_md), units[1])
    remark = meetings.enter_remark(
        official,
        held,
        reps[0][1],
        consultation_services.CommentData(
            unit_key=unit.key,
            proposed_wording=unit.text_md.rstrip(".") + ", w tym co najmniej jedno spotkanie "
            "konsultacyjne w godzinach popołudniowych.",
            justification="Przedstawiciele organizacji pracują zawodowo do 16:00.",
        ),
        now - 2 * day,
    )
    consultation_services.save_answer(
        official,
        remark,
        "accepted",
        "Uwaga uwzględniona: kolejne spotkanie odbędzie się o 17:00.",
        True,
        now - 2 * day,
    )
    meetings.enter_remark(
        official,
        held,
        reps[1][1],
        consultation_services.CommentData(
            unit_key=None,
            proposed_wording="Dodać do Programu harmonogram konkursów na cały rok.",
            justification="Organizacje planują działania z wyprzedzeniem.",
        ),
        now - 2 * day,
    )
    upcoming = meetings.create_meeting(
        official,
        programme,
        meetings.MeetingData(
            title="Spotkanie online: priorytety Programu 2027",
            starts_at=_at(now, 5, 17),
            ends_at=_at(now, 5, 18),
            place=None,
            online_url="https://spotkania.example.org/program-2027",
            agenda_md="1. Wyniki ankiety\n2. Dyskusja o priorytetach",
            capacity=3,
            accessibility_note="Napisy na żywo; nagranie z tłumaczeniem na PJM po spotkaniu.",
        ),
        now - 2 * day,
    )
    for user, organization in reps[1:5]:  # the fourth goes to the waiting list
        meetings.register(upcoming, user, organization, now - day)


def create_demo_participation(official, organizations: list, programme: Consultation) -> None:
    """``organizations``: verified organizations with a representative each; ``programme``:
    the 2027 round (organizations answer its surveys)."""
    now = utcnow()
    day = timedelta(days=1)
    reps = [(o.memberships[0].user, o) for o in organizations]
    _meetings(official, programme, reps, now)

    survey, q = _survey(
        official,
        programme,
        "Ankieta: potrzeby organizacji w 2027 r.",
        NEEDS_QUESTIONS,
        now - 4 * day,
        now + 10 * day,
        now - 5 * day,
    )
    answers = [
        ("Tak", "12", ["Lokal", "Szkolenia"], "4", "Szybsze rozliczanie dotacji."),
        ("Nie", "", ["Wkład własny do grantów"], "3", "Więcej konkursów wieloletnich."),
        ("Tak", "6", ["Promocja", "Lokal"], "5", ""),
    ]
    for (user, organization), (has, hours, needs, rating, text) in zip(reps, answers, strict=False):
        raw = {q[0]: [has], q[1]: [hours], q[2]: needs, q[3]: [rating], q[4]: [text]}
        surveys.save_response(survey, user, organization, raw, True, now - 2 * day)

    closed, q = _survey(
        official,
        programme,
        "Ankieta: priorytety na 2027 r. (zakończona)",
        PRIORITY_QUESTIONS,
        now - 30 * day,
        now - 12 * day,
        now - 31 * day,
        anonymous=True,
    )
    rankings = [
        (["1", "2", "3", "4"], "Tak", "partnerska"),
        (["2", "1", "", "3"], "Tak", "poprawna"),
        (["3", "4", "1", "2"], "Nie", "biurokratyczna"),
        (["1", "3", "2", ""], "Nie mamy zdania", "dobra"),
    ]
    for (user, organization), (ranking, january, word) in zip(reps, rankings, strict=False):
        raw = {q[0]: ranking, q[1]: [january], q[2]: [word]}
        surveys.save_response(closed, user, organization, raw, True, now - 20 * day)
