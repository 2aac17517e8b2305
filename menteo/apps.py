from django.apps import AppConfig


class MenteoConfig(AppConfig):
    name = "menteo"
    verbose_name = "Menteo"

    def ready(self):
        from menteo import converters

        converters.register()  # before any URLconf is read
