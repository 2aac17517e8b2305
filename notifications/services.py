"""Reminders and nudges: the sweeps that find what is due, and the delivery of the emails.

A sweep writes one `Notification` row per person and occasion (one INSERT per batch, `ON
CONFLICT DO NOTHING` on the unique key), so however often or concurrently it runs, an occasion
is recorded once. Delivery claims pending rows with `SELECT … FOR UPDATE SKIP LOCKED`, so two
workers never send the same row, and a failed send goes back to pending with a growing back-off.
"""

import functools
import json
import logging
import uuid
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from accounts.models import User
from mentorships.models import CHECKIN_DAYS, Goal, Mentorship, Stage
from notifications.models import EmailOptOut, Kind, Notification

logger = logging.getLogger(__name__)

SEND_HOUR = 8  # reminders go out from 08:00 in the recipient's own time zone
BATCH_SIZE = 2000  # candidates per round trip and per INSERT
MAX_ATTEMPTS = 6
REVIEW_REMINDER_DAYS = (7, 1)
INITIATION_NUDGE_DAYS = (30, 60, 90)
REDEFINITION_CHECKIN_DAYS = 90
STUCK_SENDING = timedelta(minutes=15)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


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


# The sweeps --------------------------------------------------------------


@dataclass
class Due:
    recipient: User
    mentorship: Mentorship | None
    occasion: str
    subject: str
    body: str
    action_label: str
    action_path: str


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
    "last_activity_at",
    *("current_contract", "current_contract__id", "current_contract__review_date"),
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


# Quiet days before the accountability nudge: in Separation contact fades on purpose, so the
# nudge backs off; in Redefinition only the chosen check-ins are sent.
ACCOUNTABILITY_QUIET_DAYS = {Stage.CULTIVATION: 14, Stage.SEPARATION: 28}


def accountability_nudges(mentorship: Mentorship, now: datetime) -> Iterator[Due]:
    """No meeting, room message or post for two weeks in Cultivation (four in Separation):
    once per quiet spell, a nudge to both people."""
    quiet = ACCOUNTABILITY_QUIET_DAYS[mentorship.stage]
    last = mentorship.last_activity_at
    if now - last < timedelta(days=quiet):
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
    """In Redefinition, at the rhythm the pair chose (every 90 days unless they said
    otherwise): suggest reaching out."""
    every = CHECKIN_DAYS.get(mentorship.checkin_rhythm, REDEFINITION_CHECKIN_DAYS)
    periods = (now - mentorship.stage_changed_at).days // every
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
    quiet = Q()
    for stage, days in ACCOUNTABILITY_QUIET_DAYS.items():
        quiet |= Q(stage=stage, last_activity_at__lte=now - timedelta(days=days))
    return _active().filter(quiet)


def _redefinition_candidates(now: datetime) -> QuerySet[Mentorship]:
    return _active().filter(
        stage=Stage.REDEFINITION,
        stage_changed_at__lte=now - timedelta(days=REDEFINITION_CHECKIN_DAYS),
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
    from rooms.selectors import unread_by_person

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
        from meetings.services import meetings_count_started

        # A planned meeting counts from its start, recorded or not: nobody touches it then.
        meetings_count_started(now=now)
    candidates, occasions = SWEEPS[kind]
    due_count = 0
    for batch in _batches(candidates(now)):
        due = [item for mentorship in batch for item in occasions(mentorship, now)]
        if due:
            _insert(kind, due)
            due_count += len(due)
    if due_count:
        transaction.on_commit(_deliver_soon)
    return due_count


def sweep_all(*, now: datetime | None = None) -> dict[str, int]:
    """Every sweep once, at the same `now`; returns how many were due of each kind."""
    now = now or timezone.now()
    return {kind: sweep(kind, now=now) for kind in [*SWEEPS, Kind.UNREAD_DIGEST]}


def record(kind: str, due: list[Due]) -> None:
    """Write the rows (once per occasion: a second write of the same occasion is a no-op) and
    schedule their delivery after the commit. One query, whatever the number of rows."""
    _insert(kind, due)
    transaction.on_commit(_deliver_soon)


def _insert(kind: str, due: list[Due]) -> None:
    """One `INSERT … SELECT ON CONFLICT DO NOTHING` for all the rows: an occasion already
    recorded is skipped by the unique key, and a person who opted out of `kind` gets the row
    as skipped (in the app, never emailed), decided in the same statement.

    No model instances: the sweeps write tens of thousands of rows, and building and preparing
    a `Notification` for each took most of their time. The rows travel as one JSON document:
    psycopg escapes array parameters element by element in Python (about 15 µs a string, three
    times the cost of `json.dumps` and PostgreSQL's parsing). The constants are the model's
    defaults."""
    if not due:
        return
    if connection.vendor != "postgresql":
        _insert_portably(kind, due)
        return
    rows = json.dumps(
        [
            {
                "recipient_id": item.recipient.pk,
                "mentorship_id": str(item.mentorship.pk) if item.mentorship else None,
                "occasion": item.occasion,
                "subject": item.subject,
                "body": item.body,
                "action_label": item.action_label,
                "action_path": item.action_path,
            }
            for item in due
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Notification._meta.db_table} (recipient_id, mentorship_id, occasion,
                subject, body, action_label, action_path, kind, status, attempts, last_error,
                created_at)
            SELECT new.*, %(kind)s,
                CASE WHEN EXISTS (
                    SELECT 1 FROM {EmailOptOut._meta.db_table} opt_out
                    WHERE opt_out.user_id = new.recipient_id AND opt_out.kind = %(kind)s
                ) THEN %(skipped)s ELSE %(pending)s END,
                0, '', %(now)s
            FROM json_to_recordset(%(rows)s::json) AS new (recipient_id bigint,
                mentorship_id uuid, occasion text, subject text, body text, action_label text,
                action_path text)
            ON CONFLICT DO NOTHING
            """,
            {
                "kind": kind,
                "skipped": Notification.Status.SKIPPED.value,
                "pending": Notification.Status.PENDING.value,
                "now": timezone.now(),
                "rows": rows,
            },
        )


def _insert_portably(kind: str, due: list[Due]) -> None:
    """`_insert` through the ORM, for SQLite (local use): `json_to_recordset` is
    PostgreSQL's. The same rows: an occasion already recorded is skipped by the unique key, a
    person who opted out of `kind` gets the row as skipped."""
    opted_out = set(EmailOptOut.objects.filter(kind=kind).values_list("user_id", flat=True))
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=item.recipient.pk,
                mentorship_id=item.mentorship.pk if item.mentorship else None,
                occasion=item.occasion,
                subject=item.subject,
                body=item.body,
                action_label=item.action_label,
                action_path=item.action_path,
                kind=kind,
                status=(
                    Notification.Status.SKIPPED
                    if item.recipient.pk in opted_out
                    else Notification.Status.PENDING
                ),
                created_at=now,
            )
            for item in due
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def _deliver_soon() -> None:
    from menteo.celery import enqueue
    from notifications.tasks import deliver_notifications

    # If the broker is down, the periodic delivery (every minute) sends the rows later.
    enqueue(deliver_notifications)


# Events: written by the service that makes the change, in its transaction ---------------------


def notify_request_received(mentorship_request) -> None:
    """Tell the mentor about a new request (they may not be signed in for days)."""
    mentee = mentorship_request.mentee
    record(
        Kind.NEW_REQUEST,
        [
            Due(
                recipient=mentorship_request.mentor,
                mentorship=None,
                occasion=f"request:{mentorship_request.pk}",
                subject=f"{mentee.name} asks you to be their mentor",
                body=(
                    f"{mentee.name} would like your guidance on “{mentorship_request.focus}”. "
                    "Read their message and accept or decline."
                ),
                action_label="Read the request",
                action_path=reverse("request_detail", args=[mentorship_request.pk]),
            )
        ],
    )


def notify_stage_changed(transition) -> None:
    """Tell the other participant that the mentorship moved to a new stage."""
    mentorship, by = transition.mentorship, transition.by
    if by is None:  # a scheduled change (a pause ending) concerns both and is on the page
        return
    from_stage = Stage(transition.from_stage).label if transition.from_stage else "the start"
    to_stage = Stage(transition.to_stage).label
    record(
        Kind.STAGE_CHANGE,
        [
            Due(
                recipient=mentorship.other_person(by),
                mentorship=mentorship,
                occasion=f"transition:{transition.pk}",
                subject=f"{by.name} moved “{mentorship.focus}” to {to_stage}",
                body=f"{by.name} moved your mentorship from {from_stage} to {to_stage}.",
                action_label="Open the mentorship",
                action_path=mentorship.get_absolute_url(),
            )
        ],
    )


def notify_feedback(comment) -> None:
    """Tell a post's author that someone else (their mentor) gave feedback on it."""
    post, by = comment.post, comment.author
    if by.pk == post.author_id:
        return
    record(
        Kind.NEW_FEEDBACK,
        [
            Due(
                recipient=post.author,
                mentorship=post.mentorship,
                occasion=f"comment:{comment.pk}",
                subject=f"{by.name} gave feedback on “{post.title}”",
                body=f"{by.name} commented on your post “{post.title}”.",
                action_label="Read the feedback",
                action_path=post.get_absolute_url() + "#comments",
            )
        ],
    )


# Delivery --------------------------------------------------------------


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The (user id, kind) of a token; raises signing.BadSignature if it was tampered with."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if value.get("k") not in Kind.values:
        raise signing.BadSignature("unknown kind")
    return int(value["u"]), value["k"]


def unsubscribe_url(user: User, kind: str) -> str:
    token = unsubscribe_token(user, kind)
    return settings.SITE_URL + reverse("notification_unsubscribe", args=[token])


Attachment = tuple[str, bytes, str]  # file name, content, MIME type
_ATTACHMENTS: dict[str, Callable[[Notification], Attachment | None]] = {}


def register_attachment(kind: str):
    """Decorator: `make(notification)` returns a file to attach to emails of `kind` (e.g. the
    .ics of a meeting invitation), or None. Apps register theirs in AppConfig.ready()."""

    def register(make: Callable[[Notification], Attachment | None]):
        _ATTACHMENTS[kind] = make
        return make

    return register


def build_email(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    context = {
        "notification": notification,
        "recipient": recipient,
        "action_url": settings.SITE_URL + notification.action_path,
        "unsubscribe_url": unsubscribe_url(recipient, notification.kind),
        "settings_url": settings.SITE_URL + reverse("notification_settings"),
        "kind_label": notification.get_kind_display(),
    }
    email = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email/notification.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    if (make := _ATTACHMENTS.get(notification.kind)) and (attachment := make(notification)):
        email.attach(*attachment)
    return email


def _claim(now: datetime, limit: int) -> list[int]:
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=Notification.Status.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
        # If the row is still "sending" at next_attempt_at, the worker died: it goes back.
        Notification.objects.filter(id__in=ids).update(
            status=Notification.Status.SENDING, next_attempt_at=now + STUCK_SENDING
        )
    return ids


def deliver_pending(*, now: datetime | None = None, limit: int = 200) -> int:
    """Send pending emails; returns how many were sent. Safe to run anywhere, any time."""
    now = now or timezone.now()
    # A worker that died mid-send leaves rows in "sending": give them back after a while.
    Notification.objects.filter(status=Notification.Status.SENDING, next_attempt_at__lt=now).update(
        status=Notification.Status.PENDING
    )
    ids = _claim(now, limit)
    sent = 0
    for notification in Notification.objects.filter(id__in=ids).select_related("recipient"):
        try:
            build_email(notification).send()
        except Exception as error:
            attempts = notification.attempts + 1
            failed = attempts >= MAX_ATTEMPTS
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.FAILED if failed else Notification.Status.PENDING,
                attempts=attempts,
                next_attempt_at=now + timedelta(minutes=2**attempts),
                last_error=f"{type(error).__name__}: {error}"[:500],
            )
            logger.warning(
                "Notification %s not sent (attempt %s): %s",
                notification.pk,
                attempts,
                type(error).__name__,
            )
        else:
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.SENT,
                sent_at=timezone.now(),
                attempts=notification.attempts + 1,
            )
            sent += 1
    return sent


def resend(*, notification_ids: list[int]) -> int:
    """Put failed notifications back in the queue (an admin action)."""
    return Notification.objects.filter(
        id__in=notification_ids, status=Notification.Status.FAILED
    ).update(status=Notification.Status.PENDING, next_attempt_at=None, attempts=0)


# People's choices and the in-app list ---------------------------------------


def opt_out(*, user: User, kind: str) -> None:
    EmailOptOut.objects.get_or_create(user=user, kind=kind)


def set_email_preferences(*, user: User, enabled_kinds: list[str]) -> None:
    """Turn each kind on (enabled) or off for the person."""
    with transaction.atomic():
        EmailOptOut.objects.filter(user=user, kind__in=enabled_kinds).delete()
        EmailOptOut.objects.bulk_create(
            [EmailOptOut(user=user, kind=k) for k in Kind.values if k not in enabled_kinds],
            ignore_conflicts=True,
        )


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        notifications = notifications.filter(pk=notification_id)
    return notifications.update(read_at=timezone.now())
