"""A person's iCalendar feed: contract review dates and milestone due dates of their active
mentorships, and what other apps add to it (planned meetings). Built with the icalendar library
(escaping, folding, dates).

Apps add entries by registering a source in their AppConfig.ready(): `prepare` adds what the
source reads to the feed's queryset of mentorships (a prefetch: the feed stays a fixed number
of queries), `entries` makes the events of one mentorship from it."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import User
from menteo.http import absolute_url, calendar_uid
from mentorships.models import Mentorship

Prepare = Callable[[QuerySet[Mentorship]], QuerySet[Mentorship]]
Entries = Callable[[Mentorship], Iterable[Event]]


@dataclass(frozen=True)
class FeedSource:
    prepare: Prepare
    entries: Entries


_SOURCES: dict[str, FeedSource] = {}

# An all-day event ends the next day: a date stored at the calendar's very end (9999-12-31,
# before dates were bounded) has none, and such an entry is left out rather than the feed.
LAST_DAY = date(9998, 12, 31)

# RFC 5545 (3.3.11) allows no control character in text but the tab; the library escapes
# newlines, and line breaks of the format itself are CRLF. Anything else comes from text
# stored before input was checked (a form feed in a title) and makes strict readers refuse
# the whole calendar. UTF-8 never uses these bytes inside a character, so they go as bytes.
_FORBIDDEN_IN_ICALENDAR = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")


def to_ics(calendar: Calendar) -> bytes:
    """The calendar as an iCalendar file that strict readers accept, whatever text it holds."""
    return _FORBIDDEN_IN_ICALENDAR.sub(b"", calendar.to_ical())


def register_source(name: str, *, prepare: Prepare, entries: Entries) -> FeedSource:
    source = FeedSource(prepare, entries)
    _SOURCES[name] = source
    return source


def prepare_sources(mentorships: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """The feed's mentorships with what every source reads."""
    for source in _SOURCES.values():
        mentorships = source.prepare(mentorships)
    return mentorships


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


def render_feed(user: User, mentorships: list[Mentorship]) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Menteo//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Menteo · {user.name}")
    for mentorship in mentorships:
        other = mentorship.other_person(user).name
        url = absolute_url(mentorship.get_absolute_url())
        contract = mentorship.current_contract
        if contract and contract.review_date <= LAST_DAY:
            calendar.add_component(
                _all_day(
                    calendar_uid("review", contract.pk),
                    contract.review_date,
                    f"Mentorship review with {other}: {mentorship.focus}",
                    f"The planned review of your mentorship. {url}",
                )
            )
        for milestone in mentorship.roadmap.milestones.all():
            done = " (done)" if milestone.is_done else ""
            calendar.add_component(
                _all_day(
                    calendar_uid("milestone", milestone.pk),
                    milestone.due_date,
                    f"{milestone.title}{done}",
                    f"Milestone of “{mentorship.focus}” with {other}. {url}roadmap/",
                )
            )
        for source in _SOURCES.values():
            for event in source.entries(mentorship):
                calendar.add_component(event)
    return to_ics(calendar).decode()
