"""Reads for roadmaps. A mentorship's roadmap is reached only through
`mentorships.selectors.mentorships_of`, so outsiders get the same 404 as for a missing id."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from mentorships.models import Goal, Mentorship
from mentorships.selectors import ACTIVE_STAGES, mentorships_of
from roadmaps import calendar
from roadmaps.models import CalendarFeed, Milestone, MilestoneTemplate, RoadmapTemplate


def milestones_prefetch() -> Prefetch:
    return Prefetch("roadmap__milestones", queryset=Milestone.objects.select_related("goal"))


def mentorship_for_roadmap(user: User, pk) -> Mentorship:
    """The mentorship with its roadmap and milestones (and their goals), for the roadmap page;
    404 for anyone but its two people."""
    queryset = (
        mentorships_of(user)
        .select_related("mentor", "mentee", "current_contract", "roadmap__template")
        .prefetch_related(milestones_prefetch())
    )
    try:
        return queryset.get(pk=pk)
    except Mentorship.DoesNotExist:
        raise Http404("No mentorship found.") from None


def current_goals(mentorship: Mentorship) -> list[Goal]:
    return list(Goal.objects.filter(mentorship=mentorship, cycle=mentorship.cycle))


def published_templates() -> QuerySet[RoadmapTemplate]:
    return (
        RoadmapTemplate.objects.filter(is_published=True)
        .annotate(milestone_count=Count("milestones"), weeks=Max("milestones__offset_weeks"))
        .order_by("title")
    )


def get_template(slug: str) -> RoadmapTemplate:
    return get_object_or_404(
        RoadmapTemplate.objects.filter(is_published=True).prefetch_related(
            Prefetch("milestones", queryset=MilestoneTemplate.objects.order_by("order", "id"))
        ),
        slug=slug,
    )


# The Separation review: the roadmap as agreed beside the current one ------------------------


@dataclass
class ComparisonRow:
    change: str  # "unchanged", "changed", "added", "removed"
    agreed: dict | None
    current: Milestone | None
    changes: list[str]

    @property
    def is_done(self) -> bool:
        return bool(self.current and self.current.is_done)


def _parse(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def roadmap_comparison(mentorship: Mentorship) -> dict:
    """Rows pairing each agreed milestone with what became of it, then the milestones added
    since, plus counts. Uses the snapshot of the current cycle's latest agreement."""
    roadmap = mentorship.roadmap
    snapshot = (
        roadmap.snapshots.filter(cycle=mentorship.cycle)
        .select_related("contract")
        .order_by("-created_at", "-id")
        .first()
    )
    current = list(roadmap.milestones.select_related("goal").order_by("order", "id"))
    by_id = {milestone.pk: milestone for milestone in current}
    rows = []
    agreed_ids = set()
    for item in snapshot.milestones if snapshot else []:
        agreed_ids.add(item["id"])
        item = {**item, "due": _parse(item.get("due_date"))}
        now = by_id.get(item["id"])
        if now is None:
            rows.append(ComparisonRow("removed", item, None, []))
            continue
        changes = []
        if now.title != item["title"]:
            changes.append("title")
        if now.due_date != item["due"]:
            changes.append("due date")
        if now.description != item.get("description", ""):
            changes.append("description")
        if now.goal_id != item.get("goal_id"):
            changes.append("goal")
        rows.append(ComparisonRow("changed" if changes else "unchanged", item, now, changes))
    rows += [
        ComparisonRow("added", None, milestone, [])
        for milestone in current
        if milestone.pk not in agreed_ids
    ]
    counts = {
        kind: sum(1 for row in rows if row.change == kind)
        for kind in ("unchanged", "changed", "added", "removed")
    }
    counts["done"] = sum(1 for row in rows if row.is_done)
    done = sum(1 for milestone in current if milestone.is_done)
    percent = round(100 * done / len(current)) if current else 0
    return {"snapshot": snapshot, "rows": rows, "counts": counts, "percent": percent}


# The calendar feed --------------------------------------------------------------


def get_calendar_feed(token: str) -> CalendarFeed:
    return get_object_or_404(
        CalendarFeed.objects.select_related("user").filter(user__is_active=True), token=token
    )


def calendar_mentorships(user: User) -> list[Mentorship]:
    """Active mentorships (not ended, not in Redefinition) with their dated milestones and
    what the feed's other sources read (`calendar.register_source`)."""
    return list(
        calendar.prepare_sources(
            mentorships_of(user)
            .filter(ended_at__isnull=True, stage__in=ACTIVE_STAGES)
            .select_related("mentor", "mentee", "current_contract")
            .prefetch_related(
                Prefetch(
                    "roadmap__milestones",
                    queryset=Milestone.objects.filter(
                        due_date__isnull=False, due_date__lte=calendar.LAST_DAY
                    ),
                ),
            )
        )
    )


def calendar_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()
