"""Notifications, one module per seam: `sweeps` (when reminders and nudges are due), `outbox`
(rows written with the change that caused them), `delivery` (sending them, unsubscribe links),
`preferences` (people's choices, the bell's read marks). What each event tells whom is in
`notifications/notices.py`."""

from notifications.services.delivery import (
    build_email,
    deliver_pending,
    read_unsubscribe_token,
    register_attachment,
    resend,
    unsubscribe_token,
    unsubscribe_url,
)
from notifications.services.outbox import Due, record
from notifications.services.preferences import mark_read, opt_out, set_email_preferences
from notifications.services.sweeps import (
    local_now,
    morning_reached,
    path_of,
    sweep,
    sweep_all,
    unread_digests,
)

__all__ = [
    "Due",
    "build_email",
    "deliver_pending",
    "local_now",
    "mark_read",
    "morning_reached",
    "opt_out",
    "path_of",
    "read_unsubscribe_token",
    "record",
    "register_attachment",
    "resend",
    "set_email_preferences",
    "sweep",
    "sweep_all",
    "unread_digests",
    "unsubscribe_token",
    "unsubscribe_url",
]
