"""Delivery of the outbox: claimed with `SELECT … FOR UPDATE SKIP LOCKED`, so two workers never
send the same row; a failed send goes back to pending with a growing back-off."""

import logging
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from menteo.http import absolute_url
from menteo.mail import site_message_id
from notifications.models import EmailOptOut, Kind, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


STUCK_SENDING = timedelta(minutes=15)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


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
    return absolute_url(reverse("notification_unsubscribe", args=[token]))


Attachment = tuple[str, bytes, str]  # file name, content, MIME type
_ATTACHMENTS: dict[str, Callable[[Notification], Attachment | None]] = {}


def register_attachment(kind: str):
    """Decorator: `make(notification)` returns a file to attach to emails of `kind` (e.g. the
    .ics of a meeting invitation), or None. Apps register theirs in AppConfig.ready()."""

    def register(make: Callable[[Notification], Attachment | None]):
        _ATTACHMENTS[kind] = make
        return make

    return register


SUBJECT_LENGTH = 150


def email_subject(text: str) -> str:
    """A subject is one header line: names and titles stored before they were checked may hold
    newlines or control characters, which make the send fail (BadHeaderError). All whitespace
    becomes one space, other control characters go, and a long subject ends with "…"."""
    printable = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return Truncator(" ".join(printable.split())).chars(SUBJECT_LENGTH)


class NotificationEmail(EmailMultiAlternatives):
    """Keeps a MIME type's parameters (`text/calendar; method=REQUEST`) as parameters of the
    part: Django would fold them into the subtype. Outlook and Exchange show an invitation as a
    meeting request only from a text/calendar part that carries its method."""

    def _create_mime_attachment(self, content, mimetype):
        mimetype, _, parameters = mimetype.partition(";")
        if isinstance(content, bytes) and mimetype.strip().startswith("text/"):
            content = content.decode()
        part = super()._create_mime_attachment(content, mimetype.strip())
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name and name.lower() != "charset":  # Django sets the charset itself
                part.set_param(name, value.strip('"'))
        return part


def build_email(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    context = {
        "notification": notification,
        "recipient": recipient,
        "action_url": absolute_url(notification.action_path),
        "unsubscribe_url": unsubscribe_url(recipient, notification.kind),
        "settings_url": absolute_url(reverse("notification_settings")),
        "kind_label": notification.get_kind_display(),
    }
    email = NotificationEmail(
        subject=email_subject(notification.subject),
        body=render_to_string("notifications/email/notification.txt", context),
        to=[recipient.email],
        headers={
            # One per row, not per attempt: an email sent again after a worker died mid-send
            # is recognised by mail systems as the one they already have.
            "Message-ID": site_message_id(f"notification.{notification.pk}"),
            # RFC 8058: mail systems offer "unsubscribe" and POST here in one click (https
            # when SITE_URL is).
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    if (make := _ATTACHMENTS.get(notification.kind)) and (attachment := make(notification)):
        name, content, mimetype = attachment
        if mimetype.startswith("text/calendar"):
            # Inline too, as Google sends it: calendar clients that ignore attachments
            # (Outlook, Exchange) take the request from the alternative part.
            email.attach_alternative(content, mimetype)
        email.attach(name, content, mimetype)
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
    # Choices are read again at sending time: an email recorded before a one-click unsubscribe
    # (or before the person left) is not sent after it.
    unwanted = (
        Q(recipient__is_active=False)
        | Q(recipient__email="")
        | Exists(EmailOptOut.objects.filter(user=OuterRef("recipient"), kind=OuterRef("kind")))
    )
    Notification.objects.filter(Q(id__in=ids) & unwanted).update(
        status=Notification.Status.SKIPPED, next_attempt_at=None
    )
    sent = 0
    claimed = Notification.objects.filter(id__in=ids, status=Notification.Status.SENDING)
    for notification in claimed.select_related("recipient"):
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
