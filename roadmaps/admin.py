from django.contrib import admin

from roadmaps.models import Milestone, Roadmap


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["order", "title", "due_date", "status", "goal"]
    raw_id_fields = ["goal"]


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "mentorship", "updated_at"]
    search_fields = ["title", "mentorship__focus"]
    raw_id_fields = ["mentorship"]
    inlines = [MilestoneInline]
