from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    """What a notice is about; each kind can be turned off by email. Labels are plural nouns:
    the settings page lists them and every email's footer names its own."""

    NEW_REQUEST = "new_request", "Requests to you: new, withdrawn or expired"
    REQUEST_ANSWER = "request_answer", "Answers to your requests: accepted, declined or expired"
    CONTRACT_CHANGE = "contract_change", "Contract changes and agreements"
    STAGE_CHANGE = "stage_change", "Stage changes made by the other person"
    MENTORSHIP_STATUS = "mentorship_status", "Pauses, resumptions, endings and departures"
    MEETING_INVITE = "meeting_invite", "Meeting invitations, changes and cancellations"
    NEW_FEEDBACK = "new_feedback", "Feedback on your growth-thread posts"
    FEEDBACK_REQUEST = "feedback_request", "Requests for your private feedback on a mentorship"
    REVIEW_REMINDER = "review_reminder", "Review-date reminders"
    INITIATION_NUDGE = "initiation_nudge", "Nudges while the contract is unfinished"
    SEPARATION_READY = (
        "separation_ready",
        "“Ready for Separation” notes when every goal is achieved",
    )
    ACCOUNTABILITY_NUDGE = "accountability_nudge", "Nudges after quiet weeks"
    REDEFINITION_CHECKIN = "redefinition_checkin", "Check-in suggestions in Redefinition"
    UNREAD_DIGEST = "unread_digest", "Daily digests of unread room messages"


class Notification(models.Model):
    """One notice for one person, on one occasion; also the outbox of its email.

    The unique (recipient, kind, occasion) key makes each occasion happen once,
    whoever runs the sweep and however often. The row is written in the same transaction as
    whatever caused it, and a periodic task delivers pending rows, so a broker outage delays
    an email and never loses it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (unsubscribed)"

    # No index of its own: the unique key and the (recipient, read_at) index both start with
    # the recipient and serve every lookup by person; a third index only slowed the sweeps'
    # inserts (tens of thousands of rows in one run).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    mentorship = models.ForeignKey(
        "mentorships.Mentorship",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    occasion = models.CharField(
        max_length=100, help_text="What makes this notice unique, e.g. review:<id>:2027-03-12:7d"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text; the email and the in-app list show it.")
    action_label = models.CharField(max_length=60)
    action_path = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "occasion"], name="one_notification_per_occasion"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notification_pending",
                condition=Q(status="pending"),
            ),
            models.Index(fields=["recipient", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.occasion})"


class EmailOptOut(models.Model):
    """A person asked not to get emails of this kind (one click from any of them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out")]

    def __str__(self) -> str:
        return f"{self.user} opted out of {self.kind}"
