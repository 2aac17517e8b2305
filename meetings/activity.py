from datetime import datetime

from django.db.models import Max, OuterRef, QuerySet

from meetings.models import Meeting
from mentorships.activity import register


@register("meetings")
def meetings_held(now: datetime) -> QuerySet:
    """The latest meeting that has started (planned ones in the future don't count)."""
    return (
        Meeting.objects.filter(mentorship=OuterRef("pk"), starts_at__lte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .values("mentorship")
        .annotate(last=Max("starts_at"))
        .values("last")
    )
