"""Writes for roadmaps: copying a curated template, editing milestones, and the snapshot kept
when a pair agrees to its contract.

Every change locks the mentorship row first (as the mentorships services do), so two people
editing at once are served one after the other and the order numbers stay a clean sequence.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from menteo.errors import Conflict, Invalid, NotAllowed
from mentorships.models import Contract, Goal, Mentorship, Stage
from roadmaps.models import (
    CalendarFeed,
    Milestone,
    Roadmap,
    RoadmapSnapshot,
    RoadmapTemplate,
    new_calendar_token,
)

# Stages in which the pair plans: milestones can be added, edited, reordered and deleted.
EDITABLE_STAGES = (Stage.INITIATION, Stage.CULTIVATION)
# Stages in which milestones can still be ticked off (the last ones often close in Separation).
STATUS_STAGES = (Stage.INITIATION, Stage.CULTIVATION, Stage.SEPARATION)


def edit_refusal(mentorship: Mentorship) -> str | None:
    """Why the roadmap can't be edited now, or None when it can."""
    if mentorship.is_ended:
        return "This mentorship has ended; its roadmap is read-only."
    if mentorship.stage not in EDITABLE_STAGES:
        return (
            f"The roadmap is planned in Initiation and Cultivation; in "
            f"{mentorship.get_stage_display()} it is kept as it is for the review."
        )
    return None


def status_refusal(mentorship: Mentorship) -> str | None:
    """Why milestones can't be ticked off now, or None when they can."""
    if mentorship.is_ended:
        return "This mentorship has ended; its roadmap is read-only."
    if mentorship.stage not in STATUS_STAGES:
        return f"Milestones are not tracked in {mentorship.get_stage_display()}."
    return None


def _locked_roadmap(mentorship: Mentorship, by: User, *, refusal=edit_refusal) -> Roadmap:
    locked = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("roadmap")
        .get(pk=mentorship.pk)
    )
    if by.pk not in (locked.mentor_id, locked.mentee_id):
        raise NotAllowed("Only the mentor and the mentee can change the roadmap.")
    if reason := refusal(locked):
        raise Conflict(reason)
    roadmap = locked.roadmap
    roadmap.mentorship = locked
    return roadmap


def _goal_of(mentorship: Mentorship, goal_id: int | None) -> Goal | None:
    if not goal_id:
        return None
    goal = Goal.objects.filter(pk=goal_id, mentorship=mentorship, cycle=mentorship.cycle).first()
    if goal is None:
        raise Invalid("Link a goal of this mentorship's current contract.")
    return goal


def _milestone(roadmap: Roadmap, milestone_id: int) -> Milestone:
    milestone = Milestone.objects.filter(pk=milestone_id, roadmap=roadmap).first()
    if milestone is None:
        raise Conflict("That milestone is no longer on the roadmap.")
    return milestone


def roadmap_apply_template(
    *, mentorship: Mentorship, by: User, template: RoadmapTemplate, start_date: date
) -> Roadmap:
    """Copy a curated template into an empty roadmap: same titles, descriptions and order,
    each due `offset_weeks` after `start_date`. The copy is the pair's own: editing it never
    changes the template."""
    with transaction.atomic():
        roadmap = _locked_roadmap(mentorship, by)
        if roadmap.milestones.exists():
            raise Conflict(
                "The roadmap already has milestones. A template starts an empty roadmap: "
                "delete the milestones first, or add the steps you need by hand."
            )
        Milestone.objects.bulk_create(
            Milestone(
                roadmap=roadmap,
                order=order,
                title=step.title,
                description=step.description,
                due_date=start_date + timedelta(weeks=step.offset_weeks),
            )
            for order, step in enumerate(template.milestones.all())
        )
        roadmap.template = template
        roadmap.start_date = start_date
        roadmap.save(update_fields=["template", "start_date", "updated_at"])
    return roadmap


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    description: str = ""
    due_date: date | None = None
    goal_id: int | None = None


def milestone_add(*, mentorship: Mentorship, by: User, milestone: MilestoneInput) -> Milestone:
    """Add a milestone at the end of the roadmap."""
    with transaction.atomic():
        roadmap = _locked_roadmap(mentorship, by)
        last = roadmap.milestones.aggregate(last=Max("order"))["last"]
        created = Milestone.objects.create(
            roadmap=roadmap,
            order=0 if last is None else last + 1,
            title=milestone.title.strip(),
            description=milestone.description.strip(),
            due_date=milestone.due_date,
            goal=_goal_of(roadmap.mentorship, milestone.goal_id),
        )
        if roadmap.start_date is None:
            roadmap.start_date = timezone.localdate()
            roadmap.save(update_fields=["start_date", "updated_at"])
    return created


def milestone_update(
    *, mentorship: Mentorship, by: User, milestone_id: int, milestone: MilestoneInput
) -> Milestone:
    with transaction.atomic():
        roadmap = _locked_roadmap(mentorship, by)
        existing = _milestone(roadmap, milestone_id)
        existing.title = milestone.title.strip()
        existing.description = milestone.description.strip()
        existing.due_date = milestone.due_date
        existing.goal = _goal_of(roadmap.mentorship, milestone.goal_id)
        existing.save()
    return existing


def milestone_set_status(
    *, mentorship: Mentorship, by: User, milestone_id: int, status: str
) -> Milestone:
    """To do, doing or done; `done_at` records when it was first done, and clears on reopen."""
    if status not in Milestone.Status.values:
        raise Invalid("Choose to do, doing or done.")
    with transaction.atomic():
        roadmap = _locked_roadmap(mentorship, by, refusal=status_refusal)
        milestone = _milestone(roadmap, milestone_id)
        milestone.status = status
        if status == Milestone.Status.DONE:
            milestone.done_at = milestone.done_at or timezone.now()
        else:
            milestone.done_at = None
        milestone.save(update_fields=["status", "done_at", "updated_at"])
    return milestone


def milestone_move(
    *, mentorship: Mentorship, by: User, milestone_id: int, direction: str
) -> Milestone:
    """Move a milestone one place up or down; the orders are renumbered 0..n-1."""
    if direction not in ("up", "down"):
        raise Invalid("Move a milestone up or down.")
    with transaction.atomic():
        roadmap = _locked_roadmap(mentorship, by)
        milestones = list(roadmap.milestones.order_by("order", "id"))
        index = next((i for i, m in enumerate(milestones) if m.pk == milestone_id), None)
        if index is None:
            raise Conflict("That milestone is no longer on the roadmap.")
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(milestones):
            milestones[index], milestones[target] = milestones[target], milestones[index]
        for order, milestone in enumerate(milestones):
            milestone.order = order
        Milestone.objects.bulk_update(milestones, ["order"])
    return milestones[target if 0 <= target < len(milestones) else index]


def milestone_delete(*, mentorship: Mentorship, by: User, milestone_id: int) -> Milestone:
    """Delete a milestone. In Cultivation the last one stays: a running roadmap is never empty
    (the rule into Cultivation needs one)."""
    with transaction.atomic():
        roadmap = _locked_roadmap(mentorship, by)
        milestone = _milestone(roadmap, milestone_id)
        if roadmap.mentorship.stage == Stage.CULTIVATION and roadmap.milestones.count() == 1:
            raise Conflict(
                "A roadmap in Cultivation keeps at least one milestone: add the next one "
                "before deleting this."
            )
        milestone.delete()
    return milestone


def snapshot_milestones(roadmap: Roadmap) -> list[dict]:
    return [
        {
            "id": milestone.pk,
            "title": milestone.title,
            "description": milestone.description,
            "due_date": milestone.due_date.isoformat() if milestone.due_date else None,
            "status": milestone.status,
            "goal_id": milestone.goal_id,
            "goal_title": milestone.goal.title if milestone.goal else "",
        }
        for milestone in roadmap.milestones.select_related("goal").order_by("order", "id")
    ]


def roadmap_start(*, mentorship: Mentorship) -> Roadmap:
    """A new mentorship's own roadmap: empty, named after its focus. Safe to call again."""
    roadmap, _ = Roadmap.objects.get_or_create(
        mentorship=mentorship, defaults={"title": mentorship.focus}
    )
    return roadmap


def roadmap_snapshot_take(*, mentorship: Mentorship, contract: Contract) -> RoadmapSnapshot:
    """Keep the roadmap as it reads when both people agreed to `contract` (once per version),
    in the transaction of the agreement (`roadmaps.listeners`)."""
    roadmap = Roadmap.objects.get(mentorship=mentorship)
    snapshot, _ = RoadmapSnapshot.objects.update_or_create(
        contract=contract,
        defaults={
            "roadmap": roadmap,
            "cycle": contract.cycle,
            "milestones": snapshot_milestones(roadmap),
        },
    )
    return snapshot


def calendar_feed_for(user: User, *, renew: bool = False) -> CalendarFeed:
    """The person's secret calendar address; `renew` replaces the token (the old URL dies)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if renew and not created:
        feed.token = new_calendar_token()
        feed.save(update_fields=["token"])
    return feed
