from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorships"

    def ready(self) -> None:
        from mentorships import (  # noqa: F401 - they register themselves
            demo,  # the demo pairs, parts of seed_demo
            listeners,  # the activity clock moves on the features' signs of life
            personal_data,  # their part of the download and of the erase
        )
