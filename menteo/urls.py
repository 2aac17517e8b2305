from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Menteo administration"
admin.site.site_title = "Menteo admin"
# Staff sign in through allauth like everyone else: its rate limits and two-factor apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("dashboard.urls")),
    path("", include("rooms.urls")),  # first: the room poll is the most frequent request
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("mentorships.urls")),
    path("", include("notifications.urls")),
    path("", include("roadmaps.urls")),
    path("", include("threads.urls")),
    path("", include("meetings.urls")),
]
