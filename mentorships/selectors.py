"""Reads for mentorships. Every private object is fetched through an access helper here, which
answers 404 alike for "not yours" and "does not exist"."""

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from mentorships import panels, rules
from mentorships.models import (
    ExitFeedback,
    Goal,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    StageTransition,
)
from mentorships.rules import ACTIVE_STAGES


def participant_filter(user: User, prefix: str = "") -> Q:
    return Q(**{f"{prefix}mentor": user}) | Q(**{f"{prefix}mentee": user})


def mentorships_of(user: User) -> QuerySet[Mentorship]:
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return Mentorship.objects.filter(participant_filter(user))


def get_mentorship_for(user: User, pk) -> Mentorship:
    """The mentorship `pk` if `user` is one of its two people; 404 otherwise."""
    return get_object_or_404(
        mentorships_of(user).select_related("mentor", "mentee", "current_contract"), pk=pk
    )


def get_current_goal(mentorship: Mentorship, goal_id: int) -> Goal:
    """A goal of the mentorship's current cycle; 404 for any other id (a goal of an earlier
    cycle, of another mentorship, or none)."""
    return get_object_or_404(Goal, pk=goal_id, mentorship=mentorship, cycle=mentorship.cycle)


def mentorship_for_page(user: User, pk) -> Mentorship:
    """Everything the mentorship page shows, its feature panels included, in a fixed number of
    queries."""
    queryset = (
        mentorships_of(user)
        .select_related("mentor", "mentee", "current_contract", "ended_by")
        # The rules ask whether the roadmap has a milestone yet (rules.missing_for).
        .annotate(milestone_count=Count("roadmap__milestones", distinct=True))
        .prefetch_related(
            "goals__acknowledgements",
            Prefetch("transitions", queryset=StageTransition.objects.select_related("by")),
            Prefetch(
                "exit_feedback",
                queryset=ExitFeedback.objects.filter(author=user),
                to_attr="my_feedback",
            ),
        )
    )
    queryset = panels.prepare(queryset, user)
    try:
        return queryset.get(pk=pk)
    except Mentorship.DoesNotExist:
        raise Http404("No mentorship found.") from None


def requests_for_dashboard(user: User) -> dict[str, list[MentorshipRequest]]:
    pending = MentorshipRequest.objects.filter(
        status=MentorshipRequest.Status.PENDING
    ).select_related("mentor", "mentee")
    return {
        "incoming": list(pending.filter(mentor=user)),
        "outgoing": list(pending.filter(mentee=user)),
    }


def get_request_for(user: User, pk) -> MentorshipRequest:
    """A request the person sent or received; 404 otherwise."""
    return get_object_or_404(
        MentorshipRequest.objects.filter(participant_filter(user)).select_related(
            "mentor", "mentee", "mentorship"
        ),
        pk=pk,
    )


def mentor_directory(*, query: str = "", expertise: str = "") -> QuerySet[User]:
    """People with a mentor profile, searchable by name, headline, expertise and bio.

    Filters and the mentee count are subqueries, not joins: no DISTINCT or GROUP BY over every
    mentor, so a page (LIMIT 12) and its count stay cheap as the directory grows."""
    active_mentees = (
        Mentorship.objects.filter(
            mentor=OuterRef("pk"), ended_at__isnull=True, stage__in=ACTIVE_STAGES
        )
        .order_by()
        .values("mentor")
        .annotate(count=Count("pk"))
        .values("count")
    )
    mentors = (
        User.objects.filter(is_active=True, mentor_profile__isnull=False)
        .select_related("mentor_profile")
        .prefetch_related("mentor_profile__expertise")
        .annotate(active_mentees=Coalesce(Subquery(active_mentees), 0))
        .order_by("-mentor_profile__is_accepting", "display_name", "pk")
    )
    for word in query.split()[:8]:
        tagged = MentorProfile.objects.filter(expertise__name__icontains=word).values("user_id")
        mentors = mentors.filter(
            Q(display_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(bio__icontains=word)
            | Q(pk__in=tagged)
        )
    if expertise:
        tagged = MentorProfile.objects.filter(expertise__slug=expertise).values("user_id")
        mentors = mentors.filter(pk__in=tagged)
    return mentors


def get_mentor(username: str) -> User:
    return get_object_or_404(
        User.objects.filter(is_active=True, mentor_profile__isnull=False)
        .select_related("mentor_profile")
        .prefetch_related("mentor_profile__expertise"),
        username=username,
    )


def is_mentor(user: User) -> bool:
    return MentorProfile.objects.filter(user=user).exists()


def mentor_profile_of(user: User) -> MentorProfile | None:
    return MentorProfile.objects.filter(user=user).prefetch_related("expertise").first()


FEEDBACK_MINIMUM = 3  # never show figures from fewer people: one rating would be readable


def feedback_given(
    user: User, mentorship: Mentorship, cycle: int | None = None
) -> ExitFeedback | None:
    """The person's own feedback for the occasion of `cycle` (the current one by default), if
    they gave it."""
    cycle = mentorship.cycle if cycle is None else cycle
    return ExitFeedback.objects.filter(
        mentorship=mentorship,
        author=user,
        cycle=cycle,
        occasion=rules.feedback_occasion(mentorship, cycle),
    ).first()


def mentor_feedback_summary(mentor: User) -> dict | None:
    """Aggregates of mentees' exit feedback about a mentor, or None below three people.

    A mentee may give feedback several times (at each Redefinition and at the end): each
    person is averaged first and weighs once, so one person can't pass for three and nobody's
    own ratings can be read from the figures."""
    people = list(
        ExitFeedback.objects.filter(
            mentorship__mentor=mentor, author_role="mentee", author__isnull=False
        )
        .values("author")
        .annotate(
            relationship=Avg("relationship_rating"),
            progress=Avg("progress_rating"),
            rows=Count("pk"),
            recommends=Count("pk", filter=Q(would_recommend=True)),
        )
        .order_by()
    )
    if len(people) < FEEDBACK_MINIMUM:
        return None
    count = len(people)
    return {
        "count": count,
        "relationship": sum(person["relationship"] for person in people) / count,
        "progress": sum(person["progress"] for person in people) / count,
        "recommend_percent": round(
            100 * sum(person["recommends"] / person["rows"] for person in people) / count
        ),
    }
