"""Writes for rooms: posting, editing and deleting messages, and read markers.

Every change takes the room's row lock and raises its revision, so ids and revisions are given
out in commit order within a room: a poller holding `after=<id>` and `revision=<n>` never misses
a message that commits later with a smaller number.
"""

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from menteo.errors import Conflict, Invalid, NotAllowed
from menteo.events import announce
from menteo.markdown import render_markdown
from mentorships import events
from mentorships.models import Mentorship
from rooms import revisions
from rooms.models import EDIT_WINDOW_MINUTES, MAX_MESSAGE_LENGTH, Message, ReadMarker, Room


def room_create(*, mentorship: Mentorship) -> Room:
    """The room of a mentorship; safe to call again (returns the existing one)."""
    room, _ = Room.objects.get_or_create(mentorship=mentorship)
    return room


def _locked_room(room: Room) -> Room:
    return Room.objects.select_for_update(of=("self",)).select_related("mentorship").get(pk=room.pk)


def _refuse_if_read_only(room: Room) -> None:
    if room.mentorship.is_ended:
        raise Conflict("This mentorship has ended: its room is read-only.")


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise Invalid("Write something first.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise Invalid(
            f"A message can be at most {MAX_MESSAGE_LENGTH} characters (this one has {len(body)})."
        )
    return body


def _next_revision(room: Room) -> int:
    room.revision += 1
    room.save(update_fields=["revision"])
    revisions.publish(room)
    return room.revision


def message_post(*, room: Room, author: User, body: str, client_token: uuid.UUID) -> Message:
    """Post a message as one of the room's two people, unless the mentorship has ended.

    Idempotent: the same client token from the same author in the same room (a double click,
    a retry after a timeout) returns the message already stored instead of a second one."""
    body = _clean_body(body)
    with transaction.atomic():
        room = _locked_room(room)
        if author.pk not in (room.mentorship.mentor_id, room.mentorship.mentee_id):
            raise NotAllowed("Only the mentor and the mentee can write in this room.")
        existing = Message.objects.filter(room=room, client_token=client_token).first()
        if existing is not None:
            if existing.author_id != author.pk:
                raise Conflict("This form was already used: reload the page and try again.")
            return existing
        _refuse_if_read_only(room)
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    room=room,
                    author=author,
                    body=body,
                    body_html=render_markdown(body, breaks=True),
                    client_token=client_token,
                    revision=_next_revision(room),
                )
        except IntegrityError:  # cannot happen under the room lock; kept as the last guard
            return Message.objects.get(room=room, client_token=client_token, author=author)
        mark_read_in(room_id=room.pk, user=author, message_id=message.pk)
        announce(
            events.MessagePosted(
                actor_id=author.pk,
                mentorship_id=room.mentorship_id,
                message_id=message.pk,
                at=message.created_at,
            )
        )
    return message


def _own_message(room: Room, message_id: int, by: User) -> Message:
    message = Message.objects.filter(room=room, pk=message_id).first()
    if message is None:
        raise Conflict("This message does not exist.")
    if message.author_id != by.pk:
        raise NotAllowed("You can only change your own messages.")
    if message.is_deleted:
        raise Conflict("This message was deleted.")
    return message


def edit_deadline(message: Message):
    return message.created_at + timedelta(minutes=EDIT_WINDOW_MINUTES)


def message_edit(*, room: Room, message_id: int, by: User, body: str) -> Message:
    """Change one's own message within 15 minutes of posting it, in a room still open."""
    body = _clean_body(body)
    with transaction.atomic():
        room = _locked_room(room)
        message = _own_message(room, message_id, by)
        _refuse_if_read_only(room)
        if timezone.now() > edit_deadline(message):
            raise Conflict(
                f"Messages can be edited for {EDIT_WINDOW_MINUTES} minutes after posting."
            )
        if body == message.body:
            return message
        message.body = body
        message.body_html = render_markdown(body, breaks=True)
        message.edited_at = timezone.now()
        message.revision = _next_revision(room)
        message.save(update_fields=["body", "body_html", "edited_at", "revision"])
    return message


def message_delete(*, room: Room, message_id: int, by: User) -> Message:
    """Delete one's own message: it stays in its place as "message deleted", its text gone."""
    with transaction.atomic():
        room = _locked_room(room)
        message = _own_message(room, message_id, by)
        _refuse_if_read_only(room)
        return _soft_delete(room, message)


def message_hide(*, room: Room, message_id: int) -> Message:
    """Staff moderation from the admin: like a delete by the author, in any room."""
    with transaction.atomic():
        room = _locked_room(room)
        message = Message.objects.get(room=room, pk=message_id)
        if message.is_deleted:
            return message
        return _soft_delete(room, message)


def _soft_delete(room: Room, message: Message) -> Message:
    """The row stays (cursors and order hold); its text goes."""
    message.body = ""
    message.body_html = ""
    message.deleted_at = timezone.now()
    message.revision = _next_revision(room)
    message.save(update_fields=["body", "body_html", "deleted_at", "revision"])
    return message


def mark_read_in(*, room_id: int, user: User, message_id: int) -> None:
    """Move the person's read marker in a room forward to `message_id`; never backwards."""
    moved = ReadMarker.objects.filter(
        room_id=room_id, user=user, last_read_message_id__lt=message_id
    ).update(last_read_message_id=message_id, updated_at=timezone.now())
    if not moved:
        ReadMarker.objects.get_or_create(
            room_id=room_id, user=user, defaults={"last_read_message_id": message_id}
        )


def room_mark_read(*, room: Room, user: User, message_id: int) -> None:
    """The person read the room up to `message_id` (one of its messages: a made-up larger id
    would mark messages not yet written as read). Skipped when the marker is already there."""
    if message_id <= getattr(room, "my_last_read", 0):
        return
    if Message.objects.filter(room=room, pk=message_id).exists():
        mark_read_in(room_id=room.pk, user=user, message_id=message_id)
