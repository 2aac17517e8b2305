from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"

    def ready(self) -> None:
        from roadmaps import panels  # noqa: F401 - the roadmap's panel on the mentorship page
