from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorships"

    def ready(self) -> None:
        from mentorships import demo  # noqa: F401 - the demo pairs, parts of seed_demo
