from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorships"
