"""Account protections: allauth's rate limits, the admin behind allauth, sessions that end
when the password changes, two-factor sign-in, and the links to all of it."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_LIMIT = "Too many failed login attempts. Try again later."


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_limits_repeated_failed_logins_for_one_account(client):
    person = UserFactory()
    for _ in range(5):
        response = login(client, person.email, "wrong-password")
        assert LOGIN_LIMIT not in response.content.decode()
    response = login(client, person.email, "wrong-password")
    assert LOGIN_LIMIT in response.content.decode()
    # Even the right password is refused until the window passes.
    response = login(client, person.email, PASSWORD)
    assert LOGIN_LIMIT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_limits_password_reset_emails_for_one_address(client):
    person = UserFactory()
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": person.email}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert len(mail.outbox) == 5


def test_it_limits_sign_ups_from_one_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    url = reverse("account_signup")
    statuses = [
        client.post(
            url,
            {
                "display_name": "Spam",
                "email": f"spam{n}@example.com",
                "password1": "a-long-password-1",
                "password2": "a-long-password-1",
            },
        ).status_code
        for n in range(3)
    ]
    assert statuses[2] == 429


def test_the_rate_limit_page_is_ours(client):
    person = UserFactory()
    url = reverse("account_reset_password")
    for _ in range(6):
        response = client.post(url, {"email": person.email})
    assert response.status_code == 429
    assert "That was a lot, in a short time" in response.content.decode()


def test_the_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_admin_refuses_a_signed_in_person_who_is_not_staff(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302  # to the (guarded) login


def test_staff_reach_the_admin_after_an_allauth_login(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert login(client, staff.email, PASSWORD).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_changing_the_password_ends_every_other_session(client):
    person = UserFactory()
    elsewhere = Client()
    assert login(elsewhere, person.email, PASSWORD).status_code == 302
    assert login(client, person.email, PASSWORD).status_code == 302
    assert UserSession.objects.filter(user=person).count() == 2

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-long-password",
            "password2": "a-new-long-password",
        },
    )
    assert response.status_code == 302

    assert client.get(reverse("home")).context["user"] == person  # this one stays
    assert not elsewhere.get(reverse("home")).context["user"].is_authenticated
    listed = client.get(reverse("usersessions_list")).context["sessions"]
    assert len(listed) == 1


def test_the_sessions_page_ends_the_other_sessions(client):
    person = UserFactory()
    elsewhere = Client()
    login(elsewhere, person.email, PASSWORD)
    login(client, person.email, PASSWORD)
    response = client.get(reverse("usersessions_list"))
    assert len(response.context["sessions"]) == 2
    client.post(reverse("usersessions_list"))
    assert not elsewhere.get(reverse("home")).context["user"].is_authenticated
    assert client.get(reverse("home")).context["user"] == person


def test_with_two_factor_on_a_password_alone_does_not_sign_in(client):
    person = UserFactory()
    secret = "JBSWY3DPEHPK3PXP"
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": _encrypted(secret)}
    )
    response = login(client, person.email, PASSWORD)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def _encrypted(secret: str) -> str:
    from allauth.mfa.adapter import get_adapter

    return get_adapter().encrypt(secret)


def test_the_settings_pages_link_to_two_factor_and_sessions(client):
    client.force_login(UserFactory())
    html = client.get(reverse("profile_edit")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in html
    assert f'href="{reverse("usersessions_list")}"' in html
    assert f'href="{reverse("account_change_password")}"' in html


def test_signing_in_greets_the_person_by_their_display_name(client):
    person = UserFactory(display_name="Sam Rivera")
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "Successfully signed in as Sam Rivera." in page
    assert person.username not in page
