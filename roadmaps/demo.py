"""Demo data for the roadmaps app: a part of seed_demo, run once the mentorships exist.

Each demo mentorship gets a realistic roadmap: copied from a curated template (or written from
scratch), linked to its contract goals, with progress that fits its stage. The roadmap as agreed
is kept again after the rebuild, and the Separation pair changed theirs since, so the review's
side-by-side has something to show."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from menteo import demo
from mentorships.models import Mentorship
from roadmaps.curated import install_curated_templates
from roadmaps.models import Milestone, MilestoneTemplate, RoadmapTemplate
from roadmaps.services import roadmap_snapshot_take

# (mentor, mentee, template slug or None, {milestone index: goal index})
DEMO_ROADMAPS = [
    ("maya", "sam", "first-people-manager-role", {0: 0, 1: 0, 3: 0, 4: 2, 5: 1, 6: 1}),
    ("daniel", "lena", "launching-an-mvp", {1: 0, 2: 0, 3: 1, 5: 2, 6: 2}),
    ("priya", "tom", "landing-a-director-role", {2: 1, 4: 0, 5: 0, 6: 2, 7: 2}),
    ("maya", "tom", None, {0: 0, 2: 1, 3: 2, 4: 2}),
    ("daniel", "sam", "launching-an-mvp", {1: 0, 3: 1}),
]

# A roadmap written from scratch (Maya and Tom: leading without authority).
CUSTOM_MILESTONES = [
    (
        2,
        "Map the people whose support the platform change needs",
        "Who decides, who is affected, who is loud. One line each on what they care about.",
    ),
    (4, "Write a one-page proposal and get feedback from three skeptics", ""),
    (
        7,
        "Run a working session with the two most affected teams",
        "Agree on the problem first; the solution second.",
    ),
    (10, "Pilot the change with one volunteer team", "Measure build times before and after."),
    (14, "Present the pilot results at the engineering all-hands", ""),
    (18, "Hand the rollout to a working group you no longer lead", ""),
]


@demo.register(order=30)
def seed(people: dict[str, User]) -> None:
    """Idempotent: running seed_demo twice changes nothing (a roadmap with a start date is
    left alone)."""
    install_curated_templates(RoadmapTemplate, MilestoneTemplate)  # if a flush removed them
    today = timezone.localdate()
    for mentor, mentee, slug, goal_links in DEMO_ROADMAPS:
        mentorship = (
            Mentorship.objects.filter(mentor=people[mentor], mentee=people[mentee])
            .select_related("roadmap")
            .order_by("started_at")
            .first()
        )
        if mentorship is None or mentorship.roadmap.start_date is not None:
            continue
        with transaction.atomic():
            _build(mentorship, slug, goal_links, today)


def _build(mentorship: Mentorship, slug: str | None, goal_links: dict, today: date) -> None:
    roadmap = mentorship.roadmap
    start = timezone.localdate(mentorship.started_at) + timedelta(days=5)
    if slug:
        template = RoadmapTemplate.objects.get(slug=slug)
        steps = [(m.offset_weeks, m.title, m.description) for m in template.milestones.all()]
    else:
        template = None
        steps = CUSTOM_MILESTONES
    goals = list(mentorship.goals.filter(cycle=mentorship.cycle).order_by("order"))
    roadmap.milestones.all().delete()
    milestones = Milestone.objects.bulk_create(
        Milestone(
            roadmap=roadmap,
            order=order,
            title=title,
            description=description,
            due_date=start + timedelta(weeks=weeks),
            goal=goals[goal_links[order]]
            if order in goal_links and goal_links[order] < len(goals)
            else None,
        )
        for order, (weeks, title, description) in enumerate(steps)
    )
    roadmap.template = template
    roadmap.start_date = start
    roadmap.save(update_fields=["template", "start_date", "updated_at"])

    # The roadmap as agreed: taken again now that the demo roadmap is in place.
    for contract in mentorship.contracts.all():
        if contract.is_agreed_by_both:
            roadmap_snapshot_take(mentorship=mentorship, contract=contract)

    stage = "ended" if mentorship.is_ended else mentorship.stage
    if stage == "separation":
        _changed_since_agreement(roadmap, milestones)
        milestones = list(roadmap.milestones.all())
    _set_progress(milestones, stage, today)


def _changed_since_agreement(roadmap, milestones: list[Milestone]) -> None:
    """What happened to Tom's director roadmap after the contract: a plan meets reality."""
    milestones[3].delete()  # the sponsor came with the cross-team initiative
    loop = milestones[6]
    loop.title = "Practise the leadership loop with two external directors"
    loop.due_date = loop.due_date + timedelta(weeks=2)
    loop.save()
    Milestone.objects.create(
        roadmap=roadmap,
        order=len(milestones),
        title="Negotiate the offer and the start date",
        description="Compare base, equity and scope; agree a start after the handover.",
        due_date=timezone.localdate() + timedelta(days=10),
    )


def _set_progress(milestones: list[Milestone], stage: str, today: date) -> None:
    def done(milestone):
        milestone.status = Milestone.Status.DONE
        day = min(milestone.due_date or today, today) - timedelta(days=2)
        milestone.done_at = timezone.make_aware(datetime.combine(day, time(17, 0)))

    past = [m for m in milestones if m.due_date and m.due_date < today]
    if stage == "redefinition":
        for milestone in milestones:
            done(milestone)
    elif stage == "separation":
        for milestone in milestones[:-1]:
            done(milestone)
        milestones[-1].status = Milestone.Status.DOING
    elif stage == "cultivation":
        for milestone in past[:-1]:
            done(milestone)
        # the most recent one slipped: still in progress, now overdue
        if past:
            past[-1].status = Milestone.Status.DOING
    elif stage == "initiation":
        milestones[0].status = Milestone.Status.DOING
    else:  # ended early: the first steps were done before the pair stopped
        for milestone in milestones[:2]:
            done(milestone)
    Milestone.objects.bulk_update(milestones, ["status", "done_at"])
