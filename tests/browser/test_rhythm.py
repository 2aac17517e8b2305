"""One rhythm per stage, and logging a meeting that already happened (issue 17, points 2 and
4), in a real browser: on the desktop with JavaScript and on a phone without."""

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from mentorships import services
from mentorships.models import Contract, Mentorship
from tests.browser.conftest import log_in, screenshot
from tests.factories import MeetingFactory, UserFactory, confirm_proposal, make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SETUPS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone-no-js")]


def pair_in(stage, cadence, **kwargs):
    mentorship = make_mentorship(
        mentor=UserFactory(display_name="Maya Okafor", timezone="Europe/London"),
        mentee=UserFactory(display_name="Sam Lee", timezone="America/New_York"),
        stage=stage,
        **kwargs,
    )
    Contract.objects.filter(pk=mentorship.current_contract_id).update(meeting_cadence=cadence)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        started_at=timezone.now() - timedelta(days=60)
    )
    mentorship.refresh_from_db()
    return mentorship


def local_input(days: int, hour: int, zone: str) -> str:
    """What a person types into a datetime-local field, `days` from today in their zone."""
    moment = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)) + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("setup", SETUPS)
def test_a_meeting_that_already_happened_is_logged_and_its_notes_written(
    new_page, live_server, setup
):
    mentorship = pair_in("cultivation", "weekly")
    page = new_page(**setup)
    name = "phone" if setup is PHONE else "desktop"
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + mentorship.get_absolute_url())
    page.get_by_role("link", name="Plan or log a meeting").click()
    expect(page.get_by_role("heading", name="Plan or log a meeting")).to_be_visible()
    expect(page.get_by_text("a past time logs a meeting you already had")).to_be_visible()
    page.get_by_label("When (your time)").fill(local_input(-3, 10, "America/New_York"))
    page.get_by_label("Where").fill("Café on 5th")
    page.get_by_role("button", name="Save the meeting").click()

    expect(page.get_by_text("Meeting logged. Write its notes and action items.")).to_be_visible()
    expect(page.locator(".stage-pill")).to_have_text("Held")
    expect(page).to_have_url(re.compile(r"#notes$"))
    notes = page.get_by_label("Notes", exact=True)
    expect(notes).to_be_visible()  # the editor is open, the notes in reach
    screenshot(page, f"rhythm-logged-meeting-{name}")
    notes.fill("Talked through the **first review** with my lead.")
    page.get_by_label("New action items").fill("Ask for the promotion criteria")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Notes saved.")).to_be_visible()
    expect(page.locator(".action-item")).to_contain_text("Ask for the promotion criteria")
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.HELD

    # The mentorship page counts it as the last meeting, against the weekly rhythm.
    page.goto(live_server.url + mentorship.get_absolute_url())
    meetings = page.get_by_role("region", name="Meetings")
    expect(meetings).to_contain_text("Meet weekly")
    held_on = timezone.localdate(meeting.starts_at, zoneinfo.ZoneInfo("America/New_York"))
    due = held_on + timedelta(days=7)
    expect(meetings).to_contain_text(f"Plan the next meeting by {due:%-d %B}.")
    screenshot(page, f"rhythm-after-logging-{name}")


@pytest.mark.parametrize("setup", SETUPS)
def test_a_time_before_the_mentorship_started_is_refused_with_a_reason(
    new_page, live_server, watch_page, setup
):
    watch_page.allow("400")  # the form answers 400 with its errors
    mentorship = pair_in("cultivation", "weekly")
    started_on = timezone.localdate(mentorship.started_at, zoneinfo.ZoneInfo("America/New_York"))
    page = new_page(**setup)
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + reverse("meeting_list", args=[mentorship.pk]))
    page.get_by_label("When (your time)").fill(local_input(-90, 10, "America/New_York"))
    page.get_by_label("Where").fill("Café on 5th")
    page.get_by_role("button", name="Save the meeting").click()
    expect(
        page.get_by_text(
            f"This mentorship started on {started_on:%-d %B %Y}: log a meeting held since then."
        )
    ).to_be_visible()
    expect(page.get_by_label("Where")).to_have_value("Café on 5th")
    assert not Meeting.objects.exists()
    screenshot(page, "rhythm-log-refused-" + ("phone" if setup is PHONE else "desktop"))


@pytest.mark.parametrize("setup", SETUPS)
def test_separation_says_one_lower_rhythm_everywhere(new_page, live_server, setup):
    mentorship = pair_in("separation", "weekly")
    MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=4))
    page = new_page(**setup)
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + mentorship.get_absolute_url())
    expect(
        page.get_by_text(
            "Contact fades on purpose in Separation: meet every two weeks now (your contract "
            "said weekly)."
        )
    ).to_be_visible()
    meetings = page.get_by_role("region", name="Meetings")
    expect(meetings).to_contain_text("Meet every two weeks")
    expect(meetings).to_contain_text("Plan the next meeting by")
    contract = page.get_by_role("region", name=re.compile("^Contract"))
    expect(contract).to_contain_text("Weekly · in Separation: meet every two weeks")
    body = page.locator("main")
    for contradiction in ("or less", "consider meeting", "Agreed"):
        expect(body).not_to_contain_text(contradiction)
    screenshot(page, "rhythm-separation-" + ("phone" if setup is PHONE else "desktop"))

    page.get_by_role("link", name="Plan or log a meeting").click()
    expect(
        page.get_by_text("meet every two weeks now (your contract said weekly).")
    ).to_be_visible()


@pytest.mark.parametrize("setup", SETUPS)
def test_redefinition_says_the_chosen_check_ins_everywhere(new_page, live_server, setup):
    mentorship = pair_in("redefinition", "weekly")
    services.relationship_update(
        mentorship=mentorship, by=mentorship.mentor, relationship="sponsor", checkin_rhythm="yearly"
    )
    confirm_proposal(mentorship, by=mentorship.mentee)  # proposed by one, confirmed by the other
    page = new_page(**setup)
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + mentorship.get_absolute_url())
    expect(page.get_by_role("heading", name="Sponsor from here on")).to_be_visible()
    expect(page.get_by_text("Contact fades on purpose: check in once a year.")).to_be_visible()
    next_card = page.get_by_role("region", name="Next for you")
    expect(next_card).to_contain_text("Check in once a year")
    meetings = page.get_by_role("region", name="Meetings")
    expect(meetings).to_contain_text("Check in once a year")
    expect(meetings).to_contain_text("Next check-in:")
    body = page.locator("main")
    for contradiction in ("as peers", "Agreed", "every quarter", "Plan the next meeting"):
        expect(body).not_to_contain_text(contradiction)
    screenshot(page, "rhythm-redefinition-" + ("phone" if setup is PHONE else "desktop"))

    page.goto(live_server.url + "/")
    card = page.get_by_role("article").filter(has_text="Maya Okafor")
    expect(card).to_contain_text("Sponsor · check in once a year")
