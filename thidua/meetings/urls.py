from django.urls import path

from thidua.meetings import views

app_name = "meetings"

urlpatterns = [
    path("cycle/<int:cycle_pk>/", views.meeting_list, name="meeting_list"),
    path("cycle/<int:cycle_pk>/new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/speakers/add/", views.speaker_add, name="speaker_add"),
    path(
        "<int:pk>/speakers/<int:speaker_pk>/remove/",
        views.speaker_remove,
        name="speaker_remove",
    ),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("cycle/<int:cycle_pk>/registrations/", views.registration_list, name="registration_list"),
    path(
        "cycle/<int:cycle_pk>/registrations.xlsx",
        views.registration_xlsx,
        name="registration_xlsx",
    ),
    path(
        "cycle/<int:cycle_pk>/registrations/mine/",
        views.registration_edit,
        name="registration_edit",
    ),
    path(
        "cycle/<int:cycle_pk>/registrations/close/",
        views.registration_close,
        name="registration_close",
    ),
]
