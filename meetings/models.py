import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse

# The calendar ends on 9999-12-31: a meeting stored near it (before dates were bounded) can't
# be given its end time, shown in a time zone east of UTC or put in a calendar (a 500 on every
# page that lists it). Such meetings are left out of every read, as if they did not exist.
LAST_START = datetime(9998, 12, 31, tzinfo=UTC)


class MeetingManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(starts_at__lte=LAST_START)


class Meeting(models.Model):
    """One session of a pair: planned in advance, with an agenda both people add to, and
    notes and action items afterwards."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    DURATIONS = [(15, "15 minutes"), (30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"),
                 (90, "1½ hours"), (120, "2 hours")]  # fmt: skip

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(choices=DURATIONS, default=45)
    where = models.CharField(
        max_length=300, blank=True, help_text="A video-call link, a phone number or a place."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(blank=True, max_length=10000)
    sequence = models.PositiveIntegerField(
        default=0, help_text="iCalendar SEQUENCE: goes up at each reschedule or cancellation."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingManager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["mentorship", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting on {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", args=[self.pk])

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_planned(self) -> bool:
        """Only a planned meeting is moved or cancelled."""
        return self.status == self.Status.PLANNED

    @property
    def is_cancelled(self) -> bool:
        """A cancelled meeting takes no agenda items and no notes."""
        return self.status == self.Status.CANCELLED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class ActionItem(models.Model):
    """Something someone will do after the meeting; it can become a roadmap milestone."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who will do it.",
    )
    milestone = models.OneToOneField(
        "roadmaps.Milestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_item",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text
