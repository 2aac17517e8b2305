"""Handles that repeat the email's local part (allauth's default, "riley.journey" for
riley.journey@…) become random ones: the public address must not tell the email address.
The old addresses do not redirect."""

from django.db import migrations

from accounts.usernames import derives_from_email, unique_random_username


def replace_email_handles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("username", flat=True))
    for user in User.objects.only("pk", "username", "email").iterator():
        if not derives_from_email(user.username, user.email):
            continue
        username = unique_random_username(lambda name: name in taken)
        taken.add(username)
        User.objects.filter(pk=user.pk).update(username=username)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(replace_email_handles, migrations.RunPython.noop)]
