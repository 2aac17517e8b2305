"""Store each pair's last sign of life on the mentorship (`last_activity_at`), so that the
at-risk list and the accountability nudge read one indexed column instead of running the
activity subqueries for every live pair.

The backfill is set-based (one UPDATE) and follows the definition of
`mentorships.activity.last_activity`, written here with the historical models: the latest
room message, the latest published post shared with the pair, the latest meeting that has
started and wasn't cancelled, the start and the last change of stage, whichever is latest.
tests/mentorships/test_last_activity.py pins it to that definition.
"""

from django.db import migrations, models
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone


def latest_activity(apps, now):
    """The expression of `last_activity(now)` over the historical models."""
    Message = apps.get_model("rooms", "Message")
    Post = apps.get_model("threads", "Post")
    Meeting = apps.get_model("meetings", "Meeting")

    def latest(queryset, group, field):
        return Subquery(
            queryset.values(group).annotate(last=Max(field)).values("last")[:1],
            output_field=models.DateTimeField(),
        )

    messages = latest(
        Message.objects.filter(room__mentorship=OuterRef("pk"), created_at__lte=now),
        "room__mentorship",
        "created_at",
    )
    posts = latest(
        Post.objects.filter(
            mentorship=OuterRef("pk"),
            visibility__in=["public", "mentorship"],
            published_at__isnull=False,
            published_at__lte=now,
        ),
        "mentorship",
        "published_at",
    )
    meetings = latest(
        Meeting.objects.filter(mentorship=OuterRef("pk"), starts_at__lte=now).exclude(
            status="cancelled"
        ),
        "mentorship",
        "starts_at",
    )
    return Greatest(
        *(Coalesce(source, F("started_at")) for source in (messages, posts, meetings)),
        F("started_at"),
        F("stage_changed_at"),
        output_field=models.DateTimeField(),
    )


def backfill(apps, schema_editor):
    Mentorship = apps.get_model("mentorships", "Mentorship")
    Mentorship.objects.update(last_activity_at=latest_activity(apps, timezone.now()))


class Migration(migrations.Migration):
    dependencies = [
        ("mentorships", "0002_health"),
        ("rooms", "0003_message_room_single_index"),
        ("threads", "0001_growth_threads_posts_comments"),
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorship",
            name="last_activity_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="mentorship",
            name="last_activity_at",
            field=models.DateTimeField(
                help_text="The pair's last sign of life: a room message, a shared post, a "
                "meeting that has started, a change of stage (see mentorships.activity). Kept "
                "by the services."
            ),
        ),
        migrations.AddIndex(
            model_name="mentorship",
            index=models.Index(
                condition=Q(("ended_at__isnull", True), ("paused_at__isnull", True)),
                fields=["stage", "last_activity_at"],
                name="mentorship_live_activity",
            ),
        ),
    ]
