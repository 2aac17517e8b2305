"""Every allowed and every refused transition of PRODUCT.md's lifecycle table."""

import threading

import pytest
from django.db import connection

from menteo.errors import Conflict, NotAllowed
from mentorships import services
from mentorships.models import ENDED, Goal, Mentorship, Stage, StageTransition
from tests.factories import UserFactory, make_mentorship

pytestmark = pytest.mark.django_db


def refused(mentorship, to, by, note="") -> str:
    with pytest.raises(Conflict) as error:
        services.transition(mentorship=mentorship, to=to, by=by, note=note)
    mentorship.refresh_from_db()
    return str(error.value)


def test_it_starts_in_initiation_with_a_recorded_start():
    mentorship = make_mentorship(stage="initiation")
    assert mentorship.stage == Stage.INITIATION
    assert mentorship.cycle == 1
    assert [(t.from_stage, t.to_stage) for t in mentorship.transitions.all()] == [
        ("", "initiation")
    ]


# Initiation -> Cultivation ----------------------------------------------------------------------


def test_it_refuses_cultivation_and_names_everything_missing():
    mentorship = make_mentorship(stage="initiation", goals=0, milestones=0)
    message = refused(mentorship, "cultivation", mentorship.mentee)
    assert "The contract needs 3 to 5 goals (it has 0)." in message
    assert (
        f"Both people must agree to the current contract (waiting for "
        f"{mentorship.mentor.name} and {mentorship.mentee.name})." in message
    )
    assert "The roadmap needs at least one milestone." in message
    assert mentorship.stage == Stage.INITIATION
    assert mentorship.transitions.count() == 1


def test_it_refuses_cultivation_until_the_other_person_agrees():
    mentorship = make_mentorship(stage="initiation", agreed=False)
    services.contract_agree(mentorship=mentorship, by=mentorship.mentee, version=1)
    message = refused(mentorship, "cultivation", mentorship.mentee)
    assert message == (
        f"Both people must agree to the current contract (waiting for {mentorship.mentor.name})."
    )


def test_it_refuses_cultivation_without_a_milestone():
    mentorship = make_mentorship(stage="initiation", agreed=True, milestones=0)
    assert refused(mentorship, "cultivation", mentorship.mentor) == (
        "The roadmap needs at least one milestone."
    )


def test_it_moves_to_cultivation_when_the_contract_is_agreed_and_the_roadmap_started():
    mentorship = make_mentorship(stage="initiation", agreed=True)
    services.transition(mentorship=mentorship, to="cultivation", by=mentorship.mentor, note="Go")
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.CULTIVATION
    last = mentorship.transitions.last()
    assert (last.from_stage, last.to_stage, last.by, last.note, last.cycle) == (
        "initiation",
        "cultivation",
        mentorship.mentor,
        "Go",
        1,
    )


@pytest.mark.parametrize("to", ["separation", "redefinition"])
def test_it_refuses_to_skip_stages_from_initiation(to):
    mentorship = make_mentorship(stage="initiation", agreed=True)
    assert refused(mentorship, to, mentorship.mentee) == (
        "A mentorship in Initiation can only move to Cultivation."
    )


# Cultivation -> Separation ----------------------------------------------------------------------


def test_it_refuses_separation_while_goals_are_open():
    mentorship = make_mentorship(stage="cultivation")
    first = mentorship.goals.first()
    services.goal_set_status(
        mentorship=mentorship,
        goal_id=first.pk,
        by=mentorship.mentee,
        achieved=True,
        evidence="Done",
    )
    message = refused(mentorship, "separation", mentorship.mentee)
    assert message.startswith("Every goal must be achieved first (2 of 3 still open: ")
    assert "“Ship the Q3 platform migration as lead”" in message
    assert "or the mentor can move on anyway with a note saying why." in message


def test_the_mentee_cannot_override_open_goals_even_with_a_note():
    mentorship = make_mentorship(stage="cultivation")
    assert "Every goal must be achieved first" in refused(
        mentorship, "separation", mentorship.mentee, note="I think we're done"
    )


def test_the_mentor_moves_on_anyway_with_a_note():
    mentorship = make_mentorship(stage="cultivation")
    assert "Every goal must be achieved first" in refused(
        mentorship, "separation", mentorship.mentor, note="   "
    )
    services.transition(
        mentorship=mentorship,
        to="separation",
        by=mentorship.mentor,
        note="The promotion came early; the rest no longer matters.",
    )
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.SEPARATION
    assert mentorship.transitions.last().note.startswith("The promotion came early")


@pytest.mark.parametrize("person", ["mentor", "mentee"])
def test_either_person_moves_to_separation_when_every_goal_is_achieved(person):
    mentorship = make_mentorship(stage="cultivation", achieved=True)
    services.transition(mentorship=mentorship, to="separation", by=getattr(mentorship, person))
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.SEPARATION


@pytest.mark.parametrize("to", ["initiation", "redefinition"])
def test_it_refuses_other_moves_from_cultivation(to):
    mentorship = make_mentorship(stage="cultivation", achieved=True)
    assert refused(mentorship, to, mentorship.mentor) == (
        "A mentorship in Cultivation can only move to Separation."
    )


def test_it_refuses_to_stay_where_it_is():
    mentorship = make_mentorship(stage="cultivation")
    assert refused(mentorship, "cultivation", mentorship.mentor) == (
        "The mentorship is already in Cultivation."
    )


# Separation -> Redefinition, and back to Cultivation -------------------------------------------


def test_it_refuses_redefinition_until_both_acknowledged_every_goal():
    mentorship = make_mentorship(stage="separation")
    goals = list(mentorship.goals.all())
    for goal in goals:
        services.goal_acknowledge(
            mentorship=mentorship, goal_id=goal.pk, by=mentorship.mentor, outcome="achieved"
        )
    services.goal_acknowledge(
        mentorship=mentorship,
        goal_id=goals[0].pk,
        by=mentorship.mentee,
        outcome="partly",
        note="The migration slipped a week.",
    )
    message = refused(mentorship, "redefinition", mentorship.mentor)
    assert message == (
        "The separation review is not complete: each goal needs both people. "
        f"{mentorship.mentee.name} has not yet acknowledged 2 goals."
    )


def test_it_moves_to_redefinition_once_the_review_is_complete():
    mentorship = make_mentorship(stage="separation", acknowledged=True)
    services.transition(mentorship=mentorship, to="redefinition", by=mentorship.mentee)
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.REDEFINITION


def test_it_refuses_initiation_from_separation_and_redefinition():
    separation = make_mentorship(stage="separation")
    assert refused(separation, "initiation", separation.mentor) == (
        "A mentorship in Separation can only move to Redefinition, Cultivation."
    )
    redefinition = make_mentorship(stage="redefinition")
    for to in ("initiation", "separation"):
        assert refused(redefinition, to, redefinition.mentor) == (
            "A mentorship in Redefinition can only move to Cultivation."
        )


@pytest.mark.parametrize("stage", ["separation", "redefinition"])
def test_a_new_challenge_cycles_back_to_cultivation_keeping_the_earlier_cycle(stage):
    mentorship = make_mentorship(stage=stage)
    old_goals = list(mentorship.goals.filter(cycle=1))
    old_contract = mentorship.current_contract
    services.transition(
        mentorship=mentorship,
        to="cultivation",
        by=mentorship.mentee,
        note="New challenge: a second team.",
        reopen_goal_ids=[old_goals[1].pk],
    )
    mentorship.refresh_from_db()
    assert (mentorship.stage, mentorship.cycle) == (Stage.CULTIVATION, 2)
    new_goals = list(mentorship.goals.filter(cycle=2))
    assert [(g.title, g.status, g.reopened_from_id) for g in new_goals] == [
        (old_goals[1].title, Goal.Status.OPEN, old_goals[1].pk)
    ]
    # The earlier cycle stays on record, as it was.
    assert mentorship.goals.filter(cycle=1, status="achieved").count() == 3
    assert mentorship.current_contract.cycle == 2
    assert mentorship.current_contract.version == 1
    old_contract.refresh_from_db()
    assert old_contract.is_agreed_by_both
    assert mentorship.transitions.last().cycle == 2


def test_the_new_cycle_needs_its_goals_achieved_before_separation():
    mentorship = make_mentorship(stage="redefinition")
    services.transition(mentorship=mentorship, to="cultivation", by=mentorship.mentor)
    mentorship.refresh_from_db()
    assert refused(mentorship, "separation", mentorship.mentor) == (
        "The contract has no goals yet: add the goals of this cycle first."
    )


# Ending --------------------------------------------------------------


@pytest.mark.parametrize("stage", ["initiation", "cultivation", "separation", "redefinition"])
def test_either_person_ends_the_mentorship_from_any_stage(stage):
    mentorship = make_mentorship(stage=stage)
    services.mentorship_end(mentorship=mentorship, by=mentorship.mentor, reason="Moving abroad.")
    mentorship.refresh_from_db()
    assert mentorship.is_ended
    assert (mentorship.stage, mentorship.ended_by, mentorship.end_reason) == (
        stage,
        mentorship.mentor,
        "Moving abroad.",
    )
    last = mentorship.transitions.last()
    assert (last.from_stage, last.to_stage) == (stage, ENDED)


def test_ending_needs_a_reason():
    mentorship = make_mentorship()
    with pytest.raises(Conflict, match="Say why you are ending the mentorship."):
        services.mentorship_end(mentorship=mentorship, by=mentorship.mentee, reason="  ")
    mentorship.refresh_from_db()
    assert not mentorship.is_ended


def test_an_ended_mentorship_is_read_only():
    mentorship = make_mentorship(stage="cultivation", ended=True)
    for to in ("separation", "cultivation", "redefinition"):
        assert refused(mentorship, to, mentorship.mentor) == (
            "This mentorship has ended; it is read-only."
        )
    with pytest.raises(Conflict, match="has ended"):
        services.mentorship_end(mentorship=mentorship, by=mentorship.mentor, reason="Again")
    goal = mentorship.goals.first()
    with pytest.raises(Conflict, match="has ended"):
        services.goal_set_status(
            mentorship=mentorship, goal_id=goal.pk, by=mentorship.mentee, achieved=True
        )
    with pytest.raises(Conflict, match="has ended"):
        services.contract_agree(mentorship=mentorship, by=mentorship.mentee, version=1)


def test_an_outsider_cannot_change_the_stage(outsider):
    mentorship = make_mentorship(stage="initiation", agreed=True)
    assert refused(mentorship, "cultivation", outsider) == (
        "Only the mentor and the mentee can change the stage."
    )
    with pytest.raises(NotAllowed):
        services.contract_agree(mentorship=mentorship, by=outsider, version=1)


# Two people pressing buttons at the same moment --------------------------------------------------


def run_at_once(*actions):
    """Run each action in its own thread and database connection, released together."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # the refused one is part of the result
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_transitions_make_exactly_one_change():
    mentorship = make_mentorship(stage="initiation", agreed=True)
    results = run_at_once(
        lambda: services.transition(mentorship=mentorship, to="cultivation", by=mentorship.mentor),
        lambda: services.transition(mentorship=mentorship, to="cultivation", by=mentorship.mentee),
    )
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "Mentorship"]
    refusal = next(r for r in results if isinstance(r, Conflict))
    assert str(refusal) == "The mentorship is already in Cultivation."
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.CULTIVATION
    assert (
        StageTransition.objects.filter(mentorship=mentorship, to_stage="cultivation").count() == 1
    )


@pytest.mark.django_db(transaction=True)
def test_ending_and_moving_on_at_once_leave_an_allowed_state():
    mentorship = make_mentorship(stage="separation", acknowledged=True)
    results = run_at_once(
        lambda: services.transition(mentorship=mentorship, to="redefinition", by=mentorship.mentor),
        lambda: services.mentorship_end(mentorship=mentorship, by=mentorship.mentee, reason="Done"),
    )
    assert all(isinstance(r, Mentorship | Conflict) for r in results)
    mentorship.refresh_from_db()
    rows = list(mentorship.transitions.values_list("from_stage", "to_stage"))
    assert mentorship.is_ended
    # Either it moved on and then ended, or it ended in Separation and could not move on.
    assert rows[-1][1] == ENDED
    assert rows[-1][0] == mentorship.stage
    assert len(rows) == 5 - (mentorship.stage == "separation")


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_once_never_overfill_a_mentor():
    from tests.factories import MentorProfileFactory, MentorshipRequestFactory

    mentor = MentorProfileFactory(capacity=1).user
    first = MentorshipRequestFactory(mentor=mentor, mentee=UserFactory())
    second = MentorshipRequestFactory(mentor=mentor, mentee=UserFactory())
    results = run_at_once(
        lambda: services.request_accept(request_id=first.pk, by=mentor),
        lambda: services.request_accept(request_id=second.pk, by=mentor),
    )
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "Mentorship"]
    assert Mentorship.objects.filter(mentor=mentor).count() == 1
