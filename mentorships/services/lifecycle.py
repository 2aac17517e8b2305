"""The stages: starting a mentorship, moving it, cycling back, pausing, ending, and what
Redefinition and the end ask of the pair."""

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from menteo.errors import Conflict, Invalid
from menteo.events import announce
from mentorships import events, rules
from mentorships.models import (
    ENDED,
    PAUSED,
    RESUMED,
    Contract,
    ExitFeedback,
    Goal,
    Mentorship,
    Stage,
    StageTransition,
)
from mentorships.services.common import (
    REVIEW_AFTER_DAYS,
    lock,
    lock_for_change,
    participant_role,
    record_marker,
)
from mentorships.services.contract import goal_snapshot

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
    """Start a mentorship in Initiation with an empty first contract and its history; the
    features listening to `MentorshipStarted` add the rest (its roadmap, its room)."""
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
        StageTransition.objects.create(
            mentorship=mentorship,
            from_stage="",
            to_stage=Stage.INITIATION,
            cycle=1,
            by=by,
            note="Request accepted: the mentorship starts.",
        )
        announce(
            events.MentorshipStarted(actor_id=by.pk if by else None, mentorship_id=mentorship.pk)
        )
    return mentorship


def transition(
    *,
    mentorship: Mentorship,
    to: str,
    by: User,
    note: str = "",
    reopen_goal_ids: list[int] | tuple[int, ...] = (),
    relationship: str = "peers",
    checkin_rhythm: str = "quarterly",
    confirmed: bool = True,
) -> Mentorship:
    """Move a mentorship to stage `to` if the lifecycle table allows it (see `rules`), and
    record who, when, from, to and why. Cycling back to Cultivation starts a new cycle with
    the chosen goals reopened; the earlier cycle stays on record. Entering Redefinition proposes
    what the relationship becomes and how often the pair checks in: the other person confirms.
    A person's move to Separation with something left unfinished (`rules.left_unfinished`) is
    sent with `confirmed=False` until they confirmed what is left on the page."""
    with transaction.atomic():
        mentorship = lock(mentorship)
        if missing := rules.missing_for(mentorship, to, by=by, note=note):
            raise Conflict(*missing)
        if mentorship.is_paused:
            raise Conflict("The mentorship is paused: resume it before changing stage.")
        if not confirmed and (left := rules.left_unfinished(mentorship, to)):
            raise Conflict("Confirm that you move on with this left unfinished:", *left)
        now = timezone.now()
        if to == Stage.REDEFINITION:
            _propose_relationship(
                mentorship, by=by, relationship=relationship, checkin_rhythm=checkin_rhythm, now=now
            )
        from_stage = mentorship.stage
        if rules.starts_new_cycle(mentorship, to):
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
                *PROPOSAL_FIELDS,
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
        announce(
            events.StageChanged(
                actor_id=by.pk,
                mentorship_id=mentorship.pk,
                transition_id=stage_transition.pk,
                from_stage=from_stage,
                to_stage=to,
                note=stage_transition.note,
            )
        )
        if to == Stage.REDEFINITION:
            _ask_feedback(mentorship, ExitFeedback.Occasion.REDEFINITION, by=by)
    return mentorship


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
    contract.goals_snapshot = [goal_snapshot(goal) for goal in reopened]
    contract.save(update_fields=["goals_snapshot"])
    mentorship.current_contract = contract


def mentorship_end(
    *, mentorship: Mentorship, by: User, reason: str, leaver_name: str = ""
) -> Mentorship:
    """Either person may end a mentorship from any stage, with a reason. Nothing is deleted;
    the mentorship becomes read-only. When `by` is deleting their account, `leaver_name` is
    their name, read before the account is emptied: the end is announced as PersonLeft, not
    as an ordinary end."""
    with transaction.atomic():
        mentorship = lock(mentorship)
        if missing := rules.missing_for(mentorship, ENDED, by=by, note=reason):
            raise Conflict(*missing)
        now = timezone.now()
        mentorship.ended_at = now
        mentorship.ended_by = by
        mentorship.end_reason = reason.strip()
        mentorship.save(update_fields=["ended_at", "ended_by", "end_reason", "updated_at"])
        ending = record_marker(mentorship, ENDED, by=by, note=reason.strip())
        if leaver_name:
            announce(
                events.PersonLeft(
                    actor_id=by.pk, mentorship_id=mentorship.pk, leaver_name=leaver_name
                )
            )
        else:
            announce(
                events.MentorshipEnded(
                    actor_id=by.pk,
                    mentorship_id=mentorship.pk,
                    transition_id=ending.pk,
                    reason=ending.note,
                )
            )
        # The person who leaves is gone: only the one who stays is asked.
        _ask_feedback(mentorship, ExitFeedback.Occasion.ENDED, by=by)
    return mentorship


def _ask_feedback(mentorship: Mentorship, occasion: str, *, by: User) -> None:
    """Ending and reaching Redefinition ask for private feedback: `by` gives theirs on the page
    in front of them, the other person is asked."""
    announce(
        events.FeedbackAsked(
            actor_id=by.pk,
            mentorship_id=mentorship.pk,
            occasion=occasion,
            cycle=mentorship.cycle,
        )
    )


# Pauses, the shape of Redefinition, exit feedback ---------------------------------------


def mentorship_pause(
    *, mentorship: Mentorship, by: User, reason: str, resume_on: date | None = None
) -> Mentorship:
    """Either person pauses (parental leave, a busy quarter): nudges stop, the room stays open.
    A paused mentorship resumes by itself on `resume_on`, if given."""
    with transaction.atomic():
        mentorship, _ = lock_for_change(mentorship, by)
        if mentorship.is_paused:
            raise Conflict("The mentorship is already paused.")
        if not reason.strip():
            raise Invalid("Say why you are pausing, so the other person knows.")
        if resume_on is not None and resume_on <= timezone.localdate():
            raise Invalid("The resume date must be in the future.")
        mentorship.paused_at = timezone.now()
        mentorship.pause_reason = reason.strip()
        mentorship.resume_on = resume_on
        mentorship.save(update_fields=["paused_at", "pause_reason", "resume_on", "updated_at"])
        note = reason.strip() + (f" (until {resume_on:%-d %B %Y})" if resume_on else "")
        pause = record_marker(mentorship, PAUSED, by=by, note=note)
        announce(
            events.MentorshipPaused(
                actor_id=by.pk,
                mentorship_id=mentorship.pk,
                transition_id=pause.pk,
                reason=mentorship.pause_reason,
                resume_on=resume_on,
            )
        )
    return mentorship


def mentorship_resume(*, mentorship: Mentorship, by: User | None, note: str = "") -> Mentorship:
    """Resume a paused mentorship (by a person, or by the resume-date sweep with `by=None`)."""
    with transaction.atomic():
        mentorship = lock(mentorship)
        if by is not None:
            participant_role(mentorship, by)
        if not mentorship.is_paused:
            raise Conflict("The mentorship is not paused.")
        mentorship.paused_at = None
        mentorship.resume_on = None
        mentorship.save(update_fields=["paused_at", "resume_on", "updated_at"])
        resumption = record_marker(mentorship, RESUMED, by=by, note=note.strip())
        announce(
            events.MentorshipResumed(
                actor_id=by.pk if by else None,
                mentorship_id=mentorship.pk,
                transition_id=resumption.pk,
            )
        )
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
        except Conflict:  # someone resumed it by hand meanwhile
            pass
    return resumed


PROPOSAL_FIELDS = ["proposed_relationship", "proposed_checkin_rhythm", "proposed_by", "proposed_at"]


def _propose_relationship(
    mentorship: Mentorship, *, by: User, relationship: str, checkin_rhythm: str, now: datetime
) -> None:
    mentorship.proposed_relationship = relationship
    mentorship.proposed_checkin_rhythm = checkin_rhythm
    mentorship.proposed_by = by
    mentorship.proposed_at = now
    announce(
        events.RelationshipProposed(
            actor_id=by.pk,
            mentorship_id=mentorship.pk,
            relationship=relationship,
            checkin_rhythm=checkin_rhythm,
            at=now,
        )
    )


def _confirm_relationship(mentorship: Mentorship, *, by: User, now: datetime) -> None:
    mentorship.relationship = mentorship.proposed_relationship
    mentorship.checkin_rhythm = mentorship.proposed_checkin_rhythm
    mentorship.proposed_relationship = mentorship.proposed_checkin_rhythm = ""
    mentorship.proposed_by = mentorship.proposed_at = None
    announce(
        events.RelationshipConfirmed(
            actor_id=by.pk,
            mentorship_id=mentorship.pk,
            relationship=mentorship.relationship,
            checkin_rhythm=mentorship.checkin_rhythm,
            at=now,
        )
    )


def relationship_update(
    *, mentorship: Mentorship, by: User, relationship: str, checkin_rhythm: str
) -> Mentorship:
    """In Redefinition, propose what the relationship becomes and how often the pair checks
    in; neither person decides for both. Proposing exactly what the other person proposed
    confirms it; anything else replaces their proposal with yours, for them to confirm."""
    with transaction.atomic():
        mentorship, _ = lock_for_change(mentorship, by)
        if not rules.relationship_editable(mentorship):
            raise Conflict("The relationship is chosen on entering Redefinition.")
        now = timezone.now()
        if rules.awaits_confirmation_of(mentorship, by) and (
            mentorship.proposed_relationship,
            mentorship.proposed_checkin_rhythm,
        ) == (relationship, checkin_rhythm):
            _confirm_relationship(mentorship, by=by, now=now)
        else:
            _propose_relationship(
                mentorship, by=by, relationship=relationship, checkin_rhythm=checkin_rhythm, now=now
            )
        mentorship.save(
            update_fields=["relationship", "checkin_rhythm", *PROPOSAL_FIELDS, "updated_at"]
        )
    return mentorship


def _moment_or_none(text: str) -> datetime | None:
    try:
        return parse_datetime(text)
    except ValueError:  # shaped like a time but not one (month 13)
        return None


def relationship_confirm(
    *,
    mentorship: Mentorship,
    by: User,
    proposed_relationship: str,
    proposed_checkin_rhythm: str,
    proposed_at: str,
) -> Mentorship:
    """The other person confirms the proposal they read; the proposer cannot. The proposal as
    shown (its relationship, rhythm and ISO time) must still be the one standing: if the
    proposer changed it after the page was loaded, nobody confirms terms they never saw."""
    with transaction.atomic():
        mentorship, _ = lock_for_change(mentorship, by)
        if not rules.relationship_editable(mentorship):
            raise Conflict("The relationship is chosen on entering Redefinition.")
        if not mentorship.has_proposal:
            raise Conflict("There is no proposal to confirm: it was confirmed already.")
        if not rules.awaits_confirmation_of(mentorship, by):
            raise Conflict(
                f"{mentorship.other_person(by).name} confirms your proposal, or proposes "
                "something else."
            )
        shown = (proposed_relationship, proposed_checkin_rhythm, _moment_or_none(proposed_at))
        standing = (
            mentorship.proposed_relationship,
            mentorship.proposed_checkin_rhythm,
            mentorship.proposed_at,
        )
        if shown != standing:
            raise Conflict("The proposal changed: read it again before confirming.")
        _confirm_relationship(mentorship, by=by, now=timezone.now())
        mentorship.save(
            update_fields=["relationship", "checkin_rhythm", *PROPOSAL_FIELDS, "updated_at"]
        )
    return mentorship


def exit_feedback_give(
    *,
    mentorship: Mentorship,
    by: User,
    what_worked: str,
    what_to_change: str,
    relationship_rating: int,
    progress_rating: int,
    would_recommend: bool,
    cycle: int | None = None,
) -> ExitFeedback:
    """Once per person, per cycle and occasion; private to its author and the admins. A cycle
    that reached Redefinition can be given feedback on after the pair cycled back."""
    with transaction.atomic():
        mentorship = lock(mentorship)
        role = participant_role(mentorship, by)
        cycle = mentorship.cycle if cycle is None else cycle
        occasion = rules.feedback_occasion(mentorship, cycle)
        if occasion is None:
            raise Conflict("Feedback is asked for when a mentorship ends or reaches Redefinition.")
        try:
            with transaction.atomic():
                return ExitFeedback.objects.create(
                    mentorship=mentorship,
                    author=by,
                    author_role=role,
                    occasion=occasion,
                    cycle=cycle,
                    what_worked=what_worked.strip(),
                    what_to_change=what_to_change.strip(),
                    relationship_rating=relationship_rating,
                    progress_rating=progress_rating,
                    would_recommend=would_recommend,
                )
        except IntegrityError:
            raise Conflict("You already gave your feedback. Thank you!") from None
