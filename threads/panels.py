from django.db.models import QuerySet

from accounts.models import User
from mentorships import panels
from mentorships.models import Mentorship
from threads.selectors import (
    last_shared_post_at,
    latest_posts_prefetch,
    recent_shared_posts_prefetch,
)


def with_thread_posts(mentorships: QuerySet[Mentorship], user: User) -> QuerySet[Mentorship]:
    """What the panel shows: the posting rhythm and the newest posts the person may read."""
    return mentorships.prefetch_related(
        recent_shared_posts_prefetch(), latest_posts_prefetch(user)
    ).annotate(last_shared_post_at=last_shared_post_at())


panels.register(
    "threads", template="threads/_mentorship_panel.html", order=40, prepare=with_thread_posts
)
