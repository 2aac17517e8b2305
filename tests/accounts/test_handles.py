"""The public handle (/u/<handle>/): random at sign-up, never the email's local part;
changeable in the profile with clear refusals; old email-made handles replaced by a migration."""

import importlib
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.usernames import derives_from_email, unique_random_username
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RANDOM = re.compile(r"[a-z]+-[a-z]+-\d{4}")


def sign_up(client, email: str, **extra):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": "Riley Journey",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def test_a_new_account_gets_a_random_readable_handle_not_its_email(client):
    sign_up(client, "riley.journey@example.com")
    sign_up(client, "riley.journey@example.org")
    handles = list(User.objects.values_list("username", flat=True))
    assert len(handles) == 2 and len(set(handles)) == 2
    for handle in handles:
        assert RANDOM.fullmatch(handle), handle
        assert "riley" not in handle


def test_the_public_page_never_shows_the_email(client):
    sign_up(client, "riley.journey@example.com")
    user = User.objects.get()
    visitor = Client()
    page = visitor.get(reverse("public_profile", args=[user.username])).content.decode()
    assert "Riley Journey" in page
    assert "riley.journey" not in page


def test_a_name_falls_back_to_the_handle_not_the_email():
    assert UserFactory.build(display_name="", username="quiet-fern-1234").name == "quiet-fern-1234"


def profile(user, **changes) -> dict:
    return {
        "display_name": user.display_name,
        "username": user.username,
        "headline": user.headline,
        "bio": user.bio,
        "timezone": user.timezone,
        **changes,
    }


def test_a_person_chooses_their_handle_and_the_old_address_stops_working(client, mentee):
    old = mentee.username
    client.force_login(mentee)
    response = client.post(reverse("profile_edit"), profile(mentee, username=" Sam-Lee "))
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.username == "sam-lee"
    assert client.get(reverse("public_profile", args=["sam-lee"])).status_code == 200
    assert client.get(reverse("public_profile", args=[old])).status_code == 404


def test_an_empty_handle_keeps_the_current_one(client, mentee):
    old = mentee.username
    client.force_login(mentee)
    response = client.post(reverse("profile_edit"), profile(mentee, username=""))
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.username == old


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ab", "Use 3 to 30 characters."),
        ("x" * 31, "at most 30 characters"),
        ("sam lee", "Use lowercase letters, digits and single hyphens"),
        ("sam--lee", "Use lowercase letters, digits and single hyphens"),
        ("-sam", "Use lowercase letters, digits and single hyphens"),
        ("sam.lee", "Use lowercase letters, digits and single hyphens"),
        ("séverine", "Use lowercase letters, digits and single hyphens"),
        ("admin", "“admin” is reserved for the site."),
        ("Settings", "“settings” is reserved for the site."),
        ("former-abc", "is reserved for the site."),
        ("TAKEN-one", "Someone already has this address."),
    ],
)
def test_it_refuses_a_bad_handle_with_a_clear_message(client, mentee, typed, message):
    UserFactory(username="taken-one")
    old = mentee.username
    client.force_login(mentee)
    response = client.post(reverse("profile_edit"), profile(mentee, username=typed))
    assert response.status_code == 200
    assert message in response.content.decode()
    mentee.refresh_from_db()
    assert mentee.username == old


def test_the_profile_shows_the_public_address(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("profile_edit")).content.decode()
    assert "Public address" in page
    assert f'value="{mentee.username}"' in page


def test_a_handle_taken_at_the_same_moment_is_a_conflict(mentee):
    from accounts import services
    from menteo.errors import Conflict

    UserFactory(username="sam-lee")
    with pytest.raises(Conflict):
        services.profile_update(
            user=mentee, display_name="Sam", headline="", bio="", timezone="UTC", username="sam-lee"
        )


def test_the_migration_replaces_handles_made_from_the_email():
    made = [
        UserFactory(email="riley.journey@example.com", username="riley.journey"),
        UserFactory(email="Sam@example.com", username="sam2"),
    ]
    kept = [
        UserFactory(email="ada@example.com", username="countess"),
        UserFactory(email="lee@example.com", username="sam-lee"),
    ]
    migration = importlib.import_module("accounts.migrations.0002_random_handles")
    migration.replace_email_handles(apps, None)
    for user in made:
        before = user.username
        user.refresh_from_db()
        assert RANDOM.fullmatch(user.username) and user.username != before
    for user in kept:
        before = user.username
        user.refresh_from_db()
        assert user.username == before


def test_derives_from_email():
    assert derives_from_email("riley.journey", "riley.journey@example.com")
    assert derives_from_email("Riley.Journey3", "riley.journey@example.com")
    assert not derives_from_email("riley-j", "riley.journey@example.com")
    assert not derives_from_email("quiet-fern-1234", "riley@example.com")


def test_a_random_handle_avoids_taken_ones():
    seen: set[str] = set()
    for _ in range(50):
        name = unique_random_username(lambda candidate: candidate in seen)
        assert name not in seen
        seen.add(name)
