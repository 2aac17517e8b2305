"""Who hears what: every row of `notifications.notices.NOTICES`, made to happen through the
real services.

`CASES` has one case per row (a test fails if a row has none). For each: who is told and never
the person who acted, the words of the subject, the email's footer as a sentence, and the
person's opt-out, given before the notice was recorded or between recording and delivery.
The special cases follow (drafts, schedules, settled requests, people who left).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from meetings import services as meetings
from mentorships import services
from mentorships.models import MentorshipRequest
from notifications.models import EmailOptOut, Kind, Notification
from notifications.notices import NOTICES
from notifications.services import deliver_pending, unsubscribe_token
from tests.factories import (
    MentorProfileFactory,
    MentorshipRequestFactory,
    UserFactory,
    confirm_proposal,
    make_mentorship,
    make_post,
)
from threads.services import comment_create

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)  # Monday
FOCUS = "Become an engineering manager"  # make_mentorship's


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mentor(db):
    user = UserFactory(display_name="Maya Mentor", email="maya@example.com", timezone="UTC")
    MentorProfileFactory(user=user)
    return user


@pytest.fixture
def mentee(db):
    return UserFactory(display_name="Sam Mentee", email="sam@example.com", timezone="UTC")


# How each row is made to happen -----------------------------------------------------------------


def ask(mentor, mentee):
    return services.request_create(
        mentee=mentee, mentor=mentor, focus_area="leadership", focus="Lead a team", message="Hi"
    )


def pair(mentor, mentee, stage="cultivation", **kwargs):
    return make_mentorship(mentor=mentor, mentee=mentee, stage=stage, **kwargs)


def edit_contract(mentorship, by):
    contract = mentorship.current_contract
    services.contract_update(
        mentorship=mentorship,
        by=by,
        expected_version=contract.version,
        ground_rules="Reply within a day.",
        meeting_cadence=contract.meeting_cadence,
        communication_methods=contract.communication_methods,
        review_date=contract.review_date,
        goals=[
            services.GoalInput(title=g.title, success_criterion=g.success_criterion)
            for g in mentorship.goals.filter(cycle=mentorship.cycle)
        ],
    )


def expire(mentor, mentee):
    MentorshipRequestFactory(mentor=mentor, mentee=mentee, focus="Lead a team")
    with time_machine.travel(NOW + timedelta(days=14), tick=False):
        services.requests_expire()


def agree_by_both(mentor, mentee):
    mentorship = pair(mentor, mentee, "initiation", agreed=False)
    services.contract_agree(mentorship=mentorship, by=mentee, version=1)
    services.contract_agree(mentorship=mentorship, by=mentor, version=1)


def plan(mentor, mentee):
    return meetings.meeting_plan(
        mentorship=pair(mentor, mentee), by=mentee, starts_at=NOW + timedelta(days=2, hours=9)
    )


def move(mentor, mentee):
    meeting = plan(mentor, mentee)
    meetings.meeting_reschedule(
        meeting=meeting,
        by=mentee,
        starts_at=meeting.starts_at + timedelta(hours=1),
        duration_minutes=45,
        where="",
    )


def pause(mentorship, by):
    services.mentorship_pause(
        mentorship=mentorship, by=by, reason="Parental leave", resume_on=NOW.date() + timedelta(30)
    )


def resume(mentor, mentee):
    mentorship = pair(mentor, mentee)
    pause(mentorship, mentee)
    services.mentorship_resume(mentorship=mentorship, by=mentor)


@dataclass(frozen=True)
class Case:
    act: Callable  # (mentor, mentee): does it, through the services
    actor: str | None  # "mentor", "mentee" or None (the clock)
    told: tuple[str, ...]
    subject: str


CASES: dict[str, Case] = {
    "{mentee} asks you to be their mentor": Case(
        ask, "mentee", ("mentor",), "Sam Mentee asks you to be their mentor"
    ),
    "{mentee} withdrew their request": Case(
        lambda mentor, mentee: services.request_withdraw(
            request_id=ask(mentor, mentee).pk, by=mentee
        ),
        "mentee",
        ("mentor",),
        "Sam Mentee withdrew their request",
    ),
    "{mentee} left Menteo": Case(
        lambda mentor, mentee: services.request_withdraw(
            request_id=ask(mentor, mentee).pk, by=mentee, leaving=True
        ),
        "mentee",
        ("mentor",),
        "Sam Mentee left Menteo",
    ),
    "The request from {mentee} expired": Case(
        expire, None, ("mentor",), "The request from Sam Mentee expired"
    ),
    "{mentor} accepted your request": Case(
        lambda mentor, mentee: services.request_accept(
            request_id=MentorshipRequestFactory(mentor=mentor, mentee=mentee).pk, by=mentor
        ),
        "mentor",
        ("mentee",),
        "Maya Mentor accepted your request",
    ),
    "{mentor} declined your request": Case(
        lambda mentor, mentee: services.request_decline(
            request_id=MentorshipRequestFactory(mentor=mentor, mentee=mentee).pk,
            by=mentor,
            reason="Away until March",
        ),
        "mentor",
        ("mentee",),
        "Maya Mentor declined your request",
    ),
    "{mentor} left Menteo": Case(
        lambda mentor, mentee: services.request_decline(
            request_id=MentorshipRequestFactory(mentor=mentor, mentee=mentee).pk,
            by=mentor,
            reason="The mentor has left Menteo.",
            leaving=True,
        ),
        "mentor",
        ("mentee",),
        "Maya Mentor left Menteo",
    ),
    "Your request to {mentor} expired": Case(
        expire, None, ("mentee",), "Your request to Maya Mentor expired"
    ),
    "{actor} changed the contract you agreed to": Case(
        lambda mentor, mentee: edit_contract(
            pair(mentor, mentee, "initiation", agreed=True), mentee
        ),
        "mentee",
        ("mentor",),
        "Sam Mentee changed the contract you agreed to",
    ),
    "{actor} agreed to the contract": Case(
        lambda mentor, mentee: services.contract_agree(
            mentorship=pair(mentor, mentee, "initiation", agreed=False), by=mentee, version=1
        ),
        "mentee",
        ("mentor",),
        "Sam Mentee agreed to the contract",
    ),
    "You and {actor} agreed to the contract": Case(
        agree_by_both, "mentor", ("mentee",), "You and Maya Mentor agreed to the contract"
    ),
    "{actor} moved “{focus}” to {to_stage}": Case(
        lambda mentor, mentee: services.transition(
            mentorship=pair(mentor, mentee, "initiation", agreed=True), to="cultivation", by=mentee
        ),
        "mentee",
        ("mentor",),
        f"Sam Mentee moved “{FOCUS}” to Cultivation",
    ),
    "{actor} paused your mentorship": Case(
        lambda mentor, mentee: pause(pair(mentor, mentee), mentee),
        "mentee",
        ("mentor",),
        "Sam Mentee paused your mentorship",
    ),
    "Your mentorship with {other} is running again": Case(
        resume, "mentor", ("mentee",), "Your mentorship with Maya Mentor is running again"
    ),
    "{actor} ended your mentorship": Case(
        lambda mentor, mentee: services.mentorship_end(
            mentorship=pair(mentor, mentee), by=mentor, reason="I'm changing jobs"
        ),
        "mentor",
        ("mentee",),
        "Maya Mentor ended your mentorship",
    ),
    "{leaver} left Menteo": Case(
        lambda mentor, mentee: services.mentorship_end(
            mentorship=pair(mentor, mentee), by=mentee, reason="Gone", leaver_name="Sam Mentee"
        ),
        "mentee",
        ("mentor",),
        "Sam Mentee left Menteo",
    ),
    "How did it go with {actor}?": Case(
        lambda mentor, mentee: services.mentorship_end(
            mentorship=pair(mentor, mentee), by=mentor, reason="I'm changing jobs"
        ),
        "mentor",
        ("mentee",),
        "How did it go with Maya Mentor?",
    ),
    "{actor} proposes: {relationship}, {rhythm}": Case(
        lambda mentor, mentee: services.relationship_update(
            mentorship=pair(mentor, mentee, "redefinition"),
            by=mentee,
            relationship="sponsor",
            checkin_rhythm="yearly",
        ),
        "mentee",
        ("mentor",),
        "Sam Mentee proposes: Sponsor, once a year",
    ),
    "{actor} confirmed: {relationship}, {rhythm}": Case(
        lambda mentor, mentee: confirm_proposal(pair(mentor, mentee, "redefinition"), mentee),
        "mentee",
        ("mentor",),
        "Sam Mentee confirmed: Peers, every quarter",
    ),
    "{actor} gave feedback on “{title}”": Case(
        lambda mentor, mentee: comment_create(
            post=make_post(mentorship=pair(mentor, mentee), title="First week as a lead"),
            author=mentor,
            body="Well observed.",
        ),
        "mentor",
        ("mentee",),
        "Maya Mentor gave feedback on “First week as a lead”",
    ),
    "{actor} planned a meeting for {when}": Case(
        plan,
        "mentee",
        ("mentor",),
        "Sam Mentee planned a meeting for Wednesday 13 January, 18:00 (UTC)",
    ),
    "{actor} moved your meeting to {when}": Case(
        move,
        "mentee",
        ("mentor",),
        "Sam Mentee moved your meeting to Wednesday 13 January, 19:00 (UTC)",
    ),
    "{actor} cancelled the meeting of {when}": Case(
        lambda mentor, mentee: meetings.meeting_cancel(meeting=plan(mentor, mentee), by=mentor),
        "mentor",
        ("mentee",),
        "Maya Mentor cancelled the meeting of Wednesday 13 January, 18:00 (UTC)",
    ),
}
ROWS = {notice.subject: notice for notice in NOTICES}


def people(mentor, mentee, roles) -> set[str]:
    return {{"mentor": mentor, "mentee": mentee}[role].email for role in roles}


def recorded(row):
    return Notification.objects.filter(kind=row.kind).select_related("recipient")


def test_every_row_has_a_case_and_every_case_a_row():
    assert set(CASES) == set(ROWS)
    assert len(ROWS) == len(NOTICES)  # one row per subject


@pytest.mark.parametrize("row_subject", sorted(CASES))
def test_the_row_reaches_who_it_should_and_never_the_actor(mentor, mentee, row_subject):
    case, row = CASES[row_subject], ROWS[row_subject]
    case.act(mentor, mentee)
    notices = [n for n in recorded(row) if n.subject == case.subject]
    assert {n.recipient.email for n in notices} == people(mentor, mentee, case.told)
    if case.actor:
        assert people(mentor, mentee, [case.actor]).isdisjoint(n.recipient.email for n in notices)
    for notice in notices:
        assert notice.status == Notification.Status.PENDING
        assert notice.body.endswith((".", "”", "?"))
        assert notice.action_path.startswith("/")


@pytest.mark.parametrize("row_subject", sorted(CASES))
def test_the_email_says_why_in_a_sentence_and_unsubscribes_from_its_kind(
    mentor, mentee, row_subject
):
    case, row = CASES[row_subject], ROWS[row_subject]
    case.act(mentor, mentee)
    deliver_pending()
    emails = [m for m in mail.outbox if m.subject == case.subject]
    assert {m.to[0] for m in emails} == people(mentor, mentee, case.told)
    for email in emails:
        sentence = (
            f"You get this email because “{Kind(row.kind).label}” is turned on for {email.to[0]}."
        )
        assert sentence in email.body
        assert (
            sentence.replace("“", "&ldquo;").replace("”", "&rdquo;") in (email.alternatives[0][0])
            or sentence in email.alternatives[0][0]
        )
        assert email.extra_headers["List-Unsubscribe"].startswith("<http")
        assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("row_subject", sorted(CASES))
def test_an_opt_out_given_before_keeps_the_bell_and_skips_the_email(mentor, mentee, row_subject):
    case, row = CASES[row_subject], ROWS[row_subject]
    for person in (mentor, mentee):
        EmailOptOut.objects.create(user=person, kind=row.kind)
    case.act(mentor, mentee)
    deliver_pending()
    notices = [n for n in recorded(row) if n.subject == case.subject]
    assert notices  # still in the bell
    assert {n.status for n in notices} == {Notification.Status.SKIPPED}
    assert not [m for m in mail.outbox if m.subject == case.subject]


@pytest.mark.parametrize("row_subject", sorted(CASES))
def test_an_opt_out_given_after_recording_is_respected_at_delivery(
    mentor, mentee, row_subject, client
):
    case, row = CASES[row_subject], ROWS[row_subject]
    case.act(mentor, mentee)
    # One click in an earlier email of the same kind, before the worker got to this one.
    for person in (mentor, mentee):
        client.post(reverse("notification_unsubscribe", args=[unsubscribe_token(person, row.kind)]))
    deliver_pending()
    assert not [m for m in mail.outbox if m.subject == case.subject]
    notices = [n for n in recorded(row) if n.subject == case.subject]
    assert notices and {n.status for n in notices} == {Notification.Status.SKIPPED}


# The special cases --------------------------------------------------------------------------------


def test_a_new_request_links_to_itself_and_quotes_the_focus(mentor, mentee):
    request = ask(mentor, mentee)
    notice = Notification.objects.get()
    assert notice.action_path == reverse("request_detail", args=[request.pk])
    assert notice.body == (
        "Sam Mentee would like your guidance on “Lead a team”. Read their message and accept or "
        "decline."
    )


def test_an_answered_request_no_longer_waits_in_the_mentors_bell_nor_outbox(mentor, mentee):
    request = ask(mentor, mentee)
    asked = Notification.objects.get(recipient=mentor)
    mentorship = services.request_accept(request_id=request.pk, by=mentor)
    asked.refresh_from_db()
    assert asked.read_at is not None
    assert asked.status == Notification.Status.SKIPPED  # not emailed after the fact
    accepted = Notification.objects.get(recipient=mentee)
    assert accepted.action_path == mentorship.get_absolute_url()
    assert accepted.mentorship == mentorship


def test_a_decline_quotes_the_reason_as_a_sentence(mentor, mentee):
    CASES["{mentor} declined your request"].act(mentor, mentee)
    notice = Notification.objects.get()
    assert (
        "can't take on “Become an engineering manager” now. They wrote: “Away until March.” "
        in (notice.body)
    )
    assert notice.action_path == reverse("mentor_directory")


def test_a_request_expires_once_and_only_after_14_days(mentor, mentee):
    MentorshipRequestFactory(mentor=mentor, mentee=mentee)
    with time_machine.travel(NOW + timedelta(days=13, hours=23), tick=False):
        assert services.requests_expire() == 0
    with time_machine.travel(NOW + timedelta(days=14), tick=False):
        assert services.requests_expire() == 1
        assert services.requests_expire() == 0
    assert MentorshipRequest.objects.get().status == MentorshipRequest.Status.EXPIRED
    assert Notification.objects.count() == 2


def test_expiring_many_requests_costs_a_fixed_number_of_queries_each(
    mentor, django_assert_max_num_queries
):
    for _ in range(3):
        MentorshipRequestFactory(mentor=mentor)
    with (
        time_machine.travel(NOW + timedelta(days=15), tick=False),
        django_assert_max_num_queries(1 + 3 * 12),
    ):
        assert services.requests_expire() == 3


def test_editing_a_draft_or_ones_own_agreed_version_tells_nobody(mentor, mentee):
    draft = pair(mentor, mentee, "initiation", agreed=False)
    edit_contract(draft, mentor)
    services.contract_agree(mentorship=draft, by=mentor, version=1)
    Notification.objects.all().delete()
    edit_contract(draft, mentor)  # only the editor had agreed: a new version, nobody's news
    assert Notification.objects.count() == 0


def test_reaching_redefinition_asks_the_other_person_for_feedback(mentor, mentee):
    mentorship = pair(mentor, mentee, "separation", acknowledged=True)
    services.transition(mentorship=mentorship, to="redefinition", by=mentor)
    assert sorted(Notification.objects.values_list("recipient__email", "subject")) == [
        ("sam@example.com", "How did it go with Maya Mentor?"),
        ("sam@example.com", f"Maya Mentor moved “{FOCUS}” to Redefinition"),
        ("sam@example.com", "Maya Mentor proposes: Peers, every quarter"),
    ]
    asked = Notification.objects.get(kind=Kind.FEEDBACK_REQUEST)
    assert asked.action_path == mentorship.get_absolute_url() + "#feedback"
    assert "has reached Redefinition. Tell us how it went" in asked.body


def test_a_resume_on_the_planned_date_reaches_both(mentor, mentee):
    mentorship = pair(mentor, mentee)
    services.mentorship_pause(
        mentorship=mentorship, by=mentee, reason="Busy", resume_on=NOW.date() + timedelta(days=2)
    )
    Notification.objects.all().delete()
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        assert services.resume_due_mentorships() == 1
    notices = Notification.objects.all()
    assert sorted(n.recipient.email for n in notices) == ["maya@example.com", "sam@example.com"]
    assert all(n.body.startswith("The planned resume date has come for") for n in notices)


def test_a_person_who_leaves_is_not_asked_for_feedback(mentor, mentee):
    CASES["{leaver} left Menteo"].act(mentor, mentee)
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {
        "maya@example.com"
    }


def test_a_note_on_ones_own_post_tells_nobody(mentor, mentee):
    post = make_post(mentorship=pair(mentor, mentee), author=mentee)
    comment_create(post=post, author=mentee, body="Note to self")
    outside = make_post(author=mentee)  # a journal post outside any mentorship
    comment_create(post=outside, author=mentee, body="Also to self")
    assert Notification.objects.count() == 0


def test_nothing_is_emailed_to_a_person_who_left_before_delivery(mentor, mentee):
    CASES["{mentor} accepted your request"].act(mentor, mentee)
    mentee.is_active = False
    mentee.save(update_fields=["is_active"])
    assert deliver_pending() == 0
    assert mail.outbox == []


def test_a_fault_in_the_notices_never_undoes_what_the_person_did(mentor, mentee, monkeypatch):
    from notifications import notices

    def broken(event):
        raise ValueError("a bug in a scene")

    monkeypatch.setitem(notices.SCENES, notices.events.RequestSent, broken)
    request = ask(mentor, mentee)
    assert MentorshipRequest.objects.filter(pk=request.pk).exists()
    assert Notification.objects.count() == 0


def test_the_email_settings_list_every_kind(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("notification_settings")).content.decode()
    for value, label in Kind.choices:
        assert f'value="{value}"' in page
        assert str(label).replace("“", "&ldquo;").replace("”", "&rdquo;") in page or label in page


def test_deleting_an_account_tells_the_other_people_in_the_bell_and_by_email(mentor, mentee):
    from accounts import personal_data

    live = pair(mentor, mentee)
    asked = UserFactory(display_name="Priya Mentor")
    MentorProfileFactory(user=asked)
    request = ask(asked, mentee)
    personal_data.erase(mentee)
    deliver_pending()

    told = {(n.recipient.email, n.subject) for n in Notification.objects.filter(read_at=None)}
    assert told == {
        ("maya@example.com", "Sam Mentee left Menteo"),
        ("maya@example.com", "How did it go with Sam Mentee?"),  # the one who stays is asked
        (asked.email, "Sam Mentee left Menteo"),  # their request is closed
    }
    emailed = {(m.to[0], m.subject) for m in mail.outbox}
    assert told <= emailed
    assert "sam@example.com" not in {to for to, _ in emailed}
    # The request's own notice no longer waits in the mentor's bell, and was never emailed late.
    settled = Notification.objects.get(
        recipient=asked, kind=Kind.NEW_REQUEST, subject__contains="asks"
    )
    assert settled.read_at is not None
    assert MentorshipRequest.objects.get(pk=request.pk).status == "withdrawn"
    live.refresh_from_db()
    assert live.is_ended


def test_a_pause_and_an_end_quote_the_reason_as_a_sentence(mentor, mentee):
    CASES["{actor} paused your mentorship"].act(mentor, mentee)
    CASES["{actor} ended your mentorship"].act(mentor, mentee)
    bodies = dict(Notification.objects.values_list("subject", "body"))
    assert bodies["Sam Mentee paused your mentorship"] == (
        f"Sam Mentee paused “{FOCUS}” until 10 February 2027. They wrote: “Parental leave.” "
        "Reminders stop while it is paused; the room stays open."
    )
    assert bodies["Maya Mentor ended your mentorship"] == (
        f"Maya Mentor ended “{FOCUS}”. They wrote: “I'm changing jobs.” Nothing is deleted: the "
        "contract, the room and the record stay readable."
    )
