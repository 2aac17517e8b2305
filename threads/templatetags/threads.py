"""The posting rhythm: how often the mentee shared a post in each of the last weeks; and the
threads' rules for templates."""

from django import template
from django.utils import timezone

from threads.selectors import RHYTHM_WEEKS
from threads.services import may_keep_journey_record

register = template.Library()

# Whether the mentorship has a journey record yet (Separation, Redefinition).
register.filter("journey_record_open", may_keep_journey_record)

BAR_WIDTH, GAP, HEIGHT = 14, 4, 32


def weekly_counts(dates, *, today, weeks: int = RHYTHM_WEEKS) -> list[int]:
    """Counts per week, oldest first; the last bucket is the seven days up to today."""
    counts = [0] * weeks
    for moment in dates:
        age = (today - timezone.localdate(moment)).days // 7
        if 0 <= age < weeks:
            counts[weeks - 1 - age] += 1
    return counts


@register.inclusion_tag("threads/_rhythm.html")
def posting_rhythm(mentorship, compact: bool = False):
    """Reads the prefetched `recent_shared_posts` and `last_shared_post_at`: no queries."""
    posts = getattr(mentorship, "recent_shared_posts", [])
    counts = weekly_counts([post.published_at for post in posts], today=timezone.localdate())
    tallest = max(max(counts), 3)
    # The SVG's coordinates go in as text: rendered as numbers, each would go through
    # Django's number localisation (a dozen bars on every dashboard card add up).
    bars = []
    for index, count in enumerate(counts):
        height = round(HEIGHT * count / tallest) if count else 2
        bars.append(
            {
                "x": str(index * (BAR_WIDTH + GAP)),
                "y": str(HEIGHT - height),
                "height": str(height),
                "count": str(count),
                "weeks_ago": len(counts) - 1 - index,
                "empty": not count,
            }
        )
    last_post_at = getattr(mentorship, "last_shared_post_at", None)
    return {
        "mentorship": mentorship,
        "bars": bars,
        "total": sum(counts),
        "weeks": RHYTHM_WEEKS,
        "width": str(len(counts) * (BAR_WIDTH + GAP) - GAP),
        "height": str(HEIGHT),
        "bar_width": str(BAR_WIDTH),
        "last_post_at": last_post_at,
        "compact": compact,
    }
