import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

MAX_MESSAGE_LENGTH = 5000
EDIT_WINDOW_MINUTES = 15


class Room(models.Model):
    """The private conversation of one mentorship.

    `revision` goes up by one with every post, edit and delete, under a lock on this row: a poll
    that already saw revision N needs nothing when the room is still at N, and messages get
    their ids in the order their transactions commit, so an `after=<id>` cursor never skips one.
    """

    mentorship = models.OneToOneField(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="room"
    )
    revision = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Room of {self.mentorship}"

    def get_absolute_url(self) -> str:
        return reverse("room_detail", args=[self.mentorship_id])


class Message(models.Model):
    id = models.BigAutoField(primary_key=True)
    # No index of its own: the (room, id) index below serves every lookup by room, and with a
    # second one PostgreSQL picked the narrower index and filtered a long room row by row.
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    # A deleted account leaves its messages to the other person, from "a former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=MAX_MESSAGE_LENGTH, help_text="Markdown.")
    body_html = models.TextField(editable=False, help_text="Sanitized HTML of the body.")
    client_token = models.UUIDField(
        default=uuid.uuid4, help_text="Set by the form when it is shown: a resend is one message."
    )
    revision = models.PositiveBigIntegerField(
        default=0, help_text="The room's revision when this message last changed."
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["room", "client_token"], name="one_message_per_token")
        ]
        indexes = [
            models.Index(fields=["room", "id"], name="message_room_id"),
            models.Index(fields=["room", "revision"], name="message_room_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.author or 'A former member'}: {self.body[:40]}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ReadMarker(models.Model):
    """How far one person has read in one room: the id of the last message they saw."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_message_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="one_read_marker_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} read up to {self.last_read_message_id} in {self.room_id}"
