"""Who hears what: each row of `notifications.notices.NOTICES`, through the real services.

For every row: who is told (never the person who acted), the kind, the words, the email's
footer as a sentence, and the person's opt-out, whether given before the notice was recorded
or between recording and delivery.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from meetings import services as meetings
from mentorships import services
from mentorships.models import MentorshipRequest
from notifications.models import EmailOptOut, Kind, Notification
from notifications.notices import NOTICES, SCENES, Scene, recipients
from notifications.services import deliver_pending
from tests.factories import (
    MentorProfileFactory,
    MentorshipRequestFactory,
    UserFactory,
    make_mentorship,
    make_post,
)
from threads.services import comment_create

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
# The words the scenes add besides the people's names.
WORDS = (
    "focus",
    "reason_sentence",
    "version",
    "from_stage",
    "to_stage",
    "note_sentence",
    "reason",
    "until",
    "resumed_by",
    "reached",
    "leaver",
    "title",
    "when",
)


class FakeEvent:
    def __init__(self, actor_id):
        self.actor_id = actor_id


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mentor(db):
    user = UserFactory(display_name="Maya Mentor", email="maya@example.com")
    MentorProfileFactory(user=user)
    return user


@pytest.fixture
def mentee(db):
    return UserFactory(display_name="Sam Mentee", email="sam@example.com")


def notices():
    """Every notice recorded, as (recipient's name, kind, subject)."""
    return [
        (n.recipient.name, n.kind, n.subject)
        for n in Notification.objects.select_related("recipient").order_by("id")
    ]


def emails():
    return [(m.to[0], m.subject) for m in mail.outbox]


# Requests -------------------------------------------------------------------------------------


def test_a_new_request_reaches_the_mentor(mentor, mentee):
    request = services.request_create(
        mentee=mentee, mentor=mentor, focus_area="leadership", focus="Lead a team", message="Hi"
    )
    assert notices() == [
        ("Maya Mentor", Kind.NEW_REQUEST, "Sam Mentee asks you to be their mentor")
    ]
    notice = Notification.objects.get()
    assert notice.action_path == reverse("request_detail", args=[request.pk])
    assert "Sam Mentee would like your guidance on “Lead a team”." in notice.body


def test_an_accepted_request_reaches_the_mentee_and_settles_the_mentors_bell(mentor, mentee):
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee, focus="Lead a team")
    mentorship = services.request_accept(request_id=request.pk, by=mentor)
    assert notices() == [("Sam Mentee", Kind.REQUEST_ANSWER, "Maya Mentor accepted your request")]
    notice = Notification.objects.get()
    assert notice.action_path == mentorship.get_absolute_url()
    assert notice.mentorship == mentorship


def test_the_mentors_bell_no_longer_waits_on_an_answered_request(mentor, mentee):
    request = services.request_create(
        mentee=mentee, mentor=mentor, focus_area="leadership", focus="Lead a team", message="Hi"
    )
    asked = Notification.objects.get(recipient=mentor)
    assert asked.read_at is None
    services.request_withdraw(request_id=request.pk, by=mentee)
    asked.refresh_from_db()
    assert asked.read_at is not None
    assert notices()[-1] == ("Maya Mentor", Kind.NEW_REQUEST, "Sam Mentee withdrew their request")


def test_a_declined_request_reaches_the_mentee_with_the_reason(mentor, mentee):
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee, focus="Lead a team")
    services.request_decline(request_id=request.pk, by=mentor, reason="I'm away until March.")
    assert notices() == [("Sam Mentee", Kind.REQUEST_ANSWER, "Maya Mentor declined your request")]
    notice = Notification.objects.get()
    assert "They wrote: “I'm away until March.”" in notice.body
    assert notice.action_path == reverse("mentor_directory")


def test_a_request_unanswered_for_14_days_expires_once_and_both_hear_it(mentor, mentee):
    MentorshipRequestFactory(mentor=mentor, mentee=mentee, focus="Lead a team")
    fresh = MentorshipRequestFactory(mentee=mentee)
    with time_machine.travel(NOW + timedelta(days=13, hours=23), tick=False):
        assert services.requests_expire() == 0
    with time_machine.travel(NOW + timedelta(days=14), tick=False):
        assert services.requests_expire() == 2  # this one, and `fresh` made at the same moment
        assert services.requests_expire() == 0  # once
    assert MentorshipRequest.objects.get(mentor=mentor).status == "expired"
    fresh.refresh_from_db()
    assert fresh.status == "expired"
    assert set(notices()[:2]) == {
        ("Sam Mentee", Kind.REQUEST_ANSWER, "Your request to Maya Mentor expired"),
        ("Maya Mentor", Kind.NEW_REQUEST, "The request from Sam Mentee expired"),
    }


# The contract ---------------------------------------------------------------------------------


def agreed_mentorship(mentor, mentee):
    return make_mentorship(mentor=mentor, mentee=mentee, stage="initiation", agreed=True)


def edit_contract(mentorship, by, version):
    contract = mentorship.current_contract
    services.contract_update(
        mentorship=mentorship,
        by=by,
        expected_version=version,
        ground_rules="Reply within a day.",
        meeting_cadence=contract.meeting_cadence,
        communication_methods=contract.communication_methods,
        review_date=contract.review_date,
        goals=[
            services.GoalInput(title=goal.title, success_criterion=goal.success_criterion)
            for goal in mentorship.goals.all()
        ],
    )


def test_editing_an_agreed_contract_tells_the_other_person(mentor, mentee):
    mentorship = agreed_mentorship(mentor, mentee)
    edit_contract(mentorship, mentee, version=1)
    assert notices() == [
        ("Maya Mentor", Kind.CONTRACT_CHANGE, "Sam Mentee changed the agreed contract")
    ]
    assert "version 2" in Notification.objects.get().body


def test_editing_a_draft_nobody_agreed_to_tells_nobody(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, agreed=False)
    edit_contract(mentorship, mentor, version=1)
    assert notices() == []


def test_each_agreement_reaches_the_other_person(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, agreed=False)
    services.contract_agree(mentorship=mentorship, by=mentee, version=1)
    services.contract_agree(mentorship=mentorship, by=mentor, version=1)
    assert notices() == [
        ("Maya Mentor", Kind.CONTRACT_CHANGE, "Sam Mentee agreed to the contract"),
        ("Sam Mentee", Kind.CONTRACT_CHANGE, "You and Maya Mentor agreed to the contract"),
    ]


# The mentorship -------------------------------------------------------------------------------


def test_a_stage_change_reaches_the_other_person(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="initiation", agreed=True)
    services.transition(mentorship=mentorship, to="cultivation", by=mentee, note="Let's go")
    assert notices() == [
        (
            "Maya Mentor",
            Kind.STAGE_CHANGE,
            "Sam Mentee moved “Become an engineering manager” to Cultivation",
        )
    ]
    assert Notification.objects.get().body == (
        "Sam Mentee moved your mentorship from Initiation to Cultivation. They wrote: “Let's go”"
    )


def test_reaching_redefinition_asks_both_for_feedback(mentor, mentee):
    mentorship = make_mentorship(
        mentor=mentor, mentee=mentee, stage="separation", acknowledged=True
    )
    services.transition(mentorship=mentorship, to="redefinition", by=mentor)
    assert sorted(notices()) == [
        ("Maya Mentor", Kind.FEEDBACK_REQUEST, "How did it go with Sam Mentee?"),
        ("Sam Mentee", Kind.FEEDBACK_REQUEST, "How did it go with Maya Mentor?"),
        (
            "Sam Mentee",
            Kind.STAGE_CHANGE,
            "Maya Mentor moved “Become an engineering manager” to Redefinition",
        ),
    ]
    asked = Notification.objects.filter(kind=Kind.FEEDBACK_REQUEST).first()
    assert asked.action_path == mentorship.get_absolute_url() + "#feedback"


def test_pausing_and_resuming_reach_the_other_person(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    services.mentorship_pause(
        mentorship=mentorship,
        by=mentee,
        reason="Parental leave",
        resume_on=NOW.date() + timedelta(days=30),
    )
    services.mentorship_resume(mentorship=mentorship, by=mentor)
    assert notices() == [
        ("Maya Mentor", Kind.MENTORSHIP_STATUS, "Sam Mentee paused your mentorship"),
        ("Sam Mentee", Kind.MENTORSHIP_STATUS, "Your mentorship with Maya Mentor is running again"),
    ]
    paused, resumed = Notification.objects.order_by("id")
    assert (
        "paused “Become an engineering manager” until 10 February 2027: “Parental leave”"
        in paused.body
    )
    assert resumed.body.startswith("Maya Mentor resumed “Become an engineering manager”.")


def test_a_scheduled_resume_reaches_both(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    services.mentorship_pause(
        mentorship=mentorship, by=mentee, reason="Busy", resume_on=NOW.date() + timedelta(days=2)
    )
    Notification.objects.all().delete()
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        assert services.resume_due_mentorships() == 1
    assert sorted(name for name, _, _ in notices()) == ["Maya Mentor", "Sam Mentee"]
    assert all(
        n.body.startswith("The planned resume date has come for")
        for n in Notification.objects.all()
    )


def test_ending_reaches_the_other_person_and_asks_both_for_feedback(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    services.mentorship_end(mentorship=mentorship, by=mentor, reason="I'm changing jobs")
    assert sorted(notices()) == [
        ("Maya Mentor", Kind.FEEDBACK_REQUEST, "How did it go with Sam Mentee?"),
        ("Sam Mentee", Kind.FEEDBACK_REQUEST, "How did it go with Maya Mentor?"),
        ("Sam Mentee", Kind.MENTORSHIP_STATUS, "Maya Mentor ended your mentorship"),
    ]


def test_a_person_leaving_is_told_to_the_other_as_such(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    services.mentorship_end(
        mentorship=mentorship, by=mentee, reason="Account deleted", leaver_name="Sam Mentee"
    )
    told = [row for row in notices() if row[1] == Kind.MENTORSHIP_STATUS]
    assert told == [("Maya Mentor", Kind.MENTORSHIP_STATUS, "Sam Mentee left Menteo")]
    assert "Sam Mentee" not in {name for name, _, _ in notices()}


# Features -------------------------------------------------------------------------------------


def test_feedback_on_a_post_reaches_its_author_and_not_a_note_on_ones_own(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    post = make_post(mentorship=mentorship, author=mentee, title="First week as a lead")
    comment_create(post=post, author=mentee, body="Note to self")
    assert notices() == []
    comment_create(post=post, author=mentor, body="Well observed.")
    assert notices() == [
        ("Sam Mentee", Kind.NEW_FEEDBACK, "Maya Mentor gave feedback on “First week as a lead”")
    ]


def test_meeting_changes_reach_the_other_person_only(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    starts = NOW + timedelta(days=2)
    meeting = meetings.meeting_plan(mentorship=mentorship, by=mentee, starts_at=starts)
    meetings.meeting_reschedule(
        meeting=meeting,
        by=mentee,
        starts_at=starts + timedelta(hours=1),
        duration_minutes=45,
        where="",
    )
    meetings.meeting_cancel(meeting=meeting, by=mentor)
    assert [(name, kind) for name, kind, _ in notices()] == [
        ("Maya Mentor", Kind.MEETING_INVITE),
        ("Maya Mentor", Kind.MEETING_INVITE),
        ("Sam Mentee", Kind.MEETING_INVITE),
    ]
    subjects = [subject for _, _, subject in notices()]
    assert subjects[0].startswith("Sam Mentee planned a meeting for Wednesday 13 January")
    assert subjects[1].startswith("Sam Mentee moved your meeting to Wednesday 13 January")
    assert subjects[2].startswith("Maya Mentor cancelled the meeting of Wednesday 13 January")


# Every row ------------------------------------------------------------------------------------


def test_no_row_ever_tells_the_actor_and_every_row_has_its_words(db):
    mentor, mentee = UserFactory(), UserFactory()
    scene = Scene(occasion="x", mentor=mentor, mentee=mentee, words={}, post_author=mentee)
    words = dict.fromkeys(WORDS, "…") | scene.words_for(mentee, mentor)
    for notice in NOTICES:
        assert notice.event in SCENES
        assert notice.kind in Kind.values
        assert notice.subject.format(**words) and notice.body.format(**words)
        for actor in (mentor, mentee):
            told = [
                person
                for person in recipients(notice, scene, FakeEvent(actor.pk))
                if person.pk == actor.pk
            ]
            assert told == [], (notice.event.name, notice.to)


def test_the_footer_reads_as_a_sentence_and_unsubscribes_from_that_kind(mentor, mentee):
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee)
    services.request_accept(request_id=request.pk, by=mentor)
    deliver_pending()
    (email,) = mail.outbox
    assert email.subject == "Maya Mentor accepted your request"
    assert email.body.startswith("Hi Sam Mentee,\n\nMaya Mentor will be your mentor for")
    assert (
        "You get this email because “Answers to your requests: accepted, declined or expired” "
        "is turned on for sam@example.com." in email.body
    )
    html = email.alternatives[0][0]
    assert "is turned on for sam@example.com." in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_opt_out_before_the_event_keeps_the_bell_and_skips_the_email(mentor, mentee):
    EmailOptOut.objects.create(user=mentee, kind=Kind.REQUEST_ANSWER)
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee)
    services.request_accept(request_id=request.pk, by=mentor)
    assert deliver_pending() == 0
    assert mail.outbox == []
    notice = Notification.objects.get(recipient=mentee)
    assert notice.status == Notification.Status.SKIPPED  # still in the bell


def test_an_opt_out_between_recording_and_delivery_is_respected(mentor, mentee, client):
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee)
    services.request_accept(request_id=request.pk, by=mentor)
    notice = Notification.objects.get(recipient=mentee)
    assert notice.status == Notification.Status.PENDING
    # One click in an earlier email of the same kind, before the worker got to this one.
    from notifications.services import unsubscribe_token

    client.post(reverse("notification_unsubscribe", args=[unsubscribe_token(mentee, notice.kind)]))
    assert deliver_pending() == 0
    assert mail.outbox == []
    notice.refresh_from_db()
    assert notice.status == Notification.Status.SKIPPED


def test_nothing_is_emailed_to_a_person_who_left_before_delivery(mentor, mentee):
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee)
    services.request_accept(request_id=request.pk, by=mentor)
    mentee.is_active = False
    mentee.save(update_fields=["is_active"])
    assert deliver_pending() == 0
    assert mail.outbox == []


def test_the_email_settings_list_every_kind(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("notification_settings")).content.decode()
    for label in Kind.labels:
        assert str(label).replace("“", "&ldquo;").replace("”", "&rdquo;") in page or label in page
