from django.db import migrations


def add_curated_templates(apps, schema_editor):
    from roadmaps.curated import install_curated_templates

    install_curated_templates(
        apps.get_model("roadmaps", "RoadmapTemplate"),
        apps.get_model("roadmaps", "MilestoneTemplate"),
    )


def remove_curated_templates(apps, schema_editor):
    from roadmaps.curated import CURATED_TEMPLATES

    RoadmapTemplate = apps.get_model("roadmaps", "RoadmapTemplate")
    RoadmapTemplate.objects.filter(slug__in=[e["slug"] for e in CURATED_TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("roadmaps", "0002_templates_snapshots_calendar")]

    operations = [migrations.RunPython(add_curated_templates, remove_curated_templates)]
