"""Issue 17, words and small steps in the browser: the room's hint only with JavaScript,
a confirmation before deleting (a dialog with JavaScript, a page without), no "Searching…"
without JavaScript, device names in the sessions list, and the admin home's insights link."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.factories import PASSWORD, UserFactory, make_mentorship, make_post, post_message
from threads.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True, caret="initial")


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
    post_message(mentorship, mentor, "Welcome to our room!")
    post_message(mentorship, mentee, "A message I regret")
    return mentorship


def open_context(browser, watch_page, javascript, **kwargs):
    context = browser.new_context(java_script_enabled=javascript, **kwargs)
    return context, watch_page(context.new_page())


def test_with_javascript_the_room_says_enter_sends_and_a_dialog_confirms_a_delete(
    browser, live_server, pair, watch_page
):
    context, page = open_context(browser, watch_page, True, viewport=PHONE)
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))  # watch_page accepts it
    try:
        log_in(page, live_server, pair.mentee)
        page.goto(live_server.url + reverse("room_detail", args=[pair.pk]))
        expect(page.get_by_text("Enter sends, Shift+Enter starts a new line.")).to_be_visible()
        mine = page.locator("article.message.is-mine").filter(has_text="A message I regret")
        mine.get_by_role("button", name="Delete").click()
        expect(page.locator("article.message.is-mine").last).to_contain_text("Message deleted")
        assert asked == ["Delete this message?"]
        expect(page).to_have_url(re.compile(r"/room/$"))  # in place, no page of its own
        screenshot(page, "words-room-deleted-js")
    finally:
        context.close()


def test_without_javascript_the_room_has_no_enter_hint_and_a_page_confirms_a_delete(
    browser, live_server, pair, watch_page
):
    context, page = open_context(browser, watch_page, False, viewport=PHONE)
    try:
        log_in(page, live_server, pair.mentee)
        page.goto(live_server.url + reverse("room_detail", args=[pair.pk]))
        expect(page.get_by_text("Markdown works")).to_be_visible()
        expect(page.get_by_text("Enter sends")).to_be_hidden()
        mine = page.locator("article.message.is-mine").filter(has_text="A message I regret")
        mine.get_by_role("button", name="Delete").click()
        expect(page.get_by_role("heading", name="Delete this message?")).to_be_visible()
        screenshot(page, "words-confirm-delete-nojs-phone")
        page.get_by_role("link", name="Cancel, keep it").click()
        expect(mine).to_contain_text("A message I regret")

        mine.get_by_role("button", name="Delete").click()
        page.get_by_role("button", name="Delete message").click()
        expect(page.get_by_text("Your message is deleted.")).to_be_visible()
        expect(page.locator("article.message.is-mine").last).to_contain_text("Message deleted")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_deleting_a_post_asks_first(browser, live_server, pair, watch_page, javascript):
    post = make_post(mentorship=pair, title="An experiment to forget")
    context, page = open_context(browser, watch_page, javascript)
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))
    try:
        log_in(page, live_server, pair.mentee)
        page.goto(live_server.url + reverse("post_edit", args=[post.pk]))
        page.get_by_role("button", name="Delete this post").click()
        if javascript:
            assert asked == ["Delete this post and its comments for good?"]
        else:
            expect(
                page.get_by_role("heading", name="Delete “An experiment to forget”?")
            ).to_be_visible()
            screenshot(page, "words-confirm-delete-post-nojs")
            page.get_by_role("button", name="Delete this post").click()
        expect(page.get_by_text("“An experiment to forget” is deleted.")).to_be_visible()
        assert not Post.objects.filter(pk=post.pk).exists()
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_directory_shows_no_searching_indicator_at_rest(
    browser, live_server, pair, watch_page, javascript
):
    context, page = open_context(browser, watch_page, javascript)
    try:
        log_in(page, live_server, pair.mentee)
        page.goto(live_server.url + reverse("mentor_directory"))
        expect(page.get_by_role("button", name="Search")).to_be_visible()
        expect(page.get_by_text("Searching…")).to_be_hidden()
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text("Searching…")).to_be_hidden()
        screenshot(page, f"words-directory-{'js' if javascript else 'nojs'}")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_thread_shows_a_comment_button_under_each_post(
    browser, live_server, pair, watch_page, javascript
):
    make_post(mentorship=pair, title="First try")
    make_post(mentorship=pair, title="Second try")
    context, page = open_context(browser, watch_page, javascript, viewport=PHONE)
    try:
        log_in(page, live_server, pair.mentor)
        page.goto(live_server.url + reverse("mentorship_thread", args=[pair.pk]))
        expect(page.locator("summary", has_text="Comment")).to_have_count(2)
        expect(page.get_by_label("Your feedback")).to_have_count(2)
        for box in page.get_by_label("Your feedback").all():
            expect(box).to_be_hidden()
        screenshot(page, f"words-thread-comment-buttons-{'js' if javascript else 'nojs'}")
        page.locator("summary", has_text="Comment").first.click()
        expect(page.get_by_label("Your feedback").first).to_be_visible()
        expect(page.get_by_label("Your feedback").last).to_be_hidden()
        page.get_by_label("Your feedback").first.fill("Good start.")
        page.get_by_role("button", name="Post feedback").first.click()
        expect(page.get_by_text("Good start.")).to_be_visible()
    finally:
        context.close()


def test_the_sessions_list_names_the_browser(browser, live_server, pair, watch_page):
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    )
    context, page = open_context(browser, watch_page, True, viewport=PHONE, user_agent=iphone)
    try:
        log_in(page, live_server, pair.mentee)
        page.goto(live_server.url + reverse("usersessions_list"))
        expect(page.get_by_role("cell", name="Mobile Safari 17 on Apple iPhone")).to_be_visible()
        expect(page.get_by_text("AppleWebKit")).to_have_count(0)
        screenshot(page, "words-sessions-phone")
    finally:
        context.close()


def test_the_admin_home_links_the_program_insights(browser, live_server, pair, watch_page):
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    context, page = open_context(browser, watch_page, True)
    try:
        log_in(page, live_server, admin)
        page.goto(live_server.url + reverse("admin:index"))
        page.get_by_role("link", name="Program insights").click()
        expect(page.get_by_role("heading", name="Program insights")).to_be_visible()
        screenshot(page, "words-admin-insights")
    finally:
        context.close()
