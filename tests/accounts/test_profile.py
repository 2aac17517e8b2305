import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_redirects_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("profile_edit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_shows_the_profile_form(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("profile_edit"))
    assert response.status_code == 200
    assert b"Sam Mentee" in response.content


def test_it_saves_the_profile(client, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("profile_edit"),
        {
            "display_name": " Sam Lee ",
            "headline": "Backend engineer",
            "bio": "Payments.",
            "timezone": "America/Los_Angeles",
        },
    )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert (mentee.display_name, mentee.headline, mentee.bio, mentee.timezone) == (
        "Sam Lee",
        "Backend engineer",
        "Payments.",
        "America/Los_Angeles",
    )


def test_it_refuses_an_unknown_time_zone_and_keeps_the_saved_profile(client, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("profile_edit"),
        {"display_name": "Changed", "headline": "", "bio": "", "timezone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    mentee.refresh_from_db()
    assert mentee.display_name == "Sam Mentee"


def test_it_activates_the_persons_time_zone_for_the_request(rf, mentee):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from accounts.middleware import UserTimezoneMiddleware

    seen = []
    middleware = UserTimezoneMiddleware(
        lambda request: seen.append(timezone.get_current_timezone_name())
    )
    mentee.timezone = "Asia/Tokyo"
    request = rf.get("/")
    request.user = mentee
    middleware(request)
    request.user = AnonymousUser()
    middleware(request)
    assert seen == ["Asia/Tokyo", "UTC"]
