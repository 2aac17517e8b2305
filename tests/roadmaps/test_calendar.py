from datetime import date

import pytest
import time_machine
from django.urls import reverse

from roadmaps.models import CalendarFeed, Milestone
from roadmaps.services import calendar_feed_for
from tests.factories import MilestoneFactory, make_mentorship

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


def test_a_wrong_token_is_404(client):
    calendar_feed_for(make_mentorship().mentee)
    assert client.get(reverse("calendar_feed", args=["not-the-token"])).status_code == 404


def test_a_new_address_retires_the_old_one(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("calendar_settings"))
    old = CalendarFeed.objects.get(user=mentee).token
    assert old in response.content.decode()
    client.post(reverse("calendar_settings"))
    new = CalendarFeed.objects.get(user=mentee).token
    assert new != old
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
