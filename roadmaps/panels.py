from django.db.models import QuerySet

from accounts.models import User
from mentorships import panels
from mentorships.models import Mentorship


def with_milestones(mentorships: QuerySet[Mentorship], user: User) -> QuerySet[Mentorship]:
    """What the panel (and the separation review's comparison) reads: the roadmap and its
    milestones."""
    return mentorships.select_related("roadmap").prefetch_related("roadmap__milestones")


panels.register(
    "roadmaps", template="roadmaps/_mentorship_panel.html", order=10, prepare=with_milestones
)
