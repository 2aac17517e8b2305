"""Mentor profiles and requests: a mentee asks, the mentor accepts or declines."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from menteo.errors import Conflict, NotAllowed
from menteo.events import announce
from mentorships import events, rules
from mentorships.models import (
    Expertise,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
)
from mentorships.services.lifecycle import mentorship_create

# Mentor profiles ----------------------------------------------------------------------


def mentor_profile_update(
    *, user: User, expertise: list[str], capacity: int, is_accepting: bool
) -> MentorProfile:
    """Create or change a person's mentor profile; unknown expertise names become new tags."""
    with transaction.atomic():
        profile, _ = MentorProfile.objects.get_or_create(user=user)
        profile.capacity = capacity
        profile.is_accepting = is_accepting
        profile.save()
        tags = []
        for name in expertise:
            slug = slugify(name)
            if slug:
                tag, _ = Expertise.objects.get_or_create(slug=slug, defaults={"name": name})
                tags.append(tag)
        profile.expertise.set(tags)
    return profile


def active_mentee_count(mentor: User) -> int:
    """Mentees that take the mentor's time: not ended, not yet in Redefinition."""
    return Mentorship.objects.filter(
        mentor=mentor,
        ended_at__isnull=True,
        stage__in=rules.ACTIVE_STAGES,
    ).count()


# Requests ----------------------------------------------------------------------


def request_refusals(*, mentee: User, mentor: User) -> list[str]:
    """Why `mentee` may not request `mentor` now; empty when they may."""
    if mentee.pk == mentor.pk:
        return ["You can't request yourself as a mentor."]
    profile = MentorProfile.objects.filter(user=mentor).first()
    if profile is None:
        return [f"{mentor.name} is not a mentor on Menteo."]
    if not profile.is_accepting:
        return [f"{mentor.name} is not accepting new requests right now."]
    if active_mentee_count(mentor) >= profile.capacity:
        return [f"{mentor.name} is at capacity and can't take a new mentee right now."]
    if MentorshipRequest.objects.filter(
        mentee=mentee, mentor=mentor, status=MentorshipRequest.Status.PENDING
    ).exists():
        return [f"You already have a pending request to {mentor.name}."]
    if Mentorship.objects.filter(mentee=mentee, mentor=mentor, ended_at__isnull=True).exists():
        return [f"You already have a mentorship with {mentor.name}."]
    return []


def request_create(
    *, mentee: User, mentor: User, focus_area: str, focus: str, message: str
) -> MentorshipRequest:
    """A mentee asks a mentor, who must be accepting and under capacity; one pending per pair."""
    if refusals := request_refusals(mentee=mentee, mentor=mentor):
        raise Conflict(*refusals)
    try:
        with transaction.atomic():
            request = MentorshipRequest.objects.create(
                mentee=mentee,
                mentor=mentor,
                focus_area=focus_area,
                focus=focus.strip(),
                message=message.strip(),
            )
            announce(events.RequestSent(actor_id=mentee.pk, request_id=request.pk))
            return request
    except IntegrityError:  # a double submit raced past the check above
        raise Conflict(f"You already have a pending request to {mentor.name}.") from None


def _locked_pending_request(request_id, *, by: User, role: str) -> MentorshipRequest:
    request = (
        MentorshipRequest.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee")
        .get(pk=request_id)
    )
    if getattr(request, f"{role}_id") != by.pk:
        raise NotAllowed(f"Only the {role} of this request can do that.")
    if not request.is_pending:
        raise Conflict(f"This request was already {request.get_status_display().lower()}.")
    return request


def request_accept(*, request_id, by: User) -> Mentorship:
    """The mentor accepts: the mentorship starts in Initiation. Capacity is checked under a lock
    on the mentor's profile, so two acceptances at once cannot overfill it."""
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().filter(user=by).first()
        request = _locked_pending_request(request_id, by=by, role="mentor")
        if profile and active_mentee_count(by) >= profile.capacity:
            raise Conflict(
                "You are at capacity. Raise your capacity on your mentor profile, or end or "
                "complete a mentorship first."
            )
        mentorship = mentorship_create(
            mentor=request.mentor,
            mentee=request.mentee,
            focus_area=request.focus_area,
            focus=request.focus,
            by=by,
        )
        request.status = MentorshipRequest.Status.ACCEPTED
        request.decided_at = timezone.now()
        request.mentorship = mentorship
        request.save(update_fields=["status", "decided_at", "mentorship"])
        announce(
            events.RequestAccepted(
                actor_id=by.pk, request_id=request.pk, mentorship_id=mentorship.pk
            )
        )
    return mentorship


def request_decline(
    *, request_id, by: User, reason: str = "", leaving: bool = False
) -> MentorshipRequest:
    """The mentor declines a pending request, with a reason the mentee reads. `leaving`: the
    mentor is deleting their account."""
    with transaction.atomic():
        request = _locked_pending_request(request_id, by=by, role="mentor")
        request.status = MentorshipRequest.Status.DECLINED
        request.decline_reason = reason.strip()
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decline_reason", "decided_at"])
        announce(events.RequestDeclined(actor_id=by.pk, request_id=request.pk, leaving=leaving))
    return request


def request_withdraw(*, request_id, by: User, leaving: bool = False) -> MentorshipRequest:
    """The mentee takes back a pending request. `leaving`: the mentee is deleting their
    account."""
    with transaction.atomic():
        request = _locked_pending_request(request_id, by=by, role="mentee")
        request.status = MentorshipRequest.Status.WITHDRAWN
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at"])
        announce(events.RequestWithdrawn(actor_id=by.pk, request_id=request.pk, leaving=leaving))
    return request


REQUEST_EXPIRES_AFTER = timedelta(days=14)


def requests_expire(*, now=None) -> int:
    """A request unanswered for 14 days expires, so the mentee can ask someone else; both
    people are told (by the listeners of `RequestExpired`). Each request expires once: the
    status moves from pending under a row lock, and a request answered meanwhile is left
    alone. Returns how many expired."""
    now = now or timezone.now()
    stale = MentorshipRequest.objects.filter(
        status=MentorshipRequest.Status.PENDING, created_at__lte=now - REQUEST_EXPIRES_AFTER
    )
    expired = 0
    for request_id in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            request = (
                MentorshipRequest.objects.select_for_update()
                .filter(pk=request_id, status=MentorshipRequest.Status.PENDING)
                .first()
            )
            if request is None:  # answered or withdrawn meanwhile
                continue
            request.status = MentorshipRequest.Status.EXPIRED
            request.decided_at = now
            request.save(update_fields=["status", "decided_at"])
            announce(events.RequestExpired(actor_id=None, request_id=request.pk))
            expired += 1
    return expired
