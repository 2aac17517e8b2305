import zoneinfo

from django.utils import timezone


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(self._zone(request)):
            return self.get_response(request)

    @staticmethod
    def _zone(request) -> zoneinfo.ZoneInfo | None:
        """The person's zone; None (the site's zone) for visitors and unknown zone names."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        try:
            return zoneinfo.ZoneInfo(user.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
