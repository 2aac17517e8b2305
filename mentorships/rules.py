"""The lifecycle's rules, in one place: which transitions exist and what each one needs.

Pure reads: the services call them under a row lock before changing anything, and the pages call
them to show the allowed buttons, and why the others are disabled.
"""

from mentorships.models import ENDED, Mentorship, Stage

GOALS_MIN, GOALS_MAX = 3, 5

# from stage -> the stages it may move to
ALLOWED: dict[str, tuple[str, ...]] = {
    Stage.INITIATION: (Stage.CULTIVATION,),
    Stage.CULTIVATION: (Stage.SEPARATION,),
    Stage.SEPARATION: (Stage.REDEFINITION, Stage.CULTIVATION),
    Stage.REDEFINITION: (Stage.CULTIVATION,),
}

STAGE_ORDER = [Stage.INITIATION, Stage.CULTIVATION, Stage.SEPARATION, Stage.REDEFINITION]


def current_goals(mentorship: Mentorship) -> list:
    """The goals of the current cycle (from a prefetch when there is one)."""
    return [goal for goal in mentorship.goals.all() if goal.cycle == mentorship.cycle]


def _names(people) -> str:
    return " and ".join(person.name for person in people)


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
    if by.pk == mentorship.mentor_id and note.strip():
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
    contract = mentorship.current_contract
    role = mentorship.role_of(user)
    if stage == Stage.INITIATION:
        steps = []
        goal_count = len(current_goals(mentorship))
        if goal_count < GOALS_MIN:
            steps.append("Write the contract: 3-5 specific, measurable goals.")
        agreed_at = contract and (
            contract.mentor_agreed_at if role == "mentor" else contract.mentee_agreed_at
        )
        if goal_count >= GOALS_MIN and not agreed_at:
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
                    f"Work the roadmap: {open_count} goal(s) still open. Mark one achieved "
                    "with evidence when you reach it."
                ]
            return [f"Give feedback: {open_count} goal(s) still open."]
        return ["Every goal is achieved: move to Separation and review the journey."]
    if stage == Stage.SEPARATION:
        pending = [
            goal
            for goal in current_goals(mentorship)
            if not any(ack.user_id == user.pk for ack in goal.acknowledgements.all())
        ]
        if pending:
            return [f"Review the roadmap together and acknowledge {len(pending)} goal(s)."]
        return ["Your review is done. When both are done, move to Redefinition."]
    return ["Stay in touch now and then, as peers. A new challenge? Cycle back to Cultivation."]
