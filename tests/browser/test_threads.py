"""Growth threads in a real browser: writing with the live preview, the public side logged out,
the mentor's feedback; and the same without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import UserFactory, make_mentorship, make_post
from threads.models import Comment, Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mentorship():
    mentor = UserFactory(display_name="Maya Okafor", headline="VP Engineering")
    mentee = UserFactory(display_name="Sam Lee", username="samlee", headline="Senior engineer")
    return make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")


def write_post(page, *, title, body, kind, visibility):
    page.get_by_label("Title").fill(title)
    page.get_by_label("What happened").fill(body)
    page.get_by_role("group", name="What kind of entry is it?").get_by_label(kind).check()
    page.get_by_role("group", name="Who can read it?").get_by_label(visibility).check()


def test_a_mentee_posts_in_public_and_in_private_and_the_mentor_gives_feedback(
    page, new_page, live_server, mentorship
):
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + mentorship.get_absolute_url())
    screenshot(page, "threads-mentorship-page-empty")
    page.get_by_role("link", name="Write a post").first.click()

    write_post(
        page,
        title="Running the retro for the first time",
        body="I used a **silent writing** phase first.\n\n- the quiet people wrote most",
        kind="Experiment",
        visibility="Public",
    )
    # The live preview renders the Markdown as it is typed (htmx).
    expect(page.locator("#post-preview strong")).to_have_text("silent writing")
    screenshot(page, "threads-write-with-preview")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is posted (Public")).to_be_visible()
    expect(page.get_by_role("heading", name="Running the retro for the first time")).to_be_visible()

    page.goto(live_server.url + f"/mentorships/{mentorship.pk}/thread/new/")
    write_post(
        page,
        title="Do I actually want this?",
        body="Honest note to myself.",
        kind="Reflection",
        visibility="Private",
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is posted (Private")).to_be_visible()

    page.goto(live_server.url + f"/mentorships/{mentorship.pk}/thread/new/")
    write_post(
        page,
        title="The 1:1 that went sideways",
        body="I turned it into a status update.",
        kind="Failure",
        visibility="Mentorship",
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is posted (Mentorship")).to_be_visible()

    # Logged out: only the public post, on the public page and in the feed.
    visitor = new_page()
    visitor.goto(live_server.url + "/u/samlee/")
    expect(visitor.get_by_role("heading", name="Sam Lee")).to_be_visible()
    expect(visitor.get_by_text("Running the retro for the first time")).to_be_visible()
    expect(visitor.get_by_text("Do I actually want this?")).to_have_count(0)
    expect(visitor.get_by_text("The 1:1 that went sideways")).to_have_count(0)
    screenshot(visitor, "threads-public-page")
    visitor.goto(live_server.url + "/threads/")
    expect(visitor.get_by_text("Running the retro for the first time")).to_be_visible()
    expect(visitor.get_by_text("Do I actually want this?")).to_have_count(0)
    expect(visitor.get_by_text("The 1:1 that went sideways")).to_have_count(0)
    visitor.get_by_label("Kind").select_option("failure")  # htmx swaps the results
    expect(visitor.get_by_text("No public posts match.")).to_be_visible()
    visitor.get_by_label("Kind").select_option("experiment")
    expect(visitor.get_by_text("Running the retro for the first time")).to_be_visible()
    screenshot(visitor, "threads-public-feed")

    # The mentor comments on the mentorship post; htmx adds the comment in place.
    mentor_page = new_page()
    log_in(mentor_page, live_server, mentorship.mentor.email)
    mentor_page.goto(live_server.url + mentorship.get_absolute_url())
    expect(mentor_page.get_by_text("Do I actually want this?")).to_have_count(0)
    screenshot(mentor_page, "threads-mentorship-panel-mentor")
    mentor_page.get_by_role("link", name="Open the thread").click()
    expect(mentor_page.get_by_text("Do I actually want this?")).to_have_count(0)
    post = Post.objects.get(title="The 1:1 that went sideways")
    article = mentor_page.locator(f"#post-{post.pk}")
    expect(article.get_by_label("Your feedback")).to_be_hidden()  # a button, not a box per post
    article.locator("summary", has_text="Comment").click()
    article.get_by_label("Your feedback").fill("Try writing *three open questions* first.")
    article.get_by_role("button", name="Post feedback").click()
    expect(article.locator(".comment em")).to_have_text("three open questions")
    expect(article.get_by_label("Your feedback")).to_be_hidden()  # closed again after posting
    assert Comment.objects.get().author == mentorship.mentor
    screenshot(mentor_page, "threads-thread-mentor-feedback")

    page.goto(live_server.url + post.get_absolute_url())
    expect(page.get_by_text("three open questions")).to_be_visible()
    screenshot(page, "threads-post-with-feedback")
    page.goto(live_server.url + "/")
    expect(page.locator(".thread-summary")).to_contain_text("2 in 8 weeks")
    screenshot(page, "threads-dashboard")


def test_writing_previewing_and_commenting_work_without_javascript(
    new_page, live_server, mentorship
):
    page = new_page(java_script_enabled=False)
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + f"/mentorships/{mentorship.pk}/thread/new/")
    write_post(
        page,
        title="Delegating the release checklist",
        body="It took her *twice as long*.",
        kind="Experiment",
        visibility="Mentorship",
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#post-preview em")).to_have_text("twice as long")
    expect(page.get_by_label("Title")).to_have_value("Delegating the release checklist")
    screenshot(page, "threads-preview-no-js")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Saved as a draft")).to_be_visible()
    page.get_by_role("link", name="Edit").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is posted (Mentorship")).to_be_visible()
    page.get_by_label("Add a note").fill("Next time: a checklist owner.")
    page.get_by_role("button", name="Post note").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(page.get_by_text("Next time: a checklist owner.")).to_be_visible()

    mentor = new_page(java_script_enabled=False)
    log_in(mentor, live_server, mentorship.mentor.email)
    mentor.goto(live_server.url + Post.objects.get().get_absolute_url())
    mentor.get_by_label("Your feedback").fill("")
    mentor.get_by_role("button", name="Post feedback").click()  # empty: the browser refuses
    mentor.get_by_label("Your feedback").fill("Good call.")
    mentor.get_by_role("button", name="Post feedback").click()
    expect(mentor.get_by_text("Good call.")).to_be_visible()
    screenshot(mentor, "threads-post-feedback-no-js")


def test_the_journey_record_prints_cleanly(new_page, live_server):
    mentorship = make_mentorship(stage="separation")
    make_post(mentorship=mentorship, title="My first spec", visibility="public")
    make_post(mentorship=mentorship, title="A private doubt", visibility="private")
    page = new_page(java_script_enabled=False)
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + f"/mentorships/{mentorship.pk}/journey/")
    page.get_by_label("My first spec").check()
    page.get_by_role("button", name="Save the selection").click()
    expect(page.get_by_text("The journey record includes 1 post.")).to_be_visible()
    expect(page.get_by_role("heading", name="My first spec")).to_be_visible()
    screenshot(page, "threads-journey-record")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Save the selection")).to_be_hidden()
    screenshot(page, "threads-journey-record-print")
