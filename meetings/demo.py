"""Demo meetings: a rhythm of logged sessions for the active demo pairs, and one coming up."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from meetings import services
from meetings.models import ActionItem, AgendaItem, Meeting
from menteo import demo
from mentorships.models import Mentorship
from roadmaps.services import edit_refusal

NOTES = [
    (
        "Kick-off. We went through the contract and what a good first quarter looks like.",
        ["Draft the team charter", "List the three hardest conversations coming up"],
    ),
    (
        "Reviewed the first 1:1s. **Listening more than talking** worked; the status-update "
        "trap did not.",
        ["Try the 'what's in your way' opener in every 1:1"],
    ),
    (
        "Delegation: picked two projects to hand over completely, with a written brief.",
        ["Write the delegation brief for the billing migration"],
    ),
    (
        "Hiring loop: role-played a debrief and a calibration meeting.",
        ["Shadow two interview debriefs"],
    ),
]


def _at(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _log(mentorship: Mentorship, held: list[int], upcoming: int | None, hour: int) -> None:
    for index, days_ago in enumerate(held):
        notes, actions = NOTES[index % len(NOTES)]
        meeting = Meeting.objects.create(
            mentorship=mentorship,
            starts_at=_at(-days_ago, hour),
            duration_minutes=45,
            where="Video call",
            status=Meeting.Status.HELD,
            notes=notes,
            created_by=mentorship.mentor,
        )
        AgendaItem.objects.create(
            meeting=meeting, author=mentorship.mentee, text="Wins and blockers"
        )
        for text in actions:
            ActionItem.objects.create(meeting=meeting, text=text, owner=mentorship.mentee)
    if upcoming is not None:
        meeting = Meeting.objects.create(
            mentorship=mentorship,
            starts_at=_at(upcoming, hour),
            duration_minutes=45,
            where="https://meet.example.com/menteo-demo",
            created_by=mentorship.mentee,
        )
        AgendaItem.objects.create(
            meeting=meeting, author=mentorship.mentee, text="How to say no to a stakeholder"
        )
        AgendaItem.objects.create(
            meeting=meeting, author=mentorship.mentor, text="Your promotion case: first draft"
        )
        # The mentor had a clash and moved it an hour: the mentee hears of it in the bell.
        services.meeting_reschedule(
            meeting=meeting,
            by=mentorship.mentor,
            starts_at=meeting.starts_at + timedelta(hours=1),
            duration_minutes=meeting.duration_minutes,
            where=meeting.where,
        )


@demo.register(order=60)
def seed(people: dict[str, User]) -> None:
    """Idempotent: pairs that already have meetings are left alone."""
    plans = [
        ("maya", "sam", [70, 56, 42, 28, 13], 2, 17),
        ("priya", "tom", [160, 130, 100, 60, 20], None, 16),
        ("daniel", "lena", [9], 5, 10),
    ]
    for mentor, mentee, held, upcoming, hour in plans:
        mentorship = (
            Mentorship.objects.filter(mentor=people[mentor], mentee=people[mentee])
            .order_by("started_at")
            .last()
        )
        if mentorship is None or mentorship.meetings.exists():
            continue
        _log(mentorship, held, upcoming, hour)
        first_action = (
            ActionItem.objects.filter(meeting__mentorship=mentorship).order_by("pk").first()
        )
        if first_action and edit_refusal(mentorship) is None:  # a roadmap still planned
            services.action_to_milestone(action=first_action, by=mentorship.mentee)
