from django.urls import path

from threads import views
from threads.feeds import PublicPostsFeed

urlpatterns = [
    path("threads/", views.public_feed, name="public_feed"),
    path("threads/journal/", views.journal, name="journal"),
    path("threads/journal/new/", views.journal_post_create, name="journal_post_create"),
    path("threads/preview/", views.post_preview, name="post_preview"),
    path("threads/posts/<uuid:post_id>/", views.post_detail, name="post_detail"),
    path("threads/posts/<uuid:post_id>/edit/", views.post_edit, name="post_edit"),
    path("threads/posts/<uuid:post_id>/delete/", views.post_delete, name="post_delete"),
    path("threads/posts/<uuid:post_id>/comments/", views.comment_create, name="comment_create"),
    path("u/<name:username>/", views.public_profile, name="public_profile"),
    path("u/<name:username>/feed/", PublicPostsFeed(), name="public_profile_feed"),
    path("mentorships/<uuid:pk>/thread/", views.mentorship_thread, name="mentorship_thread"),
    path("mentorships/<uuid:pk>/thread/new/", views.post_create, name="post_create"),
    path("mentorships/<uuid:pk>/journey/", views.journey_record, name="journey_record"),
]
