from datetime import datetime

from django.db.models import Max, OuterRef, QuerySet

from mentorships.activity import register
from threads.models import Post
from threads.selectors import shared_with_pair


@register("threads")
def posts_shared(now: datetime) -> QuerySet:
    """The mentee's latest post the mentor can read: a private note is no sign to the pair."""
    return (
        Post.objects.filter(shared_with_pair(), mentorship=OuterRef("pk"), published_at__lte=now)
        .values("mentorship")
        .annotate(last=Max("published_at"))
        .values("last")
    )
