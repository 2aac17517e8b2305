from django.urls import path

from mentorships import views

urlpatterns = [
    path("mentors/", views.mentor_directory, name="mentor_directory"),
    path("mentors/<name:username>/", views.mentor_profile, name="mentor_profile"),
    path("profile/mentor/", views.mentor_profile_edit, name="mentor_profile_edit"),
    path("requests/<uuid:pk>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<uuid:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<uuid:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("mentorships/<uuid:pk>/", views.mentorship_detail, name="mentorship_detail"),
    path(
        "mentorships/<uuid:pk>/transition/",
        views.mentorship_transition,
        name="mentorship_transition",
    ),
    path("mentorships/<uuid:pk>/end/", views.mentorship_end, name="mentorship_end"),
    path("mentorships/<uuid:pk>/contract/", views.contract_edit, name="contract_edit"),
    path("mentorships/<uuid:pk>/contract/agree/", views.contract_agree, name="contract_agree"),
    path(
        "mentorships/<uuid:pk>/contract/<int:cycle>/v<int:version>/",
        views.contract_version,
        name="contract_version",
    ),
    path(
        "mentorships/<uuid:pk>/goals/<int:goal_id>/status/",
        views.goal_status,
        name="goal_status",
    ),
    path("mentorships/<uuid:pk>/review/", views.separation_review, name="separation_review"),
    path("mentorships/<uuid:pk>/pause/", views.mentorship_pause, name="mentorship_pause"),
    path("mentorships/<uuid:pk>/resume/", views.mentorship_resume, name="mentorship_resume"),
    path("mentorships/<uuid:pk>/relationship/", views.relationship_edit, name="relationship_edit"),
    path("mentorships/<uuid:pk>/feedback/", views.exit_feedback, name="exit_feedback"),
]
