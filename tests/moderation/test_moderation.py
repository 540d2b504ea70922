"""Moderation that tells the author (issue 15, item 5): hiding a remark, a proposal comment or
a survey answer tells its author the reason (notification + e-mail in the outbox); the author
asks once for a review; an official decides (shown again, or kept hidden with a note);
everything audited; wrong role 403, missing 404, asked twice / decided twice a clear 409."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Role
from app.common.models import AuditEntry, OutboxMessage
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.moderation.models import ModerationReview
from app.notifications.models import Notification
from tests.factories import make_consultation, make_organization, make_proposal, make_user

REASON = "Obraźliwe słowa wobec innej organizacji."


def _hidden_remark(official):
    round_ = make_consultation(official)
    organization = make_organization(name="Fundacja Seniorzy")
    author = organization.memberships[0].user
    comment = consultation_services.submit_comment(
        round_,
        author,
        organization,
        consultation_services.CommentData(None, "Tekst uwagi do ukrycia.", "Bo tak."),
        utcnow(),
    )
    db.session.commit()
    consultation_services.hide_comment(official, comment, REASON, utcnow())
    db.session.commit()
    return comment, author


def _notifications(user, kind):
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def test_hiding_a_remark_tells_its_author_the_reason_by_notification_and_email(app):
    official = make_user(role=Role.OFFICIAL)
    comment, author = _hidden_remark(official)
    (told,) = _notifications(author, "moderation.hidden")
    assert told.params["reason"] == REASON
    assert told.link == f"/moderation/remark/{comment.id}"
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == author.email))
    assert mail is not None and REASON in mail.text_body
    assert not _notifications(official, "moderation.hidden")


def test_hiding_a_proposal_comment_tells_its_author(app):
    from app.proposals import services as proposal_services

    official = make_user(role=Role.OFFICIAL)
    organization = make_organization()
    author = organization.memberships[0].user
    proposal = make_proposal(organization)
    comment = proposal_services.add_comment(
        author, proposal, organization, "Głupi pomysł", None, utcnow()
    )
    db.session.commit()
    proposal_services.hide_comment(official, comment, REASON, utcnow())
    db.session.commit()
    (told,) = _notifications(author, "moderation.hidden")
    assert told.link == f"/moderation/proposal_comment/{comment.id}"


def test_hiding_a_survey_answer_tells_its_author(app, client, auth):
    from app.surveys import services as survey_services
    from app.surveys.models import SurveyAnswer
    from tests.surveys.test_views import _closed_survey_with_answers

    _survey, official = _closed_survey_with_answers(client, auth)
    answer = next(a for a in db.session.scalars(select(SurveyAnswer)) if a.value == "Uwaga 1")
    survey_services.hide_answer(official, answer, REASON, utcnow())
    db.session.commit()
    (told,) = _notifications(answer.response.user, "moderation.hidden")
    assert told.link == f"/moderation/survey_answer/{answer.id}"
    auth.login_as(answer.response.user)
    page = client.get(told.link).get_data(as_text=True)
    assert REASON in page and "Uwaga 1" in page


def test_the_author_asks_once_and_the_office_decides(client, auth):
    official = make_user(role=Role.OFFICIAL)
    comment, author = _hidden_remark(official)
    url = f"/moderation/remark/{comment.id}"
    # others: a member may not look, anonymous is sent to log in, a missing one is 404
    assert client.get(url).status_code == 302
    auth.login_as(make_user())
    assert client.get(url).status_code == 403
    assert client.get("/moderation/remark/999999").status_code == 404
    assert client.get(f"/moderation/nonsense/{comment.id}").status_code == 404
    auth.login_as(author)
    page = client.get(url).get_data(as_text=True)
    assert REASON in page and "Tekst uwagi do ukrycia." in page
    # bad input: no tick, the typed message is kept
    response = client.post(url, data={"message": "Nie było tam obrazy."})
    assert response.status_code == 400
    assert "Nie było tam obrazy." in response.get_data(as_text=True)
    assert db.session.scalar(select(ModerationReview)) is None
    response = client.post(url, data={"message": "Nie było tam obrazy.", "confirmed": "y"})
    assert response.status_code == 302
    review = db.session.scalar(select(ModerationReview))
    assert (review.kind, review.target_id, review.hidden_reason) == ("remark", comment.id, REASON)
    assert _notifications(official, "moderation.review_requested")
    # once only
    again = client.post(url, data={"message": "Jeszcze raz.", "confirmed": "y"})
    assert again.status_code == 409
    assert db.session.query(ModerationReview).count() == 1
    # the author may not decide
    decide = f"/moderation/reviews/{review.id}"
    assert client.get(decide).status_code == 403
    assert client.get("/moderation/reviews").status_code == 403
    # an official: the queue lists it; keeping it hidden needs a note (field error, kept)
    auth.login_as(make_user(role=Role.OFFICIAL))
    assert f"/moderation/reviews/{review.id}" in client.get("/moderation/reviews").get_data(
        as_text=True
    )
    assert client.post(url, data={"message": "x", "confirmed": "y"}).status_code == 403
    refused = client.post(decide, data={"outcome": "upheld", "note": "", "confirmed": "y"})
    assert refused.status_code == 400 and 'id="note-error"' in refused.get_data(as_text=True)
    assert client.post(decide, data={"outcome": "restored"}).status_code == 400  # no tick
    done = client.post(decide, data={"outcome": "restored", "note": "Racja.", "confirmed": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert comment.hidden_at is None and comment.hidden_reason is None
    assert db.session.get(ModerationReview, review.id).outcome == "restored"
    assert _notifications(author, "moderation.review_restored")
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"moderation.review_request", "moderation.review_decide"} <= actions
    assert (
        client.post(decide, data={"outcome": "upheld", "note": "x", "confirmed": "y"}).status_code
        == 409
    )
    # the author reads the decision; the remark is public again
    auth.login_as(author)
    assert "Racja." in client.get(url).get_data(as_text=True)
    comment_page = client.get(f"/consultations/{comment.consultation_id}/comments/{comment.id}")
    assert "Tekst uwagi do ukrycia." in comment_page.get_data(as_text=True)


def test_kept_hidden_tells_the_author_why(client, auth):
    official = make_user(role=Role.OFFICIAL)
    comment, author = _hidden_remark(official)
    auth.login_as(author)
    client.post(f"/moderation/remark/{comment.id}", data={"message": "Proszę.", "confirmed": "y"})
    review = db.session.scalar(select(ModerationReview))
    auth.login_as(official)
    client.post(
        f"/moderation/reviews/{review.id}",
        data={"outcome": "upheld", "note": "Treść narusza regulamin.", "confirmed": "y"},
    )
    db.session.expire_all()
    assert comment.hidden_reason == REASON
    (told,) = _notifications(author, "moderation.review_upheld")
    auth.login_as(author)
    page = client.get(told.link).get_data(as_text=True)
    assert "Treść narusza regulamin." in page and REASON in page
    # the comment page shows the reason as today, with the author's link
    page = client.get(f"/consultations/{comment.consultation_id}/comments/{comment.id}")
    assert f"/moderation/remark/{comment.id}" in page.get_data(as_text=True)


def test_the_pages_read_in_english_and_in_polish(client, auth):
    official = make_user(role=Role.OFFICIAL, locale="en")
    comment, author = _hidden_remark(official)
    author.locale = "en"
    db.session.commit()
    auth.login_as(author)
    page = client.get(f"/moderation/remark/{comment.id}").get_data(as_text=True)
    assert f"Hidden by the office: {REASON}" in page and "Ask for a review" in page
    assert "only once" in page
    client.post(f"/moderation/remark/{comment.id}", data={"message": "Please.", "confirmed": "y"})
    auth.login_as(official)
    assert "Waiting for a decision" in client.get("/moderation/reviews").get_data(as_text=True)
    review = db.session.scalar(select(ModerationReview))
    page = client.get(f"/moderation/reviews/{review.id}").get_data(as_text=True)
    assert "Keep it hidden" in page and "Why the author asks" in page
    search = client.get("/search?q=nicztegoniema").get_data(as_text=True)
    assert 'Nothing found for "nicztegoniema".' in search
    official.locale = "pl"
    db.session.commit()
    page = client.get(f"/moderation/reviews/{review.id}").get_data(as_text=True)
    assert "Pozostaw ukryte" in page and "Dlaczego autor prosi" in page
    assert "Nic nie znaleziono" in client.get("/search?q=nicztegoniema").get_data(as_text=True)


def test_a_review_of_an_anonymous_survey_answer_names_nobody_to_the_office(client, auth):
    from app.surveys import services as survey_services
    from app.surveys.models import SurveyAnswer
    from tests.surveys.test_views import _closed_survey_with_answers

    _survey, official = _closed_survey_with_answers(client, auth, anonymous=True)
    answer = next(a for a in db.session.scalars(select(SurveyAnswer)) if a.value == "Uwaga 2")
    survey_services.hide_answer(official, answer, REASON, utcnow())
    db.session.commit()
    author = answer.response.user
    auth.login_as(author)
    url = f"/moderation/survey_answer/{answer.id}"
    assert client.post(url, data={"message": "Proszę.", "confirmed": "y"}).status_code == 302
    (told,) = _notifications(official, "moderation.review_requested_anonymous")
    assert author.name not in str(told.params)
    auth.login_as(official)
    review = db.session.scalar(select(ModerationReview))
    for page in ("/moderation/reviews", f"/moderation/reviews/{review.id}"):
        assert author.name not in client.get(page).get_data(as_text=True)


# --- remarks entered by the office, and a second hiding (issue 15 audit, items 1 and 5) ------


def _entered_remark(official, organization):
    from app.common.timeutil import to_local

    round_ = make_consultation(official)
    data = consultation_services.CommentData(None, "Uwaga z formularza.", "Z zebrania.")
    if organization is not None:
        comment = consultation_services.enter_paper_comment(
            official, round_, organization, data, to_local(utcnow()).date(), utcnow()
        )
    else:
        comment = consultation_services.enter_meeting_remark(
            official, round_, None, data, to_local(utcnow()).date(), utcnow()
        )
    db.session.commit()
    return comment


def test_hiding_a_paper_remark_of_an_organization_tells_its_representatives(client, auth):
    typist = make_user(role=Role.OFFICIAL)
    organization = make_organization(name="Stowarzyszenie Papierowe")
    representative = organization.memberships[0].user
    comment = _entered_remark(typist, organization)
    hider = make_user(role=Role.OFFICIAL)
    auth.login_as(hider)
    page = client.get(f"/consultations/{comment.consultation_id}/comments/{comment.id}")
    assert "Stowarzyszenie Papierowe" in page.get_data(as_text=True)
    assert 'id="hide-told"' in page.get_data(as_text=True)
    consultation_services.hide_comment(hider, comment, REASON, utcnow())
    db.session.commit()
    # the representative hears the reason; the official who typed the form does not
    (told,) = _notifications(representative, "moderation.hidden")
    assert told.params["reason"] == REASON
    assert not _notifications(typist, "moderation.hidden")
    url = f"/moderation/remark/{comment.id}"
    # the typist may not ask for a review on the organization's behalf
    auth.login_as(typist)
    assert client.post(url, data={"message": "x", "confirmed": "y"}).status_code == 403
    # the representative may, once
    auth.login_as(representative)
    assert REASON in client.get(url).get_data(as_text=True)
    sent = client.post(url, data={"message": "To nasza uwaga.", "confirmed": "y"})
    assert sent.status_code == 302
    review = db.session.scalar(select(ModerationReview))
    assert review.requested_by_id == representative.id
    auth.login_as(hider)
    client.post(
        f"/moderation/reviews/{review.id}",
        data={"outcome": "upheld", "note": "Zostaje.", "confirmed": "y"},
    )
    assert _notifications(representative, "moderation.review_upheld")
    assert not _notifications(typist, "moderation.review_upheld")


def test_hiding_a_persons_meeting_remark_tells_nobody_and_says_so(client, auth):
    typist = make_user(role=Role.OFFICIAL, locale="en")
    comment = _entered_remark(typist, None)
    auth.login_as(typist)
    url = f"/consultations/{comment.consultation_id}/comments/{comment.id}"
    page = client.get(url).get_data(as_text=True)
    assert "nobody is told that it is hidden" in page
    response = client.post(url + "/hide", data={"reason": REASON}, follow_redirects=True)
    assert "Nobody has been told" in response.get_data(as_text=True)
    db.session.expire_all()
    assert comment.hidden_reason == REASON
    assert not db.session.scalars(
        select(Notification).where(Notification.kind == "moderation.hidden")
    ).all()
    # nobody may ask for a review (the typist is not the remark's author)
    assert (
        client.post(
            f"/moderation/remark/{comment.id}", data={"message": "x", "confirmed": "y"}
        ).status_code
        == 403
    )


def test_a_remark_hidden_again_after_a_restored_review_can_be_reviewed_again(client, auth):
    official = make_user(role=Role.OFFICIAL)
    comment, author = _hidden_remark(official)
    url = f"/moderation/remark/{comment.id}"
    auth.login_as(author)
    assert client.post(url, data={"message": "Pierwszy raz.", "confirmed": "y"}).status_code == 302
    first = db.session.scalar(select(ModerationReview))
    auth.login_as(official)
    client.post(
        f"/moderation/reviews/{first.id}",
        data={"outcome": "restored", "note": "", "confirmed": "y"},
    )
    db.session.expire_all()
    assert comment.hidden_at is None
    # hidden again, for a new reason: a new review may be asked for, once
    consultation_services.hide_comment(official, comment, "Nowy powód: dane osobowe.", utcnow())
    db.session.commit()
    auth.login_as(author)
    page = client.get(url).get_data(as_text=True)
    assert "Nowy powód: dane osobowe." in page
    assert client.post(url, data={"message": "Drugi raz.", "confirmed": "y"}).status_code == 302
    again = client.post(url, data={"message": "Trzeci raz.", "confirmed": "y"})
    assert again.status_code == 409
    reviews = db.session.scalars(select(ModerationReview).order_by(ModerationReview.id)).all()
    assert [r.hidden_reason for r in reviews] == [REASON, "Nowy powód: dane osobowe."]
    assert reviews[0].hidden_at != reviews[1].hidden_at
    assert reviews[1].outcome is None
