from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from menteo.errors import Conflict
from mentorships import services
from mentorships.models import Mentorship, MentorshipRequest
from tests.factories import (
    MentorProfileFactory,
    MentorshipRequestFactory,
    UserFactory,
    make_mentorship,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    client.get(reverse("mentor_directory"))  # the first request after log-in records the session
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# Directory and mentor pages --------------------------------------------------------------


def test_the_directory_searches_name_headline_bio_and_expertise(client, mentee):
    maya = MentorProfileFactory(
        user=UserFactory(display_name="Maya Okafor", headline="VP Engineering"),
        expertise=["Engineering management"],
    ).user
    daniel = MentorProfileFactory(
        user=UserFactory(display_name="Daniel Brandt", headline="Founder", bio="Seed rounds"),
        expertise=["Fundraising"],
    ).user
    client.force_login(mentee)
    url = reverse("mentor_directory")

    def names(**params):
        return [m.name for m in client.get(url, params).context["page"].object_list]

    assert names() == [daniel.name, maya.name]
    assert names(q="okafor") == [maya.name]
    assert names(q="seed") == [daniel.name]
    assert names(q="management") == [maya.name]
    assert names(expertise="fundraising") == [daniel.name]
    assert names(q="nobody-matches") == []


def test_the_directory_answers_htmx_with_the_results_partial(client, mentee):
    MentorProfileFactory(user=UserFactory(display_name="Maya Okafor"))
    client.force_login(mentee)
    response = client.get(reverse("mentor_directory"), {"q": "maya"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="results"')
    assert "Maya Okafor" in content
    assert "<html" not in content
    assert response["Vary"].count("HX-Request") == 1


def test_the_directory_shows_who_is_at_capacity(client, mentee):
    full = MentorProfileFactory(capacity=1, user=UserFactory(display_name="Full Mentor"))
    make_mentorship(mentor=full.user)
    client.force_login(mentee)
    assert "At capacity" in client.get(reverse("mentor_directory")).content.decode()


@pytest.mark.parametrize("count", [3, 50])
def test_the_directory_query_count_does_not_grow(client, mentee, count, django_assert_num_queries):
    for _ in range(count):
        MentorProfileFactory(expertise=["Hiring", "Product"])
    client.force_login(mentee)
    client.get(reverse("home"))  # the first request after log-in records the session
    # session, user, expertise choices, count, unread notifications, page of mentors,
    # their expertise; suggestions (mentorships/suggestions.py): requests, is mentor, goals,
    # candidate ids, candidates, their expertise, answers
    with django_assert_num_queries(14):
        client.get(reverse("mentor_directory"))


def test_a_mentee_sends_a_request_from_the_mentor_page(client, mentee):
    mentor = MentorProfileFactory().user
    client.force_login(mentee)
    response = client.post(
        reverse("mentor_profile", args=[mentor.username]),
        {"focus_area": "promotion", "focus": "Make staff", "message": "Hi, I'm Sam."},
    )
    assert response.status_code == 302
    request = MentorshipRequest.objects.get()
    assert (request.mentee, request.mentor, request.focus) == (mentee, mentor, "Make staff")


def test_a_request_form_with_errors_keeps_what_was_typed(client, mentee):
    mentor = MentorProfileFactory().user
    client.force_login(mentee)
    response = client.post(
        reverse("mentor_profile", args=[mentor.username]),
        {"focus_area": "promotion", "focus": "", "message": "A long message I wrote."},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert "A long message I wrote." in response.content.decode()
    assert not MentorshipRequest.objects.exists()


def test_a_mentor_at_capacity_cannot_be_requested(client, mentee):
    mentor = MentorProfileFactory(capacity=1).user
    make_mentorship(mentor=mentor)
    client.force_login(mentee)
    page = client.get(reverse("mentor_profile", args=[mentor.username])).content.decode()
    assert "is at capacity" in page
    assert "Send request" not in page
    response = client.post(
        reverse("mentor_profile", args=[mentor.username]),
        {"focus_area": "promotion", "focus": "x", "message": "y"},
    )
    assert response.status_code == 409
    assert "is at capacity" in response.content.decode()


def test_a_mentor_page_needs_a_mentor_profile(client, mentee, outsider):
    client.force_login(mentee)
    assert client.get(reverse("mentor_profile", args=[outsider.username])).status_code == 404
    MentorProfileFactory(user=outsider)
    assert client.get(reverse("mentor_profile", args=[outsider.username])).status_code == 200


def test_a_person_becomes_a_mentor(client, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("mentor_profile_edit"),
        {"expertise": "Hiring, System design, hiring", "capacity": "2", "is_accepting": "on"},
    )
    assert response.status_code == 302
    profile = mentee.mentor_profile
    assert sorted(profile.expertise.values_list("slug", flat=True)) == ["hiring", "system-design"]
    assert (profile.capacity, profile.is_accepting) == (2, True)


def test_mentor_capacity_is_validated(client, mentee):
    client.force_login(mentee)
    response = client.post(reverse("mentor_profile_edit"), {"expertise": "", "capacity": "0"})
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()


# Requests --------------------------------------------------------------


def test_the_mentor_accepts_and_lands_on_the_new_mentorship(client):
    request = MentorshipRequestFactory()
    client.force_login(request.mentor)
    response = client.post(reverse("request_accept", args=[request.pk]))
    mentorship = Mentorship.objects.get()
    assert response.url == mentorship.get_absolute_url()
    assert mentorship.stage == "initiation"


def test_the_mentee_cannot_accept_their_own_request(client):
    request = MentorshipRequestFactory()
    client.force_login(request.mentee)
    response = client.post(reverse("request_accept", args=[request.pk]))
    assert response.status_code == 403
    assert b"Only the mentor of this request can do that." in response.content
    request.refresh_from_db()
    assert request.is_pending


def test_the_mentor_declines_with_a_reason(client):
    request = MentorshipRequestFactory()
    client.force_login(request.mentor)
    client.post(reverse("request_decline", args=[request.pk]), {"reason": "Fully booked"})
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "Fully booked")
    client.force_login(request.mentee)
    page = client.get(reverse("request_detail", args=[request.pk])).content.decode()
    assert "Declined" in page and "Fully booked" in page


# The mentorship page --------------------------------------------------------------


def test_the_page_shows_the_allowed_move_and_why_others_are_disabled(client):
    mentorship = make_mentorship(stage="initiation", agreed=False)
    client.force_login(mentorship.mentee)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Move to Cultivation" in page
    assert "disabled" in page
    assert f"waiting for {mentorship.mentor.name} and {mentorship.mentee.name}" in page
    assert "I agree to version 1" in page


def test_a_refused_transition_says_what_is_missing_and_keeps_the_note(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("mentorship_transition", args=[mentorship.pk]),
        {"to": "separation", "note": "My carefully written note"},
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Every goal must be achieved first (3 of 3 still open" in content
    mentorship.refresh_from_db()
    assert mentorship.stage == "cultivation"


def test_the_mentor_moves_on_anyway_through_the_page(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentor)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Move on to Separation anyway" in page
    step = {"to": "separation", "note": "New job; goals no longer relevant."}
    confirm = client.post(reverse("mentorship_transition", args=[mentorship.pk]), step)
    assert "3 of 3 goals are not achieved" in confirm.content.decode()  # asks to confirm first
    response = client.post(
        reverse("mentorship_transition", args=[mentorship.pk]), {**step, "confirmed": "on"}
    )
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.stage == "separation"


def test_both_agree_and_start_cultivation_through_the_page(client):
    mentorship = make_mentorship(stage="initiation", agreed=False)
    for person in (mentorship.mentor, mentorship.mentee):
        client.force_login(person)
        client.post(reverse("contract_agree", args=[mentorship.pk]), {"version": 1})
    response = client.post(
        reverse("mentorship_transition", args=[mentorship.pk]), {"to": "cultivation"}
    )
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.stage == "cultivation"


def test_marking_a_goal_achieved_needs_evidence(client):
    mentorship = make_mentorship(stage="cultivation")
    goal = mentorship.goals.first()
    client.force_login(mentorship.mentee)
    url = reverse("goal_status", args=[mentorship.pk, goal.pk])
    response = client.post(url, {"achieved": "on", "evidence": ""}, follow=True)
    assert "Add a line of evidence" in response.content.decode()
    goal.refresh_from_db()
    assert not goal.is_achieved
    client.post(url, {"achieved": "on", "evidence": "Team charter signed"})
    goal.refresh_from_db()
    assert (goal.is_achieved, goal.evidence) == (True, "Team charter signed")


def test_the_separation_review_records_each_persons_acknowledgement(client):
    mentorship = make_mentorship(stage="separation")
    goal = mentorship.goals.first()
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("separation_review", args=[mentorship.pk]),
        {"goal": goal.pk, f"goal-{goal.pk}-outcome": "partly", f"goal-{goal.pk}-note": "Close"},
    )
    assert response.status_code == 302
    acknowledgement = goal.acknowledgements.get()
    assert (acknowledgement.user, acknowledgement.outcome, acknowledgement.note) == (
        mentorship.mentee,
        "partly",
        "Close",
    )
    client.force_login(mentorship.mentor)
    page = client.get(reverse("separation_review", args=[mentorship.pk])).content.decode()
    assert "Partly achieved" in page


def test_ending_asks_for_a_reason_and_makes_the_page_read_only(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    url = reverse("mentorship_end", args=[mentorship.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    client.post(url, {"reason": "I changed careers."})
    mentorship.refresh_from_db()
    assert mentorship.is_ended
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "This mentorship ended on" in page and "I changed careers." in page
    assert "Move to Separation" not in page
    assert "Edit contract" not in page


def cycled_mentorship(times: int) -> Mentorship:
    """A long history: Separation -> Cultivation -> Separation, `times` times."""
    mentorship = make_mentorship(stage="separation")
    for _ in range(times):
        goals = list(mentorship.goals.filter(cycle=mentorship.cycle).values_list("pk", flat=True))
        services.transition(
            mentorship=mentorship, to="cultivation", by=mentorship.mentee, reopen_goal_ids=goals
        )
        mentorship.refresh_from_db()
        for goal in mentorship.goals.filter(cycle=mentorship.cycle):
            services.goal_set_status(
                mentorship=mentorship,
                goal_id=goal.pk,
                by=mentorship.mentee,
                achieved=True,
                evidence="yes",
            )
        services.transition(mentorship=mentorship, to="separation", by=mentorship.mentor)
        mentorship.refresh_from_db()
    return mentorship


def test_the_mentorship_page_query_count_does_not_grow_with_its_history(client):
    short, long = make_mentorship(stage="separation"), cycled_mentorship(6)
    assert long.transitions.count() > 12 and long.goals.count() > 18
    client.force_login(short.mentor)
    few = queries_for(client, short.get_absolute_url())
    client.force_login(long.mentor)
    assert queries_for(client, long.get_absolute_url()) == few


# Contract form --------------------------------------------------------------


def contract_post(version, goals, review_days=120):
    data = {
        "version": version,
        "ground_rules": "Reply within 2 days.",
        "meeting_cadence": "weekly",
        "communication_methods": ["room", "video"],
        "review_date": (timezone.localdate() + timedelta(days=review_days)).isoformat(),
        "goals-TOTAL_FORMS": "5",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "5",
    }
    for index in range(5):
        title, criterion = goals[index] if index < len(goals) else ("", "")
        data[f"goals-{index}-title"] = title
        data[f"goals-{index}-success_criterion"] = criterion
    return data


def test_the_contract_form_saves_goals_and_terms(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    goals = [(f"Goal {n}", f"Measure {n}") for n in range(4)]
    response = client.post(reverse("contract_edit", args=[mentorship.pk]), contract_post(1, goals))
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert [g.title for g in mentorship.goals.all()] == [g for g, _ in goals]
    assert mentorship.current_contract.communication_methods == ["room", "video"]


def test_the_contract_form_explains_bad_input_and_keeps_it(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        contract_post(1, [("Only goal", "Measured"), ("Second", "")], review_days=-1),
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "The review date must be in the future." in content
    assert "Say how you&#x27;ll know this goal is reached." in content
    assert 'value="Only goal"' in content
    assert not mentorship.goals.exists()


def test_the_contract_form_refuses_too_few_goals(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]), contract_post(1, [("A", "a"), ("B", "b")])
    )
    assert "Write 3 to 5 specific, measurable goals (you have 2)." in response.content.decode()


def test_a_stale_contract_form_is_refused_with_the_input_kept(client):
    mentorship = make_mentorship(agreed=True)
    client.force_login(mentorship.mentor)
    goals = [("A", "a"), ("B", "b"), ("C", "c")]
    client.post(reverse("contract_edit", args=[mentorship.pk]), contract_post(1, goals))
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        contract_post(1, [("Mine", "m"), *goals[1:]]),
    )
    assert response.status_code == 409
    assert "changed the contract while you were editing" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()


def test_earlier_contract_versions_stay_readable(client):
    mentorship = make_mentorship(agreed=True)
    client.force_login(mentorship.mentor)
    client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        contract_post(1, [("New A", "a"), ("New B", "b"), ("New C", "c")]),
    )
    page = client.get(reverse("contract_version", args=[mentorship.pk, 1, 1])).content.decode()
    assert "Run weekly one-on-ones with all four reports" in page
    assert "Cycle 1, version 2" in page
    assert client.get(reverse("contract_version", args=[mentorship.pk, 1, 9])).status_code == 404


def test_separation_does_not_offer_to_agree_to_the_new_cycles_contract(client):
    mentorship = make_mentorship(stage="separation")
    goal = mentorship.goals.first()
    by = mentorship.mentor
    services.transition(mentorship=mentorship, to="cultivation", by=by, reopen_goal_ids=[goal.pk])
    reopened = mentorship.goals.get(cycle=2)
    services.goal_set_status(
        mentorship=mentorship, goal_id=reopened.pk, by=by, achieved=True, evidence="Done."
    )
    services.transition(mentorship=mentorship, to="separation", by=by)
    client.force_login(mentorship.mentee)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "not agreed yet" in page  # the new cycle's contract, unsigned: shown, not offered
    assert "I agree to version" not in page


def test_a_goal_of_an_earlier_cycle_is_not_found_wherever_a_goal_is_taken(client):
    mentorship = make_mentorship(stage="separation")
    old = mentorship.goals.first()
    by = mentorship.mentor
    services.transition(mentorship=mentorship, to="cultivation", by=by, reopen_goal_ids=[old.pk])
    client.force_login(mentorship.mentee)
    status_url = reverse("goal_status", args=[mentorship.pk, old.pk])
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(status_url, {"achieved": "on", "evidence": "Done."}, headers=headers)
        assert response.status_code == 404
    reopened = mentorship.goals.get(cycle=2)
    services.goal_set_status(
        mentorship=mentorship, goal_id=reopened.pk, by=by, achieved=True, evidence="Done."
    )
    services.transition(mentorship=mentorship, to="separation", by=by)
    review_url = reverse("separation_review", args=[mentorship.pk])
    response = client.post(review_url, {"goal": old.pk, f"goal-{old.pk}-outcome": "achieved"})
    assert response.status_code == 404
    assert not old.acknowledgements.exists()


def test_the_goal_service_refuses_a_goal_of_an_earlier_cycle():
    mentorship = make_mentorship(stage="separation")
    old = mentorship.goals.first()
    by = mentorship.mentor
    services.transition(mentorship=mentorship, to="cultivation", by=by, reopen_goal_ids=[old.pk])
    with pytest.raises(Conflict):
        services.goal_set_status(
            mentorship=mentorship, goal_id=old.pk, by=by, achieved=True, evidence="Done."
        )
