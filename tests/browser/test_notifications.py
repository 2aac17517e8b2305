"""Both people hear what concerns them: the bell, in two browsers side by side."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from notifications.services import deliver_pending
from tests.browser.conftest import log_in, screenshot
from tests.browser.test_journeys import accept_request, send_request
from tests.factories import MentorProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bell(page):
    return page.get_by_role("link", name=re.compile(r"^Notifications"))


def test_a_mentee_sees_the_acceptance_in_the_bell_and_the_mentor_the_request(
    page, new_page, live_server
):
    maya = MentorProfileFactory(user=UserFactory(display_name="Maya Okafor")).user
    sam = UserFactory(display_name="Sam Lee")

    log_in(page, live_server, sam.email)
    page.goto(f"{live_server.url}/mentors/{maya.username}/")
    send_request(page, "Maya Okafor", "Lead my first team well")
    expect(bell(page)).to_have_accessible_name("Notifications")  # nothing for Sam yet

    mentor_page = new_page()
    log_in(mentor_page, live_server, maya.email)
    expect(bell(mentor_page)).to_have_accessible_name("Notifications, 1 unread")
    bell(mentor_page).click()
    expect(mentor_page.get_by_text("Sam Lee asks you to be their mentor")).to_be_visible()
    accept_request(mentor_page, "Sam Lee")
    # Answered: the request no longer waits in the mentor's bell.
    expect(bell(mentor_page)).to_have_accessible_name("Notifications")

    page.reload()
    expect(bell(page)).to_have_accessible_name("Notifications, 1 unread")
    bell(page).click()
    notice = page.locator(".notification").filter(has_text="Maya Okafor accepted your request")
    expect(notice).to_contain_text("Maya Okafor will be your mentor for “Lead my first team well”")
    screenshot(page, "notifications-accepted")
    notice.get_by_role("button", name="Mark read").click()  # htmx: in place
    expect(notice.get_by_role("button", name="Mark read")).to_have_count(0)
    notice.get_by_role("link", name="Open the mentorship").click()
    expect(page.get_by_role("heading", name="Lead my first team well")).to_be_visible()

    # The email says the same, and never reaches the person who acted.
    deliver_pending()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [
            (maya.email, "Sam Lee asks you to be their mentor"),
            (sam.email, "Maya Okafor accepted your request"),
        ]
    )


def test_a_declined_mentee_reads_the_reason_in_the_bell(page, new_page, live_server):
    maya = MentorProfileFactory(user=UserFactory(display_name="Maya Okafor")).user
    sam = UserFactory(display_name="Sam Lee")
    log_in(page, live_server, sam.email)
    page.goto(f"{live_server.url}/mentors/{maya.username}/")
    send_request(page, "Maya Okafor", "Raise a seed round")

    mentor_page = new_page()
    log_in(mentor_page, live_server, maya.email)
    mentor_page.get_by_role("link", name="Dashboard", exact=True).click()
    mentor_page.get_by_role("link", name="Review request").click()
    mentor_page.get_by_text("Decline", exact=True).click()  # opens the <details>
    mentor_page.get_by_label(re.compile("reason", re.I)).fill("Fundraising is not my field.")
    mentor_page.get_by_role("button", name="Decline request").click()

    page.reload()
    bell(page).click()
    notice = page.locator(".notification").filter(has_text="Maya Okafor declined your request")
    expect(notice).to_contain_text("They wrote: “Fundraising is not my field.”")
    notice.get_by_role("link", name="Find another mentor").click()
    expect(page).to_have_url(re.compile(r"/mentors/$"))
