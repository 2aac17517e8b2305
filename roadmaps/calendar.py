"""A person's iCalendar feed: planned meetings, milestone due dates and contract review dates of
their active mentorships. Built with the icalendar library (escaping, folding, dates)."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import User
from meetings.invitations import meeting_event
from mentorships.models import Mentorship


def _all_day(uid: str, day, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def render_feed(user: User, mentorships: list[Mentorship], *, host: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Menteo//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Menteo · {user.name}")
    for mentorship in mentorships:
        other = mentorship.other_person(user).name
        url = f"https://{host}{mentorship.get_absolute_url()}"
        contract = mentorship.current_contract
        if contract:
            calendar.add_component(
                _all_day(
                    f"review-{contract.pk}@{host}",
                    contract.review_date,
                    f"Mentorship review with {other}: {mentorship.focus}",
                    f"The planned review of your mentorship. {url}",
                )
            )
        for milestone in mentorship.roadmap.milestones.all():
            done = " (done)" if milestone.is_done else ""
            calendar.add_component(
                _all_day(
                    f"milestone-{milestone.pk}@{host}",
                    milestone.due_date,
                    f"{milestone.title}{done}",
                    f"Milestone of “{mentorship.focus}” with {other}. {url}roadmap/",
                )
            )
        for meeting in mentorship.planned_meetings:
            meeting.mentorship = mentorship
            calendar.add_component(meeting_event(meeting))
    return calendar.to_ical().decode()
