"""Two people in one room, each in their own browser: what one sends, the other sees arrive."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.factories import PASSWORD, UserFactory, bulk_messages, make_mentorship, post_message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page, name: str) -> None:
    """Like conftest.screenshot, with caret="initial": Playwright hides the caret by injecting a
    <style> element, which our CSP blocks (a console error) when a text field has focus."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True, caret="initial")


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture
def pair(db):
    mentor = UserFactory(display_name="Maya Okafor", email="maya@example.com")
    mentee = UserFactory(display_name="Sam Rivera", email="sam@example.com")
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    post_message(mentorship, mentor, "Welcome to our room! Ask anything between calls.")
    return mentorship


def test_a_message_from_one_person_appears_for_the_other_without_reload(
    page, new_page, live_server, pair, watch_page
):
    watch_page.allow("status of 400 (Bad Request)")  # a message too long, on purpose
    mentor, mentee = pair.mentor, pair.mentee
    room_url = live_server.url + reverse("room_detail", args=[pair.pk])

    log_in(page, live_server, mentee)
    expect(page.get_by_text("1 unread message")).to_be_visible()
    screenshot(page, "rooms-dashboard-unread")
    page.goto(room_url)
    expect(page.get_by_role("heading", name="Room with Maya Okafor")).to_be_visible()

    maya = new_page()
    log_in(maya, live_server, mentor)
    maya.goto(room_url)
    expect(maya.get_by_role("heading", name="Room with Sam Rivera")).to_be_visible()

    composer = page.get_by_role("textbox", name="Message")
    composer.fill("Quick one: how do I say no to a **third** project?")
    composer.press("Shift+Enter")
    composer.press_sequentially("Without sounding lazy.")
    composer.press("Enter")
    mine = page.locator("article.message.is-mine").last
    expect(mine).to_contain_text("how do I say no to a third project?")
    expect(mine.locator(".message-body strong")).to_have_text("third")
    expect(composer).to_have_value("")  # the composer cleared itself

    arrived = maya.locator("article.message", has_text="how do I say no")
    expect(arrived).to_be_visible(timeout=5_000)  # by polling, no reload
    expect(arrived).to_contain_text("Without sounding lazy.")
    assert maya.evaluate("performance.getEntriesByType('navigation').length") == 1

    maya.get_by_role("textbox", name="Message").fill(
        "Say what you'd drop to take it on:\n\n- the migration\n- the hiring loop"
    )
    maya.get_by_role("button", name="Send").click()
    reply = page.locator("article.message", has_text="Say what you'd drop")
    expect(reply).to_be_visible(timeout=5_000)
    expect(reply.locator("li")).to_have_count(2)
    screenshot(page, "rooms-mentee-conversation")
    screenshot(maya, "rooms-mentor-conversation")

    # Too long (past the textarea's own limit): the error shows and the text stays.
    composer.evaluate("field => field.removeAttribute('maxlength')")
    composer.fill("y" * 5001)
    composer.press("Enter")
    expect(page.get_by_text("A message can be at most 5000 characters").first).to_be_visible()
    expect(page.get_by_role("textbox", name="Message")).to_have_value("y" * 5001)
    screenshot(page, "rooms-error")
    page.get_by_role("textbox", name="Message").fill("")

    # Edit and delete reach the other person on their next poll.
    mine.get_by_role("link", name="Edit").click()
    editor = page.locator("form.message-editing textarea")
    editor.fill("How do I say no to a **third** project, kindly?")
    screenshot(page, "rooms-editing")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("article.message.is-mine").last).to_contain_text("kindly?")
    expect(maya.locator("article.message", has_text="kindly?")).to_contain_text(
        "edited", timeout=5_000
    )

    first = maya.locator("article.message.is-mine").first
    first.get_by_role("button", name="Delete").click()
    expect(first).to_contain_text("Message deleted")
    expect(page.get_by_text("Message deleted")).to_be_visible(timeout=5_000)
    expect(page.get_by_text("Welcome to our room!")).to_have_count(0)


def test_the_room_works_without_javascript(browser, live_server, pair, watch_page):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = watch_page(context.new_page())
        bulk_messages(pair, 60, authors=[pair.mentor])
        log_in(page, live_server, pair.mentee)
        page.goto(live_server.url + reverse("mentorship_detail", args=[pair.pk]))
        expect(page.get_by_text("61 unread messages")).to_be_visible()
        screenshot(page, "rooms-panel")
        page.get_by_role("link", name="Open the room").click()
        expect(page.get_by_role("separator").filter(has_text="New")).to_have_count(1)
        screenshot(page, "rooms-nojs-room")
        page.get_by_role("button", name="Mark as read").click()
        expect(page.get_by_role("separator").filter(has_text="New")).to_have_count(0)

        page.get_by_role("textbox", name="Message").fill("Posted with *no* JavaScript at all")
        page.get_by_role("button", name="Send").click()
        expect(page).to_have_url(re.compile(r"/room/#message-\d+$"))
        expect(page.locator("article.message.is-mine").last).to_contain_text(
            "Posted with no JavaScript at all"
        )
        page.get_by_role("link", name="Load earlier messages").click()
        expect(page.get_by_text("Message number 0", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Back to the latest messages")).to_be_visible()

        page.goto(live_server.url + reverse("room_search", args=[pair.pk]) + "?q=welcome")
        expect(page.get_by_text("1 message matching")).to_be_visible()
        screenshot(page, "rooms-search")
    finally:
        context.close()
