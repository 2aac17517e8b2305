from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "rooms"

    def ready(self) -> None:
        from rooms import (  # noqa: F401 - they register themselves
            activity,  # room messages count as a pair's activity
            panels,  # the room's panel on the mentorship page
        )
