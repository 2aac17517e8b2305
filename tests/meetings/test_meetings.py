import email as email_parsing
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from meetings import selectors, services
from meetings.models import ActionItem, AgendaItem, Meeting
from menteo.errors import Conflict, Invalid
from mentorships import services as mentorship_services
from notifications.services import deliver_pending
from roadmaps.models import Milestone
from tests.factories import MeetingFactory, UserFactory, make_mentorship

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)  # a Monday in winter: London is UTC+0
EVENING = datetime(2027, 1, 12, 18, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mentorship():
    mentor = UserFactory(timezone="Europe/London", display_name="Maya Mentor")
    mentee = UserFactory(timezone="Asia/Tokyo", display_name="Sam Mentee")  # UTC+9
    return make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")


def invitation(message) -> Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert name == "invite.ics"
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def the_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def attendees(event) -> list:
    """icalendar gives one ATTENDEE as a value and several as a list."""
    found = event.get("attendee", [])
    return found if isinstance(found, list) else [found]


# Planning across time zones ---------------------------------------------------------------


def test_a_meeting_is_planned_in_the_planners_zone_and_read_in_each_persons(client, mentorship):
    client.force_login(mentorship.mentor)
    response = client.post(
        reverse("meeting_list", args=[mentorship.pk]),
        {
            "starts_at": "2027-01-12T18:00",
            "duration_minutes": "60",
            "where": "https://meet.example.com/maya",
            "agenda": "Your first week as a lead",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.starts_at == EVENING  # 18:00 in London
    assert [item.text for item in meeting.agenda.all()] == ["Your first week as a lead"]

    client.force_login(mentorship.mentee)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Wednesday 13 January, 03:00" in page  # 03:00 the next day in Tokyo
    assert "Tue 18:00 for Maya Mentor (Europe/London)" in page


def test_the_other_person_gets_the_invitation_with_the_ics_in_their_own_time(mentorship):
    services.meeting_plan(mentorship=mentorship, by=mentorship.mentee, starts_at=EVENING)
    deliver_pending()
    # The person who planned it knows: only the other one is emailed.
    assert [message.to for message in mail.outbox] == [[mentorship.mentor.email]]
    email = mail.outbox[0]
    assert (
        email.subject
        == "Sam Mentee planned a meeting for Tuesday 12 January, 18:00 (Europe/London)"
    )
    assert "Tuesday 12 January, 18:00 (Europe/London)" in email.body
    calendar = invitation(email)
    assert calendar["method"] == "REQUEST"
    event = the_event(calendar)
    assert event.decoded("dtstart") == EVENING
    assert event.decoded("dtend") == EVENING + timedelta(minutes=45)
    assert event["sequence"] == 0
    assert str(event["status"]) == "CONFIRMED"
    # The one who planned it organises it, and is not invited to their own meeting.
    assert str(event["organizer"]) == f"mailto:{mentorship.mentee.email}"
    assert event["organizer"].params["CN"] == "Sam Mentee"
    (attendee,) = attendees(event)
    assert str(attendee) == f"mailto:{mentorship.mentor.email}"
    assert dict(attendee.params) == {
        "CN": "Maya Mentor",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "TRUE",
    }


def calendar_parts(message) -> list:
    """The text/calendar parts of the message as it goes over the wire."""
    parsed = email_parsing.message_from_bytes(message.message().as_bytes())
    return [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]


@pytest.mark.parametrize("cancelled, method", [(False, "REQUEST"), (True, "CANCEL")])
def test_outlook_finds_the_invitation_inline_with_its_method(mentorship, cancelled, method):
    meeting = services.meeting_plan(mentorship=mentorship, by=mentorship.mentor, starts_at=EVENING)
    deliver_pending()
    if cancelled:
        services.meeting_cancel(meeting=meeting, by=mentorship.mentor)
        deliver_pending()
    inline, attached = calendar_parts(mail.outbox[-1])
    # Inline: an alternative to the text and HTML bodies, as Google sends it.
    assert inline.get_content_disposition() is None
    assert inline.get_param("method") == method
    assert inline.get_content_charset() == "utf-8"
    assert [part.get_content_type() for part in inline_siblings(mail.outbox[-1])] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    # Attached too, for the clients that only look there.
    assert attached.get_filename() == "invite.ics"
    assert attached.get_param("method") == method
    for part in (inline, attached):
        calendar = Calendar.from_ical(part.get_payload(decode=True))
        assert calendar["method"] == method


def inline_siblings(message) -> list:
    parsed = email_parsing.message_from_bytes(message.message().as_bytes())
    (alternative,) = [p for p in parsed.walk() if p.get_content_type() == "multipart/alternative"]
    return alternative.get_payload()


def test_the_invitation_reads_in_the_recipients_time_zone(mentorship):
    services.meeting_plan(mentorship=mentorship, by=mentorship.mentor, starts_at=EVENING)
    deliver_pending()
    assert [message.to for message in mail.outbox] == [[mentorship.mentee.email]]
    assert "Wednesday 13 January, 03:00 (Asia/Tokyo)" in mail.outbox[0].body


def test_moving_a_meeting_sends_an_update_with_a_higher_sequence(mentorship, settings):
    settings.SITE_URL = "https://menteo.example.com"
    meeting = services.meeting_plan(mentorship=mentorship, by=mentorship.mentor, starts_at=EVENING)
    deliver_pending()
    services.meeting_reschedule(
        meeting=meeting,
        by=mentorship.mentee,
        starts_at=EVENING + timedelta(days=1),
        duration_minutes=30,
        where="Phone",
    )
    deliver_pending()
    latest = [m for m in mail.outbox if "moved your meeting" in m.subject]
    assert [m.to for m in latest] == [[mentorship.mentor.email]]
    event = the_event(invitation(latest[0]))
    assert event["sequence"] == 1
    assert event.decoded("dtstart") == EVENING + timedelta(days=1)
    # The same event as the first invitation, which calendar apps then update in place.
    first = the_event(invitation(mail.outbox[0]))
    assert event["uid"] == first["uid"] == f"meeting-{meeting.pk}@menteo.example.com"
    assert first["sequence"] == 0
    # Whoever moved it, the one who planned it stays the organiser, invited by nobody.
    assert str(event["organizer"]) == f"mailto:{mentorship.mentor.email}"
    assert [str(a) for a in attendees(event)] == [f"mailto:{mentorship.mentee.email}"]
    assert str(event["url"]) == "https://menteo.example.com" + meeting.get_absolute_url()


def test_changing_only_the_place_sends_nothing_new(mentorship):
    meeting = services.meeting_plan(mentorship=mentorship, by=mentorship.mentor, starts_at=EVENING)
    services.meeting_reschedule(
        meeting=meeting, by=mentorship.mentor, starts_at=EVENING, duration_minutes=45, where="Cafe"
    )
    deliver_pending()
    assert len(mail.outbox) == 1  # the invitation only
    meeting.refresh_from_db()
    assert (meeting.where, meeting.sequence) == ("Cafe", 0)


def test_cancelling_sends_a_cancellation_that_removes_it_from_calendars(mentorship):
    meeting = services.meeting_plan(mentorship=mentorship, by=mentorship.mentor, starts_at=EVENING)
    services.meeting_cancel(meeting=meeting, by=mentorship.mentee)
    deliver_pending()
    cancellations = [m for m in mail.outbox if "cancelled the meeting" in m.subject]
    assert [m.to for m in cancellations] == [[mentorship.mentor.email]]
    calendar = invitation(cancellations[0])
    assert calendar["method"] == "CANCEL"
    event = the_event(calendar)
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1  # after the invitation's 0: calendar apps take it
    assert str(event["organizer"]) == f"mailto:{mentorship.mentor.email}"
    assert [str(a) for a in attendees(event)] == [f"mailto:{mentorship.mentee.email}"]
    with pytest.raises(Conflict, match="Only a planned meeting"):
        services.meeting_cancel(meeting=meeting, by=mentorship.mentee)


def started_days_ago(mentorship, days):
    type(mentorship).objects.filter(pk=mentorship.pk).update(started_at=NOW - timedelta(days=days))
    mentorship.refresh_from_db()
    return mentorship


def test_a_meeting_that_already_happened_is_logged_as_held_without_an_invitation(
    client, mentorship, django_capture_on_commit_callbacks
):
    started_days_ago(mentorship, 30)
    type(mentorship).objects.filter(pk=mentorship.pk).update(
        last_activity_at=NOW - timedelta(days=20)
    )
    client.force_login(mentorship.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meeting_list", args=[mentorship.pk]),
            {"starts_at": "2027-01-08T17:30", "duration_minutes": "60", "agenda": "Hiring"},
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == f"{meeting.get_absolute_url()}#notes"
    assert meeting.status == Meeting.Status.HELD
    assert meeting.starts_at == datetime(2027, 1, 8, 17, 30, tzinfo=UTC)  # London is UTC+0
    assert [item.text for item in meeting.agenda.all()] == ["Hiring"]
    mentorship.refresh_from_db()
    assert mentorship.last_activity_at == meeting.starts_at  # a sign of life, at its time
    deliver_pending()
    assert mail.outbox == []  # nobody is invited to a meeting that already happened
    assert not mentorship.mentee.notifications.exists()

    page = client.get(response.url).content.decode()
    assert "Meeting logged. Write its notes and action items." in page
    assert "Held" in page
    assert '<details class="notes-editor" open>' in page
    response = client.post(
        reverse("meeting_notes", args=[meeting.pk]),
        {"notes": "Went through the hiring plan.", "actions": "Write the job ad"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Went through the hiring plan."
    assert [action.text for action in meeting.actions.all()] == ["Write the job ad"]
    # Logged, it is among the past meetings, not the coming ones.
    page = client.get(reverse("meeting_list", args=[mentorship.pk])).content.decode()
    assert page.index("Past meetings") < page.index(meeting.get_absolute_url())


def test_a_future_time_still_plans_and_invites(client, mentorship):
    client.force_login(mentorship.mentor)
    client.post(
        reverse("meeting_list", args=[mentorship.pk]),
        {"starts_at": "2027-01-12T18:00", "duration_minutes": "45"},
    )
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PLANNED
    deliver_pending()
    assert [message.to for message in mail.outbox] == [[mentorship.mentee.email]]


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        ("2026-12-01T10:00", "This mentorship started on 12 December 2026: log a meeting held"),
        ("2026-01-01T10:00", "Log a meeting of the last year (from 11 January 2026)"),
        ("1999-12-31T10:00", "Choose a date between 1 January 2000"),
    ],
)
def test_a_logged_meeting_lies_between_the_start_and_a_year_back(
    client, mentorship, starts_at, message
):
    started_days_ago(mentorship, 30 if "started" in message else 500)
    client.force_login(mentorship.mentor)
    response = client.post(
        reverse("meeting_list", args=[mentorship.pk]),
        {"starts_at": starts_at, "duration_minutes": "45", "where": "Café"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Café"' in page  # what was typed stays
    assert not Meeting.objects.exists()


def test_the_start_day_itself_can_be_logged_and_a_planned_meeting_still_moves_only_ahead(
    mentorship,
):
    started_days_ago(mentorship, 0)
    meeting = services.meeting_plan(
        mentorship=mentorship, by=mentorship.mentee, starts_at=NOW - timedelta(hours=1)
    )
    assert meeting.status == Meeting.Status.HELD
    planned = services.meeting_plan(mentorship=mentorship, by=mentorship.mentee, starts_at=EVENING)
    with pytest.raises(Invalid, match="future"):
        services.meeting_reschedule(
            meeting=planned,
            by=mentorship.mentee,
            starts_at=NOW - timedelta(minutes=1),
            duration_minutes=45,
            where="",
        )


def test_an_ended_mentorship_plans_no_meetings(mentorship):
    mentorship_services.mentorship_end(mentorship=mentorship, by=mentorship.mentor, reason="Done")
    mentorship.refresh_from_db()
    with pytest.raises(Conflict, match="ended"):
        services.meeting_plan(mentorship=mentorship, by=mentorship.mentor, starts_at=EVENING)


def test_the_download_is_a_valid_calendar_file(client, mentorship):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=EVENING, where="Room 4")
    client.force_login(mentorship.mentee)
    response = client.get(reverse("meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "menteo-meeting-2027-01-13.ics" in response["Content-Disposition"]  # Tokyo's date
    calendar = Calendar.from_ical(response.content)
    assert calendar["method"] == "PUBLISH"
    event = the_event(calendar)
    assert (event.decoded("dtstart"), str(event["location"])) == (EVENING, "Room 4")


# Agenda, notes, action items --------------------------------------------------------------


def test_both_add_to_the_agenda_with_htmx_and_without(client, mentorship):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=EVENING)
    url = reverse("agenda_add", args=[meeting.pk])
    client.force_login(mentorship.mentee)
    response = client.post(url, {"text": "Feedback on my 1:1s"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="agenda"')
    assert "Feedback on my 1:1s" in body
    client.force_login(mentorship.mentor)
    response = client.post(url, {"text": "Hiring plan"})
    assert response.status_code == 302
    assert list(meeting.agenda.values_list("text", flat=True)) == [
        "Feedback on my 1:1s",
        "Hiring plan",
    ]
    response = client.post(url, {"text": "  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_only_the_author_removes_an_agenda_item(client, mentorship):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=EVENING)
    item = AgendaItem.objects.create(meeting=meeting, author=mentorship.mentee, text="Mine")
    url = reverse("agenda_remove", args=[meeting.pk, item.pk])
    client.force_login(mentorship.mentor)
    assert client.post(url).status_code == 403
    client.force_login(mentorship.mentee)
    assert client.post(url, HTTP_HX_REQUEST="true").status_code == 200
    assert not AgendaItem.objects.exists()


def test_notes_come_after_the_meeting_and_turn_lines_into_action_items(client, mentorship, clock):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=EVENING)
    url = reverse("meeting_notes", args=[meeting.pk])
    client.force_login(mentorship.mentor)
    notes = {"notes": "We talked about **delegation**.", "actions": "Write the team charter\n\n"}
    response = client.post(url, notes)
    assert response.status_code == 409
    assert "it hasn&#x27;t started yet" in response.content.decode()
    clock.move_to(EVENING + timedelta(hours=1))
    assert client.post(url, {**notes, "actions": "Write the team charter\n\nAsk for a budget"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert list(meeting.actions.values_list("text", flat=True)) == [
        "Write the team charter",
        "Ask for a budget",
    ]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>delegation</strong>" in page


def test_an_action_item_becomes_a_roadmap_milestone_in_one_click(client, mentorship):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(days=1))
    action = ActionItem.objects.create(meeting=meeting, text="Write the team charter")
    url = reverse("action_to_milestone", args=[meeting.pk, action.pk])
    client.force_login(mentorship.mentee)
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "On the roadmap" in response.content.decode()
    milestone = Milestone.objects.get(title="Write the team charter")
    assert milestone.roadmap == mentorship.roadmap
    assert milestone.order == mentorship.roadmap.milestones.count() - 1  # at the end
    assert milestone.due_date == NOW.date() + timedelta(days=14)
    action.refresh_from_db()
    assert action.milestone == milestone
    response = client.post(url)  # a second click adds nothing, and says why
    assert response.status_code == 409
    assert "already on the roadmap" in response.content.decode()
    assert Milestone.objects.filter(title="Write the team charter").count() == 1


# The rhythm on the mentorship page ----------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "cadence", "last_days_ago", "next_in_days", "kept", "message"),
    [
        ("cultivation", "weekly", 5, None, True, "Plan the next meeting by 13 January."),
        ("cultivation", "weekly", 9, None, True, "Plan the next meeting by 11 January."),
        (
            "cultivation",
            "weekly",
            12,
            None,
            False,
            "Behind the rhythm: the last meeting was 12 days ago; plan the next one.",
        ),
        ("cultivation", "weekly", 12, 1, True, "On rhythm."),
        ("cultivation", "monthly", 20, None, True, "Plan the next meeting by 22 January."),
        (
            "cultivation",
            "weekly",
            12,
            9,
            False,
            "Behind the rhythm: the last meeting was 12 days ago; plan the next one.",
        ),
        ("cultivation", "as_needed", 100, None, None, ""),
        # Separation: one step down (weekly -> every two weeks), never below monthly.
        ("separation", "weekly", 12, None, True, "Plan the next meeting by 13 January."),
        ("separation", "monthly", 20, None, True, "Plan the next meeting by 22 January."),
    ],
)
def test_whether_the_stages_rhythm_is_kept(
    mentorship, stage, cadence, last_days_ago, next_in_days, kept, message
):
    contract = mentorship.current_contract
    contract.meeting_cadence = cadence
    contract.save()
    type(mentorship).objects.filter(pk=mentorship.pk).update(stage=stage)
    mentorship.refresh_from_db()
    MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(days=last_days_ago))
    if next_in_days:
        MeetingFactory(mentorship=mentorship, starts_at=NOW + timedelta(days=next_in_days))
    rhythm = selectors.rhythm_of(mentorship)
    assert (rhythm.kept, rhythm.message) == (kept, message)


def test_the_mentorship_page_shows_the_last_and_next_meeting(client, mentorship):
    MeetingFactory(mentorship=mentorship, starts_at=datetime(2027, 1, 5, 17, 0, tzinfo=UTC))
    MeetingFactory(mentorship=mentorship, starts_at=EVENING)
    client.force_login(mentorship.mentor)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Tue 5 Jan, 17:00" in page
    assert "Tue 12 Jan, 18:00" in page
    assert "On rhythm." in page


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_meeting_list_query_count_does_not_grow(
    client, mentorship, count, django_assert_num_queries
):
    for day in range(count):
        meeting = MeetingFactory(mentorship=mentorship, starts_at=NOW + timedelta(days=day - 10))
        AgendaItem.objects.create(meeting=meeting, author=mentorship.mentor, text="Item")
    client.force_login(mentorship.mentor)
    client.get(reverse("home"))
    # session, user, unread notifications, mentorship, meetings, agenda, actions, last, next
    with django_assert_num_queries(9):
        assert client.get(reverse("meeting_list", args=[mentorship.pk])).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_meeting_page_query_count_does_not_grow(
    client, mentorship, count, django_assert_num_queries
):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(days=1))
    for index in range(count):
        AgendaItem.objects.create(meeting=meeting, author=mentorship.mentee, text=f"Item {index}")
        ActionItem.objects.create(meeting=meeting, text=f"Action {index}", owner=mentorship.mentor)
    client.force_login(mentorship.mentor)
    client.get(reverse("home"))
    # session, user, unread notifications, meeting with the pair, agenda, actions
    with django_assert_num_queries(6):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_meeting_stored_at_the_end_of_the_calendar_breaks_no_page(client, mentorship):
    """Year 9999, stored before dates were bounded: the mentee in Tokyo (UTC+9) can't be shown
    it; it is left out of every page, the rest of the pair's meetings are there."""
    near = MeetingFactory(mentorship=mentorship, starts_at=EVENING)
    far = MeetingFactory(mentorship=mentorship, starts_at=EVENING)
    Meeting.objects.filter(pk=far.pk).update(starts_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    client.force_login(mentorship.mentee)
    page = client.get(reverse("meeting_list", args=[mentorship.pk]))
    assert page.status_code == 200
    assert near.get_absolute_url() in page.content.decode()
    assert far.get_absolute_url() not in page.content.decode()
    assert client.get(reverse("mentorship_detail", args=[mentorship.pk])).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    for name in ("meeting_detail", "meeting_ics"):
        assert client.get(reverse(name, args=[far.pk])).status_code == 404
    assert client.get(reverse("meeting_ics", args=[near.pk])).status_code == 200


def test_control_characters_stored_in_the_place_and_agenda_leave_a_valid_ics(client, mentorship):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=EVENING)
    Meeting.objects.filter(pk=meeting.pk).update(where="Caf\x0c\x01e\x7f")
    AgendaItem.objects.create(meeting=meeting, author=mentorship.mentee, text="Promo\x0bcase\r")
    client.force_login(mentorship.mentor)
    response = client.get(reverse("meeting_ics", args=[meeting.pk]))
    body = response.content.decode()
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body.replace("\r\n", ""))
    event = the_event(Calendar.from_ical(response.content))
    assert str(event["location"]) == "Cafe"
    assert "- Promocase" in str(event["description"])


@pytest.mark.parametrize("stage", ["separation", "redefinition"])
def test_an_action_item_is_not_added_to_a_roadmap_kept_as_it_is(client, stage):
    """The same rule as adding a milestone directly (roadmaps.services.edit_refusal)."""
    mentorship = make_mentorship(stage=stage)
    meeting = MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(days=1))
    action = ActionItem.objects.create(meeting=meeting, text="Write the team charter")
    client.force_login(mentorship.mentee)
    url = reverse("action_to_milestone", args=[meeting.pk, action.pk])
    direct = client.post(reverse("milestone_add", args=[mentorship.pk]), {"title": "A step"})
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(url, headers=headers)
        assert response.status_code == direct.status_code == 409
        assert "kept as it is for the review" in response.content.decode()
    action.refresh_from_db()
    assert action.milestone is None
    assert not Milestone.objects.filter(title__in=["Write the team charter", "A step"]).exists()
