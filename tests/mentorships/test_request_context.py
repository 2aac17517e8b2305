"""The mentor deciding on a request sees who is asking: headline, a short bio, the time zone
and how far apart their clocks are."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import MentorshipRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_from_tokyo():
    mentee = UserFactory(
        display_name="Kai Tanaka",
        headline="Designer moving into product",
        bio="Eight years in **product design**. " + "More words here. " * 60,
        timezone="Asia/Tokyo",
    )
    mentor = UserFactory(display_name="Maya Okafor", timezone="Europe/Berlin")
    from tests.factories import MentorProfileFactory

    MentorProfileFactory(user=mentor)
    return MentorshipRequestFactory(mentee=mentee, mentor=mentor)


@time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False)
def test_the_mentor_sees_who_is_asking(client, request_from_tokyo):
    client.force_login(request_from_tokyo.mentor)
    page = client.get(reverse("request_detail", args=[request_from_tokyo.pk])).content.decode()
    assert "Who is asking" in page
    assert "Designer moving into product" in page
    assert "Eight years in product design." in page  # Markdown reduced to text
    assert "<strong>" not in page.split("Who is asking")[1].split("</section>")[0]
    assert page.count("More words here.") < 60  # short: the bio is cut
    assert "Asia/Tokyo" in page
    assert "18:00</time> there now" in page
    assert "8 hours ahead of you" in page


@time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False)
def test_a_mentee_without_bio_says_so(client, request_from_tokyo):
    mentee = request_from_tokyo.mentee
    mentee.bio = ""
    mentee.headline = ""
    mentee.timezone = "Europe/Berlin"
    mentee.save()
    client.force_login(request_from_tokyo.mentor)
    page = client.get(reverse("request_detail", args=[request_from_tokyo.pk])).content.decode()
    assert "No bio yet." in page
    assert "the same time as you" in page


def test_the_mentee_does_not_see_their_own_profile_box(client, request_from_tokyo):
    client.force_login(request_from_tokyo.mentee)
    page = client.get(reverse("request_detail", args=[request_from_tokyo.pk])).content.decode()
    assert "Who is asking" not in page
