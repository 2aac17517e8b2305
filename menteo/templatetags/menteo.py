from datetime import date, datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date
from django.utils.timesince import timesince
from django.utils.translation import gettext

from menteo.devices import device_name
from menteo.markdown import render_markdown

register = template.Library()
register.filter("device_name", device_name)


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ message.body|markdown }}: the sanitized HTML of what someone wrote."""
    return render_markdown(text)


@register.filter
def ago(moment: datetime | None) -> str:
    """{{ request.created_at|ago }}: "just now" under a minute, else "3 hours ago".

    The one way a page says how long ago something happened (never "0 minutes ago")."""
    if not moment:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(moment)}


@register.filter
def human_date(value: date | str | None) -> str:
    """{{ goal.target_date|human_date }}: "15 Feb 2027", also from an ISO date kept in JSON
    (a contract version's snapshot); what is not a date is shown as it is."""
    if isinstance(value, str):
        parsed = parse_date(value) if value else None
        if parsed is None:
            return value
        value = parsed
    if not value:
        return ""
    return date_format(value, "j M Y")
