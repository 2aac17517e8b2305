from django.db.models import QuerySet

from accounts.models import User
from notifications.models import EmailOptOut, Kind, Notification

LIST_SIZE = 50


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("mentorship")[:LIST_SIZE]


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def enabled_kinds(user: User) -> list[str]:
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [kind for kind in Kind.values if kind not in off]
