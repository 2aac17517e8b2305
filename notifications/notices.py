"""Who hears what: one row per event and person told, in the bell and by email.

`NOTICES` is the table. A row says which event, who is told (never the person who acted: the
actor is struck from every row), under which kind (each kind can be turned off in the email
settings, by one click in any email, and is checked again when the email is sent), and the
words. `tell()` listens to every event of the table and records the rows with the change that
caused them (the outbox), so a broker outage delays an email and never loses it.

Words are `str.format` templates over what `_scene()` reads of the event: `{actor}` (who did
it), `{other}` (the other person of the pair, for the recipient), `{mentor}`, `{mentee}`,
`{focus}`, and a few per event (`{version}`, `{to_stage}`, `{when}` in the recipient's time zone).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from meetings.models import Meeting
from menteo.events import AFTER_COMMIT, Event, listen
from mentorships import events
from mentorships.models import (
    CheckinRhythm,
    ExitFeedback,
    Mentorship,
    MentorshipRequest,
    Relationship,
    Stage,
)
from mentorships.services.requests import REQUEST_EXPIRES_AFTER
from notifications.models import Kind, Notification
from notifications.services.outbox import Due, deliver_soon, insert
from notifications.services.sweeps import local_now
from threads.models import Comment

# Who is told.
MENTOR = "the mentor"
MENTEE = "the mentee"
OTHER = "the other person"  # of the pair: the one who did not act
BOTH = "both people"  # for what nobody did (a date passed): with an actor, the actor is struck
POST_AUTHOR = "the post's author"

# Which page the email's button opens.
REQUEST_PAGE = "request"
MENTORSHIP_PAGE = "mentorship"
FEEDBACK_FORM = "feedback form"
MEETING_PAGE = "meeting"
POST_COMMENTS = "post comments"
DIRECTORY = "mentor directory"
DASHBOARD = "dashboard"


@dataclass(frozen=True)
class Notice:
    event: type[Event]
    to: str
    kind: str
    subject: str
    body: str
    action_label: str
    page: str
    only_if: Callable[[Event], bool] | None = None


NOTICES: list[Notice] = [
    # Requests
    Notice(
        events.RequestSent,
        MENTOR,
        Kind.NEW_REQUEST,
        "{mentee} asks you to be their mentor",
        "{mentee} would like your guidance on “{focus}”. Read their message and accept or decline.",
        "Read the request",
        REQUEST_PAGE,
    ),
    Notice(
        events.RequestWithdrawn,
        MENTOR,
        Kind.NEW_REQUEST,
        "{mentee} withdrew their request",
        "{mentee} no longer asks for your guidance on “{focus}”. There is nothing for you to do.",
        "Open your dashboard",
        DASHBOARD,
        only_if=lambda event: not event.leaving,
    ),
    Notice(
        events.RequestWithdrawn,
        MENTOR,
        Kind.NEW_REQUEST,
        "{mentee} left Menteo",
        "{mentee} deleted their account, so their request about “{focus}” is closed. There is "
        "nothing for you to do.",
        "Open your dashboard",
        DASHBOARD,
        only_if=lambda event: event.leaving,
    ),
    Notice(
        events.RequestExpired,
        MENTOR,
        Kind.NEW_REQUEST,
        "The request from {mentee} expired",
        "{mentee}'s request about “{focus}” waited {expiry_days} days without an answer, so it "
        "has expired and {mentee} may ask another mentor.",
        "Open your dashboard",
        DASHBOARD,
    ),
    Notice(
        events.RequestAccepted,
        MENTEE,
        Kind.REQUEST_ANSWER,
        "{mentor} accepted your request",
        "{mentor} will be your mentor for “{focus}”. Your mentorship starts in Initiation: write "
        "the contract together (3–5 measurable goals, ground rules, a meeting cadence) and "
        "choose a roadmap.",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.RequestDeclined,
        MENTEE,
        Kind.REQUEST_ANSWER,
        "{mentor} declined your request",
        "{mentor} can't take on “{focus}” now.{reason_sentence} Another mentor may be the right "
        "person: the directory shows who is accepting requests.",
        "Find another mentor",
        DIRECTORY,
        only_if=lambda event: not event.leaving,
    ),
    Notice(
        events.RequestDeclined,
        MENTEE,
        Kind.REQUEST_ANSWER,
        "{mentor} left Menteo",
        "{mentor} deleted their account, so your request about “{focus}” is closed. Another "
        "mentor may be the right person: the directory shows who is accepting requests.",
        "Find another mentor",
        DIRECTORY,
        only_if=lambda event: event.leaving,
    ),
    Notice(
        events.RequestExpired,
        MENTEE,
        Kind.REQUEST_ANSWER,
        "Your request to {mentor} expired",
        "{mentor} did not answer your request about “{focus}” within {expiry_days} days, so it "
        "has expired. You can ask another mentor now.",
        "Find another mentor",
        DIRECTORY,
    ),
    # The contract
    Notice(
        events.ContractEdited,
        OTHER,
        Kind.CONTRACT_CHANGE,
        "{actor} changed the contract you agreed to",
        "{actor} saved version {version} of the contract for “{focus}”, so your agreement to the "
        "earlier version is cleared: read the new one, and agree to it if it suits you.",
        "Read the contract",
        MENTORSHIP_PAGE,
        # Only a cleared agreement of the other person's is news to them; a draft is not.
        only_if=lambda event: any(pk != event.actor_id for pk in event.cleared_for),
    ),
    Notice(
        events.ContractAgreedByOne,
        OTHER,
        Kind.CONTRACT_CHANGE,
        "{actor} agreed to the contract",
        "{actor} agreed to version {version} of the contract for “{focus}”. Read it, and agree "
        "too if it suits you: the contract counts once you both have.",
        "Read the contract",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.ContractAgreedByBoth,
        OTHER,
        Kind.CONTRACT_CHANGE,
        "You and {actor} agreed to the contract",
        "{actor} agreed to version {version} too: the contract for “{focus}” is agreed by both "
        "of you. The roadmap as it is now is kept for your Separation review.",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    # The mentorship
    Notice(
        events.StageChanged,
        OTHER,
        Kind.STAGE_CHANGE,
        "{actor} moved “{focus}” to {to_stage}",
        "{actor} moved your mentorship from {from_stage} to {to_stage}.{note_sentence}",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.MentorshipPaused,
        OTHER,
        Kind.MENTORSHIP_STATUS,
        "{actor} paused your mentorship",
        "{actor} paused “{focus}”{until}.{reason_sentence} Reminders stop while it is paused; "
        "the room stays open.",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.MentorshipResumed,
        BOTH,
        Kind.MENTORSHIP_STATUS,
        "Your mentorship with {other} is running again",
        "{resumed_by} “{focus}”. Reminders and nudges start again.",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.MentorshipEnded,
        OTHER,
        Kind.MENTORSHIP_STATUS,
        "{actor} ended your mentorship",
        "{actor} ended “{focus}”.{reason_sentence} Nothing is deleted: the contract, the room and "
        "the record stay readable.",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.PersonLeft,
        OTHER,
        Kind.MENTORSHIP_STATUS,
        "{leaver} left Menteo",
        "{leaver} deleted their account, so “{focus}” has ended. What you need stays with you: "
        "the room history, the contract and the record, attributed to a former member.",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.FeedbackAsked,
        OTHER,
        Kind.FEEDBACK_REQUEST,
        "How did it go with {actor}?",
        "“{focus}” {reached}. Tell us how it went, in a few words and two ratings: your feedback "
        "is private (only the program's admins read it) and mentors see only aggregates of three "
        "people or more.",
        "Give your feedback",
        FEEDBACK_FORM,
    ),
    Notice(
        events.RelationshipProposed,
        OTHER,
        Kind.STAGE_CHANGE,
        "{actor} proposes: {relationship}, {rhythm}",
        "For “{focus}” in Redefinition, {actor} proposes that you become {relationship_lower} "
        "and check in {rhythm}. Confirm it, or propose something else: neither of you decides "
        "for both.",
        "Confirm or change it",
        MENTORSHIP_PAGE,
    ),
    Notice(
        events.RelationshipConfirmed,
        OTHER,
        Kind.STAGE_CHANGE,
        "{actor} confirmed: {relationship}, {rhythm}",
        "{actor} confirmed what “{focus}” becomes in Redefinition: {relationship_lower}, "
        "checking in {rhythm}. Menteo reminds you both when it is time.",
        "Open the mentorship",
        MENTORSHIP_PAGE,
    ),
    # Features
    Notice(
        events.CommentPosted,
        POST_AUTHOR,
        Kind.NEW_FEEDBACK,
        "{actor} gave feedback on “{title}”",
        "{actor} commented on your post “{title}”.",
        "Read the feedback",
        POST_COMMENTS,
    ),
    Notice(
        events.MeetingPlanned,
        OTHER,
        Kind.MEETING_INVITE,
        "{actor} planned a meeting for {when}",
        "{actor} planned a meeting about “{focus}” for {when}. Add what you'd like to talk about "
        "to the agenda beforehand; the invitation is attached for your calendar.",
        "Open the meeting",
        MEETING_PAGE,
    ),
    Notice(
        events.MeetingMoved,
        OTHER,
        Kind.MEETING_INVITE,
        "{actor} moved your meeting to {when}",
        "{actor} moved your meeting about “{focus}” to {when}. The updated invitation is attached.",
        "Open the meeting",
        MEETING_PAGE,
    ),
    Notice(
        events.MeetingCancelled,
        OTHER,
        Kind.MEETING_INVITE,
        "{actor} cancelled the meeting of {when}",
        "{actor} cancelled your meeting about “{focus}” of {when}. The attachment removes it from "
        "your calendar.",
        "Open the meeting",
        MEETING_PAGE,
    ),
]


# What a notice reads of its event -------------------------------------------------------------


@dataclass
class Scene:
    """The people and words of one event, read once for all its rows."""

    occasion: str
    mentor: User
    mentee: User
    words: dict[str, str]
    mentorship: Mentorship | None = None
    pages: dict[str, str] = field(default_factory=dict)
    post_author: User | None = None
    meeting_start: datetime | None = None

    def person(self, user_id) -> User | None:
        return {self.mentor.pk: self.mentor, self.mentee.pk: self.mentee}.get(user_id)

    def other_than(self, user: User) -> User:
        return self.mentee if user.pk == self.mentor.pk else self.mentor

    def words_for(self, recipient: User, actor: User | None) -> dict[str, str]:
        words = {
            **self.words,
            "mentor": self.mentor.name,
            "mentee": self.mentee.name,
            "other": self.other_than(recipient).name,
            "actor": actor.name if actor else "Menteo",
        }
        if self.meeting_start is not None:
            local = local_now(recipient, self.meeting_start)
            words["when"] = f"{local:%A %-d %B, %H:%M} ({local.tzinfo.key})"
        return words


def occasion_of(event: Event | type[Event], key) -> str:
    """What makes a notice unique, with the event's name: "request_sent:<id>"."""
    return f"{event.name.replace(' ', '_')}:{key}"


def occasion_key(occasion: str) -> str:
    """The id an occasion names: "request_sent:<id>" and "meeting:<id>:<sequence>" -> "<id>"."""
    return occasion.split(":")[1] if ":" in occasion else ""


def _request_scene(event) -> Scene:
    request = MentorshipRequest.objects.select_related("mentor", "mentee", "mentorship").get(
        pk=event.request_id
    )
    reason = request.decline_reason.strip()
    return Scene(
        occasion=occasion_of(event, request.pk),
        mentor=request.mentor,
        mentee=request.mentee,
        mentorship=request.mentorship,
        words={
            "focus": request.focus,
            "reason_sentence": _they_wrote(reason),
            "expiry_days": str(REQUEST_EXPIRES_AFTER.days),
        },
        pages={
            REQUEST_PAGE: reverse("request_detail", args=[request.pk]),
            MENTORSHIP_PAGE: (
                request.mentorship.get_absolute_url() if request.mentorship_id else ""
            ),
        },
    )


def _mentorship_scene(event, *, key: str, **words: str) -> Scene:
    mentorship = Mentorship.objects.select_related("mentor", "mentee").get(pk=event.mentorship_id)
    url = mentorship.get_absolute_url()
    return Scene(
        occasion=occasion_of(event, key),
        mentor=mentorship.mentor,
        mentee=mentorship.mentee,
        mentorship=mentorship,
        words={"focus": mentorship.focus, **words},
        pages={MENTORSHIP_PAGE: url, FEEDBACK_FORM: url + "#feedback"},
    )


def _contract_scene(event) -> Scene:
    scene = _mentorship_scene(event, key=str(event.contract_id))
    contract = scene.mentorship.contracts.only("version").get(pk=event.contract_id)
    scene.words["version"] = str(contract.version)
    return scene


def _they_wrote(text: str) -> str:
    """A person's own words, quoted as a sentence: ` They wrote: “Away until March.”`."""
    if not text:
        return ""
    ending = "" if text.endswith((".", "!", "?", "…")) else "."
    return f" They wrote: “{text}{ending}”"


def _stage_label(stage: str) -> str:
    return Stage(stage).label if stage else "the start"


def _transition_scene(event) -> Scene:
    note = getattr(event, "note", "").strip()
    return _mentorship_scene(
        event,
        key=str(event.transition_id),
        from_stage=_stage_label(getattr(event, "from_stage", "")),
        to_stage=_stage_label(getattr(event, "to_stage", "")),
        note_sentence=_they_wrote(note),
        reason_sentence=_they_wrote(getattr(event, "reason", "")),
        until=_until(getattr(event, "resume_on", None)),
        resumed_by="",
    )


def _until(resume_on: date | None) -> str:
    return f" until {resume_on:%-d %B %Y}" if resume_on else ""


def _resumed_scene(event) -> Scene:
    scene = _transition_scene(event)
    if event.actor_id is None:
        scene.words["resumed_by"] = "The planned resume date has come for"
    else:
        actor = scene.person(event.actor_id)
        scene.words["resumed_by"] = f"{actor.name if actor else 'Menteo'} resumed"
    return scene


def _feedback_asked_scene(event) -> Scene:
    reached = (
        "has ended" if event.occasion == ExitFeedback.Occasion.ENDED else "has reached Redefinition"
    )
    return _mentorship_scene(
        event, key=f"{event.mentorship_id}:{event.cycle}:{event.occasion}", reached=reached
    )


def _relationship_scene(event) -> Scene:
    relationship = Relationship(event.relationship).label
    return _mentorship_scene(
        event,
        key=f"{event.mentorship_id}:{event.at.isoformat()}",
        relationship=relationship,
        relationship_lower=relationship.lower(),
        rhythm=CheckinRhythm(event.checkin_rhythm).label.lower(),
    )


def _person_left_scene(event) -> Scene:
    return _mentorship_scene(event, key=str(event.mentorship_id), leaver=event.leaver_name)


def _meeting_scene(event) -> Scene:
    meeting = Meeting.objects.only("id", "starts_at", "sequence", "mentorship_id").get(
        pk=event.meeting_id
    )
    # meeting:<id>:<sequence> is what the invitation attachment reads back.
    scene = _mentorship_scene(event, key=f"{meeting.pk}:{meeting.sequence}")
    scene.occasion = f"meeting:{meeting.pk}:{meeting.sequence}"
    scene.meeting_start = meeting.starts_at
    scene.pages[MEETING_PAGE] = meeting.get_absolute_url()
    return scene


def _comment_scene(event) -> Scene:
    comment = Comment.objects.select_related(
        "post__author", "post__mentorship__mentor", "post__mentorship__mentee"
    ).get(pk=event.comment_id)
    post = comment.post
    mentorship = post.mentorship
    # A post outside a mentorship has an author only: they stand in for both roles.
    mentor = mentorship.mentor if mentorship else post.author
    mentee = mentorship.mentee if mentorship else post.author
    return Scene(
        occasion=occasion_of(event, comment.pk),
        mentor=mentor,
        mentee=mentee,
        mentorship=mentorship,
        words={"focus": mentorship.focus if mentorship else "", "title": post.title},
        pages={POST_COMMENTS: post.get_absolute_url() + "#comments"},
        post_author=post.author,
    )


SCENES: dict[type[Event], Callable[[Event], Scene]] = {
    events.RequestSent: _request_scene,
    events.RequestAccepted: _request_scene,
    events.RequestDeclined: _request_scene,
    events.RequestWithdrawn: _request_scene,
    events.RequestExpired: _request_scene,
    events.ContractEdited: _contract_scene,
    events.ContractAgreedByOne: _contract_scene,
    events.ContractAgreedByBoth: _contract_scene,
    events.StageChanged: _transition_scene,
    events.MentorshipPaused: _transition_scene,
    events.MentorshipResumed: _resumed_scene,
    events.MentorshipEnded: _transition_scene,
    events.FeedbackAsked: _feedback_asked_scene,
    events.RelationshipProposed: _relationship_scene,
    events.RelationshipConfirmed: _relationship_scene,
    events.PersonLeft: _person_left_scene,
    events.CommentPosted: _comment_scene,
    events.MeetingPlanned: _meeting_scene,
    events.MeetingMoved: _meeting_scene,
    events.MeetingCancelled: _meeting_scene,
}


def recipients(notice: Notice, scene: Scene, event: Event) -> list[User]:
    """Who `notice` reaches for `event`: never the actor."""
    people = {
        MENTOR: [scene.mentor],
        MENTEE: [scene.mentee],
        BOTH: [scene.mentor, scene.mentee],
        OTHER: [scene.mentor, scene.mentee],
        POST_AUTHOR: [scene.post_author] if scene.post_author else [],
    }[notice.to]
    unique = {person.pk: person for person in people}
    return [person for pk, person in unique.items() if pk != event.actor_id and person.is_active]


def _page(notice: Notice, scene: Scene) -> str:
    if notice.page == DIRECTORY:
        return reverse("mentor_directory")
    if notice.page == DASHBOARD:
        return reverse("home")
    return scene.pages[notice.page]


# The listeners ---------------------------------------------------------------------------------


logger = logging.getLogger(__name__)


@listen(*SCENES)
def tell(event: Event) -> None:
    """Record each notice of `event` for each person it reaches (each occasion once), in the
    transaction of the change. In a savepoint: a fault in the notices (a bug, a row too long)
    is logged and never undoes what the person did."""
    notices = [
        notice
        for notice in NOTICES
        if notice.event is type(event) and (notice.only_if is None or notice.only_if(event))
    ]
    if not notices:
        return
    try:
        with transaction.atomic():
            scene = SCENES[type(event)](event)
            for notice in notices:
                insert(notice.kind, _due(notice, scene, event))
    except Exception:
        logger.exception("The notices of %s were not recorded", event)


def _due(notice: Notice, scene: Scene, event: Event) -> list[Due]:
    actor = scene.person(event.actor_id)
    due = []
    for person in recipients(notice, scene, event):
        words = scene.words_for(person, actor)
        due.append(
            Due(
                recipient=person,
                mentorship=scene.mentorship,
                occasion=scene.occasion[:100],
                subject=notice.subject.format(**words)[:200],
                body=notice.body.format(**words),
                action_label=notice.action_label,
                action_path=_page(notice, scene),
            )
        )
    return due


@listen(*SCENES, phase=AFTER_COMMIT)
def send_soon(event: Event) -> None:
    """Queue the delivery of the emails once they are committed (the periodic delivery sends
    them anyway, within a minute, if the broker is away)."""
    deliver_soon()


@listen(
    events.RequestAccepted,
    events.RequestDeclined,
    events.RequestWithdrawn,
    events.RequestExpired,
)
def settle_request_notice(event: Event) -> None:
    """A request that is no longer pending no longer waits in the mentor's bell, and its email,
    if not sent yet, is not sent after the fact."""
    asked = Notification.objects.filter(
        kind=Kind.NEW_REQUEST, occasion=occasion_of(events.RequestSent, event.request_id)
    )
    asked.filter(status=Notification.Status.PENDING).update(status=Notification.Status.SKIPPED)
    asked.filter(read_at__isnull=True).update(read_at=timezone.now())
