"""Every cycle keeps its record; moving on asks to confirm what is left; Redefinition's shape is
proposed by one person and confirmed by the other (issue 17, points 1 and 3)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from menteo.errors import Conflict
from mentorships import services
from mentorships.models import ExitFeedback, GoalAcknowledgement, Stage
from notifications.models import Notification
from roadmaps.models import Milestone
from tests.factories import confirm_proposal, make_mentorship, proposal_as_shown

pytestmark = pytest.mark.django_db


def cycle_back(mentorship, by=None):
    return services.transition(
        mentorship=mentorship, to="cultivation", by=by or mentorship.mentee, reopen_goal_ids=[]
    )


def finish_cycle(mentorship, titles=("Run a hiring loop",)):
    """From a cycle's start in Cultivation to its Separation review done, and Redefinition."""
    contract = mentorship.current_contract
    services.contract_update(
        mentorship=mentorship,
        by=mentorship.mentee,
        expected_version=contract.version,
        ground_rules=contract.ground_rules,
        meeting_cadence=contract.meeting_cadence,
        communication_methods=contract.communication_methods,
        review_date=contract.review_date,
        goals=[services.GoalInput(title=t, success_criterion="Done by March") for t in titles],
    )
    mentorship.refresh_from_db()
    for goal in mentorship.goals.filter(cycle=mentorship.cycle):
        services.goal_set_status(
            mentorship=mentorship, goal_id=goal.pk, by=mentorship.mentee, achieved=True
        )
    services.transition(mentorship=mentorship, to="separation", by=mentorship.mentee)
    for goal in mentorship.goals.filter(cycle=mentorship.cycle):
        for person in (mentorship.mentor, mentorship.mentee):
            services.goal_acknowledge(
                mentorship=mentorship, goal_id=goal.pk, by=person, outcome="achieved"
            )
    services.transition(mentorship=mentorship, to="redefinition", by=mentorship.mentor)
    mentorship.refresh_from_db()
    return mentorship


def give_feedback(client, mentorship, cycle, **extra):
    return client.post(
        reverse("exit_feedback", args=[mentorship.pk]) + f"?cycle={cycle}",
        {
            "what_worked": f"Cycle {cycle} worked.",
            "relationship_rating": 5,
            "progress_rating": 4,
            "would_recommend": "on",
            **extra,
        },
    )


# 1. Every cycle keeps its record ---------------------------------------------------------------


def test_it_keeps_the_first_cycles_journey_record_after_cycling_back(client):
    mentorship = make_mentorship(stage="redefinition")
    first_goal = mentorship.goals.get(cycle=1, order=0).title
    cycle_back(mentorship)
    client.force_login(mentorship.mentee)

    page = client.get(reverse("journey_record", args=[mentorship.pk]))  # the latest record
    assert page.status_code == 200
    assert page.context["cycle"] == 1
    assert first_goal in page.content.decode()
    assert "cycle 1 of 2" in page.content.decode()


def test_each_cycles_journey_record_shows_that_cycles_goals_and_stages(client):
    mentorship = make_mentorship(stage="redefinition")
    cycle_back(mentorship)
    mentorship = finish_cycle(mentorship, titles=("Second-cycle goal",))
    client.force_login(mentorship.mentor)
    url = reverse("journey_record", args=[mentorship.pk])

    first = client.get(url + "?cycle=1").content.decode()
    second = client.get(url + "?cycle=2").content.decode()
    assert "Second-cycle goal" not in first
    assert "Second-cycle goal" in second
    assert "Redefinition → Cultivation" in second
    assert "Redefinition → Cultivation" not in first


def test_a_cycle_that_never_reached_separation_has_no_record(client):
    mentorship = make_mentorship(stage="redefinition")
    cycle_back(mentorship)
    client.force_login(mentorship.mentee)
    answer = client.get(reverse("journey_record", args=[mentorship.pk]) + "?cycle=2")
    assert answer.status_code == 302
    answer = client.get(reverse("separation_review", args=[mentorship.pk]) + "?cycle=2")
    assert answer.status_code == 302


def test_a_cycle_beyond_the_mentorships_is_refused_with_a_reason(client):
    mentorship = make_mentorship(stage="redefinition")
    client.force_login(mentorship.mentee)
    for name in ("journey_record", "separation_review", "exit_feedback"):
        answer = client.get(reverse(name, args=[mentorship.pk]) + "?cycle=9")
        assert answer.status_code == 400
        assert "“cycle” must be a whole number from 0 to 1" in answer.content.decode()


def test_an_earlier_separation_review_stays_readable_and_unchangeable(client):
    mentorship = make_mentorship(stage="redefinition")
    goal = mentorship.goals.get(cycle=1, order=0)
    cycle_back(mentorship)
    client.force_login(mentorship.mentee)
    url = reverse("separation_review", args=[mentorship.pk]) + "?cycle=1"

    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert goal.title in text
    assert "The record of cycle 1" in text
    assert 'name="goal"' not in text  # no acknowledgement form

    client.post(url, {"goal": goal.pk, f"goal-{goal.pk}-outcome": "not_achieved"})
    assert GoalAcknowledgement.objects.get(goal=goal, user=mentorship.mentee).outcome == "achieved"


def test_the_feedback_of_a_redefinition_can_be_given_after_cycling_back(client):
    """The form was open ("You reached Redefinition") when the other person cycled back."""
    mentorship = make_mentorship(stage="redefinition")
    client.force_login(mentorship.mentee)
    form_page = client.get(reverse("exit_feedback", args=[mentorship.pk])).content.decode()
    assert "You reached Redefinition." in form_page
    assert f'action="{reverse("exit_feedback", args=[mentorship.pk])}?cycle=1"' in form_page
    cycle_back(mentorship, by=mentorship.mentor)

    answer = give_feedback(client, mentorship, 1)
    assert answer.status_code == 302
    feedback = ExitFeedback.objects.get(mentorship=mentorship, author=mentorship.mentee)
    assert (feedback.cycle, feedback.occasion) == (1, "redefinition")
    again = give_feedback(client, mentorship, 1)
    assert again.status_code == 200
    assert ExitFeedback.objects.filter(author=mentorship.mentee).count() == 1


def test_each_cycle_has_its_own_feedback():
    mentorship = make_mentorship(stage="redefinition")
    cycle_back(mentorship)
    mentorship = finish_cycle(mentorship)
    for cycle in (1, 2):
        services.exit_feedback_give(
            mentorship=mentorship,
            by=mentorship.mentor,
            cycle=cycle,
            what_worked="Yes",
            what_to_change="",
            relationship_rating=4,
            progress_rating=4,
            would_recommend=True,
        )
    assert sorted(
        ExitFeedback.objects.filter(mentorship=mentorship).values_list("cycle", flat=True)
    ) == [1, 2]


def test_no_feedback_for_a_cycle_that_did_not_reach_redefinition(client):
    mentorship = make_mentorship(stage="separation", acknowledged=True)
    cycle_back(mentorship)
    with pytest.raises(Conflict, match="Feedback is asked for"):
        services.exit_feedback_give(
            mentorship=mentorship,
            by=mentorship.mentor,
            cycle=1,
            what_worked="Yes",
            what_to_change="",
            relationship_rating=4,
            progress_rating=4,
            would_recommend=True,
        )


def test_the_mentorship_page_lists_every_cycle_with_its_records(client):
    mentorship = make_mentorship(stage="redefinition")
    cycle_back(mentorship)
    mentorship = finish_cycle(mentorship)
    client.force_login(mentorship.mentee)
    give_feedback(client, mentorship, 1)

    page = client.get(mentorship.get_absolute_url()).content.decode()
    base = f"/mentorships/{mentorship.pk}"
    for cycle in (1, 2):
        assert f'href="{base}/journey/?cycle={cycle}"' in page
        assert f'href="{base}/review/?cycle={cycle}"' in page
        assert f'href="{base}/feedback/?cycle={cycle}"' in page
    cycles = page[page.index('id="cycles-heading"') :]
    assert cycles.index("Cycle 2") < cycles.index("Cycle 1")  # the newest first
    assert "Your feedback<span" in cycles  # given for cycle 1
    assert "Give your feedback<span" in cycles  # not yet for cycle 2


def page_queries(client, mentorship, url=None) -> int:
    client.force_login(mentorship.mentee)
    client.get(reverse("home"))  # the first request after log-in records the session
    with CaptureQueriesContext(connection) as context:
        assert client.get(url or mentorship.get_absolute_url()).status_code == 200
    return len(context.captured_queries)


def test_the_mentorship_pages_queries_do_not_grow_with_cycles(client):
    one = make_mentorship(stage="redefinition")
    three = make_mentorship(stage="redefinition")
    for _ in range(2):
        cycle_back(three)
        three = finish_cycle(three)
    assert page_queries(client, one) == page_queries(client, three)


def test_the_journey_records_queries_do_not_grow_with_cycles(client):
    one = make_mentorship(stage="redefinition")
    three = make_mentorship(stage="redefinition")
    for _ in range(2):
        cycle_back(three)
        three = finish_cycle(three)
    record = "journey_record"
    assert page_queries(client, one, reverse(record, args=[one.pk])) == page_queries(
        client, three, reverse(record, args=[three.pk])
    )


# 3. Moving on asks to confirm what is left -----------------------------------------------------


def test_moving_to_separation_with_milestones_left_asks_to_confirm(client):
    mentorship = make_mentorship(stage="cultivation", achieved=True, milestones=3)
    Milestone.objects.filter(roadmap__mentorship=mentorship, order=0).update(status="done")
    client.force_login(mentorship.mentee)
    url = reverse("mentorship_transition", args=[mentorship.pk])

    page = client.post(url, {"to": "separation", "note": "Ready"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Move to Separation with this left unfinished?" in text
    assert "The roadmap is 33% done: 2 of 3 milestones are not done" in text
    assert "“Milestone 2”, “Milestone 3”" in text
    assert 'name="confirmed" value="on"' in text
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.CULTIVATION

    answer = client.post(url, {"to": "separation", "note": "Ready", "confirmed": "on"})
    assert answer.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.SEPARATION
    assert mentorship.transitions.last().note == "Ready"


def test_the_service_refuses_an_unconfirmed_move_with_what_is_left():
    mentorship = make_mentorship(stage="cultivation", achieved=True, milestones=1)
    with pytest.raises(Conflict, match="1 of 1 milestones is not done"):
        services.transition(
            mentorship=mentorship, to="separation", by=mentorship.mentee, confirmed=False
        )


def test_the_mentors_move_on_anyway_names_the_open_goals_too(client):
    mentorship = make_mentorship(stage="cultivation", achieved=False, milestones=1)
    client.force_login(mentorship.mentor)
    page = client.post(
        reverse("mentorship_transition", args=[mentorship.pk]),
        {"to": "separation", "note": "New job"},
    )
    assert "3 of 3 goals are not achieved" in page.content.decode()


def test_nothing_left_moves_on_without_a_confirmation(client):
    mentorship = make_mentorship(stage="cultivation", achieved=True, milestones=2)
    Milestone.objects.filter(roadmap__mentorship=mentorship).update(status="done")
    client.force_login(mentorship.mentee)
    answer = client.post(
        reverse("mentorship_transition", args=[mentorship.pk]), {"to": "separation"}
    )
    assert answer.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.SEPARATION


# 3. Redefinition: one proposes, the other confirms ---------------------------------------------


def redefine(by_mentor=True, relationship="sponsor", checkin_rhythm="yearly"):
    mentorship = make_mentorship(stage="separation", acknowledged=True)
    by = mentorship.mentor if by_mentor else mentorship.mentee
    return services.transition(
        mentorship=mentorship,
        to="redefinition",
        by=by,
        relationship=relationship,
        checkin_rhythm=checkin_rhythm,
    )


def test_both_see_the_proposal_and_only_the_other_person_can_confirm_it(client):
    mentorship = redefine()
    client.force_login(mentorship.mentor)
    mine = client.get(mentorship.get_absolute_url()).content.decode()
    assert "You proposed: Sponsor, check in once a year." in mine
    assert 'name="confirm"' not in mine
    with pytest.raises(Conflict, match="confirms your proposal"):
        confirm_proposal(mentorship, mentorship.mentor)

    client.force_login(mentorship.mentee)
    theirs = client.get(mentorship.get_absolute_url()).content.decode()
    assert f"{mentorship.mentor.name} proposes: Sponsor, check in once a year." in theirs
    assert "Confirm: Sponsor, once a year" in theirs

    answer = client.post(
        reverse("relationship_edit", args=[mentorship.pk]), proposal_as_shown(mentorship)
    )
    assert answer.status_code == 302
    mentorship.refresh_from_db()
    assert (mentorship.relationship, mentorship.checkin_rhythm) == ("sponsor", "yearly")
    assert not mentorship.has_proposal
    notice = Notification.objects.get(recipient=mentorship.mentor, subject__contains="confirmed")
    assert notice.subject == f"{mentorship.mentee.name} confirmed: Sponsor, once a year"


def test_the_other_person_can_change_the_proposal_and_the_first_confirms_it(client):
    mentorship = redefine()
    client.force_login(mentorship.mentee)
    client.post(
        reverse("relationship_edit", args=[mentorship.pk]),
        {"relationship": "advisor", "checkin_rhythm": "twice_a_year"},
    )
    mentorship.refresh_from_db()
    assert mentorship.relationship == ""
    assert mentorship.proposed_by == mentorship.mentee
    assert Notification.objects.filter(
        recipient=mentorship.mentor,
        subject=f"{mentorship.mentee.name} proposes: Long-term advisor, twice a year",
    ).exists()

    # Proposing exactly what the other person proposed is agreeing to it.
    services.relationship_update(
        mentorship=mentorship,
        by=mentorship.mentor,
        relationship="advisor",
        checkin_rhythm="twice_a_year",
    )
    mentorship.refresh_from_db()
    assert (mentorship.relationship, mentorship.checkin_rhythm) == ("advisor", "twice_a_year")
    assert not mentorship.has_proposal


def confirm_form_of(page: str) -> dict:
    """What the page's confirm button posts: its form's inputs, as a browser sends them."""
    form = page.split('name="confirm"')[0].rsplit("<form", 1)[1]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken", None)
    return {**fields, "confirm": "1"}


def test_the_confirm_button_sends_the_proposal_it_shows_and_confirms_it(client):
    mentorship = redefine()
    client.force_login(mentorship.mentee)
    shown = confirm_form_of(client.get(mentorship.get_absolute_url()).content.decode())
    assert shown["proposed_relationship"] == "sponsor"
    assert shown["proposed_checkin_rhythm"] == "yearly"
    answer = client.post(reverse("relationship_edit", args=[mentorship.pk]), shown)
    assert answer.status_code == 302
    mentorship.refresh_from_db()
    assert (mentorship.relationship, mentorship.checkin_rhythm) == ("sponsor", "yearly")


def test_a_proposal_changed_after_the_page_loaded_is_not_confirmed(client):
    mentorship = redefine()
    client.force_login(mentorship.mentee)
    shown = confirm_form_of(client.get(mentorship.get_absolute_url()).content.decode())
    services.relationship_update(
        mentorship=mentorship, by=mentorship.mentor, relationship="friend", checkin_rhythm="yearly"
    )
    answer = client.post(reverse("relationship_edit", args=[mentorship.pk]), shown)
    assert answer.status_code == 409
    assert "The proposal changed: read it again" in answer.content.decode()
    assert "Friend" in answer.content.decode()  # the page shows the proposal as it is now
    mentorship.refresh_from_db()
    assert mentorship.relationship == ""
    assert (mentorship.proposed_relationship, mentorship.proposed_by) == (
        "friend",
        mentorship.mentor,
    )


@pytest.mark.parametrize(
    "changed",
    [
        {"proposed_relationship": "friend"},
        {"proposed_checkin_rhythm": "quarterly"},
        {"proposed_at": "2020-01-01T00:00:00+00:00"},
        {"proposed_at": "2026-13-45T99:00:00"},
        {"proposed_at": ""},
    ],
)
def test_confirming_anything_but_the_standing_proposal_is_refused(changed):
    mentorship = redefine()
    shown = {**proposal_as_shown(mentorship), **changed}
    del shown["confirm"]
    with pytest.raises(Conflict, match="The proposal changed"):
        services.relationship_confirm(mentorship=mentorship, by=mentorship.mentee, **shown)
    mentorship.refresh_from_db()
    assert mentorship.relationship == "" and mentorship.has_proposal


def test_confirming_without_a_proposal_is_refused_with_a_reason(client):
    mentorship = redefine()
    confirm_proposal(mentorship, mentorship.mentee)
    client.force_login(mentorship.mentee)
    answer = client.post(
        reverse("relationship_edit", args=[mentorship.pk]), proposal_as_shown(mentorship)
    )
    assert answer.status_code == 409
    assert "There is no proposal to confirm" in answer.content.decode()
