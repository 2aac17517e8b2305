import zoneinfo

from django import template
from django.utils import timezone

from menteo import timezones
from menteo.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ message.body|markdown }}: the sanitized HTML of what someone wrote."""
    return render_markdown(text)


@register.filter
def time_difference(their_zone: str, your_zone: str) -> str:
    """{{ mentee.timezone|time_difference:user.timezone }}: "3 hours ahead of you", now."""
    return timezones.time_difference(their_zone, your_zone, timezone.now())


@register.filter
def clock_in(zone: str) -> str:
    """{{ mentee.timezone|clock_in }}: the time it is there now, "18:05" (a string: the
    `time` filter would turn it back into the reader's own zone)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M")
