from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from menteo import demo


class Command(BaseCommand):
    help = "Load demo people and mentorships. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        # Said by the settings, not guessed from the scheme: an http SITE_URL can be public too.
        if not settings.DEBUG and not settings.ALLOW_HTTP_SITE_URL:
            # The demo's password is in the README and one demo account is a superuser.
            raise CommandError(
                "seed_demo refuses a public site (DEBUG off, not a local trial): its accounts "
                "share a published password and one is a superuser. Load it on a local trial "
                "(a plain http SITE_URL with ALLOW_HTTP_SITE_URL=true) or with DEBUG on."
            )
        people = demo.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(people)} people."))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/accounts/login/ with any of these "
            f"(password: {demo.DEMO_PASSWORD}):"
        )
        for user in people.values():
            role = "admin, also /admin/" if user.is_staff else user.headline
            self.stdout.write(f"  {user.email:<28} {user.name} ({role})")
