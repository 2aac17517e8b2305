from django.apps import AppConfig


class ThreadsConfig(AppConfig):
    name = "threads"

    def ready(self) -> None:
        from threads import (  # noqa: F401 - they register themselves
            activity,  # shared posts count as a pair's activity
            demo,  # the demo journals, a part of seed_demo
            panels,  # the thread's panel on the mentorship page
            personal_data,  # their part of the download and of the erase
        )
