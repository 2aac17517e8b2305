"""Time zones as people pick them: canonical Area/City names, and how far apart two are.

`zoneinfo.available_timezones()` holds about 600 names, among them old aliases ("US/Eastern",
"Asia/Calcutta"), offsets ("Etc/GMT+3", read backwards) and abbreviations ("EST"). The tz
database's own `zone.tab` lists one canonical name per place; the list offered is those that
this Python also knows, plus UTC. An alias stays a valid value (the model accepts any known
name), so a person who has one keeps it until they choose another.
"""

import zoneinfo
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

from django.utils.translation import gettext, ngettext

UTC = "UTC"
AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def _zone_tab() -> str:
    try:
        return resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        for folder in zoneinfo.TZPATH:
            path = Path(folder) / "zone.tab"
            if path.exists():
                return path.read_text()
    return ""


@cache
def canonical_timezones() -> frozenset[str]:
    """Canonical Area/City names this Python knows, and UTC."""
    known = zoneinfo.available_timezones()
    listed = {
        line.split("\t")[2]
        for line in _zone_tab().splitlines()
        if line and not line.startswith("#") and line.count("\t") >= 2
    }
    if not listed:  # no zone.tab anywhere: keep Area/City names, which drops most aliases
        listed = {name for name in known if name.partition("/")[0] in AREAS and "/" in name}
    return frozenset({name for name in listed if name in known} | {UTC})


def timezone_label(name: str) -> str:
    """Readable, whole (a closed list shows the option alone, without its group):
    "America/Argentina/Buenos_Aires" → "America / Argentina / Buenos Aires"."""
    return name.replace("_", " ").replace("/", " / ")


def grouped_timezone_choices(current: str = "") -> list:
    """Choices grouped by area, cities sorted; `current` kept as the first choice when it is
    a known name outside the canonical list."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(canonical_timezones() - {UTC}):
        groups.setdefault(name.partition("/")[0], []).append((name, timezone_label(name)))
    choices: list = []
    if (
        current
        and current not in canonical_timezones()
        and current in zoneinfo.available_timezones()
    ):
        choices.append((current, gettext("%(name)s (your current setting)") % {"name": current}))
    choices.append((UTC, gettext("UTC (Coordinated Universal Time)")))
    choices.extend(groups.items())
    return choices


def utc_offset_minutes(name: str, when: datetime) -> int:
    offset = when.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def time_difference(their_zone: str, your_zone: str, when: datetime) -> str:
    """In words: "3 hours ahead of you", "5 hours 30 minutes behind you"."""
    minutes = utc_offset_minutes(their_zone, when) - utc_offset_minutes(your_zone, when)
    if minutes == 0:
        return gettext("the same time as you")
    hours, rest = divmod(abs(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if rest:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest})
    amount = " ".join(parts)
    if minutes > 0:
        return gettext("%(amount)s ahead of you") % {"amount": amount}
    return gettext("%(amount)s behind you") % {"amount": amount}
