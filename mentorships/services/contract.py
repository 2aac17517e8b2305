"""The contract of the current cycle: versions, agreements, goals and their acknowledgement."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from menteo.errors import Conflict, Invalid
from menteo.events import announce
from mentorships import events, rules
from mentorships.models import (
    Contract,
    Goal,
    GoalAcknowledgement,
    Mentorship,
)
from mentorships.services.common import (
    lock_for_change,
)


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
        mentorship, _ = lock_for_change(mentorship, by)
        if not rules.contract_editable(mentorship):
            raise Conflict(f"The contract can't be changed in {mentorship.get_stage_display()}.")
        contract = mentorship.current_contract
        if contract.version != expected_version:
            raise Conflict(
                f"{mentorship.other_person(by).name} changed the contract while you were "
                f"editing (now version {contract.version}). Your changes were not saved: "
                "review the new version and edit again."
            )
        minimum = rules.goals_minimum(mentorship)
        if not minimum <= len(goals) <= rules.GOALS_MAX:
            raise Invalid(
                f"A contract has {minimum} to {rules.GOALS_MAX} goals (you gave {len(goals)})."
            )
        if review_date <= timezone.localdate():
            raise Invalid("The review date must be in the future.")

        # Whose agreement the change clears: a version somebody agreed to is never edited.
        cleared_for = tuple(
            person.pk
            for person, agreed_at in (
                (mentorship.mentor, contract.mentor_agreed_at),
                (mentorship.mentee, contract.mentee_agreed_at),
            )
            if agreed_at is not None
        )
        if cleared_for:
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
        announce(
            events.ContractEdited(
                actor_id=by.pk,
                mentorship_id=mentorship.pk,
                contract_id=contract.pk,
                cleared_for=cleared_for,
            )
        )
    return contract


def _save_goals(mentorship: Mentorship, goals: list[GoalInput]) -> list[dict]:
    existing = {
        goal.pk: goal for goal in Goal.objects.filter(mentorship=mentorship, cycle=mentorship.cycle)
    }
    if unknown := {item.id for item in goals if item.id} - set(existing):
        # Not a goal of this contract (another's, or removed meanwhile): never a silent copy.
        raise Invalid(
            f"Goal {min(unknown)} is not part of this contract: reload the page and edit again."
        )
    # Removing a goal with progress would lose its status, evidence, reviews and links.
    removed = set(existing) - {item.id for item in goals if item.id}
    with_progress = rules.goals_with_progress(mentorship) if removed else {}
    if titles := [with_progress[pk] for pk in sorted(removed) if pk in with_progress]:
        raise Invalid(*(f"“{title}”: {rules.GOAL_KEPT}" for title in titles))
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
    return [goal_snapshot(goal) for goal in kept]


def goal_snapshot(goal: Goal) -> dict:
    """A goal as the contract version that names it keeps it."""
    return {
        "id": goal.pk,
        "title": goal.title,
        "success_criterion": goal.success_criterion,
        "target_date": goal.target_date.isoformat() if goal.target_date else None,
    }


def contract_agree(*, mentorship: Mentorship, by: User, version: int) -> Contract:
    """Record one person's agreement to the version they read (and only that version)."""
    with transaction.atomic():
        mentorship, role = lock_for_change(mentorship, by)
        if not rules.contract_editable(mentorship):
            raise Conflict(f"The contract can't be agreed to in {mentorship.get_stage_display()}.")
        contract = mentorship.current_contract
        if contract.version != version:
            raise Conflict(
                f"The contract changed since you read it (now version {contract.version}). "
                "Read the new version before agreeing."
            )
        if not contract.goals_snapshot:
            raise Conflict("The contract has no goals yet: write them before agreeing.")
        field = f"{role}_agreed_at"
        if getattr(contract, field) is None:
            setattr(contract, field, timezone.now())
            contract.save(update_fields=[field, "updated_at"])
            agreed = (
                events.ContractAgreedByBoth
                if contract.is_agreed_by_both
                else events.ContractAgreedByOne
            )
            announce(agreed(actor_id=by.pk, mentorship_id=mentorship.pk, contract_id=contract.pk))
    return contract


def _current_goal(mentorship: Mentorship, goal_id: int) -> Goal:
    goal = Goal.objects.filter(pk=goal_id, mentorship=mentorship, cycle=mentorship.cycle).first()
    if goal is None:  # the pages only offer current goals: the cycle moved on meanwhile
        raise Conflict("This goal belongs to an earlier cycle: the mentorship moved on.")
    return goal


def goal_set_status(
    *, mentorship: Mentorship, goal_id: int, by: User, achieved: bool, evidence: str = ""
) -> Goal:
    """Mark a goal of the current cycle achieved (with evidence) or open again."""
    with transaction.atomic():
        mentorship, _ = lock_for_change(mentorship, by)
        if not rules.goals_markable(mentorship):
            raise Conflict("Goals are marked achieved during Cultivation.")
        goal = _current_goal(mentorship, goal_id)
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
        mentorship, _ = lock_for_change(mentorship, by)
        if not rules.review_open(mentorship):
            raise Conflict("Goals are acknowledged in the Separation review.")
        goal = _current_goal(mentorship, goal_id)
        acknowledgement, _ = GoalAcknowledgement.objects.update_or_create(
            goal=goal, user=by, defaults={"outcome": outcome, "note": note.strip()}
        )
    return acknowledgement
