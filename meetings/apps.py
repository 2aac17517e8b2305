from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from meetings import (  # noqa: F401 - they register themselves
            activity,  # meetings count as activity for nudges and insights
            invitations,  # the .ics attached to invitation emails
            panels,  # the meetings' panel on the mentorship page
        )
