from django.contrib import admin
from django.urls import include, path

from menteo import views

admin.site.site_header = "Menteo administration"
admin.site.site_title = "Menteo admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("mentorships.urls")),
    path("", include("notifications.urls")),
    path("", include("roadmaps.urls")),
    path("", include("rooms.urls")),
    path("", include("threads.urls")),
    path("", include("meetings.urls")),
]
