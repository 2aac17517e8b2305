"""Reads for the dashboard: the core's mentorships, with what each feature shows on a card
composed into the same query (roadmap figures, unread room messages, the posting rhythm)."""

from django.db.models import Count, F, Min, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from mentorships.models import Mentorship
from mentorships.selectors import mentorships_of
from rooms.selectors import unread_count
from threads import selectors as thread_selectors


def mentorships_for_dashboard(user: User) -> list[Mentorship]:
    """The person's mentorships for dashboard cards: active first, then ended. Roadmap figures
    and unread room messages are counted in the same query (the dashboard card shows progress,
    what is overdue and what is unread)."""
    done = Q(roadmap__milestones__status="done")
    return list(
        mentorships_of(user)
        .select_related("mentor", "mentee", "current_contract")
        .annotate(
            milestone_count=Count("roadmap__milestones", distinct=True),
            milestones_done=Count("roadmap__milestones", distinct=True, filter=done),
            milestones_overdue=Count(
                "roadmap__milestones",
                distinct=True,
                filter=~done & Q(roadmap__milestones__due_date__lt=timezone.localdate()),
            ),
            next_due=Min("roadmap__milestones__due_date", filter=~done),
            room_unread=unread_count(user, mentorship_ref=OuterRef("pk")),
        )
        .prefetch_related(
            "goals__acknowledgements", thread_selectors.recent_shared_posts_prefetch()
        )
        .annotate(last_shared_post_at=thread_selectors.last_shared_post_at())
        .order_by(F("ended_at").desc(nulls_first=True), "-stage_changed_at")
    )
