"""allauth's emails in Menteo's words, with every link from SITE_URL, whatever host name the
request came through (a sign-up through an internal address must not mail a link to it)."""

import re
from email import message_from_bytes

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SITE = "https://menteo.example.com"
INTERNAL = "menteo-web.internal"


@pytest.fixture(autouse=True)
def two_host_names(settings):
    """The public address, and an internal host name the app also answers to."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["menteo.example.com", INTERNAL]


@pytest.fixture
def internal_client(client):
    client.defaults["HTTP_HOST"] = INTERNAL
    return client


def links(message) -> list[str]:
    """Every address in the text and in the HTML part."""
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    found = re.findall(r"https?://[^\s\"<]+", message.body + html)
    assert found, message.body
    return found


def assert_branded(message, *, subject: str) -> None:
    assert message.subject == f"[Menteo] {subject}"
    text = message.body + message.alternatives[0][0]
    assert "Hello from" not in text and "Thank you for using" not in text
    assert INTERNAL not in text and "example.com!" not in text
    assert "Menteo" in message.body
    assert all(link.startswith(SITE + "/") or link == SITE for link in links(message)), links(
        message
    )
    parsed = message_from_bytes(message.message().as_bytes())
    assert parsed["Message-ID"].endswith("@menteo.example.com>")
    assert parsed["Auto-Submitted"] == "auto-generated"


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_the_sign_up_confirmation_is_ours_and_links_to_site_url(internal_client):
    response = internal_client.post(
        reverse("account_signup"),
        {
            "display_name": "Ada Lovelace",
            "email": "ada@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert_branded(message, subject="Confirm your email address to get started")
    assert message.body.startswith("Hi Ada Lovelace,")
    assert "Welcome to Menteo" in message.alternatives[0][0]
    [link] = {link for link in links(message) if "/confirm-email/" in link}
    # and the link works, through either host name
    assert internal_client.post(path_of(link)).status_code == 302
    assert internal_client.get(reverse("home")).context["user"].email == "ada@example.com"


def test_confirming_an_added_address_is_ours_too(internal_client, mentee):
    internal_client.force_login(mentee)
    response = internal_client.post(
        reverse("account_email"), {"action_add": "", "email": "sam.work@example.com"}
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["sam.work@example.com"]
    assert_branded(message, subject="Confirm your email address")
    assert "Please confirm that sam.work@example.com is yours" in message.body
    assert any("/accounts/confirm-email/" in link for link in links(message))


def test_the_password_reset_is_ours_and_its_link_resets(internal_client, mentee):
    internal_client.post(reverse("account_reset_password"), {"email": mentee.email})
    [message] = mail.outbox
    assert_branded(message, subject="Choose a new password")
    assert message.body.startswith(f"Hi {mentee.name},")
    [link] = {link for link in links(message) if "/password/reset/key/" in link}
    response = internal_client.get(path_of(link), follow=True)
    assert response.status_code == 200
    assert "password1" in response.content.decode()


def test_a_sign_up_with_a_taken_address_warns_the_owner_in_our_words(internal_client, mentee):
    internal_client.post(
        reverse("account_signup"),
        {"display_name": "X", "email": mentee.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    [message] = mail.outbox
    assert_branded(message, subject="You already have an account")
    assert SITE + reverse("account_reset_password") in message.body


def test_a_reset_for_an_unknown_address_says_so_in_our_words(internal_client):
    internal_client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    [message] = mail.outbox
    assert message.to == ["nobody@example.com"]
    assert_branded(message, subject="No account uses this address")
    assert SITE + reverse("account_signup") in message.body
