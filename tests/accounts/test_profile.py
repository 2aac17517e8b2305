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


def _zone_seen_by(view, user) -> list[str]:
    """The zone a view runs in under UserTimezoneMiddleware, and the zone left afterwards."""
    from django.test import RequestFactory
    from django.utils import timezone

    from accounts.middleware import UserTimezoneMiddleware

    seen = []

    def handler(request):  # what Django's handler does around the view
        middleware.process_view(request, view, (), {})
        seen.append(timezone.get_current_timezone_name())

    middleware = UserTimezoneMiddleware(handler)
    request = RequestFactory().get("/")
    request.user = user
    middleware(request)
    return [*seen, timezone.get_current_timezone_name()]


def test_it_activates_the_persons_time_zone_for_the_request(mentee):
    from django.contrib.auth.models import AnonymousUser

    mentee.timezone = "Asia/Tokyo"
    assert _zone_seen_by(lambda request: None, mentee) == ["Asia/Tokyo", "UTC"]
    assert _zone_seen_by(lambda request: None, AnonymousUser()) == ["UTC", "UTC"]


def test_a_view_without_user_timezone_does_not_load_the_person(mentee):
    from django.utils.functional import SimpleLazyObject

    from accounts.middleware import without_user_timezone

    loaded = []

    def load():
        loaded.append(True)
        return mentee

    mentee.timezone = "Asia/Tokyo"
    view = without_user_timezone(lambda request: None)
    assert _zone_seen_by(view, SimpleLazyObject(load)) == ["UTC", "UTC"]
    assert loaded == []
