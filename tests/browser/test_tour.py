"""A tour of the main pages on the demo data (`manage.py seed_demo`): no serious accessibility
problem (axe-core), nothing wider than a phone, and the README's screenshots.

Add a page by adding a row to `TOUR` (and to `PHONE` or `README_SHOTS` when it belongs there).
"""

import os
import textwrap
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING_IMPACTS = {"serious", "critical"}


def _pair(mentor: str, mentee: str):
    from mentorships.models import Mentorship

    def find(people):
        return Mentorship.objects.get(mentor=people[mentor], mentee=people[mentee], ended_at=None)

    return find


def _meeting(people):
    from meetings.models import Meeting

    mentorship = _pair("maya", "sam")(people)
    return Meeting.objects.filter(mentorship=mentorship).order_by("-starts_at").first()


# name: (who looks at it (None: a visitor), where it is, given the demo people)
TOUR: dict[str, tuple[str | None, Callable]] = {
    "landing": (None, lambda people: reverse("home")),
    "login": (None, lambda people: reverse("account_login")),
    "signup": (None, lambda people: reverse("account_signup")),
    "dashboard": ("maya", lambda people: reverse("home")),
    "directory": ("maya", lambda people: reverse("mentor_directory")),
    "mentorship": ("maya", lambda people: _pair("maya", "sam")(people).get_absolute_url()),
    "meetings": (
        "maya",
        lambda people: reverse("meeting_list", args=[_pair("maya", "sam")(people).pk]),
    ),
    "meeting": ("maya", lambda people: _meeting(people).get_absolute_url()),
    "notifications": ("maya", lambda people: reverse("notification_list")),
    "profile": ("maya", lambda people: reverse("profile_edit")),
    "mentor-profile": ("lena", lambda people: reverse("mentor_profile", args=["maya-okafor"])),
    "contract": (
        "lena",
        lambda people: reverse("contract_edit", args=[_pair("daniel", "lena")(people).pk]),
    ),
    "separation-review": (
        "tom",
        lambda people: reverse("separation_review", args=[_pair("priya", "tom")(people).pk]),
    ),
    "journey-record": (
        "alex",
        lambda people: reverse("journey_record", args=[_pair("maya", "alex")(people).pk]),
    ),
    "roadmap": (
        "maya",
        lambda people: reverse("roadmap_detail", args=[_pair("maya", "sam")(people).pk]),
    ),
    "roadmap-templates": ("lena", lambda people: reverse("roadmap_template_library")),
    "room": ("maya", lambda people: reverse("room_detail", args=[_pair("maya", "sam")(people).pk])),
    "thread": (
        "sam",
        lambda people: reverse("mentorship_thread", args=[_pair("maya", "sam")(people).pk]),
    ),
    "journal": ("sam", lambda people: reverse("journal")),
    "public-profile": (None, lambda people: reverse("public_profile", args=["sam-lee"])),
    "public-feed": (None, lambda people: reverse("public_feed")),
}

PHONE = ["dashboard", "mentorship", "directory", "meeting", "room", "roadmap", "thread"]

# The README's pictures: few, small, the product at a glance.
README_SHOTS = [
    "dashboard",
    "mentorship",
    "contract",
    "roadmap",
    "room",
    "separation-review",
    "directory",
    "meeting",
    "journey-record",
]


@pytest.fixture
def demo_people(live_server):
    from menteo import demo

    return demo.seed()


def tour(page, live_server, people, names):
    """Visit the pages `names` as their person would (logging in as needed); yield each name."""
    from menteo.demo import DEMO_PASSWORD

    current = "nobody"
    for who in sorted({TOUR[name][0] or "" for name in names}, key=lambda who: who != ""):
        for name in names:
            person, where = TOUR[name]
            if (person or "") != who:
                continue
            if who != current:
                page.context.clear_cookies()
                if who:
                    log_in(page, live_server, people[who].email, DEMO_PASSWORD)
                current = who
            response = page.goto(live_server.url + where(people))
            assert response.status == 200, f"{name}: {response.status}"
            page.wait_for_load_state("networkidle")
            yield name


def describe(page_name: str, violation: dict) -> str:
    lines = [
        f"[{violation['impact']}] {page_name}: {violation['id']}: {violation['help']}",
        f"    {violation['helpUrl']}",
    ]
    for node in violation["nodes"][:5]:
        lines.append(f"    at {', '.join(map(str, node['target']))}")
        lines.append(textwrap.indent(textwrap.shorten(node["html"], 160), "      "))
        summary = node.get("failureSummary", "").replace("\n", " ")
        lines.append(textwrap.indent(textwrap.shorten(summary, 300), "      "))
    if len(violation["nodes"]) > 5:
        lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def test_the_main_pages_have_no_serious_accessibility_problem(page, live_server, demo_people):
    axe = Axe()
    failures, notes = [], []
    for name in tour(page, live_server, demo_people, list(TOUR)):
        screenshot(page, f"tour-{name}")
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in FAILING_IMPACTS:
                failures.append(describe(name, violation))
            else:
                notes.append(describe(name, violation))
    if notes:
        print("Minor accessibility findings (not failing):\n" + "\n".join(notes))
    assert not failures, "Serious accessibility problems:\n" + "\n".join(failures)


OVERFLOWING = """() => {
  const width = window.innerWidth;
  const overflows = (el) =>
    el.getBoundingClientRect().right > width + 0.5 ||
    (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible");
  const describe = (el) => {
    const classes = [...el.classList];
    const name = [el.tagName.toLowerCase(), ...classes].join(".") + (el.id ? "#" + el.id : "");
    const text = (el.textContent || "").trim().slice(0, 40);
    return `${name} ("${text}")`;
  };
  // The innermost elements that stick out or spill their content: the culprits.
  const culprits = [...document.querySelectorAll("body *")].filter(
    (el) => overflows(el) && ![...el.children].some(overflows)
  );
  return culprits.slice(0, 8).map(describe);
}"""


def test_nothing_overflows_a_phone_screen(new_page, live_server, demo_people):
    page = new_page(viewport={"width": 390, "height": 844})
    problems = {}
    for name in tour(page, live_server, demo_people, PHONE):
        screenshot(page, f"phone-{name}")
        widest = page.evaluate("document.documentElement.scrollWidth")
        if widest > page.evaluate("window.innerWidth"):
            problems[name] = f"{widest}px wide: " + ", ".join(page.evaluate(OVERFLOWING))
    assert not problems, "Wider than a 390px phone:\n" + "\n".join(
        f"  {name}: {problem}" for name, problem in problems.items()
    )


README_DIR = os.environ.get("README_SCREENSHOTS")
README_HEIGHTS = {"contract": 1240}  # down to the goals


@pytest.mark.skipif(not README_DIR, reason="bash bin/screenshots saves the README's pictures")
def test_readme_screenshots(new_page, live_server, demo_people):
    page = new_page(viewport={"width": 1200, "height": 800}, locale="en-GB")
    os.makedirs(README_DIR, exist_ok=True)
    for name in tour(page, live_server, demo_people, README_SHOTS):
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        page.set_viewport_size({"width": 1200, "height": README_HEIGHTS.get(name, 800)})
        page.screenshot(path=os.path.join(README_DIR, f"{name}.png"))
