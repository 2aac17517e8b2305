"""One access gate, tested for every URL of the project.

The test walks the URL resolver: a URL pattern (admin and allauth aside) without a row in
GATE fails CI. Each row says what an anonymous visitor, a logged-in outsider, a participant
and the other participant in the wrong role get, for every method the view answers.

On a private URL an outsider gets the 404 of a missing object, with htmx or without, for a
request that a participant would see succeed: the answer shows none of the pair's words and
nothing in the database changes. The participant's same request does change it, so that
check can fail. This is the only access table: an app's own tests check its rules, not who
may open its URLs.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem
from mentorships import services as mentorship_services
from notifications import services as notification_services
from roadmaps import services as roadmap_services
from roadmaps.models import RoadmapTemplate
from rooms.models import ReadMarker
from tests.factories import (
    GOALS,
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
    # PRIVATE, or what a logged-in outsider gets: one status, or one per method
    outsider: int | dict[str, int] = PRIVATE
    # (who, method, status), or several: the other participant trying what only one role may do
    wrong_role: tuple = field(default=())
    # where the world's mentorship is (a key of STATES): where a participant's POST does something
    state: str = "in separation"

    def wrong_status(self, person: str, method: str) -> int | None:
        rules = (
            self.wrong_role
            if self.wrong_role and isinstance(self.wrong_role[0], tuple)
            else ((self.wrong_role,) if self.wrong_role else ())
        )
        return next((status for who, m, status in rules if (who, m) == (person, method)), None)

    def outsider_status(self, method: str) -> int:
        return self.outsider[method] if isinstance(self.outsider, dict) else self.outsider


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
    "contract_edit": row("mentorship", "GET", "POST", state="in initiation"),
    "contract_agree": row("mentorship", "POST", state="in initiation"),
    "contract_version": row("contract", "GET"),
    "goal_status": row("goal", "POST", state="in cultivation"),
    "separation_review": row("mentorship", "GET", "POST"),
    "mentorship_pause": row("mentorship", "GET", "POST"),
    "mentorship_resume": row("mentorship", "POST", state="paused"),
    "relationship_edit": row("mentorship", "POST", state="in redefinition"),
    "exit_feedback": row("mentorship", "GET", "POST", state="in redefinition"),
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
    "meeting_notes": row("past meeting", "POST"),
    "action_add": row("meeting", "POST"),
    "action_to_milestone": row("action item", "POST", state="in cultivation"),
    "meeting_ics": row("meeting", "GET"),
    # roadmaps
    "roadmap_template_library": row(None, "GET", outsider=200),
    "roadmap_template_detail": row("template", "GET", outsider=200),
    "calendar_settings": row(None, "GET", "POST", outsider={"GET": 200, "POST": 302}),
    "calendar_feed": row("calendar", "GET", anonymous=200, outsider=200),
    "roadmap_detail": row("mentorship", "GET"),
    "roadmap_apply_template": row("mentorship", "POST", state="with an empty roadmap"),
    "milestone_add": row("mentorship", "POST", state="in cultivation"),
    "milestone_edit": row("milestone", "GET", "POST", state="in cultivation"),
    "milestone_delete": row("milestone", "GET", "POST", state="in cultivation"),
    "milestone_status": row("milestone", "POST"),
    "milestone_move": row("milestone", "POST", state="in cultivation"),
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
    "journal_post_create": row(None, "GET", "POST", outsider={"GET": 200, "POST": 400}),
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

PRIVATE_URLS = sorted(name for name, rule in GATE.items() if rule.outsider == PRIVATE)
PUBLIC_URLS = sorted(name for name, rule in GATE.items() if rule.outsider != PRIVATE)

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


# The world ----------------------------------------------------------------------------

# What the pair wrote, and the page where each of them reads it (see the test just below).
MESSAGE = "The reorg stays confidential until March"
REPLY = "I may resign if the reorg goes ahead"
POST_TITLE = "How I handled my first layoff"
AGENDA = "Talk through the salary offer"
ACTION = "Draft the counter offer"
GOAL = GOALS[0][0]  # "Run weekly one-on-ones with all four reports"
REQUEST = "I am leaving my employer and nobody knows yet"
SECRETS = {
    MESSAGE: "room_detail",
    REPLY: "room_detail",
    POST_TITLE: "post_detail",
    AGENDA: "meeting_detail",
    ACTION: "meeting_detail",
    GOAL: "mentorship_detail",
    REQUEST: "request_detail",
}
SEARCHED = {"q": "reorg", "after": 0, "revision": 0}  # a GET's query: search, poll cursor

STATES = {
    "in initiation": {"stage": "initiation"},
    "with an empty roadmap": {"stage": "initiation", "milestones": 0},
    # two milestones: a running roadmap keeps at least one, so one can be deleted
    "in cultivation": {"stage": "cultivation", "milestones": 2},
    "paused": {"stage": "cultivation"},  # and then paused by the mentee
    "in separation": {"stage": "separation"},
    "in redefinition": {"stage": "redefinition"},
}


def mentorship_in(state: str):
    mentorship = make_mentorship(**STATES[state])
    if state == "paused":
        mentorship_services.mentorship_pause(
            mentorship=mentorship, by=mentorship.mentee, reason="Parental leave"
        )
        mentorship.refresh_from_db()
    return mentorship


@pytest.fixture
def world(request):
    """One mentorship with a meeting to come and one that has started, an agenda and an
    action item, a message each way, a mentorship post, a pending request to the same mentor,
    a notification: everything the URLs above name, holding the SECRETS. The mentorship is in
    Separation, or in the state the row of the URL under test asks for."""
    name = request.node.callspec.params.get("name") if hasattr(request.node, "callspec") else None
    mentorship = mentorship_in(GATE[name].state if name else "in separation")
    mentor, mentee = mentorship.mentor, mentorship.mentee
    meeting = MeetingFactory(mentorship=mentorship, starts_at=timezone.now() + timedelta(days=2))
    past_meeting = MeetingFactory(
        mentorship=mentorship, starts_at=timezone.now() - timedelta(hours=1)
    )
    message = post_message(mentorship, mentor, MESSAGE)
    reply = post_message(mentorship, mentee, REPLY)
    # Neither has opened the room since: each of them has something to mark as read.
    ReadMarker.objects.filter(room__mentorship=mentorship).update(last_read_message_id=0)
    return {
        "mentorship": mentorship,
        "people": {"mentor": mentor, "mentee": mentee},
        "message": message,
        "reply": reply,
        "post": make_post(mentorship=mentorship, visibility="mentorship", title=POST_TITLE),
        "meeting": meeting,
        "past meeting": past_meeting,
        "agenda item": AgendaItem.objects.create(meeting=meeting, author=mentor, text=AGENDA),
        "action item": ActionItem.objects.create(meeting=meeting, text=ACTION),
        "goal": mentorship.goals.get(title=GOAL),
        "request": MentorshipRequestFactory(mentor=mentor, message=REQUEST),
        "notification": NotificationFactory(recipient=mentee),
    }


def test_the_secrets_are_on_the_pairs_pages(client, world):
    """So that an outsider's answer without them means something."""
    for secret, name in SECRETS.items():
        rule = GATE[name]
        client.force_login(participant_for(name, world))
        response = client.get(reverse(name, args=args_for(rule.target, world)))
        assert secret in response.content.decode(), (secret, name)


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
            return [new if missing else mentorship.pk, world["goal"].pk]
        case "meeting" | "past meeting":
            return [new if missing else world[target].pk]
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


def posted(name: str, world) -> dict:
    """A POST that the view accepts from a participant in the right role: what a form sends."""
    mentorship, goal = world["mentorship"], world["goal"]
    soon = timezone.localtime() + timedelta(days=5)
    meeting = {"starts_at": f"{soon:%Y-%m-%dT%H:%M}", "duration_minutes": 60, "where": "Cafe"}
    post = {"title": "A new entry", "body": "It went well.", "kind": "reflection"}
    match name:
        case "request_decline":
            return {"reason": "My calendar is full this quarter."}
        case "mentorship_transition":
            return {"to": "cultivation", "note": "A new challenge", "reopen_goals": [goal.pk]}
        case "mentorship_end":
            return {"reason": "We reached what we set out to do."}
        case "contract_edit":
            goals = {
                f"goals-{index}-{key}": value
                for index, goal in enumerate(mentorship.goals.all())
                for key, value in (
                    ("id", goal.pk),
                    ("title", goal.title),
                    ("success_criterion", goal.success_criterion),
                )
            }
            return {
                "version": mentorship.current_contract.version,
                "ground_rules": "Reply within a day.",
                "meeting_cadence": "weekly",
                "communication_methods": ["room"],
                "review_date": f"{timezone.localdate() + timedelta(days=90):%Y-%m-%d}",
                "goals-TOTAL_FORMS": mentorship.goals.count(),
                "goals-INITIAL_FORMS": 0,
                **goals,
            }
        case "contract_agree":
            return {"version": mentorship.current_contract.version}
        case "goal_status":
            return {"achieved": "on", "evidence": "Eight weeks of one-on-ones held."}
        case "separation_review":
            return {"goal": goal.pk, f"goal-{goal.pk}-outcome": "achieved"}
        case "mentorship_pause":
            return {"reason": "Parental leave"}
        case "relationship_edit":
            return {"relationship": "sponsor", "checkin_rhythm": "yearly"}
        case "exit_feedback":
            return {
                "what_worked": "Honest answers.",
                "relationship_rating": 5,
                "progress_rating": 4,
                "would_recommend": "on",
            }
        case "meeting_list":
            return {**meeting, "agenda": "Next steps"}
        case "meeting_edit":
            return meeting
        case "agenda_add" | "action_add":
            return {"text": "Another point"}
        case "meeting_notes":
            return {"notes": "We met.", "actions": "Call the recruiter"}
        case "roadmap_apply_template":
            return {
                "template": RoadmapTemplate.objects.first().pk,
                "start_date": f"{timezone.localdate():%Y-%m-%d}",
            }
        case "message_delete" | "post_delete":
            return {"confirm": "yes"}  # without it, a page asks first and nothing changes
        case "milestone_add":
            return {"title": "A new step"}
        case "milestone_edit":
            return {"edit-title": "A renamed step"}
        case "milestone_status":
            return {"status": "done"}
        case "milestone_move":
            return {"direction": "down"}
        case "message_post":
            return {"body": "A new message", "client_token": str(uuid.uuid4())}
        case "room_mark_read":
            return {"message_id": world["reply"].pk}
        case "message_edit" | "comment_create":
            return {"body": "Better words"}
        case "post_create":
            return {**post, "visibility": "mentorship"}
        case "post_edit":
            return {**post, "visibility": "private"}
        case "journey_record":
            return {"posts": [world["post"].pk]}
    return {}  # the URL itself says it all (accept, delete, cancel, …)


def participant_for(name: str, world):
    """Who the object belongs to: the mentee for notifications, else the mentor."""
    if GATE[name].target == "notification":
        return world["people"]["mentee"]
    if GATE[name].target == "request":
        return world["request"].mentor
    return world["people"]["mentor"]


def database_rows() -> dict[str, list[tuple]]:
    """Every column of every row of the project's own models: any write changes it."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
        for model in config.get_models()
    }


def tables_written_since(before: dict[str, list[tuple]]) -> list[str]:
    after = database_rows()
    return [label for label, rows in after.items() if rows != before[label]]


def call(client, method: str, url: str, data=None, **headers):
    return getattr(client, method.lower())(url, data or {}, headers=headers)


# Who gets what ----------------------------------------------------------------------------


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


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_a_logged_in_outsider_on_a_public_url(client, world, outsider, name):
    rule = GATE[name]
    client.force_login(outsider)
    url = reverse(name, args=args_for(rule.target, world))
    for method in sorted(rule.methods):
        assert call(client, method, url).status_code == rule.outsider_status(method), method


def test_the_pair_gets_the_public_pages_as_anyone_does(client, world):
    for person in ("mentor", "mentee"):
        client.force_login(world["people"][person])
        for name in PUBLIC_URLS:
            rule = GATE[name]
            if "GET" in rule.methods:
                url = reverse(name, args=args_for(rule.target, world))
                assert client.get(url).status_code == rule.outsider_status("GET"), (name, person)


@pytest.mark.parametrize("name", PRIVATE_URLS)
def test_an_outsider_gets_the_404_of_a_missing_object_and_nothing_else(
    client, world, outsider, name
):
    """For what a participant may do (a form filled in), with htmx or without: the same 404 as
    a participant asking for an object that does not exist, none of the pair's words, and not
    a row written."""
    rule = GATE[name]
    client.force_login(outsider)
    participant = Client()
    participant.force_login(participant_for(name, world))
    url = reverse(name, args=args_for(rule.target, world))
    missing_url = reverse(name, args=args_for(rule.target, world, missing=True))
    before = database_rows()
    for method in sorted(rule.methods):
        data = posted(name, world) if method == "POST" else SEARCHED
        for headers in ({}, {"HX-Request": "true"}):
            not_yours = call(client, method, url, data, **headers)
            missing = call(participant, method, missing_url, data, **headers)
            assert not_yours.status_code == missing.status_code == 404, (method, headers)
            assert [t.name for t in not_yours.templates] == [t.name for t in missing.templates]
            shown = [secret for secret in SECRETS if secret in not_yours.content.decode()]
            assert not shown, (method, headers)
    assert not tables_written_since(before)


@pytest.mark.parametrize("name", PRIVATE_URLS)
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
        assert call(client, "GET", url).status_code == expected
    if rule.methods == {"POST"}:
        assert call(client, "GET", url).status_code == 405
    for method in sorted(rule.methods - {"GET"}):
        wrong = rule.wrong_status(person, method)
        # A form sent empty is answered (not refused for access, not a crash); undone after.
        with transaction.atomic():
            status = call(client, method, url).status_code
            transaction.set_rollback(True)
        if wrong:
            assert status == wrong, ("empty", method, status)
        else:
            assert status not in (403, 404, 405) and status < 500, ("empty", method, status)
        before = database_rows()
        status = call(client, method, url, posted(name, world)).status_code
        if wrong:
            assert status == wrong, (method, status)
            assert not tables_written_since(before), f"the {person} may not {method}"
        else:
            assert status not in (403, 404, 405) and status < 500, (method, status)
            assert tables_written_since(before), f"the {person}'s {method} changed nothing"
