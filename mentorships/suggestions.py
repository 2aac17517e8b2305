"""Mentors for you: suggestions for a person looking for a mentor, each with why, in words.

Reads only. The dashboard and the directory show them; a fixed number of queries whatever the
size of the directory (candidates are picked by an indexed search and capped, then scored here).
"""

import re
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from mentorships import selectors
from mentorships.models import Goal, MentorProfile, Mentorship, MentorshipRequest

ANSWERED_MINIMUM = 3  # below this many answered requests, a median says nothing yet
CANDIDATES = 20  # mentors scored per source (the best focus matches, the newest profiles)
FOCUS_WORDS = 12
WORKDAY = (9, 17)  # local working hours, the same for everyone

# Words that say nothing about what a person wants to learn.
# fmt: off
STOPWORDS = frozenset({
    "about", "after", "again", "also", "and", "any", "are", "aiming", "asked", "become", "been",
    "being", "but", "can", "could", "every", "first", "for", "from", "get", "getting", "going",
    "good", "have", "help", "how", "into", "just", "learn", "like", "love", "looking", "make",
    "more", "most", "much", "need", "new", "next", "not", "now", "one", "our", "out", "over",
    "really", "some", "still", "than", "that", "the", "their", "them", "then", "there", "they",
    "this", "through", "want", "was", "way", "were", "what", "when", "where", "which", "while",
    "who", "why", "will", "with", "would", "year", "years", "you", "your",
})
# fmt: on


@dataclass(frozen=True)
class AnsweringRecord:
    """How quickly a mentor answers requests: the median time from request to answer (accept
    or decline) over `answered` requests. Only said once there are ANSWERED_MINIMUM."""

    answered: int
    median: timedelta | None

    @property
    def known(self) -> bool:
        return self.median is not None

    @property
    def words(self) -> str:
        """ "within a day", "in about 3 days"."""
        if self.median is None:
            return ""
        days = self.median / timedelta(days=1)
        if days <= 1:
            return "within a day"
        return f"in about {round(days)} days"


def answering_records(mentor_ids) -> dict[int, AnsweringRecord]:
    """The answering record of each mentor, in one query."""
    times: dict[int, list[timedelta]] = {pk: [] for pk in mentor_ids}
    answered = MentorshipRequest.objects.filter(
        mentor_id__in=list(times),
        status__in=[MentorshipRequest.Status.ACCEPTED, MentorshipRequest.Status.DECLINED],
        decided_at__isnull=False,
    ).values_list("mentor_id", "created_at", "decided_at")
    for mentor_id, created_at, decided_at in answered:
        times[mentor_id].append(decided_at - created_at)
    return {
        pk: AnsweringRecord(
            answered=len(spans),
            median=statistics.median(spans) if len(spans) >= ANSWERED_MINIMUM else None,
        )
        for pk, spans in times.items()
    }


def working_hours_overlap(first: str, second: str, *, at: datetime | None = None) -> int:
    """Hours a day that two people's working hours (09:00 to 17:00 in each one's own time
    zone) have in common: eight minus the gap between their UTC offsets right now (daylight
    saving included), going round the clock the shorter way, never below zero. London and
    Berlin: 7 h; London and New York: 3 h; London and Tokyo: 0 h."""
    at = at or timezone.now()
    gap = abs(_offset_hours(first, at) - _offset_hours(second, at)) % 24
    gap = min(gap, 24 - gap)
    return max(0, round((WORKDAY[1] - WORKDAY[0]) - gap))


def _offset_hours(name: str, at: datetime) -> float:
    try:
        zone = ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        zone = UTC
    return at.astimezone(zone).utcoffset() / timedelta(hours=1)


def focus_words(text: str) -> list[str]:
    """The words of what a person said they want, lower-case, without filler, first seen
    first."""
    words = []
    for word in re.findall(r"[a-z][a-z0-9+#-]*[a-z0-9+#]|[a-z]{2,}", text.lower()):
        if len(word) >= 3 and word not in STOPWORDS and word not in words:
            words.append(word)
    return words[:FOCUS_WORDS]


def _stem(word: str) -> str:
    """Enough of a word to match its other forms ("managing", "manager", "management")."""
    return word[:5] if len(word) > 5 else word.rstrip("s")


@dataclass
class Suggestion:
    mentor: User
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        return " · ".join(self.reasons)


def mentor_suggestions(user: User, *, limit: int = 3) -> list[Suggestion]:
    """Mentors for `user`, best first, each with why in a few words.

    Who gets them: anyone looking for a mentor, that is everyone but a mentor who has never
    asked for one (they come to Menteo to mentor).

    What the person wants is read from the focus and message of their latest requests, their
    headline and the goals of their mentorships as a mentee. Only mentors who could say yes
    today are suggested: accepting requests, with a free place, not the person, not already
    asked (pending) and not already their mentor. Each is scored:

    - what they know, 0 to 4: the person's words found in the mentor's expertise or headline
      (a word only in the bio counts half), full marks from two;
    - working hours in common, 0 to 1.5: hours of overlap (`working_hours_overlap`) / 8;
    - answering record, 0 to 1.5: 1.5 when the median answer comes within a day, 1 within
      three days, 0.5 within a week, 0 beyond; 0.75, the middle, while unknown;
    - room, 0 to 1: free places, up to three, / 3.

    Ties go to the mentor's name.
    """
    requests = list(
        MentorshipRequest.objects.filter(mentee=user)
        .order_by("-created_at")
        .values_list("focus", "message")[:10]
    )
    if not requests and MentorProfile.objects.filter(user=user).exists():
        return []
    goals = list(
        Goal.objects.filter(mentorship__mentee=user, cycle=F("mentorship__cycle"))
        .order_by("-mentorship__started_at", "order")
        .values_list("title", flat=True)[:10]
    )
    # The focus first: it is what the person said they want in the fewest words.
    words = focus_words(
        " ".join(
            [focus for focus, _ in requests]
            + [user.headline]
            + goals
            + [message for _, message in requests]
        )
    )
    candidates = _candidates(user, words)
    records = answering_records([mentor.pk for mentor in candidates])
    now = timezone.now()
    suggestions = [
        _score(mentor, words, records[mentor.pk], user.timezone, now) for mentor in candidates
    ]
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.mentor.name))
    return suggestions[:limit]


def _available_mentors(user: User) -> QuerySet[User]:
    active_mentees = selectors.active_mentees_count()
    asked = MentorshipRequest.objects.filter(
        mentee=user, mentor=OuterRef("pk"), status=MentorshipRequest.Status.PENDING
    )
    paired = Mentorship.objects.filter(mentee=user, mentor=OuterRef("pk"), ended_at__isnull=True)
    return (
        User.objects.filter(is_active=True, mentor_profile__is_accepting=True)
        .annotate(active_mentees=Coalesce(Subquery(active_mentees), 0))
        .filter(active_mentees__lt=F("mentor_profile__capacity"))
        .exclude(Exists(asked))
        .exclude(Exists(paired))
    )


def _candidates(user: User, words: list[str]) -> list[User]:
    """Mentors worth scoring, a bounded number whatever the size of the directory: the
    accepting profiles that best match the person's words (PostgreSQL: the top of the
    full-text rank, found through the GIN index; SQLite: any of the first words as a
    substring), and the newest accepting profiles, so a person with no words yet still gets
    some. Room and who was already asked are checked on these alone."""
    accepting = MentorProfile.objects.filter(is_accepting=True).exclude(user=user)
    newest = accepting.order_by("-pk").values_list("user_id", flat=True)[:CANDIDATES]
    if not words:
        wanted = newest
    elif connection.vendor == "postgresql":
        terms = SearchQuery(" or ".join(words), search_type="websearch", config="english")
        wanted = (
            accepting.filter(search_vector=terms)
            .order_by(SearchRank(F("search_vector"), terms).desc(), "pk")
            .values_list("user_id", flat=True)[:CANDIDATES]
            .union(newest)
        )
    else:
        match = Q()
        for word in words[:5]:
            match |= (
                Q(user__headline__icontains=_stem(word))
                | Q(user__bio__icontains=_stem(word))
                | Q(expertise__name__icontains=_stem(word))
            )
        # SQLite takes no LIMIT inside a UNION: two queries.
        wanted = {
            *accepting.filter(match).order_by("-pk").values_list("user_id", flat=True)[:CANDIDATES],
            *newest,
        }
    return list(
        _available_mentors(user)
        # Both sides of the join by these ids, so the profiles are read by index, not scanned.
        .filter(pk__in=(ids := set(wanted)), mentor_profile__user_id__in=ids)
        .select_related("mentor_profile")
        .prefetch_related("mentor_profile__expertise")
    )


def _score(
    mentor: User, words: list[str], record: AnsweringRecord, timezone_name: str, now: datetime
) -> Suggestion:
    tags = [tag.name for tag in mentor.mentor_profile.expertise.all()]
    strong = " ".join([*tags, mentor.headline]).lower()
    weak = mentor.bio.lower()
    known = sum(1 if _stem(word) in strong else 0.5 if _stem(word) in weak else 0 for word in words)
    knows = min(1, known / 2)
    overlap = working_hours_overlap(timezone_name, mentor.timezone, at=now)
    free = mentor.mentor_profile.capacity - mentor.active_mentees
    if record.median is None:
        answering = 0.75
    else:
        days = record.median / timedelta(days=1)
        answering = 1.5 if days <= 1 else 1 if days <= 3 else 0.5 if days <= 7 else 0
    score = 4 * knows + 1.5 * overlap / 8 + answering + min(free, 3) / 3

    reasons = []
    matched_tag = next(
        (tag for tag in tags if any(_stem(word) in tag.lower() for word in words)), None
    )
    if matched_tag:
        reasons.append(f"Knows {matched_tag.lower()}")
    elif knows:
        reasons.append(mentor.headline or "Matches your focus")
    if record.known:
        reasons.append(f"answers {record.words}")
    reasons.append(f"{overlap} h overlap" if overlap else "no working hours in common")
    reasons.append(f"{free} place{'s' if free != 1 else ''} free")
    reasons[0] = reasons[0][0].upper() + reasons[0][1:]
    return Suggestion(mentor=mentor, score=score, reasons=reasons)
