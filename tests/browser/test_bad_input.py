"""Bad input in a real browser: a clear message on the form, and nothing typed is lost."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import make_mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_review_date_in_year_9999_is_refused_on_the_form_and_the_rest_is_kept(
    new_page, live_server, watch_page, javascript
):
    mentorship = make_mentorship(stage="initiation", agreed=False)
    page = new_page(java_script_enabled=javascript)
    watch_page.allow("400")  # the form answers 400 with its errors, which Chromium logs
    log_in(page, live_server, mentorship.mentee.email)
    page.goto(live_server.url + mentorship.get_absolute_url())
    page.get_by_role("link", name="Edit contract").click()
    page.get_by_label("Ground rules").fill("We answer within a day.\nNo meetings on Fridays.")
    page.get_by_label("Review date").fill("9999-12-31")
    page.get_by_role("button", name="Save contract").click()

    # Beside the field, and in the summary at the top, which has the focus.
    expect(
        page.locator(".field").get_by_text(re.compile(r"Choose a date between 1 January 2000 and"))
    ).to_be_visible()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name=re.compile(r"^Review date: Choose a date"))
    ).to_be_visible()
    expect(page.get_by_label("Ground rules")).to_have_value(
        "We answer within a day.\nNo meetings on Fridays."
    )
    screenshot(page, f"bad-input-review-date-js-{javascript}")
    mentorship.current_contract.refresh_from_db()
    assert (
        mentorship.current_contract.ground_rules
        != "We answer within a day.\nNo meetings on Fridays."
    )
