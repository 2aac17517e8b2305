"""Pauses, exit feedback and the shape of Redefinition (issue: relationship health)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from menteo.errors import Conflict, Invalid
from mentorships import selectors, services
from mentorships.models import PAUSED, RESUMED, ExitFeedback, Stage, StageTransition
from mentorships.tasks import resume_due_mentorships
from notifications import services as notifications
from tests.factories import (
    MentorProfileFactory,
    UserFactory,
    confirm_proposal,
    make_mentorship,
)

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def at(when):
    return time_machine.travel(when, tick=False)


# Pause and resume ------------------------------------------------------------------------


def test_either_person_pauses_with_a_reason_and_it_is_recorded_like_a_transition():
    mentorship = make_mentorship(stage="cultivation")
    services.mentorship_pause(
        mentorship=mentorship,
        by=mentorship.mentee,
        reason="Parental leave",
        resume_on=date.today() + timedelta(days=60),
    )
    mentorship.refresh_from_db()
    assert mentorship.is_paused
    assert mentorship.stage == Stage.CULTIVATION
    row = StageTransition.objects.filter(mentorship=mentorship).latest("pk")
    assert (row.to_stage, row.by) == (PAUSED, mentorship.mentee)
    assert row.note.startswith("Parental leave (until ")


@pytest.mark.parametrize(
    ("reason", "resume_in_days", "message"),
    [
        ("  ", None, "Say why you are pausing"),
        ("Busy quarter", 0, "must be in the future"),
        ("Busy quarter", -3, "must be in the future"),
    ],
)
def test_a_pause_needs_a_reason_and_a_future_resume_date(reason, resume_in_days, message):
    mentorship = make_mentorship(stage="cultivation")
    resume_on = (
        date.today() + timedelta(days=resume_in_days) if resume_in_days is not None else None
    )
    with pytest.raises(Invalid, match=message):
        services.mentorship_pause(
            mentorship=mentorship, by=mentorship.mentor, reason=reason, resume_on=resume_on
        )
    mentorship.refresh_from_db()
    assert not mentorship.is_paused


def test_a_paused_mentorship_cannot_be_paused_again_nor_change_stage():
    mentorship = make_mentorship(stage="cultivation", achieved=True)
    services.mentorship_pause(mentorship=mentorship, by=mentorship.mentor, reason="Busy")
    with pytest.raises(Conflict, match="already paused"):
        services.mentorship_pause(mentorship=mentorship, by=mentorship.mentee, reason="Again")
    with pytest.raises(Conflict, match="paused"):
        services.transition(mentorship=mentorship, to="separation", by=mentorship.mentor)
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.CULTIVATION


def test_resuming_by_hand_is_recorded_with_who_and_the_note():
    mentorship = make_mentorship(stage="cultivation")
    services.mentorship_pause(mentorship=mentorship, by=mentorship.mentor, reason="Busy")
    services.mentorship_resume(mentorship=mentorship, by=mentorship.mentee, note="Back!")
    mentorship.refresh_from_db()
    assert not mentorship.is_paused
    row = StageTransition.objects.filter(mentorship=mentorship).latest("pk")
    assert (row.to_stage, row.by, row.note) == (RESUMED, mentorship.mentee, "Back!")
    with pytest.raises(Conflict, match="not paused"):
        services.mentorship_resume(mentorship=mentorship, by=mentorship.mentee)


def test_a_paused_mentorship_resumes_by_itself_on_its_date_and_not_before():
    with at(START):
        mentorship = make_mentorship(stage="cultivation")
        services.mentorship_pause(
            mentorship=mentorship,
            by=mentorship.mentee,
            reason="Parental leave",
            resume_on=date(2027, 4, 1),
        )
    with at(datetime(2027, 3, 31, 23, 0, tzinfo=UTC)):
        assert resume_due_mentorships.delay().get() == 0
    mentorship.refresh_from_db()
    assert mentorship.is_paused
    with at(datetime(2027, 4, 1, 1, 0, tzinfo=UTC)):
        assert resume_due_mentorships.delay().get() == 1
        assert resume_due_mentorships.delay().get() == 0  # once
    mentorship.refresh_from_db()
    assert not mentorship.is_paused
    row = StageTransition.objects.filter(mentorship=mentorship).latest("pk")
    assert (row.to_stage, row.by) == (RESUMED, None)


def test_a_pause_stops_the_nudges_and_resuming_brings_them_back():
    with at(START):
        mentorship = make_mentorship(stage="initiation", agreed=False)
        services.mentorship_pause(mentorship=mentorship, by=mentorship.mentor, reason="Busy")
    # 30 days in Initiation would nudge both people, but not while paused.
    with at(START + timedelta(days=31)):
        assert notifications.sweep("initiation_nudge") == 0
        services.mentorship_resume(mentorship=mentorship, by=mentorship.mentor)
        assert notifications.sweep("initiation_nudge") == 2
        notifications.deliver_pending()
    assert {m.to[0] for m in mail.outbox} == {mentorship.mentor.email, mentorship.mentee.email}


def test_the_dashboard_and_the_page_show_a_pause(client):
    mentorship = make_mentorship(stage="cultivation")
    services.mentorship_pause(
        mentorship=mentorship, by=mentorship.mentor, reason="A busy quarter at work"
    )
    client.force_login(mentorship.mentee)
    assert "Paused" in client.get(reverse("home")).content.decode()
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "A busy quarter at work" in page
    assert reverse("mentorship_resume", args=[mentorship.pk]) in page


def test_pausing_and_resuming_through_the_pages(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    url = reverse("mentorship_pause", args=[mentorship.pk])
    assert client.get(url).status_code == 200
    past = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(url, {"reason": "Busy", "resume_on": past})
    assert response.status_code == 400
    assert "The resume date must be in the future." in response.content.decode()
    response = client.post(url, {"reason": "Busy", "resume_on": ""})
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.is_paused
    response = client.post(reverse("mentorship_resume", args=[mentorship.pk]))
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert not mentorship.is_paused


def test_outsiders_cannot_pause_or_resume(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(UserFactory())
    for name in ("mentorship_pause", "mentorship_resume"):
        assert client.post(reverse(name, args=[mentorship.pk]), {"reason": "x"}).status_code == 404
    mentorship.refresh_from_db()
    assert not mentorship.is_paused


# The shape of Redefinition -----------------------------------------------------------------


def test_entering_redefinition_proposes_the_chosen_relationship_and_rhythm():
    mentorship = make_mentorship(stage="separation", acknowledged=True)
    services.transition(
        mentorship=mentorship,
        to="redefinition",
        by=mentorship.mentor,
        relationship="sponsor",
        checkin_rhythm="yearly",
    )
    mentorship.refresh_from_db()
    assert (mentorship.relationship, mentorship.checkin_rhythm) == ("", "")
    assert (mentorship.proposed_relationship, mentorship.proposed_checkin_rhythm) == (
        "sponsor",
        "yearly",
    )
    assert mentorship.proposed_by == mentorship.mentor
    confirm_proposal(mentorship, mentorship.mentee)
    mentorship.refresh_from_db()
    assert (mentorship.relationship, mentorship.checkin_rhythm) == ("sponsor", "yearly")
    assert not mentorship.has_proposal


def test_the_card_shows_the_new_relationship_instead_of_a_stage_to_work_on(client):
    mentorship = make_mentorship(stage="redefinition")
    services.relationship_update(
        mentorship=mentorship,
        by=mentorship.mentor,
        relationship="advisor",
        checkin_rhythm="twice_a_year",
    )
    confirm_proposal(mentorship, mentorship.mentee)
    client.force_login(mentorship.mentee)
    page = client.get(reverse("home")).content.decode()
    assert "Long-term advisor" in page
    assert "check in twice a year" in page


def test_the_relationship_is_only_chosen_in_redefinition():
    mentorship = make_mentorship(stage="cultivation")
    with pytest.raises(Conflict, match="Redefinition"):
        services.relationship_update(
            mentorship=mentorship,
            by=mentorship.mentor,
            relationship="friend",
            checkin_rhythm="yearly",
        )


@pytest.mark.parametrize(("rhythm", "first_checkin_day"), [("quarterly", 90), ("yearly", 365)])
def test_the_redefinition_rhythm_drives_the_check_ins(rhythm, first_checkin_day):
    with at(START):
        mentorship = make_mentorship(stage="separation", acknowledged=True)
        services.transition(
            mentorship=mentorship, to="redefinition", by=mentorship.mentor, checkin_rhythm=rhythm
        )
        confirm_proposal(mentorship, mentorship.mentee)
    with at(START + timedelta(days=first_checkin_day - 1)):
        assert notifications.sweep("redefinition_checkin") == 0
    with at(START + timedelta(days=first_checkin_day, hours=1)):
        assert notifications.sweep("redefinition_checkin") == 2
        assert notifications.sweep("redefinition_checkin") == 2  # due, but recorded once
    assert mentorship.mentor.notifications.filter(kind="redefinition_checkin").count() == 1


# Exit feedback ------------------------------------------------------------------------------

FEEDBACK = {
    "what_worked": "Weekly calls and honest notes.",
    "what_to_change": "Start the roadmap earlier.",
    "relationship_rating": 5,
    "progress_rating": 4,
    "would_recommend": True,
}


def test_feedback_is_asked_only_after_an_ending_or_in_redefinition():
    active = make_mentorship(stage="cultivation")
    with pytest.raises(Conflict, match="ends or reaches Redefinition"):
        services.exit_feedback_give(mentorship=active, by=active.mentee, **FEEDBACK)
    ended = make_mentorship(stage="cultivation", ended=True)
    feedback = services.exit_feedback_give(mentorship=ended, by=ended.mentee, **FEEDBACK)
    assert (feedback.occasion, feedback.author_role) == ("ended", "mentee")
    redefined = make_mentorship(stage="redefinition")
    feedback = services.exit_feedback_give(mentorship=redefined, by=redefined.mentor, **FEEDBACK)
    assert (feedback.occasion, feedback.author_role) == ("redefinition", "mentor")


def test_feedback_is_given_once_per_person_and_occasion():
    mentorship = make_mentorship(stage="redefinition")
    services.exit_feedback_give(mentorship=mentorship, by=mentorship.mentee, **FEEDBACK)
    with pytest.raises(Conflict, match="already gave"):
        services.exit_feedback_give(mentorship=mentorship, by=mentorship.mentee, **FEEDBACK)
    services.exit_feedback_give(mentorship=mentorship, by=mentorship.mentor, **FEEDBACK)
    assert ExitFeedback.objects.filter(mentorship=mentorship).count() == 2


def test_feedback_is_private_to_its_author(client):
    mentorship = make_mentorship(stage="redefinition")
    services.exit_feedback_give(
        mentorship=mentorship, by=mentorship.mentee, **{**FEEDBACK, "what_worked": "SECRET-NOTE"}
    )
    url = reverse("exit_feedback", args=[mentorship.pk])
    client.force_login(mentorship.mentee)
    assert "SECRET-NOTE" in client.get(url).content.decode()
    client.force_login(mentorship.mentor)
    for page in (url, mentorship.get_absolute_url(), reverse("home")):
        assert "SECRET-NOTE" not in client.get(page).content.decode()
    mentor_page = reverse("mentor_profile", args=[mentorship.mentor.username])
    assert "SECRET-NOTE" not in client.get(mentor_page).content.decode()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, FEEDBACK).status_code == 404


def test_giving_feedback_through_the_page_and_a_clear_error_for_bad_ratings(client):
    mentorship = make_mentorship(stage="cultivation", ended=True)
    client.force_login(mentorship.mentor)
    url = reverse("exit_feedback", args=[mentorship.pk])
    response = client.post(url, {**FEEDBACK, "relationship_rating": 9})
    assert response.status_code == 400
    assert not ExitFeedback.objects.exists()
    assert client.post(url, FEEDBACK).status_code == 302
    assert ExitFeedback.objects.get().author == mentorship.mentor
    page = client.get(url).content.decode()
    assert "You sent your feedback" in page
    assert "Start the roadmap earlier." in page


def test_a_mentor_profile_shows_only_aggregates_of_three_or_more(client):
    mentor = MentorProfileFactory().user
    client.force_login(UserFactory())
    url = reverse("mentor_profile", args=[mentor.username])
    ratings = [(5, 4, True), (3, 2, False), (4, 3, True)]
    for index, (relationship, progress, recommend) in enumerate(ratings):
        mentorship = make_mentorship(mentor=mentor, stage="cultivation", ended=True)
        services.exit_feedback_give(
            mentorship=mentorship,
            by=mentorship.mentee,
            **{
                **FEEDBACK,
                "relationship_rating": relationship,
                "progress_rating": progress,
                "would_recommend": recommend,
            },
        )
        # The mentor's own feedback about the mentee never counts towards the mentor.
        services.exit_feedback_give(
            mentorship=mentorship, by=mentor, **{**FEEDBACK, "relationship_rating": 1}
        )
        page = client.get(url).content.decode()
        if index < 2:
            assert "former mentees" not in page
            assert selectors.mentor_feedback_summary(mentor) is None
    assert "From 3 former mentees: relationship 4.0/5 · progress 3.0/5 · 67% would recommend" in (
        page
    )


def give_feedback(mentorship, *, cycle=1, relationship=4, progress=3, recommend=True):
    """A feedback row stored as it is (one per occasion and cycle, as the service allows)."""
    return ExitFeedback.objects.create(
        mentorship=mentorship,
        author=mentorship.mentee,
        author_role="mentee",
        occasion="redefinition",
        cycle=cycle,
        what_worked="Honest reviews.",
        relationship_rating=relationship,
        progress_rating=progress,
        would_recommend=recommend,
    )


def test_one_mentee_who_gave_feedback_three_times_is_one_person_and_shows_nothing(client):
    mentor = MentorProfileFactory().user
    mentorship = make_mentorship(mentor=mentor, stage="redefinition")
    for cycle in (1, 2, 3):
        give_feedback(mentorship, cycle=cycle, relationship=1)
    client.force_login(UserFactory())
    page = client.get(reverse("mentor_profile", args=[mentor.username])).content.decode()
    assert "former mentees" not in page
    assert selectors.mentor_feedback_summary(mentor) is None


def test_each_mentee_weighs_once_however_many_times_they_gave_feedback(client):
    mentor = MentorProfileFactory().user
    talkative = make_mentorship(mentor=mentor, stage="redefinition")
    for cycle in (1, 2, 3, 4):
        give_feedback(talkative, cycle=cycle, relationship=1, progress=1, recommend=False)
    for _ in range(2):
        give_feedback(make_mentorship(mentor=mentor, stage="redefinition"), relationship=4)
    client.force_login(UserFactory())
    page = client.get(reverse("mentor_profile", args=[mentor.username])).content.decode()
    # Per person 1, 4, 4 (per row it would read 2.2); 2 of 3 people would recommend.
    assert "From 3 former mentees: relationship 3.0/5 · progress 2.3/5 · 67% would recommend" in (
        page
    )
