from django.apps import AppConfig


class MenteoConfig(AppConfig):
    name = "menteo"
    verbose_name = "Menteo"

    def ready(self):
        from django.core.signals import request_finished

        from menteo import checks, converters  # noqa: F401 (checks register on import)
        from menteo.request_id import forget_request_id

        converters.register()  # before any URLconf is read
        request_finished.connect(forget_request_id, dispatch_uid="menteo.forget_request_id")
