"""Every kind of email, rendered in a real browser: it names the mentorship, its button goes to
the page that resolves it, and it unsubscribes in one click."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from notifications.models import Kind
from notifications.services import build_email
from tests.browser.conftest import screenshot
from tests.factories import NotificationFactory, make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("kind", Kind.values)
def test_the_email_reads_well(page, live_server, settings, kind):
    settings.SITE_URL = "https://menteo.example.com"
    mentorship = make_mentorship(stage="cultivation")
    notification = NotificationFactory(
        recipient=mentorship.mentee,
        kind=kind,
        mentorship=mentorship,
        subject=f"About {mentorship.focus}",
        body="Here is what is due, and why it matters.",
        action_label="Open the mentorship",
        action_path=mentorship.get_absolute_url(),
        occasion=f"meeting:{mentorship.pk}:0" if kind == Kind.MEETING_INVITE else "sample",
    )
    email = build_email(notification)
    html = email.alternatives[0][0]
    page.set_content(html)
    button = page.get_by_role("link", name="Open the mentorship")
    expect(button).to_be_visible()
    expect(button).to_have_attribute(
        "href", "https://menteo.example.com" + mentorship.get_absolute_url()
    )
    expect(page.get_by_text("Here is what is due, and why it matters.")).to_be_visible()
    unsubscribe = page.get_by_role("link", name="Stop these emails")
    expect(unsubscribe).to_have_attribute("href", email.extra_headers["List-Unsubscribe"][1:-1])
    assert "Open the mentorship" in email.body  # the plain-text part says the same
    screenshot(page, f"email-{kind}")


def test_the_sign_up_email_is_ours_and_its_button_goes_to_site_url(page, live_server, settings):
    """The person signs up through one host name; the email's button goes to SITE_URL (here
    the same server under its other name), and confirms there."""
    port = urlsplit(live_server.url).port
    assert urlsplit(live_server.url).hostname != "127.0.0.1"
    settings.SITE_URL = f"http://127.0.0.1:{port}"
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Your name").fill("Jürgen Müller")
    page.get_by_label("Email").fill("juergen@example.com")
    page.get_by_label("Password", exact=True).fill("analytical-engine-1843")
    page.get_by_label("Password (again)").fill("analytical-engine-1843")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    [email] = mail.outbox
    assert email.subject == "[Menteo] Confirm your email address to get started"
    # The email opens in its own tab, as a mail client shows it: not under the site's CSP.
    inbox = page.context.new_page()
    inbox.set_content(email.alternatives[0][0])
    expect(inbox.get_by_role("heading", name="Welcome to Menteo")).to_be_visible()
    expect(inbox.get_by_text("Hi Jürgen Müller,")).to_be_visible()
    button = inbox.get_by_role("link", name="Confirm and start")
    expect(button).to_have_attribute(
        "href", re.compile(rf"^http://127\.0\.0\.1:{port}/accounts/confirm-email/")
    )
    screenshot(inbox, "email-account-confirmation")
    button.click()
    expect(inbox).to_have_url(re.compile(rf"^http://127\.0\.0\.1:{port}/accounts/confirm-email/"))
    inbox.get_by_role("button", name="Confirm").click()
    expect(inbox.get_by_text("You have confirmed juergen@example.com.")).to_be_visible()
    screenshot(inbox, "email-account-confirmed")
