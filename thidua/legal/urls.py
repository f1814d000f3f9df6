from django.urls import path

from thidua.legal import views

app_name = "legal"

urlpatterns = [
    path("", views.instrument_list, name="instrument_list"),
    path("new/", views.instrument_create, name="instrument_create"),
    path("<int:pk>/edit/", views.instrument_edit, name="instrument_edit"),
    path("<int:pk>/end/", views.instrument_end, name="instrument_end"),
    path("forms/<int:pk>/edit/", views.form_edit, name="form_edit"),
]
