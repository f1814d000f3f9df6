from django.urls import path

from thidua.voting import views

app_name = "voting"

urlpatterns = [
    path("cycle/<int:cycle_pk>/", views.cycle_ballots, name="cycle"),
    path("cycle/<int:cycle_pk>/prepare/", views.prepare, name="prepare"),
    path("cycle/<int:cycle_pk>/prepare-all/", views.prepare_all, name="prepare_all"),
    path("cycle/<int:cycle_pk>/elect/", views.elect, name="elect"),
    path("session/<int:pk>/", views.session_detail, name="session"),
    path("session/<int:pk>/open/", views.session_open, name="open"),
    path("session/<int:pk>/close/", views.session_close, name="close"),
    path("session/<int:pk>/hold-again/", views.session_hold_again, name="hold_again"),
    path("session/<int:pk>/runoff/", views.session_runoff, name="runoff"),
    path("session/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("session/<int:pk>/bulletin/", views.bulletin, name="bulletin"),
    path("session/<int:pk>/paper/", views.paper, name="paper"),
]
urlpatterns += [
    path("cycle/<int:cycle_pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("cycle/<int:cycle_pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
