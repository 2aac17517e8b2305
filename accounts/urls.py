from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/data/", views.your_data, name="your_data"),
    path("profile/data/export/", views.data_export, name="data_export"),
]
