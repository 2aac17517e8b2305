"""An iCalendar (RFC 5545) feed of a person's milestone due dates and contract review dates.

Written by hand: all-day events are a few lines of text, not worth a dependency."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from mentorships.models import Mentorship


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _event(uid: str, day: date, summary: str, description: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_feed(user: User, mentorships: list[Mentorship], *, host: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Menteo//Roadmaps//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape('Menteo · ' + user.name)}",
    ]
    for mentorship in mentorships:
        other = mentorship.other_person(user).name
        url = f"https://{host}{mentorship.get_absolute_url()}"
        contract = mentorship.current_contract
        if contract:
            lines += _event(
                f"review-{contract.pk}@{host}",
                contract.review_date,
                f"Mentorship review with {other}: {mentorship.focus}",
                f"The planned review of your mentorship. {url}",
                stamp,
            )
        for milestone in mentorship.roadmap.milestones.all():
            if milestone.due_date is None:
                continue
            done = " (done)" if milestone.is_done else ""
            lines += _event(
                f"milestone-{milestone.pk}@{host}",
                milestone.due_date,
                f"{milestone.title}{done}",
                f"Milestone of “{mentorship.focus}” with {other}. {url}roadmap/",
                stamp,
            )
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
