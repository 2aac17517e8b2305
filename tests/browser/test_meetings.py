"""Meetings and program insights, in a real browser (issue: relationship health)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import ActionItem, Meeting
from roadmaps.models import Milestone
from tests.browser.conftest import log_in, screenshot
from tests.factories import MeetingFactory, UserFactory, make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mentorship():
    mentor = UserFactory(display_name="Maya Okafor", timezone="Europe/London")
    mentee = UserFactory(display_name="Sam Lee", timezone="America/New_York")
    return make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")


def local_input(days: int, hour: int, zone: str) -> str:
    """The value a person types into a datetime-local field, in their zone."""
    import zoneinfo

    moment = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)) + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def test_a_pair_plans_a_meeting_builds_the_agenda_and_turns_an_action_into_a_milestone(
    page, new_page, live_server, mentorship
):
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + mentorship.get_absolute_url())
    page.get_by_role("link", name="Plan or log a meeting").click()
    page.get_by_label("When (your time)").fill(local_input(3, 9, "America/New_York"))
    page.get_by_label("How long").select_option("60")
    page.get_by_label("Where").fill("https://meet.example.com/sam")
    page.get_by_label("First agenda item (optional)").fill("My first skip-level meeting")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("Meeting planned.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"09:00"))).to_be_visible()
    meeting = Meeting.objects.get()

    # The mentor adds to the agenda; htmx swaps the agenda in place.
    mentor_page = new_page()
    log_in(mentor_page, live_server, mentorship.mentor.email)
    mentor_page.goto(live_server.url + meeting.get_absolute_url())
    expect(mentor_page.get_by_text(re.compile(r"14:00"))).to_be_visible()  # London is 5h ahead
    mentor_page.get_by_label("Add to the agenda").fill("Your hiring plan")
    mentor_page.get_by_role("button", name="Add to the agenda").click()
    agenda = mentor_page.locator("#agenda ol")
    expect(agenda).to_contain_text("My first skip-level meeting")
    expect(agenda).to_contain_text("Your hiring plan")
    expect(mentor_page.get_by_label("Add to the agenda")).to_have_value("")
    screenshot(mentor_page, "meeting-planned")

    # After an earlier meeting: notes and action items, one made a milestone in one click.
    past = MeetingFactory(
        mentorship=mentorship, starts_at=timezone.now() - timedelta(days=2), where=""
    )
    mentor_page.goto(live_server.url + past.get_absolute_url())
    notes = mentor_page.get_by_label("Notes", exact=True)
    notes.fill("We practised the **delegation** conversation.")
    mentor_page.get_by_label("New action items").fill("Write the team charter\nAsk for budget")
    mentor_page.get_by_role("button", name="Save notes").click()
    expect(mentor_page.get_by_text("Notes saved.")).to_be_visible()
    expect(mentor_page.locator(".prose strong")).to_have_text("delegation")
    charter = mentor_page.locator(".action-item", has_text="Write the team charter")
    charter.get_by_role("button", name="Make it a milestone").click()
    expect(charter.get_by_text("On the roadmap")).to_be_visible()
    screenshot(mentor_page, "meeting-notes")
    action = ActionItem.objects.get(text="Write the team charter")
    assert action.milestone == Milestone.objects.get(title="Write the team charter")

    # The mentorship page shows the last and next meeting.
    page.goto(live_server.url + mentorship.get_absolute_url())
    meetings = page.locator("section", has=page.get_by_role("heading", name="Meetings"))
    expect(meetings).to_contain_text("Last")
    expect(meetings).to_contain_text("On rhythm.")
    screenshot(page, "mentorship-with-meetings")


def test_the_agenda_and_milestones_work_without_javascript(new_page, live_server, mentorship):
    meeting = MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(hours=2))
    ActionItem.objects.create(meeting=meeting, text="Draft the promotion case")
    page = new_page(java_script_enabled=False)
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_label("Add to the agenda").fill("Feedback on my draft")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator("#agenda ol")).to_contain_text("Feedback on my draft")
    page.get_by_role("button", name="Make it a milestone").click()
    expect(page.get_by_text("“Draft the promotion case” is now on the roadmap.")).to_be_visible()
    expect(page.locator(".action-item").get_by_text("On the roadmap")).to_be_visible()


def test_a_staff_member_follows_an_at_risk_link_from_the_insights(page, live_server):
    stuck = make_mentorship(stage="initiation")
    type(stuck).objects.filter(pk=stuck.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=75)
    )
    staff = UserFactory(is_staff=True, is_superuser=True, display_name="Program Admin")
    log_in(page, live_server, staff.email)
    page.goto(live_server.url + "/admin/mentorships/mentorship/")
    page.get_by_role("link", name="Program insights").click()
    expect(page.get_by_role("heading", name="At risk (1)")).to_be_visible()
    expect(page.get_by_text("In Initiation for 75 days")).to_be_visible()
    screenshot(page, "admin-insights")
    page.get_by_role("link", name=stuck.focus).click()
    expect(page).to_have_url(re.compile(rf"/admin/mentorships/mentorship/{stuck.pk}/change/"))
    expect(page.get_by_role("heading", name=re.compile("Change mentorship"))).to_be_visible()
