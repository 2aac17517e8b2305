"""Two people in two browsers, served by two gunicorn instances: the mentor's browser talks
to the first instance, the mentee's goes through haproxy (round robin over both), and what
the mentor sends appears on the mentee's page by its own polling, without a reload."""

import os

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory, make_mentorship
from tests.system.harness import free_port, local_trial_env

pytestmark = [pytest.mark.system, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL_INTERVAL = 4  # seconds: templates/rooms/room.html, hx-trigger="every 4s"
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def watch(page, problems: list[str]):
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.set_default_timeout(15_000)
    return page


def log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_message_sent_through_one_instance_appears_in_a_browser_on_the_proxy(
    smtp, redis_url, processes, haproxy, chromium, browser
):
    ports = {"web1": free_port(), "web2": free_port()}
    proxy_port = free_port()
    proxy_url = f"http://127.0.0.1:{proxy_port}"
    env = local_trial_env(redis_url=redis_url, smtp_port=smtp.port, site_url=proxy_url)
    for name, port in ports.items():
        processes.gunicorn(name, env, port)
    processes.haproxy(proxy_port, ports)
    for port in [*ports.values(), proxy_port]:
        processes.wait_for_http(port)
    mentor = UserFactory(display_name="Maya Okafor")
    mentee = UserFactory(display_name="Sam Rivera")
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    room = f"/mentorships/{mentorship.pk}/room/"

    problems: list[str] = []
    contexts = [browser.new_context(), browser.new_context()]
    try:
        sam = watch(contexts[0].new_page(), problems)
        served_by = []
        sam.on("response", lambda r: served_by.append(r.headers.get("x-served-by")))
        log_in(sam, proxy_url, mentee.email)
        sam.goto(proxy_url + room)
        expect(sam.get_by_role("heading", name="Room with Maya Okafor")).to_be_visible()

        maya = watch(contexts[1].new_page(), problems)
        web1 = f"http://127.0.0.1:{ports['web1']}"
        log_in(maya, web1, mentor.email)
        maya.goto(web1 + room)
        composer = maya.get_by_role("textbox", name="Message")
        composer.fill("Sent through **web1**, read through the proxy.")
        composer.press("Enter")
        expect(maya.locator("article.message.is-mine").last).to_contain_text("Sent through")

        arrived = sam.locator("article.message", has_text="read through the proxy")
        expect(arrived).to_be_visible(timeout=(POLL_INTERVAL + 4) * 1000)  # polled, no reload
        expect(arrived.locator(".message-body strong")).to_have_text("web1")
        assert sam.evaluate("performance.getEntriesByType('navigation').length") == 1
        if SCREENSHOTS:
            shot = f"{SCREENSHOTS}/scale-out-mentee-through-proxy.png"
            sam.screenshot(path=shot, caret="initial")
        # The mentee's page and polls were served by both instances.
        assert {"web1", "web2"} <= set(served_by), served_by
    finally:
        for context in contexts:
            context.close()
    assert not problems, problems
