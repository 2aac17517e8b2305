"""Writes for mentor profiles, requests, mentorships and their contracts.

Every change of a mentorship happens inside a transaction after locking its row
(`select_for_update`), so two people pressing buttons at the same moment are served one after
the other and the second sees the first one's result.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from mentorships import rules
from mentorships.models import (
    ENDED,
    PAUSED,
    RESUMED,
    Contract,
    ExitFeedback,
    Expertise,
    Goal,
    GoalAcknowledgement,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    Stage,
    StageTransition,
)
from notifications import services as notifications

REVIEW_AFTER_DAYS = 182  # the planned exit: about six months after the start


class MentorshipError(Exception):
    """A rule refused the action. The message says why, in words for the person."""

    def __init__(self, *reasons: str):
        self.reasons = list(reasons)
        super().__init__(" ".join(reasons))


class TransitionRefused(MentorshipError):
    pass


class RequestRefused(MentorshipError):
    pass


class ContractRefused(MentorshipError):
    pass


class NotAllowed(MentorshipError):
    """The person is part of the mentorship or request, but not in the role this needs."""


# Mentor profiles ----------------------------------------------------------------------


def mentor_profile_update(
    *, user: User, expertise: list[str], capacity: int, is_accepting: bool
) -> MentorProfile:
    """Create or change a person's mentor profile; unknown expertise names become new tags."""
    with transaction.atomic():
        profile, _ = MentorProfile.objects.get_or_create(user=user)
        profile.capacity = capacity
        profile.is_accepting = is_accepting
        profile.save()
        tags = []
        for name in expertise:
            slug = slugify(name)
            if slug:
                tag, _ = Expertise.objects.get_or_create(slug=slug, defaults={"name": name})
                tags.append(tag)
        profile.expertise.set(tags)
    return profile


def active_mentee_count(mentor: User) -> int:
    """Mentees that take the mentor's time: not ended, not yet in Redefinition."""
    return Mentorship.objects.filter(
        mentor=mentor,
        ended_at__isnull=True,
        stage__in=[Stage.INITIATION, Stage.CULTIVATION, Stage.SEPARATION],
    ).count()


# Requests ----------------------------------------------------------------------


def request_refusals(*, mentee: User, mentor: User) -> list[str]:
    """Why `mentee` may not request `mentor` now; empty when they may."""
    if mentee.pk == mentor.pk:
        return ["You can't request yourself as a mentor."]
    profile = MentorProfile.objects.filter(user=mentor).first()
    if profile is None:
        return [f"{mentor.name} is not a mentor on Menteo."]
    if not profile.is_accepting:
        return [f"{mentor.name} is not accepting new requests right now."]
    if active_mentee_count(mentor) >= profile.capacity:
        return [f"{mentor.name} is at capacity and can't take a new mentee right now."]
    if MentorshipRequest.objects.filter(
        mentee=mentee, mentor=mentor, status=MentorshipRequest.Status.PENDING
    ).exists():
        return [f"You already have a pending request to {mentor.name}."]
    if Mentorship.objects.filter(mentee=mentee, mentor=mentor, ended_at__isnull=True).exists():
        return [f"You already have a mentorship with {mentor.name}."]
    return []


def request_create(
    *, mentee: User, mentor: User, focus_area: str, focus: str, message: str
) -> MentorshipRequest:
    """A mentee asks a mentor, who must be accepting and under capacity; one pending per pair."""
    if refusals := request_refusals(mentee=mentee, mentor=mentor):
        raise RequestRefused(*refusals)
    try:
        with transaction.atomic():
            request = MentorshipRequest.objects.create(
                mentee=mentee,
                mentor=mentor,
                focus_area=focus_area,
                focus=focus.strip(),
                message=message.strip(),
            )
            # The email is an outbox row in this transaction: a broker outage delays it only.
            notifications.notify_request_received(request)
            return request
    except IntegrityError:  # a double submit raced past the check above
        raise RequestRefused(f"You already have a pending request to {mentor.name}.") from None


def _locked_pending_request(request_id, *, by: User, role: str) -> MentorshipRequest:
    request = (
        MentorshipRequest.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee")
        .get(pk=request_id)
    )
    if getattr(request, f"{role}_id") != by.pk:
        raise NotAllowed(f"Only the {role} of this request can do that.")
    if not request.is_pending:
        raise RequestRefused(f"This request was already {request.get_status_display().lower()}.")
    return request


def request_accept(*, request_id, by: User) -> Mentorship:
    """The mentor accepts: the mentorship starts in Initiation. Capacity is checked under a lock
    on the mentor's profile, so two acceptances at once cannot overfill it."""
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().filter(user=by).first()
        request = _locked_pending_request(request_id, by=by, role="mentor")
        if profile and active_mentee_count(by) >= profile.capacity:
            raise RequestRefused(
                "You are at capacity. Raise your capacity on your mentor profile, or end or "
                "complete a mentorship first."
            )
        mentorship = mentorship_create(
            mentor=request.mentor,
            mentee=request.mentee,
            focus_area=request.focus_area,
            focus=request.focus,
            by=by,
        )
        request.status = MentorshipRequest.Status.ACCEPTED
        request.decided_at = timezone.now()
        request.mentorship = mentorship
        request.save(update_fields=["status", "decided_at", "mentorship"])
    return mentorship


def request_decline(*, request_id, by: User, reason: str = "") -> MentorshipRequest:
    with transaction.atomic():
        request = _locked_pending_request(request_id, by=by, role="mentor")
        request.status = MentorshipRequest.Status.DECLINED
        request.decline_reason = reason.strip()
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decline_reason", "decided_at"])
    return request


def request_withdraw(*, request_id, by: User) -> MentorshipRequest:
    with transaction.atomic():
        request = _locked_pending_request(request_id, by=by, role="mentee")
        request.status = MentorshipRequest.Status.WITHDRAWN
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at"])
    return request


# Mentorships ----------------------------------------------------------------------


def mentorship_create(
    *,
    mentor: User,
    mentee: User,
    focus_area: str,
    focus: str,
    by: User | None = None,
    started_at: datetime | None = None,
) -> Mentorship:
    """Start a mentorship in Initiation with an empty first contract, an empty roadmap and
    its room."""
    from roadmaps.models import Roadmap
    from rooms.services import room_create

    started_at = started_at or timezone.now()
    with transaction.atomic():
        mentorship = Mentorship.objects.create(
            mentor=mentor,
            mentee=mentee,
            focus_area=focus_area,
            focus=focus,
            stage=Stage.INITIATION,
            started_at=started_at,
            stage_changed_at=started_at,
            last_activity_at=started_at,
        )
        contract = Contract.objects.create(
            mentorship=mentorship,
            cycle=1,
            version=1,
            review_date=timezone.localdate(started_at) + timedelta(days=REVIEW_AFTER_DAYS),
            communication_methods=["room"],
            created_by=by,
        )
        mentorship.current_contract = contract
        mentorship.save(update_fields=["current_contract"])
        Roadmap.objects.create(mentorship=mentorship, title=focus)
        room_create(mentorship=mentorship)
        StageTransition.objects.create(
            mentorship=mentorship,
            from_stage="",
            to_stage=Stage.INITIATION,
            cycle=1,
            by=by,
            note="Request accepted: the mentorship starts.",
        )
    return mentorship


def _lock(mentorship: Mentorship) -> Mentorship:
    """Re-read the mentorship under a row lock, with what the rules read."""
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee", "current_contract", "roadmap")
        .prefetch_related("goals__acknowledgements")
        .get(pk=mentorship.pk)
    )


def _refuse_if_read_only(mentorship: Mentorship, error=MentorshipError) -> None:
    if mentorship.is_ended:
        raise error("This mentorship has ended; it is read-only.")


def participant_role(mentorship: Mentorship, user: User) -> str:
    """The person's role in the mentorship; NotAllowed for anyone else."""
    if user.pk == mentorship.mentor_id:
        return "mentor"
    if user.pk == mentorship.mentee_id:
        return "mentee"
    raise NotAllowed("Only the mentor and the mentee can do this.")


@dataclass(frozen=True)
class GoalInput:
    title: str
    success_criterion: str
    target_date: date | None = None
    id: int | None = None


def contract_update(
    *,
    mentorship: Mentorship,
    by: User,
    expected_version: int,
    ground_rules: str,
    meeting_cadence: str,
    communication_methods: list[str],
    review_date: date,
    goals: list[GoalInput],
) -> Contract:
    """Change the contract of the current cycle.

    A version that either person agreed to is never edited: the change becomes a new version
    with both agreements cleared, and the agreed one stays readable. A version nobody agreed to
    yet is a draft and is edited in place. `expected_version` is the version the editor read: if
    the other person saved in between, the change is refused rather than overwriting theirs.
    """
    with transaction.atomic():
        mentorship = _lock(mentorship)
        participant_role(mentorship, by)
        _refuse_if_read_only(mentorship, ContractRefused)
        if mentorship.stage not in (Stage.INITIATION, Stage.CULTIVATION):
            raise ContractRefused(
                f"The contract can't be changed in {mentorship.get_stage_display()}."
            )
        contract = mentorship.current_contract
        if contract.version != expected_version:
            raise ContractRefused(
                f"{mentorship.other_person(by).name} changed the contract while you were "
                f"editing (now version {contract.version}). Your changes were not saved: "
                "review the new version and edit again."
            )
        minimum = rules.GOALS_MIN if mentorship.cycle == 1 else 1
        if not minimum <= len(goals) <= rules.GOALS_MAX:
            raise ContractRefused(
                f"A contract has {minimum} to {rules.GOALS_MAX} goals (you gave {len(goals)})."
            )
        if review_date <= timezone.localdate():
            raise ContractRefused("The review date must be in the future.")

        if contract.has_any_agreement:
            contract = Contract.objects.create(
                mentorship=mentorship,
                cycle=contract.cycle,
                version=contract.version + 1,
                created_by=by,
                review_date=review_date,
            )
            mentorship.current_contract = contract
            mentorship.save(update_fields=["current_contract", "updated_at"])
        contract.ground_rules = ground_rules.strip()
        contract.meeting_cadence = meeting_cadence
        contract.communication_methods = list(communication_methods)
        contract.review_date = review_date
        contract.goals_snapshot = _save_goals(mentorship, goals)
        contract.save()
    return contract


def _save_goals(mentorship: Mentorship, goals: list[GoalInput]) -> list[dict]:
    existing = {
        goal.pk: goal for goal in Goal.objects.filter(mentorship=mentorship, cycle=mentorship.cycle)
    }
    kept = []
    for order, item in enumerate(goals):
        goal = existing.pop(item.id, None) if item.id else None
        if goal is None:
            goal = Goal(mentorship=mentorship, cycle=mentorship.cycle)
        goal.order = order
        goal.title = item.title.strip()
        goal.success_criterion = item.success_criterion.strip()
        goal.target_date = item.target_date
        goal.save()
        kept.append(goal)
    Goal.objects.filter(pk__in=existing).delete()
    return [
        {
            "id": goal.pk,
            "title": goal.title,
            "success_criterion": goal.success_criterion,
            "target_date": goal.target_date.isoformat() if goal.target_date else None,
        }
        for goal in kept
    ]


def contract_agree(*, mentorship: Mentorship, by: User, version: int) -> Contract:
    """Record one person's agreement to the version they read (and only that version)."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        role = participant_role(mentorship, by)
        _refuse_if_read_only(mentorship, ContractRefused)
        contract = mentorship.current_contract
        if contract.version != version:
            raise ContractRefused(
                f"The contract changed since you read it (now version {contract.version}). "
                "Read the new version before agreeing."
            )
        if not contract.goals_snapshot:
            raise ContractRefused("The contract has no goals yet: write them before agreeing.")
        field = f"{role}_agreed_at"
        if getattr(contract, field) is None:
            setattr(contract, field, timezone.now())
            contract.save(update_fields=[field, "updated_at"])
            if contract.is_agreed_by_both:
                from roadmaps.services import roadmap_snapshot_take

                # The roadmap as agreed, for the side-by-side in the Separation review.
                roadmap_snapshot_take(mentorship=mentorship, contract=contract)
    return contract


def goal_set_status(
    *, mentorship: Mentorship, goal_id: int, by: User, achieved: bool, evidence: str = ""
) -> Goal:
    """Mark a goal of the current cycle achieved (with evidence) or open again."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        participant_role(mentorship, by)
        _refuse_if_read_only(mentorship)
        if mentorship.stage != Stage.CULTIVATION:
            raise MentorshipError("Goals are marked achieved during Cultivation.")
        goal = Goal.objects.get(pk=goal_id, mentorship=mentorship, cycle=mentorship.cycle)
        if achieved:
            goal.status = Goal.Status.ACHIEVED
            goal.evidence = evidence.strip()
            goal.achieved_at = goal.achieved_at or timezone.now()
        else:
            goal.status = Goal.Status.OPEN
            goal.achieved_at = None
        goal.save()
    return goal


def goal_acknowledge(
    *, mentorship: Mentorship, goal_id: int, by: User, outcome: str, note: str = ""
) -> GoalAcknowledgement:
    """One person's formal acknowledgement of a goal in the Separation review (changeable
    until the pair moves on)."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        participant_role(mentorship, by)
        _refuse_if_read_only(mentorship)
        if mentorship.stage != Stage.SEPARATION:
            raise MentorshipError("Goals are acknowledged in the Separation review.")
        goal = Goal.objects.get(pk=goal_id, mentorship=mentorship, cycle=mentorship.cycle)
        acknowledgement, _ = GoalAcknowledgement.objects.update_or_create(
            goal=goal, user=by, defaults={"outcome": outcome, "note": note.strip()}
        )
    return acknowledgement


def transition(
    *,
    mentorship: Mentorship,
    to: str,
    by: User,
    note: str = "",
    reopen_goal_ids: list[int] | tuple[int, ...] = (),
    relationship: str = "peers",
    checkin_rhythm: str = "quarterly",
) -> Mentorship:
    """Move a mentorship to stage `to` if the lifecycle table allows it (see `rules`), and
    record who, when, from, to and why. Cycling back to Cultivation starts a new cycle with
    the chosen goals reopened; the earlier cycle stays on record. Entering Redefinition sets
    what the relationship becomes and how often the pair checks in."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        if missing := rules.missing_for(mentorship, to, by=by, note=note):
            raise TransitionRefused(*missing)
        if mentorship.is_paused:
            raise TransitionRefused("The mentorship is paused: resume it before changing stage.")
        if to == Stage.REDEFINITION:
            mentorship.relationship = relationship
            mentorship.checkin_rhythm = checkin_rhythm
        now = timezone.now()
        from_stage = mentorship.stage
        if to == Stage.CULTIVATION and from_stage != Stage.INITIATION:
            _start_new_cycle(mentorship, by=by, reopen_goal_ids=reopen_goal_ids)
        mentorship.stage = to
        mentorship.stage_changed_at = now
        # A change of stage is a sign of life; the row is locked, so set in the same save.
        mentorship.last_activity_at = max(mentorship.last_activity_at, now)
        mentorship.save(
            update_fields=[
                "stage",
                "stage_changed_at",
                "last_activity_at",
                "cycle",
                "current_contract",
                "relationship",
                "checkin_rhythm",
                "updated_at",
            ]
        )
        stage_transition = StageTransition.objects.create(
            mentorship=mentorship,
            from_stage=from_stage,
            to_stage=to,
            cycle=mentorship.cycle,
            by=by,
            note=note.strip(),
        )
        notifications.notify_stage_changed(stage_transition)
    return mentorship


def mentorship_touch(*, mentorship: Mentorship, when: datetime) -> None:
    """A sign of life from the pair at `when` (a room message, a shared post, a meeting that
    has started, a change of stage: see `mentorships.activity`). `last_activity_at` only moves
    forward: one guarded UPDATE, no lock needed, so it runs inside the caller's transaction and
    a late or repeated touch is a no-op. Taking back what gave the sign (a post made private
    or deleted, a started meeting cancelled) leaves it where it was: the pair did show life."""
    if Mentorship.objects.filter(pk=mentorship.pk, last_activity_at__lt=when).update(
        last_activity_at=when
    ):
        mentorship.last_activity_at = when


def mentorships_touch_latest(*, mentorships: QuerySet[Mentorship], latest: Subquery) -> int:
    """The set-based `mentorship_touch`: each of `mentorships` moves forward to `latest`, a
    subquery of one time for OuterRef("pk"), if it is later. One UPDATE; returns how many
    moved."""
    return mentorships.filter(last_activity_at__lt=latest).update(last_activity_at=latest)


def mentorships_recount_activity(
    *, mentorships: QuerySet[Mentorship] | None = None, now: datetime | None = None
) -> int:
    """Set `last_activity_at` from its definition (`mentorships.activity.last_activity`), for
    data written around the services (the demo seed, an import). It may move back: this is
    the definition, not a sign of life. One UPDATE."""
    from mentorships.activity import last_activity

    mentorships = Mentorship.objects.all() if mentorships is None else mentorships
    return mentorships.update(last_activity_at=last_activity(now or timezone.now()))


def _start_new_cycle(mentorship: Mentorship, *, by: User, reopen_goal_ids) -> None:
    previous = mentorship.current_contract
    old_goals = {
        goal.pk: goal for goal in rules.current_goals(mentorship) if goal.pk in set(reopen_goal_ids)
    }
    mentorship.cycle += 1
    review_date = previous.review_date
    if review_date <= timezone.localdate():
        review_date = timezone.localdate() + timedelta(days=REVIEW_AFTER_DAYS)
    contract = Contract.objects.create(
        mentorship=mentorship,
        cycle=mentorship.cycle,
        version=1,
        ground_rules=previous.ground_rules,
        meeting_cadence=previous.meeting_cadence,
        communication_methods=previous.communication_methods,
        review_date=review_date,
        created_by=by,
    )
    reopened = [
        Goal.objects.create(
            mentorship=mentorship,
            cycle=mentorship.cycle,
            order=order,
            title=goal.title,
            success_criterion=goal.success_criterion,
            target_date=None,
            reopened_from=goal,
        )
        for order, goal in enumerate(old_goals.values())
    ]
    contract.goals_snapshot = [
        {
            "id": g.pk,
            "title": g.title,
            "success_criterion": g.success_criterion,
            "target_date": None,
        }
        for g in reopened
    ]
    contract.save(update_fields=["goals_snapshot"])
    mentorship.current_contract = contract


def mentorship_end(*, mentorship: Mentorship, by: User, reason: str) -> Mentorship:
    """Either person may end a mentorship from any stage, with a reason. Nothing is deleted;
    the mentorship becomes read-only."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        if missing := rules.missing_for(mentorship, ENDED, by=by, note=reason):
            raise TransitionRefused(*missing)
        now = timezone.now()
        mentorship.ended_at = now
        mentorship.ended_by = by
        mentorship.end_reason = reason.strip()
        mentorship.save(update_fields=["ended_at", "ended_by", "end_reason", "updated_at"])
        StageTransition.objects.create(
            mentorship=mentorship,
            from_stage=mentorship.stage,
            to_stage=ENDED,
            cycle=mentorship.cycle,
            by=by,
            note=reason.strip(),
        )
    return mentorship


# Pauses, the shape of Redefinition, exit feedback ---------------------------------------


def mentorship_pause(
    *, mentorship: Mentorship, by: User, reason: str, resume_on: date | None = None
) -> Mentorship:
    """Either person pauses (parental leave, a busy quarter): nudges stop, the room stays open.
    A paused mentorship resumes by itself on `resume_on`, if given."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        participant_role(mentorship, by)
        _refuse_if_read_only(mentorship)
        if mentorship.is_paused:
            raise MentorshipError("The mentorship is already paused.")
        if not reason.strip():
            raise MentorshipError("Say why you are pausing, so the other person knows.")
        if resume_on is not None and resume_on <= timezone.localdate():
            raise MentorshipError("The resume date must be in the future.")
        mentorship.paused_at = timezone.now()
        mentorship.pause_reason = reason.strip()
        mentorship.resume_on = resume_on
        mentorship.save(update_fields=["paused_at", "pause_reason", "resume_on", "updated_at"])
        note = reason.strip() + (f" (until {resume_on:%-d %B %Y})" if resume_on else "")
        _record(mentorship, PAUSED, by=by, note=note)
    return mentorship


def mentorship_resume(*, mentorship: Mentorship, by: User | None, note: str = "") -> Mentorship:
    """Resume a paused mentorship (by a person, or by the resume-date sweep with `by=None`)."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        if by is not None:
            participant_role(mentorship, by)
        if not mentorship.is_paused:
            raise MentorshipError("The mentorship is not paused.")
        mentorship.paused_at = None
        mentorship.resume_on = None
        mentorship.save(update_fields=["paused_at", "resume_on", "updated_at"])
        _record(mentorship, RESUMED, by=by, note=note.strip())
    return mentorship


def resume_due_mentorships(*, today: date | None = None) -> int:
    """Resume every paused mentorship whose resume date has come; returns how many."""
    today = today or timezone.localdate(timezone=timezone.get_default_timezone())
    due = Mentorship.objects.filter(
        paused_at__isnull=False, resume_on__lte=today, ended_at__isnull=True
    ).values_list("pk", flat=True)
    resumed = 0
    for pk in list(due):
        try:
            mentorship_resume(
                mentorship=Mentorship(pk=pk), by=None, note="Resumed on the planned date."
            )
            resumed += 1
        except MentorshipError:  # someone resumed it by hand meanwhile
            pass
    return resumed


def _record(mentorship: Mentorship, marker: str, *, by: User | None, note: str) -> None:
    StageTransition.objects.create(
        mentorship=mentorship,
        from_stage=mentorship.stage,
        to_stage=marker,
        cycle=mentorship.cycle,
        by=by,
        note=note,
    )


def relationship_update(
    *, mentorship: Mentorship, by: User, relationship: str, checkin_rhythm: str
) -> Mentorship:
    """Change what the relationship became, in Redefinition."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        participant_role(mentorship, by)
        _refuse_if_read_only(mentorship)
        if mentorship.stage != Stage.REDEFINITION:
            raise MentorshipError("The relationship is chosen on entering Redefinition.")
        mentorship.relationship = relationship
        mentorship.checkin_rhythm = checkin_rhythm
        mentorship.save(update_fields=["relationship", "checkin_rhythm", "updated_at"])
    return mentorship


def feedback_occasion(mentorship: Mentorship) -> str | None:
    """When the page asks for exit feedback: after an ending, or in Redefinition."""
    if mentorship.is_ended:
        return ExitFeedback.Occasion.ENDED
    if mentorship.stage == Stage.REDEFINITION:
        return ExitFeedback.Occasion.REDEFINITION
    return None


def exit_feedback_give(
    *,
    mentorship: Mentorship,
    by: User,
    what_worked: str,
    what_to_change: str,
    relationship_rating: int,
    progress_rating: int,
    would_recommend: bool,
) -> ExitFeedback:
    """Once per person, per cycle and occasion; private to its author and the admins."""
    with transaction.atomic():
        mentorship = _lock(mentorship)
        role = participant_role(mentorship, by)
        occasion = feedback_occasion(mentorship)
        if occasion is None:
            raise MentorshipError(
                "Feedback is asked for when a mentorship ends or reaches Redefinition."
            )
        try:
            with transaction.atomic():
                return ExitFeedback.objects.create(
                    mentorship=mentorship,
                    author=by,
                    author_role=role,
                    occasion=occasion,
                    cycle=mentorship.cycle,
                    what_worked=what_worked.strip(),
                    what_to_change=what_to_change.strip(),
                    relationship_rating=relationship_rating,
                    progress_rating=progress_rating,
                    would_recommend=would_recommend,
                )
        except IntegrityError:
            raise MentorshipError("You already gave your feedback. Thank you!") from None
