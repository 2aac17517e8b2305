from datetime import timedelta

import pytest
from django.utils import timezone

from menteo.errors import Conflict, Invalid
from mentorships import services
from mentorships.models import Contract
from mentorships.services import GoalInput
from tests.factories import make_mentorship

pytestmark = pytest.mark.django_db

GOALS = [GoalInput(title=f"Goal {n}", success_criterion=f"Measured {n}") for n in range(1, 6)]


def update(mentorship, by, version, goals=GOALS[:3], **changes):
    fields = {
        "ground_rules": "Be on time.",
        "meeting_cadence": "weekly",
        "communication_methods": ["room"],
        "review_date": timezone.localdate() + timedelta(days=90),
        **changes,
    }
    return services.contract_update(
        mentorship=mentorship, by=by, expected_version=version, goals=goals, **fields
    )


def test_it_edits_a_draft_in_place():
    mentorship = make_mentorship(goals=0)
    contract = update(mentorship, mentorship.mentee, 1)
    contract = update(mentorship, mentorship.mentor, 1, ground_rules="Be kind.")
    assert contract.version == 1
    assert Contract.objects.filter(mentorship=mentorship).count() == 1
    assert contract.ground_rules == "Be kind."
    assert [g["title"] for g in contract.goals_snapshot] == ["Goal 1", "Goal 2", "Goal 3"]


def test_a_goal_id_that_is_not_of_this_contract_is_refused_and_nothing_changes():
    mentorship = make_mentorship(goals=3, agreed=False)
    other = make_mentorship(goals=3)
    theirs = other.goals.first()
    mine = list(mentorship.goals.order_by("order"))
    rows = [GoalInput(title=g.title, success_criterion=g.success_criterion, id=g.pk) for g in mine]
    rows[0] = GoalInput(title="Copied", success_criterion="Over mine", id=theirs.pk)
    with pytest.raises(Invalid, match="is not part of this contract"):
        update(mentorship, mentorship.mentee, 1, goals=rows)
    assert list(mentorship.goals.order_by("order")) == mine
    theirs.refresh_from_db()
    assert theirs.title != "Copied"


def test_editing_an_agreed_contract_makes_a_new_version_and_clears_both_agreements():
    mentorship = make_mentorship(stage="initiation", agreed=True)
    agreed = mentorship.current_contract
    assert agreed.is_agreed_by_both
    goal_ids = list(mentorship.goals.values_list("pk", flat=True))
    new = update(
        mentorship,
        mentorship.mentee,
        1,
        goals=[
            GoalInput(id=goal_ids[0], title="Renamed goal", success_criterion="Measured"),
            *GOALS[1:4],
        ],
    )
    assert new.version == 2
    assert (new.mentor_agreed_at, new.mentee_agreed_at) == (None, None)
    mentorship.refresh_from_db()
    assert mentorship.current_contract == new
    # The agreed version stays readable, as agreed.
    agreed.refresh_from_db()
    assert agreed.is_agreed_by_both
    assert agreed.goals_snapshot[0]["title"] == "Run weekly one-on-ones with all four reports"
    assert [g["title"] for g in new.goals_snapshot][:2] == ["Renamed goal", "Goal 2"]
    # The goal kept its identity (links from milestones survive), and removed ones are gone.
    assert mentorship.goals.get(pk=goal_ids[0]).title == "Renamed goal"
    assert mentorship.goals.count() == 4
    # And the stage rule sees the missing agreements again.
    with pytest.raises(Conflict, match="waiting for"):
        services.transition(mentorship=mentorship, to="cultivation", by=mentorship.mentor)


def test_one_agreement_is_enough_to_freeze_a_version():
    mentorship = make_mentorship(agreed=False)
    services.contract_agree(mentorship=mentorship, by=mentorship.mentor, version=1)
    assert update(mentorship, mentorship.mentee, 1).version == 2


def test_it_refuses_to_overwrite_the_other_persons_newer_version():
    mentorship = make_mentorship(agreed=True)
    update(mentorship, mentorship.mentor, 1)
    with pytest.raises(Conflict, match="changed the contract while you were editing"):
        update(mentorship, mentorship.mentee, 1, ground_rules="Mine")
    mentorship.refresh_from_db()
    assert mentorship.current_contract.ground_rules == "Be on time."


def test_agreeing_to_an_old_version_is_refused():
    mentorship = make_mentorship(agreed=True)
    update(mentorship, mentorship.mentor, 1)
    with pytest.raises(Conflict, match="changed since you read it"):
        services.contract_agree(mentorship=mentorship, by=mentorship.mentee, version=1)


@pytest.mark.parametrize("count", [2, 6])
def test_it_needs_three_to_five_goals(count):
    mentorship = make_mentorship(goals=0)
    goals = (GOALS * 2)[:count]
    with pytest.raises(Invalid, match=f"A contract has 3 to 5 goals \\(you gave {count}\\)"):
        update(mentorship, mentorship.mentee, 1, goals=goals)


def test_it_needs_a_review_date_in_the_future():
    mentorship = make_mentorship(goals=0)
    with pytest.raises(Invalid, match="The review date must be in the future."):
        update(mentorship, mentorship.mentee, 1, review_date=timezone.localdate())


def test_agreeing_to_an_empty_contract_is_refused():
    mentorship = make_mentorship(goals=0)
    with pytest.raises(Conflict, match="no goals yet"):
        services.contract_agree(mentorship=mentorship, by=mentorship.mentee, version=1)


@pytest.mark.parametrize("stage", ["separation", "redefinition"])
def test_the_contract_is_fixed_after_cultivation(stage):
    mentorship = make_mentorship(stage=stage)
    with pytest.raises(Conflict, match=f"can't be changed in {stage.title()}"):
        update(mentorship, mentorship.mentee, 1)


def test_the_review_date_defaults_to_six_months_after_the_start():
    mentorship = make_mentorship(goals=0)
    days = (mentorship.current_contract.review_date - timezone.localdate()).days
    assert 180 <= days <= 184


@pytest.mark.parametrize("version", ["١", "1e3", "one", "9" * 25])
def test_a_version_that_is_not_a_number_is_refused_and_nothing_is_agreed(client, version):
    mentorship = make_mentorship(stage="initiation")
    client.force_login(mentorship.mentee)
    url = f"/mentorships/{mentorship.pk}/contract/agree/"
    response = client.post(url, {"version": version})
    assert response.status_code == 400
    assert "“version” must be a whole number" in response.content.decode()
    assert not Contract.objects.filter(mentee_agreed_at__isnull=False).exists()


def rows_of(mentorship, *, without=()):
    return [
        GoalInput(title=goal.title, success_criterion=goal.success_criterion, id=goal.pk)
        for goal in mentorship.goals.order_by("order")
        if goal.pk not in without
    ]


def test_a_goal_with_progress_is_never_removed_and_nothing_is_lost():
    mentorship = make_mentorship(stage="cultivation", goals=4)
    goal = mentorship.goals.order_by("order").first()
    services.goal_set_status(
        mentorship=mentorship,
        goal_id=goal.pk,
        by=mentorship.mentee,
        achieved=True,
        evidence="Hired",
    )
    version = mentorship.current_contract.version
    with pytest.raises(Invalid, match="has progress recorded"):
        update(mentorship, mentorship.mentee, version, goals=rows_of(mentorship, without={goal.pk}))
    goal.refresh_from_db()
    assert (goal.status, goal.evidence) == ("achieved", "Hired")
    assert mentorship.goals.count() == 4
    mentorship.refresh_from_db()
    assert mentorship.current_contract.version == version


def test_a_goal_a_milestone_is_linked_to_is_never_removed():
    mentorship = make_mentorship(stage="cultivation", goals=4)
    goal = mentorship.goals.order_by("order").last()
    milestone = mentorship.roadmap.milestones.first()
    milestone.goal = goal
    milestone.save()
    with pytest.raises(Invalid, match="has progress recorded"):
        update(mentorship, mentorship.mentee, 1, goals=rows_of(mentorship, without={goal.pk}))
    milestone.refresh_from_db()
    assert milestone.goal == goal


def test_a_goal_without_progress_can_still_be_removed_in_cultivation():
    mentorship = make_mentorship(stage="cultivation", goals=4)
    first, *_, last = mentorship.goals.order_by("order")
    services.goal_set_status(
        mentorship=mentorship, goal_id=first.pk, by=mentorship.mentee, achieved=True, evidence="Yes"
    )
    contract = update(
        mentorship, mentorship.mentee, 1, goals=rows_of(mentorship, without={last.pk})
    )
    assert last.pk not in [row["id"] for row in contract.goals_snapshot]
    assert not mentorship.goals.filter(pk=last.pk).exists()
    assert mentorship.goals.get(pk=first.pk).is_achieved
