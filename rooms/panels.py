from django.db.models import OuterRef, QuerySet

from accounts.models import User
from mentorships import panels
from mentorships.models import Mentorship
from rooms.selectors import latest_message_at, unread_count


def with_room_figures(mentorships: QuerySet[Mentorship], user: User) -> QuerySet[Mentorship]:
    """What the panel shows: the person's unread messages and when the last one was posted."""
    return mentorships.annotate(
        room_unread=unread_count(user, mentorship_ref=OuterRef("pk")),
        room_latest_at=latest_message_at(mentorship_ref=OuterRef("pk")),
    )


panels.register(
    "rooms", template="rooms/_mentorship_panel.html", order=30, prepare=with_room_figures
)
