from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    username = factory.Sequence(lambda n: f"person{n}")
    display_name = factory.Faker("name")
    headline = factory.Faker("job")
    timezone = "Europe/London"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentorships.Expertise"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Expertise {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentorships.MentorProfile"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    capacity = 3
    is_accepting = True

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.set(
                [
                    ExpertiseFactory(name=name) if isinstance(name, str) else name
                    for name in extracted
                ]
            )


class MentorshipRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentorships.MentorshipRequest"

    mentee = factory.SubFactory(UserFactory)
    mentor = factory.LazyAttribute(lambda o: MentorProfileFactory().user)
    focus_area = "leadership"
    focus = "Become an engineering manager"
    message = "I was just asked to lead a team of four and would love your guidance."


GOALS = [
    ("Run weekly one-on-ones with all four reports", "Four recurring 1:1s held for 8 weeks"),
    ("Ship the Q3 platform migration as lead", "Migration live with no P1 incident"),
    ("Get a written promotion case reviewed", "Case reviewed by my director by June"),
    ("Hire one engineer", "Offer accepted"),
]


def make_mentorship(**kwargs):
    """A mentorship brought to `stage` through the real services, as two people would.

    Setting up is not news: the notices the steps recorded (stage changes, agreements) are
    removed, so a test sees only the notices of what it does itself.
    """
    from django.db import transaction

    from notifications.models import Notification

    with transaction.atomic():  # removed before any delivery after the commit could send them
        mentorship = _make_mentorship(**kwargs)
        Notification.objects.filter(mentorship=mentorship).delete()
    return mentorship


def _make_mentorship(
    *,
    mentor=None,
    mentee=None,
    stage="initiation",
    goals=3,
    milestones=1,
    agreed=None,
    achieved=None,
    acknowledged=False,
    ended=False,
):
    from datetime import timedelta

    from django.utils import timezone

    from mentorships import services
    from roadmaps.models import Milestone

    mentor = mentor or MentorProfileFactory().user
    if not hasattr(mentor, "mentor_profile"):
        MentorProfileFactory(user=mentor)
    mentee = mentee or UserFactory()
    mentorship = services.mentorship_create(
        mentor=mentor,
        mentee=mentee,
        focus_area="leadership",
        focus="Become an engineering manager",
        by=mentor,
    )
    if goals:
        services.contract_update(
            mentorship=mentorship,
            by=mentee,
            expected_version=1,
            ground_rules="Reply within two working days. Cancel 24 hours ahead.",
            meeting_cadence="fortnightly",
            communication_methods=["room", "video"],
            review_date=timezone.localdate() + timedelta(days=180),
            goals=[services.GoalInput(title=t, success_criterion=c) for t, c in GOALS[:goals]],
        )
    for index in range(milestones):
        Milestone.objects.create(
            roadmap=mentorship.roadmap, order=index, title=f"Milestone {index + 1}"
        )
    order = ["initiation", "cultivation", "separation", "redefinition"]
    target = order.index(stage)
    if agreed is None:
        agreed = target >= 1
    if agreed:
        for person in (mentor, mentee):
            services.contract_agree(mentorship=mentorship, by=person, version=1)
    if target >= 1:
        services.transition(mentorship=mentorship, to="cultivation", by=mentee)
    if achieved is None:
        achieved = target >= 2
    if achieved:
        for goal in mentorship.goals.all():
            services.goal_set_status(
                mentorship=mentorship,
                goal_id=goal.pk,
                by=mentee,
                achieved=True,
                evidence="Done, see the room.",
            )
    if target >= 2:
        services.transition(mentorship=mentorship, to="separation", by=mentor)
    if acknowledged or target >= 3:
        for goal in mentorship.goals.all():
            for person in (mentor, mentee):
                services.goal_acknowledge(
                    mentorship=mentorship,
                    goal_id=goal.pk,
                    by=person,
                    outcome="achieved",
                    note="Clearly reached.",
                )
    if target >= 3:
        services.transition(mentorship=mentorship, to="redefinition", by=mentor)
    if ended:
        services.mentorship_end(mentorship=mentorship, by=mentee, reason="Changed jobs.")
    mentorship.refresh_from_db()
    return mentorship


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(UserFactory)
    kind = "review_reminder"
    occasion = factory.Sequence(lambda n: f"test:{n}")
    subject = "Your review is in 7 days"
    body = "Look at the goals together."
    action_label = "Open"
    action_path = "/"


# --- meetings ---


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    mentorship = factory.LazyFunction(lambda: make_mentorship(stage="cultivation"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    duration_minutes = 45
    where = "https://meet.example.com/pair"
    created_by = factory.LazyAttribute(lambda o: o.mentorship.mentor)


# --- rooms ---


def room_of(mentorship):
    from rooms.models import Room

    return Room.objects.get(mentorship=mentorship)


def post_message(mentorship, author, body="Quick question about the roadmap.", token=None):
    """A message posted through the real service, as a person would."""
    import uuid

    from rooms import services

    return services.message_post(
        room=room_of(mentorship), author=author, body=body, client_token=token or uuid.uuid4()
    )


def bulk_messages(mentorship, count, *, authors=None):
    """Many messages at once (for query counts): alternating authors, room revision kept."""
    import uuid

    from django.utils.html import escape

    from rooms.models import Message

    room = room_of(mentorship)
    authors = authors or [mentorship.mentor, mentorship.mentee]
    Message.objects.bulk_create(
        [
            Message(
                room=room,
                author=authors[index % len(authors)],
                body=f"Message number {index}",
                body_html=f"<p>{escape(f'Message number {index}')}</p>",
                client_token=uuid.uuid4(),
                revision=room.revision + index + 1,
            )
            for index in range(count)
        ],
        batch_size=1000,
    )
    room.revision += count
    room.save(update_fields=["revision"])
    return room


# --- roadmaps ---


class RoadmapTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roadmaps.RoadmapTemplate"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Roadmap template {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "A tested path to a clear result."
    focus_area = "leadership"

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        """steps=[(weeks, title), ...] creates the milestone templates in that order."""
        if create and extracted:
            for order, (weeks, title) in enumerate(extracted):
                MilestoneTemplateFactory(
                    template=self, order=order, offset_weeks=weeks, title=title
                )


class MilestoneTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roadmaps.MilestoneTemplate"

    template = factory.SubFactory(RoadmapTemplateFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Template step {n}")
    description = "What to do and how to know it's done."
    offset_weeks = 2


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roadmaps.Milestone"

    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Step {n}")


# --- threads ---


def make_post(
    *,
    mentorship=None,
    author=None,
    visibility="mentorship",
    kind="experiment",
    title="Tried pairing with the new hire",
    body="It went **better** than I assumed.",
    published=True,
    **extra,
):
    """A post in the author's thread (the mentee's thread of `mentorship` when given)."""
    from threads.models import Post
    from threads.services import thread_for

    if author is None:
        author = mentorship.mentee if mentorship is not None else UserFactory()
    thread = thread_for(author=author, mentorship=mentorship)
    return Post.objects.create(
        thread=thread,
        author=author,
        mentorship=mentorship,
        title=title,
        body=body,
        kind=kind,
        visibility=visibility,
        published_at=timezone.now() if published else None,
        **extra,
    )


def confirm_proposal(mentorship, by):
    """Confirm the Redefinition proposal as the page shows it now (what the button sends)."""
    from mentorships import services
    from mentorships.models import Mentorship

    shown = Mentorship.objects.get(pk=mentorship.pk)
    return services.relationship_confirm(
        mentorship=mentorship,
        by=by,
        proposed_relationship=shown.proposed_relationship,
        proposed_checkin_rhythm=shown.proposed_checkin_rhythm,
        proposed_at=shown.proposed_at.isoformat() if shown.proposed_at else "",
    )


def proposal_as_shown(mentorship) -> dict:
    """What the confirm button posts: the proposal as the page shows it now."""
    from mentorships.models import Mentorship

    shown = Mentorship.objects.get(pk=mentorship.pk)
    return {
        "confirm": "1",
        "proposed_relationship": shown.proposed_relationship,
        "proposed_checkin_rhythm": shown.proposed_checkin_rhythm,
        "proposed_at": shown.proposed_at.isoformat() if shown.proposed_at else "",
    }
