from django.utils.functional import SimpleLazyObject

from rooms.selectors import unread_counts


def unread_room_messages(request):
    """The navigation's count of unread room messages, queried only when a page renders it
    (one query). Wiring: add "rooms.context_processors.unread_room_messages" to the context
    processors and include "rooms/_nav_item.html" in base.html's navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_room_messages": SimpleLazyObject(lambda: sum(unread_counts(user).values()))}
