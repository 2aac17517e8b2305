"""Reads for meetings, each a constant number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import User
from meetings.models import ActionItem, AgendaItem, Meeting
from mentorships import rules
from mentorships.models import Mentorship
from mentorships.selectors import participant_filter


def _participant_meetings(user: User):
    return Meeting.objects.filter(participant_filter(user, "mentorship__")).select_related(
        "mentorship__mentor", "mentorship__mentee", "mentorship__current_contract"
    )


def meeting_for(user: User, pk) -> Meeting:
    """The meeting with its agenda and action items, or 404 for anyone not in the pair."""
    meeting = (
        _participant_meetings(user)
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("author")),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner", "milestone")),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def agenda_item_for(user: User, meeting_pk, item_pk) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("meeting__mentorship")
        .filter(meeting__in=_participant_meetings(user).filter(pk=meeting_pk), pk=item_pk)
        .first()
    )
    if item is None:
        raise Http404("No such agenda item.")
    return item


def action_for(user: User, meeting_pk, action_pk) -> ActionItem:
    action = (
        ActionItem.objects.select_related("meeting__mentorship")
        .filter(meeting__in=_participant_meetings(user).filter(pk=meeting_pk), pk=action_pk)
        .first()
    )
    if action is None:
        raise Http404("No such action item.")
    return action


def meetings_of(mentorship: Mentorship) -> dict[str, list[Meeting]]:
    """Upcoming (soonest first) and past meetings (latest first), with agenda counts."""
    now = timezone.now()
    meetings = list(mentorship.meetings.prefetch_related("agenda", "actions").order_by("starts_at"))
    upcoming = [m for m in meetings if m.status == Meeting.Status.PLANNED and m.ends_at >= now]
    past = [m for m in reversed(meetings) if m not in upcoming]
    return {"upcoming": upcoming, "past": past}


@dataclass
class MeetingRhythm:
    """The pair's last and next meeting against the rhythm expected in its stage."""

    last: Meeting | None
    next: Meeting | None
    expected: rules.Rhythm
    kept: bool | None  # None when there is no date to keep (as needed, paused, check-ins)
    message: str


def rhythm_of(mentorship: Mentorship, *, today: date | None = None) -> MeetingRhythm:
    """The last and the next meeting, and whether the stage's rhythm (`rules.expected_rhythm`)
    is kept (2 queries)."""
    now = timezone.now()
    today = today or timezone.localdate()
    meetings = mentorship.meetings.exclude(status=Meeting.Status.CANCELLED)
    last = meetings.filter(starts_at__lt=now).order_by("-starts_at").first()
    upcoming = meetings.filter(starts_at__gte=now, status=Meeting.Status.PLANNED)
    next_meeting = upcoming.order_by("starts_at").first()
    expected = rules.expected_rhythm(mentorship)
    checkin = rules.next_checkin_on(mentorship, now)
    if checkin:
        message = f"Next check-in: {checkin:%-d %B %Y}."
        return MeetingRhythm(last, next_meeting, expected, None, message)
    every = expected.days
    if every is None or mentorship.is_paused:
        return MeetingRhythm(last, next_meeting, expected, None, "")
    since = (
        timezone.localdate(last.starts_at) if last else timezone.localdate(mentorship.started_at)
    )
    due = since + timedelta(days=every)
    # A meeting planned within one period from now puts the pair (back) on rhythm.
    if next_meeting and timezone.localdate(next_meeting.starts_at) <= max(
        due + timedelta(days=rules.GRACE_DAYS), today + timedelta(days=every)
    ):
        return MeetingRhythm(last, next_meeting, expected, True, "On rhythm.")
    if today <= due + timedelta(days=rules.GRACE_DAYS):
        message = f"Plan the next meeting by {max(due, today):%-d %B}."
        return MeetingRhythm(last, next_meeting, expected, True, message)
    gap = (today - since).days
    if last:
        message = ngettext(
            "Behind the rhythm: the last meeting was %(days)d day ago; plan the next one.",
            "Behind the rhythm: the last meeting was %(days)d days ago; plan the next one.",
            gap,
        ) % {"days": gap}
    else:
        message = ngettext(
            "No meeting yet, %(days)d day after the start.",
            "No meeting yet, %(days)d days after the start.",
            gap,
        ) % {"days": gap}
    return MeetingRhythm(last, next_meeting, expected, False, message)
