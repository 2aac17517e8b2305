"""Playwright harness: Debian's Chromium against pytest-django's live server on PostgreSQL.

Every browser test fails on a JavaScript console error, a CSP violation or a failed request
for a page asset.
"""

import os
import shutil

import pytest

from tests.chromium import CHROMIUM, browser_type_launch_args  # noqa: F401 (a fixture)


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium is missing at {CHROMIUM}: CI must install it.")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def watch_page():
    """Attach console and network watchers to a page; teardown fails the test on any problem.

    `watch_page.allow(text)` declares a problem the test causes on purpose (a form sent with
    errors answers 400, which Chromium logs): problems containing `text` are then not counted.
    """
    problems: list[str] = []
    allowed: list[str] = []
    pages = []

    def watch(page):
        def on_console(message):
            if message.type == "error":
                problems.append(f"console error: {message.text}")

        def on_request_failed(request):
            if request.failure == "net::ERR_ABORTED":  # the page moved on before it loaded
                return
            problems.append(f"request failed: {request.url} ({request.failure})")

        def on_response(response):
            if response.request.resource_type in {"stylesheet", "script", "image", "font"} and (
                response.status >= 400
            ):
                problems.append(f"asset {response.url} answered {response.status}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)
        page.on("dialog", lambda dialog: dialog.accept())
        # Chromium logs CSP violations as console errors already; this names the directive.
        page.add_init_script(CSP_REPORTER)
        page.set_default_timeout(10_000)
        pages.append(page)
        return page

    watch.problems = problems
    watch.allow = allowed.append
    yield watch
    unexpected = [p for p in problems if not any(text in p for text in allowed)]
    assert not unexpected, "\n".join(unexpected)


@pytest.fixture
def page(page, watch_page, live_server):
    return watch_page(page)


@pytest.fixture
def new_page(context, browser, watch_page, live_server):
    """A second, independent browser (its own cookies): another person at another desk."""
    contexts = []

    def open_page(**context_args):
        ctx = browser.new_context(**context_args)
        contexts.append(ctx)
        return watch_page(ctx.new_page())

    yield open_page
    for ctx in contexts:
        ctx.close()


SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot when SCREENSHOT_DIR is set (to look at, not to compare)."""
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        # caret="initial": Playwright's default hides the caret with a <style> our CSP blocks.
        page.screenshot(
            path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True, caret="initial"
        )


def log_in(page, live_server, email: str, password: str | None = None) -> None:
    """Sign in through the login page, as a person would."""
    from tests.factories import PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign In").click()
