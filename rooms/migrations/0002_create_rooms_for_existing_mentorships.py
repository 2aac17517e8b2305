from django.db import migrations


def create_rooms(apps, schema_editor):
    """Every mentorship that predates rooms gets its room; running twice creates nothing."""
    Mentorship = apps.get_model("mentorships", "Mentorship")
    Room = apps.get_model("rooms", "Room")
    missing = Mentorship.objects.filter(room__isnull=True).values_list("pk", flat=True)
    Room.objects.bulk_create(
        [Room(mentorship_id=pk) for pk in missing.iterator()],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rooms", "0001_rooms_messages_read_markers"),
    ]

    operations = [
        migrations.RunPython(create_rooms, migrations.RunPython.noop),
    ]
