"""Every route × every role, with the expected status code (table-driven).

Anonymous visitors of pages that need an account are redirected to log in (302); signed-in
people without the right get 403; missing objects give 404. A test also checks that every
route of the app appears in the table, so a new route cannot skip this check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from app import create_app
from app.auth.models import Role
from app.common.timeutil import utcnow
from app.common.tokens import TokenPurpose, make_token
from app.consultations import services
from app.extensions import db
from app.notifications.services import record_notifications
from app.organizations.models import Membership
from config import TestingConfig
from tests.conftest import KEEP_TABLES, TEMPLATE_CACHE, empty_tables, forget_request_state
from tests.factories import (
    make_ballot,
    make_consultation,
    make_event,
    make_opportunity,
    make_organization,
    make_proposal,
    make_user,
    make_vote,
)

ROLES = ("anonymous", "member", "representative", "official", "admin")


@dataclass
class World:
    verified_id: int
    pending_id: int
    request_id: int
    target_user_id: int
    people: dict
    round_id: int = 0
    draft_round_id: int = 0
    comment_id: int = 0
    proposal_id: int = 0
    draft_proposal_id: int = 0
    invitation_id: int = 0
    proposal_comment_id: int = 0
    city_event_id: int = 0
    org_event_id: int = 0
    opportunity_id: int = 0
    results_vote_id: int = 0  # closed, results published
    preview_vote_id: int = 0  # closed, a preview computed
    open_vote_id: int = 0  # open for voting now
    setup_vote_id: int = 0  # being set up (opens tomorrow)
    setup_option_id: int = 0
    notification_id: int = 0
    unsubscribe_token: str = ""
    #: ids, not objects: the shared world outlives the session its objects were loaded in
    people_ids: dict = field(default_factory=dict)
    meeting_id: int = 0  # upcoming, seats free
    past_meeting_id: int = 0  # held yesterday
    survey_id: int = 0  # open, no responses
    survey_question_id: int = 0
    past_attachment_id: int = 0  # a file of the yesterday meeting's minutes, not published
    published_meeting_id: int = 0  # held two days ago, minutes published with a file
    published_attachment_id: int = 0
    withheld_vote_id: int = 0  # secret, published with 1 ballot of 5: the ballots file withheld
    programme_id: int = 0  # 2025, adopted, its report published
    programme_task_id: int = 0  # funded for the verified organization
    change_notice_id: int = 0  # filed by the representative
    programme_milestone_id: int = 0  # of the funded task
    programme_grant_id: int = 0  # the verified organization's grant for the task
    programme_file_id: int = 0  # the council's opinion (public)
    programme_update_id: int = 0  # an update posted on the funded task
    access_request_id: int = 0  # a request from the accessibility statement, waiting


@pytest.fixture(scope="module")
def shared_world(database_url):
    """One world for every case: building it is most of a case's cost.

    GET cases read it as it is. Its rows are also copied (``snapshot``) so that each POST
    case, which may change it, gets the same world back from a bulk insert.
    """
    shared = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost"}
    )
    shared.before_request(forget_request_state)
    shared.jinja_env.bytecode_cache = TEMPLATE_CACHE
    with shared.app_context():
        world = build_world()
        _participation_world(world)
        _withheld_world(world)
        _programme_world(world)
        _accessibility_world(world)
        snapshot = _snapshot()
        db.session.remove()
        yield shared, world, snapshot
        db.session.remove()
        empty_tables()
        db.engine.dispose()


@pytest.fixture
def world(app, shared_world):
    """A fresh copy of the shared world for one POST case (the tables are emptied first:
    the GET cases leave the shared world in place)."""
    _shared, world, snapshot = shared_world
    empty_tables()
    _restore(snapshot)
    return world


def _world_tables() -> list[sa.Table]:
    """Parents first; the tables filled by migrations stay as they are."""
    return [t for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]


def _snapshot() -> list[tuple[sa.Table, list[dict]]]:
    return [
        (table, [dict(row._mapping) for row in db.session.execute(sa.select(table))])
        for table in _world_tables()
    ]


def _restore(snapshot: list[tuple[sa.Table, list[dict]]]) -> None:
    """Insert the snapshot's rows with their ids; on PostgreSQL move the id sequences past
    them, as inserting explicit ids does not."""
    for table, rows in snapshot:
        if rows:
            db.session.execute(table.insert(), rows)
    if db.engine.dialect.name == "postgresql":
        for table, rows in snapshot:
            if rows and "id" in table.c:
                db.session.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), :n)"),
                    {"n": max(row["id"] for row in rows)},
                )
    db.session.commit()


def build_world() -> World:
    verified = make_organization(name="Zweryfikowana")
    representative = verified.memberships[0].user
    pending = make_organization(verified=False, name="Oczekująca")
    applicant = make_user()
    request = Membership(user_id=applicant.id, organization_id=verified.id)
    db.session.add(request)
    db.session.commit()
    people = {
        "member": make_user(),
        "representative": representative,
        "official": make_user(role=Role.OFFICIAL),
        "admin": make_user(role=Role.ADMIN),
    }
    consultation = make_consultation(people["official"])
    draft_round = make_consultation(people["official"], announce=False, title="Szkic")
    comment = services.submit_comment(
        consultation,
        representative,
        verified,
        services.CommentData(consultation.current_version.units[1].key, "b", "c"),
        utcnow(),
    )
    db.session.commit()
    from app.proposals import services as proposal_services

    proposing = make_organization(name="Proponująca")
    proposal = make_proposal(proposing, invited=[verified])
    draft_proposal = make_proposal(make_organization(name="Szkicująca"), submit=False)
    proposal_comment = proposal_services.add_comment(
        proposing.memberships[0].user, proposal, proposing, "Dyskusja", None, utcnow()
    )
    db.session.commit()
    city_event = make_event(people["official"])
    org_event = make_event(representative, verified, title="Piknik")
    opportunity = make_opportunity(people["official"])
    results_vote, preview_vote = _results_votes(people["official"], consultation, verified)
    open_vote, setup_vote = _open_and_setup_votes(people["official"], consultation)
    notification = record_notifications(
        [representative.id], "vote.results_published", opportunity, title="Test"
    )[0]
    db.session.commit()
    return World(
        verified.id,
        pending.id,
        request.id,
        make_user().id,
        people,
        consultation.id,
        draft_round.id,
        comment.id,
        proposal.id,
        draft_proposal.id,
        proposal.authors[0].id,
        proposal_comment.id,
        city_event.id,
        org_event.id,
        opportunity.id,
        results_vote.id,
        preview_vote.id,
        open_vote.id,
        setup_vote.id,
        setup_vote.options[0].id,
        notification.id,
        make_token(TokenPurpose.UNSUBSCRIBE, {"user": representative.id}),
        {role: person.id for role, person in people.items()},
    )


def _participation_world(world: World) -> None:
    """Consultation meetings of the round: one to come, one held yesterday; an open survey
    (issue 17)."""
    from datetime import timedelta

    from app.auth.models import User
    from app.consultations.models import Consultation
    from tests.factories import make_meeting, make_survey

    consultation = db.session.get(Consultation, world.round_id)
    official = db.session.get(User, world.people_ids["official"])
    world.meeting_id = make_meeting(consultation, official).id
    world.past_meeting_id = make_meeting(
        consultation, official, starts_at=utcnow() - timedelta(days=1)
    ).id
    survey = make_survey(consultation, official)
    world.survey_id, world.survey_question_id = survey.id, survey.questions[0].id
    # files of the minutes: one of minutes not published yet, one of published minutes
    from app.common.uploads import CheckedFile
    from app.meetings import services as meeting_services
    from app.meetings.models import Meeting

    pdf = b"%PDF-1.4\n%lista\n"
    checked = CheckedFile(
        filename="lista.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=len(pdf),
        sha256="0" * 64,
    )
    past = db.session.get(Meeting, world.past_meeting_id)
    world.past_attachment_id = meeting_services.add_attachment(
        official, past, checked, pdf, utcnow()
    ).id
    published = make_meeting(consultation, official, starts_at=utcnow() - timedelta(days=2))
    meeting_services.publish_minutes(official, published, "Protokół", [], utcnow())
    world.published_meeting_id = published.id
    world.published_attachment_id = meeting_services.add_attachment(
        official, published, checked, pdf, utcnow()
    ).id
    db.session.commit()


def _withheld_world(world: World) -> None:
    """A secret vote published with one ballot where five are needed to publish the ballots
    file (issue 12, item 3)."""
    from datetime import timedelta

    from app.auth.models import User
    from app.consultations.models import Consultation
    from app.organizations.models import Organization
    from tests.factories import publish_vote_results

    now = utcnow()
    official = db.session.get(User, world.people_ids["official"])
    vote = make_vote(
        db.session.get(Consultation, world.round_id),
        official,
        title="Tajne, jedna karta",
        min_ballots_for_publication=5,
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
    )
    make_ballot(vote, db.session.get(Organization, world.verified_id))
    publish_vote_results(vote, official, "", now)
    db.session.commit()
    world.withheld_vote_id = vote.id


def _accessibility_world(world: World) -> None:
    """A visitor's request for access, waiting in the officials' queue (issue 16, item 5)."""
    from datetime import date

    from app.settings.services import RequestData, file_access_request

    filed = file_access_request(
        RequestData("Anna", "anna@example.org", "Sprawozdanie", "Tabela"),
        "pl",
        utcnow(),
        date.today(),
    )
    db.session.commit()
    world.access_request_id = filed.id


def _programme_world(world: World) -> None:
    """The programme of cooperation for 2025: adopted, with the council's opinion, a task
    funded for the verified organization, its change notice and a published report
    (issue 14)."""
    from datetime import date
    from decimal import Decimal

    from app.auth.models import User
    from app.common.uploads import check_upload
    from app.organizations.models import Organization
    from app.programmes import services as programme_services
    from app.programmes.states import NoticeKind

    now = utcnow()
    official = db.session.get(User, world.people_ids["official"])
    organization = db.session.get(Organization, world.verified_id)
    programme = programme_services.create_programme(
        official,
        programme_services.ProgrammeData(
            year=2025, title="Program 2025", priority_tasks="Seniorzy"
        ),
        now,
    )
    pdf = b"%PDF-1.4 opinia"
    programme_services.attach_opinion(
        official,
        programme,
        date(2024, 10, 20),
        programme_services.Upload(check_upload("opinia.pdf", pdf, {"pdf"}, 10**6), pdf),
        now,
    )
    programme_services.adopt_programme(
        official, programme, "I/1/2024", date(2024, 11, 28), None, now
    )
    task = programme_services.track_priority_tasks(official, programme, None, now)[0]
    grant = programme_services.add_grant(
        official, task, organization, Decimal(1000), "Zajęcia", None, 1
    )
    milestone = programme_services.add_milestone(official, task, "Nabór", date(2025, 3, 1), None)
    update = programme_services.post_update(official, task, "Nabór trwa.", None, now)
    representative = db.session.get(User, world.people_ids["representative"])
    notice = programme_services.file_notice(
        representative, task, organization, NoticeKind.SCHEDULE, "Zmiana", "Powód", None, now
    )
    programme_services.save_report(official, programme, "Sprawozdanie", "Wydział", now)
    programme_services.publish_report(official, programme, now)
    db.session.commit()
    world.programme_id = programme.id
    world.programme_task_id = task.id
    world.change_notice_id = notice.id
    world.programme_grant_id = grant.id
    world.programme_milestone_id = milestone.id
    world.programme_file_id = programme.opinion_file_id
    world.programme_update_id = update.id


def _results_votes(official, consultation, organization):
    """Two closed votes with a ballot each: one with published results, one with a preview."""
    from datetime import timedelta

    from app.priorities import results
    from tests.factories import publish_vote_results

    now = utcnow()
    votes = []
    for _number in range(2):
        vote = make_vote(
            consultation,
            official,
            opens_at=now - timedelta(days=2),
            closes_at=now - timedelta(hours=1),
        )
        make_ballot(vote, organization)
        votes.append(vote)
    publish_vote_results(votes[0], official, "Wyniki.", now)
    results.compute_preview(votes[1], official, "Podgląd.", now)
    db.session.commit()
    return votes


def _open_and_setup_votes(official, consultation):
    """A vote open now and one being set up, in the round (given a voting stage)."""
    from datetime import timedelta

    from tests.factories import add_voting_stage

    add_voting_stage(consultation)
    now = utcnow()
    open_vote = make_vote(consultation, official, title="Otwarte")
    setup_vote = make_vote(
        consultation,
        official,
        title="W przygotowaniu",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=8),
    )
    return open_vote, setup_vote


def _s(anonymous, member, representative, official, admin):
    return dict(zip(ROLES, (anonymous, member, representative, official, admin), strict=True))


ALL_200 = _s(200, 200, 200, 200, 200)
SIGNED_IN = _s(302, 200, 200, 200, 200)
ADMIN_ONLY = _s(302, 403, 403, 403, 200)
ADMIN_POST = _s(302, 403, 403, 403, 302)
OFFICIAL_GET = _s(302, 403, 403, 200, 200)
OFFICIAL_POST = _s(302, 403, 403, 302, 302)
REP_ONLY = _s(302, 403, 200, 403, 403)
NOT_FOUND = _s(404, 404, 404, 404, 404)
C = "/consultations/{round}"
SU = "/surveys/{survey}"
P = "/proposals/{proposal}"
NOBODY_POST = _s(302, 403, 403, 403, 403)
EV = "/calendar/events/{city_event}"
OEV = "/calendar/events/{org_event}"
OP = "/opportunities/{opportunity}"
REP_OR_OFFICIAL_GET = _s(302, 403, 200, 200, 200)
RV = "/votes/{results_vote}"
PV = "/votes/{preview_vote}"
WV = "/votes/{withheld_vote}"
OV = "/votes/{open_vote}"
SV = "/votes/{setup_vote}"
SO = SV + "/options/{setup_option}"
REP_POST = _s(302, 403, 302, 403, 403)
MISSING_POST = _s(302, 404, 404, 404, 404)
ANY_SIGNED_IN_POST = _s(302, 302, 302, 302, 302)
ALL_400 = _s(400, 400, 400, 400, 400)
PG = "/programmes/{programme}"
OFFICIAL_400 = _s(302, 403, 403, 400, 400)
OFFICIAL_404 = _s(302, 403, 403, 404, 404)
PT = "/programmes/tasks/{programme_task}"
PM = "/programmes/milestones/{programme_milestone}"
PGR = "/programmes/grants/{programme_grant}"
PU = "/programmes/updates/{programme_update}"
MISSING_GET = _s(302, 404, 404, 404, 404)
#: the office and the organization that filed it
NOTICE_READERS = _s(302, 404, 200, 200, 200)

#: (endpoint, method, url template, form data, expected status per role)
MATRIX = [
    ("site.index", "GET", "/", None, ALL_200),
    ("site.set_language", "POST", "/language", {"lang": "en"}, _s(302, 302, 302, 302, 302)),
    ("site.choose_language", "GET", "/language/en?next=/", None, _s(302, 302, 302, 302, 302)),
    ("site.privacy", "GET", "/privacy", None, ALL_200),
    ("site.accessibility", "GET", "/accessibility", None, _s(301, 301, 301, 301, 301)),
    ("site.healthz", "GET", "/healthz", None, ALL_200),
    ("site.readyz", "GET", "/readyz", None, ALL_200),
    ("site.favicon", "GET", "/favicon.ico", None, ALL_200),
    ("auth.register", "GET", "/auth/register", None, _s(200, 302, 302, 302, 302)),
    ("auth.register", "POST", "/auth/register", {}, _s(200, 302, 302, 302, 302)),
    ("auth.confirm", "GET", "/auth/confirm/not-a-token", None, _s(400, 400, 400, 400, 400)),
    ("auth.resend_confirmation", "POST", "/auth/confirm/resend", {}, _s(302, 302, 302, 302, 302)),
    ("auth.login", "GET", "/auth/login", None, _s(200, 302, 302, 302, 302)),
    ("auth.login", "POST", "/auth/login", {}, _s(200, 302, 302, 302, 302)),
    ("auth.logout", "POST", "/auth/logout", {}, _s(302, 302, 302, 302, 302)),
    ("auth.forgot_password", "GET", "/auth/reset", None, ALL_200),
    ("auth.forgot_password", "POST", "/auth/reset", {}, ALL_200),
    ("auth.reset_password", "GET", "/auth/reset/not-a-token", None, _s(400, 400, 400, 400, 400)),
    ("auth.reset_password", "POST", "/auth/reset/not-a-token", {}, _s(400, 400, 400, 400, 400)),
    ("auth.account", "GET", "/auth/account", None, SIGNED_IN),
    ("auth.account", "POST", "/auth/account", {}, _s(302, 302, 302, 302, 302)),
    ("auth.change_password", "GET", "/auth/account/password", None, SIGNED_IN),
    ("auth.change_password", "POST", "/auth/account/password", {}, SIGNED_IN),
    ("privacy.my_data", "GET", "/privacy/my-data", None, SIGNED_IN),
    ("privacy.download", "POST", "/privacy/my-data/download", {}, SIGNED_IN),
    ("privacy.delete_account", "GET", "/privacy/delete-account", None, SIGNED_IN),
    ("privacy.delete_account", "POST", "/privacy/delete-account", {}, SIGNED_IN),
    (
        "privacy.account_deleted",
        "GET",
        "/privacy/account-deleted",
        None,
        _s(200, 302, 302, 302, 302),
    ),
    ("organizations.directory", "GET", "/organizations/", None, ALL_200),
    ("organizations.show", "GET", "/organizations/{verified}", None, ALL_200),
    ("organizations.show", "GET", "/organizations/{pending}", None, _s(403, 403, 403, 200, 200)),
    ("organizations.show", "GET", "/organizations/999999", None, _s(404, 404, 404, 404, 404)),
    ("organizations.create", "GET", "/organizations/new", None, SIGNED_IN),
    ("organizations.create", "POST", "/organizations/new", {}, SIGNED_IN),
    (
        "organizations.edit",
        "GET",
        "/organizations/{verified}/edit",
        None,
        _s(302, 403, 200, 403, 403),
    ),
    (
        "organizations.edit",
        "POST",
        "/organizations/{verified}/edit",
        {},
        _s(302, 403, 200, 403, 403),
    ),
    ("organizations.edit", "GET", "/organizations/999999/edit", None, _s(302, 404, 404, 404, 404)),
    (
        "organizations.join",
        "GET",
        "/organizations/{verified}/join",
        None,
        _s(302, 200, 403, 200, 200),
    ),
    (
        "organizations.join",
        "POST",
        "/organizations/{verified}/join",
        {},
        _s(302, 302, 403, 302, 302),
    ),
    (
        "organizations.join",
        "GET",
        "/organizations/{pending}/join",
        None,
        _s(302, 403, 403, 403, 403),
    ),
    (
        "organizations.requests",
        "GET",
        "/organizations/{verified}/requests",
        None,
        _s(302, 403, 200, 200, 200),
    ),
    (
        "organizations.decide_membership",
        "POST",
        "/organizations/memberships/{request}/decide",
        {"decision": "approve"},
        _s(302, 403, 302, 302, 302),
    ),
    (
        "organizations.decide_membership",
        "POST",
        "/organizations/memberships/999999/decide",
        {"decision": "approve"},
        _s(302, 404, 404, 404, 404),
    ),
    ("organizations.mine", "GET", "/organizations/mine", None, SIGNED_IN),
    (
        "organizations.review_queue",
        "GET",
        "/organizations/review",
        None,
        _s(302, 403, 403, 200, 200),
    ),
    (
        "organizations.decide_organization",
        "POST",
        "/organizations/{pending}/decide",
        {"decision": "approve"},
        _s(302, 403, 403, 302, 302),
    ),
    (
        "organizations.leave",
        "GET",
        "/organizations/{verified}/leave",
        None,
        _s(302, 403, 200, 403, 403),
    ),
    (
        "organizations.leave",
        "POST",
        "/organizations/{verified}/leave",
        {},
        _s(302, 403, 302, 403, 403),
    ),
    ("consultations.index", "GET", "/consultations/", None, ALL_200),
    ("consultations.show", "GET", C, None, ALL_200),
    (
        "consultations.show",
        "GET",
        "/consultations/{draft_round}",
        None,
        _s(403, 403, 403, 200, 200),
    ),
    ("consultations.show", "GET", "/consultations/999999", None, NOT_FOUND),
    ("consultations.draft", "GET", C + "/draft", None, ALL_200),
    ("consultations.draft", "GET", C + "/draft/v9", None, NOT_FOUND),
    ("consultations.changes", "GET", C + "/draft/v2/changes", None, NOT_FOUND),
    ("consultations.comment", "GET", C + "/comments/{comment}", None, ALL_200),
    ("consultations.comment", "GET", C + "/comments/999999", None, NOT_FOUND),
    ("consultations.attachment", "GET", C + "/attachments/999999", None, NOT_FOUND),
    ("consultations.report", "GET", C + "/report", None, NOT_FOUND),
    ("consultations.report_csv", "GET", C + "/report.csv", None, NOT_FOUND),
    ("consultations.report_xlsx", "GET", C + "/report.xlsx", None, NOT_FOUND),
    ("consultations.new_comment", "GET", C + "/comment", None, REP_ONLY),
    # without an organization the request is forged (403) even for a representative
    ("consultations.new_comment", "POST", C + "/comment", {}, _s(302, 403, 403, 403, 403)),
    ("consultations.edit_comment", "GET", C + "/comments/{comment}/edit", None, REP_ONLY),
    ("consultations.edit_comment", "POST", C + "/comments/{comment}/edit", {}, REP_ONLY),
    # the confirmation page; an empty POST (the box not ticked) shows it again
    ("consultations.withdraw_comment", "GET", C + "/comments/{comment}/withdraw", None, REP_ONLY),
    ("consultations.withdraw_comment", "POST", C + "/comments/{comment}/withdraw", {}, REP_ONLY),
    ("consultations.create", "GET", "/consultations/new", None, OFFICIAL_GET),
    ("consultations.create", "POST", "/consultations/new", {}, OFFICIAL_GET),
    ("consultations.edit", "GET", C + "/edit", None, OFFICIAL_GET),
    ("consultations.edit", "POST", C + "/edit", {}, OFFICIAL_GET),
    ("consultations.announce", "GET", "/consultations/{draft_round}/announce", None, OFFICIAL_GET),
    ("consultations.announce", "POST", "/consultations/{draft_round}/announce", {}, OFFICIAL_GET),
    ("consultations.new_version", "GET", C + "/versions/new", None, OFFICIAL_GET),
    ("consultations.new_version", "POST", C + "/versions/new", {}, OFFICIAL_GET),
    ("consultations.new_attachment", "GET", C + "/attachments/new", None, OFFICIAL_GET),
    ("consultations.new_attachment", "POST", C + "/attachments/new", {}, OFFICIAL_GET),
    ("consultations.paper_comment", "GET", C + "/paper", None, OFFICIAL_GET),
    ("consultations.paper_comment", "POST", C + "/paper", {}, OFFICIAL_GET),
    (
        "consultations.answer",
        "POST",
        C + "/comments/{comment}/answer",
        {},
        _s(302, 403, 403, 400, 400),
    ),
    # publishing every drafted answer: a confirmation page first; unconfirmed POST: 400
    ("consultations.publish_answers", "GET", C + "/answers/publish", None, OFFICIAL_GET),
    ("consultations.publish_answers", "POST", C + "/answers/publish", {}, OFFICIAL_400),
    # the answer work queue, groups of similar remarks, answers in XLSX (issue 15)
    ("consultations.queue", "GET", C + "/answers/queue", None, OFFICIAL_GET),
    ("consultations.bulk", "POST", C + "/answers/queue", {}, OFFICIAL_400),
    ("consultations.queue_publish", "POST", C + "/answers/queue/publish", {}, OFFICIAL_400),
    ("consultations.groups", "GET", C + "/answers/groups", None, OFFICIAL_GET),
    ("consultations.create_group", "POST", C + "/answers/groups", {}, OFFICIAL_400),
    ("consultations.group", "GET", C + "/answers/groups/999999", None, OFFICIAL_404),
    ("consultations.group", "POST", C + "/answers/groups/999999", {}, OFFICIAL_404),
    ("consultations.edit_group", "POST", C + "/answers/groups/999999/members", {}, OFFICIAL_404),
    (
        "consultations.dissolve_group",
        "POST",
        C + "/answers/groups/999999/dissolve",
        {},
        OFFICIAL_404,
    ),
    ("consultations.export_answers", "GET", C + "/answers.xlsx", None, OFFICIAL_GET),
    ("consultations.import_answers", "GET", C + "/answers/import", None, OFFICIAL_GET),
    ("consultations.import_answers", "POST", C + "/answers/import", {}, OFFICIAL_400),
    ("consultations.import_preview", "GET", C + "/answers/import/999999", None, OFFICIAL_404),
    ("consultations.import_preview", "POST", C + "/answers/import/999999", {}, OFFICIAL_404),
    ("consultations.hide", "POST", C + "/comments/{comment}/hide", {}, OFFICIAL_POST),
    ("consultations.manage", "GET", C + "/manage", None, OFFICIAL_GET),
    ("consultations.publish_report", "GET", C + "/report/publish", None, OFFICIAL_GET),
    # the round's commenting stage is open: the report is refused (409) until it closes
    (
        "consultations.publish_report",
        "POST",
        C + "/report/publish",
        {},
        _s(302, 403, 403, 409, 409),
    ),
    ("proposals.index", "GET", "/proposals/", None, ALL_200),
    ("proposals.export_csv", "GET", "/proposals/export.csv", None, ALL_200),
    ("proposals.export_xlsx", "GET", "/proposals/export.xlsx", None, ALL_200),
    ("proposals.export_json", "GET", "/proposals/export.json", None, ALL_200),
    ("proposals.partners", "GET", "/proposals/partners", None, ALL_200),
    ("proposals.show", "GET", P, None, ALL_200),
    ("proposals.show", "GET", "/proposals/{draft_proposal}", None, _s(403, 403, 403, 403, 403)),
    ("proposals.show", "GET", "/proposals/999999", None, NOT_FOUND),
    ("proposals.create", "GET", "/proposals/new", None, REP_ONLY),
    # without an organization the request is forged (403) even for a representative
    ("proposals.create", "POST", "/proposals/new", {}, NOBODY_POST),
    # only the lead organization's representatives edit, submit and withdraw
    ("proposals.edit", "GET", P + "/edit", None, NOBODY_POST),
    ("proposals.edit", "POST", P + "/edit", {}, NOBODY_POST),
    ("proposals.submit", "GET", P + "/submit", None, NOBODY_POST),
    ("proposals.submit", "POST", P + "/submit", {}, NOBODY_POST),
    ("proposals.withdraw", "GET", P + "/withdraw", None, NOBODY_POST),
    ("proposals.withdraw", "POST", P + "/withdraw", {}, NOBODY_POST),
    (
        "proposals.answer_invitation",
        "POST",
        P + "/invitations/{invitation}",
        {},
        _s(302, 403, 302, 403, 403),
    ),
    ("proposals.offer", "POST", P + "/offer", {}, NOBODY_POST),
    ("proposals.decide_offer", "POST", P + "/offers/{invitation}", {}, NOBODY_POST),
    ("proposals.endorse", "POST", P + "/endorse", {}, NOBODY_POST),
    ("proposals.unendorse", "POST", P + "/endorse/withdraw", {}, NOBODY_POST),
    ("proposals.comment", "POST", P + "/comments", {}, NOBODY_POST),
    ("proposals.hide_comment", "POST", P + "/comments/{proposal_comment}/hide", {}, OFFICIAL_POST),
    ("proposals.review", "GET", "/proposals/review", None, OFFICIAL_GET),
    ("proposals.start_review", "POST", P + "/review", {}, OFFICIAL_POST),
    ("proposals.answer", "POST", P + "/answer", {}, _s(302, 403, 403, 400, 400)),
    ("proposals.note", "POST", P + "/note", {}, OFFICIAL_POST),
    ("hub.calendar", "GET", "/calendar/", None, ALL_200),
    ("hub.calendar_month", "GET", "/calendar/2027/3", None, ALL_200),
    ("hub.calendar_month", "GET", "/calendar/2027/13", None, NOT_FOUND),
    ("hub.calendar_month", "GET", "/calendar/month?area=seniors", None, ALL_200),
    ("hub.event", "GET", EV, None, ALL_200),
    ("hub.event", "GET", "/calendar/events/999999", None, NOT_FOUND),
    ("hub.event_ics", "GET", EV + ".ics", None, ALL_200),
    ("hub.event_ics", "GET", "/calendar/events/999999.ics", None, NOT_FOUND),
    ("hub.calendar_feed", "GET", "/calendar/feed.ics", None, ALL_200),
    ("hub.organization_feed", "GET", "/calendar/organizations/{verified}.ics", None, ALL_200),
    ("hub.organization_feed", "GET", "/calendar/organizations/{pending}.ics", None, NOT_FOUND),
    ("hub.area_feed", "GET", "/calendar/areas/seniors.ics", None, ALL_200),
    ("hub.area_feed", "GET", "/calendar/areas/nowhere.ics", None, NOT_FOUND),
    ("hub.event_create", "GET", "/calendar/events/new", None, REP_OR_OFFICIAL_GET),
    ("hub.event_create", "POST", "/calendar/events/new", {}, REP_OR_OFFICIAL_GET),
    # the city's events: officials only; an organization's: its representatives and officials
    ("hub.event_edit", "GET", EV + "/edit", None, OFFICIAL_GET),
    ("hub.event_edit", "POST", EV + "/edit", {}, OFFICIAL_GET),
    ("hub.event_edit", "GET", OEV + "/edit", None, REP_OR_OFFICIAL_GET),
    ("hub.event_edit", "GET", "/calendar/events/999999/edit", None, _s(302, 404, 404, 404, 404)),
    ("hub.event_delete", "POST", EV + "/delete", {}, OFFICIAL_POST),
    ("hub.event_delete", "POST", OEV + "/delete", {}, _s(302, 403, 302, 302, 302)),
    ("hub.opportunities", "GET", "/opportunities/", None, ALL_200),
    ("hub.opportunity_archive", "GET", "/opportunities/archive", None, ALL_200),
    ("hub.opportunity_plan", "GET", "/opportunities/plan", None, ALL_200),
    ("hub.opportunity_plan", "GET", "/opportunities/plan?year=1999", None, NOT_FOUND),
    ("hub.opportunity", "GET", OP, None, ALL_200),
    ("hub.opportunity", "GET", "/opportunities/999999", None, NOT_FOUND),
    ("hub.opportunity_create", "GET", "/opportunities/new", None, OFFICIAL_GET),
    ("hub.opportunity_create", "POST", "/opportunities/new", {}, OFFICIAL_GET),
    ("hub.opportunity_edit", "GET", OP + "/edit", None, OFFICIAL_GET),
    ("hub.opportunity_edit", "POST", OP + "/edit", {}, OFFICIAL_GET),
    (
        "hub.opportunity_edit",
        "GET",
        "/opportunities/999999/edit",
        None,
        _s(302, 404, 404, 404, 404),
    ),
    ("priorities.results", "GET", RV + "/results", None, ALL_200),
    # the preview for officials; anyone else a page saying when results will be published
    ("priorities.results", "GET", PV + "/results", None, ALL_200),
    ("priorities.results", "GET", "/votes/999999/results", None, NOT_FOUND),
    ("priorities.results_csv", "GET", RV + "/results.csv", None, ALL_200),
    ("priorities.results_csv", "GET", PV + "/results.csv", None, _s(403, 403, 403, 200, 200)),
    ("priorities.results_xlsx", "GET", RV + "/results.xlsx", None, ALL_200),
    ("priorities.results_xlsx", "GET", PV + "/results.xlsx", None, _s(403, 403, 403, 200, 200)),
    ("priorities.results_json", "GET", RV + "/results.json", None, ALL_200),
    (
        "priorities.results_json",
        "GET",
        PV + "/results.json",
        None,
        _s(403, 403, 403, 200, 200),
    ),
    ("priorities.ballots_pb", "GET", RV + "/ballots.pb", None, ALL_200),
    ("priorities.ballots_pb", "GET", PV + "/ballots.pb", None, _s(403, 403, 403, 200, 200)),
    ("priorities.ballots_pb", "GET", "/votes/999999/ballots.pb", None, NOT_FOUND),
    # a secret vote with too few ballots: the result is public, the ballots file is refused to
    # everyone with the reason (issue 12, item 3)
    ("priorities.results", "GET", WV + "/results", None, ALL_200),
    ("priorities.ballots_pb", "GET", WV + "/ballots.pb", None, _s(403, 403, 403, 403, 403)),
    ("priorities.results_manage", "GET", PV + "/results/manage", None, OFFICIAL_GET),
    (
        "priorities.results_manage",
        "GET",
        "/votes/999999/results/manage",
        None,
        _s(302, 404, 404, 404, 404),
    ),
    ("priorities.results_preview", "POST", PV + "/results/preview", {}, OFFICIAL_POST),
    # a second publication is refused with a message (302 back to the results page)
    ("priorities.results_publish", "POST", RV + "/results/publish", {}, OFFICIAL_POST),
    # the confirmation of publishing a preview; without the tick it is shown again
    ("priorities.results_publish", "GET", PV + "/results/publish", None, OFFICIAL_GET),
    ("priorities.results_publish", "POST", PV + "/results/publish", {}, OFFICIAL_GET),
    # already published: officials are sent back to the results management page
    ("priorities.results_publish", "GET", RV + "/results/publish", None, OFFICIAL_POST),
    ("priorities.receipt", "GET", "/votes/receipt", None, ALL_200),
    ("priorities.receipt", "POST", "/votes/receipt", {"code": "nonsense"}, ALL_200),
    ("priorities.index", "GET", "/votes/", None, ALL_200),
    ("priorities.round_votes", "GET", "/votes/rounds/{round}", None, ALL_200),
    (
        "priorities.round_votes",
        "GET",
        "/votes/rounds/{draft_round}",
        None,
        _s(403, 403, 403, 200, 200),
    ),
    ("priorities.round_votes", "GET", "/votes/rounds/999999", None, NOT_FOUND),
    ("priorities.create", "GET", "/votes/rounds/{round}/new", None, OFFICIAL_GET),
    # an empty form is shown again with its messages
    ("priorities.create", "POST", "/votes/rounds/{round}/new", {}, OFFICIAL_GET),
    ("priorities.show", "GET", OV, None, ALL_200),
    # a vote being set up is seen only by officials
    ("priorities.show", "GET", SV, None, _s(403, 403, 403, 200, 200)),
    ("priorities.show", "GET", "/votes/999999", None, NOT_FOUND),
    ("priorities.edit", "GET", SV + "/edit", None, OFFICIAL_GET),
    ("priorities.edit", "POST", SV + "/edit", {}, OFFICIAL_GET),
    # an open vote is locked: officials are sent back with a message
    ("priorities.edit", "GET", OV + "/edit", None, _s(302, 403, 403, 302, 302)),
    ("priorities.add_option", "GET", SV + "/options/new", None, OFFICIAL_GET),
    ("priorities.add_option", "POST", SV + "/options/new", {}, OFFICIAL_GET),
    ("priorities.edit_option", "GET", SO + "/edit", None, OFFICIAL_GET),
    ("priorities.edit_option", "POST", SO + "/edit", {}, OFFICIAL_GET),
    (
        "priorities.edit_option",
        "GET",
        SV + "/options/999999/edit",
        None,
        _s(302, 403, 403, 404, 404),
    ),
    ("priorities.delete_option", "POST", SO + "/delete", {}, OFFICIAL_POST),
    ("priorities.move_option", "POST", SO + "/move", {"direction": "down"}, OFFICIAL_POST),
    ("priorities.import_proposals", "GET", SV + "/import", None, OFFICIAL_GET),
    ("priorities.import_proposals", "POST", SV + "/import", {}, OFFICIAL_GET),
    # unconfirmed: back to the vote page with a message
    ("priorities.open_early", "POST", SV + "/open", {}, OFFICIAL_POST),
    ("priorities.open_early", "POST", OV + "/open", {}, _s(302, 403, 403, 403, 403)),
    ("priorities.close_early", "POST", OV + "/close", {}, OFFICIAL_POST),
    ("priorities.close_early", "POST", SV + "/close", {}, _s(302, 403, 403, 403, 403)),
    ("priorities.ballot", "GET", OV + "/ballot", None, REP_ONLY),
    # an empty ballot is shown again with its message; nothing is stored
    ("priorities.ballot", "POST", OV + "/ballot", {}, REP_ONLY),
    ("priorities.ballot", "GET", SV + "/ballot", None, _s(302, 403, 403, 403, 403)),
    ("priorities.confirm_ballot", "POST", OV + "/ballot/confirm", {}, REP_ONLY),
    ("priorities.paper_ballot", "GET", OV + "/paper", None, OFFICIAL_GET),
    ("priorities.paper_ballot", "POST", OV + "/paper", {}, OFFICIAL_GET),
    ("priorities.confirm_paper", "POST", OV + "/paper/confirm", {}, OFFICIAL_GET),
    ("notifications.index", "GET", "/notifications/", None, SIGNED_IN),
    ("notifications.index", "GET", "/notifications/?page=99", None, SIGNED_IN),
    # only the person notified marks it read
    ("notifications.read", "POST", "/notifications/{notification}/read", {}, REP_POST),
    ("notifications.read", "POST", "/notifications/999999/read", {}, MISSING_POST),
    ("notifications.read_all", "POST", "/notifications/read-all", {}, ANY_SIGNED_IN_POST),
    (
        "notifications.preferences",
        "POST",
        "/notifications/preferences",
        {"email_mode": "daily"},
        ANY_SIGNED_IN_POST,
    ),
    (
        "notifications.preferences",
        "POST",
        "/notifications/preferences",
        {"email_mode": "hourly"},
        _s(302, 400, 400, 400, 400),
    ),
    # the unsubscribe link works without logging in; the token says whose e-mail stops
    ("notifications.unsubscribe", "GET", "/notifications/unsubscribe/{token}", None, ALL_200),
    ("notifications.unsubscribe", "GET", "/notifications/unsubscribe/forged", None, ALL_400),
    ("notifications.unsubscribe_post", "POST", "/notifications/unsubscribe/{token}", {}, ALL_200),
    ("notifications.unsubscribe_post", "POST", "/notifications/unsubscribe/x", {}, ALL_400),
    ("notifications.follows", "GET", "/follows/", None, SIGNED_IN),
    ("notifications.follow", "POST", "/follows/area/1", {}, ANY_SIGNED_IN_POST),
    ("notifications.follow", "POST", "/follows/organization/{verified}", {}, ANY_SIGNED_IN_POST),
    ("notifications.follow", "POST", "/follows/consultation/{round}", {}, ANY_SIGNED_IN_POST),
    ("notifications.follow", "POST", "/follows/opportunity/{opportunity}", {}, ANY_SIGNED_IN_POST),
    # unverified organizations and unannounced rounds cannot be followed
    ("notifications.follow", "POST", "/follows/organization/{pending}", {}, MISSING_POST),
    ("notifications.follow", "POST", "/follows/consultation/{draft_round}", {}, MISSING_POST),
    ("notifications.follow", "POST", "/follows/planet/1", {}, MISSING_POST),
    ("notifications.follow", "POST", "/follows/area/999999", {}, MISSING_POST),
    ("notifications.unfollow", "POST", "/follows/area/1/delete", {}, ANY_SIGNED_IN_POST),
    ("notifications.unfollow", "POST", "/follows/planet/1/delete", {}, MISSING_POST),
    ("admin.users", "GET", "/admin/users", None, ADMIN_ONLY),
    ("admin.user", "GET", "/admin/users/{target}", None, ADMIN_ONLY),
    ("admin.user", "GET", "/admin/users/999999", None, _s(302, 403, 403, 403, 404)),
    ("admin.change_role", "POST", "/admin/users/{target}/role", {"role": "official"}, ADMIN_POST),
    (
        "admin.set_active",
        "POST",
        "/admin/users/{target}/active",
        {"active-reason": "Test", "active-confirmed": "y"},
        ADMIN_POST,
    ),
    ("admin.audit_log", "GET", "/admin/audit", None, ADMIN_ONLY),
    ("admin.audit_log", "GET", "/admin/audit?date_from=2026-01-01&date_to=bad", None, ADMIN_ONLY),
    ("admin.audit_log_csv", "GET", "/admin/audit.csv?date_from=2026-01-01", None, ADMIN_ONLY),
    ("admin.audit_log_xlsx", "GET", "/admin/audit.xlsx?action=user.role_change", None, ADMIN_ONLY),
    # the programme of cooperation (issue 14)
    ("programmes.index", "GET", "/programmes/", None, ALL_200),
    ("programmes.show", "GET", PG, None, ALL_200),
    ("programmes.show", "GET", "/programmes/999999", None, NOT_FOUND),
    ("programmes.implementation", "GET", PG + "/implementation?status=done", None, ALL_200),
    ("programmes.implementation", "GET", "/programmes/999999/implementation", None, NOT_FOUND),
    ("programmes.task", "GET", PT, None, ALL_200),
    ("programmes.task", "GET", "/programmes/tasks/999999", None, NOT_FOUND),
    ("programmes.report", "GET", PG + "/report", None, ALL_200),
    ("programmes.report", "GET", "/programmes/999999/report", None, NOT_FOUND),
    ("programmes.report_csv", "GET", PG + "/report/tasks.csv", None, ALL_200),
    ("programmes.report_csv", "GET", PG + "/report/planets.csv", None, NOT_FOUND),
    ("programmes.report_xlsx", "GET", PG + "/report.xlsx", None, ALL_200),
    ("programmes.report", "GET", PG + "/report/2025", None, ALL_200),
    ("programmes.report", "GET", PG + "/report/2024", None, NOT_FOUND),
    ("programmes.report_csv", "GET", PG + "/report/2025/votes.csv", None, ALL_200),
    ("programmes.report_xlsx", "GET", PG + "/report/2025.xlsx", None, ALL_200),
    ("programmes.report_revision", "GET", PG + "/report/2025/revisions/1", None, ALL_200),
    ("programmes.report_revision", "GET", PG + "/report/2025/revisions/9", None, NOT_FOUND),
    ("programmes.document", "GET", "/programmes/files/{programme_file}", None, ALL_200),
    ("programmes.document", "GET", "/programmes/files/999999", None, NOT_FOUND),
    ("programmes.create", "GET", "/programmes/new", None, OFFICIAL_GET),
    ("programmes.create", "POST", "/programmes/new", {}, OFFICIAL_GET),
    ("programmes.edit", "GET", PG + "/edit", None, OFFICIAL_GET),
    ("programmes.edit", "POST", PG + "/edit", {}, OFFICIAL_GET),
    ("programmes.opinion", "GET", PG + "/opinion", None, OFFICIAL_GET),
    ("programmes.opinion", "POST", PG + "/opinion", {}, OFFICIAL_GET),
    ("programmes.indicators", "GET", PG + "/indicators", None, OFFICIAL_GET),
    # the values saved (none typed): officials are sent back to the programme
    ("programmes.indicators", "POST", PG + "/indicators", {}, OFFICIAL_POST),
    ("programmes.indicators", "GET", "/programmes/999999/indicators", None, MISSING_GET),
    # adopted already: officials are sent back with a message
    ("programmes.adopt", "GET", PG + "/adopt", None, OFFICIAL_POST),
    ("programmes.adopt", "POST", PG + "/adopt", {}, OFFICIAL_POST),
    ("programmes.tasks_manage", "GET", PG + "/tasks", None, OFFICIAL_GET),
    ("programmes.track_priorities", "POST", PG + "/tasks/priorities", {}, OFFICIAL_GET),
    ("programmes.track_proposal", "POST", PG + "/tasks/proposal", {}, OFFICIAL_GET),
    ("programmes.track_option", "POST", PG + "/tasks/option", {}, OFFICIAL_GET),
    ("programmes.task_manage", "GET", PT + "/manage", None, OFFICIAL_GET),
    ("programmes.task_manage", "GET", "/programmes/tasks/999999/manage", None, MISSING_GET),
    ("programmes.task_edit", "POST", PT + "/edit", {}, OFFICIAL_GET),
    ("programmes.correct_task", "GET", PT + "/correct", None, OFFICIAL_GET),
    ("programmes.correct_task", "POST", PT + "/correct", {}, OFFICIAL_GET),
    ("programmes.correct_task", "GET", "/programmes/tasks/999999/correct", None, MISSING_GET),
    ("programmes.correct_task", "POST", "/programmes/tasks/999999/correct", {}, MISSING_POST),
    ("programmes.edit_update", "GET", PU + "/edit", None, OFFICIAL_GET),
    ("programmes.edit_update", "POST", PU + "/edit", {}, OFFICIAL_GET),
    ("programmes.edit_update", "GET", "/programmes/updates/999999/edit", None, MISSING_GET),
    ("programmes.edit_update", "POST", "/programmes/updates/999999/edit", {}, MISSING_POST),
    ("programmes.add_milestone", "POST", PT + "/milestones", {}, OFFICIAL_GET),
    ("programmes.post_update", "POST", PT + "/updates", {}, OFFICIAL_GET),
    ("programmes.remove_task", "GET", PT + "/remove", None, OFFICIAL_GET),
    ("programmes.remove_task", "POST", PT + "/remove", {}, OFFICIAL_GET),
    ("programmes.edit_milestone", "GET", PM + "/edit", None, OFFICIAL_GET),
    ("programmes.edit_milestone", "POST", PM + "/edit", {}, OFFICIAL_GET),
    ("programmes.edit_milestone", "GET", "/programmes/milestones/999999/edit", None, MISSING_GET),
    ("programmes.remove_milestone", "GET", PM + "/remove", None, OFFICIAL_GET),
    ("programmes.remove_milestone", "POST", PM + "/remove", {}, OFFICIAL_GET),
    ("programmes.edit_grant", "GET", PGR + "/edit", None, OFFICIAL_GET),
    ("programmes.edit_grant", "POST", PGR + "/edit", {}, OFFICIAL_GET),
    ("programmes.edit_grant", "GET", "/programmes/grants/999999/edit", None, MISSING_GET),
    ("programmes.remove_grant", "GET", PGR + "/remove", None, OFFICIAL_GET),
    ("programmes.remove_grant", "POST", PGR + "/remove", {}, OFFICIAL_GET),
    ("programmes.link_opportunity", "POST", PT + "/opportunities", {}, OFFICIAL_GET),
    ("programmes.add_grant", "POST", PT + "/grants", {}, OFFICIAL_GET),
    # the world's 2025 report is published: its edit and publish pages send officials to the
    # correction (a new revision with a reason), never an edit in place
    ("programmes.report_edit", "GET", PG + "/report/edit", None, OFFICIAL_POST),
    ("programmes.report_edit", "POST", PG + "/report/edit", {}, OFFICIAL_POST),
    ("programmes.report_edit", "GET", PG + "/report/2025/edit", None, OFFICIAL_POST),
    ("programmes.report_edit", "GET", PG + "/report/2031/edit", None, OFFICIAL_404),
    ("programmes.report_publish", "GET", PG + "/report/publish", None, OFFICIAL_POST),
    ("programmes.report_publish", "POST", PG + "/report/publish", {}, OFFICIAL_POST),
    ("programmes.report_correct", "GET", PG + "/report/correct", None, OFFICIAL_GET),
    ("programmes.report_correct", "GET", PG + "/report/2025/correct", None, OFFICIAL_GET),
    ("programmes.report_correct", "GET", PG + "/report/2031/correct", None, OFFICIAL_404),
    # an empty correction re-renders the form with its errors (nothing published)
    ("programmes.report_correct", "POST", PG + "/report/correct", {}, OFFICIAL_GET),
    ("programmes.report_correct", "POST", "/programmes/999999/report/correct", {}, MISSING_POST),
    # only a representative of an organization funded for the task files a notice
    ("programmes.notice_create", "GET", PT + "/notices/new", None, REP_ONLY),
    ("programmes.notice_create", "POST", PT + "/notices/new", {}, REP_ONLY),
    ("programmes.notice", "GET", "/programmes/notices/{change_notice}", None, NOTICE_READERS),
    ("programmes.notice", "GET", "/programmes/notices/999999", None, MISSING_GET),
    (
        "programmes.notice_answer",
        "POST",
        "/programmes/notices/{change_notice}/answer",
        {},
        OFFICIAL_GET,
    ),
    # further messages in the thread: the office and the organization that filed it
    (
        "programmes.notice_reply",
        "POST",
        "/programmes/notices/{change_notice}/reply",
        {},
        NOTICE_READERS,
    ),
    # consultation meetings (issue 17)
    ("meetings.show", "GET", "/meetings/{meeting}", None, ALL_200),
    ("meetings.show", "GET", "/meetings/999999", None, NOT_FOUND),
    ("meetings.ics", "GET", "/meetings/{meeting}.ics", None, ALL_200),
    ("meetings.attachment", "GET", "/meetings/{meeting}/attachments/999999", None, NOT_FOUND),
    # an existing file: the office's until the minutes are published, then everyone's
    (
        "meetings.attachment",
        "GET",
        "/meetings/{past_meeting}/attachments/{past_attachment}",
        None,
        _s(404, 404, 404, 200, 200),
    ),
    (
        "meetings.attachment",
        "GET",
        "/meetings/{published_meeting}/attachments/{published_attachment}",
        None,
        ALL_200,
    ),
    (  # a file asked for under another meeting
        "meetings.attachment",
        "GET",
        "/meetings/{meeting}/attachments/{published_attachment}",
        None,
        NOT_FOUND,
    ),
    # an empty form (no choice) is sent back to the page with a message
    ("meetings.register", "POST", "/meetings/{meeting}/register", {}, ANY_SIGNED_IN_POST),
    ("meetings.cancel", "POST", "/meetings/{meeting}/cancel", {}, MISSING_POST),
    ("meetings.create", "GET", C + "/meetings/new", None, OFFICIAL_GET),
    ("meetings.create", "POST", C + "/meetings/new", {}, OFFICIAL_GET),
    ("meetings.edit", "GET", "/meetings/{meeting}/edit", None, OFFICIAL_GET),
    ("meetings.edit", "POST", "/meetings/{meeting}/edit", {}, OFFICIAL_GET),
    ("meetings.registrations", "GET", "/meetings/{meeting}/registrations", None, OFFICIAL_GET),
    ("meetings.minutes", "GET", "/meetings/{past_meeting}/minutes", None, OFFICIAL_GET),
    ("meetings.minutes", "POST", "/meetings/{past_meeting}/minutes", {}, OFFICIAL_GET),
    ("meetings.add_attachment", "POST", "/meetings/{past_meeting}/attachments", {}, OFFICIAL_POST),
    ("meetings.new_remark", "GET", "/meetings/{past_meeting}/remarks/new", None, OFFICIAL_GET),
    ("meetings.new_remark", "POST", "/meetings/{past_meeting}/remarks/new", {}, OFFICIAL_GET),
    # surveys (issue 17): the open survey's results are the office's until it closes
    ("surveys.show", "GET", SU, None, ALL_200),
    ("surveys.show", "GET", "/surveys/999999", None, NOT_FOUND),
    ("surveys.results", "GET", SU + "/results", None, _s(403, 403, 403, 200, 200)),
    ("surveys.results_csv", "GET", SU + "/results.csv", None, _s(403, 403, 403, 200, 200)),
    ("surveys.results_xlsx", "GET", SU + "/results.xlsx", None, _s(403, 403, 403, 200, 200)),
    # organizations answer this round's surveys: only a representative gets the form
    ("surveys.respond", "GET", SU + "/respond", None, REP_ONLY),
    # an empty POST names no organization: a forged request
    ("surveys.respond", "POST", SU + "/respond", {}, NOBODY_POST),
    ("surveys.create", "GET", C + "/surveys/new", None, OFFICIAL_GET),
    ("surveys.create", "POST", C + "/surveys/new", {}, OFFICIAL_GET),
    ("surveys.edit", "GET", SU + "/edit", None, OFFICIAL_GET),
    ("surveys.edit", "POST", SU + "/edit", {}, OFFICIAL_GET),
    ("surveys.manage", "GET", SU + "/manage", None, OFFICIAL_GET),
    ("surveys.manage", "POST", SU + "/manage", {}, OFFICIAL_GET),
    ("surveys.preview", "GET", SU + "/preview", None, OFFICIAL_GET),
    (
        "surveys.edit_question",
        "GET",
        SU + "/questions/{survey_question}/edit",
        None,
        OFFICIAL_GET,
    ),
    # an empty form is shown again with its errors
    (
        "surveys.edit_question",
        "POST",
        SU + "/questions/{survey_question}/edit",
        {},
        OFFICIAL_GET,
    ),
    ("surveys.edit_question", "GET", SU + "/questions/999999/edit", None, OFFICIAL_404),
    (
        "surveys.move_question",
        "POST",
        SU + "/questions/{survey_question}/move",
        {"direction": "down"},
        OFFICIAL_POST,
    ),
    (
        "surveys.move_question",
        "POST",
        SU + "/questions/{survey_question}/move",
        {"direction": "sideways"},
        OFFICIAL_400,
    ),
    (
        "surveys.move_question",
        "POST",
        SU + "/questions/999999/move",
        {"direction": "down"},
        OFFICIAL_404,
    ),
    (
        "surveys.delete_question",
        "POST",
        SU + "/questions/{survey_question}/delete",
        {},
        OFFICIAL_POST,
    ),
    ("surveys.hide_answer", "POST", SU + "/answers/999999/hide", {}, _s(302, 403, 403, 404, 404)),
    # the open data API (read-only, the same for everyone; unpublished objects are 404)
    ("api.index", "GET", "/api/v1/", None, ALL_200),
    ("api.openapi_document", "GET", "/api/v1/openapi.json", None, ALL_200),
    ("api.dump_file", "GET", "/api/v1/dump.zip", None, NOT_FOUND),
    ("api.consultations", "GET", "/api/v1/consultations", None, ALL_200),
    ("api.consultations_one", "GET", "/api/v1/consultations/{round}", None, ALL_200),
    ("api.consultations_one", "GET", "/api/v1/consultations/{draft_round}", None, NOT_FOUND),
    ("api.draft_versions", "GET", "/api/v1/draft-versions?per_page=5", None, ALL_200),
    ("api.draft_versions_one", "GET", "/api/v1/draft-versions/999999", None, NOT_FOUND),
    ("api.remarks", "GET", "/api/v1/remarks?consultation_id={round}", None, ALL_200),
    ("api.remarks_one", "GET", "/api/v1/remarks/{comment}", None, ALL_200),
    ("api.reports", "GET", "/api/v1/reports", None, ALL_200),
    ("api.reports_one", "GET", "/api/v1/reports/999999", None, NOT_FOUND),
    ("api.proposals", "GET", "/api/v1/proposals", None, ALL_200),
    ("api.proposals_one", "GET", "/api/v1/proposals/{proposal}", None, ALL_200),
    ("api.proposals_one", "GET", "/api/v1/proposals/{draft_proposal}", None, NOT_FOUND),
    ("api.votes", "GET", "/api/v1/votes", None, ALL_200),
    ("api.votes_one", "GET", "/api/v1/votes/{results_vote}", None, ALL_200),
    ("api.votes_one", "GET", "/api/v1/votes/{setup_vote}", None, NOT_FOUND),
    ("api.vote_ballots", "GET", "/api/v1/votes/{setup_vote}/ballots.pb", None, NOT_FOUND),
    ("api.vote_ballots", "GET", "/api/v1/votes/{withheld_vote}/ballots.pb", None, NOT_FOUND),
    ("api.organizations", "GET", "/api/v1/organizations", None, ALL_200),
    ("api.organizations_one", "GET", "/api/v1/organizations/{verified}", None, ALL_200),
    ("api.organizations_one", "GET", "/api/v1/organizations/{pending}", None, NOT_FOUND),
    ("api.events", "GET", "/api/v1/events", None, ALL_200),
    ("api.events_one", "GET", "/api/v1/events/{city_event}", None, ALL_200),
    ("api.opportunities", "GET", "/api/v1/opportunities", None, ALL_200),
    ("api.opportunities_one", "GET", "/api/v1/opportunities/{opportunity}", None, ALL_200),
    ("api.programmes", "GET", "/api/v1/programmes", None, ALL_200),
    ("api.programmes_one", "GET", "/api/v1/programmes/999999", None, NOT_FOUND),
    ("api.programme_tasks", "GET", "/api/v1/programme-tasks", None, ALL_200),
    ("api.programme_tasks_one", "GET", "/api/v1/programme-tasks/999999", None, NOT_FOUND),
    # search (issue 15, item 4): everyone may search; what each role finds is in tests/search
    # site identity and settings, the accessibility statement and access requests (issue 16)
    ("settings.edit", "GET", "/admin/settings", None, ADMIN_ONLY),
    ("settings.edit", "POST", "/admin/settings", {}, _s(302, 403, 403, 403, 400)),
    ("settings.upload_asset", "POST", "/admin/settings/logo", {}, _s(302, 403, 403, 403, 400)),
    ("settings.remove_asset", "POST", "/admin/settings/logo/remove", {}, ADMIN_POST),
    ("settings.edit_statement", "GET", "/admin/settings/statement", None, ADMIN_ONLY),
    (
        "settings.edit_statement",
        "POST",
        "/admin/settings/statement",
        {"compliance": "sometimes"},
        _s(302, 403, 403, 403, 400),
    ),
    ("settings.asset", "GET", "/site/logo", None, NOT_FOUND),
    ("settings.asset", "GET", "/site/other", None, NOT_FOUND),
    ("settings.statement", "GET", "/deklaracja-dostepnosci", None, ALL_200),
    ("settings.request_access", "GET", "/deklaracja-dostepnosci/wniosek", None, ALL_200),
    ("settings.request_access", "POST", "/deklaracja-dostepnosci/wniosek", {}, ALL_400),
    ("settings.access_requests", "GET", "/access-requests", None, OFFICIAL_GET),
    ("settings.access_request", "GET", "/access-requests/{access_request}", None, OFFICIAL_GET),
    ("settings.access_request", "GET", "/access-requests/999999", None, OFFICIAL_404),
    (
        "settings.answer_request",
        "POST",
        "/access-requests/{access_request}/answer",
        {},
        OFFICIAL_400,
    ),
    (
        "settings.extend_request",
        "POST",
        "/access-requests/{access_request}/extend",
        {},
        OFFICIAL_400,
    ),
    ("settings.close_request", "POST", "/access-requests/{access_request}/close", {}, OFFICIAL_400),
    ("settings.close_request", "POST", "/access-requests/999999/close", {}, OFFICIAL_404),
    ("search.results", "GET", "/search?q=konsultacje", None, ALL_200),
    ("search.results", "GET", "/search?q=zastepczych&kind=remark&page=2", None, ALL_200),
    # moderation (issue 15, item 5): the author of a remark (not hidden: asking is refused, 409)
    ("moderation.review", "GET", "/moderation/remark/{comment}", None, _s(302, 403, 200, 200, 200)),
    ("moderation.review", "POST", "/moderation/remark/{comment}", {}, _s(302, 403, 409, 403, 403)),
    ("moderation.review", "GET", "/moderation/survey_answer/999999", None, MISSING_GET),
    ("moderation.queue", "GET", "/moderation/reviews", None, OFFICIAL_GET),
    ("moderation.decide", "GET", "/moderation/reviews/999999", None, OFFICIAL_404),
    ("moderation.decide", "POST", "/moderation/reviews/999999", {}, OFFICIAL_404),
]


def _cases():
    for _endpoint, method, url, data, expected in MATRIX:
        for role in ROLES:
            yield pytest.param(
                method, url, data, role, expected[role], id=f"{method} {url} as {role}"
            )


def _request(client, world, method, url, data, role):
    if role != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = str(world.people_ids[role])
            session["_fresh"] = True
    target = url.format(
        verified=world.verified_id,
        pending=world.pending_id,
        request=world.request_id,
        target=world.target_user_id,
        round=world.round_id,
        draft_round=world.draft_round_id,
        comment=world.comment_id,
        proposal=world.proposal_id,
        draft_proposal=world.draft_proposal_id,
        invitation=world.invitation_id,
        proposal_comment=world.proposal_comment_id,
        city_event=world.city_event_id,
        org_event=world.org_event_id,
        opportunity=world.opportunity_id,
        results_vote=world.results_vote_id,
        preview_vote=world.preview_vote_id,
        withheld_vote=world.withheld_vote_id,
        open_vote=world.open_vote_id,
        setup_vote=world.setup_vote_id,
        setup_option=world.setup_option_id,
        notification=world.notification_id,
        token=world.unsubscribe_token,
        meeting=world.meeting_id,
        past_meeting=world.past_meeting_id,
        survey=world.survey_id,
        survey_question=world.survey_question_id,
        past_attachment=world.past_attachment_id,
        published_meeting=world.published_meeting_id,
        published_attachment=world.published_attachment_id,
        programme=world.programme_id,
        programme_task=world.programme_task_id,
        change_notice=world.change_notice_id,
        programme_milestone=world.programme_milestone_id,
        programme_grant=world.programme_grant_id,
        programme_file=world.programme_file_id,
        programme_update=world.programme_update_id,
        access_request=world.access_request_id,
    )
    return client.get(target) if method == "GET" else client.post(target, data=data)


def _check(response, url, role, status):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if (
        status == 302
        and role == "anonymous"
        and "auth" not in url
        and not url.startswith("/language")
    ):
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("method", "url", "data", "role", "status"), [c for c in _cases() if c.values[0] == "GET"]
)
def test_read_route_role_status(shared_world, method, url, data, role, status):
    """GET requests change nothing, so they share one world (defined first: POST cases below
    empty the tables and restore their own copy)."""
    shared, world, _snapshot = shared_world
    response = _request(shared.test_client(), world, method, url, data, role)
    # end the shared session's transaction: an idle one holds locks the POST cases' clean-up
    # would wait for on PostgreSQL
    db.session.remove()
    _check(response, url, role, status)


@pytest.mark.parametrize(
    ("method", "url", "data", "role", "status"), [c for c in _cases() if c.values[0] == "POST"]
)
def test_write_route_role_status(client, world, method, url, data, role, status):
    """POST requests may change the world, so each gets a fresh copy."""
    response = _request(client, world, method, url, data, role)
    _check(response, url, role, status)


def test_every_route_is_in_the_matrix(app):
    covered = {(endpoint, method) for endpoint, method, *_ in MATRIX}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (rule.endpoint, method) not in covered:
                missing.append((rule.endpoint, method))
    assert missing == []
