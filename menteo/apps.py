from django.apps import AppConfig


class MenteoConfig(AppConfig):
    name = "menteo"
    verbose_name = "Menteo"
