"""Forms that keep the person where they are (issue 17, point 5), in Chromium, with and
without JavaScript, on a desktop and a 390 x 844 phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentorships.models import GoalAcknowledgement
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def open_as(new_page, live_server, person, path, *, javascript=True, viewport="desktop"):
    page = new_page(java_script_enabled=javascript, **VIEWPORTS[viewport])
    log_in(page, live_server, person.email)
    page.goto(live_server.url + path)
    return page


def mark_page(page, javascript: bool) -> None:
    """With JavaScript, a mark on the window tells a swap in place from a reload."""
    if javascript:
        page.evaluate("window.stillThisPage = true")


def assert_not_reloaded(page, javascript: bool) -> None:
    if javascript:
        assert page.evaluate("window.stillThisPage === true")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("javascript", [True, False])
def test_contract_errors_are_summed_up_at_the_top_and_focused(
    new_page, live_server, watch_page, javascript, viewport
):
    mentorship = make_mentorship(goals=0)
    watch_page.allow("400")  # the form answers 400 with its errors, which Chromium logs
    page = open_as(
        new_page,
        live_server,
        mentorship.mentee,
        f"/mentorships/{mentorship.pk}/contract/",
        javascript=javascript,
        viewport=viewport,
    )
    page.get_by_label("Ground rules").fill("We answer within a day.")
    first = page.get_by_role("group", name="Goal 1")
    first.get_by_label("Goal", exact=True).fill("Lead the team")
    page.get_by_label("Review date").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save contract").click()

    summary = page.get_by_role("alert").filter(has_text="things to fix")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Review date: The review date must be in the future.",
            "Goal 1 · How you'll know: Say how you'll know this goal is reached.",
        ]
    )
    expect(page.get_by_label("Ground rules")).to_have_value("We answer within a day.")
    screenshot(page, f"forms-contract-errors-{viewport}-js-{javascript}")

    # A link in the summary takes the person to the field.
    summary.get_by_role("link", name=re.compile("^Goal 1")).click()
    expect(first.get_by_label("How you'll know")).to_be_in_viewport()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("javascript", [True, False])
def test_goal_rows_are_added_and_removed(new_page, live_server, javascript, viewport):
    mentorship = make_mentorship(goals=0)
    page = open_as(
        new_page,
        live_server,
        mentorship.mentee,
        f"/mentorships/{mentorship.pk}/contract/",
        javascript=javascript,
        viewport=viewport,
    )
    mark_page(page, javascript)
    expect(page.get_by_role("group", name=re.compile(r"^Goal \d$"))).to_have_count(3)
    page.get_by_label("Ground rules").fill("Typed before adding a row.")
    typed = [
        ("Lead the team", "Team survey 4/5"),
        ("Hire one engineer", "Offer accepted"),
        ("Drop this one", "Never mind"),
    ]
    for number, (title, criterion) in enumerate(typed, start=1):
        row = page.get_by_role("group", name=f"Goal {number}")
        row.get_by_label("Goal", exact=True).fill(title)
        row.get_by_label("How you'll know").fill(criterion)

    for number in (4, 5):
        page.get_by_role("button", name="Add a goal").click()
        new_row = page.get_by_role("group", name=f"Goal {number}")
        expect(new_row.get_by_label("Goal", exact=True)).to_be_focused()
    assert_not_reloaded(page, javascript)
    expect(page.get_by_role("button", name="Add a goal")).to_have_count(0)
    expect(page.get_by_text("A contract holds at most 5 goals")).to_be_visible()
    expect(page.get_by_label("Ground rules")).to_have_value("Typed before adding a row.")
    expect(page.get_by_role("group", name="Goal 2").get_by_label("How you'll know")).to_have_value(
        "Offer accepted"
    )
    row = page.get_by_role("group", name="Goal 4")
    row.get_by_label("Goal", exact=True).fill("Write the quarterly plan")
    row.get_by_label("How you'll know").fill("Reviewed by my director")
    page.get_by_role("group", name="Goal 3").get_by_label("Remove this goal").check()
    screenshot(page, f"forms-contract-goal-rows-{viewport}-js-{javascript}")

    page.get_by_label("Meeting cadence").select_option(label="Every two weeks")
    page.get_by_label("Menteo room").check()
    page.get_by_label("Review date").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save contract").click()
    expect(page.get_by_text("Contract saved.")).to_be_visible()
    assert list(mentorship.goals.order_by("order", "pk").values_list("title", flat=True)) == [
        "Lead the team",
        "Hire one engineer",
        "Write the quarterly plan",
    ]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("javascript", [True, False])
def test_a_goal_acknowledgement_stays_on_its_goal(new_page, live_server, javascript, viewport):
    mentorship = make_mentorship(stage="separation", goals=4)
    goals = list(mentorship.goals.order_by("pk"))
    page = open_as(
        new_page,
        live_server,
        mentorship.mentee,
        f"/mentorships/{mentorship.pk}/review/",
        javascript=javascript,
        viewport=viewport,
    )
    mark_page(page, javascript)
    for goal in goals[2:]:
        section = page.locator(f"#goal-{goal.pk}")
        section.get_by_label("Partly achieved").check()
        section.get_by_label("Note").fill("Halfway there.")
        section.get_by_role("button", name="Acknowledge").click()
        section = page.locator(f"#goal-{goal.pk}")
        expect(section.get_by_role("button", name="Update")).to_be_visible()
        expect(section).to_be_in_viewport()
        if javascript:
            expect(section.get_by_role("status")).to_have_text(f"Acknowledged: “{goal.title}”.")
            expect(section.get_by_label("Partly achieved")).to_be_checked()
        else:
            assert page.url.endswith(f"/review/#goal-{goal.pk}")
        expect(section.get_by_label("Note")).to_have_value("Halfway there.")
    assert_not_reloaded(page, javascript)
    screenshot(page, f"forms-review-{viewport}-js-{javascript}")
    acknowledged = GoalAcknowledgement.objects.filter(user=mentorship.mentee)
    assert {a.goal_id for a in acknowledged} == {goal.pk for goal in goals[2:]}


@pytest.mark.parametrize("javascript", [True, False])
def test_a_missing_acknowledgement_outcome_is_explained_on_its_goal(
    new_page, live_server, watch_page, javascript
):
    mentorship = make_mentorship(stage="separation", goals=4)
    goal = mentorship.goals.order_by("pk").last()
    watch_page.allow("400")
    page = open_as(
        new_page,
        live_server,
        mentorship.mentee,
        f"/mentorships/{mentorship.pk}/review/",
        javascript=javascript,
        viewport="phone",
    )
    section = page.locator(f"#goal-{goal.pk}")
    section.get_by_role("button", name="Acknowledge").click()
    summary = page.locator(f"#goal-{goal.pk}").get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Outcome: Choose an outcome for this goal.")
    expect(summary).to_be_in_viewport()
    screenshot(page, f"forms-review-error-phone-js-{javascript}")


@pytest.mark.parametrize("javascript", [True, False])
def test_feedback_ratings_start_with_nothing_chosen(new_page, live_server, watch_page, javascript):
    mentorship = make_mentorship(stage="cultivation", ended=True)
    watch_page.allow("400")
    page = open_as(
        new_page,
        live_server,
        mentorship.mentee,
        f"/mentorships/{mentorship.pk}/feedback/",
        javascript=javascript,
        viewport="phone",
    )
    relationship = page.get_by_role("group", name="The relationship (1 = poor, 5 = excellent)")
    expect(relationship.get_by_role("radio")).to_have_count(5)
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    expect(page.get_by_text("---------")).to_have_count(0)
    page.get_by_label("What worked?").fill("Honest conversations.")
    page.get_by_role("button", name="Send private feedback").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "The relationship (1 = poor, 5 = excellent): Choose a rating from 1 to 5.",
            "Progress on the goals (1 = none, 5 = all of them): Choose a rating from 1 to 5.",
        ]
    )
    screenshot(page, f"forms-feedback-missing-rating-js-{javascript}")
    page.get_by_role("group", name=re.compile("^The relationship")).get_by_label("4").check()
    page.get_by_role("group", name=re.compile("^Progress on the goals")).get_by_label("3").check()
    page.get_by_role("button", name="Send private feedback").click()
    expect(page.get_by_text("Thank you.")).to_be_visible()
    assert mentorship.exit_feedback.get().relationship_rating == 4


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_delete_account_card_is_aligned_like_the_other_cards(new_page, live_server, viewport):
    mentorship = make_mentorship()
    page = open_as(new_page, live_server, mentorship.mentee, "/", viewport=viewport)
    page.goto(live_server.url + "/profile/data/")
    download = page.get_by_role("region", name="Your data")
    delete = page.get_by_role("region", name="Delete my account")
    expect(delete).to_be_visible()
    assert download.bounding_box()["x"] == delete.bounding_box()["x"]
    assert download.bounding_box()["width"] == delete.bounding_box()["width"]
    heading = delete.get_by_role("heading", name="Delete my account")
    button = delete.get_by_role("button", name="Delete my account")
    card_x = delete.bounding_box()["x"]
    # Heading and button start at the card's left padding, as in every card.
    assert heading.bounding_box()["x"] - card_x < 40
    assert button.bounding_box()["x"] - card_x < 40
    screenshot(page, f"forms-delete-card-{viewport}")
