from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"

    def ready(self) -> None:
        from roadmaps import listeners  # noqa: F401 - a roadmap per mentorship, its snapshot
