"""The mentorships' part of a person's data (see accounts/personal_data.py): their mentor
profile, requests, mentorships, acknowledgements and exit feedback in the download; on erasure,
their open business settled (the other person is told) and their private records deleted."""

from accounts import personal_data
from accounts.models import User
from accounts.personal_data import isoformat
from mentorships import selectors, services
from mentorships.models import (
    ExitFeedback,
    GoalAcknowledgement,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
)

# Stored with the records the other person keeps, so they name nobody: the erased account
# reads "a former member" there too. The events carry the name, for the notice.
ENDED_BECAUSE_LEFT = "The other person deleted their Menteo account."
DECLINED_BECAUSE_LEFT = "The mentor has left Menteo."


@personal_data.section("mentor_profile")
def mentor_profile(user: User) -> dict | None:
    profile = selectors.mentor_profile_of(user)
    if profile is None:
        return None
    return {
        "capacity": profile.capacity,
        "accepting_requests": profile.is_accepting,
        "expertise": [e.name for e in profile.expertise.all()],
    }


@personal_data.section("mentorship_requests")
def requests(user: User) -> list[dict]:
    rows = MentorshipRequest.objects.filter(selectors.participant_filter(user)).select_related(
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
            "sent": isoformat(r.created_at),
        }
        for r in rows
    ]


@personal_data.section("mentorships")
def mentorships(user: User) -> list[dict]:
    rows = (
        Mentorship.objects.filter(selectors.participant_filter(user))
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
            "started": isoformat(m.started_at),
            "ended": isoformat(m.ended_at),
            "end_reason": m.end_reason,
            "contracts": [
                {
                    "cycle": c.cycle,
                    "version": c.version,
                    "ground_rules": c.ground_rules,
                    "meeting_cadence": c.meeting_cadence,
                    "review_date": isoformat(c.review_date),
                    "goals": c.goals_snapshot,
                    "mentor_agreed": isoformat(c.mentor_agreed_at),
                    "mentee_agreed": isoformat(c.mentee_agreed_at),
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
                    "when": isoformat(t.created_at),
                }
                for t in m.transitions.all()
            ],
        }
        for m in rows
    ]


@personal_data.section("goal_acknowledgements")
def acknowledgements(user: User) -> list[dict]:
    rows = GoalAcknowledgement.objects.filter(user=user).select_related("goal")
    return [
        {
            "goal": a.goal.title,
            "outcome": a.outcome,
            "note": a.note,
            "when": isoformat(a.created_at),
        }
        for a in rows
    ]


@personal_data.section("exit_feedback")
def exit_feedback(user: User) -> list[dict]:
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


@personal_data.eraser
def close_open_business(user: User) -> None:
    """End the person's live mentorships and settle their pending requests, through the
    services, which announce each change (PersonLeft, RequestWithdrawn, RequestDeclined) so the
    other person hears of it. Runs before the account is emptied: the name is still theirs."""
    leaver_name = user.name
    live = Mentorship.objects.filter(selectors.participant_filter(user), ended_at__isnull=True)
    for mentorship in live:
        services.mentorship_end(
            mentorship=mentorship, by=user, reason=ENDED_BECAUSE_LEFT, leaver_name=leaver_name
        )
    pending = MentorshipRequest.objects.filter(status=MentorshipRequest.Status.PENDING)
    for request in pending.filter(mentee=user):
        services.request_withdraw(request_id=request.pk, by=user, leaving=True)
    for request in pending.filter(mentor=user):
        services.request_decline(
            request_id=request.pk, by=user, reason=DECLINED_BECAUSE_LEFT, leaving=True
        )


@personal_data.eraser
def erase_private_records(user: User) -> None:
    MentorProfile.objects.filter(user=user).delete()
    ExitFeedback.objects.filter(author=user).delete()
