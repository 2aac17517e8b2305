from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "rooms"

    def ready(self) -> None:
        from rooms import (  # noqa: F401 - they register themselves
            activity,  # room messages count as a pair's activity
            demo,  # the demo conversations, a part of seed_demo
            listeners,  # a new mentorship gets its room
            panels,  # the room's panel on the mentorship page
            personal_data,  # their part of the download
        )
