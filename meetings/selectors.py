"""Reads for meetings, each a constant number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from meetings.models import ActionItem, AgendaItem, Meeting
from mentorships.models import Mentorship, Stage
from mentorships.selectors import participant_filter

CADENCE_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 31}
GRACE_DAYS = 3
# In Separation contact fades on purpose: the page suggests the next lower cadence.
FADED_CADENCE = {"weekly": "fortnightly", "fortnightly": "monthly"}


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
class Rhythm:
    last: Meeting | None
    next: Meeting | None
    cadence: str
    kept: bool | None  # None when the contract has no fixed cadence
    message: str
    suggestion: str = ""


def rhythm_of(mentorship: Mentorship, *, today: date | None = None) -> Rhythm:
    """The last and the next meeting, and whether the contract's cadence is kept (2 queries)."""
    now = timezone.now()
    today = today or timezone.localdate()
    meetings = mentorship.meetings.exclude(status=Meeting.Status.CANCELLED)
    last = meetings.filter(starts_at__lt=now).order_by("-starts_at").first()
    upcoming = meetings.filter(starts_at__gte=now, status=Meeting.Status.PLANNED)
    next_meeting = upcoming.order_by("starts_at").first()
    contract = mentorship.current_contract
    cadence = contract.meeting_cadence if contract else ""
    every = CADENCE_DAYS.get(cadence)
    suggestion = ""
    if mentorship.stage == Stage.SEPARATION and cadence in FADED_CADENCE:
        lower = FADED_CADENCE[cadence]
        suggestion = f"In Separation, contact fades on purpose: consider meeting {lower}."
    if every is None or mentorship.stage == Stage.REDEFINITION or mentorship.is_ended:
        return Rhythm(last, next_meeting, cadence, None, "", suggestion)
    since = (
        timezone.localdate(last.starts_at) if last else timezone.localdate(mentorship.started_at)
    )
    due = since + timedelta(days=every + GRACE_DAYS)
    # A meeting planned within one cadence from now puts the pair (back) on rhythm.
    if next_meeting and timezone.localdate(next_meeting.starts_at) <= max(
        due, today + timedelta(days=every)
    ):
        return Rhythm(last, next_meeting, cadence, True, "On rhythm.", suggestion)
    if today <= due:
        message = f"Plan the next meeting by {due:%-d %B}."
        return Rhythm(last, next_meeting, cadence, True, message, suggestion)
    gap = (today - since).days
    message = (
        f"Behind the agreed rhythm: the last meeting was {gap} days ago."
        if last
        else f"No meeting yet, {gap} days after the start."
    )
    return Rhythm(last, next_meeting, cadence, False, message, suggestion)
