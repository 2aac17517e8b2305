"""The rooms' part of a person's data (see accounts/personal_data.py): the messages they wrote,
in the download. The room is shared with the other person: erasure keeps the messages, by "a
former member"."""

from accounts import personal_data
from accounts.models import User
from accounts.personal_data import isoformat
from rooms.models import Message


@personal_data.section("room_messages")
def room_messages(user: User) -> list[dict]:
    rows = Message.objects.filter(author=user, deleted_at__isnull=True).select_related(
        "room__mentorship"
    )
    return [
        {"mentorship": m.room.mentorship.focus, "body": m.body, "when": isoformat(m.created_at)}
        for m in rows.order_by("id")
    ]
