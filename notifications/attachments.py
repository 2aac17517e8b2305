"""Files attached to notification emails."""

from meetings.invitations import meeting_calendar
from meetings.models import Meeting
from notifications.models import Kind, Notification
from notifications.notices import occasion_key
from notifications.services.delivery import Attachment, register_attachment


@register_attachment(Kind.MEETING_INVITE)
def meeting_invitation(notification: Notification) -> Attachment | None:
    """The occasion is meeting:<id>:<sequence>; the email carries the meeting as it is now, as
    a request (or a cancellation) that calendar apps show with their answer buttons."""
    meeting_id = occasion_key(notification.occasion)
    meeting = (
        Meeting.objects.select_related("mentorship__mentor", "mentorship__mentee", "created_by")
        .prefetch_related("agenda")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return None
    method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    return (
        "invite.ics",
        meeting_calendar(meeting, invitation=True),
        f'text/calendar; charset="utf-8"; method={method}',
    )
