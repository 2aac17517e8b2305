from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = "Run every reminder sweep once now and deliver what is pending (no Redis needed)."

    def handle(self, *args, **options):
        for kind, count in services.sweep_all().items():
            self.stdout.write(f"{kind}: {count} due")
        self.stdout.write(f"sent: {services.deliver_pending()}")
