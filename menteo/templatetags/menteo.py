import zoneinfo
from datetime import date, datetime, timedelta

from django import template
from django.forms.formsets import BaseFormSet
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date
from django.utils.timesince import timesince
from django.utils.translation import gettext

from menteo import timezones
from menteo.devices import device_name
from menteo.markdown import render_markdown

register = template.Library()
register.filter("device_name", device_name)


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ message.body|markdown }}: the sanitized HTML of what someone wrote."""
    return render_markdown(text)


def _field_errors(form, row: str = "") -> list[dict]:
    entries = [{"message": error, "href": ""} for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        # A group of radios or checkboxes has no single label target: its first option stands
        # in for it, so the link still lands on the field.
        target = field.id_for_label or f"{field.auto_id}_0"
        label = f"{row} · {field.label}" if row else field.label
        entries += [
            {"message": error, "href": f"#{target}", "label": label} for error in field.errors
        ]
    return entries


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, row_label: str = ""):
    """{% error_summary form goal_formset row_label="Goal" %}: every error at the top.

    One box above the form lists each error with a link to its field, and takes the focus on
    load (autofocus, so without JavaScript too, and after an htmx swap), so a person whose
    form comes back never has to hunt below the fold. Formsets name each row by
    `row_label` and its number.
    """
    entries: list[dict] = []
    anchor = ""
    for form in forms:
        if form is None:
            continue
        if not anchor:
            anchor = f"{form.prefix}-errors" if form.prefix else "errors"
        if isinstance(form, BaseFormSet):
            entries += [{"message": error, "href": ""} for error in form.non_form_errors()]
            for number, row in enumerate(form.forms, start=1):
                entries += _field_errors(row, f"{row_label or 'Row'} {number}")
        else:
            entries += _field_errors(form)
    return {"entries": entries, "anchor": anchor or "errors"}


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


@register.filter
def time_difference(their_zone: str, your_zone: str) -> str:
    """{{ mentee.timezone|time_difference:user.timezone }}: "3 hours ahead of you", now."""
    return timezones.time_difference(their_zone, your_zone, timezone.now())


@register.filter
def clock_in(zone: str) -> str:
    """{{ mentee.timezone|clock_in }}: the time it is there now, "18:05" (a string: the
    `time` filter would turn it back into the reader's own zone)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M")
