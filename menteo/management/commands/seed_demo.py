from django.core.management.base import BaseCommand

from menteo import demo


class Command(BaseCommand):
    help = "Load demo people and mentorships. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        people = demo.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(people)} people."))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/accounts/login/ with any of these "
            f"(password: {demo.DEMO_PASSWORD}):"
        )
        for user in people.values():
            role = "admin, also /admin/" if user.is_staff else user.headline
            self.stdout.write(f"  {user.email:<28} {user.name} ({role})")
