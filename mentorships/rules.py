"""The lifecycle's rules, in one place: which transitions exist and what each one needs, when
the contract, the goals, the review and the relationship can be changed, and what each stage
asks of a person next.

Pure reads: the services call them under a row lock before changing anything, and the pages call
them (templates through the `mentorship_rules` filters) to show the allowed buttons, and why the
others are disabled. They answer in booleans and words: no template compares a stage, a status
or a role itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from mentorships.models import (
    ENDED,
    CheckinRhythm,
    ExitFeedback,
    Goal,
    MeetingCadence,
    Mentorship,
    Stage,
)

GOALS_MIN, GOALS_MAX = 3, 5

# Stages in which the pair writes the contract and agrees to it.
CONTRACT_STAGES = (Stage.INITIATION, Stage.CULTIVATION)

# from stage -> the stages it may move to
ALLOWED: dict[str, tuple[str, ...]] = {
    Stage.INITIATION: (Stage.CULTIVATION,),
    Stage.CULTIVATION: (Stage.SEPARATION,),
    Stage.SEPARATION: (Stage.REDEFINITION, Stage.CULTIVATION),
    Stage.REDEFINITION: (Stage.CULTIVATION,),
}

STAGE_ORDER = [Stage.INITIATION, Stage.CULTIVATION, Stage.SEPARATION, Stage.REDEFINITION]
# The stages in which a mentee takes the mentor's time (and counts against their capacity).
ACTIVE_STAGES = STAGE_ORDER[:3]


def goals_minimum(mentorship: Mentorship) -> int:
    """A first contract has at least GOALS_MIN goals; a later cycle may reopen just one."""
    return GOALS_MIN if mentorship.cycle == 1 else 1


def current_goals(mentorship: Mentorship) -> list:
    """The goals of the current cycle (from a prefetch when there is one)."""
    return [goal for goal in mentorship.goals.all() if goal.cycle == mentorship.cycle]


def goals_with_progress(mentorship: Mentorship) -> dict[int, str]:
    """The current goals that can no longer be removed from the contract, by id with their
    titles: those with progress recorded (achieved, evidence, acknowledged in a review, or a
    milestone or post linked to them). Removing one would lose that record."""
    return dict(
        Goal.objects.filter(mentorship=mentorship, cycle=mentorship.cycle)
        .filter(
            ~Q(status=Goal.Status.OPEN)
            | ~Q(evidence="")
            | Q(achieved_at__isnull=False)
            | Q(acknowledgements__isnull=False)
            | Q(milestones__isnull=False)
            | Q(posts__isnull=False)
        )
        .values_list("pk", "title")
        .distinct()
    )


GOAL_KEPT = (
    "This goal has progress recorded (achieved, evidence, a review, linked milestones or posts): "
    "it stays in the contract, only its wording can change."
)


def _names(people) -> str:
    return " and ".join(person.name for person in people)


def contract_editable(mentorship: Mentorship) -> bool:
    """The contract is written, changed and agreed to in Initiation and Cultivation, never once
    the mentorship has ended; Separation reviews the one agreed to."""
    return not mentorship.is_ended and mentorship.stage in CONTRACT_STAGES


def has_agreed(mentorship: Mentorship, user) -> bool:
    """Whether `user` agreed to the current version of the contract."""
    contract = mentorship.current_contract
    role = mentorship.role_of(user)
    return contract is not None and getattr(contract, f"{role}_agreed_at") is not None


def awaits_agreement_of(mentorship: Mentorship, user) -> bool:
    """Whether the contract waits for `user` to agree to it: it can be agreed to, it has goals,
    and they have not agreed to this version yet."""
    return (
        contract_editable(mentorship)
        and bool(current_goals(mentorship))
        and not has_agreed(mentorship, user)
    )


def goals_markable(mentorship: Mentorship) -> bool:
    """Goals are marked achieved (or open again) during Cultivation."""
    return not mentorship.is_ended and mentorship.stage == Stage.CULTIVATION


def in_separation(mentorship: Mentorship) -> bool:
    """The pair is in Separation (or ended there): the page leads to the Separation review."""
    return mentorship.stage == Stage.SEPARATION


def review_open(mentorship: Mentorship) -> bool:
    """Goals are acknowledged in the Separation review, while the mentorship runs."""
    return not mentorship.is_ended and in_separation(mentorship)


def relationship_editable(mentorship: Mentorship) -> bool:
    """In Redefinition the pages show what the relationship became, and the pair can change
    it (and how often they check in)."""
    return not mentorship.is_ended and mentorship.stage == Stage.REDEFINITION


def awaits_confirmation_of(mentorship: Mentorship, user) -> bool:
    """Redefinition's shape waits for `user` to confirm it: the other person proposed it."""
    return (
        relationship_editable(mentorship)
        and mentorship.has_proposal
        and mentorship.proposed_by_id != user.pk
    )


def proposal_line(mentorship: Mentorship, user) -> str:
    """The pending proposal for Redefinition's shape, in words for `user`."""
    if not mentorship.has_proposal:
        return ""
    shape = (
        f"{mentorship.get_proposed_relationship_display()}, check in "
        f"{mentorship.get_proposed_checkin_rhythm_display().lower()}"
    )
    if awaits_confirmation_of(mentorship, user):
        proposer = mentorship.other_person(user).name
        return f"{proposer} proposes: {shape}. Confirm it, or propose something else."
    return f"You proposed: {shape}. Waiting for {mentorship.other_person(user).name} to confirm."


def starts_new_cycle(mentorship: Mentorship, to: str) -> bool:
    """Back to Cultivation from a later stage starts a new cycle, with a new contract."""
    return to == Stage.CULTIVATION and mentorship.stage != Stage.INITIATION


def may_move_on_anyway(mentorship: Mentorship, user) -> bool:
    """In Cultivation the mentor may move the pair to Separation with goals still open, with a
    note saying why (a new job, goals no longer relevant)."""
    if mentorship.is_ended or mentorship.stage != Stage.CULTIVATION:
        return False
    goals = current_goals(mentorship)
    return (
        user.pk == mentorship.mentor_id
        and bool(goals)
        and any(not goal.is_achieved for goal in goals)
    )


@dataclass(frozen=True)
class TransitionOption:
    """A stage the page offers to move to, and what is missing (empty when allowed)."""

    to: Stage
    missing: list[str]
    override: bool  # refused, but the mentor may move on anyway with a note
    new_cycle: bool  # the open goals can be carried into the new cycle
    asks_relationship: bool  # entering Redefinition: what the relationship becomes
    label: str  # the words of the button


def transition_options(mentorship: Mentorship, user) -> list[TransitionOption]:
    """Each stage reachable from here, with what is missing (empty when allowed)."""
    if mentorship.is_ended:
        return []
    options = []
    for to in ALLOWED[mentorship.stage]:
        missing = missing_for(mentorship, to, by=user)
        new_cycle = starts_new_cycle(mentorship, to)
        options.append(
            TransitionOption(
                to=Stage(to),
                missing=missing,
                override=bool(missing) and may_move_on_anyway(mentorship, user),
                new_cycle=new_cycle,
                asks_relationship=to == Stage.REDEFINITION,
                label="Cycle back to Cultivation" if new_cycle else f"Move to {Stage(to).label}",
            )
        )
    return options


def missing_for(mentorship: Mentorship, to: str, *, by, note: str = "") -> list[str]:
    """What stands between the mentorship and stage `to`, in words; empty when it may move."""
    if mentorship.is_ended:
        return ["This mentorship has ended; it is read-only."]
    if by.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        return ["Only the mentor and the mentee can change the stage."]
    if to == ENDED:
        return [] if note.strip() else ["Say why you are ending the mentorship."]
    current = Stage(mentorship.stage)
    if to == current:
        return [f"The mentorship is already in {current.label}."]
    if to not in ALLOWED[current]:
        options = ", ".join(Stage(s).label for s in ALLOWED[current])
        return [f"A mentorship in {current.label} can only move to {options}."]

    if current == Stage.INITIATION:
        return _missing_to_start_cultivation(mentorship)
    if current == Stage.CULTIVATION:
        return _missing_to_separate(mentorship, by=by, note=note)
    if to == Stage.REDEFINITION:
        return _missing_to_redefine(mentorship)
    return []  # back to Cultivation for a new challenge: always allowed


def _missing_to_start_cultivation(mentorship: Mentorship) -> list[str]:
    missing = []
    contract = mentorship.current_contract
    goal_count = len(current_goals(mentorship))
    if not GOALS_MIN <= goal_count <= GOALS_MAX:
        missing.append(
            f"The contract needs {GOALS_MIN} to {GOALS_MAX} goals (it has {goal_count})."
        )
    waiting = []
    if contract is None or contract.mentor_agreed_at is None:
        waiting.append(mentorship.mentor)
    if contract is None or contract.mentee_agreed_at is None:
        waiting.append(mentorship.mentee)
    if waiting:
        missing.append(
            f"Both people must agree to the current contract (waiting for {_names(waiting)})."
        )
    if not _milestone_count(mentorship):
        missing.append("The roadmap needs at least one milestone.")
    return missing


def _milestone_count(mentorship: Mentorship) -> int:
    count = getattr(mentorship, "milestone_count", None)
    if count is not None:
        return count
    roadmap = getattr(mentorship, "roadmap", None)
    return roadmap.milestones.count() if roadmap else 0


def _missing_to_separate(mentorship: Mentorship, *, by, note: str) -> list[str]:
    goals = current_goals(mentorship)
    if not goals:
        return ["The contract has no goals yet: add the goals of this cycle first."]
    open_goals = [goal for goal in goals if not goal.is_achieved]
    if not open_goals:
        return []
    if note.strip() and may_move_on_anyway(mentorship, by):
        return []  # the mentor moves the pair on anyway, and says why
    titles = ", ".join(f"“{goal.title}”" for goal in open_goals)
    return [
        f"Every goal must be achieved first ({len(open_goals)} of {len(goals)} still open: "
        f"{titles}), or the mentor can move on anyway with a note saying why."
    ]


def _missing_to_redefine(mentorship: Mentorship) -> list[str]:
    goals = current_goals(mentorship)
    people = [mentorship.mentor, mentorship.mentee]
    missing = []
    for person in people:
        count = sum(
            1
            for goal in goals
            if not any(ack.user_id == person.pk for ack in goal.acknowledgements.all())
        )
        if count:
            noun = "goal" if count == 1 else "goals"
            missing.append(f"{person.name} has not yet acknowledged {count} {noun}.")
    if missing:
        missing.insert(0, "The separation review is not complete: each goal needs both people.")
    return missing


def next_steps(mentorship: Mentorship, user) -> list[str]:
    """What the stage asks of this person next, for the dashboard card and the page."""
    if mentorship.is_ended:
        return ["This mentorship has ended. Its record stays readable."]
    stage = mentorship.stage
    role = mentorship.role_of(user)
    if stage == Stage.INITIATION:
        steps = []
        goal_count = len(current_goals(mentorship))
        if goal_count < GOALS_MIN:
            steps.append("Write the contract: 3-5 specific, measurable goals.")
        if goal_count >= GOALS_MIN and not has_agreed(mentorship, user):
            steps.append("Read the contract and agree to it.")
        if not _milestone_count(mentorship):
            steps.append("Choose a roadmap and add its first milestone.")
        if not steps:
            steps.append("Everything is ready: start Cultivation.")
        return steps
    if stage == Stage.CULTIVATION:
        open_count = sum(1 for goal in current_goals(mentorship) if not goal.is_achieved)
        if open_count:
            if role == "mentee":
                return [
                    ngettext(
                        "Work the roadmap: %(count)d goal still open. Mark it achieved "
                        "with evidence when you reach it.",
                        "Work the roadmap: %(count)d goals still open. Mark one achieved "
                        "with evidence when you reach it.",
                        open_count,
                    )
                    % {"count": open_count}
                ]
            return [
                ngettext(
                    "Give feedback: %(count)d goal still open.",
                    "Give feedback: %(count)d goals still open.",
                    open_count,
                )
                % {"count": open_count}
            ]
        return ["Every goal is achieved: move to Separation and review the journey."]
    if stage == Stage.SEPARATION:
        pending = [
            goal
            for goal in current_goals(mentorship)
            if not any(ack.user_id == user.pk for ack in goal.acknowledgements.all())
        ]
        if pending:
            return [
                ngettext(
                    "Review the roadmap together and acknowledge %(count)d goal.",
                    "Review the roadmap together and acknowledge %(count)d goals.",
                    len(pending),
                )
                % {"count": len(pending)}
            ]
        return ["Your review is done. When both are done, move to Redefinition."]
    rhythm = expected_rhythm(mentorship)
    return [
        f"Check in {rhythm.label}: a short note on what you are working on. A new challenge? "
        "Cycle back to Cultivation."
    ]


# The rhythm of each stage ------------------------------------------------------------------
#
# One rule says how often a pair is expected to be in touch, and every page, banner, nudge and
# at-risk flag reads it (`expected_rhythm`):
# - Initiation and Cultivation: the meeting cadence of the contract;
# - Separation: contact fades on purpose, one step down the cadence ladder (weekly → every two
#   weeks → monthly); monthly is the floor, as Separation lasts weeks: meeting less often would
#   mean not meeting before the review is done. "As needed" stays as needed;
# - Redefinition: the check-in rhythm the pair chose (every quarter unless they said otherwise);
# - an ended mentorship has no rhythm.

# One period of each cadence, in days ("as needed" has none).
CADENCE_DAYS = {
    MeetingCadence.WEEKLY: 7,
    MeetingCadence.FORTNIGHTLY: 14,
    MeetingCadence.MONTHLY: 31,
}
SEPARATION_CADENCE = {
    MeetingCadence.WEEKLY: MeetingCadence.FORTNIGHTLY,
    MeetingCadence.FORTNIGHTLY: MeetingCadence.MONTHLY,
    MeetingCadence.MONTHLY: MeetingCadence.MONTHLY,
    MeetingCadence.AS_NEEDED: MeetingCadence.AS_NEEDED,
}
CHECKIN_DAYS = {
    CheckinRhythm.QUARTERLY: 90,
    CheckinRhythm.TWICE_A_YEAR: 182,
    CheckinRhythm.YEARLY: 365,
}
DEFAULT_CHECKIN = CheckinRhythm.QUARTERLY
# A meeting a few days late is still on rhythm; later than that, the pair is behind.
GRACE_DAYS = 3
# The accountability nudge counts messages and posts too, so it never comes before two quiet
# weeks, even for a weekly pair; a pair meeting "as needed" counts as quiet after a month.
QUIET_MIN_DAYS = 14
AS_NEEDED_QUIET_DAYS = 31
# A pair still quiet a week after its nudge is flagged at risk for the program admins.
AT_RISK_AFTER_NUDGE_DAYS = 7
# The stages in which a quiet pair is nudged and flagged (Redefinition only has check-ins).
QUIET_STAGES = (Stage.CULTIVATION, Stage.SEPARATION)


@dataclass(frozen=True)
class Rhythm:
    """How often a pair is expected to be in touch in its stage."""

    days: int | None  # one period; None: no fixed rhythm ("as needed", ended)
    label: str  # how often, to follow the verb: "weekly", "every two weeks", "every quarter"
    verb: str  # "meet" until Separation, "check in" in Redefinition ("" when ended)
    why: str  # one sentence: the rhythm and where it comes from
    from_contract: bool = False  # the contract's own cadence, unchanged

    def __str__(self) -> str:
        return f"{self.verb} {self.label}" if self.label else ""


NO_RHYTHM = Rhythm(None, "", "", "")


def stage_rhythm(stage: str, cadence: str | None, checkin: str = "") -> Rhythm:
    """The rule, from the stage, the contract's cadence (None: no contract yet) and the chosen
    check-in rhythm. `expected_rhythm` gives it for a mentorship; the query filters below
    apply it to every combination."""
    if stage == Stage.REDEFINITION:
        chosen = CheckinRhythm(checkin or DEFAULT_CHECKIN)
        label = chosen.label.lower()
        return Rhythm(
            CHECKIN_DAYS[chosen],
            label,
            "check in",
            f"Contact fades on purpose: check in {label}. Menteo reminds you both when it is time.",
        )
    if not cadence:
        return Rhythm(None, "", "meet", "The contract says how often you meet.")
    agreed = MeetingCadence(cadence)
    if stage == Stage.SEPARATION:
        lower = SEPARATION_CADENCE[agreed]
        label = lower.label.lower()
        if lower == agreed:
            why = f"Contact fades on purpose in Separation: meet {label}, as your contract says."
        else:
            why = (
                f"Contact fades on purpose in Separation: meet {label} now (your contract "
                f"said {agreed.label.lower()})."
            )
        return Rhythm(CADENCE_DAYS.get(lower), label, "meet", why, from_contract=lower == agreed)
    label = agreed.label.lower()
    return Rhythm(
        CADENCE_DAYS.get(agreed),
        label,
        "meet",
        f"Your contract says: meet {label}.",
        from_contract=True,
    )


def expected_rhythm(mentorship: Mentorship) -> Rhythm:
    """How often this pair is expected to be in touch now (no query when the current contract
    is loaded with it)."""
    if mentorship.is_ended:
        return NO_RHYTHM
    contract = mentorship.current_contract
    return stage_rhythm(
        mentorship.stage, contract.meeting_cadence if contract else None, mentorship.checkin_rhythm
    )


def quiet_after_days(rhythm: Rhythm) -> int:
    """Days without a sign of life (a meeting, a room message, a shared post) after which the
    pair counts as quiet and both people are nudged."""
    return max(QUIET_MIN_DAYS, rhythm.days or AS_NEEDED_QUIET_DAYS)


def at_risk_after_days(rhythm: Rhythm) -> int:
    """Days without a sign of life after which the program admins see the pair at risk."""
    return quiet_after_days(rhythm) + AT_RISK_AFTER_NUDGE_DAYS


def quiet_filter(now: datetime, *, days_of=quiet_after_days) -> Q:
    """The pairs in QUIET_STAGES whose last sign of life is older than `days_of` their
    rhythm allows: the rule above as one query filter (on the mentorship's stage, its current
    contract's cadence and `last_activity_at`), for the sweeps and the insights."""
    cadences = [None, *MeetingCadence.values]
    matches = Q()
    for stage in QUIET_STAGES:
        by_days: dict[int, list[str | None]] = {}
        for cadence in cadences:
            by_days.setdefault(days_of(stage_rhythm(stage, cadence)), []).append(cadence)
        for days, same in by_days.items():
            named = [cadence for cadence in same if cadence]
            contract = Q()
            if named:
                contract |= Q(current_contract__meeting_cadence__in=named)
            if None in same:
                contract |= Q(current_contract__isnull=True)
            matches |= Q(stage=stage, last_activity_at__lt=now - timedelta(days=days)) & contract
    return matches


def checkins_passed(mentorship: Mentorship, now: datetime) -> int:
    """How many check-ins have fallen due since the pair entered Redefinition: one at the end
    of each period of the rhythm they chose."""
    days = expected_rhythm(mentorship).days
    if mentorship.stage != Stage.REDEFINITION or not days:
        return 0
    return (now - mentorship.stage_changed_at).days // days


def next_checkin_on(mentorship: Mentorship, now: datetime | None = None) -> date | None:
    """The day of the next check-in in Redefinition (None in other stages)."""
    now = now or timezone.now()
    days = expected_rhythm(mentorship).days
    if mentorship.stage != Stage.REDEFINITION or not days or mentorship.is_ended:
        return None
    passed = checkins_passed(mentorship, now)
    return timezone.localdate(mentorship.stage_changed_at + timedelta(days=(passed + 1) * days))


# Words ------------------------------------------------------------------------------------


def pair_line(mentorship: Mentorship, user) -> str:
    """How the mentorship page names the pair to `user`."""
    other = mentorship.other_person(user)
    if user.pk == mentorship.mentor_id:
        return f"You mentor {other.name}"
    return f"{other.name} mentors you"


def other_role(mentorship: Mentorship, user) -> str:
    """What the other person is to `user`: "mentee" or "mentor"."""
    return "mentee" if user.pk == mentorship.mentor_id else "mentor"


FEEDBACK_OPENINGS = {
    ExitFeedback.Occasion.ENDED: "This mentorship has ended.",
    ExitFeedback.Occasion.REDEFINITION: "You reached Redefinition.",
}


def feedback_occasion(mentorship: Mentorship, cycle: int | None = None) -> str | None:
    """When the page asks for exit feedback on `cycle` (the current one by default): after an
    ending, or once that cycle reached Redefinition. A cycle that reached Redefinition keeps its
    occasion after the pair cycles back, so its feedback can still be given."""
    cycle = mentorship.cycle if cycle is None else cycle
    if cycle == mentorship.cycle and mentorship.is_ended:
        return ExitFeedback.Occasion.ENDED
    if cycle == mentorship.cycle and mentorship.stage == Stage.REDEFINITION:
        return ExitFeedback.Occasion.REDEFINITION
    if 1 <= cycle < mentorship.cycle and cycle_reached(mentorship, cycle, Stage.REDEFINITION):
        return ExitFeedback.Occasion.REDEFINITION
    return None


def feedback_opening(occasion: str | None) -> str:
    """The first words of the exit-feedback prompt, for its occasion (none: no words)."""
    return FEEDBACK_OPENINGS.get(occasion, "")


# Cycles ------------------------------------------------------------------------------------


def cycle_reached(mentorship: Mentorship, cycle: int, stage: str) -> bool:
    """Whether the pair reached `stage` during `cycle` (from the history, prefetched or not)."""
    return any(
        step.cycle == cycle and step.to_stage == stage for step in mentorship.transitions.all()
    )


def has_cycle_record(mentorship: Mentorship, cycle: int) -> bool:
    """A cycle has a journey record and a separation review once it reached Separation: the
    current one while it is in Separation or Redefinition, an earlier one for good."""
    if cycle == mentorship.cycle:
        return mentorship.stage in (Stage.SEPARATION, Stage.REDEFINITION)
    return 1 <= cycle < mentorship.cycle and cycle_reached(mentorship, cycle, Stage.SEPARATION)


def latest_recorded_cycle(mentorship: Mentorship) -> int | None:
    """The most recent cycle with a record (the one a plain link opens), or None."""
    for cycle in range(mentorship.cycle, 0, -1):
        if has_cycle_record(mentorship, cycle):
            return cycle
    return None


def cycle_bounds(mentorship: Mentorship, cycle: int) -> tuple[datetime | None, datetime | None]:
    """When `cycle` started and when the next one started (None: open-ended)."""
    steps = list(mentorship.transitions.all())
    starts = [step.created_at for step in steps if step.cycle == cycle]
    following = [step.created_at for step in steps if step.cycle == cycle + 1]
    return (min(starts) if starts else None, min(following) if following else None)


@dataclass(frozen=True)
class CycleRecord:
    """One cycle of the pair, as the mentorship page lists it."""

    number: int
    is_current: bool
    started_at: datetime | None
    ended_at: datetime | None
    reached: str  # the furthest stage reached in this cycle, as words
    has_record: bool  # journey record and separation review
    feedback_occasion: str | None
    feedback_given: bool


def cycle_records(mentorship: Mentorship, user) -> list[CycleRecord]:
    """Every cycle, oldest first, with what can still be read or given for it; `user`'s own
    feedback comes from `mentorship.my_feedback` when the page prefetched it."""
    mine = getattr(mentorship, "my_feedback", None)
    if mine is None:
        mine = list(mentorship.exit_feedback.filter(author=user))
    records = []
    for cycle in range(1, mentorship.cycle + 1):
        reached = max(
            (
                STAGE_ORDER.index(step.to_stage)
                for step in mentorship.transitions.all()
                if step.cycle == cycle and step.to_stage in STAGE_ORDER
            ),
            default=0,
        )
        if cycle == mentorship.cycle:
            reached = max(reached, STAGE_ORDER.index(mentorship.stage))
        started_at, ended_at = cycle_bounds(mentorship, cycle)
        occasion = feedback_occasion(mentorship, cycle)
        records.append(
            CycleRecord(
                number=cycle,
                is_current=cycle == mentorship.cycle,
                started_at=started_at,
                ended_at=ended_at,
                reached=Stage(STAGE_ORDER[reached]).label,
                has_record=has_cycle_record(mentorship, cycle),
                feedback_occasion=occasion,
                feedback_given=any(
                    feedback.cycle == cycle and feedback.occasion == occasion for feedback in mine
                ),
            )
        )
    return records


# What is left when the pair moves on ---------------------------------------------------------

# Features add what else is unfinished (the roadmap's milestones) without the core importing
# them: each hook answers lines of words for a mentorship, empty when nothing is left.
UnfinishedHook = Callable[[Mentorship], list[str]]
_UNFINISHED_HOOKS: list[UnfinishedHook] = []


def register_unfinished(hook: UnfinishedHook) -> UnfinishedHook:
    if hook not in _UNFINISHED_HOOKS:
        _UNFINISHED_HOOKS.append(hook)
    return hook


def left_unfinished(mentorship: Mentorship, to: str) -> list[str]:
    """What the pair leaves unfinished by moving to Separation: goals not achieved and what the
    features report (milestones not done). The move asks to confirm when this is not empty."""
    if to != Stage.SEPARATION or mentorship.stage != Stage.CULTIVATION:
        return []
    goals = current_goals(mentorship)
    open_goals = [goal for goal in goals if not goal.is_achieved]
    left = []
    if open_goals:
        titles = ", ".join(f"“{goal.title}”" for goal in open_goals)
        left.append(
            ngettext(
                "%(count)d of %(total)d goals is not achieved: %(titles)s.",
                "%(count)d of %(total)d goals are not achieved: %(titles)s.",
                len(open_goals),
            )
            % {"count": len(open_goals), "total": len(goals), "titles": titles}
        )
    for hook in _UNFINISHED_HOOKS:
        left.extend(hook(mentorship))
    return left
