"""When a pair last showed a sign of life, kept on `Mentorship.last_activity_at`."""

from datetime import datetime

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from mentorships.models import (
    Mentorship,
)


def mentorship_touch(*, mentorship: Mentorship, when: datetime) -> None:
    """A sign of life from the pair at `when` (a room message, a shared post, a meeting that
    has started, a change of stage: see `mentorships.activity`). `last_activity_at` only moves
    forward: one guarded UPDATE, no lock needed, so it runs inside the caller's transaction and
    a late or repeated touch is a no-op. Taking back what gave the sign (a post made private
    or deleted, a started meeting cancelled) leaves it where it was: the pair did show life."""
    if Mentorship.objects.filter(pk=mentorship.pk, last_activity_at__lt=when).update(
        last_activity_at=when
    ):
        mentorship.last_activity_at = when


def mentorships_touch_latest(*, mentorships: QuerySet[Mentorship], latest: Subquery) -> int:
    """The set-based `mentorship_touch`: each of `mentorships` moves forward to `latest`, a
    subquery of one time for OuterRef("pk"), if it is later. One UPDATE; returns how many
    moved."""
    return mentorships.filter(last_activity_at__lt=latest).update(last_activity_at=latest)


def mentorships_recount_activity(
    *, mentorships: QuerySet[Mentorship] | None = None, now: datetime | None = None
) -> int:
    """Set `last_activity_at` from its definition (`mentorships.activity.last_activity`), for
    data written around the services (the demo seed, an import). It may move back: this is
    the definition, not a sign of life. One UPDATE."""
    from mentorships.activity import last_activity

    mentorships = Mentorship.objects.all() if mentorships is None else mentorships
    return mentorships.update(last_activity_at=last_activity(now or timezone.now()))
