from django.utils.functional import SimpleLazyObject

from notifications.selectors import navigation_counts


def unread_notifications(request):
    """The navigation's counts (unread notifications under the bell, unread room messages), in
    one query, made only when a full page's navigation renders them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = SimpleLazyObject(lambda: navigation_counts(user))
    return {
        "unread_notifications": SimpleLazyObject(lambda: counts["notifications"]),
        "unread_room_messages": SimpleLazyObject(lambda: counts["room_messages"]),
    }
