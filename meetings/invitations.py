"""iCalendar for meetings: a download per meeting, the invitation that notifications attach to
its emails (`notifications/attachments.py`), and the planned meetings in each person's calendar
feed."""

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from meetings.models import Meeting
from menteo.http import absolute_url, calendar_uid
from mentorships.models import Mentorship
from roadmaps import calendar as feed

PRODID = "-//Menteo//Meetings//EN"


def _address(user) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.name)
    return address


def _attendee(user) -> vCalAddress:
    """RFC 5545 3.8.4.1 and RFC 5546: a required participant whose answer is asked for and not
    given yet, which calendar apps show with their accept and decline buttons."""
    address = _address(user)
    address.params["role"] = "REQ-PARTICIPANT"
    address.params["partstat"] = "NEEDS-ACTION"
    address.params["rsvp"] = "TRUE"
    return address


def meeting_event(meeting: Meeting, *, invitation: bool = False) -> Event:
    mentorship = meeting.mentorship
    event = Event()
    event.add("uid", calendar_uid("meeting", meeting.pk))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"Mentoring: {mentorship.mentor.name} and {mentorship.mentee.name}")
    url = absolute_url(meeting.get_absolute_url())
    agenda = [f"- {item.text}" for item in meeting.agenda.all()]
    description = [f"{mentorship.focus}", *(["", "Agenda:", *agenda] if agenda else []), "", url]
    event.add("description", "\n".join(description))
    event.add("url", url)
    if meeting.where:
        event.add("location", meeting.where)
    cancelled = meeting.is_cancelled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if invitation:
        # The person who planned it organises it and is not also an attendee (calendar apps
        # would show them an invitation to their own meeting); the other one is invited.
        organizer = meeting.created_by or mentorship.mentor
        event.add("organizer", _address(organizer))
        for person in (mentorship.mentor, mentorship.mentee):
            if person.pk != organizer.pk:
                event.add("attendee", _attendee(person), encode=0)
    return event


def meeting_calendar(meeting: Meeting, *, invitation: bool = False) -> bytes:
    """One meeting as an .ics file: PUBLISH for a download, REQUEST/CANCEL for an email."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if invitation:
        cancelled = meeting.is_cancelled
        calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    else:
        calendar.add("method", "PUBLISH")
    calendar.add_component(meeting_event(meeting, invitation=invitation))
    return feed.to_ics(calendar)


def with_planned_meetings(mentorships: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """The meetings still to come (with the agenda, for the event's description)."""
    upcoming = Meeting.objects.filter(
        status=Meeting.Status.PLANNED, starts_at__gte=timezone.now() - timedelta(days=1)
    ).prefetch_related("agenda")
    return mentorships.prefetch_related(
        Prefetch("meetings", queryset=upcoming, to_attr="planned_meetings")
    )


def planned_meeting_events(mentorship: Mentorship) -> Iterator[Event]:
    for meeting in mentorship.planned_meetings:
        meeting.mentorship = mentorship
        yield meeting_event(meeting)


feed.register_source("meetings", prepare=with_planned_meetings, entries=planned_meeting_events)
