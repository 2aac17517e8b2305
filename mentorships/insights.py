"""Program insights for admins: where mentorships stall in their lifecycle.

Every figure comes from a fixed number of queries, whatever the number of mentorships. The
time spent in each stage reads one row per stage stay (with a window function for the next
change) and takes the percentiles in Python, so that it runs on SQLite as on PostgreSQL; as
that read grows with the program's whole history, its figures are cached for ten minutes,
and recounted at once when a stage changes.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    F,
    Max,
    Q,
    Window,
)
from django.db.models.functions import Lead
from django.utils import timezone

from mentorships import rules
from mentorships.models import ExitFeedback, Mentorship, Stage, StageTransition

INITIATION_STALL_DAYS = 60
STAGE_TIMES_CACHED_FOR = 600  # seconds


@dataclass
class StageFigures:
    stage: Stage
    now: int = 0
    paused: int = 0
    ended_here: int = 0
    stays: int = 0
    median_days: float | None = None
    p90_days: float | None = None


@dataclass
class AtRisk:
    mentorship: Mentorship
    reason: str


@dataclass
class Insights:
    stages: list[StageFigures]
    total: int
    active: int
    reached_separation: int
    reached_redefinition: int
    ended_early: int
    at_risk: list[AtRisk]
    at_risk_total: int = 0  # all that are flagged; `at_risk` may hold only the first of them
    feedback: dict = field(default_factory=dict)


def _percentiles(days: list[float]) -> tuple[float | None, float | None]:
    if not days:
        return None, None
    if len(days) == 1:
        return round(days[0], 1), round(days[0], 1)
    p90 = statistics.quantiles(days, n=10, method="inclusive")[8]
    return round(statistics.median(days), 1), round(p90, 1)


def _stage_stays(now: datetime) -> dict[str, list[float]]:
    """Days spent in each stage: from a change into a stage to the next change of stage, the
    end, or now. Pauses and resumptions are history markers, not stage changes."""
    changes = (
        StageTransition.objects.filter(to_stage__in=Stage.values)
        .annotate(
            next_change=Window(
                Lead("created_at"),
                partition_by=[F("mentorship_id")],
                order_by=F("created_at").asc(),
            )
        )
        .values_list("to_stage", "created_at", "next_change", "mentorship__ended_at")
    )
    stays: dict[str, list[float]] = {stage: [] for stage in Stage.values}
    for stage, start, next_change, ended_at in changes:
        stop = next_change or ended_at or now
        stays[stage].append((stop - start).total_seconds() / 86400)
    return stays


def _stage_times(now: datetime) -> dict[str, tuple[int, float | None, float | None]]:
    """Per stage: how many stays, their median and 90th percentile in days.

    Cached under the newest stage change and the ten minutes `now` falls in: a change of
    stage, an end or a pause shows at once, and open stays are at most ten minutes behind
    (the figures are in tenths of a day)."""
    newest = StageTransition.objects.aggregate(newest=Max("pk"))["newest"]
    window = int(now.timestamp()) // STAGE_TIMES_CACHED_FOR
    key = f"mentorships:insights:stage-times:{newest}:{window}"
    figures = cache.get(key)
    if figures is None:
        figures = {
            stage: (len(days), *_percentiles(days)) for stage, days in _stage_stays(now).items()
        }
        cache.set(key, figures, STAGE_TIMES_CACHED_FOR)
    return figures


def at_risk(*, now: datetime, today: date, limit: int | None = None) -> tuple[list[AtRisk], int]:
    """Mentorships that need a look: long in Initiation, quiet in Cultivation or Separation
    for longer than their rhythm allows (`rules.at_risk_after_days`: still quiet a week after
    the nudge), past their review date without a Separation, or paused past their resume date
    (one query, on the stored `last_activity_at`, so no activity subquery runs per live pair).
    Returns the first `limit` of them (those that have waited longest), and how many there
    are."""
    live = Mentorship.objects.filter(ended_at__isnull=True)
    stalled = Q(
        stage=Stage.INITIATION, stage_changed_at__lt=now - timedelta(days=INITIATION_STALL_DAYS)
    )
    quiet = Q(paused_at__isnull=True) & rules.quiet_filter(now, days_of=rules.at_risk_after_days)
    overdue = Q(
        stage__in=[Stage.INITIATION, Stage.CULTIVATION],
        current_contract__review_date__lt=today,
    )
    overstayed = Q(paused_at__isnull=False, resume_on__lt=today)
    rows = (
        live.filter(stalled | quiet | overdue | overstayed)
        .select_related("mentor", "mentee", "current_contract")
        # The total in the same query: a big program flags thousands, the page shows a few.
        .annotate(flagged_total=Window(Count("pk")))
        .order_by("stage_changed_at", "pk")
    )
    if limit is not None:
        rows = rows[:limit]
    flagged, total = [], 0
    for mentorship in rows:
        reasons = []
        if mentorship.stage == Stage.INITIATION and mentorship.stage_changed_at < now - timedelta(
            days=INITIATION_STALL_DAYS
        ):
            days = (now - mentorship.stage_changed_at).days
            reasons.append(f"In Initiation for {days} days")
        rhythm = rules.expected_rhythm(mentorship)
        if (
            mentorship.stage in rules.QUIET_STAGES
            and not mentorship.is_paused
            and mentorship.last_activity_at < now - timedelta(days=rules.at_risk_after_days(rhythm))
        ):
            days = (now - mentorship.last_activity_at).days
            reasons.append(
                f"No meeting, message or post for {days} days (expected: {rhythm} in "
                f"{mentorship.get_stage_display()})"
            )
        contract = mentorship.current_contract
        if (
            mentorship.stage in (Stage.INITIATION, Stage.CULTIVATION)
            and contract
            and contract.review_date < today
        ):
            reasons.append(f"Review date {contract.review_date:%-d %b %Y} passed")
        if mentorship.is_paused and mentorship.resume_on and mentorship.resume_on < today:
            reasons.append(f"Paused past its resume date ({mentorship.resume_on:%-d %b %Y})")
        flagged.append(AtRisk(mentorship, "; ".join(reasons)))
        total = mentorship.flagged_total
    return flagged, total


def program_insights(*, now: datetime | None = None, at_risk_limit: int | None = None) -> Insights:
    now = now or timezone.now()
    today = timezone.localdate(now)
    live = Q(ended_at__isnull=True)
    per_stage = {
        row["stage"]: row
        for row in Mentorship.objects.values("stage").annotate(
            now=Count("pk", filter=live),
            paused=Count("pk", filter=live & Q(paused_at__isnull=False)),
            ended_here=Count("pk", filter=Q(ended_at__isnull=False)),
        )
    }
    outcomes = Mentorship.objects.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=live),
        reached_separation=Count(
            "pk",
            filter=Q(stage__in=[Stage.SEPARATION, Stage.REDEFINITION])
            | Q(
                pk__in=StageTransition.objects.filter(to_stage=Stage.SEPARATION).values(
                    "mentorship"
                )
            ),
        ),
        reached_redefinition=Count(
            "pk",
            filter=Q(stage=Stage.REDEFINITION)
            | Q(
                pk__in=StageTransition.objects.filter(to_stage=Stage.REDEFINITION).values(
                    "mentorship"
                )
            ),
        ),
        ended_early=Count(
            "pk",
            filter=Q(ended_at__isnull=False, stage__in=[Stage.INITIATION, Stage.CULTIVATION]),
        ),
    )
    stage_times = _stage_times(now)
    stages = []
    for stage in Stage:
        row = per_stage.get(stage.value, {})
        stays, median, p90 = stage_times[stage.value]
        stages.append(
            StageFigures(
                stage=stage,
                now=row.get("now", 0),
                paused=row.get("paused", 0),
                ended_here=row.get("ended_here", 0),
                stays=stays,
                median_days=median,
                p90_days=p90,
            )
        )
    feedback = {
        row["author_role"]: row
        for row in ExitFeedback.objects.values("author_role").annotate(
            count=Count("pk"),
            relationship=Avg("relationship_rating"),
            progress=Avg("progress_rating"),
            recommend=Count("pk", filter=Q(would_recommend=True)),
        )
    }
    for row in feedback.values():
        row["recommend_percent"] = round(100 * row["recommend"] / row["count"])
    flagged, flagged_total = at_risk(now=now, today=today, limit=at_risk_limit)
    return Insights(
        stages=stages,
        at_risk=flagged,
        at_risk_total=flagged_total,
        feedback=feedback,
        **outcomes,
    )


def insights_csv_rows(insights: Insights) -> list[list]:
    """The same figures as rows for a spreadsheet."""
    rows: list[list] = [["section", "name", "value"]]
    for figures in insights.stages:
        for name in ("now", "paused", "ended_here", "stays", "median_days", "p90_days"):
            rows.append([f"stage:{figures.stage.value}", name, getattr(figures, name)])
    for name in ("total", "active", "reached_separation", "reached_redefinition", "ended_early"):
        rows.append(["outcomes", name, getattr(insights, name)])
    for role, row in sorted(insights.feedback.items()):
        for name in ("count", "relationship", "progress", "recommend_percent"):
            value = row[name]
            rows.append([f"feedback:{role}", name, round(value, 2) if value is not None else ""])
    for item in insights.at_risk:
        rows.append(["at_risk", str(item.mentorship.pk), item.reason])
    return rows
