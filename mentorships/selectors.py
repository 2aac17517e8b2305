"""Reads for mentorships. Every private object is fetched through an access helper here, which
answers 404 alike for "not yours" and "does not exist"."""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
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

    On PostgreSQL the search is ranked (`_ranked_search`); on SQLite, the quick start's
    database, each word must appear as written in one of the fields (`_substring_search`).
    Filters and the mentee count are subqueries, not joins: no DISTINCT or GROUP BY over every
    mentor, so a page (LIMIT 12) and its count stay cheap as the directory grows."""
    mentors = (
        User.objects.filter(is_active=True, mentor_profile__isnull=False)
        .select_related("mentor_profile")
        .prefetch_related("mentor_profile__expertise")
        .annotate(active_mentees=Coalesce(Subquery(active_mentees_count()), 0))
        .order_by("-mentor_profile__is_accepting", "display_name", "pk")
    )
    profiles = MentorProfile.objects.all()
    if expertise:
        profiles = profiles.filter(expertise__slug=expertise)
        mentors = mentors.filter(pk__in=profiles.values("user_id"))
    if query.strip():
        if connection.vendor == "postgresql":
            mentors = _ranked_search(mentors, profiles, query.strip())
        else:
            mentors = _substring_search(mentors, query)
    return mentors


def active_mentees_count():
    """A subquery: how many live mentorships the outer mentor (`pk`) has."""
    return (
        Mentorship.objects.filter(
            mentor=OuterRef("pk"), ended_at__isnull=True, stage__in=ACTIVE_STAGES
        )
        .order_by()
        .values("mentor")
        .annotate(count=Count("pk"))
        .values("count")
    )


# The most a search ranks, whatever the size of the directory (four pages of the best
# full-text matches, two of spelling matches): word similarity costs about 16 µs a row.
SEARCH_CANDIDATES = 48
SPELLING_CANDIDATES = 24


def _ranked_search(
    mentors: QuerySet[User], profiles: QuerySet[MentorProfile], query: str
) -> QuerySet[User]:
    """A mentor matches when the words, stemmed in English, are all in their search vector
    ("managing engineers" finds "Engineering manager", "fundraise" finds "Fundraising"), or
    when the query is close in spelling to a run of words of their name, headline and expertise
    (pg_trgm's word similarity: "enginering manger" still finds them). Closest first: the
    full-text rank (a name weighs more than a headline or a tag, which weigh more than the bio)
    plus the word similarity.

    So that a search costs about the same in a directory of any size, it ranks a bounded set:
    the SEARCH_CANDIDATES best full-text matches and the first SPELLING_CANDIDATES spelling
    matches the trigram index finds (scoring every similar row to keep the closest was
    measured: the typo search went from 1.25 to 3.1 times slower at 10,000 mentorships than at
    200). A query that matches more mentors than that shows the best of those; a more precise
    query, or an expertise (`profiles` are those with it), narrows them."""
    terms = SearchQuery(query, search_type="websearch", config="english")
    by_words = (
        profiles.filter(search_vector=terms)
        .order_by(SearchRank(F("search_vector"), terms).desc(), "pk")
        .values_list("user_id", flat=True)[:SEARCH_CANDIDATES]
    )
    by_spelling = (
        profiles.filter(search_text__trigram_word_similar=query)
        .order_by()
        .values_list("user_id", flat=True)[:SPELLING_CANDIDATES]
    )
    candidates = set(by_words.union(by_spelling))
    return (
        # Both sides of the join by these ids, so neither table is scanned.
        mentors.filter(pk__in=candidates, mentor_profile__user_id__in=candidates)
        .annotate(
            relevance=SearchRank(F("mentor_profile__search_vector"), terms)
            + TrigramWordSimilarity(query, "mentor_profile__search_text")
        )
        .order_by("-relevance", "-mentor_profile__is_accepting", "display_name", "pk")
    )


def _substring_search(mentors: QuerySet[User], query: str) -> QuerySet[User]:
    """SQLite: every word (up to eight) appears, as typed, in the name, headline, bio or an
    expertise tag; no ranking, no forgiveness for typos."""
    for word in query.split()[:8]:
        tagged = MentorProfile.objects.filter(expertise__name__icontains=word).values("user_id")
        mentors = mentors.filter(
            Q(display_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(bio__icontains=word)
            | Q(pk__in=tagged)
        )
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
