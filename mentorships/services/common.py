"""What every write to a mentorship shares: the row lock, the role check and the history row.
Refusals are the domain errors of `menteo.errors`."""

from accounts.models import User
from menteo.errors import Conflict, NotAllowed
from mentorships.models import (
    Mentorship,
    StageTransition,
)

REVIEW_AFTER_DAYS = 182  # the planned exit: about six months after the start


def lock(mentorship: Mentorship) -> Mentorship:
    """Re-read the mentorship under a row lock, with what the rules read."""
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee", "current_contract", "roadmap")
        .prefetch_related("goals__acknowledgements")
        .get(pk=mentorship.pk)
    )


def refuse_if_read_only(mentorship: Mentorship) -> None:
    if mentorship.is_ended:
        raise Conflict("This mentorship has ended; it is read-only.")


def participant_role(mentorship: Mentorship, user: User) -> str:
    """The person's role in the mentorship; NotAllowed for anyone else."""
    if user.pk == mentorship.mentor_id:
        return "mentor"
    if user.pk == mentorship.mentee_id:
        return "mentee"
    raise NotAllowed("Only the mentor and the mentee can do this.")


def lock_for_change(mentorship: Mentorship, by: User) -> tuple[Mentorship, str]:
    """Lock a live mentorship for a change by one of its two people: the mentorship re-read
    under its row lock, and `by`'s role. NotAllowed for anyone else, Conflict once it ended."""
    mentorship = lock(mentorship)
    role = participant_role(mentorship, by)
    refuse_if_read_only(mentorship)
    return mentorship, role


def record_marker(
    mentorship: Mentorship, marker: str, *, by: User | None, note: str
) -> StageTransition:
    return StageTransition.objects.create(
        mentorship=mentorship,
        from_stage=mentorship.stage,
        to_stage=marker,
        cycle=mentorship.cycle,
        by=by,
        note=note,
    )
