from django.urls import path

from rooms import views

# Included first in menteo/urls.py, the poll first of all: it is the most frequent request
# (every open room, every few seconds).
urlpatterns = [
    path("mentorships/<uuid:pk>/room/poll/", views.room_poll, name="room_poll"),
    path("mentorships/<uuid:pk>/room/", views.room_detail, name="room_detail"),
    path("mentorships/<uuid:pk>/room/read/", views.room_mark_read, name="room_mark_read"),
    path("mentorships/<uuid:pk>/room/messages/", views.message_post, name="message_post"),
    path(
        "mentorships/<uuid:pk>/room/messages/<int:message_id>/edit/",
        views.message_edit,
        name="message_edit",
    ),
    path(
        "mentorships/<uuid:pk>/room/messages/<int:message_id>/delete/",
        views.message_delete,
        name="message_delete",
    ),
    path("mentorships/<uuid:pk>/room/search/", views.room_search, name="room_search"),
]
