"""A person downloads everything Menteo holds about them, and can delete their account."""

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts import personal_data
from accounts.models import User
from meetings.models import AgendaItem, Meeting
from menteo import events
from mentorships import services
from mentorships.events import PersonLeft, RequestDeclined, RequestWithdrawn
from mentorships.models import ENDED, ExitFeedback, MentorProfile, MentorshipRequest
from notifications.models import Notification
from rooms.models import Message
from tests.factories import (
    PASSWORD,
    MeetingFactory,
    MentorshipRequestFactory,
    NotificationFactory,
    make_mentorship,
    make_post,
    post_message,
)
from threads.models import Post
from threads.services import comment_create

pytestmark = pytest.mark.django_db

FEEDBACK = {
    "what_to_change": "",
    "relationship_rating": 4,
    "progress_rating": 4,
    "would_recommend": True,
}


@pytest.fixture
def mentorship():
    mentorship = make_mentorship(stage="redefinition")
    services.exit_feedback_give(
        mentorship=mentorship, by=mentorship.mentee, what_worked="MENTEE-PRIVATE", **FEEDBACK
    )
    services.exit_feedback_give(
        mentorship=mentorship, by=mentorship.mentor, what_worked="MENTOR-PRIVATE", **FEEDBACK
    )
    meeting = MeetingFactory(mentorship=mentorship)
    AgendaItem.objects.create(meeting=meeting, author=mentorship.mentee, text="Shared agenda")
    NotificationFactory(recipient=mentorship.mentee, subject="For the mentee")
    NotificationFactory(recipient=mentorship.mentor, subject="For the mentor")
    post_message(mentorship, mentorship.mentee, "MENTEE-IN-ROOM")
    post = make_post(mentorship=mentorship, title="MENTEE-POST")
    comment_create(post=post, author=mentorship.mentor, body="MENTOR-FEEDBACK")
    return mentorship


def test_the_export_holds_the_persons_data_and_not_the_other_persons_secrets(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.get(reverse("data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == mentorship.mentee.email
    (exported,) = data["mentorships"]
    assert exported["role"] == "mentee"
    assert exported["stage"] == "redefinition"
    assert exported["contracts"][0]["goals"]
    assert data["meetings"][0]["agenda"] == ["Shared agenda"]
    assert "For the mentee" in [n["subject"] for n in data["notifications"]]
    assert data["exit_feedback"][0]["what_worked"] == "MENTEE-PRIVATE"
    assert [m["body"] for m in data["room_messages"]] == ["MENTEE-IN-ROOM"]
    (post,) = data["growth_thread_posts"]
    assert post["title"] == "MENTEE-POST"
    assert post["feedback"][0]["body"] == "MENTOR-FEEDBACK"
    assert "MENTOR-PRIVATE" not in response.content.decode()
    assert "For the mentor" not in response.content.decode()


def test_a_wrong_password_deletes_nothing(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.post(reverse("your_data"), {"password": "nope", "confirm": "on"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert User.objects.get(pk=mentorship.mentee.pk).is_active
    response = client.post(reverse("your_data"), {"password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.get(pk=mentorship.mentee.pk).email == mentorship.mentee.email


def test_deleting_erases_private_data_and_keeps_what_the_other_person_needs(client, mentorship):
    mentee, mentor = mentorship.mentee, mentorship.mentor
    MentorProfile.objects.create(user=mentee, capacity=2)
    pending = MentorshipRequestFactory(mentee=mentee)
    client.force_login(mentee)
    response = client.post(reverse("your_data"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response.url == reverse("home")

    former = User.objects.get(pk=mentee.pk)
    assert former.name == "A former member"
    assert former.email.endswith("@deleted.invalid")
    assert (former.bio, former.headline, former.is_active) == ("", "", False)
    assert not former.has_usable_password()
    assert not MentorProfile.objects.filter(user=former).exists()
    assert not Notification.objects.filter(recipient=former).exists()
    assert list(ExitFeedback.objects.values_list("what_worked", flat=True)) == ["MENTOR-PRIVATE"]
    pending.refresh_from_db()
    assert pending.status == MentorshipRequest.Status.WITHDRAWN
    mentorship.refresh_from_db()
    assert mentorship.is_ended
    assert mentorship.end_reason == "The other person deleted their Menteo account."
    assert client.get(reverse("home")).status_code == 200  # logged out: the landing page
    assert not client.login(email=mentee.email, password=PASSWORD)

    client.force_login(mentor)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "A former member" in page
    assert mentorship.current_contract.goals_snapshot[0]["title"] in page
    assert Notification.objects.filter(recipient=mentor, subject="For the mentor").exists()
    assert AgendaItem.objects.get().author_id == mentee.pk  # the shared agenda stays
    assert Message.objects.get(body="MENTEE-IN-ROOM").author_id == mentee.pk  # the room stays
    assert not Post.objects.filter(title="MENTEE-POST").exists()  # the journal goes


def test_the_page_explains_both_and_links_the_download(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("your_data")).content.decode()
    assert reverse("data_export") in page
    assert "a former member" in page


def test_each_app_contributes_its_part_of_the_download_and_of_the_erase():
    assert personal_data.sections() == [
        "profile",
        "mentor_profile",
        "mentorship_requests",
        "mentorships",
        "goal_acknowledgements",
        "exit_feedback",
        "room_messages",
        "growth_thread_posts",
        "growth_thread_comments",
        "notifications",
        "meetings",
    ]
    assert personal_data.erasers() == [
        "mentorships.personal_data.close_open_business",
        "mentorships.personal_data.erase_private_records",
        "threads.personal_data.erase_journal",
        "notifications.personal_data.erase_notifications",
    ]


def test_leaving_ends_live_mentorships_settles_requests_and_announces_each(
    mentee, outsider, announced
):
    live = make_mentorship(mentee=mentee, stage="cultivation")
    over = make_mentorship(mentee=mentee, ended=True)
    sent = MentorshipRequestFactory(mentee=mentee)
    received = MentorshipRequestFactory(mentor=mentee, mentee=outsider)
    announced.clear()

    personal_data.erase(mentee)

    assert [e for e in announced if type(e) in (PersonLeft, RequestWithdrawn, RequestDeclined)] == [
        PersonLeft(actor_id=mentee.pk, mentorship_id=live.pk, leaver_name="Sam Mentee"),
        RequestWithdrawn(actor_id=mentee.pk, request_id=sent.pk, leaving=True),
        RequestDeclined(actor_id=mentee.pk, request_id=received.pk, leaving=True),
    ]
    live.refresh_from_db()
    assert live.is_ended
    assert live.ended_by_id == mentee.pk
    last = live.transitions.order_by("created_at", "id").last()
    assert (last.to_stage, last.by_id, last.note) == (
        ENDED,
        mentee.pk,
        "The other person deleted their Menteo account.",
    )
    assert over.transitions.filter(to_stage=ENDED).count() == 1  # ended once, long ago
    sent.refresh_from_db()
    received.refresh_from_db()
    assert sent.status == MentorshipRequest.Status.WITHDRAWN
    assert (received.status, received.decline_reason) == (
        MentorshipRequest.Status.DECLINED,
        "The mentor has left Menteo.",
    )


def test_the_announcement_is_part_of_the_erase_and_sees_the_name_before_it_goes(
    monkeypatch, mentee
):
    live = make_mentorship(mentee=mentee, stage="cultivation")
    monkeypatch.setattr(events, "_LISTENERS", {})
    names = []

    @events.listen(PersonLeft)
    def fail_to_record_the_notice(event):
        names.append(User.objects.get(pk=event.actor_id).name)
        raise RuntimeError("the notice could not be recorded")

    with pytest.raises(RuntimeError):
        personal_data.erase(mentee)

    assert names == ["Sam Mentee"]
    mentee.refresh_from_db()
    live.refresh_from_db()
    assert (mentee.name, mentee.is_active, live.is_ended) == ("Sam Mentee", True, False)


def test_the_export_holds_a_meeting_stored_at_the_end_of_the_calendar(client, mentorship):
    """The pages leave such a meeting out (year 9999, before dates were bounded); the
    person's own data still holds it."""
    far = MeetingFactory(mentorship=mentorship)
    Meeting.objects.filter(pk=far.pk).update(starts_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    client.force_login(mentorship.mentee)
    data = json.loads(client.get(reverse("data_export")).content)
    assert "9999-12-31T23:00:00+00:00" in [meeting["starts_at"] for meeting in data["meetings"]]
