from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"

    def ready(self) -> None:
        from roadmaps import demo  # noqa: F401 - the demo roadmaps, a part of seed_demo
