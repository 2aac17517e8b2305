from datetime import datetime

from django.db.models import Max, OuterRef, QuerySet

from mentorships.activity import register
from rooms.models import Message


@register("rooms")
def messages_posted(now: datetime) -> QuerySet:
    """The room's latest message (deleted ones still showed the pair was talking)."""
    return (
        Message.objects.filter(room__mentorship=OuterRef("pk"), created_at__lte=now)
        .values("room__mentorship")
        .annotate(last=Max("created_at"))
        .values("last")
    )
