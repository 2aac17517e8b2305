"""Reads for rooms. A room is reached only through its mentorship's access rule: 404 alike for
"not yours" and "does not exist"."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Count,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from mentorships.selectors import get_mentorship_for, participant_filter
from rooms.models import Message, ReadMarker, Room

PAGE_SIZE = 50
SEARCH_LIMIT = 50


def _last_read(user: User, room_ref) -> Subquery:
    return Subquery(
        ReadMarker.objects.filter(room=room_ref, user=user).values("last_read_message_id")[:1],
        output_field=IntegerField(),
    )


def unread_count(user: User, *, room_ref=None, mentorship_ref=None) -> Coalesce:
    """An expression for annotations: messages from the other person after the person's read
    marker (deleted ones do not count). Pass OuterRef to the room or to the mentorship.

    The read marker is looked up from the outer row, not from each message, and the count has
    no GROUP BY: PostgreSQL then reads only the unread messages through the (room, id) index,
    instead of testing the marker against every message of a long room."""
    messages = Message.objects.filter(deleted_at__isnull=True).exclude(author=user)
    if room_ref is not None:
        messages = messages.filter(room=room_ref)
        markers = ReadMarker.objects.filter(room=OuterRef(room_ref), user=user)
    else:
        messages = messages.filter(room__mentorship=mentorship_ref)
        markers = ReadMarker.objects.filter(room__mentorship=OuterRef(mentorship_ref), user=user)
    last_read = Subquery(markers.values("last_read_message_id")[:1], output_field=IntegerField())
    counted = (
        messages.filter(id__gt=Coalesce(last_read, 0))
        .order_by()
        .annotate(count=Func("pk", function="COUNT"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def latest_message_at(*, mentorship_ref) -> Subquery:
    """An expression for annotations: when the room's newest message was posted.

    The room is a subquery rather than a join, so PostgreSQL knows the room before reading
    messages and walks the (room, id) index backwards to the newest one, instead of sorting
    every message of a long room."""
    room = Room.objects.filter(mentorship=OuterRef(mentorship_ref)).values("pk")[:1]
    return Subquery(
        Message.objects.filter(room=Subquery(room), deleted_at__isnull=True)
        .order_by("-id")
        .values("created_at")[:1]
    )


def get_room_for(user: User, mentorship_pk) -> Room:
    """The room of mentorship `mentorship_pk` for one of its two people, in one query, with
    `my_last_read` (the person's read marker, 0 if none). 404 for anyone else.

    A mentorship from before rooms existed gets its room on first visit."""
    if not user.is_authenticated:
        raise Http404("No room found.")
    room = (
        Room.objects.filter(participant_filter(user, "mentorship__"))
        .select_related("mentorship__mentor", "mentorship__mentee")
        .annotate(my_last_read=Coalesce(_last_read(user, OuterRef("pk")), 0))
        .filter(mentorship_id=mentorship_pk)
        .first()
    )
    if room is None:
        mentorship = get_mentorship_for(user, mentorship_pk)  # 404 for outsiders
        room, _ = Room.objects.get_or_create(mentorship=mentorship)
        room.my_last_read = 0
    return room


def room_state_for_poll(user: User, mentorship_pk) -> dict | None:
    """Only what a poll needs to answer "nothing new": one small query, None for outsiders."""
    return (
        Room.objects.filter(participant_filter(user, "mentorship__"), mentorship_id=mentorship_pk)
        .values("pk", "revision", "mentorship__ended_at", "mentorship__mentor_id")
        .first()
    )


def _messages(room_id) -> QuerySet[Message]:
    return Message.objects.filter(room_id=room_id).select_related("author")


@dataclass
class MessagePage:
    messages: list[Message]
    has_earlier: bool

    @property
    def earliest_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None

    @property
    def latest_id(self) -> int:
        return self.messages[-1].pk if self.messages else 0


def latest_messages(room: Room, *, before: int | None = None, size: int = PAGE_SIZE) -> MessagePage:
    """A page of messages in reading order: the latest ones, or those just before the id
    `before` (a cursor, so new messages arriving meanwhile never shift a page)."""
    messages = _messages(room.pk)
    if before is not None:
        messages = messages.filter(id__lt=before)
    newest_first = list(messages.order_by("-id")[: size + 1])
    return MessagePage(
        messages=list(reversed(newest_first[:size])), has_earlier=len(newest_first) > size
    )


def changed_messages(room_id, *, since_revision: int) -> list[Message]:
    """Messages posted, edited or deleted after the room's revision `since_revision`."""
    return list(_messages(room_id).filter(revision__gt=since_revision).order_by("id"))


def search_messages(room: Room, query: str) -> list[Message]:
    """Full-text search on PostgreSQL (English stemming, web-search syntax), a plain
    case-insensitive match elsewhere. Newest first, at most SEARCH_LIMIT."""
    messages = _messages(room.pk).filter(deleted_at__isnull=True)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        messages = messages.annotate(document=SearchVector("body", config="english")).filter(
            document=SearchQuery(query, config="english", search_type="websearch")
        )
    else:
        messages = messages.filter(body__icontains=query)
    return list(messages.order_by("-id")[:SEARCH_LIMIT])


def unread_counts(user: User) -> dict[int, int]:
    """Unread messages per room for one person ({room id: count}, rooms with none left out),
    in one query: for the digest of unread messages and the navigation."""
    rooms = (
        Room.objects.filter(participant_filter(user, "mentorship__"))
        .annotate(unread=unread_count(user, room_ref=OuterRef("pk")))
        .filter(unread__gt=0)
        .values_list("pk", "unread")
    )
    return dict(rooms)


def unread_by_person(*, include_ended: bool = False) -> list[dict]:
    """Every (person, room) with unread messages, for the digest of unread messages: dicts of
    user_id, mentorship_id, room_id, unread (count), latest_at and oldest_at (the newest and
    the oldest unread message).
    Two queries (one per role) whatever the number of rooms."""
    rows: list[dict] = []
    for role in ("mentor", "mentee"):
        person = f"mentorship__{role}_id"
        last_read = Subquery(
            ReadMarker.objects.filter(room=OuterRef("pk"), user=OuterRef(person)).values(
                "last_read_message_id"
            )[:1],
            output_field=IntegerField(),
        )
        unread = (
            Message.objects.filter(
                room=OuterRef("pk"), deleted_at__isnull=True, id__gt=OuterRef("last_read")
            )
            .exclude(author=OuterRef(person))
            .order_by()
            .values("room")
        )
        rooms = Room.objects.annotate(
            last_read=Coalesce(last_read, 0),
            unread=Coalesce(
                Subquery(
                    unread.annotate(count=Count("pk")).values("count")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            latest_at=Subquery(unread.annotate(latest=Max("created_at")).values("latest")[:1]),
            oldest_at=Subquery(unread.annotate(oldest=Min("created_at")).values("oldest")[:1]),
        ).filter(unread__gt=0)
        if not include_ended:
            rooms = rooms.filter(mentorship__ended_at__isnull=True)
        rows += [
            {"user_id": user_id, "mentorship_id": mentorship_id, "room_id": room_id,
             "unread": count, "latest_at": latest_at, "oldest_at": oldest_at}
            for room_id, mentorship_id, user_id, count, latest_at, oldest_at in rooms.values_list(
                "pk", "mentorship_id", person, "unread", "latest_at", "oldest_at"
            )
        ]  # fmt: skip
    return rows
