"""Everything Menteo holds about a person: downloaded as one JSON file, erased on request.

Erasing keeps what the other person in a mentorship needs (the contract, the history, the
meetings, the room, feedback they gave) and attributes it to "a former member": the account
row stays, emptied of everything that identifies the person, so shared records keep their
meaning.
"""

import uuid
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from meetings.models import Meeting
from mentorships import services as mentorships
from mentorships.models import (
    ExitFeedback,
    GoalAcknowledgement,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
)
from mentorships.selectors import participant_filter
from notifications.models import EmailOptOut, Notification
from threads.models import GrowthThread

FORMER_MEMBER = "A former member"


def _when(value):
    return value.isoformat() if value else None


def _profile(user: User) -> dict:
    return {
        "email": user.email,
        "handle": user.username,
        "display_name": user.display_name,
        "headline": user.headline,
        "bio": user.bio,
        "timezone": user.timezone,
        "joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
    }


def _mentor_profile(user: User) -> dict | None:
    profile = MentorProfile.objects.filter(user=user).prefetch_related("expertise").first()
    if profile is None:
        return None
    return {
        "capacity": profile.capacity,
        "accepting_requests": profile.is_accepting,
        "expertise": [e.name for e in profile.expertise.all()],
    }


def _requests(user: User) -> list[dict]:
    rows = MentorshipRequest.objects.filter(Q(mentee=user) | Q(mentor=user)).select_related(
        "mentor", "mentee"
    )
    return [
        {
            "role": "mentee" if r.mentee_id == user.pk else "mentor",
            "mentor": r.mentor.name,
            "mentee": r.mentee.name,
            "focus": r.focus,
            "message": r.message,
            "status": r.status,
            "sent": _when(r.created_at),
        }
        for r in rows
    ]


def _mentorships(user: User) -> list[dict]:
    rows = (
        Mentorship.objects.filter(participant_filter(user))
        .select_related("mentor", "mentee")
        .prefetch_related("contracts", "goals", "transitions__by")
    )
    return [
        {
            "role": m.role_of(user),
            "mentor": m.mentor.name,
            "mentee": m.mentee.name,
            "focus": m.focus,
            "stage": m.stage,
            "cycle": m.cycle,
            "started": _when(m.started_at),
            "ended": _when(m.ended_at),
            "end_reason": m.end_reason,
            "contracts": [
                {
                    "cycle": c.cycle,
                    "version": c.version,
                    "ground_rules": c.ground_rules,
                    "meeting_cadence": c.meeting_cadence,
                    "review_date": _when(c.review_date),
                    "goals": c.goals_snapshot,
                    "mentor_agreed": _when(c.mentor_agreed_at),
                    "mentee_agreed": _when(c.mentee_agreed_at),
                }
                for c in m.contracts.all()
            ],
            "goals": [
                {"title": g.title, "status": g.status, "evidence": g.evidence, "cycle": g.cycle}
                for g in m.goals.all()
            ],
            "history": [
                {
                    "from": t.from_stage,
                    "to": t.to_stage,
                    "by": t.by.name if t.by else None,
                    "note": t.note,
                    "when": _when(t.created_at),
                }
                for t in m.transitions.all()
            ],
        }
        for m in rows
    ]


def _acknowledgements(user: User) -> list[dict]:
    rows = GoalAcknowledgement.objects.filter(user=user).select_related("goal")
    return [
        {"goal": a.goal.title, "outcome": a.outcome, "note": a.note, "when": _when(a.created_at)}
        for a in rows
    ]


def _exit_feedback(user: User) -> list[dict]:
    return list(
        ExitFeedback.objects.filter(author=user).values(
            "occasion",
            "what_worked",
            "what_to_change",
            "relationship_rating",
            "progress_rating",
            "would_recommend",
        )
    )


def _meetings(user: User) -> list[dict]:
    rows = Meeting.objects.filter(participant_filter(user, "mentorship__")).prefetch_related(
        "agenda", "actions"
    )
    return [
        {
            "starts_at": _when(m.starts_at),
            "status": m.status,
            "notes": m.notes,
            "agenda": [a.text for a in m.agenda.all()],
            "actions": [a.text for a in m.actions.all()],
        }
        for m in rows
    ]


def _notifications(user: User) -> list[dict]:
    return [
        {"kind": n.kind, "subject": n.subject, "body": n.body, "when": _when(n.created_at)}
        for n in Notification.objects.filter(recipient=user)
    ]


def _room_messages(user: User) -> list[dict]:
    from rooms.models import Message

    rows = Message.objects.filter(author=user, deleted_at__isnull=True).select_related(
        "room__mentorship"
    )
    return [
        {"mentorship": m.room.mentorship.focus, "body": m.body, "when": _when(m.created_at)}
        for m in rows.order_by("id")
    ]


def _thread_posts(user: User) -> list[dict]:
    from threads.models import Post

    return [
        {
            "title": p.title,
            "body": p.body,
            "kind": p.kind,
            "visibility": p.visibility,
            "published": _when(p.published_at),
            "feedback": [{"by": c.author.name, "body": c.body} for c in p.comments.all()],
        }
        for p in Post.objects.filter(author=user).prefetch_related("comments__author")
    ]


def _thread_comments(user: User) -> list[dict]:
    from threads.models import Comment

    return [
        {"post": c.post.title, "body": c.body, "when": _when(c.created_at)}
        for c in Comment.objects.filter(author=user).select_related("post")
    ]


# Each app's part of the export, by section name.
SECTIONS: dict[str, Callable[[User], Any]] = {
    "profile": _profile,
    "mentor_profile": _mentor_profile,
    "mentorship_requests": _requests,
    "mentorships": _mentorships,
    "goal_acknowledgements": _acknowledgements,
    "exit_feedback": _exit_feedback,
    "meetings": _meetings,
    "notifications": _notifications,
    "room_messages": _room_messages,
    "growth_thread_posts": _thread_posts,
    "growth_thread_comments": _thread_comments,
}


def export(user: User) -> dict:
    return {
        "exported_at": timezone.now().isoformat(),
        "about": "Everything Menteo holds about you, as of the date above.",
        **{name: section(user) for name, section in SECTIONS.items()},
    }


# Erasure ------------------------------------------------------------------------------------

# Each app's private data of the person, deleted outright (shared records are kept).
ERASERS: list[Callable[[User], None]] = [
    lambda user: MentorProfile.objects.filter(user=user).delete(),
    lambda user: ExitFeedback.objects.filter(author=user).delete(),
    lambda user: Notification.objects.filter(recipient=user).delete(),
    lambda user: EmailOptOut.objects.filter(user=user).delete(),
    lambda user: EmailAddress.objects.filter(user=user).delete(),
    lambda user: Authenticator.objects.filter(user=user).delete(),
    # The journal is the person's own writing: it goes, with the feedback on it. Room messages
    # and feedback they gave on someone else's posts stay, by "a former member".
    lambda user: GrowthThread.objects.filter(author=user).delete(),
]


def _close_open_business(user: User) -> None:
    """End live mentorships (the other person is told) and settle pending requests."""
    reason = "The other person deleted their Menteo account."
    for mentorship in Mentorship.objects.filter(participant_filter(user), ended_at__isnull=True):
        mentorships.mentorship_end(mentorship=mentorship, by=user, reason=reason)
    for request in MentorshipRequest.objects.filter(
        mentee=user, status=MentorshipRequest.Status.PENDING
    ):
        mentorships.request_withdraw(request_id=request.pk, by=user)
    for request in MentorshipRequest.objects.filter(
        mentor=user, status=MentorshipRequest.Status.PENDING
    ):
        mentorships.request_decline(
            request_id=request.pk, by=user, reason="The mentor has left Menteo."
        )


def _end_sessions(user: User) -> None:
    from allauth.usersessions.models import UserSession

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()


def erase(user: User) -> None:
    """Delete the account: private data goes, shared records stay with "a former member"."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _close_open_business(user)
        for eraser in ERASERS:
            eraser(user)
        _end_sessions(user)
        token = uuid.uuid4().hex
        user.email = f"deleted-{token}@deleted.invalid"
        user.username = f"former-{token[:12]}"
        user.display_name = FORMER_MEMBER
        user.headline = ""
        user.bio = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
