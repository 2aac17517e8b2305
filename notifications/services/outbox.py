"""The outbox: notification rows written in the transaction of whatever caused them, their
delivery queued after the commit.

A sweep writes one `Notification` row per person and occasion (one INSERT per batch, `ON
CONFLICT DO NOTHING` on the unique key), so however often or concurrently it runs, an occasion
is recorded once."""

import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from mentorships.models import Mentorship
from notifications.models import EmailOptOut, Notification


@dataclass
class Due:
    recipient: User
    mentorship: Mentorship | None
    occasion: str
    subject: str
    body: str
    action_label: str
    action_path: str


def record(kind: str, due: list[Due]) -> None:
    """Write the rows (once per occasion: a second write of the same occasion is a no-op) and
    schedule their delivery after the commit. One query, whatever the number of rows."""
    if due:
        insert(kind, due)
        transaction.on_commit(deliver_soon)


def insert(kind: str, due: list[Due]) -> None:
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
    """`insert` through the ORM, for SQLite (local use): `json_to_recordset` is
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


def deliver_soon() -> None:
    from menteo.celery import enqueue
    from notifications.tasks import deliver_notifications

    # If the broker is down, the periodic delivery (every minute) sends the rows later.
    enqueue(deliver_notifications)
