"""Writes for meetings: plan, reschedule, cancel, agenda, notes, action items."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from accounts.models import User
from meetings.models import ActionItem, AgendaItem, Meeting
from menteo.errors import Conflict, Invalid, NotAllowed
from menteo.events import announce
from mentorships import events
from mentorships.models import Mentorship
from mentorships.services import (
    mentorship_touch,
    mentorships_touch_latest,
    participant_role,
)
from roadmaps.models import Milestone
from roadmaps.services import MilestoneInput, milestone_add

ACTION_DUE_AFTER_DAYS = 14
# How far back a meeting that already happened can be logged.
LOG_DAYS_BACK = 365


def _writable(mentorship: Mentorship, by: User) -> None:
    participant_role(mentorship, by)
    if mentorship.is_ended:
        raise Conflict("This mentorship has ended; its meetings are read-only.")


def _lock(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("mentorship__mentor", "mentorship__mentee")
        .get(pk=meeting.pk)
    )


def _announce(
    change: type[events.MeetingPlanned | events.MeetingMoved | events.MeetingCancelled],
    meeting: Meeting,
    *,
    by: User,
) -> None:
    """The other person hears of it, with the invitation (`notifications.notices`)."""
    announce(change(actor_id=by.pk, mentorship_id=meeting.mentorship_id, meeting_id=meeting.pk))


def _check_time(starts_at: datetime) -> None:
    if starts_at <= timezone.now():
        raise Invalid("Plan the meeting for a time in the future.")


def _check_logged_time(mentorship: Mentorship, starts_at: datetime) -> None:
    """A meeting that already happened is logged from the day the mentorship started, and up
    to LOG_DAYS_BACK days back."""
    started_on = timezone.localdate(mentorship.started_at)
    earliest = timezone.localdate() - timedelta(days=LOG_DAYS_BACK)
    held_on = timezone.localdate(starts_at)
    if held_on < started_on:
        raise Invalid(
            f"This mentorship started on {started_on:%-d %B %Y}: log a meeting held since then."
        )
    if held_on < earliest:
        raise Invalid(
            f"Log a meeting of the last year (from {earliest:%-d %B %Y}); older ones are "
            "better kept as a note in the room."
        )


def meeting_plan(
    *,
    mentorship: Mentorship,
    by: User,
    starts_at: datetime,
    duration_minutes: int = 45,
    where: str = "",
    agenda: str = "",
) -> Meeting:
    """Plan a meeting, or log one that already happened. A time in the future plans it: the
    other person gets the invitation. A time that has passed logs it: held at once, so its
    notes and action items can be written, counted as the pair's sign of life at that time,
    and nobody is invited to it (`_check_logged_time` says how far back)."""
    _writable(mentorship, by)
    logged = starts_at <= timezone.now()
    if logged:
        _check_logged_time(mentorship, starts_at)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            mentorship=mentorship,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            where=where.strip(),
            status=Meeting.Status.HELD if logged else Meeting.Status.PLANNED,
            created_by=by,
        )
        if agenda.strip():
            AgendaItem.objects.create(meeting=meeting, author=by, text=agenda.strip()[:300])
        if logged:
            mentorship_touch(mentorship=mentorship, when=starts_at)
        else:
            _announce(events.MeetingPlanned, meeting, by=by)
    return meeting


def meeting_reschedule(
    *, meeting: Meeting, by: User, starts_at: datetime, duration_minutes: int, where: str
) -> Meeting:
    with transaction.atomic():
        meeting = _lock(meeting)
        _writable(meeting.mentorship, by)
        if not meeting.is_planned:
            raise Conflict("Only a planned meeting can be changed.")
        _check_time(starts_at)
        moved = starts_at != meeting.starts_at or duration_minutes != meeting.duration_minutes
        meeting.where = where.strip()
        if moved:
            meeting.starts_at = starts_at
            meeting.duration_minutes = duration_minutes
            meeting.sequence += 1
        meeting.save()
        if moved:
            _announce(events.MeetingMoved, meeting, by=by)
    return meeting


def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    with transaction.atomic():
        meeting = _lock(meeting)
        _writable(meeting.mentorship, by)
        if not meeting.is_planned:
            raise Conflict("Only a planned meeting can be cancelled.")
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
        _announce(events.MeetingCancelled, meeting, by=by)
    return meeting


def agenda_add(*, meeting: Meeting, by: User, text: str) -> AgendaItem:
    _writable(meeting.mentorship, by)
    if meeting.is_cancelled:
        raise Conflict("This meeting was cancelled.")
    if not text.strip():
        raise Invalid("Write the agenda item first.")
    return AgendaItem.objects.create(meeting=meeting, author=by, text=text.strip()[:300])


def agenda_remove(*, item: AgendaItem, by: User) -> None:
    _writable(item.meeting.mentorship, by)
    if item.author_id != by.pk:
        raise NotAllowed("You can remove only the agenda items you added.")
    item.delete()


def meeting_record(*, meeting: Meeting, by: User, notes: str, actions: list[str]) -> Meeting:
    """After the meeting: notes, and action items (one per line). Recording marks it held."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _writable(meeting.mentorship, by)
        if meeting.is_cancelled:
            raise Conflict("This meeting was cancelled.")
        if meeting.starts_at > timezone.now():
            raise Conflict("Notes come after the meeting: it hasn't started yet.")
        meeting.notes = notes.strip()
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["notes", "status", "updated_at"])
        mentorship_touch(mentorship=meeting.mentorship, when=meeting.starts_at)
        ActionItem.objects.bulk_create(
            ActionItem(meeting=meeting, text=text.strip()[:300]) for text in actions if text.strip()
        )
    return meeting


def action_add(*, meeting: Meeting, by: User, text: str, owner: User | None = None) -> ActionItem:
    _writable(meeting.mentorship, by)
    if not text.strip():
        raise Invalid("Write the action item first.")
    return ActionItem.objects.create(meeting=meeting, text=text.strip()[:300], owner=owner)


def action_to_milestone(*, action: ActionItem, by: User) -> Milestone:
    """One click: the action item becomes the last milestone of the roadmap, due in two weeks.
    It is added as any milestone is (`roadmaps.services.milestone_add`), so the roadmap's own
    rules apply: refused while the roadmap is kept as it is (Separation, Redefinition)."""
    with transaction.atomic():
        action = (
            ActionItem.objects.select_for_update(of=("self",))
            .select_related("meeting__mentorship")
            .get(pk=action.pk)
        )
        mentorship = action.meeting.mentorship
        _writable(mentorship, by)
        if action.milestone_id:
            raise Conflict("This action item is already on the roadmap.")
        held_on = timezone.localdate(action.meeting.starts_at)
        milestone = milestone_add(
            mentorship=mentorship,
            by=by,
            milestone=MilestoneInput(
                title=action.text[:140],
                description=f"From the meeting of {held_on:%-d %B %Y}.",
                due_date=timezone.localdate() + timedelta(days=ACTION_DUE_AFTER_DAYS),
            ),
        )
        action.milestone = milestone
        action.save(update_fields=["milestone"])
    return milestone


def meetings_count_started(*, now: datetime | None = None) -> int:
    """A meeting counts as the pair's activity from its start, whether or not anyone records
    it afterwards (`meetings.activity`); planning it in advance is no sign yet. Recording
    touches the pair at once; this catches the planned ones whose start has passed. Run
    before the accountability sweep (hourly); one guarded UPDATE, so running it again is a
    no-op. Returns how many pairs moved."""
    from meetings.activity import meetings_held

    now = now or timezone.now()
    started = Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__lte=now)
    return mentorships_touch_latest(
        mentorships=Mentorship.objects.filter(pk__in=started.values("mentorship")),
        latest=Subquery(meetings_held(now)),
    )
