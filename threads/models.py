import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Kind(models.TextChoices):
    ASSUMPTION = "assumption", "Assumption"
    EXPERIMENT = "experiment", "Experiment"
    FAILURE = "failure", "Failure"
    BREAKTHROUGH = "breakthrough", "Breakthrough"
    REFLECTION = "reflection", "Reflection"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone on the web"
    MENTORSHIP = "mentorship", "Mentorship: you and your mentor"
    PRIVATE = "private", "Private: only you"


class GrowthThread(models.Model):
    """A person's journal: one per mentorship they are the mentee of, and one of their own."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="growth_threads"
    )
    mentorship = models.ForeignKey(
        "mentorships.Mentorship",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="growth_threads",
    )
    title = models.CharField(max_length=140)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["author", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "mentorship"], name="one_thread_per_author_and_mentorship"
            ),
            models.UniqueConstraint(
                fields=["author"],
                condition=Q(mentorship__isnull=True),
                name="one_personal_thread_per_author",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """One entry of a thread. A draft (no `published_at`) is seen by its author only.

    `author` and `mentorship` repeat the thread's, so the visibility rule is one flat filter.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(GrowthThread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_posts"
    )
    mentorship = models.ForeignKey(
        "mentorships.Mentorship",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread_posts",
    )
    title = models.CharField(max_length=140)
    body = models.TextField(max_length=20000, help_text="Markdown.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.MENTORSHIP
    )
    goal = models.ForeignKey(
        "mentorships.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    milestone = models.ForeignKey(
        "roadmaps.Milestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    in_journey_record = models.BooleanField(
        default=False, help_text="The author chose to include it in the journey record."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["visibility", "published_at"]),
            models.Index(fields=["author", "published_at"]),
            models.Index(fields=["mentorship", "published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("post_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC and not self.is_draft


class Comment(models.Model):
    """Feedback on a post, by its author or the mentor of its mentorship."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_comments"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.post}"
