import pytest
from django.urls import reverse

from dashboard.selectors import mentorships_for_dashboard
from tests.factories import MentorProfileFactory, MentorshipRequestFactory, make_mentorship

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 50])
def test_the_dashboard_query_count_does_not_grow(client, count, django_assert_num_queries):
    mentor = MentorProfileFactory(capacity=50).user
    stages = ["initiation", "cultivation", "separation", "redefinition"]
    for index in range(count):
        make_mentorship(mentor=mentor, stage=stages[index % 4], ended=index % 7 == 6)
    for _ in range(count // 3):
        MentorshipRequestFactory(mentor=mentor)
    client.force_login(mentor)
    client.get(reverse("mentor_directory"))  # the first request after log-in records the session
    # session, user, mentorships, goals, acknowledgements, recent thread posts (threads rhythm),
    # requests in, requests out, is mentor, unread notifications; suggestions: requests sent
    # and a mentor profile (a mentor who never asked for one gets none)
    with django_assert_num_queries(12):
        response = client.get(reverse("home"))
    assert len(response.context["cards"]) == count


def test_the_dashboard_lists_active_mentorships_before_ended_ones():
    mentor = MentorProfileFactory().user
    ended = make_mentorship(mentor=mentor, ended=True)
    active = make_mentorship(mentor=mentor, stage="cultivation")
    assert [m.pk for m in mentorships_for_dashboard(mentor)] == [active.pk, ended.pk]
