from django.urls import include, path

from rooms import views

# Every room address under one prefix, matched first in menteo/urls.py: the poll is the most
# frequent request of all (every open room, every few seconds), and any other address costs
# one failed prefix match here.
urlpatterns = [
    path(
        "mentorships/<uuid:pk>/room/",
        include(
            [
                path("poll/", views.room_poll, name="room_poll"),
                path("", views.room_detail, name="room_detail"),
                path("read/", views.room_mark_read, name="room_mark_read"),
                path("messages/", views.message_post, name="message_post"),
                path("messages/<int:message_id>/edit/", views.message_edit, name="message_edit"),
                path(
                    "messages/<int:message_id>/delete/",
                    views.message_delete,
                    name="message_delete",
                ),
                path("search/", views.room_search, name="room_search"),
            ]
        ),
    ),
]
