"""When a pair last showed a sign of life: a meeting, a room message, a thread post, a change of
stage. This is the definition; the pages and sweeps read `Mentorship.last_activity_at`, which
the services keep equal to it (`mentorships.services.mentorship_touch` when a message is
posted, a shared post published, a meeting recorded, the stage changed;
`meetings.services.meetings_count_started` for planned meetings whose start has passed), so
that the at-risk list and the accountability nudge read one indexed column instead of these
subqueries for every live pair. tests/mentorships/test_last_activity.py pins the two equal,
and the migration's backfill (mentorships/0003) to this definition.

Apps register a source in their AppConfig.ready(): a function of `now` returning a one-column
queryset of their latest activity time for OuterRef("pk") (the mentorship).
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import DateTimeField, F, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

Source = Callable[[datetime], QuerySet]
_SOURCES: dict[str, Source] = {}


def register(name: str):
    def add(source: Source) -> Source:
        _SOURCES[name] = source
        return source

    return add


def last_activity(now: datetime) -> Greatest:
    """An expression for Mentorship querysets: the latest activity time (one subquery per
    source, so a constant number of queries)."""
    return Greatest(
        *(Coalesce(Subquery(source(now)), F("started_at")) for source in _SOURCES.values()),
        F("started_at"),
        F("stage_changed_at"),
        output_field=DateTimeField(),
    )
