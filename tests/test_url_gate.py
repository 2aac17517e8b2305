"""One access gate, tested for every URL of the project.

The test walks the URL resolver: a URL pattern (admin and allauth aside) without a row in
GATE fails CI. Each row says what an anonymous visitor, a logged-in outsider, a participant
and the other participant in the wrong role get, for every method the view answers.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem
from notifications import services as notification_services
from roadmaps import services as roadmap_services
from roadmaps.models import RoadmapTemplate
from tests.factories import (
    MeetingFactory,
    MentorshipRequestFactory,
    NotificationFactory,
    make_mentorship,
    make_post,
    post_message,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"  # an anonymous visitor is sent to the login page
PRIVATE = 404  # an outsider learns nothing, not even that the object exists


@dataclass(frozen=True)
class Row:
    target: str | None  # what the URL names: a key of the `world` fixture, or None
    methods: frozenset[str]
    anonymous: str | int = LOGIN
    outsider: int = PRIVATE
    # (who, method, status), or several: the other participant trying what only one role may do
    wrong_role: tuple = field(default=())

    def wrong_status(self, person: str, method: str) -> int | None:
        rules = (
            self.wrong_role
            if self.wrong_role and isinstance(self.wrong_role[0], tuple)
            else ((self.wrong_role,) if self.wrong_role else ())
        )
        return next((status for who, m, status in rules if (who, m) == (person, method)), None)


def row(target, *methods, **kwargs) -> Row:
    return Row(target, frozenset(methods), **kwargs)


GATE: dict[str, Row] = {
    # dashboard, accounts
    "home": row(None, "GET", anonymous=200, outsider=200),
    "profile_edit": row(None, "GET", "POST", outsider=200),
    "your_data": row(None, "GET", "POST", outsider=200),
    "data_export": row(None, "GET", outsider=200),
    # mentorships: finding a mentor, requests
    "mentor_directory": row(None, "GET", outsider=200),
    "mentor_profile": row("mentor", "GET", "POST", outsider=200),
    "mentor_profile_edit": row(None, "GET", "POST", outsider=200),
    "request_detail": row("request", "GET"),
    "request_accept": row("request", "POST", wrong_role=("mentee", "POST", 403)),
    "request_decline": row("request", "POST", wrong_role=("mentee", "POST", 403)),
    "request_withdraw": row("request", "POST", wrong_role=("mentor", "POST", 403)),
    # mentorships: the lifecycle
    "mentorship_detail": row("mentorship", "GET"),
    "mentorship_transition": row("mentorship", "POST"),
    "mentorship_end": row("mentorship", "GET", "POST"),
    "contract_edit": row("mentorship", "GET", "POST"),
    "contract_agree": row("mentorship", "POST"),
    "contract_version": row("contract", "GET"),
    "goal_status": row("goal", "POST"),
    "separation_review": row("mentorship", "GET", "POST"),
    "mentorship_pause": row("mentorship", "GET", "POST"),
    "mentorship_resume": row("mentorship", "POST"),
    "relationship_edit": row("mentorship", "POST"),
    "exit_feedback": row("mentorship", "GET", "POST"),
    # notifications
    "notification_list": row(None, "GET", outsider=200),
    "notification_read": row("notification", "POST"),
    "notification_read_all": row(None, "POST", outsider=302),
    "notification_settings": row(None, "GET", "POST", outsider=200),
    "notification_unsubscribe": row("token", "GET", "POST", anonymous=200, outsider=200),
    # meetings
    "meeting_list": row("mentorship", "GET", "POST"),
    "meeting_detail": row("meeting", "GET"),
    "meeting_edit": row("meeting", "GET", "POST"),
    "meeting_cancel": row("meeting", "POST"),
    "agenda_add": row("meeting", "POST"),
    "agenda_remove": row("agenda item", "POST", wrong_role=("mentee", "POST", 403)),
    "meeting_notes": row("meeting", "POST"),
    "action_add": row("meeting", "POST"),
    "action_to_milestone": row("action item", "POST"),
    "meeting_ics": row("meeting", "GET"),
    # roadmaps
    "roadmap_template_library": row(None, "GET", outsider=200),
    "roadmap_template_detail": row("template", "GET", outsider=200),
    "calendar_settings": row(None, "GET", "POST", outsider=200),
    "calendar_feed": row("calendar", "GET", anonymous=200, outsider=200),
    "roadmap_detail": row("mentorship", "GET"),
    "roadmap_apply_template": row("mentorship", "POST"),
    "milestone_add": row("mentorship", "POST"),
    "milestone_edit": row("milestone", "GET", "POST"),
    "milestone_delete": row("milestone", "GET", "POST"),
    "milestone_status": row("milestone", "POST"),
    "milestone_move": row("milestone", "POST"),
    # rooms
    "room_detail": row("mentorship", "GET"),
    "room_poll": row("mentorship", "GET"),
    "message_post": row("mentorship", "POST"),
    "room_mark_read": row("mentorship", "POST"),
    "message_edit": row(
        "message", "GET", "POST", wrong_role=(("mentee", "GET", 403), ("mentee", "POST", 403))
    ),
    "message_delete": row("message", "POST", wrong_role=("mentee", "POST", 403)),
    "room_search": row("mentorship", "GET"),
    # threads: public pages first, then the pair's journal (the post is a mentorship post)
    "public_feed": row(None, "GET", anonymous=200, outsider=200),
    "public_profile": row("mentee handle", "GET", anonymous=200, outsider=200),
    "public_profile_feed": row("mentee handle", "GET", anonymous=200, outsider=200),
    "journal": row(None, "GET", outsider=200),
    "journal_post_create": row(None, "GET", "POST", outsider=200),
    "post_preview": row(None, "POST", outsider=200),
    "mentorship_thread": row("mentorship", "GET"),
    "post_create": row(
        "mentorship", "GET", "POST", wrong_role=(("mentor", "GET", 403), ("mentor", "POST", 403))
    ),
    "journey_record": row("mentorship", "GET", "POST", wrong_role=("mentor", "POST", 403)),
    "post_detail": row("post", "GET"),
    "post_edit": row(
        "post", "GET", "POST", wrong_role=(("mentor", "GET", 403), ("mentor", "POST", 403))
    ),
    "post_delete": row("post", "POST", wrong_role=("mentor", "POST", 403)),
    "comment_create": row("post", "POST"),
}

EXEMPT_PREFIXES = ("admin/", "accounts/", "static/", "media/")  # admin's and allauth's own


def project_url_names() -> set[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(EXEMPT_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield pattern.name or route

    return set(walk(get_resolver().url_patterns))


def test_every_url_of_the_project_has_a_row():
    missing = project_url_names() - set(GATE)
    assert not missing, f"add a row to GATE for: {sorted(missing)}"
    assert not set(GATE) - project_url_names(), "remove the rows of URLs that are gone"


@pytest.fixture
def world():
    """One mentorship in Separation with a meeting, agenda and action items, a pending
    request to the same mentor, a notification: everything the URLs above name."""
    mentorship = make_mentorship(stage="separation")
    meeting = MeetingFactory(mentorship=mentorship, starts_at=timezone.now() + timedelta(days=2))
    request = MentorshipRequestFactory(mentor=mentorship.mentor)
    return {
        "mentorship": mentorship,
        "people": {"mentor": mentorship.mentor, "mentee": mentorship.mentee},
        "request": request,
        "meeting": meeting,
        "agenda item": AgendaItem.objects.create(
            meeting=meeting, author=mentorship.mentor, text="Hiring"
        ),
        "action item": ActionItem.objects.create(meeting=meeting, text="Draft the plan"),
        "notification": NotificationFactory(recipient=mentorship.mentee),
        "message": post_message(mentorship, mentorship.mentor, "Hello from the mentor"),
        "post": make_post(mentorship=mentorship, visibility="mentorship"),
    }


def args_for(target: str | None, world, *, missing: bool = False) -> list:
    new = uuid.uuid4()
    mentorship = world["mentorship"]
    match target:
        case None:
            return []
        case "mentor":
            return [mentorship.mentor.username]
        case "token":
            return [notification_services.unsubscribe_token(mentorship.mentee, "review_reminder")]
        case "request":
            return [new if missing else world["request"].pk]
        case "mentorship":
            return [new if missing else mentorship.pk]
        case "contract":
            return [new if missing else mentorship.pk, 1, 1]
        case "goal":
            return [new if missing else mentorship.pk, mentorship.goals.first().pk]
        case "meeting":
            return [new if missing else world["meeting"].pk]
        case "message":
            return [new if missing else mentorship.pk, world["message"].pk]
        case "agenda item" | "action item":
            return [new if missing else world["meeting"].pk, world[target].pk]
        case "notification":
            return [10**9 if missing else world["notification"].pk]
        case "template":
            return [RoadmapTemplate.objects.first().slug]
        case "calendar":
            return [roadmap_services.calendar_feed_for(mentorship.mentee).token]
        case "milestone":
            return [new if missing else mentorship.pk, mentorship.roadmap.milestones.first().pk]
        case "mentee handle":
            return [mentorship.mentee.username]
        case "post":
            return [new if missing else world["post"].pk]
    raise AssertionError(f"no arguments for {target}")


def participant_for(name: str, world):
    """Who the object belongs to: the mentee for notifications, else the mentor."""
    if GATE[name].target == "notification":
        return world["people"]["mentee"]
    if GATE[name].target == "request":
        return world["request"].mentor
    return world["people"]["mentor"]


def call(client, method: str, url: str):
    return getattr(client, method.lower())(url)


@pytest.mark.parametrize("name", sorted(GATE))
def test_an_anonymous_visitor(client, world, name):
    rule = GATE[name]
    url = reverse(name, args=args_for(rule.target, world))
    for method in sorted(rule.methods):
        response = call(client, method, url)
        if rule.anonymous == LOGIN:
            assert response.status_code == 302, (name, method)
            assert response.url.startswith(reverse("account_login")), (name, method)
        else:
            assert response.status_code == rule.anonymous, (name, method)


@pytest.mark.parametrize("name", sorted(GATE))
def test_a_logged_in_outsider(client, world, outsider, name):
    rule = GATE[name]
    client.force_login(outsider)
    url = reverse(name, args=args_for(rule.target, world))
    for method in sorted(rule.methods):
        status = call(client, method, url).status_code
        if rule.outsider == PRIVATE:
            assert status == 404, (name, method)
        else:
            assert status in (rule.outsider, 302, 400), (name, method, status)


@pytest.mark.parametrize("name", sorted(n for n, r in GATE.items() if r.outsider == PRIVATE))
def test_not_yours_and_does_not_exist_are_the_same_404(client, world, outsider, name):
    rule = GATE[name]
    method = sorted(rule.methods)[0]
    client.force_login(outsider)
    not_yours = call(client, method, reverse(name, args=args_for(rule.target, world)))
    client.force_login(participant_for(name, world))
    missing = call(client, method, reverse(name, args=args_for(rule.target, world, missing=True)))
    assert not_yours.status_code == missing.status_code == 404
    assert [t.name for t in not_yours.templates] == [t.name for t in missing.templates]


@pytest.mark.parametrize("name", sorted(n for n, r in GATE.items() if r.outsider == PRIVATE))
@pytest.mark.parametrize("person", ["mentor", "mentee"])
def test_a_participant(client, world, name, person):
    rule = GATE[name]
    if rule.target == "notification" and person == "mentor":
        pytest.skip("a notification has one recipient")
    user = world["people"][person]
    if rule.target == "request":
        user = getattr(world["request"], person)
    client.force_login(user)
    url = reverse(name, args=args_for(rule.target, world))
    if "GET" in rule.methods:
        expected = rule.wrong_status(person, "GET") or 200
        assert call(client, "GET", url).status_code == expected, name
    if rule.methods == {"POST"}:
        assert call(client, "GET", url).status_code == 405, name
    for method in sorted(rule.methods - {"GET"}):
        status = call(client, method, url).status_code
        if wrong := rule.wrong_status(person, method):
            assert status == wrong, (name, person, method, status)
        else:
            assert status not in (403, 404, 405) and status < 500, (name, person, method, status)
