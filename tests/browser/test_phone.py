"""Issue 17, the phone: a compact navigation behind a menu button that works without
JavaScript, and a room whose message box is in reach on a 390 x 844 screen."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.factories import PASSWORD, UserFactory, bulk_messages, make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=False, caret="initial")


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


@pytest.fixture
def pair(db):
    mentor = UserFactory(display_name="Maya Okafor", email="maya@example.com")
    mentee = UserFactory(display_name="Sam Rivera", email="sam@example.com")
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    bulk_messages(mentorship, 40, authors=[mentor, mentee])
    return mentorship


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_phone_navigation_is_one_line_behind_a_menu_button(
    browser, live_server, pair, watch_page, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = watch_page(context.new_page())
        log_in(page, live_server, pair.mentee)
        header = page.locator(".site-header")
        assert header.bounding_box()["height"] < 70  # one line, not a quarter of the screen
        links = page.get_by_role("navigation", name="Main")
        expect(links.get_by_role("link", name="Find a mentor")).to_be_hidden()
        screenshot(page, f"phone-nav-closed-{'js' if javascript else 'nojs'}")

        page.locator("summary", has_text="Menu").click()
        expect(links.get_by_role("link", name="Find a mentor")).to_be_visible()
        expect(links.get_by_role("button", name="Log out")).to_be_visible()
        screenshot(page, f"phone-nav-open-{'js' if javascript else 'nojs'}")
        links.get_by_role("link", name="Find a mentor").click()
        expect(page).to_have_url(live_server.url + reverse("mentor_directory"))
        expect(links.get_by_role("link", name="Find a mentor")).to_be_hidden()
    finally:
        context.close()


def test_the_desktop_navigation_shows_every_link_and_no_menu_button(
    browser, live_server, pair, watch_page
):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = watch_page(context.new_page())
        log_in(page, live_server, pair.mentee)
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.locator("summary", has_text="Menu")).to_be_hidden()
        for name in ("Dashboard", "Find a mentor", "Growth threads", "Notifications"):
            expect(nav.get_by_role("link", name=name)).to_be_visible()
        expect(nav.get_by_role("button", name="Log out")).to_be_visible()
        assert page.locator(".site-header").bounding_box()["height"] < 70
        screenshot(page, "desktop-nav")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_room_message_box_is_in_reach_on_a_phone(
    browser, live_server, pair, watch_page, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = watch_page(context.new_page())
        log_in(page, live_server, pair.mentee)
        page.goto(live_server.url + reverse("room_detail", args=[pair.pk]))
        screenshot(page, f"phone-room-{'js' if javascript else 'nojs'}")
        box = page.get_by_role("textbox", name="Message")
        send = page.get_by_role("button", name="Send")
        assert in_viewport(page, box), box.bounding_box()
        assert in_viewport(page, send), send.bounding_box()
        # the newest message shows too, not hidden behind the box
        newest = page.locator("article.message").last
        assert in_viewport(page, newest), newest.bounding_box()
    finally:
        context.close()


README_DIR = os.environ.get("README_SCREENSHOTS")


@pytest.mark.skipif(not README_DIR, reason="bash bin/screenshots saves the README's pictures")
def test_readme_phone_screenshots(new_page, live_server):
    """The README's phone pictures, on the demo data: the menu open, and a room."""
    from menteo import demo
    from menteo.demo import DEMO_PASSWORD
    from mentorships.models import Mentorship

    people = demo.seed()
    page = new_page(viewport=PHONE, locale="en-GB")
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(people["sam"].email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.locator("summary", has_text="Menu").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Dashboard")).to_be_visible()
    page.screenshot(path=os.path.join(README_DIR, "phone-menu.png"))
    mentorship = Mentorship.objects.get(mentor=people["maya"], mentee=people["sam"], ended_at=None)
    page.goto(live_server.url + reverse("room_detail", args=[mentorship.pk]))
    page.wait_for_load_state("networkidle")
    page.screenshot(path=os.path.join(README_DIR, "phone-room.png"))
