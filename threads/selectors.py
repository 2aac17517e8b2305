"""Reads for growth threads. Every post reaches a page through `visible_posts`, the one place
that says who may read what:

- a draft or a private post: its author only;
- a mentorship post: its author and the two people of its mentorship;
- a public post: anyone, signed in or not.
"""

from datetime import datetime, timedelta

from django.db.models import Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from mentorships import rules as mentorship_rules
from mentorships.models import Contract, Goal, GoalAcknowledgement, Mentorship
from mentorships.selectors import participant_filter
from roadmaps.models import Milestone
from threads.models import Comment, GrowthThread, Post, Visibility

RHYTHM_WEEKS = 8


def public_filter() -> Q:
    return Q(visibility=Visibility.PUBLIC, published_at__isnull=False)


def visibility_filter(user: User) -> Q:
    public = public_filter()
    if not user.is_authenticated:
        return public
    shared = Q(
        participant_filter(user, "mentorship__"),
        visibility=Visibility.MENTORSHIP,
        published_at__isnull=False,
    )
    return public | shared | Q(author=user)


def visible_posts(user: User) -> QuerySet[Post]:
    return Post.objects.filter(visibility_filter(user))


SHARED_WITH_PAIR = (Visibility.PUBLIC, Visibility.MENTORSHIP)


def shared_with_pair() -> Q:
    """Posts both people of the mentorship read: what counts for the posting rhythm and as
    the pair's activity."""
    return Q(visibility__in=SHARED_WITH_PAIR, published_at__isnull=False)


def _for_lists(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Each post's comment count is a subquery, not a JOIN + GROUP BY: PostgreSQL counts the
    comments of the page's rows only (after the LIMIT), and the paginator's COUNT needs no
    join, so the public feed stays flat as posts pile up."""
    comments = (
        Comment.objects.filter(post=OuterRef("pk"))
        .order_by()
        .annotate(count=Func("pk", function="COUNT"))
        .values("count")
    )
    return posts.select_related("author", "mentorship", "goal", "milestone").annotate(
        comment_count=Subquery(comments, output_field=IntegerField())
    )


def with_comments(posts: QuerySet[Post]) -> QuerySet[Post]:
    """For pages read by the pair only: each post's comments, in one more query."""
    return posts.prefetch_related(
        Prefetch("comments", queryset=Comment.objects.select_related("author"))
    )


def get_post_for(user: User, pk) -> Post:
    """The post if `user` may read it; 404 alike for "not yours" and "does not exist"."""
    comments = Comment.objects.select_related("author")
    return get_object_or_404(
        visible_posts(user)
        .select_related(
            "author", "mentorship__mentor", "mentorship__mentee", "goal", "milestone", "thread"
        )
        .prefetch_related(Prefetch("comments", queryset=comments)),
        pk=pk,
    )


def reads_as_pair(user: User, post: Post) -> bool:
    """The author or one of the post's mentorship: they see its comments, and the goal and
    milestone it is linked to (the pair's private contract and roadmap). Anyone else reads
    only what the author made public."""
    if not user.is_authenticated:
        return False
    return user.pk == post.author_id or (
        post.mentorship is not None
        and user.pk in (post.mentorship.mentor_id, post.mentorship.mentee_id)
    )


def get_own_post(user: User, pk) -> Post:
    """A post its author edits or deletes: 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404("No post found.")
    return get_object_or_404(
        Post.objects.select_related("mentorship", "thread"), pk=pk, author=user
    )


def mentorship_thread_posts(user: User, mentorship: Mentorship) -> QuerySet[Post]:
    """The mentorship's journal as `user` may read it: drafts first, then newest first."""
    return _for_lists(visible_posts(user).filter(mentorship=mentorship)).order_by(
        "-published_at", "-created_at"
    )


def personal_thread_posts(user: User) -> QuerySet[Post]:
    return _for_lists(Post.objects.filter(author=user, mentorship__isnull=True)).order_by(
        "-published_at", "-created_at"
    )


def public_posts(*, kind: str = "", query: str = "") -> QuerySet[Post]:
    """Recent public posts for the feed, newest first; `query` searches titles and bodies."""
    posts = Post.objects.filter(public_filter())
    if kind:
        posts = posts.filter(kind=kind)
    for word in query.split()[:8]:
        posts = posts.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return _for_lists(posts).order_by("-published_at")


def public_posts_of(author: User) -> QuerySet[Post]:
    return public_posts().filter(author=author)


def get_public_person(username: str) -> User:
    return get_object_or_404(User.objects.filter(is_active=True), username=username)


def thread_of(author: User, mentorship: Mentorship | None) -> GrowthThread | None:
    return GrowthThread.objects.filter(author=author, mentorship=mentorship).first()


def rhythm_since(now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    return now - timedelta(weeks=RHYTHM_WEEKS)


def recent_shared_posts_prefetch() -> Prefetch:
    """For the dashboard and the mentorship page: the mentee's shared posts of recent weeks."""
    return Prefetch(
        "thread_posts",
        queryset=Post.objects.filter(shared_with_pair(), published_at__gte=rhythm_since())
        .only("id", "mentorship_id", "author_id", "published_at")
        .order_by("-published_at"),
        to_attr="recent_shared_posts",
    )


def last_shared_post_at() -> Subquery:
    """Annotation for mentorships: when the pair last saw a new post in the thread."""
    return Subquery(
        Post.objects.filter(shared_with_pair(), mentorship=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )


def latest_posts_prefetch(user: User, count: int = 3) -> Prefetch:
    """For the mentorship page panel: the newest posts `user` may read."""
    return Prefetch(
        "thread_posts",
        queryset=visible_posts(user)
        .filter(published_at__isnull=False)
        .select_related("author")
        .order_by("-published_at")[:count],
        to_attr="latest_posts",
    )


def journey_post_ids(mentorship: Mentorship) -> list:
    return list(
        Post.objects.filter(mentorship=mentorship, in_journey_record=True).values_list(
            "pk", flat=True
        )
    )


def journey_record(user: User, mentorship: Mentorship, cycle: int | None = None) -> dict:
    """Everything the printable journey record of `cycle` (the current one by default) shows,
    in a fixed number of queries: that cycle's last contract, goals, stages and the posts
    published during it. The roadmap is the pair's one roadmap, as it is now."""
    cycle = mentorship.cycle if cycle is None else cycle
    goals = list(
        Goal.objects.filter(mentorship=mentorship, cycle=cycle)
        .prefetch_related(
            Prefetch(
                "acknowledgements",
                queryset=GoalAcknowledgement.objects.select_related("user").order_by("created_at"),
            )
        )
        .order_by("order", "id")
    )
    milestones = list(
        Milestone.objects.filter(roadmap__mentorship=mentorship).order_by("order", "id")
    )
    all_transitions = list(mentorship.transitions.all())  # prefetched by the view, with `by`
    transitions = [step for step in all_transitions if step.cycle == cycle]
    starts = [step.created_at for step in transitions]
    following = [step.created_at for step in all_transitions if step.cycle == cycle + 1]
    contract = (
        mentorship.current_contract
        if cycle == mentorship.cycle
        else Contract.objects.filter(mentorship=mentorship, cycle=cycle)
        .order_by("-version")
        .first()
    )
    posts = journey_posts(user, mentorship)
    if cycle > 1 and starts:
        posts = [post for post in posts if post.published_at >= min(starts)]
    if following:
        posts = [post for post in posts if post.published_at < min(following)]
    return {
        "cycle": cycle,
        "cycle_numbers": [
            number
            for number in range(1, mentorship.cycle + 1)
            if mentorship_rules.has_cycle_record(mentorship, number)
        ],
        "contract": contract,
        "goals": goals,
        "milestones": milestones,
        "transitions": transitions,
        "posts": posts,
    }


def journey_posts(user: User, mentorship: Mentorship) -> list[Post]:
    """The posts the mentee chose for the journey record, as far as `user` may read them."""
    return list(
        visible_posts(user)
        .filter(mentorship=mentorship, in_journey_record=True, published_at__isnull=False)
        .select_related("goal", "milestone")
        .order_by("published_at")
    )
