"""State changes for consultation rounds. Services flush but never commit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState, NotAllowed
from app.common.moderation import content_hidden
from app.common.money import unbreakable_amounts
from app.common.revisions import MissingCorrectionReason
from app.common.sanitize import render_markdown
from app.common.timeutil import to_local
from app.common.uploads import CheckedFile
from app.consultations import drafting, signals
from app.consultations.models import (
    Answer,
    Attachment,
    Comment,
    Consultation,
    DraftUnit,
    DraftVersion,
    Report,
    ReportRevision,
    Stage,
    StageKind,
)
from app.consultations.permissions import (
    ReportRefusal,
    answers_frozen,
    comment_refusal,
    remarks_frozen,
    report_refusal,
    reported_stages,
)
from app.consultations.queries import unit_of
from app.consultations.states import Channel
from app.extensions import db
from app.organizations.models import Organization, PublicBenefitArea


class EmptyDraft(DomainError):
    """The document has no text to split into units."""


class UnknownUnit(DomainError):
    """The comment points at a unit that is not in the current version."""


class ReportNotDue(DomainError):
    """The report may not be published yet (see ``permissions.report_refusal``)."""

    def __init__(self, refusal: ReportRefusal) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


class AnswersFrozen(InvalidState):
    """The round's report is published: its answers are part of it and are not created,
    changed or published any more (a correction is described in a new report revision)."""


class RemarksFrozen(InvalidState):
    """The round's report is published: no remark is entered, changed or withdrawn any more
    (it would change the published report, unanswered; a late remark is described in a new
    revision of the report)."""


class ReceiptProblem(StrEnum):
    """Why the date a paper form was received at the office is refused."""

    NO_COMMENTING_STAGE = "no_commenting_stage"
    BEFORE_STAGE = "before_stage"
    AFTER_STAGE = "after_stage"
    IN_FUTURE = "in_future"


class ReceivedOutsideStage(DomainError):
    """A paper form counts only if it reached the office during the commenting stage."""

    def __init__(self, problem: ReceiptProblem, first_day: date | None, last_day: date | None):
        super().__init__(str(problem))
        self.problem = problem
        self.first_day = first_day
        self.last_day = last_day


class ReportQuotesRound(InvalidState):
    """The round's report is published and quotes what the change would alter: its title,
    subject, or the stages that had closed when it was published (``fields`` names them as the
    round form does: ``title``, ``subject``, ``commenting_opens``, ``commenting_closes`` …)."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def check_remarks_open(consultation: Consultation) -> None:
    """:raises RemarksFrozen: the round's report is published.

    The round's row is locked first (PostgreSQL) and its report read again, as
    :func:`publish_report` locks it too: a remark entered while the report is being published
    waits for it and is then refused, instead of slipping into the published report."""
    _lock_round(consultation)
    if remarks_frozen(consultation):
        raise RemarksFrozen("the report of the round is published")


def check_answers_open(consultation: Consultation) -> None:
    """:raises AnswersFrozen: the round's report is published.

    The round's row is locked first (PostgreSQL) and its report read again, as
    :func:`publish_report` locks it too: an answer saved while the report is being published
    waits for it and is then refused, instead of slipping in after the report's text."""
    _lock_round(consultation)
    if answers_frozen(consultation):
        raise AnswersFrozen("the report of the round is published")


def _lock_round(consultation: Consultation) -> None:
    """Serialise report publication and answering of one round (a no-op on SQLite, where
    writes are serialised anyway); the report is read again after the lock is held.

    Taken once per transaction: a bulk answer of N remarks locks and re-reads once, not N times.
    """
    session = db.session()  # the request's own session behind the scoped proxy
    transaction = session.get_transaction()
    held = session.info.setdefault("rounds_locked", {})
    if transaction is not None and held.get(consultation.id) is transaction:
        return
    db.session.execute(
        select(Consultation.id).where(Consultation.id == consultation.id).with_for_update()
    )
    db.session.expire(consultation, ["report"])
    held[consultation.id] = transaction


@dataclass(frozen=True)
class StageData:
    kind: StageKind
    opens_at: datetime
    closes_at: datetime


@dataclass(frozen=True)
class RoundData:
    """The editable fields of a round, already validated by the form."""

    title: str
    summary: str
    subject: str
    rules_md: str
    contact_person: str
    contact_email: str | None
    participation: str
    comment_visibility: str
    short_stage_justification: str | None
    area_codes: tuple[str, ...]
    stages: tuple[StageData, ...]


@dataclass(frozen=True)
class CommentData:
    """What the person writes. The current wording is not part of it: the service copies it
    from the commented unit of the draft, so a comment never misquotes the document."""

    unit_key: str | None
    proposed_wording: str
    justification: str


def _apply_round(consultation: Consultation, data: RoundData, now: datetime) -> None:
    consultation.title = data.title.strip()
    consultation.summary = data.summary.strip()
    consultation.subject = data.subject.strip()
    consultation.rules_md = data.rules_md or ""
    consultation.rules_html = render_markdown(data.rules_md)
    consultation.contact_person = data.contact_person.strip()
    consultation.contact_email = (data.contact_email or "").strip() or None
    consultation.participation = data.participation
    consultation.comment_visibility = data.comment_visibility
    consultation.short_stage_justification = (data.short_stage_justification or "").strip() or None
    consultation.updated_at = now
    consultation.areas = list(
        db.session.scalars(
            select(PublicBenefitArea).where(PublicBenefitArea.code.in_(data.area_codes))
        )
    )
    existing = {stage.kind: stage for stage in consultation.stages}
    wanted = {stage.kind: stage for stage in data.stages}
    for kind, stage in existing.items():
        if kind not in wanted:
            consultation.stages.remove(stage)
    for kind, new in wanted.items():
        stage = existing.get(kind)
        if stage is None:
            consultation.stages.append(
                Stage(kind=kind, opens_at=new.opens_at, closes_at=new.closes_at)
            )
        else:
            stage.opens_at, stage.closes_at = new.opens_at, new.closes_at


def create_consultation(actor: User, data: RoundData, now: datetime) -> Consultation:
    """Save a new round as a draft (visible to officials only until announced)."""
    consultation = Consultation(created_by_id=actor.id, created_at=now)
    _apply_round(consultation, data, now)
    db.session.add(consultation)
    db.session.flush()
    record_audit(actor, Action.CONSULTATION_CREATE, consultation, label=consultation.title)
    return consultation


def update_consultation(
    actor: User, consultation: Consultation, data: RoundData, now: datetime
) -> None:
    """Change a round; in an announced round, stages given new dates are announced.

    :raises ReportQuotesRound: the round's report is published and the change would alter what
        it quotes (the title, the subject, a stage that had closed when it was published, or a
        stage moved or added so that it would have closed by then).
    """
    _lock_round(consultation)
    data = _keep_report_quotes(consultation, data)
    windows = {stage.id: (stage.opens_at, stage.closes_at) for stage in consultation.stages}
    _apply_round(consultation, data, now)
    db.session.flush()
    record_audit(actor, Action.CONSULTATION_UPDATE, consultation, label=consultation.title)
    if consultation.announced_at is None:
        return
    for stage in consultation.stages:
        before = windows.get(stage.id)
        if before is not None and before != (stage.opens_at, stage.closes_at):
            signals.stage_rescheduled.send(stage, actor=actor)


def _minute(moment: datetime) -> datetime:
    """A time as precise as the round form shows and sends it."""
    return moment.replace(second=0, microsecond=0)


def _keep_report_quotes(consultation: Consultation, data: RoundData) -> RoundData:
    """``data`` with the quoted stages' stored times (the form sends them to the minute).

    :raises ReportQuotesRound: see :func:`update_consultation`.
    """
    report = consultation.report
    if report is None:
        return data
    fields: list[str] = []
    if data.title.strip() != consultation.title:
        fields.append("title")
    if data.subject.strip() != consultation.subject:
        fields.append("subject")
    quoted = {stage.kind: stage for stage in reported_stages(consultation)}
    wanted = {stage.kind: stage for stage in data.stages}
    for kind in dict.fromkeys([*quoted, *wanted]):
        before, after = quoted.get(kind), wanted.get(kind)
        if before is not None and after is not None:
            # a quoted stage keeps its dates
            if _minute(after.opens_at) != _minute(before.opens_at):
                fields.append(f"{kind}_opens")
            if _minute(after.closes_at) != _minute(before.closes_at):
                fields.append(f"{kind}_closes")
        elif before is not None:
            fields.append(f"{kind}_opens")  # a quoted stage cannot be removed
        elif after is not None and after.closes_at <= report.updated_at:
            # a stage still to come (or a new one) cannot be moved into what the report covers
            fields.append(f"{kind}_closes")
    if fields:
        raise ReportQuotesRound(tuple(fields))
    stages = tuple(
        StageData(s.kind, quoted[s.kind].opens_at, quoted[s.kind].closes_at)
        if s.kind in quoted
        else s
        for s in data.stages
    )
    return replace(data, stages=stages)


def announce_consultation(actor: User, consultation: Consultation, now: datetime) -> None:
    """Make the round public."""
    if consultation.announced_at is not None:
        raise InvalidState("already announced")
    consultation.announced_at = now
    record_audit(actor, Action.CONSULTATION_ANNOUNCE, consultation, label=consultation.title)
    db.session.flush()
    signals.round_announced.send(consultation, actor=actor, now=now)


def _unit_html(unit: drafting.Unit) -> str:
    """A unit's HTML; in a table, amounts ("800 000 zł") never wrap inside their cell."""
    html = render_markdown(unit.text)
    return unbreakable_amounts(html) if unit.kind is drafting.UnitKind.TABLE else html


def _unit_rows(units: list[drafting.Unit], changes: dict[str, str]) -> list[DraftUnit]:
    return [
        DraftUnit(
            key=unit.key,
            position=unit.position,
            kind=str(unit.kind),
            level=unit.level,
            marker=unit.marker,
            label=unit.label,
            text_md=unit.text,
            text_html=_unit_html(unit),
            change=changes.get(unit.key, drafting.ChangeKind.ADDED),
        )
        for unit in units
    ]


def publish_version(
    actor: User,
    consultation: Consultation,
    title: str,
    source_md: str,
    change_note: str | None,
    now: datetime,
) -> DraftVersion:
    """Publish a new version of the draft, its units matched to the previous version's."""
    units = drafting.split_markdown(source_md)
    if not units:
        raise EmptyDraft()
    previous = consultation.current_version
    changes: dict[str, str] = {}
    if previous is None:
        units = drafting.assign_keys(units, None)
    else:
        old_units = [unit_of(row) for row in previous.units]
        # keys of units removed in any earlier version are never given to new units
        used = {row.key for version in consultation.versions for row in version.units}
        units = drafting.assign_keys(units, old_units, reserved=used)
        for match in drafting.match_units(old_units, units):
            if match.new_position is not None:
                changes[units[match.new_position].key] = str(match.change)
    version = DraftVersion(
        number=(previous.number + 1) if previous else 1,
        title=title.strip(),
        source_md=source_md,
        change_note=(change_note or "").strip() or None,
        published_at=now,
        published_by_id=actor.id,
        units=_unit_rows(units, changes),
    )
    consultation.versions.append(version)
    db.session.flush()
    record_audit(
        actor,
        Action.VERSION_PUBLISH,
        consultation,
        label=consultation.title,
        version=version.number,
        units=len(units),
    )
    return version


def add_attachment(
    actor: User, consultation: Consultation, checked: CheckedFile, data: bytes, now: datetime
) -> Attachment:
    attachment = Attachment(
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        data=data,
        uploaded_at=now,
        uploaded_by_id=actor.id,
    )
    consultation.attachments.append(attachment)
    db.session.flush()
    record_audit(
        actor,
        Action.ATTACHMENT_ADD,
        consultation,
        label=consultation.title,
        filename=checked.filename,
        sha256=checked.sha256,
    )
    return attachment


def _next_number(consultation: Consultation) -> int:
    """Take the next comment number with one atomic UPDATE … RETURNING.

    The row stays locked until the commit, so concurrent comments get distinct, gap-free
    numbers (a rolled-back comment releases its number with the rest of the transaction).
    """
    return db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id)
        .values(last_comment_number=Consultation.last_comment_number + 1)
        .returning(Consultation.last_comment_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def _commented_unit(version: DraftVersion, unit_key: str | None) -> DraftUnit | None:
    """The unit of ``version`` a comment is about (None for a general comment).

    :raises UnknownUnit: the key is not in that version.
    """
    if unit_key is None:
        return None
    unit = next((u for u in version.units if u.key == unit_key), None)
    if unit is None:
        raise UnknownUnit()
    return unit


def _quote_unit(comment: Comment, unit: DraftUnit | None) -> None:
    """Point the comment at ``unit`` and quote its text as the current wording, from the draft
    itself (never from the form): what the report cites is what the version said."""
    comment.unit_key = unit.key if unit else None
    comment.unit_label = unit.label if unit else None
    comment.current_wording = unit.text_md if unit else ""


def submit_comment(
    consultation: Consultation,
    author: User,
    organization: Organization | None,
    data: CommentData,
    now: datetime,
) -> Comment:
    """File a comment on the current version (the permission is checked here too).

    :raises NotAllowed: the stage is closed or the person may not comment for the organization.
    :raises UnknownUnit: the unit is not in the current version.
    """
    if comment_refusal(author, consultation, organization, now) is not None:
        raise NotAllowed()
    return _store_comment(consultation, author, organization, data, now)


def _store_comment(consultation, author, organization, data, now, **extra) -> Comment:
    """Save a remark of any channel.

    :raises RemarksFrozen: the round's report is published.
    """
    check_remarks_open(consultation)
    version = consultation.current_version
    unit = _commented_unit(version, data.unit_key)
    comment = Comment(
        consultation_id=consultation.id,
        number=_next_number(consultation),
        version_id=version.id,
        organization_id=organization.id if organization else None,
        author_id=author.id,
        proposed_wording=data.proposed_wording.strip(),
        justification=data.justification.strip(),
        created_at=now,
        updated_at=now,
        **extra,
    )
    _quote_unit(comment, unit)
    db.session.add(comment)
    db.session.flush()
    return comment


def enter_paper_comment(
    actor: User,
    consultation: Consultation,
    organization: Organization,
    data: CommentData,
    received_on: date,
    now: datetime,
) -> Comment:
    """An official enters a paper consultation form received at the office.

    :raises RemarksFrozen: the round's report is published.
    :raises ReceivedOutsideStage: the form was not received during the commenting stage (or
        the date is still to come).
    """
    if consultation.current_version is None:
        raise InvalidState("no draft")
    check_remarks_open(consultation)
    check_received_on(consultation, received_on, now)
    comment = _store_comment(
        consultation,
        actor,
        organization,
        data,
        now,
        is_paper=True,
        received_on=received_on,
        channel=Channel.PAPER,
    )
    record_audit(
        actor,
        Action.COMMENT_PAPER,
        comment,
        label=f"{consultation.title} #{comment.number}",
        organization=organization.name,
    )
    return comment


def check_received_on(consultation: Consultation, received_on: date, now: datetime) -> None:
    """A paper form is a remark of the consultation only if it reached the office during the
    commenting stage (its days in Warsaw time, the closing day included) and not after today.

    :raises ReceivedOutsideStage: with the stage's first and last day, to say so.
    """
    stage = consultation.stage(StageKind.COMMENTING)
    if stage is None:
        raise ReceivedOutsideStage(ReceiptProblem.NO_COMMENTING_STAGE, None, None)
    first_day = to_local(stage.opens_at).date()
    # a stage closing at midnight ends with the day before
    last_day = to_local(stage.closes_at - timedelta(microseconds=1)).date()
    if received_on > to_local(now).date():
        raise ReceivedOutsideStage(ReceiptProblem.IN_FUTURE, first_day, last_day)
    if received_on < first_day:
        raise ReceivedOutsideStage(ReceiptProblem.BEFORE_STAGE, first_day, last_day)
    if received_on > last_day:
        raise ReceivedOutsideStage(ReceiptProblem.AFTER_STAGE, first_day, last_day)


def enter_meeting_remark(
    actor: User,
    consultation: Consultation,
    organization: Organization | None,
    data: CommentData,
    held_on: date,
    now: datetime,
    person_name: str | None = None,
) -> Comment:
    """An official enters a remark made at a consultation meeting (channel "meeting"), so it is
    answered and reported like every other comment; ``organization`` is None for a person, who
    is named by ``person_name``.

    :raises RemarksFrozen: the round's report is published.
    """
    if consultation.current_version is None:
        raise InvalidState("no draft")
    comment = _store_comment(
        consultation,
        actor,
        organization,
        data,
        now,
        received_on=held_on,
        channel=Channel.MEETING,
        submitter_name=None if organization else (person_name or "").strip() or None,
    )
    record_audit(
        actor,
        Action.COMMENT_MEETING,
        comment,
        label=f"{consultation.title} #{comment.number}",
        organization=organization.name if organization else None,
        person=comment.submitter_name,
    )
    return comment


def update_comment(comment: Comment, data: CommentData, now: datetime) -> None:
    """Change one's comment; the quoted wording follows the (possibly new) unit of its version.

    :raises RemarksFrozen: the round's report is published.
    """
    check_remarks_open(comment.consultation)
    _quote_unit(comment, _commented_unit(comment.version, data.unit_key))
    comment.proposed_wording = data.proposed_wording.strip()
    comment.justification = data.justification.strip()
    comment.updated_at = now
    db.session.flush()


def withdraw_comment(actor: User, comment: Comment, now: datetime) -> None:
    """Withdraw a comment (for good: it leaves the report, its number stays used).

    :raises RemarksFrozen: the round's report is published.
    """
    check_remarks_open(comment.consultation)
    if comment.withdrawn_at is not None:
        raise InvalidState("already withdrawn")
    comment.withdrawn_at = now
    record_audit(
        actor,
        Action.COMMENT_WITHDRAW,
        comment,
        label=f"{comment.consultation.title} #{comment.number}",
        organization=comment.organization.name if comment.organization else None,
    )
    db.session.flush()


def hide_comment(actor: User, comment: Comment, reason: str, now: datetime) -> None:
    """Withhold a comment's text for breaking the rules; it still counts in the report."""
    comment.hidden_at = now
    comment.hidden_reason = reason.strip()
    comment.hidden_by_id = actor.id
    record_audit(actor, Action.COMMENT_HIDE, comment, label=f"#{comment.number}", reason=reason)
    db.session.flush()
    content_hidden.send(
        comment,
        kind="remark",
        # a remark entered by the office: its organization's representatives, or nobody
        author_ids=comment.speaker_ids,
        reason=comment.hidden_reason,
        title=comment.consultation.title,
        actor=actor,
    )


def save_answer(
    actor: User,
    comment: Comment,
    decision: str,
    justification: str,
    publish: bool,
    now: datetime,
    link: str = "",
    unpublish: bool = False,
) -> Answer:
    """Draft (or redraft) the office's answer; publish it at once when asked.

    ``unpublish`` (the answers saved in bulk: queue, group, spreadsheet): a published answer
    whose decision or text changes becomes a draft again, out of public view until it is
    published again (the audit entry says ``unpublished``); an unchanged one stays as it is.

    :raises AnswersFrozen: the round's report is published.
    """
    check_answers_open(comment.consultation)
    answer = comment.answer or Answer(comment=comment)
    withdrawn = unpublish and answer_changes_public(answer, decision, justification)
    # added at once: reading an expired ``actor.id`` below autoflushes the session
    db.session.add(answer)
    if withdrawn:
        answer.published_at = None
        answer.published_by_id = None
    answer.decision = decision
    answer.justification_md = justification
    answer.justification_html = render_markdown(justification)
    answer.drafted_at = now
    answer.drafted_by_id = actor.id
    db.session.add(answer)
    record_audit(
        actor,
        Action.ANSWER_SAVE,
        comment,
        label=f"#{comment.number}",
        decision=decision,
        unpublished=True if withdrawn else None,
    )
    if publish:
        _publish_answer(actor, answer, now, link)
    db.session.flush()
    return answer


def answer_changes_public(answer: Answer | None, decision: str, justification: str) -> bool:
    """True when ``answer`` is published and saving this decision and text would change it."""
    if answer is None or answer.published_at is None:
        return False
    return (
        answer.decision != decision
        or (answer.justification_md or "").strip() != (justification or "").strip()
    )


def _publish_answer(actor: User, answer: Answer, now: datetime, link: str) -> None:
    check_answers_open(answer.comment.consultation)
    first_time = answer.published_at is None
    answer.published_at = now
    answer.published_by_id = actor.id
    record_audit(
        actor,
        Action.ANSWER_PUBLISH,
        answer.comment,
        label=f"#{answer.comment.number}",
        decision=answer.decision,
    )
    if first_time:
        signals.comment_answered.send(answer.comment, link=link)


def publish_drafted_answers(
    actor: User, consultation: Consultation, now: datetime, link_for
) -> int:
    """Publish every drafted, unpublished answer of the round; return how many.

    :raises AnswersFrozen: the round's report is published.
    """
    check_answers_open(consultation)
    answers = db.session.scalars(
        select(Answer)
        .join(Comment)
        .where(Comment.consultation_id == consultation.id, Answer.published_at.is_(None))
    ).all()
    for answer in answers:
        _publish_answer(actor, answer, now, link_for(answer.comment))
    db.session.flush()
    return len(answers)


def publish_report(
    actor: User,
    consultation: Consultation,
    statement: str,
    prepared_by: str,
    now: datetime,
    reason: str | None = None,
) -> Report:
    """Publish the consultation report, or correct a published one by a new dated revision
    with a public ``reason`` (the earlier texts stay readable; nothing is edited in place).

    :raises ReportNotDue: the round is not announced or its commenting stage is not over.
    :raises MissingCorrectionReason: a correction without a reason.
    """
    # locked first, the stages read again: a round edited meanwhile (commenting reopened) is
    # judged by its new dates, and an edit waiting for the lock then sees the report
    _lock_round(consultation)
    db.session.flush()  # what this transaction changed is kept, the rest read again
    for stage in consultation.stages:
        db.session.expire(stage)
    refusal = report_refusal(consultation, now)
    if refusal is not None:
        raise ReportNotDue(refusal)
    report = consultation.report
    first_time = report is None
    reason = (reason or "").strip() or None
    if not first_time and reason is None:
        raise MissingCorrectionReason()
    if first_time:
        report = Report(consultation=consultation, published_at=now, published_by_id=actor.id)
        db.session.add(report)
    report.statement_md = statement or ""
    report.statement_html = render_markdown(statement)
    report.prepared_by = prepared_by.strip()
    report.updated_at = now
    revision = ReportRevision(
        number=len(report.revisions) + 1,
        statement_md=report.statement_md,
        statement_html=report.statement_html,
        prepared_by=report.prepared_by,
        reason=None if first_time else reason,
        published_at=now,
        published_by_id=actor.id,
    )
    report.revisions.append(revision)
    db.session.flush()
    record_audit(
        actor,
        Action.REPORT_PUBLISH if first_time else Action.REPORT_REVISE,
        consultation,
        label=consultation.title,
        reason=revision.reason,
        revision=revision.number,
    )
    if first_time:
        participants = db.session.scalars(
            select(Comment.organization_id)
            .where(
                Comment.consultation_id == consultation.id,
                Comment.organization_id.is_not(None),
                Comment.withdrawn_at.is_(None),
            )
            .distinct()
        ).all()
        signals.report_published.send(
            consultation, actor=actor, organization_ids=list(participants)
        )
    return report
