"""Finding a mentor in a real browser: a new mentee gets suggestions on the dashboard, each
saying why, opens one and sends a request; the directory forgives a typo, live with htmx."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import MentorProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mentors(db):
    return [
        MentorProfileFactory(
            user=UserFactory(display_name=name, headline=headline, timezone=tz),
            expertise=tags,
        ).user
        for name, headline, tz, tags in [
            ("Maya Okafor", "VP Engineering", "Europe/Berlin", ["Engineering management"]),
            ("Daniel Brandt", "Two-time founder", "Asia/Tokyo", ["Fundraising", "MVP"]),
            ("Priya Raman", "Director of Product", "America/New_York", ["Product leadership"]),
        ]
    ]


def test_a_new_mentee_gets_suggestions_opens_one_and_sends_a_request(page, live_server, mentors):
    sam = UserFactory(
        display_name="Sam Lee",
        headline="Senior backend engineer, aiming for engineering manager",
        timezone="Europe/London",
    )
    log_in(page, live_server, sam.email)

    suggestions = page.get_by_role("region", name="Mentors for you")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("listitem").first).to_contain_text(
        re.compile(r"Maya Okafor.*Knows engineering management · 7 h overlap · 3 places free", re.S)
    )
    screenshot(page, "suggestions-dashboard")

    suggestions.get_by_role("link", name="Maya Okafor").click()
    expect(page.get_by_role("heading", name="Maya Okafor", level=1)).to_be_visible()
    page.get_by_label("What is it about?").select_option(label="First leadership role")
    page.get_by_label("Your focus").fill("Become an engineering manager")
    page.get_by_label("Message").fill("I was just asked to lead a team of four.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request is on its way to Maya Okafor.")).to_be_visible()

    # Back on the dashboard: the request is pending, and Maya is no longer suggested.
    expect(page.get_by_role("region", name="Your pending requests")).to_contain_text("Maya")
    expect(page.get_by_role("region", name="Mentors for you")).not_to_contain_text("Maya")
    screenshot(page, "suggestions-after-request")


def test_the_directory_forgives_a_typo_as_you_type(page, live_server, mentors):
    sam = UserFactory(display_name="Sam Lee", timezone="Europe/London")
    log_in(page, live_server, sam.email)
    page.get_by_role("link", name="Find a mentor").first.click()
    expect(page.get_by_role("region", name="Mentors for you")).to_be_visible()
    page.get_by_label("Search").fill("enginering manger")
    results = page.locator("#results")
    expect(results).to_contain_text("1 mentor for “enginering manger”")
    expect(results.get_by_role("link", name="Maya Okafor")).to_be_visible()
    screenshot(page, "directory-typo")
