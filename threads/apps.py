from django.apps import AppConfig


class ThreadsConfig(AppConfig):
    name = "threads"

    def ready(self) -> None:
        from threads import activity  # noqa: F401 - shared posts count as a pair's activity
