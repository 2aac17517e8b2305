from django.urls import path

from roadmaps import views

milestone = "mentorships/<uuid:pk>/roadmap/milestones/<int:milestone_id>"

urlpatterns = [
    path("roadmaps/templates/", views.template_library, name="roadmap_template_library"),
    path("roadmaps/templates/<slug:slug>/", views.template_detail, name="roadmap_template_detail"),
    path("roadmaps/calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<name:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("mentorships/<uuid:pk>/roadmap/", views.roadmap_detail, name="roadmap_detail"),
    path(
        "mentorships/<uuid:pk>/roadmap/template/",
        views.roadmap_apply_template,
        name="roadmap_apply_template",
    ),
    path("mentorships/<uuid:pk>/roadmap/milestones/", views.milestone_add, name="milestone_add"),
    path(f"{milestone}/edit/", views.milestone_edit, name="milestone_edit"),
    path(f"{milestone}/delete/", views.milestone_delete, name="milestone_delete"),
    path(f"{milestone}/status/", views.milestone_status, name="milestone_status"),
    path(f"{milestone}/move/", views.milestone_move, name="milestone_move"),
]
