from datetime import date, timedelta

import pytest
import time_machine

from menteo.errors import Conflict, Invalid, NotAllowed
from mentorships import services as mentorship_services
from roadmaps import selectors, services
from roadmaps.models import Milestone, RoadmapSnapshot
from roadmaps.services import MilestoneInput
from tests.factories import MilestoneFactory, RoadmapTemplateFactory, make_mentorship

pytestmark = pytest.mark.django_db

STEPS = [(1, "Meet every report"), (3, "Written expectations"), (8, "First retrospective")]


def titles(mentorship):
    return list(mentorship.roadmap.milestones.order_by("order").values_list("title", flat=True))


def test_it_copies_a_template_with_dates_from_the_start_and_the_same_order():
    mentorship = make_mentorship(milestones=0)
    template = RoadmapTemplateFactory(steps=STEPS)
    services.roadmap_apply_template(
        mentorship=mentorship, by=mentorship.mentee, template=template, start_date=date(2027, 1, 4)
    )
    milestones = list(mentorship.roadmap.milestones.order_by("order"))
    assert [m.title for m in milestones] == [title for _, title in STEPS]
    assert [m.order for m in milestones] == [0, 1, 2]
    assert [m.due_date for m in milestones] == [
        date(2027, 1, 11),
        date(2027, 1, 25),
        date(2027, 3, 1),
    ]
    assert all(m.status == "todo" and m.goal is None for m in milestones)
    assert milestones[0].description == "What to do and how to know it's done."
    mentorship.roadmap.refresh_from_db()
    assert mentorship.roadmap.template == template
    assert mentorship.roadmap.start_date == date(2027, 1, 4)


def test_editing_the_copy_leaves_the_template_untouched():
    mentorship = make_mentorship(milestones=0)
    template = RoadmapTemplateFactory(steps=STEPS)
    services.roadmap_apply_template(
        mentorship=mentorship, by=mentorship.mentor, template=template, start_date=date(2027, 1, 4)
    )
    first, second, _ = mentorship.roadmap.milestones.order_by("order")
    services.milestone_update(
        mentorship=mentorship,
        by=mentorship.mentor,
        milestone_id=first.pk,
        milestone=MilestoneInput(title="Meet the two new reports", due_date=date(2027, 2, 1)),
    )
    services.milestone_delete(mentorship=mentorship, by=mentorship.mentor, milestone_id=second.pk)
    services.milestone_set_status(
        mentorship=mentorship, by=mentorship.mentee, milestone_id=first.pk, status="done"
    )
    steps = list(template.milestones.order_by("order").values_list("offset_weeks", "title"))
    assert steps == STEPS


def test_a_template_starts_an_empty_roadmap_only():
    mentorship = make_mentorship(milestones=1)
    with pytest.raises(Conflict, match="already has milestones"):
        services.roadmap_apply_template(
            mentorship=mentorship,
            by=mentorship.mentee,
            template=RoadmapTemplateFactory(steps=STEPS),
            start_date=date(2027, 1, 4),
        )
    assert titles(mentorship) == ["Milestone 1"]


def test_milestones_link_only_goals_of_the_current_contract():
    mentorship = make_mentorship(milestones=0)
    other = make_mentorship()
    goal = mentorship.goals.first()
    milestone = services.milestone_add(
        mentorship=mentorship,
        by=mentorship.mentee,
        milestone=MilestoneInput(title="Book the 1:1s", goal_id=goal.pk),
    )
    assert milestone.goal == goal
    with pytest.raises(Invalid, match="goal of this mentorship"):
        services.milestone_add(
            mentorship=mentorship,
            by=mentorship.mentee,
            milestone=MilestoneInput(title="Sneaky", goal_id=other.goals.first().pk),
        )
    assert titles(mentorship) == ["Book the 1:1s"]


def test_added_milestones_go_to_the_end():
    mentorship = make_mentorship(milestones=2)
    services.milestone_add(
        mentorship=mentorship, by=mentorship.mentor, milestone=MilestoneInput(title="  Third  ")
    )
    assert titles(mentorship) == ["Milestone 1", "Milestone 2", "Third"]


def test_done_records_when_and_reopening_clears_it():
    mentorship = make_mentorship(stage="cultivation")
    milestone = mentorship.roadmap.milestones.get()
    done = services.milestone_set_status(
        mentorship=mentorship, by=mentorship.mentee, milestone_id=milestone.pk, status="done"
    )
    assert done.done_at is not None
    first_done_at = done.done_at
    again = services.milestone_set_status(
        mentorship=mentorship, by=mentorship.mentor, milestone_id=milestone.pk, status="done"
    )
    assert again.done_at == first_done_at
    reopened = services.milestone_set_status(
        mentorship=mentorship, by=mentorship.mentee, milestone_id=milestone.pk, status="doing"
    )
    assert reopened.done_at is None
    with pytest.raises(Invalid):
        services.milestone_set_status(
            mentorship=mentorship, by=mentorship.mentee, milestone_id=milestone.pk, status="nope"
        )


def test_moving_swaps_neighbours_and_renumbers():
    mentorship = make_mentorship(milestones=3)
    Milestone.objects.filter(roadmap=mentorship.roadmap).update(order=7)  # a messy admin edit
    third = mentorship.roadmap.milestones.order_by("order", "id").last()
    services.milestone_move(
        mentorship=mentorship, by=mentorship.mentee, milestone_id=third.pk, direction="up"
    )
    assert titles(mentorship) == ["Milestone 1", "Milestone 3", "Milestone 2"]
    assert list(mentorship.roadmap.milestones.values_list("order", flat=True)) == [0, 1, 2]
    first = mentorship.roadmap.milestones.get(title="Milestone 1")
    services.milestone_move(
        mentorship=mentorship, by=mentorship.mentee, milestone_id=first.pk, direction="up"
    )
    assert titles(mentorship)[0] == "Milestone 1"  # already first: nothing moves


def test_a_running_roadmap_keeps_its_last_milestone():
    mentorship = make_mentorship(stage="cultivation")
    only = mentorship.roadmap.milestones.get()
    with pytest.raises(Conflict, match="at least one milestone"):
        services.milestone_delete(mentorship=mentorship, by=mentorship.mentee, milestone_id=only.pk)
    initiation = make_mentorship(milestones=1)
    services.milestone_delete(
        mentorship=initiation,
        by=initiation.mentee,
        milestone_id=initiation.roadmap.milestones.get().pk,
    )
    assert titles(initiation) == []


def test_an_outsider_cannot_change_a_roadmap(outsider):
    mentorship = make_mentorship()
    with pytest.raises(NotAllowed):
        services.milestone_add(
            mentorship=mentorship, by=outsider, milestone=MilestoneInput(title="Mine now")
        )


@pytest.mark.parametrize(
    ("stage", "ended", "can_edit", "can_tick"),
    [
        ("initiation", False, True, True),
        ("cultivation", False, True, True),
        ("separation", False, False, True),
        ("redefinition", False, False, False),
        ("cultivation", True, False, False),
    ],
)
def test_which_stages_allow_editing(stage, ended, can_edit, can_tick):
    mentorship = make_mentorship(stage=stage, milestones=2, ended=ended)
    milestone = mentorship.roadmap.milestones.first()
    edit = lambda: services.milestone_update(  # noqa: E731
        mentorship=mentorship,
        by=mentorship.mentor,
        milestone_id=milestone.pk,
        milestone=MilestoneInput(title="Renamed"),
    )
    tick = lambda: services.milestone_set_status(  # noqa: E731
        mentorship=mentorship, by=mentorship.mentee, milestone_id=milestone.pk, status="done"
    )
    for action, allowed in ((edit, can_edit), (tick, can_tick)):
        if allowed:
            action()
        else:
            with pytest.raises(Conflict):
                action()
    milestone.refresh_from_db()
    assert (milestone.title == "Renamed") == can_edit
    assert milestone.is_done == can_tick
    if ended:
        assert "read-only" in services.edit_refusal(mentorship)


@time_machine.travel(date(2027, 3, 10), tick=False)
def test_progress_counts_done_doing_and_overdue():
    mentorship = make_mentorship(milestones=0)
    roadmap = mentorship.roadmap
    MilestoneFactory(roadmap=roadmap, status="done", due_date=date(2027, 3, 1))
    late = MilestoneFactory(roadmap=roadmap, status="doing", due_date=date(2027, 3, 9))
    MilestoneFactory(roadmap=roadmap, status="todo", due_date=date(2027, 3, 10))
    MilestoneFactory(roadmap=roadmap, status="todo", due_date=None)
    progress = roadmap.progress()
    assert (progress.total, progress.done, progress.doing, progress.percent) == (4, 1, 1, 25)
    assert progress.overdue == [late]
    assert len(progress.upcoming) == 2
    assert roadmap.progress(today=date(2027, 3, 11)).overdue[-1].due_date == date(2027, 3, 10)


def test_progress_of_an_empty_roadmap_is_zero():
    assert make_mentorship(milestones=0).roadmap.progress().percent == 0


def test_the_roadmap_is_kept_as_agreed_when_both_agree():
    mentorship = make_mentorship(milestones=2)
    goal = mentorship.goals.first()
    Milestone.objects.filter(roadmap=mentorship.roadmap, order=0).update(goal=goal)
    mentorship_services.contract_agree(mentorship=mentorship, by=mentorship.mentor, version=1)
    assert not RoadmapSnapshot.objects.exists()  # one agreement is not an agreement
    mentorship_services.contract_agree(mentorship=mentorship, by=mentorship.mentee, version=1)
    snapshot = RoadmapSnapshot.objects.get()
    assert snapshot.contract == mentorship.current_contract
    assert [item["title"] for item in snapshot.milestones] == ["Milestone 1", "Milestone 2"]
    assert snapshot.milestones[0]["goal_title"] == goal.title
    services.milestone_add(
        mentorship=mentorship, by=mentorship.mentee, milestone=MilestoneInput(title="Later")
    )
    snapshot.refresh_from_db()
    assert len(snapshot.milestones) == 2  # later edits never change what was agreed


def test_the_comparison_shows_added_removed_changed_and_done():
    mentorship = make_mentorship(stage="cultivation", milestones=4)
    first, second, third, fourth = mentorship.roadmap.milestones.order_by("order")
    by = mentorship.mentee
    services.milestone_update(
        mentorship=mentorship,
        by=by,
        milestone_id=second.pk,
        milestone=MilestoneInput(title="Milestone 2", due_date=date.today() + timedelta(days=9)),
    )
    services.milestone_delete(mentorship=mentorship, by=by, milestone_id=third.pk)
    services.milestone_set_status(
        mentorship=mentorship, by=by, milestone_id=first.pk, status="done"
    )
    services.milestone_add(mentorship=mentorship, by=by, milestone=MilestoneInput(title="New"))
    comparison = selectors.roadmap_comparison(mentorship)
    rows = comparison["rows"]
    assert [row.change for row in rows] == ["unchanged", "changed", "removed", "unchanged", "added"]
    assert rows[1].changes == ["due date"]
    assert rows[2].agreed["title"] == "Milestone 3" and rows[2].current is None
    assert rows[4].agreed is None and rows[4].current.title == "New"
    assert comparison["counts"] == {
        "unchanged": 2,
        "changed": 1,
        "added": 1,
        "removed": 1,
        "done": 1,
    }
    assert comparison["percent"] == 25
    assert fourth.pk == rows[3].current.pk
