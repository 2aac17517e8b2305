from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from meetings import (  # noqa: F401 - they register themselves
            activity,  # meetings count as activity for nudges and insights
            demo,  # the demo meetings, a part of seed_demo
            invitations,  # planned meetings in the calendar feed
            panels,  # the meetings' panel on the mentorship page
            personal_data,  # their part of the download
        )
