from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People"

    def ready(self) -> None:
        from accounts import (  # noqa: F401 - they register themselves
            demo,  # the demo people, the first part of seed_demo
            personal_data,  # the profile, the first section of the download
            receivers,
        )
