"""Every official form re-renders with a field error when a required field is empty (issue 12,
items 6 and 8): each form that officials and administrators use (calendar, opportunities,
consultation rounds, drafts, reports, remarks and answers, meetings, votes, programmes,
surveys, reviews of organizations, accounts, site settings, access requests, moderation and
proposal answers). Each case builds a valid submission of the form's own fields, empties one
required field, and expects the page's status for bad input (never a 500, never a redirect),
the Polish message in the field's own error block, every other typed value still in the page,
and nothing stored. One app serves the whole module; each case starts from empty tables."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth.models import Role, User
from app.common.identity import SiteSettings
from app.common.timeutil import WARSAW, utcnow
from app.consultations import answering
from app.consultations import services as consultation_services
from app.consultations.models import (
    Answer,
    Attachment,
    Comment,
    Consultation,
    DraftVersion,
    Report,
    ReportRevision,
)
from app.consultations.services import StageData
from app.extensions import db, limiter
from app.hub import services
from app.hub.models import Event, Opportunity
from app.meetings.models import Meeting
from app.moderation import services as moderation_services
from app.moderation import targets as moderation_targets
from app.moderation.models import ModerationReview
from app.organizations.models import Membership, Organization
from app.organizations.states import MembershipStatus
from app.priorities import results
from app.priorities.models import Ballot, Vote, VoteOption, VoteResult
from app.programmes import services as programme_services
from app.programmes.models import (
    ChangeNotice,
    Grant,
    Milestone,
    NoticeReply,
    Programme,
    ProgrammeFile,
    ProgrammeTask,
    TaskUpdate,
)
from app.programmes.states import NoticeAnswer, NoticeKind
from app.proposals import services as proposal_services
from app.proposals.models import Proposal, ProposalComment
from app.proposals.states import ProposalStatus
from app.settings import services as settings_services
from app.settings.models import AccessRequest
from app.surveys.models import Survey, SurveyQuestion
from config import TestingConfig
from tests.conftest import TEMPLATE_CACHE, empty_tables, forget_request_state
from tests.factories import (
    add_member,
    add_voting_stage,
    cast_ballots,
    make_closed_vote,
    make_consultation,
    make_event,
    make_meeting,
    make_opportunity,
    make_organization,
    make_proposal,
    make_survey,
    make_user,
    make_vote,
)
from tests.programmes.builders import make_funded_task, make_programme


@pytest.fixture(scope="module")
def app(database_url):
    """One app for the module (building one per case was most of a case's cost)."""
    app = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost"}
    )
    app.before_request(forget_request_state)
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    with app.app_context():
        yield app
        db.session.remove()
        empty_tables()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables_after(app):
    """Each case starts from the tables as migrated."""
    yield
    db.session.remove()
    empty_tables()
    if app.config["RATELIMIT_ENABLED"]:
        limiter.reset()


TITLE = "Wpisz tytuł."
WHEN = "Wpisz datę i godzinę."
PLACE = "Wpisz miejsce lub link do spotkania online."
DEADLINE = (
    "Otwarty konkurs ofert wymaga terminu składania ofert albo planowanego miesiąca w rocznym "
    "planie konkursów."
)
JUSTIFY_CHANGE = "Uzasadnij proponowaną zmianę."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _local(value) -> str:
    return value.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def _event_form() -> dict:
    start = utcnow() + timedelta(days=3)
    return {
        "organizer": "0",
        "title": "Forum organizacji",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=2)),
        "place": "Ratusz, sala 1",
        "online_url": "",
        "area": "seniors",
        "description": "Opis forum",
    }


def _opportunity_form() -> dict:
    return {
        "kind": "open_competition",
        "title": "Konkurs na zadania kultury",
        "description": "Opis konkursu",
        "amount": "",
        "deadline_at": _local(utcnow() + timedelta(days=20)),
        "planned_month": "0",
        "planned_year": "",
        "criteria": "Kryteria oceny",
        "announcement_url": "https://bip.example.org/ogloszenie",
        "areas": ["culture-heritage"],
    }


def _round_form() -> dict:
    return {
        "title": "Program współpracy 2027",
        "subject": "Program współpracy z NGO na 2027",
        "summary": "Krótko",
        "rules": "Zasady udziału",
        "contact_person": "Anna Kowalska",
        "contact_email": "anna@example.org",
        "participation": "verified_organizations",
        "comment_visibility": "immediate",
        "commenting_opens": _local(utcnow() + timedelta(days=1)),
        "commenting_closes": _local(utcnow() + timedelta(days=15)),
        "areas": ["seniors"],
    }


def _vote_form() -> dict:
    return {
        "title": "Priorytety 2027",
        "explanation": "Uszereguj priorytety.",
        "ballot_type": "ranked",
        "method": "borda",
        "voter_unit": "organization",
        "secrecy": "secret",
        "rounding_unit": "1",
    }


@dataclass
class Form:
    """One official form ready to post: every required field valid."""

    url: str
    data: dict
    #: fields whose typed value must come back in the re-rendered page
    typed: tuple[str, ...] = ()
    #: the model whose rows must stay as they were
    model: type | None = None
    #: what the app answers to bad input on this page (the calendar, the opportunities and
    #: most forms re-render with 200; the answer, queue, settings, admin, access-request,
    #: moderation, proposal-answer and organization-review pages with 400)
    status: int = 200
    #: who posts it
    actor: str = Role.OFFICIAL
    #: the id of a field's error block when it is not the field's name (several forms on a page)
    error_ids: dict = field(default_factory=dict)


def _day(days: int = 0) -> str:
    return (utcnow().astimezone(WARSAW).date() + timedelta(days=days)).isoformat()


def _snapshot(model) -> list[tuple]:
    rows = db.session.scalars(select(model).order_by(model.id)).all()
    columns = [c.key for c in model.__table__.columns]
    return [tuple(getattr(row, c) for c in columns) for row in rows]


# --- hub (calendar, opportunities) ---------------------------------------------------------

EVENT_TYPED = ("title", "starts_at", "ends_at", "place", "description")
OPPORTUNITY_TYPED = ("title", "description", "deadline_at", "criteria", "announcement_url")


def _event_new(official):
    return Form("/calendar/events/new", _event_form(), EVENT_TYPED, Event)


def _event_edit(official):
    event = make_event(official)
    return Form(f"/calendar/events/{event.id}/edit", _event_form(), EVENT_TYPED, Event)


def _opportunity_new(official):
    return Form("/opportunities/new", _opportunity_form(), OPPORTUNITY_TYPED, Opportunity)


def _opportunity_edit(official):
    opportunity = make_opportunity(official)
    return Form(
        f"/opportunities/{opportunity.id}/edit", _opportunity_form(), OPPORTUNITY_TYPED, Opportunity
    )


# --- consultations -------------------------------------------------------------------------

ROUND_TYPED = ("title", "subject", "summary", "rules", "contact_person", "contact_email")
REMARK = {
    "unit": "",
    "proposed_wording": "Nowy zapis paragrafu",
    "justification": "Obecny zapis jest niejasny",
}


def _round_new(official):
    return Form("/consultations/new", _round_form(), ROUND_TYPED, Consultation)


def _round_edit(official):
    round_ = make_consultation(official, announce=False, draft=None)
    return Form(f"/consultations/{round_.id}/edit", _round_form(), ROUND_TYPED, Consultation)


def _version_data(**extra) -> dict:
    return {
        "title": "Projekt programu 2027",
        "source": "# Rozdział 1\n\nNowy tekst pierwszego paragrafu.",
        "change_note": "Poprawki po spotkaniu",
        "step": "",
        **extra,
    }


def _version_new(official):
    round_ = make_consultation(official)
    url = f"/consultations/{round_.id}/versions/new"
    return Form(url, _version_data(), ("title", "source", "change_note"), DraftVersion)


def _version_confirm(official):
    round_ = make_consultation(official)
    url = f"/consultations/{round_.id}/versions/new"
    data = _version_data(step="confirm", confirmed="y")
    return Form(url, data, ("title", "change_note"), DraftVersion)


def _closed_round(official):
    now = utcnow()
    return make_consultation(
        official,
        stages=(StageData("commenting", now - timedelta(days=20), now - timedelta(days=6)),),
    )


def _report_data(**extra) -> dict:
    return {
        "prepared_by": "Anna Kowalska",
        "statement": "Wnioski z konsultacji programu",
        "reason": "",
        "step": "",
        **extra,
    }


def _report(official):
    round_ = _closed_round(official)
    url = f"/consultations/{round_.id}/report/publish"
    return Form(url, _report_data(), ("prepared_by", "statement"), Report)


def _report_confirm(official):
    round_ = _closed_round(official)
    url = f"/consultations/{round_.id}/report/publish"
    return Form(url, _report_data(step="confirm", confirmed="y"), ("prepared_by",), Report)


def _report_revision(official):
    round_ = _closed_round(official)
    consultation_services.publish_report(official, round_, "Pierwszy tekst", "Jan Nowak", utcnow())
    db.session.commit()
    url = f"/consultations/{round_.id}/report/publish"
    data = _report_data(reason="Błędna data w pierwszym tekście")
    return Form(url, data, ("prepared_by", "statement", "reason"), ReportRevision)


def _paper_comment(official):
    round_ = make_consultation(official)
    organization = make_organization()
    data = {"organization": str(organization.id), **REMARK, "received_on": _day(-2)}
    typed = ("proposed_wording", "justification", "received_on")
    return Form(f"/consultations/{round_.id}/paper", data, typed, Comment)


def _remarks(official, count: int = 1):
    round_ = make_consultation(official)
    organization = make_organization()
    comments = [
        consultation_services.enter_paper_comment(
            official,
            round_,
            organization,
            consultation_services.CommentData(None, f"Zapis {n}", "Uzasadnienie"),
            utcnow().date(),
            utcnow(),
        )
        for n in range(count)
    ]
    db.session.commit()
    return round_, comments


ANSWER = {"decision": "accepted", "justification": "Uwzględniamy uwagę w całości."}


def _answer(official):
    round_, (comment,) = _remarks(official)
    url = f"/consultations/{round_.id}/comments/{comment.id}/answer"
    return Form(url, dict(ANSWER), ("justification",), Answer, status=400)


def _group_answer(official):
    round_, comments = _remarks(official, 2)
    group = answering.save_group(official, round_, comments, utcnow())
    db.session.commit()
    url = f"/consultations/{round_.id}/answers/groups/{group.id}"
    return Form(url, dict(ANSWER), ("justification",), Answer, status=400)


def _queue_decide(official):
    round_, (comment,) = _remarks(official)
    data = {
        "ids": [str(comment.id)],
        "action": "decide",
        **ANSWER,
        "assignee": "0",
        "due_on": "",
        "back": "",
    }
    url = f"/consultations/{round_.id}/answers/queue"
    return Form(url, data, ("justification",), Answer, status=400)


def _attachment(official):
    round_ = make_consultation(official)
    return Form(f"/consultations/{round_.id}/attachments/new", {"file": ""}, (), Attachment)


# --- meetings ------------------------------------------------------------------------------

MEETING_TYPED = ("title", "starts_at", "ends_at", "place", "agenda", "accessibility_note")


def _meeting_data() -> dict:
    start = utcnow() + timedelta(days=5)
    return {
        "title": "Spotkanie konsultacyjne",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=2)),
        "place": "Urząd Miasta, sala 101",
        "online_url": "",
        "agenda": "1. Projekt programu",
        "capacity": "20",
        "accessibility_note": "Wejście bez schodów",
    }


def _meeting_new(official):
    round_ = make_consultation(official)
    url = f"/consultations/{round_.id}/meetings/new"
    return Form(url, _meeting_data(), MEETING_TYPED, Meeting)


def _meeting_edit(official):
    meeting = make_meeting(official=official)
    return Form(f"/meetings/{meeting.id}/edit", _meeting_data(), MEETING_TYPED, Meeting)


def _held_meeting(official):
    return make_meeting(official=official, starts_at=utcnow() - timedelta(hours=3))


def _minutes(official):
    meeting = _held_meeting(official)
    data = {"minutes": "Protokół: omówiono projekt.", "confirmed": "y"}
    return Form(f"/meetings/{meeting.id}/minutes", data, ("minutes",), Meeting)


def _meeting_remark(official):
    meeting = _held_meeting(official)
    organization = make_organization()
    data = {"organization": str(organization.id), **REMARK}
    typed = ("proposed_wording", "justification")
    return Form(f"/meetings/{meeting.id}/remarks/new", data, typed, Comment)


# --- priorities (votes) --------------------------------------------------------------------

VOTE_TYPED = ("title", "explanation", "rounding_unit")
OPTION = {"title": "Klub seniora", "description": "Spotkania dwa razy w tygodniu", "area": "0"}


def _vote_new(official):
    round_ = add_voting_stage(make_consultation(official))
    return Form(f"/votes/rounds/{round_.id}/new", _vote_form(), VOTE_TYPED, Vote)


def _vote_in_setup(official):
    now = utcnow()
    return make_vote(
        official=official, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=8)
    )


def _vote_edit(official):
    vote = _vote_in_setup(official)
    return Form(f"/votes/{vote.id}/edit", _vote_form(), VOTE_TYPED, Vote)


def _option_new(official):
    vote = _vote_in_setup(official)
    data = {**OPTION, "cost": "12000"}
    return Form(f"/votes/{vote.id}/options/new", data, ("title", "description", "cost"), VoteOption)


def _option_edit(official):
    vote = _vote_in_setup(official)
    url = f"/votes/{vote.id}/options/{vote.options[0].id}/edit"
    data = {**OPTION, "cost": "12000"}
    return Form(url, data, ("title", "description", "cost"), VoteOption)


def _paper_ballot(official):
    vote = make_vote(official=official)
    organization = make_organization()
    data = {
        "organization": str(organization.id),
        "received_on": _day(-1),
        **{f"rank-{option.key}": str(n + 1) for n, option in enumerate(vote.options)},
    }
    return Form(f"/votes/{vote.id}/paper", data, ("received_on",), Ballot)


def _results_publish(official):
    vote = make_closed_vote(official=official)
    cast_ballots(vote, [None])
    preview = results.compute_preview(vote, official, "", utcnow())
    db.session.commit()
    data = {"previewed_sha256": preview.ballots_sha256, "confirmed": "y"}
    url = f"/votes/{vote.id}/results/publish"
    return Form(url, data, ("previewed_sha256",), VoteResult)


# --- programmes ----------------------------------------------------------------------------

PROGRAMME_TYPED = ("year", "title", "goals", "priority_tasks", "indicators")


def _programme_data(year: int) -> dict:
    return {
        "year": str(year),
        "end_year": "",
        "title": f"Program współpracy na {year} rok",
        "goals": "Wzmacnianie organizacji",
        "priority_tasks": "Wsparcie seniorów",
        "indicators": "Liczba ofert",
        "draft_published_on": "",
    }


def _programme_new(official):
    return Form("/programmes/new", _programme_data(2030), PROGRAMME_TYPED, Programme)


def _programme_edit(official):
    programme = make_programme(official, year=2025)
    url = f"/programmes/{programme.id}/edit"
    return Form(url, _programme_data(2025), PROGRAMME_TYPED, Programme)


def _adopt(official):
    programme = make_programme(official, year=2027, adopted=False)
    data = {
        "resolution_number": "XX/100/2026",
        "adopted_on": _day(-1),
        "bip_url": "https://bip.example.org/uchwala",
        "confirm": "y",
    }
    typed = ("resolution_number", "adopted_on", "bip_url")
    return Form(f"/programmes/{programme.id}/adopt", data, typed, Programme)


def _opinion(official):
    programme = make_programme(official, year=2027, adopted=False)
    data = {"opinion_on": _day(-1), "file": (io.BytesIO(PDF), "opinia.pdf")}
    return Form(f"/programmes/{programme.id}/opinion", data, ("opinion_on",), ProgrammeFile)


def _task(official):
    return make_funded_task(make_programme(official, year=2025), official=official)


def _task_money(official, **extra):
    task = _task(official)
    data = {
        "status": "in_progress",
        "progress": "40",
        "drop_reason": "",
        "area": "seniors",
        "planned_amount": "20000",
        "spent_amount": "25000",
        "spent_note": "Droższy wynajem sali",
        **extra,
    }
    typed = ("progress", "planned_amount", "spent_amount", "spent_note", "drop_reason")
    return Form(f"/programmes/tasks/{task.id}/edit", data, typed, ProgrammeTask)


def _task_dropped(official):
    return _task_money(official, status="dropped", drop_reason="Brak wykonawcy")


def _task_correct(official):
    task = _task(official)
    data = {
        "title": "Wsparcie seniorów w dzielnicach",
        "area": "seniors",
        "planned_amount": "25000",
    }
    url = f"/programmes/tasks/{task.id}/correct"
    return Form(url, data, ("title", "planned_amount"), ProgrammeTask)


MILESTONE = {"title": "Nabór uczestników", "due_on": "2025-06-01", "done_on": "2025-06-03"}


def _milestone_new(official):
    task = _task(official)
    url = f"/programmes/tasks/{task.id}/milestones"
    return Form(url, dict(MILESTONE), tuple(MILESTONE), Milestone)


def _milestone(official):
    task = _task(official)
    milestone = programme_services.add_milestone(official, task, "Start", date(2025, 3, 1), None)
    db.session.commit()
    return milestone


def _milestone_edit(official):
    milestone = _milestone(official)
    url = f"/programmes/milestones/{milestone.id}/edit"
    return Form(url, dict(MILESTONE), tuple(MILESTONE), Milestone)


def _update_new(official):
    task = _task(official)
    data = {"body": "Ruszyły warsztaty dla seniorów."}
    return Form(f"/programmes/tasks/{task.id}/updates", data, (), TaskUpdate)


def _update_edit(official):
    task = _task(official)
    update = programme_services.post_update(official, task, "Ruszyły zajęcia", None, utcnow())
    db.session.commit()
    data = {"body": "Ruszyły warsztaty dla seniorów."}
    return Form(f"/programmes/updates/{update.id}/edit", data, (), TaskUpdate)


def _link_opportunity(official):
    task = _task(official)
    opportunity = make_opportunity(official, title="Konkurs na zadania sportowe")
    data = {"opportunity": str(opportunity.id)}
    return Form(f"/programmes/tasks/{task.id}/opportunities", data, (), ProgrammeTask)


def _grant_data(task) -> dict:
    return {
        "organization": str(task.grants[0].organization_id),
        "opportunity": "0",
        "amount": "15000",
        "purpose": "Warsztaty rękodzieła",
        "offers_received": "3",
    }


GRANT_TYPED = ("amount", "purpose", "offers_received")


def _grant_new(official):
    task = _task(official)
    url = f"/programmes/tasks/{task.id}/grants"
    return Form(url, _grant_data(task), GRANT_TYPED, Grant)


def _grant_edit(official):
    task = _task(official)
    url = f"/programmes/grants/{task.grants[0].id}/edit"
    return Form(url, _grant_data(task), GRANT_TYPED, Grant)


REMOVE = {"reason": "Wpisane omyłkowo", "confirm": "y"}


def _remove_milestone(official):
    milestone = _milestone(official)
    url = f"/programmes/milestones/{milestone.id}/remove"
    return Form(url, dict(REMOVE), ("reason",), Milestone)


def _remove_grant(official):
    task = _task(official)
    url = f"/programmes/grants/{task.grants[0].id}/remove"
    return Form(url, dict(REMOVE), ("reason",), Grant)


def _remove_task(official):
    task = _task(official)
    return Form(f"/programmes/tasks/{task.id}/remove", dict(REMOVE), ("reason",), ProgrammeTask)


def _notice(official):
    task = _task(official)
    organization = task.grants[0].organization
    notice = programme_services.file_notice(
        organization.memberships[0].user,
        task,
        organization,
        NoticeKind.SCHEDULE,
        "Przesunięcie warsztatów o miesiąc",
        "Choroba prowadzącego",
        None,
        utcnow(),
    )
    db.session.commit()
    return notice


def _notice_answer(official):
    notice = _notice(official)
    data = {"answer": "accepted", "reason": "Zgoda na nowy termin"}
    return Form(f"/programmes/notices/{notice.id}/answer", data, ("reason",), ChangeNotice)


def _notice_reply(official):
    notice = _notice(official)  # the office's reply form follows its answer
    programme_services.answer_notice(
        official, notice, NoticeAnswer.ACCEPTED, "Zgoda na nowy termin", utcnow()
    )
    db.session.commit()
    data = {"body": "Prosimy o projekt aneksu.", "answer": "", "due_on": _day(14)}
    return Form(f"/programmes/notices/{notice.id}/reply", data, ("body", "due_on"), NoticeReply)


def _programme_report(official):
    programme = make_programme(official, year=2025)
    data = {"text": "Sprawozdanie z realizacji programu", "prepared_by": "Anna Kowalska"}
    url = f"/programmes/{programme.id}/report/edit"
    return Form(url, data, ("text", "prepared_by"), Programme)


def _programme_report_publish(official):
    programme = make_programme(official, year=2025)
    programme_services.save_report(official, programme, "Sprawozdanie", "Anna", utcnow())
    db.session.commit()
    url = f"/programmes/{programme.id}/report/publish"
    return Form(url, {"confirm": "y"}, (), Programme)


# --- surveys -------------------------------------------------------------------------------

SURVEY_TYPED = ("title", "intro", "opens_at", "closes_at")


def _survey_data() -> dict:
    opens = utcnow() + timedelta(days=1)
    return {
        "title": "Ankieta o potrzebach organizacji",
        "intro": "Wyniki posłużą do programu.",
        "opens_at": _local(opens),
        "closes_at": _local(opens + timedelta(days=14)),
    }


def _survey_new(official):
    round_ = make_consultation(official)
    url = f"/consultations/{round_.id}/surveys/new"
    return Form(url, _survey_data(), SURVEY_TYPED, Survey)


def _survey_edit(official):
    survey = make_survey(official=official)
    return Form(f"/surveys/{survey.id}/edit", _survey_data(), SURVEY_TYPED, Survey)


def _question(official):
    survey = make_survey(official=official)
    data = {
        "kind": "single",
        "text": "Czy prowadzicie zajęcia dla dzieci?",
        "help_text": "Chodzi o zajęcia stałe",
        "is_required": "y",
        "options": "Tak\nNie",
        "max_choices": "",
        "scale_low_label": "",
        "scale_high_label": "",
        "number_min": "",
        "number_max": "",
        "show_if_question": "0",
        "show_if_value": "",
    }
    return Form(f"/surveys/{survey.id}/manage", data, ("text", "help_text"), SurveyQuestion)


# --- organizations, admin, settings, moderation, proposals ---------------------------------


def _organization_review(official):
    organization = make_organization(verified=False)
    data = {"decision": "reject", "reason": "Brak wpisu w KRS"}
    return Form(
        f"/organizations/{organization.id}/decide",
        data,
        (),
        Organization,
        status=400,
        error_ids={"reason": f"reason-org{organization.id}"},
    )


def _membership_review(official):
    membership = add_member(make_organization(), status=MembershipStatus.PENDING)
    data = {"decision": "reject", "reason": "Nie znamy tej osoby"}
    return Form(
        f"/organizations/memberships/{membership.id}/decide",
        data,
        (),
        Membership,
        status=400,
        error_ids={"reason": f"reason-{membership.id}"},
    )


def _deactivate(official):
    account = make_user()
    data = {"active-reason": "Rozsyła spam", "active-confirmed": "y"}
    return Form(f"/admin/users/{account.id}/active", data, (), User, 400, Role.ADMIN)


def _identity(official):
    data = {
        "platform_name": "Konsulta Testowo",
        "body_name_pl": "Urząd Miasta Testowo",
        "body_name_en": "Testowo City Office",
        "office_name": "Biuro Organizacji Pozarządowych",
        "office_email": "ngo@example.org",
        "office_phone": "+48 18 000 00 00",
        "office_address": "Rynek 1, 33-300 Testowo",
        "bip_url": "https://bip.example.org",
        "privacy_controller": "Prezydent Miasta Testowo",
        "dpo_contact": "iod@example.org",
        "footer_links": "",
        "default_locale": "pl",
        "min_commenting_days": "7",
    }
    typed = tuple(k for k, v in data.items() if v and k != "default_locale")
    return Form("/admin/settings", data, typed, SiteSettings, 400, Role.ADMIN)


def _access_request(official):
    filed = settings_services.file_access_request(
        settings_services.RequestData(
            name="Jan Nowak",
            email="jan@example.org",
            concerns="Raport z konsultacji",
            description="Nie mogę odczytać tabeli.",
        ),
        "pl",
        utcnow(),
        utcnow().date(),
    )
    db.session.commit()
    return filed


def _access_answer(official):
    filed = _access_request(official)
    data = {"answer-answer": "Przesyłamy raport jako plik tekstowy.", "answer-confirmed": "y"}
    url = f"/access-requests/{filed.id}/answer"
    return Form(url, data, ("answer-answer",), AccessRequest, 400)


def _access_extend(official):
    filed = _access_request(official)
    data = {"extend-until": _day(20), "extend-reason": "Czekamy na wersję od wykonawcy."}
    url = f"/access-requests/{filed.id}/extend"
    return Form(url, data, ("extend-until", "extend-reason"), AccessRequest, 400)


def _access_close(official):
    filed = _access_request(official)
    data = {"close-reason": "Osoba wycofała wniosek.", "close-confirmed": "y"}
    url = f"/access-requests/{filed.id}/close"
    return Form(url, data, ("close-reason",), AccessRequest, 400)


def _moderation(official):
    round_ = make_consultation(official)
    organization = make_organization()
    author = organization.memberships[0].user
    comment = consultation_services.submit_comment(
        round_,
        author,
        organization,
        consultation_services.CommentData(None, "Tekst uwagi", "Bo tak."),
        utcnow(),
    )
    consultation_services.hide_comment(official, comment, "Obraźliwe słowa", utcnow())
    review = moderation_services.request_review(
        author,
        moderation_targets.load("remark", comment.id),
        "Proszę o ponowne sprawdzenie",
        utcnow(),
        lambda review: "/",
    )
    db.session.commit()
    data = {"outcome": "upheld", "note": "Uwaga nadal narusza regulamin.", "confirmed": "y"}
    return Form(f"/moderation/reviews/{review.id}", data, ("note",), ModerationReview, 400)


def _proposal_answer(official):
    proposal = make_proposal()
    proposal_services.start_review(official, proposal, utcnow())
    db.session.commit()
    data = {
        "answer-decision": "rejected",
        "answer-merged_into": "0",
        "answer-answer": "Zadanie jest już finansowane z innego programu.",
    }
    url = f"/proposals/{proposal.id}/answer"
    return Form(url, data, ("answer-answer",), Proposal, 400)


def _announce(official):
    round_ = make_consultation(official, announce=False, draft=None)
    url = f"/consultations/{round_.id}/announce"
    return Form(url, {"confirmed": "y"}, (), Consultation)


def _publish_answers(official):
    round_, (comment,) = _remarks(official)
    consultation_services.save_answer(
        official, comment, "accepted", "Uwzględniamy", False, utcnow(), link="/"
    )
    db.session.commit()
    url = f"/consultations/{round_.id}/answers/publish"
    return Form(url, {"confirmed": "y"}, (), Answer, status=400)


def _queue_publish(official):
    round_, (comment,) = _remarks(official)
    consultation_services.save_answer(
        official, comment, "accepted", "Uwzględniamy", False, utcnow(), link="/"
    )
    db.session.commit()
    data = {"ids": [str(comment.id)], "confirmed": "y", "back": ""}
    url = f"/consultations/{round_.id}/answers/queue/publish"
    return Form(url, data, (), Answer, status=400)


def _import_proposals(official):
    vote = _vote_in_setup(official)
    proposal = make_proposal()  # an accepted proposal of the vote's round
    proposal.consultation_id, proposal.status = vote.consultation_id, ProposalStatus.ACCEPTED
    db.session.commit()
    data = {"proposals": [str(proposal.id)]}
    return Form(f"/votes/{vote.id}/import", data, (), VoteOption)


FORMS = {
    "event_new": _event_new,
    "event_edit": _event_edit,
    "opportunity_new": _opportunity_new,
    "opportunity_edit": _opportunity_edit,
    "round_new": _round_new,
    "round_edit": _round_edit,
    "version_new": _version_new,
    "version_confirm": _version_confirm,
    "report": _report,
    "report_confirm": _report_confirm,
    "report_revision": _report_revision,
    "paper_comment": _paper_comment,
    "answer": _answer,
    "group_answer": _group_answer,
    "queue_decide": _queue_decide,
    "attachment": _attachment,
    "announce": _announce,
    "publish_answers": _publish_answers,
    "queue_publish": _queue_publish,
    "meeting_new": _meeting_new,
    "meeting_edit": _meeting_edit,
    "minutes": _minutes,
    "meeting_remark": _meeting_remark,
    "vote_new": _vote_new,
    "vote_edit": _vote_edit,
    "option_new": _option_new,
    "option_edit": _option_edit,
    "paper_ballot": _paper_ballot,
    "results_publish": _results_publish,
    "import_proposals": _import_proposals,
    "programme_new": _programme_new,
    "programme_edit": _programme_edit,
    "adopt": _adopt,
    "opinion": _opinion,
    "task_money": _task_money,
    "task_dropped": _task_dropped,
    "task_correct": _task_correct,
    "milestone_new": _milestone_new,
    "milestone_edit": _milestone_edit,
    "update_new": _update_new,
    "update_edit": _update_edit,
    "link_opportunity": _link_opportunity,
    "grant_new": _grant_new,
    "grant_edit": _grant_edit,
    "remove_milestone": _remove_milestone,
    "remove_grant": _remove_grant,
    "remove_task": _remove_task,
    "notice_answer": _notice_answer,
    "notice_reply": _notice_reply,
    "programme_report": _programme_report,
    "programme_report_publish": _programme_report_publish,
    "survey_new": _survey_new,
    "survey_edit": _survey_edit,
    "question": _question,
    "organization_review": _organization_review,
    "membership_review": _membership_review,
    "deactivate": _deactivate,
    "identity": _identity,
    "access_answer": _access_answer,
    "access_extend": _access_extend,
    "access_close": _access_close,
    "moderation": _moderation,
    "proposal_answer": _proposal_answer,
}

CONFIRM = "Zaznacz pole, aby potwierdzić."
DATE = "Podaj datę."
REASON = "Podaj powód."
WORDING = (("proposed_wording", "Wpisz proponowany zapis."), ("justification", JUSTIFY_CHANGE))


def _each(forms, fields):
    return [(form, name, message) for form in forms for name, message in fields]


CASES = [
    # hub
    *_each(
        ("event_new", "event_edit"),
        (
            ("title", TITLE),
            ("starts_at", WHEN),
            ("ends_at", WHEN),
            ("place", PLACE),  # no online link either: was a 409 (MissingPlace)
        ),
    ),
    *_each(("opportunity_new", "opportunity_edit"), (("title", TITLE), ("deadline_at", DEADLINE))),
    # consultations
    *_each(
        ("round_new", "round_edit"),
        (
            ("title", TITLE),
            ("subject", "Wpisz przedmiot konsultacji."),
            ("contact_person", "Podaj osobę do kontaktu."),
        ),
    ),
    ("version_new", "title", "Wpisz tytuł dokumentu."),
    ("version_new", "source", "Wklej tekst projektu lub prześlij plik."),
    ("version_confirm", "confirmed", CONFIRM),
    ("report", "prepared_by", "Wpisz, kto sporządził raport."),
    ("report_confirm", "confirmed", CONFIRM),
    (
        "report_revision",
        "reason",
        "Podaj, dlaczego poprawiasz opublikowany raport: powód będzie widoczny publicznie.",
    ),
    *_each(("paper_comment",), (*WORDING, ("received_on", "Wpisz datę wpływu formularza."))),
    *_each(
        ("answer", "group_answer", "queue_decide"),
        (("decision", "Wybierz decyzję."), ("justification", "Uzasadnij odpowiedź.")),
    ),
    ("attachment", "file", "Wybierz plik."),
    *_each(("announce", "publish_answers", "queue_publish"), (("confirmed", CONFIRM),)),
    # meetings
    *_each(
        ("meeting_new", "meeting_edit"),
        (
            ("title", TITLE),
            ("starts_at", "Podaj, kiedy zaczyna się spotkanie."),
            ("ends_at", "Podaj, kiedy kończy się spotkanie."),
            ("place", "Podaj miejsce albo link do spotkania online."),
        ),
    ),
    ("minutes", "minutes", "Wpisz treść protokołu."),
    ("minutes", "confirmed", CONFIRM),
    *_each(("meeting_remark",), WORDING),
    # priorities
    *_each(
        ("vote_new", "vote_edit"),
        (
            ("title", TITLE),
            ("method", "Wybierz metodę liczenia."),
            ("rounding_unit", "Wpisz jednostkę zaokrąglenia, np. 1."),
        ),
    ),
    *_each(("option_new", "option_edit"), (("title", TITLE),)),
    ("paper_ballot", "organization", "Wybierz organizację, której jest ta karta."),
    ("paper_ballot", "received_on", "Wpisz datę otrzymania karty."),
    ("results_publish", "confirmed", CONFIRM),
    ("import_proposals", "proposals", "Wybierz co najmniej jedną propozycję."),
    # programmes
    *_each(("programme_new", "programme_edit"), (("year", "Podaj rok."), ("title", TITLE))),
    ("adopt", "resolution_number", "Podaj numer uchwały."),
    ("adopt", "adopted_on", DATE),
    ("adopt", "confirm", CONFIRM),
    ("opinion", "opinion_on", DATE),
    ("opinion", "file", "Wybierz plik."),
    ("task_money", "spent_note", "Wydano więcej, niż planowano: wyjaśnij to w uwagach."),
    ("task_dropped", "drop_reason", "Napisz, dlaczego porzucono zadanie."),
    ("task_correct", "title", TITLE),
    *_each(("milestone_new", "milestone_edit"), (("title", TITLE), ("due_on", DATE))),
    *_each(("update_new", "update_edit"), (("body", "Wpisz treść informacji."),)),
    ("link_opportunity", "opportunity", "Wybierz konkurs lub inną formę współpracy."),
    *_each(
        ("grant_new", "grant_edit"),
        (
            ("organization", "Wybierz organizację."),
            ("amount", "Podaj kwotę."),
            ("purpose", "Napisz, na co."),
        ),
    ),
    *_each(
        ("remove_milestone", "remove_grant", "remove_task"),
        (("reason", REASON), ("confirm", CONFIRM)),
    ),
    ("notice_answer", "answer", "Wybierz odpowiedź."),
    ("notice_answer", "reason", REASON),
    ("notice_reply", "body", "Napisz wiadomość."),
    ("programme_report", "text", "Wpisz treść sprawozdania."),
    ("programme_report", "prepared_by", "Podaj, kto je przygotował."),
    ("programme_report_publish", "confirm", CONFIRM),
    # surveys
    *_each(
        ("survey_new", "survey_edit"),
        (
            ("title", TITLE),
            ("opens_at", "Podaj, kiedy ankieta się otwiera."),
            ("closes_at", "Podaj, kiedy ankieta się zamyka."),
        ),
    ),
    ("question", "text", "Wpisz treść pytania."),
    # organizations, admin, settings, moderation, proposals
    ("organization_review", "reason", "Podaj powód odrzucenia."),
    ("membership_review", "reason", "Podaj powód odrzucenia."),
    ("deactivate", "active-reason", "Podaj powód dezaktywacji konta."),
    ("deactivate", "active-confirmed", "Zaznacz pole, aby potwierdzić dezaktywację."),
    ("identity", "platform_name", "Wpisz nazwę."),
    ("identity", "body_name_pl", "Wpisz nazwę."),
    ("identity", "min_commenting_days", "Wpisz liczbę dni od 1 do 90."),
    ("access_answer", "answer-answer", "Wpisz odpowiedź."),
    ("access_answer", "answer-confirmed", CONFIRM),
    ("access_extend", "extend-until", "Wpisz datę, do której zostanie zapewniony dostęp."),
    ("access_extend", "extend-reason", "Podaj przyczynę opóźnienia."),
    ("access_close", "close-reason", "Podaj powód zamknięcia."),
    ("access_close", "close-confirmed", CONFIRM),
    ("moderation", "outcome", "Wybierz decyzję."),
    ("moderation", "note", "Napisz autorowi, dlaczego treść pozostaje ukryta."),
    ("moderation", "confirmed", CONFIRM),
    ("proposal_answer", "answer-decision", "Wybierz decyzję."),
    ("proposal_answer", "answer-answer", "Uzasadnij odpowiedź."),
]


def _error_block(page: str, field: str) -> str:
    match = re.search(rf'<div id="{field}-error"[^>]*>(.*?)</div>', page, re.S)
    assert match, f"no error block for {field}"
    return html.unescape(match.group(1))


@pytest.mark.parametrize(("form", "field", "message"), CASES)
def test_each_required_field_empty(client, auth, form, field, message):
    official = make_user(role=Role.OFFICIAL)
    case = FORMS[form](official)
    auth.login_as(official if case.actor == Role.OFFICIAL else make_user(role=case.actor))
    before = _snapshot(case.model)
    data = case.data
    data[field] = ""
    response = client.post(case.url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == case.status
    assert message in _error_block(page, case.error_ids.get(field, field))
    for other in case.typed:
        if other != field:
            assert html.escape(data[other], quote=True) in page, other
    assert _snapshot(case.model) == before


# --- item 6: competitions need a deadline or a planned month; other kinds keep their rules ---


@pytest.mark.parametrize(
    "overrides",
    [
        {"deadline_at": "", "planned_month": "5", "planned_year": "2027"},
        {"kind": "rooms_equipment", "deadline_at": ""},
        {"kind": "small_grant", "deadline_at": ""},
    ],
)
def test_competition_with_planned_month_and_other_kinds_need_no_deadline(client, auth, overrides):
    auth.login_as(make_user(role=Role.OFFICIAL))
    response = client.post("/opportunities/new", data={**_opportunity_form(), **overrides})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Opportunity.id))) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    if overrides.get("planned_month"):  # a planned competition is not a standing offer
        assert "Planowany: maj 2027" in page and "Oferta stała" not in page


def test_planned_month_without_year_is_an_error_not_dropped(client, auth):
    auth.login_as(make_user(role=Role.OFFICIAL))
    data = {**_opportunity_form(), "planned_month": "5", "planned_year": ""}
    response = client.post("/opportunities/new", data=data)
    assert response.status_code == 200
    assert "Wpisz rok planowanego miesiąca." in _error_block(
        response.get_data(as_text=True), "planned_year"
    )
    assert db.session.scalar(select(Opportunity)) is None


def test_service_refuses_a_competition_without_deadline(app):
    from tests.factories import opportunity_data

    with pytest.raises(services.MissingDeadline):
        services.create_opportunity(
            make_user(role=Role.OFFICIAL), opportunity_data(deadline_at=None), utcnow()
        )


# --- item 8: a service's refusal of the input is a field error, never a 409/500 page ---------


@pytest.mark.parametrize(
    ("url", "service", "error", "field", "message"),
    [
        ("/calendar/events/new", "create_event", services.MissingPlace, "place", PLACE),
        (
            "/calendar/events/new",
            "create_event",
            services.InvalidEventTime,
            "ends_at",
            "Koniec musi być późniejszy niż początek.",
        ),
        (
            "/calendar/events/new",
            "create_event",
            services.UnknownArea,
            "area",
            "Wybierz sferę pożytku publicznego.",
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.DeadlineInPast,
            "deadline_at",
            "Termin musi przypadać w przyszłości.",
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.MissingDeadline,
            "deadline_at",
            DEADLINE,
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.InvalidAmount,
            "amount",
            "Kwota nie może być ujemna.",
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.UnknownArea,
            "areas",
            "Wybierz sferę pożytku publicznego.",
        ),
    ],
)
def test_service_errors_become_field_errors(
    client, auth, monkeypatch, url, service, error, field, message
):
    def refuse(*args, **kwargs):
        raise error()

    monkeypatch.setattr(services, service, refuse)
    auth.login_as(make_user(role=Role.OFFICIAL))
    data = _event_form() if "calendar" in url else _opportunity_form()
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in _error_block(page, field)
    assert html.escape(data["title"]) in page


# --- forms of one required field that go back to their page with the message as a flash ------


def _hide_remark(official):
    round_, (comment,) = _remarks(official)
    url = f"/consultations/{round_.id}/comments/{comment.id}/hide"
    return url, {"reason": ""}, Comment


def _hide_proposal_comment(official):
    organization = make_organization()
    proposal = make_proposal(organization)
    comment = proposal_services.add_comment(
        organization.memberships[0].user, proposal, organization, "Uwaga", None, utcnow()
    )
    db.session.commit()
    url = f"/proposals/{proposal.id}/comments/{comment.id}/hide"
    return url, {"hide-reason": ""}, ProposalComment


def _open_early(official):
    return f"/votes/{_vote_in_setup(official).id}/open", {"confirmed": ""}, Vote


def _close_early(official):
    return f"/votes/{make_vote(official=official).id}/close", {"confirmed": ""}, Vote


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (_hide_remark, "Podaj powód ukrycia."),
        (_hide_proposal_comment, "Podaj powód ukrycia."),
        (_open_early, "Zaznacz „Potwierdzam”, aby rozpocząć głosowanie teraz."),
        (_close_early, "Zaznacz „Potwierdzam”, aby zakończyć głosowanie teraz."),
    ],
)
def test_one_field_forms_go_back_with_the_message(client, auth, build, message):
    """Hiding a remark or a proposal comment, opening or closing a vote early: nothing else
    was typed, so the page the form sits on is shown again with the Polish message."""
    official = make_user(role=Role.OFFICIAL)
    url, data, model = build(official)
    auth.login_as(official)
    before = _snapshot(model)
    response = client.post(url, data=data, follow_redirects=True)
    assert response.status_code == 200
    assert message in html.unescape(response.get_data(as_text=True))
    assert _snapshot(model) == before
