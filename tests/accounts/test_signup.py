import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def test_it_signs_up_verifies_email_and_logs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Ada Lovelace",
            "email": "ada@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="ada@example.com")
    assert user.display_name == "Ada Lovelace"
    assert user.username  # a handle is generated for the public page
    assert not EmailAddress.objects.get(user=user).verified

    # Mandatory verification: logging in before confirming is refused.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
    )
    assert response.url == reverse("account_email_verification_sent")

    assert len(mail.outbox) == 1  # allauth does not resend within its cooldown
    link = confirmation_link(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert b"ada@example.com" in response.content
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == user


def test_it_sends_one_welcome_email_after_confirmation(client, django_capture_on_commit_callbacks):
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Ada",
            "email": "ada@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    path = "/" + confirmation_link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(path)
    assert len(callbacks) == 1
    welcome = [m for m in mail.outbox if m.subject == "Welcome to Menteo"]
    assert len(welcome) == 1
    assert welcome[0].to == ["ada@example.com"]
    assert "Hi Ada" in welcome[0].body
    assert User.objects.get(email="ada@example.com").welcome_email_sent_at is not None


def test_a_sign_up_with_a_taken_email_reveals_nothing_and_warns_the_owner(client, mentee):
    # allauth's enumeration protection: the page looks the same as for a new address, and the
    # owner of the address gets an email instead of a second account being made.
    response = client.post(
        reverse("account_signup"),
        {"display_name": "X", "email": mentee.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email=mentee.email).count() == 1
    assert [m.to for m in mail.outbox] == [[mentee.email]]
    assert "already" in mail.outbox[0].body.lower()


def test_it_refuses_mismatched_passwords_with_a_message(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Ada",
            "email": "ada@example.com",
            "password1": PASSWORD,
            "password2": "other-words",
        },
    )
    assert response.status_code == 200
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.filter(email="ada@example.com").exists()


def test_it_resets_a_forgotten_password(client, mentee):
    response = client.post(reverse("account_reset_password"), {"email": mentee.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/]+(/accounts/password/reset/key/[^\s]+)", mail.outbox[0].body)
    assert match
    response = client.get(match.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"}
    )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.check_password("a-new-long-passphrase")


def test_it_logs_out_only_by_post(client, mentee):
    client.force_login(mentee)
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
