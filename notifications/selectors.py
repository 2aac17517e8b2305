from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery

from accounts.models import User
from notifications.models import EmailOptOut, Kind, Notification

LIST_SIZE = 50


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("mentorship")[:LIST_SIZE]


def navigation_counts(user: User) -> dict[str, int]:
    """Unread notifications and unread room messages, in one query."""
    from rooms.selectors import unread_total

    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .annotate(total=Func(F("pk"), function="COUNT"))
        .values("total")
    )
    notifications, room_messages = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread_notifications=Subquery(unread, output_field=IntegerField()),
            unread_room_messages=unread_total(user),
        )
        .values_list("unread_notifications", "unread_room_messages")
        .get()
    )
    return {"notifications": notifications or 0, "room_messages": room_messages or 0}


def enabled_kinds(user: User) -> list[str]:
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [kind for kind in Kind.values if kind not in off]
