"""Two-factor authentication and the list of signed-in sessions, in a real browser."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_person_turns_on_two_factor_and_signs_in_with_a_code(page, live_server):
    person = UserFactory(display_name="Ada Lovelace", email="ada@example.com")
    log_in(page, live_server, person.email)
    page.get_by_role("link", name="Ada Lovelace").click()
    page.get_by_role("link", name="Two-factor").click()
    screenshot(page, "mfa-index")
    page.get_by_role("link", name="Activate").click()
    page.get_by_label("Password").fill(PASSWORD)  # sensitive: allauth asks again
    page.get_by_role("button", name="Confirm").click()
    screenshot(page, "mfa-activate")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    screenshot(page, "mfa-recovery-codes")
    codes = page.get_by_label("Unused codes").input_value().split()
    assert len(codes) == 10

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, person.email)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    screenshot(page, "mfa-authenticate")
    page.get_by_label("Code").fill(codes[0])  # a recovery code works once
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Welcome, Ada Lovelace")).to_be_visible()


def test_a_person_sees_their_sessions_and_ends_the_others(page, new_page, live_server):
    person = UserFactory(display_name="Ada Lovelace", email="ada@example.com")
    elsewhere = new_page()
    log_in(elsewhere, live_server, person.email)
    expect(elsewhere.get_by_role("heading", name="Welcome, Ada Lovelace")).to_be_visible()
    log_in(page, live_server, person.email)
    expect(page.get_by_role("heading", name="Welcome, Ada Lovelace")).to_be_visible()
    page.get_by_role("link", name="Ada Lovelace").click()
    page.get_by_role("link", name="Sessions").click()
    expect(page.get_by_role("row")).to_have_count(3)  # header + two sessions
    screenshot(page, "sessions")
    page.get_by_role("button", name="Sign Out Other Sessions").click()
    expect(page.get_by_role("row")).to_have_count(2)

    elsewhere.reload()
    expect(elsewhere.get_by_role("link", name="Log in").first).to_be_visible()
    for each in (page, elsewhere):  # let the favicon load before the browsers close
        each.wait_for_load_state("networkidle")


def test_sessions_and_two_factor_pages_work_without_javascript(browser, live_server):
    person = UserFactory(display_name="Ada Lovelace", email="ada@example.com")
    other = browser.new_context()
    elsewhere = other.new_page()
    log_in(elsewhere, live_server, person.email)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, person.email)
    page.goto(live_server.url + "/accounts/sessions/")
    page.get_by_role("button", name="Sign Out Other Sessions").click()
    expect(page.get_by_role("row")).to_have_count(2)
    page.goto(live_server.url + "/accounts/2fa/")
    expect(page.get_by_role("link", name="Activate")).to_be_visible()
    context.close()
    other.close()


def test_too_many_password_resets_get_a_page_that_says_so(page, live_server, watch_page):
    person = UserFactory(email="ada@example.com")
    for attempt in range(6):
        page.goto(live_server.url + "/accounts/password/reset/")
        page.get_by_label("Email").fill(person.email)
        page.get_by_role("button", name="Reset My Password").click()
        if attempt < 5:
            page.wait_for_url("**/accounts/password/reset/done/")
            page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="That was a lot, in a short time")).to_be_visible()
    screenshot(page, "rate-limited")
    # Chromium logs the 429 answer itself as a console error: expected here, and only that.
    assert watch_page.problems == [
        "console error: Failed to load resource: the server responded with a status of 429 "
        "(Too Many Requests)"
    ]
    watch_page.problems.clear()
