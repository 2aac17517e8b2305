from django.urls import path

from meetings import views

urlpatterns = [
    path("mentorships/<uuid:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<uuid:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path(
        "meetings/<uuid:pk>/agenda/<int:item_pk>/remove/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path("meetings/<uuid:pk>/notes/", views.meeting_notes, name="meeting_notes"),
    path("meetings/<uuid:pk>/actions/", views.action_add, name="action_add"),
    path(
        "meetings/<uuid:pk>/actions/<int:action_pk>/milestone/",
        views.action_to_milestone,
        name="action_to_milestone",
    ),
    path("meetings/<uuid:pk>/invite.ics", views.meeting_ics, name="meeting_ics"),
]
