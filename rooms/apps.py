from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "rooms"

    def ready(self) -> None:
        from rooms import activity  # noqa: F401 - room messages count as a pair's activity
