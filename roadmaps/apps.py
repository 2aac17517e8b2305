from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"

    def ready(self) -> None:
        from roadmaps import (  # noqa: F401 - they register themselves
            demo,  # the demo roadmaps, a part of seed_demo
            listeners,  # a roadmap per mentorship, its agreed snapshot
            panels,  # the roadmap's panel on the mentorship page
            unfinished,  # milestones not done, when the pair moves to Separation
        )
