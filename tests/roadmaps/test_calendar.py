import re
from datetime import UTC, date, datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from meetings.models import AgendaItem, Meeting
from menteo.http import site_domain
from mentorships.models import Contract
from roadmaps.models import CalendarFeed, Milestone
from roadmaps.services import calendar_feed_for
from tests.factories import MeetingFactory, MilestoneFactory, make_mentorship

pytestmark = pytest.mark.django_db


def unfold(body: str) -> list[str]:
    """RFC 5545 3.1: every line ends in CRLF, longer ones continue after CRLF + space."""
    assert body.endswith("\r\n")
    for line in body.split("\r\n"):
        assert len(line.encode()) <= 75, line
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def events(lines: list[str]) -> list[dict]:
    """A strict little parser: balanced BEGIN/END, each event with its required properties."""
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    found, current = [], None
    for line in lines[1:-1]:
        name, _, value = line.partition(":")
        assert name and _, line
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"} <= set(current)
            found.append(current)
            current = None
        elif current is not None:
            current[name] = value
    assert current is None
    return found


@time_machine.travel(date(2027, 2, 1), tick=False)
def test_the_feed_lists_due_dates_and_review_dates_of_active_mentorships(client):
    active = make_mentorship(stage="cultivation", milestones=1)
    active.roadmap.milestones.update(due_date=None)
    ended = make_mentorship(mentee=active.mentee, stage="cultivation", ended=True)
    MilestoneFactory(
        roadmap=active.roadmap,
        title="Hold 1:1s, skip-levels; and a retro with everyone on the new team",
        due_date=date(2027, 3, 5),
    )
    MilestoneFactory(roadmap=active.roadmap, title="No date yet", due_date=None)
    Milestone.objects.filter(roadmap=ended.roadmap).update(due_date=date(2027, 3, 9))
    feed = calendar_feed_for(active.mentee)
    response = client.get(reverse("calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(unfold(response.content.decode()))
    summaries = [event["SUMMARY"] for event in found]
    assert "Hold 1:1s\\, skip-levels\\; and a retro with everyone on the new team" in summaries
    assert not any("No date yet" in s for s in summaries)
    assert sum("Mentorship review" in s for s in summaries) == 1  # the ended one is left out
    milestone = next(e for e in found if e["SUMMARY"].startswith("Hold"))
    assert milestone["DTSTART;VALUE=DATE"] == "20270305"
    assert milestone["DTEND;VALUE=DATE"] == "20270306"
    assert len({event["UID"] for event in found}) == len(found)
    # and a real parser (the one the meetings app uses) reads the same events
    parsed = icalendar.Calendar.from_ical(response.content)
    by_summary = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
    assert len(by_summary) == len(found)
    late = by_summary["Hold 1:1s, skip-levels; and a retro with everyone on the new team"]
    assert late.decoded("DTSTART") == date(2027, 3, 5)


def test_a_wrong_token_is_404(client):
    calendar_feed_for(make_mentorship().mentee)
    assert client.get(reverse("calendar_feed", args=["not-the-token"])).status_code == 404


def test_a_new_address_retires_the_old_one(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("calendar_settings"))
    assert "Make my calendar address" in response.content.decode()
    assert not CalendarFeed.objects.exists()  # a GET never writes
    client.post(reverse("calendar_settings"))
    response = client.get(reverse("calendar_settings"))
    old = CalendarFeed.objects.get(user=mentee).token
    assert old in response.content.decode()
    client.post(reverse("calendar_settings"))
    new = CalendarFeed.objects.get(user=mentee).token
    assert new != old
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


def test_the_feed_lists_planned_meetings_with_their_time(client, settings):
    from datetime import UTC, datetime, timedelta

    from icalendar import Calendar

    from meetings.models import Meeting
    from tests.factories import MeetingFactory

    settings.SITE_URL = "https://menteo.example.com"
    mentorship = make_mentorship(stage="cultivation")
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    planned = MeetingFactory(mentorship=mentorship, starts_at=soon, where="Room 4")
    MeetingFactory(mentorship=mentorship, starts_at=soon, status=Meeting.Status.CANCELLED)
    MeetingFactory(mentorship=mentorship, starts_at=soon - timedelta(days=30))
    feed = calendar_feed_for(mentorship.mentor)
    response = client.get(reverse("calendar_feed", args=[feed.token]))
    calendar = Calendar.from_ical(response.content)
    meetings = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("meeting-")]
    assert [str(e["uid"]) for e in meetings] == [f"meeting-{planned.pk}@menteo.example.com"]
    assert meetings[0].decoded("dtstart") == soon
    assert str(meetings[0]["location"]) == "Room 4"


CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@time_machine.travel(date(2027, 2, 1), tick=False)
def test_control_characters_stored_in_titles_places_and_agendas_leave_a_valid_calendar(client):
    """Text stored before input was checked: a strict reader still accepts the calendar."""
    mentorship = make_mentorship(stage="cultivation")
    MilestoneFactory(
        roadmap=mentorship.roadmap, title="Ship\x0cthe\x07 demo", due_date=date(2027, 3, 5)
    )
    meeting = MeetingFactory(
        mentorship=mentorship,
        starts_at=datetime(2027, 2, 3, 9, tzinfo=UTC),
        where="Room\x0b4\r",
    )
    AgendaItem.objects.create(meeting=meeting, author=mentorship.mentee, text="Retro\x1b[1m\x0c")
    User.objects.filter(pk=mentorship.mentee_id).update(display_name="Kim\x0cPark")
    body = client.get(reverse("calendar_feed", args=[calendar_feed_for(mentorship.mentor).token]))
    text = body.content.decode()
    assert not CONTROLS.search(text.replace("\r\n", "")), repr(text)
    unfold(text)
    parsed = icalendar.Calendar.from_ical(body.content)
    by_uid = {str(event["UID"]): event for event in parsed.walk("VEVENT")}
    meeting_event = by_uid[f"meeting-{meeting.pk}@{site_domain()}"]
    assert str(meeting_event["LOCATION"]).strip() == "Room4"
    assert "- Retro[1m" in str(meeting_event["DESCRIPTION"])
    summaries = {str(event["SUMMARY"]) for event in parsed.walk("VEVENT")}
    assert "Shipthe demo" in summaries
    assert any(summary.startswith("Mentorship review with KimPark") for summary in summaries)


@time_machine.travel(date(2027, 2, 1), tick=False)
def test_dates_at_the_end_of_the_calendar_are_left_out_not_the_feed(client):
    """Year 9999, stored before dates were bounded: one person can't break the other's feed."""
    mentorship = make_mentorship(stage="cultivation")
    Contract.objects.filter(pk=mentorship.current_contract_id).update(
        review_date=date(9999, 12, 31)
    )
    MilestoneFactory(roadmap=mentorship.roadmap, title="Far", due_date=date(9999, 12, 31))
    MilestoneFactory(roadmap=mentorship.roadmap, title="Near", due_date=date(2027, 3, 5))
    far = MeetingFactory(mentorship=mentorship)
    Meeting.objects.filter(pk=far.pk).update(starts_at=datetime(9999, 12, 31, 23, 30, tzinfo=UTC))
    near = MeetingFactory(mentorship=mentorship, starts_at=datetime(2027, 2, 3, 9, tzinfo=UTC))
    for person in (mentorship.mentor, mentorship.mentee):
        response = client.get(reverse("calendar_feed", args=[calendar_feed_for(person).token]))
        assert response.status_code == 200
        parsed = icalendar.Calendar.from_ical(response.content)
        uids = {str(event["UID"]) for event in parsed.walk("VEVENT")}
        assert f"meeting-{near.pk}@{site_domain()}" in uids
        assert f"meeting-{far.pk}@{site_domain()}" not in uids
        summaries = {str(event["SUMMARY"]) for event in parsed.walk("VEVENT")}
        assert "Near" in summaries and "Far" not in summaries
        assert not any(summary.startswith("Mentorship review") for summary in summaries)


@time_machine.travel(date(2027, 2, 1), tick=False)
def test_uids_and_links_come_from_site_url_whatever_host_the_feed_is_fetched_through(
    client, settings
):
    """A calendar app that reaches the feed through another host name (an internal address, a
    second domain) must see the same events, not a duplicate of each."""
    settings.SITE_URL = "https://menteo.example.com"
    settings.ALLOWED_HOSTS = ["menteo.example.com", "menteo-web.internal"]
    mentorship = make_mentorship(stage="cultivation")
    MilestoneFactory(roadmap=mentorship.roadmap, title="Lead a retro", due_date=date(2027, 3, 5))
    meeting = MeetingFactory(mentorship=mentorship, starts_at=datetime(2027, 2, 3, 9, tzinfo=UTC))
    path = reverse("calendar_feed", args=[calendar_feed_for(mentorship.mentor).token])
    seen = []
    for host in ("menteo.example.com", "menteo-web.internal"):
        response = client.get(path, HTTP_HOST=host, secure=True)
        assert response.status_code == 200
        parsed = icalendar.Calendar.from_ical(response.content)
        found = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
        seen.append(set(found))
        assert "menteo-web.internal" not in response.content.decode()
        for event in found.values():
            assert str(event["UID"]).endswith("@menteo.example.com")
            urls = re.findall(r"https?://\S+", str(event["DESCRIPTION"]))
            assert urls and all(u.startswith("https://menteo.example.com/") for u in urls)
    assert seen[0] == seen[1]
    assert f"meeting-{meeting.pk}@menteo.example.com" in seen[0]
    assert len(seen[0]) == 3  # the review, the milestone and the meeting


def test_the_feed_address_shown_is_the_public_one(client, settings, mentee):
    settings.SITE_URL = "https://menteo.example.com"
    settings.ALLOWED_HOSTS = ["menteo.example.com", "menteo-web.internal"]
    client.force_login(mentee)
    client.post(reverse("calendar_settings"), HTTP_HOST="menteo-web.internal", secure=True)
    page = client.get(reverse("calendar_settings"), HTTP_HOST="menteo-web.internal", secure=True)
    feed = CalendarFeed.objects.get(user=mentee)
    assert "https://menteo.example.com" + feed.get_absolute_url() in page.content.decode()
    assert "menteo-web.internal" not in page.content.decode()
