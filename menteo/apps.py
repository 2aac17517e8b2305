from django.apps import AppConfig


class MenteoConfig(AppConfig):
    name = "menteo"
    verbose_name = "Menteo"

    def ready(self):
        from menteo import checks, converters  # noqa: F401 (checks register on import)

        converters.register()  # before any URLconf is read
