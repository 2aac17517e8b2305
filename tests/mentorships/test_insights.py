"""Program insights for admins, against a small data set computed by hand."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.services import meetings_count_started
from mentorships import services
from mentorships.insights import program_insights
from mentorships.models import Contract, Mentorship, Stage, StageTransition
from tests.factories import MeetingFactory, UserFactory, make_mentorship
from tests.mentorships.timeline import day

pytestmark = pytest.mark.django_db


def started(clock, when):
    """A mentorship with an agreed contract and a milestone, started at `when`."""
    clock.move_to(when)
    return make_mentorship(stage="initiation", agreed=True)


def move(clock, mentorship, when, to, **kwargs):
    """Do what the stage `to` asks first (goals achieved, then acknowledged), then move."""
    clock.move_to(when)
    for goal in mentorship.goals.all():
        if to == Stage.SEPARATION:
            services.goal_set_status(
                mentorship=mentorship,
                goal_id=goal.pk,
                by=mentorship.mentee,
                achieved=True,
                evidence="Done.",
            )
        if to == Stage.REDEFINITION:
            for person in (mentorship.mentor, mentorship.mentee):
                services.goal_acknowledge(
                    mentorship=mentorship,
                    goal_id=goal.pk,
                    by=person,
                    outcome="achieved",
                    note="Yes.",
                )
    services.transition(mentorship=mentorship, to=to, by=mentorship.mentor, **kwargs)


@pytest.fixture
def program(clock):
    """A: through every stage; B: ended early in Cultivation; C: stuck in Initiation since
    day 0; D: started on day 80. The clock stops on day 100."""
    a = started(clock, day(0))
    move(clock, a, day(10), Stage.CULTIVATION)
    move(clock, a, day(40), Stage.SEPARATION)
    move(clock, a, day(50), Stage.REDEFINITION)
    b = started(clock, day(0))
    move(clock, b, day(30), Stage.CULTIVATION)
    clock.move_to(day(60))
    services.mentorship_end(mentorship=b, by=b.mentee, reason="Moved abroad.")
    c = started(clock, day(0))
    d = started(clock, day(80))
    clock.move_to(day(100))
    return {"a": a, "b": b, "c": c, "d": d}


def test_the_figures_match_the_hand_computed_ones(program):
    insights = program_insights()
    stages = {figures.stage: figures for figures in insights.stages}
    # Initiation stays: A 10, B 30, C 100 (still there), D 20 days.
    assert stages[Stage.INITIATION].stays == 4
    assert stages[Stage.INITIATION].median_days == 25.0
    assert stages[Stage.INITIATION].p90_days == 79.0  # 30 + 0.7 * (100 - 30)
    # Cultivation: A 30, B 30 (until it ended). Separation: A 10. Redefinition: A 50 so far.
    assert (stages[Stage.CULTIVATION].median_days, stages[Stage.CULTIVATION].p90_days) == (30, 30)
    assert stages[Stage.SEPARATION].median_days == 10
    assert stages[Stage.REDEFINITION].median_days == 50
    assert [stages[s].now for s in Stage] == [2, 0, 0, 1]
    assert stages[Stage.CULTIVATION].ended_here == 1
    assert (insights.total, insights.active) == (4, 3)
    assert (insights.reached_separation, insights.reached_redefinition) == (1, 1)
    assert insights.ended_early == 1
    assert [item.mentorship for item in insights.at_risk] == [program["c"]]
    assert insights.at_risk[0].reason == "In Initiation for 100 days"


def test_pauses_are_history_markers_not_stage_changes(program, clock):
    a = program["a"]
    services.mentorship_pause(mentorship=a, by=a.mentee, reason="Leave")
    clock.move_to(day(110))
    services.mentorship_resume(mentorship=a, by=a.mentee)
    stages = {figures.stage: figures for figures in program_insights().stages}
    assert stages[Stage.REDEFINITION].median_days == 60  # day 50 to day 110, pause and all


def test_time_in_stage_is_cached_and_recounted_when_a_stage_changes(program, clock):
    first = {figures.stage: figures for figures in program_insights().stages}
    clock.move_to(day(100) + timedelta(minutes=5))  # the same ten minutes: from the cache
    assert {f.stage: f for f in program_insights().stages} == first
    move(clock, program["d"], day(100) + timedelta(minutes=6), Stage.CULTIVATION)
    stages = {figures.stage: figures for figures in program_insights().stages}
    assert stages[Stage.CULTIVATION].stays == first[Stage.CULTIVATION].stays + 1
    clock.move_to(day(130))  # later: open stays have grown
    stages = {figures.stage: figures for figures in program_insights().stages}
    assert stages[Stage.REDEFINITION].median_days == 80  # A, from day 50


# At-risk rules: each with a case that is flagged and one that is not ----------------------


def flagged(now=None):
    return {item.mentorship.pk: item.reason for item in program_insights(now=now).at_risk}


def test_long_in_initiation(clock):
    old = started(clock, day(0))
    recent = started(clock, day(45))
    clock.move_to(day(61))
    assert flagged() == {old.pk: "In Initiation for 61 days"}
    assert recent.pk not in flagged()


def test_a_big_program_shows_those_that_waited_longest_and_counts_them_all(clock):
    oldest = started(clock, day(0))
    started(clock, day(1))
    started(clock, day(2))
    clock.move_to(day(90))
    insights = program_insights(at_risk_limit=2)
    assert insights.at_risk_total == 3
    assert [item.mentorship.pk for item in insights.at_risk][:1] == [oldest.pk]
    assert len(insights.at_risk) == 2
    assert program_insights().at_risk_total == 3


def test_quiet_in_cultivation(clock):
    quiet = started(clock, day(0))
    move(clock, quiet, day(1), Stage.CULTIVATION)
    busy = started(clock, day(0))
    move(clock, busy, day(1), Stage.CULTIVATION)
    clock.move_to(day(40))
    MeetingFactory(mentorship=quiet, starts_at=day(15))  # 25 days ago
    MeetingFactory(mentorship=busy, starts_at=day(35))  # 5 days ago
    MeetingFactory(mentorship=quiet, starts_at=day(45), status=Meeting.Status.PLANNED)
    meetings_count_started()  # the hourly sweep counts the meetings that have started
    assert flagged() == {
        quiet.pk: "No meeting, message or post for 25 days (expected: meet every two weeks in "
        "Cultivation)"
    }


def test_review_date_passed_without_separation(clock):
    late = started(clock, day(0))
    on_time = started(clock, day(0))
    Contract.objects.filter(pk=late.current_contract_id).update(review_date=day(9).date())
    Contract.objects.filter(pk=on_time.current_contract_id).update(review_date=day(11).date())
    clock.move_to(day(10))
    assert flagged() == {late.pk: "Review date 10 Jan 2027 passed"}


def test_paused_past_the_resume_date(clock):
    overdue = started(clock, day(0))
    waiting = started(clock, day(0))
    for mentorship, resume in ((overdue, day(5)), (waiting, day(20))):
        services.mentorship_pause(
            mentorship=mentorship, by=mentorship.mentee, reason="Leave", resume_on=resume.date()
        )
    clock.move_to(day(10))
    assert flagged() == {overdue.pk: "Paused past its resume date (6 Jan 2027)"}


# The admin page ---------------------------------------------------------------------------------


def test_staff_see_the_page_and_follow_an_at_risk_link(client, program):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:mentorships_insights"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 active of 4" in page
    change_url = reverse("admin:mentorships_mentorship_change", args=[program["c"].pk])
    assert change_url in page
    assert client.get(change_url).status_code == 200
    changelist = client.get(reverse("admin:mentorships_mentorship_changelist")).content.decode()
    assert reverse("admin:mentorships_insights") in changelist


def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, program):
    client.force_login(program["a"].mentor)
    response = client.get(reverse("admin:mentorships_insights"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_csv_export_has_the_same_figures(client, program):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:mentorships_insights"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "name", "value"]
    assert ["stage:initiation", "median_days", "25.0"] in rows
    assert ["outcomes", "ended_early", "1"] in rows
    assert ["at_risk", str(program["c"].pk), "In Initiation for 100 days"] in rows


@pytest.mark.parametrize("count", [10, 1000])
def test_the_query_count_does_not_grow_with_the_program(client, count, django_assert_num_queries):
    mentor, mentee = UserFactory(), UserFactory()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    mentorships = Mentorship.objects.bulk_create(
        Mentorship(
            mentor=mentor,
            mentee=mentee,
            focus=f"Focus {n}",
            focus_area="leadership",
            stage=Stage.values[n % 4],
            started_at=start,
            stage_changed_at=start + timedelta(days=n % 90),
            last_activity_at=start + timedelta(days=n % 90),
        )
        for n in range(count)
    )
    StageTransition.objects.bulk_create(
        StageTransition(mentorship=m, from_stage="", to_stage=Stage.INITIATION, cycle=1)
        for m in mentorships
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    # session, user, per stage, outcomes, newest stage change, stage stays, at risk, feedback
    with django_assert_num_queries(8):
        assert client.get(reverse("admin:mentorships_insights")).status_code == 200
    with django_assert_num_queries(7):  # the stage stays come from the cache
        assert client.get(reverse("admin:mentorships_insights")).status_code == 200


def test_the_admin_home_links_the_insights(client, program):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    home = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:mentorships_insights")}">Program insights</a>' in home
    assert "Mentorships" in home  # the usual list of models is still there


def test_the_admin_home_has_no_insights_link_for_staff_who_may_not_see_mentorships(client):
    client.force_login(UserFactory(is_staff=True))
    home = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:mentorships_insights") not in home
