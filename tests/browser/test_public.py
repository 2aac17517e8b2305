"""Issue 17, points 6 and 7 in a browser: the time zone proposed from the browser at sign-up
(and left alone without JavaScript), a random public address changed in the profile, a public
post without the pair's goal, and the mentor seeing who asks; desktop and phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import log_in, screenshot
from tests.factories import (
    MentorProfileFactory,
    MentorshipRequestFactory,
    UserFactory,
    make_mentorship,
    make_post,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def sign_up(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Your name").fill("Riley Journey")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("analytical-engine-1843")
    page.get_by_label("Password (again)").fill("analytical-engine-1843")


@pytest.mark.parametrize("size", SIZES)
def test_sign_up_proposes_the_browsers_time_zone_and_a_random_address(new_page, live_server, size):
    page = new_page(timezone_id="Asia/Tokyo", **SIZES[size])
    sign_up(page, live_server, "riley.journey@example.com")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(page.get_by_text("Proposed from this browser: Asia/Tokyo")).to_be_visible()
    screenshot(page, f"public-signup-timezone-{size}")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    user = User.objects.get(email="riley.journey@example.com")
    assert user.timezone == "Asia/Tokyo"
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d{4}", user.username)


def test_without_javascript_the_time_zone_stays_utc(new_page, live_server):
    page = new_page(timezone_id="Asia/Tokyo", java_script_enabled=False)
    sign_up(page, live_server, "riley@example.com")
    expect(page.get_by_label("Time zone")).to_have_value("UTC")
    expect(page.locator(".timezone-proposed")).to_have_count(0)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert User.objects.get(email="riley@example.com").timezone == "UTC"


def test_a_chosen_time_zone_is_not_overwritten(new_page, live_server):
    person = UserFactory(timezone="Europe/Lisbon")
    page = new_page(timezone_id="Asia/Tokyo")
    log_in(page, live_server, person.email)
    page.goto(live_server.url + "/profile/")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Lisbon")
    expect(page.locator(".timezone-proposed")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("size", SIZES)
def test_a_person_changes_their_public_address(new_page, watch_page, live_server, size, javascript):
    person = UserFactory(display_name="Riley Journey", username="quiet-fern-1234")
    UserFactory(username="taken-name")
    page = new_page(java_script_enabled=javascript, **SIZES[size])
    log_in(page, live_server, person.email)
    page.goto(live_server.url + "/profile/")
    address = page.get_by_label("Public address")
    expect(address).to_have_value("quiet-fern-1234")

    address.fill("admin")
    page.get_by_role("button", name="Save profile").click()
    expect(
        page.get_by_text("“admin” is reserved for the site. Choose another.", exact=True)
    ).to_be_visible()
    address = page.get_by_label("Public address")
    address.fill("taken-name")
    page.get_by_role("button", name="Save profile").click()
    expect(
        page.get_by_text("Someone already has this address. Choose another.", exact=True)
    ).to_be_visible()
    screenshot(page, f"public-address-refused-{size}-{'js' if javascript else 'nojs'}")

    page.get_by_label("Public address").fill("riley-j")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    page.goto(live_server.url + "/u/riley-j/")
    expect(page.get_by_role("heading", name="Riley Journey")).to_be_visible()
    watch_page.allow("status of 404")  # the old address, on purpose
    response = page.goto(live_server.url + "/u/quiet-fern-1234/")
    assert response.status == 404


@pytest.mark.parametrize("size", SIZES)
def test_a_public_post_does_not_show_the_pairs_goal(new_page, live_server, size):
    mentorship = make_mentorship(stage="cultivation")
    goal = mentorship.goals.first()
    goal.title = "Negotiate a raise before March"
    goal.save(update_fields=["title"])
    post = make_post(
        mentorship=mentorship, visibility="public", title="What the retro taught me", goal=goal
    )
    visitor = new_page(**SIZES[size])
    visitor.goto(live_server.url + post.get_absolute_url())
    expect(visitor.get_by_role("heading", name="What the retro taught me")).to_be_visible()
    expect(visitor.get_by_text("Negotiate a raise")).to_have_count(0)
    screenshot(visitor, f"public-post-anonymous-{size}")
    visitor.goto(live_server.url + "/threads/")
    expect(visitor.get_by_text("What the retro taught me")).to_be_visible()
    expect(visitor.get_by_text("Negotiate a raise")).to_have_count(0)

    mentee = new_page(**SIZES[size])
    log_in(mentee, live_server, mentorship.mentee.email)
    mentee.goto(live_server.url + post.get_absolute_url())
    expect(mentee.get_by_text("goal: Negotiate a raise before March")).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_the_mentor_sees_who_asks_before_deciding(new_page, live_server, size):
    mentee = UserFactory(
        display_name="Kai Tanaka",
        headline="Designer moving into product",
        bio="Eight years in **product design**, learning product management.",
        timezone="Asia/Tokyo",
    )
    mentor = MentorProfileFactory(
        user=UserFactory(display_name="Maya Okafor", timezone="Europe/London")
    ).user
    request = MentorshipRequestFactory(mentee=mentee, mentor=mentor)
    page = new_page(**SIZES[size])
    log_in(page, live_server, mentor.email)
    page.goto(live_server.url + f"/requests/{request.pk}/")
    box = page.get_by_role("region", name="Who is asking")
    expect(box).to_contain_text("Designer moving into product")
    expect(box).to_contain_text("Eight years in product design, learning product management.")
    expect(box).to_contain_text("Asia/Tokyo")
    expect(box).to_contain_text("9 hours ahead of you")  # winter: London is UTC+0
    there = (timezone.now() + timedelta(hours=9)).strftime("%H:")
    expect(box).to_contain_text(there)
    expect(page.get_by_role("button", name="Accept and start Initiation")).to_be_visible()
    screenshot(page, f"public-request-who-asks-{size}")
