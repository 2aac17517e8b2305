"""When a pair last showed a sign of life: a meeting, a room message, a thread post, a change of
stage. Used by the accountability nudge and by the at-risk list of the program insights.

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
