from datetime import UTC, datetime

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from menteo import ratelimit
from mentorships.models import MentorshipRequest
from tests.factories import MentorProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def three_an_hour(settings):
    settings.MENTEO_RATE_LIMITS = {
        "mentorship_request": ratelimit.Limit(count=3, window=3600, what="mentorship requests")
    }


def test_it_allows_up_to_the_limit_per_person_and_action(three_an_hour):
    person, other = UserFactory(), UserFactory()
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            ratelimit.consume(user=person, action="mentorship_request")
        with pytest.raises(ratelimit.RateLimited) as limited:
            ratelimit.consume(user=person, action="mentorship_request")
        ratelimit.consume(user=other, action="mentorship_request")  # counted apart
        ratelimit.consume(user=person, action="room_message")  # another action, another count
    assert str(limited.value) == (
        "You have sent 3 mentorship requests in an hour, the most Menteo allows. "
        "Please try again in an hour."
    )
    assert limited.value.retry_after == 3600


def test_the_window_passes(three_an_hour):
    person = UserFactory()
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            ratelimit.consume(user=person, action="mentorship_request")
    with (
        time_machine.travel(START.replace(minute=45), tick=False),
        pytest.raises(ratelimit.RateLimited, match="try again in 15 minutes"),
    ):
        ratelimit.consume(user=person, action="mentorship_request")
    with time_machine.travel(START.replace(hour=10), tick=False):
        ratelimit.consume(user=person, action="mentorship_request")


def test_an_unreachable_cache_allows_the_action(three_an_hour, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    person = UserFactory()
    for _ in range(5):
        ratelimit.consume(user=person, action="mentorship_request")


def test_the_decorator_answers_429_with_a_reason(settings):
    settings.MENTEO_RATE_LIMITS = {"room_message": ratelimit.Limit(1, 60, "messages")}
    view = ratelimit.limit("room_message")(lambda request: HttpResponse("posted"))
    request = RequestFactory().post("/")
    request.user = UserFactory()
    assert view(request).status_code == 200
    response = view(request)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "You have sent 1 messages in a minute" in response.content.decode()
    request.method = "GET"  # reading is never limited
    assert view(request).status_code == 200


def test_sending_too_many_mentorship_requests_is_refused_and_keeps_the_text(client, mentee):
    client.force_login(mentee)
    mentors = [MentorProfileFactory().user for _ in range(11)]
    for mentor in mentors[:10]:
        response = client.post(
            reverse("mentor_profile", args=[mentor.username]),
            {"focus_area": "promotion", "focus": "Make staff", "message": "Hi"},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("mentor_profile", args=[mentors[10].username]),
        {"focus_area": "promotion", "focus": "Make staff", "message": "My careful message."},
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent 10 mentorship requests in an hour" in html
    assert "My careful message." in html
    assert MentorshipRequest.objects.count() == 10


def test_posting_too_many_room_messages_is_refused_and_keeps_the_text(client, settings):
    import uuid

    from rooms.models import Message
    from tests.factories import make_mentorship

    settings.MENTEO_RATE_LIMITS = {
        "room_message": ratelimit.Limit(count=3, window=60, what="messages")
    }
    mentorship = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    url = reverse("message_post", args=[mentorship.pk])
    for n in range(3):
        response = client.post(url, {"body": f"Message {n}", "client_token": uuid.uuid4()})
        assert response.status_code == 302
    body = {"body": "The one I wrote carefully.", "client_token": uuid.uuid4()}
    response = client.post(url, body)
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent 3 messages in a minute" in html
    assert "The one I wrote carefully." in html
    assert Message.objects.count() == 3
    response = client.post(url, body, HTTP_HX_REQUEST="true")  # htmx: the composer, with why
    assert "You have sent 3 messages in a minute" in response.content.decode()
