from django.contrib import admin

from meetings.models import ActionItem, AgendaItem, Meeting


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["author"]


class ActionInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner", "milestone"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "mentorship", "duration_minutes", "status"]
    list_filter = ["status", "starts_at"]
    date_hierarchy = "starts_at"
    search_fields = [
        "mentorship__focus",
        "mentorship__mentor__display_name",
        "mentorship__mentee__display_name",
    ]
    raw_id_fields = ["mentorship", "created_by"]
    list_select_related = ["mentorship"]
    inlines = [AgendaInline, ActionInline]
