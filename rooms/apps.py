from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "rooms"

    def ready(self) -> None:
        from rooms import (
            activity,  # noqa: F401 - room messages count as a pair's activity
            listeners,  # noqa: F401 - a new mentorship gets its room
        )
