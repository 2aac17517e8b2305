"""Issue 17, words on the pages: plurals, "just now", human dates, one spelling of "Sign up",
device names, what only JavaScript makes true, and an empty posting rhythm in words."""

from datetime import date

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from mentorships import rules, services
from tests.factories import PASSWORD, MentorshipRequestFactory, make_mentorship, post_message

pytestmark = pytest.mark.django_db

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


def test_next_steps_count_goals_in_words():
    mentorship = make_mentorship(stage="cultivation", goals=3)
    assert rules.next_steps(mentorship, mentorship.mentor) == ["Give feedback: 3 goals still open."]
    for goal in list(mentorship.goals.all())[:2]:
        services.goal_set_status(
            mentorship=mentorship,
            goal_id=goal.pk,
            by=mentorship.mentee,
            achieved=True,
            evidence="Done.",
        )
    assert rules.next_steps(mentorship, mentorship.mentor) == ["Give feedback: 1 goal still open."]
    [step] = rules.next_steps(mentorship, mentorship.mentee)
    assert step.startswith("Work the roadmap: 1 goal still open. Mark it achieved")


def test_the_separation_step_counts_goals_in_words():
    mentorship = make_mentorship(stage="separation", goals=3)
    [step] = rules.next_steps(mentorship, mentorship.mentor)
    assert step == "Review the roadmap together and acknowledge 3 goals."


def test_no_page_says_goal_s(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    for url in (reverse("home"), mentorship.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "(s)" not in html
        assert "3 goals still open" in html


def test_a_request_sent_a_moment_ago_says_just_now(client):
    request = MentorshipRequestFactory()
    client.force_login(request.mentee)
    html = client.get(reverse("home")).content.decode()
    assert "Sent just now" in html
    assert "0\xa0minutes" not in html


def test_the_room_panel_says_just_now(client):
    mentorship = make_mentorship(stage="cultivation")
    post_message(mentorship, mentorship.mentor, "Hello")
    client.force_login(mentorship.mentor)
    html = client.get(mentorship.get_absolute_url()).content.decode()
    assert "last message just now." in html
    assert "0\xa0minutes" not in html


def test_a_contract_version_shows_goal_dates_in_words(client):
    mentorship = make_mentorship(goals=0)
    services.contract_update(
        mentorship=mentorship,
        by=mentorship.mentee,
        expected_version=1,
        ground_rules="",
        meeting_cadence="weekly",
        communication_methods=["room"],
        review_date=date(2027, 6, 1),
        goals=[
            services.GoalInput(
                title=f"Goal {n}", success_criterion="Measured", target_date=date(2027, 2, 15)
            )
            for n in range(3)
        ],
    )
    for person in (mentorship.mentor, mentorship.mentee):
        services.contract_agree(mentorship=mentorship, by=person, version=1)
    client.force_login(mentorship.mentor)
    html = client.get(reverse("contract_version", args=[mentorship.pk, 1, 1])).content.decode()
    assert "by 15 Feb 2027" in html
    assert "2027-02-15" not in html


def test_sign_up_is_spelled_one_way(client):
    for url in (reverse("home"), reverse("account_signup"), reverse("account_login")):
        html = client.get(url).content.decode()
        assert "Sign Up" not in html, url
    assert "Sign up" in client.get(reverse("account_signup")).content.decode()


def test_the_sessions_list_names_devices(client):
    mentorship = make_mentorship()
    person = mentorship.mentee
    phone = Client(HTTP_USER_AGENT=IPHONE)
    assert phone.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert UserSession.objects.filter(user=person, user_agent=IPHONE).exists()
    client.force_login(person)
    html = client.get(reverse("usersessions_list")).content.decode()
    assert "Mobile Safari 17 on Apple iPhone (iOS 17.4)" in html
    assert f">{IPHONE}<" not in html  # the raw string is only a tooltip
    assert "0\xa0minutes" not in html


def test_what_needs_javascript_is_hidden_without_it(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    room = client.get(reverse("room_detail", args=[mentorship.pk])).content.decode()
    assert "<span data-needs-js hidden> Enter sends, Shift+Enter starts a new line.</span>" in room
    directory = client.get(reverse("mentor_directory")).content.decode()
    assert 'class="htmx-indicator small muted">Searching…' in directory


def test_the_stylesheet_hides_indicators_until_htmx_sends():
    from pathlib import Path

    css = Path(__file__).resolve().parents[2].joinpath("static/css/menteo.css").read_text()
    assert ".htmx-indicator { visibility: hidden;" in css


def test_an_empty_posting_rhythm_is_a_sentence_not_a_chart(client):
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    html = client.get(reverse("home")).content.decode()
    assert "No shared post yet" in html
    assert "rhythm-chart" not in html
    assert "rhythm-empty" not in html
