"""The meetings' part of a person's data (see accounts/personal_data.py): the meetings of
their mentorships in the download. Meetings are shared with the other person: erasure keeps
them."""

from django.db.models import Q

from accounts import personal_data
from accounts.models import User
from accounts.personal_data import isoformat
from meetings.models import Meeting


@personal_data.section("meetings")
def meetings(user: User) -> list[dict]:
    # Every meeting, those the pages leave out at the calendar's end included (Meeting.objects).
    rows = Meeting._base_manager.filter(
        Q(mentorship__mentor=user) | Q(mentorship__mentee=user)
    ).prefetch_related("agenda", "actions")
    return [
        {
            "starts_at": isoformat(m.starts_at),
            "status": m.status,
            "notes": m.notes,
            "agenda": [a.text for a in m.agenda.all()],
            "actions": [a.text for a in m.actions.all()],
        }
        for m in rows
    ]
