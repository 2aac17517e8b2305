"""The benchmark instruments still run (a smoke test at scale 20; no figure is asserted)."""

import pytest
from django.db.models import Count, Q

from bench import generate, queries
from mentorships.models import Goal, GoalAcknowledgement, Mentorship, Stage, StageTransition

pytestmark = pytest.mark.django_db


def test_it_generates_data_that_follows_the_lifecycle_and_measures_every_page():
    counts = generate.populate(20)

    assert counts["mentorships.Mentorship"] == 25  # 20 and the five of the probe set
    mentorships = Mentorship.objects.select_related("current_contract").annotate(
        starts=Count("transitions", filter=Q(transitions__from_stage=""), distinct=True),
        goal_count=Count("goals", filter=Q(goals__cycle=1), distinct=True),
    )
    for mentorship in mentorships:
        contract = mentorship.current_contract
        assert contract.mentorship_id == mentorship.pk
        assert contract.cycle == mentorship.cycle
        assert mentorship.starts == 1
        assert mentorship.is_ended == bool(mentorship.end_reason)
        if mentorship.stage != Stage.INITIATION:
            assert 3 <= mentorship.goal_count <= 5
            assert StageTransition.objects.filter(
                mentorship=mentorship, to_stage=Stage.CULTIVATION
            ).exists()
        if mentorship.stage == Stage.REDEFINITION:
            goals = Goal.objects.filter(mentorship=mentorship, cycle=mentorship.cycle)
            assert GoalAcknowledgement.objects.filter(goal__in=goals).count() == 2 * len(goals)

    results = queries.measure(runs=0, warm=False)
    assert {name for name, *_ in queries.PAGES} == set(results)
    for name, figures in results.items():
        assert figures["status"] == 200, name
        assert figures["queries"] > 0, name
