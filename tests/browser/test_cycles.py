"""A whole cycle, a cycle back and a second Separation, in a real browser (issue 17, points 1
and 3): the pair confirms what is left before Separation, chooses Redefinition's shape together
(one proposes, the other confirms), and both cycles' records stay reachable from the mentorship
page. On the desktop with JavaScript, and on a 390 x 844 phone without it."""

import re

import pytest
from playwright.sync_api import expect

from mentorships import services
from roadmaps.models import Milestone
from tests.browser.conftest import log_in, screenshot
from tests.browser.test_journeys import acknowledge_goal, fill_contract, mark_goal_achieved
from tests.factories import UserFactory, make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False},
}


def stage_button(page, name: str):
    return page.get_by_role("region", name="Stage", exact=True).get_by_role("button", name=name)


@pytest.mark.parametrize("screen", sorted(DEVICES))
def test_a_full_cycle_a_cycle_back_and_a_second_separation_keep_both_records(
    new_page, live_server, screen
):
    maya = UserFactory(display_name="Maya Okafor")
    sam = UserFactory(display_name="Sam Lee")
    mentorship = make_mentorship(mentor=maya, mentee=sam, stage="cultivation", milestones=3)
    Milestone.objects.filter(roadmap__mentorship=mentorship, order=0).update(status="done")
    first_goals = list(mentorship.goals.values_list("title", flat=True))
    url = live_server.url + mentorship.get_absolute_url()
    shots = f"cycles-{screen}"
    sam_page, maya_page = new_page(**DEVICES[screen]), new_page(**DEVICES[screen])
    log_in(sam_page, live_server, sam.email)
    log_in(maya_page, live_server, maya.email)

    # Cycle 1, Cultivation: every goal achieved, the roadmap a third done. Moving on shows what
    # is left and asks to confirm.
    sam_page.goto(url)
    for title in first_goals:
        mark_goal_achieved(sam_page, title, "Done, see the room.")
    stage_button(sam_page, "Move to Separation").click()
    expect(sam_page.get_by_role("heading", name=re.compile("left unfinished"))).to_be_visible()
    expect(sam_page.get_by_text("The roadmap is 33% done: 2 of 3 milestones")).to_be_visible()
    screenshot(sam_page, f"{shots}-1-confirm-separation")
    sam_page.get_by_role("link", name="Not yet: keep working").click()
    expect(sam_page.get_by_role("heading", name="Next for you")).to_be_visible()
    stage_button(sam_page, "Move to Separation").click()
    sam_page.get_by_role("button", name="Yes, move to Separation").click()
    expect(sam_page.get_by_text("The mentorship is now in Separation.")).to_be_visible()

    # The separation review: both acknowledge each goal.
    for person in (sam_page, maya_page):
        person.goto(url)
        person.get_by_role("link", name="Open the separation review").click()
        for title in first_goals:
            acknowledge_goal(person, title, "Achieved", "Clearly reached.")

    # Redefinition: Maya proposes, Sam sees the proposal and proposes something else, Maya
    # confirms it.
    maya_page.goto(url)
    stage = maya_page.get_by_role("region", name="Stage", exact=True)
    stage.get_by_label("What the relationship becomes").select_option(label="Sponsor")
    stage.get_by_label("How often to check in").select_option(label="Once a year")
    stage_button(maya_page, "Move to Redefinition").click()
    expect(maya_page.get_by_text("You proposed: Sponsor, check in once a year.")).to_be_visible()
    expect(maya_page.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)
    sam_page.goto(url)
    relationship = sam_page.get_by_role("region", name="What the relationship becomes")
    expect(relationship).to_contain_text("Maya Okafor proposes: Sponsor, check in once a year.")
    expect(relationship.get_by_role("button", name="Confirm: Sponsor, once a year")).to_be_visible()
    screenshot(sam_page, f"{shots}-2-proposal")
    relationship.get_by_text("Propose something else", exact=True).click()
    relationship.get_by_label("What the relationship becomes").select_option(
        label="Long-term advisor"
    )
    relationship.get_by_label("How often to check in").select_option(label="Twice a year")
    relationship.get_by_role("button", name="Propose").click()
    expect(sam_page.get_by_text("Proposed. Maya Okafor confirms it")).to_be_visible()
    maya_page.goto(url)
    maya_page.get_by_role("button", name="Confirm: Long-term advisor, twice a year").click()
    expect(maya_page.get_by_role("heading", name="Long-term advisor from here on")).to_be_visible()

    # Sam opens the feedback form ("You reached Redefinition")…
    sam_page.goto(url)
    sam_page.get_by_role("link", name="Give private feedback").click()
    expect(sam_page.get_by_text("You reached Redefinition.")).to_be_visible()

    # …while Maya cycles back for a new challenge: cycle 2.
    maya_page.get_by_role("button", name="Cycle back to Cultivation").click()
    expect(maya_page.get_by_text("The mentorship is now in Cultivation.")).to_be_visible()

    # Sam's feedback on cycle 1 is still taken.
    sam_page.get_by_label("What worked?").fill("Honest, fast answers.")
    sam_page.get_by_role("group", name=re.compile("The relationship")).get_by_label("5").check()
    sam_page.get_by_role("group", name=re.compile("Progress on the goals")).get_by_label(
        "4"
    ).check()
    sam_page.get_by_role("button", name="Send private feedback").click()
    expect(sam_page.get_by_text("Thank you. Only you and the program admins")).to_be_visible()

    # Cycle 2: one new goal, reached; the second Separation.
    sam_page.get_by_role("link", name="Edit contract").click()
    fill_contract(sam_page, [("Hire one engineer", "Offer accepted")], review_in_days=90)
    mark_goal_achieved(sam_page, "Hire one engineer", "Offer signed.")
    stage_button(sam_page, "Move to Separation").click()
    sam_page.get_by_role("button", name="Yes, move to Separation").click()
    expect(sam_page.get_by_text("The mentorship is now in Separation.")).to_be_visible()

    # Both cycles' records, from the mentorship page.
    cycles = sam_page.get_by_role("region", name="Cycles")
    expect(cycles).to_contain_text("Cycle 2 (now)")
    expect(cycles).to_contain_text("reached Redefinition")
    expect(cycles.get_by_role("link", name="Your feedback on cycle 1")).to_be_visible()
    screenshot(sam_page, f"{shots}-3-cycles")
    cycles.get_by_role("link", name="Journey record of cycle 1").click()
    expect(sam_page.get_by_text("journey record · cycle 1 of 2")).to_be_visible()
    expect(sam_page.get_by_role("heading", name=first_goals[0])).to_be_visible()
    expect(sam_page.get_by_role("heading", name="Hire one engineer")).to_have_count(0)
    screenshot(sam_page, f"{shots}-4-journey-cycle-1")
    sam_page.get_by_role("link", name="cycle 2").click()
    expect(sam_page.get_by_role("heading", name="Hire one engineer")).to_be_visible()
    sam_page.goto(url)
    sam_page.get_by_role("region", name="Cycles").get_by_role(
        "link", name="Separation review of cycle 1"
    ).click()
    expect(sam_page.get_by_text("The record of cycle 1")).to_be_visible()
    for title in first_goals:
        expect(sam_page.get_by_role("region", name=title)).to_contain_text("Clearly reached.")
    expect(sam_page.get_by_role("button", name=re.compile("Acknowledge|Update"))).to_have_count(0)
    screenshot(sam_page, f"{shots}-5-review-cycle-1")
    sam_page.goto(url)
    sam_page.get_by_role("region", name="Cycles").get_by_role(
        "link", name="Your feedback on cycle 1"
    ).click()
    expect(sam_page.get_by_text("Honest, fast answers.")).to_be_visible()


@pytest.mark.parametrize("screen", sorted(DEVICES))
def test_a_proposal_changed_after_the_page_loaded_is_not_confirmed(
    new_page, watch_page, live_server, screen
):
    watch_page.allow("status of 409")  # the refusal, on purpose

    maya = UserFactory(display_name="Maya Okafor")
    sam = UserFactory(display_name="Sam Lee")
    mentorship = make_mentorship(mentor=maya, mentee=sam, stage="separation", acknowledged=True)
    services.transition(
        mentorship=mentorship,
        to="redefinition",
        by=maya,
        relationship="sponsor",
        checkin_rhythm="yearly",
    )
    sam_page = new_page(**DEVICES[screen])
    log_in(sam_page, live_server, sam.email)
    sam_page.goto(live_server.url + mentorship.get_absolute_url())
    confirm = sam_page.get_by_role("button", name="Confirm: Sponsor, once a year")
    expect(confirm).to_be_visible()
    # Maya changes her proposal while Sam reads the page.
    services.relationship_update(
        mentorship=mentorship, by=maya, relationship="friend", checkin_rhythm="yearly"
    )
    confirm.click()
    expect(sam_page.get_by_text("The proposal changed: read it again")).to_be_visible()
    relationship = sam_page.get_by_role("region", name="What the relationship becomes")
    expect(relationship).to_contain_text("Maya Okafor proposes: Friend")
    screenshot(sam_page, f"stale-proposal-{screen}")
    mentorship.refresh_from_db()
    assert mentorship.relationship == ""
