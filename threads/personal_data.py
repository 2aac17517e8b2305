"""The growth threads' part of a person's data (see accounts/personal_data.py): their posts
(with the feedback on them) and their comments on others' posts, in the download; on erasure,
their journal goes."""

from accounts import personal_data
from accounts.models import User
from accounts.personal_data import isoformat
from threads.models import Comment, GrowthThread, Post


@personal_data.section("growth_thread_posts")
def posts(user: User) -> list[dict]:
    return [
        {
            "title": p.title,
            "body": p.body,
            "kind": p.kind,
            "visibility": p.visibility,
            "published": isoformat(p.published_at),
            "feedback": [{"by": c.author.name, "body": c.body} for c in p.comments.all()],
        }
        for p in Post.objects.filter(author=user).prefetch_related("comments__author")
    ]


@personal_data.section("growth_thread_comments")
def comments(user: User) -> list[dict]:
    return [
        {"post": c.post.title, "body": c.body, "when": isoformat(c.created_at)}
        for c in Comment.objects.filter(author=user).select_related("post")
    ]


@personal_data.eraser
def erase_journal(user: User) -> None:
    # The journal is the person's own writing: it goes, with the feedback on it. Room messages
    # and feedback they gave on someone else's posts stay, by "a former member".
    GrowthThread.objects.filter(author=user).delete()
