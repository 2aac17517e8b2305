import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from mentorships.insights import insights_csv_rows, program_insights
from mentorships.models import (
    Contract,
    ExitFeedback,
    Expertise,
    Goal,
    GoalAcknowledgement,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    StageTransition,
)


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "capacity", "is_accepting", "updated_at"]
    list_filter = ["is_accepting", "expertise"]
    search_fields = ["user__email", "user__display_name", "expertise__name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["expertise"]


@admin.register(MentorshipRequest)
class MentorshipRequestAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "focus", "focus_area", "status", "created_at"]
    list_filter = ["status", "focus_area", "created_at"]
    search_fields = [
        "mentee__email",
        "mentee__display_name",
        "mentor__email",
        "mentor__display_name",
        "focus",
    ]
    list_select_related = ["mentee", "mentor"]
    raw_id_fields = ["mentee", "mentor", "mentorship"]
    date_hierarchy = "created_at"


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = [
        "cycle",
        "order",
        "title",
        "success_criterion",
        "target_date",
        "status",
        "achieved_at",
    ]
    readonly_fields = ["achieved_at"]


class ContractInline(admin.TabularInline):
    model = Contract
    extra = 0
    fields = [
        "cycle",
        "version",
        "meeting_cadence",
        "review_date",
        "mentor_agreed_at",
        "mentee_agreed_at",
        "created_at",
    ]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class StageTransitionInline(admin.TabularInline):
    model = StageTransition
    extra = 0
    fields = ["created_at", "from_stage", "to_stage", "cycle", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


AT_RISK_SHOWN = 100  # on the page; the CSV has them all


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = [
        "focus",
        "mentor",
        "mentee",
        "stage",
        "cycle",
        "started_at",
        "stage_changed_at",
        "ended_at",
    ]
    list_filter = [
        "stage",
        ("ended_at", admin.EmptyFieldListFilter),
        ("paused_at", admin.EmptyFieldListFilter),
        "started_at",
        "stage_changed_at",
        "focus_area",
    ]
    search_fields = [
        "focus",
        "mentor__email",
        "mentor__display_name",
        "mentee__email",
        "mentee__display_name",
    ]
    list_select_related = ["mentor", "mentee"]
    raw_id_fields = ["mentor", "mentee", "ended_by", "current_contract"]
    # Stage changes go through the lifecycle service (with its rules and history), not here;
    # the last activity is kept by the services that create it.
    readonly_fields = [
        "stage",
        "cycle",
        "stage_changed_at",
        "last_activity_at",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "started_at"
    inlines = [GoalInline, ContractInline, StageTransitionInline]

    def has_add_permission(self, request):
        # A mentorship starts when a mentor accepts a request: with its contract, room and
        # first history row, which a bare admin form would not make.
        return False

    def get_urls(self):
        insights = self.admin_site.admin_view(self.insights_view)
        return [
            path("insights/", insights, name="mentorships_insights"),
            *super().get_urls(),
        ]

    def insights_view(self, request):
        """Program insights for staff: stages, time in stage, outcomes, at-risk pairs."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        csv_wanted = request.GET.get("format") == "csv"
        insights = program_insights(at_risk_limit=None if csv_wanted else AT_RISK_SHOWN)
        if csv_wanted:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            filename = f"menteo-insights-{timezone.localdate():%Y-%m-%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            csv.writer(response).writerows(insights_csv_rows(insights))
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": "Program insights",
            "opts": self.model._meta,
            "insights": insights,
        }
        return TemplateResponse(request, "admin/mentorships/insights.html", context)


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "mentorship",
        "cycle",
        "version",
        "review_date",
        "mentor_agreed_at",
        "mentee_agreed_at",
    ]
    list_filter = ["meeting_cadence", "review_date"]
    search_fields = ["mentorship__focus", "mentorship__mentor__email", "mentorship__mentee__email"]
    list_select_related = ["mentorship"]
    raw_id_fields = ["mentorship", "created_by"]


@admin.register(GoalAcknowledgement)
class GoalAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["goal", "user", "outcome", "created_at"]
    list_filter = ["outcome"]
    search_fields = ["goal__title", "user__email"]
    list_select_related = ["goal", "user"]
    raw_id_fields = ["goal", "user"]


@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "from_stage", "to_stage", "cycle", "by", "created_at"]
    list_filter = ["to_stage", "from_stage", "created_at"]
    search_fields = ["mentorship__focus", "by__email", "note"]
    list_select_related = ["mentorship", "by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExitFeedback)
class ExitFeedbackAdmin(admin.ModelAdmin):
    """Private to its author and the program admins; read-only here."""

    list_display = [
        "mentorship",
        "author",
        "author_role",
        "occasion",
        "relationship_rating",
        "progress_rating",
        "would_recommend",
        "created_at",
    ]
    list_filter = ["author_role", "occasion", "would_recommend", "relationship_rating"]
    search_fields = ["mentorship__focus", "author__email", "what_worked", "what_to_change"]
    list_select_related = ["mentorship", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
