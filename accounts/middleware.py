import zoneinfo

from django.utils import timezone

from accounts.models import User


def user_zone(user: User) -> zoneinfo.ZoneInfo | None:
    """The person's zone; None (the site's zone) for visitors and unknown zone names."""
    if not user.is_authenticated:
        return None
    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def without_user_timezone(view):
    """Mark a view that must not load the signed-in person just for their time zone (the room
    poll answers "nothing new" without the session); it activates the zone itself if it
    renders times."""
    view.without_user_timezone = True
    return view


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(None):  # whatever process_view activates ends with the request
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "without_user_timezone", False):
            return None
        user = getattr(request, "user", None)
        zone = user_zone(user) if user is not None else None
        if zone is not None:
            timezone.activate(zone)
        return None
