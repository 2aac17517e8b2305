import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class Stage(models.TextChoices):
    INITIATION = "initiation", "Initiation"
    CULTIVATION = "cultivation", "Cultivation"
    SEPARATION = "separation", "Separation"
    REDEFINITION = "redefinition", "Redefinition"


ENDED = "ended"  # not a stage: a mentorship ends from any stage and keeps the stage it had
PAUSED, RESUMED = "paused", "resumed"  # recorded in the history like transitions


class Relationship(models.TextChoices):
    PEERS = "peers", "Peers"
    SPONSOR = "sponsor", "Sponsor"
    ADVISOR = "advisor", "Long-term advisor"
    FRIEND = "friend", "Friend"


class CheckinRhythm(models.TextChoices):
    QUARTERLY = "quarterly", "Every quarter"
    TWICE_A_YEAR = "twice_a_year", "Twice a year"
    YEARLY = "yearly", "Once a year"


class Expertise(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "expertise"

    def __str__(self) -> str:
        return self.name


class MentorProfile(models.Model):
    """What makes a person findable as a mentor.

    `search_vector` and `search_text` are derived, on PostgreSQL only, by triggers of migration
    0005 whenever the profile, the person's name, headline or bio, their expertise tags or a
    tag's name change, whatever makes the change (a form, the admin, a COPY): the vector
    (English stemming; name A, headline and expertise B, bio C) for ranked full-text search,
    the text (name, headline, expertise) for trigram similarity, which forgives misspellings.
    SQLite leaves both empty and searches by substring (`selectors.mentor_directory`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    expertise = models.ManyToManyField(Expertise, blank=True, related_name="mentors")
    capacity = models.PositiveSmallIntegerField(
        default=3, help_text="How many active mentees you can take at once."
    )
    is_accepting = models.BooleanField(
        "accepting new requests", default=True, help_text="Untick to pause new requests."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=50), name="mentor_capacity_range"
            )
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="mentor_search_vector"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="mentor_search_trigram"),
        ]

    def __str__(self) -> str:
        return f"Mentor profile of {self.user}"


class FocusArea(models.TextChoices):
    SKILL = "skill", "A skill"
    JOB_CHANGE = "job_change", "Job change"
    PROMOTION = "promotion", "Promotion"
    LEADERSHIP = "leadership", "First leadership role"
    LAUNCH = "launch", "Launching a product"
    FUNDING = "funding", "Funding round"
    OTHER = "other", "Something else"


class MentorshipRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_sent"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_received"
    )
    focus_area = models.CharField(max_length=20, choices=FocusArea.choices)
    focus = models.CharField(
        max_length=140, help_text="The skill or transition, e.g. 'Become an engineering manager'."
    )
    message = models.TextField(max_length=3000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    mentorship = models.OneToOneField(
        "Mentorship", null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(status="pending"),
                name="one_pending_request_per_pair",
            ),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="request_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.mentor}: {self.focus}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Mentorship(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentorships_as_mentee"
    )
    focus_area = models.CharField(max_length=20, choices=FocusArea.choices)
    focus = models.CharField(max_length=140)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INITIATION)
    cycle = models.PositiveSmallIntegerField(
        default=1, help_text="Goes up each time the pair cycles back to Cultivation."
    )
    current_contract = models.OneToOneField(
        "Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    stage_changed_at = models.DateTimeField()
    last_activity_at = models.DateTimeField(
        help_text="The pair's last sign of life: a room message, a shared post, a meeting that "
        "has started, a change of stage (see mentorships.activity). Kept by the services."
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.TextField(blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    resume_on = models.DateField(null=True, blank=True)
    relationship = models.CharField(
        max_length=20,
        choices=Relationship.choices,
        blank=True,
        help_text="What the relationship became in Redefinition.",
    )
    checkin_rhythm = models.CharField(
        max_length=20,
        choices=CheckinRhythm.choices,
        blank=True,
        help_text="How often to check in, in Redefinition.",
    )
    # Redefinition's shape is proposed by one person and confirmed (or changed) by the other:
    # until then `relationship` and `checkin_rhythm` keep what both last confirmed.
    proposed_relationship = models.CharField(
        max_length=20, choices=Relationship.choices, blank=True
    )
    proposed_checkin_rhythm = models.CharField(
        max_length=20, choices=CheckinRhythm.choices, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["mentor", "ended_at"]),
            models.Index(fields=["mentee", "ended_at"]),
            models.Index(fields=["stage", "stage_changed_at"]),
            # Quiet pairs: the at-risk list and the accountability nudge.
            models.Index(
                fields=["stage", "last_activity_at"],
                condition=Q(ended_at__isnull=True, paused_at__isnull=True),
                name="mentorship_live_activity",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="mentorship_two_people"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(end_reason=""),
                name="ended_mentorship_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}: {self.focus}"

    def get_absolute_url(self) -> str:
        return reverse("mentorship_detail", args=[self.pk])

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def stage_index(self) -> int:
        return Stage.values.index(self.stage)

    @property
    def has_proposal(self) -> bool:
        return bool(self.proposed_relationship)

    def role_of(self, user) -> str:
        return "mentor" if user.pk == self.mentor_id else "mentee"

    def other_person(self, user):
        return self.mentee if user.pk == self.mentor_id else self.mentor


class MeetingCadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    AS_NEEDED = "as_needed", "As needed"


class CommunicationMethod(models.TextChoices):
    ROOM = "room", "Menteo room"
    VIDEO = "video", "Video call"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"


class Contract(models.Model):
    """One version of a cycle's contract. A version that anyone agreed to is never edited:
    a change makes a new version, so every agreed text stays readable."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="contracts")
    cycle = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField()
    ground_rules = models.TextField(blank=True, max_length=5000)
    meeting_cadence = models.CharField(
        max_length=20, choices=MeetingCadence.choices, default=MeetingCadence.FORTNIGHTLY
    )
    communication_methods = models.JSONField(default=list, blank=True)
    review_date = models.DateField(help_text="The planned review of the relationship.")
    goals_snapshot = models.JSONField(
        default=list, blank=True, help_text="The goals as they read in this version."
    )
    mentor_agreed_at = models.DateTimeField(null=True, blank=True)
    mentee_agreed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mentorship", "cycle", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "cycle", "version"], name="one_contract_version"
            )
        ]

    def __str__(self) -> str:
        return f"Contract v{self.version} (cycle {self.cycle}) of {self.mentorship_id}"

    @property
    def is_agreed_by_both(self) -> bool:
        return self.mentor_agreed_at is not None and self.mentee_agreed_at is not None

    @property
    def has_any_agreement(self) -> bool:
        return self.mentor_agreed_at is not None or self.mentee_agreed_at is not None

    def communication_method_labels(self) -> list[str]:
        labels = dict(CommunicationMethod.choices)
        return [labels.get(value, value) for value in self.communication_methods]


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACHIEVED = "achieved", "Achieved"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    cycle = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=140)
    success_criterion = models.CharField(
        "how we'll know", max_length=300, help_text="Measurable: a number, a date, a result."
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(blank=True, max_length=2000)
    achieved_at = models.DateTimeField(null=True, blank=True)
    reopened_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mentorship", "cycle", "order", "id"]
        indexes = [models.Index(fields=["mentorship", "cycle"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_achieved(self) -> bool:
        return self.status == self.Status.ACHIEVED


class GoalAcknowledgement(models.Model):
    """One person's formal acknowledgement of a goal in the Separation review."""

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["goal", "user"], name="one_acknowledgement_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_outcome_display()} ({self.goal})"


class StageTransition(models.Model):
    """The record of the journey: every change of stage, and the start and end."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=20, blank=True)
    to_stage = models.CharField(max_length=20)
    cycle = models.PositiveSmallIntegerField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["mentorship", "created_at"])]

    def __str__(self) -> str:
        return f"{self.from_stage or 'start'} → {self.to_stage}"

    @staticmethod
    def label(value: str) -> str:
        markers = {ENDED: "Ended", PAUSED: "Paused", RESUMED: "Resumed", "": "Start"}
        return markers[value] if value in markers else Stage(value).label

    @property
    def from_label(self) -> str:
        return self.label(self.from_stage)

    @property
    def to_label(self) -> str:
        return self.label(self.to_stage)


class ExitFeedback(models.Model):
    """One person's private feedback when a mentorship ends or reaches Redefinition.

    Only its author and the program admins read it; a mentor's profile shows aggregates of
    three or more, never one person's answer."""

    class Occasion(models.TextChoices):
        ENDED = "ended", "Ended"
        REDEFINITION = "redefinition", "Reached Redefinition"

    RATINGS = [(n, str(n)) for n in range(1, 6)]

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="exit_feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(
        max_length=10, choices=[("mentor", "Mentor"), ("mentee", "Mentee")]
    )
    occasion = models.CharField(max_length=20, choices=Occasion.choices)
    cycle = models.PositiveSmallIntegerField()
    what_worked = models.TextField(max_length=2000)
    what_to_change = models.TextField(max_length=2000, blank=True)
    relationship_rating = models.PositiveSmallIntegerField(choices=RATINGS)
    progress_rating = models.PositiveSmallIntegerField(choices=RATINGS)
    would_recommend = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author", "occasion", "cycle"], name="one_exit_feedback"
            ),
            models.CheckConstraint(
                condition=Q(relationship_rating__range=(1, 5), progress_rating__range=(1, 5)),
                name="exit_feedback_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback by {self.author} on {self.mentorship_id} ({self.occasion})"
