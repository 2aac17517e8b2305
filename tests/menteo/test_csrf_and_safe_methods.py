"""CSRF for real, and GET that never changes anything, on every URL of the project.

Both walk the URL resolver, so a URL added later (rooms, threads, ...) is covered without a
new row; the only view allowed to skip CSRF is named below with the reason.
"""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.services import unsubscribe_token
from tests.conftest import csrf_token
from tests.factories import (
    MentorshipRequestFactory,
    NotificationFactory,
    UserFactory,
    make_mentorship,
)

pytestmark = pytest.mark.django_db

CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a token; the signed token in
    # the URL is the proof, and unsubscribing is all it can do.
    "notification_unsubscribe",
}


def _patterns(patterns=None, namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


def _parameters(pattern: URLPattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    return list(re.compile(str(pattern.pattern)).groupindex)


def _dummy_kwargs(pattern: URLPattern) -> dict[str, str]:
    kwargs = {}
    converters = getattr(pattern.pattern, "converters", {}) or {}
    for name in _parameters(pattern):
        converter = type(converters.get(name)).__name__
        kwargs[name] = {
            "UUIDConverter": str(uuid.uuid4()),
            "IntConverter": "1",
        }.get(converter, "x1")
    return kwargs


# Django's admin is Django's own CSRF-protected code: its entrance stands for its many URLs.
ADMIN_SAMPLE = {"admin:login", "admin:index", "admin:logout"}
ALL = sorted(
    (item for item in _patterns() if not item[0].startswith("admin:") or item[0] in ADMIN_SAMPLE),
    key=lambda item: item[0],
)


def _url(name: str, pattern: URLPattern) -> str:
    return reverse(name, kwargs=_dummy_kwargs(pattern))


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[name for name, _ in ALL])
def test_a_post_without_the_token_is_refused(csrf_client, name, pattern):
    csrf_client.force_login(UserFactory())
    response = csrf_client.post(_url(name, pattern), {"anything": "1"})
    if name in CSRF_EXEMPT:
        assert response.status_code != 403
    else:
        assert response.status_code == 403, f"{name} accepted a POST without a CSRF token"


def test_only_the_named_views_skip_csrf():
    exempt = {name for name, pattern in ALL if getattr(pattern.callback, "csrf_exempt", False)}
    assert exempt == CSRF_EXEMPT


def test_an_anonymous_post_without_the_token_is_refused(csrf_client):
    response = csrf_client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 403


def test_an_htmx_post_without_the_token_is_refused(csrf_client):
    mentorship = make_mentorship(stage="initiation", agreed=True)
    csrf_client.force_login(mentorship.mentee)
    notification = NotificationFactory(recipient=mentorship.mentee)
    for url, data in [
        (reverse("notification_read", args=[notification.pk]), {}),
        (reverse("mentorship_transition", args=[mentorship.pk]), {"to": "cultivation"}),
    ]:
        response = csrf_client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 403
    notification.refresh_from_db()
    mentorship.refresh_from_db()
    assert (notification.read_at, mentorship.stage) == (None, "initiation")


# With the token, the same requests go through ----------------------------------------------


def test_forms_and_htmx_posts_with_the_token_work(csrf_client):
    mentorship = make_mentorship(stage="initiation", agreed=True)
    mentee = mentorship.mentee
    csrf_client.force_login(mentee)
    csrf_client.get(reverse("profile_edit"))
    token = csrf_token(csrf_client)

    response = csrf_client.post(
        reverse("profile_edit"),
        {"display_name": "Sam", "headline": "", "bio": "", "timezone": "UTC",
         "csrfmiddlewaretoken": token},
    )  # fmt: skip
    assert response.status_code == 302

    response = csrf_client.post(
        reverse("mentorship_transition", args=[mentorship.pk]),
        {"to": "cultivation", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302

    notification = NotificationFactory(recipient=mentee)
    response = csrf_client.post(
        reverse("notification_read", args=[notification.pk]),
        headers={"HX-Request": "true", "X-CSRFToken": token},  # as hx-headers sends it
    )
    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_every_page_with_a_form_carries_the_token_for_htmx(csrf_client):
    csrf_client.force_login(UserFactory())
    html = csrf_client.get(reverse("home")).content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html)
    assert token, "base.html must send the CSRF token with every htmx request"


# GET never changes anything ---------------------------------------------------------------


@pytest.fixture
def world():
    """One of everything, so GETs reach real pages rather than 404s."""
    mentorship = make_mentorship(stage="separation")
    mentee = mentorship.mentee
    request = MentorshipRequestFactory(mentee=mentee)
    notification = NotificationFactory(recipient=mentee, mentorship=mentorship)
    goal = mentorship.goals.first()
    return {
        "person": mentee,
        "pk": {
            "requests": request.pk,
            "mentorships": mentorship.pk,
            "notifications": notification.pk,
        },
        "username": mentorship.mentor.username,
        "goal_id": goal.pk,
        "cycle": 1,
        "version": 1,
        "token": unsubscribe_token(mentee, "review_reminder"),
    }


def _real_kwargs(name: str, pattern: URLPattern, world) -> dict:
    kwargs = _dummy_kwargs(pattern)
    route = str(pattern.pattern)
    for key in kwargs:
        if key == "pk" and not name.startswith("admin:"):
            prefix = next((p for p in world["pk"] if p in route or name.startswith(p[:-1])), None)
            if prefix:
                kwargs[key] = world["pk"][prefix]
        elif key in world and not name.startswith("admin:"):
            kwargs[key] = world[key]
    return kwargs


WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b(?!.*\"django_session\")", re.I | re.S)


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[name for name, _ in ALL])
@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_a_get_changes_nothing(client, world, name, pattern, signed_in):
    if signed_in:
        client.force_login(world["person"])
    url = reverse(name, kwargs=_real_kwargs(name, pattern, world))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500
    writes = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert writes == [], f"GET {url} wrote to the database"
