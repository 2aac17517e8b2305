"""People's choices and the in-app list."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.models import EmailOptOut, Kind, Notification

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
