"""A pair picks a curated template, ticks milestones off and sees progress move: with
JavaScript (htmx swaps the roadmap in place) and without (plain forms and redirects)."""

import re

import pytest
from playwright.sync_api import expect

from roadmaps.curated import install_curated_templates
from roadmaps.models import MilestoneTemplate, RoadmapTemplate
from tests.browser import conftest
from tests.factories import PASSWORD, make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mentorship():
    install_curated_templates(RoadmapTemplate, MilestoneTemplate)  # flushed by earlier tests
    return make_mentorship(milestones=0)


def screenshot(page, name: str) -> None:
    """The shared helper, then remove the empty style="" that Chromium's screenshot leaves on
    form fields: htmx would copy it while settling the next swap, and our CSP (rightly)
    refuses inline styles, which fails the test on a console error no user ever sees."""
    conftest.screenshot(page, name)
    if conftest.SCREENSHOTS:
        page.evaluate(
            "document.querySelectorAll('[style=\"\"]').forEach(e => e.removeAttribute('style'))"
        )


def log_in(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name=user.name).first).to_be_visible()


def milestone(page, title):
    return page.locator("li.milestone").filter(has=page.get_by_role("heading", name=title))


def test_a_pair_follows_a_curated_roadmap_with_javascript(
    page, live_server, mentorship, new_page, watch_page
):
    watch_page.allow("status of 400 (Bad Request)")  # a milestone without a title, on purpose
    log_in(page, live_server, mentorship.mentee)
    page.goto(live_server.url + mentorship.get_absolute_url())
    screenshot(page, "roadmaps-01-mentorship-empty")
    page.get_by_role("link", name="Open the roadmap").click()
    expect(page.get_by_role("heading", name="Start from a curated template")).to_be_visible()
    screenshot(page, "roadmaps-02-empty-roadmap")

    # A marker on window survives only if htmx swaps the roadmap instead of loading a page.
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Template", exact=True).select_option(label="Your first people-manager role")
    page.get_by_label("Start date").fill("2030-01-07")
    page.get_by_role("button", name="Use this template").click()
    expect(page.locator("li.milestone")).to_have_count(8)
    expect(page.get_by_text("0% done")).to_be_visible()
    first = milestone(page, "Hold a first one-on-one with every report")
    expect(first.get_by_text("Due 14 Jan 2030")).to_be_visible()

    first.get_by_role("button", name="Done").click()
    expect(page.get_by_text("12% done")).to_be_visible()
    milestone(page, "Agree on written expectations with each report").get_by_role(
        "button", name="Doing"
    ).click()
    expect(page.get_by_text("1 in progress")).to_be_visible()
    milestone(page, "Map your stakeholders and meet the top five").get_by_role(
        "button", name="Done"
    ).click()
    expect(page.get_by_text("25% done")).to_be_visible()
    screenshot(page, "roadmaps-03-progress")

    # Edit in place, reorder, delete after confirming.
    row = milestone(page, "Run your first team retrospective")
    row.get_by_role("link", name="Edit").click()
    edit_form = page.locator("form.milestone-form")
    edit_form.get_by_label("Title").fill("Run the first team retrospective with the new PM")
    screenshot(page, "roadmaps-04-editing")
    page.get_by_role("button", name="Save milestone").click()
    row = milestone(page, "Run the first team retrospective with the new PM")
    expect(row).to_be_visible()
    row.get_by_role("button", name=re.compile("up$")).click()
    expect(page.locator("li.milestone h2").nth(3)).to_have_text(
        "Run the first team retrospective with the new PM"
    )
    milestone(page, "Ask for 360 feedback on your first six months").get_by_role(
        "link", name="Delete"
    ).click()
    expect(
        page.get_by_text("Delete “Ask for 360 feedback on your first six months”?")
    ).to_be_visible()
    screenshot(page, "roadmaps-05-confirm-delete")
    page.get_by_role("button", name="Delete milestone").click()
    expect(page.locator("li.milestone")).to_have_count(7)
    expect(page.get_by_text("29% done")).to_be_visible()  # 2 of 7
    assert page.evaluate("window.sameDocument") is True

    # A bad title is refused with a message and nothing is lost.
    page.get_by_label("Description").last.fill("Notes I don't want to lose")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    expect(page.get_by_label("Description").last).to_have_value("Notes I don't want to lose")

    # The mentor sees the progress on the dashboard and the mentorship page.
    mentor_page = new_page()
    log_in(mentor_page, live_server, mentorship.mentor)
    expect(mentor_page.get_by_text("2 of 7 done")).to_be_visible()
    screenshot(mentor_page, "roadmaps-06-dashboard")
    mentor_page.goto(live_server.url + mentorship.get_absolute_url())
    expect(mentor_page.get_by_text("29% done")).to_be_visible()
    screenshot(mentor_page, "roadmaps-07-mentorship-panel")

    page.goto(live_server.url + "/roadmaps/templates/")
    screenshot(page, "roadmaps-08-library")
    page.get_by_role("link", name="Raising a seed round").click()
    expect(page.get_by_text("Secure a lead investor with a term sheet")).to_be_visible()
    screenshot(page, "roadmaps-09-template")


def test_a_refusal_shows_in_the_roadmap_and_the_roadmap_stays(page, live_server, watch_page):
    watch_page.allow("status of 409 (Conflict)")  # the refusal, on purpose
    mentorship = make_mentorship(stage="cultivation", milestones=1)
    log_in(page, live_server, mentorship.mentee)
    page.goto(live_server.url + mentorship.get_absolute_url() + "roadmap/")
    page.evaluate("window.sameDocument = true")
    milestone(page, "Milestone 1").get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete milestone").click()
    roadmap = page.locator("#roadmap")
    expect(roadmap.get_by_role("alert")).to_contain_text("keeps at least one milestone")
    expect(page.locator("li.milestone")).to_have_count(1)
    assert page.evaluate("window.sameDocument") is True
    screenshot(page, "roadmaps-12-refused")


def test_a_pair_follows_a_roadmap_without_javascript(browser, watch_page, live_server, mentorship):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = watch_page(context.new_page())
        log_in(page, live_server, mentorship.mentor)
        page.goto(live_server.url + mentorship.get_absolute_url() + "roadmap/")
        page.get_by_label("Template", exact=True).select_option(label="Launching an MVP")
        page.get_by_role("button", name="Use this template").click()
        expect(page.get_by_text("The roadmap now follows “Launching an MVP”.")).to_be_visible()
        expect(page.locator("li.milestone")).to_have_count(8)

        milestone(page, "Complete 15 customer discovery interviews").get_by_role(
            "button", name="Done"
        ).click()
        expect(
            page.get_by_text("“Complete 15 customer discovery interviews” is done.")
        ).to_be_visible()
        expect(page.get_by_text("12% done")).to_be_visible()

        milestone(page, "First paying customer").get_by_role("link", name="Delete").click()
        expect(page.get_by_text("Delete “First paying customer”?")).to_be_visible()
        page.get_by_role("link", name="Keep it").click()
        expect(page.locator("li.milestone")).to_have_count(8)
        milestone(page, "First paying customer").get_by_role("link", name="Delete").click()
        page.get_by_role("button", name="Delete milestone").click()
        expect(page.get_by_text("Deleted “First paying customer”.")).to_be_visible()

        page.get_by_label("Title").fill("Write the pilot agreement")
        page.get_by_label("Due date").fill("2030-03-01")
        page.get_by_role("button", name="Add milestone").click()
        expect(page.get_by_text("Added “Write the pilot agreement”.")).to_be_visible()
        row = milestone(page, "Write the pilot agreement")
        row.get_by_role("button", name=re.compile("up$")).click()
        expect(page.locator("li.milestone h2").nth(6)).to_have_text("Write the pilot agreement")
        screenshot(page, "roadmaps-10-no-js")
    finally:
        context.close()


def test_the_separation_review_shows_the_roadmap_as_agreed_beside_now(page, live_server):
    from datetime import timedelta

    from django.utils import timezone

    from roadmaps.models import Milestone

    mentorship = make_mentorship(stage="separation", milestones=4)
    first, second, third, _ = mentorship.roadmap.milestones.all()
    Milestone.objects.filter(pk=first.pk).update(status="done")
    Milestone.objects.filter(pk=second.pk).update(
        title="Milestone 2, with the new team", due_date=timezone.localdate() + timedelta(9)
    )
    third.delete()
    Milestone.objects.create(roadmap=mentorship.roadmap, order=9, title="Found on the way")
    log_in(page, live_server, mentorship.mentee)
    page.goto(live_server.url + mentorship.get_absolute_url() + "review/")
    compare = page.get_by_role("region", name="The roadmap: as agreed, and as it is now")
    expect(compare.get_by_text("Removed", exact=True)).to_be_visible()
    expect(compare.get_by_text("Changed: title, due date")).to_be_visible()
    expect(compare.get_by_text("Added", exact=True)).to_be_visible()
    screenshot(page, "roadmaps-11-review")
