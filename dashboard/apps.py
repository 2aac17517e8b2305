from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The pages that compose the features, above them all: the dashboard (and the landing page
    a visitor sees at the same address)."""

    name = "dashboard"
