"""Writes for growth threads: posts, comments and the journey record's choice of posts."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from menteo.errors import Conflict, Invalid, NotAllowed
from menteo.events import announce
from mentorships import events, rules
from mentorships.models import Goal, Mentorship, Stage
from roadmaps.models import Milestone
from threads.models import Comment, GrowthThread, Post, Visibility
from threads.selectors import SHARED_WITH_PAIR

JOURNEY_STAGES = {Stage.SEPARATION, Stage.REDEFINITION}


def may_write_in(user: User, mentorship: Mentorship | None) -> bool:
    """A mentorship's thread is the mentee's journal; the mentor gives feedback in comments."""
    if mentorship is None:
        return user.is_authenticated
    return user.pk == mentorship.mentee_id and not mentorship.is_ended


def may_comment_on(user: User, post: Post) -> bool:
    """The author and the mentor of the post's mentorship, on a published post they can read."""
    if post.is_draft or not user.is_authenticated:
        return False
    if user.pk == post.author_id:
        return True
    mentorship = post.mentorship
    return (
        mentorship is not None
        and user.pk == mentorship.mentor_id
        and post.visibility != Visibility.PRIVATE
    )


def ensure_may_comment(user: User, post: Post) -> None:
    """Refuses anyone who may not comment, before anything they sent is looked at: a refusal
    for bad input would otherwise answer with the comments, which only the pair may read."""
    if not may_comment_on(user, post):
        raise NotAllowed("Only the author and their mentor can comment on this post.")


def may_keep_journey_record(mentorship: Mentorship) -> bool:
    """Whether any cycle has a journey record: the current one in Separation or Redefinition,
    or an earlier one that reached Separation (it stays readable after cycling back)."""
    if mentorship.stage in JOURNEY_STAGES:
        return True
    return mentorship.cycle > 1 and rules.latest_recorded_cycle(mentorship) is not None


def thread_for(*, author: User, mentorship: Mentorship | None) -> GrowthThread:
    """The author's thread for this mentorship (or their own), made on first use."""
    title = f"{author.name}'s journal" if mentorship is None else mentorship.focus
    try:
        with transaction.atomic():
            thread, _ = GrowthThread.objects.get_or_create(
                author=author, mentorship=mentorship, defaults={"title": title}
            )
    except IntegrityError:  # someone made it at the same moment
        thread = GrowthThread.objects.get(author=author, mentorship=mentorship)
    return thread


def _check_links(mentorship: Mentorship | None, goal: Goal | None, milestone: Milestone | None):
    if goal is not None and (mentorship is None or goal.mentorship_id != mentorship.pk):
        raise Invalid("That goal belongs to another mentorship.")
    if milestone is not None and (
        mentorship is None or milestone.roadmap.mentorship_id != mentorship.pk
    ):
        raise Invalid("That milestone belongs to another roadmap.")


def post_create(
    *,
    author: User,
    mentorship: Mentorship | None,
    title: str,
    body: str,
    kind: str,
    visibility: str,
    publish: bool = True,
    goal: Goal | None = None,
    milestone: Milestone | None = None,
) -> Post:
    """Only the mentee writes in a mentorship's thread, and not once it has ended."""
    if not may_write_in(author, mentorship):
        if mentorship is not None and author.pk == mentorship.mentor_id:
            raise NotAllowed("The thread is your mentee's journal: give feedback in comments.")
        raise Conflict("This mentorship has ended: its thread can be read, not added to.")
    _check_links(mentorship, goal, milestone)
    thread = thread_for(author=author, mentorship=mentorship)
    with transaction.atomic():
        post = Post.objects.create(
            thread=thread,
            author=author,
            mentorship=mentorship,
            title=title,
            body=body,
            kind=kind,
            visibility=visibility,
            goal=goal,
            milestone=milestone,
            published_at=timezone.now() if publish else None,
        )
        _announce_if_shared(post)
    return post


def _shared_with_pair(post: Post) -> bool:
    return bool(post.mentorship_id and post.published_at and post.visibility in SHARED_WITH_PAIR)


def _announce_if_shared(post: Post, *, was_shared: bool = False) -> None:
    """A published post the mentor can read is a sign of life from the pair, dated by its
    `published_at`, as in `threads.activity` (a private note shared later keeps its first
    publication date, so it may not move the pair's last activity). Announced once, when it
    becomes visible to the mentor; edits of a shared post are not news."""
    if _shared_with_pair(post) and not was_shared:
        announce(
            events.PostShared(
                actor_id=post.author_id,
                mentorship_id=post.mentorship_id,
                post_id=post.pk,
                at=post.published_at,
            )
        )


def post_update(
    *,
    post: Post,
    by: User,
    title: str,
    body: str,
    kind: str,
    visibility: str,
    publish: bool = True,
    goal: Goal | None = None,
    milestone: Milestone | None = None,
) -> Post:
    """The author edits; a published post records when, and never goes back to draft."""
    if by.pk != post.author_id:
        raise NotAllowed("Only the author can edit this post.")
    _check_links(post.mentorship, goal, milestone)
    now = timezone.now()
    was_shared = _shared_with_pair(post)
    post.title, post.body, post.kind, post.visibility = title, body, kind, visibility
    post.goal, post.milestone = goal, milestone
    if post.is_draft:
        if publish:
            post.published_at = now
    else:
        post.edited_at = now
    with transaction.atomic():
        post.save()
        _announce_if_shared(post, was_shared=was_shared)
    return post


def post_delete(*, post: Post, by: User) -> None:
    if by.pk != post.author_id:
        raise NotAllowed("Only the author can delete this post.")
    post.delete()


def comment_create(*, post: Post, author: User, body: str) -> Comment:
    """Feedback comes from the mentor of the post's mentorship, or a note from its author.

    The caller has already checked that `author` may read the post (get_post_for).
    """
    ensure_may_comment(author, post)
    with transaction.atomic():
        comment = Comment.objects.create(post=post, author=author, body=body)
        announce(
            events.CommentPosted(
                actor_id=author.pk, mentorship_id=post.mentorship_id, comment_id=comment.pk
            )
        )
    return comment


def journey_choose_posts(*, mentorship: Mentorship, by: User, post_ids: list) -> int:
    """The mentee picks which of their published posts the journey record shows."""
    if by.pk != mentorship.mentee_id:
        raise NotAllowed("The mentee chooses the posts of the journey record.")
    if not may_keep_journey_record(mentorship):
        raise Conflict("The journey record opens in Separation.")
    with transaction.atomic():
        posts = Post.objects.filter(mentorship=mentorship, author=by, published_at__isnull=False)
        posts.exclude(pk__in=post_ids).update(in_journey_record=False)
        return posts.filter(pk__in=post_ids).update(in_journey_record=True)
