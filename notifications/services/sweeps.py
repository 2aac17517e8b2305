"""Reminders and nudges: the sweeps that find what is due, each occasion once, in the
recipient's morning."""

import functools
import uuid
import zoneinfo
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from itertools import islice

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from accounts.models import User
from meetings.services import meetings_count_started
from mentorships import rules
from mentorships.models import Goal, Mentorship, Stage
from notifications.models import Kind
from notifications.services.outbox import Due, deliver_soon, insert, record
from rooms.selectors import unread_by_person

SEND_HOUR = 8  # reminders go out from 08:00 in the recipient's own time zone
BATCH_SIZE = 2000  # candidates per round trip and per INSERT


REVIEW_REMINDER_DAYS = (7, 1)
INITIATION_NUDGE_DAYS = (30, 60, 90)


# When is it morning for this person? ---------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    # ZoneInfo keeps only the 8 most recent zones alive: a sweep over people in a few hundred
    # zones read a zone file from disk for most of them.
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_now(user: User, now: datetime) -> datetime:
    """`now` in the person's time zone (UTC if theirs is unknown)."""
    return now.astimezone(_zone(user.timezone))


def morning_reached(user: User, now: datetime, day: date) -> bool:
    """True from 08:00 on `day` in the person's time zone (and on any later day)."""
    local = local_now(user, now)
    return local.date() > day or (local.date() == day and local.hour >= SEND_HOUR)


# What the occasions read of a candidate and of its two people. A sweep reads tens of thousands
# of pairs: every other column (passwords, bios, the contract's JSON) cost time to fetch and
# decode. An occasion that needs another column must add it here (else one query per pair: the
# tests count the queries of every sweep).
PERSON_FIELDS = ("id", "username", "email", "display_name", "timezone")
PAIR_FIELDS = (
    "mentor",
    "mentee",
    *(f"{role}__{field}" for role in ("mentor", "mentee") for field in PERSON_FIELDS),
)
CANDIDATE_FIELDS = (
    *("id", "focus", "stage", "cycle", "started_at", "stage_changed_at", "checkin_rhythm"),
    *("last_activity_at", "ended_at"),
    *("current_contract", "current_contract__id", "current_contract__review_date"),
    "current_contract__meeting_cadence",
    *PAIR_FIELDS,
)


def _batches(queryset: QuerySet[Mentorship]) -> Iterator[list[Mentorship]]:
    """The candidates in one query, read `BATCH_SIZE` rows at a time (a server-side cursor on
    PostgreSQL), so memory stays bounded and the candidates' filter runs once. (Reading keys
    first and then each batch by primary key ran the filter twice.)"""
    rows = (
        queryset.select_related("mentor", "mentee", "current_contract")
        .only(*CANDIDATE_FIELDS)
        .order_by()
        .iterator(chunk_size=BATCH_SIZE)
    )
    while batch := list(islice(rows, BATCH_SIZE)):
        yield batch


def path_of(url_name: str, key: uuid.UUID) -> str:
    """`reverse(url_name, args=[key])` for a URL whose only argument is a mentorship's key,
    without a reverse() per pair: reverse() costs tens of microseconds, about a second per
    sweep of 100,000 pairs, and these paths differ only by the key."""
    template = _path_template(url_name, get_script_prefix(), get_urlconf())
    return template.replace(_ANY_KEY, str(key))


_ANY_KEY = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=32)
def _path_template(url_name: str, script_prefix: str, urlconf: object) -> str:
    # Keyed on what reverse() depends on besides the name: the script prefix and the URLconf.
    return reverse(url_name, args=[_ANY_KEY])


def _both(mentorship: Mentorship) -> tuple[tuple[User, User], tuple[User, User]]:
    return (mentorship.mentor, mentorship.mentee), (mentorship.mentee, mentorship.mentor)


def review_reminders(mentorship: Mentorship, now: datetime) -> Iterator[Due]:
    """7 days and 1 day before the contract's review date, to both people."""
    review = mentorship.current_contract.review_date
    path = path_of("mentorship_detail", mentorship.pk)  # = get_absolute_url()
    for person, other in _both(mentorship):
        today = local_now(person, now).date()
        for days in REVIEW_REMINDER_DAYS:
            send_on = review - timedelta(days=days)
            # Only the latest reminder that is due: a late sweep never sends the 7-day one
            # after the 1-day one.
            later = [d for d in REVIEW_REMINDER_DAYS if d < days]
            if any(today >= review - timedelta(days=d) for d in later) or today >= review:
                continue
            if morning_reached(person, now, send_on):
                when = "tomorrow" if days == 1 else f"in {days} days"
                yield Due(
                    recipient=person,
                    mentorship=mentorship,
                    occasion=f"review:{mentorship.pk}:{review.isoformat()}:{days}d",
                    subject=f"Your review with {other.name} is {when}",
                    body=(
                        f"You and {other.name} planned to review “{mentorship.focus}” on "
                        f"{review:%A %-d %B %Y}. Look at the goals and the roadmap together: "
                        "are you ready for Separation, or is there more to do?"
                    ),
                    action_label="Prepare the review",
                    action_path=path,
                )


def initiation_nudges(mentorship: Mentorship, now: datetime) -> Iterator[Due]:
    """Still in Initiation after 30, 60 and 90 days: finish the contract."""
    days = (now - mentorship.started_at).days
    reached = [d for d in INITIATION_NUDGE_DAYS if days >= d]
    if not reached:
        return
    threshold = reached[-1]
    path = path_of("mentorship_detail", mentorship.pk)  # = get_absolute_url()
    for person, other in _both(mentorship):
        if morning_reached(person, now, timezone.localdate(mentorship.started_at)):
            yield Due(
                recipient=person,
                mentorship=mentorship,
                occasion=f"initiation:{mentorship.pk}:{threshold}",
                subject=f"{threshold} days in Initiation with {other.name}",
                body=(
                    f"“{mentorship.focus}” has been in Initiation for {threshold} days. Most "
                    "mentorships that fail, fail here: agree on 3–5 measurable goals and a "
                    "first milestone, and start the real work."
                ),
                action_label="Finish the contract",
                action_path=path,
            )


def separation_ready_nudges(mentorship: Mentorship, now: datetime) -> Iterator[Due]:
    """Every goal of the cycle achieved while still in Cultivation: time to review."""
    path = path_of("mentorship_detail", mentorship.pk)  # = get_absolute_url()
    for person, other in _both(mentorship):
        yield Due(
            recipient=person,
            mentorship=mentorship,
            occasion=f"separation_ready:{mentorship.pk}:{mentorship.cycle}",
            subject=f"Every goal is achieved: ready for Separation with {other.name}?",
            body=(
                f"All the goals of “{mentorship.focus}” are marked achieved. Move to "
                "Separation to review the original roadmap together and acknowledge each goal."
            ),
            action_label="Open the mentorship",
            action_path=path,
        )


def accountability_nudges(mentorship: Mentorship, now: datetime) -> Iterator[Due]:
    """No meeting, room message or post for longer than the stage's rhythm allows
    (`rules.quiet_after_days`: two weeks at least in Cultivation; in Separation contact fades
    on purpose, so the nudge backs off with the rhythm; Redefinition has its check-ins):
    once per quiet spell, a nudge to both people."""
    quiet = rules.quiet_after_days(rules.expected_rhythm(mentorship))
    last = mentorship.last_activity_at
    if now - last <= timedelta(days=quiet):
        return
    due_day = timezone.localdate(last + timedelta(days=quiet))
    path = path_of("mentorship_detail", mentorship.pk)  # = get_absolute_url()
    for person, other in _both(mentorship):
        if morning_reached(person, now, due_day):
            yield Due(
                recipient=person,
                mentorship=mentorship,
                occasion=f"quiet:{mentorship.pk}:{last:%Y%m%d%H%M%S}",
                subject=f"It has been quiet with {other.name}",
                body=(
                    f"Nothing has happened in “{mentorship.focus}” for {(now - last).days} "
                    "days: no meeting, no message, no post. A short update on the next milestone "
                    "keeps the momentum; if life got busy, you can pause the mentorship instead."
                ),
                action_label="Post an update",
                action_path=path,
            )


def redefinition_checkins(mentorship: Mentorship, now: datetime) -> Iterator[Due]:
    """In Redefinition, at the rhythm the pair chose (`rules.checkins_passed`): suggest
    reaching out."""
    periods = rules.checkins_passed(mentorship, now)
    if periods < 1:
        return
    path = path_of("mentorship_detail", mentorship.pk)  # = get_absolute_url()
    for person, other in _both(mentorship):
        yield Due(
            recipient=person,
            mentorship=mentorship,
            occasion=f"checkin:{mentorship.pk}:{mentorship.cycle}:{periods}",
            subject=f"Time to check in with {other.name}",
            body=(
                f"It has been a while since you and {other.name} moved to Redefinition. A short "
                "note about what you're working on keeps a good professional relationship alive."
            ),
            action_label="Say hello",
            action_path=path,
        )


def _active() -> QuerySet[Mentorship]:
    """Mentorships that get reminders: not ended, not paused."""
    return Mentorship.objects.filter(ended_at__isnull=True, paused_at__isnull=True)


def _review_candidates(now: datetime) -> QuerySet[Mentorship]:
    # A day's margin either side covers every time zone.
    today = now.date()
    return _active().filter(
        stage__in=[Stage.INITIATION, Stage.CULTIVATION],
        current_contract__review_date__gt=today - timedelta(days=1),
        current_contract__review_date__lte=today + timedelta(days=max(REVIEW_REMINDER_DAYS) + 1),
    )


def _initiation_candidates(now: datetime) -> QuerySet[Mentorship]:
    return _active().filter(
        stage=Stage.INITIATION, started_at__lte=now - timedelta(days=min(INITIATION_NUDGE_DAYS))
    )


def _separation_ready_candidates(now: datetime) -> QuerySet[Mentorship]:
    # EXISTS rather than counting the goals: the counts grouped every cultivating pair's
    # joined rows (people, contract) and sorted them; each EXISTS is one index probe.
    goals_of_cycle = Goal.objects.filter(mentorship=OuterRef("pk"), cycle=OuterRef("cycle"))
    return (
        _active()
        .filter(stage=Stage.CULTIVATION)
        .filter(Exists(goals_of_cycle), ~Exists(goals_of_cycle.filter(status=Goal.Status.OPEN)))
    )


def _accountability_candidates(now: datetime) -> QuerySet[Mentorship]:
    return _active().filter(rules.quiet_filter(now))


def _redefinition_candidates(now: datetime) -> QuerySet[Mentorship]:
    return _active().filter(
        stage=Stage.REDEFINITION,
        stage_changed_at__lte=now - timedelta(days=min(rules.CHECKIN_DAYS.values())),
    )


SWEEPS: dict[str, tuple[Callable, Callable]] = {
    Kind.REVIEW_REMINDER: (_review_candidates, review_reminders),
    Kind.INITIATION_NUDGE: (_initiation_candidates, initiation_nudges),
    Kind.SEPARATION_READY: (_separation_ready_candidates, separation_ready_nudges),
    Kind.ACCOUNTABILITY_NUDGE: (_accountability_candidates, accountability_nudges),
    Kind.REDEFINITION_CHECKIN: (_redefinition_candidates, redefinition_checkins),
}


DIGEST_AFTER = timedelta(hours=24)


def unread_digests(now: datetime) -> list[Due]:
    """One email a day per person who has left room messages unread for 24 hours, covering
    every room; sent in the person's morning. A constant number of queries."""
    rows = [row for row in unread_by_person() if row["oldest_at"] <= now - DIGEST_AFTER]
    if not rows:
        return []
    # The people come with their mentorships (each person is one of the pair).
    mentorships = (
        Mentorship.objects.filter(pk__in={row["mentorship_id"] for row in rows})
        .exclude(paused_at__isnull=False)
        .select_related("mentor", "mentee")
        .only("id", "focus", *PAIR_FIELDS)
        .in_bulk()
    )
    by_person: dict[int, list[dict]] = {}
    for row in rows:
        if row["mentorship_id"] in mentorships:
            by_person.setdefault(row["user_id"], []).append(row)
    due = []
    for user_id, person_rows in by_person.items():
        some = mentorships[person_rows[0]["mentorship_id"]]
        person = some.mentor if some.mentor_id == user_id else some.mentee
        if not morning_reached(person, now, local_now(person, now).date()):
            continue
        person_rows.sort(key=lambda row: row["latest_at"], reverse=True)
        total = sum(row["unread"] for row in person_rows)
        lines = []
        for row in person_rows:
            mentorship = mentorships[row["mentorship_id"]]
            other = mentorship.other_person(person)
            lines.append(f"- {other.name} ({mentorship.focus}): {row['unread']} unread")
        first = mentorships[person_rows[0]["mentorship_id"]]
        single = len(person_rows) == 1
        due.append(
            Due(
                recipient=person,
                mentorship=first,
                occasion=f"digest:{person.pk}:{local_now(person, now).date().isoformat()}",
                subject=(
                    f"{total} unread message{'s' if total != 1 else ''} from "
                    f"{first.other_person(person).name}"
                    if single
                    else f"{total} unread messages in {len(person_rows)} rooms"
                ),
                body="Waiting for you in Menteo:\n" + "\n".join(lines),
                action_label="Open the room" if single else "Open Menteo",
                action_path=path_of("room_detail", first.pk) if single else "/",
            )
        )
    return due


def sweep(kind: str, *, now: datetime | None = None) -> int:
    """Record every notification of `kind` that is due now (each occasion once, however often
    this runs); returns how many were due. Delivery is queued once, after the commit."""
    now = now or timezone.now()
    if kind == Kind.UNREAD_DIGEST:
        due = unread_digests(now)
        if due:
            record(kind, due)
        return len(due)
    if kind == Kind.ACCOUNTABILITY_NUDGE:
        # A planned meeting counts from its start, recorded or not: nobody touches it then.
        meetings_count_started(now=now)
    candidates, occasions = SWEEPS[kind]
    due_count = 0
    for batch in _batches(candidates(now)):
        due = [item for mentorship in batch for item in occasions(mentorship, now)]
        if due:
            insert(kind, due)
            due_count += len(due)
    if due_count:
        transaction.on_commit(deliver_soon)
    return due_count


# Every kind a sweep records, in the order `sweep_all` runs them.
REMINDER_KINDS = [*SWEEPS, Kind.UNREAD_DIGEST]


def sweep_all(*, now: datetime | None = None) -> dict[str, int]:
    """Every sweep once, at the same `now`; returns how many were due of each kind."""
    now = now or timezone.now()
    return {kind: sweep(kind, now=now) for kind in REMINDER_KINDS}
