"""Mentors for you: ranked from what the person wants, shared working hours, the answering
record and room, each with why; and the answering record on the mentor page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from mentorships.models import MentorshipRequest
from mentorships.suggestions import mentor_suggestions, working_hours_overlap
from tests.factories import (
    MentorProfileFactory,
    MentorshipRequestFactory,
    UserFactory,
    make_mentorship,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)  # winter: London UTC+0, New York UTC-5


@pytest.fixture(autouse=True)
def _winter():
    with time_machine.travel(NOW, tick=False):
        yield


def a_mentor(name, *, tags=(), headline="", tz="Europe/London", **profile):
    return MentorProfileFactory(
        user=UserFactory(display_name=name, headline=headline, timezone=tz),
        expertise=list(tags),
        **profile,
    ).user


@pytest.fixture
def sam(db):
    return UserFactory(
        display_name="Sam Lee",
        headline="Senior backend engineer, aiming for engineering manager",
        timezone="Europe/London",
    )


def answered(mentor, count, *, after):
    for _ in range(count):
        request = MentorshipRequestFactory(mentor=mentor)
        MentorshipRequest.objects.filter(pk=request.pk).update(
            status="declined",
            created_at=NOW - timedelta(days=30),
            decided_at=NOW - timedelta(days=30) + after,
        )


def names(suggestions):
    return [suggestion.mentor.name for suggestion in suggestions]


def test_what_the_mentee_wants_ranks_first_and_says_why(sam):
    a_mentor("Fred Funds", tags=["Fundraising"], headline="Angel investor")
    a_mentor("Maya Okafor", tags=["Engineering management", "Hiring"], headline="VP Engineering")
    suggestions = mentor_suggestions(sam)
    assert names(suggestions) == ["Maya Okafor", "Fred Funds"]
    assert suggestions[0].why == "Knows engineering management · 8 h overlap · 3 places free"
    assert not suggestions[1].why.startswith("Knows")


def test_the_focus_of_requests_and_contract_goals_count(db):
    mentee = UserFactory(headline="", timezone="Europe/London")
    asked = a_mentor("Asked Already", tags=["Public speaking"])
    MentorshipRequestFactory(mentee=mentee, mentor=asked, focus="Public speaking at conferences")
    a_mentor("Ola Speaker", tags=["Public speaking"])
    a_mentor("Pat Product", tags=["Product strategy"])
    assert names(mentor_suggestions(mentee)) == ["Ola Speaker", "Pat Product"]

    other = UserFactory(headline="", timezone="Europe/London")
    make_mentorship(mentee=other, stage="cultivation")  # its goals: one-on-ones, a migration…
    a_mentor("Mia Migrations", tags=["Platform migration"])
    assert names(mentor_suggestions(other))[0] == "Mia Migrations"


def test_shared_working_hours_break_a_tie(sam):
    a_mentor("Far Away", tags=["Engineering management"], tz="Asia/Tokyo")
    a_mentor("Near By", tags=["Engineering management"], tz="Europe/Berlin")
    suggestions = mentor_suggestions(sam)
    assert names(suggestions) == ["Near By", "Far Away"]
    assert "7 h overlap" in suggestions[0].why
    assert "no working hours in common" in suggestions[1].why


def test_a_quick_answering_record_ranks_higher_and_shows_from_three_answers(sam):
    slow = a_mentor("Slow Sue", tags=["Engineering management"])
    quick = a_mentor("Quick Quinn", tags=["Engineering management"])
    answered(slow, 3, after=timedelta(days=9))
    answered(quick, 2, after=timedelta(hours=5))
    suggestions = mentor_suggestions(sam)
    # Two answers say nothing yet: Quinn counts as unknown (the middle), Sue as slow.
    assert names(suggestions) == ["Quick Quinn", "Slow Sue"]
    assert "answers" not in suggestions[0].why
    assert "answers in about 9 days" in suggestions[1].why
    answered(quick, 1, after=timedelta(hours=5))
    assert "answers within a day" in mentor_suggestions(sam)[0].why


def test_room_counts_and_only_mentors_who_could_say_yes_are_suggested(sam):
    a_mentor("One Place", tags=["Engineering management"], capacity=1)
    a_mentor("Three Places", tags=["Engineering management"], capacity=3)
    full = a_mentor("Full Fran", tags=["Engineering management"], capacity=1)
    make_mentorship(mentor=full, stage="cultivation")
    a_mentor("Paused Pia", tags=["Engineering management"], is_accepting=False)
    mine = a_mentor("My Mentor", tags=["Engineering management"], capacity=5)
    make_mentorship(mentor=mine, mentee=sam, stage="initiation")
    asked = a_mentor("Asked Ann", tags=["Engineering management"])
    MentorshipRequestFactory(mentee=sam, mentor=asked)
    suggestions = mentor_suggestions(sam, limit=10)
    assert names(suggestions) == ["Three Places", "One Place"]
    assert suggestions[1].why.endswith("1 place free")


def test_a_mentor_who_never_asked_for_one_gets_no_suggestions(sam):
    a_mentor("Maya Okafor", tags=["Engineering management"])
    mentor = a_mentor("Another Mentor")
    assert mentor_suggestions(mentor) == []
    assert names(mentor_suggestions(sam)) == ["Maya Okafor", "Another Mentor"]


@pytest.mark.parametrize(
    ("first", "second", "hours"),
    [
        ("Europe/London", "Europe/London", 8),
        ("Europe/London", "Europe/Berlin", 7),
        ("Europe/London", "America/New_York", 3),
        ("Europe/London", "Asia/Tokyo", 0),
        ("Pacific/Auckland", "America/Los_Angeles", 5),  # across the date line: 3 h apart
    ],
)
def test_working_hours_overlap(first, second, hours):
    assert working_hours_overlap(first, second) == hours
    assert working_hours_overlap(second, first) == hours


# Pages -------------------------------------------------------------------------------


def test_the_dashboard_shows_mentors_for_a_new_mentee(client, sam):
    maya = a_mentor("Maya Okafor", tags=["Engineering management"])
    client.force_login(sam)
    content = client.get(reverse("home")).content.decode()
    assert "Mentors for you" in content
    assert reverse("mentor_profile", args=[maya.username]) in content
    assert "Knows engineering management · 8 h overlap · 3 places free" in content


def test_the_directory_page_suggests_and_its_results_partial_does_not(client, sam):
    a_mentor("Maya Okafor", tags=["Engineering management"])
    client.force_login(sam)
    url = reverse("mentor_directory")
    assert "Mentors for you" in client.get(url).content.decode()
    assert "Mentors for you" in client.get(url, {"q": "maya"}).content.decode()
    partial = client.get(url, {"q": "maya"}, HTTP_HX_REQUEST="true")
    assert "Mentors for you" not in partial.content.decode()


@pytest.mark.parametrize("count", [3, 40])
def test_suggestions_cost_the_same_queries_whatever_the_directory(
    client, sam, count, django_assert_num_queries
):
    for index in range(count):
        mentor = a_mentor(f"Mentor {index}", tags=["Engineering management", "Hiring"])
        answered(mentor, 3, after=timedelta(days=index % 5))
    MentorshipRequestFactory(mentee=sam)  # to a mentor of their own, who is left out
    client.force_login(sam)
    client.get(reverse("notification_list"))  # the first request after log-in records the session
    # session, user, mentorships, requests in, requests out, is mentor, unread notifications;
    # suggestions: requests, goals, candidate ids, candidates, their expertise, answers
    with django_assert_num_queries(13):
        response = client.get(reverse("home"))
    assert len(response.context["suggestions"]) == 3


def test_the_mentor_page_shows_the_median_answer_from_three_answered_requests(client, sam):
    maya = a_mentor("Maya Okafor")
    answered(maya, 2, after=timedelta(days=2))
    client.force_login(sam)
    url = reverse("mentor_profile", args=[maya.username])
    assert "Usually answers" not in client.get(url).content.decode()
    answered(maya, 1, after=timedelta(days=5))
    assert (
        "Usually answers requests in about 2 days (the median of 3 answered)."
        in client.get(url).content.decode()
    )


def test_suggestions_on_the_quick_start_database_rank_alike(sam, monkeypatch):
    """SQLite's branch (chosen by `connection.vendor`), run here: substrings pick candidates."""
    from types import SimpleNamespace

    from mentorships import suggestions

    monkeypatch.setattr(suggestions, "connection", SimpleNamespace(vendor="sqlite"))
    a_mentor("Fred Funds", tags=["Fundraising"], headline="Angel investor")
    a_mentor("Maya Okafor", tags=["Engineering management"], headline="VP Engineering")
    assert names(mentor_suggestions(sam)) == ["Maya Okafor", "Fred Funds"]
