from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorships"

    def ready(self) -> None:
        from mentorships import listeners  # noqa: F401 - the activity clock
