from django.db import models


class Roadmap(models.Model):
    """A mentorship's own roadmap: an ordered list of milestones (a copy, never a template)."""

    mentorship = models.OneToOneField(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="roadmap"
    )
    title = models.CharField(max_length=140, default="Roadmap")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


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
