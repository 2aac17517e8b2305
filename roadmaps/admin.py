from django.contrib import admin
from django.db.models import Count

from roadmaps.models import (
    CalendarFeed,
    Milestone,
    MilestoneTemplate,
    Roadmap,
    RoadmapSnapshot,
    RoadmapTemplate,
)


class MilestoneTemplateInline(admin.TabularInline):
    model = MilestoneTemplate
    extra = 1
    fields = ["order", "title", "offset_weeks", "description"]
    ordering = ["order", "id"]


@admin.register(RoadmapTemplate)
class RoadmapTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "focus_area", "milestone_count", "is_published", "updated_at"]
    list_filter = ["focus_area", "is_published"]
    list_editable = ["is_published"]
    search_fields = ["title", "summary", "milestones__title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MilestoneTemplateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(milestone_total=Count("milestones"))

    @admin.display(description="milestones", ordering="milestone_total")
    def milestone_count(self, template):
        return template.milestone_total


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["order", "title", "due_date", "status", "done_at", "goal"]
    raw_id_fields = ["goal"]
    ordering = ["order", "id"]


class RoadmapSnapshotInline(admin.TabularInline):
    model = RoadmapSnapshot
    extra = 0
    fields = ["contract", "cycle", "created_at", "milestones"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "mentorship", "template", "start_date", "updated_at"]
    list_filter = ["template", "mentorship__stage"]
    search_fields = ["title", "mentorship__focus", "milestones__title"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "template"]
    raw_id_fields = ["mentorship"]
    inlines = [MilestoneInline, RoadmapSnapshotInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "roadmap", "status", "due_date", "done_at"]
    list_filter = ["status", "due_date"]
    search_fields = ["title", "roadmap__mentorship__focus"]
    list_select_related = ["roadmap"]
    raw_id_fields = ["roadmap", "goal"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__display_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["token"]
