"""Every kind of email, rendered in a real browser: it names the mentorship, its button goes to
the page that resolves it, and it unsubscribes in one click."""

import pytest
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
