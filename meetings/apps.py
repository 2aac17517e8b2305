from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from meetings import activity  # noqa: F401 - meetings count as activity
