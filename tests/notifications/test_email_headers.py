"""What mail systems read of a reminder: who made it (a program), its id, how to leave the
list in one click, and a subject they show whatever the language."""

from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import Client

from notifications import services
from notifications.models import EmailOptOut
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://menteo.example.com"
    settings.ALLOWED_HOSTS = ["menteo.example.com"]


def delivered():
    """The one pending notification, sent: the email and what a mail system parses of it."""
    assert services.deliver_pending() == 1
    [email] = mail.outbox
    return email, message_from_bytes(
        email.message().as_bytes(linesep="\r\n"), policy=policy.default
    )


def test_a_reminder_is_marked_automatic_with_an_id_of_its_own_on_the_sites_host():
    notification = NotificationFactory()
    email, parsed = delivered()
    assert parsed["Auto-Submitted"] == "auto-generated"
    # One id per notification, not per attempt: a resend is recognised as the same email.
    assert parsed["Message-ID"] == f"<notification.{notification.pk}@menteo.example.com>"
    assert email.message()["Message-ID"] == parsed["Message-ID"]


def test_unsubscribing_is_one_https_click_from_the_mail_system():
    notification = NotificationFactory()
    _, parsed = delivered()
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # (a long address folds after the colon, which RFC 5322 allows: the value is the same)
    unsubscribe = parsed["List-Unsubscribe"].strip()
    assert unsubscribe.startswith("<https://menteo.example.com/") and unsubscribe.endswith(">")
    # RFC 8058: the mail system POSTs this body, with no cookie and no CSRF token.
    path = unsubscribe[1:-1].removeprefix("https://menteo.example.com")
    response = Client(enforce_csrf_checks=True).post(
        path, {"List-Unsubscribe": "One-Click"}, secure=True, HTTP_HOST="menteo.example.com"
    )
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=notification.recipient, kind=notification.kind).exists()


def test_a_non_ascii_subject_reaches_the_mail_system_whole_on_its_line():
    subject = "Jürgen Müller-Lüdenscheidt hat das Treffen über „Führung im ersten Jahr“ verschoben"
    NotificationFactory(subject=subject)
    email, parsed = delivered()
    raw = email.message().as_bytes(linesep="\r\n")
    [start] = [line for line in raw.split(b"\r\n") if line.startswith(b"Subject:")]
    assert start.startswith(b"Subject: =?utf-8?")
    assert parsed["Subject"] == subject
