from django.db import migrations


def add_curated_templates(apps, schema_editor):
    from roadmaps.curated import CURATED_TEMPLATES

    RoadmapTemplate = apps.get_model("roadmaps", "RoadmapTemplate")
    MilestoneTemplate = apps.get_model("roadmaps", "MilestoneTemplate")
    for entry in CURATED_TEMPLATES:
        template, created = RoadmapTemplate.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "title": entry["title"],
                "summary": entry["summary"],
                "focus_area": entry["focus_area"],
            },
        )
        if not created:
            continue  # an admin may have edited it since: never overwrite
        MilestoneTemplate.objects.bulk_create(
            MilestoneTemplate(
                template=template,
                order=order,
                offset_weeks=weeks,
                title=title,
                description=description,
            )
            for order, (weeks, title, description) in enumerate(entry["milestones"])
        )


def remove_curated_templates(apps, schema_editor):
    from roadmaps.curated import CURATED_TEMPLATES

    RoadmapTemplate = apps.get_model("roadmaps", "RoadmapTemplate")
    RoadmapTemplate.objects.filter(slug__in=[e["slug"] for e in CURATED_TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("roadmaps", "0002_templates_snapshots_calendar")]

    operations = [migrations.RunPython(add_curated_templates, remove_curated_templates)]
