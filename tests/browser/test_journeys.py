"""The product's journeys, end to end, in a real browser: only what a person sees (roles, labels,
text) and the links they would follow.

Each journey is a sequence of small steps (the helpers below). The journeys of a single app
live beside it, each its own test: two browsers in a room, a message arriving within 5 s, and
the message form without JavaScript (test_rooms.py); public and private posts, the mentor's
feedback, the logged-out view and the post form without JavaScript (test_threads.py); a
curated roadmap ticked off with and without JavaScript (test_roadmaps.py); meetings
(test_meetings.py); two-factor and sessions (test_account_security.py).
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from roadmaps.curated import install_curated_templates
from roadmaps.models import MilestoneTemplate, RoadmapTemplate
from tests.browser.conftest import log_in, screenshot
from tests.factories import MentorProfileFactory, UserFactory, make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOALS = [
    ("Run weekly one-on-ones with my four reports", "Four recurring 1:1s held for 8 weeks"),
    ("Give my first piece of hard feedback", "Feedback given, written up in the room"),
    ("Write the team's first quarterly plan", "Plan reviewed by my director"),
]


# Steps a person takes ----------------------------------------------------------------------


def send_request(page, mentor_name: str, focus: str) -> None:
    page.get_by_label("What is it about?").select_option(label="First leadership role")
    page.get_by_label("Your focus").fill(focus)
    page.get_by_label("Message").fill(
        "I was just asked to lead a team of four. I want to do it well from day one."
    )
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text(f"Your request is on its way to {mentor_name}.")).to_be_visible()


def accept_request(page, mentee_name: str) -> None:
    """The mentor, on their dashboard, reviews the request and accepts it."""
    page.get_by_role("link", name="Dashboard", exact=True).click()
    incoming = page.get_by_role("region", name=re.compile("Requests for you"))
    expect(incoming).to_contain_text(mentee_name)
    incoming.get_by_role("link", name="Review request").click()
    page.get_by_role("button", name="Accept and start Initiation").click()
    expect(page.get_by_text(f"You are now {mentee_name}'s mentor.")).to_be_visible()


def open_mentorship(page, other_name: str) -> None:
    """From the dashboard, open the mentorship with `other_name`."""
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_role("article").filter(has_text=other_name).get_by_role(
        "link", name="Open mentorship"
    ).click()


def write_contract(page, goals, *, review_in_days: int = 180) -> None:
    """On the mentorship page: open the contract, fill it in, save."""
    page.get_by_role("link", name="Edit contract").click()
    fill_contract(page, goals, review_in_days=review_in_days)


def fill_contract(page, goals, *, review_in_days: int = 180) -> None:
    """On the contract page: fill the terms and the goal rows in order, save."""
    page.get_by_label("Ground rules").fill("Reply within two working days. Cancel a day ahead.")
    page.get_by_label("Meeting cadence").select_option(label="Every two weeks")
    page.get_by_label("Menteo room").check()
    page.get_by_label("Video call").check()
    review_date = timezone.localdate() + timedelta(days=review_in_days)
    page.get_by_label("Review date").fill(review_date.isoformat())
    for number, (title, criterion) in enumerate(goals, start=1):
        row = page.get_by_role("group", name=f"Goal {number}")
        row.get_by_label("Goal", exact=True).fill(title)
        row.get_by_label("How you'll know").fill(criterion)
    page.get_by_role("button", name="Save contract").click()
    expect(page.get_by_text("Contract saved.")).to_be_visible()


def agree_to_contract(page, version: int = 1) -> None:
    page.get_by_role("button", name=f"I agree to version {version}").click()
    expect(page.get_by_text(re.compile(r"You agreed\.|You both agreed"))).to_be_visible()


def move_to(
    page, stage: str, *, button: str | None = None, note: str = "", confirm_left: str = ""
) -> None:
    """Move on from the Stage box; `confirm_left`: words the confirmation step must show of
    what is left unfinished, before confirming it."""
    button = button or f"Move to {stage}"
    stage_section = page.get_by_role("region", name="Stage", exact=True)
    if note:
        stage_section.locator("form", has=page.get_by_role("button", name=button)).get_by_label(
            "Note (optional)"
        ).fill(note)
    stage_section.get_by_role("button", name=button).click()
    if confirm_left:
        expect(page.get_by_role("heading", name=re.compile("left unfinished"))).to_be_visible()
        expect(page.get_by_role("list").filter(has_text=confirm_left)).to_be_visible()
        page.get_by_role("button", name=f"Yes, move to {stage}").click()
    expect(page.get_by_text(f"The mentorship is now in {stage}.")).to_be_visible()


def mark_goal_achieved(page, title: str, evidence: str) -> None:
    goal = (
        page.get_by_role("region", name=re.compile("Contract"))
        .get_by_role("listitem")
        .filter(has=page.get_by_text(title, exact=True))
    )
    goal.get_by_text("Mark achieved").click()
    goal.get_by_label("Evidence").fill(evidence)
    goal.get_by_role("button", name=re.compile("Mark .* achieved")).click()
    expect(page.get_by_text(f"“{title}” is achieved.")).to_be_visible()


def acknowledge_goal(page, title: str, outcome: str, note: str) -> None:
    """On the separation review: acknowledge one goal, formally."""
    goal = page.get_by_role("region", name=title)
    goal.get_by_label(outcome, exact=True).check()
    goal.get_by_label("Note", exact=True).fill(note)
    goal.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text(f"Acknowledged: “{title}”.")).to_be_visible()


def pick_curated_roadmap(page, template: str) -> None:
    """From the mentorship page: open the roadmap, start it from a curated template, go back."""
    page.get_by_role("link", name="Open the roadmap").click()
    page.get_by_label("Template", exact=True).select_option(label=template)
    page.get_by_role("button", name="Use this template").click()
    expect(page.locator("li.milestone").first).to_be_visible()
    expect(page.get_by_text("0% done")).to_be_visible()


def tick_off_first_milestone(page) -> None:
    page.get_by_role("link", name="Open the roadmap").click()
    page.locator("li.milestone").first.get_by_role("button", name="Done").click()
    expect(page.get_by_text(re.compile(r"[1-9]\d*% done"))).to_be_visible()


# The journeys ----------------------------------------------------------------------


def test_a_mentee_finds_a_mentor_by_expertise_requests_and_the_mentor_accepts(
    page, new_page, live_server
):
    maya = MentorProfileFactory(
        user=UserFactory(display_name="Maya Okafor", headline="VP Engineering"),
        expertise=["Engineering management", "Hiring"],
    ).user
    MentorProfileFactory(
        user=UserFactory(display_name="Daniel Brandt", headline="Founder"),
        expertise=["Fundraising"],
    )
    sam = UserFactory(display_name="Sam Lee")

    log_in(page, live_server, sam.email)
    page.get_by_role("link", name="Find a mentor").first.click()
    results = page.locator("#results")
    expect(results).to_contain_text("2 mentors")
    # The live filter: htmx swaps the results in place (the page is not reloaded) and the
    # address bar keeps the filter, so the filtered list can be shared and reloaded.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Expertise").select_option(label="Engineering management")
    expect(results).to_contain_text("1 mentor")
    expect(results.get_by_role("link", name="Daniel Brandt")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"expertise=engineering-management"))
    assert page.evaluate("window.stillTheSamePage") is True
    screenshot(page, "journey-directory-filtered")
    results.get_by_role("link", name="Maya Okafor").click()
    expect(page.get_by_role("heading", name="Maya Okafor", level=1)).to_be_visible()
    send_request(page, "Maya Okafor", "Lead my first team well")
    outgoing = page.get_by_role("region", name="Your pending requests")
    expect(outgoing).to_contain_text("Maya Okafor")

    mentor_page = new_page()
    log_in(mentor_page, live_server, maya.email)
    accept_request(mentor_page, "Sam Lee")
    expect(mentor_page.get_by_role("heading", name="Lead my first team well")).to_be_visible()
    expect(mentor_page.get_by_text("You mentor Sam Lee")).to_be_visible()
    screenshot(mentor_page, "journey-accepted")

    # The mentee finds the new mentorship on the dashboard, in Initiation.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    card = page.get_by_role("article").filter(has_text="Maya Okafor")
    expect(card).to_contain_text("Lead my first team well")
    expect(card).to_contain_text("Initiation")
    expect(page.get_by_role("region", name="Your pending requests")).to_have_count(0)


def test_a_pair_goes_through_every_stage_and_cycles_back(page, new_page, live_server):
    install_curated_templates(RoadmapTemplate, MilestoneTemplate)  # flushed by earlier tests
    maya = UserFactory(display_name="Maya Okafor")
    sam = UserFactory(display_name="Sam Lee")
    # Accepted request: an empty contract and an empty roadmap, in Initiation.
    make_mentorship(mentor=maya, mentee=sam, goals=0, milestones=0)
    mentor_page = new_page()
    log_in(page, live_server, sam.email)
    log_in(mentor_page, live_server, maya.email)

    # Initiation: the page says what is missing before Cultivation can start.
    open_mentorship(page, "Maya Okafor")
    start = page.get_by_role("button", name="Move to Cultivation")
    expect(start).to_be_disabled()
    expect(page.get_by_text("The contract needs 3 to 5 goals (it has 0).")).to_be_visible()
    write_contract(page, GOALS)
    expect(page.get_by_text("The contract needs 3 to 5 goals")).to_have_count(0)
    expect(
        page.get_by_text(
            "Both people must agree to the current contract (waiting for Maya Okafor and Sam Lee)."
        )
    ).to_be_visible()
    expect(page.get_by_text("The roadmap needs at least one milestone.")).to_be_visible()
    agree_to_contract(page)
    expect(page.get_by_text("(waiting for Maya Okafor)")).to_be_visible()
    open_mentorship(mentor_page, "Sam Lee")
    agree_to_contract(mentor_page)
    expect(mentor_page.get_by_text("You both agreed to the contract.")).to_be_visible()
    pick_curated_roadmap(page, "Your first people-manager role")
    page.go_back()
    page.reload()
    expect(page.get_by_text("Both people must agree")).to_have_count(0)
    screenshot(page, "journey-ready-for-cultivation")
    move_to(page, "Cultivation", note="Contract agreed, roadmap set: let's go.")

    # Cultivation: the first milestone is done; the mentee marks each goal achieved.
    tick_off_first_milestone(page)
    page.go_back()
    page.reload()
    separate = page.get_by_role("region", name="Stage", exact=True).get_by_role(
        "button", name="Move to Separation"
    )
    expect(separate).to_be_disabled()
    for title, _ in GOALS:
        mark_goal_achieved(page, title, f"Done: {title.lower()}, see the room.")
    move_to(page, "Separation", confirm_left="milestones are not done")
    screenshot(page, "journey-separation")

    # Separation, cycle 1: a new challenge comes up; the pair cycles back to Cultivation.
    mentor_page.reload()
    mentor_page.get_by_role("link", name="Open the separation review").click()
    expect(mentor_page.get_by_role("heading", name="Separation review")).to_be_visible()
    mentor_page.get_by_role("link", name="Back to the mentorship").click()
    stage_section = mentor_page.get_by_role("region", name="Stage", exact=True)
    expect(stage_section.get_by_label(GOALS[0][0])).not_to_be_checked()  # achieved: not carried
    stage_section.get_by_label(GOALS[2][0]).check()  # one level deeper on the plan
    move_to(
        mentor_page,
        "Cultivation",
        button="Cycle back to Cultivation",
        note="New challenge: Sam now also runs hiring.",
    )
    expect(mentor_page.get_by_text(re.compile(r"cycle 2")).first).to_be_visible()

    # Cycle 2: a new goal beside the carried one; the goals are reached again.
    page.reload()
    write_contract(page, [GOALS[2], ("Hire one engineer", "Offer accepted")], review_in_days=90)
    expect(page.get_by_text("Hire one engineer", exact=True)).to_be_visible()
    for title in (GOALS[2][0], "Hire one engineer"):
        mark_goal_achieved(page, title, "Done, evidence in the room.")
    move_to(page, "Separation", confirm_left="milestones are not done")

    # Separation review: both acknowledge every goal of this cycle.
    page.get_by_role("link", name="Open the separation review").click()
    acknowledge_goal(page, GOALS[2][0], "Achieved", "The plan shipped on time.")
    acknowledge_goal(page, "Hire one engineer", "Partly achieved", "Offer out, not signed yet.")
    page.get_by_role("link", name="Back to the mentorship").click()
    expect(page.get_by_text("Maya Okafor has not yet acknowledged 2 goals.").first).to_be_visible()
    expect(page.get_by_role("button", name="Move to Redefinition")).to_be_disabled()

    mentor_page.reload()
    mentor_page.get_by_role("link", name="Open the separation review").click()
    hiring = mentor_page.get_by_role("region", name="Hire one engineer")
    expect(hiring).to_contain_text("Offer out, not signed yet.")  # Sam's, beside Maya's form
    acknowledge_goal(mentor_page, GOALS[2][0], "Achieved", "A solid plan.")
    acknowledge_goal(mentor_page, "Hire one engineer", "Achieved", "The offer is accepted now.")
    screenshot(mentor_page, "journey-review")
    mentor_page.get_by_role("link", name="Back to the mentorship").click()

    # Redefinition: the mentor proposes a long-term advisor, with a rhythm of check-ins, and
    # the mentee confirms.
    stage_section = mentor_page.get_by_role("region", name="Stage", exact=True)
    stage_section.get_by_label("What the relationship becomes").select_option(
        label="Long-term advisor"
    )
    stage_section.get_by_label("How often to check in").select_option(label="Twice a year")
    move_to(mentor_page, "Redefinition")
    expect(
        mentor_page.get_by_text("You proposed: Long-term advisor, check in twice a year.")
    ).to_be_visible()
    page.reload()
    page.get_by_role("button", name="Confirm: Long-term advisor, twice a year").click()
    mentor_page.reload()
    expect(
        mentor_page.get_by_role("heading", name="Long-term advisor from here on")
    ).to_be_visible()
    expect(mentor_page.get_by_text("check in twice a year").first).to_be_visible()
    history = mentor_page.get_by_role("region", name="History")
    for step in (
        "Initiation → Cultivation",
        "Separation → Cultivation",
        "Separation → Redefinition",
    ):
        expect(history).to_contain_text(step)
    screenshot(mentor_page, "journey-redefinition")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    card = page.get_by_role("article").filter(has_text="Maya Okafor")
    expect(card).to_contain_text("Long-term advisor")
    expect(card).to_contain_text("Redefinition")


PRIVATE_PAGES = {
    # name: how to reach it from the mentorship page (its URL is what the outsider pastes)
    "mentorship page": None,
    "contract": "Edit contract",
    "roadmap": "Open the roadmap",
    "room": "Open the room",
    "growth thread": "Open the thread →",
}


def test_an_outsider_who_pastes_a_private_address_gets_the_404_page(
    page, new_page, live_server, watch_page
):
    watch_page.allow("status of 404 (Not Found)")  # the pasted addresses, on purpose
    mentorship = make_mentorship(stage="cultivation")
    log_in(page, live_server, mentorship.mentee.email)
    page.get_by_role("link", name="Open mentorship").click()
    addresses = {}
    for name, link in PRIVATE_PAGES.items():
        if not link:
            addresses[name] = page.url
            continue
        page.get_by_role("link", name=link).click()
        addresses[name] = page.url
        page.go_back()

    outsider = new_page()
    charlie = UserFactory(display_name="Charlie Outsider")
    log_in(outsider, live_server, charlie.email)
    expect(outsider.get_by_role("heading", name="Welcome, Charlie Outsider")).to_be_visible()
    for name, address in addresses.items():
        response = outsider.goto(address)
        assert response.status == 404, name
        expect(outsider.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(outsider.get_by_text("it isn't yours to see")).to_be_visible()
        expect(outsider.get_by_text(mentorship.focus)).to_have_count(0)
    screenshot(outsider, "journey-404")
    outsider.get_by_role("link", name="Back to your dashboard").click()
    expect(outsider.get_by_role("heading", name="Welcome, Charlie Outsider")).to_be_visible()


def test_the_core_forms_work_without_javascript(new_page, live_server, watch_page):
    watch_page.allow("status of 400 (Bad Request)")  # forms sent with mistakes, on purpose
    page = new_page(java_script_enabled=False)

    # Sign up.
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill("analytical-engine-1843")
    page.get_by_label("Password (again)").fill("analytical-engine-1843")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert "ada@example.com" in mail.outbox[-1].to

    # The mentorship request: the directory's plain GET form, then the request form.
    maya = MentorProfileFactory(
        user=UserFactory(display_name="Maya Okafor"), expertise=["Engineering management"]
    ).user
    MentorProfileFactory(user=UserFactory(display_name="Daniel Brandt"), expertise=["Fundraising"])
    sam = UserFactory(display_name="Sam Lee")
    page = new_page(java_script_enabled=False)
    log_in(page, live_server, sam.email)
    page.get_by_role("link", name="Find a mentor").first.click()
    page.get_by_label("Expertise").select_option(label="Engineering management")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"expertise=engineering-management"))
    results = page.locator("#results")
    expect(results).to_contain_text("1 mentor")
    results.get_by_role("link", name="Maya Okafor").click()
    page.get_by_role("button", name="Send request").click()  # empty: errors, nothing sent
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    send_request(page, "Maya Okafor", "Lead my first team well")

    # The contract: a mistake is explained and nothing typed is lost; then it saves.
    mentorship = make_mentorship(mentor=maya, mentee=UserFactory(), goals=0, milestones=0)
    mentee_page = new_page(java_script_enabled=False)
    log_in(mentee_page, live_server, mentorship.mentee.email)
    open_mentorship(mentee_page, "Maya Okafor")
    mentee_page.get_by_role("link", name="Edit contract").click()
    first = mentee_page.get_by_role("group", name="Goal 1")
    first.get_by_label("Goal", exact=True).fill(GOALS[0][0])
    first.get_by_label("How you'll know").fill(GOALS[0][1])
    mentee_page.get_by_role("button", name="Save contract").click()
    expect(mentee_page.get_by_text("Write 3 to 5 specific, measurable goals")).to_be_visible()
    expect(first.get_by_label("Goal", exact=True)).to_have_value(GOALS[0][0])
    fill_contract(mentee_page, GOALS)
    expect(mentee_page.get_by_role("button", name="I agree to version 1")).to_be_visible()
    # The room's message form and the growth thread's post form without JavaScript are in
    # test_rooms.py and test_threads.py.
