"""The notifications' part of a person's data (see accounts/personal_data.py): their
notifications in the download; on erasure, their notifications and email opt-outs go."""

from accounts import personal_data
from accounts.models import User
from accounts.personal_data import isoformat
from notifications.models import EmailOptOut, Notification


@personal_data.section("notifications")
def notifications(user: User) -> list[dict]:
    return [
        {"kind": n.kind, "subject": n.subject, "body": n.body, "when": isoformat(n.created_at)}
        for n in Notification.objects.filter(recipient=user)
    ]


@personal_data.eraser
def erase_notifications(user: User) -> None:
    Notification.objects.filter(recipient=user).delete()
    EmailOptOut.objects.filter(user=user).delete()
