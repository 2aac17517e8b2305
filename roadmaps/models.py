import secrets
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from mentorships.models import FocusArea


class RoadmapTemplate(models.Model):
    """A curated roadmap that admins maintain. Pairs copy it; a copy never changes it."""

    title = models.CharField(max_length=140)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.TextField(max_length=2000)
    focus_area = models.CharField(max_length=20, choices=FocusArea.choices)
    is_published = models.BooleanField(
        default=True, help_text="Only published templates appear in the library."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap_template_detail", args=[self.slug])


class MilestoneTemplate(models.Model):
    template = models.ForeignKey(
        RoadmapTemplate, on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=140)
    description = models.TextField(blank=True, max_length=4000)
    offset_weeks = models.PositiveSmallIntegerField(
        "due after (weeks)", default=2, help_text="Weeks after the roadmap's start date."
    )

    class Meta:
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.title


@dataclass
class Progress:
    total: int = 0
    done: int = 0
    doing: int = 0
    overdue: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)  # open and not overdue, in roadmap order

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class Roadmap(models.Model):
    """A mentorship's own roadmap: an ordered list of milestones (a copy, never a template)."""

    mentorship = models.OneToOneField(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="roadmap"
    )
    title = models.CharField(max_length=140, default="Roadmap")
    template = models.ForeignKey(
        RoadmapTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmaps",
        help_text="The curated template this roadmap was copied from, if any.",
    )
    start_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title

    def progress(self, today: date | None = None) -> Progress:
        """Figures from `milestones.all()`, so a prefetch serves them without a query."""
        today = today or timezone.localdate()
        progress = Progress()
        for milestone in self.milestones.all():
            progress.total += 1
            if milestone.is_done:
                progress.done += 1
            elif milestone.status == Milestone.Status.DOING:
                progress.doing += 1
            if milestone.is_overdue_on(today):
                progress.overdue.append(milestone)
            elif not milestone.is_done:
                progress.upcoming.append(milestone)
        return progress


class Milestone(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", "To do"
        DOING = "doing", "Doing"
        DONE = "done", "Done"

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=140)
    description = models.TextField(blank=True, max_length=4000)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TODO)
    done_at = models.DateTimeField(null=True, blank=True)
    goal = models.ForeignKey(
        "mentorships.Goal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["roadmap", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue_on(self, today: date) -> bool:
        return not self.is_done and self.due_date is not None and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class RoadmapSnapshot(models.Model):
    """The roadmap as it read when both people agreed to a contract version.

    Kept as JSON so later edits of the milestones never change what was agreed."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="snapshots")
    contract = models.ForeignKey(
        "mentorships.Contract", on_delete=models.CASCADE, related_name="roadmap_snapshots"
    )
    cycle = models.PositiveSmallIntegerField()
    milestones = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["roadmap", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contract"], name="one_roadmap_snapshot_per_contract")
        ]

    def __str__(self) -> str:
        return f"Roadmap as agreed in contract {self.contract_id}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret calendar address: whoever knows it reads their due dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("calendar_feed", args=[self.token])
