from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        from notifications import (  # noqa: F401 - they register themselves
            attachments,  # the .ics of meeting invitations
            demo,  # the demo's notices, dated in its story
            notices,  # who hears what
            personal_data,  # its part of the download and of the erase
        )
